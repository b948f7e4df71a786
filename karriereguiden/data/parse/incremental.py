"""Reading the data file again after an edit, re-reading only the roles that changed.

The live preview reads data/roles.yaml after every save; at 1,000 roles a whole reading
takes seconds, nearly all of it composing and reading the roles. A saved edit usually
changes one role. The roles are the last list of the file, one block of lines per role
(``  - id: ...`` and the lines indented below it), so a role whose lines did not change
needs no reading again: only its position moves when an earlier role grew or shrank.

Whatever the loader cannot be sure of, it reads whole, as ``load_bytes`` does: the first
file, a change before the roles, a file that does not split into role blocks, and a
changed role that is not clean on its own (a syntax error, an anchor, a tab at a line's
start, a line or nesting beyond the limits). Only a whole reading words and places such a
problem as the editor must see it. A role with problems in its values is read on its own,
at its place in the file, giving the messages a whole reading gives.

A whole reading composes the file in one pass, as ``load_bytes`` does, but reads each role
as soon as libyaml has composed it and keeps only its slim node: at 1,000 roles the tree
of the whole file takes twice the memory of the catalogue, and the two, made side by side,
kept the process that large after the tree went (every build process forked from it).

A build's reading of a large file (nothing kept for a next load) is shared with a helper
process on another core, which reads the later roles (_read_in_halves).
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime as dt
import gc
import itertools
import multiprocessing
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from .. import schema
from ..errors import DataError, DataErrors
from ..model import Catalogue, Mark
from ..yamlstrict import (
    MAX_BYTES,
    MAX_DEPTH,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose_bytes,
    compose_fragment,
    input_problems,
)
from .catalogue_checks import read_catalogue
from .report import Report
from .structure import Reader


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Reading builds a large tree of objects that all live on: the cycle collector would
    walk it again and again while it grows (a third of the reading time), and finds
    nothing to free."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class CatalogueLoader:
    """Loads one data file again and again, as the live preview does after each save.

    ``loader = CatalogueLoader(codes, data_name)`` once per process, then
    ``catalogue = loader.load(raw_bytes)`` for each version of the file: the result is
    always what ``load_bytes(raw_bytes, codes, data_name, today)`` gives, the same
    Catalogue (equal, with the same marks) or DataErrors with the same problems at the
    same lines and columns. Only roles whose lines changed are composed and read again;
    a role that only moved (an earlier role grew or shrank) keeps its reading, with its
    positions moved. Not safe to share between threads.
    """

    def __init__(self, languages: Sequence[str], name: str):
        self.languages = tuple(languages)
        self.name = name
        # What the last file that composed was made of; a file with a syntax error leaves
        # it, so that the file corrected afterwards is read by parts again.
        self._last: _Parts | None = None

    def load(
        self,
        raw: bytes,
        today: dt.date | None = None,
        *,
        remember: bool = True,
        helper: bool = False,
    ) -> Catalogue:
        """remember=False: no other load follows (a build of the site), so nothing is kept
        for one; the next load, if any, reads the whole file. At 1,000 roles the role blocks
        kept take 28 MiB, made while the catalogue grows, and the process keeps them.
        helper: with remember=False, a large file may be read with a helper process on
        another core (_read_in_halves); the caller knows whether there is one."""
        with paused_collector():
            if not remember:
                self._last = None
                catalogue = _read_in_halves(self, raw, today) if helper else None
                if catalogue is not None:
                    return catalogue
            last = self._last
            layout = _split_again(raw, last) if last is not None else None
            if last is not None and layout is not None:
                again = self._compose_again(last, raw, layout)
                if again is not None:
                    node, known = again
                    return self._read(raw, layout, node, self._reader(raw, known), today)
            # Each role is read as soon as it is composed, and only its slim node is kept:
            # the whole file's tree is never held at once, only the catalogue and one role's.
            reader = self._reader(raw, {})
            node = compose_bytes(raw, self.name, reader.take_role)
            layout = _split(raw) if remember else None
            aligned = layout is not None and _aligned(layout.blocks, node)
            return self._read(raw, layout if aligned else None, node, reader, today)

    def _reader(self, raw: bytes, known: dict[int, _Reading]) -> _RoleMemoReader:
        return _RoleMemoReader(Report(self.name, raw), self.languages, known)

    def _compose_again(
        self, last: _Parts, raw: bytes, layout: _Layout
    ) -> tuple[MappingNode, dict[int, _Reading]] | None:
        """The file's tree with the unchanged roles' nodes from the last file and the changed
        ones composed alone, and the readings of the unchanged ones by their node's id; None
        where only a whole reading can be sure."""
        if len(raw) > MAX_BYTES or b"\r" in raw:
            # A lone carriage return is a line break to YAML, not to the line count here.
            return None
        items: list[Node] = []
        known: dict[int, _Reading] = {}
        for (raw_block, line), block in zip(layout.blocks, layout.same, strict=True):
            if block is not None and block.line == line:
                items.append(block.node)
                known[id(block.node)] = (block.value, block.errors)
            elif block is not None and not block.errors:
                moved = _moved_node(block.node, line - block.line)
                items.append(moved)
                known[id(moved)] = (_moved(block.value, line - block.line), ())
            else:
                # A role with problems that moved is read again: messages name lines
                # ("first written at line 12").
                item = self._compose_block(raw_block, line)
                if item is None:
                    return None
                items.append(item)
        key, old_roles = last.top.value[-1]
        roles = SequenceNode(old_roles.tag, items, old_roles.start_mark, old_roles.end_mark)
        pairs = [*last.top.value[:-1], (key, roles)]
        return MappingNode(last.top.tag, pairs, last.top.start_mark, last.top.end_mark), known

    def _compose_block(self, raw_block: bytes, line: int) -> Node | None:
        """One changed role, composed at its place; None unless it is clean on its own."""
        try:
            text = raw_block.decode("utf-8")
        except UnicodeDecodeError:
            return None
        # The checks of the whole text that see a line at a time, or the nesting: the rest
        # of the file passed them when it was last read.
        if input_problems(text, self.name):
            return None
        node = compose_fragment(text, line)
        if (
            not isinstance(node, SequenceNode)
            or len(node.value) != 1
            or node.value[0].start_mark.line != line
            # In the file the role sits in the catalogue's mapping: one level more.
            or _depth(node) + 1 > MAX_DEPTH
        ):
            return None
        return node.value[0]

    def _read(
        self,
        raw: bytes,
        layout: _Layout | None,
        node: Node,
        reader: _RoleMemoReader,
        today: dt.date | None,
    ) -> Catalogue:
        try:
            catalogue = read_catalogue(node, reader, today)
        except DataErrors:
            if layout is not None:
                self._last = _remember(layout, node, reader.read)
            raise
        if layout is not None:
            self._last = _remember(layout, node, reader.read)
        return catalogue


# The smallest file read in two halves (about 200 roles): below this a helper process
# costs more than it saves (at 100 roles a whole reading takes 0.15 s).
HALVES_FROM = 6_000_000
# The helper's share of the roles' bytes: it also packs its readings to send them.
HELPER_SHARE = 0.45


def _read_in_halves(loader: CatalogueLoader, raw: bytes, today: dt.date | None) -> Catalogue | None:
    """The catalogue read by two processes at once, or None where only a whole reading will
    do: a small file, a file not written as role blocks (see _split), a process that may
    not fork, or any problem at all in the data, which a whole reading then words and
    places.

    A build reads and checks the data before it can start its languages' processes, on one
    core. Here a forked helper composes and reads the later roles (the file's head, then
    blank lines in place of the earlier roles, so that every line keeps its number) while
    this process composes and reads the file up to them; the helper sends back each role's
    slim node and reading, and the catalogue is read and checked whole from the two, as
    after an edit (CatalogueLoader._compose_again). Measured at 1,000 roles (30 MB): 1.5-1.8
    s for a whole reading, 1.1-1.3 s in halves, of which 0.12 s to pack the helper's 450
    roles and 0.08 s to unpack them.
    """
    if (
        len(raw) < HALVES_FROM
        or len(raw) > MAX_BYTES
        or b"\r" in raw  # a lone carriage return breaks lines for YAML, not for the split
        or raw.startswith(codecs.BOM_UTF8)
        or not _ROLES_READ_ALONE
        or not _safe_to_fork()
    ):
        return None
    cut = _cut(raw)
    if cut is None:
        return None
    first, later, dash = cut
    lines = (raw.count(b"\n", 0, first), raw.count(b"\n", 0, later))  # where each starts
    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    helper = fork.Process(
        target=_read_later_roles, args=(loader, raw, first, later, lines, dash, sender), daemon=True
    )
    helper.start()
    sender.close()  # so that receiving ends if the helper dies before it has sent
    try:
        mine = _read_roles(loader, raw, raw[:later], raw[first:later], lines[0], dash)
        try:
            theirs = receiver.recv()
        except (EOFError, OSError):
            return None
    finally:
        receiver.close()
        helper.join()
    if mine is None or theirs is None:
        return None
    node, reader = mine
    _, roles = node.value[-1]
    for slim, value in theirs:
        roles.value.append(slim)
        reader.known[id(slim)] = (value, ())
    try:
        return read_catalogue(node, reader, today)
    except DataErrors:
        return None


def _cut(raw: bytes) -> tuple[int, int, bytes] | None:
    """Where the roles start, where the helper's roles start (a role's first line, after
    about 1 - HELPER_SHARE of the roles' bytes), and how a role's first line starts; None
    if the file has no such places."""
    start = _roles_start(raw)
    if start is None:
        return None
    first, dash = start
    middle = first + int((len(raw) - first) * (1 - HELPER_SHARE))
    later = re.compile(rb"\n(?=" + re.escape(dash) + rb"[^ #\n])").search(raw, middle)
    if later is None:
        return None
    return first, later.end(), dash


def _safe_to_fork() -> bool:
    """Whether a helper process can be forked here without harm."""
    return (
        "fork" in multiprocessing.get_all_start_methods()  # not on Windows
        # A process forked while other threads run may inherit a lock one of them holds.
        and threading.active_count() == 1
        # A daemonic process (a helper itself) may not start another.
        and not multiprocessing.current_process().daemon
    )


def _read_later_roles(
    loader, raw: bytes, first: int, later: int, lines: tuple[int, int], dash: bytes, out
) -> None:
    """In the helper: the roles from byte ``later`` on, read as the file's head followed by
    them at their own lines, each sent as (slim node, reading); None if they are not clean
    (_read_roles). lines: the lines the roles and the helper's roles start on."""
    try:
        text = raw[:first] + b"\n" * (lines[1] - lines[0]) + raw[later:]
        read = _read_roles(loader, raw, text, raw[later:], lines[1], dash)
        if read is None:
            out.send(None)
        else:
            node, reader = read
            _, roles = node.value[-1]
            out.send([(slim, reader.known[id(slim)][0]) for slim in roles.value])
    finally:
        out.close()


