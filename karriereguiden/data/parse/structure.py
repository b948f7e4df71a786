"""The shape of the data: lists, mappings, per-language entries and records, read by the
schema (``schema.py``), with every problem collected in a Report."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from .. import schema
from ..model import Marks
from ..yamlstrict import MappingNode, Node, ScalarNode, SequenceNode
from .record_checks import FINISHERS
from .report import MISSING, Report, position
from .scalars import SLUG, read_decimal, read_integer, read_text


class Reader:
    """Reads the node tree by the schema: the shape of each value here, single values in
    ``scalars``, a record's checks across its fields in ``record_checks``."""

    def __init__(self, report: Report, languages: Sequence[str]):
        self.report = report
        self.languages = tuple(languages)
        self._plans: dict[int, _Plan] = {}

    def _plan(self, spec: schema.Record) -> _Plan:
        """The plan of a record spec, made at the first record of it that is read."""
        plan = self._plans.get(id(spec))
        if plan is None or plan.spec is not spec:
            plan = self._plans[id(spec)] = _Plan(spec, self.languages)
        return plan

    def convert(self, spec: Any, node: Node, context: tuple[str, ...], what: str) -> Any:
        """Convert ``node`` by ``spec``; on a problem report it and return MISSING."""
        if isinstance(spec, schema.Text):
            return read_text(self.report, spec, node, context, what)
        if isinstance(spec, schema.Integer):
            return read_integer(self.report, spec, node, context, what)
        if isinstance(spec, schema.ListOf):
            return self._list(spec, node, context, what)
        if isinstance(spec, schema.DecimalNumber):
            return read_decimal(self.report, spec, node, context, what)
        if isinstance(spec, schema.PerLanguage):
            return self._per_language(spec, node, context, what)
        if isinstance(spec, schema.KeyedMap):
            return self._keyed_map(spec, node, context, what)
        if isinstance(spec, schema.Record):
            return self.record(spec, node, context, {})
        raise TypeError(f"unknown spec {spec!r}")

    def _list(self, spec: schema.ListOf, node: Node, context, what: str) -> Any:
        if not isinstance(node, SequenceNode):
            self.report.error(node, context, f"{what} must be a list (lines starting with '- ')")
            return MISSING
        if len(node.value) < spec.min_items:
            self.report.error(node, context, f"{what} needs at least {spec.min_items} entry")
            return MISSING
        items = []
        ok = True
        for index, item_node in enumerate(node.value, start=1):
            item = self.convert(spec.item, item_node, context, f"{what} item {index}")
            ok = ok and item is not MISSING
            items.append(item)
        if spec.partial:
            return tuple(item for item in items if item is not MISSING)
        return tuple(items) if ok else MISSING

    def _pairs(self, node: MappingNode, context) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node); duplicate keys are reported, never merged."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report.error(key_node, context, "a key must be a plain name")
                continue
            key = key_node.value
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.report.error(
                    key_node, context, f"duplicate key '{key}' (first written at line {first})"
                )
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def _per_language(self, spec: schema.PerLanguage, node: Node, context, what: str) -> Any:
        if not isinstance(node, MappingNode):
            self.report.error(
                node,
                context,
                f"{what} must have one entry per language: {', '.join(self.languages)}",
            )
            return MISSING
        pairs = self._pairs(node, context)
        out = {}
        ok = True
        for key, (key_node, _) in pairs.items():
            if key not in self.languages:
                self._unknown(key_node, context, key, self.languages, f"language in {what}", pairs)
                ok = False
        for lang in self.languages:
            if lang not in pairs:
                self.report.error(node, context, f"{what} is missing the '{lang}' translation")
                ok = False
                continue
            value = self.convert(spec.item, pairs[lang][1], context, f"{what} ({lang})")
            ok = ok and value is not MISSING
            out[lang] = value
        return out if ok else MISSING

    def _keyed_map(self, spec: schema.KeyedMap, node: Node, context, what: str) -> Any:
        if not isinstance(node, MappingNode):
            self.report.error(node, context, f"{what} must be a mapping of names to entries")
            return MISSING
        out = {}
        ok = True
        for key, (key_node, value_node) in self._pairs(node, context).items():
            if not SLUG.match(key):
                self.report.error(
                    key_node,
                    context,
                    f"the key '{key}' in {what} must be lowercase a-z, 0-9 and hyphens",
                )
                ok = False
                continue
            preset = {spec.key_field: (key, position(key_node))}
            value = self.record(spec.record, value_node, context, preset)
            ok = ok and value is not MISSING
            if value is not MISSING or not spec.partial:
                out[key] = value
        return out if ok or spec.partial else MISSING

    def _unknown(
        self, node: Node, context, key: str, allowed: Iterable[str], what: str, written=None
    ) -> None:
        written = written or {}
        # A key already written is never suggested: writing it again would be refused.
        unwritten = [k for k in allowed if k not in written]
        close = difflib.get_close_matches(key, unwritten, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(unwritten)}"
        taken = difflib.get_close_matches(key, [k for k in allowed if k in written], n=1)
        if taken and not close:
            line = written[taken[0]][0].start_mark.line + 1
            hint = f": '{taken[0]}' is already written at line {line}, so delete one of the two"
        elif not unwritten:
            hint = ": delete it"
        self.report.error(node, context, f"unknown {what} '{key}'{hint}")

    def record(self, spec: schema.Record, node: Node, context, preset: dict) -> Any:
        if not isinstance(node, MappingNode):
            self.report.error(
                node, context, f"expected a mapping of 'key: value' lines for {spec.doc.lower()}"
            )
            return MISSING
        pairs = self._pairs(node, context)
        if spec.label:
            # A value still FILL IN names nothing yet: "salary for ?", not "for FILL IN".
            raw = {
                k: v.value
                for k, (_, v) in pairs.items()
                if isinstance(v, ScalarNode) and v.value != schema.PLACEHOLDER
            }
            raw.update({k: v for k, (v, _) in preset.items()})
            context = (*context, spec.label(raw))
        plan = self._plan(spec)
        lang_attr, lang_spec = spec.inline_languages or (None, None)
        for key, (key_node, _) in pairs.items():
            if key not in plan.allowed:
                self._unknown(key_node, context, key, plan.allowed_in_order, "field", pairs)
        values: dict[str, Any] = {k: v for k, (v, _) in preset.items()}
        marks: dict[str, tuple[int, int]] = {k: m for k, (_, m) in preset.items()}
        marks[""] = position(node)
        for f, quoted in plan.fields:
            if f.name not in pairs:
                if f.required:
                    what = f.doc.rstrip(".")
                    what = f" ({what[:1].lower()}{what[1:]})" if what else ""
                    self.report.error(
                        node, context, f"'{f.name}' is missing: add '{f.name}:'{what}"
                    )
                    values[f.name] = MISSING
                else:
                    values[f.name] = None
                continue
            value_node = pairs[f.name][1]
            marks[f.name] = position(value_node)
            if isinstance(value_node, SequenceNode):
                for i, item in enumerate(value_node.value):
                    marks[f"{f.name}[{i}]"] = position(item)
            values[f.name] = self.convert(f.spec, value_node, context, quoted)
        if lang_attr:
            texts = {}
            for lang in self.languages:
                if lang not in pairs:
                    self.report.error(
                        node, context, f"the '{lang}' text is missing: add a '{lang}:' block"
                    )
                    continue
                value_node = pairs[lang][1]
                marks[lang] = position(value_node)
                texts[lang] = self.record(
                    lang_spec, value_node, (*context, f"language '{lang}'"), {}
                )
            values[lang_attr] = texts
        finish = plan.finish
        finished = finish(self.report, node, context, values, pairs) if finish else True
        if not finished or any(v is MISSING for v in values.values()):
            return MISSING
        if lang_attr and any(v is MISSING for v in values[lang_attr].values()):
            return MISSING
        for name, empty in plan.empty_when_left_out:
            if values[name] is None:
                values[name] = empty()
        return spec.model(**values, marks=Marks(marks))


class _Plan:
    """What reading a record needs to know of its spec, worked out once per spec instead
    of for each of the tens of thousands of records in a catalogue."""

    __slots__ = ("allowed", "allowed_in_order", "empty_when_left_out", "fields", "finish", "spec")

    def __init__(self, spec: schema.Record, languages: tuple[str, ...]):
        self.spec = spec
        # Each field with its name as messages quote it.
        self.fields = tuple((f, f"'{f.name}'") for f in spec.fields)
        # A message lists the allowed keys in the schema's order, the order the field
        # reference documents them in: the same in every run (a set's order of strings
        # changes with each process's hash seed).
        known = [f.name for f in spec.fields]
        self.allowed_in_order = [*known, *(languages if spec.inline_languages else ())]
        self.allowed = frozenset(self.allowed_in_order)
        # An optional list or mapping left out is empty (a new one for each record); any
        # other optional field left out is None.
        self.empty_when_left_out = tuple(
            (f.name, tuple if isinstance(f.spec, schema.ListOf) else dict)
            for f in spec.fields
            if isinstance(f.spec, schema.ListOf | schema.KeyedMap)
        )
        self.finish = FINISHERS.get(spec.model)
