"""tide-cloud-init, the first boot of the droplet image, run on this machine against a temporary root.

The script (scripts/droplet-image/tide_cloud_init.py, /usr/local/sbin/tide-cloud-init in the image) is imported
as it is. Commands are run for real only where they are harmless (`echo` in a runcmd written to the temporary
root); apt-get is replaced by a recording runner. No docker needed.
"""

import base64
import gzip
import importlib.util
import io
import json
import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "scripts", "droplet-image", "tide_cloud_init.py")


def _load():
    spec = importlib.util.spec_from_file_location("tide_cloud_init", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["tide_cloud_init"] = module
    sys.dont_write_bytecode, before = True, sys.dont_write_bytecode
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = before
    return module


tci = _load()


class Recorder:
    """A runner that runs nothing: records argv and answers with the exit code set for a command."""

    def __init__(self, codes=None):
        self.calls = []
        self.codes = codes or {}

    def run(self, argv, env=None):
        self.calls.append((list(argv), dict(env or {})))
        return next((code for word, code in self.codes.items() if word in argv), 0)


@pytest.fixture
def root(tmp_path):
    """A droplet tree whose root user and group are whoever runs the tests (so chown works unprivileged)."""
    etc = tmp_path / "etc"
    etc.mkdir()
    uid, gid = os.getuid(), os.getgid()
    (etc / "passwd").write_text("root:x:%d:%d:root:/root:/bin/bash\nwww-data:x:%d:%d::/var/www:/usr/sbin/nologin\n"
                                % (uid, gid, uid, gid))
    (etc / "group").write_text("root:x:%d:\nwww-data:x:%d:\n" % (gid, gid))
    return tmp_path


def user_data(root, text):
    path = root / "var/lib/tide-cloud/user-data"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


def final(root, runner=None):
    paths = tci.Paths(str(root))
    log = tci.Log(paths.output_log, echo=False)
    return tci.run_final(paths, runner or tci.Runner(log), log)


def output(root):
    return (root / "var/log/cloud-init-output.log").read_text()


def plan(text):
    return tci.plan_user_data(text.encode())


def kinds(steps):
    return [(s.kind, s.module) for s in steps]


# -- what kind of user data ---------------------------------------------------------------------------------------
def test_a_script_is_run_as_written():
    steps = plan("#!/bin/bash\necho hi\n")
    assert kinds(steps) == [("script", "scripts_user")]
    assert steps[0].data == b"#!/bin/bash\necho hi\n"
    assert steps[0].path == "/var/lib/cloud/instance/scripts/part-001"


def test_cloud_config_header_is_found_after_blank_lines_and_in_any_case():
    assert tci.classify(b"\n#Cloud-Config\nruncmd: []\n")[0] == "cloud-config"


def test_gzipped_user_data_is_unpacked_first():
    text = "#cloud-config\nruncmd: [ls]\n"
    assert tci.classify(gzip.compress(text.encode())) == ("cloud-config", text)


@pytest.mark.parametrize("text", ["#cloud-config-archive\n- type: text/x-shellscript\n", "#include\nhttp://x\n",
                                  "Content-Type: multipart/mixed; boundary=x\n", "just some text\n"])
def test_other_kinds_of_user_data_are_skipped_not_failed(text):
    steps = plan(text)
    assert kinds(steps) == [("note", "init")]
    assert "skipped user data" in steps[0].text


def test_no_user_data_and_empty_user_data_do_nothing():
    assert kinds(tci.plan_user_data(None)) == kinds(plan("  \n")) == [("note", "init")]


@pytest.mark.parametrize("text, message", [("#cloud-config\nruncmd: [\n", "not valid YAML"),
                                           ("#cloud-config\n- a list\n", "not a mapping")])
def test_broken_cloud_config_is_an_error(text, message):
    steps = plan(text)
    assert steps[0].kind == "error" and message in steps[0].text


# -- cloud-config: what is run, in which order -------------------------------------------------------------------
FULL = """#cloud-config
runcmd:
  - echo last
write_files:
  - {path: /etc/late, content: x, defer: true}
  - {path: /etc/early, content: y}
packages: [nginx, [curl, "7.88.1-10"]]
package_upgrade: true
package_update: true
users: [default]
hostname: web-1
"""


def test_the_order_is_cloud_inits_whatever_the_order_of_the_keys():
    steps = plan(FULL)
    assert kinds(steps) == [
        ("note", "init"), ("note", "init"),
        ("files", "write_files"),
        ("run", "package_update_upgrade_install"),
        ("note", "package_update_upgrade_install"),
        ("run", "package_update_upgrade_install"),
        ("files", "write_files_deferred"),
        ("script", "runcmd"),
    ]
    assert [s.text for s in steps[:2]] == ["skipped unsupported cloud-config key: users",
                                           "skipped unsupported cloud-config key: hostname"]
    assert [f.path for f in steps[2].files] == ["/etc/early"]
    assert [f.path for f in steps[6].files] == ["/etc/late"]


def test_packages_are_installed_with_apt_get_noninteractively_after_an_update():
    steps = [s for s in plan(FULL) if s.kind == "run"]
    assert steps[0].argv[0] == "apt-get" and steps[0].argv[-1] == "update"
    assert steps[1].argv[-3:] == ["install", "nginx", "curl=7.88.1-10"]
    assert "--assume-yes" in steps[1].argv
    assert steps[1].env == {"DEBIAN_FRONTEND": "noninteractive"}


def test_package_upgrade_is_only_logged():
    notes = [s.text for s in plan("#cloud-config\npackage_upgrade: true\n") if s.kind == "note"]
    assert notes and "package_upgrade" in notes[0]


@pytest.mark.parametrize("text, runs", [
    ("#cloud-config\npackage_update: true\n", [["update"]]),
    ("#cloud-config\napt_update: yes\n", [["update"]]),  # the old name
    ("#cloud-config\npackage_update: 'false'\n", []),
    ("#cloud-config\npackages: [jq]\n", [["update"], ["install", "jq"]]),  # cloud-init refreshes before installing
    ("#cloud-config\nruncmd: [ls]\n", []),
])
def test_apt_get_runs_only_when_asked(text, runs):
    assert [s.argv[s.argv.index("--quiet") + 1:] for s in plan(text) if s.kind == "run"] == runs


def test_a_package_that_is_neither_name_nor_pair_is_an_error_and_nothing_is_installed():
    steps = plan("#cloud-config\npackages: [jq, {name: curl}]\n")
    assert [s.kind for s in steps] == ["error"]
    assert "cannot install" in steps[0].text


def test_runcmd_is_one_script_strings_as_written_lists_quoted():
    steps = plan("#cloud-config\nruncmd:\n  - cd /opt && echo $HOME\n  - [sh, -c, 'echo \"$1\"', x, 'a b']\n")
    assert steps[-1].path == "/var/lib/cloud/instance/scripts/runcmd"
    assert steps[-1].data.decode() == "#!/bin/sh\ncd /opt && echo $HOME\nsh -c 'echo \"$1\"' x 'a b'\n"


def test_a_runcmd_item_that_is_neither_string_nor_list_is_an_error():
    steps = plan("#cloud-config\nruncmd:\n  - {echo: hi}\n")
    assert [s.kind for s in steps] == ["error"]


# -- write_files --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, content", [
    (None, "hello\n"),
    ("text/plain", "hello\n"),
    ("b64", base64.b64encode(b"hello\n").decode()),
    ("base64", base64.b64encode(b"hello\n").decode()),
    ("gzip+base64", base64.b64encode(gzip.compress(b"hello\n")).decode()),
    ("gz+b64", base64.b64encode(gzip.compress(b"hello\n")).decode()),
])
def test_write_files_encodings(encoding, content):
    specs, errors, notes = tci.file_specs([{"path": "/f", "content": content, "encoding": encoding}])
    assert (specs[0].data, errors, notes) == (b"hello\n", [], [])


