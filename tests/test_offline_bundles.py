"""Offline bundles: zips that work from file:// with the network switched off."""

from __future__ import annotations

import html
import json
import re
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dev
from karriereguiden.pages.languages import load_languages
from tests.browser import offline_browser
from tests.test_site_build import CATALOGUE, EXPECTED

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.build

LANG = {lang.code: lang for lang in load_languages()}


@pytest.fixture(scope="session")
def bundles(tmp_path_factory) -> dict[str, Path]:
    """The four zips, built once: 'da', 'no', 'sv' and 'all'."""
    out = tmp_path_factory.mktemp("dist")
    zips = dev.make_bundles(out, sys.executable)
    found = {}
    for path in zips:
        name = path.name.removeprefix("karriereguiden-")
        code = name[:2] if name[2] == "-" and name[:2] in LANG else "all"
        found[code] = path
    return found


@pytest.fixture(scope="session")
def unpacked(bundles, tmp_path_factory) -> dict[str, Path]:
    roots = {}
    for code, path in bundles.items():
        target = tmp_path_factory.mktemp(f"unzipped-{code}")
        with zipfile.ZipFile(path) as archive:
            archive.extractall(target)
        (root,) = target.iterdir()
        roots[code] = root
    return roots


def test_one_zip_per_language_and_one_with_all(bundles):
    assert set(bundles) == {"da", "no", "sv", "all"}
    version = re.compile(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{7}(-local)?\.zip$")
    for code, path in bundles.items():
        prefix = "karriereguiden-" if code == "all" else f"karriereguiden-{code}-"
        assert path.name.startswith(prefix) and version.search(path.name), path.name


@pytest.mark.parametrize(
    ("code", "readme", "words"),
    [("da", "LÆSMIG.txt", "Data fra:"), ("no", "LESMEG.txt", "Data fra:"),
     ("sv", "LÄSMIG.txt", "Data från:")],
)  # fmt: skip
def test_each_bundle_has_a_readme_in_its_language(unpacked, code, readme, words):
    text = (unpacked[code] / readme).read_text(encoding="utf-8")
    assert words in text and "https://karriereguiden.example/" in text
    assert (unpacked["all"] / readme).is_file()


_LOADS = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["'](https?:)"""
    r"""|<link\b(?=[^>]*\brel=["'](?:stylesheet|icon|preload|modulepreload|manifest|prefetch)["'])"""
    r"""[^>]*\bhref=["'](https?:)"""
    r"""|url\(\s*["']?(https?:)|@import\s+["'](https?:)""",
    re.IGNORECASE,
)


@pytest.mark.parametrize("code", ["da", "no", "sv", "all"])
def test_no_file_in_a_bundle_loads_anything_from_the_internet(bundles, code):
    with zipfile.ZipFile(bundles[code]) as archive:
        for name in archive.namelist():
            if name.endswith((".html", ".css")):
                text = archive.read(name).decode("utf-8")
                assert not _LOADS.search(text), f"{name} loads {_LOADS.search(text).group(0)}"


def test_bundles_leave_out_source_maps_and_unused_search_languages(bundles):
    with zipfile.ZipFile(bundles["all"]) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith(".map")]
    lunr = sorted(n.rsplit("/", 1)[1] for n in names if "/lunr/" in n)
    assert lunr == ["lunr.da.min.js", "lunr.multi.min.js", "lunr.no.min.js",
                    "lunr.stemmer.support.min.js", "lunr.sv.min.js"]  # fmt: skip


# -- in the browser, from file:// with the network blocked ---------------------------------------

WALK = {  # home -> role -> salary page, with text the salary page must show
    "da": ("Kundeservicemedarbejder", "roller/kundeservicemedarbejder/loen.html", "Startløn"),
    "no": ("Kundeservicesjef", "yrker/kundeservicesjef/lonn.html", "Gjennomsnittslønn"),
    "sv": ("Kundtjänstmedarbetare", "yrken/kundtjanstmedarbetare/lon.html", "Medellön"),
}
SEARCH = {"da": ("kundeservice", "Kundeservicechef"), "no": ("kundeservice", "Kundeservicesjef"),
          "sv": ("kundtjänst", "Kundtjänstchef")}  # fmt: skip


def _search(page, query: str) -> list[tuple[str, str]]:
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    page.locator("input[data-md-component=search-query]").fill(query)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=15000)
    return [(a.get_attribute("href"), a.inner_text()) for a in results.all()]


@pytest.mark.parametrize("code", ["da", "no", "sv"])
def test_language_bundle_works_from_file_urls_without_network(unpacked, code):
    title, salary_path, salary_word = WALK[code]
    query, expected = SEARCH[code]
    with offline_browser() as (context, outside):
        page = context.new_page()
        page.goto((unpacked[code] / "index.html").as_uri())
        page.locator("article a", has_text=title).first.click()
        page.locator("article a", has_text=LANG[code].word("salary")).first.click()
        page.wait_for_url(f"**/{salary_path}")
        expect(page.locator("article")).to_contain_text(salary_word)
        results = _search(page, query)
        assert any(expected in text for _, text in results)
        assert outside == []


