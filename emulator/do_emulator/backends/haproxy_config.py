"""A load balancer of the box as an HAProxy configuration (pure: the LoadBalancerSpec in, the file's text out).

Each forwarding rule is a frontend on its entry port and a backend of the droplets behind the load balancer on the
target port, reached at their VPC addresses, as DigitalOcean's load balancers reach droplets. The health check
takes a droplet out of rotation after `unhealthy_threshold` failed checks and back after `healthy_threshold` good
ones, every `check_interval_seconds`. HTTP rules honour sticky sessions (a cookie) and redirect_http_to_https;
`tls_passthrough` rules and tcp rules are balanced as TCP. The load balancer's firewall refuses connections from
`deny` sources and, when `allow` lists any, from every source it does not list (an empty firewall admits everyone,
as on DigitalOcean). What the box cannot serve is left out with a comment:
UDP (HAProxy does not balance it) and TLS termination with a certificate_id (the box keeps no certificates).
"""

ALGORITHMS = {"round_robin": "roundrobin", "least_connections": "leastconn"}
# HAProxy's runtime API in the load balancer's container: the box reads each droplet's health check state there.
STATS_SOCKET = "/var/lib/haproxy/tide-stats.sock"  # not under /run: a tmpfs in the box, without /run/haproxy
# Prints "<backend>,<server>,<status>" per droplet server, from the `show stat` CSV of the runtime API.
READ_HEALTH = (
    "import csv, socket\n"
    "s = socket.socket(socket.AF_UNIX)\n"
    "s.connect(%r)\n"
    "s.sendall(b'show stat\\n')\n"
    "data = b''\n"
    "while True:\n"
    "    chunk = s.recv(65536)\n"
    "    if not chunk:\n"
    "        break\n"
    "    data += chunk\n"
    "for row in csv.reader(data.decode().lstrip('# ').splitlines()[1:]):\n"
    "    if len(row) > 17 and row[1].startswith('droplet-'):\n"
    "        print('%%s,%%s,%%s' %% (row[0], row[1], row[17]))\n" % STATS_SOCKET
)


def droplet_health(lines):
    """{droplet id: "healthy" | "unhealthy"} from READ_HEALTH's output: healthy when its server is UP (or going
    down but still UP) in every forwarding rule's backend, as a DigitalOcean load balancer counts a droplet."""
    health = {}
    for line in lines.splitlines():
        parts = line.strip().split(",")
        if len(parts) != 3:
            continue
        droplet_id, up = int(parts[1][len("droplet-"):]), parts[2].startswith("UP")
        health[droplet_id] = "healthy" if up and health.get(droplet_id, "healthy") == "healthy" else "unhealthy"
    return health


def skip_reason(rule):
    if rule["entry_protocol"] == "udp":
        return "udp is not balanced in the box"
    if rule.get("certificate_id"):
        return "TLS termination needs certificates, which the box does not keep"
    return None


def _mode(rule):
    return "http" if rule["entry_protocol"] == "http" and rule["target_protocol"] in ("http", "https") else "tcp"


def _backend(spec, rule, name, mode):
    check = spec.health_check
    lines = ["backend %s" % name, "    mode %s" % mode, "    balance %s" % ALGORITHMS.get(spec.algorithm, "roundrobin"),
             "    timeout check %ds" % check["response_timeout_seconds"]]
    if check["protocol"] in ("http", "https"):
        lines += ["    option httpchk GET %s" % check["path"], "    http-check expect rstatus ^[23]"]
    sticky = mode == "http" and spec.sticky_sessions.get("type") == "cookies"
    if sticky:
        lines.append("    cookie %s insert indirect nocache maxlife %ds"
                     % (spec.sticky_sessions["cookie_name"], spec.sticky_sessions["cookie_ttl_seconds"]))
    options = ["check", "port %d" % check["port"], "inter %ds" % check["check_interval_seconds"],
               "fall %d" % check["unhealthy_threshold"], "rise %d" % check["healthy_threshold"]]
    if check["protocol"] == "https":
        options.append("check-ssl verify none")
    if rule["target_protocol"] == "https" and mode == "http":
        options.append("ssl verify none")
    for droplet_id, address in spec.targets:
        cookie = ["cookie droplet-%d" % droplet_id] if sticky else []
        lines.append("    server droplet-%d %s:%d %s" % (droplet_id, address, rule["target_port"],
                                                          " ".join(options + cookie)))
    return lines


def _firewall(firewall):
    """A frontend's lines refusing what the load balancer's firewall does not admit ("ip:1.2.3.4", "cidr:...")."""
    lines = []
    for verdict in ("deny", "allow"):
        sources = [entry.split(":", 1)[1] for entry in firewall.get(verdict) or ()]
        if sources:
            lines.append("    acl firewall_%s src %s" % (verdict, " ".join(sources)))
    if firewall.get("deny"):
        lines.append("    tcp-request connection reject if firewall_deny")
    if firewall.get("allow"):
        lines.append("    tcp-request connection reject if !firewall_allow")
    return lines


def render(spec):
    lines = ["# Written by do-emulator for the load balancer %s (%s), again on every change." % (spec.name, spec.id),
             "global", "    maxconn 4096", "    stats socket %s mode 600 level user" % STATS_SOCKET, "",
             "defaults", "    timeout connect 5s", "    timeout client 60s", "    timeout server 60s", ""]
    for rule in sorted(spec.forwarding_rules, key=lambda r: r["entry_port"]):
        reason = skip_reason(rule)
        if reason:
            lines += ["# entry port %d (%s) is not served: %s" % (rule["entry_port"], rule["entry_protocol"], reason),
                      ""]
            continue
        mode = _mode(rule)
        name = "port_%d" % rule["entry_port"]
        lines += ["frontend %s" % name, "    mode %s" % mode, "    bind :%d" % rule["entry_port"]]
        lines += _firewall(spec.firewall)
        if mode == "http":
            lines.append("    option forwardfor")
            if spec.redirect_http_to_https:
                lines.append("    http-request redirect scheme https code 301")
        lines += ["    default_backend %s" % name, ""]
        lines += [*_backend(spec, rule, name, mode), ""]
    return "\n".join(lines)
