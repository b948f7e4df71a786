"""The built site finds a job by any of its names: the real data through the real build."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.test_site_build import CATALOGUE, EXPECTED

pytestmark = pytest.mark.build

LANGS = ("da", "no", "sv")
HTML_LANG = {"da": "da", "no": "nb", "sv": "sv"}
ROLE_PAGES = [
    (role, lang, urls[lang]) for (role, kind), urls in EXPECTED.items() if kind == "role"
    for lang in LANGS
]  # fmt: skip


def main_of(site, url: str) -> str:
    """The <main> element's HTML: what a search that reads page content indexes."""
    text = (site / url / "index.html").read_text(encoding="utf-8")
    return text[text.index("<main") : text.index("</main>")]


def in_sentence(title: str) -> str:
    return title[:1].lower() + title[1:]


@pytest.mark.parametrize(("role", "lang", "url"), ROLE_PAGES)
def test_role_pages_name_the_job_in_the_other_languages_inside_main(site, role, lang, url):
    main = main_of(site, url)
    for other in LANGS:
        if other != lang:
            title = in_sentence(CATALOGUE.role(role).texts[other].title)
            assert f'<i lang="{HTML_LANG[other]}">{html.escape(title)}</i>' in main


@pytest.mark.parametrize(("role", "lang", "url"), ROLE_PAGES)
def test_role_pages_show_and_publish_the_other_names_of_the_data(site, role, lang, url):
    names = list(CATALOGUE.role(role).texts[lang].also_called)
    main = main_of(site, url)
    (names_html,) = re.findall(r'<p class="kg-names">.*?</p>', main)
    for name in names:
        assert html.escape(name) in names_html
    (block,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        (site / url / "index.html").read_text(encoding="utf-8"),
        re.S,
    )
    (occupation,) = [i for i in json.loads(block)["@graph"] if i["@type"] == "Occupation"]
    assert occupation.get("alternateName", []) == names


def test_the_real_data_has_other_names_in_every_language():
    # Guards the two tests above against passing on a catalogue with no names at all.
    languages = {lang for role in CATALOGUE.roles for lang in LANGS if role.texts[lang].also_called}
    assert languages == {"da", "no", "sv"}
