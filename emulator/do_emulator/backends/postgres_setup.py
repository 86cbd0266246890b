"""A PostgreSQL cluster of the box as the shell script that makes its container match the API (pure: the
DatabaseSpec in, the script out; it is fed to `bash -s` on stdin, so passwords never reach a command line).

PostgreSQL listens on 25060 and PgBouncer on 25061, both with TLS (the image's snakeoil certificate: clients use
sslmode=require, as the API's URIs say). Every user of the API logs in with the password the API returned; the
databases are exactly the API's (plus PostgreSQL's own); one PgBouncer pool per API pool, with its mode, size,
database and user (none: the inbound user). The script is idempotent: run again after any change, it changes only
what differs, and reloading PgBouncer keeps the other pools' connections.
"""

SYSTEM_DATABASES = ("postgres", "template0", "template1")
CERT = "/etc/ssl/certs/ssl-cert-snakeoil.pem"
KEY = "/etc/ssl/private/ssl-cert-snakeoil.key"


def _ident(name):
    return '"%s"' % name.replace('"', '""')


def _literal(value):
    return "'%s'" % value.replace("'", "''")


def _array(values):
    return "ARRAY[%s]::text[]" % ", ".join(_literal(v) for v in values) if values else "ARRAY[]::text[]"


def _roles_sql(spec):
    users = sorted(spec.users)
    lines = ["DO $$ DECLARE r text; BEGIN",
             "  FOR r IN SELECT rolname FROM pg_roles WHERE rolname <> 'postgres' AND rolname NOT LIKE 'pg\\_%%'"
             " AND NOT rolname = ANY(%s) LOOP" % _array(users),
             "    BEGIN EXECUTE format('DROP ROLE %I', r);",
             "    EXCEPTION WHEN others THEN EXECUTE format('ALTER ROLE %I NOLOGIN', r); END;",
             "  END LOOP;", "END $$;"]
    for name in users:
        lines.append("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %s) THEN CREATE ROLE %s; "
                     "END IF; END $$;" % (_literal(name), _ident(name)))
        lines.append("ALTER ROLE %s WITH LOGIN CREATEDB CREATEROLE PASSWORD %s;"
                     % (_ident(name), _literal(spec.users[name])))
    return lines


def _databases_sql(spec):
    wanted = sorted(spec.dbs)
    owner = _literal("doadmin" if "doadmin" in spec.users else sorted(spec.users)[0])
    lines = ["SELECT format('CREATE DATABASE %%I OWNER %%I', d, %s) FROM unnest(%s) AS d "
             "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \\gexec" % (owner, _array(wanted)),
             "SELECT format('DROP DATABASE %%I WITH (FORCE)', datname) FROM pg_database "
             "WHERE NOT datname = ANY(%s) \\gexec" % _array([*SYSTEM_DATABASES, *wanted])]
    for database in wanted:  # every user may work in every database, as the API's users may
        lines.append("\\connect %s" % _ident(database))
        for name in sorted(spec.users):
            lines.append("GRANT ALL ON DATABASE %s TO %s;" % (_ident(database), _ident(name)))
            lines.append("GRANT ALL ON SCHEMA public TO %s;" % _ident(name))
    return lines


def _pgbouncer_ini(spec):
    lines = ["[databases]"]
    for pool in sorted(spec.pools, key=lambda p: p["name"]):
        user = " user=%s" % pool["user"] if pool.get("user") else ""
        lines.append("%s = host=127.0.0.1 port=25060 dbname=%s%s pool_size=%d pool_mode=%s"
                     % (pool["name"], pool["db"], user, pool["size"], pool["mode"]))
    lines += ["", "[pgbouncer]", "listen_addr = *", "listen_port = 25061", "unix_socket_dir = /var/run/postgresql",
              "auth_type = scram-sha-256", "auth_file = /etc/pgbouncer/userlist.txt",
              "client_tls_sslmode = require", "client_tls_key_file = %s" % KEY, "client_tls_cert_file = %s" % CERT,
              "server_tls_sslmode = prefer", "ignore_startup_parameters = extra_float_digits",
              "max_client_conn = 1000", ""]
    return "\n".join(lines)


def _userlist(spec):
    return "".join('"%s" "%s"\n' % (name.replace('"', '""'), password.replace('"', '""'))
                   for name, password in sorted(spec.users.items()))


def render(spec):
    sql = "\n".join(_roles_sql(spec) + _databases_sql(spec))
    return "\n".join([
        "set -euo pipefail",
        "version=$(ls /etc/postgresql | sort -n | tail -n 1)",
        "conf=/etc/postgresql/$version/main",
        "cat > \"$conf/conf.d/tide-box.conf\" <<'CONF'",
        "listen_addresses = '*'", "port = 25060", "ssl = on", "ssl_cert_file = '%s'" % CERT,
        "ssl_key_file = '%s'" % KEY, "password_encryption = 'scram-sha-256'", "CONF",
        "cat > \"$conf/pg_hba.conf\" <<'HBA'",
        "local   all all                peer", "hostssl all all 0.0.0.0/0      scram-sha-256",
        "host    all all 127.0.0.1/32   scram-sha-256", "HBA",
        "for _ in $(seq 1 240); do [ -S /run/systemd/private ] && break; sleep 0.25; done",
        "systemctl is-system-running --wait >/dev/null 2>&1 || true",
        "systemctl disable --quiet --now nginx.service ssh.service",
        "systemctl enable --quiet \"postgresql@$version-main\"",
        "systemctl reload-or-restart \"postgresql@$version-main\"",
        "for _ in $(seq 1 120); do pg_isready -q -h 127.0.0.1 -p 25060 && break; sleep 0.5; done",
        "runuser -u postgres -- psql -X -q -p 25060 -v ON_ERROR_STOP=1 -d postgres <<'SQL'", sql, "SQL",
        "umask 077",
        "cat > /etc/pgbouncer/pgbouncer.ini <<'INI'", _pgbouncer_ini(spec), "INI",
        "cat > /etc/pgbouncer/userlist.txt <<'USERS'", _userlist(spec).rstrip("\n"), "USERS",
        "chown postgres:postgres /etc/pgbouncer/pgbouncer.ini /etc/pgbouncer/userlist.txt",
        "systemctl enable --quiet pgbouncer",
        "systemctl reload-or-restart pgbouncer",
        "for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 25061 && break; sleep 0.5; done",
        "",
    ])
