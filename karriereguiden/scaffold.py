"""Append a new role to data/roles.yaml with every field present and marked to fill in.

The file is only appended to: comments, order and formatting of what is there stay as
they are. Every field holds FILL IN, which the check refuses; replacing each FILL IN with
text, and nothing else, makes the role valid.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import jinja2

from . import schema
from .errors import DataError, DataErrors
from .languages import load_languages
from .yamlstrict import MappingNode, ScalarNode, SequenceNode, compose_text

_SLUG = re.compile(schema.SLUG_PATTERN)


# What each shape of field asks of the editor; the same words as CONTRIBUTING.md.
_HOW = {
    "line": "One line.",
    "folded": (
        "One line of text; a long one may go on over several lines below '>-', indented "
        "like FILL IN: they are read as one line."
    ),
    "prose": (
        "Paragraphs below '|', indented like FILL IN, with a blank line between two paragraphs."
    ),
    "list": (
        "One entry per line, each starting with '- '. Put an entry in double quotes if it "
        "contains ': '."
    ),
    "entries": "Each entry has {subfields}; for one more, copy those lines.",
}
# A line this long or longer is easier to write over several lines (folded with '>-').
_FOLD_FROM = 200
_HINT_WIDTH = 82  # with the indentation and '# ', a comment line stays within 90


def _shape(spec) -> str:
    if isinstance(spec, schema.ListOf):
        return "entries" if isinstance(spec.item, schema.Record) else "list"
    if isinstance(spec, schema.Text) and spec.kind == "prose":
        return "prose"
    if isinstance(spec, schema.Text) and (spec.max_length or 0) >= _FOLD_FROM:
        return "folded"
    return "line"


def _field(f: schema.Field) -> dict:
    shape = _shape(f.spec)
    subfields = []
    if shape == "entries":
        subfields = [{"name": s.name, "shape": _shape(s.spec)} for s in f.spec.item.fields]
    names = " and ".join(f"'{s['name']}:'" for s in subfields)
    how = _HOW[shape].format(subfields=names)
    if isinstance(f.spec, schema.Text) and f.spec.max_length and shape != "prose":
        how += f" At most {f.spec.max_length} characters."
    optional = " Optional: delete these lines if you leave it out." if not f.required else ""
    doc = f.doc if f.doc.endswith(".") else f"{f.doc}."
    return {
        "name": f.name,
        "shape": shape,
        "subfields": subfields,
        "hint": textwrap.wrap(f"{doc} {how}{optional}".strip(), width=_HINT_WIDTH),
    }


def _scalar(text: str) -> str:
    """The text as the file writes it: plain where YAML reads it back unchanged, else quoted."""
    try:
        node = compose_text(f"key: {text}\n", "title")
    except DataErrors:
        node = None
    value = node.value[0][1] if isinstance(node, MappingNode) else None
    if isinstance(value, ScalarNode) and value.value == text and not _NOT_TEXT.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


# What YAML 1.2 tools would read as something else than text (see parse.py).
_NOT_TEXT = re.compile(r"^(?:[-+.0-9][-+.0-9eE]*|true|false|null|~)$", re.IGNORECASE)


def scaffold_text(role_id: str, titles: Mapping[str, str]) -> str:
    languages = load_languages()
    # `also_called` is optional and written as an empty list (see the template).
    fields = [
        _field(f) for f in schema.ROLE_TEXT.fields if f.name not in ("title", "slug", "also_called")
    ]
    blocks = [
        {
            # Written as the file writes it: the loader and the lint read `no:` as text.
            "key": lang.code,
            "title": _scalar(titles[lang.code]),
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
