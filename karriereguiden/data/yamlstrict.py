"""Read YAML as a tree of nodes with positions, and nothing else.

PyYAML's constructors apply YAML 1.1 implicit typing (``no`` -> False, ``22:00`` -> 1320,
``35.000`` -> 35.0) and keep the last of two duplicate keys. We never construct Python
objects from YAML: we compose the node tree (every node keeps its ``start_mark``) and let
the typed converter in ``parse/`` decide what each scalar means from the field it fills.
Aliases and explicit tags are refused, so an alias bomb costs nothing.

Reading uses libyaml (about 14 times faster than PyYAML's Python scanner, which matters
for a catalogue of a thousand roles); on a syntax error the Python scanner reads again,
because its messages say more (it names a tab, for one).
"""

from __future__ import annotations

import codecs
import heapq
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import DataError, DataErrors
from .yamlhelp import explain_syntax_error, place

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_LINE",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "compose_bytes",
    "compose_file",
    "compose_fragment",
    "compose_text",
]


# What a composer may hand each item of a list in the top mapping to: the list's key, the
# list and the item's index.
ItemTaker = Callable[[Node, SequenceNode, int], None]


class _RefusedConstruct(yaml.MarkedYAMLError):
    pass


class _NodeReader(Reader, Scanner, Parser, Composer, BaseResolver):
    """A composer with no implicit resolvers: every scalar stays a string with a mark."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)

    def compose_node(self, parent, index):
        event = self.peek_event()
        problem = _refusal(event)
        if problem:
            raise _RefusedConstruct(None, None, problem, event.start_mark)
        return super().compose_node(parent, index)


def _refusal(event) -> str | None:
    """Why an event is refused: anchors, aliases and explicit tags are never allowed."""
    if isinstance(event, AliasEvent):
        return "aliases (*name) are not allowed: write the value out"
    if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)):
        if event.anchor is not None:
            return "anchors (&name) are not allowed: write the value out"
        if event.tag not in (None, "!"):
            return f"tags such as {event.tag!r} are not allowed"
    return None


_DEFAULT_TAGS = {
    ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
}


class _FastNodeReader(CParser, BaseResolver):
    """libyaml's composer with no implicit resolvers, like _NodeReader."""

    def __init__(self, stream: str | bytes):
        CParser.__init__(self, stream)
        BaseResolver.__init__(self)

    # libyaml calls these three in Python for every node, a quarter of composing. With no
    # implicit or path resolvers, BaseResolver gives each kind of node its default tag.
    def resolve(self, kind, value, implicit):
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


class _HandingNodeReader(_FastNodeReader):
    """_FastNodeReader that hands each item of a list in the top mapping to ``take`` once it
    is composed, before the next one is: ``take(key, items, index)``, which may put another
    node in its place in ``items.value`` (to read a large item and let its tree go while the
    rest is composed).

    libyaml asks descend_resolver(parent, index) before it composes each node and
    ascend_resolver() after it; an item is added to its list only after its own ascend,
    so item i is complete when item i + 1 begins, and the last one when the list ends."""

    def __init__(self, stream: str | bytes, take: ItemTaker):
        super().__init__(stream)
        self._take = take
        self._depth = 0  # of the node being composed: 1 is the top node
        self._key: Node | None = None  # the top mapping's key whose value is being composed
        self._items: SequenceNode | None = None  # that value, if it is a list with items

    def descend_resolver(self, current_node, current_index):
        self._depth += 1
        if self._depth == 2:
            # A key is composed with the index None, its value with the key.
            self._key = current_index if type(current_node) is MappingNode else None
            self._items = None
        elif self._depth == 3 and self._key is not None and type(current_node) is SequenceNode:
            self._items = current_node
            if current_index:
                self._take(self._key, current_node, current_index - 1)

    def ascend_resolver(self):
        if self._depth == 2 and self._items is not None:
            self._take(self._key, self._items, len(self._items.value) - 1)
            self._items = None
        self._depth -= 1


