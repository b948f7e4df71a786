"""MkDocs glue: hand MkDocs the core's pages and words; the core decides everything else.

The order of a build is karriereguiden/site/build.py's. mkdocs-static-i18n runs one MkDocs build
per language, so every event here runs once per language; the data is read and checked
once per change (build.Builder.site), and each language's generated pages are handed to
MkDocs in memory, rendered to HTML already (GeneratedPage): Python-Markdown reads only the
hand-written pages in docs/.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url, normalize_url

from karriereguiden.data.errors import DataErrors
from karriereguiden.pages import render
from karriereguiden.site import build, gitinfo, jinjacache, overwrite, search, theme
from karriereguiden.site import contents as sites

_builder = build.Builder()
_current: list = []  # the site of the language being built
_not_found: dict[str, str] = {}  # language -> its rendered 404 page
_published_default: dict[str, str] = {}  # "code": the default language of the online site
_command = ["build"]
log = logging.getLogger("mkdocs.hooks.karriereguiden")

# Both read here rather than with mkdocs.yml's !ENV tag, which types values by YAML 1.1
# and turns "no" into false.
# A site of one language, built at the root (`dev.py serve --lang`, `dev.py bundle`).
ONLY_LANGUAGE = "KARRIEREGUIDEN_ONLY_LANGUAGE"
# One language's part of the whole site, in its place in it (hooks/parallel_build.py).
SHARD_LANGUAGE = "KARRIEREGUIDEN_SHARD_LANGUAGE"


def on_startup(command, dirty):
    _command[0] = command
    _builder.keep_pages = command == "serve"


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
    root = _root(config)  # the first event to read the sources: say plainly if they are gone
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = str(gitinfo.commit_time(root, root / build.DATA_FILE))
    return config


# i18n's on_config runs at -100 and sets the language of this build: run after it.
@event_priority(-110)
def _configure(config):
    site = check_sources(config, keep_going=_command[0] == "serve")
    _current[:] = [site]
    i18n = _i18n(config)
    language = site.language(i18n.current_language)
    config.nav = site.nav[language.code]
    # i18n resets the language switcher for each language build in config.extra["alternate"]
    # only, while its page events set the attribute config.extra.alternate, which templates
    # read first: the next language's 404 page, built before its pages, linked to the
    # previous language's last page.
    vars(config.extra).pop("alternate", None)
    # Set for every language: a per-language theme override would leak into the next build.
    config.theme["language"] = language.theme_language
    default, built = i18n.default_language, i18n.build_languages
    config.extra["karriereguiden"] = theme.settings(
        language, site.languages, built, default, _published_default["code"], _online(config)
    )
    config.extra["theme_words"] = theme.words(
        language, site.languages, built, default, config.use_directory_urls
    )
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = language.word("permalink")
    toc["slugify"] = language.slugify  # heading anchors in the language's own letters
    _spare_left_out_pages(config.plugins)
    return config


def _spare_left_out_pages(plugins) -> None:
    """Material's search plugin, on every page's context, takes data-search-*="..."
    attributes out of the page's content with a regular expression, also on a page it
    leaves out of its index, where it indexes nothing. Online it leaves out every page
    (Pagefind indexes them): at 1,000 roles that was 0.3 s of each language's 4.9 s of
    Python. A page left out whose content has no such attribute is now passed by: the same
    page, for nothing. (The bare data-search-exclude of generated pages is not one.)
    """
    search = plugins.get("material/search")
    events = plugins.events["page_context"]
    if search is None or search.on_page_context not in events:
        return  # not used, or passed by already (every language's build configures)
    plugin = search.on_page_context

    def on_page_context(context, *, page, config, nav):
        left_out = (page.meta.get("search") or {}).get("exclude")
        if left_out and not _MATERIAL_DELETES.search(page.content or ""):
            return None
        return plugin(context, page=page, config=config, nav=nav)

    on_page_context.mkdocs_priority = getattr(plugin, "mkdocs_priority", 0)
    events[events.index(plugin)] = on_page_context


# What that regular expression matches, up to its first character of a value.
_MATERIAL_DELETES = re.compile(r'data-search-\w+="[^"]')

on_config = CombinedEvent(_pin_build_date, _restrict_languages, _configure)


class GeneratedPage(Page):
    """A page the core rendered to HTML: MkDocs puts it into the theme as it is."""

    def __init__(self, title, file, config, rendered) -> None:
        super().__init__(title, file, config)
        self.rendered = rendered

    def read_source(self, config) -> None:
        self.markdown, self.meta = "", dict(self.rendered.meta)

    def render(self, config, files) -> None:
        self.content = self.rendered.html
        self.toc = get_toc(sites.toc_tokens(self.rendered.headings))
        self.present_anchor_ids = {heading.id for heading in self.rendered.headings}
        self.links_to_anchors = {}
        self.rendered = None  # its HTML is the page's content now


# mkdocs-static-i18n keeps every language's pages until the end, for the sitemap, which
# reads only their addresses: a page's content can go once it is written (at 1,000 roles,
# 9,000 pages' content in the one-process build).
def on_post_page(output, page, config):
    page.content = None
    return output


class GeneratedFile(File):
    changed = True

    def is_modified(self) -> bool:  # what a --dirty build (the live preview) rebuilds
        return self.changed

    def copy_file(self, dirty: bool = False) -> None:  # an open data file
        if not dirty or self.is_modified():
            overwrite.write_file(self.content_bytes, self.abs_dest_path)


def _modified() -> bool:
    return True


# After i18n's on_files (-100), which takes only the files in docs/ of this language.
@event_priority(-110)
def on_files(files, config):
    site = _current[0]
    i18n = _i18n(config)
    code = i18n.current_language
    default, urls = i18n.default_language, config.use_directory_urls
    titles = sites.nav_titles(site.nav[code], f"{code}/")
    pages = _builder.pages(site, code)
    changed = _builder.handwritten_changed(site, code)
    for file in files.documentation_pages():
        file.alternates = _alternates(site.alternates.get(file.src_uri), file, default, urls)
        if file.src_uri in changed:
            # A --dirty build (the live preview) compares only the file's time otherwise.
            file.is_modified = _modified
    for generated in pages:
        path = generated.page.path
        file = GeneratedFile.generated(config, path, content="")
        if code == default:  # at the site's root
            file.dest_uri = file.dest_uri.split("/", 1)[1]
        file.changed = generated.changed
        file.inclusion = InclusionLevel.INCLUDED
        file.locale = file.locale_alternate_of = file.localization = code
        file.alternates = _alternates(site.alternates[path], file, default, urls)
        GeneratedPage(titles.get(path), file, config, generated.page)
        files.append(file)
    for path, content in _builder.data_files(site, code).items():
        data = GeneratedFile.generated(config, path, content=content)
        data.dest_uri = theme.site_folder(code, default) + path.split("/", 1)[1]
        files.append(data)
    # In the order of a walk of the docs, as MkDocs lists files it reads: the sitemap and
    # the offline search index list pages in this order.
    ordered = sorted(files.documentation_pages(), key=lambda file: sites.walk_order(file.src_uri))
    for file in ordered:
        files.remove(file)
        files.append(file)
    i18n.i18n_files_per_language[code] = ordered
    return files


def _alternates(versions, file, default: str, urls: bool) -> dict:
    """The same page in every language, for the language switcher and the sitemap."""
    if not versions:
        return getattr(file, "alternates", {file.locale: file})
    return {
        lang: file if path == file.src_uri else _Address(theme.site_url(path, default, urls))
        for lang, path in versions.items()
    }


@dataclass(frozen=True)
class _Address:
    """What the language switcher and the i18n sitemap read of another language's page."""

    url: str
    page: None = None


