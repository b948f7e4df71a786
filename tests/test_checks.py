"""Checks that protect readers from figures and text that cannot be right."""

from __future__ import annotations

import time

import pytest

from tests.conftest import catalogue_yaml, line_of, load, role_yaml, valid_yaml
from tests.test_loader import errors_of, only_error


def with_amount(amount: str, period: str = "month", currency: str = "DKK") -> str:
    return (
        valid_yaml()
        .replace("amount: 32000", f"amount: {amount}")
        .replace("period: month", f"period: {period}")
        .replace("currency: DKK", f"currency: {currency}")
    )


def test_yearly_amount_that_looks_monthly_is_reported():
    text = with_amount("35000", period="year")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'amount: 35000')}:17: role 'alpha', salary for DK: "
        "'amount' 35000 DKK per year is below 120000; "
        "that looks like a monthly amount: check 'period'"
    )


def test_monthly_amount_that_looks_yearly_is_reported():
    text = with_amount("619280", currency="NOK")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'amount: 619280')}:17: role 'alpha', salary for DK: "
        "'amount' 619280 NOK per month is above 300000; "
        "that looks like a yearly amount: check 'period'"
    )


def test_amount_that_fits_no_period_asks_to_check_the_amount():
    text = with_amount("35")
    assert only_error(text).endswith("'amount' 35 DKK per month is below 10000; check the amount")


def test_each_end_of_a_range_is_checked():
    text = valid_yaml().replace(
        "        amount: 32000\n", "        low: 3000\n        high: 30000\n"
    )
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'low: 3000')}:14: role 'alpha', salary for DK: "
        "'low' 3000 DKK per month is below 10000; check the amount"
    )


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Leder <script>alert(1)</script>", "HTML markup such as '<s'"),
        ("Se [vores side](https://example.org)", "a Markdown link or image '[vores side]('"),
        ("Klik javascript:alert(1)", "'javascript:'"),
    ],
)
def test_markup_in_text_is_reported_to_the_editor_where_it_is(written, found):
    text = valid_yaml().replace("Summary of alpha in sv.", written)
    line = line_of(text, written)
    # The column of the markup itself, not of the text's start (16).
    column = text.splitlines()[line - 1].index(found.split("'")[1]) + 1
    assert column > 16
    assert only_error(text).startswith(
        f"roles.yaml:{line}:{column}: role 'alpha', language 'sv': 'summary' contains {found}: "
    )


def test_a_lone_less_than_sign_is_plain_text():
    text = valid_yaml().replace("Summary of alpha in sv.", "Under < 5 år i yrket.")
    assert load(text).role("alpha").texts["sv"].summary == "Under < 5 år i yrket."


def test_problems_in_different_roles_are_reported_together_with_reference_checks():
    text = catalogue_yaml(
        role_yaml("alpha", related=("gamma",)),
        role_yaml("beta").replace("title: Title beta sv", "title: Title <beta> sv"),
    )
    related_error, title_error = errors_of(text)  # sorted by line
    assert "'related' names an unknown role id 'gamma'" in related_error
    assert "'title' may not contain" in title_error


def test_a_role_with_problems_still_counts_as_existing_for_related_lists():
    text = catalogue_yaml(
        role_yaml("alpha", related=("beta",)),
        role_yaml("beta").replace("title: Title beta sv", "title: Title <beta> sv"),
    )
    assert "'title' may not contain" in only_error(text)


def test_alias_bomb_is_refused_before_any_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    started = time.perf_counter()
    error = only_error(bomb)
    assert time.perf_counter() - started < 1
    assert error == (
        "roles.yaml:1:4: 'a': YAML syntax: anchors (&name) are not allowed: write the value out"
    )


def test_a_source_without_a_kind_is_reported_with_the_kinds_to_choose_from():
    text = valid_yaml().replace("    kind: official_statistics\n", "")
    message = only_error(text)
    assert message.startswith("roles.yaml:4:5: source 'stats': 'kind' is missing: add 'kind:'")
    assert "official_statistics, collective_agreement, survey" in message


def test_a_kind_of_source_outside_the_list_is_reported_where_it_is_written():
    text = valid_yaml().replace("kind: official_statistics", "kind: blog")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'kind: blog')}:11: source 'stats': 'kind' must be "
        "'official_statistics' or 'collective_agreement' or 'survey' or 'article', got 'blog'"
    )
