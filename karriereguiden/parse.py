"""Turn the YAML node tree into the model, checking everything ``schema.py`` declares.

All problems are collected, not just the first, and each names file, line, column, the
record it belongs to (role, language, salary) and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import compare, schema
from .errors import DataError, DataErrors
from .formatting import fold_spaces
from .model import Catalogue, ExchangeRate, Mark, Role, SalaryFigure, Source
from .yamlstrict import MappingNode, Node, ScalarNode, SequenceNode, compose_bytes, compose_text

_MAX_DIGITS = 15  # no count, year or salary has more; Python refuses over 4,300
_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_GROUPED = re.compile(r"^-?[0-9]{1,3}(?:[.,' \u00a0][0-9]{3})+$")
_CONTROL_OR_TAB = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]")
# Half of a character, from a "\ud800" escape: no page or data file could be written with it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Plain scalars that YAML 1.2 (the JSON Schema's tools) reads as a number or a boolean.
_READ_AS_NOT_TEXT = re.compile(
    r"^(?:[-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|true|True|TRUE|false|False|FALSE)$"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_UNSAFE_PLAIN = re.compile(r"[<>&\"`]")
# Text is plain. Markup would be shown escaped, never run, but the editor should know.
_MARKUP = (
    (
        re.compile(r"<[A-Za-z/!?]"),
        "HTML markup such as '{found}'",
        "write plain text; for the sign itself, put a space after it: '< 5'",
    ),
    (
        re.compile(r"!?\[[^\]]*\]\("),
        "a Markdown link or image '{found}'",
        "links cannot be written in text",
    ),
    (re.compile(r"javascript\s*:", re.IGNORECASE), "'{found}'", "script addresses are not allowed"),
)
# One search that finds nothing in almost every text; the patterns above then name the find.
_ANY_MARKUP = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in _MARKUP), re.IGNORECASE)


def _may_hold_markup(value: str) -> bool:
    # Each pattern above needs one of these characters, which few texts have; looking for
    # them is a twentieth of the search, and reading a catalogue checks every text.
    return "<" in value or "[" in value or ":" in value


# A currency written with the amount ("32.000 kr", "kr. 32 000", "32000,-"): the number in it.
_WITH_CURRENCY = re.compile(
    r"^(?:(?:kr\.?|dkk|nok|sek|eur|€)\s*)?(?P<number>-?[0-9][0-9.,' \u00a0]*?)"
    r"\s*(?:kr\.?|dkk|nok|sek|eur|€|,-|:-)?$",
    re.IGNORECASE,
)


def _whole_number(raw: str) -> str:
    """The whole number an editor meant by ``raw``, or "" when there is none to name."""
    found = _WITH_CURRENCY.match(raw.strip())
    number = found.group("number") if found else ""
    if _INT.match(number) or _GROUPED.match(number):
        return re.sub(r"[^0-9-]", "", number)
    return ""


_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s<>\"'`\\]*)?$")
_SLUG = re.compile(schema.SLUG_PATTERN)
_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_FORMATS = {"date": _FULL_DATE, "partial_date": _DATE}
_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MISSING = object()


_EXPECTED_BY_KIND = {
    "prose": "text",
    "slug": "an id of lowercase letters a-z, digits and hyphens",
    "url": "a web address starting with https://",
    "date": "a date written YYYY-MM-DD, like 2026-11-23",
    "partial_date": "a date written 2024, 2024-10 or 2024-10-31",
}


def _expected_text(spec: schema.Text) -> str:
    """What a field of this spec takes, in the words of an error message."""
    if spec.choices:
        return " or ".join(f"'{c}'" for c in spec.choices)
    return spec.pattern_doc or _EXPECTED_BY_KIND.get(spec.kind, "one line of text")


def _colon_in_text(node: Node) -> bool:
    """A one-line text with ': ' in it, which YAML made into a one-field mapping."""
    if not isinstance(node, MappingNode) or node.flow_style or len(node.value) != 1:
        return False  # '{name: x}' in braces is a mapping written on purpose
    key, value = node.value[0]
    return (
        isinstance(key, ScalarNode)
        and not key.style
        and isinstance(value, ScalarNode)
        and key.start_mark.line == value.start_mark.line
    )


class _Reader:
    def __init__(self, file: str, languages: Sequence[str], source: str | bytes | None = None):
        self.file = file
        self.languages = tuple(languages)
        self.errors: list[DataError] = []
        self._source = source  # the text read, to place a problem inside a long text
        self._lines: list[str] | None = None

    # -- reporting -------------------------------------------------------------------------

    def error(self, node: Node, context: Sequence[str], message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            DataError(self.file, mark.line + 1, mark.column + 1, message, ", ".join(context))
        )

    def error_in(self, node: Node, found: str, context: Sequence[str], message: str) -> None:
        """An error at ``found`` inside the node's text, where it is written: the line of a
        tag in a '>-' or '|' text, not the line of its field. The node's start if the text
        is written otherwise (escaped, or split over lines)."""
        line, column = self._find(node, found)
        self.errors.append(DataError(self.file, line, column, message, ", ".join(context)))

    def _find(self, node: Node, found: str) -> tuple[int, int]:
        start, end = node.start_mark, node.end_mark
        if self._source is not None and found and "\n" not in found:
            if self._lines is None:
                text = self._source
                if isinstance(text, bytes):
                    text = text.decode("utf-8-sig", errors="replace")
                self._lines = text.split("\n")
            for number in range(start.line, min(end.line, len(self._lines) - 1) + 1):
                column = self._lines[number].find(
                    found, start.column if number == start.line else 0
                )
                if column >= 0:
                    return number + 1, column + 1
        return start.line + 1, start.column + 1

    @staticmethod
    def mark(node: Node) -> Mark:
        return Mark(node.start_mark.line + 1, node.start_mark.column + 1)

    # -- conversion ------------------------------------------------------------------------

    def convert(self, spec: Any, node: Node, context: tuple[str, ...], what: str) -> Any:
        """Convert ``node`` by ``spec``; on a problem report it and return _MISSING."""
        if isinstance(spec, schema.Text):
            return self._text(spec, node, context, what)
        if isinstance(spec, schema.Integer):
            return self._integer(spec, node, context, what)
        if isinstance(spec, schema.ListOf):
            return self._list(spec, node, context, what)
        if isinstance(spec, schema.DecimalNumber):
            return self._decimal(spec, node, context, what)
        if isinstance(spec, schema.PerLanguage):
            return self._per_language(spec, node, context, what)
        if isinstance(spec, schema.KeyedMap):
            return self._keyed_map(spec, node, context, what)
        if isinstance(spec, schema.Record):
            return self.record(spec, node, context, {})
        raise TypeError(f"unknown spec {spec!r}")

    def _scalar(self, node: Node, context, what: str, wanted: str | schema.Text) -> Any:
        """The node's text, or _MISSING if it is no text; ``wanted`` words the message."""
        expected = wanted
        if isinstance(node, ScalarNode) and (node.style or node.value not in _NULLS):
            if isinstance(wanted, str) and node.value.strip() == schema.PLACEHOLDER:
                # A number left as new-role wrote it (texts say so where they are checked).
                self.error(node, context, f"{what} still says {schema.PLACEHOLDER}: write {wanted}")
                return _MISSING
            return node.value
        # Worded only here: a catalogue has hundreds of thousands of fine values.
        if isinstance(wanted, schema.Text):
            expected = _expected_text(wanted)
        if _colon_in_text(node):
            # "Advise on: products" read as a field 'Advise on' with the value 'products'.
            self.error(
                node,
                context,
                f"{what} must be text, but YAML read it as 'field: value': put the text in "
                "double quotes because it contains ': '",
            )
        elif not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            self.error(node, context, f"{what} must be {expected}, got {kind}")
        else:
            self.error(node, context, f"{what} is empty: write {expected}")
        return _MISSING

    def _text(self, spec: schema.Text, node: Node, context, what: str) -> Any:
        raw = self._scalar(node, context, what, spec)
        if raw is _MISSING:
            return _MISSING
        if not node.style and spec.kind != "partial_date" and _READ_AS_NOT_TEXT.match(raw):
            # The loader would read it as text, but the JSON Schema and editors' tools read
            # YAML 1.2, where it is a number or true/false: the pull request's schema test
            # and the editor's underlining would disagree with the check.
            kind = "true or false" if raw.lower() in ("true", "false") else "a number"
            self.error(
                node,
                context,
                f'{what} must be text: write "{raw}" in quotes, because without them other '
                f"YAML tools read it as {kind}",
            )
            return _MISSING
        value = raw.strip()
        if _SURROGATE.search(value):
            message = f"{what} contains a '\\u' escape that is half a character: remove it"
            self.error(node, context, message)
            return _MISSING
        control = _CONTROL_OR_TAB.search(value)
        if control:
            message = f"{what} contains a control character or tab: remove it"
            self.error_in(node, control.group(), context, message)
            return _MISSING
        if schema.PLACEHOLDER in value:
            expected = _expected_text(spec) if spec.choices or spec.pattern_doc else "the text"
            self.error(node, context, f"{what} still says {schema.PLACEHOLDER}: write {expected}")
            return _MISSING
        if spec.kind == "prose":
            paragraphs = tuple(fold_spaces(p) for p in _PARAGRAPH_BREAK.split(value) if p.strip())
            if not paragraphs:
                self.error(node, context, f"{what} is empty: write {_expected_text(spec)}")
                return _MISSING
            value_out: Any = paragraphs
        else:
            if "\n" in value:
                self.error(node, context, f"{what} must be one line: remove the line breaks")
                return _MISSING
            value_out = value
        if spec.max_length and len(value) > spec.max_length:
            self.error(
                node,
                context,
                f"{what} is {len(value)} characters long; at most {spec.max_length} are allowed",
            )
            return _MISSING
        if spec.choices and value not in spec.choices:
            self.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
            return _MISSING
        if spec.kind == "slug" and not _SLUG.match(value):
            self.error(
                node,
                context,
                f"{what} must use only lowercase letters a-z, digits and single hyphens "
                f"(like 'customer-service-manager'), got '{value}'",
            )
            return _MISSING
        if spec.kind == "url" and not _URL.match(value):
            self.error(
                node,
                context,
                f"{what} must be a web address starting with http:// or https://, "
                f"without spaces or quotes, got '{value}'",
            )
            return _MISSING
        date_format = _DATE_FORMATS.get(spec.kind)
        if date_format and not (date_format.match(value) and _valid_date(value)):
            self.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
            return _MISSING
        if spec.pattern and not re.match(spec.pattern, value):
            self.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
            return _MISSING
        unsafe = _UNSAFE_PLAIN.search(value) if spec.plain else None
        if unsafe:
            message = f'{what} may not contain the characters < > & " `: write it as plain words'
            self.error_in(node, unsafe.group(), context, message)
            return _MISSING
        if spec.kind != "url" and _may_hold_markup(value) and _ANY_MARKUP.search(value):
            for pattern, what_found, advice in _MARKUP:
                found = pattern.search(value)
                if found:
                    found_text = what_found.format(found=found.group(0))
                    message = f"{what} contains {found_text}: {advice}"
                    self.error_in(node, found.group(0), context, message)
                    return _MISSING
        return value_out

    def _integer(self, spec: schema.Integer, node: Node, context, what: str) -> Any:
        raw = self._scalar(node, context, what, "a whole number")
        if raw is _MISSING:
            return _MISSING
        digits = _whole_number(raw)
        if node.style:
            hint = f": write {digits}" if digits else ""
            self.error(node, context, f"{what} must be a number without quotes{hint}, got '{raw}'")
            return _MISSING
        if not _INT.match(raw):
            if digits:
                hint = f"write {digits} without thousands separators"
                if not _GROUPED.match(raw):
                    hint = f"write {digits} without thousands separators or currency"
                self.error(node, context, f"{what} must be a whole number: {hint}, got '{raw}'")
            else:
                self.error(node, context, f"{what} must be a whole number, got '{raw}'")
            return _MISSING
        if len(raw.lstrip("-")) > _MAX_DIGITS:
            self.error(node, context, f"{what} has {len(raw)} digits: check the number")
            return _MISSING
        value = int(raw)
        if spec.minimum is not None and value < spec.minimum:
            self.error(node, context, f"{what} must be at least {spec.minimum}, got {value}")
            return _MISSING
        if spec.maximum is not None and value > spec.maximum:
            self.error(node, context, f"{what} must be at most {spec.maximum}, got {value}")
            return _MISSING
        return value

    def _decimal(self, spec: schema.DecimalNumber, node: Node, context, what: str) -> Any:
        raw = self._scalar(node, context, what, "a number")
        if raw is _MISSING:
            return _MISSING
        if node.style or not _DECIMAL.match(raw):
            hint = " (use a point for decimals: 7.4572)" if "," in raw else ""
            self.error(node, context, f"{what} must be a number without quotes{hint}, got '{raw}'")
            return _MISSING
        value = Decimal(raw)
        if spec.minimum is not None and value <= Decimal(spec.minimum):
            self.error(node, context, f"{what} must be above {spec.minimum}, got {raw}")
            return _MISSING
        return value

    def _list(self, spec: schema.ListOf, node: Node, context, what: str) -> Any:
        if not isinstance(node, SequenceNode):
            self.error(node, context, f"{what} must be a list (lines starting with '- ')")
            return _MISSING
        if len(node.value) < spec.min_items:
            self.error(node, context, f"{what} needs at least {spec.min_items} entry")
            return _MISSING
        items = []
        ok = True
        for index, item_node in enumerate(node.value, start=1):
            item = self.convert(spec.item, item_node, context, f"{what} item {index}")
            ok = ok and item is not _MISSING
            items.append(item)
        if spec.partial:
            return tuple(item for item in items if item is not _MISSING)
        return tuple(items) if ok else _MISSING

    def _pairs(self, node: MappingNode, context) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node); duplicate keys are reported, never merged."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, context, "a key must be a plain name")
                continue
            key = key_node.value
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.error(
                    key_node, context, f"duplicate key '{key}' (first written at line {first})"
                )
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def _per_language(self, spec: schema.PerLanguage, node: Node, context, what: str) -> Any:
        if not isinstance(node, MappingNode):
            self.error(
                node,
                context,
                f"{what} must have one entry per language: {', '.join(self.languages)}",
            )
            return _MISSING
        pairs = self._pairs(node, context)
        out = {}
        ok = True
        for key, (key_node, _) in pairs.items():
            if key not in self.languages:
                self._unknown(key_node, context, key, self.languages, f"language in {what}", pairs)
                ok = False
        for lang in self.languages:
            if lang not in pairs:
                self.error(node, context, f"{what} is missing the '{lang}' translation")
                ok = False
                continue
            value = self.convert(spec.item, pairs[lang][1], context, f"{what} ({lang})")
            ok = ok and value is not _MISSING
            out[lang] = value
        return out if ok else _MISSING

    def _keyed_map(self, spec: schema.KeyedMap, node: Node, context, what: str) -> Any:
        if not isinstance(node, MappingNode):
            self.error(node, context, f"{what} must be a mapping of names to entries")
            return _MISSING
        out = {}
        ok = True
        for key, (key_node, value_node) in self._pairs(node, context).items():
            if not _SLUG.match(key):
                self.error(
                    key_node,
                    context,
                    f"the key '{key}' in {what} must be lowercase a-z, 0-9 and hyphens",
                )
                ok = False
                continue
            preset = {spec.key_field: (key, self.mark(key_node))}
            value = self.record(spec.record, value_node, context, preset)
            ok = ok and value is not _MISSING
            if value is not _MISSING or not spec.partial:
                out[key] = value
        return out if ok or spec.partial else _MISSING

    def _unknown(
        self, node: Node, context, key: str, allowed: Iterable[str], what: str, written=None
    ) -> None:
        written = written or {}
        # A key already written is never suggested: writing it again would be refused.
        unwritten = [k for k in allowed if k not in written]
        close = difflib.get_close_matches(key, unwritten, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(unwritten)}"
        taken = difflib.get_close_matches(key, [k for k in allowed if k in written], n=1)
        if taken and not close:
            line = written[taken[0]][0].start_mark.line + 1
            hint = f": '{taken[0]}' is already written at line {line}, so delete one of the two"
        elif not unwritten:
            hint = ": delete it"
        self.error(node, context, f"unknown {what} '{key}'{hint}")

    def record(self, spec: schema.Record, node: Node, context, preset: dict) -> Any:
        if not isinstance(node, MappingNode):
            self.error(
                node, context, f"expected a mapping of 'key: value' lines for {spec.doc.lower()}"
            )
            return _MISSING
        pairs = self._pairs(node, context)
        if spec.label:
            # A value still FILL IN names nothing yet: "salary for ?", not "for FILL IN".
            raw = {
                k: v.value
                for k, (_, v) in pairs.items()
                if isinstance(v, ScalarNode) and v.value != schema.PLACEHOLDER
            }
            raw.update({k: v for k, (v, _) in preset.items()})
            context = (*context, spec.label(raw))
        known = {f.name for f in spec.fields}
        lang_attr, lang_spec = spec.inline_languages or (None, None)
        for key, (key_node, _) in pairs.items():
            if key in known or (lang_attr and key in self.languages):
                continue
            allowed = [*known, *(self.languages if lang_attr else ())]
            self._unknown(key_node, context, key, allowed, "field", pairs)
        values: dict[str, Any] = {k: v for k, (v, _) in preset.items()}
        marks: dict[str, Mark] = {k: m for k, (_, m) in preset.items()}
        marks[""] = self.mark(node)
        for f in spec.fields:
            if f.name not in pairs:
                if f.required:
                    what = f.doc.rstrip(".")
                    what = f" ({what[:1].lower()}{what[1:]})" if what else ""
                    self.error(node, context, f"'{f.name}' is missing: add '{f.name}:'{what}")
                    values[f.name] = _MISSING
                else:
                    values[f.name] = None
                continue
            value_node = pairs[f.name][1]
            marks[f.name] = self.mark(value_node)
            if isinstance(value_node, SequenceNode):
                for i, item in enumerate(value_node.value):
                    marks[f"{f.name}[{i}]"] = self.mark(item)
            values[f.name] = self.convert(f.spec, value_node, context, f"'{f.name}'")
        if lang_attr:
            texts = {}
            for lang in self.languages:
                if lang not in pairs:
                    self.error(
                        node, context, f"the '{lang}' text is missing: add a '{lang}:' block"
                    )
                    continue
                value_node = pairs[lang][1]
                marks[lang] = self.mark(value_node)
                texts[lang] = self.record(
                    lang_spec, value_node, (*context, f"language '{lang}'"), {}
                )
            values[lang_attr] = texts
        finish = _FINISHERS.get(spec.model)
        finished = finish(self, node, context, values, pairs) if finish else True
        if not finished or any(v is _MISSING for v in values.values()):
            return _MISSING
        if lang_attr and any(v is _MISSING for v in values[lang_attr].values()):
            return _MISSING
        values = {k: (v if v is not None else _default(spec, k)) for k, v in values.items()}
        return spec.model(**values, marks=marks)


