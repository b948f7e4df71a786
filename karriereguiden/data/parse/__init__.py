"""Turn the YAML node tree into the model, checking everything ``schema.py`` declares.

All problems are collected, not just the first, and each names file, line, column, the
record it belongs to (role, language, salary) and what was expected.

The reading is split by what it reads:

- ``report``: the problems found, and the positions of values;
- ``scalars``: single values (text, whole numbers, decimals) and their checks;
- ``structure``: lists, mappings, per-language entries and records, by the schema;
- ``record_checks``: one record's checks across its fields (a salary's range, other names);
- ``catalogue_checks``: checks across the whole catalogue (ids, references, rates);
- ``incremental``: reading the file again after an edit, re-reading only the roles changed.

This module holds the ways in: a node tree, a text, a file or its bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..model import Catalogue
from ..yamlstrict import Node, compose_bytes, compose_text
from .catalogue_checks import read_catalogue
from .incremental import CatalogueLoader, paused_collector
from .report import Report
from .structure import Reader

__all__ = ["CatalogueLoader", "load_bytes", "load_file", "load_text", "parse_node"]


def parse_node(
    node: Node,
    file: str,
    languages: Sequence[str],
    today: dt.date | None = None,
    source: str | bytes | None = None,
) -> Catalogue:
    return read_catalogue(node, Reader(Report(file, source), languages), today)


def load_text(
    text: str, file: str, languages: Sequence[str], today: dt.date | None = None
) -> Catalogue:
    return parse_node(compose_text(text, file), file, languages, today, text)


def load_file(
    path: Path,
    languages: Sequence[str],
    display_name: str | None = None,
    today: dt.date | None = None,
) -> Catalogue:
    return load_bytes(path.read_bytes(), languages, display_name or str(path), today)


def load_bytes(
    raw: bytes, languages: Sequence[str], name: str, today: dt.date | None = None
) -> Catalogue:
    with paused_collector():
        return parse_node(compose_bytes(raw, name), name, languages, today, raw)
