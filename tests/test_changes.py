"""The pull request's report: what the data change does, and problems on their lines."""

from __future__ import annotations

import subprocess
import sys

from karriereguiden.data.errors import DataError
from karriereguiden.editor import datadiff
from karriereguiden.pages.languages import language_codes
from tests.conftest import (
    ROOT,
    SALARY,
    SOURCES,
    catalogue_yaml,
    line_of,
    load,
    role_yaml,
    valid_yaml,
)

LANGS = language_codes()


def summary(old_text: str | None, new_text: str) -> str:
    old = load(old_text) if old_text is not None else None
    changes = datadiff.compare(old, load(new_text), LANGS)
    return datadiff.summary_markdown(changes, "data/roles.yaml")


def test_added_and_removed_roles_are_listed_with_their_titles():
    old = catalogue_yaml(role_yaml("alpha"), role_yaml("beta"))
    new = catalogue_yaml(role_yaml("alpha"), role_yaml("gamma"))
    text = summary(old, new)
    assert (
        "### Roles added (1)\n\n- `gamma` Title gamma da / Title gamma no / Title gamma sv" in text
    )
    assert "### Roles removed (1)\n\n- `beta` Title beta da / Title beta no / Title beta sv" in text


def test_a_changed_figure_shows_each_field_from_and_to_with_its_line():
    old = catalogue_yaml(role_yaml("alpha", salaries=SALARY))
    new = old.replace("amount: 32000", "amount: 34500").replace("year: 2025", "year: 2024")
    text = summary(old, new)
    line = line_of(new, "- country: DK")
    assert (
        "- salary in DK (average, everyone in the job): amount 32000 → 34500; "
        f"year 2025 → 2024 (line {line})"
    ) in text


def test_a_rate_for_a_new_year_is_listed_as_added_beside_the_years_before():
    old = catalogue_yaml(role_yaml("alpha"))
    new = old.replace(
        "exchange_rates:\n",
        "exchange_rates:\n  - {currency: NOK, per_eur: 10.1, date: 2018-01, source: stats}\n",
    )
    assert "- exchange rate NOK 2018 added: 10.1 NOK per euro on average in 2018-01" in summary(
        old, new
    )


def test_a_definition_added_to_a_figure_is_listed():
    definitions = (
        "definitions:\n  monthly:\n    source: stats\n    tax: before\n"
        "    hours: full_time_equivalent\n"
    )
    old = catalogue_yaml(role_yaml("alpha", salaries=SALARY))
    new = catalogue_yaml(
        role_yaml("alpha", salaries=SALARY + "        definition: monthly\n"),
        sources=SOURCES + definitions,
    )
    text = summary(old, new)
    assert "- definition monthly added: from source stats: tax before" in text
    assert "- salary in DK (average, everyone in the job): definition none → monthly" in text


def test_an_added_figure_is_listed_with_its_amount_period_and_source():
    old = catalogue_yaml(role_yaml("alpha"))
    new = catalogue_yaml(role_yaml("alpha", salaries=SALARY))
    assert "added, 32000 DKK per month, 2025, source stats" in summary(old, new)


def test_changed_texts_are_named_per_language():
    old = valid_yaml()
    new = old.replace("Summary of alpha in no.", "Ny oppsummering.").replace(
        "Task alpha sv", "Ny uppgift"
    )
    text = summary(old, new)
    assert "- texts in `no`: summary\n- texts in `sv`: tasks" in text
    assert "`da`" not in text


def test_lines_moved_by_an_edit_elsewhere_are_no_change():
    old = valid_yaml()
    new = old.replace("stale_after_years: 3\n", "# a comment\n\nstale_after_years: 3\n")
    assert "No change to the roles, figures, texts or sources." in summary(old, new)


def test_a_new_file_lists_every_role_as_added():
    assert "### Roles added (2)" in summary(None, valid_yaml())


def test_markup_characters_from_the_data_are_shown_as_text_in_the_summary():
    old = catalogue_yaml(role_yaml("alpha"))
    beta = role_yaml("beta").replace("Title beta da", '"*bold* a|b [x]_y_"')
    text = summary(old, catalogue_yaml(role_yaml("alpha"), beta))
    assert r"- `beta` \*bold\* a\|b \[x\]\_y\_ / Title beta no" in text


def test_each_problem_becomes_an_error_annotation_on_its_line_and_column():
    problem = DataError("data/roles.yaml", 12, 7, "50% off,\nreally", "role 'a', salary for DK")
    (line,) = datadiff.annotations([problem])
    # A newline would end the command; ',' and ':' would end a property.
    assert line == (
        "::error file=data/roles.yaml,line=12,col=7,title=role 'a'%2C salary for DK"
        "::50%25 off,%0Areally"
    )


def run_changes(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "karriereguiden.editor.cli", "changes", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def git(cwd, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_the_command_compares_with_a_git_revision_and_appends_to_the_summary_file(tmp_path):
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "roles.yaml"
    data.write_text(catalogue_yaml(role_yaml("alpha", salaries=SALARY)), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    data.write_text(
        catalogue_yaml(role_yaml("alpha", salaries=SALARY.replace("32000", "33000")))
        + role_yaml("beta"),
        encoding="utf-8",
    )
    step_summary = tmp_path / "summary.md"
    step_summary.write_text("earlier step\n", encoding="utf-8")
    result = run_changes(tmp_path, "--base", "HEAD", "--summary", str(step_summary))
    assert result.returncode == 0, result.stderr
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## Changes to data/roles.yaml\n")
    assert "`beta` Title beta da" in text
    assert "amount 32000 → 33000" in text


def test_the_command_puts_problems_on_their_lines_and_says_changes_wait(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(valid_yaml(), encoding="utf-8")
    new_text = valid_yaml().replace("period: month", "period: monthly")
    new = tmp_path / "roles.yaml"
    new.write_text(new_text, encoding="utf-8")
    result = run_changes(tmp_path, "--data", "roles.yaml", "--old", "old.yaml", "--annotations")
    assert result.returncode == 0, result.stderr
    line = line_of(new_text, "period: monthly")
    assert result.stdout.startswith(
        f"::error file=roles.yaml,line={line},col=17,title=role 'alpha'%2C salary for DK::"
        "'period' must be 'month' or 'year', got 'monthly'\n"
    )
    assert "**1 problem in the data.**" in result.stdout
    assert "listed once the problems are fixed" in result.stdout


def test_the_command_refuses_an_unknown_revision(tmp_path):
    (tmp_path / "roles.yaml").write_text(valid_yaml(), encoding="utf-8")
    git(tmp_path, "init", "-q")
    result = run_changes(tmp_path, "--data", "roles.yaml", "--base", "no-such-branch")
    assert result.returncode == 2
    assert "'no-such-branch' is not a git revision here" in result.stderr


def test_every_measure_and_whose_pay_has_words_in_the_summary():
    from typing import get_args

    from karriereguiden.data.model import Measure, Who
    from karriereguiden.editor import datadiff

    assert set(datadiff._MEASURE_WORDS) == set(get_args(Measure))
    assert set(datadiff._WHO_WORDS) == set(get_args(Who))
