"""Run names: readable, deterministic, file-name safe and one per configuration."""

import itertools
import re

import pytest

from finmodel.report.run_name import options_hash, run_name

BASE = {"inputs": "inputs", "scenario": "baseline", "issuance": "central", "horizon": "2030-31"}
MRF = "2030-31"


def _project(**changes):
    return run_name("project", {**BASE, **changes}, default_horizon=MRF)


@pytest.mark.parametrize("changes, expected", [
    ({}, "baseline"),
    ({"issuance": "high"}, "baseline_high-issuance"),
    ({"horizon": "2050-51"}, "baseline_to-2050-51"),
    ({"scenario": "passive"}, "passive"),
    ({"scenario": "low_land", "issuance": "low", "horizon": "2040-41"}, "low_land_low-issuance_to-2040-41"),
    ({"inputs": "./inputs/"}, "baseline"),
    ({"charts": False, "fail_on_breach": True}, "baseline"),
])
def test_project_names(changes, expected):
    assert _project(**changes) == expected


def test_an_inputs_file_is_named_by_its_file_and_a_hash_of_the_options():
    a = _project(inputs="my_run/edited.xlsx")
    b = _project(inputs="other/edited.xlsx")
    assert re.fullmatch(r"baseline_edited-xlsx_[0-9a-f]{6}", a) and re.fullmatch(r"baseline_edited-xlsx_[0-9a-f]{6}", b)
    assert a != b
    assert a == _project(inputs="my_run//edited.xlsx") == _project(inputs="./my_run/edited.xlsx")
    assert a.endswith(options_hash("project", {**BASE, "inputs": "my_run/edited.xlsx"}))


def test_other_commands_are_prefixed():
    sim = {**BASE, "paths": 100000, "seed": 2026, "method": "ec", "exclude_recalled": False, "parameter_uncertainty": False}
    assert run_name("simulate", sim, MRF) == "simulate_baseline_100000-paths_seed-2026"
    assert run_name("simulate", {**sim, "method": "var", "parameter_uncertainty": True}, MRF) == \
        "simulate_baseline_100000-paths_seed-2026_var-method_parameter-uncertainty"
    solve = {**BASE, "limit_pct": None, "floor_hkd_bn": 500.0, "before": "2032-33"}
    assert run_name("solve", solve, MRF) == "solve_baseline_floor-500bn_before-2032-33"
    assert run_name("compare", {**BASE, "scenarios": ["baseline", "low_land"]}, MRF) == "compare_baseline-vs-low_land"
    first = "2021-22"   # the back-test's default --start: the history's first pool A stock (analysis.backtest.record_start)
    assert run_name("backtest", {"start": "2021-22", "history": "inputs/history"}, first) == "backtest"
    assert run_name("backtest", {"start": "2022-23", "history": "inputs/history"}, first) == "backtest_from-2022-23"
    grid = {**BASE, "gdp_pp": [round(-2 + 0.2 * i, 10) for i in range(21)], "land_pct": [-60.0 + 10 * i for i in range(13)]}
    assert run_name("sensitivity", grid, MRF) == "sensitivity_baseline"
    assert re.fullmatch(r"sensitivity_baseline_gdp-grid_[0-9a-f]{6}", run_name("sensitivity", {**grid, "gdp_pp": [-1.0, 0.0, 1.0]}, MRF))


SCENARIOS = ["baseline", "low_land", "low-land", "low land", "low_land_high", "high", "sensitivity_x", "x_abc123",
             "a" * 60, "a" * 61, "Ünïcode"]


def test_distinct_configurations_get_distinct_names():
    """Over a product of tricky values for every command, no two configurations share a name, and every name is file-safe."""
    names = {}

    def add(command, options, default=MRF):
        key = (command, tuple(sorted((k, str(v)) for k, v in options.items())))
        name = run_name(command, options, default)
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", name), name
        assert name == run_name(command, dict(options), default)           # deterministic
        assert names.setdefault(name, key) == key, (name, key, names[name])

    inputs = ["inputs", "my_run/edited.xlsx", "other/edited.xlsx", "my_inputs"]
    for scenario, inp, plan, horizon in itertools.product(SCENARIOS, inputs, ["central", "high"], ["2030-31", "2050-51"]):
        common = {"inputs": inp, "scenario": scenario, "issuance": plan, "horizon": horizon}
        add("project", common)
        add("solve", {**common, "limit_pct": None, "floor_hkd_bn": None, "before": "2030-31"})
        add("solve", {**common, "limit_pct": 18.5, "floor_hkd_bn": None, "before": "2030-31"})
        add("simulate", {**common, "paths": 1000, "seed": 1, "method": "ec", "exclude_recalled": False,
                         "parameter_uncertainty": False})
        add("sensitivity", {**common, "gdp_pp": [0.0], "land_pct": [0.0]})
    for pair in itertools.permutations(SCENARIOS[:6], 2):
        add("compare", {"inputs": "inputs", "scenarios": list(pair), "issuance": "central", "horizon": "2030-31"})
    for start, history in itertools.product(["2021-22", "2022-23"], ["inputs/history", "old/history", "new/history"]):
        add("backtest", {"start": start, "history": history}, "2021-22")
    assert len(names) > 400
