"""The loader: what editors may write in roles.yaml, and what they are told when it is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from karriereguiden.data import schema
from karriereguiden.data.errors import DataErrors
from karriereguiden.data.parse import load_bytes, load_file
from karriereguiden.data.yamlstrict import compose_text
from karriereguiden.pages import render
from karriereguiden.pages.languages import language_codes
from karriereguiden.site import contents as site
from tests.conftest import (
    ROOT,
    SALARY,
    SOURCES,
    TODAY,
    catalogue_yaml,
    line_of,
    load,
    role_yaml,
    valid_yaml,
)


def errors_of(text: str) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(text)
    return [str(e) for e in caught.value.errors]


def only_error(text: str) -> str:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    return errors[0]


# -- what loads ------------------------------------------------------------------------------


def test_valid_catalogue_loads_every_language_and_figure():
    catalogue = load(valid_yaml())
    alpha = catalogue.role("alpha")
    assert set(alpha.texts) == {"da", "no", "sv"}
    assert alpha.texts["no"].title == "Title alpha no"
    assert alpha.texts["da"].description == (
        "Description one alpha da.",
        "Description two alpha da.",
    )
    (figure,) = alpha.salaries
    assert (figure.low, figure.high, figure.period, figure.year) == (32000, 32000, "month", 2025)


def test_real_data_file_loads():
    catalogue = load_file(ROOT / "data" / "roles.yaml", language_codes())
    # A subset, in order: an editor adding a role must not turn this test red.
    ids = [r.id for r in catalogue.roles]
    assert [i for i in ids if i.startswith(("customer-service", "contact-centre"))][:4] == [
        "customer-service-representative",
        "customer-service-team-lead",
        "customer-service-manager",
        "contact-centre-manager",
    ]


def test_range_is_read_as_low_and_high():
    text = valid_yaml().replace(
        "        amount: 32000\n", "        low: 25000\n        high: 30000\n"
    )
    figure = load(text).role("alpha").salaries[0]
    assert (figure.low, figure.high, figure.is_range) == (25000, 30000, True)


# -- YAML 1.1 traps never reach the site -----------------------------------------------------


@pytest.mark.parametrize("value", ["no", "yes", "on", "off", "22:00", "08:30"])
def test_implicit_yaml_types_stay_text(value):
    text = valid_yaml().replace("title: Title alpha da", f"title: {value}")
    assert load(text).role("alpha").texts["da"].title == value


@pytest.mark.parametrize("value", ["012", "1e3", "2024", "true"])
def test_text_that_other_yaml_tools_read_as_a_number_must_be_quoted(value):
    # The JSON Schema test and editors' tools read YAML 1.2: unquoted, these are no text.
    text = valid_yaml().replace("title: Title alpha da", f"title: {value}")
    assert only_error(text).endswith(
        f"'title' must be text: write \"{value}\" in quotes, because without them other "
        f"YAML tools read it as {'true or false' if value == 'true' else 'a number'}"
    )
    assert load(text.replace(f"title: {value}", f'title: "{value}"'))


def test_language_key_no_is_the_norwegian_block_not_false():
    text = valid_yaml().replace('"no":', "no:")
    assert load(text).role("alpha").texts["no"].summary == "Summary of alpha in no."


@pytest.mark.parametrize("written", ["35.000", "619,280", "619 280"])
def test_thousands_separators_are_rejected_with_a_hint(written):
    text = valid_yaml().replace("amount: 32000", f"amount: {written}")
    digits = written.replace(".", "").replace(",", "").replace(" ", "")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'amount:')}:17: role 'alpha', salary for DK: "
        f"'amount' must be a whole number: write {digits} without thousands separators, "
        f"got '{written}'"
    )


def test_quoted_number_is_rejected():
    text = valid_yaml().replace("amount: 32000", 'amount: "32000"')
    assert "'amount' must be a number without quotes" in only_error(text)


# -- structure mistakes ----------------------------------------------------------------------


def test_unclosed_bracket_is_named_where_it_opened():
    text = valid_yaml().replace("    tools: [Tool alpha da]", "    tools: [Tool alpha da")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'tools: [Tool alpha da')}:14: role 'alpha', language 'da', "
        "field 'tools': the '[' at column 14 is not closed: add ']' at the end of the list, "
        "and put an entry that contains ': ' or ',' in double quotes"
    )


def test_tab_indentation_is_explained_with_role_language_and_field():
    text = valid_yaml().replace("      summary: Summary of alpha in da.", "\tsummary: Summary.")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'Summary.')}:1: role 'alpha', language 'da', field "
        "'summary': there is a tab character here: indent with spaces, never tabs"
    )


def test_a_tab_among_spaces_is_placed_by_the_field_above_not_by_its_width():
    text = valid_yaml().replace("      summary: Summary of alpha in no.", "  \t  summary: S.")
    assert only_error(text).startswith(
        f"roles.yaml:{line_of(text, 'summary: S.')}:3: role 'alpha', language 'no', field "
        "'summary': "
    )


def test_unclosed_quote_points_at_where_it_starts():
    text = valid_yaml().replace("title: Title alpha da", 'title: "Title alpha da')
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'Title alpha da')}:14: role 'alpha', language 'da', "
        "field 'title': the \" quote at column 14 is not closed: add a closing \" at the end "
        'of the text (a " inside the text is written \\")'
    )


def test_empty_file_is_an_error():
    assert only_error("\n  \n") == "roles.yaml:1:1: the file is empty"


def test_file_that_is_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_bytes(valid_yaml().replace("Title alpha da", "Titel \xe6").encode("latin-1"))
    with pytest.raises(DataErrors) as caught:
        load_file(path, language_codes(), "roles.yaml")
    (error,) = caught.value.errors
    assert str(error).startswith(f"roles.yaml:{line_of(valid_yaml(), 'Title alpha da')}:")
    assert "not UTF-8" in str(error)


def test_a_byte_that_is_not_utf8_is_named_at_the_column_an_editor_counts():
    # Three letters of two bytes each come first: the byte's column is 6, its byte offset 9.
    good = valid_yaml().replace("Title alpha da", "Tøtæl å", 1)
    raw = good.encode("utf-8").replace("Tøtæl å".encode(), "Tøtæl å".encode() + b" \xe6")
    with pytest.raises(DataErrors) as caught:
        load_bytes(raw, language_codes(), "roles.yaml")
    assert [str(e) for e in caught.value.errors] == [
        f"roles.yaml:{line_of(good, 'Tøtæl å')}:22: role 'alpha', language 'da', field 'title': "
        "the file is not UTF-8 text: the character at column 22 is saved in another encoding "
        "(byte 0xE6, which is 'æ' in Windows' Western encoding): save the file as UTF-8 (in "
        "most editors: Save with Encoding, or the encoding in the status bar) and check that "
        "character"
    ]


def test_duplicate_key_names_both_lines():
    text = valid_yaml().replace(
        "      summary: Summary of alpha in da.",
        "      summary: Summary of alpha in da.\n      summary: Again.",
    )
    first, second = line_of(text, "summary: Summary of alpha in da."), line_of(text, "Again.")
    assert only_error(text) == (
        f"roles.yaml:{second}:7: role 'alpha', language 'da': "
        f"duplicate key 'summary' (first written at line {first})"
    )


def test_unknown_field_suggests_the_close_name():
    text = valid_yaml().replace("      title: Title alpha da", "      tittle: Title alpha da")
    errors = errors_of(text)
    line = line_of(text, "tittle")
    assert (
        f"roles.yaml:{line}:7: role 'alpha', language 'da': "
        "unknown field 'tittle'; did you mean 'title'?"
    ) in errors
    assert any("'title' is missing" in e for e in errors)


def test_an_unknown_field_lists_the_allowed_ones_in_the_same_order_in_every_run():
    """The order the field reference documents them in, whatever the process's hash seed."""
    text = valid_yaml().replace("      title: Title alpha da", "      zzzz: Title alpha da")
    script = (
        "import sys; from tests.test_loader import errors_of; "
        "print([e for e in errors_of(sys.stdin.read()) if 'zzzz' in e][0])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script], input=text, capture_output=True, text=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT, check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(runs) == 1
    listed = runs.pop().split("allowed: ", 1)[1].strip().split(", ")
    fields = [f.name for f in schema.ROLE_TEXT.fields if f.name in listed]
    assert listed[: len(fields)] == fields


def test_missing_required_field_is_named():
    text = valid_yaml().replace("      hours: Hours alpha sv.\n", "")
    error = only_error(text)
    assert "role 'alpha', language 'sv': 'hours' is missing" in error


def test_missing_language_block_is_a_missing_translation():
    without_swedish = role_yaml("alpha").split("    sv:\n")[0]
    text = catalogue_yaml(without_swedish)
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, '  - id: alpha')}:5: role 'alpha': "
        "the 'sv' text is missing: add a 'sv:' block"
    )


