"""Search on the online site: Material's search box, answered by a Pagefind index per language.

The browser tests read the real site (the session's `site` fixture) from a local server, as
a reader's browser gets it; the offline bundles' lunr search is tested in
test_offline_bundles.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from karriereguiden.pages import searchnames
from karriereguiden.pages.languages import load_languages
from karriereguiden.pages.render import Edition, render_role_pages
from karriereguiden.site import pagefindparts, search
from tests.browser import QuietHandler, local_browser, served
from tests.conftest import TODAY, load, valid_yaml
from tests.test_accessibility import axe_violations
from tests.test_site_build import CATALOGUE, EXPECTED

LANG_PREFIX = {"da": "", "no": "no/", "sv": "sv/"}
LANGUAGES = {language.code: language for language in load_languages()}


# -- without a browser ---------------------------------------------------------------------------


def test_pagefind_languages_are_written_in_one_order_whatever_order_pagefind_chose():
    one = '{"version":"1","languages":{"sv":{"hash":"s"},"da":{"hash":"d"},"nb":{"hash":"n"}}}'
    other = '{"version":"1","languages":{"nb":{"hash":"n"},"sv":{"hash":"s"},"da":{"hash":"d"}}}'

    def written(text: str) -> str:
        return pagefindparts.entry_text(json.loads(text))

    assert written(one) == written(other)
    assert list(json.loads(written(one))["languages"]) == ["da", "nb", "sv"]


def _language_index(folder, code: str, files: dict[str, str]):
    """A Pagefind index of one language, as a language's process of the build writes it."""
    entry = {"version": "1.5.2", "languages": {code: {"hash": f"{code}_1", "page_count": 2}}}
    for name, text in {**files, search.ENTRY: json.dumps(entry)}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_language_indexes_join_into_one_that_lists_every_language(tmp_path):
    da = _language_index(tmp_path / "da", "da", {"pagefind.js": "code", "index/da_1.pf": "d"})
    nb = _language_index(tmp_path / "nb", "nb", {"pagefind.js": "code", "index/nb_1.pf": "n"})
    sv = _language_index(tmp_path / "sv", "sv", {"pagefind.js": "code", "index/sv_1.pf": "s"})
    search.join_indexes(da, [sv, nb])
    entry = json.loads((da / search.ENTRY).read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["da", "nb", "sv"] and entry["version"] == "1.5.2"
    assert sorted(p.name for p in (da / "index").iterdir()) == ["da_1.pf", "nb_1.pf", "sv_1.pf"]
    assert (da / "pagefind.js").read_text(encoding="utf-8") == "code"


def test_language_indexes_that_differ_in_a_shared_file_are_not_joined(tmp_path):
    da = _language_index(tmp_path / "da", "da", {"pagefind.js": "code"})
    nb = _language_index(tmp_path / "nb", "nb", {"pagefind.js": "other code"})
    with pytest.raises(search.SearchIndexError, match=r"differ in pagefind\.js"):
        search.join_indexes(da, [nb])


def test_two_indexes_of_one_language_are_not_joined(tmp_path):
    one = _language_index(tmp_path / "one", "da", {})
    other = _language_index(tmp_path / "other", "da", {})
    with pytest.raises(search.SearchIndexError, match="two parts index one language"):
        search.join_indexes(one, [other])


def _pages_in_three_languages(site):
    """A built site's pages: the default language at the root, the others in folders."""
    pages = {
        "index.html": ("da", "Forside om kundeservice"),
        "roller/chef/index.html": ("da", "Kundeservicechef leder afdelingen"),
        "no/index.html": ("nb", "Forside om kundeservice"),
        "no/yrker/sjef/index.html": ("nb", "Kundeservicesjef leder avdelingen"),
        "sv/index.html": ("sv", "Startsida om kundtjänst"),
        "sv/yrken/chef/index.html": ("sv", "Kundtjänstchef leder avdelningen"),
    }
    for rel, (lang, text) in pages.items():
        html = (
            f'<!doctype html><html lang="{lang}"><head><title>{text}</title></head><body>'
            f'<article class="md-content__inner"><h1>{text}</h1><p>{text}.</p></article>'
            "</body></html>"
        )
        _index(site, {rel: html})
    return site


def test_the_root_language_is_indexed_without_the_other_languages_folders(tmp_path):
    site = _pages_in_three_languages(tmp_path / "site")
    (site / "assets").mkdir()
    assert search.language_globs(site, ["", "no/", "sv/"]) == [
        "{index.html,assets/**/index.html,roller/**/index.html}",
        "no/**/index.html",
        "sv/**/index.html",
    ]
    assert search.language_globs(site, [""]) == ["**/index.html"]  # one language: all


def test_a_folder_at_the_root_that_a_glob_would_misread_is_refused(tmp_path):
    site = _pages_in_three_languages(tmp_path / "site")
    (site / "a,b").mkdir()
    with pytest.raises(search.SearchIndexError, match=r"no plain name: \['a,b'\]"):
        search.language_globs(site, ["", "no/"])


def test_one_language_at_a_time_writes_the_index_of_one_run_over_the_whole_site(tmp_path):
    """Pagefind holds every page's words until it writes: one language at a time halves
    its peak at 1,000 roles, and the index is byte for byte the same."""
    site = _pages_in_three_languages(tmp_path / "site")
    search.index_site(site, [""])
    whole = {p.relative_to(site / search.OUTPUT): p.read_bytes()
             for p in (site / search.OUTPUT).rglob("*") if p.is_file()}  # fmt: skip
    shutil.rmtree(site / search.OUTPUT)
    search.index_site(site, ["", "no/", "sv/"])
    apart = {p.relative_to(site / search.OUTPUT): p.read_bytes()
             for p in (site / search.OUTPUT).rglob("*") if p.is_file()}  # fmt: skip
    entry = json.loads(apart[Path(search.ENTRY)])
    assert {code: lang["page_count"] for code, lang in entry["languages"].items()} == {
        "da": 2, "nb": 2, "sv": 2,
    }  # fmt: skip
    assert apart == whole


def test_indexing_stopped_between_two_languages_starts_no_more(tmp_path, monkeypatch):
    second = tmp_path / "second language indexed"
    commands = {"": ["true"], "no/**/index.html": ["touch", str(second)]}
    monkeypatch.setattr(search, "pagefind_command", lambda site, out, glob: commands.get(glob))
    monkeypatch.setattr(search, "language_globs", lambda site, folders: [*commands])
    indexing = search.Indexing(tmp_path, ["", "no/"])
    indexing._process.wait()  # the first language indexed, the second not started
    indexing.cancel()
    with pytest.raises(search.SearchIndexError):
        indexing.finish()
    assert indexing.cancelled and not indexing._scratch.exists()
    assert not second.exists()


def test_indexing_stopped_while_its_index_is_written_writes_no_more(tmp_path, monkeypatch):
    """A save in the preview stops the index of the pages before it, also while that index
    is written: a language's 3,000 files took 2 s to write anew, and the rebuild waited."""
    entry = '{"version":"1.6.0","languages":{"da":{"hash":"da_1","page_count":20}}}'
    files = {f"fragment/da_{n}.pf_fragment": "page" for n in range(20)} | {search.ENTRY: entry}
    made = _index(tmp_path / "made", files)
    monkeypatch.setattr(
        search, "pagefind_command", lambda *args: ["cp", "-r", f"{made}/.", args[1]]
    )
    (tmp_path / "site").mkdir()
    indexing = search.Indexing(tmp_path / "site")
    written, write = [], search.overwrite.write

    def write_and_stop_at_the_third(path, data):
        written.append(path)
        if len(written) == 3:
            indexing.cancel()
        write(path, data)

    monkeypatch.setattr(search.overwrite, "write", write_and_stop_at_the_third)
    with pytest.raises(search.SearchIndexError, match="stopped while it was written"):
        indexing.finish()
    assert len(written) == 3
    assert indexing.cancelled and not indexing._scratch.exists()
    indexing.remove_output()
    assert not (tmp_path / "site" / search.OUTPUT).exists()


def _with_names(names: str, lang: str, role: str = "alpha") -> str:
    slug = f"      slug: {role}-{lang}\n"
    return valid_yaml().replace(slug, f"{slug}      also_called: {names}\n")


def _index(root, files: dict[str, str]):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_new_index_is_written_over_the_files_of_the_last_one(tmp_path):
    output = _index(tmp_path / "pagefind", {
        "pagefind.js": "old code", "fragment/da_1.pf_fragment": "kept page",
        "fragment/da_2.pf_fragment": "changed page", "index/da_9.pf_index": "old index",
        "filter/da_5.pf_filter": "gone",
    })  # fmt: skip
    inodes = {p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    new = _index(tmp_path / "new", {
        "pagefind.js": "new code", "fragment/da_1.pf_fragment": "kept page",
        "fragment/da_3.pf_fragment": "changed page, new", "index/da_7.pf_index": "new index",
    })  # fmt: skip
    search.write_over(new, output)
    written = {
        p.relative_to(output).as_posix(): p.read_text("utf-8") for p in output.rglob("*")
        if p.is_file()
    }  # fmt: skip
    assert written == {p.relative_to(new).as_posix(): p.read_text("utf-8")
                       for p in new.rglob("*") if p.is_file()}  # fmt: skip
    # Every file is one of the last index's, and the folder it emptied is gone.
    assert {p.stat().st_ino for p in output.rglob("*") if p.is_file()} <= inodes
    assert not (output / "filter").exists()


def test_a_failed_pagefind_run_leaves_the_last_index_as_it_was(tmp_path, monkeypatch):
    output = _index(tmp_path / "site" / search.OUTPUT, {"fragment/da_1.pf_fragment": "last"})
    monkeypatch.setattr(search, "pagefind_command", lambda *args: ["false"])
    indexing = search.Indexing(tmp_path / "site")
    with pytest.raises(search.SearchIndexError, match="Pagefind failed"):
        indexing.finish()
    assert (output / "fragment/da_1.pf_fragment").read_text("utf-8") == "last"
    assert not indexing._scratch.exists()


def test_the_preview_hides_the_last_index_while_it_indexes_the_rebuilt_pages(tmp_path, monkeypatch):
    import threading

    from karriereguiden.site.build import Builder

    site = _index(tmp_path / "site", {"pagefind/pagefind-entry.json": "of the last pages"})
    started, release = threading.Event(), threading.Event()

    class SlowIndexing:
        cancelled = False

        def __init__(self, site_dir, folders):
            started.set()

        def finish(self):
            release.wait(10)

    monkeypatch.setattr(search, "Indexing", SlowIndexing)
    builder = Builder(keep_pages=True)
    builder.index_aside(site, [""])
    assert started.wait(10)
    # While Pagefind still runs, a search finds no index rather than the last pages'.
    assert not (site / search.OUTPUT).exists()
    release.set()
    builder._indexing[0][1].join(10)
    assert [p.name for p in site.iterdir()] == []  # the hidden stale index is gone too


def test_pagefind_writes_into_memory_only_where_there_is_room_to_spare(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "_MEMORY", str(tmp_path))
    monkeypatch.setattr(search, "_ROOM", 0)
    assert search._scratch_root() == str(tmp_path)
    monkeypatch.setattr(search, "_ROOM", 2**62)
    assert search._scratch_root() is None  # the system's temporary folder
    monkeypatch.setattr(search, "_MEMORY", str(tmp_path / "missing"))
    monkeypatch.setattr(search, "_ROOM", 0)
    assert search._scratch_root() is None


def test_a_roles_pages_carry_each_of_its_names_in_every_language_once():
    text = _with_names("[Supporter, Kundebehandler]", "da")
    text = text.replace(
        "      slug: alpha-sv\n", "      slug: alpha-sv\n      also_called: [supporter]\n"
    )
    role = load(text).role("alpha")
    names = ["Title alpha da", "Supporter", "Kundebehandler", "Title alpha no", "Title alpha sv"]
    assert searchnames.name_fields(role, "role") == [
        (f"name{n}", v) for n, v in enumerate(names, 1)
    ]
    # The salary and FAQ pages: the same names under the key the worker weighs less.
    assert searchnames.name_fields(role, "faq") == [(f"role{n}", v) for n, v in enumerate(names, 1)]


def test_a_hyphenated_name_is_one_word_in_its_field():
    # Pagefind indexes a hyphenated word whole and in parts: "kundeservice" matched two
    # words of the field and outranked roles with the word in one name.
    role = load(_with_names("[kundeservice-manager]", "no")).role("alpha")
    assert ("name3", "kundeservicemanager") in searchnames.name_fields(role, "role")


def test_names_past_the_last_field_share_it():
    many = ", ".join(f"name {n}" for n in range(searchnames.NAME_FIELDS + 2))
    role = load(_with_names(f"[{many}]", "da")).role("alpha")
    fields = searchnames.name_fields(role, "role")
    assert len(fields) == searchnames.NAME_FIELDS
    assert fields[-1][1].split(", ")[-1] == "Title alpha sv"  # still found


def test_a_name_reaches_the_pages_search_metadata_as_an_escaped_attribute():
    # The loader refuses < > & " in names; an apostrophe is allowed and must not end the
    # attribute.
    catalogue = load(_with_names('["Kundens\' hjelper"]', "no"))
    sv = next(lang for lang in load_languages() if lang.code == "sv")
    role_html = render_role_pages(catalogue.role("alpha"), catalogue, sv, Edition(TODAY))[0].html
    (element,) = re.findall(r"<div data-pagefind-meta=.*?></div>", role_html)
    assert 'data-name3="Kundens&#39; hjelper"' in element
    assert element.startswith('<div data-pagefind-meta="name1[data-name1], name2[data-name2], ')


# -- the built site ------------------------------------------------------------------------------


def _html_lang(site, lang: str) -> str:
    home = (site / LANG_PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    return re.search(r'<html lang="([^"]+)"', home).group(1)


@pytest.mark.build
def test_each_language_has_its_own_index_of_its_own_pages(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = {_html_lang(site, lang).lower(): lang for lang in LANG_PREFIX}
    assert set(entry["languages"]) == set(languages)
    # Every page of each language but its 404 page: 16 of the site's 48 pages each.
    assert {code: index["page_count"] for code, index in entry["languages"].items()} == {
        code: 16 for code in languages
    }


@pytest.mark.build
def test_material_search_index_on_the_online_site_holds_no_pages(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["da", "no", "sv"]
    assert not (site / "pagefind" / "pagefind-ui.js").exists()


@pytest.mark.build
@pytest.mark.parametrize("lang", LANG_PREFIX)
def test_every_page_asks_the_search_worker_for_its_own_language(site, lang):
    html = (site / LANG_PREFIX[lang] / "om" / "index.html").read_text(encoding="utf-8")
    worker = re.search(r'"search": "([^"]+)"', html).group(1)
    assert worker.endswith(f"karriereguiden-search-worker.js?lang={_html_lang(site, lang)}")


# -- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_on_site(site):
    with served(site) as base, local_browser() as (context, outside):
        yield base, context, outside


def _search(page, query: str) -> list[str]:
    """Type the query into Material's search box; the result links, as site paths."""
    page.keyboard.press("/")
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=15000)
    return [urlsplit(a.get_attribute("href")).path for a in results.all()]


# Words that are on pages of several languages: each search shows only its page's language.
SHARED_WORDS = [
    ("no", "no/", "teamleder"),
    ("da", "roller/", "kundeservice"),
    ("sv", "sv/", "chef"),
    ("da", "", "chef"),
]


@pytest.mark.build
@pytest.mark.parametrize(("lang", "path", "query"), SHARED_WORDS)
def test_a_word_of_several_languages_finds_only_the_pages_language(
    browser_on_site, lang, path, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + path)
    found = _search(page, query)
    others = [f"/{p}" for code, p in LANG_PREFIX.items() if code != lang and p]
    assert found and not [p for p in found if p.startswith(tuple(others))], found
    if LANG_PREFIX[lang]:
        assert all(p.startswith(f"/{LANG_PREFIX[lang]}") for p in found), found
    page.close()


@pytest.mark.build
def test_a_page_view_fetches_no_index_until_the_search_box_is_used(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(base + "sv/yrken/kundtjanstchef/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url]
    # Material's bundle still fetches its own index file: only its settings are left in it.
    index = [url for url in fetched if url.endswith("search/search_index.json")]
    assert [page.request.get(url).json()["docs"] for url in index] == [[]] * len(index)
    _search(page, "kundtjänst")
    assert [url for url in fetched if "/pagefind/" in url]
    page.close()


@pytest.mark.build
def test_a_result_opens_from_the_keyboard_with_the_words_highlighted(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "no/")
    _search(page, "kundeservicesjef")
    page.keyboard.press("ArrowDown")  # from the box to the first result
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and "/no/yrker/" in focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/no/yrker/**")
    assert "h=kundeservicesjef" in page.url
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=5000)
    assert marks.first.inner_text().lower().startswith("kundeservicesjef")
    page.close()


@pytest.mark.build
@pytest.mark.parametrize(("lang", "query"), [("da", "løn"), ("no", "lønn"), ("sv", "lön")])
def test_search_with_results_open_passes_axe(browser_on_site, lang, query):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    _search(page, query)
    assert axe_violations(page) == []
    page.close()


# A job by any of its names: each language's first other name of a role that has one, and
# on each language's site a role's title in another language ("kundtjänstchef" on the Danish
# site finds "Kundeservicechef").
OTHER_NAME_SEARCHES = [
    (lang, role.id, role.texts[lang].also_called[0])
    for lang in LANG_PREFIX
    for role in [next(r for r in CATALOGUE.roles if r.texts[lang].also_called)]
] + [
    (
        lang,
        "customer-service-manager",
        CATALOGUE.role("customer-service-manager").texts[other].title,
    )
    for lang, other in (("da", "sv"), ("no", "da"), ("sv", "no"))
]


@pytest.mark.build
@pytest.mark.parametrize(("lang", "role", "query"), OTHER_NAME_SEARCHES)
def test_a_job_is_found_by_its_other_names_and_its_titles_in_other_languages(
    browser_on_site, lang, role, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    found = _search(page, query.lower())
    assert "/" + EXPECTED[(role, "role")][lang] in found, (query, found)
    page.close()


def _pages_matching(page, query: str) -> int:
    """How many pages of the page's language Pagefind finds for the query, asked directly."""
    return page.evaluate(
        """async (query) => {
            const pagefind = await import(new URL("/pagefind/pagefind.js", location.href));
            await pagefind.options({ baseUrl: "/" });
            return (await pagefind.search(query)).results.length;
        }""",
        query,
    )


def _count_line(page, expected: str) -> str:
    """The line above the results, once it reads as expected or after ten seconds."""
    line = page.locator(".md-search-result__meta")
    for _ in range(100):
        if line.inner_text().strip() == expected:
            break
        page.wait_for_timeout(100)
    return line.inner_text().strip()


SHOWN = 10  # the pages whose texts the worker fetches and Material lists
# Material's own line for a number of results, in its da, nb and sv words.
MATERIALS_COUNT = {"da": "{} resultater", "no": "{} treff", "sv": "{} sökresultat"}


def _let_more_pages_arrive(page, lang: str, total: int) -> str:
    """Bring the tenth result into view, as a reader scrolling on does; the line after."""
    page.locator(".md-search-result__item").nth(SHOWN - 1).scroll_into_view_if_needed()
    line = _count_line(page, MATERIALS_COUNT[lang].format(total))  # the answer with more
    page.wait_for_timeout(200)  # for the focus to be given back, where it is
    return line


@pytest.mark.build
@pytest.mark.parametrize(("lang", "query"), [("da", "løn"), ("no", "lønn"), ("sv", "lön")])
def test_the_count_says_how_many_pages_match_when_only_the_best_are_shown(
    browser_on_site, lang, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    total = _pages_matching(page, query)
    assert total > SHOWN  # else this would test Material's own count
    found = _search(page, query)
    assert len(found) == SHOWN
    expected = LANGUAGES[lang].word("search_partial_count", shown=SHOWN, total=total)
    assert _count_line(page, expected) == expected
    page.close()


@pytest.mark.build
def test_a_search_with_fewer_pages_than_shown_keeps_materials_own_count(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "sv/")
    few = _pages_matching(page, "chef")
    assert 1 < few < SHOWN
    many = _pages_matching(page, "lön")
    corrected = LANGUAGES["sv"].word("search_partial_count", shown=SHOWN, total=many)
    _search(page, "lön")  # more than ten: the line is corrected first
    assert _count_line(page, corrected) == corrected
    page.fill("[data-md-component=search-query]", "")
    page.keyboard.type("chef")
    own = MATERIALS_COUNT["sv"].format(few)
    assert _count_line(page, own) == own
    page.close()


def _scroll_results_to_the_end(page, until: int) -> int:
    """Scroll the results as a reader would, until `until` pages are listed; how many are."""
    items = page.locator(".md-search-result__item")
    for _ in range(50):
        if items.count() >= until:
            break
        page.evaluate(
            "() => { const box = document.querySelector('.md-search__scrollwrap');"
            " box.scrollTop = box.scrollHeight; }"
        )
        page.wait_for_timeout(200)
        page.evaluate("() => document.querySelector('.md-search__scrollwrap').scrollTop -= 40")
    return items.count()


@pytest.mark.build
@pytest.mark.parametrize(("lang", "query"), [("da", "løn"), ("no", "lønn"), ("sv", "lön")])
def test_scrolling_past_the_first_ten_lists_every_page_that_matches(browser_on_site, lang, query):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    total = _pages_matching(page, query)
    assert SHOWN < total <= 50  # all of them come with the answer that brings more
    _search(page, query)
    assert _scroll_results_to_the_end(page, total) == total
    found = [
        urlsplit(a.get_attribute("href")).path
        for a in page.locator(".md-search-result__item > a").all()
    ]
    assert len(set(found)) == total
    if LANG_PREFIX[lang]:
        assert all(p.startswith(f"/{LANG_PREFIX[lang]}") for p in found), found
    else:
        assert not [p for p in found if p.startswith(("/no/", "/sv/"))], found
    # Now Material is given every page, and its own count is true.
    own = MATERIALS_COUNT[lang].format(total)
    assert _count_line(page, own) == own
    page.close()


@pytest.mark.build
def test_the_keyboard_keeps_its_result_when_more_pages_arrive(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "no/")
    total = _pages_matching(page, "lønn")
    _search(page, "lønn")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    before = page.evaluate("document.activeElement.getAttribute('href')")
    assert before and "/no/" in before
    # The reader's eyes move on down the list; the focus stays where it was.
    assert _let_more_pages_arrive(page, "no", total) == MATERIALS_COUNT["no"].format(total)
    assert page.evaluate("document.activeElement.getAttribute('href')") == before
    page.close()


@pytest.mark.build
def test_the_keyboard_keeps_its_place_on_more_on_this_page_when_more_pages_arrive(
    browser_on_site,
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "sv/")
    total = _pages_matching(page, "lön")
    _search(page, "lön")
    where = "document.activeElement.tagName"
    for _ in range(10):  # down to the first page's "n more on this page"
        page.keyboard.press("ArrowDown")
        if page.evaluate(where) == "SUMMARY":
            break
    page_of = (
        "document.activeElement.closest('.md-search-result__item')"
        ".querySelector('a').getAttribute('href')"
    )
    before = page.evaluate(page_of)
    assert _let_more_pages_arrive(page, "sv", total) == MATERIALS_COUNT["sv"].format(total)
    assert page.evaluate(where) == "SUMMARY"
    assert page.evaluate(page_of) == before
    page.close()


# -- ranking and names (issue 24) ----------------------------------------------------------------


def _kind_of(path: str) -> tuple[str, str] | None:
    """(role, kind) of a role's page at the path, None for a hand-written page."""
    for (role, kind), urls in EXPECTED.items():
        if path in {"/" + url for url in urls.values()}:
            return role, kind
    return None


def _role_pages(role: str, lang: str) -> list[str]:
    return ["/" + EXPECTED[(role, kind)][lang] for kind in ("role", "salary", "faq")]


# On each language's site, names of a role in every language: titles and other names of the
# other languages (the issue's: "kundeservicemedarbejder" on the Swedish site and
# "gruppledare" on the Norwegian; its "supporter" is no longer a name of the job, issue 23),
# and a title of several words that shares its words with another role's names.
NAME_RANKINGS = [
    ("da", "contact-centre-manager", "kundesenterleder"),
    ("da", "customer-service-team-lead", "gruppledare"),
    ("da", "customer-service-manager", "Kundtjänstchef"),
    ("no", "contact-centre-manager", "kontaktcenterchef"),
    ("no", "customer-service-representative", "kundeservicemedarbejder"),
    ("no", "customer-service-team-lead", "gruppledare"),
    ("sv", "customer-service-representative", "kundeservicemedarbejder"),
    ("sv", "contact-centre-manager", "kundesenterleder"),
    ("sv", "customer-service-team-lead", "teamleder i kundeservice"),
]


@pytest.mark.build
@pytest.mark.parametrize(("lang", "role", "query"), NAME_RANKINGS)
def test_a_name_in_any_language_lists_its_role_page_first_then_its_salary_and_faq_pages(
    browser_on_site, lang, role, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    found = _search(page, query)
    own = _role_pages(role, lang)
    assert found[0] == own[0], found
    assert set(found[1:3]) == set(own[1:]), found
    page.close()


def test_the_names_ranked_cover_every_language_on_every_site():
    # Guards NAME_RANKINGS: on each site, a name from each of the other two languages.
    def language_of(role: str, name: str) -> set[str]:
        texts = CATALOGUE.role(role).texts
        names = {code: {n.lower() for n in (t.title, *t.also_called)} for code, t in texts.items()}
        return {code for code, known in names.items() if name.lower() in known}

    for lang in LANG_PREFIX:
        covered = set().union(*(language_of(r, q) for site, r, q in NAME_RANKINGS if site == lang))
        assert covered >= set(LANG_PREFIX) - {lang}, lang


@pytest.mark.build
@pytest.mark.parametrize(
    ("lang", "query"), [("da", "kundeservice"), ("sv", "kundtjänst"), ("sv", "teamledare")]
)
def test_a_word_of_role_names_lists_those_role_pages_before_any_salary_faq_or_other_page(
    browser_on_site, lang, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    found = _search(page, query)
    named = {
        "/" + EXPECTED[(role.id, "role")][lang]
        for role in CATALOGUE.roles
        for text in role.texts.values()
        for name in (text.title, *text.also_called)
        if query in name.lower()
    }
    assert named
    first_other = min(n for n, path in enumerate(found) if path not in named)
    assert set(found[:first_other]) == named, found
    page.close()


@pytest.mark.build
def test_hand_written_pages_come_after_a_roles_own_pages(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "no/")
    # The Danish title: the Norwegian about page names it too.
    found = _search(page, "kontaktcenterchef")
    hand_written = [n for n, path in enumerate(found) if _kind_of(path) is None]
    assert hand_written and min(hand_written) >= 3, found
    page.close()


# Results from a shorter word than the one typed (Pagefind searches the longest indexed
# word the query word starts with): what the line above them says, per language.
PARTIAL = [
    ("da", "kundeservicerobot", "Ingen sider med »kundeservicerobot«; sider med »kundeservice«:"),
    ("no", "kundeservicerobot", "Ingen sider med «kundeservicerobot»; sider med «kundeservice»:"),
    ("sv", "kundtjänstrobot", "Inga sidor med ”kundtjänstrobot”; sidor med ”kundtjänst”:"),
]


@pytest.mark.build
@pytest.mark.parametrize(("lang", "query", "line"), PARTIAL)
def test_results_from_a_shorter_word_say_so_in_the_pages_language(
    browser_on_site, lang, query, line
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    page.keyboard.press("/")
    page.keyboard.type(query, delay=150)  # at a person's pace
    page.locator(".md-search-result__item > a").first.wait_for(timeout=15000)
    assert _count_line(page, line) == line
    # Under the first result, Material's own "missing" names the word typed, struck out.
    assert page.locator(".md-search-result__terms del").first.inner_text() == query
    page.close()


def test_the_partial_lines_tested_are_the_languages_own_words():
    for lang, query, line in PARTIAL:
        found = query.removesuffix("robot")
        assert LANGUAGES[lang].word("search_partial_match", asked=query, found=found) == line


@pytest.mark.build
@pytest.mark.parametrize(
    ("lang", "query"), [("da", "kundeserv"), ("no", "lønnen"), ("sv", "kundtjänstchef")]
)
def test_a_word_found_as_typed_or_by_its_stem_is_not_called_a_partial_match(
    browser_on_site, lang, query
):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + LANG_PREFIX[lang])
    _search(page, query)
    page.wait_for_timeout(500)  # for the line, if the page's script were to change it
    partial = LANGUAGES[lang].words["search_partial_match"].split("{asked}")[0]
    assert not page.locator(".md-search-result__meta").inner_text().startswith(partial)
    assert page.locator(".md-search-result__terms").count() == 0
    page.close()


# The search worker on a clock the test moves: the keys of a query reach it exactly so many
# milliseconds apart, whatever the machine's load. Typed for real, a key that a busy machine
# delays by more than the pause is a pause, and its prefix is rightly searched; the test
# would then say more about the machine than about the worker.
CLOCK_WORKER = """
var now = 0;
var timers = [];
Date.now = function () { return now; };
self.setTimeout = function (fn, ms) { timers.push({ at: now + (ms || 0), fn: fn }); return 0; };
self.addEventListener("message", function (event) {
  if (!event.data || event.data.advance === undefined) return;
  var until = now + event.data.advance;
  for (;;) {
    timers.sort(function (a, b) { return a.at - b.at; });
    if (!timers.length || timers[0].at > until) break;
    var timer = timers.shift();
    now = timer.at;
    timer.fn();
  }
  now = until;
  self.postMessage({ advanced: now });
});
importScripts("karriereguiden-search-worker.js");
"""
CLOCK_PATH = "/assets/javascripts/karriereguiden-clock-worker.js"

# Material's messages (its search worker protocol): SETUP, then QUERY with the text so far.
# After each key the page waits a little in real time, so that an answer the worker starts
# (its pause ran out on the clock) fetches its texts before the next key makes it stale.
TYPE_ON_A_CLOCK = """async ({query, gap, settle, url}) => {
  const worker = new Worker(url);
  const answers = [];
  worker.addEventListener("message", (e) => {
    if (e.data && e.data.type === 3) answers.push(e.data);
  });
  const advance = (ms) => new Promise((done) => {
    const heard = (e) => {
      if (e.data && e.data.advanced !== undefined) {
        worker.removeEventListener("message", heard);
        done();
      }
    };
    worker.addEventListener("message", heard);
    worker.postMessage({ advance: ms });
  });
  worker.postMessage({ type: 0, data: {} });
  worker.postMessage({ type: 2, data: "" });  // as the search box opens
  await advance(1);
  for (let i = 1; i <= query.length; i++) {
    worker.postMessage({ type: 2, data: query.slice(0, i) });
    await advance(i < query.length ? gap : 0);
    await new Promise((done) => setTimeout(done, settle));
  }
  const typing = answers.length;
  // Then the reader waits: the clock moves on until the query's answer comes.
  for (let step = 0; step < 300 && answers.length === typing; step++) {
    await advance(100);
    await new Promise((done) => setTimeout(done, 50));
  }
  await new Promise((done) => setTimeout(done, 1000));  // texts still loading
  worker.terminate();
  return { typing: typing, answered: answers.length > typing };
}"""


class _WithClockWorker(QuietHandler):
    def do_GET(self):
        if self.path.split("?", 1)[0] != CLOCK_PATH:
            return super().do_GET()
        body = CLOCK_WORKER.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.mark.build
@pytest.mark.parametrize(("lang", "query"), [("da", "kundeservice"), ("sv", "kundtjänst")])
def test_a_query_typed_at_a_persons_pace_fetches_texts_for_its_own_results_only(
    site, browser_on_site, lang, query
):
    _, context, _ = browser_on_site
    with served(site, _WithClockWorker) as base:
        page = context.new_page()
        fragments: list[str] = []
        page.on(
            "requestfinished",
            lambda request: fragments.append(request.url) if "/fragment/" in request.url else None,
        )
        page.goto(base + LANG_PREFIX[lang])
        # A key every 150 ms: no prefix is searched, so only the word's own texts load.
        url = base + CLOCK_PATH.lstrip("/") + f"?lang={LANGUAGES[lang].html_lang}"
        typed = {"query": query, "gap": 150, "settle": 300, "url": url}
        assert page.evaluate(TYPE_ON_A_CLOCK, typed)["answered"]
        assert 0 < len(fragments) <= SHOWN, fragments
        page.close()


@pytest.mark.build
def test_on_the_clock_a_query_typed_at_once_with_a_pause_answers_the_prefix_too(
    site, browser_on_site
):
    # The clock's own check: a pause of a second after "kund" is a pause, and is answered.
    _, context, _ = browser_on_site
    with served(site, _WithClockWorker) as base:
        page = context.new_page()
        page.goto(base)
        url = base + CLOCK_PATH.lstrip("/") + "?lang=da"
        typed = {"query": "kund", "gap": 1000, "settle": 1500, "url": url}
        assert page.evaluate(TYPE_ON_A_CLOCK, typed)["typing"] >= 2
        page.close()


def _indexed_pages(site) -> dict[str, str]:
    """Each page's text as Pagefind indexed it, by its address (its fragments)."""
    pages = {}
    for path in (site / search.OUTPUT / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data["content"]
    return pages


def test_the_index_leaves_out_the_interfaces_sentences_and_keeps_each_pages_own(site):
    """A generated page's reviewed line, links between the role's pages, introductions and
    "no figure yet" sentences stand alike on every page of its kind: searched, they found
    every page. The role's own texts, and each figure's heading, source and the editors'
    reading, are searched as before."""
    pages = _indexed_pages(site)
    for lang in load_languages():
        reviewed = lang.words["reviewed"].split("{")[0].strip()
        no_figures = lang.words["no_figures"].split("{")[0].strip()
        own = {
            url: text for url, text in pages.items() if url.startswith("/" + LANG_PREFIX[lang.code])
        }
        assert own and not [
            url for url, text in own.items() if reviewed in text or no_figures in text
        ]
        for role in CATALOGUE.roles:
            text = role.texts[lang.code]
            role_page = own["/" + EXPECTED[(role.id, "role")][lang.code]]
            assert text.summary in role_page and text.tasks[0] in role_page
    salary_page = pages["/" + EXPECTED[("customer-service-manager", "salary")]["no"]]
    assert "Startlønn: 500 000–565 943 kr per år" in salary_page  # a figure's heading
    assert "Yrkesportalen: Kundeservicesjef" in salary_page  # its source
    assert "565 943 kroner i brødteksten" in salary_page  # the editors' reading of it
