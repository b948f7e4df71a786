"""MkDocs glue: ask the Karriereguiden core for a staged docs folder and wire it in.

mkdocs-static-i18n runs one MkDocs build per language, so every event here runs once per
language; the data is loaded, checked and rendered once per change (see _resolve_staged).
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from karriereguiden import gitinfo, jinjacache, preview, render, search, site, structured
from karriereguiden.errors import DataErrors

DATA_FILE = "data/roles.yaml"
_staged: dict[tuple[Path, Path], tuple[str, site.StagedSite]] = {}
_failed: dict[tuple[Path, Path], tuple[str, preview.ErrorSite]] = {}  # serve only
_background: dict[tuple[Path, Path], tuple] = {}  # key -> (process, languages, staged site)
_command = "build"
_not_found: dict[str, str] = {}  # language -> its rendered 404 page
_current: list[site.StagedSite] = []  # the staged site of the language being built
_published_default: dict[str, str] = {}  # "code": the default language of the online site
_indexing: list[threading.Thread] = []  # the live preview's search indexing, if running


def on_startup(command, dirty):
    global _command
    _command = command


# Both read here rather than with mkdocs.yml's !ENV tag, which types values by YAML 1.1
# and turns "no" into false.
# A site of one language, built at the root (`dev.py serve --lang`, `dev.py bundle`).
ONLY_LANGUAGE = "KARRIEREGUIDEN_ONLY_LANGUAGE"
# One language's part of the whole site, in its place in it (hooks/parallel_build.py).
SHARD_LANGUAGE = "KARRIEREGUIDEN_SHARD_LANGUAGE"


# Before i18n's on_config (-100) picks the default language.
@event_priority(100)
def _restrict_languages(config):
    i18n = _i18n(config)
    # Before a one-language build makes its language the default: the published site's.
    _published_default.setdefault("code", i18n.default_language)
    only = _language_from_env(ONLY_LANGUAGE, i18n)
    if only:  # what i18n's own build_only_locale option does
        for lang in i18n.config.languages:
            lang.default = lang.build = lang.locale == only
    shard = _language_from_env(SHARD_LANGUAGE, i18n)
    if shard and i18n.current_language is None:
        # i18n builds its current language first, and starts at the default one if unset.
        i18n.current_language = shard
    return config


def _language_from_env(name: str, i18n) -> str | None:
    value = os.environ.get(name)
    if value and value not in i18n.all_languages:
        raise PluginError(f"{name}={value!r} is not one of the site's languages")
    return value or None


# Dates in pages and sitemaps come from MkDocs's build date; pinned to the commit's time,
# two builds of one commit are byte-identical, so deployments and caches see real changes.
@event_priority(100)
def _pin_build_date(config):
    _, data_file = _sources(config)  # the first event to read it: say plainly if it is gone
    if "SOURCE_DATE_EPOCH" not in os.environ:
        root = Path(config.config_file_path).parent
        os.environ["SOURCE_DATE_EPOCH"] = str(gitinfo.commit_time(root, data_file))
    return config


# i18n's on_config runs at -100 and sets the language of this build: run after it.
@event_priority(-110)
def _configure(config):
    staged = _resolve_staged(config)
    _current[:] = [staged]  # later events of this build use it: no re-checking per page
    language = staged.language(_i18n(config).current_language)
    config.docs_dir = str(staged.docs_dir)
    config.nav = staged.nav[language.code]
    # i18n resets the language switcher for each language build in config.extra["alternate"]
    # only, while its page events set the attribute config.extra.alternate, which templates
    # read first: the next language's 404 page, built before its pages, linked to the
    # previous language's last page.
    vars(config.extra).pop("alternate", None)
    # Set for every language: a per-language theme override would leak into the next build.
    config.theme["language"] = language.theme_language
    config.extra["karriereguiden"] = {
        **_search_scope(language.code, _i18n(config)),
        # Online: Pagefind through our search worker; offline: Material's lunr worker.
        "search": "pagefind" if _online(config) else "lunr",
        "locale": language.babel_locale,
        "other_locales": [lang.babel_locale for lang in staged.languages if lang != language],
        # For hreflang in the sitemap and the language switcher: the language's BCP 47 tag.
        "hreflang": {lang.code: lang.html_lang for lang in staged.languages},
        "default_language": _published_default["code"],
        "not_found_description": language.word("not_found_description"),
    }
    # Words Material would otherwise write in English: its 404 page, its footer, the heading
    # anchors (overrides/404.html, overrides/partials/copyright.html); and the search count.
    i18n = _i18n(config)
    home = _alternate(f"{language.code}/index.md", language.code, config, i18n).url
    config.extra["theme_words"] = {
        "not_found_title": language.word("not_found_title"),
        "not_found_text": language.word("not_found_text"),
        "not_found_home": language.word("not_found_home"),
        "home_url": home.removeprefix("./"),
        "roles": language.word("roles"),
        "roles_url": _alternate(render.roles_index_path(language), language.code, config, i18n).url,
        "made_with": language.word("made_with"),
        **_search_words(language),
    }
    # Material's words where it has none in this language or English ones ("Header" in
    # bokmål): overrides/partials/language.html reads them first.
    config.extra["theme_words"]["material"] = _material_words(language)
    # Every built language's words: the root 404 page, which GitHub Pages shows for any
    # missing address, speaks the address's language; the language offer, the reader's.
    config.extra["theme_words"]["languages"] = [
        _language_words(staged.language(code), config, i18n) for code in i18n.build_languages
    ]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = language.word("permalink")
    # Heading anchors in the language's own letters ("#loen-i-danmark").
    config.mdx_configs.setdefault("toc", {})["slugify"] = language.slugify
    return config


on_config = CombinedEvent(_pin_build_date, _restrict_languages, _configure)


# After i18n's on_files (-100), which pairs pages across languages only by identical path.
@event_priority(-110)
def on_files(files, config):
    staged = _current[0]
    i18n = _i18n(config)
    for file in files.documentation_pages():
        versions = staged.alternates.get(file.src_uri)
        if versions:
            file.alternates = {
                lang: file if path == file.src_uri else _alternate(path, lang, config, i18n)
                for lang, path in versions.items()
            }
    return files


# Before any theme template is loaded: every language's build and every live-preview
# rebuild gets a new environment, and would compile the theme's templates again.
@event_priority(100)
def on_env(env, config, files):
    if env.bytecode_cache is None:
        env.bytecode_cache = jinjacache.shared_cache(env)
    return env


# Online, Pagefind indexes the pages as written (karriereguiden/search.py): Material's
# search plugin need not parse every page for a lunr index nobody fetches.
def on_page_markdown(markdown, page, config, files):
    if _online(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), **search.MATERIAL_PAGE_META}
    return markdown


# After i18n's on_page_context (+50), which leaves home pages with absolute switcher links
# ("/no/") that break from file://; every page's own alternates give relative ones.
def on_page_context(context, page, config, nav):
    alternates = getattr(page.file, "alternates", None) or {}
    # i18n assigns config.extra.alternate as an attribute, which MkDocs's LegacyConfig keeps
    # apart from config.extra["alternate"]; templates read the attribute first.
    entries = getattr(config.extra, "alternate", None) or config.extra.get("alternate", [])
    for entry in entries:
        if entry["lang"] in alternates:
            entry["link"] = alternates[entry["lang"]].url
    if config.site_url:
        # The published address, also for offline bundles' .html pages.
        path = render.published_url(page.file.src_uri, _published_default["code"])
        page.canonical_url = _absolute(path, config)
    if _online(config):
        context["jsonld"] = _structured_data(page, config)
    return context


def _online(config) -> bool:
    # An offline bundle's .html addresses do not exist online: no links to them.
    offline = config.plugins.get("material/offline")
    return bool(config.site_url) and not (offline and offline.config.enabled)


def _structured_data(page, config) -> str:
    staged = _current[0]
    i18n = _i18n(config)
    lang = staged.language(i18n.current_language)

    def url(path: str) -> str:
        return _absolute(_alternate(path, lang.code, config, i18n).url, config)

    trail = [(config.site_name, url(f"{lang.code}/index.md"))]
    key = staged.keys.get(page.file.src_uri)
    kind, _, role_id = (key or "").partition("/")
    role = staged.catalogue.role(role_id) if role_id else None
    if key and key != "salaries":
        trail.append((lang.word("roles"), url(render.roles_index_path(lang))))
    if role:
        trail.append((role.texts[lang.code].title, url(render.page_path(role, "role", lang))))
        if kind != "role":
            trail.append((page.title, url(page.file.src_uri)))
    elif not page.is_homepage and key != "roles":
        trail.append((page.title, url(page.file.src_uri)))
    return structured.page_data(
        kind, role, staged.catalogue, lang, url(page.file.src_uri), trail, staged.edition.today
    )


def _absolute(url: str, config) -> str:
    """A site-relative URL ('no/yrker/', './') as the address readers and crawlers use."""
    return config.site_url.rstrip("/") + "/" + url.removeprefix("./")


# Every language build writes 404.html at the site root, so the last language would win.
# Keep each language's, and put them in place once all languages are built.
def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        _not_found[_i18n(config).current_language] = output_content
    return output_content


# Before i18n's on_post_build (-100), which would build the other languages in this process.
@event_priority(-90)
def _keep_to_shard(config):
    if os.environ.get(SHARD_LANGUAGE):
        # Its loop runs only when it is not already building; other processes build those.
        _i18n(config).building = True


@event_priority(-110)  # after i18n's on_post_build, which builds the other languages
def _write_not_found_pages(config):
    i18n = _i18n(config)
    if i18n.building and not os.environ.get(SHARD_LANGUAGE):
        return  # a language built from inside i18n's loop; the outer build finishes up
    site_dir = Path(config.site_dir)
    if isinstance(_current[0], preview.ErrorSite):
        _not_found.clear()
        preview.show(site_dir, _current[0].errors)
        return
    for lang, content in _not_found.items():
        if lang in i18n.build_languages:
            (site_dir / _site_folder(lang, i18n) / "404.html").write_text(content, "utf-8")
    _not_found.clear()


# After the 404 pages: the online site's search is built from the pages as written.
@event_priority(-120)
def _index_search(config):
    shard = os.environ.get(SHARD_LANGUAGE)
    if _i18n(config).building and not shard:
        return  # a language built from inside i18n's loop; the outer build indexes them all
    if isinstance(_current[0], preview.ErrorSite):
        return  # the live preview shows only its error page: nothing to search
    if not _online(config):
        return
    if shard:
        # Its own language's pages only, while the other languages' processes still build;
        # hooks/parallel_build.py joins the parts' indexes.
        _index(Path(config.site_dir), _site_folder(shard, _i18n(config)), one_thread=True)
        return
    if _command == "serve":
        # The live preview shows the edited page first and indexes on the other core
        # while the reader looks at it: Pagefind takes about a second at 100 roles, a
        # third of the time from saving to seeing the page.
        _indexing[:] = [threading.Thread(target=_index_quietly, args=(config.site_dir,))]
        _indexing[0].start()
        return
    _index(Path(config.site_dir))


def _index(site_dir: Path, folder: str = "", *, one_thread: bool = False) -> None:
    try:
        search.index_site(site_dir, folder, one_thread=one_thread)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None


def _index_quietly(site_dir: str) -> None:
    try:
        search.index_site(Path(site_dir))
    except search.SearchIndexError as error:  # the preview goes on; its search waits
        logging.getLogger("mkdocs").error(str(error))


on_post_build = CombinedEvent(_keep_to_shard, _write_not_found_pages, _index_search)


# Before the next build cleans or rewrites the site, and before MkDocs deletes it at the
# end of a preview: an index still being written would be torn.
@event_priority(100)
def on_pre_build(config):
    _await_indexing()


def _await_indexing() -> None:
    for thread in _indexing:
        thread.join()
    _indexing.clear()


def on_shutdown():
    _await_indexing()
    # Not left to atexit alone: a language's process in the parallel build ends without it.
    for _, staged in _staged.values():
        _remove_folder(staged.docs_dir)
    _staged.clear()


def _remove_folder(folder: Path) -> None:
    """Remove a staged folder without keeping the build waiting for it.

    A thousand roles stage ten thousand files, which take seconds to delete; a forked
    process deletes them after the build has ended. Renamed first, so that the atexit
    fallback finds nothing left to delete.
    """
    doomed = folder.with_name(f"{folder.name}-removing")
    try:
        folder.rename(doomed)
    except FileNotFoundError:
        return
    except OSError:  # not renamed: deleted here and now, so that nothing is left
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not _may_fork():
        shutil.rmtree(doomed, ignore_errors=True)
    elif os.fork() == 0:
        try:
            # Let go of the build's output, or whoever reads it would wait for this too.
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            shutil.rmtree(doomed, ignore_errors=True)
        finally:
            os._exit(0)


def check_sources(config) -> None:
    """Load and check the data and the hand-written pages; raise PluginError if they fail.

    For hooks/parallel_build.py: it checks once before starting a process per language,
    so an error is reported once, and every process reuses the loaded data.
    """
    _pin_build_date(config)
    source_docs, data_file = _sources(config)
    try:
        site.prepare(data_file, source_docs, Path(os.devnull), _edition(config), DATA_FILE)
    except DataErrors as errors:
        raise PluginError(errors.report()) from None


def _may_fork() -> bool:
    # Not while serving: forking a process that runs the server's threads is not safe.
    # Not where there is no fork (Windows).
    return _command != "serve" and hasattr(os, "fork")


def on_serve(server, config, builder):
    # Watch the sources, not the staged copy we rewrite on every build.
    source_docs, data_file = _sources(config)
    server.unwatch(config.docs_dir)
    server.watch(str(source_docs))
    server.watch(str(data_file))
    return server


def _i18n(config):
    return config.plugins["i18n"]


def _site_folder(lang: str, i18n) -> str:
    """Where a language's pages live in the built site: the default language at the root."""
    return "" if lang == i18n.default_language else f"{lang}/"


