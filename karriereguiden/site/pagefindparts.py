"""One language's Pagefind index from runs on consecutive parts of its pages.

Pagefind holds every page's words, and a copy of them, until it writes the index: one run
on the 3,004 pages of a language at 1,000 roles peaks at 533 MiB, two runs on half of them
each at 275 MiB (bench/RESULTS.md). So search.Indexing runs Pagefind on parts of at most
search.PART_PAGES pages, in the order Pagefind walks the site, and join() makes of their
indexes the one a single run writes: the same files under the same names, each holding the
same bytes once unpacked (test_search_parts checks it against the pinned Pagefind). Readers
get the same index, whatever the number of parts.

What a part's index holds, and what join() does with it (Pagefind 1.6; every file is
"pagefind_dcd" and CBOR, gzipped, named after a SHA-1 of its CBOR):

- pagefind-entry.json names the language's metadata file and counts its pages;
- the metadata file lists the pages (each its fragment's name and word count) in the order
  they were read, then the word index's chunks (first word, last word, file); join() lists
  the parts' pages one after another and the chunks it writes;
- each fragment (fragment/) is a page's text, named after it alone: join() moves them;
- each chunk of the word index (index/) lists words in order, each with the pages it stands
  on: the page's number as the difference from the page before it in that list, then its
  places on the page. A part numbers its pages from 0, so joining the parts' lists of a word
  rewrites only the first page of each later part's list, and the rest is copied as bytes.
  The chunks are cut where Pagefind cuts them: after the word at which the places, pages
  and variants counted since the last cut reach 20,000 (_CHUNK_SIZE).

A part with filters or sorts (Pagefind's data-pagefind-filter, -sort) is refused: the site
uses neither, and their page lists would need joining too.

What it costs, measured on one language at 1,000 roles (two parts of 1,502 pages): 0.95 s
of CPU, of which 0.4 s reading the page lists (a regular expression over the bytes, where
decoding and encoding them with cbor2 took 1.65 s) and 0.36 s packing the 7 MB of chunks
as small as Pagefind does. With Pagefind's two runs taking 0.1-0.2 s more than one, a build
of 1,000 roles with a process per language takes about 1.4 s longer (bench/RESULTS.md).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ENTRY = "pagefind-entry.json"
_SIGNATURE = b"pagefind_dcd"
# Pagefind's own: a chunk ends once the places and pages counted in it reach this.
_CHUNK_SIZE = 20_000
# Level 8 packs the chunks as small as Pagefind does (474,625 bytes against 474,671 for one
# language at 1,000 roles) in two thirds of level 9's time; level 6 leaves them 4% larger.
_GZIP_LEVEL = 8

# CBOR, as far as Pagefind's word index uses it: whole numbers, and arrays of them.
_NUMBER = (
    rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}"
    rb"|[\x1a\x3a][\x00-\xff]{4}|[\x1b\x3b][\x00-\xff]{8})"
)
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
# A page in a word's list: [page number's difference, [places...], [places in metadata...]].
# A place is a number, and what follows the last one never starts as a number does, so the
# possessive repeats stop where the array ends without counting.
_PAGES = re.compile(rb"\x83(%s)(%s)%s*+(%s)%s*+" % (_NUMBER, _ARRAY, _NUMBER, _ARRAY, _NUMBER))
_PAGE_RUN = re.compile(rb"(?:\x83%s%s%s*+%s%s*+)*+" % (_NUMBER, _ARRAY, _NUMBER, _ARRAY, _NUMBER))


class JoinError(Exception):
    pass


def join(parts: Sequence[Path]) -> None:
    """Make the first part's folder hold the index of one run over every part's pages.

    parts: Pagefind's output folders for consecutive parts of one language's pages, in the
    order Pagefind walks them; the other parts' folders are left emptied of fragments.
    """
    first, *others = parts
    if not others:
        return
    entries = [_read_entry(part) for part in parts]
    language = next(iter(entries[0]["languages"]))
    metas = [_read_meta(part, entry, language) for part, entry in zip(parts, entries, strict=True)]
    _check_alike(entries, metas, language)
    pages = _move_fragments(first, others, metas, language)
    offsets, total = [], 0
    for meta in metas:
        offsets.append(total)
        total += len(meta[1])
    lists: dict[str, list[tuple[int, _Word]]] = {}
    for number, (part, meta) in enumerate(zip(parts, metas, strict=True)):
        for chunk in meta[2]:
            for word in _read_chunk(part / "index" / f"{chunk[2]}.pf_index"):
                lists.setdefault(word.text, []).append((number, word))
    for chunk in metas[0][2]:  # the first part's own, which the joined chunks replace
        os.unlink(first / "index" / f"{chunk[2]}.pf_index")
    os.unlink(first / f"pagefind.{entries[0]['languages'][language]['hash']}.pf_meta")
    chunks = _write_chunks(first / "index", lists, offsets, language)
    meta = [metas[0][0], pages, chunks, [], [], metas[0][5]]
    body = encode(meta)
    name = f"{language}_{_full_hash(body)[: len(language) + 8]}"
    _write(first / f"pagefind.{name}.pf_meta", body)
    entry = entries[0]
    entry["languages"][language] = {
        **entry["languages"][language], "hash": name, "page_count": total,
    }  # fmt: skip
    (first / ENTRY).write_text(entry_text(entry), encoding="utf-8")


def entry_text(entry: dict) -> str:
    """Pagefind's entry file, with its languages in a fixed order.

    Pagefind lists them in a different order from run to run; every other file it writes
    is the same for the same pages. Sorted, two builds of one commit stay byte-identical.
    """
    entry = {**entry, "languages": dict(sorted(entry["languages"].items()))}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def command(parts: Sequence[Path]) -> tuple[list[str], dict[str, str]]:
    """The command that runs join(parts) in a process of its own, and its environment.

    A process, not a call: search.Indexing stops it at once as it stops Pagefind (the live
    preview does when a page is saved, and a second of joining at 1,000 roles would hold
    the rebuild back), and its work does not take the interpreter from the rebuild's."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding karriereguiden/
    paths = [root, *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return [sys.executable, "-m", __spec__.name, *map(str, parts)], environment


def main(argv: Sequence[str]) -> int:
    try:
        join([Path(arg) for arg in argv])
    except JoinError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _read_entry(part: Path) -> dict:
    try:
        entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise JoinError(f"{part / ENTRY} cannot be read: {error}") from None
    if len(entry.get("languages", ())) != 1:
        raise JoinError(f"{part / ENTRY} does not index one language")
    return entry


def _read_meta(part: Path, entry: dict, language: str) -> list:
    name = entry["languages"].get(language, {}).get("hash")
    if name is None:
        raise JoinError(f"{part / ENTRY} indexes another language than {language}")
    meta = decode(_read(part / f"pagefind.{name}.pf_meta"))
    if not (isinstance(meta, list) and len(meta) == 6):
        raise JoinError(f"{part}: a metadata file this module does not know (Pagefind's format)")
    return meta


def _check_alike(entries: list[dict], metas: list[list], language: str) -> None:
    first = {**entries[0], "languages": None}
    for entry, meta in zip(entries, metas, strict=True):
        if {**entry, "languages": None} != first or meta[0] != metas[0][0]:
            raise JoinError(f"the parts of {language}'s index come from different Pagefinds")
        if meta[3] or meta[4]:
            raise JoinError(
                f"the parts of {language}'s index have filters or sorts, which are not joined"
            )
        if meta[5] != metas[0][5]:
            raise JoinError(f"the parts of {language}'s index have different metadata fields")


def _move_fragments(first: Path, others: Sequence[Path], metas: list[list], language: str):
    """Every part's pages, as the metadata lists them, with the later parts' fragments moved
    into the first part's folder.

    A fragment is named by the first characters of its text's hash. Two pages of one run
    whose names meet get longer names; two in different parts are found here and named as
    one run would name them: the later page's name grows by a character until it is free.
    """
    pages = list(metas[0][1])
    target = first / "fragment"
    taken = {name[: -len(".pf_fragment")] for name in os.listdir(target)}
    for part, meta in zip(others, metas[1:], strict=True):
        renamed: dict[str, str] = {}
        for name in dict.fromkeys(page[0] for page in meta[1]):  # in the pages' order
            source = part / "fragment" / f"{name}.pf_fragment"
            new = name
            if name in taken:
                text = _read(source)
                if _read(target / f"{name}.pf_fragment") != text:
                    full = f"{language}_{_full_hash(text)}"
                    while new in taken:
                        if len(new) >= len(full):
                            raise JoinError(f"two pages of {language} have one hash: {full}")
                        new = full[: len(new) + 1]
                    renamed[name] = new
            if new not in taken:
                os.replace(source, target / f"{new}.pf_fragment")
                taken.add(new)
        pages.extend([renamed.get(page[0], page[0]), *page[1:]] for page in meta[1])
    return pages


class _Word:
    """A word's entry in one part's chunk: its page lists, as spans of the chunk's bytes."""

    __slots__ = ("pages", "text", "variants")

    def __init__(self, text: str, pages: _Pages, variants: list[tuple[str, _Pages]]) -> None:
        self.text, self.pages, self.variants = text, pages, variants


class _Pages:
    """A list of pages in a chunk: how many, where (data[start:end]), the first page's
    number and the bytes that write it, the last page's number, and Pagefind's count of
    places and pages for cutting chunks."""

    __slots__ = ("count", "data", "end", "first", "first_bytes", "last", "size", "start")

    def __init__(self, data: bytes, position: int) -> None:
        major, count, start = _head(data, position)
        if major != 4:
            raise JoinError("a word's pages are not an array (Pagefind's format)")
        end = _PAGE_RUN.match(data, start).end()
        found = _PAGES.findall(data, start, end)
        if len(found) != count:
            raise JoinError("a word's pages could not be read (Pagefind's format)")
        self.data, self.count, self.start, self.end = data, count, start, end
        self.first, self.first_bytes, self.last, self.size = 0, b"", 0, 0
        if count:
            steps, places, meta_places = zip(*found, strict=True)
            value = _VALUES.__getitem__
            self.first_bytes = steps[0]
            self.first = value(steps[0])
            self.last = sum(map(value, steps))
            self.size = sum(map(value, places)) + sum(map(value, meta_places)) + count


class _Values(dict):
    """The number a CBOR head writes, by its bytes; remembered, as few numbers recur."""

    def __missing__(self, key: bytes) -> int:
        value = _head(key, 0)[1]
        self[key] = value
        return value


_VALUES = _Values()


def _read_chunk(path: Path) -> list[_Word]:
    data = _read(path)
    major, one, position = _head(data, 0)
    major_words, count, position = _head(data, position)
    if (major, one, major_words) != (4, 1, 4):
        raise JoinError(f"{path.name}: a chunk this module does not know (Pagefind's format)")
    words = []
    for _ in range(count):
        if data[position] != 0x83:
            raise JoinError(f"{path.name}: a word this module does not know (Pagefind's format)")
        text, position = _decode(data, position + 1)
        if not isinstance(text, str):
            raise JoinError(f"{path.name}: a word that is not text (Pagefind's format)")
        pages = _Pages(data, position)
        major, variants_count, position = _head(data, pages.end)
        variants = []
        for _ in range(variants_count):
            if data[position] != 0x82:
                raise JoinError(f"{path.name}: a variant of {text!r} this module does not know")
            form, position = _decode(data, position + 1)
            variant = _Pages(data, position)
            variants.append((form, variant))
            position = variant.end
        words.append(_Word(text, pages, variants))
    if position != len(data):
        raise JoinError(f"{path.name}: bytes after its last word (Pagefind's format)")
    return words


def _joined_pages(lists: list[tuple[int, _Pages]], offsets: list[int]) -> tuple[int, list, int]:
    """One list of the parts' lists of a word: (pages, its bytes in pieces, Pagefind's count)."""
    count, pieces, size, last = 0, [], 0, None
    for number, pages in lists:
        if not pages.count:
            continue
        count += pages.count
        size += pages.size
        first = pages.first + offsets[number]
        if last is None and not offsets[number]:
            pieces.append(pages.data[pages.start : pages.end])
        else:  # the first page's number, now counted from the page before it
            skip = pages.start + 1 + len(pages.first_bytes)
            pieces += [b"\x83", encode(first - (last or 0)), pages.data[skip : pages.end]]
        last = offsets[number] + pages.last
    return count, pieces, size


def _write_chunks(folder: Path, lists: dict, offsets: list[int], language: str) -> list[list]:
    chunks: list[list[tuple[str, list[bytes]]]] = []
    chunk: list[tuple[str, list[bytes]]] = []
    size = 0
    for text in sorted(lists):  # Pagefind sorts words by their UTF-8 bytes: the same order
        words = lists[text]
        count, pieces, word_size = _joined_pages([(n, w.pages) for n, w in words], offsets)
        forms: dict[str, list[tuple[int, _Pages]]] = {}
        for number, word in words:
            for form, pages in word.variants:
                forms.setdefault(form, []).append((number, pages))
        variant_pieces = []
        for form, form_lists in forms.items():
            form_count, form_pieces, form_size = _joined_pages(form_lists, offsets)
            word_size += form_size + 1  # Pagefind counts each variant as one more
            variant_pieces += [b"\x82", encode(form), _array(form_count), *form_pieces]
        head = [b"\x83", encode(text), _array(count)]
        chunk.append((text, [*head, *pieces, _array(len(forms)), *variant_pieces]))
        size += word_size
        if size >= _CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    listed, names = [], set()
    for chunk in chunks:
        body = b"".join([_array(1), _array(len(chunk)), *(b"".join(p) for _, p in chunk)])
        full = f"{language}_{_full_hash(body)}"
        name = full[: len(language) + 8]
        while name in names and len(name) < len(full):
            name = full[: len(name) + 2]  # as Pagefind lengthens a chunk's name
        names.add(name)
        _write(folder / f"{name}.pf_index", body)
        listed.append([chunk[0][0], chunk[-1][0], name])
    for before, after in itertools.pairwise(listed):  # ranges cut to the prefixes parting them
        common = _common_prefix(before[1], after[0])
        if before[1][: common + 1] >= before[0]:
            before[1] = before[1][: common + 1]
        after[0] = after[0][: common + 1]
    return listed


def _common_prefix(one: str, other: str) -> int:
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _read(path: Path) -> bytes:
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise JoinError(f"{path} cannot be read: {error}") from None
    if not data.startswith(_SIGNATURE):
        raise JoinError(f"{path} is not Pagefind's")
    return data[len(_SIGNATURE) :]


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + body, _GZIP_LEVEL, mtime=0))


