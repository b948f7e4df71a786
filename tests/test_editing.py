"""Editors' tools: the check command, coverage report, JSON Schema, scaffold and YAML lint."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema as validator
import pytest

from karriereguiden.data import jsonschema
from karriereguiden.data.errors import DataErrors
from karriereguiden.data.yamlstrict import MappingNode, ScalarNode, SequenceNode, compose_text
from karriereguiden.editor import coverage
from karriereguiden.editor.editorcheck import SCHEMA_LINE
from karriereguiden.editor.scaffold import append_role
from karriereguiden.pages.languages import language_codes
from tests.conftest import ROOT, line_of, load, valid_yaml


def plain(node):
    """YAML as an editor's language server sees it (YAML 1.2): ints are ints, `no` is text."""
    if isinstance(node, MappingNode):
        return {k.value: plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(v) for v in node.value]
    if isinstance(node, ScalarNode) and not node.style:
        if node.value.lstrip("-").isdigit():
            return int(node.value)
        if re.fullmatch(r"-?[0-9]+\.[0-9]+", node.value):
            return float(node.value)
        if node.value in ("", "~", "null"):
            return None
    return node.value


def cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "karriereguiden.editor.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


# -- check -------------------------------------------------------------------------------------


def test_check_passes_on_the_real_data():
    result = cli("check")
    assert result.returncode == 0, result.stderr
    # No counts: an editor adding a role or a figure must not turn this test red.
    assert re.match(
        r"data/roles\.yaml: OK \(\d+ roles, \d+ salary figures, 3 languages\)", result.stdout
    )


def test_check_fails_with_every_problem_listed(tmp_path):
    data = (ROOT / "data/roles.yaml").read_text(encoding="utf-8")
    data = data.replace("period: month", "period: monthly", 1).replace("low: 25000", "low: 25.000")
    (tmp_path / "roles.yaml").write_text(data, encoding="utf-8")
    result = cli("check", "--data", str(tmp_path / "roles.yaml"))
    assert result.returncode == 1
    assert "2 problems in the data:" in result.stderr
    assert "'period' must be 'month' or 'year', got 'monthly'" in result.stderr
    assert "write 25000 without thousands separators" in result.stderr


# -- coverage ----------------------------------------------------------------------------------


def test_coverage_reports_missing_and_untranslated_fields():
    text = valid_yaml().replace("Summary of alpha in sv.", "Summary of alpha in da.")
    text = text.replace("      hours: Hours beta no.\n", "")
    rows = {
        (r.role, r.language): r
        for r in coverage.coverage(compose_text(text, "x"), ("da", "no", "sv"))
    }
    assert rows[("alpha", "sv")].identical == (("summary", "da"),)
    assert rows[("beta", "no")].missing == ("hours",)
    assert rows[("alpha", "no")].complete == 100
    assert rows[("beta", "no")].complete == 94


def test_coverage_table_has_a_row_per_role_and_a_column_per_language():
    report = coverage.report(compose_text(valid_yaml(), "x"), ("da", "no", "sv"))
    assert "| role | da | no | sv |" in report
    assert "| alpha | 100% | 100% | 100% |" in report


def test_coverage_command_exits_non_zero_when_something_is_missing(tmp_path):
    text = valid_yaml().replace("      hours: Hours beta no.\n", "")
    (tmp_path / "roles.yaml").write_text(text, encoding="utf-8")
    result = cli("coverage", "--data", str(tmp_path / "roles.yaml"))
    assert result.returncode == 1
    assert "- beta [no]: missing: hours" in result.stdout


# -- JSON Schema -------------------------------------------------------------------------------


def test_committed_schema_is_generated_from_the_current_model():
    committed = (ROOT / jsonschema.SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == jsonschema.render_schema(language_codes()), (
        "schema/roles.schema.json is out of date: run python3 dev.py schema --write"
    )


def test_data_file_points_editors_at_the_schema():
    first = (ROOT / "data/roles.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/roles.schema.json"


def test_schema_accepts_the_real_data():
    schema = json.loads((ROOT / jsonschema.SCHEMA_PATH).read_text(encoding="utf-8"))
    data = plain(compose_text((ROOT / "data/roles.yaml").read_text(encoding="utf-8"), "x"))
    validator.validate(data, schema)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Title alpha da", "tittle: Title alpha da"),
        ("period: month", "period: monthly"),
        ("amount: 32000", 'amount: "32000"'),
        ("        amount: 32000\n", "        amount: 32000\n        low: 1\n        high: 2\n"),
        ("      hours: Hours beta sv.\n", ""),
    ],
)
def test_schema_rejects_what_the_loader_rejects(old, new):
    schema = json.loads((ROOT / jsonschema.SCHEMA_PATH).read_text(encoding="utf-8"))
    text = valid_yaml().replace(old, new)
    with pytest.raises(DataErrors):
        load(text)
    with pytest.raises(validator.ValidationError):
        validator.validate(plain(compose_text(text, "x")), schema)


