"""A JSON Schema for data/roles.yaml, generated from ``schema.py``.

Editors' tools (VS Code with the YAML extension, the web editors of code hosts with a
language server) read it to autocomplete fields and underline mistakes. It is a help while
typing; the loader stays the judge.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import schema

SCHEMA_PATH = "schema/roles.schema.json"
_UNSAFE_PLAIN = r'^[^<>&"`]*$'


def _spec(spec: Any, languages: Sequence[str], defs: dict) -> dict:
    if isinstance(spec, schema.Text):
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if spec.max_length:
            out["maxLength"] = spec.max_length
        if spec.choices:
            out["enum"] = list(spec.choices)
        elif spec.pattern:
            out["pattern"] = spec.pattern
        elif spec.kind == "date":
            out["pattern"] = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        elif spec.kind == "partial_date":
            out["pattern"] = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
            # A year alone (`published: 2024`) is a number to YAML 1.2 tools; the loader
            # reads it as the date it is.
            year = {"type": "integer", "minimum": 1000, "maximum": 9999}
            return {"anyOf": [out, year]}
        elif spec.kind == "slug":
            out["pattern"] = schema.SLUG_PATTERN
        elif spec.kind == "url":
            out["pattern"] = "^https?://"
        elif spec.plain:
            out["pattern"] = _UNSAFE_PLAIN
        return out
    if isinstance(spec, schema.Integer):
        out = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        return out
    if isinstance(spec, schema.DecimalNumber):
        out = {"type": "number"}
        if spec.minimum is not None:
            out["exclusiveMinimum"] = float(spec.minimum)
        return out
    if isinstance(spec, schema.ListOf):
        out = {"type": "array", "items": _spec(spec.item, languages, defs)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return out
    if isinstance(spec, schema.PerLanguage):
        item = _spec(spec.item, languages, defs)
        return {
            "type": "object",
            "properties": {lang: item for lang in languages},
            "required": list(languages),
            "additionalProperties": False,
        }
    if isinstance(spec, schema.KeyedMap):
        return {
            "type": "object",
            "propertyNames": {"pattern": schema.SLUG_PATTERN},
            "additionalProperties": _record(spec.record, languages, defs, skip=spec.key_field),
        }
    if isinstance(spec, schema.Record):
        return _record(spec, languages, defs)
    raise TypeError(f"unknown spec {spec!r}")


def _record(spec: schema.Record, languages: Sequence[str], defs: dict, skip: str = "") -> dict:
    name = spec.model.__name__
    if name not in defs:
        defs[name] = {}  # reserve the name before recursing
        properties = {}
        for field in spec.fields:
            if field.name == skip:
                continue
            properties[field.name] = {
                **_spec(field.spec, languages, defs),
                "description": field.doc,
            }
        required = [f.name for f in spec.fields if f.required and f.name != skip]
        if spec.inline_languages:
            text_ref = _record(spec.inline_languages[1], languages, defs)
            properties.update({lang: text_ref for lang in languages})
            required += list(languages)
        definition: dict[str, Any] = {
            "type": "object",
            "description": spec.doc,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if spec is schema.SALARY:
            # Either one amount or a range, never both.
            definition["oneOf"] = [
                {
                    "required": ["amount"],
                    "not": {"anyOf": [{"required": ["low"]}, {"required": ["high"]}]},
                },
                {"required": ["low", "high"], "not": {"required": ["amount"]}},
            ]
        defs[name] = definition
    return {"$ref": f"#/$defs/{name}"}


def build_schema(languages: Sequence[str]) -> dict:
    defs: dict[str, Any] = {}
    root = _record(schema.CATALOGUE, languages, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://karriereguiden.example/schema/roles.schema.json",
        "title": "Karriereguiden roles",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def render_schema(languages: Sequence[str]) -> str:
    return json.dumps(build_schema(languages), indent=2, ensure_ascii=False) + "\n"
