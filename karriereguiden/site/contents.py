"""What a build of the guide is made of: the checked data, every page's path and the
hand-written pages with their markers filled in.

Generated pages (a role's three pages, the roles index, the salaries overview) are not
files: the core renders them to HTML (render.py) and the hook hands them to MkDocs in
memory, so Python-Markdown reads only the hand-written pages in docs/. Nothing is written
into docs/ or into a copy of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..data.errors import DataError, DataErrors
from ..data.model import Catalogue
from ..data.parse import load_bytes
from ..data.yamlstrict import MappingNode, compose_text
from ..pages import opendata, render, salary, structured
from ..pages.languages import Language, load_languages

# A hand-written page can ask for generated content at a marker line. Short texts are
# Markdown, put in before Markdown reads the page: MkDocs checks their links with the
# page's own.
_MARKDOWN_MARKERS = {
    "sources": lambda catalogue, lang, path: render.source_list(catalogue, lang),
    "open-data": lambda catalogue, lang, path: render.open_data_list(lang, path),
    "salary-facts": lambda catalogue, lang, path: render.salary_facts(catalogue, lang),
}
# The list of every role grows with the catalogue: it is HTML, put in where Markdown left
# the marker (a comment, kept as it stands), after Markdown has read the page.
_HTML_MARKERS = {"roles": render.role_list}
_MARKERS = (*_HTML_MARKERS, *_MARKDOWN_MARKERS)
_MARKER = re.compile(r"^<!-- karriereguiden:([a-z-]+) -->$", re.MULTILINE)


@dataclass(frozen=True)
class Site:
    catalogue: Catalogue
    languages: tuple[Language, ...]
    # Each page's path -> the paths of the same page in every language (generated pages,
    # whose localized slugs differ; hand-written pages share their path across languages).
    alternates: Mapping[str, Mapping[str, str]]
    nav: Mapping[str, list]  # language code -> MkDocs navigation, paths relative to it
    # Hand-written page path -> its Markdown, with the Markdown markers filled in; its HTML
    # markers are filled in the HTML Markdown makes of it (handwritten.fill_html).
    handwritten: _Handwritten
    keys: Mapping[str, str]  # generated page path -> its key: "role/<id>", "roles", ...
    edition: render.Edition
    _views: dict[str, salary.FigureViews] = field(default_factory=dict, compare=False, repr=False)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def figure_views(self, code: str) -> salary.FigureViews:
        """Each figure's view in a language, made once for the pages and their structured
        data alike (a figure shows on its salary page, role page, FAQ page and overview)."""
        if code not in self._views:
            lang, today = self.language(code), self.edition.today
            self._views[code] = salary.FigureViews(self.catalogue, lang, today)
        return self._views[code]

    def structured_data(
        self, code: str, path: str, title: str, is_homepage: bool, site_name: str, url
    ) -> str:
        """A page's JSON-LD: what it is about, and its trail from the home page.

        url: a docs path's absolute published address.
        """
        lang = self.language(code)
        trail = [(site_name, url(f"{code}/index.md"))]
        key = self.keys.get(path)
        kind, _, role_id = (key or "").partition("/")
        role = self.catalogue.role(role_id) if role_id else None
        if key and key != "salaries":
            trail.append((lang.word("roles"), url(render.roles_index_path(lang))))
        if role:
            trail.append((role.texts[code].title, url(render.page_path(role, "role", lang))))
            if kind != "role":
                trail.append((title, url(path)))
        elif not is_homepage and key != "roles":
            trail.append((title, url(path)))
        return structured.page_data(
            kind, role, self.catalogue, lang, url(path), trail, self.edition.today,
            views=self.figure_views(code),
        )  # fmt: skip

    def data_files(self, code: str, role_text=None) -> dict[str, bytes]:
        """The open data files of a language, by their path in the docs. role_text: a
        role's JSON entry (opendata.role_json), from a cache in a live preview."""
        lang = self.language(code)
        date = self.edition.today.isoformat()
        return opendata.render_files(self.catalogue, lang, date, role_text)


