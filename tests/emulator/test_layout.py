"""The emulator's shape (emulator/README.md, "How an area is laid out"): routes check requests and call the models;
only the models write the store, through models/collection.py; each store kind belongs to one model. A route
that wrote another area's documents, or a second module declaring a kind, fails here."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "emulator" / "do_emulator"
WRITE = re.compile(r"\bstore\.(put|delete)\(")
# The backend's own bookkeeping, in its own "box" kind: its public pool and the geo blocks of the admin API.
BACKEND_WRITERS = {"backends/docker_box.py", "app.py"}


def _modules(folder=PACKAGE):
    return {str(path.relative_to(PACKAGE)): path.read_text() for path in sorted(folder.rglob("*.py"))}


def test_no_route_module_uses_the_store():
    routes = {name: source for name, source in _modules(PACKAGE / "routes").items() if name != "routes/__init__.py"}
    assert len(routes) > 30
    using = sorted(name for name, source in routes.items() if re.search(r"\.store\b", source))
    assert using == [], "a route reads or writes the store itself instead of asking the area's model"


def test_only_the_collection_writes_the_store():
    writers = {name for name, source in _modules().items() if WRITE.search(source)}
    assert writers == {"models/collection.py", *BACKEND_WRITERS}


def test_each_store_kind_belongs_to_one_model():
    owners = {}
    for name, source in _modules(PACKAGE / "models").items():
        for kind in re.findall(r'\bCollection\("([a-z_]+)"', source):
            owners.setdefault(kind, set()).add(name)
    assert {"droplets", "volumes", "snapshots", "tags", "actions"} <= set(owners)
    shared = {kind: sorted(names) for kind, names in owners.items() if len(names) > 1}
    assert shared == {}
