"""The order of a build, and what one process keeps between builds.

A build of the guide, whichever tool drives it:

1. `Builder.site`: read and check data/roles.yaml and the hand-written pages once per
   change (a live preview re-reads only the roles an edit changed), and work out every
   page's path in every language (site.Site).
2. `Builder.pages`: render one language's generated pages straight to HTML (render.py).
   A page whose inputs did not change since the last build in this process is not
   rendered again, and is marked unchanged, so a live preview rebuilds only what an edit
   touched.
3. The site generator (MkDocs, through hooks/karriereguiden_hooks.py) puts the pages into
   the theme and writes them; hand-written pages go through Markdown there. The theme's
   page is rendered once per kind of generated page, and each page only renders its own
   parts into it (jinjacache.Frames).
4. `Builder.index`: the online site's search index (Pagefind) from the written pages;
   during a live preview on the other core while the reader looks at the page.

One process per language (karriereguiden/site/parallel.py) runs the same steps for its
language and joins the parts.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from ..data.errors import DataErrors
from ..data.model import Catalogue, Role
from ..data.parse import CatalogueLoader, paused_collector
from ..pages import opendata, render
from ..pages.languages import LOCALES_DIR, Language, language_codes
from . import contents as sites
from . import parallel, preview, search, theme

DATA_FILE = "data/roles.yaml"
DOCS = "docs"


@dataclass(frozen=True)
class Generated:
    """A generated page of this build, and whether it differs from the last build's."""

    page: object  # render.Page
    changed: bool


@dataclass(frozen=True)
class ErrorSite(sites.Site):
    """The live preview's site while the data has errors: no generated pages."""

    errors: DataErrors | None = None

    def data_files(self, code: str, role_text=None) -> dict[str, bytes]:
        return {}


def _error_site(site: sites.Site, errors: DataErrors) -> ErrorSite:
    return ErrorSite(**{f.name: getattr(site, f.name) for f in fields(site)}, errors=errors)


