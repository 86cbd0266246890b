"""Route modules, one per API area. Every module in this package is imported, so that its @route handlers
register; a module may also define `seed(app)`, called at start and after a reset to create what the API
always has (default VPCs, the default project, ...). Seeding must be idempotent: with `--state` it also runs
over a database that already holds that state."""

import importlib
import pkgutil

_loaded = []


def load_all():
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            _loaded.append(importlib.import_module("%s.%s" % (__name__, info.name)))
    return _loaded


def seed_all(app):
    with app.store.transaction():
        for module in load_all():
            seed = getattr(module, "seed", None)
            if seed is not None:
                seed(app)
