"""PostgreSQL clusters in the box: a container running PostgreSQL (25060) and PgBouncer (25061) as the API
describes them: every user logs in with the password the API returned, databases and pools exist as the API says,
and the database firewall (trusted sources) decides who may connect."""

import time

from box_support import REGION, docker


def psql(box, droplet_id, uri, sql):
    """Runs SQL from inside a droplet with the psql client; (exit code, output)."""
    done = docker("exec", "-e", "PGURI=%s&connect_timeout=3" % uri, box.container(droplet_id), "sh", "-c",
                  'psql "$PGURI" -X -q -t -A -c "$0"', sql, check=False, timeout=60)
    return done.returncode, (done.stdout + done.stderr).strip()


def until_connects(box, droplet_id, uri, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code, out = psql(box, droplet_id, uri, "select current_user")
        if code == 0:
            return out
        time.sleep(1)
    raise AssertionError("no connection to %s: %s" % (uri.split("@")[-1], out))


def test_postgresql_users_databases_and_pools_follow_the_api(box):
    client = box.create_droplet("box-db-client")["id"]
    body = {"name": "box-db", "engine": "pg", "version": "16", "region": REGION, "size": "db-s-1vcpu-1gb",
            "num_nodes": 1}
    cluster = box.api("POST", "/v2/databases", body, expect=201)["database"]
    base = "/v2/databases/%s" % cluster["id"]
    assert cluster["connection"]["host"].startswith("198.1") and cluster["connection"]["port"] == 25060
    assert until_connects(box, client, cluster["connection"]["uri"]) == "doadmin"
    assert until_connects(box, client, cluster["private_connection"]["uri"]) == "doadmin"

    user = box.api("POST", base + "/users", {"name": "app"}, expect=201)["user"]
    box.api("POST", base + "/dbs", {"name": "appdb"}, expect=201)
    app_uri = cluster["connection"]["uri"].replace("doadmin:%s" % cluster["connection"]["password"],
                                                   "app:%s" % user["password"]).replace("/defaultdb", "/appdb")
    assert psql(box, client, app_uri, "create table visits (n int); insert into visits values (41), (1)")[0] == 0

    pool = box.api("POST", base + "/pools", {"name": "app-pool", "mode": "transaction", "size": 5, "db": "appdb",
                                             "user": "app"}, expect=201)["pool"]
    assert pool["connection"]["port"] == 25061
    assert psql(box, client, pool["connection"]["uri"], "select sum(n) from visits") == (0, "42")

    old = user["password"]
    user = box.api("POST", base + "/users/app/reset_auth", {}, expect=200)["user"]
    assert psql(box, client, app_uri, "select 1")[0] != 0  # the old password no longer works
    assert psql(box, client, app_uri.replace(old, user["password"]), "select 1") == (0, "1")

    pool = box.api("GET", base + "/pools/app-pool", expect=200)["pool"]  # its connection has the new password
    assert psql(box, client, pool["connection"]["uri"], "select sum(n) from visits") == (0, "42")
    box.api("PUT", base + "/pools/app-pool", {"mode": "session", "size": 3, "db": "appdb", "user": "app"},
            expect=204)
    container = box.describe()["databases"][cluster["id"]]["container"]
    pgbouncer = docker("exec", container, "cat", "/etc/pgbouncer/pgbouncer.ini").stdout
    assert "app-pool = host=127.0.0.1 port=25060 dbname=appdb user=app pool_size=3 pool_mode=session" in pgbouncer
    assert psql(box, client, pool["connection"]["uri"], "select sum(n) from visits") == (0, "42")
    box.api("DELETE", base + "/pools/app-pool", expect=204)
    assert psql(box, client, pool["connection"]["uri"], "select 1")[0] != 0
    box.api("DELETE", base + "/dbs/appdb", expect=204)
    code, out = psql(box, client, app_uri.replace(old, user["password"]), "select 1")
    assert code != 0 and "appdb" in out
    box.api("DELETE", base + "/users/app", expect=204)
    assert psql(box, client, cluster["connection"]["uri"].replace(
        "doadmin:%s" % cluster["connection"]["password"], "app:%s" % user["password"]), "select 1")[0] != 0

    box.api("DELETE", base, expect=204)
    assert docker("inspect", container, check=False).returncode != 0


def test_database_firewall_admits_only_trusted_sources(box):
    trusted = box.create_droplet("box-db-trusted")["id"]
    outsider = box.create_droplet("box-db-outsider")["id"]
    body = {"name": "box-db-fw", "engine": "pg", "version": "16", "region": REGION, "size": "db-s-1vcpu-1gb",
            "num_nodes": 1}
    cluster = box.api("POST", "/v2/databases", body, expect=201)["database"]
    uri = cluster["private_connection"]["uri"]
    until_connects(box, trusted, uri)
    assert psql(box, outsider, uri, "select 1") == (0, "1")  # no rules: open to all, as on DigitalOcean

    rules = {"rules": [{"type": "droplet", "value": str(trusted)}]}
    box.api("PUT", "/v2/databases/%s/firewall" % cluster["id"], rules, expect=204)
    assert psql(box, trusted, uri, "select 1") == (0, "1")
    code, out = psql(box, outsider, uri, "select 1")
    assert code != 0 and "timeout" in out.lower()

    box.api("PUT", "/v2/databases/%s/firewall" % cluster["id"], {"rules": []}, expect=204)
    assert psql(box, outsider, uri, "select 1") == (0, "1")
