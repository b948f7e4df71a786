"""What the salary parts of a page say: figure definitions, charts, comparisons.

Pure functions from the model to small view records; the templates lay them out. Every
text here is plain (unescaped): the templates escape it for Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..data import compare
from ..data.model import (
    Catalogue,
    Definition,
    ExchangeRate,
    Role,
    SalaryFigure,
    Source,
    in_language,
)
from .formatting import (
    format_date,
    format_figure_amount,
    format_money,
    format_number,
    format_partial_date,
    format_rate,
    lower_first,
    round_converted,
)
from .languages import Language

COUNTRIES = ("DK", "NO", "SE")
# The headline figure (fact box, FAQ answer, structured data) answers "what do people in
# the job earn?": a measured statistic before a survey, a survey before an agreement's
# figure, anything before a claim in an article; within a kind, everyone in the job before
# a part of them, the median before the mean (a few high salaries pull a mean up), a
# first-hand figure before a copy, the newest year first. A minimum is never an answer:
# it is the least an agreement allows, not what people earn.
_HEADLINE_KINDS = ("official_statistics", "survey", "collective_agreement", "article")
_HEADLINE_MEASURES = ("median", "average", "most_common", "typical")


@dataclass(frozen=True)
class SourceView:
    text: str
    url: str | None
    dates: str  # "published 2024-10-31, read 2026-11-23", or ""


@dataclass(frozen=True)
class OfficeView:
    """A statistics office's definition of its statistic, apart from what the source says."""

    term: str  # "Definition fra Statistisk sentralbyrå (SSB)"
    text: str
    source: SourceView


@dataclass(frozen=True)
class FigureView:
    label: str  # "Startløn"
    amount: str  # "25.000–30.000 kr."
    period: str  # "om måneden"
    # (term, description, whether the description is the interface's words) in a fixed order
    definitions: tuple[tuple[str, str, bool], ...]
    year_text: str  # the sentence: "Tallet gælder for 2022."
    year: str  # where a year stands alone: "2022", or "uden årstal, kilden læst ..."
    kind: str  # what stands behind it: "Officiel statistik", with who passed it on
    caution: str | None  # for a claim with no stated data basis, shown wherever it is
    reading: str | None  # where the editors read the source other than it is written
    source: SourceView
    note: str | None
    stale: str | None  # the notice for an old figure, or one whose age is unknown
    flags: tuple[str, ...] = ()  # the caution and the reading in a word, for table cells
    what: str = ""  # what the figure is, in the reader's words: "Mindstelønnen i ..."
    office: OfficeView | None = None  # the statistics office's own definition

    @property
    def kind_in_text(self) -> str:
        """The kind where it follows a semicolon, comma or dash: 'artikel uden oplyst …'."""
        return in_running_text(self.kind)

    @property
    def marks(self) -> str:
        """What a table cell adds after the kind: '; brug med forbehold; vores tolkning'."""
        return "".join(f"; {m}" for m in self.flags)


@dataclass(frozen=True)
class Bar:
    """One figure: drawn as a bar, and a row of the table beside the chart."""

    label: str
    value_text: str
    low: int
    high: int
    low_text: str  # the ends as the table writes them: "25.000"
    high_text: str
    year: str  # "2022", or "uden årstal, kilden læst ..." for an undated figure
    kind: str  # after the label, in brackets: "artikel uden oplyst datagrundlag; brug …"
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


def in_running_text(label: str) -> str:
    """A label that starts a line or a cell, inside a sentence: small first letter.

    Danish, Norwegian and Swedish write no capital after a semicolon, comma or dash. Every
    kind of source starts with a common noun ("Officiel statistik", "Artikel …"); the names
    that may follow ("… fra Statistisk sentralbyrå") keep theirs.
    """
    return label[:1].lower() + label[1:]


def kind_text(source: Source, lang: Language) -> str:
    """'Officiel statistik', or 'Officiel statistik fra SSB, gengivet af ...' second-hand."""
    kind = lang.word(f"kind_{source.kind}")
    if source.quotes:
        return lang.word(
            "kind_second_hand", kind=kind, original=source.quotes, publisher=source.publisher
        )
    return kind


