"""Block storage volumes as sparse files on the host, presented to a droplet through a loop device.

A volume's file is `<box dir>/volumes/<volume id>.img`, grown (never shrunk) to the volume's size. While the volume
is attached, a loop device serves the file and the droplet holds a block node for it at
/dev/disk/by-id/scsi-0DO_Volume_<name> (major 7, the loop device's minor); its container is allowed loop devices by
a device cgroup rule. /dev in a container is a tmpfs, so the node is made again after every start. Loop devices are
host-wide: they are detached when the volume is detached, deleted, or the box is reset.
"""

import json
import os

from .host_commands import docker, run

LOOP_MAJOR = 7
GIB = 1024 ** 3


def node_path(volume_name):
    return "/dev/disk/by-id/scsi-0DO_Volume_%s" % volume_name


class LoopVolumes:
    def __init__(self, box_dir):
        self.dir = os.path.join(box_dir, "volumes")

    def path(self, volume_id):
        return os.path.join(self.dir, "%s.img" % volume_id)

    def files(self):
        """Volume ids that have a file."""
        if not os.path.isdir(self.dir):
            return set()
        return {name[:-4] for name in os.listdir(self.dir) if name.endswith(".img")}

    def ensure_file(self, volume_id, size_gib):
        """Creates the sparse file, or grows it; True if it grew (a loop device serving it must be told)."""
        os.makedirs(self.dir, exist_ok=True)
        path = self.path(volume_id)
        size = size_gib * GIB
        existed = os.path.exists(path)
        if existed and os.path.getsize(path) >= size:
            return False
        with open(path, "ab") as f:
            f.truncate(size)
        return existed

    def remove_file(self, volume_id):
        try:
            os.remove(self.path(volume_id))
        except FileNotFoundError:
            pass

    def loops(self):
        """{volume id: /dev/loopN} for the loop devices that serve one of this box's files."""
        out = run(["losetup", "--list", "--json", "--output", "NAME,BACK-FILE"])
        found = {}
        for device in json.loads(out or '{"loopdevices": []}').get("loopdevices", []):
            back = (device.get("back-file") or "").replace(" (deleted)", "")
            if os.path.dirname(back) == self.dir and back.endswith(".img"):
                found[os.path.basename(back)[:-4]] = device["name"]
        return found

    def attach_loop(self, volume_id):
        return run(["losetup", "--find", "--show", self.path(volume_id)]).strip()

    @staticmethod
    def refresh_capacity(loop):
        run(["losetup", "--set-capacity", loop])

    @staticmethod
    def detach_loop(loop):
        run(["losetup", "--detach", loop], check=False)

    @staticmethod
    def minor(loop):
        return os.minor(os.stat(loop).st_rdev)

    @staticmethod
    def make_nodes(container, nodes, mount_all=False):
        """Block nodes {volume name: loop minor} inside a running container; then `mount -a` after a boot, so that
        fstab entries (nofail) of attached volumes are mounted as a droplet's boot would."""
        steps = ["set -e", "mkdir -p /dev/disk/by-id"]
        for name, minor in sorted(nodes.items()):
            path = node_path(name)
            steps.append("rm -f %s; mknod %s b %d %d" % (path, path, LOOP_MAJOR, minor))
        if mount_all:
            steps.append("mount -a >/dev/null 2>&1 || true")
        docker("exec", container, "sh", "-c", "; ".join(steps))

    @staticmethod
    def remove_node(container, volume_name):
        """Unmounts whatever uses the volume inside the droplet (lazily, as a yanked disk) and removes its node."""
        path = node_path(volume_name)
        script = ("for m in $(findmnt -rn -S %s -o TARGET); do umount -l \"$m\"; done; rm -f %s" % (path, path))
        docker("exec", container, "sh", "-c", script, check=False)
