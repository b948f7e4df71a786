"""Joining the languages' parts of the parallel build: what may differ between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from karriereguiden.site import parallel


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_shared_file_that_differs_between_parts_stops_the_join(tmp_path):
    base = _write(tmp_path / "da", {"assets/site.css": "a {}"})
    part = _write(tmp_path / "no", {"assets/site.css": "b {}"})
    with pytest.raises(parallel.CannotJoin, match=r"'no' build wrote assets/site\.css"):
        parallel._check_shared_files(part, base, "no")


def test_a_file_outside_its_folder_that_only_one_part_writes_stops_the_join(tmp_path):
    base = _write(tmp_path / "da", {"index.html": "da"})
    part = _write(tmp_path / "sv", {"extra/stray.html": "sv"})
    with pytest.raises(parallel.CannotJoin, match=r"'sv' build wrote extra/stray\.html"):
        parallel._check_shared_files(part, base, "sv")


def test_a_parts_own_pages_search_index_and_whole_site_files_are_not_compared(tmp_path):
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
    parallel._check_shared_files(part, base, "no")  # raises nothing
