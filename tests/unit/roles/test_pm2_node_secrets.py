"""pm2_node's checks of pm2_node_apps never print an app's environment, which may hold secrets (site.yml hands the
app its database URL with the password): its validation tasks run at -vvv on the controller and the output is
searched for the secret."""

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SECRET = "pm2-secret-%d" % os.getpid()
PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Only the role's validation (argument spec and its own checks), nothing installed
      ansible.builtin.include_role:
        name: tide.digitalocean.pm2_node
        tasks_from: validate
      vars:
        pm2_node_apps:
          - name: sample-app
            script: /opt/app/server.js
            env:
              DATABASE_URL: "postgresql://app:%s@10.0.0.4:25061/app-pool"
"""


def test_the_app_environment_stays_out_of_verbose_output(tmp_path):
    play = tmp_path / "play.yml"
    play.write_text(PLAY % SECRET)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, ".build", "collections"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(["ansible-playbook", "-vvv", str(play)], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert "Each app is well formed" in output and "sample-app" in output  # the check ran on that app
    assert SECRET not in output