class Builder:
    """One process's builds: the data read once per change, pages rendered once per change.

    mkdocs-static-i18n builds every language in turn in one process, and a live preview
    rebuilds on every save: both ask for the same site again and again.
    """

    def __init__(self, *, keep_pages: bool = False) -> None:
        # A live preview keeps each language's pages for the next build, to render again
        # only what changed; a build of the site lets each language's pages go once built.
        self.keep_pages = keep_pages
        self._site: tuple[str, sites.Site] | None = None
        # Re-reads only the roles an edit changed (a live preview saves one at a time).
        self._loader = CatalogueLoader(language_codes(), DATA_FILE)
        # language -> role id -> (what its pages were rendered from, the pages)
        self._roles: dict[str, dict[str, tuple[tuple, list]]] = {}
        # language -> role id -> (the role, its entry in the open data's JSON file)
        self._role_json: dict[str, dict[str, tuple[Role, str]]] = {}
        # language -> page path -> the page last handed out
        self._last: dict[str, dict[str, object]] = {}
        # language -> its navigation and hand-written pages in the last build
        self._last_nav: dict[str, list] = {}
        self._last_handwritten: dict[str, dict[str, tuple]] = {}
        self._shared: tuple | None = None
        self._indexing: list[tuple[search.Indexing, threading.Thread]] = []

    # -- 1. the data -----------------------------------------------------------------------

    def site(self, root: Path, edition: render.Edition, *, keep_going: bool = False):
        """The checked site of the project at root; the same object until a source changes.

        keep_going (the live preview): a data error gives an ErrorSite, which shows the
        problems, instead of raising DataErrors.
        """
        data_file, docs = root / DATA_FILE, root / DOCS
        stamp = fingerprint(data_file, docs, edition)
        if self._site and self._site[0] == stamp:
            return self._site[1]
        # What is loaded lives as long as the site: kept out of the cycle collector's walks,
        # which otherwise visit the whole catalogue again and again while pages render, and
        # frozen before the collector runs again. The loader pauses it while it reads, and
        # the first collection after that walked every object read (0.11 s at 1,000 roles,
        # before the languages' processes start).
        with paused_collector():
            site = self._load_site(data_file, docs, edition, keep_going)
            gc.freeze()
        self._site = (stamp, site)
        return site

    def _load_site(self, data_file: Path, docs: Path, edition: render.Edition, keep_going: bool):
        try:
            return sites.prepare(data_file, docs, edition, DATA_FILE, self._load)
        except DataErrors as errors:
            if not keep_going:
                raise
            logging.getLogger("mkdocs").error(errors.report())
            empty = Catalogue(
                sources={}, roles=(), stale_after_years=0, exchange_rates=(), ladders=()
            )
            site = sites.site_for(empty, sites.load_languages(), docs, edition)
            return _error_site(site, errors)

    def _load(self, raw: bytes) -> Catalogue:
        # Only a live preview loads the data again after an edit: a build keeps nothing of
        # the file for a next load, which would otherwise stay in every language's process.
        return self._loader.load(raw, remember=self.keep_pages, helper=parallel.may_fork("auto"))

    # -- 2. the generated pages ------------------------------------------------------------

    def pages(self, site: sites.Site, code: str) -> list[Generated]:
        """One language's generated pages, each rendered only if its inputs changed."""
        if isinstance(site, ErrorSite):
            return []
        lang = site.language(code)
        catalogue, edition = site.catalogue, site.edition
        shared = (
            catalogue.sources,
            catalogue.exchange_rates,
            catalogue.definitions,
            catalogue.stale_after_years,
            edition,
            site.languages,
        )
        if shared != self._shared:
            self._roles.clear()
            self._role_json.clear()
            self._shared = shared
        cache = self._roles.setdefault(code, {})
        # Every figure shows on the overview and on its role's pages: its view is made once.
        views = site.figure_views(code)
        pages = [
            render.render_roles_index(catalogue, lang, edition),
            render.render_salaries_overview(catalogue, lang, edition, views=views),
        ]
        for role in catalogue.roles:
            inputs = _role_inputs(role, catalogue)
            cached = cache.get(role.id)
            if cached is None or cached[0] != inputs:
                rendered = render.render_role_pages(role, catalogue, lang, edition, views=views)
                cached = (inputs, rendered)
                if self.keep_pages:
                    cache[role.id] = cached
            pages.extend(cached[1])
        if len(cache) > len(catalogue.roles):  # roles removed
            ids = {role.id for role in catalogue.roles}
            for rid in [rid for rid in cache if rid not in ids]:
                del cache[rid]
        last = self._last.get(code, {})
        if self.keep_pages:
            self._last[code] = {page.path: page for page in pages}
        if site.nav[code] != self._last_nav.get(code):  # in the sidebar of every page
            last = {}
            self._last_nav[code] = site.nav[code]
        return [Generated(page, last.get(page.path) != page) for page in pages]

    def data_files(self, site: sites.Site, code: str) -> dict[str, bytes]:
        """The language's open data files, each role's entry written again only if it
        changed (pages() has just cleared the cache if what all roles share changed)."""
        lang = site.language(code)
        cache = self._role_json.setdefault(code, {})

        def role_text(role: Role) -> str:
            cached = cache.get(role.id)
            if cached is None or cached[0] != role:
                cached = (role, opendata.role_json(role, site.catalogue, lang))
                if self.keep_pages:
                    cache[role.id] = cached
            return cached[1]

        return site.data_files(code, role_text)

    def handwritten_changed(self, site: sites.Site, code: str) -> set[str]:
        """The language's hand-written pages whose Markdown differs from the last build's:
        a marker's content changes with the data while the file in docs/ stays as it was."""
        pages = site.handwritten  # filled in when read: this language's only
        mine = {
            path: (pages[path], pages.html_parts(path))
            for path in pages
            if path.startswith(f"{code}/")
        }
        last = self._last_handwritten.get(code, {})
        self._last_handwritten[code] = mine
        return {path for path, text in mine.items() if last.get(path) != text}

    # -- 4. what follows the pages: the 404 pages, the search index ------------------------

    def finish(
        self,
        site: sites.Site,
        site_dir: Path,
        not_found: dict[str, str],
        default: str,
        *,
        online: bool,
        shard: str | None,
        live: bool,
    ) -> None:
        """Put each language's 404 page into its folder and index the pages for search.

        not_found: each built language's rendered 404 page (every language's build writes
        one at the site's root), so its languages are those built. shard: the one language
        this process builds, whose pages alone it indexes; live: the live preview, which
        indexes on the other core.
        """
        if isinstance(site, ErrorSite):
            preview.show(site_dir, site.errors)  # nothing else to show, nothing to search
            return
        if parallel.was_marked(site_dir):
            # A build over the last site's files (parallel.py): those it did not write go
            # now, before Pagefind would index the pages among them. Online, the last index
            # stays, for the new one to be written over.
            parallel.remove_unwritten(site_dir, keep=search.OUTPUT if online else None)
        for code, content in not_found.items():
            (site_dir / theme.site_folder(code, default) / "404.html").write_text(content, "utf-8")
        if not online:
            return
        if shard:
            # While the other languages' processes still build; parallel.py joins the parts.
            self.index(site_dir, [theme.site_folder(shard, default)], one_thread=True)
            return
        folders = [theme.site_folder(code, default) for code in not_found]
        if live:
            self.index_aside(site_dir, folders)
        else:
            self.index(site_dir, folders)

    def index(self, site_dir: Path, folders: list[str], *, one_thread: bool = False) -> None:
        """Index the written pages of the languages in folders for the online search."""
        search.index_site(site_dir, folders, one_thread=one_thread)

    def index_aside(self, site_dir: Path, folders: list[str]) -> None:
        """Index on the other core while the reader looks at the rebuilt page (live preview).

        Pagefind takes about a second at 100 roles, five at 1,000 (one language): the page
        is shown before it, and the next save stops it (stop_indexing). Errors are logged,
        and the preview goes on without search.
        """
        self.stop_indexing()
        # The last index is of the pages before this build: a search meanwhile would find
        # what they said, and a search worker that loaded it would keep it. It goes out of
        # sight at once, and is removed on the other core.
        stale = search.set_aside(site_dir)
        indexing = search.Indexing(site_dir, folders)
        thread = threading.Thread(target=self._finish_quietly, args=(indexing, stale))
        self._indexing.append((indexing, thread))
        thread.start()

    def _finish_quietly(self, indexing: search.Indexing, stale: Path | None = None) -> None:
        if stale:
            shutil.rmtree(stale, ignore_errors=True)
        try:
            indexing.finish()
        except search.SearchIndexError as error:
            if not indexing.cancelled:
                logging.getLogger("mkdocs").error(str(error))

    def stop_indexing(self) -> None:
        """Before a build rewrites the pages: an index of the last ones would be stale."""
        for indexing, thread in self._indexing:
            indexing.cancel()
            thread.join()
            indexing.remove_output()
        self._indexing.clear()


