"""What managed databases offer: engines with their versions, node layouts and sizes, default ports and users,
and the connection strings each engine's clients expect. /v2/databases/options is built from this.

Caching (`redis`) clusters are listed for existing clusters only: the API no longer creates them (2025-04-30).
"""

from . import catalog

# slug, memory MiB, vcpus
_SIZES = [
    ("db-s-1vcpu-1gb", 1024, 1), ("db-s-1vcpu-2gb", 2048, 1), ("db-s-2vcpu-4gb", 4096, 2),
    ("db-s-4vcpu-8gb", 8192, 4), ("db-s-6vcpu-16gb", 16384, 6), ("db-s-8vcpu-32gb", 32768, 8),
    ("db-s-16vcpu-64gb", 65536, 16), ("gd-2vcpu-8gb", 8192, 2), ("gd-4vcpu-16gb", 16384, 4),
    ("so1_5-2vcpu-16gb", 16384, 2),
]
SIZE_MEMORY_MIB = {slug: memory for slug, memory, _ in _SIZES}
SIZE_VCPUS = {slug: vcpus for slug, _, vcpus in _SIZES}
_BASIC = [s for s, _, _ in _SIZES if s.startswith("db-s-")]
_HA_BASIC = [s for s in _BASIC if s != "db-s-1vcpu-1gb"]
_DEDICATED = ["gd-2vcpu-8gb", "gd-4vcpu-16gb", "so1_5-2vcpu-16gb"]
_KAFKA = ["db-s-2vcpu-4gb", "db-s-4vcpu-8gb", "db-s-6vcpu-16gb", "gd-2vcpu-8gb", "gd-4vcpu-16gb"]


def _layouts(*node_counts_and_sizes):
    return [{"num_nodes": n, "sizes": list(sizes)} for n, sizes in node_counts_and_sizes]


# engine: versions (oldest first; the last is the default), semantic version per version, layouts, port, user,
# default database (None: the engine has no databases)
ENGINES = {
    "pg": {"versions": ["14", "15", "16", "17"],
           "semantic": {"14": "14.15", "15": "15.10", "16": "16.6", "17": "17.2"},
           "layouts": _layouts((1, _BASIC + _DEDICATED), (2, _HA_BASIC + _DEDICATED), (3, _HA_BASIC + _DEDICATED)),
           "port": 25060, "user": "doadmin", "database": "defaultdb"},
    "mysql": {"versions": ["8"], "semantic": {"8": "8.0.35"},
              "layouts": _layouts((1, _BASIC + _DEDICATED), (2, _HA_BASIC + _DEDICATED),
                                  (3, _HA_BASIC + _DEDICATED)),
              "port": 25060, "user": "doadmin", "database": "defaultdb"},
    "valkey": {"versions": ["8"], "semantic": {"8": "8.0.1"},
               "layouts": _layouts((1, _BASIC), (2, _HA_BASIC), (3, _HA_BASIC)),
               "port": 25061, "user": "default", "database": None},
    "redis": {"versions": ["7"], "semantic": {"7": "7.2.4"},
              "layouts": _layouts((1, _BASIC), (2, _HA_BASIC), (3, _HA_BASIC)),
              "port": 25061, "user": "default", "database": None},
    "mongodb": {"versions": ["6.0", "7.0", "8.0"], "semantic": {"6.0": "6.0.19", "7.0": "7.0.15", "8.0": "8.0.4"},
                "layouts": _layouts((1, _BASIC), (3, _BASIC)),
                "port": 27017, "user": "doadmin", "database": "admin"},
    "kafka": {"versions": ["3.7", "3.8"], "semantic": {"3.7": "3.7.1", "3.8": "3.8.1"},
              "layouts": _layouts((3, _KAFKA), (6, _KAFKA), (9, _KAFKA)),
              "port": 25073, "user": "doadmin", "database": None},
    "opensearch": {"versions": ["2"], "semantic": {"2": "2.17.1"},
                   "layouts": _layouts((1, _HA_BASIC), (3, _HA_BASIC), (6, _HA_BASIC)),
                   "port": 25060, "user": "doadmin", "database": None},
    "advanced_pg": {"versions": ["17"], "semantic": {"17": "17.2"},
                    "layouts": _layouts((1, _DEDICATED), (2, _DEDICATED), (3, _DEDICATED)),
                    "port": 25060, "user": "doadmin", "database": "defaultdb"},
    "advanced_mysql": {"versions": ["8"], "semantic": {"8": "8.4.3"},
                       "layouts": _layouts((1, _DEDICATED), (3, _DEDICATED)),
                       "port": 25060, "user": "doadmin", "database": "defaultdb"},
}
NO_LONGER_CREATED = {"redis": "Caching clusters can no longer be created; use the valkey engine instead."}
# Engines with databases (/dbs), SQL users with passwords, and PgBouncer pools.
WITH_DBS = {"pg", "mysql", "mongodb", "advanced_pg", "advanced_mysql"}
WITH_USERS = {"pg", "mysql", "mongodb", "kafka", "opensearch", "advanced_pg", "advanced_mysql"}
WITH_POOLS = {"pg", "advanced_pg"}
MYSQL_ENGINES = {"mysql", "advanced_mysql"}
# Read-only replicas: "for a PostgreSQL or MySQL database cluster", as the API documents.
WITH_REPLICAS = {"pg", "mysql", "advanced_pg", "advanced_mysql"}
POOL_PORT = 25061
POOL_MODES = ("session", "transaction", "statement")


def engine(slug):
    return ENGINES.get(slug)


def sizes_for(engine_slug, num_nodes):
    """The size slugs an engine offers with that many nodes ([] when the node count is not offered)."""
    for layout in ENGINES[engine_slug]["layouts"]:
        if layout["num_nodes"] == num_nodes:
            return layout["sizes"]
    return []


def node_counts(engine_slug):
    return [layout["num_nodes"] for layout in ENGINES[engine_slug]["layouts"]]


def max_pool_connections(size_slug):
    """PgBouncer backend connections a primary node allows: 25 per GiB of RAM, 3 kept for maintenance."""
    return 25 * SIZE_MEMORY_MIB[size_slug] // 1024 - 3


def options():
    """The body of GET /v2/databases/options."""
    regions = list(catalog.AVAILABLE_REGIONS)
    return {
        "options": {slug: {"regions": regions, "versions": list(e["versions"]),
                           "layouts": [dict(layout, sizes=list(layout["sizes"])) for layout in e["layouts"]]}
                    for slug, e in ENGINES.items() if slug not in NO_LONGER_CREATED},
        "version_availability": {
            slug: [{"version": v, "end_of_life": None, "end_of_availability": None} for v in e["versions"]]
            for slug, e in ENGINES.items()
        },
    }


def uri(engine_slug, user, password, host, port, database):
    """The connection string the engine's own clients take."""
    if engine_slug in ("pg", "advanced_pg"):
        return "postgresql://%s:%s@%s:%d/%s?sslmode=require" % (user, password, host, port, database)
    if engine_slug in MYSQL_ENGINES:
        return "mysql://%s:%s@%s:%d/%s?ssl-mode=REQUIRED" % (user, password, host, port, database)
    if engine_slug in ("redis", "valkey"):
        return "rediss://%s:%s@%s:%d" % (user, password, host, port)
    if engine_slug == "mongodb":
        return "mongodb+srv://%s:%s@%s/%s?tls=true&authSource=admin" % (user, password, host, database)
    if engine_slug == "opensearch":
        return "https://%s:%s@%s:%d" % (user, password, host, port)
    return ""  # kafka clients take host and port
