"""Readers who arrive in the wrong place or language: a missing address answered in its own
language the way GitHub Pages answers it, and a gentle offer of the page in the reader's
language."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from karriereguiden.pages.languages import load_languages
from karriereguiden.site import theme
from tests.browser import QuietHandler, local_browser, served
from tests.conftest import make_project, run_build, run_site_build

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

    class Pages(QuietHandler):
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

    with served(root, Pages, prefix) as base:
        yield base


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
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
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
    assert page.errors == []
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
    assert page.errors == []
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


# --- The offer of the page in the reader's language ---------------------------------------

ROLE = {"da": "roller/kundeservicechef/", "no": "no/yrker/kundeservicesjef/",
        "sv": "sv/yrken/kundtjanstchef/"}  # fmt: skip
SALARY = {"da": "roller/kundeservicechef/loen/", "no": "no/yrker/kundeservicesjef/lonn/",
          "sv": "sv/yrken/kundtjanstchef/lon/"}  # fmt: skip
OFFER = "section.kg-offer"


@contextmanager
def reader(browser, languages: list[str], viewport: dict = DESKTOP):
    """A browser whose reader prefers these languages (navigator.languages), on loopback."""
    context = browser[0].browser.new_context(locale=languages[0], viewport=viewport)
    context.add_init_script(
        f"Object.defineProperty(navigator, 'languages', {{get: () => {languages!r}}})"
    )
    outside, errors = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file:", "data:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    try:
        yield context
    finally:
        context.close()
    assert outside == [] and errors == []


def _offer(page) -> dict | None:
    return page.evaluate(
        """() => { const r = document.querySelector('section.kg-offer');
           return r && {lang: r.lang, name: r.getAttribute('aria-label'),
                        link: r.querySelector('a').textContent, href: r.querySelector('a').href,
                        button: r.querySelector('button').textContent}; }"""
    )


@pytest.mark.parametrize(
    ("languages", "url", "target", "code"),
    [
        (["sv-SE"], "", "sv/", "sv"),  # a Swede who arrives at the root
        (["sv-SE", "en-US"], ROLE["da"], ROLE["sv"], "sv"),
        (["nb-NO"], ROLE["da"], ROLE["no"], "no"),
        (["nn-NO", "nb"], SALARY["da"], SALARY["no"], "no"),
        (["no"], SALARY["sv"], SALARY["no"], "no"),
        (["da-DK"], ROLE["sv"], ROLE["da"], "da"),
        (["en-GB", "sv", "da"], SALARY["da"], SALARY["sv"], "sv"),  # the first of ours counts
    ],
)
def test_a_reader_is_offered_the_same_page_in_the_language_their_browser_prefers(
    pages_host, languages, url, target, code
):
    base = pages_host[0]
    with reader(pages_host[1:], languages) as context:
        page = context.new_page()
        page.goto(base + url)
        assert _offer(page) == {
            "lang": HTML_LANG[code],
            "name": WORDS[code]["suggest_label"],
            "link": WORDS[code]["suggest_link"],
            "href": base + target,
            "button": WORDS[code]["suggest_dismiss"],
        }
        assert page.url == base + url  # an offer, never a redirect
        page.locator(OFFER).get_by_role("link").click()
        page.wait_for_url(base + target)
        assert page.locator("html").get_attribute("lang") == HTML_LANG[code]
        assert _offer(page) is None


@pytest.mark.parametrize(
    ("languages", "url"),
    [
        (["da-DK", "sv"], ROLE["da"]),
        (["sv"], ROLE["sv"]),
        (["nb-NO"], SALARY["no"]),
        (["en-US"], ROLE["da"]),  # none of the site's languages: nothing to offer
        (["en-GB", "da", "sv"], ROLE["da"]),  # Danish is the first of ours
    ],
)
def test_no_offer_when_the_page_is_in_the_readers_language(pages_host, languages, url):
    with reader(pages_host[1:], languages) as context:
        page = context.new_page()
        page.goto(pages_host[0] + url)
        assert _offer(page) is None


def test_the_offer_is_not_in_the_text_crawlers_and_search_read(site):
    html = (site / ROLE["da"] / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    for code in ("no", "sv"):
        for key in ("suggest_label", "suggest_link", "suggest_dismiss"):
            assert WORDS[code][key] not in text
    assert "kg-offer" not in re.sub(r"<style\b.*?</style>", "", text, flags=re.S)


def test_the_offer_is_reached_and_dismissed_from_the_keyboard_and_stays_dismissed(pages_host):
    base = pages_host[0]
    with reader(pages_host[1:], ["sv-SE"], PHONE) as context:
        page = context.new_page()
        page.goto(base + ROLE["da"])
        focused = []
        for _ in range(3):  # the skip link comes first, then the offer
            page.keyboard.press("Tab")
            focused.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert focused[-2:] == [WORDS["sv"]["suggest_link"], WORDS["sv"]["suggest_dismiss"]]
        page.keyboard.press("Enter")
        assert _offer(page) is None
        assert page.evaluate("!!document.activeElement.closest('.md-header')")
        page.reload()
        assert _offer(page) is None
        page.goto(base + SALARY["da"])
        assert _offer(page) is None


def test_a_language_chosen_in_the_switcher_ends_the_offer(pages_host):
    base = pages_host[0]
    with reader(pages_host[1:], ["sv-SE"]) as context:
        page = context.new_page()
        page.goto(base + ROLE["da"])
        assert _offer(page) is not None
        page.locator(".md-select").first.hover()
        page.locator('a.md-select__link[hreflang="da"]').click()  # Danish, on purpose
        page.wait_for_load_state()
        assert _offer(page) is None
        page.goto(base + SALARY["da"])
        assert _offer(page) is None


def test_the_offer_works_where_storage_is_refused(pages_host):
    base = pages_host[0]
    with reader(pages_host[1:], ["nb-NO"]) as context:
        context.add_init_script(
            "Object.defineProperty(window, 'localStorage', {get() {"
            "throw new DOMException('The user denied storage', 'SecurityError')}})"
        )
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + ROLE["da"])
        assert _offer(page)["lang"] == "nb"
        page.locator(OFFER).get_by_role("button").click()
        assert _offer(page) is None  # for this page: nothing can remember it
        assert errors == []


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    """The offline bundle's pages, all languages, as they are opened from file://."""
    tmp = tmp_path_factory.mktemp("offline")
    out = tmp / "site"
    result = run_build(make_project(tmp), out, KARRIEREGUIDEN_OFFLINE="true")
    assert result.returncode == 0, result.stderr
    return out


