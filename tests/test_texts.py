"""The words readers see: one word per concept, each language's own words, no slips.

The data and locale checks run without a build; the built-page checks read the real site
(the session's `site` fixture), where hand-written pages, locale words, templates and the
theme's own text come together.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from karriereguiden.data.parse import load_file
from karriereguiden.editor import style
from karriereguiden.pages.formatting import format_money
from karriereguiden.pages.languages import language_codes, load_languages
from karriereguiden.site import bundle
from tests.conftest import ROOT

LANG = {lang.code: lang for lang in load_languages()}
CATALOGUE = load_file(ROOT / "data" / "roles.yaml", language_codes())
DATA = "data/roles.yaml"


def _banned_in(text: str, code: str) -> list[str]:
    return [f"{found!r} (write {word!r})" for found, word in style.banned_in(text, code)]


def test_role_texts_use_one_word_per_concept():
    assert [str(p) for p in style.variant_problems(CATALOGUE, DATA)] == []


@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_interface_words_and_hand_written_pages_use_one_word_per_concept(code):
    texts = [*LANG[code].words.values()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / code).glob("*.md"))]
    assert [hit for text in texts for hit in _banned_in(text, code)] == []


def test_the_banned_variants_catch_the_slips_they_name():
    assert _banned_in("Svar på e-mail og IT-spørgsmål", "da") == [
        "'e-mail' (write 'mail')",
        "'IT' (write 'it (it-afdelingen)')",
    ]
    assert _banned_in("it-afdelingen svarer på mail", "da") == []
    assert _banned_in("32 000 Dkr", "sv") == ["'Dkr' (write 'DKK, NOK')"]


def test_task_lists_are_written_in_the_infinitive():
    assert [str(p) for p in style.task_problems(CATALOGUE, DATA)] == []


def test_only_the_contact_centre_manager_holds_the_budget():
    assert [str(p) for p in style.holder_problems(CATALOGUE, DATA)] == []


@pytest.mark.parametrize(
    ("code", "name"), [("da", "LÆSMIG.txt"), ("no", "LESMEG.txt"), ("sv", "LÄSMIG.txt")]
)
def test_each_bundle_read_me_is_named_in_its_own_language(code, name):
    readme_name, _ = bundle.readme(LANG[code], "v", dt.date(2026, 11, 23), "https://example.org/")
    assert readme_name == name


@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_foreign_crowns_are_written_by_their_iso_code_and_the_own_by_its_sign(code):
    lang = LANG[code]
    for currency in ("DKK", "NOK", "SEK"):
        text = format_money(32000, currency, lang)
        if currency == lang.currency:
            assert text.endswith("kr") or text.endswith("kr."), text
        else:
            assert text.endswith(f"\u00a0{currency}"), text


# --- The built site -----------------------------------------------------------------------

PREFIX = {"da": "", "no": "no/", "sv": "sv/"}
ENGLISH = (
    "Not found",
    "Permanent link",
    "Made with",
    "Skip to content",
    "Back to top",
    "Table of contents",
)


def _pages(site: Path, code: str) -> list[Path]:
    pages = sorted((site / PREFIX[code]).rglob("*.html"))
    if code == "da":  # the default language is at the root, the others in their folders
        pages = [p for p in pages if p.relative_to(site).parts[0] not in ("no", "sv")]
    return pages


def _text(path: Path) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    # The job's other names and its titles in the other languages: names, not running text.
    html = re.sub(r'<p class="kg-names">.*?</p>', " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_built_pages_use_one_word_per_concept(site, code):
    found = [(p.relative_to(site).as_posix(), hit) for p in _pages(site, code)
             for hit in _banned_in(_text(p), code)]  # fmt: skip
    assert found == []


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_no_page_shows_the_themes_english_words(site, code):
    found = [
        (p.relative_to(site).as_posix(), word)
        for p in _pages(site, code)
        for word in ENGLISH
        if word in p.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_not_found_page_speaks_its_language_and_leads_home(site, code):
    html = (site / PREFIX[code] / "404.html").read_text(encoding="utf-8")
    words = LANG[code].words
    assert f"<h1>{words['not_found_title']}</h1>" in html
    assert f"<title>{words['not_found_title']} - Karriereguiden</title>" in html
    assert f">{words['not_found_home']}</a>" in html and f">{words['roles']}</a>" in html
    assert "404 - " not in html


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_no_page_title_names_the_site_twice(site, code):
    titles = [
        re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1)
        for p in _pages(site, code)
    ]
    assert titles and [t for t in titles if t.count(" - ") and len(set(t.split(" - "))) == 1] == []


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_chart_text_alternatives_end_every_sentence_once(site, code):
    alternatives = [
        text
        for p in _pages(site, code)
        for text in re.findall(r'<p id="[^"]*-desc" hidden>(.*?)</p>', p.read_text("utf-8"))
    ]
    assert alternatives  # the charts were found
    assert [text for text in alternatives if re.search(r"(?<!\.)\.\.(?!\.)", text)] == []


@pytest.mark.build
def test_swedish_salary_overview_writes_the_neighbours_crowns_as_dkk_and_nok(site):
    text = _text(site / "sv/lon/index.html")
    assert re.search(r"\d\u00a0DKK", text) and re.search(r"\d\u00a0NOK", text)
    assert not re.search(r"\b[DN]kr\b", text)
