"""Render the catalogue's pages straight to HTML, from the templates in ``templates/``.

Generated pages (role, salary, FAQ, the roles index, the salary overview) never pass through
Python-Markdown, which took 41% of a large build. Each ``Page`` holds the body MkDocs made of
the Markdown these pages once were, byte for byte (headings with anchors and permalinks,
links at the build's addresses, labelled table cells), and its headings for the table of
contents. Every value a template prints is HTML-escaped unless it is ``Markup`` built here
from escaped parts and validated paths: data from the YAML cannot add a tag, an attribute
or a link to a page.

Hand-written pages are still Markdown. Their markers for short texts (``source_list``,
``salary_facts``, ...) return ``Md``, built from ``escape_markdown``'s text and Markdown
links, which MkDocs checks with the page's own. The list of every role (``role_list``),
which grows with the catalogue, is HTML put into the page after Markdown has read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from types import SimpleNamespace
from urllib.parse import quote

import jinja2
from babel.lists import format_list
from markupsafe import Markup, escape

from ..data.model import CODE_SYSTEMS, SOURCE_KINDS, Catalogue, Role, fold_spaces
from . import opendata, salary, searchnames, tables
from .formatting import escape_markdown, format_date, lower_first
from .languages import Language, load_languages

# Up to this many roles the sidebar lists each role with its pages. Beyond it, a sidebar
# on every page would grow with the catalogue (and every page with it); roles are then
# reached through the roles index, grouped by letter, through search and the home page.
NAV_ROLE_LIMIT = 30
KINDS = ("role", "salary", "faq")


@dataclass(frozen=True)
class Edition:
    """What a build knows besides the data: its date and how the site is published."""

    today: dt.date  # the build date: figures older than the data's limit get a notice
    directory_urls: bool = True  # "roller/x/" online, "roller/x/index.html" offline
    data_url: str | None = None  # data/roles.yaml on the code host, for correction links


class Md(str):
    """Markdown built here from escaped text and validated paths, for hand-written pages."""


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for the page title, 2 for a section, 3 below it
    id: str  # the anchor, unique on its page
    name: str  # its text as HTML, white space folded: the table of contents' entry


@dataclass(frozen=True)
class Page:
    """A generated page, as HTML: what MkDocs would have made of its Markdown, and its toc."""

    key: str  # the same for every language version of a page: "salary/<role id>"
    lang: str
    path: str  # relative to the docs root: "da/roller/kundeservicechef/loen.md"
    title: str
    meta: Mapping[str, str]  # what front matter gave MkDocs: title and description
    html: str  # the page body, as Python-Markdown and MkDocs would have written it
    headings: tuple[Heading, ...]  # every heading, in the order of the page


def _text(value: object) -> Markup:
    """Data printed into a page: HTML-escaped, quotes too, and white space folded.

    The same bytes as the Markdown route made of escape_markdown's text, which the pages
    had before they were rendered straight to HTML (html.escape's entities, not Jinja's).
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to print {value!r} into a page")
    # str.__new__ makes the Markup without Markup's own constructor, which would first ask
    # the escaped text for an __html__ it cannot have: a third of the time of this function.
    return str.__new__(Markup, html.escape(fold_spaces(str(value)), quote=True))


def _paragraphs(items: Sequence[str]) -> Markup:
    return Markup("\n".join(f"<p>{_text(p)}</p>" for p in items))


def _bullets(items: Sequence[str], search_exclude: bool = False) -> Markup:
    if not items:
        return Markup("")
    start = "<ul data-search-exclude>" if search_exclude else "<ul>"
    return Markup(start + "\n" + "".join(f"<li>{_text(item)}</li>\n" for item in items) + "</ul>")


