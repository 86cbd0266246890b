"""What the box makes carries its instance's label: a reset removes exactly that, a box kept in a state file is
found again after a restart, and a box in memory is removed when the emulator stops."""

import os

from box_support import REGION, Box, docker, loop_devices_of


def test_reset_removes_exactly_what_the_box_made(box):
    stranger = "%s-stranger" % box.container(0)  # named like the box's containers, but without its label
    docker("run", "-d", "--name", stranger, "--network", "none", "tide-droplet:latest", "sleep", "600")
    try:
        droplet_id = box.create_droplet("box-reset")["id"]
        volume = box.api("POST", "/v2/volumes", {"name": "box-reset", "region": REGION, "size_gigabytes": 1},
                         expect=201)["volume"]
        box.api("POST", "/v2/volumes/%s/actions" % volume["id"], {"type": "attach", "droplet_id": droplet_id},
                expect=202)
        box_dir = box.describe()["box_dir"]
        assert box.leftovers() and loop_devices_of(box_dir)
        box.reset()
        assert box.leftovers() == []
        assert loop_devices_of(box_dir) == []
        assert os.listdir(os.path.join(box_dir, "volumes")) == []
        assert docker("inspect", "-f", "{{.State.Running}}", stranger).stdout.strip() == "true"
    finally:
        docker("rm", "-f", stranger, check=False)


def test_a_box_with_a_state_file_is_found_again_after_a_restart(state_file):
    first = Box(prefix="bs", state=state_file).start()
    try:
        droplet_id = first.create_droplet("box-kept")["id"]
        container_id = first.inspect(droplet_id)["Id"]
        first.stop()
        assert first.inspect(droplet_id)["State"]["Running"]  # the box outlives a process that keeps state

        second = Box(state=state_file, instance=first.instance).start()
        assert second.inspect(droplet_id)["Id"] == container_id
        assert second.droplet(droplet_id)["status"] == "active"
        second.reset()
        second.stop()
        assert second.leftovers() == []
    finally:
        first.stop()
        docker("rm", "-f", first.container(droplet_id), check=False)