def _search_scope(code: str, i18n) -> dict:
    """Where this language's pages live in the built site, for the offline search filter."""
    folders = [_site_folder(lang, i18n) for lang in i18n.build_languages]
    return {"prefix": _site_folder(code, i18n), "other_prefixes": [f for f in folders if f]}


def _sources(config) -> tuple[Path, Path]:
    root = Path(config.config_file_path).parent
    missing = site.missing_sources(root / DATA_FILE, root / "docs", DATA_FILE)
    if missing:
        raise PluginError(missing)
    return root / "docs", root / DATA_FILE


def _resolve_staged(config) -> site.StagedSite:
    """The staged docs for this build, with the current language's pages written."""
    source_docs, data_file = _sources(config)
    key = (source_docs, data_file)
    stamp = site.fingerprint(data_file, source_docs)
    cached = _staged.get(key)
    i18n = _i18n(config)
    current = i18n.current_language or i18n.default_language
    if cached and cached[0] == stamp:
        _await_background(key, current)
        return cached[1]
    failed = _failed.get(key)
    if failed and failed[0] == stamp:
        return failed[1]
    out_dir = (
        cached[1].docs_dir if cached else Path(tempfile.mkdtemp(prefix="karriereguiden-docs-"))
    )
    if not cached:
        atexit.register(shutil.rmtree, out_dir, True)
    try:
        staged = site.prepare(data_file, source_docs, out_dir, _edition(config), DATA_FILE)
    except DataErrors as errors:
        if _command != "serve":
            raise PluginError(errors.report()) from None
        return _stage_errors(key, stamp, errors, config)
    _failed.pop(key, None)
    others = [lang for lang in i18n.build_languages if lang != current]
    if os.environ.get(SHARD_LANGUAGE):
        # The others are written by their own processes, and every core is busy already.
        site.write_languages(staged, [current])
        site.remove_stale(staged)
    elif not _may_fork():
        site.write_languages(staged, [current, *others])
        site.remove_stale(staged)
    else:
        _write_with_helper(key, staged, current, others)
    _staged[key] = (stamp, staged)
    return staged