def _read_roles(loader, raw: bytes, text: bytes, region: bytes, line: int, dash: bytes):
    """text composed, each role read as soon as it is composed: (node, reader). region is the
    part of the file (from its line ``line``) that holds these roles. None unless each role
    stands where the split finds one (_blocks) and nothing has a problem."""
    blocks = _blocks(region, line, dash)
    if blocks is None:
        return None
    reader = loader._reader(raw, {})
    try:
        node = compose_bytes(text, loader.name, reader.take_role)
    except DataErrors:
        return None
    if reader.report.errors or not _aligned(blocks, node):
        return None
    if any(errors for _, errors in reader.known.values()):
        return None
    return node, reader


# A role's reading: the Role (or MISSING) and the problems found in it.
_Reading = tuple[Any, tuple[DataError, ...]]


@dataclasses.dataclass(frozen=True)
class _Layout:
    head: bytes  # everything before the first role, "roles:" included
    dash: bytes  # how each role's first line starts: the list's indent and "- "
    blocks: tuple[tuple[bytes, int], ...]  # each role's lines, and its first line (0-based)
    # For each block, the last file's block with the same lines, where one is known.
    same: tuple[_Block | None, ...]


@dataclasses.dataclass(frozen=True)
class _Block:
    raw: bytes
    line: int
    node: Node  # the role's node, with only its id below it: all a later reading asks of it
    value: Any  # the Role, or MISSING
    errors: tuple[DataError, ...]


