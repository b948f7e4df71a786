"""How each model record is written in YAML: keys, types, allowed values, documentation.

This is the single source of truth for the data format: the loader (``parse/``) reads it
to convert and check YAML nodes, and a JSON Schema for editors can be generated from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import model

# Identifiers and URL slugs end up in file paths and URLs: keep them to a safe alphabet.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CURRENCIES = ("DKK", "NOK", "SEK", "EUR")
# What `new-role` writes in every field to fill in; a text holding it is not written yet.
PLACEHOLDER = "FILL IN"


@dataclass(frozen=True)
class Text:
    """A string. ``line``: one line of plain text; ``prose``: paragraphs split by blank lines."""

    kind: str = "line"  # line | prose | slug | url | date | partial_date
    max_length: int | None = None
    choices: tuple[str, ...] | None = None
    plain: bool = False  # no markup characters at all (titles end up unescaped in themes)
    pattern: str | None = None  # a regular expression the whole value must match
    pattern_doc: str = ""  # what the pattern means, for messages: "four digits"


@dataclass(frozen=True)
class Integer:
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class DecimalNumber:
    """A number that may have decimals, read exactly (no binary floating point)."""

    minimum: str | None = None


@dataclass(frozen=True)
class ListOf:
    item: Any
    min_items: int = 0
    # Keep the entries that are fine when others are not: the load still fails, but checks
    # across entries (unknown ids, slugs used twice) can run and report in the same run.
    partial: bool = False


@dataclass(frozen=True)
class PerLanguage:
    """A mapping with one entry for each site language, all required."""

    item: Any


@dataclass(frozen=True)
class KeyedMap:
    """A mapping from identifier keys to records; the key fills the record's ``key_field``."""

    record: Record
    key_field: str
    partial: bool = False


@dataclass(frozen=True)
class Field:
    name: str  # YAML key and model attribute
    spec: Any
    required: bool = True
    doc: str = ""


@dataclass(frozen=True)
class Record:
    model: type
    fields: tuple[Field, ...]
    doc: str = ""
    # Describes the record in messages, e.g. "role 'x'"; built from its already-read values.
    label: Callable[[dict[str, Any]], str] | None = None
    # Language blocks written inline (``da:``, ``no:``, ``sv:``) fill this attribute.
    inline_languages: tuple[str, Any] | None = None


# Amounts outside these bounds are almost surely filed under the wrong period, or mistyped.
# Deliberately wide: they catch a monthly figure written as yearly, not unusual salaries.
PLAUSIBLE_AMOUNTS = {
    "DKK": {"month": (10_000, 250_000), "year": (120_000, 3_000_000)},
    "NOK": {"month": (10_000, 300_000), "year": (120_000, 3_600_000)},
    "SEK": {"month": (8_000, 250_000), "year": (100_000, 3_000_000)},
    "EUR": {"month": (1_000, 30_000), "year": (12_000, 360_000)},
}

LINE = Text("line", max_length=300)
SHORT_LINE = Text("line", max_length=160)
DATE = Text("date")
COMPONENTS = ListOf(Text(choices=model.Component.__args__))
PLAIN_LINE = Text("line", max_length=120, plain=True)
PROSE = Text("prose", max_length=4000)
ITEMS = ListOf(Text("line", max_length=300), min_items=1)
# A figure and a rate each name the source they come from.
SOURCE_KEY = Field("source", Text("slug"), doc="Key of an entry under 'sources'.")

SOURCE = Record(
    model.Source,
    (
        Field("publisher", PLAIN_LINE, doc="Who published it (organisation or site)."),
        Field("title", LINE, doc="Title of the page, table or report."),
        Field("url", Text("url", max_length=500), required=False, doc="Address (https)."),
        Field(
            "published",
            Text("partial_date"),
            required=False,
            doc="Publication date as precise as known: 2024 or 2024-10-31.",
        ),
        Field(
            "accessed",
            Text("partial_date"),
            required=False,
            doc="When the source was read (YYYY-MM-DD); needed for 'year_basis: accessed'.",
        ),
        Field(
            "kind",
            Text(choices=model.SOURCE_KINDS),
            doc="What stands behind its figures: official_statistics, collective_agreement, "
            "survey (a union's or employers' pay survey), or article (a web article or job "
            "site that states no data basis).",
        ),
        Field(
            "quotes",
            PLAIN_LINE,
            required=False,
            doc="Who first published the figures, when this source only passes them on "
            "(second-hand): 'Statistisk sentralbyrå (SSB)'.",
        ),
    ),
    doc="A publication that salary figures come from.",
    label=lambda v: f"source '{v.get('id', '?')}'",
)

