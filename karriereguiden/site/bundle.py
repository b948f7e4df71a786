"""Offline bundles: a built site folder becomes a zip that works from file://.

Zips are reproducible: entries sorted, timestamps set to the data date, fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..pages.languages import Language
from .gitinfo import git

# Only useful on a web server; a bundle is smaller without them.
_LEAVE_OUT = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")
_LUNR = "assets/javascripts/lunr/"
# The search worker always loads these; the rest of lunr/ only for the languages it searches.
_LUNR_ALWAYS = ("min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js")


def _bundled_files(site_dir: Path) -> dict[str, bytes]:
    """The files a reader's browser can load: no source maps, no unused search languages."""
    config = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))["config"]
    lunr = {*_LUNR_ALWAYS, *(f"min/lunr.{lang}.min.js" for lang in config["lang"])}
    files = {}
    for path in site_dir.rglob("*"):
        name = path.relative_to(site_dir).as_posix()
        if not path.is_file() or name in _LEAVE_OUT or name.endswith(".map"):
            continue
        if name.startswith(_LUNR) and name.removeprefix(_LUNR) not in lunr:
            continue
        files[name] = path.read_bytes()
    return files


def data_date(root: Path, data_file: str = "data/roles.yaml") -> dt.date:
    """The date of the last commit that changed the data; the file's date outside git."""
    date = git(root, "log", "-1", "--format=%cs", "--", data_file)
    if date:
        return dt.date.fromisoformat(date)
    return dt.date.fromtimestamp((root / data_file).stat().st_mtime)


def version(root: Path) -> str:
    """'<data date>-<commit>', with '-local' when the work tree has uncommitted changes."""
    commit = git(root, "rev-parse", "--short=7", "HEAD")
    if commit is None:
        return f"{data_date(root).isoformat()}-nogit"
    dirty = git(root, "status", "--porcelain", "--untracked-files=no")
    return f"{data_date(root).isoformat()}-{commit}{'-local' if dirty else ''}"


def online_url(site_dir: Path) -> str:
    """The published address, as the build wrote it into the home page's canonical link."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return found.group(1) if found else ""


def readme(language: Language, version_text: str, date: dt.date, url: str) -> tuple[str, bytes]:
    text = language.word("bundle_readme", version=version_text, date=date.isoformat(), url=url)
    # CRLF: the readers of these files often open them in Windows Notepad.
    return language.words["bundle_readme_name"], text.replace("\n", "\r\n").encode("utf-8")


def write_zip(
    site_dir: Path, zip_path: Path, folder: str, extra: Mapping[str, bytes], date: dt.date
) -> int:
    """Zip ``site_dir`` under ``folder/`` plus ``extra`` files; returns the zip's size."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    entries = _bundled_files(site_dir)
    entries.update(extra)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, entries[name])
    return zip_path.stat().st_size