@dataclasses.dataclass(frozen=True)
class _Parts:
    head: bytes
    dash: bytes
    top: MappingNode  # the catalogue's node; its last entry is 'roles', without the roles
    blocks: tuple[_Block, ...]


_ROLES_LINE = re.compile(rb"roles:[ ]*(?:#[^\n]*)?(?:\n|\Z)")
_FIRST_ITEM = re.compile(rb"^( *)- [^ #\n]", re.MULTILINE)


def _split(raw: bytes) -> _Layout | None:
    """The head and the role blocks, if the roles are the file's last entry, written as a
    block list whose items each start at the list's indent and hold only lines indented
    deeper, blank lines and comments; None for any other file."""
    start = _roles_start(raw)
    if start is None:
        return None
    first, dash = start
    blocks = _blocks(raw[first:], raw.count(b"\n", 0, first), dash)
    if blocks is None:
        return None
    return _Layout(raw[:first], dash, tuple(blocks), (None,) * len(blocks))


def _roles_start(raw: bytes) -> tuple[int, bytes] | None:
    """Where the first role starts, and how each role's first line starts (the list's
    indent and "- "), if the roles are a block list after the one 'roles:' line with only
    comments between; None for any other file."""
    key = _roles_line_end(raw)
    if key is None:
        return None
    first = _FIRST_ITEM.search(raw, key)
    if first is None or not _only_comments(raw[key : first.start()]):
        return None
    return first.start(), first.group(1) + b"- "


