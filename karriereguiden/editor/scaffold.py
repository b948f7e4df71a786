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
from collections.abc import Mapping, Sequence
from pathlib import Path

import jinja2

from ..data import schema
from ..data.errors import DataError, DataErrors
from ..data.yamlstrict import MappingNode, ScalarNode, SequenceNode, compose_text
from ..pages.languages import load_languages

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


# What YAML 1.2 tools would read as something else than text (see data/parse/).
_NOT_TEXT = re.compile(r"^(?:[-+.0-9][-+.0-9eE]*|true|false|null|~)$", re.IGNORECASE)


# -- optional blocks, written from the schema ------------------------------------------------
#
# A role's blocks beyond its texts (occupation codes, salary figures) are written field by
# field from schema.py, so that a field added to the model is in the scaffold too; a kind
# of field this cannot write stops new-role (and its tests) instead of being left out.

_FILL = schema.PLACEHOLDER


def _what_to_write(spec, doc: str = "") -> str:
    if isinstance(spec, schema.Text):
        if spec.choices:
            if all(choice in doc for choice in spec.choices):
                return ""
            return "One of: " + ", ".join(spec.choices) + "."
        if spec.pattern and re.match(spec.pattern, "0000"):
            # Digits only: other YAML tools would read them as a number without quotes.
            return f"Write {spec.pattern_doc or 'the digits'}, in double quotes."
        if spec.pattern_doc:
            return f"Write {spec.pattern_doc}."
        if spec.kind in ("date", "partial_date"):
            return "A date: " + (
                "YYYY-MM-DD." if spec.kind == "date" else "2024, 2024-10 or 2024-10-31."
            )
        if spec.kind == "slug":
            return "A key of lowercase letters a-z, digits and hyphens."
        if spec.max_length:
            return f"One line, at most {spec.max_length} characters."
        return "One line."
    if isinstance(spec, schema.Integer):
        if spec.minimum is not None and spec.minimum >= 1000 and (spec.maximum or 0) < 10000:
            return "Four digits: 2025."  # a year
        return "No thousands separators, no currency: 32000."
    if isinstance(spec, schema.DecimalNumber):
        return "A number with a point for decimals."
    if isinstance(spec, schema.ListOf) and not isinstance(spec.item, schema.Record):
        return f"One entry per line, each starting with '- '. {_what_to_write(spec.item, doc)}"
    if isinstance(spec, schema.PerLanguage):
        return f"One line per language. {_what_to_write(spec.item, doc)}"
    return ""


def _comment(indent: str, words: str) -> list[str]:
    width = max(40, 88 - len(indent))
    return [f"{indent}# {line}" for line in textwrap.wrap(words, width=width)]


def _field_lines(f: schema.Field, indent: str, languages: Sequence[str]) -> list[str]:
    """The lines of one field with a comment above it: what goes in, and if it is optional."""
    doc = f.doc if not f.doc or f.doc.endswith(".") else f"{f.doc}."
    optional = "" if f.required else " Optional: delete it to leave it out."
    words = " ".join(f"{doc} {_what_to_write(f.spec, doc)}{optional}".split())
    lines = _comment(indent, words)
    spec = f.spec
    if isinstance(spec, (schema.Text, schema.Integer, schema.DecimalNumber)):
        return [*lines, f"{indent}{f.name}: {_FILL}"]
    if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Record):
        inner = indent + "    "
        item = _record_lines(spec.item, inner, languages)
        # The item's '- ' goes on its first field; that field's comment stays above it.
        first = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
        above = [line.replace(inner, indent + "  ", 1) for line in item[:first]]
        dash = f"{indent}  - {item[first].lstrip()}"
        return [*lines, f"{indent}{f.name}:", *above, dash, *item[first + 1 :]]
    if isinstance(spec, schema.ListOf):
        return [*lines, f"{indent}{f.name}:", f"{indent}  - {_FILL}"]
    if isinstance(spec, schema.PerLanguage) and isinstance(spec.item, schema.Text):
        return [*lines, f"{indent}{f.name}:", *(f"{indent}  {code}: {_FILL}" for code in languages)]
    if isinstance(spec, schema.Record):
        return [*lines, f"{indent}{f.name}:", *_record_lines(spec, indent + "  ", languages)]
    raise TypeError(f"new-role cannot write the field '{f.name}' ({spec!r}): teach scaffold.py")


def _record_lines(record: schema.Record, indent: str, languages: Sequence[str]) -> list[str]:
    return [line for f in record.fields for line in _field_lines(f, indent, languages)]


