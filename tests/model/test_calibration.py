"""Calibration: anchor years reproduce the Budget totals, and shocks move the totals (residuals stay fixed)."""

import numpy as np

from finmodel.model.engine import Shocks, project


def test_anchor_years_reproduce_the_budget_totals(baseline):
    o = project(baseline)
    for k in range(baseline.n_anchor):
        assert abs(o["revenue_hkd_bn"][0, k] - baseline.budget_revenue_hkd_bn[k]) < 1e-9
        assert abs(o["expenditure_hkd_bn"][0, k] - baseline.budget_expenditure_hkd_bn[k]) < 1e-9


def test_residuals_do_not_absorb_shocks(baseline):
    base = project(baseline)
    shocked = project(baseline, Shocks(capex_factor=1.1, yield_add=0.02))
    # 2026-27 (an anchor year) capital works +10% raises expenditure by exactly 12.8 plus the extra interest.
    extra_interest = shocked["interest_hkd_bn"][0, 1] - base["interest_hkd_bn"][0, 1]
    assert extra_interest > 0
    np.testing.assert_allclose(shocked["expenditure_hkd_bn"][0, 1] - base["expenditure_hkd_bn"][0, 1], 12.8 + extra_interest, rtol=1e-12)
    np.testing.assert_allclose(shocked["other_capital_hkd_bn"][0, 1], base["other_capital_hkd_bn"][0, 1], rtol=0, atol=0)


def test_other_plans_keep_the_central_calibration():
    from finmodel.model.pipeline import load_inputs
    from tests.conftest import INPUTS

    central = load_inputs(INPUTS)
    high = load_inputs(INPUTS, issuance="high")
    np.testing.assert_array_equal(central.other_capital_fixed_hkd_bn, high.other_capital_fixed_hkd_bn)
    o = project(high)
    assert o["expenditure_hkd_bn"][0, 1] > central.budget_expenditure_hkd_bn[1]  # more bonds, more interest


def test_a_scenario_takes_the_baselines_residuals():
    from finmodel.model.pipeline import load_inputs
    from tests.conftest import INPUTS

    base = load_inputs(INPUTS)
    up = load_inputs(INPUTS, scenario="rates_up")
    np.testing.assert_array_equal(up.other_capital_fixed_hkd_bn, base.other_capital_fixed_hkd_bn)
    o = project(up)
    assert o["expenditure_hkd_bn"][0, 1] > base.budget_expenditure_hkd_bn[1]  # dearer new issues cost more in 2026-27