# What can stand right before an anchor (&), alias (*) or tag (!), with only spaces and tabs
# between: libyaml starts a token only after the end of another one, skipping blanks,
# comments and line breaks. A token ends in an indicator (- ? : , [ ] { }), a quote, the '.'
# of '...', or at a line break (plain and block texts, comments); a byte order mark is
# skipped at a line's start. In the middle of a plain text ("Tom & Jerry", "?id=1&lang=da")
# a sign is only text: after "m " or "1" no token can start.
_BEFORE_A_PROPERTY = frozenset("\n\r\x85\u2028\u2029\ufeff-?:,[]{}'\".")


def _may_hold_properties(text: str) -> bool:
    """Whether any '&', '*' or '!' stands where libyaml could read it as an anchor, alias or
    tag. A quick bound that may say yes too often, never no wrongly: a catalogue has its
    signs in texts and addresses, and reading its events only to find none takes a second
    at 1,000 roles. str.find jumps from sign to sign."""
    for sign in "&*!":
        at = text.find(sign)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if before < 0 or text[before] in _BEFORE_A_PROPERTY:
                return True
            at = text.find(sign, at + 1)
    return False


def _refuse_aliases_and_tags(text: str) -> None:
    """Anchors, aliases and explicit tags, found in libyaml's event stream."""
    if not _may_hold_properties(text):
        return
    for event in yaml.parse(text, Loader=yaml.CBaseLoader):
        problem = _refusal(event)
        if problem:
            raise _RefusedConstruct(None, None, problem, event.start_mark)


# Limits no catalogue comes near, so that a paste accident is refused at once instead of
# keeping the check busy for minutes (the layout lint's time grows with the square of the
# nesting depth) or overflowing the reader's stack. A role is nested 6 deep (roles, role,
# language, faq, entry, answer); its longest text is 4,000 characters; a catalogue of
# 1,000 roles like today's is about 30 MB.
MAX_BYTES = 64 * 1024 * 1024
MAX_LINE = 20_000
MAX_DEPTH = 20
_ODD_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
# A line that starts with MAX_DEPTH spaces, dashes or question marks (the first line has
# no "\n" before it).
_NESTED_FIRST_LINE = re.compile(rf"[ ?-]{{{MAX_DEPTH}}}")
_NESTED_LINE = re.compile(rf"\n[ ?-]{{{MAX_DEPTH}}}")

# Each check below looks at the whole text once with str methods or a search that starts
# from a literal "\n" (both run in C at memory speed); the text is split into lines only
# to word a problem found. At 1,000 roles (30 MB) this takes a few hundredths of a second,
# where a search by a character class, or a loop over the lines, takes tenths.


def input_problems(text: str, file: str) -> list[DataError]:
    """Sizes and shapes beyond the limits above, found without reading the YAML."""
    if len(text) > MAX_BYTES:
        return [_too_big(len(text.encode("utf-8")), file)]
    breaks = _ODD_LINE_BREAKS.search(text) if any(c in text for c in "\x85\u2028\u2029") else None
    if breaks:
        # YAML counts these as line breaks: every line number after one would be off.
        line = text.count("\n", 0, breaks.start()) + 1
        column = breaks.start() - (text.rfind("\n", 0, breaks.start()) + 1) + 1
        return [
            DataError(
                file,
                line,
                column,
                f"there is an invisible line-break character here (U+{ord(breaks.group()):04X}, "
                f"column {column}), probably pasted with the text: delete it",
                place(text.split("\n"), line),
            )
        ]
    # Depth first: a paste of brackets is said to be nested, even on one long line.
    deep = _depth_problems(text, file) if _may_nest_too_deep(text) else []
    if deep:
        return deep
    if _has_long_line(text):
        lines = text.split("\n")
        number = next(i for i, line in enumerate(lines, start=1) if len(line) > MAX_LINE)
        return [
            DataError(
                file,
                number,
                MAX_LINE + 1,
                f"this line is {len(lines[number - 1]):,} characters long; at most "
                f"{MAX_LINE:,} are allowed (the longest text is 4,000): write a long text "
                "over several lines below '|' or '>-', and delete anything pasted by accident",
                place(lines, number),
            )
        ]
    return []