def _roles_line_end(raw: bytes) -> int | None:
    """Where the line after the one 'roles:' line starts; None unless there is one."""
    found = [0] if _ROLES_LINE.match(raw) else []
    at = raw.find(b"\nroles:")
    while at >= 0 and len(found) < 2:
        if _ROLES_LINE.match(raw, at + 1):
            found.append(at + 1)
        at = raw.find(b"\nroles:", at + 1)
    if len(found) != 1:
        return None
    match = _ROLES_LINE.match(raw, found[0])
    return match.end() if match else None


def _blocks(region: bytes, line: int, dash: bytes) -> list[tuple[bytes, int]] | None:
    """The role blocks of a part of the list that starts at a role's first line, each with
    its first line; None if a line is neither a role's first line, indented deeper than
    the list, blank nor a comment."""
    text = b"\n" + region
    indent = re.escape(dash[:-2])
    first_line = re.escape(dash) + rb"[^ #\n]"
    if re.search(rb"\n(?!" + indent + rb" | *(?:#|\n|\Z)|" + first_line + rb")", text):
        return None
    # The offset of a role's "\n" in the text is the offset of its first line in the region.
    starts = [m.start() for m in re.finditer(rb"\n(?=" + first_line + rb")", text)]
    if not starts or starts[0] != 0:
        return None
    blocks = []
    for start, end in itertools.pairwise([*starts, len(region)]):
        blocks.append((region[start:end], line))
        line += region.count(b"\n", start, end)
    return blocks


