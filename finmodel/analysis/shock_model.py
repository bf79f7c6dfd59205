"""The shock model for stochastic projections, estimated on Hong Kong's annual macro history.

Default (method "ec"): the European Commission's approach for stochastic debt projections —
the historical variance-covariance matrix of the annual shocks, no lags, drawn as joint normal
deviations around the baseline. Options: "var" (a VAR with its lag order chosen by BIC,
statsmodels, imported only then) and "bootstrap" (blocks of consecutive historical years,
resampled). Beside the four macro variables, the model carries the Budget's revenue forecast
errors (estimates against outturns in the history tables) and the stated FX and spread
volatilities of the inputs.

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

VAR estimation (method "var"; statsmodels VAR, OLS with a constant):

    y_t = c + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t,   u_t ~ (0, Sigma_u)

p is chosen by an information criterion (BIC by default) from 0 to a cap that keeps at least
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
MIN_AR_PAIRS = 5          # consecutive-year pairs below which a variable's persistence is not estimated (0)
HISTORY_FILES = ("hk_macro.csv", "hk_land_premium.csv", "hk_rates_annual.csv", "hk_fiscal_long.csv", "hk_budget_estimates.csv")
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
    criterion: str = "bic"
    max_lags: int = 1
    method: str = "var"
    recalled_share: dict = field(default_factory=dict)
    revenue_error_sd_pct: float = 0.0          # root mean square of the errors (gross of the GDP channel)
    revenue_error_years: tuple = ()
    revenue_errors_pct: tuple = ()
    revenue_error_left_out: tuple = ()
    selection: dict = field(default_factory=dict)
    diagnostics: dict = field(default_factory=dict)
    notes: tuple = ()
    persistence: np.ndarray | None = None        # (k,) AR(1) coefficient per variable (ec); None: no memory
    persistence_pairs: tuple = ()                # consecutive-year pairs each coefficient rests on
    covariance_scale: float = 1.0                # k of `scaled`: sigma_u, resid are k (k^2) times the estimate's

    @property
    def k(self) -> int:
        return len(self.names)


def max_lags_for(n_obs: int, k: int) -> int:
    """The largest p with (n_obs - p) >= OBS_PER_COEFFICIENT * (1 + k p), at least 0."""
    p = 0
    while n_obs - (p + 1) >= OBS_PER_COEFFICIENT * (1 + k * (p + 1)):
        p += 1
    return p


@dataclass(frozen=True)
class HistorySample:
    """The annual sample the shock model is estimated on: calendar years, the four NAMES columns (NaN where missing)
    and each year's land premium confidence (None where the year has no land premium row)."""

    years: tuple
    data: np.ndarray          # (n, k), columns in NAMES order, one row per year
    land_confidence: tuple