def _has_long_line(text: str) -> bool:
    """Whether a line is longer than MAX_LINE. From the start of a line, the next MAX_LINE + 1
    characters must hold a line break; the next line to look from is the one after the last
    break among them, so each step moves on by about MAX_LINE characters."""
    start = 0
    while len(text) - start > MAX_LINE:
        last_break = text.rfind("\n", start, start + MAX_LINE + 1)
        if last_break < 0:
            return True
        start = last_break + 1
    return False


def _too_big(size: int, file: str) -> DataError:
    return DataError(
        file,
        1,
        1,
        f"the file is {size / 1024 / 1024:,.0f} MB; at most {MAX_BYTES // 1024 // 1024} MB "
        "are allowed (1,000 roles take about 30 MB): look for something pasted by accident",
    )


def _may_nest_too_deep(text: str) -> bool:
    """A quick bound: only text with many unclosed brackets, or lines that start after many
    spaces or dashes, can be nested deeper than MAX_DEPTH; only then are events counted."""
    if _NESTED_FIRST_LINE.match(text) or _NESTED_LINE.search(text):
        return True
    open_brackets = 0
    for bracket in _brackets(text):
        open_brackets = open_brackets + 1 if bracket in "[{" else max(open_brackets - 1, 0)
        if open_brackets >= MAX_DEPTH:
            return True
    return False


def _brackets(text: str) -> Iterator[str]:
    """The brackets [ ] { } of the text in their order. Each kind is found with str.find,
    which jumps between the few thousand of a catalogue, and the four are merged as they
    come, so that a paste of brackets stops the count at once."""

    def positions(bracket: str) -> Iterator[tuple[int, str]]:
        at = text.find(bracket)
        while at >= 0:
            yield at, bracket
            at = text.find(bracket, at + 1)

    return (bracket for _, bracket in heapq.merge(*map(positions, "[]{}")))