def _split_again(raw: bytes, last: _Parts) -> _Layout | None:
    """The role blocks of an edited file, found from the last file's: the roles before the
    first difference and after the last are the same; only the lines between are split
    and matched by their text (roles moved or copied). None if the head changed."""
    old = last.blocks
    if not raw.startswith(last.head):
        return None
    at, first = len(last.head), 0
    while first < len(old) and raw.startswith(old[first].raw, at):
        end = at + len(old[first].raw)
        # The same lines, and the next role's first line (or the end) right after them.
        if end != len(raw) and not (
            old[first].raw.endswith(b"\n") and _starts_role(raw, end, last.dash)
        ):
            break
        at, first = end, first + 1
    until, after = len(raw), len(old)
    while after > first:
        start = until - len(old[after - 1].raw)
        if start < at or not raw.startswith(old[after - 1].raw, start):
            break
        if start > at and raw[start - 1 : start] != b"\n":
            break
        until, after = start, after - 1
    line = old[first].line if first < len(old) else old[-1].line + old[-1].raw.count(b"\n")
    middle: list[tuple[bytes, int]] = []
    if until > at:
        found = _blocks(raw[at:until], line, last.dash)
        if found is None:
            return None
        middle = found
    line += raw.count(b"\n", at, until)
    later = []
    for block in old[after:]:
        later.append((block.raw, line))
        line += block.raw.count(b"\n")
    # A role moved elsewhere, or copied: its lines are among the last file's others.
    spare: dict[bytes, list[_Block]] = {}
    for block in old[first:after] if middle else ():
        spare.setdefault(block.raw, []).append(block)
    matched = [spare[r].pop(0) if spare.get(r) else None for r, _ in middle]
    return _Layout(
        last.head,
        last.dash,
        (*((b.raw, b.line) for b in old[:first]), *middle, *later),
        (*old[:first], *matched, *old[after:]),
    )


def _starts_role(raw: bytes, at: int, dash: bytes) -> bool:
    return raw.startswith(dash, at) and raw[at + len(dash) : at + len(dash) + 1] not in (
        b" ",
        b"#",
        b"\n",
        b"",
    )


def _only_comments(text: bytes) -> bool:
    return all(
        line.lstrip(b" ").startswith(b"#") or not line.strip(b" ") for line in text.split(b"\n")
    )


def _aligned(blocks: Sequence[tuple[bytes, int]], node: Node) -> bool:
    """Whether the composed file has the roles where the split found their blocks: its last
    entry 'roles', a list with one item starting on each block's first line."""
    if not isinstance(node, MappingNode) or not node.value:
        return False
    key, roles = node.value[-1]
    if not isinstance(key, ScalarNode) or key.value != "roles" or key.style:
        return False
    if sum(1 for k, _ in node.value if isinstance(k, ScalarNode) and k.value == "roles") != 1:
        return False
    if not isinstance(roles, SequenceNode) or roles.flow_style:
        return False
    return len(roles.value) == len(blocks) and all(
        item.start_mark.line == line for item, (_, line) in zip(roles.value, blocks, strict=True)
    )


def _remember(layout: _Layout, node: Node, read: dict[int, _Reading]) -> _Parts:
    """What the next load can reuse, without the roles' node trees (most of the memory)."""
    key, roles = node.value[-1]
    blocks = []
    for (raw_block, line), item in zip(layout.blocks, roles.value, strict=True):
        value, errors = read[id(item)]
        blocks.append(_Block(raw_block, line, _slim(item), value, errors))
    empty = SequenceNode(roles.tag, [], roles.start_mark, roles.end_mark)
    top = MappingNode(node.tag, [*node.value[:-1], (key, empty)], node.start_mark, node.end_mark)
    return _Parts(layout.head, layout.dash, top, tuple(blocks))


