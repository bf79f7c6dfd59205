"""A second Budget as data only: the 2025-26 Budget's folder (budgets/2025-26) fits and projects with no code change.

A copy of the folder, without its fitted plan, goes through the explicit fit step (`finmodel fit`) and then
`finmodel project`, as an analyst adding a Budget would run them. The fit must write what the folder ships
(so the shipped fitted_plan.yaml is current), every published figure must be met within its stated interval
or its miss reported with its size, and the run must name the 2025-26 Budget and its own years throughout.
The comparison with what happened in 2025-26 (docs/budgets.md) is recomputed from the two folders' runs.
"""

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from finmodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "budgets" / "2025-26"
FIT_DATE = "2026-12-06"
TOL = 0.05 + 1e-9   # a figure published to one decimal place is met within its rounding


@pytest.fixture(scope="module")
def fitted_and_run(tmp_path_factory):
    """(the folder's copy, fit output, project output, summary.json, projection.csv) for one fit and one project run."""
    tmp = tmp_path_factory.mktemp("budget_2025_26")
    inputs = tmp / "2025-26"
    shutil.copytree(FOLDER, inputs)
    (inputs / "fitted_plan.yaml").unlink()
    runner = CliRunner()
    fit = runner.invoke(main, ["fit", "--inputs", str(inputs), "--date", FIT_DATE])
    assert fit.exit_code == 0, fit.output
    out = tmp / "out"
    run = runner.invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert run.exit_code == 0, run.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    projection = pd.read_csv(out / "projection.csv", index_col="fiscal_year")
    return inputs, fit.output, run.output, summary, projection


def _figures(summary) -> dict:
    return {f["key"]: f for f in summary["against_budget"]["figures"]}


def test_the_fit_step_reproduces_the_shipped_fitted_plan(fitted_and_run):
    """The folder's fitted plan is current: the same inputs digests and date, the same paths (to 1e-6, as for inputs/)."""
    inputs, fit_output, *_ = fitted_and_run
    assert "8 of 8 fitted targets met" in fit_output
    new, shipped = (yaml.safe_load((root / "fitted_plan.yaml").read_text(encoding="utf-8")) for root in (inputs, FOLDER))
    assert new["inputs_read"] == shipped["inputs_read"] and new["fitted_on"] == shipped["fitted_on"] == FIT_DATE
    for name, values in shipped["paths"].items():
        np.testing.assert_allclose(list(new["paths"][name].values()), list(values.values()), atol=1e-6, err_msg=name)
    assert list(shipped["paths"]["gross_issuance_hkd_bn"]) == ["2026-27", "2027-28", "2028-29", "2029-30"]


def test_the_years_and_the_budget_come_from_the_folder(fitted_and_run):
    _, _, printed, summary, projection = fitted_and_run
    assert list(projection.index) == ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"]
    assert summary["headline"]["mrf_last_year"] == "2029-30"
    assert "Verdict to 2029-30" in printed
    assert "published figures of the 2025-26 Budget" in printed
    assert "2026-27 Budget" not in printed and "2030-31" not in printed


def test_every_published_figure_is_met_or_its_miss_reported(fitted_and_run):
    """The Budget's own figures, each against the model within the stated tolerance; the one miss is the published
    figures' own rounding: 647.4 at 31 March 2025 less the 67.0 deficit is 580.4, published as 580.3."""
    _, _, printed, summary, projection = fitted_and_run
    f = _figures(summary)
    published = {                        # key: (published, tolerance)
        "revenue_hkd_bn[2025-26]": (659.4, TOL),
        "expenditure_hkd_bn[2025-26]": (822.3, TOL),
        "operating_balance_hkd_bn[2025-26]": (-3.1, TOL),
        "non_operating_balance_hkd_bn[2025-26]": (-159.8, TOL),
        "gross_issuance_hkd_bn[2025-26]": (150.0, TOL),
        "redemptions_hkd_bn[2025-26]": (54.1, TOL),
        "consolidated_balance_hkd_bn[2025-26]": (-67.0, TOL),
        "non_operating_balance_hkd_bn[2029-30]": (-87.6, TOL),
        "fiscal_reserves_hkd_bn[2029-30]": (579.1, TOL),
    }
    for key, (value, tol) in published.items():
        assert f[key]["budget_met"], key
        assert abs(f[key]["budget_model"] - value) <= tol, (key, f[key]["budget_model"], value)
    miss = f["fiscal_reserves_hkd_bn[2025-26]"]
    assert not miss["budget_met"] and miss["budget_model"] == pytest.approx(580.4, abs=1e-9)
    assert "not: Fiscal reserves at 31 March, 2025-26: HK$0.1bn above" in printed
    assert [k for k, r in f.items() if not r["budget_met"]] == ["fiscal_reserves_hkd_bn[2025-26]"]
    # The MRF's statements, read off the projection itself.
    mrf = projection.loc["2026-27":"2029-30"]
    assert (mrf["operating_balance_hkd_bn"] >= -1e-9).all()                          # Operating surplus from 2026-27
    assert (projection.loc["2028-29":"2029-30", "consolidated_balance_hkd_bn"] >= -1e-9).all()  # surplus from 2028-29
    assert mrf["gross_issuance_hkd_bn"].between(150.0, 195.0).all()                   # issuance 150-195 a year
    assert (-mrf["non_operating_balance_hkd_bn"]).between(87.6 - 1e-9, 159.8).all()    # between 159.8 and 87.6
    assert projection["debt_to_gdp_pct"].max() <= 16.5 + TOL                           # the band's top, 16.5%
    assert projection["ceiling_hkd_bn"].tolist() == [500.0, 700.0, 700.0, 700.0, 700.0]
    assert projection["nominal_gdp_hkd_bn"].iloc[0] == 3370.0
    assert projection.loc["2026-27", "nominal_gdp_hkd_bn"] == pytest.approx(3370.0 * 1.029 * 1.025)


