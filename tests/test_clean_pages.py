"""Every built page is valid HTML and loads in a browser without an error or a failed request.

The Nu HTML Checker (vnu.jar from the npm package vnu-jar, pinned in tools/vnu/, run on
Java) checks all pages in one run; `python3 dev.py test` installs both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import local_browser, served
from tests.conftest import ROOT

pytestmark = pytest.mark.build

VNU = ROOT / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Every page kind in every language: home, roles index, role, salary, FAQ, salary overview,
# about, and the not-found page.
PAGE_KINDS = [
    *(
        f"{prefix}{path}"
        for prefix, paths in {
            "": ("roller/", "roller/kundeservicechef/", "roller/kundeservicechef/loen/",
                 "roller/kundeservicechef/spoergsmaal/", "loen/", "om/"),
            "no/": ("yrker/", "yrker/kundeservicesjef/", "yrker/kundeservicesjef/lonn/",
                    "yrker/kundeservicesjef/sporsmal/", "lonn/", "om/"),
            "sv/": ("yrken/", "yrken/kundtjanstchef/", "yrken/kundtjanstchef/lon/",
                    "yrken/kundtjanstchef/fragor/", "lon/", "om/"),
        }.items()
        for path in ("", *paths)
    ),
    "404.html",
    "no/404.html",
    "sv/404.html",
]  # fmt: skip


def _require_vnu() -> None:
    missing = [what for what, ok in (("java", shutil.which("java")), ("vnu.jar", VNU.is_file()))
               if not ok]  # fmt: skip
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing in CI: dev.py test should have installed them")
        pytest.skip(f"{missing} not installed: run python3 dev.py test")


def nu_html_checker(paths: list[Path]) -> list[dict]:
    """The checker's messages for these files, from one Java run (about 8 s for 51 pages)."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
         *(str(p) for p in paths)],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    return json.loads(result.stderr)["messages"]


def test_the_checker_reports_an_invalid_page(tmp_path):
    _require_vnu()
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="da"><title>x</title>'
        '<input type="checkbox" autocomplete="off"><label for="__toc">x</label></html>',
        encoding="utf-8",
    )
    errors = [m for m in nu_html_checker([page]) if m["type"] == "error"]
    assert len(errors) == 2


def test_every_built_page_passes_the_nu_html_checker(site):
    _require_vnu()
    pages = sorted(site.rglob("*.html"))
    assert pages
    errors = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site)}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in nu_html_checker(pages)
        if m["type"] == "error"
    ]
    assert errors == []


def _failed(request) -> bool:
    # Going on to the next page cancels what the theme still loads in the background (the
    # search worker, the favicon); that is the test moving on, not the page failing.
    return request.failure != "net::ERR_ABORTED"


def test_every_page_kind_loads_without_console_errors_or_failed_requests(site):
    problems: list[str] = []
    with served(site) as base, local_browser() as (context, outside):
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on("requestfailed", lambda r: _failed(r) and problems.append(f"failed: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
        for path in PAGE_KINDS:
            # networkidle: the theme's requests after load (search index, sitemap) count too.
            page.goto(base + path, wait_until="networkidle")
            problems.extend(f"left the machine: {url}" for url in outside)
            outside.clear()
    assert problems == []
