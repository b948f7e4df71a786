"""`dev.py check` as an editor's one verdict: what would fail the pull request on the data,
in plain words, with the place in the catalogue and what to do."""

from __future__ import annotations

import subprocess

import pytest

from karriereguiden.editor.cli import main
from karriereguiden.editor.editorcheck import SCHEMA_LINE
from tests.conftest import (
    ROOT,
    SALARY,
    catalogue_yaml,
    line_of,
    only_problem,
    role_yaml,
    valid_yaml,
)


@pytest.fixture
def check(run_check):
    return run_check


ZWSP = "\u200b"


def data(text: str = "") -> str:
    return f"{SCHEMA_LINE}\n{text or valid_yaml()}"


def test_a_valid_file_is_ok(check):
    assert check(data()) == (0, "roles.yaml: OK (2 roles, 1 salary figures, 3 languages)\n")


def test_a_missing_data_file_is_named_without_a_traceback(tmp_path, capsys):
    assert main(["check", "--data", str(tmp_path / "roles.yaml")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{tmp_path / 'roles.yaml'}: this file is not there. Run the command in the project "
        "folder (the one with dev.py in it), or name the file with --data.\n"
    )


# -- layout: what the pull request's YAML lint fails on ------------------------------------------


def test_a_salary_block_indented_one_space_too_far_fails(check):
    indented = SALARY.replace("\n      ", "\n       ")  # every line below 'salaries:'
    text = data(catalogue_yaml(role_yaml("alpha", salaries=indented)))
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, '- country: DK')}:8: role 'alpha', salary for DK, "
        "field 'country': this line starts after 7 spaces; it should start after 6, lined up "
        "with the lines it belongs with: delete 1 space"
    )


def test_a_trailing_space_fails(check):
    text = data().replace("title: Title alpha sv\n", "title: Title alpha sv \n")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Title alpha sv')}:28: role 'alpha', language 'sv', "
        "field 'title': there are spaces at the end of this line: delete them"
    )


def test_windows_line_endings_fail(check):
    code, output = check(raw=data().replace("\n", "\r\n").encode("utf-8"))
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:1:{len(SCHEMA_LINE) + 1}: the file has Windows line endings (CRLF): save it "
        "with Unix line endings (LF); most editors show and change this in the status bar at "
        "the bottom"
    )


def test_the_schema_line_at_the_top_must_stay(check):
    code, output = check(valid_yaml())
    assert code == 1
    assert only_problem(output).startswith(
        f"roles.yaml:1:1: the first line must be '{SCHEMA_LINE}'"
    )


def test_an_untranslated_text_fails_as_the_coverage_step_does(check):
    text = data().replace("Outlook beta no.", "Outlook beta da.")
    code, output = check(text)
    assert code == 1
    assert (
        f"roles.yaml:{line_of(text, 'Outlook beta da.', 2)}:16: role 'beta', language 'no': "
        "'outlook' is the same as in 'da': translate it "
        "(python3 dev.py coverage lists every untranslated text)"
    ) in output


# -- syntax mistakes in plain words --------------------------------------------------------------


def test_items_below_an_empty_list_say_to_delete_the_brackets(check):
    text = data().replace(
        "      tasks: [Task beta no]\n",
        '      # One task per line, starting with "- ".\n      tasks: []\n        - Task beta no\n',
    )
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, '- Task beta no')}:9: role 'beta', language 'no', "
        f"field 'tasks': delete '[]' after 'tasks:' on line {line_of(text, 'tasks: []')} "
        "when you add entries on the lines below it ('[]' means an empty list)"
    )


def test_a_non_breaking_space_in_the_indentation_is_named_with_its_column(check):
    text = data().replace("      slug: alpha-da\n", "     \u00a0slug: alpha-da\n")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'slug: alpha-da')}:6: role 'alpha', language 'da', "
        "field 'slug': replace the non-breaking space at column 6 with a normal space: it looks "
        "like a space, but YAML does not read it as one"
    )


def test_a_colon_in_an_unquoted_list_item_says_to_quote_it(check):
    text = data().replace("tasks: [Task alpha sv]", "tasks:\n        - Ring kunder: varje dag")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Ring kunder')}:11: role 'alpha', language 'sv': 'tasks' "
        "item 1 must be text, but YAML read it as 'field: value': put the text in double "
        "quotes because it contains ': '"
    )


def test_a_colon_in_an_unquoted_text_says_to_quote_it(check):
    text = data().replace("hours: Hours alpha no.", "hours: Arbeidstid: dag og kveld.")
    code, output = check(text)
    assert code == 1
    assert only_problem(output).startswith(
        f"roles.yaml:{line_of(text, 'Arbeidstid')}:24: role 'alpha', language 'no', "
        "field 'hours': put the text in double quotes because it contains ': '"
    )


