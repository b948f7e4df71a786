"""The house style of the role texts, as `dev.py check` reports it: the rules the pull
request holds the data to, each placed where it is written and said with what to write."""

from __future__ import annotations

import pytest

from karriereguiden.editor import style
from karriereguiden.editor.cli import main
from karriereguiden.editor.editorcheck import SCHEMA_LINE
from tests.conftest import ROOT, catalogue_yaml, line_of, load, only_problem, role_yaml, valid_yaml

CCM = "contact-centre-manager"


@pytest.fixture
def check(run_check):
    """`check` on the text, below the schema line the data file starts with."""
    return lambda text: run_check(f"{SCHEMA_LINE}\n{text}")


def test_a_banned_variant_in_a_role_text_fails_check_naming_the_word_to_write(check):
    text = valid_yaml().replace("Workplaces beta da.", "Arbejder ofte i et callcenter.")
    code, output = check(text)
    assert code == 1
    line = line_of(text, "callcenter") + 1  # the schema line comes first
    assert only_problem(output) == (
        f"roles.yaml:{line}:19: role 'beta', language 'da', field 'workplaces': "
        "'callcenter' is not the word this guide uses: write 'virksomheder, der driver "
        "kundeservice' (one word for each thing in each language)"
    )


def test_a_banned_variant_in_a_list_entry_points_at_the_entry(check):
    text = valid_yaml().replace("tools: [Tool alpha no]", "tools: [Tool alpha no, E-mail]")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'E-mail') + 1}:30: role 'alpha', language 'no', "
        "field 'tools': 'E-mail' is not the word this guide uses: write 'e-post' (one word "
        "for each thing in each language)"
    )


def test_a_banned_variant_in_a_faq_answer_names_the_entry(check):
    text = valid_yaml().replace("answer: Answer alpha sv.", "answer: Ring vår kundservice.")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Ring vår') + 1}:19: role 'alpha', language 'sv', "
        "FAQ entry 1, field 'answer': 'kundservice' is not the word this guide uses: write "
        "'kundtjänst' (one word for each thing in each language)"
    )


def test_titles_slugs_and_other_names_may_use_a_variant():
    text = valid_yaml().replace("title: Title alpha no", "title: Kundebehandler")
    also = "      also_called: [kundebehandler i nettbutikk]\n"
    text = text.replace("slug: alpha-no\n", f"slug: kundebehandler\n{also}")
    assert style.style_problems(load(text), "roles.yaml") == []


def test_a_task_in_the_present_tense_fails_check_naming_the_infinitive(check):
    text = valid_yaml().replace("tasks: [Task beta da]", "tasks: [Besvarer opkald fra kunder]")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'Besvarer') + 1}:15: role 'beta', language 'da', "
        "field 'tasks': 'Besvarer' reads as the present tense; tasks start with the "
        "infinitive, the form after 'at': write 'Besvare'"
    )


@pytest.mark.parametrize(
    ("code", "task", "advice"),
    [
        ("no", "Setter opp vaktplaner", "after 'å': write 'Sette'"),
        ("sv", "Lägger schema", "after 'att': write 'Lägga'"),
        ("sv", "Svarar på mejl", "after 'att': write 'Svara'"),
        ("da", "Gør klar til møder", "after 'at': write that form instead"),
    ],
)
def test_the_task_message_names_the_infinitive_only_where_the_ending_tells_it(code, task, advice):
    text = valid_yaml().replace(f"tasks: [Task alpha {code}]", f"tasks: [{task}]")
    [problem] = style.task_problems(load(text), "roles.yaml")
    assert problem.message.endswith(f"the infinitive, the form {advice}")