def history_sample(root=history.HISTORY_DIR, exclude_recalled: bool = False, contiguous: bool = True) -> tuple:
    """The annual table the shock model is estimated on, with a note per choice made: (HistorySample, notes).

    Years are every calendar year any of the three tables holds, in order; the sample is restricted to the longest
    run of consecutive complete years (or, with contiguous=False, every complete year). exclude_recalled drops the
    years whose land premium is marked recalled. Read without pandas (`history.read_rows`): simulate never imports it.
    """
    history.check(root, HISTORY_TABLES)
    macro = {r["year"]: r for r in history.read_rows("hk_macro", root)}
    land = {}                                     # per calendar year: the actual, else the revised figure
    for r in history.read_rows("hk_land_premium", root):
        rank = {"actual": 0, "revised": 1}.get(r["kind"])
        year = int(r["fiscal_year"][:4])
        if rank is not None and (year not in land or rank < land[year][0]):
            land[year] = (rank, r)
    rates = [r for r in history.read_rows("hk_rates_annual", root) if f"FRED {RATE_SERIES})" in r["series"]]
    series = sorted({r["series"] for r in rates})
    if len(series) > 1:   # which one is the short rate would be a guess
        from finmodel.inputs.errors import InputError, Problem

        raise InputError([Problem(str(Path(root) / "hk_rates_annual.csv"), "series", "; ".join(series),
                                  f"one series for the short rate: exactly one name may contain 'FRED {RATE_SERIES})'")])
    rate = {r["year"]: r["value_pct"] for r in rates}
    all_years = sorted(set(macro) | set(land) | set(rate))

    def number(x):
        return np.nan if x is None else x

    def row(y):
        gdp_row, land_row = macro.get(y, {}), land.get(y, (None, {}))[1]
        share = (100.0 * land_row["land_premium_hkd_bn"] / number(gdp_row.get("nominal_gdp_hkd_bn"))   # (100 L) / Y, the
                 if land_row and gdp_row else np.nan)                                       # frame's order, to the bit
        if exclude_recalled and land_row.get("confidence") == "recalled":
            share = np.nan
        return [number(gdp_row.get("real_growth_pct")), number(gdp_row.get("deflator_pct")), share, number(rate.get(y))]

    table = np.array([row(y) for y in all_years], dtype=float).reshape(len(all_years), len(NAMES))
    confidence = [land[y][1]["confidence"] if y in land else None for y in all_years]
    needed = [i for i, n in enumerate(NAMES) if not (exclude_recalled and not contiguous and n == "land_share_gdp_pct")]
    complete = ~np.isnan(table[:, needed]).any(axis=1)
    years = [y for y, ok in zip(all_years, complete) if ok]
    runs, start = [], 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            runs.append(years[start:i])
            start = i
    best = max(runs, key=lambda r: (len(r), r[-1])) if runs else []
    if not contiguous:
        best = years
    at = [all_years.index(y) for y in best]
    sample = HistorySample(tuple(best), table[at], tuple(confidence[i] for i in at))
    recalled = [y for y, c in zip(best, sample.land_confidence) if c == "recalled"]
    dropped = sorted(set(all_years) - set(best))
    notes = (
        (f"Sample: calendar years {best[0]}-{best[-1]} ({len(best)} observations), "
         + ("the longest run of consecutive years with all four variables." if contiguous else
            "every year with all four variables (the covariance needs no consecutive years).")) if best else "Sample: empty.",
        ("Recalled land premium rows excluded (--exclude-recalled): the land share's variance and covariances use "
         "the sourced years only (pairwise)." if not contiguous else
         "Recalled land premium rows excluded (--exclude-recalled).") if exclude_recalled else
        "Recalled land premium rows used (--exclude-recalled drops them).",
        f"Years outside the sample (a variable missing, or not contiguous): {_years(dropped)}.",
        "Land premium share: fiscal year t-(t+1) land premium (actual, else revised estimate; Budget estimates "
        "never used) divided by calendar-year-t nominal GDP.",
        f"Land premium figures marked 'recalled' (no primary source found) used for: {_years(recalled)}." if recalled
        else "No recalled land premium figures in the sample.",
        f"Short rate: US 3-month Treasury bill ({RATE_SERIES}, annual average) as the full-sample proxy for HIBOR "
        "under the Linked Exchange Rate System.",
    )
    return sample, notes


def history_frame(root=history.HISTORY_DIR, exclude_recalled: bool = False, contiguous: bool = True):
    """`history_sample` as (`sample_frame`, notes)."""
    sample, notes = history_sample(root, exclude_recalled=exclude_recalled, contiguous=contiguous)
    return sample_frame(sample), notes


def sample_frame(sample: HistorySample):
    """The sample as a pandas DataFrame indexed by year, with the NAMES columns and `land_confidence`: the VAR's input
    (statsmodels reads frames)."""
    import pandas as pd

    frame = pd.DataFrame(sample.data, columns=list(NAMES), index=pd.Index(list(sample.years), name="year", dtype="int64"))
    frame["land_confidence"] = [np.nan if c is None else c for c in sample.land_confidence]
    return frame


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


METHODS = ("ec", "var", "bootstrap")


def estimate_covariance(data, years, names=NAMES, notes=()) -> ShockModel:
    """The EC approach: shocks are deviations from the sample means, drawn from the sample covariance (no lags).

    sigma = 1 / (n - 1) sum_t (y_t - ybar)(y_t - ybar)' (pairwise over the years both variables are recorded, where
    one has gaps: `pairwise_covariance`); resid = y_t - ybar (the block bootstrap resamples these). numpy only.
    data: (n, k) in the order of `names`, one row per calendar year in `years`.
    """
    data = np.asfortranarray(data, dtype=float)   # column by column, as a frame holds it: numpy sums in memory order
    n, k = data.shape
    counts = (~np.isnan(data)).sum(axis=0)
    if counts.min() < 3 or n < k + 2:
        raise ValueError(f"shock model: {int(counts.min())} observations are too few for the covariance of {k} variables")
    sigma = nearest_psd(pairwise_covariance(data, min_periods=3))
    resid = np.nan_to_num(data - np.nanmean(data, axis=0))             # a missing value is a zero deviation
    years = tuple(int(y) for y in years)
    rho, pairs = ar1_coefficients(data, years)
    return ShockModel(
        names=tuple(names), lag_order=0, coefs=np.zeros((0, k, k)), intercept=np.nanmean(data, axis=0),
        sigma_u=sigma, resid=resid, resid_years=years, sample_years=years, data=data,
        criterion="none", max_lags=0, method="ec", diagnostics={"n_obs_used": n, "residual_sd": [float(x) for x in np.sqrt(np.diag(sigma))]},
        notes=tuple(notes), persistence=rho, persistence_pairs=pairs)


