"""What each host looks like: its name, ansible_host, its do_ variables and its groups."""

PLUGIN = "tide.digitalocean.droplets"


def address(droplet, kind):
    return next(n["ip_address"] for n in droplet["networks"]["v4"] if n["type"] == kind)


def test_hostname_schemes_name_id_and_name_region(emulator, run_inventory):
    (web1,) = emulator.create_droplets(["web1"], region="fra1")

    assert run_inventory({"plugin": PLUGIN, "hostname": "name"}).hosts == ["web1"]
    assert run_inventory({"plugin": PLUGIN, "hostname": "id"}).hosts == [str(web1["id"])]
    assert run_inventory({"plugin": PLUGIN, "hostname": "name_region"}).hosts == ["web1_fra1"]


def test_droplets_sharing_a_name_never_collapse_into_one_host(emulator, run_inventory):
    (nyc,) = emulator.create_droplets(["app"], region="nyc3")
    (fra,) = emulator.create_droplets(["app"], region="fra1")
    emulator.create_droplets(["solo"])

    run = run_inventory({"plugin": PLUGIN})

    assert run.hosts == sorted(["app_%s" % nyc["id"], "app_%s" % fra["id"], "solo"])
    assert run.hostvars["app_%s" % fra["id"]]["do_region"] == "fra1"
    warning = " ".join(run.stderr.split())
    assert "several droplets share the host name(s) app" in warning
    # Their names differ once the region is part of the host name, so nothing needs disambiguating then.
    by_region = run_inventory({"plugin": PLUGIN, "hostname": "name_region"})
    assert by_region.hosts == ["app_fra1", "app_nyc3", "solo_nyc3"]
    assert "share the host name" not in by_region.stderr


def test_ansible_host_is_the_public_address_by_default_and_the_vpc_address_on_request(emulator, run_inventory):
    (created,) = emulator.create_droplets(["web1"])
    droplet = emulator.droplet(created["id"])

    public = run_inventory({"plugin": PLUGIN}).hostvars["web1"]
    private = run_inventory({"plugin": PLUGIN, "ip": "private"}).hostvars["web1"]

    assert public["ansible_host"] == address(droplet, "public")
    assert private["ansible_host"] == address(droplet, "private")
    assert private["ansible_host"] != public["ansible_host"]
    assert private["do_vpc_uuid"] == droplet["vpc_uuid"]


def test_a_droplet_without_a_public_address_gets_no_ansible_host_and_a_warning(emulator, run_inventory):
    emulator.create_droplets(["internal1"], public_networking=False)

    run = run_inventory({"plugin": PLUGIN})

    assert "ansible_host" not in run.hostvars["internal1"]
    assert "no public IPv4 address, so no ansible_host, for 1 host(s): internal1" in " ".join(run.stderr.split())


def test_host_vars_carry_the_droplet_under_the_do_prefix_only(emulator, run_inventory):
    (created,) = emulator.create_droplets(["web1"], tags=["web", "tide-demo"], region="ams3", size="s-2vcpu-2gb")
    droplet = emulator.droplet(created["id"])

    hostvars = run_inventory({"plugin": PLUGIN}).hostvars["web1"]

    assert hostvars["do_id"] == droplet["id"]
    assert hostvars["do_name"] == "web1"
    assert hostvars["do_region"] == "ams3"
    assert hostvars["do_size"] == "s-2vcpu-2gb"
    assert hostvars["do_image"] == "ubuntu-24-04-x64"
    assert hostvars["do_tags"] == ["web", "tide-demo"]
    assert hostvars["do_status"] == "active"
    assert hostvars["do_networks"] == droplet["networks"]
    assert hostvars["do_volume_ids"] == droplet["volume_ids"]
    assert hostvars["do_private_ipv4"] == address(droplet, "private")
    # No droplet attribute lands on a bare name that Ansible or the user could be relying on.
    assert sorted(key for key in hostvars if not key.startswith("do_")) == ["ansible_host"]


def test_default_groups_by_tag_region_and_status_with_safe_names(emulator, run_inventory):
    emulator.create_droplets(["web1"], tags=["web", "tide-demo"], region="fra1")
    emulator.create_droplets(["db1"], tags=["db"], region="nyc3")

    run = run_inventory({"plugin": PLUGIN})

    assert run.group("tag_web") == ["web1"]
    assert run.group("tag_tide_demo") == ["web1"]
    assert run.group("tag_db") == ["db1"]
    assert run.group("region_fra1") == ["web1"]
    assert run.group("region_nyc3") == ["db1"]
    assert run.group("status_active") == ["db1", "web1"]
    assert "Invalid characters were found in group names" not in run.stderr

    without = run_inventory({"plugin": PLUGIN, "default_groups": False}).data
    assert sorted(without["all"]["children"]) == ["ungrouped"]


