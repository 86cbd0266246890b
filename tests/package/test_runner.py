"""site.yml run the way AWX / Automation Controller runs a job: ansible-runner on a private data dir with the
playbooks as the project, the dynamic inventory config as the inventory, the credential's DIGITALOCEAN_TOKEN and
DIGITALOCEAN_API_URL in env/envvars and the survey's answers in env/extravars (docs/awx.md). The collection is the
installed tarball (what the execution environment holds), never this checkout.
"""

import json
import os
import shutil
import stat

import ansible_runner
import jinja2
import pytest
import yaml
from package_support import DO_VARIABLES, REPO, TOKEN

from do_emulator import catalog

AWX = REPO / "docs" / "awx"

# The tasks of provision.yml that must have run, by module.
PROVISION_ACTIONS = {"tide.digitalocean.%s" % m for m in (
    "vpc", "ssh_key", "droplet", "volume", "firewall", "database_cluster", "database_db", "database_user",
    "database_pool", "database_firewall", "load_balancer", "reserved_ip", "domain", "domain_record",
    "monitoring_alert", "project")}
# Answers to the survey of docs/awx/survey.json (not its defaults, so that the test sees them arrive).
SURVEY = {"tide_region": "ams3", "tide_droplet_size": "s-2vcpu-2gb"}


def injected_environment(inputs):
    """What AWX injects for a credential of docs/awx's credential type with these inputs: the env injectors
    rendered with them (AWX renders them with Jinja2 too)."""
    fields = yaml.safe_load((AWX / "credential_type_inputs.yml").read_text())
    assert sorted(inputs) == sorted(f["id"] for f in fields["fields"]) == sorted(fields["required"])
    assert [f["id"] for f in fields["fields"] if f.get("secret")] == ["token"]
    injectors = yaml.safe_load((AWX / "credential_type_injectors.yml").read_text())
    assert list(injectors) == ["env"]
    return {k: jinja2.Template(v, undefined=jinja2.StrictUndefined).render(inputs)
            for k, v in injectors["env"].items()}


def survey_answers(answers):
    """The extra vars AWX passes for these answers to docs/awx/survey.json, checked against its questions."""
    questions = {q["variable"]: q for q in json.loads((AWX / "survey.json").read_text())["spec"]}
    assert sorted(questions) == sorted(answers)
    site_vars = yaml.safe_load((REPO / "playbooks" / "vars" / "site.yml").read_text())
    for variable, question in questions.items():
        assert answers[variable] in question["choices"], variable
        # The default is the playbooks' own, and every choice is one the API offers.
        assert question["default"] == site_vars[variable], variable
    assert all(catalog.available_region(r) for r in questions["tide_region"]["choices"])
    assert all(catalog.size(s) for s in questions["tide_droplet_size"]["choices"])
    return dict(answers)


def test_the_awx_credential_type_injects_the_variables_the_collection_reads():
    env = injected_environment({"token": "t0k3n", "api_url": "https://api.digitalocean.com"})
    assert env == {"DIGITALOCEAN_TOKEN": "t0k3n", "DIGITALOCEAN_API_URL": "https://api.digitalocean.com"}


@pytest.fixture
def private_data_dir(installed, emulator, tmp_path, monkeypatch):
    """A private data dir as AWX lays it out for a job, and the process environment of an execution environment
    that holds the installed collection (and the ansible package's bundled ones)."""
    root = tmp_path / "job"
    shutil.copytree(installed.path / "playbooks", root / "project")
    # The project's ansible.cfg, as AWX uses the one at the project root.
    shutil.copy(installed.path / "ansible.cfg", root / "project" / "ansible.cfg")
    shutil.copytree(installed.path / "inventory", root / "inventory")
    (root / "env").mkdir()
    credential = {"token": TOKEN, "api_url": emulator.url}
    (root / "env" / "envvars").write_text(yaml.safe_dump(injected_environment(credential)))
    (root / "env" / "extravars").write_text(yaml.safe_dump(survey_answers(SURVEY)))
    for name in list(os.environ):
        if name.startswith("ANSIBLE_") or name in (*DO_VARIABLES, "PYTHONPATH"):
            monkeypatch.delenv(name)
    for name, value in installed.env.items():
        monkeypatch.setenv(name, value)
    return root


def run_job(private_data_dir, playbook):
    return ansible_runner.run(private_data_dir=str(private_data_dir), playbook=playbook, limit="localhost",
                              quiet=True, timeout=900)


def files_holding(directory, secret):
    """Paths (relative to directory) of the files whose bytes contain secret."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")
                  if p.is_file() and secret.encode() in p.read_bytes())


def test_site_and_teardown_as_awx_jobs_through_ansible_runner(private_data_dir, emulator):
    job = run_job(private_data_dir, "site.yml")
    artifacts = private_data_dir / "artifacts" / job.config.ident
    assert (job.status, job.rc) == ("successful", 0), (artifacts / "stdout").read_text()[-6000:]

    events = list(job.events)
    done = {e["event_data"].get("task_action") for e in events if e["event"] == "runner_on_ok"}
    assert PROVISION_ACTIONS <= done, PROVISION_ACTIONS - done
    assert not [e for e in events if e["event"] == "runner_on_failed"]
    stats = [e for e in events if e["event"] == "playbook_on_stats"][-1]["event_data"]
    assert stats["changed"].get("localhost", 0) > 0 and not stats["failures"]
    assert job.stats["ok"]["localhost"] > 0

    # What AWX keeps of a job: its events and stdout. Both are there, and the token is in neither.
    stdout = (artifacts / "stdout").read_text()
    assert "PLAY RECAP" in stdout and "localhost" in stdout
    assert len(list((artifacts / "job_events").glob("*.json"))) == len(events)
    # ansible-runner writes the process environment it ran with to artifacts/<ident>/command (mode 0600), the one
    # artifact holding the token besides the env/envvars input; AWX removes the private data dir after the job.
    assert files_holding(artifacts, TOKEN) == ["command"]
    assert stat.S_IMODE((artifacts / "command").stat().st_mode) == 0o600
    assert json.loads((artifacts / "command").read_text())["env"]["DIGITALOCEAN_TOKEN"] == TOKEN

    # The survey's answers reached the play.
    droplets = emulator.listing("droplets", "droplets")
    assert sorted(d["name"] for d in droplets) == ["tide-web-1", "tide-web-2"]
    assert {(d["region"]["slug"], d["size_slug"]) for d in droplets} == {
        (SURVEY["tide_region"], SURVEY["tide_droplet_size"])}

    teardown = run_job(private_data_dir, "teardown.yml")
    assert (teardown.status, teardown.rc) == ("successful", 0), teardown.stdout.read()[-6000:]
    assert all(not left for left in emulator.resources().values()), emulator.resources()
    assert files_holding(private_data_dir / "artifacts", TOKEN) == [
        "%s/command" % ident for ident in sorted((job.config.ident, teardown.config.ident))]
