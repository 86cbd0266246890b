"""Volumes in the box: a block device at /dev/disk/by-id/scsi-0DO_Volume_<name> that mkfs.ext4 and mount accept,
whose data survives detach/attach and a reboot (mounted again from fstab), and which grows on resize."""

import os

from box_support import REGION, loop_devices_of

DEVICE = "/dev/disk/by-id/scsi-0DO_Volume_box-data"
MOUNT = "/mnt/box-data"
FSTAB = "%s %s ext4 defaults,nofail,discard,noatime 0 2" % (DEVICE, MOUNT)


def volume_action(box, volume_id, kind, **fields):
    return box.api("POST", "/v2/volumes/%s/actions" % volume_id, {"type": kind, **fields}, expect=202)


def test_volume_is_a_block_device_whose_data_survives_detach_attach_and_reboot(box):
    droplet_id = box.create_droplet("box-vol")["id"]
    box.wait_booted(droplet_id)
    volume = box.api("POST", "/v2/volumes", {"name": "box-data", "region": REGION, "size_gigabytes": 1},
                     expect=201)["volume"]
    box_dir = box.describe()["box_dir"]
    assert loop_devices_of(box_dir) == []  # a loop device only while attached

    volume_action(box, volume["id"], "attach", droplet_id=droplet_id)
    assert len(loop_devices_of(box_dir)) == 1
    box.sh(droplet_id, "mkfs.ext4 -q %s && mkdir -p %s && mount -o defaults,nofail,discard,noatime %s %s && "
                       "echo kept > %s/proof && echo '%s' >> /etc/fstab" % (DEVICE, MOUNT, DEVICE, MOUNT, MOUNT, FSTAB))

    volume_action(box, volume["id"], "detach", droplet_id=droplet_id)
    assert box.sh(droplet_id, "test -e %s" % DEVICE, check=False).returncode != 0
    assert box.sh(droplet_id, "findmnt %s" % MOUNT, check=False).returncode != 0
    assert loop_devices_of(box_dir) == []

    volume_action(box, volume["id"], "attach", droplet_id=droplet_id)
    box.sh(droplet_id, "mount %s" % MOUNT)
    assert box.sh(droplet_id, "cat %s/proof" % MOUNT).stdout.strip() == "kept"

    box.action(droplet_id, "reboot")
    box.wait_booted(droplet_id)
    assert box.sh(droplet_id, "findmnt -n -o SOURCE %s" % MOUNT).stdout.strip() == DEVICE
    assert box.sh(droplet_id, "cat %s/proof" % MOUNT).stdout.strip() == "kept"


def test_resize_grows_the_device(box):
    droplet_id = box.create_droplet("box-grow")["id"]
    volume = box.api("POST", "/v2/volumes", {"name": "box-data", "region": REGION, "size_gigabytes": 1},
                     expect=201)["volume"]
    volume_action(box, volume["id"], "attach", droplet_id=droplet_id)
    assert box.sh(droplet_id, "blockdev --getsize64 %s" % DEVICE).stdout.strip() == str(2 ** 30)
    volume_action(box, volume["id"], "resize", size_gigabytes=3)
    assert box.sh(droplet_id, "blockdev --getsize64 %s" % DEVICE).stdout.strip() == str(3 * 2 ** 30)


def test_deleting_the_droplet_and_the_volume_removes_loop_device_and_file(box):
    droplet_id = box.create_droplet("box-vol-gone")["id"]
    volume = box.api("POST", "/v2/volumes", {"name": "box-data", "region": REGION, "size_gigabytes": 1},
                     expect=201)["volume"]
    volume_action(box, volume["id"], "attach", droplet_id=droplet_id)
    box_dir = box.describe()["box_dir"]
    box.api("DELETE", "/v2/droplets/%d" % droplet_id, expect=204)
    assert loop_devices_of(box_dir) == []
    box.api("DELETE", "/v2/volumes/%s" % volume["id"], expect=204)
    assert os.listdir(os.path.join(box_dir, "volumes")) == []