def missing_sources(data_file: Path, docs_src: Path, data_name: str) -> str | None:
    """A plain message when the data file or the pages' folder is not there, else None."""
    for path, name, what in ((data_file, data_name, "file"), (docs_src, docs_src.name, "folder")):
        if not (path.is_file() if what == "file" else path.is_dir()):
            return (
                f"{name}: this {what} is not there. Run the command in the project folder "
                "(the one with dev.py and mkdocs.yml in it)."
            )
    return None


def prepare(
    data_file: Path,
    docs_src: Path,
    edition: render.Edition,
    data_name: str | None = None,
    load=None,
) -> Site:
    """Load and check everything, and work out every page's path; render nothing yet.

    load: what reads the data's bytes into a catalogue (a parse.CatalogueLoader, which
    re-reads only the roles an edit changed); by default every role is read.
    """
    languages = load_languages()
    codes = [lang.code for lang in languages]
    catalogue = _load_catalogue(data_file, codes, data_name, load)
    return site_for(catalogue, languages, docs_src, edition)


def site_for(
    catalogue: Catalogue, languages: Sequence[Language], docs_src: Path, edition: render.Edition
) -> Site:
    """The site of a loaded catalogue, with the hand-written pages of docs_src."""
    codes = [lang.code for lang in languages]
    handwritten = _handwritten_pages(docs_src, languages)
    files = _Handwritten(catalogue, edition)
    for path in sorted(docs_src.rglob("*.md")):
        rel = path.relative_to(docs_src).as_posix()
        if rel.split("/")[0] not in codes:
            continue
        text = path.read_text(encoding="utf-8")
        _check_front_matter(text, str(docs_src / rel))
        _check_markers(text, rel, docs_src)
        files.add(rel, text, languages[codes.index(rel.split("/")[0])])
    alternates: dict[str, dict[str, str]] = {}
    keys: dict[str, str] = {}
    for key, versions in render.page_paths(catalogue, languages).items():
        for path in versions.values():
            keys[path] = key
            if path in files:
                raise DataErrors(
                    [
                        DataError(
                            str(docs_src / path),
                            1,
                            1,
                            "this hand-written page has the path of a generated page: rename it",
                        )
                    ]
                )
            alternates[path] = versions
    nav = {
        lang.code: ["index.md", *render.nav_for(catalogue, lang), *handwritten[lang.code]]
        for lang in languages
    }
    return Site(catalogue, tuple(languages), alternates, nav, files, keys, edition)


# Catalogues already loaded and checked in this process, by what they were read from. A
# build that forks one process per language checks the data once, before forking; each
# process then finds it here instead of reading a thousand roles again.
_loaded: dict[tuple, Catalogue] = {}


def _load_catalogue(
    data_file: Path, codes: Sequence[str], data_name: str | None, load
) -> Catalogue:
    # Today is part of the key: the checks compare dates with it.
    raw = data_file.read_bytes()
    key = (hashlib.sha256(raw).digest(), tuple(codes), data_name, dt.date.today())
    if key not in _loaded:
        _loaded.clear()  # only the newest is ever asked for again
        if load is None:
            _loaded[key] = load_bytes(raw, codes, data_name or str(data_file))
        else:
            _loaded[key] = load(raw)
    return _loaded[key]


def _handwritten_pages(docs_src: Path, languages: Sequence[Language]) -> dict[str, list[str]]:
    """Each language's hand-written pages besides its home page; all languages must match."""
    pages = {}
    for lang in languages:
        folder = docs_src / lang.code
        if not (folder / "index.md").is_file():
            raise DataErrors(
                [DataError(str(folder / "index.md"), 1, 1, "the home page is missing")]
            )
        pages[lang.code] = sorted(
            p.relative_to(folder).as_posix() for p in folder.rglob("*.md") if p.name != "index.md"
        )
    errors = []
    all_pages = sorted({p for listed in pages.values() for p in listed})
    for lang in languages:
        for page in all_pages:
            if page not in pages[lang.code]:
                errors.append(
                    DataError(
                        str(docs_src / lang.code / page),
                        1,
                        1,
                        f"missing translation: the page exists in another language "
                        f"but not in '{lang.code}'",
                    )
                )
    if errors:
        raise DataErrors(errors)
    return pages


