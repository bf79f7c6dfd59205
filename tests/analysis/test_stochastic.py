"""Stochastic simulation: zero variance is the baseline, identities on every path, ordered fans, valid probabilities."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.analysis import shock_model, stochastic
from finmodel.model.engine import project
from finmodel.model.engine_result import field_names
from tests.conftest import INPUTS


@pytest.fixture(scope="module")
def model():
    return shock_model.load(INPUTS / "history")


@pytest.fixture(scope="module")
def gap_rule(baseline):
    """The baseline under the gap rule with a low ceiling, so issuance responds to shocks and the cap binds."""
    return replace(baseline, financing_rule="gap", ceiling_hkd_bn=np.minimum(baseline.ceiling_hkd_bn, 700.0))


def _zero(model):
    return replace(model, sigma_u=np.zeros_like(model.sigma_u), resid=np.zeros_like(model.resid), revenue_error_sd_pct=0.0)


def _calm(a):
    """The assumptions with no FX or spread volatility: every shock of the Monte Carlo has zero variance."""
    return replace(a, fx_volatility_pct={"RMB": 0.0, "EUR": 0.0, "USD": 0.0}, new_issue_spread_sd_pp=0.0)


@pytest.fixture(scope="module")
def var_model():
    return shock_model.load(INPUTS / "history", method="var")


@pytest.mark.parametrize("method", stochastic.METHODS)
def test_zero_shock_variance_reproduces_the_baseline_on_every_path(baseline, gap_rule, model, method):
    for a in (_calm(baseline), _calm(gap_rule)):
        base = project(a)
        o = stochastic.run_block(a, _zero(model), seed=1, method=method, block=0, block_paths=64)
        for k, v in base.select(field_names()).items():
            if v is not None and v.ndim == 2:
                assert np.array_equal(getattr(o, k), np.repeat(v, 64, axis=0), equal_nan=True), k


def _check_identities(o, a, tol=1e-9):
    """Debt and reserves roll forward, and the cohorts add up to the debt stock, on every path."""
    debt = o.debt_hkd_bn
    P = debt.shape[0]
    prev = np.concatenate([np.full((P, 1), a.opening_debt_hkd_bn), debt[:, :-1]], axis=1)
    roll = prev + o.fx_revaluation_hkd_bn + o.gross_issuance_hkd_bn - o.redemptions_hkd_bn
    assert np.max(np.abs(roll - debt)) < tol * np.abs(debt).max()
    res = o.fiscal_reserves_hkd_bn
    rprev = np.concatenate([np.full((P, 1), a.opening_reserves_hkd_bn), res[:, :-1]], axis=1)
    assert np.max(np.abs(rprev + o.consolidated_balance_hkd_bn - res)) < tol * np.abs(res).max()
    assert np.max(np.abs(o.revenue_hkd_bn - o.expenditure_hkd_bn - o.balance_before_bonds_hkd_bn)) < tol * 1e3
    b, m = a.book, a.mix
    for t, year in enumerate(a.years):
        fx_t = o.fx[:, t, :]
        alive_open = (b.maturity_year > year) & (b.issue_year < a.years[0])
        stock = (b.face_fc[alive_open][None, :] * fx_t[:, b.currency_idx[alive_open]]).sum(axis=1)
        for s in range(t + 1):
            alive = (t - s) < m.tenor_years
            stock = stock + (o.new_face_fc[:, s, alive] * fx_t[:, m.currency_idx[alive]]).sum(axis=1)
        assert np.max(np.abs(stock - debt[:, t])) < tol * np.abs(debt).max()


@pytest.mark.parametrize("method", stochastic.METHODS)
def test_engine_identities_hold_on_every_simulated_path(gap_rule, model, method):
    o = stochastic.run_block(gap_rule, model, seed=7, method=method, block=0, block_paths=400)
    _check_identities(o, gap_rule)
    assert o.ceiling_binds.any() and not o.ceiling_binds.all()       # the cap really binds on some paths
    assert np.all(o.debt_hkd_bn <= gap_rule.ceiling_hkd_bn[None, :] + 1e-9)
    assert np.all(o.land_premium_hkd_bn >= 0.0)
    assert np.ptp(o.debt_hkd_bn[:, -1]) > 10.0                          # shocks reach the debt path


def test_blocks_are_fixed_by_seed_and_block_so_more_paths_only_add_paths(baseline, model):
    a = baseline
    first = stochastic.run_block(a, model, seed=3, method="var", block=1, block_paths=50)
    again = stochastic.run_block(a, model, seed=3, method="var", block=1, block_paths=50)
    other = stochastic.run_block(a, model, seed=3, method="var", block=0, block_paths=50)
    assert np.array_equal(first.debt_to_gdp_pct, again.debt_to_gdp_pct)
    assert not np.array_equal(first.debt_to_gdp_pct, other.debt_to_gdp_pct)
    # simulate() summarises exactly the first n paths of the concatenated blocks.
    ratio = np.concatenate([other.debt_to_gdp_pct, first.debt_to_gdp_pct])[:80]
    sim = stochastic.simulate(a, model, 80, seed=3, method="var", block_paths=50)
    np.testing.assert_array_equal(sim.fan["debt_to_gdp_pct"], np.percentile(ratio, stochastic.PERCENTILES, axis=0))
    np.testing.assert_array_equal(sim.p_above_band, (ratio > a.band_high_pct + a.budget_plan.band_tolerance_pp + 1e-12).mean(axis=0))


def test_var_draws_have_the_estimated_covariance_and_bootstrap_draws_historical_years(model):
    rng = stochastic.block_generator(0, 0)
    e = stochastic.draw_innovations(model, rng, 100_000, 2, "var").reshape(-1, model.k)
    np.testing.assert_allclose(np.cov(e.T), model.sigma_u, rtol=0.03, atol=0.03)
    np.testing.assert_allclose(e.mean(axis=0), 0.0, atol=0.03)
    b = stochastic.draw_innovations(model, stochastic.block_generator(0, 0), 500, 3, "bootstrap").reshape(-1, model.k)
    centred = model.resid - model.resid.mean(axis=0)
    assert all(any(np.array_equal(row, r) for r in centred) for row in b[:200])


def test_deviations_propagate_through_the_var_without_its_constant(var_model):
    model = replace(var_model, lag_order=1, coefs=np.array([[[0.5, 0.1, 0.0, 0.0], [0.0, 0.3, 0.0, 0.1],
                                                             [0.0, 0.0, 0.2, 0.0], [0.1, 0.0, 0.0, 0.6]]]))
    e = np.zeros((1, 4, model.k))
    e[0, 0] = [1.0, 2.0, -1.0, 0.5]
    dev = stochastic.propagate(model, e)
    A = model.coefs[0]
    for t in range(4):
        np.testing.assert_allclose(dev[0, t], np.linalg.matrix_power(A, t) @ e[0, 0], atol=1e-12)


def test_deviations_map_to_engine_shocks_in_decimals():
    dev = np.array([[[1.0, 2.0, -0.5, 0.25], [0.0, -1.0, 0.1, 0.0]]])
    s = stochastic.to_shocks(dev, shock_model.NAMES, land_share_mean_pct=2.5, land_log_mean=np.array([0.02, 0.03]))
    np.testing.assert_allclose(s.growth_pp, [[0.0, 0.03, -0.01]])
    np.testing.assert_allclose(s.inflation_add, [[0.0, 0.02, -0.01]])
    np.testing.assert_allclose(s.land_factor, [[1.0, np.exp(-0.5 / 2.5 - 0.02), np.exp(0.1 / 2.5 - 0.03)]])
    np.testing.assert_allclose(s.yield_add, [[0.0, 0.0025, 0.0]])


@pytest.fixture(scope="module")
def sim10k(baseline, model):
    return stochastic.simulate(baseline, model, 10_000, seed=2026, method="var")


def test_median_tracks_the_baseline_within_half_a_point(sim10k):
    median = sim10k.fan["debt_to_gdp_pct"][stochastic.PERCENTILES.index(50)]
    assert np.max(np.abs(median - sim10k.baseline["debt_to_gdp_pct"])) < 0.5


def test_percentiles_ordered_and_probabilities_valid(sim10k, baseline, model):
    for s in (sim10k, stochastic.simulate(replace(baseline, financing_rule="gap"), model, 2000, seed=1, method="bootstrap")):
        for v, q in s.fan.items():
            assert np.all(np.diff(q, axis=0) >= 0), v
        for p in (s.p_above_band, s.p_ceiling_binds, s.p_above_band_cumulative, s.p_ceiling_binds_cumulative):
            assert np.all((p >= 0) & (p <= 1))
        for annual, cum in ((s.p_above_band, s.p_above_band_cumulative), (s.p_ceiling_binds, s.p_ceiling_binds_cumulative)):
            assert np.all(np.diff(cum) >= 0) and np.all(cum >= annual)
        assert 0.0 <= s.p_not_stabilising <= 1.0
    # Year 0 is not shocked: one value for every path.
    q = sim10k.fan["debt_to_gdp_pct"][:, 0]
    assert np.all(q == sim10k.baseline["debt_to_gdp_pct"][0])


def test_land_share_shock_applies_in_fixed_years_and_never_makes_land_negative(baseline):
    from finmodel.model.engine import Shocks

    o = project(baseline, Shocks(land_gdp_share_add=np.array([[0.0, 0.01, 0.0, 0.0, 0.0, 0.0], [0.0, -0.5, 0.0, 0.0, 0.0, 0.0]]), n_paths=2))
    base = project(baseline)
    gdp = o.nominal_gdp_hkd_bn[0, 1]
    assert o.land_premium_hkd_bn[0, 1] == pytest.approx(base.land_premium_hkd_bn[0, 1] + 0.01 * gdp)
    assert o.land_premium_hkd_bn[1, 1] == 0.0
    np.testing.assert_array_equal(o.land_premium_hkd_bn[:, 2:], np.repeat(base.land_premium_hkd_bn[:, 2:], 2, axis=0))


def test_each_path_is_the_same_whatever_the_number_of_paths(baseline, model):
    big = stochastic.run_block(baseline, model, seed=9, method="var", block=0, block_paths=300)
    rng = stochastic.block_generator(9, 0)
    e = stochastic.draw_innovations(model, rng, 300, baseline.n_years - 1, "var")
    extra = stochastic.draw_independent(baseline, model, rng, 300, baseline.n_years - 1, method="var")
    shocks = stochastic.to_shocks(stochastic.propagate(model, e[:7], method="var"), model.names, stochastic.land_share_mean(model),
                                  {k: v[:7] for k, v in extra.items()})
    small = project(baseline, shocks)
    for k in ("debt_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn", "debt_to_gdp_pct"):
        assert np.array_equal(getattr(big, k)[:7], getattr(small, k)), k


def test_parallel_blocks_give_the_serial_result_exactly(baseline):
    from finmodel.analysis import shock_model
    from finmodel.analysis.stochastic import simulate
    from tests.conftest import INPUTS

    model = shock_model.load(INPUTS / "history")
    serial = simulate(baseline, model, 4500, seed=3, block_paths=1000)
    forked = simulate(baseline, model, 4500, seed=3, block_paths=1000, parallel=True)
    for v in serial.fan:
        np.testing.assert_array_equal(serial.fan[v], forked.fan[v])
    np.testing.assert_array_equal(serial.p_above_band_cumulative, forked.p_above_band_cumulative)
    assert serial.p_not_stabilising == forked.p_not_stabilising


def _all_paths(a, model, n, seed, block_paths, method="ec"):
    """Every path's fan variables, block after block, kept whole."""
    blocks = [stochastic.run_block(a, model, seed, method, b, block_paths) for b in range(-(-n // block_paths))]
    return {v: np.concatenate([getattr(o, v) for o in blocks])[:n] for v in stochastic.FAN_VARIABLES}


def test_tallied_fans_are_np_percentile_of_every_path_serial_or_forked(baseline, model, monkeypatch):
    monkeypatch.setattr(stochastic, "PILOT_PATHS", 1500)
    monkeypatch.setattr(stochastic, "CHUNK_PATHS", 1200)
    n, bp = 7_300, 500
    every = _all_paths(baseline, model, n, 4, bp)
    serial = stochastic.simulate(baseline, model, n, seed=4, block_paths=bp)
    forked = stochastic.simulate(baseline, model, n, seed=4, block_paths=bp, parallel=True)
    for v in stochastic.FAN_VARIABLES:
        expected = np.percentile(every[v], stochastic.PERCENTILES, axis=0)
        np.testing.assert_array_equal(serial.fan[v], expected)
        np.testing.assert_array_equal(forked.fan[v], expected)
    ratio = every["debt_to_gdp_pct"]
    np.testing.assert_array_equal(forked.p_above_band, (ratio > baseline.band_high_pct + baseline.budget_plan.band_tolerance_pp + 1e-12).sum(axis=0) / n)


def test_a_pilot_that_misplaces_every_window_still_gives_exact_fans(baseline, model, monkeypatch):
    from finmodel.analysis import quantiles

    monkeypatch.setattr(stochastic, "PILOT_PATHS", 500)
    monkeypatch.setattr(quantiles, "PILOT_SIGMAS", 0.0)                 # windows of a single pilot value
    n, bp = 3_000, 250
    every = _all_paths(baseline, model, n, 8, bp)
    sim = stochastic.simulate(baseline, model, n, seed=8, block_paths=bp, parallel=True)
    for v in stochastic.FAN_VARIABLES:
        np.testing.assert_array_equal(sim.fan[v], np.percentile(every[v], stochastic.PERCENTILES, axis=0))


def test_the_lean_projection_is_the_full_one_bit_for_bit(gap_rule, model):
    from finmodel.model.engine import RISK_OUTPUTS

    full = stochastic.run_block(gap_rule, model, seed=2, method="var", block=1, block_paths=300)
    lean = stochastic.run_block(gap_rule, model, seed=2, method="var", block=1, block_paths=300, lean=True)
    assert field_names(type(lean)) == RISK_OUTPUTS
    for k in RISK_OUTPUTS:
        assert np.array_equal(getattr(lean, k), getattr(full, k), equal_nan=True), k


def test_standard_error_binomial_and_between_blocks_by_hand():
    p = np.array([0.25])
    assert stochastic.standard_error(p, None, None, None, 1, 400, False)[0] == pytest.approx(np.sqrt(0.25 * 0.75 / 400))
    # three blocks of 100 paths with 10, 30 and 35 hits: p = 0.25, se = sqrt(B/(B-1) sum (c_b - p n_b)^2) / n
    c, n = np.array([10.0, 30.0, 35.0]), np.array([100.0, 100.0, 100.0])
    se = stochastic.standard_error(p, np.array([(c * c).sum()]), np.array([(n * c).sum()]), (n * n).sum(), 3, 300, True)[0]
    assert se == pytest.approx(np.sqrt(1.5 * ((c - 25.0) ** 2).sum()) / 300)


def test_probabilities_carry_standard_errors_and_one_event_is_named_once(baseline, model):
    sim = stochastic.simulate(baseline, model, 4000, seed=5)
    for e in stochastic.EVENTS:
        np.testing.assert_allclose(sim.se_cumulative[e], np.sqrt(sim.p_cumulative[e] * (1 - sim.p_cumulative[e]) / 4000))
    # under the risk rule reserves fall below their floor only where the ceiling caps the top-up: the squeeze is that event
    assert sim.same_event["squeeze"] == "reserves_below_floor"
    for e, same in sim.same_event.items():      # (on these 4,000 paths the ceiling never binds without the squeeze either)
        np.testing.assert_array_equal(sim.p[e], sim.p[same])
        np.testing.assert_array_equal(sim.p_cumulative[e], sim.p_cumulative[same])
    assert "squeeze" not in stochastic.shown_events(sim) and "One event" in stochastic.same_event_words(sim)
