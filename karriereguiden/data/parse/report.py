"""Where a problem is: the errors collected while reading, and the positions of values."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import DataError
from ..yamlstrict import Node

# What a reader returns for a value it has reported a problem with: the reading goes on, so
# that every problem is found at once, and no record is made from a missing value.
MISSING = object()


class Report:
    """The problems found in one file, each at its line and column."""

    def __init__(self, file: str, source: str | bytes | None = None):
        self.file = file
        self.errors: list[DataError] = []
        self._source = source  # the text read, to place a problem inside a long text
        self._lines: list[str] | None = None

    def error(self, node: Node, context: Sequence[str], message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            DataError(self.file, mark.line + 1, mark.column + 1, message, ", ".join(context))
        )

    def error_in(self, node: Node, found: str, context: Sequence[str], message: str) -> None:
        """An error at ``found`` inside the node's text, where it is written: the line of a
        tag in a '>-' or '|' text, not the line of its field. The node's start if the text
        is written otherwise (escaped, or split over lines)."""
        line, column = self._find(node, found)
        self.errors.append(DataError(self.file, line, column, message, ", ".join(context)))

    def _find(self, node: Node, found: str) -> tuple[int, int]:
        start, end = node.start_mark, node.end_mark
        if self._source is not None and found and "\n" not in found:
            if self._lines is None:
                text = self._source
                if isinstance(text, bytes):
                    text = text.decode("utf-8-sig", errors="replace")
                self._lines = text.split("\n")
            for number in range(start.line, min(end.line, len(self._lines) - 1) + 1):
                column = self._lines[number].find(
                    found, start.column if number == start.line else 0
                )
                if column >= 0:
                    return number + 1, column + 1
        return start.line + 1, start.column + 1


def position(node: Node) -> tuple[int, int]:
    """A node's line and column as a record's Marks keep them (1-based, like an editor
    counts)."""
    start = node.start_mark
    return start.line + 1, start.column + 1
