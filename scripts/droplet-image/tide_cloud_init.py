#!/usr/bin/python3
"""tide-cloud-init: the first boot of a tide droplet container, a small stand-in for cloud-init.

Installed in the droplet image as /usr/local/sbin/tide-cloud-init; /usr/bin/cloud-init is a link to it.

    tide-cloud-init init     tide-cloud-init-local.service, before sshd: when the droplet id in
                             /var/lib/tide-cloud/meta-data.json differs from the one recorded, the previous
                             instance's first boot and SSH host keys are forgotten; missing host keys are made.
    tide-cloud-init final    tide-cloud-init.service, after the network: the user data in
                             /var/lib/tide-cloud/user-data, once per instance (/var/lib/cloud/instance/boot-finished).
    cloud-init status [--wait] [--long]

User data starting with `#!` is run as a script. `#cloud-config` supports package_update, package_upgrade
(logged, not done), packages, write_files (path, content, permissions, owner, encoding, append, defer) and
runcmd, in cloud-init's order; other keys are logged as skipped. Everything run writes to
/var/log/cloud-init-output.log, as on a droplet.

--root DIR works on another tree than / (tests): files are written there, commands only logged.
--dry-run prints what would be done and changes nothing. Standard library and python3-yaml only.
"""

import argparse
import base64
import binascii
import glob
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.utils import formatdate

VERSION = "22.4.2"  # the cloud-init of Debian 12, whose behaviour this follows
DATASOURCE = "DataSourceDigitalOcean"
FINAL_UNIT = "tide-cloud-init.service"
PACKAGE_KEYS = ("package_update", "apt_update", "package_upgrade", "apt_upgrade", "packages")
SUPPORTED_KEYS = (*PACKAGE_KEYS, "write_files", "runcmd")
APT_GET = ["apt-get", "--option=Dpkg::Options::=--force-confold", "--option=Dpkg::options::=--force-unsafe-io",
           "--option=DPkg::Lock::Timeout=300", "--assume-yes", "--quiet"]
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}
DEFAULT_PERMISSIONS = 0o644
# User data headers cloud-init knows and this stand-in does not run (longest first: "#cloud-config-archive"
# must not be taken for "#cloud-config").
UNSUPPORTED_HEADERS = ("#cloud-config-archive", "#cloud-config-jsonp", "## template: jinja", "#cloud-boothook",
                       "#part-handler", "#include-once", "#upstart-job", "#include", "content-type:",
                       "mime-version:")


class Paths:
    """Where a droplet keeps things, on the tree rooted at ``root`` (``/`` inside a droplet)."""

    def __init__(self, root="/"):
        self.root = root

    def host(self, path):
        """The file on this machine for ``path`` inside the droplet."""
        return os.path.join(self.root, path.lstrip("/"))

    user_data = property(lambda self: self.host("/var/lib/tide-cloud/user-data"))
    meta_data = property(lambda self: self.host("/var/lib/tide-cloud/meta-data.json"))
    instance = property(lambda self: self.host("/var/lib/cloud/instance"))
    boot_finished = property(lambda self: self.host("/var/lib/cloud/instance/boot-finished"))
    semaphore = property(lambda self: self.host("/var/lib/cloud/instance/sem/user-data"))
    user_data_copy = property(lambda self: self.host("/var/lib/cloud/instance/user-data.txt"))
    instance_id = property(lambda self: self.host("/var/lib/cloud/data/instance-id"))
    result = property(lambda self: self.host("/var/lib/cloud/data/result.json"))
    status = property(lambda self: self.host("/var/lib/cloud/data/status.json"))
    output_log = property(lambda self: self.host("/var/log/cloud-init-output.log"))
    ssh_dir = property(lambda self: self.host("/etc/ssh"))


# -- what the user data asks for: pure, no side effects -----------------------------------------------------------
@dataclass
class FileSpec:
    """One write_files entry, decoded."""

    path: str
    data: bytes
    mode: int = DEFAULT_PERMISSIONS
    owner: str = "root:root"
    append: bool = False
    defer: bool = False


@dataclass
class Step:
    """One thing to do. kind: note (log ``text``), error (log ``text`` and count it as an error), files (write
    ``files``), run (``argv`` with ``env``; ``text`` names it), script (write ``data`` to ``path`` inside the
    droplet, mode 0700, and run it)."""

    kind: str
    module: str
    text: str = ""
    argv: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    path: str = ""
    data: bytes = b""