def test_an_unknown_encoding_is_plain_text_with_a_warning():
    specs, errors, notes = tci.file_specs([{"path": "/f", "content": "x", "encoding": "rot13"}])
    assert specs[0].data == b"x" and not errors and "unknown encoding" in notes[0]


def test_content_that_does_not_decode_is_an_error_and_the_file_is_not_written():
    specs, errors, _notes = tci.file_specs([{"path": "/f", "content": "not gzip", "encoding": "gzip"}])
    assert specs == [] and "cannot decode" in errors[0]


@pytest.mark.parametrize("yaml_value, mode", [
    ("'0600'", 0o600),  # a string: octal
    ("0600", 0o600),  # YAML 1.1 reads a leading 0 as octal already
    ("'755'", 0o755),
    ("'0o640'", 0o640),
    ("null", 0o644),
])
def test_permissions(yaml_value, mode):
    config, _errors = tci.parse_cloud_config("write_files:\n  - path: /f\n    permissions: %s\n" % yaml_value)
    specs, _errors, notes = tci.file_specs(config["write_files"])
    assert (specs[0].mode, notes) == (mode, [])


def test_bad_permissions_fall_back_to_0644_with_a_warning():
    specs, _errors, notes = tci.file_specs([{"path": "/f", "permissions": "rw-r--r--"}])
    assert specs[0].mode == 0o644 and "invalid permissions" in notes[0]


