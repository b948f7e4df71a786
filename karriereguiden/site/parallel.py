"""Build the site with one process per language, and join their parts into one site.

mkdocs-static-i18n builds the languages one after another in one process. Here each
language is built by its own process into its own folder, in its place in the whole site,
and the parts are joined: each language's folder from its own build, everything else from
the default language's, and the three files every build writes for the whole site merged
in the order the one-process build adds to them: sitemap.xml, sitemap.xml.gz and the
search index. Online, each process also makes the Pagefind index of its own language, and
the indexes are joined (search.join_indexes). The result is byte for byte that of the
one-process build, which tests/test_site_build.py checks.

Pagefind indexes each language apart, so three runs on a third of the pages each write the
files of one run on them all. Run in the language's own process, it works while the other
languages still build, and no process holds all the pages' index at once.

The processes are forked after the site generator, the plugins and the core are imported
and the data is checked, so they share that work and a data error is reported once. All
languages run at once even on fewer cores than languages: three builds on two cores finish
in about 1.5 builds' time, where two at a time would take two.

Every build, with a process per language or not, writes over the files of the site before
the last one, kept beside the site (_replace says why), and removes what it did not write.

What builds one language is the caller's (hooks/parallel_build.py runs MkDocs): this module
knows only folders, processes and files.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import io
import json
import multiprocessing
import os
import shutil
import struct
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import overwrite, search

SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"
# Written by every language's build for the whole site; joined below.
MERGED = {SITEMAP, f"{SITEMAP}.gz", SEARCH_INDEX}
# Written at the root by every language's build; the default language's is the one kept
# (the hook puts each language's own copy into its folder).
ROOT_PER_LANGUAGE = {"404.html"}


class CannotJoin(Exception):
    pass


class PartsFailed(Exception):
    """Some languages' builds failed; they said why themselves."""

    def __init__(self, languages: Sequence[str]) -> None:
        super().__init__(", ".join(languages))
        self.languages = list(languages)


def may_fork(asked: str) -> bool:
    """Whether to build a process per language: asked "auto", "one" or "per-language"."""
    if asked == "one" or "fork" not in multiprocessing.get_all_start_methods():  # Windows
        return False
    return asked == "per-language" or _cores() >= 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_per_language(
    languages: Sequence[str],
    site_dir: Path,
    build_one: Callable[[str, Path], None],
    load: Callable[[], object] = lambda: None,
) -> None:
    """Build every language in a process of its own with build_one(language, folder), and
    join the parts into site_dir. The first language is the default one, at the site's root.

    load() runs first, in this process (reading and checking the data, which the languages'
    processes share); meanwhile a helper process takes the kept site apart (_prepare).
    build_one writes its language's files into folder over the last site's (see _replace)
    and must exit the process with a non-zero status if it fails.

    Raises what load() raises (site_dir and the kept site then as they were), PartsFailed or
    CannotJoin (site_dir then untouched).
    """

    def make(tmp: Path, previous: Path) -> Path:
        parts = {lang: tmp / lang for lang in languages}
        _prepare(previous, parts, languages[0], load)
        # What is loaded now lives until the end: kept out of the children's cycle
        # collections, it is neither walked again nor copied page by page into each child.
        gc.freeze()
        failed = _build_parts(parts, build_one)
        if failed:
            raise PartsFailed(failed)
        join(parts, languages[0], tmp / "site")
        return tmp / "site"

    _replace(site_dir, make)


def build_whole(site_dir: Path, build: Callable[[Path], None]) -> None:
    """Build the site with build(folder), in this process, and put it in site_dir's place.

    build writes the site's files into folder over the last site's (see _replace) and
    raises if it fails; site_dir is then untouched.
    """

    def make(tmp: Path, previous: Path) -> Path:
        folder = tmp / "site"
        _split(previous, {"": folder}, "")
        _build_over(folder, build)
        return folder

    _replace(site_dir, make)


