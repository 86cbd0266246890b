"""emulator/README.md's coverage table is the emulator's public promise: it must list exactly the routes served."""

import re
from pathlib import Path

from do_emulator import routes
from do_emulator.router import Router

README = Path(__file__).resolve().parents[2] / "emulator" / "README.md"
ROW = re.compile(r"^\|[^|]*\| `(/v[12]/[^`]*)` \| ([A-Z ]+) \|$")


def documented_routes():
    text = README.read_text()
    coverage = text.split("## Coverage", 1)[1].split("\n## ", 1)[0]
    found = set()
    for line in coverage.splitlines():
        m = ROW.match(line.strip())
        if m:
            found.update((method, m.group(1)) for method in m.group(2).split())
    count = int(re.search(r"(\d+) routes", coverage).group(1))
    return found, count


def test_readme_lists_exactly_the_served_routes():
    routes.load_all()
    served = set(Router().templates())
    documented, count = documented_routes()
    assert sorted(served - documented) == [], "served but not in emulator/README.md"
    assert sorted(documented - served) == [], "in emulator/README.md but not served"
    assert count == len(served)
