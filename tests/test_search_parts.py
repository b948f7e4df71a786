"""A language of many pages is indexed by Pagefind in parts, and the parts are joined into
the index one run writes (karriereguiden/site/pagefindparts.py).

Pagefind holds every page's words until it writes its index: at 1,000 roles one run on a
language's 3,004 pages peaks at 533 MiB. The tests run the pinned Pagefind on small sites
and compare the joined index with one run's, file by file.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import random
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from karriereguiden.site import pagefindparts, search

# Words of each language, with and without its own letters: Pagefind indexes "løn" as "lon"
# and keeps "løn" as a variant, which the join must carry too.
_TEXTS = {
    "da": "løn uddannelse kundeservice ændring åben årsløn arbejde opgaver leder kunder "
    "vagtplan erfaring kursus svar telefon chat mail team mål overblik",
    "nb": "lønn utdanning kundeservice endring åpen årslønn arbeid oppgaver leder kunder "
    "vaktplan erfaring kurs svar telefon chat e-post team mål oversikt",
    "sv": "lön utbildning kundtjänst ändring öppen årslön arbete uppgifter chef kunder "
    "schema erfarenhet kurs svar telefon chatt mejl team mål överblick",
}
WORDS = {lang: text.split() for lang, text in _TEXTS.items()}
FOLDERS = {"da": "", "nb": "no/", "sv": "sv/"}
ROLES = {"da": "roller", "nb": "no/yrker", "sv": "sv/yrken"}


def _page(lang: str, title: str, text: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>'
        f'<article class="md-content__inner"><h1>{title}</h1><p>{text}</p></article>'
        "</body></html>"
    )


def _site(site: Path, roles: int, words_per_page: int) -> Path:
    """Three languages, each a home page and a role page, FAQ and salary page per role, of
    words drawn at random (seeded) from the language's words and some of the role's own."""
    rng = random.Random(25)
    for lang, folder in FOLDERS.items():
        pages = {f"{folder}index.html": "forside"}
        for number in range(roles):
            role = f"{ROLES[lang]}/rolle-{number}"
            for sub in ("", "faq/", "loen/"):
                pages[f"{role}/{sub}index.html"] = f"rolle{number} {sub.strip('/')}"
        for rel, title in pages.items():
            own = [f"ord{rng.randrange(400)}" for _ in range(20)]
            text = " ".join(rng.choice(WORDS[lang] + own) for _ in range(words_per_page))
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(_page(lang, title, text), encoding="utf-8")
    return site


def _index_files(site: Path) -> dict[str, bytes]:
    """The index as readers get it, each Pagefind data file unpacked."""
    files = {}
    for path in (site / search.OUTPUT).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix.startswith(".pf_"):
                data = gzip.decompress(data)
            files[str(path.relative_to(site / search.OUTPUT))] = data
    return files


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory):
    """A site whose word index is cut into several chunks: 14 roles of 600-word pages make
    more than 20,000 places in each language."""
    return _site(tmp_path_factory.mktemp("parts") / "site", roles=14, words_per_page=600)


def test_a_language_indexed_in_parts_gets_the_index_one_run_writes(many_pages, monkeypatch):
    search.index_site(many_pages, list(FOLDERS.values()))
    whole = _index_files(many_pages)
    assert sum(name.startswith("index/da_") for name in whole) > 1  # several chunks
    monkeypatch.setattr(search, "PART_PAGES", 10)
    assert [len(parts) for parts in search.language_parts(many_pages, [*FOLDERS.values()])] == [
        5, 5, 5,
    ]  # fmt: skip
    search.index_site(many_pages, list(FOLDERS.values()))
    assert _index_files(many_pages) == whole


def test_a_language_built_by_its_own_process_is_indexed_in_parts_as_in_one_run(
    tmp_path, monkeypatch
):
    """The per-language build indexes each language alone, the default one at its root."""
    site = _site(tmp_path / "site", roles=14, words_per_page=600)
    for folder in ("no", "sv"):
        shutil.rmtree(site / folder)
    search.index_site(site)
    whole = _index_files(site)
    monkeypatch.setattr(search, "PART_PAGES", 10)
    assert len(search.language_parts(site, [""])[0]) == 5
    search.index_site(site)
    assert _index_files(site) == whole


def test_words_with_their_languages_own_letters_keep_them_in_the_joined_index(
    many_pages, monkeypatch
):
    monkeypatch.setattr(search, "PART_PAGES", 10)
    search.index_site(many_pages, list(FOLDERS.values()))
    files = _index_files(many_pages)
    chunks = b"".join(data for name, data in files.items() if name.startswith("index/da_"))
    assert "løn".encode() in chunks and "ændring".encode() in chunks
    entry = json.loads(files[search.ENTRY])
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == {
        "da": 43, "nb": 43, "sv": 43,
    }  # fmt: skip


def test_a_language_of_more_pages_than_one_run_reads_is_cut_into_consecutive_parts(
    tmp_path, monkeypatch
):
    site = _site(tmp_path / "site", roles=4, words_per_page=5)
    monkeypatch.setattr(search, "PART_PAGES", 5)
    folders = list(FOLDERS.values())
    for folder, parts in zip(folders, search.language_parts(site, folders), strict=True):
        pages = search.language_pages(site, folder, folders)
        assert len(pages) == 13 and len(parts) == 3
        named = [_pages_of(glob, pages) for glob in parts]
        assert [len(part) for part in named] == [4, 5, 4]
        assert [page for part in named for page in part] == pages
        assert any("/**/index.html" in glob for glob in parts)  # a whole role's folder


def _pages_of(glob: str, pages: list[str]) -> list[str]:
    """The pages a part's glob names: a folder's by "folder/**/index.html", or one by one."""
    items = _expanded(glob)
    folders = [item.removesuffix("**/index.html") for item in items if "**" in item]
    return [page for page in pages if page in items or page.startswith(tuple(folders))]


def _expanded(glob: str) -> list[str]:
    """A glob's alternatives written out, braces within braces too: "{a,b/{c,d}}" is a,
    b/c and b/d."""
    start = glob.find("{")
    if start < 0:
        return [glob]
    depth, cuts = 0, [start]
    for at in range(start, len(glob)):
        depth += {"{": 1, "}": -1}.get(glob[at], 0)
        if glob[at] == "," and depth == 1:
            cuts.append(at)
        if depth == 0:
            cuts.append(at)
            break
    head, tail = glob[:start], glob[cuts[-1] + 1 :]
    return [
        item
        for left, right in itertools.pairwise(cuts)
        for item in _expanded(head + glob[left + 1 : right] + tail)
    ]


def test_a_part_names_the_role_folders_of_one_parent_in_one_alternative(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", roles=6, words_per_page=5)
    monkeypatch.setattr(search, "PART_PAGES", 10)
    parts = search.language_parts(site, ["no/"])[0]
    assert len(parts) == 2
    # Pagefind matches every path against every alternative of the glob: fewer is faster.
    assert any(re.search(r"no/yrker/\{[^{}/]+,[^{}/]+\}/\*\*/index\.html", g) for g in parts)
    assert _expanded("{a,b/{c,d}/**/index.html}") == ["a", "b/c/**/index.html", "b/d/**/index.html"]


def test_a_language_of_few_pages_is_indexed_in_one_run_by_its_own_glob(tmp_path):
    site = _site(tmp_path / "site", roles=4, words_per_page=5)
    folders = list(FOLDERS.values())
    assert search.language_parts(site, folders) == [
        [glob] for glob in search.language_globs(site, folders)
    ]


def test_a_page_path_a_glob_would_misread_is_refused(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", roles=2, words_per_page=5)
    odd = site / "no" / "yrker" / "a,b" / "index.html"
    odd.parent.mkdir()
    odd.write_text(_page("nb", "a", "b"), encoding="utf-8")
    monkeypatch.setattr(search, "PART_PAGES", 2)
    with pytest.raises(search.SearchIndexError, match=r"no plain name: \['no/yrker/a,b/index"):
        search.language_parts(site, list(FOLDERS.values()))


# -- the join on its own, with parts written here ------------------------------------------


def _pack(body: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + body, mtime=0)


def _full_hash(data: bytes) -> str:
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _part(folder: Path, fragments: dict[str, bytes], *, filters: list | None = None) -> Path:
    """A part's index of da with no words: its pages' fragments, as Pagefind names them."""
    names = []
    for text in fragments.values():
        name = f"da_{_full_hash(text)[:7]}"
        (folder / "fragment").mkdir(parents=True, exist_ok=True)
        (folder / "fragment" / f"{name}.pf_fragment").write_bytes(_pack(text))
        names.append(name)
    meta = ["1.6.0", [[name, 3, ""] for name in names], [], filters or [], [], ["title"]]
    body = pagefindparts.encode(meta)
    meta_name = f"da_{_full_hash(body)[:10]}"
    (folder / f"pagefind.{meta_name}.pf_meta").write_bytes(_pack(body))
    (folder / "index").mkdir()
    entry = {"version": "1.6.0", "languages": {"da": {"hash": meta_name, "page_count": len(names)}}}
    (folder / search.ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    return folder


def _joined_pages(folder: Path) -> list:
    entry = json.loads((folder / search.ENTRY).read_text(encoding="utf-8"))
    meta = folder / f"pagefind.{entry['languages']['da']['hash']}.pf_meta"
    return pagefindparts.decode(gzip.decompress(meta.read_bytes())[12:])[1]


def _colliding_texts() -> tuple[bytes, bytes]:
    """Two page texts whose hashes start alike, as two of 3,000 pages' do about once in a
    hundred sites: Pagefind names a fragment by the first seven characters."""
    seen: dict[str, bytes] = {}
    for number in range(1_000_000):
        text = json.dumps({"url": f"/side-{number}/"}).encode()
        short = _full_hash(text)[:5]  # five characters: found in a few thousand tries
        if short in seen:
            return seen[short], text
        seen[short] = text
    raise AssertionError("no two texts found")


def test_pages_of_two_parts_whose_names_meet_are_named_as_one_run_names_them(tmp_path, monkeypatch):
    one, other = _colliding_texts()
    first = _part(tmp_path / "0", {"a": one})
    second = _part(tmp_path / "1", {"b": other})
    # As if Pagefind had cut the names at five characters: the second page's name is taken.
    for part, text in ((first, one), (second, other)):
        path = next((part / "fragment").iterdir())
        path.rename(part / "fragment" / f"da_{_full_hash(text)[:5]}.pf_fragment")
    for part in (first, second):
        entry = json.loads((part / search.ENTRY).read_text(encoding="utf-8"))
        meta = part / f"pagefind.{entry['languages']['da']['hash']}.pf_meta"
        body = pagefindparts.decode(gzip.decompress(meta.read_bytes())[12:])
        body[1][0][0] = body[1][0][0][:8]
        meta.write_bytes(_pack(pagefindparts.encode(body)))
    pagefindparts.join([first, second])
    names = [page[0] for page in _joined_pages(first)]
    assert names == [f"da_{_full_hash(one)[:5]}", f"da_{_full_hash(other)[:6]}"]
    for name, text in zip(names, (one, other), strict=True):
        assert (
            gzip.decompress((first / "fragment" / f"{name}.pf_fragment").read_bytes())[12:] == text
        )


def test_one_page_text_in_two_parts_is_one_fragment_both_pages_point_to(tmp_path):
    text = b'{"url":"/same/"}'
    first = _part(tmp_path / "0", {"a": text})
    second = _part(tmp_path / "1", {"b": text})
    pagefindparts.join([first, second])
    names = [page[0] for page in _joined_pages(first)]
    assert names == [f"da_{_full_hash(text)[:7]}"] * 2
    assert len(list((first / "fragment").iterdir())) == 1


def test_parts_with_filters_are_not_joined(tmp_path):
    first = _part(tmp_path / "0", {"a": b"{}"}, filters=[["kind", "da_1234567"]])
    second = _part(tmp_path / "1", {"b": b"[]"})
    with pytest.raises(pagefindparts.JoinError, match="filters or sorts, which are not joined"):
        pagefindparts.join([first, second])


def test_a_chunk_pagefind_did_not_write_is_refused_by_its_name(tmp_path):
    first = _part(tmp_path / "0", {"a": b"{}"})
    second = _part(tmp_path / "1", {"b": b"[]"})
    entry = json.loads((second / search.ENTRY).read_text(encoding="utf-8"))
    meta_path = second / f"pagefind.{entry['languages']['da']['hash']}.pf_meta"
    meta = pagefindparts.decode(gzip.decompress(meta_path.read_bytes())[12:])
    meta[2] = [["a", "z", "da_bad0000"]]
    meta_path.write_bytes(_pack(pagefindparts.encode(meta)))
    (second / "index" / "da_bad0000.pf_index").write_bytes(_pack(b"\x81\x81\x82"))
    with pytest.raises(pagefindparts.JoinError, match=r"da_bad0000\.pf_index: a word"):
        pagefindparts.join([first, second])


# -- the join as Indexing runs it: a process of its own --------------------------------------


def _two_part_language(monkeypatch, made: list[Path]) -> None:
    """Indexing of one language in two parts, whose runs copy the indexes in made."""
    runs = iter(made)
    monkeypatch.setattr(search, "language_parts", lambda site, folders: [["one", "two"]])
    monkeypatch.setattr(
        search, "pagefind_command", lambda s, out, glob: ["cp", "-r", f"{next(runs)}/.", str(out)]
    )


def test_parts_that_cannot_be_joined_fail_the_index_with_the_joins_reason(tmp_path, monkeypatch):
    first = _part(tmp_path / "0", {"a": b"{}"}, filters=[["kind", "da_1234567"]])
    second = _part(tmp_path / "1", {"b": b"[]"})
    _two_part_language(monkeypatch, [first, second])
    (tmp_path / "site").mkdir()
    not_joined = r"parts were not joined:\n.*filters or sorts"
    with pytest.raises(search.SearchIndexError, match=not_joined):
        search.index_site(tmp_path / "site")
    assert not (tmp_path / "site" / search.OUTPUT).exists()


def test_the_preview_stops_a_join_at_once_when_a_page_is_saved(tmp_path, monkeypatch):
    """A second of joining at 1,000 roles would hold the rebuild after a save back."""
    first = _part(tmp_path / "0", {"a": b"{}"})
    second = _part(tmp_path / "1", {"b": b"[]"})
    _two_part_language(monkeypatch, [first, second])
    monkeypatch.setattr(search.pagefindparts, "command", lambda parts: (["sleep", "60"], None))
    (tmp_path / "site").mkdir()
    indexing = search.Indexing(tmp_path / "site")
    outcome = []
    waiting = threading.Thread(target=lambda: outcome.append(_finished(indexing)))
    waiting.start()
    deadline = time.monotonic() + 30
    while indexing._process.args != ["sleep", "60"] and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    indexing.cancel()
    waiting.join()
    assert time.monotonic() - started < 5
    assert outcome == ["stopped"] and not indexing._scratch.exists()


def _finished(indexing: search.Indexing) -> str:
    try:
        indexing.finish()
    except search.SearchIndexError:
        return "stopped"
    return "finished"