def test_combined_bundle_searches_only_the_current_language(unpacked):
    with offline_browser() as (context, outside):
        page = context.new_page()
        page.goto((unpacked["all"] / "sv" / "index.html").as_uri())
        swedish = _search(page, "kund")
        assert swedish and all("/sv/" in href or href.startswith(("yrken/", "../yrken/"))
                               for href, _ in swedish), swedish  # fmt: skip
        page.goto((unpacked["all"] / "index.html").as_uri())
        danish = _search(page, "kundeservice")
        assert danish and not any("/no/" in h or "/sv/" in h or h.startswith(("no/", "sv/"))
                                  for h, _ in danish), danish  # fmt: skip
        assert outside == []


def test_combined_bundle_switches_language_on_the_same_role(unpacked):
    with offline_browser() as (context, outside):
        page = context.new_page()
        page.goto((unpacked["all"] / "roller" / "kundeservicechef" / "loen.html").as_uri())
        page.locator(".md-select button").first.click()
        page.locator("a.md-select__link[hreflang=sv]").click()
        page.wait_for_url("**/sv/yrken/kundtjanstchef/lon.html")
        page.locator(".md-select button").first.click()
        page.locator("a.md-select__link[hreflang=nb]").click()
        page.wait_for_url("**/no/yrker/kundeservicesjef/lonn.html")
        expect(page.locator("h1")).to_contain_text("Lønn: Kundeservicesjef")
        assert outside == []


@pytest.mark.parametrize(
    ("code", "page", "online"),
    [
        ("all", "roller/kundeservicechef/index.html", "roller/kundeservicechef/"),
        ("all", "no/yrker/kundeservicesjef/lonn.html", "no/yrker/kundeservicesjef/lonn/"),
        ("no", "yrker/kundeservicesjef/lonn.html", "no/yrker/kundeservicesjef/lonn/"),
        ("sv", "index.html", "sv/"),
    ],
)
def test_bundle_pages_name_their_online_address_as_canonical(unpacked, code, page, online):
    # Not the bundle's own .html address, which exists nowhere online.
    raw = (unpacked[code] / page).read_text(encoding="utf-8")
    (canonical,) = re.findall(r'<link rel="canonical" href="([^"]+)"', raw)
    assert canonical == f"https://karriereguiden.example/{online}"


def _lunr_pages(root: Path) -> dict[str, str]:
    """Each page's text as the bundle's lunr index holds it, tags left out, by its file."""
    script = (root / "search" / "search_index.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("{") : script.rindex("}") + 1])
    pages: dict[str, str] = {}
    for doc in index["docs"]:
        text = html.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}"))
        page = doc["location"].split("#")[0]
        pages[page] = pages.get(page, "") + " " + " ".join(text.split())
    return pages


def _bundle_file(role: str, kind: str, code: str) -> str:
    """A generated page's file in a bundle: a role's page is its folder's index.html, its
    salary and FAQ pages lie beside it (online roller/x/loen/, offline roller/x/loen.html)."""
    online = EXPECTED[(role, kind)][code]
    return online + "index.html" if kind == "role" else online.rstrip("/") + ".html"


def test_the_offline_index_leaves_out_what_the_online_one_does(unpacked):
    """Pagefind online and lunr offline skip the same marked elements: the reviewed line and
    "no figure yet" sentences, which stand alike on every page of a kind, are no result
    offline either; the role's own texts and each figure's source and reading are."""
    pages = _lunr_pages(unpacked["all"])
    for lang in load_languages():
        reviewed = lang.words["reviewed"].split("{")[0].strip()
        no_figures = lang.words["no_figures"].split("{")[0].strip()
        generated = [_bundle_file(role, kind, lang.code) for role, kind in EXPECTED]
        assert generated and not [
            page for page in generated if reviewed in pages[page] or no_figures in pages[page]
        ]
        for role in CATALOGUE.roles:
            text = role.texts[lang.code]
            role_page = pages[_bundle_file(role.id, "role", lang.code)]
            assert text.summary in role_page and text.tasks[0] in role_page
    salary_page = pages[_bundle_file("customer-service-manager", "salary", "no")]
    assert "Yrkesportalen: Kundeservicesjef" in salary_page  # a figure's source
    assert "565 943 kroner i brødteksten" in salary_page  # the editors' reading of it


class _MarkedNesting(HTMLParser):
    """Marked elements (data-search-exclude) that hold another element of their own tag."""

    VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if any(name == tag and marked for name, marked in self.open):
            self.nested.append(tag)
        self.open.append((tag, any(key == "data-search-exclude" for key, _ in attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass


def test_no_marked_element_holds_another_of_its_tag(unpacked):
    """Material's search parser skips a marked element by its tag name alone, and stops
    skipping when any element of that name closes: a marked <div> holding a <div> would
    let the rest of it into the offline index."""
    found = {}
    for path in unpacked["all"].rglob("*.html"):
        parser = _MarkedNesting()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.nested:
            found[path.relative_to(unpacked["all"]).as_posix()] = parser.nested
    assert found == {}
