"""Search for the online site: a Pagefind index per language, loaded only when used.

Material's search plugin writes one lunr index of every page in every language
(`search/search_index.json`), and its bundle fetches it whole on every page view: 5.2 MB
at 100 roles and 51.7 MB at 1,000, before the reader has typed anything, with results
mixed across languages. Pagefind (its binary pinned and fetched by pagefindbin.py) indexes
the built pages instead, makes one index per `<html lang>` and splits it into small
chunks that a search fetches as it needs them; the browser side is Material's own search
box with a worker of ours (overrides/assets/javascripts/karriereguiden-search-worker.js).

Measured (bench/run.py, bench/RESULTS.md, a770c86): a page view fetches 294.6 KiB at 100
and at 1,000 roles (of which a few KiB for search: our worker and Material's index file of
settings), where it fetched 5.2 and 50.7 MB; the first search fetches 153.1 KiB at 100 roles
and 175.7 KiB at 1,000, within the 500 KB budget and nearly flat. A lunr index split per
language would still be a third of 50.7 MB at 1,000 roles, and even trimmed to titles and
summaries it would grow with every role, fetched whole before the first result.

Pagefind cannot load from file://, so offline bundles keep Material's lunr index (with
the language filter of overrides/assets/javascripts/karriereguiden-search.js): this
module is only for the online site.

Pagefind reads the pages as written, not HTML handed to it from memory (its Python API,
`add_html_file`): the build knows each page's text, but what costs is the indexing, not
the reading. Measured at 100 roles (912 pages, 33.6 MiB): Pagefind on the written pages
took 1.45 s, and on copies cut down to the language, title and article (6.9 MiB) 1.96 s,
with the same index files; feeding it through the API would add a service process and
its protocol for nothing.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from . import overwrite, pagefindbin, pagefindparts

OUTPUT = "pagefind"
# Material's search plugin, told to leave every page out of its index (MATERIAL_PAGE_META,
# set by the hook online), writes only its settings into search/search_index.json: its
# bundle still fetches that file on every page view and reads the settings to highlight
# the words searched for on the page a result opens. Parsing every page for an index that
# Pagefind makes anyway was a fifth of the build's time (cProfile, 100 roles).
MATERIAL_PAGE_META = {"exclude": True}
# What is indexed of a page: its content, as readers see it, not the header, the
# navigation (every page lists the same roles) or the footer. A role's names in every
# language are searchable on every language's site through its pages' metadata fields
# (name_fields); the role page also shows its own language's other names and the titles
# in the other languages.
ROOT_SELECTOR = "article.md-content__inner"
#
# Nor what the pages mark with data-search-exclude, Material's own marker, which its search
# plugin honours in the offline bundles' lunr index, so that both indexes leave out the
# same: the interface's sentences and labels, which stand alike on every page of a kind
# (the links between a role's pages, "reviewed on ...", a salary page's introduction, its
# "no figure yet" sentences, the terms of each figure's definition), and what a page says
# again (the chart and its table, the comparison's tables, the list of figures left out of
# the comparison). Indexed, they made every page of a kind a result for their words
# ("kilde", "rettelse", "forbehold"), and they were much of what Pagefind read: its time
# grows with the text and the elements it indexes.
#
# The marker stands bare: Material's search plugin deletes every data-search-*="..." from a
# page once it has read it (on_page_context), and Pagefind reads the written page. Its
# parser matches the elements it skips by tag name alone, so a marked element must not
# hold another of its own tag. test_search and test_offline_bundles check both indexes.
EXCLUDE_SELECTORS = (".headerlink", "[data-search-exclude]")
# Online, every page is a folder's index.html: this leaves out the 404 pages.
PAGES = "**/index.html"
# What Pagefind's script reads first: its version and every language's index.
ENTRY = pagefindparts.ENTRY
# The most pages one Pagefind run reads: it holds every page's words, twice, until it writes
# the index. Measured on the role, FAQ and salary pages at 1,000 roles (bench/RESULTS.md):
# 3,004 pages of one language in one run peak at 533 MiB, 1,502 at 275 MiB. A language with
# more pages is indexed in parts (language_parts), and their indexes are joined into the one
# a single run writes (pagefindparts).
PART_PAGES = 1_600
# One glob may not be longer than the system lets one argument be (128 KiB on Linux).
_GLOB_BYTES = 100_000
# Pagefind's user interfaces: the site uses Material's search box instead.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    pass


def pagefind_executable() -> Path:
    try:
        return pagefindbin.executable()
    except pagefindbin.PagefindUnavailable as missing:
        raise SearchIndexError(str(missing)) from None


def pagefind_command(site_dir: Path, output: Path, glob: str = PAGES) -> list[str]:
    return [
        str(pagefind_executable()),
        "--site", str(site_dir),
        "--output-path", str(output),
        "--root-selector", ROOT_SELECTOR,
        "--exclude-selectors", ",".join(EXCLUDE_SELECTORS),
        "--glob", glob,
        "--quiet",
    ]  # fmt: skip


def index_site(site_dir: Path, folders: Sequence[str] = ("",), *, one_thread: bool = False) -> None:
    """Index the built online site with Pagefind, one language's folder ("no/") at a time.

    Pagefind indexes each language on its own: the index of one language's pages alone is
    byte for byte its part of the whole site's index, save the entry file, which lists the
    languages (see join_indexes). one_thread: where every core is busy already.
    """
    Indexing(site_dir, folders, one_thread=one_thread).finish()


def language_globs(site_dir: Path, folders: Sequence[str]) -> list[str]:
    """Each language's pages, as Pagefind's --glob; the folder "" is the language at the
    site's root, whose pages are the root's outside the other languages' folders."""
    globs = []
    for folder in folders:
        others = {other.rstrip("/") for other in folders if other != folder}
        if folder or not others:
            globs.append(folder + PAGES)
            continue
        names = sorted(e.name for e in os.scandir(site_dir) if e.is_dir() and e.name not in others)
        unsafe = [name for name in names if not _PLAIN_NAME.fullmatch(name)]
        if unsafe:  # the site's own folders (pages of roles lie deeper): a developer's change
            raise SearchIndexError(f"a folder at the site's root is no plain name: {unsafe}")
        globs.append("{" + ",".join(["index.html", *(f"{n}/{PAGES}" for n in names)]) + "}")
    return globs