def _depth_problems(text: str, file: str) -> list[DataError]:
    """The first place nested deeper than MAX_DEPTH, from libyaml's events (its parser
    keeps a stack, not a recursion, so any depth costs only the events up to the limit)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CBaseLoader):
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return [
                        DataError(
                            file,
                            mark.line + 1,
                            mark.column + 1,
                            f"the data is nested more than {MAX_DEPTH} levels deep here "
                            "(lists or blocks inside each other; a role needs 6): look for "
                            "'[' or '{' pasted by accident or never closed, or lines "
                            "indented much too far",
                            place(text.split("\n"), mark.line + 1),
                        )
                    ]
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # a syntax error comes first: reading the YAML reports it
    return []


def compose_text(text: str, file: str) -> Node:
    """Compose one YAML document; raise DataErrors with the position of any syntax problem."""
    return _compose(text, file, text)


def _compose(text: str, file: str, source: str | bytes, take: ItemTaker | None = None) -> Node:
    """Compose the text; libyaml reads ``source``, the text itself or the UTF-8 bytes it was
    decoded from (which spares encoding 30 MB again at 1,000 roles). ``take``: see
    compose_bytes."""
    # Not text.strip(), which copies the whole text to find it is not empty.
    if not text or text.isspace():
        raise DataErrors([DataError(file, 1, 1, "the file is empty")])
    beyond = input_problems(text, file)
    if beyond:
        raise DataErrors(beyond)
    try:
        _refuse_aliases_and_tags(text)
        reader = _FastNodeReader(source) if take is None else _HandingNodeReader(source, take)
        try:
            node = reader.get_single_node()
        finally:
            reader.dispose()
    except _RefusedConstruct as refused:
        raise _syntax_error(refused, text, file) from None
    except yaml.YAMLError:
        node = _compose_slowly(text, file)
    if node is None:
        raise DataErrors([DataError(file, 1, 1, "the file holds no data")])
    return node


def compose_fragment(text: str, first_line: int) -> Node | None:
    """Compose a part of a file that starts at line ``first_line`` (0-based) of it, with
    marks that count the file's lines; None on any problem, which only a reading of the
    whole file can place and word. The caller checks ``input_problems`` of the part."""
    # Blank lines in front cost libyaml almost nothing, and every mark comes out right.
    padded = "\n" * first_line + text
    try:
        _refuse_aliases_and_tags(padded)
        reader = _FastNodeReader(padded)
        try:
            return reader.get_single_node()
        finally:
            reader.dispose()
    except yaml.YAMLError:
        return None


def _compose_slowly(text: str, file: str) -> Node:
    """PyYAML's Python reader: the same result, with the clearer error messages."""
    reader = None
    try:
        # The reader refuses control characters as it is made: inside the try.
        reader = _NodeReader(text)
        return reader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        raise DataErrors([_unreadable_character(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise DataErrors([DataError(file, 1, 1, f"YAML: {exc}")]) from None
    finally:
        if reader is not None:
            reader.dispose()


def _unreadable_character(exc: yaml.reader.ReaderError, text: str, file: str) -> DataError:
    """A character YAML does not allow in a file (a control character pasted with a text),
    at its line and column with the place in the catalogue."""
    position = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return DataError(
        file,
        line,
        column,
        f"there is an invisible control character here (U+{code:04X}, column {column}), "
        "probably pasted with the text: delete it",
        place(text.split("\n"), line),
    )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> DataErrors:
    """A YAML error as an editor reads it: position, place in the catalogue, what to do."""
    if isinstance(exc, _RefusedConstruct):
        mark = exc.problem_mark
        where = place(text.split("\n"), mark.line + 1)
        message = f"YAML syntax: {exc.problem}"
        return DataErrors([DataError(file, mark.line + 1, mark.column + 1, message, where)])
    return DataErrors([explain_syntax_error(exc, text, file)])


def compose_file(path: Path, display_name: str | None = None) -> Node:
    """Read a UTF-8 file and compose it; the display name is what errors call the file."""
    return compose_bytes(path.read_bytes(), display_name or str(path))


def compose_bytes(raw: bytes, name: str, take: ItemTaker | None = None) -> Node:
    """Decode UTF-8 (with or without a byte order mark) and compose.

    take(key, items, index), if given, is handed each item of a list in the top mapping as
    soon as libyaml has composed it, and may replace it in ``items.value``. Only libyaml's
    composer hands items over: where it finds a syntax error, PyYAML's reads the file
    again, for its messages, and the node it may give back holds every item as composed.
    """
    if len(raw) > MAX_BYTES:
        raise DataErrors([_too_big(len(raw), name)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataErrors([not_utf8(raw, exc, name)]) from None
    # Without their byte order mark, the bytes are the text's UTF-8, byte for byte.
    utf8 = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    return _compose(text, name, utf8, take)


def not_utf8(raw: bytes, exc: UnicodeDecodeError, name: str) -> DataError:
    """Where a file stops being UTF-8: the line, and the column as an editor counts it
    (characters, not bytes), with the role and field around it."""
    start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    column = len(raw[start : exc.start].decode("utf-8-sig" if start == 0 else "utf-8")) + 1
    byte = raw[exc.start]
    try:
        meant = f", which is '{bytes([byte]).decode('cp1252')}' in Windows' Western encoding"
    except UnicodeDecodeError:
        meant = ""
    lines = raw.decode("utf-8-sig", errors="replace").split("\n")
    return DataError(
        name,
        line,
        column,
        f"the file is not UTF-8 text: the character at column {column} is saved in another "
        f"encoding (byte 0x{byte:02X}{meant}): save the file as UTF-8 (in most editors: "
        "Save with Encoding, or the encoding in the status bar) and check that character",
        place(lines, line),
    )
