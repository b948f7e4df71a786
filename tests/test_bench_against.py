"""bench/run.py --against: how a comparison with another commit is judged and refused.

No builds here: what needs builds is the benchmark's own run, recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_bench():
    # bench/ is a folder of scripts, not a package.
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def test_a_speed_up_is_the_median_of_the_pairs_ratios_not_the_ratio_of_medians():
    # Ratios 0.5, 2.0 and 0.9: their median is 0.9; the medians' ratio would be 6 / 8.
    assert bench.median_ratio([4, 6, 9], [8, 3, 10]) == pytest.approx(0.9)


def test_a_target_is_judged_by_five_pairs_and_three_at_1000_roles():
    assert [bench.pairs_needed(count) for count in (10, 100, 1000)] == [5, 5, 3]


def test_pairs_default_to_the_rule_and_can_be_asked_for():
    assert bench.parse_args(["--against", "01c6c78"]).pairs is None
    assert bench.parse_args(["--against", "01c6c78", "--pairs", "3"]).pairs == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["--pairs", "3"],
        ["--against", "01c6c78", "--pairs", "0"],
        ["--against", "01c6c78", "--search-only"],
    ],
)
def test_against_options_that_cannot_work_are_refused(argv):
    with pytest.raises(SystemExit) as stopped:
        bench.parse_args(argv)
    assert stopped.value.code != 0


def test_an_unknown_commit_is_refused_by_name(tmp_path):
    with (
        pytest.raises(SystemExit, match="no-such-commit: not a commit"),
        bench.checked_out("no-such-commit", tmp_path),
    ):
        pass


def test_a_tree_without_the_projects_files_cannot_make_the_catalogue(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    with pytest.raises(bench.CannotBuild, match=r"no docs, hooks, overrides, data/roles\.yaml in"):
        bench.make_project(tmp_path / "out", 10, tmp_path)


def test_a_roles_file_without_a_roles_list_cannot_make_the_catalogue(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "roles.yaml").write_text("jobs:\n  - id: a\n")
    with pytest.raises(bench.CannotBuild, match="no top-level 'roles:' list"):
        bench.make_catalogue(10, tmp_path)
