"""MkDocs glue: ask the Karriereguiden core for a staged docs folder and wire it in.

mkdocs-static-i18n runs one MkDocs build per language, so every event here runs once per
language; the data is loaded, checked and rendered once per change (see _resolve_staged).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs_static_i18n.folder import create_i18n_file

from karriereguiden import site
from karriereguiden.errors import DataErrors

DATA_FILE = "data/roles.yaml"
_staged: dict[tuple[Path, Path], tuple[str, site.StagedSite]] = {}


# Set by `dev.py serve --lang` and `dev.py bundle`. Read here rather than with mkdocs.yml's
# !ENV tag, which types values by YAML 1.1 and turns "no" into false.
ONLY_LANGUAGE = "KARRIEREGUIDEN_ONLY_LANGUAGE"


# Before i18n's on_config (-100) picks the default language; does what its own
# build_only_locale option does.
@event_priority(100)
def _restrict_languages(config):
    only = os.environ.get(ONLY_LANGUAGE)
    if only:
        languages = _i18n(config).config.languages
        if only not in [lang.locale for lang in languages]:
            raise PluginError(f"{ONLY_LANGUAGE}={only!r} is not one of the site's languages")
        for lang in languages:
            lang.default = lang.build = lang.locale == only
    return config


# i18n's on_config runs at -100 and sets the language of this build: run after it.
@event_priority(-110)
def _configure(config):
    staged = _resolve_staged(config)
    language = staged.language(_i18n(config).current_language)
    config.docs_dir = str(staged.docs_dir)
    config.nav = staged.nav[language.code]
    # Set for every language: a per-language theme override would leak into the next build.
    config.theme["language"] = language.theme_language
    config.extra["karriereguiden"] = _search_scope(language.code, _i18n(config))
    return config


on_config = CombinedEvent(_restrict_languages, _configure)


# After i18n's on_files (-100), which pairs pages across languages only by identical path.
@event_priority(-110)
def on_files(files, config):
    staged = _resolve_staged(config)
    i18n = _i18n(config)
    for file in files.documentation_pages():
        versions = staged.alternates.get(file.src_uri)
        if versions:
            file.alternates = {
                lang: file if path == file.src_uri else _resolve_file(path, lang, config, i18n)
                for lang, path in versions.items()
            }
    return files


# After i18n's on_page_context (+50), which leaves home pages with absolute switcher links
# ("/no/") that break from file://; every page's own alternates give relative ones.
def on_page_context(context, page, config, nav):
    alternates = getattr(page.file, "alternates", None) or {}
    for entry in config.extra.get("alternate", []):
        if entry["lang"] in alternates:
            entry["link"] = alternates[entry["lang"]].url
    return context


def on_serve(server, config, builder):
    # Watch the sources, not the staged copy we rewrite on every build.
    source_docs, data_file = _sources(config)
    server.unwatch(config.docs_dir)
    server.watch(str(source_docs))
    server.watch(str(data_file))
    return server


def _i18n(config):
    return config.plugins["i18n"]


def _search_scope(code: str, i18n) -> dict:
    """Where this language's pages live in the built site, for the offline search filter."""

    def prefix(lang: str) -> str:
        return "" if lang == i18n.default_language else f"{lang}/"

    return {
        "prefix": prefix(code),
        "other_prefixes": [prefix(lang) for lang in i18n.build_languages if prefix(lang)],
    }


def _sources(config) -> tuple[Path, Path]:
    root = Path(config.config_file_path).parent
    return root / "docs", root / DATA_FILE


def _resolve_staged(config) -> site.StagedSite:
    source_docs, data_file = _sources(config)
    key = (source_docs, data_file)
    stamp = site.fingerprint(data_file, source_docs)
    cached = _staged.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    out_dir = (
        cached[1].docs_dir if cached else Path(tempfile.mkdtemp(prefix="karriereguiden-docs-"))
    )
    if not cached:
        atexit.register(shutil.rmtree, out_dir, True)
    try:
        staged = site.stage(data_file, source_docs, out_dir, data_name=DATA_FILE)
    except DataErrors as errors:
        raise PluginError(errors.report()) from None
    _staged[key] = (stamp, staged)
    return staged


def _resolve_file(path: str, lang: str, config, i18n) -> File:
    file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
    return create_i18n_file(file, lang, i18n.default_language, i18n.all_languages, config)
