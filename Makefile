# Two entry points on a fresh machine: `make demo` and `make test`. Everything else is a part of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
BUILD := $(CURDIR)/.build
COLLECTION_LINK := $(BUILD)/collections/ansible_collections/tide/digitalocean
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help runtime venv link collection demo demo-down test unit emulator-test sanity lint integration \
	inventory-test package-test backend-test e2e molecule bench clean integration-faults docs ee

help:
	@echo "make demo      - DigitalOcean in a box: the emulator with --backend docker, site.yml end to end (twice: the rerun is 0 changed)"
	@echo "make demo-down - remove the box (every container, network and volume file of the demo) and stop its emulator"
	@echo "make test      - every test: unit, emulator contract, sanity, lint, integration, inventory, package, backend, e2e, molecule"
	@echo "make bench     - benchmarks (emulator, modules, inventory); figures go to bench/results/"
	@echo "make docs      - the collection's HTML docs site (antsibull-docs + Sphinx) in .build/docs/build/html"
	@echo "make ee        - the execution environment image tide-ee:<hash> (execution-environment.yml, offline build)"

# What the main job needs (make demo) ...
$(VENV)/.runtime: requirements.txt emulator/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt -e emulator
	touch $@

# ... and what the tests need on top.
$(VENV)/.installed: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

runtime: $(VENV)/.runtime
venv: $(VENV)/.installed

# The repository root is the collection root; Ansible finds it through this link.
link:
	@mkdir -p $(dir $(COLLECTION_LINK))
	@ln -sfn $(CURDIR) $(COLLECTION_LINK)

collection: venv link

demo: runtime link
	bash scripts/demo.sh up

demo-down:
	bash scripts/demo.sh down

# Two at a time (a 2-core machine): the longest parts start first (Molecule, and the fault pass, which mostly
# waits out retries), the others follow. Each part's output is printed in one piece when it ends.
test: collection
	$(MAKE) -j2 --keep-going --output-sync=target molecule integration-faults unit emulator-test sanity lint \
		integration inventory-test package-test backend-test e2e

# ... and the runbooks' playbooks (docs/runbooks/*.yml) against an API-only emulator.
unit: collection
	$(BIN)/pytest -q tests/unit tests/droplet_image tests/runbooks

# The emulator's contract and fuzz tests, and the peer suite (community.digitalocean's modules against it).
emulator-test: collection
	$(BIN)/pytest -q tests/emulator tests/peer

sanity: collection
	bash scripts/sanity.sh

lint: collection
	$(BIN)/ruff check plugins emulator tests bench scripts
	$(BIN)/ansible-lint --profile production

# The targets and the site's playbooks; the fault pass (tests/integration/fault-targets) runs on its own emulator.
integration: collection
	FAULT_TARGETS= $(BIN)/python scripts/with_emulator.py -- bash tests/integration/run.sh

integration-faults: collection
	TARGETS= SITE=0 $(BIN)/python scripts/with_emulator.py -- bash tests/integration/run.sh

# Then the tests that API data is never templated, on the oldest ansible-core meta/runtime.yml claims (own venv).
inventory-test: collection
	$(BIN)/pytest -q tests/inventory
	PY=$(PY) bash scripts/oldest-ansible.sh

# The collection as users get it: the built tarball installed offline into an empty path, ansible-doc for every
# plugin, the API-only site.yml and teardown.yml from the installed copy and as AWX runs them (ansible-runner), in
# the execution environment image (built when its inputs changed), antsibull-docs lint and the docs site.
package-test: collection
	$(BIN)/pytest -q tests/package

docs: collection
	bash scripts/docs.sh

ee: collection
	$(BIN)/python scripts/ee.py build

backend-test: collection
	bash scripts/setup-docker.sh >/dev/null
	$(BIN)/pytest -q tests/backend

e2e: collection
	bash scripts/setup-docker.sh >/dev/null
	$(BIN)/pytest -q tests/e2e

molecule: collection
	bash scripts/molecule.sh

# The benchmarks' own needs (matplotlib for the fleet chart), which make test and CI do without.
$(VENV)/.bench: $(VENV)/.installed requirements-bench.txt
	$(BIN)/pip install -q -r requirements-bench.txt
	touch $@

bench: collection $(VENV)/.bench
	bash bench/run.sh

clean:
	rm -rf $(BUILD) tests/output
