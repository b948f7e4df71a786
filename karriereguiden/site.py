"""Stage a complete docs folder: the hand-written pages plus every generated page.

Why a staging folder: mkdocs-static-i18n rebuilds its file list from ``docs_dir`` for every
language, and drops or crashes on pages added in memory. Writing the generated Markdown
next to copies of the hand-written pages lets it treat all pages alike (navigation, search,
sitemap, language switcher), and keeps generated pages out of ``docs/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import opendata, render
from .errors import DataError, DataErrors
from .languages import LOCALES_DIR, Language, load_languages
from .model import Catalogue
from .parse import load_bytes
from .yamlstrict import MappingNode, compose_text

# A hand-written page can ask for generated content at a marker line.
_MARKERS = {
    "roles": lambda catalogue, lang, path: render.role_list(catalogue, lang, path),
    "sources": lambda catalogue, lang, path: render.source_list(catalogue, lang),
    "open-data": lambda catalogue, lang, path: render.open_data_list(lang, path),
    "salary-facts": lambda catalogue, lang, path: render.salary_facts(catalogue, lang),
}
_MARKER = re.compile(r"^<!-- karriereguiden:([a-z-]+) -->$", re.MULTILINE)


@dataclass(frozen=True)
class StagedSite:
    docs_dir: Path
    catalogue: Catalogue
    languages: tuple[Language, ...]
    # Each page's path -> the paths of the same page in every language (generated pages,
    # whose localized slugs differ; hand-written pages share their path across languages).
    alternates: Mapping[str, Mapping[str, str]]
    nav: Mapping[str, list]  # language code -> MkDocs navigation, paths relative to it
    files: Mapping[str, bytes]  # hand-written files, markers filled in, by path
    expected: frozenset[str]  # every path the staged folder holds when complete
    keys: Mapping[str, str]  # generated page path -> its key: "role/<id>", "roles", ...
    edition: render.Edition

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def missing_sources(data_file: Path, docs_src: Path, data_name: str) -> str | None:
    """A plain message when the data file or the pages' folder is not there, else None."""
    for path, name, what in ((data_file, data_name, "file"), (docs_src, docs_src.name, "folder")):
        if not (path.is_file() if what == "file" else path.is_dir()):
            return (
                f"{name}: this {what} is not there. Run the command in the project folder "
                "(the one with dev.py and mkdocs.yml in it)."
            )
    return None


def fingerprint(data_file: Path, docs_src: Path) -> str:
    """Changes whenever anything that goes into the staged folder changes."""
    digest = hashlib.sha256(data_file.read_bytes())
    for path in sorted([*docs_src.rglob("*"), *LOCALES_DIR.glob("*.yaml")]):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def prepare(
    data_file: Path,
    docs_src: Path,
    out_dir: Path,
    edition: render.Edition,
    data_name: str | None = None,
) -> StagedSite:
    """Load and check everything, and work out every page's path; render nothing yet."""
    languages = load_languages()
    codes = [lang.code for lang in languages]
    catalogue = _load_catalogue(data_file, codes, data_name)
    handwritten = _handwritten_pages(docs_src, languages)
    files: dict[str, bytes] = {}
    for path in sorted(_all_files(docs_src)):
        rel = path.relative_to(docs_src).as_posix()
        content = path.read_bytes()
        if path.suffix == ".md":
            _check_front_matter(content.decode("utf-8"), str(docs_src / rel))
            lang = languages[codes.index(rel.split("/")[0])]
            text = _expand_markers(content.decode("utf-8"), catalogue, lang, rel, docs_src)
            content = text.encode("utf-8")
        files[rel] = content
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
    data_files = {path for lang in languages for path in opendata.paths(lang).values()}
    expected = frozenset(files) | frozenset(keys) | frozenset(data_files)
    return StagedSite(
        out_dir, catalogue, tuple(languages), alternates, nav, files, expected, keys, edition
    )


# Catalogues already loaded and checked in this process, by what they were read from. A
# build that forks one process per language checks the data once, before forking; each
# process then finds it here instead of reading a thousand roles again.
_loaded: dict[tuple, Catalogue] = {}


def _load_catalogue(data_file: Path, codes: Sequence[str], data_name: str | None) -> Catalogue:
    # Today is part of the key: the checks compare dates with it.
    raw = data_file.read_bytes()
    key = (hashlib.sha256(raw).digest(), tuple(codes), data_name, dt.date.today())
    if key not in _loaded:
        _loaded.clear()  # only the newest is ever asked for again
        _loaded[key] = load_bytes(raw, codes, data_name or str(data_file))
    return _loaded[key]


def write_languages(
    staged: StagedSite, codes: Sequence[str], share: tuple[int, int] = (0, 1)
) -> None:
    """Write the generated pages of these languages and every hand-written file.

    Hand-written files of all languages are always written: they are few, and the first
    language's build pairs them with their translations by looking for them on disk.
    With share (k, n), only the k-th of n parts is written (see render.render_site): the
    first part has the hand-written files and the last the open data files, so that the
    parts take about as long.
    """
    part, parts = share
    outputs = dict(staged.files) if part == 0 else {}
    languages = [staged.language(code) for code in codes]
    for page in render.render_site(staged.catalogue, languages, staged.edition, share):
        outputs[page.path] = page.markdown.encode("utf-8")
    date = staged.edition.today.isoformat()
    for lang in languages if part == parts - 1 else ():
        outputs.update(opendata.render_files(staged.catalogue, lang, date))
    _write_files(staged.docs_dir, outputs)


def remove_stale(staged: StagedSite) -> None:
    """Remove what an earlier staging left that is no longer produced (live preview)."""
    # os.walk and plain strings: a thousand roles stage ten thousand files.
    for folder, _, names in os.walk(staged.docs_dir, topdown=False):
        rel = os.path.relpath(folder, staged.docs_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else f"{rel}/"
        for name in names:
            if prefix + name not in staged.expected:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)


def stage(
    data_file: Path,
    docs_src: Path,
    out_dir: Path,
    edition: render.Edition,
    data_name: str | None = None,
) -> StagedSite:
    """Prepare and write the complete docs folder in one go."""
    staged = prepare(data_file, docs_src, out_dir, edition, data_name)
    write_languages(staged, [lang.code for lang in staged.languages])
    remove_stale(staged)
    return staged


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


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


def _expand_markers(
    text: str, catalogue: Catalogue, lang: Language, rel: str, docs_src: Path
) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in _MARKERS:
            line = text.count("\n", 0, match.start()) + 1
            raise DataErrors(
                [
                    DataError(
                        str(docs_src / rel),
                        line,
                        1,
                        f"unknown marker '{name}'; known: {', '.join(_MARKERS)}",
                    )
                ]
            )
        return _MARKERS[name](catalogue, lang, rel)

    return _MARKER.sub(replace, text)


def _write_files(out_dir: Path, outputs: Mapping[str, bytes]) -> None:
    """Write only what changed, so a live-reload server sees just the real changes."""
    folders: set[Path] = set()
    for rel, content in outputs.items():
        target = out_dir / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        try:
            if target.read_bytes() == content:
                continue
        except FileNotFoundError:
            pass
        target.write_bytes(content)
