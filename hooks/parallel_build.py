"""Build the site with one process per language, and join their parts into one site.

    python hooks/parallel_build.py --site-dir DIR [--processes auto|one|per-language]
                                   [other `mkdocs build` options]

mkdocs-static-i18n builds the languages one after another in one process. Here each
language is built by its own process into its own folder, in its place in the whole site
(the hook's KARRIEREGUIDEN_SHARD_LANGUAGE), and the parts are joined: each language's
folder from its own build, everything else from the default language's, and the three
files every build writes for the whole site merged in the order the one-process build
adds to them: sitemap.xml, sitemap.xml.gz and the search index. Online, each process
also makes the Pagefind index of its own language, and the indexes are joined
(search.join_indexes). The result is byte for byte that of the one-process build, which
tests/test_site_build.py checks.

Pagefind indexes each language apart, so three runs on a third of the pages each write the
files of one run on them all. Run in the language's own process, it works while the other
languages still build, and no process holds all the pages' index at once: at 1,000 roles
the build's largest process took 683 MiB where one Pagefind run on the whole site took
1,445 MiB (bench/RESULTS.md).

The processes are forked after MkDocs, the plugins and the core are imported, the data is
checked and the theme's templates are compiled (by a helper, on the core that the check
leaves idle), so they share that work and a data error is reported once. All languages run
at once even on fewer cores than languages: three builds on two cores finish in about
1.5 builds' time, where two at a time would take two.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import json
import logging
import multiprocessing
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import karriereguiden_hooks as hooks  # the hook next to this file: its checks and names
from mkdocs.__main__ import State, cli
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from karriereguiden import jinjacache, search

SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"
# Written by every language's build for the whole site; joined below.
MERGED = {SITEMAP, f"{SITEMAP}.gz", SEARCH_INDEX}
# Written at the root by every language's build; the default language's is the one kept
# (the hook puts each language's own copy into its folder).
ROOT_PER_LANGUAGE = {"404.html"}
# The template MkDocs renders a page with, unless the page names another.
TEMPLATE = "main.html"


class _CannotJoin(Exception):
    pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--site-dir", type=Path, required=True)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument(
        "--processes",
        choices=("auto", "one", "per-language"),
        default="auto",
        help="auto: one per language where there are two cores or more",
    )
    args, mkdocs_args = parser.parse_known_args(argv)
    mkdocs_args += ["--config-file", args.config_file]
    state = State()  # MkDocs's log handler and format, for what MkDocs logs here
    one_process = [*mkdocs_args, "--site-dir", str(args.site_dir)]
    if not _may_fork(args.processes):
        return _mkdocs_build(one_process, state)  # `mkdocs build`, and nothing more
    try:
        # Imports the theme, the plugins, the hook and the core; checks the site_dir.
        config = load_config(args.config_file, site_dir=str(args.site_dir))
    except MkDocsException as error:
        state.logger.error(str(error))
        return 1
    offline = config.plugins.get("material/offline")
    if (offline and offline.config.enabled) or len(config.plugins["i18n"].build_languages) < 2:
        # One language needs no joining; the offline search index is a script, not joined.
        return _mkdocs_build(one_process, state)
    compiled = _compile_templates_aside(config)
    try:
        hooks.check_sources(config)
    except PluginError as error:
        state.logger.error(str(error))
        return 1
    jinjacache.adopt(compiled())
    return _build_per_language(config, args.site_dir.resolve(), mkdocs_args, state)


def _may_fork(asked: str) -> bool:
    if asked == "one" or "fork" not in multiprocessing.get_all_start_methods():  # Windows
        return False
    return asked == "per-language" or _cores() >= 2


def _build_per_language(config, site_dir: Path, mkdocs_args: list[str], state: State) -> int:
    # What is loaded now lives until the end: kept out of the children's cycle collections,
    # it is neither walked again nor copied page by page into each child on write.
    gc.freeze()
    i18n = config.plugins["i18n"]
    default = i18n.default_language
    # The order in which the one-process build adds languages to the whole-site files.
    languages = [default, *(lang for lang in i18n.build_languages if lang != default)]
    options = set(mkdocs_args)
    started = time.perf_counter()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{site_dir.name}.parts-", dir=site_dir.parent) as tmp:
        parts = {lang: Path(tmp) / lang for lang in languages}
        if not {"-v", "--verbose"} & options:
            # Three processes' progress lines, interleaved, say less than our one line. Not
            # by --quiet: that silences warnings at their source, so --strict has none to
            # count.
            state.stream.setLevel(logging.WARNING)
        failed = _build_parts(parts, mkdocs_args, state)
        state.stream.setLevel(logging.NOTSET)
        if failed:
            state.logger.error(
                f"The build of {', '.join(failed)} failed (see above): {site_dir} was not written"
            )
            return 1
        joined = Path(tmp) / "site"
        try:
            _join(parts, default, joined)
        except (_CannotJoin, search.SearchIndexError) as error:
            state.logger.error(f"Cannot join the languages' parts: {error}")
            return 1
        if site_dir.exists():
            shutil.rmtree(site_dir)  # as `mkdocs build` cleans its site_dir
        joined.rename(site_dir)
    if not {"-q", "--quiet"} & options:
        seconds = time.perf_counter() - started
        state.logger.info(
            f"Documentation built in {seconds:.2f} seconds, one process per language "
            f"({', '.join(languages)})"
        )
    return 0


def _compile_templates_aside(config) -> Callable[[], dict]:
    """Compile the theme's templates in a helper process while this one checks the data.

    Returns the function that waits for their code. Each language's process would
    otherwise compile the same forty templates, three times the work, while the second
    core is idle during the check.
    """
    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    helper = fork.Process(target=_compile_templates, args=(config, writer), daemon=True)
    helper.start()
    writer.close()  # so that reading ends if the helper dies before it has sent

    def compiled() -> dict:
        try:
            return reader.recv()
        except EOFError:
            return {}  # the languages' processes compile the templates themselves
        finally:
            reader.close()
            helper.join()

    return compiled


def _compile_templates(config, out) -> None:
    # The environment MkDocs makes for a build, with the cache the hook gives it.
    env = config.theme.get_env()
    jinjacache.compile_ahead(env, [TEMPLATE, *config.theme.static_templates])
    out.send(jinjacache.snapshot())
    out.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _mkdocs_build(mkdocs_args: list[str], state: State) -> int:
    """`mkdocs build` with these options, in this process; its exit status."""
    try:
        cli.main(["build", *mkdocs_args], prog_name="mkdocs", obj=state)
    except SystemExit as exited:
        return exited.code if isinstance(exited.code, int) else 1
    return 0


def _build_language(language: str, mkdocs_args: list[str], state: State) -> None:
    os.environ[hooks.SHARD_LANGUAGE] = language
    sys.exit(_mkdocs_build(mkdocs_args, state))


def _build_parts(parts: dict[str, Path], mkdocs_args: list[str], state: State) -> list[str]:
    """Build every language's part at once; the languages whose build failed."""
    fork = multiprocessing.get_context("fork")
    processes = {
        lang: fork.Process(
            target=_build_language,
            args=(lang, [*mkdocs_args, "--site-dir", str(folder)], state),
        )
        for lang, folder in parts.items()
    }
    for process in processes.values():
        process.start()
    for process in processes.values():
        process.join()
    return [lang for lang, process in processes.items() if process.exitcode != 0]


def _join(parts: dict[str, Path], default: str, out: Path) -> None:
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
    (out / SITEMAP).write_text(sitemap, encoding="utf-8")
    (out / f"{SITEMAP}.gz").write_bytes(_gzip(sitemap, mtime))
    (out / SEARCH_INDEX).write_bytes(index)


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
                raise _CannotJoin(
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
        raise _CannotJoin("the languages' sitemaps differ in form")
    return heads[0] + "".join(bodies) + tails[0]


def _join_search_indexes(indexes: list[bytes]) -> bytes:
    loaded = [json.loads(index) for index in indexes]
    if any(index["config"] != loaded[0]["config"] for index in loaded):
        raise _CannotJoin("the languages' search settings differ")
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
