"""A job by any of its names: other titles per language, and the titles in other languages.

The loader checks the names, the role page says them where search reads the page, and the
structured and open data publish them.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from karriereguiden.data.errors import DataErrors
from karriereguiden.data.yamlstrict import compose_text
from karriereguiden.editor import coverage
from karriereguiden.editor.scaffold import scaffold_text
from karriereguiden.pages import opendata
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import Edition, render_role_pages
from karriereguiden.pages.structured import page_data
from tests.conftest import TODAY, load, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}


def with_names(names: str, lang: str = "da", role: str = "alpha") -> str:
    """The valid catalogue with an 'also_called' line in one role's language block."""
    slug = f"      slug: {role}-{lang}\n"
    return valid_yaml().replace(slug, f"{slug}      also_called: {names}\n")


def errors_of(text: str) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(text)
    return [str(e) for e in caught.value.errors]


def role_page(text: str, lang: str, role: str = "alpha") -> str:
    catalogue = load(text)
    pages = render_role_pages(catalogue.role(role), catalogue, LANG[lang], Edition(TODAY))
    return pages[0].html


# -- the loader -------------------------------------------------------------------------------


def test_other_names_are_read_per_language_and_default_to_none():
    role = load(with_names("[supporter, kundebehandler]")).role("alpha")
    assert role.texts["da"].also_called == ("supporter", "kundebehandler")
    assert role.texts["sv"].also_called == ()


def test_a_name_given_twice_in_other_case_is_refused_where_it_is_written():
    text = with_names("\n        - supporter\n        - Supporter")
    (message,) = errors_of(text)
    line = text.splitlines().index("        - Supporter") + 1
    assert message.startswith(f"roles.yaml:{line}:11: role 'alpha', language 'da': ")
    assert "'also_called' item 2 'Supporter' repeats item 1: remove one" in message


def test_the_title_itself_is_refused_as_another_name():
    (message,) = errors_of(with_names("[TITLE ALPHA DA]"))
    assert "role 'alpha', language 'da': 'also_called' item 1 'TITLE ALPHA DA' is the title" in (
        message
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("['<b>supporter</b>']", 'may not contain the characters < > & " `'),
        ("[[supporter]]", "'also_called' item 1 must be one line of text, got a list"),
        ("[{name: supporter}]", "'also_called' item 1 must be one line of text, got a mapping"),
        ("['  ']", "'also_called' item 1 is empty: write a name"),
        ("supporter", "'also_called' must be a list (lines starting with '- ')"),
    ],
)
def test_other_names_must_be_a_list_of_plain_one_line_texts(names, expected):
    (message,) = errors_of(with_names(names, lang="sv"))
    assert "role 'alpha', language 'sv': " in message
    assert expected in message


def test_a_role_without_other_names_is_complete_in_the_coverage_report():
    rows = coverage.coverage(compose_text(valid_yaml(), "x"), ("da", "no", "sv"))
    assert all(row.missing == () and row.complete == 100 for row in rows)


def test_a_new_role_starts_with_an_empty_optional_list_of_other_names():
    text = scaffold_text("sales-assistant", {"da": "A", "no": "B", "sv": "C"})
    assert text.count("      also_called: []  # optional:") == 3
    assert "also_called:  # fill in" not in text


# -- the role page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("da", "Også kaldt supporter og kundebehandler."),
        ("no", "Også kalt supporter og kundebehandler."),
        ("sv", "Kallas även supporter och kundebehandler."),
    ],
)
def test_the_role_page_says_what_else_the_job_is_called(lang, sentence):
    page = role_page(with_names("[supporter, kundebehandler]", lang=lang), lang)
    assert sentence in page


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "da",
            'Jobbet hedder <i lang="nb">title alpha no</i> på norsk og '
            '<i lang="sv">title alpha sv</i> på svensk.',
        ),
        (
            "no",
            'Yrket heter <i lang="da">title alpha da</i> på dansk og '
            '<i lang="sv">title alpha sv</i> på svensk.',
        ),
        (
            "sv",
            'Yrket heter <i lang="da">title alpha da</i> på danska och '
            '<i lang="nb">title alpha no</i> på norska.',
        ),
    ],
)
def test_the_role_page_names_the_job_in_the_other_languages_marked_as_such(lang, sentence):
    assert sentence in role_page(valid_yaml(), lang)


def test_the_names_come_before_the_first_section_so_they_are_part_of_the_page_lead():
    page = role_page(with_names("[supporter]"), "da")
    names = page.index('<p class="kg-names">')
    assert page.index('<h1 id="title-alpha-da">') < names < page.index("<h2 ")


def test_a_role_without_other_names_says_only_the_other_languages_titles():
    page = role_page(valid_yaml(), "da")
    assert "Også kaldt" not in page
    assert '<p class="kg-names">Jobbet hedder' in page


def test_a_title_starting_with_an_abbreviation_keeps_its_capitals_in_the_sentence():
    text = valid_yaml().replace("title: Title alpha sv", "title: IT-supporter")
    assert '<i lang="sv">IT-supporter</i>' in role_page(text, "da")


def test_names_that_reach_the_page_are_escaped_as_html():
    # The loader refuses markup; the page must not rely on it.
    catalogue = load(valid_yaml())
    role = catalogue.role("alpha")
    hostile = "<script>x</script> \"q\" & 'a'"
    texts = dict(role.texts)
    texts["da"] = dataclasses.replace(texts["da"], also_called=(hostile,))
    texts["sv"] = dataclasses.replace(texts["sv"], title=hostile)
    role = dataclasses.replace(role, texts=texts)
    page = render_role_pages(role, catalogue, LANG["da"], Edition(TODAY))[0].html
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt; &#34;q&#34; &amp; &#39;a&#39;" in page


# -- structured and open data -----------------------------------------------------------------


def test_the_occupation_carries_the_other_names_as_alternate_names():
    catalogue = load(with_names("[supporter, kundebehandler]", lang="no"))
    role = catalogue.role("alpha")

    def occupation(lang):
        data = json.loads(page_data("role", role, catalogue, LANG[lang], "https://x/", [], TODAY))
        return data["@graph"][1]

    assert occupation("no")["alternateName"] == ["supporter", "kundebehandler"]
    assert "alternateName" not in occupation("da")


def test_the_open_data_lists_each_roles_other_names_in_its_language():
    catalogue = load(with_names("[kundebehandler]", lang="no"))
    roles = {
        lang: json.loads(opendata.render_json(catalogue, LANG[lang], "2026-11-23"))["roles"]
        for lang in ("no", "sv")
    }
    assert roles["no"][0]["also_called"] == ["kundebehandler"]
    assert roles["sv"][0]["also_called"] == []