def as_bool(value):
    """cloud-init's reading of a boolean option: YAML booleans, or the strings true/yes/on/1."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def classify(raw):
    """(kind, payload) of user data bytes: ('none', None), ('script', bytes), ('cloud-config', str) or
    ('unsupported', header). Gzipped user data is unpacked first, as cloud-init does."""
    if raw is None or not raw.strip():
        return "none", None
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    head = raw.lstrip()[:64].decode("utf-8", "replace").lower()
    for header in UNSUPPORTED_HEADERS:
        if head.startswith(header):
            return "unsupported", header
    if head.startswith("#!"):
        return "script", raw
    if head.startswith("#cloud-config"):
        return "cloud-config", raw.decode("utf-8", "replace")
    return "unsupported", head.split("\n", 1)[0][:40]


def parse_cloud_config(text):
    """(config mapping, errors) of a #cloud-config document."""
    import yaml  # python3-yaml; imported here so that `cloud-init status` needs only the standard library

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return {}, ["the #cloud-config user data is not valid YAML: %s" % str(exc).replace("\n", " ")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, ["the #cloud-config user data is a %s, not a mapping" % type(data).__name__]
    return data, []


def decode_permissions(value, warnings):
    """cloud-init's decode_perms: a YAML number is taken as it is (0644 in YAML is already octal), a string as
    octal; anything else falls back to 0644 with a warning."""
    if value is None:
        return DEFAULT_PERMISSIONS
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value) & 0o7777
        return int(str(value), 8) & 0o7777
    except (TypeError, ValueError):
        warnings.append("invalid permissions %r, using %o" % (value, DEFAULT_PERMISSIONS))
        return DEFAULT_PERMISSIONS


def decode_content(content, encoding, warnings):
    """The bytes of a write_files entry: plain text, base64 (b64/base64), gzip (gz/gzip) or both
    (gz+b64, gzip+base64, ...). An unknown encoding is taken as plain text, with a warning, as cloud-init does."""
    if content is None:
        content = ""
    data = content if isinstance(content, bytes) else str(content).encode("utf-8")
    steps = {"gz+b64": ("b64", "gz"), "gz+base64": ("b64", "gz"), "gzip+b64": ("b64", "gz"),
             "gzip+base64": ("b64", "gz"), "b64": ("b64",), "base64": ("b64",), "gz": ("gz",), "gzip": ("gz",),
             "": (), "text/plain": ()}
    enc = str(encoding or "").strip().lower()
    if enc not in steps:
        warnings.append("unknown encoding %r, taken as text/plain" % encoding)
    for step in steps.get(enc, ()):
        data = base64.b64decode(data) if step == "b64" else gzip.decompress(data)
    return data


def file_specs(entries):
    """(FileSpecs, errors, warnings) of a write_files value: an entry with an error is not written."""
    if not isinstance(entries, list):
        return [], ["expected a list, got %s" % type(entries).__name__], []
    specs, problems, notes = [], [], []
    for number, entry in enumerate(entries, 1):
        where = "write_files[%d]" % number
        if not isinstance(entry, dict) or not entry.get("path"):
            problems.append("%s: an entry needs a path" % where)
            continue
        if "source" in entry and "content" not in entry:
            problems.append("%s (%s): source: is not supported here" % (where, entry["path"]))
            continue
        warnings = []
        try:
            data = decode_content(entry.get("content"), entry.get("encoding"), warnings)
        except (binascii.Error, OSError, EOFError, ValueError) as exc:
            problems.append("%s (%s): cannot decode %s content: %s" % (
                where, entry["path"], entry.get("encoding"), exc))
            continue
        mode = decode_permissions(entry.get("permissions"), warnings)
        notes.extend("%s (%s): %s" % (where, entry["path"], w) for w in warnings)
        path = str(entry["path"])
        specs.append(FileSpec(path=path if path.startswith("/") else "/" + path, data=data, mode=mode,
                              owner=str(entry.get("owner") or "root:root"), append=as_bool(entry.get("append")),
                              defer=as_bool(entry.get("defer"))))
    return specs, problems, notes