def _replace(site_dir: Path, make: Callable[[Path, Path], Path]) -> None:
    """Put the site that make(tmp, previous) builds in site_dir's place, and keep the site
    it replaces as the next build's previous one.

    A build writes over the files of the site before the last one, kept beside site_dir
    (previous_site), instead of creating as many new ones, and what it does not write goes.
    On this machine's disk, ext4 without a journal, a new file costs a step over every inode
    freed in the last minute (Linux, fs/ext4/ialloc.c, find_inode_bit), and a build that
    removes a site of 27,476 files and folders (1,000 roles) and writes another pays for it
    with seconds of system CPU, besides the 1.5 s the removal itself takes at the end.
    Measured per language at 1,000 roles in alternating builds with 3153b6d's removal and
    fresh writing: 18.7-20.7 s against 22.0-24.6 s (six pairs), and a median ratio of 0.90
    in five more; system CPU 6-9 s against 8-17 s. The price is a second copy of the site
    on disk.

    make builds in tmp, where previous is taken apart; a failed build leaves site_dir as it
    was, and the kept site goes with the parts.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    previous = previous_site(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.parts-", dir=site_dir.parent))
    try:
        built = make(tmp, previous)
        if site_dir.exists():  # as `mkdocs build` cleans its site_dir
            site_dir.rename(previous)
        built.rename(site_dir)
    finally:
        remove_tree(tmp)


def previous_site(site_dir: Path) -> Path:
    """Where the site a build replaced is kept, for the next build to write over."""
    return site_dir.parent / f".{site_dir.name}.previous"


def _split(previous: Path, parts: dict[str, Path], default: str) -> None:
    """Take the kept site apart into the part folders, each holding the files its build
    writes: the default language's part the whole site's, the others their own folders.
    The search index's files are shared out among the parts, for each part's Pagefind run
    to write its language's index over (search.write_over)."""
    if previous.is_symlink() or previous.is_file():
        previous.unlink()
    if previous.is_dir():
        previous.rename(parts[default])
    for lang, part in parts.items():
        part.mkdir(exist_ok=True)
        if lang != default and (parts[default] / lang).is_dir():
            (parts[default] / lang).rename(part / lang)
    index = parts[default] / search.OUTPUT
    others = [part / search.OUTPUT for lang, part in parts.items() if lang != default]
    if others and index.is_dir():
        for at, rel in enumerate(sorted(search.files_in(index))):
            if at % len(parts):
                _move(index, rel, others[at % len(parts) - 1])


def _move(root: Path, rel: str, to: Path) -> None:
    """Move root's file rel to the same place under to."""
    (to / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).rename(to / rel)


def _prepare(
    previous: Path, parts: dict[str, Path], default: str, load: Callable[[], object]
) -> None:
    """Take the kept site apart into the parts and mark their files (_split, mark_unwritten)
    in a helper process while load() runs in this one.

    Reading and checking the data keeps one core busy and leaves the other idle: at 1,000
    roles 1.6 s, against 0.2 s to take the site apart here and 0.15 s for each language's
    process to mark its 6,000 files before it builds. If load() fails, the kept site is put
    back together as it was; if the helper fails, this process does its work (each step
    takes up where the helper left off), and says why if that fails too.
    """
    kept = previous.is_dir()
    helper = multiprocessing.get_context("fork").Process(
        target=_split_and_mark, args=(previous, parts, default)
    )
    helper.start()
    try:
        load()
    except BaseException:
        helper.join()
        if kept:
            _unsplit(parts, previous, default)
        raise
    helper.join()
    if helper.exitcode != 0:
        _split_and_mark(previous, parts, default)
    _marked.update(os.path.realpath(part) for part in parts.values())


def _split_and_mark(previous: Path, parts: dict[str, Path], default: str) -> None:
    _split(previous, parts, default)
    for part in parts.values():
        mark_unwritten(part)


def _unsplit(parts: dict[str, Path], previous: Path, default: str) -> None:
    """Put the kept site back together from the parts (_split undone)."""
    base = parts[default]
    for lang, part in parts.items():
        if lang == default:
            continue
        if (part / lang).is_dir():
            (part / lang).rename(base / lang)
        index = part / search.OUTPUT
        if index.is_dir():
            for rel in search.files_in(index):
                _move(index, rel, base / search.OUTPUT)
    base.rename(previous)


