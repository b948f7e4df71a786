"""What the site claims of its figures as a whole is counted from the data."""

from __future__ import annotations

import pytest

from karriereguiden.pages import render, salary
from karriereguiden.pages.languages import load_languages
from tests.conftest import SALARY, catalogue_yaml, load, role_yaml

LANG = {lang.code: lang for lang in load_languages()}
UNDATED = SALARY.replace("year_basis: reference", "year_basis: published")


def catalogue(*salaries: str):
    roles = [role_yaml(f"r{i}", salaries=s) for i, s in enumerate(salaries)]
    return load(catalogue_yaml(*roles))


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_a_year_for_every_figure_is_claimed_only_when_every_figure_has_one(lang):
    words = LANG[lang]
    assert words.word("facts_all_dated") in render.salary_facts(catalogue(SALARY), words)
    mixed = render.salary_facts(catalogue(SALARY, UNDATED), words)
    assert words.word("facts_all_dated") not in mixed
    assert words.word("facts_some_dated", dated=1, total=2) in mixed
    none = render.salary_facts(catalogue(UNDATED), words)
    assert words.word("facts_none_dated") in none


def test_the_kinds_of_source_are_counted():
    text = render.salary_facts(catalogue(SALARY, SALARY), LANG["da"])
    assert "Antal tal efter kildetype: officiel statistik (2)." in text


def test_without_figures_the_home_page_says_there_are_none():
    assert render.salary_facts(catalogue(""), LANG["sv"]) == LANG["sv"].word("facts_no_figures")


def test_a_salary_page_description_promises_a_year_only_where_every_figure_has_one():
    dated = load(catalogue_yaml(role_yaml("a", salaries=SALARY))).role("a").salaries
    undated = load(catalogue_yaml(role_yaml("a", salaries=UNDATED))).role("a").salaries
    assert salary.description_key(dated) == "salary_description_dated"
    assert salary.description_key(undated) == "salary_description"
    assert salary.description_key(()) == "salary_description_none"


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_no_description_calls_the_figures_statistics(lang):
    # Most figures are not official statistics: the words say "figures", not "statistics".
    for key in ("salary_description", "salary_description_dated", "salaries_description"):
        assert "statisti" not in LANG[lang].words[key].lower()
