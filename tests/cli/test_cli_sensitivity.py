"""CLI tests for sensitivity, solve and compare through CliRunner, reading the written files back."""

import hashlib
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.analysis.sensitivity.batch import METRICS
from finmodel.analysis.sensitivity.cases import CASE_IDS
from finmodel.cli import main
from tests.conftest import INPUTS
from tests.report.chart_checks import assert_charts_in_style


@pytest.fixture(scope="module")
def sens_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sens")
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


def test_sensitivity_csv_has_every_case_in_order_and_the_baseline_matches_project(sens_out, baseline_results):
    out, text = sens_out
    df = pd.read_csv(out / "sensitivity.csv", index_col="case", keep_default_na=False)
    assert tuple(df.index) == CASE_IDS
    assert set(METRICS) <= set(df.columns)
    h = baseline_results.summary()["headline"]
    for k in ("peak_debt_hkd_bn", "peak_debt_to_gdp_pct", "fiscal_reserves_end_hkd_bn", "min_headroom_hkd_bn"):
        assert float(df.loc["baseline", k]) == pytest.approx(h[k], rel=1e-15)   # CSV holds 16 significant digits
    assert df.loc["baseline", "first_year_above_band"] == (h["first_year_above_band"] or "")   # the one verdict: never
    num = df[["peak_debt_to_gdp_pct", "change_peak_debt_to_gdp_pp"]].astype(float)
    np.testing.assert_allclose(num["change_peak_debt_to_gdp_pp"], num["peak_debt_to_gdp_pct"] - num.loc["baseline", "peak_debt_to_gdp_pct"], atol=1e-12)
    assert "historical_worst" in text and "95% CI" in text
    ranked = [line.split()[0] for line in text.splitlines()[4:4 + len(CASE_IDS)]]   # after the title and 3 header lines
    assert ranked[0] == "baseline" and set(ranked[1:]) == set(CASE_IDS[1:])


def test_grid_land_rules_workbook_and_charts(sens_out):
    out, _ = sens_out  # noqa: F841 (the printed text)
    grid = pd.read_csv(out / "grid_gdp_land.csv", keep_default_na=False)
    assert len(grid) == 4 * 21 * 13 and set(grid["financing_rule"]) == {"risk", "plan", "gap", "borrow"}
    assert set(grid["status"]) <= {"within_band", "above_band", "ceiling_binds"}
    rules = pd.read_csv(out / "land_financing_rules.csv", keep_default_na=False)
    plan = rules[rules["financing_rule"] == "plan"].set_index("case")
    assert float(plan.loc["land_-50pct", "change_fiscal_reserves_end_hkd_bn"]) < 0
    assert float(plan.loc["land_-50pct", "change_debt_end_hkd_bn"]) == 0
    gap = rules[rules["financing_rule"] == "gap"].set_index("case")
    assert float(gap.loc["land_-50pct", "change_gross_issuance_total_hkd_bn"]) > 0
    # every case under the inputs' rule (risk) beside the borrow rule: land -50% reaches the debt only under borrow
    both = pd.read_csv(out / "sensitivity_by_rule.csv", keep_default_na=False)
    assert list(dict.fromkeys(both["financing_rule"])) == ["risk", "borrow"] and len(both) == 2 * len(CASE_IDS)
    land = both[both["case"] == "land_-50pct"].set_index("financing_rule")
    assert float(land.loc["risk", "change_peak_debt_hkd_bn"]) == 0 and float(land.loc["risk", "change_fiscal_reserves_end_hkd_bn"]) < -100
    assert float(land.loc["borrow", "change_peak_debt_hkd_bn"]) > 50 and float(land.loc["borrow", "change_peak_debt_to_gdp_pp"]) > 1.5
    assert "Each case under two rules" in _
    wb = openpyxl.load_workbook(out / "finmodel_sensitivity_baseline.xlsx")
    assert {"Cases", "Land shocks by rule", "Grid, risk rule", "Debt-to-GDP paths"} <= set(wb.sheetnames)
    assert "Projection" not in wb.sheetnames   # the baseline's sheets stay in its own workbook
    ws = wb["Cases"]
    header = [c.value for c in ws[4]]
    sens = pd.read_csv(out / "sensitivity.csv", index_col="case", keep_default_na=False)
    col = header.index("Peak debt-to-GDP (% of GDP)") + 1
    for row in range(5, 5 + len(CASE_IDS)):
        case = ws.cell(row=row, column=1).value
        assert ws.cell(row=row, column=col).value == float(sens.loc[case, "peak_debt_to_gdp_pct"])
        assert ws.cell(row=row, column=col).number_format == "0.00"
    for name in ("tornado", "sensitivity_paths", "grid_heatmap"):
        assert (out / "charts" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert (out / "charts" / f"{name}.svg").exists()
    run_name = json.loads((out / "sensitivity_run.json").read_text())["options"]["run"]
    assert len(assert_charts_in_style(out / "charts", run_name)) == 3
    run = json.loads((out / "sensitivity_run.json").read_text())
    assert run["historical_worst"]["growth_years"] == [2019, 2020, 2021, 2022, 2023]   # one jointly observed episode
    assert run["historical_worst"]["rates_years"][1:] == run["historical_worst"]["growth_years"]
    assert run["buoyancy_estimate"]["n_obs"] == 12 and len(run["input_sha256"]) >= 5
    for table in ("hk_fiscal_long", "hk_land_premium", "hk_macro", "hk_rates_annual"):   # what the worst case and buoyancy read
        digest = hashlib.sha256((INPUTS / "history" / f"{table}.csv").read_bytes()).hexdigest()
        assert run["input_sha256"][f"history/{table}.csv"] == digest


def test_sensitivity_is_byte_reproducible(tmp_path, sens_out):
    out, _ = sens_out
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    for f in sorted(out.rglob("*")):
        if f.is_file():
            assert f.read_bytes() == (tmp_path / f.relative_to(out)).read_bytes(), f.name


def test_custom_ranges_and_bad_ranges(tmp_path):
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(tmp_path), "--no-charts",
                                  "--gdp", "-2:2:0.5", "--land", "-60:60:30"])
    assert r.exit_code == 0, r.output
    assert len(pd.read_csv(tmp_path / "grid_gdp_land.csv")) == 4 * 9 * 5
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(tmp_path), "--gdp", "2:-2:0.5"])
    assert r.exit_code == 2 and "stop must not be below start" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(tmp_path), "--land", "-200:0:50"])
    assert r.exit_code == 2 and "between -100 and 1000" in r.output


