"""schema.org data: valid JSON whatever the data holds, and true to the data."""

from __future__ import annotations

import json

from karriereguiden.languages import load_languages
from karriereguiden.structured import page_data, to_script_json
from tests.conftest import TODAY, load, valid_yaml

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
