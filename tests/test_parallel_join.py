"""Joining the languages' parts of the parallel build: what may differ between them."""

from __future__ import annotations

import time
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


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in root.rglob("*")
        if p.is_file()
    }


JOINED = ["assets/site.css", "index.html", "no/index.html", "search/search_index.json",
          "sitemap.xml", "sitemap.xml.gz"]  # fmt: skip


def test_a_joined_build_replaces_the_last_site_and_keeps_it_beside_it(tmp_path):
    site = _write(tmp_path / "site", {"stale/index.html": "old", "no/old.html": "old"})
    parallel.build_per_language(["da", "no"], site, _build_one())
    assert sorted(_files(site)) == JOINED
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.previous", "site"]
    assert _files(tmp_path / ".site.previous") == {"stale/index.html": "old", "no/old.html": "old"}


def test_a_build_writes_over_the_kept_site_and_removes_what_it_no_longer_writes(tmp_path):
    site = tmp_path / "site"
    parallel.build_per_language(["da", "no"], site, _build_one())
    parallel.build_per_language(["da", "no"], site, _build_one())
    kept = parallel.previous_site(site)
    # Left in the kept site by an older build: a page, a language and a search index.
    _write(kept, {"gone/index.html": "x", "sv/index.html": "x", "pagefind/a.pf_index": "x"})
    inode = (kept / "no" / "index.html").stat().st_ino
    parallel.build_per_language(["da", "no"], site, _build_one())
    assert sorted(_files(site)) == JOINED
    assert not (site / "gone").exists() and not (site / "sv").exists()
    assert (site / "no" / "index.html").stat().st_ino == inode  # written over, not anew
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.previous", "site"]


def test_a_failed_language_leaves_the_last_site_as_it_was_and_no_parts_behind(tmp_path):
    site = _write(tmp_path / "site", {"index.html": "old", "no/index.html": "gammel"})
    _write(parallel.previous_site(site), {"index.html": "older"})
    with pytest.raises(parallel.PartsFailed, match="no"):
        parallel.build_per_language(["da", "no"], site, _build_one(failing="no"))
    assert _files(site) == {"index.html": "old", "no/index.html": "gammel"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_data_check_leaves_the_site_and_the_kept_site_as_they_were(tmp_path):
    site = tmp_path / "site"
    for _ in range(2):
        parallel.build_per_language(["da", "no"], site, _build_one())
    _write(
        parallel.previous_site(site), {"pagefind/da_1.pf_meta": "da", "pagefind/nb_1.pf_meta": "nb"}
    )
    before = {folder: _files(folder) for folder in (site, parallel.previous_site(site))}

    def load() -> None:
        raise ValueError("the data has errors")

    with pytest.raises(ValueError, match="errors"):
        parallel.build_per_language(["da", "no"], site, _build_one(), load)
    assert {folder: _files(folder) for folder in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.previous", "site"]


def test_a_failed_data_check_on_a_first_build_leaves_nothing_behind(tmp_path):
    def load() -> None:
        raise ValueError("the data has errors")

    with pytest.raises(ValueError):
        parallel.build_per_language(["da", "no"], tmp_path / "site", _build_one(), load)
    assert list(tmp_path.iterdir()) == []


def test_the_kept_site_is_taken_apart_while_the_data_is_checked(tmp_path):
    site = tmp_path / "site"
    parallel.build_per_language(["da", "no"], site, _build_one())
    parallel.build_per_language(["da", "no"], site, _build_one())
    seen = []

    def load() -> None:
        # The helper process has the kept site; this one waits for nothing but itself.
        deadline = time.monotonic() + 30
        while parallel.previous_site(site).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(parallel.previous_site(site).exists())

    parallel.build_per_language(["da", "no"], site, _build_one(), load)
    assert seen == [False]
    assert sorted(_files(site)) == JOINED


def test_a_whole_build_writes_over_the_kept_site_and_a_failed_one_changes_nothing(tmp_path):
    site = tmp_path / "site"
    for text in ("one", "two"):
        parallel.build_whole(site, lambda folder, text=text: _write(folder, {"index.html": text}))
    _write(parallel.previous_site(site), {"gone.html": "x"})
    parallel.build_whole(site, lambda folder: _write(folder, {"index.html": "three"}))
    assert _files(site) == {"index.html": "three"}
    assert _files(parallel.previous_site(site)) == {"index.html": "two"}

    def fail(folder: Path) -> None:
        _write(folder, {"index.html": "half"})
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError):
        parallel.build_whole(site, fail)
    assert _files(site) == {"index.html": "three"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_what_a_build_did_not_write_goes_with_the_folders_it_emptied(tmp_path):
    folder = _write(tmp_path / "site", {"a/old.html": "x", "b/kept.html": "x", "c/d/old": "x"})
    parallel.mark_unwritten(folder)
    (folder / "b" / "kept.html").write_text("written", encoding="utf-8")
    _write(folder, {"e/new.html": "new"})
    parallel.remove_unwritten(folder)
    assert _files(folder) == {"b/kept.html": "written", "e/new.html": "new"}
    assert sorted(p.name for p in folder.iterdir()) == ["b", "e"]


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