def test_a_hint_never_points_into_a_comment(check):
    text = data().replace(
        "      skills: [Skill beta sv]\n",
        '      # Entries start with "- ".\n      skills: [Skill beta sv]\n        - Quality\n',
    )
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, '- Quality')}:9: role 'beta', language 'sv', "
        f"field 'skills': 'skills:' on line {line_of(text, 'Skill beta sv')} has its entries in "
        "brackets, and more below it: write each entry on a line of its own starting with "
        "'- ', and delete the brackets"
    )


# -- pasted characters ---------------------------------------------------------------------------


def test_a_zero_width_space_in_a_text_fails(check):
    text = data().replace("Career beta da.", f"Career{ZWSP} beta da.")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Career' + ZWSP)}:21: role 'beta', language 'da', "
        "field 'career': there is an invisible character here (a zero-width space, column 21), "
        "probably pasted with the text: delete it"
    )


def test_typographic_quotes_around_a_whole_text_fail(check):
    text = data().replace("summary: Summary of beta in sv.", "summary: “Summary of beta in sv.”")
    code, output = check(text)
    assert code == 1
    assert only_problem(output).startswith(
        f"roles.yaml:{line_of(text, 'Summary of beta in sv')}:16: role 'beta', language 'sv', "
        "field 'summary': the text is wrapped in typographic quotes “…”"
    )


def test_a_non_breaking_space_inside_a_text_is_good_typography(check):
    text = data().replace("Hours alpha da.", "Hours alpha da, 37\u00a0timer.")
    assert check(text)[0] == 0


# -- changing a salary figure ------------------------------------------------------------------

NOTE = """\
        note:
          da: Tal for {da}.
          no: Tall for {no}.
          sv: Siffror för {sv}.
"""


def figure_data(year: int = 2025, da: int = 2025, no: int = 2025, sv: int = 2025) -> str:
    salary = SALARY.replace("year: 2025", f"year: {year}") + NOTE.format(da=da, no=no, sv=sv)
    return data(catalogue_yaml(role_yaml("alpha", salaries=salary)))


def notices(output: str) -> list[str]:
    head, _, rest = output.partition("to look at (they do not fail the check):\n")
    return [line.strip() for line in rest.splitlines()] if head else []


def test_a_note_naming_only_its_figures_year_is_quiet(check):
    assert check(figure_data()) == (0, "roles.yaml: OK (1 roles, 1 salary figures, 3 languages)\n")


def test_a_note_naming_another_year_than_its_figure_is_pointed_at(check):
    text = figure_data(year=2024, da=2024, no=2022, sv=2024)
    code, output = check(text)
    assert code == 0
    assert notices(output) == [
        f"roles.yaml:{line_of(text, 'Tall for 2022')}:15: role 'alpha', salary for DK: the note "
        "in 'no' names 2022, but the figure's 'year' is 2024: if the note was written for an "
        "older figure, update it"
    ]


def test_a_year_changed_since_the_last_commit_points_at_stale_notes_and_reviewed(check, tmp_path):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=Editor", "-c", "user.email=e@example.org", *args],
            cwd=tmp_path, check=True, capture_output=True,
        )  # fmt: skip

    committed = figure_data(year=2022, da=2022, no=2022, sv=2022)
    (tmp_path / "roles.yaml").write_text(committed, encoding="utf-8")
    git("init", "-q")
    git("add", "roles.yaml")
    git("commit", "-q", "-m", "2022 figure")
    changed = committed.replace("year: 2022", "year: 2024").replace("Tal for 2022", "Tal for 2024")
    code, output = check(changed)
    assert code == 0
    assert notices(output) == [
        f"roles.yaml:{line_of(changed, 'reviewed:')}:15: role 'alpha': 'reviewed' is still "
        "2026-11-01 although a salary figure changed: set it to the day you checked the role "
        "against its sources",
        f"roles.yaml:{line_of(changed, 'year: 2024')}:9: role 'alpha', salary for DK: this "
        "figure changed since HEAD: year 2022 → 2024. Check that its 'source' and its note in "
        "every language still fit it",
        f"roles.yaml:{line_of(changed, 'Tall for 2022')}:15: role 'alpha', salary for DK: the "
        "note in 'no' names 2022, but the figure's 'year' is 2024: if the note was written for "
        "an older figure, update it",
        f"roles.yaml:{line_of(changed, 'Siffror för 2022')}:15: role 'alpha', salary for DK: "
        "the note in 'sv' names 2022, but the figure's 'year' is 2024: if the note was written "
        "for an older figure, update it",
    ]


