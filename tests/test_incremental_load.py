"""Reading the data file again after an edit: only the changed roles are read, and the
result is always what a whole reading gives (the same catalogue, marks and problems)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import random
import re

import pytest
import yaml
from conftest import LANGS, ROOT, SALARY, TODAY, catalogue_yaml, line_of, role_yaml

from karriereguiden.data import yamlstrict
from karriereguiden.data.errors import DataErrors
from karriereguiden.data.parse import CatalogueLoader, incremental, load_bytes

NAME = "data/roles.yaml"


def whole(text: str):
    """What a whole reading gives: the catalogue, or the problems as an editor reads them."""
    try:
        return load_bytes(text.encode(), LANGS, NAME, TODAY)
    except DataErrors as problems:
        return [str(e) for e in problems.errors]


def again(loader: CatalogueLoader, text: str):
    try:
        return loader.load(text.encode(), TODAY)
    except DataErrors as problems:
        return [str(e) for e in problems.errors]


def marks(value, path="catalogue"):
    """Every mark in a reading, by where it is kept: equality of records leaves them out."""
    found = {}
    if isinstance(value, tuple | list):
        for i, item in enumerate(value):
            found.update(marks(item, f"{path}[{i}]"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.update(marks(item, f"{path}.{key}"))
    elif dataclasses.is_dataclass(value) and hasattr(value, "marks"):
        found[path] = dict(value.marks)
        for field in dataclasses.fields(value):
            if field.name != "marks":
                found.update(marks(getattr(value, field.name), f"{path}.{field.name}"))
    return found


def assert_same_as_whole(loader: CatalogueLoader, text: str) -> None:
    result, expected = again(loader, text), whole(text)
    assert result == expected
    if not isinstance(expected, list):
        assert marks(result) == marks(expected)


@pytest.fixture
def composed(monkeypatch):
    """The parts composed by each load: role blocks by their first line, or the whole file."""
    calls: list[object] = []
    fragment, whole_file = incremental.compose_fragment, incremental.compose_bytes

    def compose_fragment(text, first_line):
        calls.append(first_line + 1)
        return fragment(text, first_line)

    def compose_bytes(raw, name):
        calls.append("whole file")
        return whole_file(raw, name)

    monkeypatch.setattr(incremental, "compose_fragment", compose_fragment)
    monkeypatch.setattr(incremental, "compose_bytes", compose_bytes)
    return calls


def three_roles() -> str:
    return catalogue_yaml(
        role_yaml("alpha", related=("beta",), salaries=SALARY),
        role_yaml("beta", related=("alpha", "gamma")),
        role_yaml("gamma"),
    )


def loaded(text: str, composed: list) -> CatalogueLoader:
    loader = CatalogueLoader(LANGS, NAME)
    again(loader, text)
    composed.clear()
    return loader


def test_the_first_load_reads_the_whole_file(composed):
    text = three_roles()
    loader = CatalogueLoader(LANGS, NAME)
    assert_same_as_whole(loader, text)
    assert composed == ["whole file"]


def test_composing_hands_over_each_item_of_a_top_list_once_it_is_complete():
    raw = b"a: [1, 2]\nb: {c: [3]}\nroles:\n  - id: x\n    d: [4, 5]\n  - id: y\n"
    taken = []

    def take(key, items, index):
        taken.append((key.value, index, len(items.value), yaml.serialize(items.value[index])))

    node = yamlstrict.compose_bytes(raw, NAME, take)
    assert yaml.serialize(node) == yaml.serialize(yamlstrict.compose_bytes(raw, NAME))
    items = [yaml.serialize(n) for _, v in node.value if v.tag.endswith("seq") for n in v.value]
    assert taken == [
        ("a", 0, 1, items[0]),
        ("a", 1, 2, items[1]),
        ("roles", 0, 1, items[2]),
        ("roles", 1, 2, items[3]),
    ]


def test_a_top_list_given_another_item_keeps_it():
    raw = b"roles:\n  - id: x\n    d: [4, 5]\n  - id: y\n"
    stand_in = yamlstrict.ScalarNode("tag:yaml.org,2002:str", "taken", None, None)

    def take(key, items, index):
        items.value[index] = stand_in

    node = yamlstrict.compose_bytes(raw, NAME, take)
    assert node.value[0][1].value == [stand_in, stand_in]


def test_an_unchanged_file_composes_no_role_again(composed):
    text = three_roles()
    loader = loaded(text, composed)
    assert_same_as_whole(loader, text)
    assert composed == []


def test_a_changed_role_is_the_only_part_composed_again(composed):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace("title: Title beta da", "title: Beta på dansk")
    assert_same_as_whole(loader, edited)
    assert composed == [line_of(edited, "- id: beta")]


def test_lines_added_to_a_role_move_the_marks_of_the_roles_after_it(composed):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace(
        "      tasks: [Task alpha da]\n",
        "      tasks:\n        - Task alpha da\n        - Another task\n",
    )
    result = again(loader, edited)
    assert composed == [line_of(edited, "- id: alpha")]
    assert marks(result) == marks(whole(edited))
    gamma = result.role("gamma")
    assert gamma.marks["id"].line == line_of(edited, "- id: gamma")


def test_lines_removed_from_a_role_move_the_marks_of_the_roles_after_it(composed):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace("Description one alpha da.\n\n", "")
    assert_same_as_whole(loader, edited)
    assert composed == [line_of(edited, "- id: alpha")]


def test_a_catalogue_already_handed_out_keeps_its_marks_after_the_next_load(composed):
    text = three_roles()
    loader = CatalogueLoader(LANGS, NAME)
    first = loader.load(text.encode(), TODAY)
    before = marks(first)
    loader.load(text.replace("Task alpha da]", "Task alpha da]\n      # moved").encode(), TODAY)
    assert marks(first) == before


def test_a_problem_typed_into_a_role_is_reported_as_a_whole_reading_reports_it(composed):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace("slug: beta-no", "slug: Beta No")
    problems = again(loader, edited)
    assert problems == whole(edited)
    assert f"{NAME}:{line_of(edited, 'slug: Beta No')}:" in problems[0]
    # Read by parts: the file as a whole was not composed again.
    assert composed == [line_of(edited, "- id: beta")]


def test_a_problem_in_a_role_that_moves_is_found_again_with_its_new_line(composed):
    # The message names a line ("first written at line N"): it must be the new one.
    text = three_roles().replace(
        "    reviewed: 2026-11-01\n  ", "    reviewed: 2026-11-01\n    reviewed: 2026-11-02\n  "
    )
    loader = loaded(text, composed)
    edited = text.replace("Task alpha da]\n", "Task alpha da]\n      # a comment\n")
    assert_same_as_whole(loader, edited)


def test_a_tab_typed_into_a_role_is_reported_at_its_line(composed):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace("      summary: Summary of gamma in da.", "\tsummary: Summary")
    problems = again(loader, edited)
    assert problems == whole(edited)
    assert f"{NAME}:{line_of(edited, chr(9) + 'summary')}:" in problems[0]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(("title: Title gamma no", "title: &a Title gamma no"), id="anchor"),
        pytest.param(("Title gamma no", "Title gamma no: with a colon: x"), id="syntax"),
        pytest.param(("Title gamma no", "Title " + "x" * 20_001), id="over-long line"),
        pytest.param(("Title gamma no", '"Title \x85gamma"'), id="odd line break"),
        pytest.param(("Title gamma no", "[" * 25 + "]" * 25), id="too deep"),
    ],
)
def test_a_role_that_is_not_clean_on_its_own_is_read_with_the_whole_file(composed, edit):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace(*edit)
    assert_same_as_whole(loader, edited)
    assert composed[-1] == "whole file"


def test_after_a_syntax_error_the_corrected_file_is_read_by_parts_again(composed):
    text = three_roles()
    loader = loaded(text, composed)
    broken = text.replace("title: Title beta sv", 'title: "Title beta sv')
    assert isinstance(again(loader, broken), list)
    composed.clear()
    fixed = text.replace("title: Title beta sv", "title: Title beta SV")
    assert_same_as_whole(loader, fixed)
    assert composed == [line_of(fixed, "- id: beta")]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(("publisher: Statistics Office", "publisher: Statistics"), id="source"),
        pytest.param(("per_eur: 7.46, date: 2025", "per_eur: 7.47, date: 2025"), id="rate"),
        pytest.param(("stale_after_years: 3", "stale_after_years: 30"), id="problem in head"),
    ],
)
def test_an_edit_before_the_roles_reads_the_whole_file(composed, edit):
    text = three_roles()
    loader = loaded(text, composed)
    edited = text.replace(*edit)
    assert_same_as_whole(loader, edited)
    assert composed == ["whole file"]


def _roles(text: str) -> tuple[str, list[str]]:
    head, body = text.split("roles:\n")
    return head + "roles:\n", re.split(r"(?=^  - id: )", body, flags=re.MULTILINE)[1:]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: [*r, role_yaml("delta", related=("alpha",))], id="added"),
        pytest.param(lambda r: [r[0], r[2]], id="removed, leaving a broken reference"),
        pytest.param(lambda r: [r[2], r[0], r[1]], id="reordered"),
        pytest.param(lambda r: [r[0], r[1], r[1], r[2]], id="copied, with a used id"),
        pytest.param(lambda r: [r[1], r[0], r[2].replace("gamma", "gamma2")], id="all"),
    ],
)
def test_roles_added_removed_or_reordered_read_as_a_whole_reading(composed, change):
    head, roles = _roles(three_roles())
    loader = loaded(head + "".join(roles), composed)
    assert_same_as_whole(loader, head + "".join(change(roles)))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(three_roles() + "ladders: []\n", id="an entry after the roles"),
        pytest.param(three_roles().replace("roles:\n", "roles:\n  # the roles\n"), id="comment"),
        pytest.param(three_roles().replace("\n", "\r\n"), id="Windows line ends"),
        pytest.param(three_roles().replace("  - id: beta\n", "  -\n    id: beta\n"), id="-"),
    ],
)
def test_a_file_of_another_layout_reads_as_a_whole_reading_after_any_edit(composed, text):
    loader = loaded(text, composed)
    edited = text.replace("Title beta da", "Beta")
    assert_same_as_whole(loader, edited)


def _bench_catalogue(count: int) -> str:
    # bench/ is a folder of scripts, not a package.
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.make_catalogue(count)


# Edits an editor's hand makes to one line: typing, deleting, a tab, a wrong indent, a
# number with a separator, markup, a line doubled, a line broken in two.
_EDITS = (
    lambda line: line + "x",
    lambda line: line[:-1],
    lambda line: "",
    lambda line: line.replace(":", "", 1),
    lambda line: line.replace("  ", "\t", 1),
    lambda line: " " + line,
    lambda line: line[1:],
    lambda line: line + " 35.000",
    lambda line: line + " <b>",
    lambda line: line + "\n" + line,
    lambda line: line[: len(line) // 2] + "\n" + line[len(line) // 2 :],
    lambda line: line.replace("2025", "2099"),
    lambda line: line + ' "',
    lambda line: line.replace("-", "_"),
)


def test_random_one_line_edits_of_a_hundred_roles_read_as_a_whole_reading():
    text = _bench_catalogue(100)
    lines = text.split("\n")
    roles_line = lines.index("roles:")
    loader = CatalogueLoader(LANGS, NAME)
    loader.load(text.encode(), TODAY)
    rng = random.Random(25)
    for _ in range(24):
        number = rng.randrange(roles_line + 1, len(lines) - 1)
        edit = rng.choice(_EDITS)
        edited = "\n".join([*lines[:number], edit(lines[number]), *lines[number + 1 :]])
        result, expected = again(loader, edited), whole(edited)
        assert result == expected, (number + 1, lines[number])
        if not isinstance(expected, list):
            assert marks(result) == marks(expected), (number + 1, lines[number])


def test_the_loader_reads_on_a_day_given_or_today():
    # 'reviewed' in the future is a problem on the day before, not on the day itself.
    text = three_roles().replace("reviewed: 2026-11-01", "reviewed: 2026-11-23", 1)
    loader = CatalogueLoader(LANGS, NAME)
    with pytest.raises(DataErrors):
        loader.load(text.encode(), TODAY - dt.timedelta(days=1))
    assert loader.load(text.encode(), TODAY) == whole(text)
