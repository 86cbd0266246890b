"""What the box should look like, derived from the stored state alone (no docker here, so it is testable).

`desired(store)` reads the documents the API areas own and answers, per droplet: its machine (memory, CPUs,
addresses, keys, user data), whether it should run, the volumes attached to it and the cloud firewall rules that
apply to it, with every source and destination resolved to addresses.
"""

import ipaddress
from dataclasses import dataclass, field
from typing import Optional

RUNNING_STATUSES = ("new", "active")
GEO_KIND, GEO_KEY = "box", "geo_blocks"


def geo_blocks(body):
    """The admin's geo blocks from a PUT body, checked: {"answer": "address:port", "regions": {region: [destination,
    ...]}} where a destination is "address", "address:port" or "network" (IPv4). Raises ValueError."""
    if not isinstance(body, dict) or set(body) - {"answer", "regions"}:
        raise ValueError("the body is {\"answer\": \"address:port\", \"regions\": {region: [destination, ...]}}")
    regions = body.get("regions") or {}
    if not isinstance(regions, dict) or not all(isinstance(v, list) for v in regions.values()):
        raise ValueError("regions maps a region slug to a list of destinations")
    checked = {str(region): [_destination(d) for d in blocked] for region, blocked in regions.items()}
    answer = body.get("answer")
    if any(checked.values()):
        network, port = _destination(answer) if isinstance(answer, str) else (None, None)
        if port is None or ipaddress.ip_network(network).num_addresses != 1:
            raise ValueError("answer is the address:port of the endpoint that answers instead (with a 451)")
    return {"id": GEO_KEY, "answer": answer if any(checked.values()) else None,
            "regions": {region: [_shown(d) for d in blocked] for region, blocked in checked.items() if blocked}}


def _destination(value):
    """"198.18.0.1:8080" -> ("198.18.0.1/32", 8080); "203.0.113.0/24" -> ("203.0.113.0/24", None)."""
    if not isinstance(value, str):
        raise ValueError("a destination is a string, not %r" % (value,))
    address, _, port = value.partition(":")
    try:
        network = ipaddress.ip_network(address, strict=False)
        number = int(port) if port else None
    except ValueError:
        raise ValueError("not an IPv4 address[:port] or network: %r" % value) from None
    if network.version != 4 or (number is not None and not 0 < number < 65536):
        raise ValueError("not an IPv4 address[:port] or network: %r" % value)
    return str(network), number


def _shown(destination):
    network, port = destination
    shown = network[:-3] if network.endswith("/32") else network
    return shown if port is None else "%s:%d" % (shown, port)


@dataclass(frozen=True)
class Rule:
    protocol: str  # tcp, udp or icmp
    ports: str  # "0" (all), "22" or "8000-9000"
    cidrs: tuple  # IPv4 networks the rule admits (sources or destinations)


@dataclass
class DropletSpec:
    id: int
    name: str
    run: bool
    memory_mb: int
    vcpus: int
    public_ip: Optional[str]
    private_ip: Optional[str]
    vpc_id: Optional[str]
    vpc_range: Optional[str]
    authorized_keys: str
    user_data: Optional[str]
    volumes: dict = field(default_factory=dict)  # volume id -> volume name
    firewalled: bool = False  # at least one cloud firewall applies: everything not allowed is dropped
    inbound: list = field(default_factory=list)
    outbound: list = field(default_factory=list)
    geo_blocked: tuple = ()  # (network, port or None) its region's egress may not reach (the admin's geo blocks)
    geo_answer: Optional[str] = None  # "address:port" that answers instead of a geo-blocked destination


@dataclass
class VolumeSpec:
    id: str
    name: str
    size_gib: int
    droplet_id: Optional[int]


