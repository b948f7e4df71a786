"""What `dev.py check` looks at beyond what the build needs: one verdict for a pull request.

The pull request fails on the data in more places than the loader: the YAML layout lint
(the test that runs yamllint with .yamllint.yaml), the translation coverage step, the
JSON Schema test and the schema line at the top of the file. Each is checked here with the
same tool or rule, and reported like the loader's problems: file:line:col, the role,
language and field, and what to do.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..data.errors import DataError
from ..data.yamlhelp import character_problems, place
from ..data.yamlstrict import MappingNode, Node, ScalarNode, SequenceNode
from . import coverage

LINT_CONFIG = Path(__file__).resolve().parents[2] / ".yamllint.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/roles.schema.json"

# yamllint's words -> an editor's. Each takes the regex match of yamllint's description.
_LAYOUT_ADVICE: tuple[tuple[str, re.Pattern, object], ...] = (
    (
        "trailing-spaces",
        re.compile(r"trailing spaces"),
        lambda m: "there are spaces at the end of this line: delete them",
    ),
    (
        "new-lines",
        re.compile(r"wrong new line character"),
        lambda m: (
            "the file has Windows line endings (CRLF): save it with Unix line endings (LF); "
            "most editors show and change this in the status bar at the bottom"
        ),
    ),
    (
        "new-line-at-end-of-file",
        re.compile(r"no new line character"),
        lambda m: "the last line must end with a line break: press Enter at the end of it",
    ),
    (
        "indentation",
        re.compile(r"expected (\d+) but found (\d+)"),
        lambda m: (
            f"this line starts after {m[2]} spaces; it should start after {m[1]}, lined up "
            f"with the lines it belongs with: "
            + (
                f"delete {int(m[2]) - int(m[1])} space{'s' if int(m[2]) - int(m[1]) > 1 else ''}"
                if int(m[2]) > int(m[1])
                else f"add {int(m[1]) - int(m[2])} space{'s' if int(m[1]) - int(m[2]) > 1 else ''}"
            )
        ),
    ),
    (
        "empty-lines",
        re.compile(r"too many blank lines \((\d+) > (\d+)\)"),
        lambda m: (
            "delete the blank lines at the end of the file"
            if m[2] == "0"
            else f"{m[1]} blank lines in a row; at most {m[2]} are allowed: delete "
            f"{int(m[1]) - int(m[2])}"
        ),
    ),
    (
        "colons",
        re.compile(r"too many spaces (before|after) colon"),
        lambda m: (
            "no space before ':'" if m[1] == "before" else "write one space after ':', not more"
        ),
    ),
    (
        "hyphens",
        re.compile(r"too many spaces after hyphen"),
        lambda m: "write one space after the '-' of a list entry, not more",
    ),
    (
        "commas",
        re.compile(r"too (many|few) spaces (before|after) comma"),
        lambda m: "write a comma right after an entry and one space after it: [a, b]",
    ),
    (
        "brackets",
        re.compile(r"spaces inside"),
        lambda m: "write lists in brackets without spaces just inside them: [a, b]",
    ),
    (
        "braces",
        re.compile(r"spaces inside"),
        lambda m: "write braces without spaces just inside them: {a: b}",
    ),
)
# The loader reports these itself, in more words.
_LOADER_REPORTS = {None, "key-duplicates", "anchors"}


def lint(text: str, config) -> list:
    """yamllint's problems for ``text``, as `yamllint` gives them.

    Its own syntax pass reads the whole file with PyYAML's Python parser, about three
    quarters of the lint's time, only to place a syntax error among the other problems
    (which the loader reports in its own words). Where libyaml reads the file without
    error there is none to place, and yamllint's layout rules alone give the same list.
    """
    from yamllint import linter

    try:
        for _ in yaml.parse(text, Loader=yaml.CBaseLoader):
            pass
    except yaml.YAMLError:
        return list(linter.run(text, config))
    if re.match(r"^#\s*yamllint disable-file\s*$", text.split("\n", 1)[0]):
        return []
    with _libyaml_tokens():
        return list(linter.get_cosmetic_problems(text, config, None))


@contextlib.contextmanager
def _libyaml_tokens():
    """yamllint's rules, fed the tokens of libyaml's scanner instead of PyYAML's.

    PyYAML's scanner is pure Python and most of what is left of the lint's time (a
    100-role catalogue took 4.3 s to check, 2.9 MB). libyaml gives the same tokens, but
    its marks carry only line and column; yamllint's rules also read a mark's place in
    the text (``pointer``) and the text itself (``buffer``), which are put back here. The
    same list of problems as yamllint's own is a test (test_check_verdict).
    """
    from yamllint import parser

    def tokens(buffer: str):
        starts = [0, *(m.end() for m in re.finditer("\n", buffer))]
        padded = buffer + "\0"  # as PyYAML's reader holds it

        def placed(token):
            # libyaml's marks cannot be written to: each becomes PyYAML's own kind.
            if token is not None and not isinstance(token.start_mark, yaml.error.Mark):
                for name in ("start_mark", "end_mark"):
                    m = getattr(token, name)
                    line, column = m.line, m.column
                    if line >= len(starts):
                        # libyaml ends a stream without a final line break on a line of
                        # its own; PyYAML at the end of the last line.
                        line, column = len(starts) - 1, len(buffer) - starts[-1]
                    where = starts[line] + column
                    mark = yaml.error.Mark("", where, line, column, padded, where)
                    setattr(token, name, mark)
                # A plain scalar's style is '' from libyaml and None from PyYAML, which
                # the rules test for ('truthy' looks only at plain scalars).
                if getattr(token, "style", None) == "":
                    token.style = None
            return token

        loader = yaml.CBaseLoader(buffer)
        try:
            prev, curr = None, placed(loader.get_token())
            while curr is not None:
                nxt = placed(loader.get_token())
                after = placed(loader.peek_token()) if loader.check_token() else None
                yield parser.Token(curr.start_mark.line + 1, curr, prev, nxt, after)
                yield from parser.comments_between_tokens(curr, nxt)
                prev, curr = curr, nxt
        except yaml.scanner.ScannerError:
            pass

    original = parser.token_or_comment_generator
    parser.token_or_comment_generator = tokens
    try:
        yield
    finally:
        parser.token_or_comment_generator = original


def layout_problems(text: str, file: str, config: Path = LINT_CONFIG) -> list[DataError]:
    """The YAML layout lint the pull request runs (yamllint with .yamllint.yaml), in plain
    words. Its warnings do not fail a pull request and are not reported."""
    from yamllint.config import YamlLintConfig

    lines = text.split("\n")
    errors = []
    try:
        problems = lint(text, YamlLintConfig(file=str(config)))
    except yaml.reader.ReaderError:
        # A character YAML does not allow (a pasted control character) stops yamllint
        # with a traceback; the loader names it at its line and column.
        return []
    for problem in problems:
        if problem.level != "error" or problem.rule in _LOADER_REPORTS:
            continue
        message = f"{problem.desc} (layout rule '{problem.rule}')"
        for rule, pattern, advice in _LAYOUT_ADVICE:
            found = pattern.search(problem.desc)
            if rule == problem.rule and found:
                message = advice(found)
                break
        where = "" if problem.rule == "new-lines" else place(lines, problem.line)
        errors.append(DataError(file, problem.line, problem.column, message, where))
    return errors


def text_problems(text: str, file: str, config: Path = LINT_CONFIG) -> list[DataError]:
    """Everything about the file as text: layout, invisible characters, the schema line."""
    errors = layout_problems(text, file, config) + character_problems(text, file)
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if first != SCHEMA_LINE:
        errors.append(
            DataError(
                file,
                1,
                1,
                f"the first line must be '{SCHEMA_LINE}': it lets editors' tools check the "
                "file while you type; put it back",
            )
        )
    return errors


# -- translation coverage ----------------------------------------------------------------------


def _mapping(node: Node | None) -> dict[str, tuple[Node, Node]]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def coverage_problems(root: Node, file: str, languages: Sequence[str]) -> list[DataError]:
    """What `dev.py coverage` fails a pull request on, placed where it is written."""
    errors = []
    roles = _mapping(root).get("roles", (None, None))[1]
    nodes = {}
    for role_node in roles.value if isinstance(roles, SequenceNode) else []:
        fields = _mapping(role_node)
        role_id = fields["id"][1].value if "id" in fields else "?"
        nodes[role_id] = (role_node, fields)
    for row in coverage.coverage(root, languages):
        role_node, fields = nodes.get(row.role, (None, {}))
        if role_node is None:
            continue
        block_key, block = fields.get(row.language, (role_node, role_node))
        texts = _mapping(block)
        context = f"role '{row.role}', language '{row.language}'"
        for field in row.missing:
            if field in texts:
                continue  # written but empty: the loader says so
            mark = block_key.start_mark
            errors.append(
                DataError(
                    file,
                    mark.line + 1,
                    mark.column + 1,
                    f"'{field}' is missing: add '{field}:', translated",
                    context,
                )
            )
        for field, other in row.identical:
            mark = texts[field][1].start_mark
            errors.append(
                DataError(
                    file,
                    mark.line + 1,
                    mark.column + 1,
                    f"'{field}' is the same as in '{other}': translate it "
                    f"(python3 dev.py coverage lists every untranslated text)",
                    context,
                )
            )
    return errors


# -- roles deleted while others name them --------------------------------------------------------

_UNKNOWN_ROLE = re.compile(r"^'(?P<field>[a-z_]+)' names an unknown role id '(?P<id>[^']+)'")


def names_unknown_roles(problems: Sequence[DataError]) -> bool:
    return any(_UNKNOWN_ROLE.match(p.message) for p in problems)


def deleted_roles(
    problems: Sequence[DataError], base: Node | None, file: str, base_name: str
) -> list[DataError]:
    """A role that is gone but still named, as one problem where it is first named, with
    every place; instead of one 'unknown role id, did you mean …' per place, which points
    at another role and never says this one was deleted.

    Gone: in ``base`` (the committed file, or --base) and not here. An id that several
    places name alike is most likely a role that was there too (without git, or deleted
    in a commit already), though it may be one typing mistake copied."""
    before = {
        _scalar_value(_mapping(role).get("id"))
        for role in _sequence(_mapping(base).get("roles", (None, None))[1])
    }
    places: dict[str, list[tuple[DataError, str]]] = {}
    for problem in problems:
        found = _UNKNOWN_ROLE.match(problem.message)
        if found:
            places.setdefault(found["id"], []).append((problem, found["field"]))
    grouped = {
        role_id: sorted(named)
        for role_id, named in places.items()
        if role_id in before or len(named) > 1
    }
    kept = [p for p in problems if not _names_one_of(p, grouped)]
    for role_id, named in grouped.items():
        (first, _), *others = named
        where = ["here"] + [f"line {p.line} ({p.context}, '{field}')" for p, field in others]
        count = len(named)
        still = f"{count} place{'s' if count != 1 else ''} still name{'s' if count == 1 else ''}"
        if role_id in before:
            message = (
                f"role '{role_id}' was deleted (it is in {base_name}), but {still} it: "
                f"{', '.join(where)}. Remove '{role_id}' from each, or put the role back"
            )
        else:
            typo = re.search(r"; did you mean '([^']+)'\?$", first.message)
            message = (
                f"there is no role '{role_id}' in this file, but {count} places name it: "
                f"{', '.join(where)}. If the role was deleted, remove '{role_id}' from each"
                + (f"; if it is a typing mistake, did you mean '{typo[1]}'?" if typo else "")
            )
        kept.append(DataError(file, first.line, first.column, message, first.context))
    return kept


def _names_one_of(problem: DataError, role_ids) -> bool:
    found = _UNKNOWN_ROLE.match(problem.message)
    return bool(found) and found["id"] in role_ids


def _sequence(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


# -- salary figures that changed -----------------------------------------------------------------

# A year written in a note: 1950-2099, not part of a longer number ("4222" is a code).
_YEAR = re.compile(r"(?<![0-9])(?:19[5-9][0-9]|20[0-9]{2})(?![0-9])")
_FIGURE_VALUES = ("year", "amount", "low", "high")


def _figures(root: Node) -> dict[tuple, dict]:
    """Each salary figure by (role id, country, measure, who, n-th such figure), as written."""
    out: dict[tuple, dict] = {}
    roles = _mapping(root).get("roles", (None, None))[1]
    for role_node in roles.value if isinstance(roles, SequenceNode) else []:
        role = _mapping(role_node)
        role_id = _scalar_value(role.get("id"))
        salaries = role.get("salaries", (None, None))[1]
        for item in salaries.value if isinstance(salaries, SequenceNode) else []:
            fields = _mapping(item)
            kind = tuple(_scalar_value(fields.get(k)) for k in ("country", "measure", "who"))
            n = sum(1 for key in out if key[:4] == (role_id, *kind))
            out[(role_id, *kind, n)] = {"fields": fields, "role": role}
    return out


def _scalar_value(pair: tuple[Node, Node] | None) -> str:
    if pair is None or not isinstance(pair[1], ScalarNode):
        return ""
    return pair[1].value


def figure_notices(
    root: Node, file: str, base: Node | None = None, base_name: str = "HEAD"
) -> list[DataError]:
    """Notes that name another year than their figure's, and for a figure changed since
    ``base``: what changed, and the role's 'reviewed' date if it did not move.

    These are things to look at, not errors: a note may rightly name another year
    ("published in 2024, for 2023"), which only the editor can tell."""
    notices: list[DataError] = []
    before = _figures(base) if base is not None else {}
    reminded: set[int] = set()
    for key, figure in _figures(root).items():
        fields = figure["fields"]
        context = f"role '{key[0]}', salary for {key[1]}"
        year = _scalar_value(fields.get("year"))
        notes = fields.get("note", (None, None))[1]
        for lang, (_, text) in _mapping(notes).items():
            named = sorted(set(_YEAR.findall(text.value))) if isinstance(text, ScalarNode) else []
            if year and named and year not in named:
                mark = text.start_mark
                notices.append(
                    DataError(
                        file,
                        mark.line + 1,
                        mark.column + 1,
                        f"the note in '{lang}' names {' and '.join(named)}, but the figure's "
                        f"'year' is {year}: if the note was written for an older figure, "
                        "update it",
                        context,
                    )
                )
        if base is None:
            continue
        old = before.get(key)
        changes = [
            f"{name} {_scalar_value(old['fields'].get(name)) or '(none)'} → "
            f"{_scalar_value(fields.get(name)) or '(none)'}"
            for name in _FIGURE_VALUES
            if old is not None
            and _scalar_value(old["fields"].get(name)) != _scalar_value(fields.get(name))
        ]
        if old is not None and not changes:
            continue
        where = fields.get("year", fields.get("amount", next(iter(fields.values()))))[0]
        what = "is new" if old is None else f"changed since {base_name}: {', '.join(changes)}"
        notices.append(
            DataError(
                file,
                where.start_mark.line + 1,
                where.start_mark.column + 1,
                f"this figure {what}. Check that its 'source' and its note in every language "
                "still fit it",
                context,
            )
        )
        role = figure["role"]
        old_role = old["role"] if old is not None else _role_in(base, key[0])
        reviewed = role.get("reviewed")
        if reviewed is None or id(role) in reminded:
            continue
        if old_role is not None and _scalar_value(old_role.get("reviewed")) == reviewed[1].value:
            reminded.add(id(role))
            mark = reviewed[1].start_mark
            notices.append(
                DataError(
                    file,
                    mark.line + 1,
                    mark.column + 1,
                    f"'reviewed' is still {reviewed[1].value} although a salary figure "
                    "changed: set it to the day you checked the role against its sources",
                    f"role '{key[0]}'",
                )
            )
    return notices


def _role_in(root: Node, role_id: str) -> dict | None:
    roles = _mapping(root).get("roles", (None, None))[1]
    for role_node in roles.value if isinstance(roles, SequenceNode) else []:
        role = _mapping(role_node)
        if _scalar_value(role.get("id")) == role_id:
            return role
    return None


def committed_text(data_file: Path, rev: str) -> str | None:
    """The data file as committed at ``rev``, or None outside a git work tree."""
    import subprocess

    try:
        shown = subprocess.run(
            ["git", "show", f"{rev}:./{data_file.name}"],
            cwd=data_file.resolve().parent,
            capture_output=True,
        )
    except OSError:  # no git
        return None
    if shown.returncode != 0:
        return None
    return shown.stdout.decode("utf-8-sig", errors="replace")