def test_constructed_compose_groups_and_keyed_groups(emulator, run_inventory):
    emulator.create_droplets(["small1"], tags=["web"], size="s-1vcpu-1gb")
    emulator.create_droplets(["big1"], tags=["web", "prod"], size="s-2vcpu-4gb", region="fra1")

    run = run_inventory({
        "plugin": PLUGIN,
        "default_groups": False,
        "compose": {"ansible_user": "'deploy'", "ansible_host": "do_private_ipv4"},
        "groups": {"large": "do_vcpus >= 2"},
        "keyed_groups": [
            {"key": "do_size", "prefix": "size"},
            {"key": "do_tags", "prefix": "role"},
            {"key": "do_region", "prefix": "", "separator": ""},
        ],
    })

    assert run.group("large") == ["big1"]
    assert run.group("size_s_2vcpu_4gb") == ["big1"]
    assert run.group("size_s_1vcpu_1gb") == ["small1"]
    assert run.group("role_web") == ["big1", "small1"]
    assert run.group("role_prod") == ["big1"]
    assert run.group("fra1") == ["big1"]
    assert run.group("nyc3") == ["small1"]
    small = run.hostvars["small1"]
    assert small["ansible_user"] == "deploy"
    assert small["ansible_host"] == small["do_private_ipv4"]  # compose wins over the ip option


def test_graph_of_the_config_file_names_the_plugin_accepts(emulator, run_inventory):
    emulator.create_droplets(["web1"], tags=["web"])

    for filename in ("prod.do.yml", "prod.digitalocean.yaml", "digitalocean.yml", "droplets.yml"):
        run = run_inventory({"plugin": PLUGIN}, filename=filename, args=("--graph",))
        assert run.returncode == 0, run.stderr
        assert "|--@tag_web:" in run.stdout and "web1" in run.stdout

    refused = run_inventory({"plugin": PLUGIN}, filename="prod.yml")
    assert refused.returncode != 0
    assert "could not be verified by inventory plugin 'tide.digitalocean.droplets'" in refused.stderr


def test_the_variables_option_sets_only_the_listed_do_variables(emulator, run_inventory):
    (created,) = emulator.create_droplets(["web1"], tags=["web"], region="fra1")
    droplet = emulator.droplet(created["id"])

    lean = run_inventory({"plugin": PLUGIN, "variables": ["do_id", "do_tags"]}).hostvars["web1"]
    bare = run_inventory({"plugin": PLUGIN, "variables": []})

    assert lean == {"do_id": droplet["id"], "do_tags": ["web"], "ansible_host": address(droplet, "public")}
    assert bare.hostvars["web1"] == {"ansible_host": address(droplet, "public")}
    # The default groups do not depend on the variables a host keeps.
    assert bare.group("tag_web") == ["web1"]
    assert bare.group("region_fra1") == ["web1"]
    assert bare.group("status_active") == ["web1"]


def test_compose_groups_and_filters_see_the_do_variables_the_hosts_do_not_keep(emulator, run_inventory):
    emulator.create_droplets(["small1"], size="s-1vcpu-1gb", region="nyc3")
    emulator.create_droplets(["big1"], tags=["prod"], size="s-2vcpu-4gb", region="fra1")

    run = run_inventory({
        "plugin": PLUGIN,
        "variables": ["do_name"],
        "default_groups": False,
        "filters": ["do_status == 'active'"],
        "compose": {"ansible_user": "'deploy'", "where": "do_region ~ '/' ~ do_private_ipv4"},
        "groups": {"large": "do_vcpus >= 2"},
        "keyed_groups": [{"key": "do_size", "prefix": "size"}, {"key": "do_tags", "prefix": "role"}],
    })

    assert run.hosts == ["big1", "small1"]
    assert run.group("large") == ["big1"]
    assert run.group("size_s_1vcpu_1gb") == ["small1"]
    assert run.group("role_prod") == ["big1"]
    big = run.hostvars["big1"]
    assert big["where"].startswith("fra1/10.")
    assert sorted(big) == ["ansible_host", "ansible_user", "do_name", "where"]
