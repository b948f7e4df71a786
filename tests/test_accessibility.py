"""Every kind of page passes axe-core's WCAG 2.2 A and AA rules and its best practices, in every
language, on a phone and on a desktop; every landmark is named in the page's language; and the
language switcher works from the keyboard and keeps the reader on the same role."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from karriereguiden.pages.languages import load_languages
from tests.browser import local_browser, served
from tests.test_arrival import MISSING, served_like_github_pages

pytestmark = pytest.mark.build

# Every kind of page the site has, by its URL in each language.
PAGE_KINDS = {
    "home": ("", "no/", "sv/"),
    "about": ("om/", "no/om/", "sv/om/"),
    "roles index": ("roller/", "no/yrker/", "sv/yrken/"),
    "salary overview": ("loen/", "no/lonn/", "sv/lon/"),
    "role": (
        "roller/kundeservicemedarbejder/",
        "no/yrker/kundeservicemedarbeider/",
        "sv/yrken/kundtjanstmedarbetare/",
    ),
    "salary": (
        "roller/kundeservicemedarbejder/loen/",
        "no/yrker/kundeservicemedarbeider/lonn/",
        "sv/yrken/kundtjanstmedarbetare/lon/",
    ),
    "faq": (
        "roller/kundeservicemedarbejder/spoergsmaal/",
        "no/yrker/kundeservicemedarbeider/sporsmal/",
        "sv/yrken/kundtjanstmedarbetare/fragor/",
    ),
    "not found": ("404.html", "no/404.html", "sv/404.html"),
}
PAGES = [
    (kind, lang, url)
    for kind, urls in PAGE_KINDS.items()
    for lang, url in zip(("da", "no", "sv"), urls, strict=True)
]
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices too: landmark-unique, region, heading order and the like.
RULES = [*WCAG_22_A_AA, "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WORDS = {lang.code: lang.words for lang in load_languages()}
# The accessible name of every landmark of the page that assistive tech is given (Material
# hides different ones at different widths), by its role.
LANDMARKS = """() => {
  const roles = {HEADER: 'banner', FOOTER: 'contentinfo', NAV: 'navigation', MAIN: 'main',
                 ASIDE: 'complementary', SECTION: 'region', FORM: 'form', SEARCH: 'search'};
  return [...document.querySelectorAll('header, footer, nav, main, aside, section, [role]')]
    .filter(e => e.checkVisibility({visibilityProperty: true}))
    .map(e => {
      const ids = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
      const name = ids.length
        ? ids.map(id => document.getElementById(id)?.textContent.trim() || '').join(' ')
        : (e.getAttribute('aria-label') || '');
      return [e.getAttribute('role') || roles[e.tagName], name.trim()];
    })
    .filter(([role]) => ['banner', 'contentinfo', 'navigation', 'main', 'complementary',
                         'region', 'form', 'search'].includes(role));
}"""
# Material's English words for landmarks, which it falls back to where a language has none.
ENGLISH_LANDMARK_NAMES = {"Header", "Footer", "Table of contents", "Tabs", "Search"}
AXE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser_on_site(site):
    with served(site) as base, local_browser() as (context, outside):
        yield base, context, outside


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize(("kind", "lang", "url"), PAGES)
def test_every_kind_of_page_passes_axe_in_every_language(
    browser_on_site, kind, lang, url, viewport
):
    # Material's drawer and sidebars differ by width: at 390 px the nested navigation of
    # every page was unnamed (landmark-unique), at 1366 px that of role pages.
    base, context, _ = browser_on_site
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(base + url)
    violations = axe_violations(page)
    page.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize(("kind", "lang", "url"), PAGES)
def test_every_landmark_is_named_in_the_pages_language(browser_on_site, kind, lang, url, viewport):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(base + url)
    landmarks = page.evaluate(LANDMARKS)
    page.close()
    header = [name for role, name in landmarks if role == "navigation" and name in {
        w["header_landmark"] for w in WORDS.values()}]  # fmt: skip
    assert header == [WORDS[lang]["header_landmark"]], landmarks
    assert not {name for _, name in landmarks} & ENGLISH_LANDMARK_NAMES, landmarks
    # The nested navigation of a section was unnamed (its label held only an icon).
    navigation = [name for role, name in landmarks if role == "navigation"]
    assert "" not in navigation and len(navigation) == len(set(navigation)), landmarks


@pytest.fixture(scope="module")
def browser_on_github_pages(site, browser_on_site):
    with served_like_github_pages(site) as base:
        yield base, *browser_on_site[1:]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("lang", ["da", "no", "sv"])
def test_the_not_found_page_github_pages_shows_passes_axe_in_every_language(
    browser_on_github_pages, lang, viewport
):
    # The root 404.html, shown for a missing address in each language's folder, as GitHub
    # Pages does: it speaks the address's language, its landmarks too.
    base, context, _ = browser_on_github_pages
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(base + MISSING[lang])
    violations = axe_violations(page)
    landmarks = page.evaluate(LANDMARKS)
    page.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    assert ["navigation", WORDS[lang]["header_landmark"]] in landmarks


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize(("locale", "url"), [("sv-SE", "roller/kundeservicechef/"),
                                             ("nb-NO", "sv/yrken/kundtjanstchef/lon/"),
                                             ("da-DK", "no/om/")])  # fmt: skip
def test_pages_with_the_language_offer_pass_axe(browser_on_site, locale, url, viewport):
    base, context, _ = browser_on_site
    reader = context.browser.new_context(locale=locale, viewport=viewport)
    page = reader.new_page()
    page.goto(base + url)
    assert page.locator("section.kg-offer").is_visible()
    violations = axe_violations(page)
    landmarks = page.evaluate(LANDMARKS)
    reader.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    assert len([name for role, name in landmarks if role == "region" and name]) == 1


def test_the_switcher_leads_to_the_same_role_in_the_chosen_language(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "roller/kundeservicechef/")
    page.locator(".md-select").first.hover()
    page.locator('a.md-select__link[hreflang="sv"]').click()
    page.wait_for_url(base + "sv/yrken/kundtjanstchef/")
    assert page.locator("h1").first.inner_text().startswith("Kundtjänstchef")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.close()


def test_the_switcher_works_from_the_keyboard(browser_on_site):
    base, context, _ = browser_on_site
    page = context.new_page()
    page.goto(base + "roller/kundeservicechef/loen/")
    page.locator(".md-select button").first.focus()
    target = page.locator('a.md-select__link[hreflang="nb"]')
    for _ in range(5):  # Tab through the open list until the Norwegian link has focus
        page.keyboard.press("Tab")
        if target.evaluate("link => link === document.activeElement"):
            break
    assert target.evaluate("link => link === document.activeElement")
    assert target.is_visible()  # the list opens for keyboard focus, not only for hover
    page.keyboard.press("Enter")
    page.wait_for_url(base + "no/yrker/kundeservicesjef/lonn/")
    assert page.locator("html").get_attribute("lang") == "nb"
    page.close()
