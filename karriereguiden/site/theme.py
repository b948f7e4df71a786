"""What the theme's templates read besides the page: the language's words and addresses.

Material writes some words itself (its 404 page, its footer, landmark names), in English
where it has no translation; overrides/ reads ours from config.extra instead. Pages in one
language may speak another (the root 404 page takes the address's language, the language
offer the reader's), so every language's words are handed to every build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import rcssmin
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..pages import render
from ..pages.languages import Language

# The site's own stylesheet, written into every page (partials/karriereguiden-styles.html).
STYLESHEET = "assets/stylesheets/karriereguiden.css"


def stylesheet(css: str, name: str = STYLESHEET) -> Markup:
    """The site's stylesheet as every page carries it: without its comments and spaces.

    The comments say why a rule is there, for whoever edits the file; every page view paid
    for them. Measured on 2026-12-05: the stylesheet 10,839 bytes (3,656 gzipped) against
    5,778 (1,685) without; a role page's HTML 12,894 bytes gzipped against 10,989, its FAQ
    page's 10,762 against 8,853.
    rcssmin (a maintained CSS minifier with a C speed-up) rather than our own expressions:
    strings, escapes and the hacks of CSS's grammar are its job.
    """
    minified = rcssmin.cssmin(css)
    if "</" in minified:  # would end the <style> element early, whatever follows
        raise ValueError(
            f"{name} holds '</', which would end the <style> element every page carries it "
            "in: in a CSS string, write it as '<\\/'"
        )
    return Markup(minified)


def site_folder(code: str, default: str) -> str:
    """Where a language's pages live in the built site: the default language at the root."""
    return "" if code == default else f"{code}/"


def site_url(path: str, default: str, directory_urls: bool) -> str:
    """A docs path's URL in the built site: 'no/yrker/index.md' -> 'no/yrker/'."""
    code, rest = path.split("/", 1)  # every page's path starts with its language
    return render.url_path(site_folder(code, default) + rest, directory_urls)


def search_scope(code: str, default: str, built: Sequence[str]) -> dict:
    """Where this language's pages live in the built site, for the offline search filter."""
    folders = [site_folder(lang, default) for lang in built]
    return {"prefix": site_folder(code, default), "other_prefixes": [f for f in folders if f]}


def settings(
    language: Language,
    languages: Sequence[Language],
    built: Sequence[str],
    default: str,
    published_default: str,
    online: bool,
) -> dict:
    """config.extra["karriereguiden"]: what our templates and scripts need to know."""
    return {
        **search_scope(language.code, default, built),
        # Online: Pagefind through our search worker; offline: Material's lunr worker.
        "search": "pagefind" if online else "lunr",
        "locale": language.babel_locale,
        "other_locales": [lang.babel_locale for lang in languages if lang != language],
        # For hreflang in the sitemap and the language switcher: the language's BCP 47 tag.
        "hreflang": {lang.code: lang.html_lang for lang in languages},
        "default_language": published_default,
        "not_found_description": language.word("not_found_description"),
    }


def words(
    language: Language,
    languages: Sequence[Language],
    built: Sequence[str],
    default: str,
    directory_urls: bool,
) -> dict:
    """config.extra["theme_words"] for a build of this language: its own words and
    addresses, and every built language's, for pages that may speak another."""
    by_code = {lang.code: lang for lang in languages}
    return {
        **_language_words(language, default, directory_urls),
        "languages": [_language_words(by_code[code], default, directory_urls) for code in built],
        "offer": _offer_words(language, [by_code[code] for code in built]),
    }


def _offer_words(language: Language, built: Sequence[Language]) -> dict:
    """What the language offer (partials/karriereguiden-offer.html) says in each other
    built language, and the browser language tags that prefer each: the same on every
    page, so worked out once; a page adds its links."""
    return {
        "own": _browser_tags(language),
        "others": {
            other.code: {
                "lang": other.html_lang,
                "tags": _browser_tags(other),
                "label": other.word("suggest_label"),
                "link": other.word("suggest_link"),
                "dismiss": other.word("suggest_dismiss"),
            }
            for other in built
            if other.code != language.code
        },
    }


def offers(offer: dict, hrefs: Mapping[str, str]) -> str:
    """The language offer's data on a page: what it says in each other language that has
    the page, with the page's address in it (hrefs: language code -> address relative to
    the page). JSON safe inside <script>, as Jinja's tojson writes it; "" if no other
    language has the page. offer: words()["offer"]."""
    found = {
        code: {**words, "href": hrefs[code]}
        for code, words in offer["others"].items()
        if code in hrefs
    }
    return htmlsafe_json_dumps(found, sort_keys=True) if found else ""


def _browser_tags(language: Language) -> list[str]:
    tags = [language.code, language.html_lang]
    if language.html_lang == "nb":
        tags += ["nn", "no"]  # bokmål's readers may ask for nynorsk or Norwegian
    return list(dict.fromkeys(tags))


def _material_words(language: Language) -> dict[str, str]:
    # Where Material has none in this language or English ones ("Header" in bokmål).
    return {
        "header": language.word("header_landmark"),
        "footer": language.word("footer_landmark"),
    }


def _search_words(language: Language) -> dict:
    """The search's own lines, with the slots its scripts fill in: how many pages match,
    and which word results came from when the one typed is on no page."""
    return {
        "search_partial_count": language.word(
            "search_partial_count", shown="{shown}", total="{total}"
        ),
        "search_partial_match": language.word(
            "search_partial_match", asked="{asked}", found="{found}"
        ),
    }


def _language_words(language: Language, default: str, directory_urls: bool) -> dict:
    """One language's words and addresses, for pages that may speak another language."""
    keys = ("not_found_title", "not_found_text", "not_found_home", "roles", "salaries_title",
            "made_with")  # fmt: skip

    def url(path: str) -> str:
        return site_url(path, default, directory_urls)

    return {
        **{key: language.word(key) for key in keys},
        "code": language.code,
        "html_lang": language.html_lang,
        "theme_language": language.theme_language,
        "folder": site_folder(language.code, default),
        "home_url": url(f"{language.code}/index.md").removeprefix("./"),
        "roles_url": url(render.roles_index_path(language)),
        "salaries_url": url(render.salaries_path(language)),
        **_search_words(language),
        "material": _material_words(language),
    }