def test_list_where_text_is_expected():
    text = valid_yaml().replace("      summary: Summary of alpha in da.", "      summary: [a, b]")
    assert (
        "role 'alpha', language 'da': 'summary' must be one line of text, got a list"
        in only_error(text)
    )


def test_a_control_character_is_named_at_its_place_without_a_traceback():
    text = valid_yaml().replace("Title alpha da", "Title alpha \x07da")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'Title alpha')}:26: role 'alpha', language 'da', field "
        "'title': there is an invisible control character here (U+0007, column 26), probably "
        "pasted with the text: delete it"
    )


def test_an_anchor_is_refused_with_its_role_language_and_field():
    text = valid_yaml().replace("title: Title alpha da", "title: &t Title alpha da")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, '&t Title')}:14: role 'alpha', language 'da', field "
        "'title': YAML syntax: anchors (&name) are not allowed: write the value out"
    )


def test_aliases_are_refused():
    text = (
        valid_yaml()
        .replace("title: Title alpha da", "title: &t Title alpha da")
        .replace("title: Title alpha no", "title: *t")
    )
    assert "anchors (&name) are not allowed" in only_error(text)


@pytest.mark.parametrize(
    "written",
    [
        "title:\t&t Title alpha da",  # after a tab
        "title: !t Title alpha da",
        "title:\n        &t Title alpha da",  # at the start of the next line
        "title: [x, &t Title alpha da]",  # after a comma in brackets
        "title: {x: &t Title alpha da}",
    ],
)
def test_an_anchor_or_tag_wherever_a_value_starts_is_refused(written):
    text = valid_yaml().replace("title: Title alpha da", written)
    assert "YAML syntax: " in only_error(text)
    assert "are not allowed" in only_error(text)