def is_weak(source: Source) -> bool:
    return source.kind == "article"


def year_short(figure: SalaryFigure, catalogue: Catalogue, lang: Language) -> str:
    """A figure's year where it stands alone; an undated figure never shows a bare year."""
    if figure.year_basis == "reference":
        return str(figure.year)
    return lang.word(f"undated_{figure.year_basis}", date=_basis_date(figure, catalogue, lang))


def _basis_date(figure: SalaryFigure, catalogue: Catalogue, lang: Language) -> str:
    date = getattr(catalogue.sources[figure.source], figure.year_basis)
    return format_partial_date(date, lang)


def _age_notice(
    figure: SalaryFigure, catalogue: Catalogue, lang: Language, today: dt.date
) -> str | None:
    """An old figure's notice. An undated one is judged by its source's publication date;
    with only the day we read it, its age is unknown, which is never taken as fresh."""
    years = catalogue.stale_after_years
    if figure.year_basis == "accessed":
        return lang.word("age_unknown")
    if today.year - figure.year <= years:
        return None
    if figure.year_basis == "published":
        return lang.word("stale_published", date=_basis_date(figure, catalogue, lang), years=years)
    return lang.word("stale_notice", year=figure.year, years=years)


def source_view(catalogue: Catalogue, key: str, lang: Language) -> SourceView:
    source = catalogue.sources[key]
    dates = []
    if source.published:
        dates.append(lang.word("published_on", date=format_partial_date(source.published, lang)))
    if source.accessed:
        dates.append(lang.word("accessed_on", date=format_partial_date(source.accessed, lang)))
    return SourceView(f"{source.publisher}: {source.title}", source.url, ", ".join(dates))


def figure_label(figure: SalaryFigure, lang: Language) -> str:
    # An agreement's minimum is named as such: as "start pay" it would read as typical pay.
    if figure.measure == "minimum":
        return lang.word("label_minimum")
    if figure.who in ("new_in_role", "experienced"):
        return lang.word(f"label_{figure.who}")
    return lang.word(f"label_{figure.measure}")


def _components(figure: SalaryFigure | Definition, lang: Language) -> str:
    def listed(items: Sequence[str]) -> str:
        return ", ".join(lang.word(f"component_{c}") for c in items)

    parts = []
    if figure.includes:
        parts.append(lang.word("includes", items=listed(figure.includes)))
    if figure.excludes:
        parts.append(lang.word("excludes", items=listed(figure.excludes)))
    return " ".join(parts) or lang.word("includes_unstated")


def what_it_is(figure: SalaryFigure, lang: Language) -> str:
    """The figure in the reader's words: which statistic, about whom, and what it is not."""
    return lang.word(f"what_{figure.measure}", who=lang.word(f"who_for_{figure.who}"))


def _office_view(definition: Definition, catalogue: Catalogue, lang: Language) -> OfficeView:
    parts = [
        lang.word(f"office_tax_{definition.tax}"),
        lang.word(f"hours_{definition.hours}"),
        _components(definition, lang) if definition.includes or definition.excludes else "",
        in_language(definition.note, lang.code) or "",
    ]
    publisher = catalogue.sources[definition.source].publisher
    return OfficeView(
        term=lang.word("def_office", publisher=publisher),
        text=" ".join(p for p in parts if p),
        source=source_view(catalogue, definition.source, lang),
    )


