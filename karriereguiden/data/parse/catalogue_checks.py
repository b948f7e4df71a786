"""Checks across the whole catalogue, once every record is read: ids used once, references
to roles and sources that exist, ladders, exchange rates for every compared figure."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence

from .. import compare, schema
from ..errors import DataError, DataErrors
from ..model import Catalogue, ExchangeRate, Mark, Role, SalaryFigure, Source
from ..yamlstrict import MappingNode, Node, ScalarNode, SequenceNode
from .report import MISSING
from .structure import Reader


def read_catalogue(node: Node, reader: Reader, today: dt.date | None) -> Catalogue:
    """The catalogue in the node tree, read and checked whole; DataErrors with every problem."""
    catalogue = reader.record(schema.CATALOGUE, node, (), {})
    errors = list(reader.report.errors)
    if catalogue is not MISSING:
        errors += check_catalogue(
            catalogue, reader.report.file, today or dt.date.today(), *written_names(node)
        )
    if errors or catalogue is MISSING:
        raise DataErrors(errors)
    return catalogue


def check_catalogue(
    cat: Catalogue, file: str, today: dt.date, known_ids: set[str], known_sources: set[str]
) -> list[DataError]:
    errors: list[DataError] = []

    def add(mark: Mark, context: str, message: str) -> None:
        errors.append(DataError(file, mark.line, mark.column, message, context))

    def check_role_ids(
        name: str, ids: Sequence[str], marks, label: str, own: str | None = None
    ) -> None:
        """A list of role ids ('related', a ladder's 'roles'): known, once each, not itself."""
        for i, role_id in enumerate(ids):
            mark = marks.get(f"{name}[{i}]", marks[""])
            if role_id == own:
                add(mark, label, f"'{name}' lists the role itself")
            elif role_id not in known_ids:
                # Never a suggestion the check would refuse: the role itself, or a listed id.
                candidates = sorted(known_ids - {own, *ids})
                close = difflib.get_close_matches(role_id, candidates, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                add(mark, label, f"'{name}' names an unknown role id '{role_id}'{hint}")
            if ids.index(role_id) != i:
                add(mark, label, f"'{name}' lists '{role_id}' twice")

    def unknown_source(key: str, mark: Mark, label: str) -> None:
        if key not in cat.sources and key not in known_sources:
            close = difflib.get_close_matches(key, list(cat.sources), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            add(mark, label, f"'source' names an unknown source '{key}'{hint}")

    def check_definition_use(figure: SalaryFigure, source: Source, label: str) -> bool:
        """A figure's 'definition': known, for official statistics, not contradicted."""
        definition = cat.definitions.get(figure.definition)
        mark = figure.marks["definition"]
        if definition is None:
            close = difflib.get_close_matches(figure.definition, list(cat.definitions), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            unknown = f"'definition' names an unknown definition '{figure.definition}'"
            add(mark, label, unknown + hint)
            return False
        if source.kind != "official_statistics":
            add(
                mark,
                label,
                f"'definition' belongs to official statistics, but source '{source.id}' is "
                f"'{source.kind}': remove 'definition', or cite the statistics' publisher",
            )
        if "unstated" not in (figure.tax, definition.tax) and figure.tax != definition.tax:
            add(
                figure.marks["tax"],
                label,
                f"'tax: {figure.tax}' contradicts definition '{definition.id}' "
                f"('tax: {definition.tax}'): write what the source says, or 'unstated'",
            )
        for name, own, other in (
            ("includes", figure.includes, definition.excludes),
            ("excludes", figure.excludes, definition.includes),
        ):
            clash = sorted(set(own) & set(other))
            if clash:
                add(
                    figure.marks[name],
                    label,
                    f"'{name}' lists {', '.join(clash)}, which definition '{definition.id}' "
                    "says the opposite of",
                )
        return True

    for definition in cat.definitions.values():
        dlabel = f"definition '{definition.id}'"
        source = cat.sources.get(definition.source)
        if source is None:
            unknown_source(definition.source, definition.marks["source"], dlabel)
        elif source.kind != "official_statistics" or source.quotes:
            add(
                definition.marks["source"],
                dlabel,
                f"source '{source.id}' must be the statistics office's own page "
                "('kind: official_statistics', no 'quotes')",
            )

    comparable: list[tuple[SalaryFigure, str]] = []
    seen_ids: dict[str, Role] = {}
    seen_slugs: dict[tuple[str, str], Role] = {}
    for role in cat.roles:
        label = f"role '{role.id}'"
        if role.id in seen_ids:
            first = seen_ids[role.id].marks["id"].line
            add(
                role.marks["id"], label, f"the id '{role.id}' is used twice (first at line {first})"
            )
        seen_ids.setdefault(role.id, role)
        for lang, text in role.texts.items():
            key = (lang, text.slug)
            if key in seen_slugs:
                other = seen_slugs[key]
                add(
                    text.marks["slug"],
                    f"{label}, language '{lang}'",
                    f"the slug '{text.slug}' is already used by role '{other.id}'",
                )
            seen_slugs.setdefault(key, role)
    for role in cat.roles:
        label = f"role '{role.id}'"
        check_role_ids("related", role.related, role.marks, label, own=role.id)
        for figure in role.salaries:
            flabel = f"{label}, salary for {figure.country}"
            source = cat.sources.get(figure.source)
            if source is None:
                # Unknown, or known but with problems of its own, reported where it is written.
                unknown_source(figure.source, figure.marks["source"], flabel)
                continue
            year_ok = figure.year <= today.year
            if not year_ok:
                add(figure.marks["year"], flabel, f"'year' {figure.year} is in the future")
            defined = figure.definition is None or check_definition_use(figure, source, flabel)
            if figure.year_basis in ("published", "accessed"):
                date = getattr(source, figure.year_basis)
                if date is None:
                    add(
                        figure.marks["year_basis"],
                        flabel,
                        f"'year_basis: {figure.year_basis}' needs '{figure.year_basis}' "
                        f"on source '{source.id}'",
                    )
                elif date[:4] != str(figure.year):
                    year_ok = False
                    add(
                        figure.marks["year"],
                        flabel,
                        f"'year' {figure.year} does not match the source's "
                        f"'{figure.year_basis}' date {date}",
                    )
            # A year already reported wrong is not asked for rates as well.
            if year_ok and defined:
                comparable.append((figure, flabel))

    for role in cat.roles:
        if role.reviewed > today.isoformat():
            add(
                role.marks["reviewed"],
                f"role '{role.id}'",
                f"'reviewed' {role.reviewed} is in the future",
            )
    seen_rates: dict[tuple[str, int], ExchangeRate] = {}
    for rate in cat.exchange_rates:
        label = f"exchange rate for {rate.currency}"
        unknown_source(rate.source, rate.marks["source"], label)
        if not _date_has_passed(rate.date, today):
            add(
                rate.marks["date"],
                label,
                f"'date' {rate.date} has not passed yet: a rate is for a day, month or year "
                "that is over",
            )
        first = seen_rates.setdefault((rate.currency, rate.year), rate)
        if first is not rate:
            add(
                rate.marks["date"],
                label,
                f"{rate.currency} has a rate for {rate.year} already (line "
                f"{first.marks[''].line}): keep one rate per currency and year",
            )
    for figure, flabel in comparable:
        missing = compare.missing_rates(figure, cat)
        if missing:
            add(
                figure.marks["year"],
                flabel,
                f"no exchange rate for {', '.join(missing)} in {figure.year}: the comparison "
                f"converts a figure at rates of its own year; add a rate dated {figure.year} "
                "for each under 'exchange_rates', with its source",
            )
    seen_ladders: set[str] = set()
    for ladder in cat.ladders:
        label = f"ladder '{ladder.id}'"
        if ladder.id in seen_ladders:
            add(ladder.marks["id"], label, f"the id '{ladder.id}' is used twice")
        seen_ladders.add(ladder.id)
        check_role_ids("roles", ladder.roles, ladder.marks, label)
    return errors


def _date_has_passed(value: str, today: dt.date) -> bool:
    """Whether a year, a month or a day written as a partial date is over by today."""
    if len(value) == 4:
        return int(value) < today.year
    if len(value) == 7:
        return value < today.isoformat()[:7]
    return value <= today.isoformat()


def written_names(node: Node) -> tuple[set[str], set[str]]:
    """Role ids and source keys as written, so an entry with other problems still exists."""
    ids: set[str] = set()
    sources: set[str] = set()
    if not isinstance(node, MappingNode):
        return ids, sources
    for key, value in node.value:
        if key.value == "sources" and isinstance(value, MappingNode):
            sources.update(k.value for k, _ in value.value if isinstance(k, ScalarNode))
        if key.value == "roles" and isinstance(value, SequenceNode):
            for item in value.value:
                if isinstance(item, MappingNode):
                    ids.update(
                        v.value
                        for k, v in item.value
                        if k.value == "id" and isinstance(v, ScalarNode)
                    )
    return ids, sources
