"""No sentence of the data is close to a source article's.

The seed articles in ../shared/seeds/ are what the first roles were written from: facts
may be taken, sentences may not. Every run of eight words in a role text is compared with
every run in every seed (in any of the three languages: Danish and Norwegian are close),
after case, punctuation and number formatting are set aside. A run counts as copied when
it differs from a seed's by at most two words changed, added or left out: "for nyuddannede
uden erfaring i faget" is the source's "for nyuddannede medarbejdere uden erfaring i
feltet" with one word left out and one changed.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from karriereguiden.data.parse import load_file
from karriereguiden.editor import style
from karriereguiden.pages.languages import language_codes
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
WINDOW = 8


def words(text: str) -> list[str]:
    """Lowercase words without punctuation; '35.000', '35 000' and '35000' are one word."""
    text = re.sub(r"(?<=\d)[.,\u00a0 ](?=\d{3}\b)", "", text.lower())
    return re.findall(r"\w+(?:[-']\w+)*", text)


def _distance(a: list[str], b: list[str]) -> int:
    """Word edit distance (substitution, insertion, deletion), for short runs."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


EDITS = 2  # words changed, added or left out that a run may differ by and still count
# With at most EDITS edits, one of EDITS + 1 parts of a run is untouched: found by lookup.
PARTS = ((0, 3), (3, 6), (6, 8))


class Seeds:
    """The seed articles' words, with an index of every short run for quick lookup."""

    def __init__(self, texts: dict[str, str]):
        self.words = {name: words(text) for name, text in texts.items()}
        self.index: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
        for name, seq in self.words.items():
            for size in {b - a for a, b in PARTS}:
                for i in range(len(seq) - size + 1):
                    self.index[tuple(seq[i : i + size])].append((name, i))

    def near(self, run: list[str]) -> tuple[str, str] | None:
        """(seed, its words) of a seed run at most EDITS words from ``run``, or None."""
        candidates = set()
        for a, b in PARTS:
            for name, i in self.index.get(tuple(run[a:b]), ()):
                for shift in range(-EDITS, EDITS + 1):
                    start = i - a + shift
                    for length in range(WINDOW - EDITS, WINDOW + EDITS + 1):
                        candidates.add((name, start, start + length))
        for name, start, end in sorted(candidates):
            seq = self.words[name]
            if start < 0 or end > len(seq):
                continue
            if _distance(run, seq[start:end]) <= EDITS:
                return name, " ".join(seq[start:end])
        return None


def close_runs(text: str, seeds: Seeds) -> list[tuple[str, str, str]]:
    """(run of the text, seed file, seed run) for each run of the text near a seed's."""
    seq = words(text)
    found = []
    for i in range(len(seq) - WINDOW + 1):
        run = seq[i : i + WINDOW]
        hit = seeds.near(run)
        if hit:
            found.append((" ".join(run), *hit))
    return found


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here: {SEEDS} (a copy of shared/ beside the clone)")
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"{SEEDS} holds no seed article (*.txt)"
    return Seeds({f.name: f.read_text(encoding="utf-8") for f in files})


def test_no_role_text_is_close_to_a_seed_article(seeds):
    catalogue = load_file(ROOT / "data" / "roles.yaml", language_codes())
    found = [
        f"data/roles.yaml:{text.mark.line}: {text.context}: '{run}' ~ {seed}: '{seed_run}'"
        for text in style.role_texts(catalogue)
        for run, seed, seed_run in close_runs(text.text, seeds)
    ]
    assert found == []


def _figure_texts(catalogue) -> list[tuple[str, str]]:
    """(where, text) of every note and reading of a salary figure or exchange rate."""
    texts = []
    for role in catalogue.roles:
        for i, figure in enumerate(role.salaries, start=1):
            for field in ("note", "reading"):
                for code, text in (getattr(figure, field) or {}).items():
                    texts.append((f"role '{role.id}', figure {i}, {field} {code}", text))
    for rate in catalogue.exchange_rates:
        for code, text in (rate.note or {}).items():
            texts.append((f"rate {rate.currency}, note {code}", text))
    return texts


def test_no_salary_note_or_reading_is_close_to_a_seed_article(seeds):
    catalogue = load_file(ROOT / "data" / "roles.yaml", language_codes())
    found = [
        f"{where}: '{run}' ~ {seed}: '{seed_run}'"
        for where, text in _figure_texts(catalogue)
        for run, seed, seed_run in close_runs(text, seeds)
    ]
    assert found == []


# --- the comparison itself ---------------------------------------------------------------

SEED = "Kurs i kundeserviceledelse, konfliktløsning og prosjektledelse kan bidra til utvikling."


@pytest.fixture
def one_seed() -> Seeds:
    return Seeds({"seed.txt": SEED})


def test_a_copied_run_is_found_whatever_its_case_and_punctuation(one_seed):
    assert close_runs(
        "KURS i kundeserviceledelse konfliktløsning og prosjektledelse, kan bidra", one_seed
    )


def test_a_run_with_one_word_changed_is_found(one_seed):
    text = "Kurs i kundeserviceledelse, konflikthåndtering og prosjektledelse kan bidra til"
    assert close_runs(text, one_seed)


@pytest.mark.parametrize(
    "text",
    [
        "Kurs i kundeserviceledelse, konfliktløsning og prosjektledelse kan også bidra til",
        "Kurs i kundeserviceledelse, konfliktløsning og prosjektledelse bidra til utvikling.",
    ],
)
def test_a_run_with_one_word_added_or_left_out_is_found(one_seed, text):
    assert close_runs(text, one_seed)


def test_a_run_with_two_words_changed_is_still_found(one_seed):
    text = "Kurs i kundeserviceledelse, konflikthåndtering og prosjektarbeid kan bidra til"
    assert close_runs(text, one_seed)


def test_a_run_with_three_words_changed_is_own_wording(one_seed):
    text = "Kurs i kundeserviceledelse, konflikthåndtering og prosjektarbeid kan hjelpe til"
    assert close_runs(text, one_seed) == []


def test_the_same_words_in_another_order_are_own_wording(one_seed):
    text = "Prosjektledelse og konfliktløsning, kundeserviceledelse i kurs kan bidra til"
    assert close_runs(text, one_seed) == []


def test_numbers_are_compared_as_numbers():
    seeds = Seeds({"s.txt": "startlønnen ligger typisk mellem 25.000 og 30.000 kr. om måneden"})
    assert close_runs("startlønnen ligger typisk mellem 25 000 og 30 000 kr. om måneden", seeds)