# Hand-written pages with their markers filled in from the data (site.Site.handwritten):
# the Markdown ones before Markdown reads the page, the HTML ones in what it made.
def on_page_read_source(page, config):
    return _current[0].handwritten.get(page.file.src_uri)


def on_page_content(html, page, config, files):
    handwritten = _current[0].handwritten
    if page.file.src_uri in handwritten:
        return handwritten.fill_html(page.file.src_uri, html)
    return html


# Before any theme template is loaded: every language's build and every live-preview
# rebuild gets a new environment, and would compile the theme's templates again.
@event_priority(100)
def on_env(env, config, files):
    if env.bytecode_cache is None:
        env.bytecode_cache = jinjacache.shared_cache(env)
    # MkDocs makes a new environment for every build: within one, a template loaded once
    # need not be looked for on disk again (a stat per include, 25 includes per page).
    env.auto_reload = False
    try:
        css = theme.stylesheet(*env.loader.get_source(env, theme.STYLESHEET)[:2])
    except ValueError as error:
        raise PluginError(str(error)) from None
    env.globals["kg_stylesheet"] = css
    # Parts of pages that are alike on many pages, rendered once (overrides/base.html).
    env.globals["kg_fragment"] = jinjacache.Fragments()
    env.globals["kg_nav_key"] = _nav_key
    env.globals["kg_content_key"] = _content_key
    env.globals["kg_footer_key"] = _footer_key
    # Generated pages: the theme's page rendered once per kind, around each page's parts.
    env.template_class = jinjacache.FramedTemplate
    env.globals[jinjacache.FRAMES] = jinjacache.Frames(FRAME_PARTS, log.warning)
    return env


# The blocks of overrides/base.html and main.html that differ between generated pages of
# one kind and depth: the head's title, description, address and structured data; the
# skip link; the language offer; the header (title, language links); the sidebars (the
# navigation's marks, the table of contents); the content; the footer.
FRAME_PARTS = (
    "site_meta", "htmltitle", "extrahead", "kg_skip", "kg_offer", "header", "site_nav",
    "container", "footer",
)  # fmt: skip


def _nav_key(nav, page):
    """What the sidebar of a page outside it depends on: where its links lead from there."""
    if not isinstance(page, GeneratedPage) or page in nav.pages:
        return None  # its own entry is marked: rendered for it alone
    return tuple(get_relative_url(item.url, page.url) for item in nav.pages)