def test_the_offer_works_offline_from_file_urls(offline_site, browser):
    with reader(browser, ["sv-SE"]) as context:
        page = context.new_page()
        page.goto((offline_site / "roller" / "kundeservicechef" / "index.html").as_uri())
        target = (offline_site / "sv" / "yrken" / "kundtjanstchef" / "index.html").as_uri()
        assert _offer(page)["href"] == target
        page.locator(OFFER).get_by_role("button").click()
        page.goto((offline_site / "roller" / "kundeservicechef" / "loen.html").as_uri())
        assert _offer(page) is None  # remembered between file:// pages too


def test_the_offer_names_each_other_language_that_has_the_page_with_its_address():
    words = {"lang": "nb", "tags": ["no", "nb"], "label": "Språk", "link": "Les <på> norsk",
             "dismiss": "Nei"}  # fmt: skip
    offer = {"own": ["da"], "others": {"no": words, "sv": {**words, "lang": "sv"}}}
    data = theme.offers(offer, {"da": "./", "no": "../no/yrker/x/"})
    assert json.loads(data) == {"no": {**words, "href": "../no/yrker/x/"}}
    assert "<" not in data  # safe inside <script>, as Jinja's tojson writes it
    assert theme.offers(offer, {"da": "./"}) == ""  # no other language has the page