def _stage_errors(key, stamp: str, errors: DataErrors, config) -> preview.ErrorSite:
    """While serving, a build that shows the problems, where a failed one would hang."""
    logging.getLogger("mkdocs").error(errors.report())
    earlier = _failed.get(key)
    if earlier:
        folder = earlier[1].docs_dir
    else:
        folder = Path(tempfile.mkdtemp(prefix="karriereguiden-errors-"))
        atexit.register(shutil.rmtree, folder, True)
    staged = preview.stage(folder, errors, _edition(config))
    _failed[key] = (stamp, staged)
    return staged


def _write_with_helper(key, staged: site.StagedSite, current: str, others: list[str]) -> None:
    """Write this language's pages with a helper process on the second core.

    MkDocs can start on a language only once its pages are on disk, so the helper renders
    half of them alongside this process; then, while MkDocs builds this language, it
    renders the other languages.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    worker = context.Process(
        target=_help_write, args=(staged, current, others, writer), daemon=True
    )
    worker.start()
    writer.close()  # so that reading ends if the helper dies before it has written
    site.write_languages(staged, [current], (0, 2))
    try:
        reader.recv()
    except EOFError:
        worker.join()
        raise PluginError(
            f"writing the pages of {current!r} failed (exit code {worker.exitcode}); "
            "see the error above"
        ) from None
    finally:
        reader.close()
    _background[key] = (worker, set(others), staged)
    if not others:
        _await_background(key, None)


def _help_write(staged: site.StagedSite, current: str, others: list[str], done) -> None:
    site.write_languages(staged, [current], (1, 2))
    done.send(True)
    done.close()
    if others:
        site.write_languages(staged, others)


def _edition(config) -> render.Edition:
    # The build date is the commit's (see _pin_build_date): the same pages for one commit.
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    return render.Edition(
        today=dt.datetime.fromtimestamp(epoch, dt.UTC).date(),
        directory_urls=config.use_directory_urls,
        data_url=config.extra.get("data_url") or None,
    )


def _await_background(key, language: str | None) -> None:
    """Wait for the helper if it is still writing this language (None: whatever it writes)."""
    pending = _background.get(key)
    if pending is None or (language is not None and language not in pending[1]):
        return
    worker, _, staged = _background.pop(key)
    worker.join()
    if worker.exitcode != 0:
        raise PluginError(
            f"writing the pages of {sorted(pending[1])} failed (exit code "
            f"{worker.exitcode}); see the error above"
        )
    site.remove_stale(staged)


def _material_words(language) -> dict[str, str]:
    return {
        "header": language.word("header_landmark"),
        "footer": language.word("footer_landmark"),
    }


def _search_words(language) -> dict:
    """The search's own lines, with the slots its scripts fill in: how many pages match,
    and which word results came from when the one typed is on no page."""
    return {
        "search_partial_count": language.word(
            "search_partial_count", shown="{shown}", total="{total}"
        ),
        "search_partial_match": language.word(
            "search_partial_match", asked="{asked}", found="{found}"
        ),
    }


def _language_words(language, config, i18n) -> dict:
    """One language's words and addresses, for pages that may speak another language."""
    keys = ("not_found_title", "not_found_text", "not_found_home", "roles", "salaries_title",
            "made_with", "suggest_label", "suggest_link", "suggest_dismiss")  # fmt: skip
    home = _alternate(f"{language.code}/index.md", language.code, config, i18n).url
    return {
        **{key: language.word(key) for key in keys},
        "code": language.code,
        "html_lang": language.html_lang,
        "theme_language": language.theme_language,
        "folder": _site_folder(language.code, i18n),
        "home_url": home.removeprefix("./"),
        "roles_url": _alternate(render.roles_index_path(language), language.code, config, i18n).url,
        "salaries_url": _alternate(render.salaries_path(language), language.code, config, i18n).url,
        **_search_words(language),
        "material": _material_words(language),
    }


@dataclass(frozen=True)
class _Alternate:
    """What the language switcher and the i18n sitemap read of another language's page."""

    url: str
    page: None = None


def _alternate(path: str, lang: str, config, i18n) -> _Alternate:
    rel = _site_folder(lang, i18n) + path.split("/", 1)[1]  # path starts with its language
    return _Alternate(render.url_path(rel, config.use_directory_urls))