SALARY = Record(
    model.SalaryFigure,
    (
        Field("country", Text(choices=("DK", "NO", "SE")), doc="Country the figure is for."),
        Field("currency", Text(choices=CURRENCIES), doc="ISO 4217 code."),
        Field(
            "measure",
            Text(choices=model.Measure.__args__),
            doc="The statistic the source gives: average, median, most_common, minimum (the "
            "lowest pay an agreement allows), or typical when it names none.",
        ),
        Field(
            "who",
            Text(choices=model.Who.__args__),
            doc="Whose pay: new_in_role, experienced, all (everyone in the job), or unstated.",
        ),
        Field("amount", Integer(1), required=False, doc="A single amount (whole number)."),
        Field("low", Integer(1), required=False, doc="Low end of a range (with 'high')."),
        Field("high", Integer(1), required=False, doc="High end of a range (with 'low')."),
        Field(
            "period",
            Text(choices=model.Period.__args__),
            doc="The amount is per month or per year.",
        ),
        Field(
            "tax",
            Text(choices=model.Tax.__args__),
            doc="Before or after tax, or unstated when the source does not say.",
        ),
        Field(
            "includes",
            COMPONENTS,
            required=False,
            doc="What the source says the figure includes: pension, bonus, overtime, allowances.",
        ),
        Field(
            "excludes",
            COMPONENTS,
            required=False,
            doc="What the source says the figure leaves out.",
        ),
        Field("year", Integer(1990, 2100), doc="Year the figure refers to (or was published)."),
        Field(
            "year_basis",
            Text(choices=model.YearBasis.__args__),
            doc="'reference': the year the figure describes; 'published' or 'accessed': "
            "the source names no year, so this is its publication year or the year we read it.",
        ),
        SOURCE_KEY,
        Field(
            "note",
            PerLanguage(Text("line", max_length=600)),
            required=False,
            doc="What a reader must know about this figure, in every language.",
        ),
        Field(
            "reading",
            PerLanguage(Text("line", max_length=600)),
            required=False,
            doc="Where the editors read the source other than it is written (a period it "
            "does not state, contradicting statements joined into a range), in every "
            "language. The page shows it next to the figure.",
        ),
        Field(
            "definition",
            Text("slug"),
            required=False,
            doc="Key of an entry under 'definitions': the statistics office's own definition "
            "of this statistic, for a figure of official statistics.",
        ),
    ),
    doc="One salary figure exactly as its source states it.",
    label=lambda v: f"salary for {v.get('country', '?')}",
)

FAQ = Record(
    model.FaqEntry,
    (
        Field("question", Text("line", max_length=200)),
        Field("answer", PROSE),
    ),
    doc="A question readers ask, and its answer.",
)

ROLE_TEXT = Record(
    model.RoleText,
    (
        Field("title", PLAIN_LINE, doc="Job title as a heading."),
        Field("slug", Text("slug", max_length=80), doc="URL part in this language."),
        Field(
            "also_called",
            ListOf(Text("line", max_length=80, plain=True)),
            required=False,
            doc="Other names for the job in this language, as people and job ads use them: "
            "plain words, each once, not the title itself.",
        ),
        Field("summary", Text("line", max_length=300), doc="One or two sentences: the lead."),
        Field(
            "typical_education",
            SHORT_LINE,
            doc="The usual education, in a few words, for the fact box.",
        ),
        Field(
            "typical_workplaces",
            SHORT_LINE,
            doc="Where people usually work, in a few words, for the fact box.",
        ),
        Field("description", PROSE, doc="What the job is."),
        Field("tasks", ITEMS, doc="Typical tasks."),
        Field("skills", ITEMS, doc="Professional skills."),
        Field("qualities", ITEMS, doc="Personal qualities."),
        Field("education", PROSE, doc="Education, certifications and routes in."),
        Field("workplaces", PROSE, doc="Where people work."),
        Field("hours", PROSE, doc="Working hours and conditions."),
        Field("tools", ITEMS, doc="Tools and systems."),
        Field("career", PROSE, doc="Career path into and out of the role."),
        Field("outlook", PROSE, doc="Outlook and trends."),
        Field("faq", ListOf(FAQ, min_items=1), doc="Frequently asked questions."),
    ),
    doc="A role's text in one language.",
)

CODE = Text("line", pattern=r"^[0-9]{4}$", pattern_doc="four digits, like 4222")

