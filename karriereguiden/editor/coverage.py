"""Translation coverage: per role and language, which texts are missing or not translated.

Reads the YAML node tree leniently, so it also works on a file the strict check rejects:
that is when a translator needs it most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..data import schema
from ..data.yamlstrict import MappingNode, Node, ScalarNode, SequenceNode

# Optional fields ('also_called') are not counted: a role without other names is complete.
FIELDS = tuple(f.name for f in schema.ROLE_TEXT.fields if f.required)
# Nordic job titles, and so their slugs, are often the same word in two languages
# ("Kontaktcenterchef" in Danish and Swedish); the texts never are.
_MAY_BE_IDENTICAL = {"title", "slug"}


@dataclass(frozen=True)
class LanguageCoverage:
    role: str
    language: str
    missing: tuple[str, ...]
    identical: tuple[tuple[str, str], ...]  # (field, the other language it copies)

    @property
    def complete(self) -> int:
        """Percent of fields written and translated."""
        untranslated = {f for f, _ in self.identical}
        good = [f for f in FIELDS if f not in self.missing and f not in untranslated]
        return round(100 * len(good) / len(FIELDS))


def _value(node: Node | None) -> object:
    """A comparable form of a field's value; None when it is absent or empty."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        text = " ".join(node.value.split())
        return text if text and schema.PLACEHOLDER not in text else None
    if isinstance(node, SequenceNode):
        items = tuple(_value(item) for item in node.value)
        return items if items and None not in items else None
    if isinstance(node, MappingNode):
        pairs = tuple((k.value, _value(v)) for k, v in node.value)
        return pairs if pairs and all(v is not None for _, v in pairs) else None
    return None


def _mapping(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def coverage(root: Node, languages: Sequence[str]) -> list[LanguageCoverage]:
    result = []
    roles = _mapping(root).get("roles")
    for role_node in roles.value if isinstance(roles, SequenceNode) else []:
        role = _mapping(role_node)
        role_id = _value(role.get("id")) or "?"
        texts = {lang: _mapping(role.get(lang)) for lang in languages}
        for lang in languages:
            values = {f: _value(texts[lang].get(f)) for f in FIELDS}
            missing = tuple(f for f in FIELDS if values[f] is None)
            identical = []
            for field in FIELDS:
                if field in _MAY_BE_IDENTICAL or values[field] is None:
                    continue
                for other in languages:
                    if other != lang and _value(texts[other].get(field)) == values[field]:
                        identical.append((field, other))
                        break
            result.append(LanguageCoverage(str(role_id), lang, missing, tuple(identical)))
    return result


def report(root: Node, languages: Sequence[str]) -> str:
    rows = coverage(root, languages)
    lines = ["Translation coverage", ""]
    for row in rows:
        problems = [f"missing: {', '.join(row.missing)}"] if row.missing else []
        problems += [f"'{field}' same as {other}" for field, other in row.identical]
        if problems:
            lines.append(f"- {row.role} [{row.language}]: {'; '.join(problems)}")
    if len(lines) == 2:
        lines.append("Every role is complete and translated in every language.")
    lines += ["", "| role | " + " | ".join(languages) + " |", "|---|" + "---:|" * len(languages)]
    by_role: dict[str, dict[str, int]] = {}
    for row in rows:
        by_role.setdefault(row.role, {})[row.language] = row.complete
    for role, percents in by_role.items():
        cells = " | ".join(f"{percents[lang]}%" for lang in languages)
        lines.append(f"| {role} | {cells} |")
    return "\n".join(lines) + "\n"
