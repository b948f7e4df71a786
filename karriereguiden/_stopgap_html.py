"""TEMPORARY: old Markdown pages converted as MkDocs would, until render.py emits HTML."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

import markdown
from mkdocs.utils import meta as mdmeta

from . import render


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str


@dataclass(frozen=True)
class Page:
    key: str
    lang: str
    path: str
    title: str
    meta: Mapping[str, str]
    html: str
    headings: tuple[Heading, ...]


_HREF = re.compile(r'href="([^"#:]+\.md)(#[^"]*)?"')


def convert(page, lang, edition) -> Page:
    text, meta = mdmeta.get_data(page.markdown)
    md = markdown.Markdown(
        extensions=["toc", "tables", "karriereguiden.tables"],
        extension_configs={
            "toc": {
                "permalink": True,
                "permalink_title": lang.word("permalink"),
                "slugify": lang.slugify,
            }
        },
    )
    html = md.convert(text)

    def fix(m):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), m.group(1)))
        return f'href="{render.href(target, page.path, edition)}{m.group(2) or ""}"'

    html = _HREF.sub(fix, html)
    heads = []

    def walk(tokens):
        for t in tokens:
            heads.append(Heading(t["level"], t["id"], t["name"]))
            walk(t["children"])

    walk(md.toc_tokens)
    return Page(page.key, page.lang, page.path, page.title, meta, html, tuple(heads))


def render_site(catalogue, languages, edition, share=(0, 1)):
    by = {lang.code: lang for lang in languages}
    return [
        convert(p, by[p.lang], edition)
        for p in render.render_site(catalogue, languages, edition, share)
    ]


def render_role_pages(role, catalogue, lang, edition):
    return [
        convert(p, lang, edition) for p in render.render_role_pages(role, catalogue, lang, edition)
    ]


def render_roles_index(catalogue, lang, edition):
    return convert(render.render_roles_index(catalogue, lang), lang, edition)


def render_salaries_overview(catalogue, lang, edition):
    return convert(render.render_salaries_overview(catalogue, lang, edition), lang, edition)
