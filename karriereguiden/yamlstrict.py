"""Read YAML as a tree of nodes with positions, and nothing else.

PyYAML's constructors apply YAML 1.1 implicit typing (``no`` -> False, ``22:00`` -> 1320,
``35.000`` -> 35.0) and keep the last of two duplicate keys. We never construct Python
objects from YAML: we compose the node tree (every node keeps its ``start_mark``) and let
the typed converter in ``parse.py`` decide what each scalar means from the field it fills.
Aliases and explicit tags are refused, so an alias bomb costs nothing.

Reading uses libyaml (about 14 times faster than PyYAML's Python scanner, which matters
for a catalogue of a thousand roles); on a syntax error the Python scanner reads again,
because its messages say more (it names a tab, for one).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.cyaml import CParser
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import DataError, DataErrors
from .yamlhelp import explain_syntax_error

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "compose_bytes",
    "compose_file",
    "compose_text",
]


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

    def __init__(self, stream: str):
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


# Anchors, aliases and tags start with one of these; text without any needs no event scan.
_PROPERTY_SIGNS = re.compile(r"[&*!]")


def _refuse_aliases_and_tags(text: str) -> None:
    """Anchors, aliases and explicit tags, found in libyaml's event stream."""
    if not _PROPERTY_SIGNS.search(text):
        return
    for event in yaml.parse(text, Loader=yaml.CBaseLoader):
        problem = _refusal(event)
        if problem:
            raise _RefusedConstruct(None, None, problem, event.start_mark)


def compose_text(text: str, file: str) -> Node:
    """Compose one YAML document; raise DataErrors with the position of any syntax problem."""
    if not text.strip():
        raise DataErrors([DataError(file, 1, 1, "the file is empty")])
    try:
        _refuse_aliases_and_tags(text)
        reader = _FastNodeReader(text)
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


def _compose_slowly(text: str, file: str) -> Node:
    """PyYAML's Python reader: the same result, with the clearer error messages."""
    reader = _NodeReader(text)
    try:
        return reader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise DataErrors([DataError(file, 1, 1, f"YAML: {exc}")]) from None
    finally:
        reader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> DataErrors:
    """A YAML error as an editor reads it: position, place in the catalogue, what to do."""
    if isinstance(exc, _RefusedConstruct):
        mark = exc.problem_mark
        error = DataError(file, mark.line + 1, mark.column + 1, f"YAML syntax: {exc.problem}")
        return DataErrors([error])
    return DataErrors([explain_syntax_error(exc, text, file)])


def compose_file(path: Path, display_name: str | None = None) -> Node:
    """Read a UTF-8 file and compose it; the display name is what errors call the file."""
    return compose_bytes(path.read_bytes(), display_name or str(path))


def compose_bytes(raw: bytes, name: str) -> Node:
    """Decode UTF-8 (with or without a byte order mark) and compose."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataErrors(
            [DataError(name, line, column, "the file is not UTF-8 text: save it as UTF-8")]
        ) from None
    return compose_text(text, name)
