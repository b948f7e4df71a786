"""Joining the languages' parts of the parallel build: what may differ between them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture
def parallel_build(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))  # it imports the hook next to it
    name, path = "parallel_build", ROOT / "hooks" / "parallel_build.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_shared_file_that_differs_between_parts_stops_the_join(parallel_build, tmp_path):
    base = _write(tmp_path / "da", {"assets/site.css": "a {}"})
    part = _write(tmp_path / "no", {"assets/site.css": "b {}"})
    with pytest.raises(parallel_build._CannotJoin, match=r"'no' build wrote assets/site\.css"):
        parallel_build._check_shared_files(part, base, "no")


def test_a_file_outside_its_folder_that_only_one_part_writes_stops_the_join(
    parallel_build, tmp_path
):
    base = _write(tmp_path / "da", {"index.html": "da"})
    part = _write(tmp_path / "sv", {"extra/stray.html": "sv"})
    with pytest.raises(parallel_build._CannotJoin, match=r"'sv' build wrote extra/stray\.html"):
        parallel_build._check_shared_files(part, base, "sv")


def test_a_parts_own_pages_search_index_and_whole_site_files_are_not_compared(
    parallel_build, tmp_path
):
    shared = {"assets/site.css": "a {}"}
    base = _write(tmp_path / "da", {**shared, "sitemap.xml": "da", "404.html": "da"})
    part = _write(
        tmp_path / "no",
        {
            **shared,
            "no/yrker/index.html": "no",
            "pagefind/fragment/no_1.pf_fragment": "no",
            "sitemap.xml": "no",
            "404.html": "no",
        },
    )
    parallel_build._check_shared_files(part, base, "no")  # raises nothing