def test_a_sentence_about_the_budget_must_name_the_role_that_holds_it():
    speaks = "Education alpha no. Lager budsjett for teamet."
    names = "Education alpha no. Hjelper Title contact-centre-manager no med budsjettet."
    catalogue = catalogue_yaml(role_yaml(CCM), role_yaml("alpha"))
    [problem] = style.holder_problems(
        load(catalogue.replace("Education alpha no.", speaks)), "roles.yaml"
    )
    assert (problem.line, problem.context) == (
        line_of(catalogue, "Education alpha no."),
        "role 'alpha', language 'no', field 'education'",
    )
    assert problem.message.startswith(
        "this text speaks of the budget, which only the title contact-centre-manager no "
        "('contact-centre-manager') holds in this guide: name that role in the sentence"
    )
    assert style.holder_problems(load(catalogue.replace("Education alpha no.", names)), "") == []


def test_without_the_role_that_holds_the_budget_any_role_may_mention_it():
    text = valid_yaml().replace("Education alpha no.", "Lager budsjett.")
    assert style.holder_problems(load(text), "roles.yaml") == []


def test_the_real_data_follows_the_house_style(capsys):
    assert main(["check", "--data", str(ROOT / "data" / "roles.yaml"), "--docs", "docs"]) == 0
    assert ": OK (" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("code", "turn", "advice"),
    [
        ("no", "Formidle innsikt om kundenes behov.", "write 'innsikt i'"),
        ("sv", "Rollen finns mellan medarbetarna och chefen.", "write 'name the role: "),
        ("da", "Rollen ligger mellem teamet og chefen.", "write 'name the role: "),
    ],
)
def test_a_turn_that_reads_as_translated_fails_naming_what_to_write(code, turn, advice):
    text = valid_yaml().replace(f"Career alpha {code}.", turn)
    [problem] = style.variant_problems(load(text), "roles.yaml")
    assert problem.line == line_of(text, turn)
    assert problem.context == f"role 'alpha', language '{code}', field 'career'"
    assert advice in problem.message


def test_a_role_text_that_speaks_to_the_reader_fails_check_where_it_is_written(check):
    text = valid_yaml().replace("Hours beta sv.", "Som teamledare lägger du scheman.")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'lägger du') + 1}:14: role 'beta', language 'sv', "
        "field 'hours': 'du' speaks to the reader; a role's texts speak of the role in the "
        "third person (its title, 'man'/'en'), and only FAQ answers say 'du': "
        '"Som teamledare lägger du scheman."'
    )


def test_faq_answers_may_speak_to_the_reader():
    text = valid_yaml().replace("Answer alpha da.", "Det afhænger af, hvad du vil.")
    assert style.register_problems(load(text), "roles.yaml") == []


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("sv", "Erfarenhet av planering kan också leda dit."),  # "dit": there
        ("no", "Kundene forteller om deres behov."),  # "deres": their
        ("da", "Teamlederen er den, medarbejderne går til."),
    ],
)
def test_words_that_only_look_like_you_are_the_third_person(code, sentence):
    text = valid_yaml().replace(f"Outlook alpha {code}.", sentence)
    assert style.register_problems(load(text), "roles.yaml") == []


def test_other_names_without_a_source_comment_fail_check_where_the_list_is(check):
    text = valid_yaml().replace("slug: alpha-no\n", "slug: alpha-no\n      also_called: [navn]\n")
    code, output = check(text)
    assert code == 1
    assert only_problem(output) == (
        f"roles.yaml:{line_of(text, 'also_called') + 1}:7: role 'alpha', language 'no', "
        "field 'also_called': 'also_called' has no comment above it: say where each name "
        "comes from (a job ad, a classification, a union's page) in a comment on the line "
        "above, or leave the name out"
    )


@pytest.mark.parametrize("names", ["[navn]", "\n        - navn"])
def test_other_names_with_a_source_comment_pass(check, names):
    sourced = "slug: alpha-no\n      # navn: Example's job ad, https://example.org/\n"
    line = f"also_called: {names}".replace(": \n", ":\n")
    text = valid_yaml().replace("slug: alpha-no\n", f"{sourced}      {line}\n")
    code, output = check(text)
    assert code == 0, output
