"""The catalogue check before a create: its refusals, and the regions listing kept between tasks (one read for a
loop of creates; anything it does not show is looked up afresh)."""

import os
import stat

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.catalogue import CACHE_SECONDS, check_region
from ansible_collections.tide.digitalocean.plugins.module_utils.client import DigitalOceanAPI
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def kept(api, tmp_path):
    api.cache_dir = str(tmp_path / "remote_tmp")
    return api


def reads(emulator):
    return emulator.stats()["routes"].get("GET /v2/regions", 0)


def test_refusals_name_the_valid_choices(api, emulator):
    with pytest.raises(DigitalOceanError, match=r"region xx9 does not exist; available regions: .*nyc3"):
        check_region(api, "xx9")
    with pytest.raises(DigitalOceanError, match=r"size s-99 is not offered in region nyc3; sizes there: .*s-1vcpu-1gb"):
        check_region(api, "nyc3", size="s-99")
    with pytest.raises(DigitalOceanError, match="region nyc3 does not offer warp"):
        check_region(api, "nyc3", feature="warp")


def test_without_a_directory_every_check_reads(api, emulator):
    check_region(api, "nyc3", size="s-1vcpu-1gb")
    check_region(api, "nyc3", size="s-1vcpu-1gb")
    assert reads(emulator) == 2


def test_a_loop_of_checks_reads_once_and_keeps_the_listing_for_its_owner_only(kept, emulator):
    for _task in range(5):
        assert check_region(kept, "nyc3", size="s-1vcpu-1gb")["slug"] == "nyc3"
        check_region(kept, "nyc3", feature="storage")
    assert reads(emulator) == 1
    (path,) = [p for p in os.listdir(kept.cache_dir) if not p.startswith(".")]
    assert os.stat(os.path.join(kept.cache_dir, path)).st_mode & 0o777 == stat.S_IRUSR | stat.S_IWUSR
    assert "token" not in open(os.path.join(kept.cache_dir, path)).read()


def test_what_the_kept_listing_does_not_offer_is_read_afresh_before_refusing(kept, emulator):
    check_region(kept, "nyc3")
    with pytest.raises(DigitalOceanError, match="region xx9 does not exist"):
        check_region(kept, "xx9")
    with pytest.raises(DigitalOceanError, match="size s-99 is not offered"):
        check_region(kept, "nyc3", size="s-99")
    assert reads(emulator) == 3


def test_the_listing_is_kept_for_ten_minutes(kept, emulator):
    clock = Clock()
    check_region(kept, "nyc3", clock=clock)
    clock.now += CACHE_SECONDS - 1
    check_region(kept, "nyc3", clock=clock)
    assert reads(emulator) == 1
    clock.now += 2
    check_region(kept, "nyc3", clock=clock)
    assert reads(emulator) == 2


def test_another_token_or_endpoint_does_not_share_it(kept, emulator, tmp_path):
    check_region(kept, "nyc3")
    other = DigitalOceanAPI("another-token", api_url=emulator.url, timeout=30)
    other.cache_dir = kept.cache_dir
    assert other.cache_key() != kept.cache_key()
    check_region(other, "nyc3")
    assert reads(emulator) == 2


def test_a_damaged_or_unwritable_file_only_costs_a_read(kept, emulator):
    check_region(kept, "nyc3")
    (path,) = [os.path.join(kept.cache_dir, p) for p in os.listdir(kept.cache_dir)]
    with open(path, "w") as damaged:
        damaged.write("{not json")
    check_region(kept, "nyc3")
    check_region(kept, "nyc3")
    assert reads(emulator) == 2
    kept.cache_dir = os.path.join(path, "not-a-directory")
    check_region(kept, "nyc3")
    assert reads(emulator) == 3


def test_writing_removes_what_other_endpoints_kept_once_it_expired(kept, emulator, tmp_path):
    clock = Clock()
    other = DigitalOceanAPI("another-token", api_url=emulator.url, timeout=30)
    other.cache_dir = kept.cache_dir
    check_region(other, "nyc3", clock=clock)
    (theirs,) = os.listdir(kept.cache_dir)
    clock.now += 60
    check_region(kept, "nyc3", clock=clock)
    assert theirs in os.listdir(kept.cache_dir)  # still fresh: kept
    clock.now += CACHE_SECONDS
    check_region(kept, "nyc3", clock=clock)
    assert theirs not in os.listdir(kept.cache_dir) and len(os.listdir(kept.cache_dir)) == 1
