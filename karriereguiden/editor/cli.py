"""Editors' and developers' commands: ``python -m karriereguiden.cli COMMAND``.

check       check data/roles.yaml and docs/ without building (exit 1 on problems)
coverage    translation coverage per role and language
schema      print the JSON Schema, or --write it to schema/roles.schema.json
new-role    append a new role with every field marked to fill in
changes     what the data file changes since a git revision (--base) or another file (--old)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from pathlib import Path

from ..data import jsonschema
from ..data.errors import DataErrors
from ..data.parse import load_bytes
from ..data.yamlstrict import MAX_BYTES, compose_bytes, compose_file, compose_text, input_problems
from ..pages import render
from ..pages.languages import language_codes
from ..site import contents as site
from ..site.gitinfo import git_bytes
from . import coverage, datadiff, editorcheck, scaffold, style


def check(
    data_file: Path,
    docs_dir: Path,
    display_name: str,
    lint_config: Path | None = None,
    base: str | None = None,
) -> int:
    """Everything a pull request checks on the data, without MkDocs: the YAML layout lint,
    the data, translations, the house style of the texts, pages' front matter and markers.
    Nothing is rendered or written: rendering cannot find a data problem."""
    missing = _missing(data_file, display_name) or _missing(docs_dir, str(docs_dir), folder=True)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    raw = data_file.read_bytes()
    problems: list = []
    try:
        text = raw.decode("utf-8-sig") if len(raw) <= MAX_BYTES else None
    except UnicodeDecodeError:
        text = None  # the loader says where
    # A file too large or too deeply nested for any catalogue is refused before the
    # layout lint, whose time grows with the square of the depth.
    beyond = input_problems(text, display_name) if text is not None else []
    if beyond:
        print(DataErrors(beyond).report(), file=sys.stderr)
        return 1
    if text is not None and text.strip():
        problems += editorcheck.text_problems(
            text, display_name, lint_config or editorcheck.LINT_CONFIG
        )
    checked = None
    try:
        edition = render.Edition(today=dt.date.today())
        checked = site.prepare(data_file, docs_dir, edition, display_name)
    except DataErrors as errors:
        problems += errors.errors
    rev = base or "HEAD"
    compared = _Base(data_file, display_name, base)
    if editorcheck.names_unknown_roles(problems):
        # A role deleted since the base: said once, with every place that still names it.
        problems = editorcheck.deleted_roles(problems, compared.root(), display_name, rev)
    notices = []
    if checked is not None:
        root = compose_bytes(raw, display_name)
        problems += editorcheck.coverage_problems(root, display_name, language_codes())
        problems += style.style_problems(checked.catalogue, display_name, text)
        notices = editorcheck.figure_notices(root, display_name, compared.root(), rev)
    if problems:
        print(DataErrors(problems).report(), file=sys.stderr)
        _print_notices(notices)
        return 1
    roles = len(checked.catalogue.roles)
    figures = sum(len(r.salaries) for r in checked.catalogue.roles)
    print(
        f"{display_name}: OK ({roles} roles, {figures} salary figures, "
        f"{len(checked.languages)} languages)"
    )
    _print_notices(notices)
    return 0


class _Base:
    """The data file at the base revision (``--base``, or the committed file), read once
    and only when asked for; None without git or when it cannot be read."""

    def __init__(self, data_file: Path, display_name: str, base: str | None):
        self.data_file, self.display_name, self.base = data_file, display_name, base
        self._read = False
        self._root = None

    def root(self):
        if self._read:
            return self._root
        self._read = True
        rev = self.base or "HEAD"
        committed = editorcheck.committed_text(self.data_file, rev)
        if committed is not None:
            # A committed version that cannot be read is compared with nothing.
            with contextlib.suppress(DataErrors):
                self._root = compose_text(committed, f"{self.display_name} at {rev}")
        elif self.base:
            print(f"Could not read {self.display_name} at '{self.base}' from git: not compared.")
        return self._root


def _print_notices(notices: list) -> None:
    if notices:
        count = len(notices)
        head = f"{count} thing{'s' if count != 1 else ''} to look at (they do not fail the check):"
        print("\n".join([head, *(f"  {n}" for n in sorted(set(notices)))]))


def _missing(path: Path, name: str, folder: bool = False) -> str:
    """A plain message when the file or folder to check is not there, instead of a traceback."""
    if path.is_dir() if folder else path.is_file():
        return ""
    what = "folder" if folder else "file"
    return (
        f"{name}: this {what} is not there. Run the command in the project folder (the one "
        f"with dev.py in it){'' if folder else ', or name the file with --data'}."
    )


def _coverage(data_file: Path, display_name: str) -> int:
    missing = _missing(data_file, display_name)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    try:
        root = compose_file(data_file, display_name)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    text = coverage.report(root, language_codes())
    print(text, end="")
    rows = coverage.coverage(root, language_codes())
    return 0 if all(row.complete == 100 for row in rows) else 1


def _schema(write: bool) -> int:
    text = jsonschema.render_schema(language_codes())
    if write:
        Path(jsonschema.SCHEMA_PATH).write_text(text, encoding="utf-8")
        print(f"wrote {jsonschema.SCHEMA_PATH}")
    else:
        print(text, end="")
    return 0


def _new_role(data_file: Path, display_name: str, role_id: str, titles: list[str]) -> int:
    missing = _missing(data_file, display_name)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    try:
        scaffold.append_role(data_file, role_id, titles, display_name)
    except scaffold.ArgumentProblems as wrong:
        # The command as typed is wrong, not the file: no file, line or column to name.
        for problem in wrong.problems:
            print(f"new-role: {problem}", file=sys.stderr)
        print(
            "Nothing was added. Example: python3 dev.py new-role sales-assistant "
            "--title da=Butiksassistent --title no=Butikkmedarbeider --title sv=Butiksbiträde",
            file=sys.stderr,
        )
        return 2
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    print(
        f"Added role '{role_id}' at the end of {display_name}. Replace every FILL IN in it "
        f"with your text, or delete the optional blocks you leave out, then run: "
        "python3 dev.py check"
    )
    return 0


def _changes(
    data_file: Path,
    display_name: str,
    base: str | None,
    old_file: Path | None,
    summary: Path | None,
    annotate: bool,
) -> int:
    """Report what the data file changes; exit 0 whenever the report could be written.

    The check gives the verdict on the data; this reports, and reports problems too, so
    that a pull request shows them on their lines.
    """
    codes = language_codes()
    if not data_file.is_file():
        print(f"{display_name}: the file does not exist", file=sys.stderr)
        return 2
    if old_file is not None:
        old_raw = old_file.read_bytes() if old_file.is_file() else None
    else:
        here = Path.cwd()
        if base.startswith("-") or not git_bytes(here, "rev-parse", "-q", "--verify", base):
            print(f"'{base}' is not a git revision here", file=sys.stderr)
            return 2
        # None: the file is new. "./": the path is relative to here, as the editor typed it.
        old_raw = git_bytes(here, "show", f"{base}:./{data_file.as_posix()}")
    old = base_problem = None
    if old_raw is not None:
        try:
            old = load_bytes(old_raw, codes, display_name)
        except DataErrors as errors:
            base_problem = f"{len(errors.errors)} problem(s), the first: {errors.errors[0]}"
    problems: list = []
    changes = None
    try:
        new = load_bytes(data_file.read_bytes(), codes, display_name)
    except DataErrors as errors:
        problems = errors.errors
    else:
        if old is not None or base_problem is None:
            changes = datadiff.compare(old, new, codes)
    text = datadiff.summary_markdown(changes, display_name, problems, base_problem)
    if annotate:
        for line in datadiff.annotations(problems):
            print(line)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(text)
    else:
        print(text, end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="karriereguiden",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "coverage", "new-role"):
        sub = commands.add_parser(name)
        sub.add_argument("--data", default="data/roles.yaml")
        if name == "check":
            sub.add_argument("--docs", default="docs")
            sub.add_argument(
                "--base",
                metavar="REV",
                help="git revision to compare salary figures with (default: HEAD)",
            )
        if name == "new-role":
            sub.add_argument("id", help="stable id, e.g. sales-assistant")
            sub.add_argument("--title", action="append", default=[], metavar="LANG=TITLE")
    changes = commands.add_parser("changes")
    changes.add_argument("--data", default="data/roles.yaml")
    before = changes.add_mutually_exclusive_group(required=True)
    before.add_argument("--base", metavar="REV", help="git revision to compare with, e.g. main")
    before.add_argument("--old", metavar="FILE", type=Path, help="an older copy of the file")
    changes.add_argument(
        "--summary",
        metavar="FILE",
        type=Path,
        help="append the summary to FILE (GitHub: $GITHUB_STEP_SUMMARY)",
    )
    changes.add_argument(
        "--annotations",
        action="store_true",
        help="print each problem as a GitHub annotation on its line",
    )
    schema_parser = commands.add_parser("schema")
    schema_parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(Path(args.data), Path(args.docs), args.data, base=args.base)
    if args.command == "coverage":
        return _coverage(Path(args.data), args.data)
    if args.command == "schema":
        return _schema(args.write)
    if args.command == "changes":
        return _changes(
            Path(args.data), args.data, args.base, args.old, args.summary, args.annotations
        )
    return _new_role(Path(args.data), args.data, args.id, args.title)


if __name__ == "__main__":
    sys.exit(main())