def _full_hash(data: bytes) -> str:
    # Pagefind writes each byte of the SHA-1 in hex without a leading zero.
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _head(data: bytes, position: int) -> tuple[int, int, int]:
    """A CBOR item's head at position: (major type, its number, where the item goes on)."""
    try:
        byte = data[position]
        info = byte & 31
        if info < 24:
            return byte >> 5, info, position + 1
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    except (IndexError, KeyError):
        raise JoinError("a CBOR item this module does not read (Pagefind's format)") from None
    end = position + 1 + size
    return byte >> 5, int.from_bytes(data[position + 1 : end], "big"), end


def _array(count: int) -> bytes:
    return _encode_head(4, count)


def _encode_head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes((major << 5 | number,))
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes((major << 5 | info,)) + number.to_bytes(size, "big")
    raise JoinError(f"{number} is too large for CBOR")


def encode(value: int | str | list) -> bytes:
    """CBOR of whole numbers, text and arrays, as Pagefind (minicbor) writes them."""
    if isinstance(value, bool):
        raise TypeError("no booleans in Pagefind's index")
    if isinstance(value, int):
        return _encode_head(0, value) if value >= 0 else _encode_head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _encode_head(3, len(data)) + data
    if isinstance(value, list):
        return b"".join([_array(len(value)), *map(encode, value)])
    raise TypeError(f"no {type(value).__name__} in Pagefind's index")


def decode(data: bytes) -> int | str | list:
    """What encode() writes, back; JoinError for anything else or bytes left over."""
    value, position = _decode(data, 0)
    if position != len(data):
        raise JoinError("bytes after the CBOR item (Pagefind's format)")
    return value


def _decode(data: bytes, position: int) -> tuple[int | str | list, int]:
    major, number, position = _head(data, position)
    if major == 0:
        return number, position
    if major == 1:
        return -1 - number, position
    if major == 3:
        end = position + number
        try:
            return data[position:end].decode("utf-8"), end
        except UnicodeDecodeError:
            raise JoinError("text that is not UTF-8 (Pagefind's format)") from None
    if major == 4:
        items = []
        for _ in range(number):
            item, position = _decode(data, position)
            items.append(item)
        return items, position
    raise JoinError(f"a CBOR item of major type {major} (Pagefind's format)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
