"""`mkdocs build` with one process per language: karriereguiden/site/parallel.py, run by MkDocs.

    python hooks/parallel_build.py --site-dir DIR [--processes auto|one|per-language]
                                   [other `mkdocs build` options]

The byte-identical join of the parts, and why a process per language, are in
karriereguiden/site/parallel.py; this file is the MkDocs side: its options, its log, and the
build of one language (the hook's KARRIEREGUIDEN_SHARD_LANGUAGE).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

import karriereguiden_hooks as hooks  # the hook next to this file: its checks and names
import mkdocs.utils
from mkdocs.__main__ import State, cli
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from karriereguiden.site import jinjacache, overwrite, parallel, search

# The template MkDocs renders a page with, unless the page names another.
TEMPLATE = "main.html"


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
    if not parallel.may_fork(args.processes):
        return _build_whole(mkdocs_args, args.site_dir, state)
    try:
        # Imports the theme, the plugins, the hook and the core; checks the site_dir.
        config = load_config(args.config_file, site_dir=str(args.site_dir))
    except MkDocsException as error:
        state.logger.error(str(error))
        return 1
    offline = config.plugins.get("material/offline")
    i18n = config.plugins["i18n"]
    if (offline and offline.config.enabled) or len(i18n.build_languages) < 2:
        # One language needs no joining; the offline search index is a script, not joined.
        return _build_whole(mkdocs_args, args.site_dir, state)
    compiled = jinjacache.compile_aside(
        config.theme.get_env, [TEMPLATE, *config.theme.static_templates]
    )

    def load() -> None:
        hooks.check_sources(config)
        compiled()

    default = i18n.default_language
    languages = [default, *(lang for lang in i18n.build_languages if lang != default)]
    options = set(mkdocs_args)
    if not {"-v", "--verbose"} & options:
        # Three processes' progress lines, interleaved, say less than our one line. Not by
        # --quiet: that silences warnings at their source, so --strict has none to count.
        state.stream.setLevel(logging.WARNING)
    started = time.perf_counter()
    site_dir = args.site_dir.resolve()

    def build_one(language: str, folder: Path) -> None:
        os.environ[hooks.SHARD_LANGUAGE] = language
        sys.exit(_mkdocs_build([*mkdocs_args, "--site-dir", str(folder)], state))

    try:
        parallel.build_per_language(languages, site_dir, build_one, load)
    except PluginError as error:  # in the data or the hand-written pages
        state.logger.error(str(error))
        return 1
    except parallel.PartsFailed as failed:
        state.logger.error(f"The build of {failed} failed (see above): {site_dir} was not written")
        return 1
    except (parallel.CannotJoin, search.SearchIndexError) as error:
        state.logger.error(f"Cannot join the languages' parts: {error}")
        return 1
    finally:
        state.stream.setLevel(logging.NOTSET)
    if not {"-q", "--quiet"} & options:
        seconds = time.perf_counter() - started
        state.logger.info(
            f"Documentation built in {seconds:.2f} seconds, one process per language "
            f"({', '.join(languages)})"
        )
    return 0


class _Failed(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _build_whole(mkdocs_args: list[str], site_dir: Path, state: State) -> int:
    """`mkdocs build` of the whole site in this process, put in site_dir's place once it
    succeeded (parallel.build_whole); its exit status."""

    def build(folder: Path) -> None:
        status = _mkdocs_build([*mkdocs_args, "--site-dir", str(folder)], state)
        if status != 0:
            raise _Failed(status)

    try:
        parallel.build_whole(site_dir.resolve(), build)
    except _Failed as failed:
        return failed.status
    return 0


def _mkdocs_build(mkdocs_args: list[str], state: State) -> int:
    """`mkdocs build` with these options, in this process, over the files in its site_dir;
    its exit status."""
    # parallel.py hands over a folder holding the last site's files, to be written over,
    # and removes those the build leaves alone. mkdocs-static-i18n keeps MkDocs from
    # cleaning the same way, for the languages it builds after the first. Pages are written
    # over those files in place (karriereguiden/site/overwrite.py says why).
    clean_directory, write_file = mkdocs.utils.clean_directory, mkdocs.utils.write_file
    mkdocs.utils.clean_directory = lambda directory: None
    mkdocs.utils.write_file = overwrite.write_file
    try:
        cli.main(["build", *mkdocs_args], prog_name="mkdocs", obj=state)
    except SystemExit as exited:
        return exited.code if isinstance(exited.code, int) else 1
    finally:
        mkdocs.utils.clean_directory, mkdocs.utils.write_file = clean_directory, write_file
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