def figure_view(
    figure: SalaryFigure, catalogue: Catalogue, lang: Language, today: dt.date
) -> FigureView:
    period = lang.word(f"per_{figure.period}")
    source = catalogue.sources[figure.source]
    if figure.year_basis == "reference":
        year_text = lang.word("year_reference", year=figure.year)
    else:
        year_text = lang.word(
            f"year_{figure.year_basis}", date=_basis_date(figure, catalogue, lang)
        )
    kind = kind_text(source, lang)
    reading = in_language(figure.reading, lang.code)
    # The kind names the source's publishers and the reading is the editors' own; the
    # others are the interface's words for a value, alike on every page that has it.
    definitions = [
        (lang.word("def_kind"), kind, False),
        (lang.word("def_who"), lang.word(f"who_{figure.who}"), True),
        (lang.word("def_measure"), lang.word(f"measure_{figure.measure}"), True),
        (lang.word("def_period"), period[:1].upper() + period[1:], True),
        (lang.word("def_tax"), lang.word(f"tax_{figure.tax}"), True),
        (lang.word("def_includes"), _components(figure, lang), True),
        (lang.word("def_year"), year_text, True),
    ]
    if reading:
        definitions.append((lang.word("def_reading"), reading, False))
    weak = is_weak(source)
    marks = ((lang.word("weak_short"),) if weak else ()) + (
        (lang.word("reading_short"),) if reading else ()
    )
    return FigureView(
        label=figure_label(figure, lang),
        amount=format_figure_amount(figure, lang),
        period=period,
        definitions=tuple(definitions),
        year_text=year_text,
        year=year_short(figure, catalogue, lang),
        kind=kind,
        caution=lang.word("weak_caution") if weak else None,
        reading=reading,
        source=source_view(catalogue, figure.source, lang),
        note=in_language(figure.note, lang.code),
        stale=_age_notice(figure, catalogue, lang, today),
        flags=marks,
        what=what_it_is(figure, lang),
        office=(
            _office_view(catalogue.definitions[figure.definition], catalogue, lang)
            if figure.definition
            else None
        ),
    )


class FigureViews:
    """Each figure's view in one language, worked out once and then looked up.

    A figure shows up to five times in a language: on its salary page (its definition, its
    chart, the comparison), in the fact box and the FAQ answer of its role, and in the
    salary overview. Working its view out again for each was a fifth of rendering a role.
    """

    def __init__(self, catalogue: Catalogue, lang: Language, today: dt.date) -> None:
        self.catalogue, self.lang, self.today = catalogue, lang, today
        self._views: dict[int, tuple[SalaryFigure, FigureView]] = {}

    def __call__(self, figure: SalaryFigure) -> FigureView:
        # Keyed by identity: a figure holds dicts (its notes), so it cannot be hashed. The
        # entry holds the figure too, so no other object can take its id while this lives.
        found = self._views.get(id(figure))
        if found is None:
            view = figure_view(figure, self.catalogue, self.lang, self.today)
            found = self._views[id(figure)] = (figure, view)
        return found[1]


def description_key(figures: Sequence[SalaryFigure], page: str = "salary") -> str:
    """Which description a page of these figures ("salary", or the "salaries" overview)
    may carry without claiming too much: a year for every figure only where each has one,
    figures only where there are some."""
    if not figures:
        return f"{page}_description_none"
    if all(f.year_basis == "reference" for f in figures):
        return f"{page}_description_dated"
    return f"{page}_description"


def countries_for(lang: Language) -> tuple[str, ...]:
    """The reader's own country first, the others in a fixed order."""
    return (lang.country, *(c for c in COUNTRIES if c != lang.country))


def country_views(
    role: Role,
    catalogue: Catalogue,
    lang: Language,
    today: dt.date,
    *,
    views: FigureViews | None = None,
) -> list[CountryView]:
    views = views or FigureViews(catalogue, lang, today)
    countries = []
    for code in countries_for(lang):
        country = lang.word(f"country_{code}")
        figures = role.figures_for(code)
        countries.append(
            CountryView(
                code=code,
                heading=lang.word("salary_in_country", country=country),
                figures=tuple(views(f) for f in figures),
                charts=charts(figures, code, catalogue, lang, today, views=views),
                none=lang.word("no_figures", country=country),
            )
        )
    return countries


# -- charts ---------------------------------------------------------------------------------


def _axis_max(value: int) -> int:
    """The smallest 'round' number (1, 1.2, 1.5, 2... times a power of ten) at least value."""
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    raise AssertionError("unreachable")


def charts(
    figures: Sequence[SalaryFigure],
    country: str,
    catalogue: Catalogue,
    lang: Language,
    today: dt.date,
    *,
    views: FigureViews | None = None,
) -> tuple[Chart, ...]:
    """A chart per currency and period: amounts on different scales never share an axis."""
    views = views or FigureViews(catalogue, lang, today)
    groups: dict[tuple[str, str], list[SalaryFigure]] = {}
    for figure in figures:
        groups.setdefault((figure.currency, figure.period), []).append(figure)
    return tuple(
        _chart(group, country, currency, period, lang, views)
        for (currency, period), group in groups.items()
    )