# What Pagefind's glob reads as itself, with no braces, commas or wildcards.
_PLAIN_NAME = re.compile(r"[\w.-]+")


def language_parts(site_dir: Path, folders: Sequence[str]) -> list[list[str]]:
    """Each language's Pagefind runs, as their globs: its language glob, or, for a language
    of more than PART_PAGES pages, parts of its pages that follow each other in the order
    Pagefind reads them (so that their joined index is a single run's).
    """
    runs = []
    for folder, glob in zip(folders, language_globs(site_dir, folders), strict=True):
        pages = language_pages(site_dir, folder, folders)
        count = -(-len(pages) // PART_PAGES)
        if count <= 1:
            runs.append([glob])
            continue
        unsafe = [page for page in pages if not all(map(_PLAIN_NAME.fullmatch, page.split("/")))]
        if unsafe:  # the site's paths are made of slugs: a developer's change
            raise SearchIndexError(f"a page's path is no plain name: {unsafe[:3]}")
        globs = _part_globs(pages, count)
        while max(map(len, globs)) > _GLOB_BYTES:
            count += 1
            globs = _part_globs(pages, count)
        runs.append(globs)
    return runs


def _part_globs(pages: Sequence[str], count: int) -> list[str]:
    """Globs of count parts of pages, as even as may be: the folders whose pages all fall in
    one part as "parent/{folder,...}/**/index.html", the other pages by name.

    Pagefind matches every path it walks against the glob, and a glob's cost grows with its
    alternatives: at 1,000 roles a glob of every page's name took Pagefind 0.15 s to walk
    the site with, against 0.09 s for the language's own. Measured on one language's two
    parts of 1,502 pages, five alternating runs each: 3.71 s of CPU for the parts with each
    role folder an alternative of its own ("parent/folder/**/index.html"), 3.56 s with the
    folders of one parent in one, and 3.57 s for the language in one run."""
    folders = [_folders_of(page) for page in pages]
    under = collections.Counter(itertools.chain.from_iterable(folders))
    globs = []
    bounds = [round(number * len(pages) / count) for number in range(count + 1)]
    for start, end in itertools.pairwise(bounds):
        held = collections.Counter(itertools.chain.from_iterable(folders[start:end]))
        # By parent folder (None: a page by name), in the order first met.
        items: dict[str | None, dict[str, None]] = {}
        for page, its in zip(pages[start:end], folders[start:end], strict=True):
            whole = next((f for f in its if held[f] == under[f]), None)
            if whole is None:
                items.setdefault(None, {})[page] = None
            else:
                parent, _, name = whole.rpartition("/")
                items.setdefault(parent, {})[name] = None
        alternatives = []
        for parent, names in items.items():
            if parent is None:
                alternatives += names
                continue
            named = next(iter(names)) if len(names) == 1 else "{" + ",".join(names) + "}"
            alternatives.append(f"{parent}/{named}/{PAGES}" if parent else f"{named}/{PAGES}")
        globs.append("{" + ",".join(alternatives) + "}")
    return globs


def _folders_of(page: str) -> list[str]:
    """The folders a page lies in, outermost first: "a/b/index.html" in "a" and "a/b"."""
    parts = page.split("/")[:-1]
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def language_pages(site_dir: Path, folder: str, folders: Sequence[str]) -> list[str]:
    """The pages Pagefind reads for the language in folder (language_globs), in the order it
    reads them: each folder's entries in the order the file system lists them, a folder's
    files before its next entry. Paths relative to site_dir, with "/"."""
    others = {other.rstrip("/") for other in folders if other != folder}
    pages: list[str] = []

    def walk(path: str, rel: str) -> None:
        try:
            entries = list(os.scandir(path))
        except FileNotFoundError:
            return
        for entry in entries:
            name = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if rel or name not in others:
                    walk(entry.path, name + "/")
            elif entry.name == "index.html":
                pages.append(name)

    walk(os.path.join(site_dir, folder), folder)
    return pages


class Indexing:
    """Pagefind's runs on a built site, one per language (or part of one) in turn: started
    at once, finished (or cancelled) later.

    One at a time, because Pagefind holds every page's words until it writes the index: at
    1,000 roles, one run over all three languages peaked at 1,066 MiB, one language's at
    525 MiB, in about the same CPU time (14.3 s against 4.6 s a language); a part of 1,502
    pages at 275 MiB (PART_PAGES).

    Pagefind writes the index into a scratch folder, in memory where the system has room
    there (/dev/shm), and finish() writes it over the files of the site's last index
    (write_over): a new file on the site's disk costs more than writing over an old one
    (parallel._replace says why on this machine's). At 1,000 roles, per language, against
    37b5136, where Pagefind wrote the index's 9,000 files anew in the site: a median ratio
    of 0.946 in five alternating pairs, system CPU 6.3-7.1 s against 6.2-10.7 s.
    """

    def __init__(
        self, site_dir: Path, folders: Sequence[str] = ("",), *, one_thread: bool = False
    ) -> None:
        self.cancelled = self._done = False
        self.output = site_dir / OUTPUT
        self._lock = threading.Lock()
        self._scratch = Path(
            tempfile.mkdtemp(prefix="karriereguiden-pagefind-", dir=_scratch_root())
        )
        # Pagefind's thread pool (Rayon) takes a thread per core; while the other languages'
        # processes keep the cores busy, the threads only contend with them. Measured at
        # 1,000 roles, two alternating runs each: system CPU 17-18 s against 21-27 s, wall
        # 104 and 119 s against 116 and 122 s.
        env = {**os.environ, "RAYON_NUM_THREADS": "1"} if one_thread else None
        try:
            # Each Pagefind run's index in a folder of its own; a language's parts are joined
            # into its first by a run of pagefindparts, and the languages into the first
            # language's in finish().
            self._languages: list[Path] = []
            self._runs: list[tuple[list[str], dict[str, str] | None, str]] = []
            for parts in language_parts(site_dir, folders):
                outputs = [self._scratch / str(len(self._runs) + n) for n in range(len(parts))]
                for output, glob in zip(outputs, parts, strict=True):
                    command = pagefind_command(site_dir, output, glob)
                    self._runs.append((command, env, "Pagefind failed"))
                if len(outputs) > 1:
                    join, join_env = pagefindparts.command(outputs)
                    self._runs.append((join, join_env, "Pagefind's parts were not joined"))
                self._languages.append(outputs[0])
            self._process = self._start(*self._runs[0][:2])
        except (OSError, SearchIndexError):
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise

    def _start(self, command: list[str], env: dict[str, str] | None) -> subprocess.Popen:
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )

    def finish(self) -> None:
        """Wait for Pagefind and put the index in place; SearchIndexError if Pagefind failed
        or was cancelled (the site's last index is then as it was)."""
        try:
            for number, (command, env, failed) in enumerate(self._runs):
                if number:
                    with self._lock:  # cancel() either stops this run or sees it started
                        if self.cancelled:
                            raise SearchIndexError("Pagefind was stopped")
                        self._process = self._start(command, env)
                output, _ = self._process.communicate()
                if self._process.returncode != 0:
                    raise SearchIndexError(f"{failed}:\n{output}")
            first, *others = self._languages
            # Also with no others: it writes the entry file with its languages sorted.
            join_indexes(first, others)
            for name in _UNUSED:
                (first / name).unlink(missing_ok=True)
            # Stopped between files too: writing a language's 3,000 files anew in a preview's
            # fresh site took 2 s at 1,000 roles, and the rebuild after a save waited for it.
            write_over(first, self.output, stopped=lambda: self.cancelled)
            self._done = True
        finally:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def cancel(self) -> None:
        """Stop Pagefind: the pages it reads are about to be written again. Whoever waits in
        finish() sees it fail, or (if Pagefind was through) finishes an index of the pages
        before; either way the caller removes it (remove_output)."""
        with self._lock:
            if not self._done:
                self.cancelled = True
                self._process.kill()  # if it has ended already, nothing happens

    def remove_output(self) -> None:
        """After a cancelled run: the last index, of pages about to change."""
        if self.cancelled:
            shutil.rmtree(self.output, ignore_errors=True)


