"""The live preview on a data error: a page that shows the problems instead of a blank wait.

While `mkdocs serve` runs, a data error must not fail the build: the server then keeps
every browser waiting until a build succeeds. Instead the build makes a site without
generated pages (build.ErrorSite), and the finished site is replaced by one page, served
for every address, that lists the problems and reloads itself once the data builds again
(see hooks/karriereguiden_hooks.py).
A normal build still fails on the same errors.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..data.errors import DataErrors
from ..pages import render


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