def pairwise_covariance(data: np.ndarray, min_periods: int = 1) -> np.ndarray:
    """The sample covariance (ddof 1) of the columns of `data`: `np.cov` when nothing is missing; else each pair over the
    rows where both are recorded (NaN below `min_periods` rows), accumulated as Welford's method does, in the order of
    pandas' `DataFrame.cov`, so the figures are the ones it gives:

        n += 1;  dx = x - mx;  dy = y - my;  mx += dx / n;  my += dy / n;  c += (x - mx) dy;   cov = c / (n - 1)
    """
    data = np.asfortranarray(data, dtype=float)   # column by column, as pandas holds a frame: np.cov sums in memory order
    n, k = data.shape
    if not np.isnan(data).any():
        return np.full((k, k), np.nan) if min_periods > n else np.cov(data.T, ddof=1).reshape(k, k)
    out = np.empty((k, k))
    rows = data.tolist()
    for i in range(k):
        for j in range(i + 1):
            count, mean_x, mean_y, c = 0, 0.0, 0.0, 0.0
            for r in rows:
                x, y = r[i], r[j]
                if x == x and y == y:
                    count += 1
                    dx, dy = x - mean_x, y - mean_y
                    mean_x += 1.0 / count * dx
                    mean_y += 1.0 / count * dy
                    c += (x - mean_x) * dy
            out[i, j] = out[j, i] = c / (count - 1.0) if count >= min_periods and count > 1 else np.nan
    return out


def ar1_coefficients(data: np.ndarray, years) -> tuple:
    """Each variable's lag-1 autocorrelation (Yule-Walker), and the consecutive-year pairs behind it.

    rho_i = sum over pairs (x_t - xbar)(x_{t-1} - xbar) / sum_t (x_t - xbar)^2, over the years where
    x is recorded, a pair being two recorded consecutive calendar years (statsmodels' `acf` when
    nothing is missing). |rho_i| <= 1 by Cauchy-Schwarz, so the AR(1) is stationary. A variable
    with fewer than MIN_AR_PAIRS pairs gets rho_i = 0: no memory can be estimated from it. The
    standard error is about sqrt((1 - rho_i^2) / pairs_i).
    """
    data = np.asarray(data, dtype=float)
    years = np.asarray(years)
    x = data - np.nanmean(data, axis=0)
    consecutive = np.diff(years) == 1
    rho, pairs = np.zeros(data.shape[1]), []
    for i in range(data.shape[1]):
        both = consecutive & ~np.isnan(x[1:, i]) & ~np.isnan(x[:-1, i])
        pairs.append(int(both.sum()))
        if both.sum() >= MIN_AR_PAIRS:
            rho[i] = np.sum(x[1:, i][both] * x[:-1, i][both]) / np.nansum(x[:, i] ** 2)
    return rho, tuple(pairs)


def nearest_psd(sigma: np.ndarray) -> np.ndarray:
    """The covariance with negative eigenvalues set to zero (a pairwise estimate need not be positive semi-definite)."""
    w, v = np.linalg.eigh((sigma + sigma.T) / 2.0)
    if w.min() >= 0:
        return sigma
    return (v * np.clip(w, 0.0, None)) @ v.T


def recalled_share(root=history.HISTORY_DIR, years=(), excluded: bool = False) -> dict:
    """Share of the sample's observations marked 'recalled', per variable (only land premium rows carry the flag)."""
    flagged = {int(r["fiscal_year"][:4]) for r in history.read_rows("hk_land_premium", root)
               if r["kind"] in ("actual", "revised") and r["confidence"] == "recalled"}
    n = max(len(years), 1)
    share = 0.0 if excluded else sum(1 for y in years if y in flagged) / n
    return {"real_growth_pct": 0.0, "deflator_pct": 0.0, "land_share_gdp_pct": share, "short_rate_pct": 0.0}