class _LanguageHtml:
    """What the pages of a language print alike, worked out once for the language.

    Every role's pages print the same interface words and headings ("Typiske opgaver", the
    permalinks' title): at 1,000 roles, escaping them anew for each page was 300,000 calls.
    """

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        # The words as templates print them (w.tasks: a word without values to fill in), as
        # attributes, which Jinja looks up first (a dict's keys only after that failed).
        # For page templates, escaped once here by _text, the pages' one way of escaping:
        self.page_words = SimpleNamespace(
            **{key: _text(word) for key, word in lang.words.items() if isinstance(word, str)}
        )
        # and as they are, for the HTML parts, which Jinja escapes (its own entities).
        self.part_words = SimpleNamespace(**lang.words)
        self.permalink = html.escape(lang.word("permalink"), quote=False).replace('"', "&quot;")
        # The patterns of the names sentences (_names), escaped as Jinja escapes.
        self.name_patterns = {
            key: str(escape(lang.words[key]))
            for key in ("also_called", "name_in_language", "names_elsewhere")
        }
        # A page's headings are mostly the language's words, on every role's pages alike;
        # typed: a Markup heading is HTML, a str with the same letters is text to escape.
        self.heading = lru_cache(maxsize=512, typed=True)(self._heading)

    def _heading(self, text: object) -> tuple[str, str, str]:
        """A heading's HTML, its table of contents entry and its anchor before it is unique."""
        inner = str(_text(text)).strip()
        name = " ".join(inner.split())  # toc's entry folds every kind of space
        return inner, name, self.lang.slugify(html.unescape(name), "-")


_LANGUAGES: dict[int, tuple[Language, _LanguageHtml]] = {}


def _language_html(lang: Language) -> _LanguageHtml:
    # Found by identity: a Language cannot be hashed (its tables are dicts). The entry holds
    # the language, so no other object can take its id.
    found = _LANGUAGES.get(id(lang))
    if found is None:
        found = _LANGUAGES[id(lang)] = (lang, _LanguageHtml(lang))
    return found[1]


class _Headings:
    """A page's headings with their anchors, made as Python-Markdown's toc made them.

    The anchor is the language's slug of the heading's text; a taken one gets "_1", "_2"
    and so on. Each heading ends in a permalink titled in the page's language. The
    template's h1, h2 and h3 filters call this for each heading, so the list is in the
    order of the page.
    """

    def __init__(self, lang: Language) -> None:
        self._lang = _language_html(lang)
        self._taken: set[str] = set()
        self.found: list[Heading] = []

    def __call__(self, level: int, text: object) -> Markup:
        inner, name, slug = self._lang.heading(text)
        anchor = html.escape(_unique(slug, self._taken))  # a slug has nothing to escape
        self.found.append(Heading(level, anchor, name))
        return Markup(
            f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}"'
            f' title="{self._lang.permalink}">&para;</a></h{level}>'
        )


_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def _unique(anchor: str, taken: set[str]) -> str:
    # toc's rule: an empty or taken id gets the first free "_n", counting on from its own.
    if anchor in taken or not anchor:
        numbered = _NUMBERED.match(anchor)
        base, count = (numbered[1], int(numbered[2])) if numbered else (anchor, 0)
        count += 1
        while f"{base}_{count}" in taken:
            count += 1
        anchor = f"{base}_{count}"
    taken.add(anchor)
    return anchor