def test_the_opening_book_is_the_record_at_31_march_2025(fitted_and_run):
    """The stock is the record's 299.5; the unitemised part is placed to give the Budget's own 54.1 of repayments."""
    inputs, *_ = fitted_and_run
    book = pd.read_csv(inputs / "opening_book.csv")
    fx = {"HKD": 1.0, "USD": 7.85, "RMB": 1.073, "EUR": 9.07}
    hkd = book["face_value_bn"] * book["currency"].map(fx)
    assert hkd.sum() == pytest.approx(299.5, abs=0.05)
    assert book["issue_fy"].max() == "2024-25"           # nothing issued after 31 March 2025


def test_comparison_with_the_outturn_in_the_docs_is_the_runs(fitted_and_run):
    """docs/budgets.md's table: the 2025-26 Budget's 2025-26 (this folder) against the revised estimate (the shipped
    inputs' 2025-26, from the 2026-27 Budget), recomputed from the two runs."""
    import finmodel

    _, _, _, _, projection = fitted_and_run
    plan = projection.loc["2025-26"]
    revised = finmodel.run(finmodel.load_inputs(ROOT / "inputs")).projection.iloc[0]
    table = (ROOT / "docs" / "budgets.md").read_text(encoding="utf-8")
    found = 0
    for m in re.finditer(r"^\| [^|]+? \| `(\w+)` \| (-?[\d.]+) \| (-?[\d.]+) \| ([+-][\d.]+) \|$", table, re.M):
        column, then, later, change = m.group(1), *(float(x) for x in m.groups()[1:])
        assert then == round(float(plan[column]), 1), column
        assert later == round(float(revised[column]), 1), column
        assert change == round(float(revised[column]) - float(plan[column]), 1), column
        found += 1
    assert found >= 10


def test_sensitivity_and_simulate_take_the_folder_with_its_own_history(tmp_path):
    """Every command takes the folder through --inputs; its history/ holds only what was known on 26 February 2025."""
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", "--inputs", str(FOLDER)])
    assert checked.exit_code == 0 and "inputs are valid" in checked.output, checked.output
    sim = runner.invoke(main, ["simulate", "--inputs", str(FOLDER), "--paths", "500", "--no-charts", "--out", str(tmp_path / "s")])
    assert sim.exit_code == 0, sim.output
    assert json.loads((tmp_path / "s" / "summary.json").read_text(encoding="utf-8"))["run"]["n_paths"] == 500
    history = FOLDER / "history"
    assert pd.read_csv(history / "hk_macro.csv")["year"].max() == 2024
    dated = pd.read_csv(history / "hk_borrowing.csv")["date"].dropna()
    assert (dated[dated.str.match(r"^\d{4}-")] <= "2025-02-26").all()
    fiscal = pd.read_csv(history / "hk_fiscal_long.csv")
    assert not ((fiscal["fiscal_year"] == "2025-26") & (fiscal["kind"] != "estimate") & (fiscal["kind"] != "mrf_2025")).any()


def test_the_folder_round_trips_through_an_inputs_workbook(tmp_path):
    """finmodel init writes the folder's optional statements (its stated floors) into the workbook, which runs alike."""
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--inputs", str(FOLDER), "--out", str(tmp_path)]).exit_code == 0
    run = runner.invoke(main, ["project", "--inputs", str(tmp_path / "finmodel_inputs.xlsx"), "--out", str(tmp_path / "o"), "--no-charts"])
    assert run.exit_code == 0, run.output
    assert "Meets 16 of 17 published figures of the 2025-26 Budget" in run.output
