"""Reading the data file again after an edit: only the changed roles are read, and the
result is always what a whole reading gives (the same catalogue, marks and problems)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import os
import random
import re
import threading
import weakref

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

    def compose_bytes(raw, name, take=None):
        calls.append("whole file")
        return whole_file(raw, name, take)

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


def first_load(raw: bytes):
    """What a new loader's first load gives, as whole() words it."""
    try:
        return CatalogueLoader(LANGS, NAME).load(raw, TODAY)
    except DataErrors as problems:
        return [str(e) for e in problems.errors]


def whole_of(raw: bytes):
    try:
        return load_bytes(raw, LANGS, NAME, TODAY)
    except DataErrors as problems:
        return [str(e) for e in problems.errors]


def assert_first_load_as_whole(raw: bytes) -> None:
    result, expected = first_load(raw), whole_of(raw)
    assert result == expected
    if not isinstance(expected, list):
        assert marks(result) == marks(expected)


def test_the_first_load_reads_each_role_as_soon_as_it_is_composed(monkeypatch):
    # Only one role's tree is held at a time: the roles before it keep only their ids.
    seen = []
    take = incremental._RoleMemoReader.take_role

    def spy(self, key, items, index):
        if key.value == "roles":
            before = [sorted(k.value for k, _ in item.value) for item in items.value[:index]]
            seen.append((index, len(items.value), before))
        take(self, key, items, index)

    monkeypatch.setattr(incremental._RoleMemoReader, "take_role", spy)
    assert_first_load_as_whole(three_roles().encode())
    assert seen == [(0, 1, []), (1, 2, [["id"]]), (2, 3, [["id"], ["id"]])]


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


def _problems_in_head_and_roles() -> str:
    text = three_roles().replace("stale_after_years: 3", "stale_after_years: 30")
    text = text.replace("slug: beta-no", "slug: Beta No")
    text = text.replace(
        "    reviewed: 2026-11-01\n", "    reviewed: 2026-11-01\n    reviewed: x\n", 1
    )
    return text.replace("- id: gamma", "- id: alpha")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(three_roles().encode(), id="clean"),
        pytest.param(_problems_in_head_and_roles().encode(), id="problems in head and roles"),
        pytest.param(three_roles().replace("\n", "\r\n").encode(), id="Windows line ends"),
        pytest.param(b"\xef\xbb\xbf" + three_roles().encode(), id="byte order mark"),
        pytest.param((three_roles() + "ladders: []\n").encode(), id="an entry after the roles"),
        pytest.param(three_roles().replace("roles:", '"roles":').encode(), id="key quoted"),
        pytest.param(
            three_roles().replace("  - id: gamma\n", "  - just a text\n  - id: gamma\n").encode(),
            id="a role that is no mapping",
        ),
        pytest.param((three_roles() + "roles:\n" + role_yaml("delta")).encode(), id="twice"),
        pytest.param(
            catalogue_yaml().replace("roles:\n", "roles: [{id: x}, [y], z]\n").encode(),
            id="flow list",
        ),
        pytest.param(catalogue_yaml().encode() + b"roles: [{id: x}]\n", id="twice, first empty"),
        pytest.param(b"- roles:\n  - id: x\n", id="a list at the top"),
        pytest.param(b"? [roles]\n: [1]\nroles: [{id: x}]\n", id="a key that is a list"),
        pytest.param(
            three_roles().replace("  - id: beta\n", "  -\n    id: beta\n").encode(), id="-"
        ),
    ],
)
def test_a_first_load_of_any_layout_gives_what_a_whole_reading_gives(raw):
    assert_first_load_as_whole(raw)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(("title: Title gamma no", "title: &a Title gamma no"), id="anchor"),
        pytest.param(("title: Title beta da", "title: *a"), id="alias"),
        pytest.param(("Title gamma no", "Title gamma no: with a colon: x"), id="syntax"),
        pytest.param(("Title gamma sv", 'Title "gamma" sv"'), id="syntax in the last role"),
        pytest.param(("Title gamma no", "Title " + "x" * 20_001), id="over-long line"),
        pytest.param(("Title gamma no", '"Title \x85gamma"'), id="odd line break"),
        pytest.param(("Title gamma no", "[" * 25 + "]" * 25), id="too deep"),
        pytest.param(("Title gamma no", "Title \x07gamma"), id="control character"),
        pytest.param(("      summary: Summary of gamma in da.", "\tsummary: x"), id="tab"),
    ],
)
def test_a_first_load_of_a_file_that_only_a_whole_reading_places_gives_its_errors(edit):
    text = three_roles().replace(*edit)
    assert isinstance(whole(text), list)
    assert_first_load_as_whole(text.encode())


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(
            three_roles().encode().replace(b"Title beta da", b"Title b\xe9ta"), id="cp1252"
        ),
        pytest.param(b"a" * (yamlstrict.MAX_BYTES + 1), id="too big"),
    ],
)
def test_a_first_load_of_bytes_that_are_no_catalogue_gives_the_whole_readings_error(raw):
    assert isinstance(whole_of(raw), list)
    assert_first_load_as_whole(raw)


def test_roles_read_before_libyaml_stops_are_not_used_when_pyyaml_reads_the_file(monkeypatch):
    # Where libyaml finds a syntax error, PyYAML's reader reads the file again: should it
    # read it, its tree holds every role as composed, none read ahead.
    read = yamlstrict._HandingNodeReader.get_single_node

    def stops_at_the_end(self):
        read(self)
        raise yaml.YAMLError("libyaml stopped")

    monkeypatch.setattr(yamlstrict._HandingNodeReader, "get_single_node", stops_at_the_end)
    assert_first_load_as_whole(_problems_in_head_and_roles().encode())
    assert_first_load_as_whole(three_roles().encode())


