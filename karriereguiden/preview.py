"""The live preview on a data error: a page that shows the problems instead of a blank wait.

While `mkdocs serve` runs, a data error must not fail the build: the server then keeps
every browser waiting until a build succeeds. Instead the build stages an empty site, and
the finished site is replaced by one page, served for every address, that lists the
problems and reloads itself once the data builds again (see hooks/karriereguiden_hooks.py).
A normal build still fails on the same errors.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import render
from .errors import DataErrors
from .languages import load_languages
from .model import Catalogue
from .site import StagedSite


@dataclass(frozen=True)
class ErrorSite(StagedSite):
    """A staged site with no pages, built only so that the server has something to show."""

    errors: DataErrors | None = None


def stage(out_dir: Path, errors: DataErrors, edition: render.Edition) -> ErrorSite:
    languages = tuple(load_languages())
    for lang in languages:
        # A home page per language keeps the i18n plugin from warning; show() removes it.
        (out_dir / lang.code).mkdir(parents=True, exist_ok=True)
        (out_dir / lang.code / "index.md").write_text("# …\n", encoding="utf-8")
    empty = Catalogue(sources={}, roles=(), stale_after_years=0, exchange_rates=(), ladders=())
    return ErrorSite(
        docs_dir=out_dir,
        catalogue=empty,
        languages=languages,
        alternates={},
        nav={lang.code: ["index.md"] for lang in languages},
        files={},
        expected=frozenset(f"{lang.code}/index.md" for lang in languages),
        keys={},
        edition=edition,
        errors=errors,
    )


def error_page(errors: DataErrors) -> str:
    """A page with everything inline: it is served for any address, at any depth."""
    report = errors.report()
    return render._render_html(
        "preview-errors.html.j2",
        errors=errors.errors,
        count=len(errors.errors),
        # The page reloads when what the server sends for its address no longer carries it.
        fingerprint=hashlib.sha256(report.encode("utf-8")).hexdigest()[:16],
    )


def show(site_dir: Path, errors: DataErrors) -> None:
    """Replace the built site with the error page, which the server sends for any address.

    Emptied first: a `--dirty` preview keeps the last good pages, which would be shown as
    if nothing were wrong.
    """
    for path in site_dir.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    (site_dir / "404.html").write_text(error_page(errors), encoding="utf-8")
