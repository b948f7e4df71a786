"""The hook's own work, called directly: no MkDocs build."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from mkdocs.exceptions import PluginError

from karriereguiden import render, site
from tests.conftest import ROOT, TODAY, valid_yaml

EDITION = render.Edition(today=TODAY, directory_urls=True, data_url=None)


@pytest.fixture
def hooks(monkeypatch):
    name, path = "karriereguiden_hooks", ROOT / "hooks" / "karriereguiden_hooks.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def staged(tmp_path) -> site.StagedSite:
    data = tmp_path / "roles.yaml"
    data.write_text(valid_yaml(), encoding="utf-8")
    return site.prepare(data, ROOT / "docs", tmp_path / "staged", EDITION)


def _on_disk(staged: site.StagedSite) -> set[str]:
    root = staged.docs_dir
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_helper_and_the_build_write_every_staged_file_between_them(hooks, staged):
    hooks._write_with_helper("key", staged, "da", ["no", "sv"])
    assert {p for p in staged.keys if p.startswith("da/")} <= _on_disk(staged)
    hooks._await_background("key", "no")
    assert _on_disk(staged) == staged.expected


def test_a_helper_that_fails_stops_the_build_with_an_error(hooks, staged, monkeypatch):
    def write_languages(staged, codes, share=(0, 1)):
        if share == (1, 2):
            raise OSError("no space left on device")

    monkeypatch.setattr(site, "write_languages", write_languages)
    with pytest.raises(PluginError, match=r"writing the pages of 'da' failed \(exit code 1\)"):
        hooks._write_with_helper("key", staged, "da", ["no", "sv"])
