#!/usr/bin/env bash
# ansible-test sanity for the collection, offline.
#
# ansible-test only runs inside .../ansible_collections/<namespace>/<name>, so the collection's files are
# copied to .build/sanity/run-<pid>/ansible_collections/tide/digitalocean first: every git-tracked file plus untracked
# files that are not git-ignored, MINUS the paths listed in galaxy.yml's build_ignore (emulator/, scripts/,
# bench/, .ci/ ...) EXCEPT tests/ and extensions/. Those paths are not part of the collection artifact Galaxy builds;
# they are plain Python tooling that ansible-test's collection rules (module boilerplate, Python 2-era import
# checks) do not fit. They are covered instead by `ruff check plugins emulator tests bench scripts` (make lint) and
# by the emulator's own pytest contract suite (make emulator-test). galaxy.yml stays the one list of what ships.
# tests/ and extensions/ do not ship either, but ansible-test checks them (tests/sanity, tests/integration targets,
# the Python under tests/, the Molecule scenarios' YAML), so the copy keeps them.
#
# Tests skipped, and why:
#   pslint      needs PowerShell; the collection has no PowerShell files.
#   shellcheck  needs the shellcheck binary, not in the venv (ansible-test would only warn and skip).
# Everything else runs, with --python 3.11 only (the venv's interpreter), so no other interpreter is needed.
#
# ansible-test bootstraps pip for its sanity virtualenvs with a script it downloads from an unreachable
# host. It looks in ~/.ansible/test/cache/get_pip_<version>.py first, so we put a small stand-in there
# (recreated whenever missing, CI starts clean) that runs ensurepip and then pip install with the given
# arguments; the packages themselves come from PyPI.
#
# tests/sanity/ignore-*.txt: none needed so far; any entry added there must carry a comment saying why.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN="$ROOT/.venv/bin"
export PATH="$BIN:$PATH"
# One tree per run (removed afterwards), so concurrent runs never delete each other's working directory.
RUN_DIR="$ROOT/.build/sanity/run-$$"
DEST="$RUN_DIR/ansible_collections/tide/digitalocean"
trap 'rm -rf "$RUN_DIR"' EXIT

pip_version=$("$BIN/python" -c '
from types import SimpleNamespace
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(SimpleNamespace(version="3.11"))["pip"])')
get_pip="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
if [ ! -f "$get_pip" ]; then
  mkdir -p "$(dirname "$get_pip")"
  cat > "$get_pip" <<'PY'
"""Offline stand-in for get-pip.py, written by scripts/sanity.sh: ensurepip, then pip install ARGS."""
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"], stdout=subprocess.DEVNULL)
args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
if args:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet"] + args)
PY
fi

ignored=$("$BIN/python" - <<'PY'
import yaml
checked_anyway = {"tests", "extensions"}
print("\n".join(p for p in yaml.safe_load(open("galaxy.yml")).get("build_ignore") or [] if p not in checked_anyway))
PY
)

mkdir -p "$DEST"
git ls-files --cached --others --exclude-standard -z | "$BIN/python" -c '
import fnmatch, os, shutil, sys
dest, ignored = sys.argv[1], [p for p in sys.argv[2].splitlines() if p]
for path in sys.stdin.read().split("\0"):
    if not path or not os.path.isfile(path):
        continue
    if any(path == p or path.startswith(p.rstrip("/") + "/") or fnmatch.fnmatch(os.path.basename(path), p) for p in ignored):
        continue
    target = os.path.join(dest, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy2(path, target)
' "$DEST" "$ignored"

cd "$DEST"
# ansible-test lists files with git when it finds a repository above it; our parent repo ignores .build/, so
# the copy gets its own throwaway repository holding exactly the copied files.
git init -q .
git add -A .
ansible-test sanity --local --python 3.11 --color no --skip-test pslint --skip-test shellcheck "$@"
