"""Scenarios from any path, stacked: `--scenario NAME_OR_PATH`, repeated, applied in order; a conflict is an error
naming both files and lines unless --later-wins; the run name and the record list every scenario file.

Each CLI test runs in an empty working folder outside inputs/ (so the installed copy of the inputs is read), with a
scenario file of its own under my_run/.
"""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.inputs.scenarios import Stack, key_lines, stack_of
from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS

FLAT_LAND = """\
title: Flat land premium
description: Land premium held at 0.8% of GDP.
source: analyst's test scenario

land_premium_pct_gdp:
  values: {"2027-28": 0.8, "2028-29": 0.8, "2029-30": 0.8, "2030-31": 0.8}
  extrapolate: hold_last
  assumption: true
  source: analyst's test scenario
"""


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """An empty working folder (no inputs/) with my_run/flat_land.yaml."""
    (tmp_path / "my_run").mkdir()
    (tmp_path / "my_run" / "flat_land.yaml").write_text(FLAT_LAND, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _debt(a):
    """Debt, interest and reserves by year (HK$ bn): land premium moves reserves, yields move interest."""
    return run(a).projection[["debt_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn"]].to_numpy()


def test_stacking_two_scenarios_applies_both_overrides(tmp_path):
    """low_land then rates_up gives the same numbers as one file holding both files' inputs."""
    both = tmp_path / "both.yaml"
    both.write_text((INPUTS / "scenarios" / "low_land.yaml").read_text(encoding="utf-8") + "\n"
                    + "\n".join(line for line in (INPUTS / "scenarios" / "rates_up.yaml").read_text(encoding="utf-8").splitlines()
                                if not line.startswith(("title:", "description:", "source:"))), encoding="utf-8")
    stacked = load_inputs(INPUTS, scenario=["low_land", "rates_up"])
    assert np.array_equal(_debt(stacked), _debt(load_inputs(INPUTS, scenario=both)))
    for alone in ("low_land", "rates_up"):
        assert not np.allclose(_debt(stacked), _debt(load_inputs(INPUTS, scenario=alone)))
    assert np.array_equal(_debt(stacked), _debt(load_inputs(INPUTS, scenario="low_land+rates_up")))


def test_a_path_into_the_scenarios_folder_is_that_scenario_by_name():
    a = load_inputs(INPUTS, scenario=str(INPUTS / "scenarios" / "low_land.yaml"))
    assert np.array_equal(_debt(a), _debt(load_inputs(INPUTS, scenario="low_land")))
    assert list(a.input_hashes)[-1] == str(INPUTS / "scenarios" / "low_land.yaml")


def test_a_conflict_names_both_files_and_lines(elsewhere):
    with pytest.raises(InputError) as err:
        load_inputs(INPUTS, scenario=["low_land", "my_run/flat_land.yaml"])
    text = str(err.value)
    low_land_line = key_lines(INPUTS / "scenarios" / "low_land.yaml")["land_premium_pct_gdp"]
    assert f"my_run/flat_land.yaml:5: land_premium_pct_gdp: also set by {INPUTS / 'scenarios' / 'low_land.yaml'}:{low_land_line}" in text
    assert "--later-wins" in text


def test_later_wins_takes_the_later_files_value_and_says_so(elsewhere):
    a = load_inputs(INPUTS, scenario=Stack(("low_land", "my_run/flat_land.yaml"), later_wins=True))
    assert np.array_equal(_debt(a), _debt(load_inputs(INPUTS, scenario="my_run/flat_land.yaml")))
    reversed_ = load_inputs(INPUTS, scenario=Stack(("my_run/flat_land.yaml", "low_land"), later_wins=True))
    assert np.array_equal(_debt(reversed_), _debt(load_inputs(INPUTS, scenario="low_land")))
    assert [w.where for w in a.warnings if "later scenario wins" in w.allowed] == ["my_run/flat_land.yaml:5"]


@pytest.mark.parametrize("given, expected", [
    (None, ()), ("baseline", ()), ("a+b", ("a", "b")), (["a", "baseline", "my/c.yaml"], ("a", "my/c.yaml")),
])
def test_stack_of(given, expected):
    assert stack_of(given).specs == expected


def test_missing_and_repeated_scenarios_are_clear(elsewhere):
    with pytest.raises(InputError) as err:
        load_inputs(INPUTS, scenario=["flat_land", "my_run/nowhere.yaml", "low_land", "low_land"])
    text = str(err.value)
    assert "no such scenario in" in text and "e.g. --scenario my_run/flat_land.yaml" in text
    assert f"no such file (looked for {elsewhere / 'my_run' / 'nowhere.yaml'})" in text
    assert "given twice (first as 'low_land')" in text


def test_stacked_run_from_a_folder_outside_inputs(elsewhere):
    """Run name, record (every scenario file and its hash, in order), numbers: all of the stack."""
    r = CliRunner().invoke(main, ["project", "--no-charts", "--scenario", "rates_up", "--scenario", "my_run/flat_land.yaml"])
    assert r.exit_code == 0, r.output
    folders = [p.name for p in (elsewhere / "outputs").iterdir() if not p.name.startswith(".")]
    assert len(folders) == 1 and folders[0].startswith("rates_up+flat_land_"), folders
    out = elsewhere / "outputs" / folders[0]
    options = json.loads((out / "summary.json").read_text(encoding="utf-8"))["run"]["options"]
    assert options["scenario"] == "rates_up+my_run/flat_land.yaml" and options["inputs_from"] == "installed copy"
    assert [f["path"] for f in options["scenario_files"]][1] == "my_run/flat_land.yaml"
    assert options["scenario_files"][0]["path"].endswith("scenarios/rates_up.yaml")
    for f in options["scenario_files"]:
        assert f["sha256"] == hashlib.sha256((elsewhere / f["path"]).read_bytes()).hexdigest()
    debt = pd.read_csv(out / "projection.csv")[["debt_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn"]].to_numpy()
    expected = _debt(load_inputs(INPUTS, scenario=["rates_up", elsewhere / "my_run" / "flat_land.yaml"]))
    assert np.allclose(debt, expected, rtol=1e-9)
    assert f"Run {folders[0]}: scenario rates_up+my_run/flat_land.yaml" in r.output


def test_conflict_on_the_command_line_exits_2_and_later_wins_runs(elsewhere):
    r = CliRunner().invoke(main, ["validate", "--scenario", "low_land", "--scenario", "my_run/flat_land.yaml"])
    assert r.exit_code == 2 and "also set by" in r.output and "my_run/flat_land.yaml:5" in r.output
    r = CliRunner().invoke(main, ["validate", "--scenario", "low_land", "--scenario", "my_run/flat_land.yaml", "--later-wins"])
    assert r.exit_code == 0, r.output


def test_compare_takes_paths_and_stacks(elsewhere):
    r = CliRunner().invoke(main, ["compare", "baseline", "low_land+rates_up", "my_run/flat_land.yaml", "--no-charts"])
    assert r.exit_code == 0, r.output
    folders = [p.name for p in (elsewhere / "outputs").iterdir() if not p.name.startswith(".")]
    assert len(folders) == 1 and folders[0].startswith("compare_baseline-vs-low_land+rates_up-vs-flat_land_"), folders


def test_a_path_scenario_overlays_an_inputs_workbook(elsewhere):
    """A workbook from finmodel init has no scenarios/ folder: a scenario is given by path, and gives the same numbers
    as over the folder the workbook was written from; a name says how to give a path instead."""
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", "wb"])
    assert r.exit_code == 0, r.output
    over_book = load_inputs(elsewhere / "wb" / "finmodel_inputs.xlsx", scenario="my_run/flat_land.yaml")
    assert np.allclose(_debt(over_book), _debt(load_inputs(INPUTS, scenario="my_run/flat_land.yaml")), rtol=1e-12)
    with pytest.raises(InputError, match="over an inputs workbook give the scenario file's path"):
        load_inputs(elsewhere / "wb" / "finmodel_inputs.xlsx", scenario="low_land")


def test_run_names_of_stacks_and_paths():
    from finmodel.report.run_name import run_name

    def name(scenario, **extra):
        return run_name("project", {"inputs": "inputs", "scenario": scenario, "issuance": "central", "horizon": "2030-31",
                                    **extra}, "2030-31")

    assert name("low_land+rates_up") == "low_land+rates_up"   # plain names: exact, no hash
    assert name("low_land+rates_up", later_wins=False) == "low_land+rates_up"
    assert name("my_run/flat_land.yaml").startswith("flat_land_") and len(name("my_run/flat_land.yaml")) == len("flat_land_") + 6
    assert name("./my_run/flat_land.yaml") == name("my_run/flat_land.yaml")
    assert name("other/flat_land.yaml") != name("my_run/flat_land.yaml")
    assert name("low_land+my_run/flat_land.yaml") != name("my_run/flat_land.yaml+low_land")   # the order is the configuration
    assert name("low_land+rates_up", later_wins=True) == name("low_land+rates_up")   # no token: a conflict without it is refused
