"""The Budget baseline: every published figure of the 2026-27 Budget (read from seeds/, never typed here) is met,
the current-policy view differs only through the unidentified measures, and the fit behaves."""

from dataclasses import replace

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.model import budget_plan
from finmodel.model.engine import project
from finmodel.model.engine_result import field_names
from finmodel.model.fitted import refit
from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS, SEEDS

ROUNDING = 0.05  # a figure published to one decimal place is met within its rounding


@pytest.fixture(scope="module")
def seeds():
    return yaml.safe_load((SEEDS / "budget_2026_27.yaml").read_text())


@pytest.fixture(scope="module")
def projection(baseline_results):
    return baseline_results.projection


def _value(entry):
    return entry["value"]


def test_the_anchor_years_reproduce_every_published_flow(projection, seeds):
    p = projection
    for fy, section in (("2025-26", "revised_2025_26"), ("2026-27", "estimate_2026_27")):
        s = seeds[section]
        for column, key in (("revenue_hkd_bn", "revenue"), ("expenditure_hkd_bn", "expenditure"),
                            ("gross_issuance_hkd_bn", "bond_proceeds"), ("redemptions_hkd_bn", "repayments"),
                            ("consolidated_balance_hkd_bn", "consolidated_balance"), ("fiscal_reserves_hkd_bn", "fiscal_reserves_end")):
            assert abs(p.loc[fy, column] - _value(s[key])) <= ROUNDING, (fy, column)
    acc = seeds["accounts_2025_26"]
    for column, key in (("operating_revenue_hkd_bn", "operating_revenue"), ("operating_expenditure_hkd_bn", "operating_expenditure"),
                        ("operating_balance_hkd_bn", "operating_balance"), ("non_operating_revenue_hkd_bn", "non_operating_revenue"),
                        ("non_operating_expenditure_hkd_bn", "non_operating_expenditure"),
                        ("non_operating_balance_hkd_bn", "non_operating_balance")):
        assert abs(p.loc["2025-26", column] - _value(acc[key])) <= ROUNDING, column
    acc = seeds["accounts_2026_27"]
    for column, key in (("operating_balance_hkd_bn", "operating_balance"), ("non_operating_balance_hkd_bn", "non_operating_balance"),
                        ("non_recurrent_expenditure_hkd_bn", "non_recurrent_expenditure")):
        assert abs(p.loc["2026-27", column] - _value(acc[key])) <= ROUNDING, column


def test_the_medium_range_forecast_meets_every_published_target(projection, seeds):
    p = projection
    mrf = seeds["mrf_2026_27_to_2030_31"]
    plan_years = ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]
    ratio = seeds["debt_to_gdp_pct"]
    tol = _value(ratio["tolerance_pp"])
    assert abs(p.loc["2026-27", "debt_to_gdp_pct"] - _value(ratio["fy_2026_27"])) <= tol
    assert abs(p.loc["2030-31", "debt_to_gdp_pct"] - _value(ratio["fy_2030_31"])) <= tol
    assert (p.loc[plan_years, "debt_to_gdp_pct"] <= _value(ratio["fy_2030_31"]) + tol + 1e-9).all()
    assert p.loc["2026-27", "gross_issuance_hkd_bn"] == _value(seeds["estimate_2026_27"]["bond_proceeds"])
    assert p.loc[plan_years, "gross_issuance_hkd_bn"].between(_value(mrf["issuance_min"]), _value(mrf["issuance_max"])).all()
    assert (p.loc[plan_years, "operating_balance_hkd_bn"] > 0).all()
    deficit = -p.loc[plan_years, "non_operating_balance_hkd_bn"]
    assert deficit.between(_value(mrf["non_operating_deficit_min"]) - 1e-6, _value(mrf["non_operating_deficit_max"]) + 1e-6).all()
    reserves = p.loc[["2025-26"] + plan_years, "fiscal_reserves_hkd_bn"].to_numpy()
    assert reserves[-1] > _value(seeds["mrf_2030_31"]["fiscal_reserves_end_above"])
    assert (np.diff(reserves[1:]) >= -1e-6).all()                               # rising gradually, never falling
    share = p.loc[plan_years, "redemptions_hkd_bn"].sum() / p.loc[plan_years, "gross_issuance_hkd_bn"].sum()
    assert 0.4 <= share <= 0.6                                                    # "about half" refinances
    other_funds = p.loc["2026-27", "non_operating_expenditure_hkd_bn"] - _value(mrf["cwrf_expenditure_2026_27"])
    cwrf = p.loc[plan_years[1:], "non_operating_expenditure_hkd_bn"].mean() - other_funds
    assert cwrf == pytest.approx(_value(mrf["cwrf_expenditure_average_2027_28_to_2030_31"]), rel=0.05)


def test_every_target_in_the_run_record_is_met_and_sourced(baseline_results):
    rows = baseline_results.against_budget()
    assert len(rows) >= 30
    assert all(r["budget_met"] for r in rows), [r["figure"] for r in rows if not r["budget_met"]]
    assert all(r["source"] for r in rows)
    summary = baseline_results.summary()["against_budget"]
    assert summary["summary"]["met"] == summary["summary"]["total"] == len(rows)
    assert summary["summary"]["fit"]["converged"]