def test_entries_without_path_or_with_source_are_errors():
    entries = [{"content": "x"}, {"path": "/f", "source": {"uri": "http://x"}}, {"path": "/ok"}]
    specs, errors, _notes = tci.file_specs(entries)
    assert [s.path for s in specs] == ["/ok"]
    assert "needs a path" in errors[0] and "source" in errors[1]


def test_files_are_written_under_the_root_with_mode_owner_and_append(root):
    user_data(root, """#cloud-config
write_files:
  - path: /etc/app/secret
    content: "a=1\\n"
    permissions: '0600'
  - path: /etc/app/secret
    content: "b=2\\n"
    append: true
    permissions: '0640'
  - path: /var/www/index.html
    encoding: b64
    content: %s
    owner: www-data:www-data
  - path: /etc/setuid
    content: x
    permissions: '4755'
""" % base64.b64encode(b"<h1>hi</h1>").decode())
    assert final(root, Recorder()) == []
    secret = root / "etc/app/secret"
    assert secret.read_text() == "a=1\nb=2\n"
    assert oct(secret.stat().st_mode & 0o7777) == oct(0o640)
    assert (root / "var/www/index.html").read_bytes() == b"<h1>hi</h1>"
    assert (root / "var/www/index.html").stat().st_mode & 0o777 == 0o644
    assert (root / "etc/setuid").stat().st_mode & 0o7777 == 0o4755  # chown first, so chmod's setuid stays
    assert "wrote /etc/app/secret (0600 root:root)" in output(root)
    assert "appended to /etc/app/secret (0640 root:root)" in output(root)


def test_an_unknown_owner_is_an_error_and_the_other_files_are_still_written(root):
    user_data(root, "#cloud-config\nwrite_files:\n  - {path: /a, owner: 'nobody-here:root'}\n  - {path: /b}\n")
    errors = final(root, Recorder())
    assert len(errors) == 1 and "no user named 'nobody-here'" in errors[0]
    assert (root / "b").exists()


# -- a whole first boot -------------------------------------------------------------------------------------------
def test_first_boot_runs_the_user_data_and_records_it_like_cloud_init(root):
    user_data(root, "#cloud-config\nwrite_files:\n  - {path: /etc/motd, content: hi}\n"
                    "runcmd:\n  - cd /\n  - echo \"runcmd in $(pwd)\"\n  - [echo, 'two words']\n")
    assert final(root) == []  # the runcmd script really runs (echo only)
    log = output(root)
    assert "runcmd in /\ntwo words\n" in log
    assert log.startswith("Cloud-init v. 22.4.2 running 'modules:final'")
    assert "finished at" in log.splitlines()[-1]
    assert (root / "var/lib/cloud/instance/boot-finished").exists()
    assert json.loads((root / "var/lib/cloud/data/result.json").read_text())["v1"]["errors"] == []
    copy = root / "var/lib/cloud/instance/user-data.txt"
    assert copy.read_bytes() == (root / "var/lib/tide-cloud/user-data").read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    assert (root / "var/lib/cloud/instance/scripts/runcmd").stat().st_mode & 0o777 == 0o700
    assert tci.read_status(tci.Paths(str(root)), state=lambda: None) == ("done", ["DataSourceDigitalOcean"])


def test_a_script_user_data_runs_and_its_exit_code_counts(root):
    user_data(root, "#!/bin/sh\necho from the script\nexit 3\n")
    errors = final(root)
    assert errors == ["scripts_user: /var/lib/cloud/instance/scripts/part-001 exited 3"]
    assert "from the script" in output(root)


def test_the_second_boot_does_not_run_the_user_data_again(root):
    user_data(root, "#cloud-config\nruncmd: [echo once]\n")
    final(root)
    before = output(root)
    assert final(root) is None
    assert output(root) == before


def test_a_failure_is_an_error_but_the_steps_after_it_still_run(root):
    user_data(root, "#cloud-config\npackages: [jq]\nruncmd: [echo after]\n")
    runner = Recorder(codes={"update": 100})
    errors = final(root, runner)
    assert errors == ["package_update_upgrade_install: apt-get update exited 100"]
    ran = [call[0] for call in runner.calls]
    assert ran[1][-2:] == ["install", "jq"]
    assert ran[2] == [str(root / "var/lib/cloud/instance/scripts/runcmd")]
    paths = tci.Paths(str(root))
    assert tci.read_status(paths, state=lambda: None) == ("error", errors)


