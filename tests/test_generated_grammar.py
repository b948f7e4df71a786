"""Sentences the generator writes around a job's title are right for any title.

The data holds a title's bare form only, not its gender or inflection (Danish *et bud*,
Norwegian *et bud*, Swedish *ett butiksbiträde*, but *en kundeservicemedarbejder*). So a
generated sentence never puts a title after an article or inflects it: the title stands
where a bare noun is right in each language, after "som" ("Hvad tjener man som bud?"),
as an apposition to "jobbet"/"yrket", or as a name on its own (a heading, a label after a
colon, a link). The tests build roles with neuter and common titles in each language.
"""

from __future__ import annotations

import json
import re

import pytest

from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import Edition, render_role_pages
from karriereguiden.pages.structured import page_data
from tests.conftest import TODAY, load, make_project, run_site_build, valid_yaml

LANG = {lang.code: lang for lang in load_languages()}

# The words after which a bare title is right: "som bud", "jobbet som bud", "yrket bud",
# and "Jobbet hedder …" for the names sentence.
FRAMES = {
    "da": ("som", "hedder"),
    "no": ("som", "yrket", "heter"),
    "sv": ("som", "yrket", "heter"),
}
# A title standing as a name: at the start, after a colon ("Løn: Bud"), as link text
# ("[Bud](…)", "<a …>Bud</a>"), a heading or a quoted value ("title: \"Bud\"").
NAME_START = ':[>#\n"'

# alpha has a Danish figure and none elsewhere; beta has none at all.
TITLES = {
    "da": {"alpha": "Bud", "beta": "Sygeplejerske"},  # et bud, en sygeplejerske
    "no": {"alpha": "Bud", "beta": "Sykepleier"},  # et bud, en sykepleier
    "sv": {"alpha": "Butiksbiträde", "beta": "Kundtjänstmedarbetare"},  # ett, en
}
ARTICLES = r"en|et|ett|ei|den|det|denne|dette|denna|detta"

QUESTION = {
    "da": "Hvad tjener man som {}?",
    "no": "Hva tjener man som {}?",
    "sv": "Vad tjänar man som {}?",
}
# The answer for a role with no figure in any country, as the FAQ page and its data say it.
NOWHERE = {
    "da": "Vi har endnu intet løntal med kilde for jobbet i Danmark, og vi giver hellere "
    "intet tal end et tal uden kilde. Vi har heller ingen tal fra de andre lande endnu.",
    "no": "Vi har ennå ikke noe lønnstall med kilde for yrket i Norge, og et tall uten "
    "kilde vil vi ikke oppgi. Vi har heller ingen tall fra de andre landene ennå.",
    "sv": "Vi har ännu ingen lönesiffra med källa för yrket i Sverige, och vi ger hellre "
    "ingen siffra än en siffra utan källa. Vi har inte heller några siffror från de andra "
    "länderna ännu.",
}


def _catalogue():
    text = valid_yaml()
    for code, titles in TITLES.items():
        for role, title in titles.items():
            text = text.replace(f"title: Title {role} {code}\n", f"title: {title}\n")
    return load(text)


CATALOGUE = _catalogue()


def _pages(code: str, role: str) -> dict[str, str]:
    pages = render_role_pages(CATALOGUE.role(role), CATALOGUE, LANG[code], Edition(TODAY))
    return {page.key.split("/")[0]: page.html for page in pages}


def _data(code: str, role: str, kind: str) -> dict:
    trail = [("Karriereguiden", "https://x.example/"), (TITLES[code][role], "https://x/")]
    graph = page_data(kind, CATALOGUE.role(role), CATALOGUE, LANG[code], "https://x/", trail, TODAY)
    return json.loads(graph)["@graph"][1]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def misplaced_titles(text: str, title: str, code: str) -> list[str]:
    """Each place where ``title`` stands in a frame that needs its gender or a form."""
    found = []
    for match in re.finditer(rf"(?<!\w){re.escape(title)}(?!\w)", text, re.IGNORECASE):
        before = text[: match.start()].rstrip(" *\u00a0")
        word = re.search(r"(\w+)$", before)
        if not before or before[-1] in NAME_START:
            continue
        if word and word.group(1).lower() in FRAMES[code]:
            continue
        found.append(text[max(0, match.start() - 40) : match.end() + 10])
    return found


def _generated_text(html: str, kind: str) -> str:
    # The names sentence lists other names and titles in the other languages: names.
    text = re.sub(r'<p class="kg-names">.*?</p>', "", html, flags=re.S)
    # Anchors and addresses in attributes hold slugs, not sentences; text after a tag (a
    # heading, link text, a cell) stands where a name may.
    return re.sub(r"<[^>]*>", ">", text)


