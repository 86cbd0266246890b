"""The docker backend: DigitalOcean in a box.

A droplet is a container from the droplet image (systemd, sshd, first-boot user data), on a public docker network
whose addresses come from a /20 of 198.18.0.0/15 (eth0) and on one docker network per VPC with the VPC's range
(eth1). Its memory and CPUs are the size's; power actions stop, start and restart it; its status follows the
container (one that died is `off`). Volumes are loop devices (loop_volumes.py), cloud firewalls (and the admin's geo
blocks of a region's egress) iptables rules in the droplet's network namespace (firewall_rules.py).

After every committed write the backend compares the state (box_state.desired) with what exists and makes the
difference, so any route (tags, firewall droplets, deletes by tag, a reset) is covered without a hook of its own;
only what the state cannot show comes as events: a reboot, a power_on, a resize, a rebuild.

Everything made here carries the label tide.emulator.instance=<instance>, and only such things are ever changed
or removed. Networks are made when the first droplet needs them and removed with the last one, after checking
that their range overlaps no route of the host.
"""

import io
import ipaddress
import json
import os
import sys
import tarfile
import tempfile
import threading
import time

from .. import network
from ..errors import unprocessable
from . import box_state, firewall_rules, haproxy_config, postgres_setup
from .host_commands import BoxError, docker, host_routes, inspect, netns
from .loop_volumes import LoopVolumes

INSTANCE_LABEL = "tide.emulator.instance"
DROPLET_LABEL = "tide.emulator.droplet"
LB_LABEL = "tide.emulator.load_balancer"
DB_LABEL = "tide.emulator.database"
NETWORK_LABEL = "tide.emulator.network"
PUBLIC_RANGE = ipaddress.ip_network("198.18.0.0/15")
PUBLIC_PREFIX = 20
POOL_KIND, POOL_KEY = "box", "public_pool"
POWER_CACHE_SECONDS = 1.0
STOP_SECONDS = "10"
# A container that was just started: systemd's socket first (before it, systemctl cannot talk to it), then the boot.
WAIT_FOR_SYSTEMD = ("for _ in $(seq 1 240); do [ -S /run/systemd/private ] && break; sleep 0.25; done; "
                    "systemctl is-system-running --wait >/dev/null 2>&1 || true")
# Writes HAProxy's configuration from stdin, checks it, then (once systemd has booted) enables and reloads HAProxy.
# The droplet image's own web server and sshd have no place on a load balancer.
APPLY_HAPROXY = ("cat > /etc/haproxy/haproxy.cfg.new && haproxy -c -q -f /etc/haproxy/haproxy.cfg.new && "
                 "mv /etc/haproxy/haproxy.cfg.new /etc/haproxy/haproxy.cfg && "
                 "{ %s; } && "
                 "systemctl disable --quiet --now nginx.service ssh.service && "
                 "systemctl enable --quiet haproxy && systemctl reload-or-restart haproxy" % WAIT_FOR_SYSTEMD)
# Docker mounts /proc/sys read-only; a droplet's network sysctls are its own to set (ufw_safe_ssh sets one), and in
# a container only the network namespace's part is per droplet, so only that part is made writable.
WRITABLE_NET_SYSCTLS = ("grep -q ' /proc/sys/net proc rw' /proc/mounts || "
                        "{ mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net; }")


def _without(text, secrets):
    for secret in secrets:
        text = text.replace(secret, "********")
    return text


def log(message):
    print("do-emulator box: %s" % message, file=sys.stderr, flush=True)