def test_the_current_policy_view_differs_only_through_the_unidentified_measures(baseline):
    passive = load_inputs(INPUTS, scenario="passive")
    for field in baseline.__dataclass_fields__:
        if field in ("unidentified_measures_hkd_bn", "budget_plan", "provenance", "input_hashes", "fitted_plan"):
            continue
        x, y = getattr(baseline, field), getattr(passive, field)
        if isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y, err_msg=field)
        elif isinstance(x, dict) and field == "plans":
            for k in x:
                np.testing.assert_array_equal(x[k], y[k], err_msg=f"plans.{k}")
        elif field not in ("book", "mix", "peers"):
            assert x == y, field
    assert baseline.unidentified_measures_hkd_bn[2:5].min() > 0 and not passive.unidentified_measures_hkd_bn.any()
    a, b = project(baseline), project(passive)
    same = replace(baseline, unidentified_measures_hkd_bn=np.zeros(baseline.n_years))
    for key, value in project(same).select(field_names()).items():
        np.testing.assert_array_equal(value, getattr(b, key), err_msg=key)
    # What the measures move: spending, the balances, reserves and what follows from reserves; not debt under the plan rule.
    np.testing.assert_array_equal(a.debt_hkd_bn, b.debt_hkd_bn)
    np.testing.assert_array_equal(a.revenue_hkd_bn[:, :3], b.revenue_hkd_bn[:, :3])
    assert (a.fiscal_reserves_hkd_bn[0, 2:] > b.fiscal_reserves_hkd_bn[0, 2:]).all()


def test_the_fit_solves_the_quadratic_programme_on_the_affine_response(baseline, raw_baseline):
    """Feasible targets: SLSQP on the engine's affine response, 7 engine runs and a check; another scipy method
    (trust-constr) on the same programme finds the same parameters to within 1e-4 (HK$ bn, HK$ bn a year)."""
    from scipy.optimize import LinearConstraint, minimize

    assert baseline.fit["converged"] and "SLSQP" in baseline.fit["message"]
    assert baseline.fit["evaluations"] <= 10
    from finmodel.model.pipeline import calibrate

    raw = raw_baseline   # the programme budget_baseline solves, built again
    a = calibrate(replace(raw, issuance_plan_hkd_bn=raw.plans["central"], plan_name="central", financing_rule="plan"))
    problem = budget_plan._Problem(a, budget_plan.fit_years(a))
    theta0 = problem.start.astype(float)
    (R, q), (A, e0), (G, g0) = [budget_plan._affine(fn, theta0)
                                for fn in (problem.residuals, problem.equalities, problem.inequalities)]
    res = minimize(lambda x: float(np.sum((R @ x + q) ** 2)), theta0, jac=lambda x: 2.0 * R.T @ (R @ x + q),
                   hess=lambda x: 2.0 * R.T @ R, method="trust-constr",
                   constraints=[LinearConstraint(A, -e0, -e0), LinearConstraint(G, -g0, np.inf)],
                   options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000})
    fitted = np.array([baseline.fit["parameters"][k] for k in budget_plan.PARAMETERS])
    np.testing.assert_allclose(fitted, res.x, atol=1e-4)


def test_the_fit_is_deterministic(baseline):
    first = refit(load_inputs(INPUTS))
    second = refit(load_inputs(INPUTS))
    assert first.fit == second.fit
    np.testing.assert_array_equal(first.issuance_plan_hkd_bn, second.issuance_plan_hkd_bn)
    # The shipped paths were written by `finmodel fit` (whose entry point starts OpenBLAS with one thread); a refit in
    # another process may differ in the last bits of a dot product's order of summation, not more.
    for key, value in baseline.fit["parameters"].items():
        assert first.fit["parameters"][key] == pytest.approx(value, rel=1e-12, abs=1e-9), key


def _refit(a, **plan_changes):
    """The Budget baseline refitted with some published targets changed."""
    return refit(replace(a, budget_plan=replace(a.budget_plan, **plan_changes)))


@pytest.fixture(scope="module")
def raw_baseline():
    from finmodel.inputs.load import load_assumptions

    return load_assumptions(INPUTS)[0]


@settings(max_examples=8, deadline=None)
@given(reserves=st.floats(-3.0, 3.0), ratio=st.floats(-0.03, 0.03))
def test_small_changes_to_a_target_move_the_fitted_paths_smoothly(raw_baseline, reserves, ratio):
    """The fitted parameters are a smooth function of the targets: a change of d moves them by at most a few times d."""
    base = refit(raw_baseline)
    debt_to_gdp = raw_baseline.budget_plan.debt_to_gdp_pct.copy()
    debt_to_gdp[-1] += ratio
    moved = _refit(raw_baseline, reserves_end_min_hkd_bn=raw_baseline.budget_plan.reserves_end_min_hkd_bn + reserves,
                   debt_to_gdp_pct=debt_to_gdp)
    assert moved.fit["converged"]
    step = max(abs(reserves), 40.0 * abs(ratio))                                 # 0.01pp of GDP is about HK$0.4bn
    for name, value in base.fit["parameters"].items():
        assert abs(moved.fit["parameters"][name] - value) <= 5.0 * step + 1e-3, name


@pytest.mark.parametrize("change, key", [
    ({"issuance_max_hkd_bn": 150.0, "issuance_min_hkd_bn": 100.0}, "gross_issuance_hkd_bn[min]"),
    ({"refinancing_share_min_pct": 90.0, "refinancing_share_max_pct": 95.0}, "refinancing_share_pct"),
])
def test_a_target_that_cannot_be_met_is_reported_and_the_run_goes_on(raw_baseline, change, key):
    fitted = _refit(raw_baseline, **change)
    res = run(fitted)
    rows = {r["key"]: r for r in budget_plan.evaluate(fitted, res.arrays)}
    assert not rows[key]["met"] and rows[key]["difference"] != 0
    assert not fitted.fit["converged"] and "cannot all be met" in fitted.fit["message"]
    assert np.isfinite(res.projection.debt_hkd_bn).all()
