"""`finmodel diff RUN_A RUN_B`: two runs of one configuration from different inputs, what changed and by how much."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS

GROWTH = '"2027-28": 3.0, "2028-29"'


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run A on the shipped inputs, run B with 2027-28 real growth at 2.5% instead of 3.0%, then the diff."""
    tmp = tmp_path_factory.mktemp("diff")
    inputs = tmp / "inputs"
    shutil.copytree(INPUTS, inputs)
    assert run("project", "--inputs", inputs, "--no-charts", "--out", tmp / "a").exit_code == 0
    macro = inputs / "macro.yaml"
    macro.write_text(macro.read_text().replace(GROWTH, GROWTH.replace("3.0", "2.5", 1)))
    assert run("project", "--inputs", inputs, "--no-charts", "--out", tmp / "b").exit_code == 0
    result = run("diff", tmp / "a", tmp / "b", "--out", tmp / "d")
    assert result.exit_code == 0, result.output
    return tmp, inputs, result.output


def test_the_input_that_changed_and_its_line(runs):
    tmp, _, output = runs
    inputs = pd.read_csv(tmp / "d" / "diff_inputs.csv").set_index("file")
    assert inputs.loc["macro.yaml", "status"] == "changed"
    assert (inputs.drop("macro.yaml")["status"] == "same").all()
    lines = pd.read_csv(tmp / "d" / "diff_input_lines.csv")
    assert list(lines["change"]) == ["removed", "added"]
    assert "3.0" in lines["text"][0] and "2.5" in lines["text"][1] and lines["line_a"][0] == lines["line_b"][1]
    assert "Inputs: 1 of" in output and "macro.yaml (1 line(s) removed, 1 added)" in output


def test_the_figures_and_paths_moved_by_the_runs_own_difference(runs):
    tmp, _, _ = runs
    a, b = (json.loads((tmp / r / "summary.json").read_text()) for r in ("a", "b"))
    figures = pd.read_csv(tmp / "d" / "diff_figures.csv").set_index("figure")
    key = "headline.fiscal_reserves_end_hkd_bn"
    assert figures.loc[key, "change"] == pytest.approx(b["headline"]["fiscal_reserves_end_hkd_bn"] - a["headline"]["fiscal_reserves_end_hkd_bn"])
    assert figures.loc[key, "change"] < 0   # slower growth, less revenue, lower reserves
    paths = pd.read_csv(tmp / "d" / "diff_paths.csv")
    pa, pb = (pd.read_csv(tmp / r / "projection.csv", index_col=0) for r in ("a", "b"))
    moved = paths[(paths["file"] == "projection.csv") & (paths["column"] == "nominal_gdp_hkd_bn")].set_index("row")
    expected = (pb["nominal_gdp_hkd_bn"] - pa["nominal_gdp_hkd_bn"])
    expected = expected[expected.abs() > 1e-9]
    assert list(moved.index) == list(expected.index) and moved["change"].to_numpy() == pytest.approx(expected.to_numpy())
    record = json.loads((tmp / "d" / "diff.json").read_text())
    assert record["same_configuration"] is True and record["counts"]["inputs_changed"] == 1
    assert record["run"]["manifest"] == sorted(p.name for p in (tmp / "d").iterdir())


def test_a_version_no_longer_on_disk_is_named_by_its_hashes(runs):
    tmp, inputs, _ = runs
    macro = inputs / "macro.yaml"
    macro.write_text(macro.read_text().replace(GROWTH.replace("3.0", "2.5", 1), GROWTH.replace("3.0", "2.0", 1)))
    assert run("project", "--inputs", inputs, "--no-charts", "--out", tmp / "c").exit_code == 0
    result = run("diff", tmp / "b", tmp / "c", "--out", tmp / "e")
    assert result.exit_code == 0, result.output
    row = pd.read_csv(tmp / "e" / "diff_inputs.csv").set_index("file").loc["macro.yaml"]
    assert row["status"] == "changed" and not row["lines_shown"] and "no longer on disk" in row["note"]
    assert "macro.yaml (changed; its lines are not on disk)" in result.output


def test_a_folder_that_is_not_a_run_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    result = run("diff", tmp_path / "x", tmp_path / "y")
    assert result.exit_code == 2
    assert "RUN_A" in result.output and "holds no run record" in result.output
    assert "RUN_B" not in result.output or "not found" in result.output