def _default(spec: schema.Record, name: str) -> Any:
    field = next((f for f in spec.fields if f.name == name), None)
    if field is not None and isinstance(field.spec, schema.ListOf):
        return ()
    if field is not None and isinstance(field.spec, schema.KeyedMap):
        return {}
    return None


def _finish_salary(reader: _Reader, node, context, values: dict, pairs) -> bool:
    """A figure is either one 'amount' or a 'low'..'high' range; keep the model uniform."""
    amount, low, high = values.pop("amount"), values.get("low"), values.get("high")
    if _MISSING in (amount, low, high):
        return False
    if amount is not None and (low is not None or high is not None):
        reader.error(node, context, "write either 'amount' or 'low' and 'high', not both")
        return False
    if amount is not None:
        values["low"] = values["high"] = amount
    elif low is None and high is None:
        reader.error(
            node, context, "'amount' is missing: write 'amount', or 'low' and 'high' for a range"
        )
        return False
    elif low is None or high is None:
        missing = "low" if low is None else "high"
        reader.error(node, context, f"'{missing}' is missing: a range needs both 'low' and 'high'")
        return False
    elif low > high:
        reader.error(pairs["low"][1], context, f"'low' ({low}) is above 'high' ({high})")
        return False
    includes, excludes = values.get("includes"), values.get("excludes")
    if _MISSING in (includes, excludes):
        return False
    both = set(includes or ()) & set(excludes or ())
    if both:
        listed = ", ".join(sorted(both))
        reader.error(pairs["excludes"][1], context, f"{listed} is both included and excluded")
        return False
    return _check_plausible(reader, context, values, pairs)


