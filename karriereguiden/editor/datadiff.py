"""What a change to the data file changes, in plain words, for the pull request's summary.

Pure functions over two loaded catalogues, plus the two renderings the pull request needs:
a Markdown summary (GitHub's run summary) and workflow commands that put each problem of
the data file on its line of the pull request's diff.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..data.errors import DataError
from ..data.model import Catalogue, Definition, ExchangeRate, Role, SalaryFigure, Source

# Plain words for a figure's fields, in the order a reader checks them.
_FIGURE_FIELDS = (
    ("amount", "amount"),
    ("currency", "currency"),
    ("period", "period"),
    ("tax", "tax"),
    ("includes", "includes"),
    ("excludes", "excludes"),
    ("year", "year"),
    ("year_basis", "year basis"),
    ("source", "source"),
    ("definition", "definition"),
    ("note", "note"),
)
_MEASURE_WORDS = {
    "average": "average",
    "median": "median",
    "most_common": "most common",
    "typical": "typical",
    "minimum": "agreed minimum",
}
_WHO_WORDS = {
    "new_in_role": "new in the job",
    "experienced": "experienced",
    "all": "everyone in the job",
    "unstated": "whose pay not stated",
}


@dataclass(frozen=True)
class RoleChanges:
    """Everything that changed in one role that exists before and after."""

    id: str
    title: str  # in the first language, after the change
    line: int
    figures: tuple[str, ...] = ()  # one plain sentence per added, removed or changed figure
    texts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # language -> fields
    other: tuple[str, ...] = ()  # related roles, reviewed date, occupation codes

    def __bool__(self) -> bool:
        return bool(self.figures or self.texts or self.other)


@dataclass(frozen=True)
class DataChanges:
    added: tuple[tuple[str, str, int], ...]  # (id, titles, line)
    removed: tuple[tuple[str, str], ...]  # (id, titles)
    roles: tuple[RoleChanges, ...]
    catalogue: tuple[str, ...]  # sources, exchange rates, ladders, stale_after_years

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.roles or self.catalogue)


def compare(old: Catalogue | None, new: Catalogue, languages: Sequence[str]) -> DataChanges:
    """The changes from ``old`` (None: the file is new) to ``new``."""
    before = {role.id: role for role in old.roles} if old else {}
    after = {role.id: role for role in new.roles}
    added = tuple(
        (role.id, _titles(role, languages), role.marks["id"].line)
        for role in new.roles
        if role.id not in before
    )
    removed = tuple(
        (role.id, _titles(role, languages)) for role in before.values() if role.id not in after
    )
    changed = []
    for role in new.roles:
        if role.id in before:
            changes = _role_changes(before[role.id], role, languages)
            if changes:
                changed.append(changes)
    return DataChanges(added, removed, tuple(changed), _catalogue_changes(old, new))


def _titles(role: Role, languages: Sequence[str]) -> str:
    return " / ".join(role.texts[lang].title for lang in languages if lang in role.texts)


def _role_changes(old: Role, new: Role, languages: Sequence[str]) -> RoleChanges:
    texts = {}
    for lang in languages:
        if lang in old.texts and lang in new.texts:
            names = _changed_fields(old.texts[lang], new.texts[lang])
            if names:
                texts[lang] = names
    other = []
    if old.reviewed != new.reviewed:
        other.append(f"reviewed {old.reviewed} → {new.reviewed}")
    if old.related != new.related:
        other.append(f"related roles {_listing(old.related)} → {_listing(new.related)}")
    if old.codes != new.codes:
        other.append("occupation codes changed")
    return RoleChanges(
        id=new.id,
        title=new.texts[languages[0]].title,
        line=new.marks["id"].line,
        figures=tuple(_figure_changes(old.salaries, new.salaries)),
        texts=texts,
        other=tuple(other),
    )


def _changed_fields(old: object, new: object) -> tuple[str, ...]:
    # The dataclasses leave their marks out of comparisons: a moved line is no change.
    return tuple(
        f.name
        for f in dataclasses.fields(old)
        if f.compare and getattr(old, f.name) != getattr(new, f.name)
    )


def _figure_key(figure: SalaryFigure) -> tuple[str, str, str]:
    return (figure.country, figure.measure, figure.who)


def _figure_changes(old: Sequence[SalaryFigure], new: Sequence[SalaryFigure]) -> Iterable[str]:
    """Figures are paired by country, statistic and whose pay: what a reader compares."""
    unpaired = list(old)
    for figure in new:
        match = next((f for f in unpaired if _figure_key(f) == _figure_key(figure)), None)
        if match is None:
            yield f"{_figure_name(figure)}: added, {_figure_value(figure)} (line {_line(figure)})"
            continue
        unpaired.remove(match)
        changes = [
            f"{words} {_field_value(match, name)} → {_field_value(figure, name)}"
            for name, words in _FIGURE_FIELDS
            if _field_value(match, name) != _field_value(figure, name)
        ]
        if changes:
            yield f"{_figure_name(figure)}: {'; '.join(changes)} (line {_line(figure)})"
    for figure in unpaired:
        yield f"{_figure_name(figure)}: removed, was {_figure_value(figure)}"


def _line(figure: SalaryFigure) -> int:
    return figure.marks[""].line if "" in figure.marks else figure.marks["country"].line


def _figure_name(figure: SalaryFigure) -> str:
    return (
        f"salary in {figure.country} ({_MEASURE_WORDS[figure.measure]}, {_WHO_WORDS[figure.who]})"
    )


def _figure_value(figure: SalaryFigure) -> str:
    return (
        f"{_field_value(figure, 'amount')} {figure.currency} per {figure.period}, "
        f"{figure.year}, source {figure.source}"
    )


def _field_value(figure: SalaryFigure, name: str) -> str:
    if name == "amount":
        return str(figure.low) if not figure.is_range else f"{figure.low}–{figure.high}"
    value = getattr(figure, name)
    if name == "note":
        return "a note" if value else "no note"
    if name == "definition":
        return value or "none"
    if isinstance(value, tuple):
        return _listing(value)
    return str(value)


def _listing(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "none"


def _catalogue_changes(old: Catalogue | None, new: Catalogue) -> tuple[str, ...]:
    if old is None:
        return ()
    lines = []
    lines += _keyed("source", old.sources, new.sources, _source_words)
    # One rate per currency and year: a new year's rate is added, not the old one changed.
    old_rates = {f"{r.currency} {r.year}": r for r in old.exchange_rates}
    new_rates = {f"{r.currency} {r.year}": r for r in new.exchange_rates}
    lines += _keyed("exchange rate", old_rates, new_rates, _rate_words)
    lines += _keyed("definition", old.definitions, new.definitions, _definition_words)
    old_ladders = {ladder.id: ladder.roles for ladder in old.ladders}
    new_ladders = {ladder.id: ladder.roles for ladder in new.ladders}
    lines += _keyed("career path", old_ladders, new_ladders, lambda roles: " → ".join(roles))
    if old.stale_after_years != new.stale_after_years:
        lines.append(
            f"stale_after_years {old.stale_after_years} → {new.stale_after_years}: figures "
            f"older than this many years get a notice"
        )
    return tuple(lines)


def _source_words(source: Source) -> str:
    return f"{source.publisher}: {source.title}"


def _rate_words(rate: ExchangeRate) -> str:
    when = f"on {rate.date}" if len(rate.date) == 10 else f"on average in {rate.date}"
    return f"{rate.per_eur} {rate.currency} per euro {when}"


def _definition_words(definition: Definition) -> str:
    parts = [f"tax {definition.tax}", f"hours {definition.hours}"]
    parts += [
        f"includes {_listing(definition.includes)}",
        f"excludes {_listing(definition.excludes)}",
    ]
    return f"from source {definition.source}: " + ", ".join(parts)


def _keyed(label: str, old: Mapping, new: Mapping, words) -> list[str]:
    lines = [f"{label} {key} added: {words(new[key])}" for key in new if key not in old]
    lines += [f"{label} {key} removed" for key in old if key not in new]
    for key in new:
        if key in old and old[key] != new[key]:
            before, after = words(old[key]), words(new[key])
            detail = f"{before} → {after}" if before != after else "details changed"
            lines.append(f"{label} {key} changed: {detail}")
    return lines


# -- the run summary (GitHub-flavoured Markdown) ----------------------------------------------

# Every line is a list item that starts with our own words, so only the characters that
# mark up text in the middle of a line need escaping.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")


def _md(text: str) -> str:
    """Text from the data as Markdown that shows it literally: no markup, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def summary_markdown(
    changes: DataChanges | None,
    file: str,
    problems: Sequence[DataError] = (),
    base_problem: str | None = None,
) -> str:
    """The run summary: the problems first, then what changed (None: the new file is broken)."""
    out = [f"## Changes to {file}", ""]
    if problems:
        out += [
            f"**{len(problems)} problem{'s' if len(problems) != 1 else ''} in the data.** "
            "Each is marked on its line in the pull request's *Files changed* tab:",
            "",
        ]
        out += [f"- line {p.line}, column {p.column}: {_md(_problem_words(p))}" for p in problems]
        out.append("")
    if base_problem:
        out += [f"The version before this pull request could not be read: {_md(base_problem)}", ""]
    if changes is None:
        out.append("What the pull request changes is listed once the problems are fixed.")
        return "\n".join(out) + "\n"
    if not changes:
        out.append("No change to the roles, figures, texts or sources.")
        return "\n".join(out) + "\n"
    if changes.added:
        out += [f"### Roles added ({len(changes.added)})", ""]
        out += [f"- `{i}` {_md(titles)} (line {line})" for i, titles, line in changes.added]
        out.append("")
    if changes.removed:
        out += [f"### Roles removed ({len(changes.removed)})", ""]
        out += [f"- `{i}` {_md(titles)}" for i, titles in changes.removed]
        out.append("")
    for role in changes.roles:
        out += [f"### `{role.id}` {_md(role.title)} (line {role.line})", ""]
        out += [f"- {_md(line)}" for line in role.figures]
        out += [
            f"- texts in `{lang}`: {_md(', '.join(names))}" for lang, names in role.texts.items()
        ]
        out += [f"- {_md(line)}" for line in role.other]
        out.append("")
    if changes.catalogue:
        out += ["### Sources, exchange rates and career paths", ""]
        out += [f"- {_md(line)}" for line in changes.catalogue]
        out.append("")
    return "\n".join(out)


def _problem_words(problem: DataError) -> str:
    return f"{problem.context}: {problem.message}" if problem.context else problem.message


# -- annotations (GitHub workflow commands) ----------------------------------------------------


def _escape_data(text: str) -> str:
    # As GitHub's own toolkit escapes a command's message: a newline cannot end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(problems: Iterable[DataError]) -> list[str]:
    """One ``::error`` workflow command per problem, on its file, line and column."""
    return [
        f"::error file={_escape_property(p.file)},line={p.line},col={p.column},"
        f"title={_escape_property(p.context or 'data problem')}::{_escape_data(p.message)}"
        for p in problems
    ]
