"""Cloud firewalls in the box: enforced on the droplets' traffic from another droplet, beside UFW (the second
layer), and outbound SMTP blocked on every droplet as on DigitalOcean."""

OPEN, CLOSED = 8080, 9090


def firewall(box, droplet_id, inbound_ports):
    body = {"name": "box-fw", "droplet_ids": [droplet_id],
            "inbound_rules": [{"protocol": "tcp", "ports": str(p), "sources": {"addresses": ["0.0.0.0/0"]}}
                              for p in inbound_ports],
            "outbound_rules": [{"protocol": "tcp", "ports": "all", "destinations": {"addresses": ["0.0.0.0/0"]}}]}
    return box.api("POST", "/v2/firewalls", body, expect=202)["firewall"]


def test_firewall_opens_only_its_ports_and_is_lifted_when_deleted(box):
    web = box.create_droplet("box-fw-web")["id"]
    client = box.create_droplet("box-fw-client")["id"]
    target = box.address(box.droplet(web), "private")
    for port in (OPEN, CLOSED):
        box.listen(web, port)
    assert box.connects(client, target, CLOSED)  # no firewall yet: everything passes

    fw = firewall(box, web, [OPEN])
    assert box.connects(client, target, OPEN)
    assert not box.connects(client, target, CLOSED)
    assert not box.connects(client, box.address(box.droplet(web), "public"), CLOSED)

    box.api("DELETE", "/v2/firewalls/%s" % fw["id"], expect=204)
    assert box.connects(client, target, CLOSED)


def test_firewall_by_tag_follows_the_droplets_tags(box):
    web = box.create_droplet("box-tag-web")["id"]
    client = box.create_droplet("box-tag-client")["id"]
    target = box.address(box.droplet(web), "private")
    box.listen(web, CLOSED)
    box.api("POST", "/v2/tags", {"name": "fenced"}, expect=201)
    body = {"name": "box-tag-fw", "tags": ["fenced"],
            "inbound_rules": [{"protocol": "tcp", "ports": "22", "sources": {"addresses": ["0.0.0.0/0"]}}]}
    box.api("POST", "/v2/firewalls", body, expect=202)
    assert box.connects(client, target, CLOSED)  # the droplet does not carry the tag yet
    box.api("POST", "/v2/tags/fenced/resources",
            {"resources": [{"resource_id": str(web), "resource_type": "droplet"}]}, expect=204)
    assert not box.connects(client, target, CLOSED)


def test_ufw_in_the_droplet_is_a_second_layer_that_does_not_touch_the_cloud_firewall(box):
    web = box.create_droplet("box-ufw-web")["id"]
    client = box.create_droplet("box-ufw-client")["id"]
    box.wait_booted(web)
    target = box.address(box.droplet(web), "private")
    for port in (OPEN, CLOSED):
        box.listen(web, port)
    firewall(box, web, [OPEN, CLOSED])
    assert box.connects(client, target, CLOSED)
    # UFW allows only OPEN: CLOSED is now stopped by the droplet's own layer, OPEN still passes both.
    box.sh(web, "ufw allow %d/tcp && ufw --force enable && ufw reload" % OPEN)
    assert box.connects(client, target, OPEN)
    assert not box.connects(client, target, CLOSED)
    chains = box.sh(web, "iptables -t mangle -S").stdout
    assert "TIDE-CLOUD-FW-IN" not in box.sh(web, "iptables -t filter -S").stdout
    # UFW's reset flushes what it owns; the cloud firewall's chains live in another table and stay.
    box.sh(web, "ufw --force reset")
    assert box.sh(web, "iptables -t mangle -S").stdout == chains


def test_outbound_smtp_is_blocked_on_every_droplet(box):
    sender = box.create_droplet("box-smtp-sender")["id"]
    relay = box.create_droplet("box-smtp-relay")["id"]
    address = box.address(box.droplet(relay), "private")
    for port in (25, 465, 587, 2525):
        box.listen(relay, port)
    assert box.connects(sender, address, 2525)
    for port in (25, 465, 587):
        assert not box.connects(sender, address, port), "outbound SMTP port %d is open" % port