def set_aside(site_dir: Path) -> Path | None:
    """Move the site's index out of sight at once, into a hidden folder of the site (one
    rename); that folder, for the caller to remove, or None if there is no index."""
    output = site_dir / OUTPUT
    if not output.is_dir():
        return None
    aside = Path(tempfile.mkdtemp(prefix=f".{OUTPUT}-stale-", dir=site_dir))
    output.rename(aside / OUTPUT)
    return aside


# Where Pagefind writes: memory, where the system keeps a file system there with room to
# spare (the index of 1,000 roles in three languages is 39 MB; a container's /dev/shm may
# hold no more than 64 MB); elsewhere the system's temporary folder.
_MEMORY = "/dev/shm"
_ROOM = 1024**3


def _scratch_root() -> str | None:
    try:
        free = os.statvfs(_MEMORY)
    except OSError:  # no such folder: not Linux
        return None
    if free.f_bavail * free.f_frsize < _ROOM or not os.access(_MEMORY, os.W_OK):
        return None
    return _MEMORY


def write_over(new: Path, output: Path, stopped: Callable[[], bool] = lambda: False) -> None:
    """Make output hold the files of new, byte for byte, writing over output's files.

    A file of output at a path new has is written over; a new path takes the place of one
    of output's files new has not; what is left of those goes. Pagefind names most of its
    files after a hash of their content, so a page that changed gets a new name: its file
    is another's, written over.

    SearchIndexError, with output half written, as soon as stopped() says so.
    """
    wanted = files_in(new)
    spare = sorted(set(files_in(output)) - set(wanted))
    for rel in wanted:
        if stopped():
            raise SearchIndexError("Pagefind's index was stopped while it was written")
        target = os.path.join(output, rel)
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if spare:
                os.rename(os.path.join(output, spare.pop()), target)
        with open(os.path.join(new, rel), "rb") as source:
            overwrite.write(target, source.read())
    for rel in spare:
        os.unlink(os.path.join(output, rel))
    for folder, _, _ in os.walk(output, topdown=False):
        if folder != str(output):
            with contextlib.suppress(OSError):  # not empty
                os.rmdir(folder)


