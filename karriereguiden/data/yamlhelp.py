"""Plain words for YAML mistakes, and where in the catalogue they are.

When the YAML cannot be read there is no node tree to say which role a line belongs to,
so the place is worked out from the text itself: the lines above, each less indented than
the last, are the blocks the line sits in (role, language, salary figure, field). The
parser's own message ("expected <block end>, but found '<block sequence start>'") is
replaced by what an editor should do, where a known mistake explains it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from .errors import DataError

# Spaces that look like a space but are not one to YAML (a pasted non-breaking space is
# the usual one); inside text they are fine, in the layout they change what YAML reads.
ODD_SPACES = {
    "\u00a0": "non-breaking space",
    "\u202f": "narrow non-breaking space",
    "\u2007": "figure space",
    "\u3000": "wide space",
}
# Characters that show nothing at all: always pasted by accident.
INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen",
}
_WHITE = " " + "".join(ODD_SPACES)
_KEY = re.compile(
    r"^(?P<indent>[ \u00a0\u202f\u2007\u3000]*)(?P<dash>-[ \u00a0\u202f\u2007\u3000]+)?"
    r"(?P<key>\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ \u00a0\u202f\u2007\u3000]|$)"
    r"(?P<value>.*)$"
)
_DASH = re.compile(r"^(?P<indent>[ \u00a0\u202f\u2007\u3000]*)-(?:[ \u00a0\u202f\u2007\u3000]|$)")
# A role's language blocks are its two-letter keys (da, no, sv); its other fields are words.
_LANGUAGE = re.compile(r"^[a-z]{2}$")
# A whole value in typographic quotes, after 'key: ' or '- ' (inside a '|' text, a line
# that is a quotation is the editor's own).
_TYPOGRAPHIC_WRAP = re.compile(
    r"^[ ]*(?:-[ ]+|[A-Za-z_][A-Za-z0-9_-]*:[ ]+)(?P<open>[“”„«»‘’‚‹›])(?P<body>[^\n]*)"
    r"(?P<close>[“”«»‘’‹›])[ ]*$"
)
# Lines worth a closer look: most lines of a catalogue have none of these characters.
_SUSPECT = re.compile("[" + "".join(INVISIBLE) + "".join(ODD_SPACES) + "“”„«»‘’‚‹›]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(_WHITE))


def _is_content(line: str) -> bool:
    stripped = line.strip(_WHITE + "\r")
    return bool(stripped) and not stripped.startswith("#")


def strip_comment(line: str) -> str:
    """The line without a trailing '# comment' (a '#' after a space, outside quotes)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or line[index - 1] in " :-[{,"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in _WHITE):
            return line[:index].rstrip()
    return line


@dataclass(frozen=True)
class _Step:
    line: int  # 0-based
    indent: int
    dash: bool
    key: str  # "" for a list item without a key
    value: str


def _step(lines: Sequence[str], number: int) -> _Step:
    line = lines[number].rstrip("\r")
    lead = line[: len(line) - len(line.lstrip(_WHITE + "\t"))]
    if "\t" in lead:
        line = " " * _tab_indent(lines, number) + line[len(lead) :]
    match = _KEY.match(line)
    if match:
        key = match.group("key").strip("\"'")
        value = strip_comment(match.group("value")).strip()
        return _Step(number, _indent(line), bool(match.group("dash")), key, value)
    return _Step(number, _indent(line), bool(_DASH.match(line)), "", "")


def _tab_indent(lines: Sequence[str], number: int) -> int:
    """How far a line indented with a tab is meant to be indented: as far as the nearest
    field above it (a tab's width is the editor's setting, so its column says nothing)."""
    for above in range(number - 1, -1, -1):
        line = lines[above].rstrip("\r")
        if _is_content(line) and "\t" not in line[: _indent(line) + 1] and _KEY.match(line):
            return _indent(line)
    return 0


def _item_value(lines: Sequence[str], item: _Step, key: str) -> str:
    """The value of ``key`` inside the list item that starts at ``item``."""
    if item.key == key:
        return item.value
    for number in range(item.line + 1, len(lines)):
        if not _is_content(lines[number]):
            continue
        step = _step(lines, number)
        if step.indent <= item.indent:
            break
        if step.key == key and step.indent == item.indent + 2 and not step.dash:
            return step.value.strip("\"'")
    return ""


def place(lines: Sequence[str], line: int) -> str:
    """Which role, language, salary figure and field the 1-based ``line`` belongs to."""
    if not lines:
        return ""
    number = min(max(line - 1, 0), len(lines) - 1)
    while number > 0 and not _is_content(lines[number]):
        number -= 1
    chain = [_step(lines, number)]
    threshold = chain[0].indent
    for above in range(number - 1, -1, -1):
        if threshold == 0:
            break
        if not _is_content(lines[above]):
            continue
        step = _step(lines, above)
        if step.indent < threshold:
            chain.append(step)
            threshold = step.indent
    chain.reverse()
    return _describe(lines, chain)