# -- scaffold ----------------------------------------------------------------------------------

TITLES = ["da=Butiksassistent", "no=Butikkmedarbeider", "sv=Butiksbiträde"]
# What an editor writes in the scaffold's fields that take a value from a list or a number;
# None: the line is deleted (the figure has one amount, not a range).
FIGURE = {"country": "DK", "currency": "DKK", "measure": "median", "who": "all",
          "amount": "33000", "low": None, "high": None, "period": "month", "tax": "before",
          "year": "2025", "year_basis": "reference", "source": "stats", "definition": None,
          "isco08": '"5223"', "disco08": '"5223"', "styrk08": '"5223"', "ssyk2012": '"5223"',
          "esco": "http://data.europa.eu/esco/isco/C5223"}  # fmt: skip
LISTED = {"includes": "pension", "excludes": "overtime"}


def scaffolded(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(f"{SCHEMA_LINE}\n{valid_yaml()}", encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    return path


def fill_values(text: str) -> str:
    """The scaffold's figure and codes filled in as FIGURE and LISTED say."""
    lines, out, key = text.split("\n"), [], ""
    for line in lines:
        found = re.match(r"^(\s*(?:- )?)([a-z_0-9]+):(?: FILL IN)?$", line)
        if found:
            key = found.group(2)
            if key in FIGURE and line.endswith("FILL IN"):
                if FIGURE[key] is None:
                    continue
                line = f"{found.group(1)}{key}: {FIGURE[key]}"
        elif line.strip() == "- FILL IN" and key in LISTED:
            line = line.replace("FILL IN", LISTED[key])
        out.append(line)
    return "\n".join(out)


def fill_texts(text: str) -> str:
    parts = text.split("FILL IN")
    # Each FILL IN replaced by a different text, as a translator would write them.
    texts = [f"Tekst {n}, med æøå – og ”citat” i 2024?" for n in range(len(parts) - 1)]
    return parts[0] + "".join(t + rest for t, rest in zip(texts, parts[1:], strict=True))


def without_block(text: str, key: str) -> str:
    """The last role's block under ``key`` deleted, with the comment above it."""
    lines = text.split("\n")
    at = max(i for i, line in enumerate(lines) if line == f"    {key}:")
    start, end = at, at + 1
    while lines[start - 1].startswith("    #"):
        start -= 1
    while end < len(lines) and (lines[end].startswith("      ") or lines[end].startswith("    #")):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def check_passes(path, text: str, capsys) -> None:
    from karriereguiden.editor.cli import main

    path.write_text(text, encoding="utf-8")
    assert main(["check", "--data", str(path), "--docs", str(ROOT / "docs")]) == 0, (
        capsys.readouterr().err
    )


def test_scaffold_appends_without_touching_what_is_there(tmp_path):
    path = tmp_path / "roles.yaml"
    original = "# a comment the editor wrote\n" + valid_yaml()
    path.write_text(original, encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert "slug: butiksbitrade" in text and "slug: butiksassistent" in text


def test_unfilled_scaffold_fails_the_check_with_one_message_per_fill_in(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    block = append_role(path, "sales-assistant", TITLES, "roles.yaml")
    with pytest.raises(DataErrors) as caught:
        load(path.read_text(encoding="utf-8"))
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == len(re.findall(r"(?m)^[^#\n]*FILL IN", block))
    to_fill = ["summary", "typical_education", "typical_workplaces", "description", "tasks",
               "skills", "qualities", "education", "workplaces", "hours", "tools", "career",
               "outlook", "question", "answer"]  # fmt: skip
    for lang in ("da", "no", "sv"):
        for field in to_fill:
            expected = f"role 'sales-assistant', language '{lang}': '{field}' "
            assert sum(expected in m for m in messages) == 1, (lang, field)
    assert all("still says FILL IN: write " in m for m in messages)


def test_a_choice_left_as_fill_in_names_the_values_to_write(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    with pytest.raises(DataErrors) as caught:
        load(path.read_text(encoding="utf-8"))
    messages = [str(e) for e in caught.value.errors]
    assert any(
        m.endswith("role 'sales-assistant', salary for ?: 'country' still says FILL IN: "
                   "write 'DK' or 'NO' or 'SE'")
        for m in messages
    ), messages  # fmt: skip
    assert any(m.endswith("'amount' still says FILL IN: write a whole number") for m in messages)


def test_scaffold_with_texts_filled_and_optional_blocks_deleted_passes_the_check(tmp_path, capsys):
    path = scaffolded(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = without_block(without_block(text, "salaries"), "codes")
    check_passes(path, fill_texts(text), capsys)


def test_scaffold_with_every_block_filled_in_passes_the_check(tmp_path, capsys):
    path = scaffolded(tmp_path)
    check_passes(path, fill_texts(fill_values(path.read_text(encoding="utf-8"))), capsys)


def _written_fields(node) -> dict:
    return {k.value: v for k, v in node.value} if isinstance(node, MappingNode) else {}


def _missing_fields(record, node, where: str) -> list[str]:
    """Fields of the model that the scaffold's block does not hold, at any depth."""
    from karriereguiden.data import schema

    written = _written_fields(node)
    missing = []
    for f in record.fields:
        if f.name not in written:
            missing.append(f"{where}.{f.name}")
            continue
        value = written[f.name]
        spec = f.spec
        if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Record):
            missing += _missing_fields(spec.item, value.value[0], f"{where}.{f.name}[0]")
        elif isinstance(spec, schema.Record):
            missing += _missing_fields(spec, value, f"{where}.{f.name}")
    return missing


def test_scaffold_holds_every_field_the_model_has():
    from karriereguiden.data import schema
    from karriereguiden.editor.scaffold import scaffold_text

    block = scaffold_text("sales-assistant", dict(t.split("=") for t in TITLES))
    role = compose_text(f"roles:\n{block}", "x").value[0][1].value[0]
    missing = _missing_fields(schema.ROLE, role, "role")
    for lang in ("da", "no", "sv"):
        missing += _missing_fields(schema.ROLE_TEXT, _written_fields(role)[lang], lang)
    assert missing == [], "new-role's scaffold lacks fields of karriereguiden/data/schema.py"


def test_scaffold_writes_in_the_style_of_the_data_file(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    block = append_role(path, "sales-assistant", TITLES, "roles.yaml")
    assert "\n    no:\n" in block and '"no"' not in block
    assert "\n      title: Butiksassistent\n" in block
    assert "\n        - question: FILL IN\n          answer: |\n" in block
    assert "\n    salaries:\n      # Country the figure is for. One of: DK, NO, SE.\n" in block
    assert "\n      - country: FILL IN\n        # ISO 4217 code." in block


def test_scaffold_refuses_an_id_that_exists_at_its_line(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        append_role(path, "alpha", TITLES, "roles.yaml")
    assert [str(e) for e in caught.value.errors] == [
        f"roles.yaml:{line_of(valid_yaml(), '- id: alpha')}:9: role 'alpha': the id 'alpha' "
        "is already used here: choose another id for the new role"
    ]
    assert path.read_text(encoding="utf-8") == valid_yaml()


def test_new_role_argument_errors_name_the_argument_not_the_data_file(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    result = cli("new-role", "Sales_Assistant", "--title", "da=Butiksassistent", "--title",
                 "Butikkmedarbeider", "--title", "xx=Y", "--data", str(path))  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "new-role: the id 'Sales_Assistant' must use only lowercase letters a-z, digits and "
        "single hyphens (sales-assistant)",
        "new-role: --title 'Butikkmedarbeider' needs its language first: "
        "--title da=Butikkmedarbeider",
        "new-role: --title xx=Y: 'xx' is not a language of the site (da, no, sv)",
        "new-role: a title for 'no' is needed: --title no=...",
        "new-role: a title for 'sv' is needed: --title sv=...",
        "Nothing was added. Example: python3 dev.py new-role sales-assistant "
        "--title da=Butiksassistent --title no=Butikkmedarbeider --title sv=Butiksbiträde",
    ]
    assert "roles.yaml:" not in result.stderr
    assert path.read_text(encoding="utf-8") == valid_yaml()


# -- YAML lint (the pull request) -------------------------------------------------------------


def test_data_file_passes_the_yaml_lint_of_the_pull_request():
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", ".yamllint.yaml", "data/roles.yaml"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
