"""Which salary figures may stand side by side across countries, and on what footing.

The rules of the cross-country comparison live here, in one place, with their reasons. A
reader who sees two figures in one table concludes that one country pays more than the
other; that conclusion is only sound when both figures measure the same thing. So a figure
enters the comparison only if:

- it is a mean or a median ("average", "median"): a level the source calls "typical" or
  "most common" names no statistic, so two of them may measure different things;
- it is pay people earn, not the lowest pay a collective agreement allows ("minimum");
- it says whose pay it is: everyone in the job, people new in it, or experienced people;
  and it meets only figures about the same people (beginners never meet averages of all);
- it is one amount as the source states it: not a range (a range is not one statistic,
  and ours are joined from contradicting claims) and not our reading of a source (a
  period or amount the source does not state);
- a measurement stands behind it: a claim in an article that names no data basis is not
  one, however it is worded;
- it is not after tax (statistics give pay before tax; after tax depends on the person);
- it has a year, so that it is converted at a rate of that year: the year it describes, or
  for an undated figure the year its source was published (the page says which). A figure
  with only the date we read its source has no year to take a rate from.

Yearly and monthly figures are put on one footing by dividing a yearly amount by 12, and
each figure is converted to the reader's currency at the data's rate for the figure's own
year (a rate of 2024 says nothing about what 2022's kroner were worth). The check refuses
data in which a figure that may be compared has no rate for its year.

Pure functions of the model: the salary page words what this module decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .model import Catalogue, Role, SalaryFigure

# The statistics that may be compared, each only with itself.
COMPARABLE_MEASURES = ("median", "average")
# Whose pay a compared figure is about; "unstated" cannot be matched with anything.
COMPARABLE_WHO = ("all", "new_in_role", "experienced")
# The currencies a reader may see the comparison in: each site language's own.
READER_CURRENCIES = ("DKK", "NOK", "SEK")
# The footing every compared figure is put on: per month, a yearly amount divided by 12.
MONTHS_PER_YEAR = 12

# Why a figure stays out of the comparison, in the order the rules above are checked.
EXCLUSION_REASONS = (
    "minimum",
    "reading",
    "range",
    "measure",
    "who",
    "article",
    "after_tax",
    "undated",
    # Comparable, but: another figure of the same country and group stands in its place
    # (a stronger source or a newer year), no other country has a figure like it, or the
    # data has no rate for its year (which the check refuses).
    "second_choice",
    "alone",
    "no_rate",
)


def exclusion(figure: SalaryFigure, catalogue: Catalogue) -> str | None:
    """The first rule that keeps a figure out of the comparison, or None if it may enter."""
    if figure.measure == "minimum":
        return "minimum"
    if figure.reading:
        return "reading"
    if figure.is_range:
        return "range"
    if figure.measure not in COMPARABLE_MEASURES:
        return "measure"
    if figure.who not in COMPARABLE_WHO:
        return "who"
    if catalogue.sources[figure.source].kind == "article":
        return "article"
    if tax_basis(figure, catalogue) == "after":
        return "after_tax"
    if figure.year_basis == "accessed":
        return "undated"
    return None


def tax_basis(figure: SalaryFigure, catalogue: Catalogue) -> str:
    """Before or after tax as the source says, or as the statistics office defines it."""
    if figure.tax != "unstated" or figure.definition is None:
        return figure.tax
    return catalogue.definitions[figure.definition].tax


def per_month(amount: int | Decimal, period: str) -> Decimal:
    """An amount on the comparison's footing: per month."""
    return Decimal(amount) / (MONTHS_PER_YEAR if period == "year" else 1)


@dataclass(frozen=True)
class Compared:
    """One country's figure in a group, and the reader's-currency amount per month."""

    figure: SalaryFigure
    monthly: Decimal  # in the reader's currency, at the rates of the figure's year


@dataclass(frozen=True)
class Group:
    """Figures of one statistic about the same people, one per country, two countries or
    more."""

    measure: str
    who: str
    entries: tuple[Compared, ...]


@dataclass(frozen=True)
class Comparison:
    groups: tuple[Group, ...]
    # Every figure of the role that stays out, with the rule that keeps it out.
    left_out: tuple[tuple[SalaryFigure, str], ...]


def _preference(figure: SalaryFigure, catalogue: Catalogue) -> tuple[int, int]:
    # Within a country, the strongest kind of source, then the newest year.
    return (catalogue.sources[figure.source].strength, -figure.year)


def compare(
    role: Role, catalogue: Catalogue, currency: str, countries: Sequence[str]
) -> Comparison:
    """The role's comparable figures grouped by what they measure, in ``currency``.

    A group is shown only where two or more countries have a figure for it; a country with
    several figures for one group shows the one from the strongest source, then the newest.
    A figure that may be compared but has no partner is listed as left out ("alone").
    """
    left_out: list[tuple[SalaryFigure, str]] = []
    candidates: dict[tuple[str, str], dict[str, list[SalaryFigure]]] = {}
    for country in countries:
        for figure in role.figures_for(country):
            reason = exclusion(figure, catalogue)
            if reason:
                left_out.append((figure, reason))
                continue
            group = candidates.setdefault((figure.measure, figure.who), {})
            group.setdefault(country, []).append(figure)
    groups = []
    for measure in COMPARABLE_MEASURES:
        for who in COMPARABLE_WHO:
            by_country = candidates.get((measure, who), {})
            chosen = []
            for country in countries:
                figures = sorted(
                    by_country.get(country, ()), key=lambda f: _preference(f, catalogue)
                )
                if figures:
                    chosen.append(figures[0])
                    left_out.extend((f, "second_choice") for f in figures[1:])
            if len(chosen) < 2:
                left_out.extend((f, "alone") for f in chosen)
                continue
            entries = []
            for figure in chosen:
                converted = catalogue.convert(figure.low, figure.currency, currency, figure.year)
                if converted is None:  # refused by the check; kept out rather than guessed
                    left_out.append((figure, "no_rate"))
                    continue
                entries.append(Compared(figure, per_month(converted, figure.period)))
            if len(entries) >= 2:
                groups.append(Group(measure, who, tuple(entries)))
            else:
                left_out.extend((e.figure, "alone") for e in entries)
    order = {id(f): i for i, f in enumerate(role.salaries)}
    return Comparison(tuple(groups), tuple(sorted(left_out, key=lambda p: order[id(p[0])])))


def missing_rates(figure: SalaryFigure, catalogue: Catalogue) -> tuple[str, ...]:
    """The currencies without a rate for the year of a figure that may be compared."""
    if exclusion(figure, catalogue) is not None:
        return ()
    needed = {figure.currency, *READER_CURRENCIES} - {"EUR"}
    return tuple(c for c in sorted(needed) if catalogue.rate(c, figure.year) is None)
