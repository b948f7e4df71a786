"""Errors that point an editor at the exact place in the data file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in a data file: where it is, what it concerns, and what was expected."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    context: str = ""  # "role 'x', language 'da'": who the problem belongs to

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{where}: {self.context}: {self.message}"
            if self.context
            else f"{where}: {self.message}"
        )


class DataErrors(Exception):
    """All problems found in one run, sorted by position, so an editor can fix them at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])