def test_ampersands_stars_and_exclamation_marks_inside_texts_are_text():
    text = valid_yaml().replace("Summary of alpha in da.", "Hi! Tom & Jerry *5* - 6 * 7")
    text = text.replace("earnings\n", "earnings?id=1&lang=da\n")
    catalogue = load(text)
    assert catalogue.role("alpha").texts["da"].summary == "Hi! Tom & Jerry *5* - 6 * 7"
    assert catalogue.sources["stats"].url == "https://example.org/earnings?id=1&lang=da"


def test_wrong_choice_lists_the_allowed_values():
    text = valid_yaml().replace("period: month", "period: monthly")
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'period:')}:17: role 'alpha', salary for DK: "
        "'period' must be 'month' or 'year', got 'monthly'"
    )


def test_all_problems_are_reported_in_one_run():
    text = (
        valid_yaml()
        .replace("period: month", "period: monthly")
        .replace("      tasks: [Task beta no]", "      taskz: [Task beta no]")
        .replace("amount: 32000", "amount: 32.000")
    )
    assert len(errors_of(text)) >= 3


# -- salary figures ----------------------------------------------------------------------------


def test_range_with_low_above_high_is_rejected():
    text = valid_yaml().replace(
        "        amount: 32000\n", "        low: 40000\n        high: 30000\n"
    )
    assert (
        f"roles.yaml:{line_of(text, 'low: 40000')}:14: role 'alpha', salary for DK: "
        "'low' (40000) is above 'high' (30000)" == only_error(text)
    )


def test_figure_without_amount_is_rejected():
    text = valid_yaml().replace("        amount: 32000\n", "")
    assert "'amount' is missing" in only_error(text)


def test_year_in_the_future_is_rejected():
    text = (
        valid_yaml()
        .replace("year: 2025", "year: 2027")
        .replace("published: 2025-06-01", "published: 2027")
    )
    assert "'year' 2027 is in the future" in only_error(text)


