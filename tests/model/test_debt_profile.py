"""The debt-profile indicators on hand-computed small cases and on the baseline."""

import numpy as np
import pytest

from finmodel.inputs.assumptions import IssueMix
from finmodel.model import debt_profile
from finmodel.model.engine import Shocks, project
from finmodel.model.pipeline import run
from tests.small_cases import three_year_two_cohort


def _profile(a, shocks=None):
    o = project(a, shocks)
    return o, debt_profile.indicators(o, a)


def test_hkd_only_case_by_hand():
    """Opening 50 (matures 2026-27) and 30 a year of 2-year bonds; year-end years to run are m - t - 0.5."""
    o, p = _profile(three_year_two_cohort())
    np.testing.assert_allclose(o.debt_hkd_bn[0], [80.0, 60.0, 60.0])
    # 2025-26: 50 x 0.5 + 30 x 1.5 over 80; then 30 x 0.5 + 30 x 1.5 over 60.
    np.testing.assert_allclose(p["average_maturity_years"][0], [0.875, 1.0, 1.0])
    np.testing.assert_allclose(p["short_term_debt_share_pct"][0], [62.5, 50.0, 50.0])
    np.testing.assert_allclose(p["fx_debt_share_pct"][0], [0.0, 0.0, 0.0])


def test_two_currency_case_by_hand():
    """Half of each year's 30 in HKD 2-year bonds, half in USD 5-year bonds at HK$7.8 per USD."""
    mix = IssueMix(bucket=("hkd_2y", "usd_5y"), investor=("institutional", "institutional"), currency=("HKD", "USD"),
                   currency_idx=np.array([0, 2]), share=np.array([0.5, 0.5]), tenor_years=np.array([2, 5]),
                   yield_rate=np.array([0.04, 0.045]), inflation_linked=np.array([False, False]))
    fx = np.ones((3, 4))
    fx[:, 2] = 7.8
    o, p = _profile(three_year_two_cohort(mix=mix, fx=fx))
    np.testing.assert_allclose(o.debt_hkd_bn[0], [80.0, 60.0, 75.0])
    # 2025-26: 50 x 0.5 + 15 x 1.5 + 15 x 4.5 = 115 over 80; 2026-27: 7.5 + 22.5 + 52.5 + 67.5 = 150 over 60;
    # 2027-28: 7.5 + 22.5 + 37.5 + 52.5 + 67.5 = 187.5 over 75.
    np.testing.assert_allclose(p["average_maturity_years"][0], [115 / 80, 2.5, 2.5])
    np.testing.assert_allclose(p["short_term_debt_share_pct"][0], [62.5, 25.0, 20.0])
    np.testing.assert_allclose(p["fx_debt_share_pct"][0], [18.75, 50.0, 60.0])


def test_cohorts_add_up_to_the_engines_debt_on_every_path(baseline):
    """The year-end cohorts at year-end FX are the debt, under FX and growth shocks alike, path by path."""
    rng = np.random.default_rng(7)
    P, T = 40, baseline.n_years
    shocks = Shocks(growth_pp=rng.normal(0, 0.02, (P, T)), fx_factor=1 + rng.normal(0, 0.1, (P, T, 3)),
                    yield_add=rng.normal(0, 0.01, (P, T)), n_paths=P)
    o, p = _profile(baseline, shocks)
    np.testing.assert_allclose(p["debt_outstanding_cohorts_hkd_bn"], o.debt_hkd_bn, rtol=1e-12, atol=1e-9)
    assert np.all((p["short_term_debt_share_pct"] >= 0) & (p["short_term_debt_share_pct"] <= 100))
    assert np.all((p["fx_debt_share_pct"] >= 0) & (p["fx_debt_share_pct"] <= 100))
    # A path's numbers do not depend on the paths beside it.
    _, one = _profile(baseline, Shocks(growth_pp=shocks.growth_pp[3:4], fx_factor=shocks.fx_factor[3:4],
                                       yield_add=shocks.yield_add[3:4], n_paths=1))
    for k in ("average_maturity_years", "short_term_debt_share_pct", "fx_debt_share_pct"):
        assert np.array_equal(one[k][0], p[k][3]), k


def test_baseline_profile(baseline_results):
    """Short-term share = next year's redemptions over debt (FX held constant); about half the book in foreign currency."""
    p = baseline_results.projection
    red_next = p.redemptions_hkd_bn.to_numpy()[1:]
    share = 100 * red_next / p.debt_hkd_bn.to_numpy()[:-1]
    np.testing.assert_allclose(p["short_term_debt_share_pct"].to_numpy()[:-1], share, rtol=1e-9)
    assert p.loc["2026-27", "average_maturity_years"] == pytest.approx(7.16, abs=0.01)
    assert p.loc["2030-31", "average_maturity_years"] == pytest.approx(8.40, abs=0.01)
    assert 40 < p.loc["2030-31", "fx_debt_share_pct"] < 60


def test_results_carry_the_profile_columns(baseline):
    res = run(baseline)
    for c in ("average_maturity_years", "short_term_debt_share_pct", "fx_debt_share_pct"):
        assert c in res.projection.columns