class DockerBackend:
    name = "docker"

    def __init__(self, config):
        self.instance = config.instance
        self.image = config.droplet_image
        self.keep_on_exit = bool(config.state)  # with --state the box outlives the process, found again by label
        self.box_dir = config.box_dir or tempfile.mkdtemp(prefix="do-emulator-box-")
        self.prefix = "do-%s" % self.instance
        self.volumes = LoopVolumes(self.box_dir)
        self._lock = threading.RLock()
        self._power_lock = threading.Lock()
        self._power_cache = None  # (read at, {droplet id: docker state})
        self._applied = {}  # droplet id -> {"pid", "rules", "nodes"}: what the running container has now
        self._lb_applied = {}  # load balancer id -> (container id, HAProxy configuration) it runs now
        self._db_applied = {}  # cluster id -> {"pid", "setup", "rules"}: what its container was given
        try:
            docker("version", "--format", "{{.Server.Version}}", timeout=20)
        except BoxError as e:
            raise SystemExit("do-emulator --backend docker: the docker engine does not answer (%s)" % e) from None
        try:
            docker("image", "inspect", "--format", "{{.Id}}", self.image, timeout=20)
        except BoxError:
            raise SystemExit("do-emulator --backend docker: the droplet image %s is missing; build it with "
                             "scripts/setup-docker.sh" % self.image) from None

    # -- what the API asks ------------------------------------------------------------------------------------
    def public_pool(self, req):
        """This instance's /20 of 198.18.0.0/15, chosen once (free of host routes and other docker networks)
        and kept in the state; its docker network is made at once, which reserves the range."""
        stored = req.store.get(POOL_KIND, POOL_KEY)
        if stored is not None:
            return ipaddress.ip_network(stored["subnet"])
        # No self._lock here: this runs inside a request's transaction, and sync() takes the two the other way round.
        existing = [n for n in self._networks() if n["Name"] == self._public_network()]
        candidates = [ipaddress.ip_network(existing[0]["IPAM"]["Config"][0]["Subnet"])] if existing else \
            list(PUBLIC_RANGE.subnets(new_prefix=PUBLIC_PREFIX))
        routes = [route for route, _ in host_routes()]
        for candidate in candidates:
            if not existing and any(candidate.overlaps(route) for route in routes):
                continue
            try:
                self._ensure_network(self._public_network(), str(candidate), "public")
            except BoxError:
                continue  # taken meanwhile (another box starting at the same moment): the next one
            req.store.put(POOL_KIND, {"id": POOL_KEY, "subnet": str(candidate)})
            return candidate
        raise unprocessable("The box has no free /%d left in %s for its public network." % (PUBLIC_PREFIX,
                                                                                             PUBLIC_RANGE))

    def check_droplets(self, req, plan):
        """A VPC range the host routes elsewhere would cut the machine off: refused before anything is stored."""
        vpc_range = ipaddress.ip_network(plan["vpc"]["ip_range"])
        own = self._own_bridges()
        for route, device in host_routes():
            if device not in own and route.overlaps(vpc_range):
                raise unprocessable("The box cannot give the VPC %s (%s) a network: this machine already routes %s "
                                    "via %s. Create the droplets in a VPC with another ip_range."
                                    % (plan["vpc"]["name"], vpc_range, route, device))

    def power_state(self, droplet_id):
        """"running", "stopped", or None while the droplet has no container yet; read at most once a second."""
        with self._power_lock:
            if self._power_cache is None or time.monotonic() - self._power_cache[0] > POWER_CACHE_SECONDS:
                states = {}
                try:
                    out = docker("ps", "-a", "--filter", "label=%s=%s" % (INSTANCE_LABEL, self.instance),
                                 "--format", '{{.Label "%s"}} {{.State}}' % DROPLET_LABEL, timeout=20)
                    for line in out.splitlines():
                        droplet, _, state = line.partition(" ")
                        states[droplet] = state
                except BoxError as e:
                    log("cannot read the containers' state: %s" % e)
                self._power_cache = (time.monotonic(), states)
            state = self._power_cache[1].get(str(droplet_id))
        if state is None:
            return None
        return "running" if state == "running" else "stopped"

    def describe(self):
        with self._lock:
            containers = self._containers()
        return {
            "backend": self.name,
            "instance": self.instance,
            "image": self.image,
            "box_dir": self.box_dir,
            "label": "%s=%s" % (INSTANCE_LABEL, self.instance),
            "networks": {n["Name"]: [c["Subnet"] for c in n["IPAM"]["Config"] or []] for n in self._networks()},
            "droplets": {str(d): {"container": c["name"], "running": c["running"]} for d, c in containers.items()},
            "load_balancers": {lb_id: {"container": c["name"], "running": c["running"],
                                       "loopback": {str(p): "127.0.0.1:%d" % h for p, h in c["ports"].items()},
                                       "droplets": self._lb_health(c)}
                               for lb_id, c in self._lb_containers().items()},
            "databases": {db_id: {"container": c["name"], "running": c["running"]}
                          for db_id, c in self._service_containers(DB_LABEL).items()},
        }

    @staticmethod
    def _lb_health(container):
        """{droplet id (str): "healthy" | "unhealthy"} as the load balancer's health checks see them now."""
        if not container["running"]:
            return {}
        try:
            out = docker("exec", container["name"], "python3", "-c", haproxy_config.READ_HEALTH, timeout=10)
        except BoxError:
            return {}  # HAProxy not (yet) configured
        return {str(d): h for d, h in haproxy_config.droplet_health(out).items()}

    # -- making it so -----------------------------------------------------------------------------------------
    def sync(self, store, events=()):
        with self._lock:
            with store.lock:
                state = box_state.desired(store)
                pool = store.get(POOL_KIND, POOL_KEY)
            try:
                self._sync(state, pool["subnet"] if pool else None, events)
            except BoxError as e:
                log(str(e))
            finally:
                with self._power_lock:
                    self._power_cache = None

    def _sync(self, state, pool, events):
        wanted = {kind: {d for k, d in events if k == kind} for kind in ("start", "restart", "resize", "rebuild")}
        containers = self._containers()
        for droplet_id, container in list(containers.items()):
            if droplet_id not in state.droplets or droplet_id in wanted["rebuild"]:
                docker("rm", "-f", "-v", container["name"])
                self._applied.pop(droplet_id, None)
                del containers[droplet_id]
        booted = set()
        for droplet_id, spec in state.droplets.items():
            try:
                if self._apply_power(spec, containers.get(droplet_id), pool, wanted):
                    booted.add(droplet_id)
            except BoxError as e:
                log("droplet %d: %s" % (droplet_id, e))
        loops = self._sync_volumes(state)
        for droplet_id, container in self._containers().items():
            spec = state.droplets.get(droplet_id)
            if spec is not None and container["running"]:
                try:
                    self._inside(spec, container, loops, droplet_id in booted)
                except BoxError as e:
                    log("droplet %d: %s" % (droplet_id, e))
        self._sync_load_balancers(state, pool)
        self._sync_databases(state, pool)
        self._remove_unused_networks(state)

    def _apply_power(self, spec, container, pool, wanted):
        """Creates, starts, stops or restarts one droplet's container; True when it (re)booted."""
        if container is None:
            name = self._create(spec, pool)
            if spec.run:
                docker("start", name)
                return True
            return False
        name = container["name"]
        if spec.id in wanted["resize"]:
            docker("update", *self._resources(spec), name)
        if not spec.run and container["running"]:
            docker("stop", "-t", STOP_SECONDS, name)
            self._applied.pop(spec.id, None)
        elif spec.run and spec.id in wanted["restart"]:
            docker("restart", "-t", STOP_SECONDS, name)
            return True
        elif spec.run and spec.id in wanted["start"] and not container["running"]:
            docker("start", name)
            return True
        return False

    def _resources(self, spec):
        return ["--memory", "%dm" % spec.memory_mb, "--memory-swap", "%dm" % spec.memory_mb,
                "--cpus", str(min(spec.vcpus, os.cpu_count() or 1))]

    def _create(self, spec, pool):
        name = "%s-droplet-%d" % (self.prefix, spec.id)
        attach = []
        if spec.public_ip and pool:
            attach.append((self._ensure_network(self._public_network(), pool, "public"), spec.public_ip))
        if spec.private_ip and spec.vpc_id:
            attach.append((self._ensure_network(self._vpc_network(spec.vpc_id), spec.vpc_range, "vpc"),
                           spec.private_ip))
        hostname = "".join(c if c.isalnum() or c == "-" else "-" for c in spec.name)[:63].strip("-") or "droplet"
        args = ["create", "--name", name, "--hostname", hostname,
                "--label", "%s=%s" % (INSTANCE_LABEL, self.instance), "--label", "%s=%d" % (DROPLET_LABEL, spec.id),
                "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
                "--tmpfs", "/run", "--tmpfs", "/run/lock", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro",
                "--device-cgroup-rule", "b 7:* rmw", "--stop-signal", "SIGRTMIN+3", *self._resources(spec)]
        if attach:
            args += ["--network", attach[0][0], "--ip", attach[0][1]]
        docker(*args, self.image)
        try:
            for net, address in attach[1:]:
                docker("network", "connect", "--ip", address, net, name)
            docker("cp", "-", "%s:/" % name, stdin=self._first_boot_files(spec))
        except BoxError:
            docker("rm", "-f", name, check=False)  # half made: the next sync makes it again from the start
            raise
        return name

    @staticmethod
    def _first_boot_files(spec):
        """What cloud-init would find on a droplet: root's authorized keys, the user data, the metadata."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            def add(path, mode, data=None):
                info = tarfile.TarInfo(path)
                info.mode = mode
                info.mtime = int(time.time())
                if data is None:
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                else:
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))

            add("root/.ssh", 0o700)
            add("root/.ssh/authorized_keys", 0o600, spec.authorized_keys.encode())
            add("var/lib/tide-cloud", 0o700)
            if spec.user_data is not None:
                add("var/lib/tide-cloud/user-data", 0o600, spec.user_data.encode())
            metadata = {"droplet_id": spec.id, "hostname": spec.name, "public_ipv4": spec.public_ip,
                        "private_ipv4": spec.private_ip}
            add("var/lib/tide-cloud/meta-data.json", 0o644, json.dumps(metadata).encode())
        return buffer.getvalue()

    def _inside(self, spec, container, loops, booted):
        """Firewall rules and volume nodes in a running container: all again after a boot (new network namespace,
        new /dev), otherwise only what changed."""
        applied = self._applied.get(spec.id)
        if booted or applied is None or applied["pid"] != container["pid"]:
            applied = {"pid": container["pid"], "rules": None, "nodes": None}
            self._applied[spec.id] = applied
            docker("exec", container["name"], "sh", "-c", WRITABLE_NET_SYSCTLS)
            self._hook_chains(container["pid"], firewall_rules.hooks())
        rules = firewall_rules.render(spec)
        if rules != applied["rules"]:
            netns(container["pid"], "iptables-restore", "--noflush", stdin=rules)
            applied["rules"] = rules
        nodes = {name: self.volumes.minor(loops[vid]) for vid, name in spec.volumes.items() if vid in loops}
        if nodes != applied["nodes"] or booted:
            for name in set(applied["nodes"] or {}) - set(nodes):
                self.volumes.remove_node(container["name"], name)
            self.volumes.make_nodes(container["name"], nodes, mount_all=booted)
            applied["nodes"] = nodes

    @staticmethod
    def _hook_chains(pid, hooks):
        """Our chains in a network namespace's tables, each jumped to first from its built-in chain."""
        for table, builtin, chain in hooks:
            netns(pid, "iptables", "-t", table, "-N", chain, check=False)
            if not netns(pid, "iptables", "-t", table, "-C", builtin, "-j", chain, check=None):
                netns(pid, "iptables", "-t", table, "-I", builtin, "1", "-j", chain)

    def _sync_volumes(self, state):
        """Files at their size, loop devices exactly for attached volumes; returns {volume id: loop device}."""
        loops = self.volumes.loops()
        for volume_id, volume in state.volumes.items():
            if self.volumes.ensure_file(volume_id, volume.size_gib) and volume_id in loops:
                self.volumes.refresh_capacity(loops[volume_id])
        for droplet_id, applied in self._applied.items():
            spec = state.droplets.get(droplet_id)
            for name in list(applied["nodes"] or {}):
                if spec is None or name not in spec.volumes.values():
                    self.volumes.remove_node("%s-droplet-%d" % (self.prefix, droplet_id), name)
                    del applied["nodes"][name]
        for volume_id, loop in list(loops.items()):
            volume = state.volumes.get(volume_id)
            if volume is None or volume.droplet_id is None:
                self.volumes.detach_loop(loop)
                del loops[volume_id]
        for volume_id in self.volumes.files() - set(state.volumes):
            self.volumes.remove_file(volume_id)
        for volume_id, volume in state.volumes.items():
            if volume.droplet_id is not None and volume_id not in loops:
                loops[volume_id] = self.volumes.attach_loop(volume_id)
        return loops

    # -- load balancers ---------------------------------------------------------------------------------------
    def _sync_load_balancers(self, state, pool):
        """One HAProxy container per load balancer, its entry ports also published on 127.0.0.1 (for a browser);
        the configuration is rewritten when the load balancer, its rules or its droplets change."""
        existing = self._lb_containers()
        for lb_id, container in existing.items():
            if lb_id not in state.load_balancers:
                docker("rm", "-f", "-v", container["name"])
                self._lb_applied.pop(lb_id, None)
        for lb_id, spec in state.load_balancers.items():
            try:
                container = existing.get(lb_id)
                ports = sorted(r["entry_port"] for r in spec.forwarding_rules
                               if not haproxy_config.skip_reason(r))
                if container is not None and container["published"] != ports:
                    docker("rm", "-f", "-v", container["name"])  # published ports are fixed when a container is made
                    container = None
                if container is None:
                    container = self._create_service(LB_LABEL, spec, pool, ports)
                elif not container["running"]:
                    docker("start", container["name"])
                config = haproxy_config.render(spec)
                if self._lb_applied.get(lb_id) != (container["id"], config):
                    docker("exec", "-i", container["name"], "sh", "-c", APPLY_HAPROXY, stdin=config)
                    self._lb_applied[lb_id] = (container["id"], config)
            except BoxError as e:
                log("load balancer %s: %s" % (lb_id, e))

    def _create_service(self, label, spec, pool, ports=()):
        """A container for a managed service (a load balancer or a database cluster) on the public network and its
        VPC, from the droplet image (which carries their servers, disabled), started."""
        kind = "lb" if label == LB_LABEL else "db"
        name = "%s-%s-%s" % (self.prefix, kind, spec.id[:8])
        attach = []
        if spec.public_ip and pool:
            attach.append((self._ensure_network(self._public_network(), pool, "public"), spec.public_ip))
        attach.append((self._ensure_network(self._vpc_network(spec.vpc_id), spec.vpc_range, "vpc"), spec.private_ip))
        args = ["create", "--name", name, "--hostname", "%s-%s" % (kind, spec.id[:8]),
                "--label", "%s=%s" % (INSTANCE_LABEL, self.instance), "--label", "%s=%s" % (label, spec.id),
                "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--tmpfs", "/run", "--tmpfs", "/run/lock",
                "-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro", "--stop-signal", "SIGRTMIN+3", "--memory", "1024m",
                "--network", attach[0][0], "--ip", attach[0][1]]
        for port in ports:
            args += ["-p", "127.0.0.1::%d" % port]
        docker(*args, self.image)
        try:
            for net, address in attach[1:]:
                docker("network", "connect", "--ip", address, net, name)
            docker("start", name)
        except BoxError:
            docker("rm", "-f", name, check=False)
            raise
        return self._service_containers(label)[spec.id]

    # -- database clusters ------------------------------------------------------------------------------------
    def database_hosts(self, req, engine, vpc):
        """A PostgreSQL cluster gets a public and a VPC address, which its connections name; other engines stay
        records (no server runs for them)."""
        if engine != "pg":
            return None
        return {"public": network.allocate_public_ipv4(req)["ip_address"],
                "private": network.allocate_private_ipv4(req, vpc)["ip_address"]}

    def _sync_databases(self, state, pool):
        """One container per PostgreSQL cluster running PostgreSQL and PgBouncer as the API describes them (users,
        databases, pools), and its trusted sources as iptables rules on ports 25060 and 25061."""
        existing = self._service_containers(DB_LABEL)
        for cluster_id, container in existing.items():
            if cluster_id not in state.databases:
                docker("rm", "-f", "-v", container["name"])
                self._db_applied.pop(cluster_id, None)
        for cluster_id, spec in state.databases.items():
            try:
                container = existing.get(cluster_id)
                if container is None:
                    container = self._create_service(DB_LABEL, spec, pool)
                elif not container["running"]:
                    docker("start", container["name"])
                    container = self._service_containers(DB_LABEL)[cluster_id]
                applied = self._db_applied.get(cluster_id)
                if applied is None or applied["pid"] != container["pid"]:
                    applied = {"pid": container["pid"], "setup": None, "rules": None}
                    self._db_applied[cluster_id] = applied
                    self._hook_chains(container["pid"], [("mangle", "INPUT", firewall_rules.DB_CHAIN)])
                rules = firewall_rules.render_trusted(spec.trusted)
                if rules != applied["rules"]:
                    netns(container["pid"], "iptables-restore", "--noflush", stdin=rules)
                    applied["rules"] = rules
                setup = postgres_setup.render(spec)
                if setup != applied["setup"]:
                    try:
                        docker("exec", "-i", container["name"], "bash", "-s", stdin=setup, timeout=300)
                    except BoxError as e:  # its message may quote the script, which holds the passwords
                        raise BoxError(_without(str(e), spec.users.values())) from None
                    applied["setup"] = setup
            except BoxError as e:
                log("database cluster %s: %s" % (cluster_id, e))

    # -- docker objects of this instance ----------------------------------------------------------------------
    def _public_network(self):
        return "%s-public" % self.prefix

    def _vpc_network(self, vpc_id):
        return "%s-vpc-%s" % (self.prefix, vpc_id[:8])

    def _labelled(self, label):
        """`docker inspect` of this instance's containers that carry a label (droplet or load balancer)."""
        ids = docker("ps", "-aq", "--filter", "label=%s=%s" % (INSTANCE_LABEL, self.instance),
                     "--filter", "label=%s" % label).split()
        return inspect("container", ids)

    def _containers(self):
        """{droplet id: {"name", "running", "pid"}} for this instance's droplet containers."""
        return {int(c["Config"]["Labels"][DROPLET_LABEL]): {
            "name": c["Name"].lstrip("/"), "running": c["State"]["Running"], "pid": c["State"]["Pid"]}
            for c in self._labelled(DROPLET_LABEL)}

    def _lb_containers(self):
        return self._service_containers(LB_LABEL)

    def _service_containers(self, label):
        """{service id: {"name", "id", "running", "pid", "ports": {port: loopback port}, "published"}} for this
        instance's containers of a managed service (load balancers, database clusters)."""
        found = {}
        for c in self._labelled(label):
            ports = {}
            for key, bindings in (c["NetworkSettings"]["Ports"] or {}).items():
                if bindings:
                    ports[int(key.split("/")[0])] = int(bindings[0]["HostPort"])
            found[c["Config"]["Labels"][label]] = {"name": c["Name"].lstrip("/"), "id": c["Id"],
                                                   "running": c["State"]["Running"], "pid": c["State"]["Pid"],
                                                   "ports": ports,
                                                      "published": sorted(int(k.split("/")[0]) for k in
                                                                          c["HostConfig"]["PortBindings"] or {})}
        return found

    def _networks(self):
        names = docker("network", "ls", "-q", "--filter", "label=%s=%s" % (INSTANCE_LABEL, self.instance)).split()
        return inspect("network", names)

    def _own_bridges(self):
        return {"br-%s" % n["Id"][:12] for n in self._networks()}

    def _ensure_network(self, name, subnet, role):
        if any(n["Name"] == name for n in self._networks()):
            return name
        network = ipaddress.ip_network(subnet)
        own = self._own_bridges()
        for route, device in host_routes():
            if device not in own and route.overlaps(network):
                raise BoxError("not creating the docker network %s: %s overlaps the host's route %s via %s"
                               % (name, network, route, device))
        try:
            docker("network", "create", "--driver", "bridge", "--subnet", str(network), "--gateway", str(network[1]),
                   "--label", "%s=%s" % (INSTANCE_LABEL, self.instance), "--label", "%s=%s" % (NETWORK_LABEL, role),
                   name)
        except BoxError:
            if not any(n["Name"] == name for n in self._networks()):  # made meanwhile by a concurrent request
                raise
        return name

    def _remove_unused_networks(self, state):
        needed = {self._vpc_network(v) for v in state.vpcs}
        if any(s.public_ip for s in [*state.droplets.values(), *state.load_balancers.values(),
                                     *state.databases.values()]):
            needed.add(self._public_network())
        for made in self._networks():
            if made["Name"] not in needed:
                docker("network", "rm", made["Name"], check=False)

    # -- cleaning up ------------------------------------------------------------------------------------------
    def reset(self):
        """Removes every container, network, loop device and file of this instance."""
        with self._lock:
            try:
                ids = docker("ps", "-aq", "--filter", "label=%s=%s" % (INSTANCE_LABEL, self.instance)).split()
                if ids:
                    docker("rm", "-f", "-v", *ids)
                for loop in self.volumes.loops().values():
                    self.volumes.detach_loop(loop)
                for volume_id in self.volumes.files():
                    self.volumes.remove_file(volume_id)
                for made in self._networks():
                    docker("network", "rm", made["Name"], check=False)
            except BoxError as e:
                log("reset: %s" % e)
            self._applied.clear()
            self._lb_applied.clear()
            self._db_applied.clear()
            with self._power_lock:
                self._power_cache = None

    def close(self):
        if not self.keep_on_exit:
            self.reset()
            try:
                os.rmdir(os.path.join(self.box_dir, "volumes"))
            except OSError:
                pass
            try:
                os.rmdir(self.box_dir)
            except OSError:
                pass
