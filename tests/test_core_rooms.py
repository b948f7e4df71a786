"""The core's folders show its jobs, and no room imports from one above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "karriereguiden"
# Bottom to top: each may import from those before it.
ROOMS = ("data", "pages", "site", "editor")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.name != "__init__.py")


def _room(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _imported_rooms(path: Path) -> set[str]:
    """The rooms a module imports from, by absolute or relative import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(ROOT).with_suffix("").parts[:-1]  # its package
    rooms = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = [*base, *(node.module or "").split(".")]
                names = [alias.name for alias in node.names] if not node.module else []
            else:
                target = (node.module or "").split(".")
                names = []
            if target[0] != "karriereguiden":
                continue
            parts = [part for part in target[1:] if part]
            if parts:
                rooms.add(parts[0])
            rooms.update(name for name in names if name in ROOMS)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "karriereguiden" and len(parts) > 1:
                    rooms.add(parts[1])
    return rooms


def test_every_module_lives_in_one_of_the_four_rooms():
    assert {_room(path) for path in MODULES} == set(ROOMS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_from_a_room_above_its_own(path):
    own = ROOMS.index(_room(path))
    above = {room for room in _imported_rooms(path) if ROOMS.index(room) > own}
    assert not above, f"{path.relative_to(ROOT)} imports from {sorted(above)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_of_the_core_imports_mkdocs(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0] for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level
    }  # fmt: skip
    assert "mkdocs" not in imported and "material" not in imported