def test_a_role_read_ahead_outlives_the_tree_it_was_taken_from():
    # Its reading is found by its node's id: a node made later must not take that id.
    reader = CatalogueLoader(LANGS, NAME)._reader(b"", {})
    roles = yamlstrict.compose_bytes(three_roles().encode(), NAME).value[-1]
    reader.take_role(*roles, 0)
    taken = weakref.ref(roles[1].value[0])
    del roles
    assert taken() is not None


def test_a_file_edited_after_a_first_load_is_read_by_parts(composed):
    text = three_roles()
    loader = CatalogueLoader(LANGS, NAME)
    assert_same_as_whole(loader, text)
    edited = text.replace("title: Title beta da", "title: Beta på dansk")
    assert_same_as_whole(loader, edited)
    assert composed == ["whole file", line_of(edited, "- id: beta")]


def test_a_load_not_to_be_remembered_leaves_the_next_load_to_read_the_whole_file(composed):
    text = three_roles()
    loader = loaded(text, composed)
    assert loader.load(text.encode(), TODAY, remember=False) == whole(text)
    edited = text.replace("title: Title beta da", "title: Beta på dansk")
    assert_same_as_whole(loader, edited)
    assert composed == ["whole file", "whole file"]


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
        first = first_load(edited.encode())
        assert first == expected, (number + 1, lines[number])
        if not isinstance(expected, list):
            expected_marks = marks(expected)
            assert marks(result) == expected_marks, (number + 1, lines[number])
            assert marks(first) == expected_marks, (number + 1, lines[number])


def test_random_one_line_edits_anywhere_read_at_first_as_a_whole_reading():
    text = _bench_catalogue(12)
    lines = text.split("\n")
    rng = random.Random(26)
    for _ in range(50):
        number = rng.randrange(len(lines))
        edit = rng.choice(_EDITS)
        edited = "\n".join([*lines[:number], edit(lines[number]), *lines[number + 1 :]])
        result, expected = first_load(edited.encode()), whole(edited)
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


# -- a build's reading in two processes ------------------------------------------------------


def twelve_roles() -> str:
    ids = [f"role{n:02}" for n in range(12)]
    return catalogue_yaml(
        *(
            role_yaml(rid, related=(ids[(n + 7) % 12],), salaries=SALARY if n % 3 else "")
            for n, rid in enumerate(ids)
        )
    )


@pytest.fixture
def halves(monkeypatch):
    """Every file big enough to be read in two processes."""
    monkeypatch.setattr(incremental, "HALVES_FROM", 0)


def in_halves(text: str):
    return incremental._read_in_halves(CatalogueLoader(LANGS, NAME), text.encode(), TODAY)


def build_load(text: str):
    """What a build's load gives (nothing remembered for a next, a helper process allowed),
    as whole() words it."""
    try:
        return CatalogueLoader(LANGS, NAME).load(text.encode(), TODAY, remember=False, helper=True)
    except DataErrors as problems:
        return [str(e) for e in problems.errors]


def test_a_build_reads_a_large_file_in_two_processes_as_a_whole_reading_does(halves):
    text = twelve_roles()
    result, expected = in_halves(text), whole(text)
    assert result is not None
    assert result == expected
    assert marks(result) == marks(expected)
    # Both processes read some of the roles: the helper those after the cut.
    later = text.encode()[incremental._cut(text.encode())[1] :]
    assert 3 <= later.count(b"  - id: role") <= 9


def test_a_build_reads_a_large_file_in_two_processes_by_itself(halves, monkeypatch):
    read = []
    real = incremental._read_in_halves

    def spy(loader, raw, today):
        read.append(real(loader, raw, today))
        return read[-1]

    monkeypatch.setattr(incremental, "_read_in_halves", spy)
    text = twelve_roles()
    assert build_load(text) == whole(text)
    assert read and read[0] is not None
    # A preview's loads, remembered for the next, read the file whole; so does a build
    # whose caller has no core to spare.
    CatalogueLoader(LANGS, NAME).load(text.encode(), TODAY, helper=True)
    CatalogueLoader(LANGS, NAME).load(text.encode(), TODAY, remember=False)
    assert len(read) == 1


@pytest.mark.parametrize("role", ["role02", "role10"], ids=["in the first half", "in the second"])
def test_a_problem_in_either_half_is_told_as_a_whole_reading_tells_it(halves, role):
    text = twelve_roles().replace(f"hours: Hours {role} da.", f"hourz: Hours {role} da.")
    assert in_halves(text) is None
    assert build_load(text) == whole(text)


def test_a_problem_across_the_halves_is_told_as_a_whole_reading_tells_it(halves):
    text = twelve_roles().replace("- id: role10", "- id: role01", 1)  # an id twice
    assert in_halves(text) is None
    assert build_load(text) == whole(text)


def test_a_syntax_error_in_the_second_half_is_told_as_a_whole_reading_tells_it(halves):
    text = twelve_roles().replace("title: Title role11 da", "title: [unclosed")
    assert in_halves(text) is None
    assert build_load(text) == whole(text)


def test_a_helper_that_dies_leaves_the_reading_to_this_process(halves, monkeypatch):
    monkeypatch.setattr(incremental, "_read_later_roles", lambda *args: os._exit(3))
    text = twelve_roles()
    assert in_halves(text) is None
    assert build_load(text) == whole(text)


def test_no_helper_is_forked_while_other_threads_run(halves):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert in_halves(twelve_roles()) is None
    finally:
        stop.set()
        thread.join()


def test_a_small_file_is_read_whole_by_one_process():
    assert in_halves(twelve_roles()) is None