def package_names(packages):
    """apt-get arguments for a packages value: 'name' or ['name', 'version'] (name=version)."""
    if isinstance(packages, str):
        packages = [packages]
    if not isinstance(packages, list):
        raise ValueError("packages: expected a list, got %s" % type(packages).__name__)
    names = []
    for item in packages:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, list) and len(item) in (1, 2) and all(isinstance(x, (str, int, float)) for x in item):
            names.append("=".join(str(x) for x in item))
        else:
            raise ValueError("packages: cannot install %r (a name or [name, version])" % (item,))
    return names


def shellify(commands):
    """cloud-init's runcmd script: a string is a line of shell as it is, a list one command with each argument
    quoted. One script, so `cd` and variables carry over from line to line, as on a droplet."""
    if not isinstance(commands, list):
        raise ValueError("runcmd: expected a list, got %s" % type(commands).__name__)
    lines = ["#!/bin/sh"]
    for item in commands:
        if isinstance(item, str):
            lines.append(item)
        elif isinstance(item, list):
            lines.append(" ".join(shlex.quote(str(arg)) for arg in item))
        else:
            raise ValueError("runcmd: cannot run %r (a string or a list of arguments)" % (item,))
    return "\n".join(lines) + "\n"


def plan_cloud_config(config):
    """The steps of a parsed #cloud-config, in cloud-init's order: write_files, then package update/upgrade/
    install, then deferred write_files, then runcmd."""
    steps = [Step("note", "init", "skipped unsupported cloud-config key: %s" % key)
             for key in config if key not in SUPPORTED_KEYS]
    specs, problems, notes = file_specs(config["write_files"]) if "write_files" in config else ([], [], [])
    steps += [Step("error", "write_files", "%s, not written" % p) for p in problems]
    steps += [Step("note", "write_files", n) for n in notes]
    now = [s for s in specs if not s.defer]
    if now:
        steps.append(Step("files", "write_files", files=now))

    update = as_bool(config.get("package_update", config.get("apt_update", False)))
    upgrade = as_bool(config.get("package_upgrade", config.get("apt_upgrade", False)))
    try:
        names = package_names(config.get("packages") or [])
    except ValueError as exc:
        steps.append(Step("error", "package_update_upgrade_install", str(exc)))
        names = []
    if update or upgrade or names:  # cloud-init refreshes the lists before any of the three
        steps.append(Step("run", "package_update_upgrade_install", "apt-get update", argv=[*APT_GET, "update"],
                          env=dict(APT_ENV)))
    if upgrade:
        steps.append(Step("note", "package_update_upgrade_install",
                          "package_upgrade: not done in this emulated droplet (its image is built current)"))
    if names:
        steps.append(Step("run", "package_update_upgrade_install", "apt-get install %s" % " ".join(names),
                          argv=[*APT_GET, "install", *names], env=dict(APT_ENV)))

    deferred = [s for s in specs if s.defer]
    if deferred:
        steps.append(Step("files", "write_files_deferred", files=deferred))

    if config.get("runcmd") is not None:
        try:
            steps.append(Step("script", "runcmd", path="/var/lib/cloud/instance/scripts/runcmd",
                              data=shellify(config["runcmd"]).encode("utf-8")))
        except ValueError as exc:
            steps.append(Step("error", "runcmd", str(exc)))
    return steps


def plan_user_data(raw):
    """The steps for user data bytes (None: there is none)."""
    try:
        kind, payload = classify(raw)
    except (OSError, EOFError) as exc:
        return [Step("error", "init", "the user data looks gzipped but is not: %s" % exc)]
    if kind == "none":
        return [Step("note", "init", "no user data")]
    if kind == "script":
        return [Step("script", "scripts_user", path="/var/lib/cloud/instance/scripts/part-001", data=payload)]
    if kind == "unsupported":
        return [Step("note", "init", "skipped user data of a kind not supported here (%s)" % payload)]
    config, errors = parse_cloud_config(payload)
    return [Step("error", "init", e) for e in errors] + plan_cloud_config(config)