def test_figure_without_source_is_rejected():
    text = valid_yaml().replace("        source: stats\n", "")
    assert "'source' is missing" in only_error(text)


def test_unknown_source_is_named_with_a_suggestion():
    text = valid_yaml().replace("source: stats", "source: stat")
    assert "'source' names an unknown source 'stat'; did you mean 'stats'?" in only_error(text)


def test_published_year_basis_must_match_the_source_date():
    text = (
        valid_yaml()
        .replace("year_basis: reference", "year_basis: published")
        .replace("year: 2025", "year: 2024")
    )
    assert "'year' 2024 does not match the source's 'published' date 2025-06-01" in only_error(text)


def test_accessed_year_basis_needs_an_accessed_date():
    text = valid_yaml().replace("year_basis: reference", "year_basis: accessed")
    assert "'year_basis: accessed' needs 'accessed' on source 'stats'" in only_error(text)


# -- ids, slugs, references and unsafe values --------------------------------------------------


def test_id_with_capitals_is_rejected():
    text = (
        valid_yaml()
        .replace("- id: beta", "- id: Beta")
        .replace("related: [beta]", "related: [Beta]")
    )
    errors = errors_of(text)
    assert any(
        "'id' must use only lowercase letters a-z, digits and single hyphens" in e for e in errors
    )


def test_slug_used_twice_in_one_language_is_rejected():
    text = valid_yaml().replace("slug: beta-sv", "slug: alpha-sv")
    assert (
        "role 'beta', language 'sv': the slug 'alpha-sv' is already used by role 'alpha'"
        in only_error(text)
    )


def test_a_misspelt_related_id_is_never_matched_to_the_role_itself():
    # 'alphq' is closest to 'alpha', which may not list itself: 'alphas' is the suggestion.
    text = catalogue_yaml(role_yaml("alpha", related=("alphq",)), role_yaml("alphas"))
    assert only_error(text).endswith(
        "role 'alpha': 'related' names an unknown role id 'alphq'; did you mean 'alphas'?"
    )


def test_a_misspelt_related_id_with_only_itself_near_gets_no_suggestion():
    text = catalogue_yaml(role_yaml("alpha", related=("alphq",)), role_yaml("gamma"))
    assert only_error(text).endswith("role 'alpha': 'related' names an unknown role id 'alphq'")


def test_a_misspelt_related_id_is_never_matched_to_an_id_listed_already():
    text = catalogue_yaml(
        role_yaml("alpha", related=("beta", "betta")), role_yaml("beta"), role_yaml("betas")
    )
    assert only_error(text).endswith(
        "'related' names an unknown role id 'betta'; did you mean 'betas'?"
    )


def test_unknown_related_role_is_named():
    text = valid_yaml().replace("related: [beta]", "related: [betta]")
    assert "'related' names an unknown role id 'betta'; did you mean 'beta'?" in only_error(text)


def test_javascript_url_is_rejected():
    text = valid_yaml().replace("url: https://example.org/earnings", "url: javascript:alert(1)")
    assert (
        "source 'stats': 'url' must be a web address starting with http:// or https://"
        in only_error(text)
    )


def test_markup_in_a_title_is_rejected():
    text = valid_yaml().replace("title: Title alpha da", "title: Chef <script>")
    assert "'title' may not contain the characters" in only_error(text)


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Læs <b>mere</b>", "HTML markup such as '<b'"),
        ("Se [siden](https://example.org)", "a Markdown link or image '[siden]('"),
        ("Klik JavaScript:alert(1)", "'JavaScript:'"),
    ],
)
def test_markup_in_a_text_is_refused_with_what_was_found(written, found):
    text = valid_yaml().replace("outlook: Outlook alpha da.", f"outlook: {written}")
    assert f"'outlook' contains {found}" in only_error(text)


def test_markup_in_a_folded_text_is_named_at_the_line_and_column_of_the_tag():
    folded = "summary: >-\n        Summary of alpha\n        in <b>da</b>."
    text = valid_yaml().replace("summary: Summary of alpha in da.", folded)
    assert only_error(text) == (
        f"roles.yaml:{line_of(text, 'in <b>da')}:12: role 'alpha', language 'da': 'summary' "
        "contains HTML markup such as '<b': write plain text; for the sign itself, put a space "
        "after it: '< 5'"
    )