def _role_inputs(role: Role, catalogue: Catalogue) -> tuple:
    """What a role's pages are rendered from besides the data every page shares: the role,
    and the names and addresses of the roles its pages link to."""
    linked = [catalogue.role(rid) for rid in role.related]
    ladders = catalogue.ladders_with(role.id)
    for ladder in ladders:
        linked.extend(catalogue.role(rid) for rid in ladder.roles)
    # Marks are not part of a record's equality; the line is in the correction link.
    line = role.marks[""].line if "" in role.marks else None
    names = tuple(
        (code, text.title, text.slug) for other in linked for code, text in other.texts.items()
    )
    return (role, line, names, tuple(ladders))


def missing_sources(root: Path) -> str | None:
    """A plain message when the project's data file or pages' folder is not there."""
    return sites.missing_sources(root / DATA_FILE, root / DOCS, DATA_FILE)


def fingerprint(data_file: Path, docs: Path, edition: render.Edition) -> str:
    """Changes whenever anything a build reads of the project changes."""
    digest = hashlib.sha256(data_file.read_bytes())
    digest.update(repr((edition, dt.date.today())).encode())
    for path in sorted([*docs.rglob("*"), *LOCALES_DIR.glob("*.yaml")]):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def languages_in_order(default: str, codes: Sequence[str]) -> list[str]:
    """The order in which the whole site's files list the languages: the default first."""
    return [default, *(code for code in codes if code != default)]


__all__ = ["Builder", "ErrorSite", "Generated", "Language"]
