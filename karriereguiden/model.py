"""The data model of data/roles.yaml: frozen dataclasses, one per kind of record.

The dataclasses say what a value *is*; ``schema.py`` says how each is written in YAML and
what is allowed. Every record keeps the positions of its values (``marks``) so that checks
that run after loading can still point at a line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Paragraphs = tuple[str, ...]
Period = Literal["month", "year"]
Measure = Literal["start", "average", "median", "most_common", "experienced", "typical_range"]
YearBasis = Literal["reference", "published", "accessed"]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


def _marks() -> Mapping[str, Mark]:
    return field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    """A publication that figures come from; figures refer to it by its key."""

    id: str
    publisher: str
    title: str
    url: str | None
    published: str | None  # "2024" or "2024-10-31", as precise as the source says
    accessed: str | None  # when Karriereguiden read it: "2026-11-23"
    marks: Mapping[str, Mark] = _marks()


@dataclass(frozen=True)
class SalaryFigure:
    """One figure as a source states it: an amount or range for a period and a year."""

    country: str  # ISO 3166 alpha-2: DK, NO, SE
    currency: str  # ISO 4217: DKK, NOK, SEK, EUR
    measure: Measure
    low: int
    high: int  # equal to low for a single amount
    period: Period
    year: int
    # "published"/"accessed": the source names no reference year, so the figure carries the
    # year it was published or read in, and the page says so.
    year_basis: YearBasis
    source: str  # key into Catalogue.sources
    note: Mapping[str, str] | None  # per language: what the reader must know about it
    marks: Mapping[str, Mark] = _marks()

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: Paragraphs
    marks: Mapping[str, Mark] = _marks()


@dataclass(frozen=True)
class RoleText:
    """Everything a reader sees of a role in one language."""

    title: str
    slug: str
    summary: str
    description: Paragraphs
    tasks: tuple[str, ...]
    skills: tuple[str, ...]
    qualities: tuple[str, ...]
    education: Paragraphs
    workplaces: Paragraphs
    hours: Paragraphs
    tools: tuple[str, ...]
    career: Paragraphs
    outlook: Paragraphs
    faq: tuple[FaqEntry, ...]
    marks: Mapping[str, Mark] = _marks()


@dataclass(frozen=True)
class Role:
    id: str  # stable, never changes; pages and related lists refer to it
    related: tuple[str, ...]
    texts: Mapping[str, RoleText]  # language code -> text
    salaries: tuple[SalaryFigure, ...]
    marks: Mapping[str, Mark] = _marks()

    def figures_for(self, country: str) -> tuple[SalaryFigure, ...]:
        return tuple(f for f in self.salaries if f.country == country)


@dataclass(frozen=True)
class Catalogue:
    sources: Mapping[str, Source]
    roles: tuple[Role, ...]
    marks: Mapping[str, Mark] = _marks()

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def role(self, role_id: str) -> Role:
        return self._roles_by_id[role_id]
