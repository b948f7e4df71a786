"""The open data files: every role and every figure, exactly as the data holds them."""

from __future__ import annotations

import csv
import io
import json

from karriereguiden.pages import opendata
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.opendata import render_csv
from tests.conftest import SALARY, SOURCES, catalogue_yaml, load, role_yaml, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}


def test_the_json_holds_every_role_in_the_language_with_its_figures_and_licence():
    data = json.loads(opendata.render_json(load(valid_yaml()), LANG["no"], "2026-11-23"))
    assert data["licence"]["name"] == "CC BY 4.0"
    assert [r["id"] for r in data["roles"]] == ["alpha", "beta"]
    alpha = data["roles"][0]
    assert alpha["title"] == "Title alpha no"
    assert alpha["salaries"][0] == {
        "country": "DK", "currency": "DKK", "measure": "average", "who": "all",
        "low": 32000, "high": 32000, "period": "month", "tax": "before", "includes": [],
        "excludes": [], "reference_year": 2025, "year_basis": "reference", "source": "stats",
        "note": None, "editors_reading": None, "definition": None, "comparison_exclusion": None,
    }  # fmt: skip
    assert data["sources"]["stats"]["kind"] == "official_statistics"
    assert data["sources"]["stats"]["url"] == "https://example.org/earnings"


def test_the_csv_has_one_row_per_figure_and_opens_as_utf8_in_spreadsheets():
    raw = opendata.render_csv(load(valid_yaml()), LANG["sv"])
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["role_title"] == "Title alpha sv"
    assert (rows[0]["low"], rows[0]["period"], rows[0]["source_publisher"]) == (
        "32000",
        "month",
        "Statistics Office",
    )


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_made_inert():
    text = valid_yaml().replace("title: Title alpha sv", "title: =HYPERLINK(1)")
    raw = opendata.render_csv(load(text), LANG["sv"]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in raw


def test_two_renders_are_byte_identical():
    catalogue = load(valid_yaml())
    assert opendata.render_files(catalogue, LANG["da"], "2026-11-23") == opendata.render_files(
        catalogue, LANG["da"], "2026-11-23"
    )


def test_an_undated_figure_has_no_year_in_the_open_data_only_the_kind_of_date():
    text = valid_yaml().replace("year_basis: reference", "year_basis: published")
    catalogue = load(text)
    figure = json.loads(opendata.render_json(catalogue, LANG["da"], "2026-11-23"))["roles"][0][
        "salaries"
    ][0]
    assert (figure["reference_year"], figure["year_basis"]) == (None, "published")
    rows = list(
        csv.DictReader(io.StringIO(opendata.render_csv(catalogue, LANG["da"]).decode("utf-8-sig")))
    )
    assert (rows[0]["reference_year"], rows[0]["year_basis"]) == ("", "published")
    assert rows[0]["source_kind"] == "official_statistics"


def test_the_csv_gives_the_offices_definition_and_why_a_figure_is_not_compared():
    definitions = (
        "definitions:\n  monthly:\n    source: stats\n    tax: before\n    includes: [bonus]\n"
        "    hours: full_time_equivalent\n"
    )
    minimum = SALARY.split("    salaries:\n")[1].replace("measure: average", "measure: minimum")
    figures = SALARY + "        definition: monthly\n" + minimum
    catalogue = load(
        catalogue_yaml(role_yaml("alpha", salaries=figures), sources=SOURCES + definitions)
    )
    rows = list(csv.DictReader(io.StringIO(render_csv(catalogue, LANG["da"]).decode("utf-8-sig"))))
    first, second = rows
    assert (first["office_definition"], first["office_tax"], first["office_includes"]) == (
        "monthly",
        "before",
        "bonus",
    )
    assert (first["office_hours"], first["office_source_url"]) == (
        "full_time_equivalent",
        "https://example.org/earnings",
    )
    assert (first["comparison_exclusion"], second["comparison_exclusion"]) == ("", "minimum")
