"""Pool B (Government Bond Programme, Bond Fund): reported beside pool A, never under the ceiling or in the accounts."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.model.engine import project


def test_pool_b_interest_and_bond_fund_income_add_up(baseline_results):
    p = baseline_results.projection
    a = baseline_results.assumptions
    stock = p.debt_pool_b_hkd_bn.to_numpy()
    average = 0.5 * (np.concatenate([stock[:1], stock[:-1]]) + stock)
    assert p.interest_pool_b_hkd_bn.to_numpy() == pytest.approx(a.pool_b_interest_rate * average)
    assert p.interest_total_hkd_bn.to_numpy() == pytest.approx((p.interest_hkd_bn + p.interest_pool_b_hkd_bn).to_numpy())
    assert p.bond_fund_net_income_hkd_bn.to_numpy() == pytest.approx(
        (p.bond_fund_investment_income_hkd_bn - p.interest_pool_b_hkd_bn).to_numpy())
    assert p.interest_total_to_revenue_pct.to_numpy() == pytest.approx(
        (100 * p.interest_total_hkd_bn / p.revenue_hkd_bn).to_numpy())
    assert (p.interest_total_to_recurring_revenue_pct >= p.interest_total_to_revenue_pct - 1e-12).all()


def test_pool_b_is_outside_the_ceiling_and_the_accounts(baseline):
    with_b = project(baseline)
    without = project(replace(baseline, pool_b_hkd_bn=np.zeros(baseline.n_years), pool_b_interest_rate=0.0))
    for key in ("headroom_hkd_bn", "fiscal_reserves_hkd_bn", "debt_hkd_bn", "interest_hkd_bn", "consolidated_balance_hkd_bn",
                "debt_to_gdp_pct", "interest_to_revenue_pct"):
        np.testing.assert_array_equal(getattr(with_b, key), getattr(without, key), err_msg=key)
    assert (with_b.debt_total_hkd_bn > without.debt_total_hkd_bn).all()
    assert (with_b.interest_total_to_gdp_pct > without.interest_total_to_gdp_pct).all()


def test_pool_b_starts_from_the_march_2026_record(baseline_results):
    p = baseline_results.projection
    assert p.debt_pool_b_hkd_bn.iloc[0] == pytest.approx(113.0)