# What each optional block of a role says above it.
_BLOCK_INTRO = {
    "codes": (
        "Occupation codes: write only those a source confirms, and delete the lines of the "
        "others, or the whole block."
    ),
    "salaries": (
        "Salary figures: one entry per figure, exactly as its source states it "
        "(CONTRIBUTING.md, 'Adding or updating a salary figure'). Fill in each FILL IN or "
        "delete the optional lines: a figure has 'amount', or 'low' and 'high' for a range. "
        "For one more figure, copy the entry from '- country:'. With no sourced figure yet, "
        "delete the whole block, from 'salaries:' on."
    ),
}


def optional_blocks(languages: Sequence[str]) -> dict[str, list[str]]:
    """The role's blocks beyond id, related, reviewed and the texts, as indented lines."""
    blocks = {}
    for f in schema.ROLE.fields:
        if f.name in ("id", "related", "reviewed"):
            continue
        intro = _BLOCK_INTRO.get(f.name, f"{f.doc} Fill in each FILL IN, or delete the block.")
        body = _field_lines(f, "    ", languages)
        # The field's own comment says less than the block's intro: keep the intro only.
        body = [line for line in body if not line.startswith("    #")]
        blocks[f.name] = [*_comment("    ", intro), *body]
    return blocks


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
        loader=jinja2.PackageLoader("karriereguiden.editor", "."),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    extra = optional_blocks([lang.code for lang in languages])
    return env.get_template("new-role.yaml.j2").render(
        role_id=role_id,
        languages=blocks,
        fields=fields,
        today=dt.date.today().isoformat(),
        before_texts=[line for name in ("codes",) for line in extra.pop(name, [])],
        after_texts=[line for lines in extra.values() for line in lines],
    )


class ArgumentProblems(ValueError):
    """What is wrong with the command's own arguments: nothing in the data file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def argument_problems(role_id: str, titles: Sequence[str], codes: Sequence[str]) -> list[str]:
    """The id and the --title arguments as typed: each problem with what to type instead."""
    problems = []
    if not _SLUG.match(role_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", role_id.lower()).strip("-")
        like = f" ({suggestion})" if suggestion and _SLUG.match(suggestion) else ""
        problems.append(
            f"the id '{role_id}' must use only lowercase letters a-z, digits and single "
            f"hyphens{like}"
        )
    given: dict[str, str] = {}
    for title in titles:
        code, sep, text = title.partition("=")
        if not sep:
            problems.append(
                f"--title '{title}' needs its language first: --title {codes[0]}={title}"
            )
        elif code not in codes:
            problems.append(
                f"--title {title}: '{code}' is not a language of the site ({', '.join(codes)})"
            )
        elif code in given:
            problems.append(f"--title {code}=… is given twice: give each language once")
        else:
            given[code] = text
    for code in codes:
        if code in given and not given[code].strip():
            problems.append(f"the title for '{code}' is empty: --title {code}=...")
        elif code not in given and not any(t.startswith(f"{code}=") for t in titles):
            problems.append(f"a title for '{code}' is needed: --title {code}=...")
    return problems


def append_role(data_file: Path, role_id: str, titles: Sequence[str], name: str) -> str:
    """Append the scaffold; ``titles`` as typed on the command line, 'da=Butiksassistent'."""
    codes = [lang.code for lang in load_languages()]
    wrong = argument_problems(role_id, titles, codes)
    if wrong:
        raise ArgumentProblems(wrong)
    pairs = dict(t.split("=", 1) for t in titles)
    text = data_file.read_text(encoding="utf-8")
    root = compose_text(text, name)
    top = list(root.value) if isinstance(root, MappingNode) else []
    problems = []
    if not top or top[-1][0].value != "roles" or not isinstance(top[-1][1], SequenceNode):
        mark = top[-1][0].start_mark if top else root.start_mark
        problems.append(
            DataError(
                name,
                mark.line + 1,
                mark.column + 1,
                "'roles:' must be the last section of the file for new-role to append to it: "
                "move this section above 'roles:'",
            )
        )
    else:
        for item in top[-1][1].value:
            for key, value in item.value if isinstance(item, MappingNode) else []:
                if key.value == "id" and isinstance(value, ScalarNode) and value.value == role_id:
                    mark = value.start_mark
                    problems.append(
                        DataError(
                            name,
                            mark.line + 1,
                            mark.column + 1,
                            f"the id '{role_id}' is already used here: choose another id for "
                            "the new role",
                            f"role '{role_id}'",
                        )
                    )
    if problems:
        raise DataErrors(problems)
    block = scaffold_text(role_id, pairs)
    with data_file.open("a", encoding="utf-8") as out:
        if not text.endswith("\n"):
            out.write("\n")
        out.write(block)
    return block