def files_in(folder: Path) -> list[str]:
    """Every file in folder, as paths relative to it."""
    found = []
    for where, _, names in os.walk(folder):
        rel = os.path.relpath(where, folder)
        found.extend(os.path.normpath(os.path.join(rel, name)) for name in names)
    return found


def join_indexes(into: Path, others: Sequence[Path]) -> None:
    """Move the other parts' indexes into one, to hold what one run on the whole site writes.

    Each part is one language's index. A file in several parts must be the same in each
    (Pagefind's code, shared by every language); the entry files, which list the
    languages, are merged and written with the languages in a fixed order
    (pagefindparts.entry_text).
    """
    entry = json.loads((into / ENTRY).read_text("utf-8"))
    for index in others:
        # os.walk and plain strings: at a thousand roles each part holds 3,000 files, moved
        # while nothing else runs.
        for folder, _, names in os.walk(index):
            rel_folder = os.path.relpath(folder, index)
            target_folder = os.path.normpath(os.path.join(into, rel_folder))
            os.makedirs(target_folder, exist_ok=True)
            for name in sorted(names):
                rel = os.path.normpath(os.path.join(rel_folder, name)).replace(os.sep, "/")
                path, target = os.path.join(folder, name), os.path.join(target_folder, name)
                if rel == ENTRY:
                    entry = _merged_entry(entry, json.loads(Path(path).read_text("utf-8")))
                elif not os.path.exists(target):
                    os.rename(path, target)
                elif Path(target).read_bytes() != Path(path).read_bytes():
                    raise SearchIndexError(f"the languages' search indexes differ in {rel}")
    (into / ENTRY).write_text(pagefindparts.entry_text(entry), encoding="utf-8")


def _merged_entry(entry: dict, other: dict) -> dict:
    if {**entry, "languages": None} != {**other, "languages": None}:
        raise SearchIndexError(f"the languages' search indexes differ in {ENTRY}")
    if set(entry["languages"]) & set(other["languages"]):
        raise SearchIndexError(f"two parts index one language: {sorted(other['languages'])}")
    return {**entry, "languages": {**entry["languages"], **other["languages"]}}