def describe(step):
    """One line for --dry-run."""
    if step.kind in ("note", "error"):
        return "%s: %s%s" % (step.module, "ERROR: " if step.kind == "error" else "", step.text)
    if step.kind == "run":
        return "%s: run %s" % (step.module, shlex.join(step.argv))
    if step.kind == "files":
        return "%s: %s" % (step.module, ", ".join(
            "%s %s (%04o %s%s)" % ("append" if f.append else "write", f.path, f.mode, f.owner,
                                   ", %d bytes" % len(f.data)) for f in step.files))
    return "%s: run %s:\n%s" % (step.module, step.path, step.data.decode("utf-8", "replace").rstrip("\n"))


# -- doing it -------------------------------------------------------------------------------------------------
class Log:
    """Lines for /var/log/cloud-init-output.log, echoed to stderr (the journal)."""

    def __init__(self, path, echo=True):
        self.path = path
        self.echo = echo

    def __call__(self, message):
        line = "%s\n" % message.rstrip("\n")
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
        if self.echo:
            sys.stderr.write(line)
            sys.stderr.flush()


class Runner:
    """Runs commands with stdin from /dev/null and stdout and stderr appended to the output log. The log file
    itself is handed to the command, no pipe: a daemon the user data leaves running cannot hold us up."""

    def __init__(self, log, execute=True):
        self.log = log
        self.execute = execute

    def run(self, argv, env=None):
        if not self.execute:
            self.log("tide-cloud-init: not run (not on /): %s" % shlex.join(argv))
            return 0
        os.makedirs(os.path.dirname(self.log.path), exist_ok=True)
        with open(self.log.path, "ab") as out:
            try:
                return subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                      env={**os.environ, **(env or {})}, check=False).returncode
            except OSError as exc:
                out.write(("tide-cloud-init: cannot run %s: %s\n" % (argv[0], exc)).encode())
                return 126


def _lookup_id(root, table, name):
    if name.isdigit():
        return int(name)
    try:
        with open(os.path.join(root, "etc", table), encoding="utf-8") as fh:
            for line in fh:
                fields = line.split(":")
                if len(fields) > 2 and fields[0] == name:
                    return int(fields[2])
    except FileNotFoundError:
        pass
    raise KeyError("no %s named %r" % ("user" if table == "passwd" else "group", name))


def owner_ids(root, owner):
    """(uid, gid) for 'user:group' or 'user' (group left as it is: -1), from the tree's /etc/passwd and group."""
    user, _, group = owner.partition(":")
    return (_lookup_id(root, "passwd", user) if user else -1), (_lookup_id(root, "group", group) if group else -1)


def write_file(paths, spec):
    """Writes (or appends) one file: parent directories as needed, then owner, then mode (chown after chmod
    would drop a setuid bit)."""
    target = paths.host(spec.path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    uid, gid = owner_ids(paths.root, spec.owner)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if spec.append else os.O_TRUNC)
    with os.fdopen(os.open(target, flags, 0o600), "wb") as fh:
        fh.write(spec.data)
    if (uid, gid) != (-1, -1):
        os.chown(target, uid, gid)
    os.chmod(target, spec.mode)


def execute(steps, paths, log, runner):
    """Does the steps, each whatever happened to the ones before (as cloud-init runs every module); returns
    the errors."""
    errors = []

    def fail(message):
        errors.append(message)
        log("tide-cloud-init: ERROR: %s" % message)

    for step in steps:
        if step.kind == "note":
            log("tide-cloud-init: %s: %s" % (step.module, step.text))
        elif step.kind == "error":
            fail("%s: %s" % (step.module, step.text))
        elif step.kind == "files":
            for spec in step.files:
                try:
                    write_file(paths, spec)
                    log("tide-cloud-init: %s: %s %s (%04o %s)" % (
                        step.module, "appended to" if spec.append else "wrote", spec.path, spec.mode, spec.owner))
                except (OSError, KeyError) as exc:
                    fail("%s: %s: %s" % (step.module, spec.path, exc))
        elif step.kind == "run":
            log("tide-cloud-init: %s: %s" % (step.module, shlex.join(step.argv)))
            code = runner.run(step.argv, step.env)
            if code:
                fail("%s: %s exited %d" % (step.module, step.text or shlex.join(step.argv), code))
        elif step.kind == "script":
            script = paths.host(step.path)
            os.makedirs(os.path.dirname(script), exist_ok=True)
            with os.fdopen(os.open(script, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o700), "wb") as fh:
                fh.write(step.data)
            os.chmod(script, 0o700)
            log("tide-cloud-init: %s: running %s" % (step.module, step.path))
            code = runner.run([script])
            if code:
                fail("%s: %s exited %d" % (step.module, step.path, code))
    return errors


