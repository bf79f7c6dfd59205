"""Shock draws: every shocked driver has the baseline's mean, and the deviations remember as estimated.

Monte Carlo tolerances: a simulated mean (or coefficient) must lie within TOL_SE = 4 standard
errors of its target, the standard error computed from the same draws (sd / sqrt(paths)). The
draws are seeded, so each test is deterministic; with 4 standard errors an unbiased estimator
fails about once in 16,000 checks.
"""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.analysis import shock_model, shock_paths, stochastic
from tests.conftest import INPUTS

TOL_SE = 4.0
N_PATHS = 100_000


@pytest.fixture(scope="module")
def model():
    return shock_model.load(INPUTS / "history")


def _assert_mean(x, target, what):
    """Each year's mean over paths (axis 0) within TOL_SE standard errors of `target`."""
    mean = x.mean(axis=0)
    se = x.std(axis=0, ddof=1) / np.sqrt(x.shape[0])
    z = np.abs(mean - target) / np.where(se > 0, se, np.inf)
    assert np.all((z <= TOL_SE) | (np.abs(mean - target) < 1e-12)), f"{what}: mean {mean} vs {target}, se {se}"


@pytest.mark.parametrize("method, uncertain", [("ec", False), ("ec", True), ("var", False), ("bootstrap", False)])
def test_every_shocked_driver_has_the_baseline_mean_in_every_year(baseline, model, method, uncertain):
    """Land premium and FX in levels (factor mean 1), growth, inflation and rates in points (mean 0).

    HK$ per US$ is the stated exception: inside the 7.75-7.85 band, its mean the band's centre.
    """
    bp = 10_000
    s = stochastic.block_shocks(baseline, model, seed=2026, method=method, blocks=range(N_PATHS // bp),
                                block_paths=bp, parameter_uncertainty=uncertain)
    assert s.land_factor.shape == (N_PATHS, baseline.n_years)
    shocked = slice(1, None)                                                    # year 0 is never shocked
    _assert_mean(s.land_factor[:, shocked], 1.0, "land premium factor")
    _assert_mean(s.revenue_factor[:, shocked], 1.0, "revenue factor")
    for name in ("growth_pp", "inflation_add", "yield_add"):
        _assert_mean(getattr(s, name)[:, shocked], 0.0, name)
    fx = s.fx_factor[:, shocked, :]
    _assert_mean(fx[:, :, 0], 1.0, "HK$ per RMB factor")
    _assert_mean(fx[:, :, 2], 1.0, "HK$ per EUR factor")
    band = baseline.fx_volatility_pct["USD"] / 100.0
    top = baseline.fx[1, 2]                                   # HK$ per US$ (currencies HKD, RMB, USD, EUR)
    assert top == 7.85                                        # the weak-side convertibility undertaking
    usd = top * fx[:, :, 1]
    assert usd.min() >= top * (1 - band) - 1e-12 and usd.max() <= top + 1e-12
    assert top * (1 - band) == pytest.approx(7.75, abs=0.001)
    _assert_mean(usd, top * (1 - band / 2), "HK$ per US$ (band centre)")


def test_the_old_exponential_land_shock_was_biased_by_its_lognormal_variance(model):
    """The bias the correction removes: E exp(d / m) = exp(Var d / (2 m^2)) > 1 (about 12% on this sample)."""
    m = stochastic.land_share_mean(model)
    land = list(model.names).index("land_share_gdp_pct")
    c = shock_paths.land_log_mean(model, 5, "ec", m)
    np.testing.assert_allclose(c, model.sigma_u[land, land] / (2 * m ** 2), rtol=1e-12)
    assert np.exp(c[0]) - 1 > 0.10


def _year_pair_slopes(dev):
    """OLS slope of d_t on d_{t-1} across paths, per year pair and variable: (years - 1, k)."""
    return (dev[:, 1:, :] * dev[:, :-1, :]).sum(axis=0) / (dev[:, :-1, :] ** 2).sum(axis=0)


def test_simulated_persistence_and_covariance_are_the_estimated_ones(model):
    """d_t = D d_{t-1} + e_t with Var(d_t) = Sigma: each year pair's slope is rho, each year's covariance Sigma.

    A slope over N independent paths has standard error sqrt((1 - rho^2) / N); a variance,
    Sigma_ii sqrt(2 / N) (normal draws).
    """
    rho = model.persistence
    assert np.all(np.abs(rho) < 1) and rho[list(model.names).index("short_rate_pct")] > 0.5
    rng = stochastic.block_generator(2026, 0)
    dev = stochastic.propagate(model, stochastic.draw_innovations(model, rng, N_PATHS, 6, "ec"), method="ec")
    slopes = _year_pair_slopes(dev)
    se = np.sqrt((1 - rho ** 2) / N_PATHS)
    assert np.all(np.abs(slopes - rho) <= TOL_SE * se), (slopes, rho)
    sd = np.sqrt(np.diag(model.sigma_u))
    for t in range(dev.shape[1]):
        cov = np.cov(dev[:, t, :], rowvar=False)
        se_cov = np.sqrt((np.outer(sd, sd) ** 2 + model.sigma_u ** 2) / N_PATHS)   # Var of a normal sample covariance
        assert np.all(np.abs(cov - model.sigma_u) <= TOL_SE * se_cov), t


def test_persistence_is_the_lag_one_autocorrelation_of_the_sample(model):
    """Yule-Walker on the 2003-2023 sample: statsmodels' acf at lag 1, for each variable."""
    from statsmodels.tsa.stattools import acf

    for i, name in enumerate(model.names):
        assert model.persistence[i] == pytest.approx(acf(model.data[:, i], nlags=1)[1], rel=1e-12), name
    assert model.persistence_pairs == (20, 20, 20, 20)
    # By hand for the short rate: sum of lagged cross-products over the sum of squares.
    x = model.data[:, 3] - model.data[:, 3].mean()
    assert model.persistence[3] == pytest.approx(np.sum(x[1:] * x[:-1]) / np.sum(x ** 2), rel=1e-12)


def test_a_variable_with_too_few_consecutive_years_has_no_estimated_memory():
    years = (2000, 2001, 2005, 2006, 2010)
    data = np.array([[1.0, 2.0], [2.0, np.nan], [0.0, 1.0], [3.0, 4.0], [1.0, 0.0]])
    rho, pairs = shock_model.ar1_coefficients(data, years)
    assert pairs == (2, 1) and np.all(rho == 0.0)


def test_parameter_uncertainty_draws_persistence_around_the_estimate(model):
    draws = np.array([stochastic.draw_persistence(model, stochastic.block_generator(1, b)) for b in range(4000)])
    se = np.sqrt((1 - model.persistence ** 2) / np.array(model.persistence_pairs))
    assert np.all(np.abs(draws) <= 0.95)
    # The clip at +-0.95 is rarely reached: the mean stays within 4 standard errors of rho.
    assert np.all(np.abs(draws.mean(axis=0) - model.persistence) <= TOL_SE * se / np.sqrt(len(draws)) + 0.005)
    np.testing.assert_allclose(draws.std(axis=0), se, rtol=0.08)


def test_zero_persistence_keeps_the_draws_of_a_memoryless_model(model):
    """With rho = 0 the ec draws are e_t = R z_t in every year, as before persistence was added."""
    flat = replace(model, persistence=np.zeros(model.k))
    rng = stochastic.block_generator(5, 0)
    dev = stochastic.propagate(flat, stochastic.draw_innovations(flat, rng, 50, 4, "ec"), method="ec")
    z = stochastic.block_generator(5, 0).standard_normal((50, 4, model.k))
    np.testing.assert_allclose(dev, z @ shock_paths._cov_root(model.sigma_u).T, atol=1e-12)


def test_the_revenue_error_is_drawn_net_of_the_gdp_shock(baseline, model):
    """s_net^2 = s^2 - e^2 Var(g): with the GDP channel, other revenue's year-1 variance is the forecast errors' s^2."""
    sigma = model.sigma_u
    var_growth = sigma[0, 0] + sigma[1, 1] + 2 * sigma[0, 1]                      # real growth, deflator (pp^2)
    e = baseline.other_revenue_elasticity
    net = shock_paths.revenue_error_sd(baseline, model)
    assert net == pytest.approx(np.sqrt(model.revenue_error_sd_pct ** 2 - e ** 2 * var_growth), rel=1e-12)
    assert 0 < net < model.revenue_error_sd_pct
    # When the GDP channel alone is wider than the errors, nothing is added on top.
    assert shock_paths.revenue_error_sd(replace(baseline, other_revenue_elasticity=2.0), model) == 0.0
    # The draws have that sd (4 standard errors of a normal sample sd: sd / sqrt(2 N)).
    extra = stochastic.draw_independent(baseline, model, stochastic.block_generator(1, 0), N_PATHS, 3)
    sd = extra["revenue_error"].std(axis=0, ddof=1)
    assert np.all(np.abs(sd - net) <= TOL_SE * net / np.sqrt(2 * N_PATHS))
