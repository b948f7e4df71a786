"""The live preview: problems in the browser instead of a blank wait, and a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from karriereguiden.data.errors import DataError, DataErrors
from karriereguiden.site import preview
from tests.browser import local_browser
from tests.conftest import ROOT, line_of, make_project, valid_yaml

PROBLEM = DataError("data/roles.yaml", 84, 17, "got '<b>monthly</b>'", "role 'alpha', salary")


def test_the_error_page_names_file_line_column_role_and_field_as_text():
    page = preview.error_page(DataErrors([PROBLEM]))
    assert "<h1>1 problem in the data</h1>" in page
    assert "data/roles.yaml:84:17" in page
    assert "role &#39;alpha&#39;, salary" in page
    assert "got &#39;&lt;b&gt;monthly&lt;/b&gt;&#39;" in page


def test_the_error_page_replaces_every_page_of_the_preview(tmp_path):
    (tmp_path / "roller" / "alpha").mkdir(parents=True)
    (tmp_path / "roller" / "alpha" / "index.html").write_text("old page", encoding="utf-8")
    (tmp_path / "index.html").write_text("old home", encoding="utf-8")
    preview.show(tmp_path, DataErrors([PROBLEM]))
    # The server sends its 404.html for every address it has no file for.
    assert [p.name for p in tmp_path.iterdir()] == ["404.html"]


# -- a real `mkdocs serve` on a small project ------------------------------------------------

WAIT = 120  # seconds: a first build on a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def dev_serve(project: Path):
    """`dev.py serve --lang da` on the project: one language, as editors preview."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f",
               str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]  # fmt: skip
    # dev.py's own way of running the server, without its set-up of .venv.
    runner = f"import sys, dev; sys.exit(dev._run_until_stopped({command!r}))"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KARRIEREGUIDEN_ONLY_LANGUAGE": "da"}
    process = subprocess.Popen(
        [sys.executable, "-c", runner],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while not is_listening(port):
            if process.poll() is not None:
                pytest.fail(f"the preview stopped:\n{process.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("the preview did not start listening in time")
            time.sleep(0.2)
        yield process, f"http://127.0.0.1:{port}/"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.build
def test_the_preview_shows_the_problems_until_they_are_fixed_then_the_site(tmp_path):
    expect = pytest.importorskip("playwright.sync_api").expect
    good = valid_yaml()
    broken = good.replace("period: month", "period: monthly")
    project = make_project(tmp_path, broken)
    data = project / "data" / "roles.yaml"
    with dev_serve(project) as (_, base), local_browser() as (context, outside):
        page = context.new_page()
        page.goto(base + "roller/alpha-da/")
        heading = page.locator("h1")
        expect(heading).to_have_text("1 problem in the data", timeout=WAIT * 1000)
        where = f"data/roles.yaml:{line_of(broken, 'period: monthly')}:17"
        expect(page.locator("li")).to_contain_text(
            [f"{where}\nrole 'alpha', salary for DK\n'period' must be 'month' or 'year'"]
        )

        data.write_text(good, encoding="utf-8")
        expect(heading).to_contain_text("Title alpha da", timeout=WAIT * 1000)

        data.write_text(broken.replace("tax: before", "tax: later"), encoding="utf-8")
        expect(heading).to_have_text("2 problems in the data", timeout=WAIT * 1000)
        assert outside == []


@pytest.mark.build
def test_the_preview_searches_an_edited_title_once_the_page_shows_it(tmp_path):
    # The preview indexes its search after the page is shown, on the other core.
    expect = pytest.importorskip("playwright.sync_api").expect
    good = valid_yaml()
    project = make_project(tmp_path, good)
    with dev_serve(project) as (_, base), local_browser() as (context, outside):
        page = context.new_page()
        page.goto(base + "roller/alpha-da/")
        expect(page.locator("h1")).to_contain_text("Title alpha da", timeout=WAIT * 1000)
        edited = good.replace("Title alpha da", "Title zebrafinke da", 1)
        (project / "data" / "roles.yaml").write_text(edited, encoding="utf-8")
        expect(page.locator("h1")).to_contain_text("zebrafinke", timeout=WAIT * 1000)
        page.keyboard.press("/")
        page.keyboard.type("zebrafinke")
        result = page.locator(".md-search-result__item > a").first
        expect(result).to_have_attribute("href", re.compile(r"roller/alpha-da/"), timeout=15000)
        assert outside == []


@pytest.mark.build
def test_sigterm_stops_the_preview_and_frees_its_port(tmp_path):
    project = make_project(tmp_path, valid_yaml())
    with dev_serve(project) as (process, base):
        assert status(base) == 200
        port = int(base.rsplit(":", 1)[1].strip("/"))
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not is_listening(port)
        # Nothing it started is left: no server process serves the project any more.
        left = subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True)
        assert left.stdout == b""
