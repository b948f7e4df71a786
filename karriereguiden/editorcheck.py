"""What `dev.py check` looks at beyond what the build needs: one verdict for a pull request.

The pull request fails on the data in more places than the loader: the YAML layout lint
(the test that runs yamllint with .yamllint.yaml), the translation coverage step, the
JSON Schema test and the schema line at the top of the file. Each is checked here with the
same tool or rule, and reported like the loader's problems: file:line:col, the role,
language and field, and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from . import coverage
from .errors import DataError
from .yamlhelp import character_problems, place
from .yamlstrict import MappingNode, Node, ScalarNode, SequenceNode

LINT_CONFIG = Path(__file__).resolve().parent.parent / ".yamllint.yaml"
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


def layout_problems(text: str, file: str, config: Path = LINT_CONFIG) -> list[DataError]:
    """The YAML layout lint the pull request runs (yamllint with .yamllint.yaml), in plain
    words. Its warnings do not fail a pull request and are not reported."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    lines = text.split("\n")
    errors = []
    for problem in linter.run(text, YamlLintConfig(file=str(config))):
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
