"""Readers who arrive in the wrong place or language: a missing address answered in its own
language the way GitHub Pages answers it, and a gentle offer of the page in the reader's
language."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from karriereguiden.languages import load_languages
from tests.browser import local_browser
from tests.conftest import make_project, run_site_build

pytestmark = pytest.mark.build

WORDS = {lang.code: lang.words for lang in load_languages()}
HTML_LANG = {lang.code: lang.html_lang for lang in load_languages()}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Broken links a reader may follow, one per language folder, and the home each leads to.
MISSING = {
    "da": "roller/findes-ikke/",
    "no": "no/yrker/finnes-ikke/",
    "sv": "sv/yrken/finns-inte/",
}
HOME = {"da": "", "no": "no/", "sv": "sv/"}


@contextmanager
def served_like_github_pages(site_dir: Path, prefix: str = "/"):
    """The site as GitHub Pages serves it: under ``prefix`` (a project site's path), and for
    every address it has no file for, the root 404.html with status 404 (never a language
    folder's own 404.html)."""
    root = Path(site_dir)

    class Pages(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def translate_path(self, path):
            path = path.split("?", 1)[0].split("#", 1)[0]
            if not path.startswith(prefix):
                return str(root / "no such file")
            return super().translate_path("/" + path[len(prefix) :])

        def send_head(self):
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                return super().send_head()
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None

    handler = functools.partial(Pages, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    """One browser for the module (Playwright's sync API runs one at a time)."""
    with local_browser() as (context, outside):
        yield context, outside
    assert outside == []


@pytest.fixture(scope="module")
def pages_host(site, browser):
    with served_like_github_pages(site) as base:
        yield base, *browser


# The language of every piece of text the reader can see in the page's content and footer.
VISIBLE_TEXT_LANGUAGES = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.closest('article, footer')) continue;
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    if (element.closest('a[href^="https://squidfunk"]')) continue;  // the theme's name
    found.add(element.closest('[lang]').getAttribute('lang'));
  }
  return [...found];
}"""
VISIBLE_HEADINGS = """() => [...document.querySelectorAll('article h1')]
  .filter(h => h.checkVisibility()).map(h => [h.textContent.trim(), h.closest('[lang]').lang])"""
# Material's word for its search box in each language (its partials/languages/*.html).
SEARCH_WORD = {"da": "Søg", "no": "Søk", "sv": "Sök"}


def _open(pages_host, url: str, viewport: dict = DESKTOP):
    base, context, _ = pages_host
    page = context.new_page()
    page.set_viewport_size(viewport)
    response = page.goto(base + url)
    return page, response


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_a_missing_address_is_answered_in_its_folders_language(pages_host, lang, viewport):
    base = pages_host[0]
    page, response = _open(pages_host, MISSING[lang], viewport)
    assert response.status == 404
    assert page.url == base + MISSING[lang]  # shown in place: no redirect, nothing to loop
    assert page.locator("html").get_attribute("lang") == HTML_LANG[lang]
    assert page.title() == f"{WORDS[lang]['not_found_title']} - Karriereguiden"
    assert page.evaluate(VISIBLE_HEADINGS) == [[WORDS[lang]["not_found_title"], HTML_LANG[lang]]]
    assert page.evaluate(VISIBLE_TEXT_LANGUAGES) == [HTML_LANG[lang]]
    page.close()


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_the_not_found_page_leads_to_the_addresss_language(pages_host, lang):
    page, _ = _open(pages_host, MISSING[lang])
    home = page.locator("article a", has_text=WORDS[lang]["not_found_home"]).locator("visible=true")
    home.click()
    page.wait_for_url(pages_host[0] + HOME[lang])
    assert page.locator("html").get_attribute("lang") == HTML_LANG[lang]
    page.close()


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_the_not_found_pages_header_speaks_the_addresss_language(pages_host, lang):
    page, _ = _open(pages_host, MISSING[lang])
    header = page.locator(".md-header__inner")
    assert header.get_attribute("aria-label") == WORDS[lang]["header_landmark"]
    assert page.locator(".md-search__input").get_attribute("placeholder") == SEARCH_WORD[lang]
    assert page.locator(".md-sidebar--primary").count() == 0  # the build language's menu
    page.close()


# Words on pages of two languages: the not-found page finds them in its address's only.
SHARED_WORDS = [("no", "teamleder"), ("sv", "chef"), ("da", "chef")]


@pytest.mark.parametrize(("lang", "query"), SHARED_WORDS)
def test_the_not_found_page_searches_the_addresss_language(pages_host, lang, query):
    page, _ = _open(pages_host, MISSING[lang])
    page.locator(".md-search__input").focus()
    page.keyboard.type(query, delay=150)  # a person's pace
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=15000)
    paths = [urlsplit(a.get_attribute("href")).path for a in results.all()]
    others = [f"/{HOME[code]}" for code in HOME if code != lang and HOME[code]]
    assert paths and all(p.startswith(f"/{HOME[lang]}") for p in paths), paths
    assert not [p for p in paths if p.startswith(tuple(others))], paths
    page.close()


@pytest.mark.parametrize("lang", ["no", "sv"])
def test_without_javascript_the_not_found_page_reads_in_every_language(pages_host, lang):
    base, context, _ = pages_host
    quiet = context.browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = quiet.new_page()
    assert page.goto(base + MISSING[lang]).status == 404
    headings = page.locator("article h1")
    assert [
        (h.inner_text(), h.evaluate("h => h.closest('[lang]').lang")) for h in headings.all()
    ] == [(WORDS[code]["not_found_title"], HTML_LANG[code]) for code in ("da", "no", "sv")]
    part = page.locator(f'article [lang="{HTML_LANG[lang]}"]')
    assert part.locator("p").inner_text() == WORDS[lang]["not_found_text"]
    home = part.locator("a", has_text=WORDS[lang]["not_found_home"]).get_attribute("href")
    assert home == f"/{HOME[lang]}"
    quiet.close()


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Path:
    """The site built for a GitHub project address, which has the repository's path."""
    tmp = tmp_path_factory.mktemp("project-site")
    out = tmp / "site"
    result = run_site_build(
        make_project(tmp), out, KARRIEREGUIDEN_SITE_URL="https://example.github.io/karriereguiden/"
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_on_a_project_address_the_language_folder_follows_the_sites_path(
    project_site, browser, lang
):
    with served_like_github_pages(project_site, "/karriereguiden/") as base:
        page = browser[0].new_page()
        assert page.goto(base + MISSING[lang]).status == 404
        assert page.evaluate(VISIBLE_HEADINGS) == [
            [WORDS[lang]["not_found_title"], HTML_LANG[lang]]
        ]
        home = page.locator("article a", has_text=WORDS[lang]["not_found_home"])
        assert home.locator("visible=true").get_attribute("href").rstrip(".") == (
            f"/karriereguiden/{HOME[lang]}"
        )
        page.close()
