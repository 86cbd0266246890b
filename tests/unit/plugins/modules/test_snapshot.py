"""snapshot: retention. Which snapshots keep_last and max_age_days delete, oldest first, never the named one."""

import datetime

from ansible_collections.tide.digitalocean.plugins.modules import snapshot

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0)


def snap(name, created_at, snapshot_id):
    return {"id": snapshot_id, "name": name, "created_at": created_at}


def names(snapshots):
    return [s["name"] for s in snapshots]


SNAPSHOTS = [
    snap("web-3", "2026-11-27T03:00:00Z", "103"),
    snap("web-1", "2026-11-01T03:00:00Z", "101"),
    snap("web-2", "2026-11-20T03:00:00Z", "102"),
]


def test_keep_last_deletes_the_oldest_beyond_the_count():
    assert names(snapshot.expired(SNAPSHOTS, "web-3", 2, None, NOW)) == ["web-1"]


def test_a_new_snapshot_counts_as_the_newest():
    new = dict(snap("web-4", snapshot.ASSIGNED, snapshot.ASSIGNED))
    assert names(snapshot.expired([*SNAPSHOTS, new], "web-4", 2, None, NOW)) == ["web-1", "web-2"]


def test_max_age_days_deletes_the_older_ones():
    assert names(snapshot.expired(SNAPSHOTS, "web-3", None, 5, NOW)) == ["web-1", "web-2"]


def test_either_rule_deletes():
    assert names(snapshot.expired(SNAPSHOTS, "web-3", 2, 30, NOW)) == ["web-1"]
    assert names(snapshot.expired(SNAPSHOTS, "web-3", 3, 5, NOW)) == ["web-1", "web-2"]


def test_the_named_snapshot_is_never_deleted():
    assert names(snapshot.expired(SNAPSHOTS, "web-1", 0, 0, NOW)) == ["web-2", "web-3"]


def test_same_second_is_ordered_by_numeric_id():
    twins = [snap("b", "2026-11-27T03:00:00Z", "200"), snap("a", "2026-11-27T03:00:00Z", "199")]
    assert names(snapshot.expired(twins, "x", 1, None, NOW)) == ["a"]


def test_api_timestamps_with_fractions_parse():
    assert snapshot.parse_time("2026-11-28T03:00:00.123Z") == datetime.datetime(2026, 11, 28, 3, 0, 0)
