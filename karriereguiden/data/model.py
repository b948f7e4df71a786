"""The data model of data/roles.yaml: frozen dataclasses, one per kind of record.

The dataclasses say what a value *is*; ``schema.py`` says how each is written in YAML and
what is allowed. Every record keeps the positions of its values (``marks``) so that checks
that run after loading can still point at a line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal

Paragraphs = tuple[str, ...]
Period = Literal["month", "year"]
# What kind of number the source gives; "typical" when it names no statistic; "minimum"
# for the lowest pay an agreement allows.
Measure = Literal["average", "median", "most_common", "typical", "minimum"]
# Whose pay it is: people new in the job, experienced people, everyone, or not said.
Who = Literal["new_in_role", "experienced", "all", "unstated"]
Tax = Literal["before", "after", "unstated"]
# What a figure can include besides base pay, when the source says so.
Component = Literal["pension", "bonus", "overtime", "allowances"]
YearBasis = Literal["reference", "published", "accessed"]
# Whose hours a statistic counts: part-time pay counted up to full time, full-time staff
# only, or not said.
Hours = Literal["full_time_equivalent", "full_time_only", "unstated"]
# What stands behind a source's figures, strongest first: a reader weighs an official
# statistic differently from a claim in an article that names no data.
SourceKind = Literal["official_statistics", "collective_agreement", "survey", "article"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__


# Slots: a catalogue of 1,000 roles holds a quarter of a million marks, 56 bytes each this
# way and about 230 with an attribute dictionary each.
@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class Marks(Mapping[str, Mark]):
    """A record's marks as the loader makes them: kept as (line, column) pairs, each made a
    Mark when asked for. A catalogue of 1,000 roles has a quarter of a million marks and
    few are ever asked for; a pair is made in a fifth of the time of a Mark and takes a
    third of its memory."""

    __slots__ = ("_positions",)

    def __init__(self, positions: dict[str, tuple[int, int]]):
        self._positions = positions

    def __getitem__(self, key: str) -> Mark:
        line, column = self._positions[key]
        return Mark(line, column)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def in_language(texts: Mapping[str, str] | None, code: str) -> str | None:
    """An optional text written in every language (a figure's or a rate's note), in one."""
    return texts[code] if texts else None


# Texts are kept with each run of spaces, tabs and line breaks folded to one space (other
# spaces, such as a no-break space, are kept inside), and stripped.
_BREAKS_AND_TABS = "\t\r\n\f\v"
_SPACE_RUNS = re.compile("  +")


def fold_spaces(text: str) -> str:
    # Each break or tab becomes a space, then each run of spaces one space. str.replace runs
    # at memory speed; one regular expression for the runs took ten times as long, and
    # reading 1,000 roles folds 15 MB of texts.
    for character in _BREAKS_AND_TABS:
        if character in text:
            text = text.replace(character, " ")
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text.strip()


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
    kind: SourceKind
    # Who first published the figures, when this source only passes them on (second-hand).
    quotes: str | None = None
    marks: Mapping[str, Mark] = _marks()

    @property
    def strength(self) -> int:
        """0 for the strongest kind; a second-hand copy ranks just below a first-hand one."""
        return SOURCE_KINDS.index(self.kind) * 2 + (1 if self.quotes else 0)


@dataclass(frozen=True)
class SalaryFigure:
    """One figure as a source states it: an amount or range for a period and a year."""

    country: str  # ISO 3166 alpha-2: DK, NO, SE
    currency: str  # ISO 4217: DKK, NOK, SEK, EUR
    measure: Measure
    who: Who
    low: int
    high: int  # equal to low for a single amount
    period: Period
    tax: Tax
    # Components the source says are in or out of the figure; in neither: it does not say.
    includes: tuple[Component, ...]
    excludes: tuple[Component, ...]
    year: int
    # "published"/"accessed": the source names no reference year, so the figure carries the
    # year it was published or read in, and the page says so.
    year_basis: YearBasis
    source: str  # key into Catalogue.sources
    note: Mapping[str, str] | None  # per language: what the reader must know about it
    # Per language: where the editors read the source other than it is written (a period
    # it does not state, two contradicting statements joined into a range).
    reading: Mapping[str, str] | None = None
    # Key into Catalogue.definitions: the statistics office's own definition of the figure,
    # shown apart from what the source (often an article quoting the office) says of it.
    definition: str | None = None
    marks: Mapping[str, Mark] = _marks()

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class Definition:
    """What a statistics office says one of its pay statistics is, from its own method page.

    Only what the office states is set; the page cites ``source`` for it.
    """

    id: str
    source: str  # key into Catalogue.sources: the office's method or definitions page
    tax: Tax  # "unstated" when the office's page does not say
    includes: tuple[Component, ...]
    excludes: tuple[Component, ...]
    hours: Hours
    note: Mapping[str, str] | None  # per language: anything else the office says of it
    marks: Mapping[str, Mark] = _marks()


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
    # Other names for the job in this language (job ads, everyday speech): shown on the role
    # page, searchable, and published as schema.org alternateName.
    also_called: tuple[str, ...]
    summary: str
    typical_education: str  # one line for the fact box
    typical_workplaces: str  # one line for the fact box
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


# Names of classifications are proper names, the same in every language.
CODE_SYSTEMS = {
    "isco08": "ISCO-08",
    "disco08": "DISCO-08",
    "styrk08": "STYRK-08",
    "ssyk2012": "SSYK 2012",
}


@dataclass(frozen=True)
class OccupationCodes:
    """Where the role sits in the international and national classifications."""

    isco08: str | None
    disco08: str | None
    styrk08: str | None
    ssyk2012: str | None
    esco: str | None  # the ESCO occupation's URI
    marks: Mapping[str, Mark] = _marks()

    def listed(self) -> tuple[tuple[str, str], ...]:
        """(system, code) for every code given, in a fixed order."""
        return tuple((s, getattr(self, s)) for s in CODE_SYSTEMS if getattr(self, s))


@dataclass(frozen=True)
class Role:
    id: str  # stable, never changes; pages and related lists refer to it
    related: tuple[str, ...]
    reviewed: str  # when an editor last checked the role against its sources: "2026-11-23"
    codes: OccupationCodes | None
    texts: Mapping[str, RoleText]  # language code -> text
    salaries: tuple[SalaryFigure, ...]
    marks: Mapping[str, Mark] = _marks()

    def figures_for(self, country: str) -> tuple[SalaryFigure, ...]:
        return tuple(f for f in self.salaries if f.country == country)


@dataclass(frozen=True)
class ExchangeRate:
    """A reference rate kept in the data, so every conversion names its rate and date.

    ``date`` is as precise as the rate: "2022" is the year's average, "2022-07" the month's
    average, "2022-06-20" that day's rate. A figure is converted at a rate of its own year.
    """

    currency: str
    per_eur: Decimal  # units of the currency per euro
    date: str
    source: str  # key into Catalogue.sources
    note: Mapping[str, str] | None  # per language: how the rate was read or derived
    marks: Mapping[str, Mark] = _marks()

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass(frozen=True)
class Ladder:
    """A career path: role ids from the first step up."""

    id: str
    roles: tuple[str, ...]
    marks: Mapping[str, Mark] = _marks()


@dataclass(frozen=True)
class Catalogue:
    sources: Mapping[str, Source]
    roles: tuple[Role, ...]
    # A figure whose year is more than this many years before the build carries a notice.
    stale_after_years: int
    exchange_rates: tuple[ExchangeRate, ...]
    ladders: tuple[Ladder, ...]
    definitions: Mapping[str, Definition] = field(default_factory=dict)
    marks: Mapping[str, Mark] = _marks()

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def role(self, role_id: str) -> Role:
        return self._roles_by_id[role_id]

    @cached_property
    def _rates_by_year(self) -> dict[tuple[str, int], ExchangeRate]:
        return {(r.currency, r.year): r for r in self.exchange_rates}

    def rate(self, currency: str, year: int) -> ExchangeRate | None:
        """The data's rate for a currency in a year (the check allows one per year)."""
        return self._rates_by_year.get((currency, year))

    def convert(
        self, amount: int, from_currency: str, to_currency: str, year: int
    ) -> Decimal | None:
        """The amount in another currency through the euro, at rates of the given year;
        None without both rates."""
        if from_currency == to_currency:
            return Decimal(amount)
        per_eur = []
        for currency in (from_currency, to_currency):
            if currency == "EUR":
                per_eur.append(Decimal(1))
                continue
            rate = self.rate(currency, year)
            if rate is None:
                return None
            per_eur.append(rate.per_eur)
        return Decimal(amount) / per_eur[0] * per_eur[1]

    def ladders_with(self, role_id: str) -> tuple[Ladder, ...]:
        return tuple(ladder for ladder in self.ladders if role_id in ladder.roles)
