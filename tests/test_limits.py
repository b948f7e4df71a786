"""Limits on what the reader takes in: a paste accident is refused at once, in plain words.

No test here measures time (the machine is shared): each checks that a limit holds and
says so plainly. The times before and after the limits are recorded with issue 26.
"""

from __future__ import annotations

import pytest

from karriereguiden.data.errors import DataErrors
from karriereguiden.data.yamlstrict import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_LINE,
    compose_bytes,
    compose_text,
    input_problems,
)
from karriereguiden.editor.editorcheck import SCHEMA_LINE
from tests.conftest import line_of, only_problem, valid_yaml

DEPTH_ADVICE = (
    f"the data is nested more than {MAX_DEPTH} levels deep here (lists or blocks inside each "
    "other; a role needs 6): look for '[' or '{' pasted by accident or never closed, or lines "
    "indented much too far"
)


# The top-level mapping is the first level: the n-th bracket opens level n + 1.


def only_refusal(text: str) -> str:
    with pytest.raises(DataErrors) as caught:
        compose_text(text, "roles.yaml")
    assert len(caught.value.errors) == 1, caught.value.errors
    return str(caught.value.errors[0])


@pytest.mark.parametrize("depth", [4000, 10_000])
def test_brackets_nested_thousands_deep_are_refused_at_the_level_past_the_limit(depth):
    # 10,000 deep is also a line over the length limit: it is named for its depth.
    text = "roles: " + "[" * depth + "]" * depth + "\n"
    assert only_refusal(text) == f"roles.yaml:1:{7 + MAX_DEPTH}: {DEPTH_ADVICE}"


def test_brackets_never_closed_are_refused_without_a_traceback():
    text = "roles: " + "[" * 10_000 + "\n"
    assert only_refusal(text) == f"roles.yaml:1:{7 + MAX_DEPTH}: {DEPTH_ADVICE}"


def test_brackets_one_per_line_are_refused_at_their_line():
    text = "roles:\n" + "  [\n" * 10_000 + "  x\n"
    assert only_refusal(text) == f"roles.yaml:{1 + MAX_DEPTH}:3: {DEPTH_ADVICE}"


def test_blocks_indented_2000_deep_are_refused_with_their_place():
    text = (
        "roles:\n" + "".join(" " * depth + "k:\n" for depth in range(1, 2000)) + " " * 2000 + "x\n"
    )
    assert only_refusal(text).startswith(f"roles.yaml:{1 + MAX_DEPTH}:")
    assert only_refusal(text).endswith(DEPTH_ADVICE)


def test_nesting_up_to_the_limit_is_not_refused_for_its_depth():
    inner = MAX_DEPTH - 1  # the top-level mapping is one level
    assert input_problems("roles: " + "[" * inner + "]" * inner + "\n", "roles.yaml") == []


def test_the_real_catalogues_depth_is_far_from_the_limit():
    # Dash and space runs in the real data stay short, so its reading costs no event scan.
    assert input_problems(valid_yaml(), "roles.yaml") == []


def test_brackets_in_a_comment_do_not_hide_a_line_over_the_length_limit():
    # The quick look counts the comment's brackets and reads the events: no depth is
    # found there, so the long line is what is said.
    text = "# " + "[" * (MAX_DEPTH + 5) + "\nroles: [x]\n# " + "x" * MAX_LINE + "\n"
    assert only_refusal(text).startswith(f"roles.yaml:3:{MAX_LINE + 1}: ")
    assert "characters long; at most" in only_refusal(text)


def test_a_line_longer_than_the_limit_is_refused_with_its_role_and_field():
    long_text = "ord " * (MAX_LINE // 4 + 1)
    text = valid_yaml().replace("title: Title alpha da", f"title: {long_text}", 1)
    line = line_of(text, "ord ord")
    assert only_refusal(text) == (
        f"roles.yaml:{line}:{MAX_LINE + 1}: role 'alpha', language 'da', field 'title': this "
        f"line is {len(text.splitlines()[line - 1]):,} characters long; at most {MAX_LINE:,} are "
        "allowed (the longest text is 4,000): write a long text over several lines below '|' "
        "or '>-', and delete anything pasted by accident"
    )


def test_a_line_at_the_limit_is_not_refused_for_its_length():
    assert input_problems("# " + "x" * (MAX_LINE - 2) + "\nroles: []\n", "roles.yaml") == []


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read():
    raw = b"roles: []\n" + b"#" * MAX_BYTES + b"\n"
    with pytest.raises(DataErrors) as caught:
        compose_bytes(raw, "roles.yaml")
    assert [str(e) for e in caught.value.errors] == [
        f"roles.yaml:1:1: the file is 64 MB; at most {MAX_BYTES // 1024 // 1024} MB are allowed "
        "(1,000 roles take about 30 MB): look for something pasted by accident"
    ]


def test_check_refuses_deep_nesting_before_the_layout_lint(run_check):
    # The lint alone took 28 s on this input; refused first, it never runs.
    code, output = run_check(f"{SCHEMA_LINE}\nroles: " + "[" * 4000 + "]" * 4000 + "\n")
    assert code == 1
    assert only_problem(output) == f"roles.yaml:2:{7 + MAX_DEPTH}: {DEPTH_ADVICE}"


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_a_character_yaml_takes_for_a_line_break_is_refused_at_its_place(char):
    # YAML would start a new line there, and every line number after it would be off.
    text = valid_yaml().replace("Title alpha da", f"Title{char} alpha da")
    assert only_refusal(text) == (
        f"roles.yaml:{line_of(text, 'title: Title')}:19: role 'alpha', language 'da', field "
        f"'title': there is an invisible line-break character here (U+{ord(char):04X}, "
        "column 19), probably pasted with the text: delete it"
    )