def _describe(lines: Sequence[str], chain: list[_Step]) -> str:
    parts: list[str] = []
    top = chain[0].key if chain and chain[0].indent == 0 else ""
    rest = chain[1:] if top else chain
    record_done = False
    field = ""
    for step in rest:
        if not record_done and step.dash:
            record_done = top != "roles"
            if top == "roles":
                role_id = _item_value(lines, step, "id")
                parts.append(f"role '{role_id}'" if role_id else "a role")
            elif top == "exchange_rates":
                parts.append(f"exchange rate for {_item_value(lines, step, 'currency') or '?'}")
            elif top == "ladders":
                parts.append(f"ladder '{_item_value(lines, step, 'id')}'")
            if step is rest[-1] and step.key and step.key != "id":
                field = step.key
            continue
        if top in ("sources", "definitions") and not parts and step.key:
            parts.append(f"{top[:-1]} '{step.key}'")
            record_done = True
            continue
        if top == "roles" and parts and not record_done:
            if _LANGUAGE.match(step.key) and not step.dash:
                parts.append(f"language '{step.key}'")
                record_done = True
                continue
            if step.key == "salaries":
                record_done = True
                field = ""
                salary = next((s for s in rest if s.line > step.line and s.dash), None)
                if salary is not None:
                    country = _item_value(lines, salary, "country").strip("\"'")
                    parts.append(f"salary for {country or '?'}")
                    inner = [s for s in rest if s.line > salary.line]
                    if inner and inner[0].key:
                        field = inner[0].key
                    elif salary.key and salary is rest[-1]:
                        field = salary.key
                    break
                field = "salaries"
                break
        if step.key and not field:
            field = step.key
            break
    if field:
        parts.append(f"field '{field}'")
    if parts:
        return ", ".join(parts)
    return f"'{top}'" if top and top != "roles" else ""


# -- characters that do not show -------------------------------------------------------------


def character_problems(
    text: str, file: str, first: int = 1, last: int | None = None
) -> list[DataError]:
    """Invisible and look-alike characters that change what YAML reads, or what readers see.

    A non-breaking space inside text is good Nordic typography (before a unit, in
    "10 000") and is left alone; in the indentation, or right after 'key:' or '- ', it
    makes YAML read something else than the editor sees.
    """
    lines = text.split("\n")
    errors: list[DataError] = []
    end = len(lines) if last is None else min(last, len(lines))
    for number in range(max(first, 1), end + 1):
        line = lines[number - 1].rstrip("\r")
        if not _SUSPECT.search(line) or not line.strip(_WHITE):
            continue
        comment_only = line.lstrip(_WHITE).startswith("#")

        def report(column: int, message: str, line_number: int = number) -> None:
            where = place(lines, line_number)
            errors.append(DataError(file, line_number, column, message, where))

        for column, char in enumerate(line, start=1):
            if char in INVISIBLE and not (number == 1 and column == 1 and char == "\ufeff"):
                if comment_only:
                    continue
                report(
                    column,
                    f"there is an invisible character here (a {INVISIBLE[char]}, "
                    f"column {column}), probably pasted with the text: delete it",
                )
        if comment_only:
            continue
        for column in _odd_layout_spaces(line):
            name = ODD_SPACES[line[column - 1]]
            report(
                column,
                f"replace the {name} at column {column} with a normal space: it looks like "
                f"a space, but YAML does not read it as one",
            )
        wrapped = _TYPOGRAPHIC_WRAP.match(strip_comment(line))
        if wrapped and wrapped.group("body").strip():
            column = wrapped.start("open") + 1
            report(
                column,
                f"the text is wrapped in typographic quotes {wrapped.group('open')}…"
                f"{wrapped.group('close')}, which would be shown on the page: delete them "
                '(if the text needs quotes for YAML, use straight quotes " ")',
            )
    return errors


def _odd_layout_spaces(line: str) -> list[int]:
    """1-based columns of look-alike spaces in the indentation or after 'key:' or '- '."""
    columns = []
    index = 0
    # The indentation, and the '- ' of list items inside it.
    while index < len(line) and (line[index] in _WHITE or line[index] == "-"):
        if line[index] == "-" and not (index + 1 < len(line) and line[index + 1] in _WHITE):
            break
        if line[index] in ODD_SPACES:
            columns.append(index + 1)
        index += 1
    key = re.match(r"[A-Za-z_][A-Za-z0-9_-]*:", line[index:])
    if key:
        after = index + key.end()
        if after < len(line) and line[after] in ODD_SPACES:
            columns.append(after + 1)
    return columns