@pytest.mark.parametrize("code", ["da", "no", "sv"])
@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_the_salary_question_needs_no_gender(code, role):
    title = TITLES[code][role].lower()
    question = QUESTION[code].format(title)
    assert f'>{question}<a class="headerlink"' in _pages(code, role)["faq"]
    entries = _data(code, role, "faq")["mainEntity"]
    assert entries[-1]["name"] == question


@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_a_role_without_figures_gets_a_grammatical_salary_answer(code):
    assert NOWHERE[code] in _pages(code, "beta")["faq"]
    answer = _data(code, "beta", "faq")["mainEntity"][-1]["acceptedAnswer"]["text"]
    assert answer == NOWHERE[code]


@pytest.mark.parametrize("code", ["da", "no", "sv"])
@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_no_generated_page_puts_a_title_after_an_article(code, role):
    title = TITLES[code][role]
    texts = [*_pages(code, role).values()]
    texts += [s for kind in ("role", "faq") for s in _strings(_data(code, role, kind))]
    pattern = rf"\b({ARTICLES})\s+{re.escape(title)}\b"
    assert [m.group(0) for t in texts for m in re.finditer(pattern, t, re.IGNORECASE)] == []


@pytest.mark.parametrize("code", ["da", "no", "sv"])
@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_every_generated_sentence_puts_the_title_where_a_bare_noun_is_right(code, role):
    title = TITLES[code][role]
    found = [
        hit
        for kind, html in _pages(code, role).items()
        for hit in misplaced_titles(_generated_text(html, kind), title, code)
    ]
    assert found == []


@pytest.mark.parametrize("code", ["da", "no", "sv"])
@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_structured_data_puts_the_title_where_a_bare_noun_is_right(code, role):
    title = TITLES[code][role]
    strings = [s for kind in ("role", "faq") for s in _strings(_data(code, role, kind))]
    assert [hit for s in strings for hit in misplaced_titles(s, title, code)] == []


def _title_strings() -> list[tuple[str, str]]:
    return [
        (code, key)
        for code, lang in sorted(LANG.items())
        for key, value in lang.words.items()
        if isinstance(value, str) and "{title}" in value
    ]


@pytest.mark.parametrize(("code", "key"), _title_strings())
def test_every_interface_sentence_with_a_title_uses_a_frame_that_needs_no_gender(code, key):
    text = LANG[code].words[key]
    assert misplaced_titles(text.replace("{title}", "\x00"), "\x00", code) == []


def test_the_frame_check_catches_an_article_and_a_bare_plural_frame():
    assert misplaced_titles("Vad tjänar en butiksbiträde?", "butiksbiträde", "sv")
    assert misplaced_titles("Lønstatistik for bud i Danmark", "bud", "da")
    assert not misplaced_titles("Hva tjener man som bud?", "bud", "no")
    assert not misplaced_titles("Løn: Bud", "bud", "da")


# --- the built site: what a reader and a search engine get -------------------------------

FAQ_PAGE = {
    "da": "roller/{role}-da/spoergsmaal/index.html",
    "no": "no/yrker/{role}-no/sporsmal/index.html",
    "sv": "sv/yrken/{role}-sv/fragor/index.html",
}


@pytest.fixture(scope="module")
def titled_site(tmp_path_factory):
    text = valid_yaml()
    for code, titles in TITLES.items():
        for role, title in titles.items():
            text = text.replace(f"title: Title {role} {code}\n", f"title: {title}\n")
    tmp = tmp_path_factory.mktemp("titles")
    out = tmp / "site"
    result = run_site_build(make_project(tmp, text), out)
    assert result.returncode == 0, result.stderr
    return out


def _visible(html: str) -> str:
    """The page's article as text, one line per element: names in lists and links stay
    names (a line of their own), sentences stay sentences."""
    html = re.search(r"<article\b.*?</article>", html, re.S).group(0)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<p class="kg-names">.*?</p>', " ", html, flags=re.S)
    html = re.sub(r"</?(a|strong|em|i|span)\b[^>]*>", "", html)
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", "\n", html))


@pytest.mark.build
@pytest.mark.parametrize("code", ["da", "no", "sv"])
@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_the_built_faq_page_and_its_json_ld_ask_the_salary_question_without_gender(
    titled_site, code, role
):
    html = (titled_site / FAQ_PAGE[code].format(role=role)).read_text(encoding="utf-8")
    question = QUESTION[code].format(TITLES[code][role].lower())
    assert re.search(rf"<h2[^>]*>{re.escape(question)}<", html)
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = [item for script in scripts for item in json.loads(script)["@graph"]]
    [faq] = [item for item in graph if item["@type"] == "FAQPage"]
    assert faq["mainEntity"][-1]["name"] == question
    texts = [_visible(html), *_strings(faq)]
    assert [hit for t in texts for hit in misplaced_titles(t, TITLES[code][role], code)] == []
