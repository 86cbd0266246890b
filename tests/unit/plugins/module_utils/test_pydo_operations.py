"""pydo's operations loaded one at a time: the same code as pydo's, and never all of pydo in a task."""

import glob
import inspect
import json
import os
import re
import subprocess
import sys
import types

import pydo
import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.pydo_operations import LayoutError, PydoOperations

PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "plugins")


def operations_the_collection_calls(groups):
    """Every "group.name" string in plugins/ whose group is one of pydo's operation groups."""
    found = set()
    for path in glob.glob(os.path.join(PLUGINS, "**", "*.py"), recursive=True):
        with open(path) as handle:
            found.update(re.findall(r'"([a-z0-9_]+\.[a-z0-9_]+)"', handle.read()))
    return sorted(op for op in found if op.partition(".")[0] in groups and not op.endswith((".yml", ".yaml")))


def same_code(mine, theirs):
    """Equal bytecode, names and constants (nested code objects compared the same way; line numbers not)."""
    if mine.co_code != theirs.co_code or mine.co_names != theirs.co_names or mine.co_varnames != theirs.co_varnames:
        return False
    if len(mine.co_consts) != len(theirs.co_consts):
        return False
    for a, b in zip(mine.co_consts, theirs.co_consts):
        if isinstance(a, types.CodeType) and isinstance(b, types.CodeType):
            if not same_code(a, b):
                return False
        elif a != b:
            return False
    return True


def test_every_operation_the_collection_calls_is_pydos_own_code():
    parts = PydoOperations("http://127.0.0.1:9")
    whole = pydo.Client("unused", endpoint="http://127.0.0.1:9")
    operations = operations_the_collection_calls(parts._groups_by_attribute)
    assert len(operations) > 50  # the regular expression still finds them
    for operation in operations:
        group, _dot, name = operation.partition(".")
        theirs = getattr(getattr(whole, group), name)
        mine = parts.operation(operation)
        assert inspect.signature(mine) == inspect.signature(theirs), operation
        assert same_code(inspect.unwrap(mine.__func__).__code__, inspect.unwrap(theirs.__func__).__code__), operation


def test_an_operation_pydo_does_not_have_is_a_layout_error():
    parts = PydoOperations("http://127.0.0.1:9")
    for operation in ("droplets.frobnicate", "no_such_group.list", "droplets", "droplets._private"):
        with pytest.raises(LayoutError):
            parts.operation(operation)


TASK = """
import json, sys
from ansible_collections.tide.digitalocean.plugins.module_utils import module, pages, client
before = sorted(m for m in sys.modules if m.startswith(("pydo", "azure", "requests")))
api = client.DigitalOceanAPI(sys.argv[1], api_url=sys.argv[2])
regions = pages.list_all(api, "regions.list", "regions")
api.call("droplets.get", droplet_id=1, missing_ok=True)
print(json.dumps(dict(before=before, regions=len(regions), pydo=sorted(m for m in sys.modules if "pydo" in m))))
"""


def test_a_task_loads_pydo_only_on_its_first_request_and_never_all_of_it(emulator):
    """What the task's process imports: nothing of pydo or azure-core with the module_utils, then on requests
    pydo's serialization and configuration but not ``pydo`` itself nor its 21 MB ``operations._operations``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run(
        [sys.executable, "-c", TASK, "unit-test-token", emulator.url],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    seen = json.loads(out.stdout)
    assert seen["before"] == []
    assert seen["regions"] > 0
    assert "pydo" not in seen["pydo"] and "pydo.operations._operations" not in seen["pydo"]
    assert "_tide_pydo._serialization" in seen["pydo"]