def _read(path, mode="rb"):
    try:
        with open(path, mode) as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def _write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, path)


def _uptime():
    try:
        with open("/proc/uptime", encoding="ascii") as fh:
            return float(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def droplet_id(paths):
    """The instance id: the droplet id the emulator put in meta-data.json, or None."""
    raw = _read(paths.meta_data)
    try:
        value = json.loads(raw)["droplet_id"] if raw else None
    except (ValueError, KeyError, TypeError):
        return None
    return None if value is None else str(value)


def run_init(paths, runner, log):
    """Before sshd: a new instance forgets the previous one's first boot and host keys; missing host keys
    are made. Returns the errors."""
    errors = []
    header = "Cloud-init v. %s running 'init' at %s. Up %.2f seconds." % (VERSION, formatdate(), _uptime())
    current, recorded = droplet_id(paths), (_read(paths.instance_id, "r") or "").strip() or None
    if current and recorded and current != recorded:
        log(header)
        header = None
        log("tide-cloud-init: new instance %s (was %s): user data runs again, SSH host keys are made anew" % (
            current, recorded))
        shutil.rmtree(paths.instance, ignore_errors=True)
        for key in glob.glob(os.path.join(paths.ssh_dir, "ssh_host_*")):
            os.remove(key)
    if current and current != recorded:
        os.makedirs(os.path.dirname(paths.instance_id), exist_ok=True)
        with open(paths.instance_id, "w", encoding="utf-8") as fh:
            fh.write(current + "\n")
    if not glob.glob(os.path.join(paths.ssh_dir, "ssh_host_*_key")):
        if header:
            log(header)
        log("tide-cloud-init: generating SSH host keys")
        argv = ["ssh-keygen", "-A"] if paths.root == "/" else ["ssh-keygen", "-A", "-f", paths.root]
        if runner.run(argv):
            errors.append("init: ssh-keygen -A failed")
            log("tide-cloud-init: ERROR: ssh-keygen -A failed")
    return errors


def run_final(paths, runner, log, clock=time.time):
    """The user data, once per instance. Returns None when it already ran, else the errors."""
    if os.path.exists(paths.boot_finished):
        sys.stderr.write("tide-cloud-init: the user data already ran for this instance\n")
        return None
    start = clock()
    log("Cloud-init v. %s running 'modules:final' at %s. Up %.2f seconds." % (VERSION, formatdate(start),
                                                                             _uptime()))
    _write_json(paths.status, {"v1": {"datasource": DATASOURCE, "stage": "modules-final",
                                      "modules-final": {"start": start, "finished": None, "errors": []}}})
    if os.path.exists(paths.semaphore):
        # As cloud-init's semaphores: what was started and interrupted (a power off, a timeout) is not redone.
        errors = ["the user data was interrupted on an earlier boot (power off or timeout) and is not run again"]
        log("tide-cloud-init: ERROR: %s" % errors[0])
    else:
        os.makedirs(os.path.dirname(paths.semaphore), exist_ok=True)
        with open(paths.semaphore, "w", encoding="utf-8") as fh:
            fh.write("%f\n" % start)
        raw = _read(paths.user_data)
        if raw is not None:
            with os.fdopen(os.open(paths.user_data_copy, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                fh.write(raw)
        errors = execute(plan_user_data(raw), paths, log, runner)
    end = clock()
    _write_json(paths.status, {"v1": {"datasource": DATASOURCE, "stage": None,
                                      "modules-final": {"start": start, "finished": end, "errors": errors}}})
    _write_json(paths.result, {"v1": {"datasource": DATASOURCE, "errors": errors}})
    with open(paths.boot_finished, "w", encoding="utf-8") as fh:
        fh.write("%.2f - %s - v. %s\n" % (_uptime(), formatdate(end), VERSION))
    log("Cloud-init v. %s finished at %s. Datasource %s.  Up %.2f seconds" % (VERSION, formatdate(end), DATASOURCE,
                                                                            _uptime()))
    return errors


# -- cloud-init status ----------------------------------------------------------------------------------------
def unit_state(unit=FINAL_UNIT):
    """(ActiveState of the unit, whether systemd still has boot jobs to do), or None without systemd."""
    if not os.path.isdir("/run/systemd/system"):
        return None
    try:
        active = subprocess.run(["systemctl", "show", "--property=ActiveState", "--value", unit],
                                capture_output=True, text=True, check=False, timeout=10).stdout.strip()
        system = subprocess.run(["systemctl", "is-system-running"], capture_output=True, text=True, check=False,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return active, system in ("initializing", "starting")


def read_status(paths, state=unit_state):
    """(status, detail lines): done, error (with the errors), running, or disabled (will not run)."""
    if os.path.exists(paths.boot_finished):
        try:
            errors = json.loads(_read(paths.result) or b"{}")["v1"]["errors"]
        except (ValueError, KeyError, TypeError):
            errors = ["%s is missing or unreadable" % paths.result]
        return ("error", errors) if errors else ("done", [DATASOURCE])
    found = state()
    if found is None:
        return "disabled", ["systemd is not running: the user data does not run"]
    active, booting = found
    if active == "failed":
        return "error", ["%s failed (see journalctl -u %s)" % (FINAL_UNIT, FINAL_UNIT)]
    if active == "active":  # RemainAfterExit: it ended without finishing
        return "error", ["%s ended before the user data finished" % FINAL_UNIT]
    if active == "inactive" and not booting:
        return "disabled", ["%s has not run and is not going to" % FINAL_UNIT]
    return "running", [DATASOURCE]


def status_main(paths, wait=False, long=False, state=unit_state, sleep=time.sleep, out=sys.stdout):
    status, detail = read_status(paths, state)
    if wait:
        waited = False
        while status == "running":
            out.write(".")
            out.flush()
            waited = True
            sleep(0.25)
            status, detail = read_status(paths, state)
        if waited:
            out.write("\n")
    out.write("status: %s\n" % status)
    if long:
        try:
            finished = json.loads(_read(paths.status) or b"{}")["v1"]["modules-final"]["finished"]
        except (ValueError, KeyError, TypeError):
            finished = None
        out.write("time: %s\n" % (formatdate(finished) if finished else "-"))
        out.write("detail:\n%s\n" % "\n".join(str(d) for d in detail))
    return 1 if status == "error" else 0


# -- command lines --------------------------------------------------------------------------------------------
def cloud_init_main(argv):
    """/usr/bin/cloud-init: `status [--wait] [--long]` and --version only."""
    parser = argparse.ArgumentParser(prog="cloud-init", description="cloud-init stand-in of the tide droplet image")
    parser.add_argument("--version", "-v", action="store_true")
    sub = parser.add_subparsers(dest="command")
    status = sub.add_parser("status", help="the first boot's status: running, done or error")
    status.add_argument("--wait", "-w", action="store_true", help="wait until it is done")
    status.add_argument("--long", "-l", action="store_true")
    args = parser.parse_args(argv)
    if args.version:
        print("/usr/bin/cloud-init %s" % VERSION)
        return 0
    if args.command != "status":
        parser.print_usage(sys.stderr)
        sys.stderr.write("cloud-init: only `status` is supported in this droplet image\n")
        return 2
    return status_main(Paths("/"), wait=args.wait, long=args.long)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if os.path.basename(sys.argv[0]) == "cloud-init":
        return cloud_init_main(argv)
    parser = argparse.ArgumentParser(prog="tide-cloud-init", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default="/", help="the droplet's tree (default /); elsewhere nothing is run")
    parser.add_argument("--dry-run", action="store_true", help="print the plan of the user data, change nothing")
    parser.add_argument("stage", choices=("init", "final", "status"))
    args = parser.parse_args(argv)
    paths = Paths(args.root)
    if args.stage == "status":
        return status_main(paths)
    if args.dry_run:
        if args.stage == "final":
            for step in plan_user_data(_read(paths.user_data)):
                print(describe(step))
        return 0
    log = Log(paths.output_log)
    runner = Runner(log, execute=os.path.realpath(args.root) == "/")
    errors = run_init(paths, runner, log) if args.stage == "init" else run_final(paths, runner, log)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
