"""The pinned Pagefind binary: fetched from npm's registry, checked, kept in the environment."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from karriereguiden.site import pagefindbin, search

BINARY = b"#!/bin/sh\necho pagefind\n"


def archive(members: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return data.getvalue()


def integrity(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


@pytest.fixture
def registry(monkeypatch, tmp_path):
    """A registry that serves one archive, pinned as this platform's, and an empty prefix."""
    served: dict = {"urls": []}

    def serve(data: bytes, pinned: str | None = None) -> None:
        monkeypatch.setattr(
            pagefindbin, "_package", lambda: ("linux-x64", pinned or integrity(data))
        )
        served["data"] = data

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(url, timeout):
        served["urls"].append(url)
        return Response(served["data"])

    monkeypatch.setattr(pagefindbin.urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "env"))
    served["serve"] = serve
    return served


def test_install_keeps_the_binary_of_the_pinned_archive_in_the_environment(registry, tmp_path):
    registry["serve"](archive({pagefindbin._MEMBER: BINARY, "package/README.md": b"hi"}))
    path = pagefindbin.install()
    assert path == tmp_path / "env" / "pagefind" / pagefindbin.VERSION / pagefindbin._NAME
    assert path.read_bytes() == BINARY
    assert os.access(path, os.X_OK)
    assert sorted(p.name for p in path.parent.iterdir()) == [pagefindbin._NAME]
    assert registry["urls"] == [
        f"https://registry.npmjs.org/@pagefind/linux-x64/-/linux-x64-{pagefindbin.VERSION}.tgz"
    ]
    assert pagefindbin.executable() == path


def test_install_fetches_nothing_when_the_binary_is_there(registry):
    registry["serve"](archive({pagefindbin._MEMBER: BINARY}))
    first = pagefindbin.install()
    assert pagefindbin.install() == first
    assert len(registry["urls"]) == 1


def test_an_archive_unlike_the_pinned_one_installs_nothing(registry, tmp_path):
    registry["serve"](archive({pagefindbin._MEMBER: BINARY}), pinned=integrity(b"another"))
    with pytest.raises(pagefindbin.PagefindUnavailable, match="not the archive npm published"):
        pagefindbin.install()
    assert not (tmp_path / "env").exists()


def test_an_archive_without_the_binary_installs_nothing(registry, tmp_path):
    registry["serve"](archive({"package/bin/other": BINARY, "../../escape": BINARY}))
    with pytest.raises(pagefindbin.PagefindUnavailable, match=f"holds no {pagefindbin._MEMBER}"):
        pagefindbin.install()
    folder = tmp_path / "env" / "pagefind" / pagefindbin.VERSION
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not (tmp_path / "escape").exists()


def test_a_missing_binary_fails_the_search_index_with_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    with pytest.raises(search.SearchIndexError, match=r"python3 dev\.py build` installs it"):
        search.pagefind_executable()


def test_a_platform_without_a_binary_is_named(monkeypatch):
    monkeypatch.setattr(pagefindbin.platform, "system", lambda: "Plan9")
    monkeypatch.setattr(pagefindbin.platform, "machine", lambda: "mips")
    with pytest.raises(pagefindbin.PagefindUnavailable, match="no binary for Plan9 mips"):
        pagefindbin._package()


def test_the_installed_binary_is_the_pinned_release():
    # dev.py installs it with the environment; the build and these tests run it.
    executable = pagefindbin.executable()
    assert executable.parent == Path(sys.prefix) / "pagefind" / pagefindbin.VERSION
    version = subprocess.run([executable, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.split() == ["pagefind", pagefindbin.VERSION]
