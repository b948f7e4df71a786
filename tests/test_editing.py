"""Editors' tools: the check command, coverage report, JSON Schema, scaffold and YAML lint."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema as validator
import pytest

from karriereguiden import coverage, jsonschema
from karriereguiden.errors import DataErrors
from karriereguiden.languages import language_codes
from karriereguiden.scaffold import append_role
from karriereguiden.yamlstrict import MappingNode, ScalarNode, SequenceNode, compose_text
from tests.conftest import ROOT, catalogue_yaml, load, role_yaml, valid_yaml


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
        [sys.executable, "-m", "karriereguiden.cli", *args], cwd=cwd, capture_output=True, text=True
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

TITLES = {"da": "Butiksassistent", "no": "Butikkmedarbeider", "sv": "Butiksbiträde"}


def test_scaffold_appends_without_touching_what_is_there(tmp_path):
    path = tmp_path / "roles.yaml"
    original = "# a comment the editor wrote\n" + valid_yaml()
    path.write_text(original, encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert "slug: butiksbitrade" in text and "slug: butiksassistent" in text


def test_unfilled_scaffold_fails_the_check_with_one_message_per_field(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    with pytest.raises(DataErrors) as caught:
        load(path.read_text(encoding="utf-8"))
    messages = [str(e) for e in caught.value.errors]
    to_fill = ["summary", "typical_education", "typical_workplaces", "description", "tasks",
               "skills", "qualities", "education", "workplaces", "hours", "tools", "career",
               "outlook", "question", "answer"]  # fmt: skip
    assert len(messages) == len(to_fill) * 3
    for lang in ("da", "no", "sv"):
        for field in to_fill:
            expected = f"role 'sales-assistant', language '{lang}': '{field}' "
            assert sum(expected in m for m in messages) == 1, (lang, field)
    assert all(m.endswith("still says FILL IN: write the text") for m in messages)


def test_scaffold_filled_in_with_text_only_passes_the_check(tmp_path, capsys):
    from karriereguiden.cli import main
    from karriereguiden.editorcheck import SCHEMA_LINE

    path = tmp_path / "roles.yaml"
    path.write_text(f"{SCHEMA_LINE}\n{valid_yaml()}", encoding="utf-8")
    append_role(path, "sales-assistant", TITLES, "roles.yaml")
    parts = path.read_text(encoding="utf-8").split("FILL IN")
    # Each FILL IN replaced by a different text, as a translator would write them.
    texts = [f"Tekst {n}, med æøå – og ”citat” i 2024?" for n in range(len(parts) - 1)]
    filled = parts[0] + "".join(t + rest for t, rest in zip(texts, parts[1:], strict=True))
    path.write_text(filled, encoding="utf-8")
    assert main(["check", "--data", str(path), "--docs", str(ROOT / "docs")]) == 0, (
        capsys.readouterr().err
    )


def test_scaffold_writes_in_the_style_of_the_data_file(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    block = append_role(path, "sales-assistant", TITLES, "roles.yaml")
    assert "\n    no:\n" in block and '"no"' not in block
    assert "\n      title: Butiksassistent\n" in block
    assert "\n        - question: FILL IN\n          answer: |\n" in block


def test_scaffold_refuses_an_id_that_exists(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(valid_yaml(), encoding="utf-8")
    with pytest.raises(DataErrors, match="the id 'alpha' is already used at line"):
        append_role(path, "alpha", TITLES, "roles.yaml")
    assert path.read_text(encoding="utf-8") == valid_yaml()


def test_scaffold_needs_a_title_in_every_language(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(catalogue_yaml(role_yaml("alpha")), encoding="utf-8")
    with pytest.raises(DataErrors, match="a title for 'sv' is needed"):
        append_role(path, "beta", {"da": "A", "no": "B"}, "roles.yaml")


# -- YAML lint (pre-commit) ----------------------------------------------------------------------


def test_data_file_passes_the_yaml_lint_of_the_pre_commit_hook():
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", ".yamllint.yaml", "data/roles.yaml"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
