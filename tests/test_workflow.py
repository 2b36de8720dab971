"""The CI workflow (.github/workflows/test.yml) parses and asks for what the README promises, offline.

It runs on every push and pull request, ``make test`` on Python 3.11, 3.12 and 3.13 with the pip cache, and
``make portable`` and ``make web-check`` once each. PyYAML comes with Jupyter (jupyter_events). YAML 1.1 reads the
bare key ``on`` as True.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"
PYTHONS = ["3.11", "3.12", "3.13"]


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the workflow must be a YAML mapping"
    return data


def triggers(workflow: dict) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # PyYAML (YAML 1.1) turns the key `on` into True
    if isinstance(on, str):
        return {on}
    if isinstance(on, list | dict):
        return set(on)
    raise AssertionError(f"`on:` must be an event, a list or a mapping, got {on!r}")


def run_lines(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] for line in str(step.get("run", "")).splitlines()]


def runs(job: dict, target: str) -> bool:
    return any(re.match(rf"make {target}(\s|$)", line) for line in run_lines(job))


def uses(step: dict, action: str) -> bool:
    return str(step.get("uses", "")).split("@")[0] == action


def python_versions(job: dict) -> list[str]:
    """The Python versions a job runs on: a matrix over setup-python's python-version, or one fixed version."""
    setup = [s for s in job["steps"] if uses(s, "actions/setup-python")]
    assert len(setup) == 1, "one actions/setup-python step per job"
    version = str(setup[0]["with"]["python-version"])
    m = re.fullmatch(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", version)
    if m:
        return [str(v) for v in job["strategy"]["matrix"][m[1]]]
    return [version]


def test_every_job_is_well_formed(workflow):
    assert workflow.get("name") and workflow.get("jobs")
    for name, job in workflow["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", name
        assert job.get("steps") and all(isinstance(s, dict) for s in job["steps"]), name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{name}: each step either uses an action or runs commands"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[\w.-]+", step["uses"]), f"{name}: pin {step['uses']!r}"
        assert any(uses(s, "actions/checkout") for s in job["steps"]), f"{name}: no checkout"


def test_runs_on_every_push_and_pull_request(workflow):
    assert {"push", "pull_request"} <= triggers(workflow)
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, dict):  # no branch filter: a fork's branches count too
        assert not any(isinstance(v, dict) and ("branches" in v or "paths" in v) for v in on.values())


def test_make_test_on_each_python_with_the_pip_cache(workflow):
    jobs = [job for job in workflow["jobs"].values() if runs(job, "test")]
    assert jobs, "no job runs `make test`"
    versions = sorted(v for job in jobs for v in python_versions(job))
    assert versions == PYTHONS, f"`make test` must run once on each of {PYTHONS}, runs on {versions}"
    for job in jobs:
        setup = next(s for s in job["steps"] if uses(s, "actions/setup-python"))
        assert setup["with"].get("cache") == "pip"
        assert setup["with"].get("cache-dependency-path") == "requirements.txt"


def test_browser_check_runs_once_on_python_311(workflow):
    jobs = [job for job in workflow["jobs"].values() if runs(job, "web-check")]
    assert len(jobs) == 1, "`make web-check` runs in exactly one job"
    (job,) = jobs
    assert python_versions(job) == ["3.11"] and "strategy" not in job
    assert sum(bool(re.match(r"make web-check(\s|$)", line)) for line in run_lines(job)) == 1
    setup = next(s for s in job["steps"] if uses(s, "actions/setup-python"))
    assert setup["with"].get("cache") == "pip"
    assert any(uses(s, "actions/setup-node") for s in job["steps"]), "npm fetches the pinned web assets"
    # The runner is not root, so the Makefile cannot apt-get chromium itself: the workflow names a browser.
    assert any('CHROMIUM="$CHROMIUM"' in line for line in run_lines(job) if line.startswith("make web-check"))


def test_the_notebooks_run_once_as_on_other_cpus(workflow):
    jobs = [job for job in workflow["jobs"].values() if runs(job, "portable")]
    assert len(jobs) == 1 and python_versions(jobs[0]) == ["3.11"], "`make portable` runs in exactly one job"


def test_readme_shows_the_badge_of_this_workflow():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:5]
    assert any(f"actions/workflows/{WORKFLOW.name}/badge.svg" in line for line in head)
