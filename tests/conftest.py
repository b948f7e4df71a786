"""Shared fixtures: small valid catalogues as YAML text, and real site builds."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from karriereguiden.data.parse import load_text
from karriereguiden.pages.languages import language_codes

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
LANGS = ("da", "no", "sv")


def role_yaml(role_id: str, related: tuple[str, ...] = (), salaries: str = "") -> str:
    """A complete role whose texts name their language and role, so tests can find them."""
    blocks = []
    for lang in LANGS:
        key = f'"{lang}"' if lang == "no" else lang
        blocks.append(
            textwrap.indent(
                textwrap.dedent(f"""\
            {key}:
              title: Title {role_id} {lang}
              slug: {role_id}-{lang}
              summary: Summary of {role_id} in {lang}.
              typical_education: Typical education {role_id} {lang}
              typical_workplaces: Typical workplaces {role_id} {lang}
              description: |
                Description one {role_id} {lang}.

                Description two {role_id} {lang}.
              tasks: [Task {role_id} {lang}]
              skills: [Skill {role_id} {lang}]
              qualities: [Quality {role_id} {lang}]
              education: Education {role_id} {lang}.
              workplaces: Workplaces {role_id} {lang}.
              hours: Hours {role_id} {lang}.
              tools: [Tool {role_id} {lang}]
              career: Career {role_id} {lang}.
              outlook: Outlook {role_id} {lang}.
              faq:
                - question: Question {role_id} {lang}?
                  answer: Answer {role_id} {lang}.
            """),
                "    ",
            )
        )
    related_line = f"    related: [{', '.join(related)}]\n" if related else ""
    head = f"  - id: {role_id}\n{related_line}    reviewed: 2026-11-01\n"
    return head + "".join(blocks) + salaries


SALARY = """\
    salaries:
      - country: DK
        currency: DKK
        measure: average
        who: all
        amount: 32000
        period: month
        tax: before
        year: 2025
        year_basis: reference
        source: stats
"""

# A figure that may stand in the cross-country comparison needs rates of its own year:
# these cover the years the tests' figures are from.
RATES_2025 = "exchange_rates:\n" + "".join(
    # Quoted, so that tests which rewrite a figure's "currency: DKK" or "source: stats"
    # leave the rates alone.
    f'  - {{currency: "{currency}", per_eur: {rate}, date: {year}, source: "stats"}}\n'
    for year in range(2019, 2026)
    for currency, rate in (("DKK", "7.46"), ("NOK", "11.5"), ("SEK", "11.0"))
)

SOURCES = """\
stale_after_years: 3
sources:
  stats:
    publisher: Statistics Office
    title: Earnings table
    url: https://example.org/earnings
    published: 2025-06-01
    kind: official_statistics
"""


def catalogue_yaml(*roles: str, sources: str = SOURCES, rates: str = RATES_2025) -> str:
    # The rates follow the sources, so that every line of the sources is where it was.
    return sources + rates + "roles:\n" + "".join(roles)


def valid_yaml() -> str:
    return catalogue_yaml(
        role_yaml("alpha", related=("beta",), salaries=SALARY),
        role_yaml("beta", related=("alpha",)),
    )


def load(text: str):
    return load_text(text, "roles.yaml", language_codes(), today=TODAY)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture
def run_check(tmp_path, capsys):
    """Run `dev.py check` on a data file; returns (exit code, what it printed)."""
    from karriereguiden.editor.cli import main

    path = tmp_path / "roles.yaml"

    def run(text: str | None = None, raw: bytes | None = None) -> tuple[int, str]:
        if raw is None:
            raw = text.encode("utf-8")
        path.write_bytes(raw)
        code = main(["check", "--data", str(path), "--docs", str(ROOT / "docs")])
        printed = capsys.readouterr()
        return code, (printed.out + printed.err).replace(str(path), "roles.yaml")

    return run


def only_problem(output: str) -> str:
    """The one problem `check` printed, asserting that there was exactly one."""
    head, *problems = output.strip().splitlines()
    assert head == "1 problem in the data:", output
    return problems[0].strip()


def make_project(tmp_path: Path, data: str | None = None) -> Path:
    """A copy of the real project (config, hook, pages) with its own data file."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "data").mkdir()
    if data is None:
        shutil.copy(ROOT / "data" / "roles.yaml", project / "data" / "roles.yaml")
    else:
        (project / "data" / "roles.yaml").write_text(data, encoding="utf-8")
    return project


def run_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def run_site_build(
    project: Path, site_dir: Path, *options: str, **env: str
) -> subprocess.CompletedProcess:
    """The build `dev.py build` runs: one process per language where there are cores."""
    return subprocess.run(
        [sys.executable, "hooks/parallel_build.py", "--strict", "--site-dir", str(site_dir),
         *options],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )  # fmt: skip


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once from the real data for all HTML tests, as readers get it."""
    tmp = tmp_path_factory.mktemp("real")
    project = make_project(tmp)
    out = tmp / "site"
    result = run_site_build(project, out)
    assert result.returncode == 0, result.stderr
    return out