@cache
def _environment() -> jinja2.Environment:
    # Every value a page template prints passes through finalize: _text escapes it unless
    # it is Markup, built here from escaped parts. That is the one escaping of page
    # templates. Jinja's autoescape would only wrap each value in Markup once more, having
    # nothing left to escape: a quarter of a page's time. So it is off here.
    # Macros would return plain strings that _text escapes again, so list and paragraph
    # layout are filters that return Markup.
    env = _jinja(
        "templates",
        autoescape=False,  # see above: finalize escapes
        finalize=_text,  # html.escape's way and folded, as the pages were before
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = _paragraphs
    env.filters["bullets"] = _bullets
    # Headings are filters too ("{{ w.tasks | h2 }}"): a call in a template goes through
    # Jinja's context.call, which took ten times as long as a filter (a role's pages have
    # thirty headings).
    env.filters.update({f"h{level}": _heading_filter(level) for level in (1, 2, 3)})
    return env


def _heading_filter(level: int):
    @jinja2.pass_context
    def heading(context: jinja2.runtime.Context, text: object) -> Markup:
        return context["headings"](level, text)  # the page's _Headings

    return heading


@cache
def _html_environment() -> jinja2.Environment:
    # Page parts (charts, tables with captions, fact boxes) were raw HTML blocks of the
    # Markdown pages and keep Jinja's own escaping, byte for byte what readers had.
    return _jinja("templates/html", autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _jinja(folder: str, **options: object) -> jinja2.Environment:
    # Compiling the templates takes longer than rendering a small catalogue, so compiled
    # templates are kept in Jinja's cache folder. Jinja checks each template's source; the
    # options change the compiled code too, so they name the cache files.
    described = sorted((k, getattr(v, "__qualname__", v)) for k, v in options.items())
    tag = hashlib.sha256(repr(described).encode()).hexdigest()[:16]
    try:
        compiled = jinja2.FileSystemBytecodeCache(pattern=f"karriereguiden-{tag}-%s.cache")
    except RuntimeError:  # no safe folder of this user's in the temp folder: compile each time
        compiled = None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("karriereguiden.pages", folder),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # package files: no need to look at them again for every page
        bytecode_cache=compiled,
        **options,
    )
    # Jinja copies its globals (range, dict, lipsum, ...) into the context of every render,
    # through a ChainMap: half the time of rendering a small part, and a role's pages take
    # ten renders. These templates use none of them (StrictUndefined would say so).
    env.globals.clear()
    return env


def _render_page(
    key: str,
    lang: Language,
    path: str,
    title: str,
    description: str,
    template: str,
    **context: object,
) -> Page:
    """A page from its template, with its headings and what MkDocs takes from front matter."""
    headings = _Headings(lang)
    page = _environment().get_template(template).render(title=title, headings=headings, **context)
    body = page.strip()  # as Python-Markdown's output was
    return Page(
        key,
        lang.code,
        path,
        title,
        # The description is HTML-escaped because themes print it into an attribute as is.
        {"title": title, "description": html.escape(fold_spaces(description))},
        body,
        tuple(headings.found),
    )


def _page_part(template: str, **context: object) -> Markup:
    """A piece that several pages print alike, rendered once from a page template.

    The template escaped what it printed (finalize), so its result is HTML as it stands.
    """
    return Markup(_environment().get_template(template).render(context))


def _render_html(template: str, **context: object) -> Markup:
    """A part of a page; the error page of the preview too.

    Every data cell names its column, as karriereguiden.tables does on hand-written pages.
    A page template prints the part on a line of its own, so a blank line follows it: the
    bytes Python-Markdown wrote after a raw HTML block.
    """
    part = _html_environment().get_template(template).render(context).strip()
    return Markup(tables.label_cells(part) + "\n")


# -- paths ----------------------------------------------------------------------------------


def page_path(role: Role, kind: str, lang: Language) -> str:
    text = role.texts[lang.code]
    folder = f"{lang.code}/{lang.paths['roles']}/{text.slug}"
    return f"{folder}/index.md" if kind == "role" else f"{folder}/{lang.paths[kind]}.md"


def roles_index_path(lang: Language) -> str:
    return f"{lang.code}/{lang.paths['roles']}/index.md"


def _relative(target: str, current: str) -> str:
    """The path from one page to another: ('da/a/b.md', 'da/c/d.md') -> '../a/b.md'.

    Both are clean paths from the docs root, so counting their common folders gives what
    posixpath.relpath does, without its absolute paths (a role page has a dozen links).
    """
    folders, parts = current.split("/")[:-1], target.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1:
        if folders[common] != parts[common]:
            break
        common += 1
    return "/".join([".."] * (len(folders) - common) + parts[common:])


def url_path(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page at this docs path: 'a/b.md' -> 'a/b/' or 'a/b.html'."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    folder = stem.removesuffix("index")
    if folder and not folder.endswith("/"):
        folder += "/"
    return folder or "./"


def published_url(path: str, default_language: str) -> str:
    """A page's address on the published site, from its docs path, relative to site_url.

    The published site has directory URLs and the default language at its root, whatever
    this build does: 'no/yrker/x/index.md' -> 'no/yrker/x/', 'da/om.md' -> 'om/', and
    'da/index.md' -> ''. Offline bundles (.html addresses, one language at the root) name
    this address as their pages' canonical one.
    """
    lang, _, rest = path.partition("/")
    folder = "" if lang == default_language else f"{lang}/"
    return folder + url_path(rest, directory_urls=True).removeprefix("./")


def href(target: str, current: str, edition: Edition) -> str:
    """A relative URL from one page to another, as MkDocs makes of a link to a .md file."""
    target_url = url_path(target, edition.directory_urls)
    current_url = url_path(current, edition.directory_urls)
    # Counted in folders, as posixpath.relpath would, without its absolute paths: every
    # generated page has a dozen links.
    here = [part for part in current_url.split("/")[:-1] if part != "."]
    there = [part for part in target_url.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if not parts:
        return "./"
    relative = "/".join(parts) + ("/" if target_url.endswith("/") else "")
    return quote(relative, safe="/.-_~")


def link(text: str, target: str, current: str) -> Md:
    """A Markdown link between two pages of the site; MkDocs checks that it resolves."""
    href = quote(_relative(target, current), safe="/.-_~")
    return Md(f"[{escape_markdown(text)}]({href})")


def external_link(text: str, url: str) -> Md:
    # Raw HTML so that no character of a URL can end a Markdown link early.
    return Md(f'<a href="{html.escape(url, quote=True)}">{escape_markdown(text)}</a>')


def _anchor(text: str, target: str, current: str, edition: Edition) -> Markup:
    """A link between two generated pages, in HTML."""
    return Markup(f'<a href="{href(target, current, edition)}">{_text(text)}</a>')


def _external_anchor(text: str, url: str) -> Markup:
    return Markup(f'<a href="{html.escape(url, quote=True)}">{_text(text)}</a>')


# -- page parts -----------------------------------------------------------------------------


def _search_names(role: Role, kind: str) -> Markup:
    """The role's names as Pagefind's metadata fields of one of its pages (see searchnames):
    read from the element's attributes, not shown.

    Joined here, not by a template: every page has one, and setting a template up to
    render it took longer than the element itself. Escaped as the HTML parts are (Jinja's
    escape), keys too, although searchnames makes them of letters and digits.
    """
    fields = searchnames.name_fields(role, kind)
    keys = ", ".join(f"{key}[data-{key}]" for key, _ in fields)
    values = "".join(f' data-{escape(key)}="{escape(name)}"' for key, name in fields)
    # The new line: a page template prints a part on a line of its own (see _render_html).
    return Markup(f'<div data-pagefind-meta="{escape(keys)}"{values}></div>\n')


def _role_pages_links(role: Role, lang: Language, edition: Edition) -> dict[str, Markup]:
    """Each of the role's pages' line of links: to the roles index, and to its other pages.

    Made for the three pages at once, from the language's escaped words.
    """
    words = _language_html(lang).page_words
    paths = {kind: page_path(role, kind, lang) for kind in KINDS}
    index = roles_index_path(lang)
    lines = {}
    for current, path in paths.items():
        back = _anchor(words.roles, index, path, edition)
        parts = []
        for kind, target in paths.items():
            label = getattr(words, kind)
            if kind == current:
                parts.append(f"<strong>{label}</strong>")
            else:
                parts.append(_anchor(label, target, path, edition))
        lines[current] = Markup(f"{back} › " + " · ".join(parts))
    return lines


def _source_link(source: salary.SourceView) -> Md:
    if source.url:
        return external_link(source.text, source.url)
    return Md(escape_markdown(source.text))


def _source_line(source: salary.SourceView, kind: str) -> Md:
    details = ", ".join(part for part in (kind, source.dates) if part)
    return Md(f"{_source_link(source)} ({escape_markdown(details)})")


def _facts(
    role: Role, catalogue: Catalogue, lang: Language, edition: Edition, views: salary.FigureViews
) -> Markup:
    path = page_path(role, "role", lang)
    country = lang.word(f"country_{lang.country}")
    figure = salary.headline(role, lang.country, catalogue)
    codes = role.codes
    return _render_html(
        "facts.html.j2",
        w=_language_html(lang).part_words,
        text=role.texts[lang.code],
        salary_heading=lang.word("fact_salary", country=country),
        headline=views(figure) if figure else None,
        no_salary=lang.word(
            "fact_no_earnings" if role.figures_for(lang.country) else "fact_no_salary",
            country=country,
        ),
        salary_href=href(page_path(role, "salary", lang), path, edition),
        related=[
            (
                catalogue.role(rid).texts[lang.code].title,
                href(page_path(catalogue.role(rid), "role", lang), path, edition),
            )
            for rid in role.related
        ],
        codes=[(CODE_SYSTEMS[system], code) for system, code in codes.listed()] if codes else [],
        esco=_esco_page(codes.esco, lang) if codes and codes.esco else None,
    )


def _names(role: Role, lang: Language) -> Markup:
    """The job's other names and its titles in the other languages, under the heading.

    They are part of the page's text, so a search finds the page by any of them: a Swede
    who types "kundtjänstchef" on the Danish site finds "Kundeservicechef". Titles in
    another language carry its lang attribute, for screen readers and hyphenation.
    """
    text = role.texts[lang.code]
    patterns = _language_html(lang).name_patterns
    sentences = []
    if text.also_called:
        names = _html_list([escape(name) for name in text.also_called], lang)
        sentences.append(Markup(patterns["also_called"].format(names=names)))
    # Each value is escaped here, then filled into the escaped pattern: str.format, which
    # is Markup.format without its escaping formatter (a tenth of the names' time).
    elsewhere = [
        patterns["name_in_language"].format(
            title=f'<i lang="{escape(other.html_lang)}">'
            f"{escape(lower_first(role.texts[other.code].title))}</i>",
            language=escape(lang.word(f"language_{other.code}")),
        )
        for other in load_languages()
        if other.code != lang.code and other.code in role.texts
    ]
    if elsewhere:
        names = _html_list([Markup(sentence) for sentence in elsewhere], lang)
        sentences.append(Markup(patterns["names_elsewhere"].format(names=names)))
    if not sentences:
        return Markup("")
    # Joined, not rendered: a template for one paragraph cost more than the paragraph. The
    # new line: a page template prints a part on a line of its own (see _render_html).
    return Markup('<p class="kg-names">' + " ".join(sentences) + "</p>\n")


def _html_list(items: Sequence[Markup], lang: Language) -> Markup:
    """'a, b og c' in the language's way, from parts that are HTML already."""
    # str.format: the parts are HTML, and the pattern is escaped.
    return Markup(str.format(_list_pattern(len(items), lang.babel_locale), *items))


@lru_cache(maxsize=256)
def _list_pattern(count: int, babel_locale: str) -> Markup:
    # The language's pattern, filled with numbered slots and escaped, for the parts to fill
    # in. Babel works it out anew for every call; every role's names ask for the same few.
    return escape(format_list([f"{{{i}}}" for i in range(count)], locale=babel_locale))


def _esco_page(uri: str, lang: Language) -> str:
    # ESCO's URIs are identifiers; the portal page shows the concept to a reader, in the
    # reader's language: the portal's language codes are the pages' own (da, nb, sv).
    return f"https://esco.ec.europa.eu/{lang.html_lang}/classification/occupation?uri={uri}"


def _ladders(role: Role, catalogue: Catalogue, lang: Language, edition: Edition) -> list[Markup]:
    path = page_path(role, "role", lang)
    return [
        _render_html(
            "ladder.html.j2",
            w=_language_html(lang).part_words,
            steps=[
                (
                    catalogue.role(rid).texts[lang.code].title,
                    href(page_path(catalogue.role(rid), "role", lang), path, edition),
                    rid == role.id,
                )
                for rid in ladder.roles
            ],
        )
        for ladder in catalogue.ladders_with(role.id)
    ]


def _correction(role: Role, lang: Language, edition: Edition) -> Markup | None:
    if not edition.data_url:
        return None
    line = role.marks[""].line
    return _external_anchor(lang.word("suggest_correction"), f"{edition.data_url}#L{line}")


def _salary_context(
    role: Role, catalogue: Catalogue, lang: Language, edition: Edition, views: salary.FigureViews
) -> dict:
    words = _language_html(lang).part_words
    countries = []
    for view in salary.country_views(role, catalogue, lang, edition.today, views=views):
        countries.append(
            {
                "heading": view.heading,
                "none": view.none,
                "charts": [_render_html("chart.html.j2", chart=c, w=words) for c in view.charts],
                "figures": [
                    {
                        "heading": f"{f.label}: {f.amount} {f.period}",
                        "details": _render_html("figure.html.j2", figure=f, w=words),
                    }
                    for f in view.figures
                ],
            }
        )
    comparison = salary.compare_view(role, catalogue, lang, edition.today, views=views)
    return {
        "countries": countries,
        "compare_rules": lang.word("compare_rules", currency=lang.currency),
        "compare": _render_html(
            "compare.html.j2",
            w=words,
            comparison=comparison,
            monthly_heading=lang.word("col_monthly", currency=lang.currency),
        ),
        "compare_none": comparison.none,
        "left_out": [
            Markup(f"{_text(item.text)}: {_text(item.reason)}") for item in comparison.left_out
        ],
        "rates_intro": lang.word("compare_rate", currency=lang.currency),
        "rates": [_rate_line(r) for r in comparison.rates],
    }


def _rate_line(rate: salary.RateView) -> Markup:
    note = f" {_text(rate.note)}" if rate.note else ""
    source = rate.source
    cited = _external_anchor(source.text, source.url) if source.url else _text(source.text)
    return Markup(f"{_text(f'{rate.text} ({rate.date},')} {cited}).{note}")


# -- pages ----------------------------------------------------------------------------------


def render_role_pages(
    role: Role,
    catalogue: Catalogue,
    lang: Language,
    edition: Edition,
    *,
    views: salary.FigureViews | None = None,
) -> list[Page]:
    """A role's three pages; views: the language's figure views, if the caller keeps them."""
    text = role.texts[lang.code]
    title_lower = lower_first(text.title)
    words = _language_html(lang).page_words
    views = views or salary.FigureViews(catalogue, lang, edition.today)
    # Made once for the three pages: their closing line, and the role's names for search
    # (the salary and FAQ pages carry the same fields).
    reviewed_line = _page_part(
        "reviewed.html.j2",
        w=words,
        reviewed=lang.word("reviewed", date=format_date(role.reviewed, lang)),
        correction=_correction(role, lang, edition),
    )
    links = _role_pages_links(role, lang, edition)
    search_names = {"role": _search_names(role, "role")}
    search_names["salary"] = search_names["faq"] = _search_names(role, "salary")
    pages = []
    for kind in KINDS:
        path = page_path(role, kind, lang)
        if kind == "role":
            title, description = text.title, text.summary
        else:
            title = lang.word(f"{kind}_title", title=text.title)
            description = lang.word(
                salary.description_key(role.salaries) if kind == "salary" else "faq_description",
                title=title_lower,
            )
        context = {
            "text": text,
            "w": words,
            "pages_links": links[kind],
            "reviewed_line": reviewed_line,
            "search_names": search_names[kind],
        }
        if kind == "role":
            context["facts"] = _facts(role, catalogue, lang, edition, views)
            context["names"] = _names(role, lang)
            context["ladders"] = _ladders(role, catalogue, lang, edition)
        elif kind == "faq":
            answer = salary.faq_answer(role, catalogue, lang, edition.today, views=views)
            more = answer.to_salary_page
            context["salary_question"] = answer.question
            context["salary_answer"] = answer.paragraphs
            context["to_salary"] = (
                _anchor(more, page_path(role, "salary", lang), path, edition) if more else None
            )
        elif kind == "salary":
            context["intro"] = lang.word("salary_intro", title=title_lower)
            context.update(_salary_context(role, catalogue, lang, edition, views))
        key = f"{kind}/{role.id}"
        pages.append(
            _render_page(key, lang, path, title, description, f"{kind}.html.j2", **context)
        )
    return pages


def salaries_path(lang: Language) -> str:
    return f"{lang.code}/{lang.paths['salaries']}.md"


def render_salaries_overview(
    catalogue: Catalogue,
    lang: Language,
    edition: Edition,
    *,
    views: salary.FigureViews | None = None,
) -> Page:
    """Every figure of every role, country by country (the reader's first), roles by title."""
    path = salaries_path(lang)
    title = lang.word("salaries_title")
    roles = sorted(catalogue.roles, key=lambda r: lang.sort_key(r.texts[lang.code].title))
    words = _language_html(lang).page_words
    columns = (words.col_role, words.col_figure, words.col_amount, words.col_year, words.col_kind)
    # A role stands in every country's table, linked the same way: its link is made once.
    links = [
        _anchor(role.texts[lang.code].title, page_path(role, "salary", lang), path, edition)
        for role in roles
    ]
    views = views or salary.FigureViews(catalogue, lang, edition.today)
    no_figures = lang.word("no_figures_short")
    countries = []
    for code in salary.countries_for(lang):
        rows = []
        for role, target in zip(roles, links, strict=True):
            figures = role.figures_for(code)
            if not figures:
                rows.append((target, no_figures, "", "", ""))
            for figure in figures:
                view = views(figure)
                amount = f"{view.amount} {view.period}"
                rows.append((target, view.label, amount, view.year, view.kind + view.marks))
        heading = lang.word("salary_in_country", country=lang.word(f"country_{code}"))
        # Each cell with its column's name (data-label), for narrow screens.
        labelled = [list(zip(columns, row, strict=True)) for row in rows]
        countries.append({"heading": heading, "rows": labelled})
    figures = [f for r in catalogue.roles for f in r.salaries]
    return _render_page(
        "salaries",
        lang,
        path,
        title,
        lang.word(salary.description_key(figures, page="salaries")),
        "salaries.html.j2",
        intro=lang.word("salaries_intro"),
        columns=columns,
        countries=countries,
    )


def role_list(catalogue: Catalogue, lang: Language, current: str, edition: Edition) -> Markup:
    """A list of every role with its lead sentence, linked from the page at ``current``:
    the HTML Markdown made of it, without Markdown (0.11 s a language at 1,000 roles)."""
    items = (
        f"<li>{_anchor(text.title, page_path(role, 'role', lang), current, edition)}: "
        f"{_text(text.summary)}</li>\n"
        for role in catalogue.roles
        for text in (role.texts[lang.code],)
    )
    return Markup("<ul>\n" + "".join(items) + "</ul>")


def open_data_list(lang: Language, current: str) -> Md:
    items = [link(label, path, current) for label, path in opendata.links(lang)]
    licence = external_link("CC BY 4.0", lang.word("licence_url"))
    return Md(
        f"{escape_markdown(lang.word('open_data_intro'))}\n\n"
        + "".join(f"- {item}\n" for item in items)
        + "\n"
        + escape_markdown(lang.words["open_data_licence"]).replace(r"\{licence\}", licence)
    )


def salary_facts(catalogue: Catalogue, lang: Language) -> Md:
    """What the guide's figures are, counted from the data: a claim no figure can falsify.

    The home page says it in place of a hand-written sentence, which went on claiming a
    year for every figure after undated ones came in.
    """
    figures = [f for role in catalogue.roles for f in role.salaries]
    if not figures:
        return Md(escape_markdown(lang.word("facts_no_figures")))
    dated = sum(f.year_basis == "reference" for f in figures)
    if dated == len(figures):
        years = lang.word("facts_all_dated")
    elif dated == 0:
        years = lang.word("facts_none_dated")
    else:
        years = lang.word("facts_some_dated", dated=dated, total=len(figures))
    counts: dict[str, int] = {}
    for figure in figures:
        kind = catalogue.sources[figure.source].kind
        counts[kind] = counts.get(kind, 0) + 1
    kinds = format_list(
        [
            f"{salary.in_running_text(lang.word(f'kind_{kind}'))} ({counts[kind]})"
            for kind in SOURCE_KINDS
            if kind in counts
        ],
        locale=lang.babel_locale,
    )
    return Md(escape_markdown(f"{years} {lang.word('facts_kinds', kinds=kinds)}"))


def source_list(catalogue: Catalogue, lang: Language) -> Md:
    lines = (
        _source_line(salary.source_view(catalogue, key, lang), salary.kind_text(source, lang))
        for key, source in catalogue.sources.items()
    )
    return Md("\n".join(f"- {line}" for line in lines))


def render_roles_index(catalogue: Catalogue, lang: Language, edition: Edition) -> Page:
    """Every role, linked; beyond NAV_ROLE_LIMIT titles only, under their initial letter."""
    path = roles_index_path(lang)

    def item(role: Role, with_summary: bool) -> Markup:
        text = role.texts[lang.code]
        target = _anchor(text.title, page_path(role, "role", lang), path, edition)
        return Markup(f"{target}: {_text(text.summary)}") if with_summary else target

    if len(catalogue.roles) <= NAV_ROLE_LIMIT:
        groups = [("", [item(role, with_summary=True) for role in catalogue.roles])]
    else:
        groups = [
            (letter, [item(role, with_summary=False) for role in roles])
            for letter, roles in _roles_by_letter(catalogue, lang)
        ]
    return _render_page(
        "roles",
        lang,
        path,
        lang.word("roles"),
        lang.word("roles_intro"),
        "roles.html.j2",
        intro=lang.word("roles_intro"),
        groups=groups,
    )


def _roles_by_letter(catalogue: Catalogue, lang: Language) -> list[tuple[str, list[Role]]]:
    """The roles in the language's order of titles, under their initial letter."""
    roles = sorted(catalogue.roles, key=lambda role: lang.sort_key(role.texts[lang.code].title))
    groups: dict[str, list[Role]] = {}
    for role in roles:
        letter = lang.initial(role.texts[lang.code].title) or lang.word("other_letters")
        groups.setdefault(letter, []).append(role)
    return list(groups.items())


def page_paths(catalogue: Catalogue, languages: Sequence[Language]) -> dict[str, dict[str, str]]:
    """Every generated page's key -> its path in each language, without rendering."""
    paths: dict[str, dict[str, str]] = {}
    for lang in languages:
        paths.setdefault("roles", {})[lang.code] = roles_index_path(lang)
        paths.setdefault("salaries", {})[lang.code] = salaries_path(lang)
        for role in catalogue.roles:
            for kind in KINDS:
                paths.setdefault(f"{kind}/{role.id}", {})[lang.code] = page_path(role, kind, lang)
    return paths


def render_site(
    catalogue: Catalogue,
    languages: Sequence[Language],
    edition: Edition,
    share: tuple[int, int] = (0, 1),
) -> list[Page]:
    """Every generated page of these languages, or share (k, n) of them: the k-th of n parts.

    Parts let processes render one language together; the overview pages are in part 0.
    """
    part, parts = share
    pages = []
    for lang in languages:
        # Every figure shows on the overview and on its role's pages: its view is made once.
        views = salary.FigureViews(catalogue, lang, edition.today)
        if part == 0:
            pages.append(render_roles_index(catalogue, lang, edition))
            pages.append(render_salaries_overview(catalogue, lang, edition, views=views))
        for role in catalogue.roles[part::parts]:
            pages.extend(render_role_pages(role, catalogue, lang, edition, views=views))
    return pages


def nav_for(catalogue: Catalogue, lang: Language) -> list:
    """The roles section of the navigation, with paths relative to the language folder."""

    def rel(path: str) -> str:
        return path.removeprefix(f"{lang.code}/")

    overview = {lang.word("salaries_title"): rel(salaries_path(lang))}
    if len(catalogue.roles) > NAV_ROLE_LIMIT:
        return [{lang.word("roles"): rel(roles_index_path(lang))}, overview]
    sections = []
    for role in catalogue.roles:
        sections.append(
            {
                role.texts[lang.code].title: [
                    rel(page_path(role, "role", lang)),
                    {lang.word("salary"): rel(page_path(role, "salary", lang))},
                    {lang.word("faq"): rel(page_path(role, "faq", lang))},
                ]
            }
        )
    return [{lang.word("roles"): [rel(roles_index_path(lang)), *sections]}, overview]
