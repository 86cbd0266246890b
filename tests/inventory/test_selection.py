"""Which droplets become hosts, and how many listing requests that costs (counted by the emulator)."""

PLUGIN = "tide.digitalocean.droplets"


def test_no_tags_selects_every_droplet_with_one_listing(emulator, run_inventory):
    emulator.create_droplets(["web1", "db1"], tags=["web"])
    emulator.create_droplets(["untagged1"])
    emulator.clear_stats()

    run = run_inventory({"plugin": PLUGIN})

    assert run.hosts == ["db1", "untagged1", "web1"]
    assert emulator.droplet_list_requests() == 1


def test_tag_any_lists_each_tag_on_the_server_and_keeps_shared_droplets_once(emulator, run_inventory):
    emulator.create_droplets(["web1", "web2"], tags=["web"])
    emulator.create_droplets(["db1"], tags=["db"])
    emulator.create_droplets(["both1"], tags=["web", "db"])
    emulator.create_droplets(["other1"], tags=["other"])
    emulator.clear_stats()

    run = run_inventory({"plugin": PLUGIN, "tags": ["web", "db"], "tag_match": "any"})

    assert run.hosts == ["both1", "db1", "web1", "web2"]
    assert emulator.stats()["total"] == 2  # one listing per tag (each below 200), nothing else


def test_tag_all_needs_every_tag_and_lists_only_the_first(emulator, run_inventory):
    emulator.create_droplets(["web1"], tags=["web"])
    emulator.create_droplets(["prod-web1", "prod-web2"], tags=["web", "prod"])
    emulator.create_droplets(["prod-db1"], tags=["db", "prod"])
    emulator.clear_stats()

    run = run_inventory({"plugin": PLUGIN, "tags": ["prod", "web"], "tag_match": "all"})

    assert run.hosts == ["prod-web1", "prod-web2"]
    assert emulator.stats()["total"] == 1


def test_a_tag_listing_pages_at_200_droplets(emulator, run_inventory):
    tagged = ["web%d" % n for n in range(401)]
    emulator.create_droplets(tagged, tags=["web"])
    emulator.create_droplets(["db%d" % n for n in range(30)], tags=["db"])
    emulator.clear_stats()

    run = run_inventory({"plugin": PLUGIN, "tags": ["web"]})

    assert run.hosts == sorted(tagged)
    assert emulator.droplet_list_requests() == 3  # ceil(401 / 200): the smallest number possible


def test_regions_keep_only_droplets_in_those_regions(emulator, run_inventory):
    emulator.create_droplets(["nyc-web"], tags=["web"], region="nyc3")
    emulator.create_droplets(["fra-web"], tags=["web"], region="fra1")
    emulator.create_droplets(["ams-web"], tags=["web"], region="ams3")

    run = run_inventory({"plugin": PLUGIN, "tags": ["web"], "regions": ["fra1", "ams3"]})

    assert run.hosts == ["ams-web", "fra-web"]


def test_filters_are_jinja_expressions_over_the_do_variables(emulator, run_inventory):
    emulator.create_droplets(["small1"], size="s-1vcpu-1gb")
    emulator.create_droplets(["big1"], size="s-2vcpu-4gb")
    emulator.create_droplets(["debian-big1"], size="s-2vcpu-4gb", image="debian-12-x64")

    run = run_inventory(
        {"plugin": PLUGIN, "filters": ["do_vcpus >= 2", "do_image_distribution == 'Ubuntu'"]}
    )

    assert run.hosts == ["big1"]


def test_a_filter_that_cannot_be_evaluated_excludes_the_host_or_fails_when_strict(emulator, run_inventory):
    emulator.create_droplets(["web1"])
    config = {"plugin": PLUGIN, "filters": ["do_no_such_variable == 1"]}

    assert run_inventory(config).hosts == []

    strict = run_inventory(dict(config, strict=True))
    assert strict.returncode != 0
    assert "filter 'do_no_such_variable == 1' failed for host web1" in strict.plugin_failure()