class _RoleMemoReader(Reader):
    """A Reader that gives a role node read before its reading and problems again, and
    keeps each role's reading and problems for the next load."""

    def __init__(self, report: Report, languages: Sequence[str], known: dict[int, _Reading]):
        super().__init__(report, languages)
        self.known = known
        self.read: dict[int, _Reading] = {}
        self._taken: list[Node] = []

    def record(self, spec: schema.Record, node: Node, context, preset: dict) -> Any:
        if spec is not schema.ROLE:
            return super().record(spec, node, context, preset)
        # A role's reading depends on its node alone: the list around it adds no context.
        done = self.known.get(id(node))
        if done is not None:
            value, errors = done
            self.report.errors.extend(errors)
        else:
            before = len(self.report.errors)
            value = super().record(spec, node, context, preset)
            errors = tuple(self.report.errors[before:])
        self.read[id(node)] = (value, errors)
        return value

    def take_role(self, key: Node, items: SequenceNode, index: int) -> None:
        """Read a role as soon as it is composed (compose_bytes's ``take``), and put its
        slim node in its place, which the catalogue's reading is given the reading for."""
        if not _ROLES_READ_ALONE or not isinstance(key, ScalarNode) or key.value != "roles":
            return
        node = items.value[index]
        before = len(self.report.errors)
        value = Reader.record(self, schema.ROLE, node, (), {})
        errors = tuple(self.report.errors[before:])
        del self.report.errors[before:]
        slim = _slim(node)
        self.known[id(slim)] = (value, errors)
        # Kept alive until the reading ends: if libyaml stops at a syntax error, the tree it
        # was composing goes, and the ids of its slim nodes could be a new tree's.
        self._taken.append(slim)
        items.value[index] = slim


def _roles_read_alone() -> bool:
    """Whether the catalogue reads each item of its 'roles' list as a role, in no context
    but its own (the catalogue has no label): what reading a role ahead of the catalogue
    takes for granted."""
    field = next((f for f in schema.CATALOGUE.fields if f.name == "roles"), None)
    return (
        schema.CATALOGUE.label is None
        and field is not None
        and isinstance(field.spec, schema.ListOf)
        and field.spec.item is schema.ROLE
    )


_ROLES_READ_ALONE = _roles_read_alone()


def _slim(item: Node) -> Node:
    """The role's node with only what the whole-catalogue checks read of it: its ids."""
    if isinstance(item, MappingNode):
        ids = [(k, v) for k, v in item.value if k.value == "id"]
        return MappingNode(item.tag, ids, item.start_mark, item.end_mark)
    return ScalarNode("tag:yaml.org,2002:str", "", item.start_mark, item.end_mark)


def _moved_node(node: Node, lines: int) -> Node:
    start, end = (
        yaml.Mark(m.name, m.index, m.line + lines, m.column, None, None)
        for m in (node.start_mark, node.end_mark)
    )
    return type(node)(node.tag, node.value, start, end)


def _moved(value: Any, lines: int) -> Any:
    """A reading with every mark ``lines`` further down; new objects, as others may still
    hold the old ones."""
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is None or "marks" not in fields:
        return value
    changes: dict[str, Any] = {"marks": _MovedMarks(value.marks, lines)}
    for name in fields:
        item = getattr(value, name)
        if type(item) is tuple and item and _is_record(item[0]):
            changes[name] = tuple(_moved(i, lines) for i in item)
        elif type(item) is dict and item and _is_record(next(iter(item.values()))):
            changes[name] = {k: _moved(v, lines) for k, v in item.items()}
        elif _is_record(item):
            changes[name] = _moved(item, lines)
    return dataclasses.replace(value, **changes)


def _is_record(value: Any) -> bool:
    return "marks" in getattr(type(value), "__dataclass_fields__", ())


class _MovedMarks(Mapping[str, Mark]):
    """A record's marks ``lines`` further down, each made when asked for: a role has
    hundreds of marks, and few are ever asked for."""

    __slots__ = ("_lines", "_marks")

    def __init__(self, marks: Mapping[str, Mark], lines: int):
        if isinstance(marks, _MovedMarks):
            marks, lines = marks._marks, marks._lines + lines
        self._marks = marks
        self._lines = lines

    def __getitem__(self, key: str) -> Mark:
        mark = self._marks[key]
        return Mark(mark.line + self._lines, mark.column)

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)


def _depth(node: Node) -> int:
    """How deeply lists and mappings are nested in the node, as the limit counts them."""
    if isinstance(node, SequenceNode):
        return 1 + max((_depth(n) for n in node.value), default=0)
    if isinstance(node, MappingNode):
        return 1 + max((max(_depth(k), _depth(v)) for k, v in node.value), default=0)
    return 0
