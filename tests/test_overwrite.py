"""Files written over in place (karriereguiden/site/overwrite.py), as every build writes the
site over the files of the site before the last one."""

from __future__ import annotations

import sys
from pathlib import Path

import mkdocs.utils

from karriereguiden.site import overwrite


def test_a_file_written_over_a_longer_one_holds_only_the_new_bytes_and_is_the_same_file(
    tmp_path,
):
    path = tmp_path / "index.html"
    path.write_bytes(b"<p>an old page, longer than the new one</p>")
    inode = path.stat().st_ino
    overwrite.write(str(path), b"<p>new</p>")
    assert path.read_bytes() == b"<p>new</p>"
    assert path.stat().st_ino == inode


def test_a_file_written_over_a_shorter_one_or_none_holds_exactly_the_new_bytes(tmp_path):
    longer = "æøå " * 50_000  # larger than one write may take at once on some systems
    shorter = tmp_path / "short.html"
    shorter.write_bytes(b"x")
    overwrite.write(str(shorter), longer.encode("utf-8"))
    assert shorter.read_text("utf-8") == longer
    overwrite.write(str(tmp_path / "new.html"), b"")
    assert (tmp_path / "new.html").read_bytes() == b""


def test_a_page_written_for_the_site_generator_gets_its_missing_folders(tmp_path):
    path = tmp_path / "no" / "yrker" / "kundeservicesjef" / "index.html"
    overwrite.write_file(b"<p>side</p>", str(path))
    assert path.read_bytes() == b"<p>side</p>"


def test_the_parallel_build_has_mkdocs_write_its_pages_in_place_and_then_restores_it(
    monkeypatch,
):
    sys.path.insert(0, str(Path(__file__).parents[1] / "hooks"))
    try:
        import parallel_build
    finally:
        sys.path.pop(0)
    seen = []

    def main(args, **kwargs):
        seen.append((mkdocs.utils.write_file, mkdocs.utils.clean_directory("anything")))

    own = mkdocs.utils.write_file
    monkeypatch.setattr(parallel_build.cli, "main", main)
    assert parallel_build._mkdocs_build([], parallel_build.State()) == 0
    assert seen == [(overwrite.write_file, None)]
    assert mkdocs.utils.write_file is own
