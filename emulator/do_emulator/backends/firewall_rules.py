"""Cloud firewall rules as iptables, applied inside a droplet's network namespace.

The rules live in chains of their own in the `mangle` table, which UFW (the droplet's own, second layer) never
reads nor flushes: UFW manages the `filter` table only. Outbound SMTP (25, 465, 587) is dropped on every droplet,
firewall or not, as DigitalOcean does. With no firewall applying, everything else passes; with one or more, what
none of their rules allows is dropped (connections already established are kept, and loopback always works).
"""

IN_CHAIN = "TIDE-CLOUD-FW-IN"
OUT_CHAIN = "TIDE-CLOUD-FW-OUT"
SMTP_PORTS = "25,465,587"


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
    lines.append("COMMIT")
    return "\n".join(lines) + "\n"


def hooks():
    """The jumps into both chains, added once per network namespace (a restarted container has a new one)."""
    return [("INPUT", IN_CHAIN), ("OUTPUT", OUT_CHAIN)]


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