def _footer_key(page):
    """What the footer of a generated page depends on, unless it links a previous or next
    page (in the sidebar): nothing of the page's own."""
    if not isinstance(page, GeneratedPage) or page.previous_page or page.next_page:
        return None
    return ()


# What Material's partials around a page's content read of it (partials/content.html).
_CONTENT_META = (
    "tags", "hide", "git_revision_date_localized", "revision_date", "git_creation_date_localized",
)  # fmt: skip


def _content_key(page):
    """What stands around a generated page's content depends on: its edit address and the
    metadata the theme's partials read there (tags, dates, what to hide)."""
    if not isinstance(page, GeneratedPage):
        return None
    # repr: metadata values may be lists (tags), which a key cannot hold.
    return (page.edit_url, *(repr(page.meta.get(key)) for key in _CONTENT_META))


# Online, Pagefind indexes the pages as written (karriereguiden/site/search.py): Material's
# search plugin need not parse every page for a lunr index nobody fetches.
def on_page_markdown(markdown, page, config, files):
    if _online(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), **search.MATERIAL_PAGE_META}
    return markdown


# After i18n's on_page_context (+50), which leaves home pages with absolute switcher links
# ("/no/") that break from file://; every page's own alternates give relative ones.
def on_page_context(context, page, config, nav):
    if isinstance(page, GeneratedPage):
        # Outside its parts, a generated page differs from another of its kind only in
        # how far it is from the site's root (every link to an asset).
        context[jinjacache.FRAME_KEY] = context["base_url"]
    alternates = getattr(page.file, "alternates", None) or {}
    # i18n assigns config.extra.alternate as an attribute, which MkDocs's LegacyConfig keeps
    # apart from config.extra["alternate"]; templates read the attribute first.
    entries = getattr(config.extra, "alternate", None) or config.extra.get("alternate", [])
    for entry in entries:
        if entry["lang"] in alternates:
            entry["link"] = alternates[entry["lang"]].url
    # The language offer's links, as the theme's url filter writes them (kg_offer).
    hrefs = {entry["lang"]: normalize_url(entry["link"], page) for entry in entries}
    context["kg_offers"] = theme.offers(config.extra["theme_words"]["offer"], hrefs)
    if config.site_url:
        # The published address, also for offline bundles' .html pages.
        path = render.published_url(page.file.src_uri, _published_default["code"])
        page.canonical_url = _absolute(path, config)
    if _online(config):
        site = _current[0]
        i18n = _i18n(config)
        default, urls = i18n.default_language, config.use_directory_urls

        def url(path: str) -> str:
            return _absolute(theme.site_url(path, default, urls), config)

        context["jsonld"] = site.structured_data(
            i18n.current_language, page.file.src_uri, page.title, page.is_homepage,
            config.site_name, url,
        )  # fmt: skip
    return context


def _online(config) -> bool:
    # An offline bundle's .html addresses do not exist online: no links to them.
    offline = config.plugins.get("material/offline")
    return bool(config.site_url) and not (offline and offline.config.enabled)


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
def _finish(config):
    i18n = _i18n(config)
    shard = os.environ.get(SHARD_LANGUAGE)
    if i18n.building and not shard:
        return  # a language built from inside i18n's loop; the outer build finishes up
    not_found = {lang: page for lang, page in _not_found.items() if lang in i18n.build_languages}
    _not_found.clear()
    try:
        _builder.finish(
            _current[0], Path(config.site_dir), not_found, i18n.default_language,
            online=_online(config), shard=shard, live=_command[0] == "serve",
        )  # fmt: skip
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None


on_post_build = CombinedEvent(_keep_to_shard, _finish)


@event_priority(100)
def on_pre_build(config):
    _builder.stop_indexing()


def on_shutdown():
    _builder.stop_indexing()


def on_serve(server, config, builder):
    server.watch(str(_root(config) / build.DATA_FILE))
    return server


def check_sources(config, *, keep_going: bool = False):
    """The checked site; PluginError with every problem if the data or pages are wrong.

    hooks/parallel_build.py calls it once before starting a process per language, so an
    error is reported once, and every process reuses the loaded data.
    """
    _pin_build_date(config)
    root = _root(config)
    try:
        return _builder.site(root, _edition(config), keep_going=keep_going)
    except DataErrors as errors:
        raise PluginError(errors.report()) from None


def _root(config) -> Path:
    root = Path(config.config_file_path).parent
    missing = build.missing_sources(root)
    if missing:
        raise PluginError(missing)
    return root


def _edition(config) -> render.Edition:
    # The build date is the commit's (see _pin_build_date): the same pages for one commit.
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    return render.Edition(
        today=dt.datetime.fromtimestamp(epoch, dt.UTC).date(),
        directory_urls=config.use_directory_urls,
        data_url=config.extra.get("data_url") or None,
    )


def _i18n(config):
    return config.plugins["i18n"]
