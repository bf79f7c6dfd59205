"""The buoyancy estimate: sample rules, OLS against a hand-written least-squares fit, and its report."""

import numpy as np
from scipy import stats

from finmodel.analysis.sensitivity import buoyancy
from tests.conftest import INPUTS

HIST = INPUTS / "history"


def test_sample_takes_outturns_verified_first_and_never_budget_estimates():
    d = buoyancy.sample(HIST)
    assert list(d.index) == ["2006-07", "2007-08", "2008-09", "2009-10", "2010-11", "2011-12", "2014-15", "2015-16",
                             "2016-17", "2017-18", "2021-22", "2023-24"]
    assert d.loc["2011-12", "land_premium"] == 83.1          # verified revised estimate beats the recalled actual 84.6
    assert d.loc["2021-22", "land_premium"] == 141.2
    assert d.loc["2006-07", "other_revenue_hkd_bn"] == 288.014 - 36.6 - 22.591
    assert d.loc["2006-07", "gdp_hkd_bn"] == 1503.351         # calendar 2006
    assert list(d.index[d["verified"]]) == ["2011-12", "2015-16", "2017-18", "2021-22"]


def test_estimate_matches_least_squares_and_reports_its_interval():
    e = buoyancy.estimate(HIST)
    d = buoyancy.sample(HIST)
    X = np.column_stack([np.ones(len(d)), np.log(d["gdp_hkd_bn"].to_numpy())])
    beta = np.linalg.lstsq(X, np.log(d["other_revenue_hkd_bn"].to_numpy()), rcond=None)[0]
    assert abs(e.elasticity - beta[1]) < 1e-10
    assert e.n_obs == 12 and e.ci_low < e.elasticity < e.ci_high
    resid = np.log(d["other_revenue_hkd_bn"].to_numpy()) - X @ beta
    se = np.sqrt(resid @ resid / (len(d) - 2) * np.linalg.inv(X.T @ X)[1, 1])
    assert abs(e.std_error - se) < 1e-12
    t = stats.t.ppf(0.975, len(d) - 2)
    assert abs(e.ci_low - (beta[1] - t * se)) < 1e-10 and abs(e.ci_high - (beta[1] + t * se)) < 1e-10
    assert e.ci_low <= 1.0 <= e.ci_high                          # the baseline's unit buoyancy is inside the interval
    assert e.fiscal_year_gdp["n_obs"] == 11 and e.verified_only["n_obs"] == 4
    text = e.sentence(1.0)
    assert "95% CI" in text and "inside" in text and "2006-07 to 2023-24" in text
    assert "OUTSIDE" in e.sentence(1.5)
