"""Shock model: recovery of a known synthetic VAR, the lag cap, and the history table it is estimated on."""

import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.analysis import shock_model
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS

HISTORY = INPUTS / "history"


def _synthetic_var(A, sigma, c, n, seed):
    """y_t = c + A y_{t-1} + u_t, u_t ~ N(0, sigma), after a burn-in of 200 draws."""
    rng = np.random.default_rng(seed)
    k = len(c)
    u = rng.multivariate_normal(np.zeros(k), sigma, size=n + 200)
    y = np.zeros((n + 200, k))
    for t in range(1, n + 200):
        y[t] = c + A @ y[t - 1] + u[t]
    return pd.DataFrame(y[200:], columns=[f"x{i}" for i in range(k)], index=range(1900, 1900 + n))


def test_estimation_recovers_a_known_var1():
    A = np.array([[0.5, 0.1, 0.0], [0.2, 0.3, -0.1], [0.0, 0.15, 0.7]])
    sigma = np.array([[1.0, 0.3, 0.1], [0.3, 0.5, 0.0], [0.1, 0.0, 0.8]])
    c = np.array([1.0, -0.5, 0.2])
    frame = _synthetic_var(A, sigma, c, 4000, seed=11)
    m = shock_model.estimate(frame, names=tuple(frame.columns), max_lags=3, criterion="bic")
    assert m.lag_order == 1
    np.testing.assert_allclose(m.coefs[0], A, atol=0.05)
    np.testing.assert_allclose(m.sigma_u, sigma, atol=0.06)
    np.testing.assert_allclose(m.intercept, c, atol=0.12)
    assert m.diagnostics["stable"] and m.diagnostics["max_root_modulus"] == pytest.approx(max(abs(np.linalg.eigvals(A))), abs=0.05)
    # The residuals are the OLS residuals: y_t - c - A y_{t-1}.
    y = frame.to_numpy()
    np.testing.assert_allclose(m.resid, y[1:] - m.intercept - y[:-1] @ m.coefs[0].T, atol=1e-10)


def test_white_noise_selects_no_lags():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(3000, 2)), columns=["a", "b"])
    m = shock_model.estimate(frame, names=("a", "b"), max_lags=2, criterion="bic")
    assert m.lag_order == 0 and m.coefs.shape == (0, 2, 2)
    np.testing.assert_allclose(m.sigma_u, np.eye(2), atol=0.08)


def test_lag_cap_keeps_three_observations_per_coefficient():
    assert shock_model.max_lags_for(21, 4) == 1      # 20 >= 3 x 5, but 19 < 3 x 9
    assert shock_model.max_lags_for(100, 4) == 7     # 93 >= 3 x 29 = 87, but 92 < 3 x 33 = 99
    assert shock_model.max_lags_for(10, 4) == 0


def test_history_frame_aligns_fiscal_land_premium_with_calendar_gdp():
    frame, notes = shock_model.history_frame(HISTORY)
    assert list(frame.index) == list(range(2003, 2024))
    # 2017-18 land premium (actual 164.8, preferred to the revised estimate) over calendar 2017 GDP.
    assert frame.loc[2017, "land_share_gdp_pct"] == pytest.approx(100 * 164.8 / 2659.611, rel=1e-12)
    # 2024-25 has only a revised estimate and no nominal GDP: outside the sample, not interpolated.
    assert 2024 not in frame.index
    assert frame.loc[2023, "short_rate_pct"] == pytest.approx(5.068)
    assert frame.loc[2009, "real_growth_pct"] == pytest.approx(-2.46)
    assert any("recalled" in n and "2016" in n for n in notes)
    assert any("2003-2023" in n for n in notes)


def test_the_shipped_var_option_picks_no_lags_by_bic_on_21_years():
    """On 21 annual observations BIC chooses no lags: the lags are weakly identified (issue 11)."""
    m = shock_model.load(HISTORY, method="var")
    assert m.lag_order == 0 and m.max_lags == 1 and m.criterion == "bic"
    assert m.sample_years == tuple(range(2003, 2024))
    assert m.diagnostics["stable"]
    assert np.all(np.linalg.eigvalsh(m.sigma_u) > 0)


