"""Calibration: anchor years reproduce the Budget totals, and shocks move the totals (residuals stay fixed)."""

import numpy as np

from finmodel.model.engine import Shocks, project


def test_anchor_years_reproduce_the_budget_totals(baseline):
    o = project(baseline)
    for k in range(baseline.n_anchor):
        assert abs(o.revenue_hkd_bn[0, k] - baseline.budget_revenue_hkd_bn[k]) < 1e-9
        assert abs(o.expenditure_hkd_bn[0, k] - baseline.budget_expenditure_hkd_bn[k]) < 1e-9


def test_residuals_do_not_absorb_shocks(baseline):
    base = project(baseline)
    shocked = project(baseline, Shocks(capex_factor=1.1, yield_add=0.02))
    # 2026-27 (an anchor year) capital works +10% raises expenditure by exactly 12.8 plus the extra interest.
    extra_interest = shocked.interest_hkd_bn[0, 1] - base.interest_hkd_bn[0, 1]
    assert extra_interest > 0
    np.testing.assert_allclose(shocked.expenditure_hkd_bn[0, 1] - base.expenditure_hkd_bn[0, 1], 12.8 + extra_interest, rtol=1e-12)
    np.testing.assert_allclose(shocked.other_capital_hkd_bn[0, 1], base.other_capital_hkd_bn[0, 1], rtol=0, atol=0)


def test_other_plans_keep_the_central_calibration():
    from finmodel.model.pipeline import load_inputs
    from tests.conftest import INPUTS

    central = load_inputs(INPUTS)
    high = load_inputs(INPUTS, issuance="high")
    np.testing.assert_array_equal(central.other_capital_fixed_hkd_bn, high.other_capital_fixed_hkd_bn)
    np.testing.assert_array_equal(central.unidentified_measures_hkd_bn, high.unidentified_measures_hkd_bn)
    o, base = project(high), project(central)
    assert o.expenditure_hkd_bn[0, 1] == base.expenditure_hkd_bn[0, 1]   # 2026-27 issues the Budget's 160 in every plan
    assert o.expenditure_hkd_bn[0, 2] > base.expenditure_hkd_bn[0, 2]    # then more bonds, more interest


def test_every_scenario_keeps_the_anchor_years_on_the_budget():
    """A scenario is calibrated on itself: 2025-26 and 2026-27 reproduce the Budget's totals, balances and reserves."""
    import yaml

    from finmodel.model.pipeline import load_inputs, run
    from tests.conftest import INPUTS, SEEDS

    seeds = yaml.safe_load((SEEDS / "budget_2026_27.yaml").read_text())
    for scenario in sorted(p.stem for p in (INPUTS / "scenarios").glob("*.yaml")):
        p = run(load_inputs(INPUTS, scenario=scenario)).projection
        for fy, section in (("2025-26", "revised_2025_26"), ("2026-27", "estimate_2026_27")):
            published = seeds[section]
            assert abs(p.loc[fy, "revenue_hkd_bn"] - published["revenue"]["value"]) < 1e-9, (scenario, fy)
            assert abs(p.loc[fy, "expenditure_hkd_bn"] - published["expenditure"]["value"]) < 1e-9, (scenario, fy)
            assert abs(p.loc[fy, "fiscal_reserves_hkd_bn"] - published["fiscal_reserves_end"]["value"]) <= 0.05, (scenario, fy)
