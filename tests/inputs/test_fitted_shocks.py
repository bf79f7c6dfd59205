"""inputs/fitted_shocks.yaml as read: every malformed field is an InputError naming the file, the field, the value and
what is allowed; a well-formed file is read as written (`finmodel.inputs.fitted_shocks`)."""

import os

import pytest

from finmodel.inputs import fitted_shocks
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS

SHIPPED = (INPUTS / "fitted_shocks.yaml").read_text(encoding="utf-8")
FIRST_ROW = "    - [0.5, 50.0, 28.571428571428573, 9.090909090909092, 0.0]\n"
GRID_RULE = "the 80% and 50% coverage at 5 years and the same at 1 year, each 0 to 100 (.nan: none)"


def _problems(root, text) -> list:
    (root / "fitted_shocks.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        fitted_shocks.read(root)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("old, new, field, allowed", [
    ("  scale: 1.3\n", "  scale: 99\n", "calibration.scale = 99", "one of the scales tried (the grid's first column)"),
    ("  scale: 1.3\n", "  scale: .nan\n", "calibration.scale = nan", "a positive number"),
    ("  paths: 4000\n  admissible", "  paths: -5\n  admissible", "calibration.paths = -5", "a whole number of paths, at least 1"),
    (FIRST_ROW, "    - [true, 50.0, 28.5, 9.0, 0.0]\n", "calibration.grid[0] = [True, 50.0, 28.5, 9.0, 0.0]", GRID_RULE),
    (FIRST_ROW, "    - [0.5, .inf, 28.5, 9.0, 0.0]\n", "calibration.grid[0] = [0.5, inf, 28.5, 9.0, 0.0]", GRID_RULE),
    (FIRST_ROW, "    - [0.5, -50.0, 28.5, 9.0, 0.0]\n", "calibration.grid[0] = [0.5, -50.0, 28.5, 9.0, 0.0]", GRID_RULE),
    (FIRST_ROW, "    - [0.5, 150.0, 28.5, 9.0, 0.0]\n", "calibration.grid[0] = [0.5, 150.0, 28.5, 9.0, 0.0]", GRID_RULE),
    (FIRST_ROW, "", "calibration.grid = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, ... (50 items)]",
     "one row for each scale of key.scales, in that order"),
    ("  admissible_1y: [2.2,", "  admissible_1y: [2.21,", "calibration.admissible_1y = [2.21, 2.25, 2.3, 2.35, 2.4]",
     "scales tried (the grid's first column)"),
    ('fitted_on: "2026-12-06"', 'fitted_on: "yesterday"', "fitted_on = 'yesterday'", "a date as YYYY-MM-DD"),
    ("  scale: 1.3\n", "  scale: 1.3\n  applied: false\n", "calibration.applied",
     "unknown field; allowed: scale, winner, explanation, paths, admissible_5y, admissible_1y, grid"),
])
def test_a_malformed_field_is_named_with_its_value_and_what_is_allowed(tmp_path, old, new, field, allowed):
    assert old in SHIPPED
    problems = _problems(tmp_path, SHIPPED.replace(old, new, 1))
    assert any(p.startswith(f"{tmp_path / 'fitted_shocks.yaml'}: {field}") and allowed in p for p in problems), problems


def test_an_empty_grid_is_refused(tmp_path):
    problems = _problems(tmp_path, SHIPPED.split("  grid:")[0] + "  grid: []\n")
    assert problems == [f"{tmp_path / 'fitted_shocks.yaml'}: calibration.grid = []: a list of rows of 5 numbers, one per scale tried"]


def test_many_bad_rows_are_reported_five_then_counted_and_a_long_value_is_shortened(tmp_path):
    head = SHIPPED.split("  grid:")[0]
    problems = _problems(tmp_path, head + "  grid:\n" + "    - [x]\n" * 3000)
    assert len(problems) == 6 and problems[-1].endswith("calibration.grid = 2,995 more rows like these: as above")
    row = "[" + ", ".join(["0.5"] * 20000) + "]"
    (long,) = _problems(tmp_path, head + f"  grid:\n    - {row}\n")
    assert long.endswith(f"... (20,000 items)]: 5 numbers: a positive scale, then {GRID_RULE}") and len(long) < 400


def test_a_symbolic_link_to_nothing_is_a_problem_not_a_missing_file(tmp_path):
    os.symlink(tmp_path / "elsewhere.yaml", tmp_path / "fitted_shocks.yaml")
    with pytest.raises(InputError, match="fitted_shocks.yaml: file not found"):
        fitted_shocks.read(tmp_path)
    (tmp_path / "fitted_shocks.yaml").unlink()
    assert fitted_shocks.read(tmp_path) is None   # no file at all: the run fits the scale itself


def test_the_shipped_file_reads_back_as_written():
    stored = fitted_shocks.read(INPUTS)
    assert stored.fitted_on == "2026-12-06" and stored.calibration["scale"] == 1.3
    assert [row[0] for row in stored.calibration["grid"]] == stored.key["scales"]


def test_every_folder_of_hashed_inputs_is_checked_out_byte_for_byte():
    """No line-ending conversion on checkout for any inputs folder: a Windows clone of the installed copy with CRLF
    would miss its own fitted_shocks.yaml key (every run refitting) and its SHIPPED_SHA256 vintage."""
    from tests.conftest import ROOT

    rules = {line.strip() for line in (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()}
    assert {"inputs/** -text", "finmodel/data/inputs/** -text", "budgets/** -text"} <= rules


def test_validate_checks_the_stored_scale_of_a_folder_and_the_file_alone(tmp_path):
    """finmodel validate said 'inputs are valid' for a folder whose fitted_shocks.yaml simulate then refused, and called
    the file alone 'not an input file name'."""
    import shutil

    from finmodel.inputs.load import check

    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("__pycache__"))
    assert check(root / "fitted_shocks.yaml") == ()
    (root / "fitted_shocks.yaml").write_text(SHIPPED.replace("  scale: 1.3\n", "  scale: 99\n"), encoding="utf-8")
    problem = f"{root / 'fitted_shocks.yaml'}: calibration.scale = 99: one of the scales tried (the grid's first column)"
    for path in (root, root / "fitted_shocks.yaml"):
        with pytest.raises(InputError) as err:
            check(path)
        assert [str(p) for p in err.value.problems] == [problem]