def test_user_data_interrupted_on_an_earlier_boot_is_not_run_again(root):
    user_data(root, "#cloud-config\nruncmd: [echo again]\n")
    sem = root / "var/lib/cloud/instance/sem/user-data"
    sem.parent.mkdir(parents=True)
    sem.write_text("1\n")
    runner = Recorder()
    errors = final(root, runner)
    assert runner.calls == [] and "interrupted" in errors[0]
    assert (root / "var/lib/cloud/instance/boot-finished").exists()


def test_without_user_data_the_first_boot_is_done(root):
    assert final(root, Recorder()) == []
    assert "no user data" in output(root)


# -- tide-cloud-init init: host keys and instances -----------------------------------------------------------------
def _init(root):
    paths = tci.Paths(str(root))
    runner = Recorder()
    return tci.run_init(paths, runner, tci.Log(paths.output_log, echo=False)), runner.calls


def _meta(root, droplet_id):
    path = root / "var/lib/tide-cloud/meta-data.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"droplet_id": droplet_id, "hostname": "web-1"}))


def test_missing_host_keys_are_generated_and_present_ones_kept(root):
    errors, calls = _init(root)
    assert errors == [] and calls == [(["ssh-keygen", "-A", "-f", str(root)], {})]
    (root / "etc/ssh").mkdir()
    (root / "etc/ssh/ssh_host_ed25519_key").write_text("k")
    assert _init(root) == ([], [])


def test_a_new_droplet_id_forgets_the_previous_instance_and_its_host_keys(root):
    _meta(root, 101)
    _init(root)
    user_data(root, "#cloud-config\n")
    final(root, Recorder())
    (root / "etc/ssh").mkdir()
    (root / "etc/ssh/ssh_host_ed25519_key").write_text("old")
    assert _init(root)[1] == []  # same droplet: nothing to do
    assert (root / "var/lib/cloud/instance/boot-finished").exists()

    _meta(root, 102)  # e.g. an image committed from droplet 101 booting as droplet 102
    errors, calls = _init(root)
    assert errors == [] and calls[0][0][:2] == ["ssh-keygen", "-A"]
    assert not (root / "etc/ssh/ssh_host_ed25519_key").exists()
    assert not (root / "var/lib/cloud/instance").exists()
    assert (root / "var/lib/cloud/data/instance-id").read_text() == "102\n"


# -- cloud-init status --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("state, expected", [
    (None, "disabled"),  # no systemd
    (("inactive", True), "running"),  # queued: still booting
    (("activating", True), "running"),
    (("failed", False), "error"),
    (("active", False), "error"),  # ended without writing boot-finished
    (("inactive", False), "disabled"),  # boot is over and it never ran
])
def test_status_before_boot_finished(tmp_path, state, expected):
    assert tci.read_status(tci.Paths(str(tmp_path)), state=lambda: state)[0] == expected


def test_status_wait_waits_until_done(root):
    paths = tci.Paths(str(root))
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            final(root, Recorder())

    out = io.StringIO()
    code = tci.status_main(paths, wait=True, state=lambda: ("activating", True), sleep=sleep, out=out)
    assert (code, out.getvalue()) == (0, "...\nstatus: done\n")


def test_status_error_exits_1_and_long_says_why(root):
    user_data(root, "#cloud-config\nruncmd: {}\n")
    final(root, Recorder())
    out = io.StringIO()
    assert tci.status_main(tci.Paths(str(root)), wait=True, long=True, state=lambda: None, out=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == "status: error"
    assert lines[1].startswith("time: ") and lines[2] == "detail:"
    assert "runcmd: expected a list" in lines[3]


# -- the command line ---------------------------------------------------------------------------------------------
def test_dry_run_prints_the_plan_and_changes_nothing(root, capsys):
    user_data(root, "#cloud-config\npackages: [jq]\nwrite_files: [{path: /x, content: hi, permissions: '0600'}]\n")
    before = sorted(p for p in root.rglob("*"))
    assert tci.main(["--root", str(root), "--dry-run", "final"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "write_files: write /x (0600 root:root, 2 bytes)"
    assert printed[1].endswith("--quiet update") and printed[2].endswith("--quiet install jq")
    assert sorted(p for p in root.rglob("*")) == before


def test_with_another_root_files_are_written_but_commands_only_logged(root):
    user_data(root, "#cloud-config\nwrite_files: [{path: /x, content: hi}]\nruncmd: [[touch, %s]]\n" % (root / "ran"))
    assert tci.main(["--root", str(root), "final"]) == 0
    assert (root / "x").read_text() == "hi"
    assert "not run (not on /)" in output(root)
    assert not (root / "ran").exists()
