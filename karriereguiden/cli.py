"""Command line: ``python -m karriereguiden.cli check`` checks the data without a build."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import site
from .errors import DataErrors


def check(data_file: Path, docs_dir: Path, display_name: str) -> int:
    """Everything the build checks, without MkDocs: data, translations, page markers."""
    with tempfile.TemporaryDirectory(prefix="karriereguiden-check-") as out:
        try:
            staged = site.stage(data_file, docs_dir, Path(out), data_name=display_name)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="karriereguiden")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check data/roles.yaml and docs/")
    check_parser.add_argument("data", nargs="?", default="data/roles.yaml")
    check_parser.add_argument("--docs", default="docs")
    args = parser.parse_args(argv)
    return check(Path(args.data), Path(args.docs), args.data)


if __name__ == "__main__":
    sys.exit(main())