@dataclass
class LoadBalancerSpec:
    id: str
    name: str
    public_ip: Optional[str]  # None for an INTERNAL load balancer
    private_ip: str
    vpc_id: str
    vpc_range: str
    algorithm: str
    forwarding_rules: list
    health_check: dict
    sticky_sessions: dict
    redirect_http_to_https: bool
    targets: list = field(default_factory=list)  # (droplet id, private address) of the droplets behind it
    firewall: dict = field(default_factory=dict)  # {"allow": ["ip:1.2.3.4", "cidr:..."], "deny": [...]}


@dataclass
class DatabaseSpec:
    id: str
    name: str
    public_ip: str
    private_ip: str
    vpc_id: str
    vpc_range: str
    users: dict  # name -> password
    dbs: list
    pools: list  # {"name", "db", "user" (None: the inbound user), "size", "mode"}
    trusted: Optional[tuple]  # networks allowed to connect; None: no rules, open to all (as on the API)


@dataclass
class BoxState:
    droplets: dict  # id -> DropletSpec
    volumes: dict  # id -> VolumeSpec
    vpcs: dict  # id -> ip_range, for the VPCs that hold at least one droplet or load balancer
    load_balancers: dict = field(default_factory=dict)  # id -> LoadBalancerSpec
    databases: dict = field(default_factory=dict)  # id -> DatabaseSpec, for the clusters the backend runs


def _address(droplet, kind):
    for net in droplet.get("_networks", {}).get("v4", []):
        if net["type"] == kind:
            return net["ip_address"]
    return None


def _ipv4_only(addresses):
    kept = []
    for value in addresses:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            continue
        if network.version == 4:
            kept.append(str(network))
    return kept


class _Resolver:
    """Turns a firewall rule's sources/destinations into IPv4 networks."""

    def __init__(self, store, droplets):
        self.droplets = droplets
        self.lb_addresses = {lb["id"]: lb.get("_ip") for lb in store.all("load_balancers")}

    def droplet_addresses(self, droplet):
        return [a + "/32" for a in (_address(droplet, "public"), _address(droplet, "private")) if a]

    def cidrs(self, target):
        found = _ipv4_only(target.get("addresses") or [])
        for droplet_id in target.get("droplet_ids") or []:
            droplet = self.droplets.get(int(droplet_id))
            if droplet:
                found += self.droplet_addresses(droplet)
        for tag in target.get("tags") or []:
            for droplet in self.droplets.values():
                if tag in droplet.get("tags", []):
                    found += self.droplet_addresses(droplet)
        for lb_id in target.get("load_balancer_uids") or []:
            if self.lb_addresses.get(lb_id):
                found.append(self.lb_addresses[lb_id] + "/32")
        return tuple(dict.fromkeys(found))


def _rules(resolver, rules, target_key):
    resolved = []
    for rule in rules:
        cidrs = resolver.cidrs(rule.get(target_key) or {})
        if cidrs:
            resolved.append(Rule(rule["protocol"], str(rule.get("ports") or "0"), cidrs))
    return resolved