def test_the_default_model_is_the_historical_covariance_with_its_sample_reported():
    m = shock_model.load(HISTORY)
    assert m.method == "ec" and m.lag_order == 0
    data = m.data
    np.testing.assert_allclose(m.sigma_u, np.cov(data, rowvar=False, ddof=1), rtol=1e-12)
    assert m.sample_years == tuple(range(2003, 2024))
    assert m.recalled_share["land_share_gdp_pct"] == pytest.approx(17 / 21)
    # Revenue other than land premium, by hand: 2023-24 estimate 642.4 (hk_budget_estimates.csv) less land 85.0,
    # outturn 549.4 less land 19.0; 2025-26 estimate 659.4 less 21.0, revised 688.8 less 17.5 (hk_fiscal_long.csv,
    # hk_land_premium.csv). 2000-01 has no land premium outturn in the tables.
    assert m.revenue_error_years == ("2023-24", "2025-26")
    errors = [100 * ((549.4 - 19.0) / (642.4 - 85.0) - 1), 100 * ((688.8 - 17.5) / (659.4 - 21.0) - 1)]
    np.testing.assert_allclose(m.revenue_errors_pct, errors, rtol=1e-12)
    assert m.revenue_error_sd_pct == pytest.approx(np.sqrt(np.mean(np.square(errors))), rel=1e-12)
    assert m.revenue_error_left_out == ("2000-01 (land premium outturn not recorded)",)


def test_excluding_recalled_rows_leaves_only_sourced_land_premium_years():
    full = shock_model.load(HISTORY)
    m = shock_model.load(HISTORY, exclude_recalled=True)
    assert m.recalled_share["land_share_gdp_pct"] == 0.0
    land = list(m.names).index("land_share_gdp_pct")
    sourced = ~np.isnan(m.data[:, land])
    assert sourced.sum() == 4                                                     # the sourced land premium years
    np.testing.assert_allclose(m.sigma_u[land, land], np.var(m.data[sourced, land], ddof=1), rtol=1e-12)
    others = [i for i in range(m.k) if i != land]
    np.testing.assert_allclose(m.sigma_u[np.ix_(others, others)], np.cov(m.data[:, others], rowvar=False, ddof=1), rtol=1e-12)
    assert len(m.sample_years) > len(full.sample_years)                        # the other variables keep every year
    assert np.all(np.linalg.eigvalsh(m.sigma_u) >= -1e-12)


def test_a_too_short_history_is_a_clean_input_error(tmp_path):
    shutil.copytree(HISTORY, tmp_path / "history")
    macro = pd.read_csv(tmp_path / "history" / "hk_macro.csv")
    macro.loc[macro["year"].isin([2008, 2014, 2019]), "deflator_pct"] = np.nan
    macro.to_csv(tmp_path / "history" / "hk_macro.csv", index=False)
    with pytest.raises(InputError) as err:
        shock_model.load(tmp_path / "history", method="var")
    assert "shock model sample" in str(err.value)


def test_a_missing_history_file_names_it(tmp_path):
    shutil.copytree(HISTORY, tmp_path / "history")
    (tmp_path / "history" / "hk_rates_annual.csv").unlink()
    with pytest.raises(InputError, match="hk_rates_annual.csv"):
        shock_model.load(tmp_path / "history")


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.integers(1, 4), st.integers(0, 2**32 - 1), st.floats(0.0, 0.5), st.integers(1, 4))
def test_pairwise_covariance_is_pandas_cov_bit_for_bit(n, k, seed, missing, min_periods):
    """`pairwise_covariance` gives pandas' `DataFrame.cov(min_periods=...)` to the last bit, with and without gaps
    (the shock model's sigma, read without pandas, is the figure it was)."""
    rng = np.random.default_rng(seed)
    data = rng.normal(3.0, 2.0, size=(n, k)) * 10.0 ** rng.integers(-2, 3, size=k)
    data[rng.random((n, k)) < missing] = np.nan
    ours = shock_model.pairwise_covariance(data, min_periods=min_periods)
    theirs = pd.DataFrame(data).cov(min_periods=min_periods).to_numpy()
    assert ours.shape == theirs.shape
    assert np.array_equal(ours, theirs, equal_nan=True), (ours, theirs)


@pytest.mark.parametrize("exclude_recalled", [False, True])
def test_the_ec_model_read_without_pandas_is_the_frames_estimate_bit_for_bit(exclude_recalled):
    """The EC model from `history_sample` (rows, numpy) equals the estimate from the same sample as a pandas frame
    (column by column, `DataFrame.cov`, as it was computed before the reader dropped pandas), to the last bit."""
    m = shock_model.load(HISTORY, exclude_recalled=exclude_recalled)
    frame, _ = shock_model.history_frame(HISTORY, exclude_recalled=exclude_recalled, contiguous=False)
    table = frame[list(shock_model.NAMES)].astype(float)
    data = table.to_numpy()
    assert np.array_equal(m.data, data, equal_nan=True) and m.sample_years == tuple(int(y) for y in frame.index)
    assert np.array_equal(m.sigma_u, shock_model.nearest_psd(table.cov(min_periods=3).to_numpy()))
    assert np.array_equal(m.intercept, np.nanmean(data, axis=0))
    assert np.array_equal(m.resid, np.nan_to_num(data - np.nanmean(data, axis=0)))


