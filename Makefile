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

.PHONY: help venv collection demo test unit emulator-test sanity lint integration inventory-test molecule bench clean

help:
	@echo "make demo   - start the embedded emulator and run playbooks/site.yml against it (twice: the rerun is 0 changed)"
	@echo "make test   - every test: unit, emulator contract, sanity, lint, integration, inventory, molecule"
	@echo "make bench  - benchmarks (emulator, modules, inventory); figures go to bench/results/"

$(VENV)/.installed: requirements-dev.txt emulator/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q -e emulator
	touch $@

venv: $(VENV)/.installed

# The repository root is the collection root; Ansible finds it through this link.
collection: venv
	@mkdir -p $(dir $(COLLECTION_LINK))
	@ln -sfn $(CURDIR) $(COLLECTION_LINK)

demo: collection
	@mkdir -p $(BUILD)
	$(BIN)/python scripts/with_emulator.py --state $(BUILD)/demo-emulator.sqlite --action-seconds 0.5 \
		--rate-limit-per-minute 250 -- bash scripts/demo.sh

test: collection
	$(MAKE) --keep-going unit emulator-test sanity lint integration inventory-test molecule

unit: collection
	$(BIN)/pytest -q tests/unit

emulator-test: collection
	$(BIN)/pytest -q tests/emulator

sanity: collection
	bash scripts/sanity.sh

lint: collection
	$(BIN)/ruff check plugins emulator tests bench scripts
	$(BIN)/ansible-lint --profile production

integration: collection
	$(BIN)/python scripts/with_emulator.py -- bash tests/integration/run.sh

inventory-test: collection
	$(BIN)/pytest -q tests/inventory

molecule: collection
	bash scripts/molecule.sh

bench: collection
	bash bench/run.sh

clean:
	rm -rf $(BUILD) tests/output
