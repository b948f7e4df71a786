"""What the salary parts of a page say: figure definitions, charts, comparisons.

Pure functions from the model to small view records; the templates lay them out. Every
text here is plain (unescaped): the templates escape it for Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .formatting import (
    format_date,
    format_figure_amount,
    format_number,
    format_range,
    format_rate,
    round_converted,
)
from .languages import Language
from .model import Catalogue, Role, SalaryFigure, in_language

COUNTRIES = ("DK", "NO", "SE")
# The fact box shows the figure that describes the most people, by what it measures.
_HEADLINE_ORDER = ("median", "average", "most_common", "typical")


@dataclass(frozen=True)
class SourceView:
    text: str
    url: str | None
    dates: str  # "published 2024-10-31, read 2026-11-23", or ""


@dataclass(frozen=True)
class FigureView:
    label: str  # "Startløn"
    amount: str  # "25.000–30.000 kr."
    period: str  # "om måneden"
    definitions: tuple[tuple[str, str], ...]  # (term, description) in a fixed order
    year_text: str
    source: SourceView
    note: str | None
    stale: str | None  # the notice for an old figure


@dataclass(frozen=True)
class Bar:
    """One figure: drawn as a bar, and a row of the table beside the chart."""

    label: str
    value_text: str
    low: int
    high: int
    low_text: str  # the ends as the table writes them: "25.000"
    high_text: str
    year: int
    low_width: float  # bar from 0 to low, in per cent of the axis
    range_width: float  # from low to high; 0 for a single amount


@dataclass(frozen=True)
class Tick:
    x: float  # per cent of the axis
    text: str


@dataclass(frozen=True)
class Chart:
    """One country's figures for one period, drawn on one axis in their own currency."""

    id: str  # unique on the page: "chart-dk-month"
    title: str
    summary: str  # the text alternative: every figure in words
    currency: str
    period: str  # "month" | "year"
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class CountryView:
    code: str
    heading: str
    figures: tuple[FigureView, ...]
    charts: tuple[Chart, ...]
    none: str


@dataclass(frozen=True)
class CompareRow:
    country: str
    label: str
    amount: str  # in the figure's own currency, with its period
    converted: str  # in the reader's currency, or "" without rates


def source_view(catalogue: Catalogue, key: str, lang: Language) -> SourceView:
    source = catalogue.sources[key]
    dates = []
    if source.published:
        dates.append(lang.word("published_on", date=source.published))
    if source.accessed:
        dates.append(lang.word("accessed_on", date=source.accessed))
    return SourceView(f"{source.publisher}: {source.title}", source.url, ", ".join(dates))


def figure_label(figure: SalaryFigure, lang: Language) -> str:
    if figure.who in ("new_in_role", "experienced"):
        return lang.word(f"label_{figure.who}")
    return lang.word(f"label_{figure.measure}")


def _components(figure: SalaryFigure, lang: Language) -> str:
    def listed(items: Sequence[str]) -> str:
        return ", ".join(lang.word(f"component_{c}") for c in items)

    parts = []
    if figure.includes:
        parts.append(lang.word("includes", items=listed(figure.includes)))
    if figure.excludes:
        parts.append(lang.word("excludes", items=listed(figure.excludes)))
    return " ".join(parts) or lang.word("includes_unstated")


def figure_view(
    figure: SalaryFigure, catalogue: Catalogue, lang: Language, today: dt.date
) -> FigureView:
    period = lang.word(f"per_{figure.period}")
    year_text = lang.word(f"year_{figure.year_basis}", year=figure.year)
    definitions = (
        (lang.word("def_who"), lang.word(f"who_{figure.who}")),
        (lang.word("def_measure"), lang.word(f"measure_{figure.measure}")),
        (lang.word("def_period"), period[:1].upper() + period[1:]),
        (lang.word("def_tax"), lang.word(f"tax_{figure.tax}")),
        (lang.word("def_includes"), _components(figure, lang)),
        (lang.word("def_year"), year_text),
    )
    age = today.year - figure.year
    stale = None
    if age > catalogue.stale_after_years:
        stale = lang.word("stale_notice", year=figure.year, years=catalogue.stale_after_years)
    return FigureView(
        label=figure_label(figure, lang),
        amount=format_figure_amount(figure, lang),
        period=period,
        definitions=definitions,
        year_text=year_text,
        source=source_view(catalogue, figure.source, lang),
        note=in_language(figure.note, lang.code),
        stale=stale,
    )


def countries_for(lang: Language) -> tuple[str, ...]:
    """The reader's own country first, the others in a fixed order."""
    return (lang.country, *(c for c in COUNTRIES if c != lang.country))


