"""The commands the docker backend runs on the host (docker, losetup, nsenter, ip), in one place.

Every call has a timeout and raises BoxError with the command's own message when it fails, so a failure reads
like "docker create ...: <what docker said>" in the emulator's log.
"""

import ipaddress
import json
import subprocess


class BoxError(Exception):
    pass


def run(args, stdin=None, timeout=120, check=True):
    """The command's output; check=False ignores a failure, check=None answers whether it succeeded."""
    try:
        done = subprocess.run(args, input=stdin, capture_output=True, timeout=timeout,
                              text=not isinstance(stdin, bytes))
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BoxError("%s: %s" % (" ".join(args[:3]), e)) from None
    out = done.stdout.decode() if isinstance(done.stdout, bytes) else done.stdout
    err = done.stderr.decode() if isinstance(done.stderr, bytes) else done.stderr
    if check is None:
        return done.returncode == 0
    if check and done.returncode != 0:
        raise BoxError("%s: %s" % (" ".join(args[:4]), (err or out).strip()))
    return out


def docker(*args, stdin=None, timeout=120, check=True):
    return run(["docker", *args], stdin=stdin, timeout=timeout, check=check)


def docker_json(*args):
    """`docker ... --format '{{json .}}'`-style output, one JSON document per line."""
    return [json.loads(line) for line in docker(*args).splitlines() if line.strip()]


def inspect(kind, names):
    """`docker <kind> inspect` of several objects at once ([] for none)."""
    if not names:
        return []
    return json.loads(docker(kind, "inspect", *names))


def host_routes():
    """(network, device) for every IPv4 route of the host except the default route."""
    routes = []
    for line in run(["ip", "-4", "route", "show"]).splitlines():
        parts = line.split()
        if not parts or parts[0] == "default":
            continue
        try:
            network = ipaddress.ip_network(parts[0], strict=False)
        except ValueError:
            continue
        device = parts[parts.index("dev") + 1] if "dev" in parts else ""
        routes.append((network, device))
    return routes


def netns(pid, *args, stdin=None, check=True):
    """A command in the network namespace of a process (iptables inside a droplet, from the host)."""
    return run(["nsenter", "-t", str(pid), "-n", *args], stdin=stdin, check=check)