def _check_plausible(reader: _Reader, context, values: dict, pairs) -> bool:
    currency, period = values["currency"], values["period"]
    if _MISSING in (currency, period):
        return False
    bounds = schema.PLAUSIBLE_AMOUNTS[currency]
    other = "year" if period == "month" else "month"
    lowest, highest = bounds[period]
    names = ("amount",) if "amount" in pairs else ("low", "high")
    ok = True
    for name in names:
        amount = values["low" if name == "amount" else name]
        if lowest <= amount <= highest:
            continue
        side, limit = ("below", lowest) if amount < lowest else ("above", highest)
        other_low, other_high = bounds[other]
        hint = (
            f"that looks like a {other}ly amount: check 'period'"
            if other_low <= amount <= other_high
            else "check the amount"
        )
        reader.error(
            pairs[name][1],
            context,
            f"'{name}' {amount} {currency} per {period} is {side} {limit}; {hint}",
        )
        ok = False
    return ok


def _finish_role_text(reader: _Reader, node, context, values: dict, pairs) -> bool:
    """Other names must add something: each once, and none the same as the title."""
    names, title = values.get("also_called"), values.get("title")
    if names in (None, _MISSING):
        return True
    items = pairs["also_called"][1].value
    seen: dict[str, int] = {}
    ok = True
    for index, (name, item) in enumerate(zip(names, items, strict=True), start=1):
        key = fold_spaces(name).casefold()
        if not key:
            reader.error(item, context, f"'also_called' item {index} is empty: write a name")
            ok = False
        elif title not in (None, _MISSING) and key == fold_spaces(title).casefold():
            reader.error(
                item,
                context,
                f"'also_called' item {index} '{name}' is the title itself: remove it "
                "(list only other names)",
            )
            ok = False
        elif key in seen:
            reader.error(
                item,
                context,
                f"'also_called' item {index} '{name}' repeats item {seen[key]}: "
                "remove one (case does not count)",
            )
            ok = False
        seen.setdefault(key, index)
    return ok