CODES = Record(
    model.OccupationCodes,
    (
        Field("isco08", CODE, required=False, doc="ISCO-08 unit group (international)."),
        Field("disco08", CODE, required=False, doc="DISCO-08 group (Denmark)."),
        Field("styrk08", CODE, required=False, doc="STYRK-08 group (Norway)."),
        Field("ssyk2012", CODE, required=False, doc="SSYK 2012 group (Sweden)."),
        Field(
            "esco",
            Text(
                "url",
                pattern=r"^http://data\.europa\.eu/esco/(?:occupation/[0-9a-f-]{36}|isco/C[0-9]{1,4})$",
                pattern_doc="an ESCO URI, like http://data.europa.eu/esco/isco/C4222",
            ),
            required=False,
            doc="The ESCO occupation's URI, or ESCO's page for the ISCO group.",
        ),
    ),
    doc="Occupation codes, only where a source confirms them.",
)

ROLE = Record(
    model.Role,
    (
        Field("id", Text("slug", max_length=80), doc="Stable id; never change it."),
        Field("related", ListOf(Text("slug")), required=False, doc="Ids of related roles."),
        Field(
            "reviewed",
            DATE,
            doc="When an editor last checked the role against its sources (YYYY-MM-DD).",
        ),
        Field("codes", CODES, required=False, doc="Occupation codes and the ESCO link."),
        Field("salaries", ListOf(SALARY), required=False, doc="Sourced salary figures."),
    ),
    doc="A job role with its text in every language and its salary figures per country.",
    label=lambda v: f"role '{v.get('id', '?')}'",
    inline_languages=("texts", ROLE_TEXT),
)

DEFINITION = Record(
    model.Definition,
    (
        Field(
            "source",
            Text("slug"),
            doc="Key of the statistics office's own page that defines the statistic.",
        ),
        Field(
            "tax",
            Text(choices=model.Tax.__args__),
            doc="Before or after tax as the office defines it; unstated if its page is silent.",
        ),
        Field(
            "includes",
            COMPONENTS,
            required=False,
            doc="What the office says the statistic includes: pension, bonus, overtime, "
            "allowances.",
        ),
        Field("excludes", COMPONENTS, required=False, doc="What the office says it leaves out."),
        Field(
            "hours",
            Text(choices=model.Hours.__args__),
            doc="full_time_equivalent (part-time pay counted up to full time), full_time_only, "
            "or unstated.",
        ),
        Field(
            "note",
            PerLanguage(Text("line", max_length=600)),
            required=False,
            doc="Anything else the office's page says of the statistic, in every language.",
        ),
    ),
    doc="A statistics office's own definition of a pay statistic, from its method page.",
    label=lambda v: f"definition '{v.get('id', '?')}'",
)

EXCHANGE_RATE = Record(
    model.ExchangeRate,
    (
        Field("currency", Text(choices=("DKK", "NOK", "SEK")), doc="The currency."),
        Field(
            "per_eur",
            DecimalNumber(minimum="0"),
            doc="Units of the currency per euro, with a point for decimals: 7.46038.",
        ),
        Field(
            "date",
            Text("partial_date"),
            doc="What the rate is for: a year (2022) for the year's average, a month "
            "(2022-07) for the month's average, or a day (2022-06-20). Figures are converted "
            "at a rate of their own year.",
        ),
        SOURCE_KEY,
        Field(
            "note",
            PerLanguage(Text("line", max_length=400)),
            required=False,
            doc="How the rate was read or worked out, in every language.",
        ),
    ),
    doc="A reference exchange rate, used to compare figures across countries.",
    label=lambda v: f"exchange rate for {v.get('currency', '?')}",
)

LADDER = Record(
    model.Ladder,
    (
        Field("id", Text("slug", max_length=80), doc="Stable id of the career path."),
        Field("roles", ListOf(Text("slug"), min_items=2), doc="Role ids, first step first."),
    ),
    doc="A career path through several roles.",
    label=lambda v: f"ladder '{v.get('id', '?')}'",
)

CATALOGUE = Record(
    model.Catalogue,
    (
        Field(
            "stale_after_years",
            Integer(1, 20),
            doc="A figure more than this many years old carries a notice on its page.",
        ),
        Field(
            "exchange_rates",
            ListOf(EXCHANGE_RATE),
            required=False,
            doc="Rates for converting figures to the reader's currency: one per currency "
            "and year, for every year a compared figure is from.",
        ),
        Field("sources", KeyedMap(SOURCE, "id", partial=True), doc="Publications, by key."),
        Field(
            "definitions",
            KeyedMap(DEFINITION, "id", partial=True),
            required=False,
            doc="Statistics offices' own definitions of their pay statistics, by key.",
        ),
        Field("ladders", ListOf(LADDER), required=False, doc="Career paths through roles."),
        Field("roles", ListOf(ROLE, min_items=1, partial=True), doc="The job roles."),
    ),
    doc="Karriereguiden's roles and the sources of their figures.",
)