# -- a role deleted while others still name it ---------------------------------------------------


def committed(tmp_path, text: str) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=Editor", "-c", "user.email=e@example.org", *args],
            cwd=tmp_path, check=True, capture_output=True,
        )  # fmt: skip

    (tmp_path / "roles.yaml").write_text(text, encoding="utf-8")
    git("init", "-q")
    git("add", "roles.yaml")
    git("commit", "-q", "-m", "three roles")


THREE_ROLES = data(
    catalogue_yaml(
        role_yaml("alpha", related=("gamma",)),
        role_yaml("beta", related=("alpha", "gamma")),
        role_yaml("gamma"),
    )
)


def test_a_deleted_role_that_others_name_is_reported_once_with_every_place(check, tmp_path):
    committed(tmp_path, THREE_ROLES)
    deleted = data(
        catalogue_yaml(
            role_yaml("alpha", related=("gamma",)), role_yaml("beta", ("alpha", "gamma"))
        )
    )
    code, output = check(deleted)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(deleted, 'related: [gamma]')}:15: role 'alpha': role 'gamma' was "
        "deleted (it is in HEAD), but 2 places still name it: here, line "
        f"{line_of(deleted, 'related: [alpha, gamma]')} (role 'beta', 'related'). Remove "
        "'gamma' from each, or put the role back"
    )


def test_a_role_that_never_existed_is_still_an_unknown_id_with_a_suggestion(check, tmp_path):
    committed(tmp_path, THREE_ROLES)
    text = THREE_ROLES.replace("related: [gamma]", "related: [gama]")
    assert only_problem(check(text)[1]) == (
        f"roles.yaml:{line_of(text, 'related: [gama]')}:15: role 'alpha': 'related' names an "
        "unknown role id 'gama'; did you mean 'gamma'?"
    )


def test_a_control_character_is_one_problem_at_its_place_not_a_traceback(check):
    text = data().replace("Title alpha da", "Title alpha \x07da")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Title alpha')}:26: role 'alpha', language 'da', field "
        "'title': there is an invisible control character here (U+0007, column 26), probably "
        "pasted with the text: delete it"
    )


@pytest.mark.parametrize(
    "text",
    [
        (ROOT / "data" / "roles.yaml").read_text(encoding="utf-8"),
        data()
        .replace("reviewed: 2026-11-01", "reviewed: 2026-11-01   ")
        .replace("\n      title: Title beta da", "\n       title: Title beta da"),
        data().replace("title: Title alpha da", 'title: "Title alpha da'),  # no YAML
        # What libyaml's tokens give otherwise than PyYAML's: a plain scalar's style, and
        # the end of a stream without a final line break.
        data().replace("stale_after_years: 3", "stale_after_years: 3\nflag: yes\nq: 'yes'"),
        data() + "# the end, with no line break",
        "---\na: [1,2]\n...\n---\nb:\n  - c  #x\n # misplaced",
        data().replace("\n", "\r\n"),
    ],
    ids=[
        "real data",
        "layout problems",
        "syntax error",
        "truthy",
        "no final line break",
        "documents",
        "crlf",
    ],
)
def test_the_layout_lint_gives_what_yamllint_gives(text):
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    from karriereguiden.editor.editorcheck import LINT_CONFIG, lint

    config = YamlLintConfig(file=str(LINT_CONFIG))
    shown = [(p.line, p.column, p.rule, p.desc) for p in lint(text, config)]
    assert shown == [(p.line, p.column, p.rule, p.desc) for p in linter.run(text, config)]


def test_without_git_an_id_that_several_places_name_is_said_once(check):
    text = data(
        catalogue_yaml(
            role_yaml("alpha", related=("gamma",)), role_yaml("beta", ("alpha", "gamma"))
        )
    )
    assert only_problem(check(text)[1]) == (
        f"roles.yaml:{line_of(text, 'related: [gamma]')}:15: role 'alpha': there is no role "
        "'gamma' in this file, but 2 places name it: here, line "
        f"{line_of(text, 'related: [alpha, gamma]')} (role 'beta', 'related'). If the role was "
        "deleted, remove 'gamma' from each"
    )


def test_without_git_an_unknown_id_named_once_keeps_its_suggestion(check):
    text = data(catalogue_yaml(role_yaml("alpha", related=("betta",)), role_yaml("beta")))
    assert only_problem(check(text)[1]) == (
        f"roles.yaml:{line_of(text, 'related: [betta]')}:15: role 'alpha': 'related' names an "
        "unknown role id 'betta'; did you mean 'beta'?"
    )