_FINISHERS = {
    schema.SALARY.model: _finish_salary,
    schema.ROLE_TEXT.model: _finish_role_text,
}


# -- whole-catalogue checks -----------------------------------------------------------------


def _check_catalogue(
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


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return False
    return True


# -- entry points ---------------------------------------------------------------------------


def parse_node(
    node: Node,
    file: str,
    languages: Sequence[str],
    today: dt.date | None = None,
    source: str | bytes | None = None,
) -> Catalogue:
    reader = _Reader(file, languages, source)
    catalogue = reader.record(schema.CATALOGUE, node, (), {})
    errors = list(reader.errors)
    if catalogue is not _MISSING:
        errors += _check_catalogue(catalogue, file, today or dt.date.today(), *_written_names(node))
    if errors or catalogue is _MISSING:
        raise DataErrors(errors)
    return catalogue


def _written_names(node: Node) -> tuple[set[str], set[str]]:
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


def load_text(
    text: str, file: str, languages: Sequence[str], today: dt.date | None = None
) -> Catalogue:
    return parse_node(compose_text(text, file), file, languages, today, text)


def load_file(
    path: Path,
    languages: Sequence[str],
    display_name: str | None = None,
    today: dt.date | None = None,
) -> Catalogue:
    return load_bytes(path.read_bytes(), languages, display_name or str(path), today)


def load_bytes(
    raw: bytes, languages: Sequence[str], name: str, today: dt.date | None = None
) -> Catalogue:
    # Reading builds a large tree of objects that all live on: the cycle collector would
    # walk it again and again while it grows (a third of the reading time), and finds
    # nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return parse_node(compose_bytes(raw, name), name, languages, today, raw)
    finally:
        if collecting:
            gc.enable()
