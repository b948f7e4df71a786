"""Single values: a text, a whole number or a decimal, each checked against its spec.

Each reader returns the value, or reports the problem and returns MISSING. The messages
say what the field takes, in words an editor uses, because a value is written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from .. import schema
from ..model import fold_spaces
from ..yamlstrict import MappingNode, Node, ScalarNode, SequenceNode
from .report import MISSING, Report

_MAX_DIGITS = 15  # no count, year or salary has more; Python refuses over 4,300
_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_GROUPED = re.compile(r"^-?[0-9]{1,3}(?:[.,' \u00a0][0-9]{3})+$")
_CONTROL_OR_TAB = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]")
# Half of a character, from a "\ud800" escape: no page or data file could be written with it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Either of the two above. Reading a catalogue checks every text: one search that finds
# nothing in almost all of them, and only a text with a find is searched again to say
# which (a half character is named first, as the checks below are ordered).
_NOT_IN_TEXT = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029\ud800-\udfff]")
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
SLUG = re.compile(schema.SLUG_PATTERN)
_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_FORMATS = {"date": _FULL_DATE, "partial_date": _DATE}
_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


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


def _scalar(report: Report, node: Node, context, what: str, wanted: str | schema.Text) -> Any:
    """The node's text, or MISSING if it is no text; ``wanted`` words the message."""
    expected = wanted
    if isinstance(node, ScalarNode) and (node.style or node.value not in _NULLS):
        if isinstance(wanted, str) and node.value.strip() == schema.PLACEHOLDER:
            # A number left as new-role wrote it (texts say so where they are checked).
            report.error(node, context, f"{what} still says {schema.PLACEHOLDER}: write {wanted}")
            return MISSING
        return node.value
    # Worded only here: a catalogue has hundreds of thousands of fine values.
    if isinstance(wanted, schema.Text):
        expected = _expected_text(wanted)
    if _colon_in_text(node):
        # "Advise on: products" read as a field 'Advise on' with the value 'products'.
        report.error(
            node,
            context,
            f"{what} must be text, but YAML read it as 'field: value': put the text in "
            "double quotes because it contains ': '",
        )
    elif not isinstance(node, ScalarNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
        report.error(node, context, f"{what} must be {expected}, got {kind}")
    else:
        report.error(node, context, f"{what} is empty: write {expected}")
    return MISSING


def read_text(report: Report, spec: schema.Text, node: Node, context, what: str) -> Any:
    # Reading a catalogue of 1,000 roles reads 180,000 texts, nearly all fine: a written
    # text is taken here without a call to _scalar (which says what is wrong with a value
    # that is no text), the spec's kind is looked up once, and the cheapest test that can
    # clear a text comes first.
    if isinstance(node, ScalarNode) and (node.style or node.value not in _NULLS):
        raw = node.value
    else:
        return _scalar(report, node, context, what, spec)  # reports it, gives MISSING
    kind = spec.kind
    if not node.style and kind != "partial_date" and _READ_AS_NOT_TEXT.match(raw):
        # The loader would read it as text, but the JSON Schema and editors' tools read
        # YAML 1.2, where it is a number or true/false: the pull request's schema test
        # and the editor's underlining would disagree with the check.
        kind = "true or false" if raw.lower() in ("true", "false") else "a number"
        report.error(
            node,
            context,
            f'{what} must be text: write "{raw}" in quotes, because without them other '
            f"YAML tools read it as {kind}",
        )
        return MISSING
    value = raw.strip()
    # A printable text holds none of them (they are all control, separator or surrogate
    # characters), and isprintable() is quicker than the search.
    if not value.isprintable() and _NOT_IN_TEXT.search(value):
        if _SURROGATE.search(value):
            message = f"{what} contains a '\\u' escape that is half a character: remove it"
            report.error(node, context, message)
            return MISSING
        control = _CONTROL_OR_TAB.search(value)
        message = f"{what} contains a control character or tab: remove it"
        report.error_in(node, control.group(), context, message)
        return MISSING
    if schema.PLACEHOLDER in value:
        expected = _expected_text(spec) if spec.choices or spec.pattern_doc else "the text"
        report.error(node, context, f"{what} still says {schema.PLACEHOLDER}: write {expected}")
        return MISSING
    if kind == "prose":
        paragraphs = tuple(fold_spaces(p) for p in _PARAGRAPH_BREAK.split(value) if p.strip())
        if not paragraphs:
            report.error(node, context, f"{what} is empty: write {_expected_text(spec)}")
            return MISSING
        value_out: Any = paragraphs
    else:
        if "\n" in value:
            report.error(node, context, f"{what} must be one line: remove the line breaks")
            return MISSING
        value_out = value
    if spec.max_length and len(value) > spec.max_length:
        report.error(
            node,
            context,
            f"{what} is {len(value)} characters long; at most {spec.max_length} are allowed",
        )
        return MISSING
    if spec.choices and value not in spec.choices:
        report.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
        return MISSING
    if kind == "slug" and not SLUG.match(value):
        report.error(
            node,
            context,
            f"{what} must use only lowercase letters a-z, digits and single hyphens "
            f"(like 'customer-service-manager'), got '{value}'",
        )
        return MISSING
    if kind == "url" and not _URL.match(value):
        report.error(
            node,
            context,
            f"{what} must be a web address starting with http:// or https://, "
            f"without spaces or quotes, got '{value}'",
        )
        return MISSING
    date_format = _DATE_FORMATS.get(kind)
    if date_format and not (date_format.match(value) and _valid_date(value)):
        report.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
        return MISSING
    if spec.pattern and not re.match(spec.pattern, value):
        report.error(node, context, f"{what} must be {_expected_text(spec)}, got '{value}'")
        return MISSING
    unsafe = _UNSAFE_PLAIN.search(value) if spec.plain else None
    if unsafe:
        message = f'{what} may not contain the characters < > & " `: write it as plain words'
        report.error_in(node, unsafe.group(), context, message)
        return MISSING
    if kind != "url" and _may_hold_markup(value) and _ANY_MARKUP.search(value):
        for pattern, what_found, advice in _MARKUP:
            found = pattern.search(value)
            if found:
                found_text = what_found.format(found=found.group(0))
                message = f"{what} contains {found_text}: {advice}"
                report.error_in(node, found.group(0), context, message)
                return MISSING
    return value_out


def read_integer(report: Report, spec: schema.Integer, node: Node, context, what: str) -> Any:
    raw = _scalar(report, node, context, what, "a whole number")
    if raw is MISSING:
        return MISSING
    digits = _whole_number(raw)
    if node.style:
        hint = f": write {digits}" if digits else ""
        report.error(node, context, f"{what} must be a number without quotes{hint}, got '{raw}'")
        return MISSING
    if not _INT.match(raw):
        if digits:
            hint = f"write {digits} without thousands separators"
            if not _GROUPED.match(raw):
                hint = f"write {digits} without thousands separators or currency"
            report.error(node, context, f"{what} must be a whole number: {hint}, got '{raw}'")
        else:
            report.error(node, context, f"{what} must be a whole number, got '{raw}'")
        return MISSING
    if len(raw.lstrip("-")) > _MAX_DIGITS:
        report.error(node, context, f"{what} has {len(raw)} digits: check the number")
        return MISSING
    value = int(raw)
    if spec.minimum is not None and value < spec.minimum:
        report.error(node, context, f"{what} must be at least {spec.minimum}, got {value}")
        return MISSING
    if spec.maximum is not None and value > spec.maximum:
        report.error(node, context, f"{what} must be at most {spec.maximum}, got {value}")
        return MISSING
    return value


def read_decimal(report: Report, spec: schema.DecimalNumber, node: Node, context, what: str) -> Any:
    raw = _scalar(report, node, context, what, "a number")
    if raw is MISSING:
        return MISSING
    if node.style or not _DECIMAL.match(raw):
        hint = " (use a point for decimals: 7.4572)" if "," in raw else ""
        report.error(node, context, f"{what} must be a number without quotes{hint}, got '{raw}'")
        return MISSING
    value = Decimal(raw)
    if spec.minimum is not None and value <= Decimal(spec.minimum):
        report.error(node, context, f"{what} must be above {spec.minimum}, got {raw}")
        return MISSING
    return value


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return False
    return True
