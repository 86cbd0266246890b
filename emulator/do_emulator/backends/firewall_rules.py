"""Cloud firewall rules as iptables, applied inside a droplet's network namespace.

The rules live in chains of their own in the `mangle` table, which UFW (the droplet's own, second layer) never
reads nor flushes: UFW manages the `filter` table only. Outbound SMTP (25, 465, 587) is dropped on every droplet,
firewall or not, as DigitalOcean does. With no firewall applying, everything else passes; with one or more, what
none of their rules allows is dropped (connections already established are kept, and loopback always works).

The admin's geo blocks (PUT /_emulator/box/geo_blocks) are rules of the `nat` table (chain `TIDE-GEO-OUT`): TCP to a
destination blocked in the droplet's region goes to the answering endpoint instead (which says 451), as if an
external API refused the region.
"""

IN_CHAIN = "TIDE-CLOUD-FW-IN"
OUT_CHAIN = "TIDE-CLOUD-FW-OUT"
SMTP_PORTS = "25,465,587"
GEO_CHAIN = "TIDE-GEO-OUT"


def _match(rule):
    """The iptables match of one rule for one of its networks, without the network."""
    parts = ["-p", rule.protocol]
    if rule.protocol != "icmp" and rule.ports not in ("0", "all", ""):
        parts += ["--dport", rule.ports.replace("-", ":")]
    return parts


def _allow(chain, rule, flag):
    lines = []
    for cidr in rule.cidrs:
        address = [] if cidr in ("0.0.0.0/0",) else [flag, cidr]
        lines.append(" ".join(["-A", chain, *_match(rule), *address, "-j", "RETURN"]))
    return lines


def render(spec):
    """iptables-restore input (for --noflush) that replaces the contents of both chains for one DropletSpec."""
    lines = ["*mangle", ":%s - [0:0]" % IN_CHAIN, ":%s - [0:0]" % OUT_CHAIN, "-F %s" % IN_CHAIN, "-F %s" % OUT_CHAIN,
             "-A %s -p tcp -m multiport --dports %s -j DROP" % (OUT_CHAIN, SMTP_PORTS)]
    if spec.firewalled:
        for chain, interface in ((IN_CHAIN, "-i"), (OUT_CHAIN, "-o")):
            lines.append("-A %s %s lo -j RETURN" % (chain, interface))
            lines.append("-A %s -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN" % chain)
        for rule in spec.inbound:
            lines += _allow(IN_CHAIN, rule, "-s")
        for rule in spec.outbound:
            lines += _allow(OUT_CHAIN, rule, "-d")
        lines += ["-A %s -j DROP" % IN_CHAIN, "-A %s -j DROP" % OUT_CHAIN]
    lines += ["COMMIT", "*nat", ":%s - [0:0]" % GEO_CHAIN, "-F %s" % GEO_CHAIN]
    for network, port in spec.geo_blocked:
        match = ["-p", "tcp", "-d", network] + (["--dport", str(port)] if port else [])
        lines.append(" ".join(["-A", GEO_CHAIN, *match, "-j", "DNAT", "--to-destination", spec.geo_answer]))
    lines.append("COMMIT")
    return "\n".join(lines) + "\n"


def hooks():
    """The jumps into our chains as (table, built-in chain, chain), added once per network namespace (a restarted
    container has a new one)."""
    return [("mangle", "INPUT", IN_CHAIN), ("mangle", "OUTPUT", OUT_CHAIN), ("nat", "OUTPUT", GEO_CHAIN)]


DB_CHAIN = "TIDE-DB-FW-IN"
DB_PORTS = "25060,25061"


def render_trusted(trusted):
    """iptables-restore input for a database cluster's firewall (trusted sources) on its two ports: open to all
    without rules (`trusted` None), else only from the trusted networks."""
    lines = ["*mangle", ":%s - [0:0]" % DB_CHAIN, "-F %s" % DB_CHAIN]
    if trusted is not None:
        lines += ["-A %s -i lo -j RETURN" % DB_CHAIN,
                  "-A %s -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN" % DB_CHAIN]
        lines += ["-A %s -p tcp -m multiport --dports %s -s %s -j RETURN" % (DB_CHAIN, DB_PORTS, cidr)
                  for cidr in trusted]
        lines.append("-A %s -p tcp -m multiport --dports %s -j DROP" % (DB_CHAIN, DB_PORTS))
    lines.append("COMMIT")
    return "\n".join(lines) + "\n"
