"""The shock model for stochastic projections: a VAR on Hong Kong's annual macro history.

Four variables, in percent, one row per calendar year t:

    real_growth_pct     real GDP growth (C&SD via World Bank WDI, `hk_macro.csv`)
    deflator_pct        GDP deflator change (same source)
    land_share_gdp_pct  land premium of fiscal year t-(t+1) / nominal GDP of calendar year t
    short_rate_pct      US 3-month Treasury bill rate (FRED TB3MS), annual average

Alignment: fiscal year t-(t+1) runs April t to March t+1, three quarters of it in calendar year
t, so its land premium is divided by calendar-year-t GDP (the pairing the Budget uses for its
fiscal-year ratios). Land premium takes the final figure for each fiscal year (actual, else the
revised estimate; a Budget estimate is a plan, not an outcome, and is never used). Rows marked
`recalled` (no primary source found) are used, because without them the land series has no
contiguous stretch long enough to estimate anything; the model lists the years that rest on them.
No gap is interpolated: the sample is the longest run of consecutive years in which all four
variables are present. The short rate is the US bill rate because HIBOR tracks US rates under
the Linked Exchange Rate System and the HIBOR record starts only in 2002 (`SOURCES.md`).

Estimation (statsmodels VAR, OLS with a constant):

    y_t = c + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t,   u_t ~ (0, Sigma_u)

p is chosen by an information criterion (AIC by default) from 0 to a cap that keeps at least
three observations per coefficient in each equation: (n - p) >= 3 (1 + k p). With about twenty
annual observations and k = 4 the cap is one lag.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from finmodel.inputs import history

NAMES = ("real_growth_pct", "deflator_pct", "land_share_gdp_pct", "short_rate_pct")
RATE_SERIES = "TB3MS"
OBS_PER_COEFFICIENT = 3
HISTORY_FILES = ("hk_macro.csv", "hk_land_premium.csv", "hk_rates_annual.csv")
HISTORY_TABLES = tuple(name.removesuffix(".csv") for name in HISTORY_FILES)


@dataclass(frozen=True)
class ShockModel:
    """An estimated VAR(p): coefficients and residuals in the units of the data (percent).

    coefs: (p, k, k), coefs[j] multiplies y_{t-j-1}; intercept: (k,); sigma_u: (k, k) residual
    covariance (degrees-of-freedom adjusted); resid: (n - p, k) residuals, one row per year in
    resid_years; data: (n, k) the sample itself, one row per year in sample_years.
    """

    names: tuple
    lag_order: int
    coefs: np.ndarray
    intercept: np.ndarray
    sigma_u: np.ndarray
    resid: np.ndarray
    resid_years: tuple
    sample_years: tuple
    data: np.ndarray
    criterion: str = "aic"
    max_lags: int = 1
    selection: dict = field(default_factory=dict)
    diagnostics: dict = field(default_factory=dict)
    notes: tuple = ()

    @property
    def k(self) -> int:
        return len(self.names)


def max_lags_for(n_obs: int, k: int) -> int:
    """The largest p with (n_obs - p) >= OBS_PER_COEFFICIENT * (1 + k p), at least 0."""
    p = 0
    while n_obs - (p + 1) >= OBS_PER_COEFFICIENT * (1 + k * (p + 1)):
        p += 1
    return p


def history_frame(root=history.HISTORY_DIR):
    """The annual table the shock model is estimated on, with a note per choice made.

    Returns (frame, notes): frame indexed by calendar year with the four NAMES columns and
    `land_confidence`, restricted to the longest run of consecutive complete years.
    """
    import pandas as pd

    history.check(root, HISTORY_TABLES)
    macro = history.macro(root).set_index("year")
    land = history.land_premium(root)
    land = land[land["kind"].isin(["actual", "revised"])].copy()
    land["year"] = land["fiscal_year"].str[:4].astype(int)
    land["rank"] = land["kind"].map({"actual": 0, "revised": 1})
    land = land.sort_values(["year", "rank"]).groupby("year").first()
    rates = history.rates_annual(root)
    rate = rates[rates["series"].str.contains(f"FRED {RATE_SERIES})", regex=False)].set_index("year")["value_pct"]

    df = pd.DataFrame({
        "real_growth_pct": macro["real_growth_pct"],
        "deflator_pct": macro["deflator_pct"],
        "land_share_gdp_pct": 100.0 * land["land_premium_hkd_bn"] / macro["nominal_gdp_hkd_bn"],
        "short_rate_pct": rate,
    })
    df["land_confidence"] = land["confidence"]
    complete = df[list(NAMES)].notna().all(axis=1)
    years = [int(y) for y in df.index[complete]]
    runs, start = [], 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            runs.append(years[start:i])
            start = i
    best = max(runs, key=lambda r: (len(r), r[-1])) if runs else []
    frame = df.loc[best].copy()
    frame.index.name = "year"
    recalled = [int(y) for y in frame.index[frame["land_confidence"] == "recalled"]]
    dropped = sorted(set(int(y) for y in df.index) - set(best))
    notes = (
        f"Sample: calendar years {best[0]}-{best[-1]} ({len(best)} observations), the longest run of consecutive "
        f"years with all four variables." if best else "Sample: empty.",
        f"Years outside the sample (a variable missing, or not contiguous): {_years(dropped)}.",
        "Land premium share: fiscal year t-(t+1) land premium (actual, else revised estimate; Budget estimates "
        "never used) divided by calendar-year-t nominal GDP.",
        f"Land premium figures marked 'recalled' (no primary source found) used for: {_years(recalled)}." if recalled
        else "No recalled land premium figures in the sample.",
        f"Short rate: US 3-month Treasury bill ({RATE_SERIES}, annual average) as the full-sample proxy for HIBOR "
        "under the Linked Exchange Rate System.",
    )
    return frame, notes


def _years(years) -> str:
    return ", ".join(str(y) for y in years) if years else "none"


def estimate(frame, names=NAMES, max_lags=None, criterion="aic", notes=()) -> ShockModel:
    """Fit a VAR to `frame[names]` with the lag order chosen by `criterion` (aic, bic, hqic, fpe).

    max_lags defaults to the cap of `max_lags_for`. Raises ValueError when the sample is too
    short for even a VAR(0).
    """
    from statsmodels.tsa.api import VAR

    data = frame[list(names)].astype(float)
    n, k = data.shape
    if n < 3 * (1 + k):
        raise ValueError(f"shock model: {n} observations are too few for {k} variables")
    cap = max_lags_for(n, k) if max_lags is None else int(max_lags)
    model = VAR(data.reset_index(drop=True))
    selection = {}
    if cap > 0:
        sel = model.select_order(cap)
        selection = {c: [float(v) for v in sel.ics[c]] for c in ("aic", "bic", "hqic", "fpe")}
        p = int(sel.selected_orders[criterion])
    else:
        p = 0
    fit = model.fit(p)
    coefs = np.asarray(fit.coefs, dtype=float).reshape(p, k, k)
    resid = np.asarray(fit.resid, dtype=float)
    years = [int(y) for y in frame.index]
    return ShockModel(
        names=tuple(names), lag_order=p, coefs=coefs, intercept=np.asarray(fit.params, dtype=float)[0],
        sigma_u=np.asarray(fit.sigma_u, dtype=float), resid=resid, resid_years=tuple(years[p:]),
        sample_years=tuple(years), data=data.to_numpy(), criterion=criterion, max_lags=cap,
        selection=selection, diagnostics=_diagnostics(fit, p, k), notes=tuple(notes))


def _diagnostics(fit, p, k) -> dict:
    """Stability, residual whiteness and normality (p-values), residual standard deviations."""
    d = {"n_obs_used": int(fit.nobs), "residual_sd": [float(s) for s in np.sqrt(np.diag(np.asarray(fit.sigma_u)))]}
    if p > 0:
        companion = np.zeros((k * p, k * p))
        companion[:k, :] = np.hstack(list(fit.coefs))
        if p > 1:
            companion[k:, :-k] = np.eye(k * (p - 1))
        d["max_root_modulus"] = float(np.max(np.abs(np.linalg.eigvals(companion))))
        d["stable"] = bool(d["max_root_modulus"] < 1.0)
        nlags = max(p + 1, min(4, int(fit.nobs) // 5))
        d["whiteness_lags"] = nlags
        d["whiteness_pvalue"] = float(fit.test_whiteness(nlags=nlags).pvalue)
    else:
        d["max_root_modulus"] = 0.0
        d["stable"] = True
    d["normality_pvalue"] = float(fit.test_normality().pvalue)
    return d


def load(root=history.HISTORY_DIR, criterion="aic") -> ShockModel:
    """Read the history tables in `root` and estimate the shock model (InputError if the sample is too short)."""
    from finmodel.inputs.errors import InputError, Problem

    frame, notes = history_frame(root)
    k = len(NAMES)
    if len(frame) < 3 * (1 + k):
        years = f"{frame.index[0]}-{frame.index[-1]}" if len(frame) else "none"
        raise InputError([Problem(", ".join(str(Path(root) / f) for f in HISTORY_FILES), "shock model sample",
                                  f"{len(frame)} consecutive years ({years})",
                                  f"the VAR needs at least {3 * (1 + k)} consecutive calendar years in which real growth and the "
                                  f"deflator (hk_macro.csv), an actual or revised land premium (hk_land_premium.csv) and the "
                                  f"{RATE_SERIES} average (hk_rates_annual.csv) are all recorded; add the missing years")])
    return estimate(frame, criterion=criterion, notes=notes)


def history_hashes(root=history.HISTORY_DIR) -> dict:
    """SHA-256 of each history file the shock model reads (for the run record)."""
    import hashlib

    return {f"history/{name}": hashlib.sha256((Path(root) / name).read_bytes()).hexdigest() for name in HISTORY_FILES}
