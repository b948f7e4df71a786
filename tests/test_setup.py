"""The project's set-up: pre-commit hooks, line endings and the GitHub workflows."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The first major of each action that runs on Node 24 (runs.using: node24; GitHub removes
# Node 20 from its runners). upload-pages-artifact is a composite around upload-artifact,
# whose Node 24 release it uses from v5 on.
NODE24_MAJOR = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/upload-artifact": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}


def workflow(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pre_commit_hooks_call_the_pinned_tools_in_the_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    assert {hook["id"] for hook in hooks} >= {"karriereguiden-check", "yamllint", "ruff"}
    for hook in hooks:
        # 'unsupported': pre-commit installs nothing for the hook, so it needs no network.
        assert hook["language"] == "unsupported", hook["id"]
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/"), hook["id"]
        assert (ROOT / program).exists(), f"{program}: run python3 dev.py test once"


def test_the_yaml_lint_of_the_hook_is_installed_with_the_site_not_only_for_tests():
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("yamllint==") for line in pins)


def test_data_and_text_files_are_checked_out_with_lf_line_endings():
    files = ["data/roles.yaml", "README.md", "dev.py", ".github/workflows/publish.yml"]
    result = subprocess.run(
        ["git", "check-attr", "eol", "--", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == [f"{name}: eol: lf" for name in files]


def test_every_action_runs_on_node_24():
    for path in WORKFLOWS:
        for used in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            action, _, version = used.partition("@")
            assert action in NODE24_MAJOR, f"{path.name}: {action} is not known here"
            major = int(re.match(r"v(\d+)", version).group(1))
            assert major >= NODE24_MAJOR[action], f"{path.name}: {used} runs on Node 20"


def test_every_job_has_a_timeout_and_its_own_permissions():
    for path in WORKFLOWS:
        flow = workflow(path)
        assert flow["permissions"] == {}, f"{path.name}: permissions belong to the jobs"
        for name, job in flow["jobs"].items():
            assert job.get("timeout-minutes"), f"{path.name}: {name} has no timeout"
            assert "permissions" in job, f"{path.name}: {name} has no permissions"


def test_only_the_deploy_job_may_write_to_pages():
    writers = [
        (path.name, name)
        for path in WORKFLOWS
        for name, job in workflow(path)["jobs"].items()
        if job["permissions"].get("pages") == "write" or "id-token" in job["permissions"]
    ]
    assert writers == [("publish.yml", "deploy")]


def test_a_newer_push_cancels_the_running_pull_request_check():
    flow = workflow(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert flow["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in flow["concurrency"]["group"]


def test_pip_downloads_are_cached_between_runs():
    for path in WORKFLOWS:
        steps = [s for job in workflow(path)["jobs"].values() for s in job["steps"]]
        setups = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
        assert setups and all(s["with"]["cache"] == "pip" for s in setups), path.name