def test_solve_prints_answers_with_paths_and_writes_them(tmp_path):
    r = CliRunner().invoke(main, ["solve", "--inputs", str(INPUTS), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    res = json.loads((tmp_path / "solve.json").read_text())["answers"]
    assert abs(res["max_constant_issuance"]["residual"]) < 1e-6
    # one financing rule for every question (the inputs' own, risk), named in every answer and the run record
    assert {v["financing_rule"] for v in res.values()} == {"risk"}
    assert json.loads((tmp_path / "solve.json").read_text())["run"]["financing_rule"] == "risk"
    assert "Every question under the risk financing rule" in r.output
    paths = pd.read_csv(tmp_path / "solve_paths.csv")
    iss = paths[paths["question"] == "max_constant_issuance"]
    assert iss.debt_to_gdp_pct.max() == pytest.approx(19.95, abs=1e-6)   # the band's top + its published rounding
    assert f"Answer: HK${res['max_constant_issuance']['value']:.1f}bn a year" in r.output and "2030-31" in r.output
    assert "Every question under the risk financing rule" in r.output
    assert "  2025-26       155.0      17.5       n/a" in r.output   # growth has no value in the opening year
    assert f"{res['max_constant_issuance']['value']:.4f}" not in r.output   # shown at the unit's precision, not the solver's
    r = CliRunner().invoke(main, ["solve", "--inputs", str(INPUTS), "--out", str(tmp_path), "--limit", "-3"])
    assert r.exit_code == 2 and "--limit" in r.output


def test_compare_side_by_side(tmp_path):
    r = CliRunner().invoke(main, ["compare", "baseline", "high_issuance", "gap_rule", "--inputs", str(INPUTS),
                                  "--out", str(tmp_path), "--no-charts"])
    assert r.exit_code == 0, r.output
    head = pd.read_csv(tmp_path / "compare_headline.csv", index_col="item")
    assert list(head.columns) == ["baseline", "high_issuance", "gap_rule"]
    assert head.loc["first_year_ceiling_binds", "high_issuance"] == "2030-31"
    assert head.loc["financing_rule", "gap_rule"] == "gap"
    paths = pd.read_csv(tmp_path / "compare_paths.csv", index_col=["variable", "fiscal_year"])
    assert paths.loc[("gross_issuance_hkd_bn", "2026-27"), "high_issuance"] == 160.0   # the Budget's estimate
    assert paths.loc[("gross_issuance_hkd_bn", "2027-28"), "high_issuance"] == 220.0
    r = CliRunner().invoke(main, ["compare", "baseline", "nosuch", "--inputs", str(INPUTS), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "no such scenario" in r.output


@pytest.mark.parametrize("name", ["low_land", "high_issuance", "rates_up", "gap_rule"])
def test_example_scenarios_validate_and_carry_provenance(name):
    text = (INPUTS / "scenarios" / f"{name}.yaml").read_text()
    assert text.startswith("# Scenario:") and "Provenance:" in text and "source:" in text
    r = CliRunner().invoke(main, ["validate", "--inputs", str(INPUTS), "--scenario", name])
    assert r.exit_code == 0 and "0 warning(s)" in r.output, r.output


def test_the_documentation_names_every_case_and_command():
    doc = (INPUTS.parent / "docs" / "sensitivity.md").read_text()
    for case in CASE_IDS:
        assert f"`{case}`" in doc or f"`{case}`," in doc, case
    for cmd in ("finmodel sensitivity", "finmodel solve", "finmodel compare"):
        assert cmd in doc


def test_solve_runs_every_question_under_the_rule_asked_for(tmp_path):
    r = CliRunner().invoke(main, ["solve", "--inputs", str(INPUTS), "--out", str(tmp_path), "--financing-rule", "gap"])
    assert r.exit_code == 0, r.output
    written = json.loads((tmp_path / "solve.json").read_text())
    assert {v["financing_rule"] for v in written["answers"].values()} == {"gap"}
    assert written["run"]["financing_rule"] == "gap" and written["run"]["options"]["financing_rule"] == "gap"
    assert all(v["note"] == "" or "gap rule" in v["note"] or v["value"] is None for v in written["answers"].values())


def test_solve_offers_every_financing_rule_of_the_engine():
    from finmodel.cli import solve
    from finmodel.model import financing

    assert solve.RULES == financing.RULES