def _check_front_matter(text: str, name: str) -> None:
    """MkDocs silently ignores front matter it cannot read; say so instead."""
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return
    block = text[4 : text.index("\n---\n", 3) + 1]
    errors = []
    try:
        node = compose_text(block, name)
    except DataErrors as problem:
        errors = [
            DataError(e.file, e.line + 1, e.column, f"front matter: {e.message}")
            for e in problem.errors
        ]
    else:
        if not isinstance(node, MappingNode):
            errors = [DataError(name, 2, 1, "front matter must be 'key: value' lines")]
    if errors:
        raise DataErrors(errors)


def _check_markers(text: str, rel: str, docs_src: Path) -> None:
    for match in _MARKER.finditer(text):
        if match.group(1) not in _MARKERS:
            line = text.count("\n", 0, match.start()) + 1
            message = f"unknown marker '{match.group(1)}'; known: {', '.join(_MARKERS)}"
            raise DataErrors([DataError(str(docs_src / rel), line, 1, message)])


class _Handwritten(Mapping[str, str]):
    """Hand-written pages by path, their Markdown markers filled in from the data when
    first read, and their HTML markers when their HTML is (fill_html).

    Read lazily: a live preview of one language fills in only that language's markers,
    which at 1,000 roles list every role.
    """

    def __init__(self, catalogue: Catalogue, edition: render.Edition) -> None:
        self._catalogue = catalogue
        self._edition = edition
        self._sources: dict[str, tuple[str, Language]] = {}
        self._filled: dict[str, str] = {}
        self._html: dict[str, dict[str, str]] = {}

    def add(self, path: str, text: str, lang: Language) -> None:
        self._sources[path] = (text, lang)

    def __getitem__(self, path: str) -> str:
        if path not in self._filled:
            text, lang = self._sources[path]
            self._filled[path] = _MARKER.sub(lambda match: self._markdown(match, lang, path), text)
        return self._filled[path]

    def _markdown(self, match: re.Match, lang: Language, path: str) -> str:
        """A Markdown marker's text; an HTML marker stays, for fill_html."""
        fill = _MARKDOWN_MARKERS.get(match.group(1))
        return match.group(0) if fill is None else fill(self._catalogue, lang, path)

    def html_parts(self, path: str) -> dict[str, str]:
        """The page's HTML markers, as they appear in the HTML, and what replaces each."""
        if path not in self._html:
            text, lang = self._sources[path]
            self._html[path] = {
                match.group(0): _HTML_MARKERS[match.group(1)](
                    self._catalogue, lang, path, self._edition
                )
                for match in _MARKER.finditer(text)
                if match.group(1) in _HTML_MARKERS
            }
        return self._html[path]

    def fill_html(self, path: str, content: str) -> str:
        """The HTML Markdown made of a page, with its HTML markers filled in."""
        for marker, part in self.html_parts(path).items():
            content = content.replace(marker, part)
        return content

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def walk_order(path: str) -> tuple:
    """A docs path's place in a walk of the docs folder, files before subfolders, index
    pages first: the order MkDocs lists the files it reads, and so the sitemap's order."""
    *folders, name = path.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


def nav_titles(nav: list, prefix: str = "") -> dict[str, str]:
    """The titles the navigation gives pages ({title: path}), by docs path."""
    titles: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[prefix + value] = title
                else:
                    titles.update(nav_titles(value, prefix))
    return titles


def toc_tokens(headings) -> list[dict]:
    """A page's headings as Python-Markdown's toc extension gives them: nested by level."""
    root: list[dict] = []
    stack: list[dict] = []
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": heading.name, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
