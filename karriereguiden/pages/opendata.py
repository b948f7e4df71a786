"""The data behind the site as open data: a JSON file of all roles and a CSV of all figures.

One pair per language, published with the site and linked from the about page. Both are
deterministic (sorted keys, no timestamps beyond the build date) so that two builds of a
commit give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import fields
from functools import cache

from ..data import compare
from ..data.model import Catalogue, Role, SalaryFigure, Source, in_language
from .languages import Language

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
CSV_COLUMNS = (
    "role_id",
    "role_title",
    "country",
    "currency",
    "measure",
    "who",
    "low",
    "high",
    "period",
    "tax",
    "includes",
    "excludes",
    # Empty for an undated figure: 'year_basis' then says which date of the source stands
    # in for it ('published' or 'accessed'), never a year that looks like the figure's own.
    "reference_year",
    "year_basis",
    "source_kind",
    "source_quotes",
    "source_id",
    "source_publisher",
    "source_title",
    "source_url",
    "source_published",
    "source_accessed",
    "note",
    "editors_reading",
    # The statistics office's own definition, where the figure is its statistic.
    "office_definition",
    "office_tax",
    "office_includes",
    "office_excludes",
    "office_hours",
    "office_source_url",
    # Empty when the figure may stand in a comparison across countries; else the rule
    # that keeps it out (karriereguiden/data/compare.py).
    "comparison_exclusion",
)
# A spreadsheet runs a cell starting with these as a formula; text from the data never should.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where the roles go in the JSON file; written one by one (render_json).
_ROLES = "karriereguiden:roles"


def paths(lang: Language) -> dict[str, str]:
    folder = f"{lang.code}/{lang.paths['data']}"
    return {
        "json": f"{folder}/karriereguiden-{lang.code}.json",
        "csv": f"{folder}/karriereguiden-{lang.code}-{lang.paths['salary']}.csv",
    }


def _plain(record: object, skip: tuple[str, ...] = ("marks",)) -> dict:
    out = {}
    for name in _field_names(type(record)):
        if name in skip:
            continue
        value = getattr(record, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer anew on every call: a third of the file's time.
    return tuple(f.name for f in fields(record_type))


def reference_year(figure: SalaryFigure) -> int | None:
    """The year a figure describes; None when its source names none."""
    return figure.year if figure.year_basis == "reference" else None


def _figure(figure: SalaryFigure, catalogue: Catalogue, lang: Language) -> dict:
    data = _plain(figure, skip=("marks", "note", "reading", "year"))
    data["comparison_exclusion"] = compare.exclusion(figure, catalogue)
    data["reference_year"] = reference_year(figure)
    data["note"] = in_language(figure.note, lang.code)
    data["editors_reading"] = in_language(figure.reading, lang.code)
    return data


def _role(role: Role, catalogue: Catalogue, lang: Language) -> dict:
    text = _plain(role.texts[lang.code], skip=("marks", "faq"))
    text["faq"] = [_plain(entry) for entry in role.texts[lang.code].faq]
    return {
        "id": role.id,
        "related": list(role.related),
        "reviewed": role.reviewed,
        "codes": _plain(role.codes) if role.codes else {},
        **text,
        "salaries": [_figure(f, catalogue, lang) for f in role.salaries],
    }


def role_json(role: Role, catalogue: Catalogue, lang: Language) -> str:
    """One role's entry in the JSON file, as json.dumps writes it at the top level."""
    return json.dumps(_role(role, catalogue, lang), ensure_ascii=False, indent=1, sort_keys=True)


def render_json(
    catalogue: Catalogue,
    lang: Language,
    date: str,
    role_text: Callable[[Role], str] | None = None,
) -> bytes:
    """The language's JSON file. role_text gives a role's entry (role_json by default): a
    live preview reuses the entries of the roles an edit did not change."""
    if role_text is None:

        def role_text(role: Role) -> str:
            return role_json(role, catalogue, lang)

    data = {
        "licence": LICENCE,
        "language": lang.code,
        "date": date,
        "sources": {key: _plain(source) for key, source in catalogue.sources.items()},
        "exchange_rates": [
            {**_plain(rate, skip=("marks", "note", "per_eur")), "per_eur": str(rate.per_eur)}
            | {"note": in_language(rate.note, lang.code)}
            for rate in catalogue.exchange_rates
        ],
        # What a statistics office says its statistic is; a figure names one by key.
        "definitions": {
            key: _plain(d, skip=("marks", "note")) | {"note": in_language(d.note, lang.code)}
            for key, d in catalogue.definitions.items()
        },
        "roles": _ROLES,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    # The roles written one by one into their place, each indented two steps, as json.dumps
    # writes the whole: byte for byte the same file.
    roles = [role_text(role).replace("\n", "\n  ") for role in catalogue.roles]
    listed = "[\n  " + ",\n  ".join(roles) + "\n ]" if roles else "[]"
    # The key and the placeholder together: no text of the data can be written like that,
    # as json.dumps escapes every quote inside a string.
    head, tail = text.split(f'"roles": {json.dumps(_ROLES)}')
    return (head + '"roles": ' + listed + tail + "\n").encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _office_cells(figure: SalaryFigure, catalogue: Catalogue) -> tuple[str, ...]:
    if figure.definition is None:
        return ("",) * 6
    office = catalogue.definitions[figure.definition]
    return (
        office.id,
        office.tax,
        " ".join(office.includes),
        " ".join(office.excludes),
        office.hours,
        catalogue.sources[office.source].url or "",
    )


def render_csv(catalogue: Catalogue, lang: Language) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for role in catalogue.roles:
        for figure in role.salaries:
            source: Source = catalogue.sources[figure.source]
            writer.writerow(
                _cell(v)
                for v in (
                    role.id,
                    role.texts[lang.code].title,
                    figure.country,
                    figure.currency,
                    figure.measure,
                    figure.who,
                    figure.low,
                    figure.high,
                    figure.period,
                    figure.tax,
                    " ".join(figure.includes),
                    " ".join(figure.excludes),
                    reference_year(figure) or "",
                    figure.year_basis,
                    source.kind,
                    source.quotes or "",
                    source.id,
                    source.publisher,
                    source.title,
                    source.url or "",
                    source.published or "",
                    source.accessed or "",
                    in_language(figure.note, lang.code) or "",
                    in_language(figure.reading, lang.code) or "",
                    *_office_cells(figure, catalogue),
                    compare.exclusion(figure, catalogue) or "",
                )
            )
    # With a byte order mark, spreadsheet programs read the file as UTF-8 (æ, ø, å, ä, ö).
    return out.getvalue().encode("utf-8-sig")


def render_files(
    catalogue: Catalogue,
    lang: Language,
    date: str,
    role_text: Callable[[Role], str] | None = None,
) -> dict[str, bytes]:
    where = paths(lang)
    return {
        where["json"]: render_json(catalogue, lang, date, role_text),
        where["csv"]: render_csv(catalogue, lang),
    }


def links(lang: Language) -> list[tuple[str, str]]:
    """(label, path) for the about page."""
    where = paths(lang)
    return [
        (lang.word("open_data_json"), where["json"]),
        (lang.word("open_data_csv"), where["csv"]),
    ]
