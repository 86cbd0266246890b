#!/usr/bin/env bash
# Runs inventory tests on the oldest ansible-core the collection claims (meta/runtime.yml's requires_ansible),
# in a venv of its own: .venv-oldest, made when missing or when requires_ansible moves, else reused (seconds).
#   bash scripts/oldest-ansible.sh                 the selected tests (API data is never templated)
#   bash scripts/oldest-ansible.sh tests/inventory  any other pytest arguments instead
# Needs PyPI the first time (ansible-core, pydo, pytest, requests); PY picks the Python (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
venv=$repo/.venv-oldest
py=${PY:-python3}

# ">=2.16.0" -> 2.16: the oldest release line claimed, and its newest patch release.
oldest=$(sed -n 's/^requires_ansible: *["'\'']*>= *\([0-9]*\.[0-9]*\).*/\1/p' meta/runtime.yml)
if [[ ! $oldest =~ ^[0-9]+\.[0-9]+$ ]]; then
    echo "oldest-ansible.sh: no 'requires_ansible: \">=X.Y...\"' in meta/runtime.yml" >&2
    exit 1
fi
next="${oldest%%.*}.$((${oldest#*.} + 1))"
# The tests start the repository's emulator in process: its dependencies too (emulator/pyproject.toml).
emulator_deps=$("$py" -c 'import sys, tomllib; print(" ".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' \
    emulator/pyproject.toml)
read -r -a emulator_deps <<<"$emulator_deps"
requirements=("ansible-core>=$oldest,<$next" "pydo>=0.10" "pytest>=8" "requests>=2.31" "${emulator_deps[@]}")

stamp=$venv/.installed
if [[ ! -x $venv/bin/pytest || "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]]; then
    echo "oldest-ansible.sh: installing ${requirements[*]} into .venv-oldest"
    rm -rf "$venv"
    "$py" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "${requirements[@]}"
    echo "${requirements[*]}" >"$stamp"
fi

version=$("$venv/bin/ansible" --version | sed -n '1s/.*core \([0-9.]*\).*/\1/p')
if [[ $version != "$oldest".* ]]; then
    echo "oldest-ansible.sh: .venv-oldest has ansible-core '$version', not $oldest.x" >&2
    exit 1
fi

# The collection is found through the Makefile's link (make link); the emulator is the repository's copy.
mkdir -p .build/collections/ansible_collections/tide
ln -sfn "$repo" .build/collections/ansible_collections/tide/digitalocean
export ANSIBLE_COLLECTIONS_PATH=$repo/.build/collections ANSIBLE_CONFIG=$repo/ansible.cfg
export PYTHONPATH=$repo/emulator${PYTHONPATH:+:$PYTHONPATH} PYTHONDONTWRITEBYTECODE=1
export TIDE_ANSIBLE_BIN=$venv/bin TIDE_ANSIBLE_CORE=$oldest

if (($# == 0)); then
    set -- tests/inventory/test_unsafe_api_data.py
fi
echo "oldest-ansible.sh: ansible-core $version: pytest $*"
exec "$venv/bin/pytest" -q -p no:cacheprovider "$@"
