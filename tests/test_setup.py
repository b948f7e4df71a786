"""The project's set-up: pre-commit hooks, line endings and the GitHub workflows."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
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


def hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_pre_commit_hooks_call_the_pinned_tools_through_one_script_for_every_platform():
    assert {hook["id"] for hook in hooks()} >= {"karriereguiden-check", "ruff", "ruff-format"}
    for hook in hooks():
        # 'unsupported': pre-commit installs nothing for the hook, so it needs no network.
        assert hook["language"] == "unsupported", hook["id"]
        # No .venv/bin/ (Linux, macOS) or .venv\Scripts\ (Windows) path: each has only one.
        assert hook["entry"].startswith("sh tools/venv-python -m "), hook["id"]
        assert ".venv" not in hook["entry"], hook["id"]


def venv_python(project: Path, *args: str) -> subprocess.CompletedProcess:
    (project / "tools").mkdir(exist_ok=True)
    (project / "tools" / "venv-python").write_bytes((ROOT / "tools" / "venv-python").read_bytes())
    return subprocess.run(
        ["sh", "tools/venv-python", *args], cwd=project, capture_output=True, text=True
    )


def fake_python(path: Path, name: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(f'#!/bin/sh\necho "{name} $*"\n', encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("layout", "name"), [(".venv/bin/python", "posix"), (".venv/Scripts/python.exe", "windows")]
)
def test_the_hook_script_finds_the_venv_of_either_layout(tmp_path, layout, name):
    fake_python(tmp_path / layout, name)
    result = venv_python(tmp_path, "-m", "ruff", "check", "a b.py")
    assert (result.returncode, result.stdout) == (0, f"{name} -m ruff check a b.py\n")


def test_the_hook_script_without_a_venv_says_how_to_make_one_in_one_line(tmp_path):
    result = venv_python(tmp_path, "-m", "karriereguiden.editor.cli", "check")
    assert result.returncode == 1
    assert result.stderr == (
        "The project's .venv/ is not set up yet: run 'python3 dev.py check' once (on Windows "
        "'py dev.py check'), then commit again.\n"
    )


def test_the_check_hook_runs_as_configured():
    (check,) = [hook for hook in hooks() if hook["id"] == "karriereguiden-check"]
    result = subprocess.run(check["entry"].split(), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data/roles.yaml: OK (")


def test_no_hook_prints_a_traceback_on_a_file_that_is_not_utf8(tmp_path):
    data = tmp_path / "roles.yaml"
    data.write_bytes((ROOT / "data" / "roles.yaml").read_bytes().replace(b"\xc3\xa6", b"\xe6", 1))
    for hook in hooks():
        files = [] if hook.get("pass_filenames") is False else [str(data)]
        extra = ["--data", str(data)] if hook["id"] == "karriereguiden-check" else []
        result = subprocess.run(
            [*hook["entry"].split(), *extra, *files], cwd=ROOT, capture_output=True, text=True
        )
        assert "Traceback" not in result.stdout + result.stderr, hook["id"]
        if hook["id"] == "karriereguiden-check":
            assert result.returncode == 1
            assert "the file is not UTF-8 text: the character at column" in result.stderr


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


# -- dev.py: what it installs, and the preview's address ------------------------------------------


def dev_commands(monkeypatch, *, root: bool, on_path: tuple[str, ...] = ()) -> list[list[str]]:
    """dev.py with the given programs installed; returns the commands it runs."""
    import dev

    ran: list[list[str]] = []
    monkeypatch.setattr(dev, "_may_apt_install", lambda: root)
    monkeypatch.setattr(dev.shutil, "which", lambda name: name if name in on_path else None)
    monkeypatch.setattr(dev, "_run", lambda command, **kwargs: ran.append(command))
    return ran


def test_each_system_install_is_printed_before_it_runs(monkeypatch, capsys):
    import dev

    ran = dev_commands(monkeypatch, root=True, on_path=("apt-get",))
    printed = []

    def run(command, **kwargs):
        printed.append(capsys.readouterr().out)
        ran.append(command)

    monkeypatch.setattr(dev, "_run", run)
    dev._ensure_chromium()
    assert ran == [["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]]
    # Each command is on screen before it runs, as it will run.
    assert printed[0].endswith("$ apt-get update -q\n")
    assert printed[1] == "$ apt-get install -y -q chromium\n"
    assert printed[0].startswith("Chromium is missing: installing the Debian package 'chromium'")


def test_without_root_a_missing_tool_is_named_with_the_command_that_installs_it(
    monkeypatch, capsys
):
    import dev

    monkeypatch.delenv("CI", raising=False)
    ran = dev_commands(monkeypatch, root=False, on_path=("apt-get",))
    dev._ensure_chromium()
    assert ran == []
    assert capsys.readouterr().out == (
        "Chromium is missing: the browser tests will be skipped. "
        "To run them: sudo apt-get install chromium\n"
    )


def test_in_ci_a_tool_that_cannot_be_installed_is_said_to_fail_its_tests(monkeypatch, capsys):
    import dev

    monkeypatch.setenv("CI", "true")
    dev_commands(monkeypatch, root=False, on_path=("apt-get",))
    dev._ensure_chromium()
    assert "the browser tests will fail (CI=true" in capsys.readouterr().out


def test_pip_installs_show_their_progress(monkeypatch, tmp_path):
    import dev

    ran = dev_commands(monkeypatch, root=False)
    monkeypatch.setattr(dev, "VENV", tmp_path)
    monkeypatch.setattr(dev, "PYTHON", Path(sys.executable))
    dev._ensure_env("requirements.txt")
    installs = [c for c in ran if c[1:4] == ["-m", "pip", "install"]]
    assert len(installs) == 2
    assert not any("--quiet" in c or "-q" in c for c in installs)


def test_the_readme_set_up_names_what_the_tests_need_beyond_python():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^python3 dev\.py \w+", set_up, flags=re.MULTILINE)
    assert commands == ["python3 dev.py build", "python3 dev.py test"]
    for needed in ("Chromium", "Java", "npm", "apt-get", "CI=true", "skipped"):
        assert needed in set_up, needed
    assert "nothing else" not in set_up


def test_the_ci_script_runs_the_readme_test_command():
    assert "\npython3 dev.py test\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def busy_port() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


@pytest.mark.parametrize(
    "flag", [["-a", "{addr}"], ["--dev-addr", "{addr}"], ["--dev-addr={addr}"]]
)
def test_serve_on_a_busy_port_says_so_in_one_line_before_building(flag):
    with busy_port() as listener:
        port = listener.getsockname()[1]
        addr = f"127.0.0.1:{port}"
        args = [part.format(addr=addr) for part in flag]
        result = subprocess.run(
            [sys.executable, "dev.py", "serve", "--lang", "da", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""  # nothing was installed or built
    assert result.stderr == (
        f"Port {port} on 127.0.0.1 is already in use (another preview, or another program): "
        f"choose another port with -a, e.g. python3 dev.py serve -a 127.0.0.1:{port + 1}\n"
    )


def test_serve_reads_the_default_address_when_none_is_given():
    import dev

    assert dev._dev_addr(["--lang", "sv"]) == "127.0.0.1:8000"
    assert dev._dev_addr(["-a127.0.0.1:8005"]) == "127.0.0.1:8005"


def test_the_readme_lists_the_preview_address_flag():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py serve -a 127.0.0.1:8001" in readme
