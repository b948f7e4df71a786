"""schema.org data: valid JSON whatever the data holds, and true to the data."""

from __future__ import annotations

import json

import pytest

from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.salary import FigureViews
from karriereguiden.pages.structured import money, page_data, to_script_json
from tests import schemaorg_vocabulary as vocabulary
from tests.conftest import SALARY, TODAY, catalogue_yaml, load, role_yaml, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}


def test_json_for_a_script_tag_cannot_end_the_tag_or_open_a_comment():
    hostile = '</script><script>alert(1)</script><!-- & "quoted" \\ \u2028'
    text = to_script_json({"name": hostile})
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == {"name": hostile}


def test_role_page_data_is_an_occupation_with_its_salaries():
    catalogue = load(valid_yaml())
    trail = [("Home", "https://x.example/")]
    role = catalogue.role("alpha")
    url = "https://x.example/r/"
    data = json.loads(page_data("role", role, catalogue, LANG["da"], url, trail, TODAY))
    breadcrumbs, occupation = data["@graph"]
    assert breadcrumbs["itemListElement"][0]["item"] == "https://x.example/"
    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == "Title alpha da"
    assert occupation["skills"] == ["Skill alpha da"]
    (salary,) = occupation["estimatedSalary"]
    assert salary["@type"] == "MonetaryAmount"
    assert salary["currency"] == "DKK"
    assert salary["value"] == {"@type": "QuantitativeValue", "value": 32000, "unitCode": "MON"}


def _money(figure_yaml: str) -> dict:
    catalogue = load(catalogue_yaml(role_yaml("alpha", salaries="    salaries:\n" + figure_yaml)))
    figure = catalogue.role("alpha").salaries[0]
    return money(figure, catalogue, LANG["da"], FigureViews(catalogue, LANG["da"], TODAY)(figure))


def _uses_only_defined_properties(data: dict) -> bool:
    return vocabulary.problems(data) == []


def test_a_median_is_a_distributions_median():
    data = _money(SALARY.split("    salaries:\n")[1].replace("average", "median"))
    assert data["@type"] == "MonetaryAmountDistribution"
    assert (data["median"], data["duration"]) == (32000, "P1M")
    assert _uses_only_defined_properties(data)


def test_a_range_is_a_monetary_amount_with_its_ends_and_period():
    figure = SALARY.split("    salaries:\n")[1].replace(
        "amount: 32000", "low: 30000\n        high: 35000"
    )
    data = _money(figure)
    assert data["@type"] == "MonetaryAmount"
    assert data["value"] == {
        "@type": "QuantitativeValue", "minValue": 30000, "maxValue": 35000, "unitCode": "MON"
    }  # fmt: skip
    assert _uses_only_defined_properties(data)


def test_an_undated_figures_name_says_it_is_undated():
    figure = SALARY.split("    salaries:\n")[1].replace(
        "year_basis: reference", "year_basis: published"
    )
    name = _money(figure)["name"]
    assert name == "Gennemsnitsløn (Danmark, uden årstal, kilden udgivet 1. juni 2025)"


def test_role_page_data_holds_only_the_figure_the_page_shows():
    catalogue = load(valid_yaml())
    role = catalogue.role("alpha")
    trail = [("Home", "https://x.example/")]
    swedish = json.loads(page_data("role", role, catalogue, LANG["sv"], "https://x/", trail, TODAY))
    assert "estimatedSalary" not in swedish["@graph"][1]  # the Swedish fact box has no figure


def test_faq_page_data_carries_the_answer_to_the_salary_question():
    catalogue = load(valid_yaml())
    role = catalogue.role("alpha")
    trail = [("Home", "https://x.example/")]
    data = json.loads(page_data("faq", role, catalogue, LANG["da"], "https://x/", trail, TODAY))
    last = data["@graph"][1]["mainEntity"][-1]
    assert last["name"] == "Hvad tjener man som title alpha da?"
    assert "32.000\u00a0kr. om måneden (2025)" in last["acceptedAnswer"]["text"]


MIXED = SALARY + SALARY.split("    salaries:\n")[1].replace("country: DK", 'country: "SE"').replace(
    "currency: DKK", "currency: SEK"
).replace("measure: average", "measure: minimum")


def _data(kind: str, lang: str = "da", figures: str = MIXED) -> dict:
    catalogue = load(catalogue_yaml(role_yaml("alpha", salaries=figures)))
    trail = [("Home", "https://x.example/")]
    role = catalogue.role("alpha")
    return json.loads(page_data(kind, role, catalogue, LANG[lang], "https://x/", trail, TODAY))


def test_the_vocabulary_check_finds_what_schema_org_does_not_define():
    bad = {"@type": "Occupation", "salary": 1, "occupationLocation": "Danmark"}
    assert vocabulary.problems(bad) == [
        ".salary: no such property",
        ".occupationLocation: a plain value where ['AdministrativeArea'] is wanted",
    ]
    assert vocabulary.problems({"@type": "Occupation", "median": 3}) == [
        ".median: not a property of Occupation"
    ]


def test_a_role_pages_occupation_names_the_country_of_its_figure():
    occupation = _data("role")["@graph"][1]
    assert occupation["occupationLocation"] == [
        {"@type": "Country", "name": "Danmark", "identifier": "DK"}
    ]
    (figure,) = occupation["estimatedSalary"]
    assert figure["currency"] == "DKK"


def test_the_estimated_salary_is_never_a_minimum():
    occupation = _data("role", "sv")["@graph"][1]
    assert "estimatedSalary" not in occupation
    assert "occupationLocation" not in occupation


def test_a_salary_page_carries_every_figure_with_country_period_year_and_source():
    page = _data("salary", "sv")["@graph"][1]
    assert page["@type"] == "WebPage"
    (danish,) = page["about"]
    assert danish["occupationLocation"][0]["identifier"] == "DK"
    (earned,) = danish["estimatedSalary"]
    assert earned["value"]["unitCode"] == "MON"
    assert "2025" in earned["name"]
    assert earned["subjectOf"]["publisher"]["name"] == "Statistics Office"
    (minimum,) = page["mentions"]  # an agreement's floor is no estimate of a salary
    assert minimum["currency"] == "SEK"
    assert "Sverige" in minimum["name"]


@pytest.mark.parametrize("kind", ["role", "salary", "faq"])
@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_every_object_is_one_the_schema_org_vocabulary_defines(kind, lang):
    assert vocabulary.problems(_data(kind, lang)) == []