def test_markup_in_a_paragraph_text_is_named_at_its_own_line():
    prose = "description: |\n        One.\n\n        See [the page](https://example.org)."
    text = valid_yaml().replace(
        "description: |\n        Description one alpha da.\n\n        Description two alpha da.",
        prose,
    )
    assert only_error(text).startswith(f"roles.yaml:{line_of(text, 'See [the page]')}:13: ")


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        (
            "32.000 kr",
            "must be a whole number: write 32000 without thousands separators or currency",
        ),
        (
            "kr. 32 000",
            "must be a whole number: write 32000 without thousands separators or currency",
        ),
        (
            "32000 DKK",
            "must be a whole number: write 32000 without thousands separators or currency",
        ),
        (
            "32.000,-",
            "must be a whole number: write 32000 without thousands separators or currency",
        ),
        ("32.000", "must be a whole number: write 32000 without thousands separators"),
        ('"32.000 kr"', "must be a number without quotes: write 32000"),
        ('"32000"', "must be a number without quotes: write 32000"),
    ],
)
def test_an_amount_written_with_separators_or_currency_says_which_number_to_write(written, advice):
    text = valid_yaml().replace("amount: 32000", f"amount: {written}")
    shown = written.strip('"')
    assert only_error(text).endswith(f"salary for DK: 'amount' {advice}, got '{shown}'")


def test_an_unknown_field_close_to_one_already_written_says_to_delete_one():
    text = valid_yaml().replace(
        "      summary: Summary of alpha in da.",
        "      summary: Summary of alpha in da.\n      sumary: Again.",
    )
    assert only_error(text).endswith(
        f"unknown field 'sumary': 'summary' is already written at line "
        f"{line_of(text, 'summary: Summary of alpha in da.')}, so delete one of the two"
    )


def test_salary_note_needs_every_language():
    salary = SALARY + "        note:\n          da: Før skat.\n          sv: Före skatt.\n"
    text = catalogue_yaml(role_yaml("alpha", salaries=salary), sources=SOURCES)
    assert "'note' is missing the 'no' translation" in only_error(text)


