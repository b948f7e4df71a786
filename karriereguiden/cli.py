"""Editors' and developers' commands: ``python -m karriereguiden.cli COMMAND``.

check       check data/roles.yaml and docs/ without building (exit 1 on problems)
coverage    translation coverage per role and language
schema      print the JSON Schema, or --write it to schema/roles.schema.json
new-role    append a new role with every field marked to fill in
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from . import coverage, jsonschema, render, scaffold, site
from .errors import DataErrors
from .languages import language_codes
from .yamlstrict import compose_file


def check(data_file: Path, docs_dir: Path, display_name: str) -> int:
    """Everything the build checks, without MkDocs: data, translations, pages' front matter
    and markers. Nothing is rendered or written: rendering cannot find a data problem."""
    # An empty folder as the staging target, never written: never docs/ itself.
    with tempfile.TemporaryDirectory(prefix="karriereguiden-check-") as unused:
        try:
            edition = render.Edition(today=dt.date.today())
            staged = site.prepare(data_file, docs_dir, Path(unused), edition, display_name)
        except DataErrors as errors:
            print(errors.report(), file=sys.stderr)
            return 1
    roles = len(staged.catalogue.roles)
    figures = sum(len(r.salaries) for r in staged.catalogue.roles)
    print(
        f"{display_name}: OK ({roles} roles, {figures} salary figures, "
        f"{len(staged.languages)} languages)"
    )
    return 0


def _coverage(data_file: Path, display_name: str) -> int:
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
    pairs = dict(t.split("=", 1) for t in titles if "=" in t)
    try:
        scaffold.append_role(data_file, role_id, pairs, display_name)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    print(
        f"Added role '{role_id}' at the end of {display_name}. Fill in the fields marked "
        f"'fill in', then run: python3 dev.py check"
    )
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
        if name == "new-role":
            sub.add_argument("id", help="stable id, e.g. sales-assistant")
            sub.add_argument("--title", action="append", default=[], metavar="LANG=TITLE")
    schema_parser = commands.add_parser("schema")
    schema_parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(Path(args.data), Path(args.docs), args.data)
    if args.command == "coverage":
        return _coverage(Path(args.data), args.data)
    if args.command == "schema":
        return _schema(args.write)
    return _new_role(Path(args.data), args.data, args.id, args.title)


if __name__ == "__main__":
    sys.exit(main())