def desired(store):
    """The BoxState for the stored documents."""
    droplets = {int(d["id"]): d for d in store.all("droplets")}
    keys = {int(k["id"]): k["public_key"] for k in store.all("ssh_keys")}
    vpcs = {v["id"]: v for v in store.all("vpcs")}
    resolver = _Resolver(store, droplets)
    firewalls = store.all("firewalls")
    geo = store.get(GEO_KIND, GEO_KEY) or {"answer": None, "regions": {}}
    specs = {}
    for droplet_id, d in droplets.items():
        vpc = vpcs.get(d.get("vpc_uuid"))
        applying = [fw for fw in firewalls
                    if droplet_id in fw.get("_droplet_ids", []) or set(d.get("tags", [])) & set(fw.get("tags", []))]
        specs[droplet_id] = DropletSpec(
            id=droplet_id,
            name=d["name"],
            run=d["status"] in RUNNING_STATUSES,
            memory_mb=int(d["memory"]),
            vcpus=int(d["vcpus"]),
            public_ip=_address(d, "public"),
            private_ip=_address(d, "private"),
            vpc_id=vpc["id"] if vpc else None,
            vpc_range=vpc["ip_range"] if vpc else None,
            authorized_keys="".join(keys[k].strip() + "\n" for k in d.get("_ssh_key_ids") or [] if k in keys),
            user_data=d.get("_user_data"),
            firewalled=bool(applying),
            inbound=[r for fw in applying for r in _rules(resolver, fw["inbound_rules"], "sources")],
            outbound=[r for fw in applying for r in _rules(resolver, fw["outbound_rules"], "destinations")],
            geo_blocked=tuple(_destination(b) for b in geo["regions"].get(d.get("region"), [])),
            geo_answer=geo["answer"] if geo["regions"].get(d.get("region")) else None,
        )
    volumes = {}
    for v in store.all("volumes"):
        holder = None
        for droplet_id in v.get("droplet_ids") or []:
            droplet = droplets.get(int(droplet_id))
            if droplet is not None and v["id"] in (droplet.get("volume_ids") or []):
                holder = int(droplet_id)
        volumes[v["id"]] = VolumeSpec(v["id"], v["name"], int(v["size_gigabytes"]), holder)
        if holder is not None:
            specs[holder].volumes[v["id"]] = v["name"]
    load_balancers = {}
    for lb in store.all("load_balancers"):
        vpc = vpcs.get(lb.get("vpc_uuid"))
        if vpc is None or not lb.get("_private_ip"):
            continue  # made before load balancers had a VPC address: nothing to run
        if lb.get("tag"):
            members = [d for d in droplets.values() if lb["tag"] in (d.get("tags") or [])]
        else:
            members = [droplets[i] for i in lb.get("_droplet_ids") or [] if i in droplets]
        load_balancers[lb["id"]] = LoadBalancerSpec(
            id=lb["id"], name=lb["name"],
            public_ip=lb["_ip"] if lb.get("network") != "INTERNAL" else None,
            private_ip=lb["_private_ip"], vpc_id=vpc["id"], vpc_range=vpc["ip_range"],
            algorithm=lb.get("algorithm", "round_robin"), forwarding_rules=list(lb["forwarding_rules"]),
            health_check=dict(lb["health_check"]), sticky_sessions=dict(lb["sticky_sessions"]),
            redirect_http_to_https=bool(lb.get("redirect_http_to_https")),
            firewall={k: list(v) for k, v in (lb.get("firewall") or {}).items() if v},
            targets=[(int(d["id"]), _address(d, "private")) for d in members if _address(d, "private")])
    databases = {}
    for cluster in store.all("databases"):
        vpc = vpcs.get(cluster.get("private_network_uuid"))
        if not cluster.get("_hosts") or vpc is None:
            continue
        databases[cluster["id"]] = DatabaseSpec(
            id=cluster["id"], name=cluster["name"], public_ip=cluster["_hosts"]["public"],
            private_ip=cluster["_hosts"]["private"], vpc_id=vpc["id"], vpc_range=vpc["ip_range"],
            users={u["name"]: u["password"] for u in cluster["_users"].values()}, dbs=list(cluster["_dbs"]),
            pools=[dict(p) for p in cluster["_pools"].values()],
            trusted=_trusted_sources(resolver, cluster["_rules"]) if cluster["_rules"] else None)
    used_vpcs = {s.vpc_id: s.vpc_range for s in specs.values() if s.vpc_id}
    used_vpcs.update({lb.vpc_id: lb.vpc_range for lb in load_balancers.values()})
    used_vpcs.update({db.vpc_id: db.vpc_range for db in databases.values()})
    return BoxState(specs, volumes, used_vpcs, load_balancers, databases)


def _trusted_sources(resolver, rules):
    """A database firewall's rules as networks: ip_addr as given, droplets and tags by their addresses (apps and
    Kubernetes clusters have none in the box)."""
    target = {"addresses": [r["value"] for r in rules if r["type"] == "ip_addr"],
              "droplet_ids": [r["value"] for r in rules if r["type"] == "droplet"],
              "tags": [r["value"] for r in rules if r["type"] == "tag"]}
    return resolver.cidrs(target)