def _build_over(folder: Path, build: Callable[[Path], None]) -> None:
    """build(folder) over the files there, then the files it did not write go (unless
    the build removed them itself: remove_unwritten uses the marks up)."""
    mark_unwritten(folder)
    build(folder)
    if was_marked(folder):
        remove_unwritten(folder)


# A file's time of change before a build writes over its folder (the epoch): a file still
# that old afterwards was not written by the build. Not "older than the build's start": a
# file system that keeps times to the second or two would make new files look old.
_UNWRITTEN_NS = 0


# The folders this process marked: a build into any other folder started from an empty
# one (`mkdocs build` cleans its own, the live preview writes into a new one), and has
# nothing to remove.
_marked: set[str] = set()


def mark_unwritten(folder: Path) -> None:
    """Mark every file in folder as not written (before a build writes over it)."""
    _marked.add(os.path.realpath(folder))
    for where, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(where, name)
            os.utime(path, ns=(_UNWRITTEN_NS, _UNWRITTEN_NS), follow_symlinks=False)


def was_marked(folder: Path) -> bool:
    """Whether this process marked folder (mark_unwritten) for a build to write over."""
    return os.path.realpath(folder) in _marked


def remove_unwritten(folder: Path, keep: str | None = None) -> None:
    """Remove the files a build did not write since mark_unwritten, and emptied folders;
    not those in folder's subfolder keep, if given, which the build is to make exact itself
    (the search index, search.write_over). The folder counts as marked no longer."""
    _marked.discard(os.path.realpath(folder))
    folders = []
    for where, subfolders, names in os.walk(folder):
        if keep in subfolders and where == str(folder):
            subfolders.remove(keep)
        folders.append(where)
        for name in names:
            path = os.path.join(where, name)
            if os.lstat(path).st_mtime_ns == _UNWRITTEN_NS:
                os.unlink(path)
    for where in reversed(folders[1:]):  # a folder's subfolders come after it
        with contextlib.suppress(OSError):  # not empty
            os.rmdir(where)


def remove_tree(tree: Path, threads: int = 4) -> None:
    """shutil.rmtree, with the tree's parts three levels down removed in threads at once.

    Removing a built site is mostly waiting for the disk, and the build waits for it at its
    very end, with the cores idle. Measured on this machine's disk, at 1,000 roles (a site
    of 18,448 files, 466 MB, two levels down in tree), in alternating runs: shutil.rmtree
    took 2.5-2.9 s, of which 1.1 s of CPU; four threads took 1.5-1.7 s, eight no less.
    Subtrees, not batches of files: a site has a folder per page, and the folders removed
    in one thread after the files in four took 1.7-2.4 s.
    """
    with ThreadPoolExecutor(threads) as pool:
        # list(): the first error, if any, is raised here.
        list(pool.map(_remove, _subtrees(str(tree), 3)))
    shutil.rmtree(tree)


def _subtrees(folder: str, depth: int) -> list[str]:
    """The paths depth levels below folder; a file or link above that, as it is."""
    paths = []
    for entry in os.scandir(folder):
        if depth > 1 and entry.is_dir(follow_symlinks=False):
            paths.extend(_subtrees(entry.path, depth - 1))
        else:
            paths.append(entry.path)
    return paths


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _build_parts(parts: dict[str, Path], build_one: Callable[[str, Path], None]) -> list[str]:
    """Build every language's part at once; the languages whose build failed."""
    fork = multiprocessing.get_context("fork")
    processes = {
        lang: fork.Process(target=_build_part, args=(build_one, lang, folder))
        for lang, folder in parts.items()
    }
    for process in processes.values():
        process.start()
    for process in processes.values():
        process.join()
    return [lang for lang, process in processes.items() if process.exitcode != 0]


