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


def _part(folder: Path, lang: str, default: str) -> None:
    """What a language's build writes, as small as the join takes it."""
    sitemap = f'<?xml version="1.0"?>\n<urlset>\n<url>{lang}</url>\n</urlset>'
    pages = "" if lang == default else f"{lang}/"
    _write(
        folder,
        {
            f"{pages}index.html": lang,
            "assets/site.css": "a {}",
            "sitemap.xml": sitemap,
            "search/search_index.json": '{"config": {}, "docs": []}',
        },
    )
    (folder / "sitemap.xml.gz").write_bytes(parallel._gzip(sitemap, 0))


def _build_one(failing: str = ""):
    def build_one(lang: str, folder: Path) -> None:
        if lang == failing:
            raise SystemExit(1)
        _part(folder, lang, "da")

    return build_one


def test_a_joined_build_replaces_the_last_site_and_leaves_no_parts_behind(tmp_path):
    site = _write(tmp_path / "site", {"stale/index.html": "old", "no/old.html": "old"})
    parallel.build_per_language(["da", "no"], site, _build_one())
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == [
        "assets/site.css", "index.html", "no/index.html", "search/search_index.json",
        "sitemap.xml", "sitemap.xml.gz",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_language_leaves_the_last_site_as_it_was_and_no_parts_behind(tmp_path):
    site = _write(tmp_path / "site", {"index.html": "old", "no/index.html": "gammel"})
    with pytest.raises(parallel.PartsFailed, match="no"):
        parallel.build_per_language(["da", "no"], site, _build_one(failing="no"))
    assert (site / "index.html").read_text("utf-8") == "old"
    assert (site / "no/index.html").read_text("utf-8") == "gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_removing_a_tree_removes_every_level_but_not_what_a_link_points_to(tmp_path):
    outside = _write(tmp_path / "outside", {"keep.txt": "keep"})
    tree = _write(
        tmp_path / "tree",
        {"top.txt": "1", "a/b.txt": "2", "a/b/c.txt": "3", "a/b/c/d/e.txt": "4"},
    )
    (tree / "a" / "b" / "link").symlink_to(outside, target_is_directory=True)
    (tree / "a" / "link").symlink_to(outside, target_is_directory=True)
    parallel.remove_tree(tree)
    assert not tree.exists()
    assert (outside / "keep.txt").read_text("utf-8") == "keep"