def _pandas_sample(root, exclude_recalled, contiguous):
    """The shock model's sample as the pandas code before `history_sample` built it (kept here as the reference)."""
    from finmodel.inputs import history

    macro = history.macro(root).set_index("year")
    land = history.land_premium(root)
    land = land[land["kind"].isin(["actual", "revised"])].copy()
    land["year"] = land["fiscal_year"].str[:4].astype(int)
    land["rank"] = land["kind"].map({"actual": 0, "revised": 1})
    land = land.sort_values(["year", "rank"]).groupby("year").first()
    rates = history.rates_annual(root)
    rate = rates[rates["series"].str.contains(f"FRED {shock_model.RATE_SERIES})", regex=False)].set_index("year")["value_pct"]
    df = pd.DataFrame({"real_growth_pct": macro["real_growth_pct"], "deflator_pct": macro["deflator_pct"],
                       "land_share_gdp_pct": 100.0 * land["land_premium_hkd_bn"] / macro["nominal_gdp_hkd_bn"],
                       "short_rate_pct": rate})
    df["land_confidence"] = land["confidence"]
    if exclude_recalled:
        df.loc[df["land_confidence"] == "recalled", "land_share_gdp_pct"] = np.nan
    names = shock_model.NAMES
    needed = [n for n in names if not (exclude_recalled and not contiguous and n == "land_share_gdp_pct")]
    years = [int(y) for y in df.index[df[needed].notna().all(axis=1)]]
    runs, start = [], 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            runs.append(years[start:i])
            start = i
    best = years if not contiguous else (max(runs, key=lambda r: (len(r), r[-1])) if runs else [])
    return df.loc[best]


@pytest.fixture(scope="module")
def gappy_history(tmp_path_factory):
    """The shipped history with a nominal GDP (2015) missing inside the sample."""
    root = tmp_path_factory.mktemp("gappy") / "history"
    shutil.copytree(HISTORY, root)
    macro = (root / "hk_macro.csv").read_text()
    row = next(line for line in macro.splitlines() if line.startswith("2015,"))
    (root / "hk_macro.csv").write_text(macro.replace(row, "2015,," + row.split(",", 2)[2]))
    return root


@pytest.mark.parametrize("exclude_recalled", [False, True])
@pytest.mark.parametrize("contiguous", [False, True])
@pytest.mark.parametrize("which", ["shipped", "gappy"])
def test_the_sample_read_as_rows_is_the_pandas_construction_it_replaced(exclude_recalled, contiguous, which, gappy_history):
    """Years, values (to the bit) and land confidence of `history_sample` equal the pandas code it replaced, on the
    shipped history and on one with a gap inside the sample, for each choice of years."""
    root = HISTORY if which == "shipped" else gappy_history
    reference = _pandas_sample(root, exclude_recalled, contiguous)
    sample, _ = shock_model.history_sample(root, exclude_recalled=exclude_recalled, contiguous=contiguous)
    assert sample.years == tuple(int(y) for y in reference.index) and len(sample.years) > 0
    assert np.array_equal(sample.data, reference[list(shock_model.NAMES)].to_numpy(dtype=float), equal_nan=True)
    assert [c if isinstance(c, str) else None for c in reference["land_confidence"]] == list(sample.land_confidence)


def test_two_series_that_could_be_the_short_rate_are_refused(tmp_path):
    """Only one series of hk_rates_annual.csv may name FRED TB3MS: with two, which is the short rate would be a guess."""
    shutil.copytree(HISTORY, tmp_path / "history")
    path = tmp_path / "history" / "hk_rates_annual.csv"
    text = path.read_text()
    row = next(line for line in text.splitlines() if "FRED TB3MS)" in line and line.startswith("2010,"))
    head, series, rest = row.split(",", 1)[0], row.split('"')[1], row.split('"', 2)[2]
    path.write_text(text + f'{head},"{series.replace("(FRED TB3MS)", "end of year (FRED TB3MS)")}"{rest}\n')
    with pytest.raises(InputError) as err:
        shock_model.load(tmp_path / "history")
    assert "hk_rates_annual.csv" in str(err.value) and "exactly one name may contain 'FRED TB3MS)'" in str(err.value)