def test_fast_and_python_readers_give_the_same_tree_with_the_same_positions():
    from karriereguiden.data.yamlstrict import _compose_slowly

    text = (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8")

    def shape(node):
        mark = (node.start_mark.line, node.start_mark.column)
        if isinstance(node.value, list):
            items = [
                (shape(k), shape(v)) if isinstance(item, tuple) else shape(item)
                for item in node.value
                for k, v in [item if isinstance(item, tuple) else (item, item)]
            ]
            return (type(node).__name__, mark, items)
        return (type(node).__name__, mark, node.value, node.style or None, node.tag)

    assert shape(compose_text(text, "x")) == shape(_compose_slowly(text, "x"))


# -- definitions, codes, review dates, rates and ladders ---------------------------------------


def with_salary_lines(extra: str) -> str:
    return valid_yaml().replace("        tax: before\n", f"        tax: before\n{extra}")


def test_a_figure_says_whose_pay_it_is():
    text = valid_yaml().replace("        who: all\n", "")
    assert "'who' is missing: add 'who:' (whose pay: new_in_role" in only_error(text)


def test_a_figure_must_say_whether_it_is_before_tax_or_that_the_source_is_silent():
    text = valid_yaml().replace("tax: before", "tax: gross")
    assert "'tax' must be 'before' or 'after' or 'unstated', got 'gross'" in only_error(text)


def test_included_and_excluded_components_load_in_order():
    text = with_salary_lines("        includes: [pension, bonus]\n        excludes: [overtime]\n")
    (figure,) = load(text).role("alpha").salaries
    assert (figure.includes, figure.excludes) == (("pension", "bonus"), ("overtime",))


def test_a_component_cannot_be_both_included_and_excluded():
    text = with_salary_lines("        includes: [bonus]\n        excludes: [bonus]\n")
    assert only_error(text).endswith("bonus is both included and excluded")


def test_an_unknown_component_is_named():
    text = with_salary_lines("        includes: [pensions]\n")
    assert "'includes' item 1 must be 'pension' or 'bonus'" in only_error(text)


def test_reviewed_must_be_a_full_date():
    text = valid_yaml().replace("reviewed: 2026-11-01", "reviewed: 2026-11", 1)
    assert only_error(text).endswith(
        "'reviewed' must be a date written YYYY-MM-DD, like 2026-11-23, got '2026-11'"
    )


def test_reviewed_cannot_be_in_the_future():
    text = valid_yaml().replace("reviewed: 2026-11-01", "reviewed: 2027-01-01", 1)
    assert only_error(text).endswith("'reviewed' 2027-01-01 is in the future")


def test_occupation_codes_are_four_digits():
    text = valid_yaml().replace(
        "    reviewed: 2026-11-01\n",
        '    reviewed: 2026-11-01\n    codes:\n      isco08: "422"\n',
        1,
    )
    assert only_error(text).endswith("'isco08' must be four digits, like 4222, got '422'")


def test_the_esco_link_must_be_an_esco_uri():
    text = valid_yaml().replace(
        "    reviewed: 2026-11-01\n",
        "    reviewed: 2026-11-01\n    codes:\n      esco: https://example.org/x\n",
        1,
    )
    assert "'esco' must be an ESCO URI" in only_error(text)


RATE = """\
  - currency: NOK
    per_eur: {rate}
    date: 2018-11-02
    source: {source}
"""


def with_rate(rate: str, source: str) -> str:
    """The valid catalogue with one more rate, first in its list."""
    head = "exchange_rates:\n"
    return valid_yaml().replace(head, head + RATE.format(rate=rate, source=source), 1)


def test_an_exchange_rate_is_read_exactly():
    cat = load(with_rate("11.7869", "stats"))
    rate = cat.exchange_rates[0]
    assert str(rate.per_eur) == "11.7869"
    assert (rate.date, rate.year) == ("2018-11-02", 2018)


def test_an_exchange_rate_written_with_a_decimal_comma_gets_a_hint():
    error = only_error(with_rate("11,7869", "stats"))
    assert "'per_eur' must be a number without quotes (use a point for decimals" in error


def test_an_exchange_rate_needs_a_known_source():
    error = only_error(with_rate("11.5", "stast"))
    assert error.endswith("'source' names an unknown source 'stast'; did you mean 'stats'?")


def test_a_ladder_names_known_roles_once_each():
    ladder = "ladders:\n  - id: up\n    roles: [alpha, betta, alpha]\n"
    errors = errors_of(ladder + valid_yaml())
    assert any(
        "'roles' names an unknown role id 'betta'; did you mean 'beta'?" in e for e in errors
    )
    assert any("'roles' lists 'alpha' twice" in e for e in errors)


def test_stale_after_years_is_required_and_bounded():
    text = valid_yaml().replace("stale_after_years: 3", "stale_after_years: 0")
    assert only_error(text).endswith("'stale_after_years' must be at least 1, got 0")


def test_preparing_reads_unchanged_data_once_and_changed_data_again(tmp_path):
    data = tmp_path / "roles.yaml"
    data.write_text(valid_yaml(), encoding="utf-8")
    docs = ROOT / "docs"
    edition = render.Edition(today=TODAY, directory_urls=True, data_url=None)
    first = site.prepare(data, docs, edition).catalogue
    assert site.prepare(data, docs, edition).catalogue is first
    data.write_text(valid_yaml().replace("Title alpha da", "Title alpha da, new"), "utf-8")
    changed = site.prepare(data, docs, edition).catalogue
    assert changed.role("alpha").texts["da"].title == "Title alpha da, new"


def test_a_number_too_long_for_any_figure_is_refused_in_words_not_a_traceback():
    text = valid_yaml().replace("amount: 32000", "amount: " + "9" * 5000)
    assert only_error(text).endswith("salary for DK: 'amount' has 5000 digits: check the number")


def test_an_escape_that_is_half_a_character_is_refused_before_it_reaches_a_page():
    text = valid_yaml().replace("title: Title alpha da", 'title: "Title \\ud800 alpha"')
    assert only_error(text).endswith(
        "role 'alpha', language 'da': 'title' contains a '\\u' escape that is half a "
        "character: remove it"
    )