def country_views(
    role: Role, catalogue: Catalogue, lang: Language, today: dt.date
) -> list[CountryView]:
    views = []
    for code in countries_for(lang):
        country = lang.word(f"country_{code}")
        figures = role.figures_for(code)
        views.append(
            CountryView(
                code=code,
                heading=lang.word("salary_in_country", country=country),
                figures=tuple(figure_view(f, catalogue, lang, today) for f in figures),
                charts=charts(figures, code, lang),
                none=lang.word("no_figures", country=country),
            )
        )
    return views


# -- charts ---------------------------------------------------------------------------------


def _axis_max(value: int) -> int:
    """The smallest 'round' number (1, 1.2, 1.5, 2... times a power of ten) at least value."""
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    raise AssertionError("unreachable")


def charts(figures: Sequence[SalaryFigure], country: str, lang: Language) -> tuple[Chart, ...]:
    """A chart per currency and period: amounts on different scales never share an axis."""
    groups: dict[tuple[str, str], list[SalaryFigure]] = {}
    for figure in figures:
        groups.setdefault((figure.currency, figure.period), []).append(figure)
    return tuple(
        _chart(group, country, currency, period, lang)
        for (currency, period), group in groups.items()
    )


def _chart(
    figures: Sequence[SalaryFigure], country: str, currency: str, period: str, lang: Language
) -> Chart:
    top = _axis_max(max(f.high for f in figures))

    # Lengths in per cent of the axis: the page lays the chart out at the reader's width and
    # text size, so no length is fixed in pixels.
    def x(value: int) -> float:
        return round(value / top * 100, 1)

    bars = [
        Bar(
            label=figure_label(figure, lang),
            value_text=format_figure_amount(figure, lang),
            low=figure.low,
            high=figure.high,
            low_text=format_number(figure.low, lang),
            high_text=format_number(figure.high, lang),
            year=figure.year,
            low_width=x(figure.low),
            range_width=round(x(figure.high) - x(figure.low), 1),
        )
        for figure in figures
    ]
    ticks = tuple(Tick(x(v), format_number(v, lang)) for v in (0, top // 2, top))
    country_name = lang.word(f"country_{country}")
    period_text = lang.word(f"per_{period}")
    summary_items = "; ".join(f"{b.label} {b.value_text}" for b in bars)
    return Chart(
        id=f"chart-{country.lower()}-{currency.lower()}-{period}",
        title=lang.word("chart_title", country=country_name, period=period_text, currency=currency),
        summary=lang.word("chart_summary", figures=summary_items),
        currency=currency,
        period=period,
        bars=tuple(bars),
        ticks=ticks,
    )


# -- comparison and summaries ---------------------------------------------------------------


def compare_rows(role: Role, catalogue: Catalogue, lang: Language) -> list[CompareRow]:
    """The role's figures from every country, each also converted to the reader's currency."""
    rows = []
    for code in countries_for(lang):
        country = lang.word(f"country_{code}")
        figures = role.figures_for(code)
        if not figures:
            rows.append(CompareRow(country, lang.word("no_figures_short"), "", ""))
        for figure in figures:
            period = lang.word(f"per_{figure.period}")
            rows.append(
                CompareRow(
                    country,
                    figure_label(figure, lang),
                    f"{format_figure_amount(figure, lang)} {period}",
                    _converted(figure, catalogue, lang),
                )
            )
    return rows


def _converted(figure: SalaryFigure, catalogue: Catalogue, lang: Language) -> str:
    """The figure in the reader's currency, rounded; '' when the data has no rate for it."""
    period = lang.word(f"per_{figure.period}")
    if figure.currency == lang.currency:
        return f"{format_figure_amount(figure, lang)} {period}"
    low, high = (
        catalogue.convert(v, figure.currency, lang.currency) for v in (figure.low, figure.high)
    )
    if low is None or high is None:
        return ""
    rounded = [round_converted(v, figure.period) for v in (low, high)]
    amount = format_range(*rounded, lang.currency, lang)
    return f"{lang.word('approx', amount=amount)} {period}"


@dataclass(frozen=True)
class RateView:
    text: str  # "1 euro = 7,46038 DKK"
    date: str
    source: SourceView
    note: str | None


def rate_views(catalogue: Catalogue, lang: Language) -> list[RateView]:
    """Every rate a conversion on the page uses, with its date and source."""
    return [
        RateView(
            text=f"1 EUR = {format_rate(rate.per_eur, lang)} {rate.currency}",
            date=format_date(rate.date, lang),
            source=source_view(catalogue, rate.source, lang),
            note=in_language(rate.note, lang.code),
        )
        for rate in sorted(catalogue.exchange_rates, key=lambda r: r.currency)
    ]


def headline(role: Role, country: str) -> SalaryFigure | None:
    """The one figure the fact box shows for a country: the broadest group, the best measure."""
    figures = role.figures_for(country)
    if not figures:
        return None

    def rank(figure: SalaryFigure) -> tuple[int, int]:
        return (figure.who != "all", _HEADLINE_ORDER.index(figure.measure))

    return min(figures, key=rank)
