"""The end-to-end test's box: one `do-emulator --backend docker` for the module, and site.yml / teardown.yml run
with ansible-playbook the way a user runs them (the Makefile's environment, the repository's inventory/)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from box_support import IMAGE, TOKEN, Box

ROOT = Path(__file__).resolve().parents[2]


class Site:
    def __init__(self, box, workdir):
        self.box = box
        self.key = str(workdir / "tide_ed25519")
        self.logs = workdir

    def playbook(self, name, log):
        # The Makefile's environment, also when pytest is started by hand from the venv.
        env = dict(os.environ, DIGITALOCEAN_API_URL=self.box.url, DIGITALOCEAN_TOKEN=TOKEN,
                   PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
        env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build" / "collections"))
        env.setdefault("ANSIBLE_CONFIG", str(ROOT / "ansible.cfg"))
        for variable in ("DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN"):
            env.pop(variable, None)
        done = subprocess.run(["ansible-playbook", "-i", "inventory/", "playbooks/%s" % name,
                               "-e", "tide_ssh_private_key=%s" % self.key],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False)
        (self.logs / log).write_text(done.stdout + done.stderr)
        assert done.returncode == 0, "%s failed (log: %s):\n%s" % (name, self.logs / log, done.stdout[-6000:])
        return done.stdout

    @staticmethod
    def recap(output):
        """{host: {"ok": n, "changed": n, ...}} from a PLAY RECAP."""
        hosts = {}
        for line in output.split("PLAY RECAP", 1)[1].splitlines()[1:]:
            if ":" in line:
                host, counts = line.split(":", 1)
                hosts[host.strip()] = {k: int(v) for k, v in (c.split("=") for c in counts.split())}
        return hosts


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, check=False).returncode != 0:
        pytest.fail("the droplet image %s is missing: run scripts/setup-docker.sh" % IMAGE)
    box = Box(prefix="e2e", action_seconds=0.5).start()
    try:
        yield Site(box, tmp_path_factory.mktemp("site"))
    finally:
        box.stop()
