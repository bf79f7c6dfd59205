"""Risk as analysts ask it: under the default 'risk' rule financing responds to shocks, so the ceiling can bind;
the probabilities move the right way when the ceiling or the floor move; FX shocks reach interest and revaluation."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.analysis import shock_model, stochastic
from finmodel.model.engine import Shocks, project
from tests.conftest import INPUTS
from tests.model.test_engine import _check_identities


@pytest.fixture(scope="module")
def model():
    return shock_model.load(INPUTS / "history")


def test_the_default_rule_is_risk_and_the_budget_baseline_never_touches_its_floor(baseline):
    assert baseline.financing_rule == "risk"
    o = project(baseline)
    mrf = baseline.years <= baseline.mrf_last_year
    assert (o.fiscal_reserves_hkd_bn[0, mrf] > o.reserves_floor_hkd_bn[0, mrf]).all()
    np.testing.assert_array_equal(o.gross_issuance_hkd_bn[0, mrf], baseline.issuance_plan_hkd_bn[mrf])


def test_the_risk_rule_tops_up_to_the_floor_and_the_plan_is_its_floor(baseline):
    """A land collapse: issuance rises above the plan by exactly what restores reserves to six months of spending."""
    shocks = Shocks(land_factor=np.array([[1.0, 1.0, 0.0, 0.0, 0.0, 0.0]]), growth_pp=-0.04)
    o = project(baseline, shocks)
    plan = baseline.issuance_plan_hkd_bn
    binds = o.ceiling_binds[0] > 0
    assert (o.desired_issuance_hkd_bn[0] >= plan - 1e-9).all()                 # the plan is the floor of what is wanted
    assert (o.gross_issuance_hkd_bn[0, ~binds] >= plan[~binds] - 1e-9).all()
    topped = o.gross_issuance_hkd_bn[0] > plan + 1e-9
    assert topped.any() and binds.any()                                         # tops up, then meets the ceiling
    np.testing.assert_allclose(o.fiscal_reserves_hkd_bn[0, topped & ~binds], o.reserves_floor_hkd_bn[0, topped & ~binds], atol=1e-6)
    floor = baseline.reserves_floor_months / 12 * (o.expenditure_hkd_bn[0] - 0.0)
    assert (o.reserves_floor_hkd_bn[0] <= floor + 1e-9).all()                  # spending before the new issue's coupon
    _check_identities(o, baseline)


def test_beyond_the_mrf_the_floor_of_issuance_is_the_principal_falling_due(baseline):
    from finmodel.model.pipeline import load_inputs

    a = load_inputs(INPUTS, horizon="2040-41")
    o = project(a)
    beyond = a.years > a.mrf_last_year
    assert (o.gross_issuance_hkd_bn[0, beyond] >= np.minimum(o.redemptions_hkd_bn[0, beyond],
                                                               o.desired_issuance_hkd_bn[0, beyond]) - 1e-9).all()
    assert (o.desired_issuance_hkd_bn[0, beyond] >= o.redemptions_hkd_bn[0, beyond] - 1e-9).all()


def test_under_the_default_rule_debt_has_a_spread_and_the_ceiling_can_bind(baseline, model):
    sim = stochastic.simulate(baseline, model, 4000, seed=11)
    q = sim.fan["debt_hkd_bn"]
    pct = stochastic.PERCENTILES
    assert q[pct.index(90), -1] - q[pct.index(10), -1] > 10.0
    assert sim.p_cumulative["ceiling_binds"][-1] > 0.0
    assert (sim.p_cumulative["squeeze"] <= sim.p_cumulative["ceiling_binds"] + 1e-12).all()


@pytest.mark.parametrize("field, values", [("ceiling", (950.0, 900.0, 850.0, 800.0)), ("floor", (3.0, 6.0, 9.0, 12.0))])
def test_p_ceiling_binds_never_falls_when_the_ceiling_is_lowered_or_the_floor_raised(baseline, model, field, values):
    """Same seed (common random numbers): a tighter ceiling or a higher floor never makes the ceiling less likely to bind."""
    last = []
    for v in values:
        if field == "ceiling":
            a = replace(baseline, ceiling_hkd_bn=np.where(baseline.years >= 2026, v, baseline.ceiling_hkd_bn))
        else:
            a = replace(baseline, reserves_floor_months=v)
        sim = stochastic.simulate(a, model, 2000, seed=5)
        last.append(sim.p_cumulative["ceiling_binds"])
    for looser, tighter in zip(last, last[1:]):
        assert (tighter >= looser - 1e-12).all()
    assert last[-1][-1] > last[0][-1]


def test_an_fx_shock_moves_interest_and_revaluation_with_every_identity_on_every_path(baseline):
    P, T = 50, baseline.n_years
    rng = np.random.default_rng(0)
    fx = np.exp(np.cumsum(rng.normal(0, 0.05, size=(P, T, 3)), axis=1))
    o = project(baseline, Shocks(fx_factor=fx, n_paths=P))
    base = project(baseline)
    _check_identities(o, baseline)
    assert np.abs(o.fx_revaluation_hkd_bn[:, 1:]).max() > 0.1
    assert np.abs(o.interest_hkd_bn[:, 2:] - base.interest_hkd_bn[:, 2:]).max() > 0.01
    assert np.array_equal(o.fx[:, 0, :], np.repeat(base.fx[:, 0, :], P, axis=0))   # year 0 is never shocked
    # One currency at a time: an RMB-only shock leaves the HKD, USD and EUR rates alone.
    rmb = np.ones((1, T, 3))
    rmb[0, 1:, 0] = 1.1
    o = project(baseline, Shocks(fx_factor=rmb))
    np.testing.assert_allclose(o.fx[0, 1:, 1], 1.1 * baseline.fx[1:, 1], rtol=1e-15)
    np.testing.assert_array_equal(o.fx[0, :, [0, 2, 3]], base.fx[0, :, [0, 2, 3]])


def test_recurrent_spending_follows_an_inflation_surprise_through_its_elasticity(baseline):
    surprise = 0.01
    o = project(baseline, Shocks(inflation_add=surprise))
    base = project(baseline)
    ratio = o.recurrent_expenditure_hkd_bn[0] / base.recurrent_expenditure_hkd_bn[0]
    e = baseline.recurrent_inflation_elasticity
    k = baseline.n_anchor
    np.testing.assert_allclose(ratio[k:], (1 + e * surprise) ** np.arange(1, baseline.n_years - k + 1), rtol=1e-12)
    np.testing.assert_array_equal(ratio[:k], 1.0)                                # the Budget's own years are fixed figures


def test_revenue_forecast_errors_scale_other_operating_revenue(baseline):
    o = project(baseline, Shocks(revenue_factor=0.95))
    base = project(baseline)
    np.testing.assert_allclose(o.other_revenue_hkd_bn[0, 1:], 0.95 * base.other_revenue_hkd_bn[0, 1:], rtol=1e-15)
    assert o.other_revenue_hkd_bn[0, 0] == base.other_revenue_hkd_bn[0, 0]