def _build_part(build_one: Callable[[str, Path], None], lang: str, folder: Path) -> None:
    """In the language's process: build_one over the kept files, marked already (_prepare);
    then the files it did not write go, as in _build_over."""
    # A language's build makes few reference cycles: at 1,000 roles, with the collector
    # off, its process peaked 3 MiB higher (294 MiB) and took 0.13 s less CPU (3.73 s
    # against 3.86 s, two runs each), where the collector had walked its growing heap 600
    # times and found next to nothing. The process ends with the build.
    gc.disable()
    try:
        build_one(lang, folder)
    except SystemExit as exited:
        if exited.code not in (None, 0):
            raise
    if was_marked(folder):  # unless the build removed them itself
        remove_unwritten(folder)


def join(parts: dict[str, Path], default: str, out: Path) -> None:
    """The whole site from its language parts, as the one-process build writes it."""
    base = parts[default]
    for lang, part in parts.items():
        if lang != default:
            _check_shared_files(part, base, lang)
    sitemap = _join_sitemaps([(part / SITEMAP).read_text("utf-8") for part in parts.values()])
    index = _join_search_indexes([(part / SEARCH_INDEX).read_bytes() for part in parts.values()])
    mtime = _gzip_mtime((base / f"{SITEMAP}.gz").read_bytes())
    if (base / search.OUTPUT).is_dir():  # online: each part indexed its own language
        others = [part / search.OUTPUT for lang, part in parts.items() if lang != default]
        search.join_indexes(base / search.OUTPUT, others)
    base.rename(out)
    for lang, part in parts.items():
        if lang != default:
            (part / lang).rename(out / lang)
    overwrite.write(str(out / SITEMAP), sitemap.encode("utf-8"))
    overwrite.write(str(out / f"{SITEMAP}.gz"), _gzip(sitemap, mtime))
    overwrite.write(str(out / SEARCH_INDEX), index)


def _check_shared_files(part: Path, base: Path, lang: str) -> None:
    """Outside its folder a language's part holds only what every part holds alike."""
    for folder, subfolders, names in os.walk(part):
        if folder == str(part):
            # Not walked at all: the language's own pages, and its search index (checked
            # by search.join_indexes). A thousand roles put 3,000 pages in each folder.
            subfolders[:] = [name for name in subfolders if name not in (lang, search.OUTPUT)]
        for name in names:
            path = Path(folder, name)
            rel = path.relative_to(part).as_posix()
            if rel in MERGED or rel in ROOT_PER_LANGUAGE:
                continue
            other = base / rel
            if not other.is_file() or other.read_bytes() != path.read_bytes():
                raise CannotJoin(
                    f"the '{lang}' build wrote {rel} unlike the other languages' builds"
                )


def _join_sitemaps(texts: list[str]) -> str:
    # Each is a head, one <url> element per page of its language, and the closing tag.
    heads, bodies, tails = [], [], []
    for text in texts:
        start = text.index("\n", text.index("<urlset"))
        end = text.rindex("\n</urlset>")
        heads.append(text[:start])
        bodies.append(text[start:end])
        tails.append(text[end:])
    if len(set(heads)) != 1 or len(set(tails)) != 1:
        raise CannotJoin("the languages' sitemaps differ in form")
    return heads[0] + "".join(bodies) + tails[0]


def _join_search_indexes(indexes: list[bytes]) -> bytes:
    loaded = [json.loads(index) for index in indexes]
    if any(index["config"] != loaded[0]["config"] for index in loaded):
        raise CannotJoin("the languages' search settings differ")
    joined = {"config": loaded[0]["config"], "docs": [d for i in loaded for d in i["docs"]]}
    # As Material's search plugin writes it.
    return json.dumps(joined, separators=(",", ":"), default=str).encode("utf-8")


def _gzip_mtime(data: bytes) -> int:
    return struct.unpack("<I", data[4:8])[0]  # RFC 1952: MTIME follows ID1 ID2 CM FLG


def _gzip(text: str, mtime: int) -> bytes:
    # As MkDocs writes sitemap.xml.gz: the member is named after the file, dated mtime.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=SITEMAP, mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()
