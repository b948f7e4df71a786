"""Slugs, heading anchors and published addresses, from the core alone."""

from __future__ import annotations

import pytest

from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import published_url

LANG = {lang.code: lang for lang in load_languages()}


@pytest.mark.parametrize(
    ("code", "text", "slug"),
    [
        ("da", "Løn i Danmark", "loen-i-danmark"),
        ("da", "Sammenlignet på tværs af landene", "sammenlignet-paa-tvaers-af-landene"),
        ("da", "Øvrige værktøjer", "oevrige-vaerktoejer"),
        ("no", "Lønn i Norge", "lonn-i-norge"),
        ("no", "Verktøy og systemer", "verktoy-og-systemer"),
        ("sv", "Lön i Sverige", "lon-i-sverige"),
        ("sv", "Jämfört mellan länderna", "jamfort-mellan-landerna"),
    ],
)
def test_slugs_write_each_language_letters_its_own_way(code, text, slug):
    assert LANG[code].slugify(text) == slug


def test_letters_no_table_names_are_transliterated_not_dropped():
    assert LANG["sv"].slugify("Café & Ørsted – 2025") == "cafe-orsted-2025"


def test_heading_anchors_take_python_markdowns_separator():
    assert LANG["da"].slugify("Løn i Danmark", "_") == "loen_i_danmark"


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("da/index.md", ""),
        ("da/om.md", "om/"),
        ("da/roller/kundeservicechef/index.md", "roller/kundeservicechef/"),
        ("no/yrker/kundeservicesjef/lonn.md", "no/yrker/kundeservicesjef/lonn/"),
        ("sv/index.md", "sv/"),
    ],
)
def test_published_url_has_directory_urls_and_the_default_language_at_the_root(path, url):
    assert published_url(path, "da") == url