# -- syntax errors in plain words ------------------------------------------------------------


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> DataError:
    """A YAML error as an editor reads it: the place, the mistake, what to do."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    start = exc.context_mark.line + 1 if exc.context_mark else line
    # A look-alike space near the error is the cause: name it, at its own column.
    earlier = _previous_content(lines, line)
    first = min(start, earlier or line, line)
    odd = character_problems(text, file, first, line)
    odd = [e for e in odd if "YAML does not read it" in e.message]
    if odd:
        return odd[-1]
    problem = exc.problem or ""
    empty = _filled_empty_list(problem, lines, line, earlier)
    if empty:
        return DataError(file, line, column, empty, place(lines, line))
    quote = _unclosed_quote(lines, line) if _may_be_quote(problem) else None
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        opened = exc.context_mark
        quote = (opened.line + 1, opened.column + 1, lines[opened.line][opened.column])
    if quote:
        # Name the quote where it opened: that is the line to fix, not where YAML gave up.
        line, column, char = quote
        inside = '\\"' if char == '"' else "''"
        message = (
            f"the {char} quote at column {column} is not closed: add a closing {char} at the "
            f"end of the text (a {char} inside the text is written {inside})"
        )
        return DataError(file, line, column, message, place(lines, line))
    if exc.context_mark and exc.context and "flow" in exc.context:
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        opened = lines[line - 1][column - 1 : column] or "["
        closing = "]" if opened == "[" else "}"
        message = (
            f"the '{opened}' at column {column} is not closed: add '{closing}' at the end of "
            f"the list, and put an entry that contains ': ' or ',' in double quotes"
        )
        return DataError(file, line, column, message, place(lines, line))
    message = _advice(exc, problem, lines, line, earlier)
    return DataError(file, line, column, message, place(lines, line))


def _filled_empty_list(problem: str, lines: Sequence[str], line: int, earlier) -> str:
    """'tasks: []' with entries written below it: the scaffold's empty list, filled in."""
    if "expected <block end>" not in problem or not earlier:
        return ""
    here = lines[line - 1].lstrip(_WHITE)
    before_code = strip_comment(lines[earlier - 1].rstrip("\r"))
    flow = re.search(r":[ ]*(\[.*\]|\{.*\})$", before_code)
    if not flow or not here.startswith(("-", *"abcdefghijklmnopqrstuvwxyz")):
        return ""
    key = before_code[: flow.start()].strip().lstrip("- ")
    brackets = flow.group(1).replace(" ", "")
    if brackets in ("[]", "{}"):
        what = "list" if brackets == "[]" else "block"
        return (
            f"delete '{brackets}' after '{key}:' on line {earlier} when you add entries on the "
            f"lines below it ('{brackets}' means an empty {what})"
        )
    return (
        f"'{key}:' on line {earlier} has its entries in brackets, and more below it: write "
        f"each entry on a line of its own starting with '- ', and delete the brackets"
    )


def _may_be_quote(problem: str) -> bool:
    return (
        "expected <block end>" in problem
        or "could not find expected ':'" in problem
        or ("end of stream" in problem)
    )


def _previous_content(lines: Sequence[str], line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        if _is_content(lines[number - 1]):
            return number
    return None


def _advice(exc, problem: str, lines: Sequence[str], line: int, earlier: int | None) -> str:
    here = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    if "'\\t'" in problem:
        return "there is a tab character here: indent with spaces, never tabs"
    if problem.startswith("mapping values are not allowed"):
        return (
            "put the text in double quotes because it contains ': ' (YAML reads 'word: ' as "
            'the start of a new field): write "…" around the whole text'
        )
    if "could not find expected ':'" in problem:
        return (
            "this line has no ':' after its field name. If it continues the text of the line "
            "above, indent it further than the field name, or put the whole text in quotes"
        )
    if "expected <block end>" in problem or "did not find expected" in problem:
        if "'<scalar>'" in problem and re.search(r"[\"']\s*\S", here):
            return (
                "there is more text after a closing quote: put the whole text in quotes, or "
                "leave the quotes out"
            )
        return (
            "this line is not lined up with the lines around it: indent it with the same "
            "number of spaces as the other fields of its block (entries of a list one step "
            "further, each starting with '- ')"
        )
    if "unknown escape character" in problem or "expected escape sequence" in problem:
        return (
            "a backslash \\ inside double quotes starts a special sign: write the text in "
            "single quotes, or without the backslash"
        )
    if "found unexpected end of stream" in problem:
        return "the file ends in the middle of something: a quote or bracket is not closed"
    words = problem or "the layout is not valid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return f"YAML syntax: {words}{context}"


_QUOTED_VALUE = re.compile(r"(?:^|:|-)[ ]+([\"'])")


def _unclosed_quote(lines: Sequence[str], error_line: int) -> tuple[int, int, str] | None:
    """A quote left open makes YAML read on for lines; find where it opened (not in a comment)."""
    for number in range(min(error_line, len(lines)), max(error_line - 30, 0), -1):
        code = strip_comment(lines[number - 1].rstrip("\r"))
        if code.lstrip().startswith("#"):
            continue
        opened = _QUOTED_VALUE.search(code)
        if opened:
            quote = opened.group(1)
            rest = code[opened.end() :]
            if quote not in rest.replace("\\" + quote, "").replace(quote * 2, ""):
                return number, opened.start(1) + 1, quote
    return None
