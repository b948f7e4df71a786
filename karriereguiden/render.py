"""Render the catalogue into Markdown pages, from the templates in ``templates/``.

Every value a template prints goes through ``escape_markdown`` unless it is a ``Md``: a
string this module built itself from escaped parts and validated paths. Data from the
YAML therefore cannot inject HTML, links or Markdown structure into a page.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import jinja2

from .formatting import escape_markdown, fold_spaces, format_figure_amount
from .languages import Language
from .model import Catalogue, Role, SalaryFigure, Source

COUNTRIES = ("DK", "NO", "SE")
# Up to this many roles the sidebar lists each role with its pages. Beyond it, a sidebar
# on every page would grow with the catalogue (and every page with it); roles are then
# reached through the roles index, grouped by letter, through search and the home page.
NAV_ROLE_LIMIT = 30
KINDS = ("role", "salary", "faq")


class Md(str):
    """Markdown built here from escaped text and validated paths: printed as is."""


@dataclass(frozen=True)
class Page:
    key: str  # the same for every language version of a page: "salary/<role id>"
    lang: str
    path: str  # relative to the docs root: "da/roller/kundeservicechef/loen.md"
    title: str
    markdown: str


def _finalize(value: object) -> str:
    if isinstance(value, Md):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to print {value!r} into a page")
    return escape_markdown(str(value))


def _paragraphs(items: Sequence[str]) -> Md:
    return Md("".join(f"{_finalize(p)}\n\n" for p in items))


def _bullets(items: Sequence[str]) -> Md:
    return Md("".join(f"- {_finalize(item)}\n" for item in items) + "\n")


@cache
def _environment() -> jinja2.Environment:
    # Macros would return plain strings that _finalize escapes again, so list and paragraph
    # layout are filters that return Md.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("karriereguiden", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # Markdown, not HTML: _finalize does the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = _paragraphs
    env.filters["bullets"] = _bullets
    return env


# -- paths ----------------------------------------------------------------------------------


def page_path(role: Role, kind: str, lang: Language) -> str:
    text = role.texts[lang.code]
    folder = f"{lang.code}/{lang.paths['roles']}/{text.slug}"
    return f"{folder}/index.md" if kind == "role" else f"{folder}/{lang.paths[kind]}.md"


def roles_index_path(lang: Language) -> str:
    return f"{lang.code}/{lang.paths['roles']}/index.md"


def _relative(target: str, current: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(current))


def link(text: str, target: str, current: str) -> Md:
    """A Markdown link between two pages of the site; MkDocs checks that it resolves."""
    href = quote(_relative(target, current), safe="/.-_~")
    return Md(f"[{escape_markdown(text)}]({href})")


def external_link(text: str, url: str) -> Md:
    # Raw HTML so that no character of a URL can end a Markdown link early.
    return Md(f'<a href="{html.escape(url, quote=True)}">{escape_markdown(text)}</a>')


def _front_matter(title: str, description: str) -> Md:
    # JSON is valid YAML, so no value can break out of the front matter. The description
    # is HTML-escaped because themes print page.meta.description into an attribute as is.
    data = {"title": title, "description": html.escape(fold_spaces(description))}
    return Md("\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items()))


def _lower_first(title: str) -> str:
    # Job titles are common nouns in all three languages: lowercase inside a sentence.
    return title[:1].lower() + title[1:]


# -- page parts -----------------------------------------------------------------------------


def _role_pages_links(role: Role, current_kind: str, lang: Language) -> Md:
    current = page_path(role, current_kind, lang)
    back = link(lang.word("roles"), roles_index_path(lang), current)
    parts = []
    for kind in KINDS:
        label = lang.word(kind)
        if kind == current_kind:
            parts.append(f"**{escape_markdown(label)}**")
        else:
            parts.append(link(label, page_path(role, kind, lang), current))
    return Md(f"{back} › " + " · ".join(parts))


def _source_line(source: Source, lang: Language) -> Md:
    text = f"{source.publisher}: {source.title}"
    shown = external_link(text, source.url) if source.url else Md(escape_markdown(text))
    dates = []
    if source.published:
        dates.append(lang.word("published_on", date=source.published))
    if source.accessed:
        dates.append(lang.word("accessed_on", date=source.accessed))
    suffix = f" ({escape_markdown(', '.join(dates))})" if dates else ""
    return Md(f"{shown}{suffix}")


@dataclass(frozen=True)
class _FigureView:
    label: str
    amount: str
    period: str
    year_text: str
    source: Md
    note: str | None


def _figure_view(figure: SalaryFigure, catalogue: Catalogue, lang: Language) -> _FigureView:
    return _FigureView(
        label=lang.word(f"measure_{figure.measure}"),
        amount=format_figure_amount(figure, lang),
        period=lang.word(f"per_{figure.period}"),
        year_text=lang.word(f"year_{figure.year_basis}", year=figure.year),
        source=_source_line(catalogue.sources[figure.source], lang),
        note=figure.note[lang.code] if figure.note else None,
    )


def _countries_for(lang: Language) -> tuple[str, ...]:
    # The reader's own country first, the others in a fixed order.
    return (lang.country, *(c for c in COUNTRIES if c != lang.country))


# -- pages ----------------------------------------------------------------------------------


def render_role_pages(role: Role, catalogue: Catalogue, lang: Language) -> list[Page]:
    env = _environment()
    text = role.texts[lang.code]
    title_lower = _lower_first(text.title)
    pages = []
    for kind in KINDS:
        path = page_path(role, kind, lang)
        if kind == "role":
            title, description = text.title, text.summary
        else:
            title = lang.word(f"{kind}_title", title=text.title)
            description = lang.word(f"{kind}_description", title=title_lower)
        context = {
            "front_matter": _front_matter(title, description),
            "title": title,
            "text": text,
            "w": lang.words,
            "pages_links": _role_pages_links(role, kind, lang),
        }
        if kind == "role":
            context["related"] = [
                link(
                    catalogue.role(rid).texts[lang.code].title,
                    page_path(catalogue.role(rid), "role", lang),
                    path,
                )
                for rid in role.related
            ]
        elif kind == "salary":
            context["intro"] = lang.word("salary_intro", title=title_lower)
            context["countries"] = [
                {
                    "heading": lang.word("salary_in_country", country=lang.word(f"country_{c}")),
                    "figures": [_figure_view(f, catalogue, lang) for f in role.figures_for(c)],
                    "none": lang.word("no_figures", country=lang.word(f"country_{c}")),
                }
                for c in _countries_for(lang)
            ]
        markdown = env.get_template(f"{kind}.md.j2").render(context)
        pages.append(Page(f"{kind}/{role.id}", lang.code, path, title, markdown))
    return pages


def role_list(catalogue: Catalogue, lang: Language, current: str) -> Md:
    """A list of every role with its lead sentence, linked from the page at ``current``."""
    lines = []
    for role in catalogue.roles:
        text = role.texts[lang.code]
        target = link(text.title, page_path(role, "role", lang), current)
        lines.append(f"- {target}: {escape_markdown(text.summary)}")
    return Md("\n".join(lines))


def source_list(catalogue: Catalogue, lang: Language) -> Md:
    return Md("\n".join(f"- {_source_line(s, lang)}" for s in catalogue.sources.values()))


def render_roles_index(catalogue: Catalogue, lang: Language) -> Page:
    path = roles_index_path(lang)
    title = lang.word("roles")
    if len(catalogue.roles) <= NAV_ROLE_LIMIT:
        groups = [("", role_list(catalogue, lang, path))]
    else:
        groups = _roles_by_letter(catalogue, lang, path)
    markdown = (
        _environment()
        .get_template("roles.md.j2")
        .render(
            front_matter=_front_matter(title, lang.word("roles_intro")),
            title=title,
            intro=lang.word("roles_intro"),
            groups=groups,
        )
    )
    return Page("roles", lang.code, path, title, markdown)


def _roles_by_letter(catalogue: Catalogue, lang: Language, current: str) -> list[tuple[str, Md]]:
    """Titles only, under a heading per initial letter, in the language's order."""
    texts = sorted(
        ((r.texts[lang.code], r) for r in catalogue.roles),
        key=lambda pair: lang.sort_key(pair[0].title),
    )
    groups: dict[str, list[str]] = {}
    for text, role in texts:
        item = link(text.title, page_path(role, "role", lang), current)
        groups.setdefault(lang.initial(text.title) or lang.word("other_letters"), []).append(
            f"- {item}"
        )
    return [(letter, Md("\n".join(items))) for letter, items in groups.items()]


def page_paths(catalogue: Catalogue, languages: Sequence[Language]) -> dict[str, dict[str, str]]:
    """Every generated page's key -> its path in each language, without rendering."""
    paths: dict[str, dict[str, str]] = {}
    for lang in languages:
        paths.setdefault("roles", {})[lang.code] = roles_index_path(lang)
        for role in catalogue.roles:
            for kind in KINDS:
                paths.setdefault(f"{kind}/{role.id}", {})[lang.code] = page_path(role, kind, lang)
    return paths


def render_site(catalogue: Catalogue, languages: Sequence[Language]) -> list[Page]:
    pages = []
    for lang in languages:
        pages.append(render_roles_index(catalogue, lang))
        for role in catalogue.roles:
            pages.extend(render_role_pages(role, catalogue, lang))
    return pages


def nav_for(catalogue: Catalogue, lang: Language) -> list:
    """The roles section of the navigation, with paths relative to the language folder."""

    def rel(path: str) -> str:
        return path.removeprefix(f"{lang.code}/")

    if len(catalogue.roles) > NAV_ROLE_LIMIT:
        return [{lang.word("roles"): rel(roles_index_path(lang))}]
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
    return [{lang.word("roles"): [rel(roles_index_path(lang)), *sections]}]