def revenue_forecast_errors(root=history.HISTORY_DIR):
    """The Budget's forecast errors of revenue other than land premium: (years, errors %, years left out with why).

    e = (R_final - L_final) / (R_estimate - L_estimate) - 1, R total revenue, L land premium, for
    every fiscal year with all four figures. Land premium is taken out because the land shock
    already carries its errors. Estimates: hk_fiscal_long.csv and hk_budget_estimates.csv (kind
    estimate), hk_land_premium.csv; finals: actual, else provisional, else revised.
    """
    rev = [r for name in ("hk_fiscal_long", "hk_budget_estimates") for r in history.read_rows(name, root)
           if r["item"] == "total_revenue"]
    land = history.read_rows("hk_land_premium", root)
    rank = {"actual": 0, "provisional": 1, "revised": 2}

    def pick(rows, column) -> dict:
        """{fiscal year: (its first estimate, its final by `rank`, the first row of the best kind)}, None where absent."""
        est, final = {}, {}
        for r in rows:
            fy, kind, value = r["fiscal_year"], r["kind"], r[column]
            if kind == "estimate":
                est.setdefault(fy, float(value))
            elif kind in rank and (fy not in final or rank[kind] < final[fy][0]):
                final[fy] = (rank[kind], float(value))
        return {fy: (est.get(fy), final[fy][1] if fy in final else None) for fy in {r["fiscal_year"] for r in rows}}

    revenue, land_by_year = pick(rev, "value"), pick(land, "land_premium_hkd_bn")
    years, errors, left_out = [], [], []
    for fy in sorted({r["fiscal_year"] for r in rev}):
        r_est, r_fin = revenue[fy]
        l_est, l_fin = land_by_year.get(fy, (None, None))
        if r_est is None or r_fin is None:
            continue
        if l_est is None or l_fin is None:
            left_out.append(f"{fy} (land premium {'outturn' if l_fin is None else 'estimate'} not recorded)")
            continue
        years.append(str(fy))
        errors.append(100.0 * ((r_fin - l_fin) / (r_est - l_est) - 1.0))
    return tuple(years), np.asarray(errors, dtype=float), tuple(left_out)


def load(root=history.HISTORY_DIR, method: str = "ec", exclude_recalled: bool = False, criterion: str = "bic") -> ShockModel:
    """Read the history tables in `root` and estimate the shock model (InputError if the sample is too short)."""
    from dataclasses import replace

    from finmodel.inputs.errors import InputError, Problem

    sample, notes = history_sample(root, exclude_recalled=exclude_recalled, contiguous=(method == "var"))
    k = len(NAMES)
    needed = 3 * (1 + k) if method == "var" else k + 2
    if len(sample.years) < needed:
        kind = "consecutive years" if method == "var" else "years"
        span = f"{sample.years[0]}-{sample.years[-1]}" if sample.years else "none"
        what = "the VAR" if method == "var" else "the covariance"
        raise InputError([Problem(", ".join(str(Path(root) / f) for f in HISTORY_FILES[:3]), "shock model sample",
                                  f"{len(sample.years)} {kind} ({span})",
                                  f"{what} needs at least {needed} {'consecutive ' if method == 'var' else ''}calendar years in which "
                                  f"real growth and the deflator (hk_macro.csv), an actual or revised land premium "
                                  f"(hk_land_premium.csv) and the {RATE_SERIES} average (hk_rates_annual.csv) are all recorded; "
                                  "add the missing years")])
    try:
        model = (estimate(sample_frame(sample), criterion=criterion, notes=notes)
                 if method == "var" else estimate_covariance(sample.data, sample.years, notes=notes))
    except ValueError as exc:
        raise InputError([Problem(", ".join(str(Path(root) / f) for f in HISTORY_FILES[:3]), "shock model sample",
                                  f"{len(sample.years)} years", str(exc))]) from None
    years, errors, left_out = revenue_forecast_errors(root)
    sd = float(np.sqrt(np.mean(errors ** 2))) if len(errors) else 0.0
    return replace(model, method=method, recalled_share=recalled_share(root, model.sample_years, exclude_recalled),
                   revenue_error_sd_pct=sd, revenue_error_years=years, revenue_errors_pct=tuple(float(e) for e in errors),
                   revenue_error_left_out=left_out)


def scaled(model: ShockModel, k: float) -> ShockModel:
    """The model with every shock k times as large: Sigma -> k^2 Sigma, residuals (the bootstrap's draws) -> k u, and
    the revenue error k s (`shock_paths.revenue_error_sd` reads covariance_scale); persistence, means and data unchanged.
    Scales compose: scaled(scaled(m, a), b) = scaled(m, a b)."""
    from dataclasses import replace

    k = float(k)
    return replace(model, sigma_u=k * k * np.asarray(model.sigma_u), resid=k * np.asarray(model.resid),
                   covariance_scale=model.covariance_scale * k)


def history_hashes(root=history.HISTORY_DIR) -> dict:
    """SHA-256 of each history file the shock model reads (for the run record)."""
    return history.hashes(root, HISTORY_TABLES)
