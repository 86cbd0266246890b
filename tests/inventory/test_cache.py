"""Inventory caching: a cached run makes no API request at all (the emulator counts every request it receives)."""

PLUGIN = "tide.digitalocean.droplets"


def test_second_run_is_served_from_the_cache_with_zero_requests(emulator, run_inventory, tmp_path):
    emulator.create_droplets(["web1", "web2"], tags=["web"])
    emulator.create_droplets(["db1"], tags=["db"])
    config = {
        "plugin": PLUGIN,
        "tags": ["web"],
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
        "cache_timeout": 3600,
    }
    emulator.clear_stats()

    first = run_inventory(config)
    assert first.hosts == ["web1", "web2"]
    assert emulator.stats()["total"] == 1
    emulator.clear_stats()

    emulator.create_droplets(["web3"], tags=["web"])  # not seen until the cache is refreshed
    emulator.clear_stats()
    second = run_inventory(config)
    assert second.hosts == ["web1", "web2"]
    assert second.hostvars == first.hostvars
    assert emulator.stats()["total"] == 0

    flushed = run_inventory(config, args=("--list", "--flush-cache"))
    assert flushed.hosts == ["web1", "web2", "web3"]
    assert emulator.stats()["total"] == 1


def test_a_cached_listing_is_not_reused_for_other_tags(emulator, run_inventory, tmp_path):
    emulator.create_droplets(["web1"], tags=["web"])
    emulator.create_droplets(["db1"], tags=["db"])
    config = {
        "plugin": PLUGIN,
        "tags": ["web"],
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
    }
    assert run_inventory(config).hosts == ["web1"]
    emulator.clear_stats()

    assert run_inventory(dict(config, tags=["db"])).hosts == ["db1"]
    assert emulator.stats()["total"] == 1