def _chart(
    figures: Sequence[SalaryFigure],
    country: str,
    currency: str,
    period: str,
    lang: Language,
    figure_views: FigureViews,
) -> Chart:
    top = _axis_max(max(f.high for f in figures))

    # Lengths in per cent of the axis: the page lays the chart out at the reader's width and
    # text size, so no length is fixed in pixels.
    def x(value: int) -> float:
        return round(value / top * 100, 1)

    views = [figure_views(figure) for figure in figures]
    bars = [
        Bar(
            label=view.label,
            value_text=view.amount,
            low=figure.low,
            high=figure.high,
            low_text=format_number(figure.low, lang),
            high_text=format_number(figure.high, lang),
            year=view.year,
            kind=view.kind_in_text + view.marks,
            low_width=x(figure.low),
            range_width=round(x(figure.high) - x(figure.low), 1),
        )
        for figure, view in zip(figures, views, strict=True)
    ]
    ticks = tuple(Tick(x(v), format_number(v, lang)) for v in (0, top // 2, top))
    country_name = lang.word(f"country_{country}")
    period_text = lang.word(f"per_{period}")
    summary_items = "; ".join(f"{b.label} {b.value_text} ({b.year}, {b.kind})" for b in bars)
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


@dataclass(frozen=True)
class CompareRow:
    country: str
    amount: str  # as the source gives it: "41.080 kr. om måneden"
    monthly: str  # on the comparison's footing, in the reader's currency: "ca. 30.550 kr."
    year: str  # "2022", or "uden årstal, kilden udgivet ..." for an undated figure
    kind: str  # the source's kind, with its caution


@dataclass(frozen=True)
class CompareGroup:
    heading: str  # "Medianløn for alle i jobbet"
    rows: tuple[CompareRow, ...]


@dataclass(frozen=True)
class LeftOut:
    text: str  # "Sverige: mindsteløn, 21.704 kr. om måneden (2022)"
    reason: str


@dataclass(frozen=True)
class CompareView:
    groups: tuple[CompareGroup, ...]
    # One plain sentence where nothing is comparable, instead of a table; else "".
    none: str
    left_out: tuple[LeftOut, ...]
    rates: tuple[RateView, ...]  # the rates the groups' conversions use


def compare_view(
    role: Role,
    catalogue: Catalogue,
    lang: Language,
    today: dt.date,
    *,
    views: FigureViews | None = None,
) -> CompareView:
    """The cross-country comparison as the salary page words it (rules: ``compare``)."""
    views = views or FigureViews(catalogue, lang, today)
    result = compare.compare(role, catalogue, lang.currency, countries_for(lang))
    groups = []
    used: dict[tuple[str, int], ExchangeRate] = {}
    for group in result.groups:
        rows = []
        for entry in group.entries:
            figure = entry.figure
            view = views(figure)
            monthly = format_money(round_converted(entry.monthly, "month"), lang.currency, lang)
            if figure.currency != lang.currency or figure.period != "month":
                monthly = lang.word("approx", amount=monthly)
            rows.append(
                CompareRow(
                    country=lang.word(f"country_{figure.country}"),
                    amount=f"{view.amount} {view.period}",
                    monthly=monthly,
                    year=view.year,
                    kind=view.kind_in_text + view.marks,
                )
            )
            if figure.currency != lang.currency:
                for currency in (figure.currency, lang.currency):
                    rate = catalogue.rate(currency, figure.year)
                    if rate is not None:
                        used[(currency, figure.year)] = rate
        heading = lang.word(
            "compare_group",
            label=lang.word(f"label_{group.measure}"),
            who=lang.word(f"who_for_{group.who}"),
        )
        groups.append(CompareGroup(heading, tuple(rows)))
    left_out = []
    for figure, reason in result.left_out:
        view = views(figure)
        text = lang.word(
            "left_out_figure",
            country=lang.word(f"country_{figure.country}"),
            label=in_running_text(view.label),
            amount=view.amount,
            period=view.period,
            year=view.year,
        )
        left_out.append(LeftOut(text, lang.word(f"left_out_{reason}")))
    if groups:
        none = ""
    elif role.salaries:
        none = lang.word("compare_none")
    else:
        none = lang.word("compare_empty")
    rates = tuple(
        rate_view(rate, catalogue, lang)
        for _, rate in sorted(used.items(), key=lambda item: (item[0][1], item[0][0]))
    )
    return CompareView(tuple(groups), none, tuple(left_out), rates)


@dataclass(frozen=True)
class RateView:
    text: str  # "1 EUR = 7,44106 DKK"
    date: str  # "gennemsnit for januar 2022"
    source: SourceView
    note: str | None


def rate_view(rate: ExchangeRate, catalogue: Catalogue, lang: Language) -> RateView:
    if len(rate.date) == 10:
        date = format_date(rate.date, lang)
    else:
        date = lang.word("rate_average", period=format_partial_date(rate.date, lang))
    return RateView(
        text=f"1 EUR = {format_rate(rate.per_eur, lang)} {rate.currency}",
        date=date,
        source=source_view(catalogue, rate.source, lang),
        note=in_language(rate.note, lang.code),
    )


def _headline_rank(figure: SalaryFigure, catalogue: Catalogue) -> tuple:
    source = catalogue.sources[figure.source]
    return (
        _HEADLINE_KINDS.index(source.kind),
        figure.who != "all",
        _HEADLINE_MEASURES.index(figure.measure),
        source.quotes is not None,
        -figure.year,
    )


def headline(role: Role, country: str, catalogue: Catalogue) -> SalaryFigure | None:
    """The one figure that answers "what do people earn?" for a country, or None where the
    data has no such figure (see _HEADLINE_KINDS for the order)."""
    figures = [f for f in role.figures_for(country) if f.measure != "minimum"]
    return min(figures, key=lambda f: _headline_rank(f, catalogue), default=None)


@dataclass(frozen=True)
class FaqAnswer:
    question: str
    paragraphs: tuple[str, ...]
    # The closing sentence that leads to the salary page; None when that page has nothing.
    to_salary_page: str | None

    @property
    def text(self) -> str:
        return "\n\n".join((*self.paragraphs, *filter(None, [self.to_salary_page])))


def faq_answer(
    role: Role,
    catalogue: Catalogue,
    lang: Language,
    today: dt.date,
    *,
    views: FigureViews | None = None,
) -> FaqAnswer:
    """'What does the job pay?' answered from the data, in plain text.

    The answer carries the headline figure for the reader's country with its kind, year and
    source, as the fact box does, or says plainly that there is none, and promises the
    salary page's figures only where there are some.
    """
    title = role.texts[lang.code].title
    question = lang.word("faq_salary_question", title=lower_first(title))
    country = lang.word(f"country_{lang.country}")
    figure = headline(role, lang.country, catalogue)
    paragraphs = []
    if figure is not None:
        view = (views or FigureViews(catalogue, lang, today))(figure)
        first = [
            lang.word(
                "faq_salary_figure",
                label=view.label,
                country=country,
                amount=view.amount,
                period=view.period,
                year=view.year,
            ),
            lang.word("faq_salary_source", source=view.source.text, kind=view.kind_in_text),
        ]
        first += [text for text in (view.caution, view.reading, view.stale) if text]
        paragraphs.append(" ".join(first))
        return FaqAnswer(question, tuple(paragraphs), lang.word("faq_salary_more"))
    if role.figures_for(lang.country):
        # Only figures that are not pay people earn (an agreement's minimum).
        return FaqAnswer(
            question,
            (lang.word("faq_salary_no_earnings", country=country),),
            lang.word("faq_salary_more"),
        )
    none = lang.word("faq_salary_none", country=country)
    elsewhere = [
        lang.word(f"country_{code}") for code in countries_for(lang)[1:] if role.figures_for(code)
    ]
    if not elsewhere:
        return FaqAnswer(question, (f"{none} {lang.word('faq_salary_nowhere')}",), None)
    countries = f" {lang.word('and')} ".join(elsewhere)
    more = lang.word("faq_salary_elsewhere", countries=countries)
    return FaqAnswer(question, (none,), more)
