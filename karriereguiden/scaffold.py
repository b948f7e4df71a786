"""Append a new role to data/roles.yaml with every field present and marked to fill in.

The file is only appended to: comments, order and formatting of what is there stay as
they are. The new block fails the check with one message per field until it is filled in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path

import jinja2

from . import schema
from .errors import DataError, DataErrors
from .languages import load_languages
from .yamlstrict import MappingNode, ScalarNode, SequenceNode, compose_text

_SLUG = re.compile(schema.SLUG_PATTERN)


def scaffold_text(role_id: str, titles: Mapping[str, str]) -> str:
    languages = load_languages()
    fields = [
        {
            "name": f.name,
            "doc": f.doc,
            "is_list": isinstance(f.spec, schema.ListOf),
        }
        for f in schema.ROLE_TEXT.fields
        if f.name not in ("title", "slug", "also_called")
    ]
    blocks = [
        {
            # "no" must be quoted for YAML tools that still read it as false.
            "key": json.dumps(lang.code) if lang.code == "no" else lang.code,
            "title": json.dumps(titles[lang.code], ensure_ascii=False),
            "slug": lang.slugify(titles[lang.code]),
        }
        for lang in languages
    ]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("karriereguiden", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("new-role.yaml.j2").render(
        role_id=role_id, languages=blocks, fields=fields, today=dt.date.today().isoformat()
    )


def append_role(data_file: Path, role_id: str, titles: Mapping[str, str], name: str) -> str:
    codes = [lang.code for lang in load_languages()]
    problems = []
    if not _SLUG.match(role_id):
        problems.append(f"the id '{role_id}' must use lowercase letters a-z, digits and hyphens")
    for code in codes:
        if not titles.get(code, "").strip():
            problems.append(f"a title for '{code}' is needed: --title {code}=...")
    text = data_file.read_text(encoding="utf-8")
    root = compose_text(text, name)
    top = {k.value: v for k, v in root.value} if isinstance(root, MappingNode) else {}
    keys = [k.value for k, _ in root.value] if isinstance(root, MappingNode) else []
    if not keys or keys[-1] != "roles" or not isinstance(top["roles"], SequenceNode):
        problems.append("'roles:' must be the last section of the file to append to it")
    else:
        for item in top["roles"].value:
            for key, value in item.value if isinstance(item, MappingNode) else []:
                if key.value == "id" and isinstance(value, ScalarNode) and value.value == role_id:
                    problems.append(
                        f"the id '{role_id}' is already used at line {value.start_mark.line + 1}"
                    )
    if problems:
        raise DataErrors([DataError(name, 1, 1, p) for p in problems])
    block = scaffold_text(role_id, titles)
    with data_file.open("a", encoding="utf-8") as out:
        if not text.endswith("\n"):
            out.write("\n")
        out.write(block)
    return block
