"""Buoyancy of other (non-land) revenue to nominal GDP, estimated by OLS on the reference history.

    log(R_t) = a + e * log(Y_t) + u_t

R_t: total revenue less land premium and investment income for fiscal year t [HK$ bn]
(hk_fiscal_long.csv; land premium also from hk_land_premium.csv); Y_t: nominal GDP of the
calendar year in which fiscal year t starts [HK$ bn] (hk_macro.csv). e is the long-run
elasticity the engine uses as `other_revenue_gdp_elasticity` (inputs/fiscal.yaml), which stays
the user's choice: the estimate is reported beside it, never substituted.

One row per fiscal year and item: actual, then provisional, then revised (Budget estimates are
never used); verified rows before recalled ones. A year enters the sample when it has all three
items and a GDP level. statsmodels is imported only here.
"""

from dataclasses import dataclass

import numpy as np

from finmodel.inputs import history

KIND_ORDER = {"actual": 0, "provisional": 1, "revised": 2}
ITEMS = ("total_revenue", "land_premium", "investment_income")
HISTORY_TABLES = ("hk_fiscal_long", "hk_land_premium", "hk_macro")
CAVEATS = (
    "Fiscal-year revenue is paired with the GDP of the calendar year in which the fiscal year starts "
    "(about three quarters of the fiscal year); the robustness line uses 0.75 x GDP(t) + 0.25 x GDP(t+1), "
    "which drops years without the next calendar year's GDP.",
    "Some land premium and revenue rows are recalled rather than verified against a primary source "
    "(the 'verified only' line keeps years whose three items are all verified).",
    "Investment income comes from two sources with different definitions (GRA + Land Fund to 2011-12; "
    "GRA and Funds from 2014-15); 2015-16 revenue is after a HK$45bn provision for the Housing Reserve.",
    "Log-level OLS on a short, gappy annual sample: residuals may be serially correlated, so the "
    "confidence interval is likely too narrow.",
)


@dataclass(frozen=True)
class BuoyancyEstimate:
    """The OLS estimate, its 95% confidence interval, sample and robustness checks."""

    elasticity: float
    ci_low: float
    ci_high: float
    std_error: float
    r_squared: float
    n_obs: int
    sample: tuple                  # fiscal-year labels used
    recalled_years: tuple          # years with at least one recalled item
    verified_only: dict            # same regression on verified years: elasticity, ci, n
    fiscal_year_gdp: dict          # same regression with 0.75/0.25 fiscal-year GDP: elasticity, ci, n

    def as_dict(self) -> dict:
        return {"method": "OLS of log(non-land revenue ex investment income) on log(nominal GDP), statsmodels",
                "elasticity": self.elasticity, "ci95": [self.ci_low, self.ci_high], "std_error": self.std_error,
                "r_squared": self.r_squared, "n_obs": self.n_obs, "sample": list(self.sample),
                "recalled_years": list(self.recalled_years), "verified_only": self.verified_only,
                "fiscal_year_gdp": self.fiscal_year_gdp, "caveats": list(CAVEATS)}

    def sentence(self, used: float) -> str:
        inside = self.ci_low <= used <= self.ci_high
        return (f"Estimated buoyancy of other revenue to nominal GDP {self.elasticity:.3f} "
                f"(95% CI {self.ci_low:.3f} to {self.ci_high:.3f}; OLS, {self.n_obs} fiscal years "
                f"{self.sample[0]} to {self.sample[-1]}); the model uses {used:g} "
                f"({'inside' if inside else 'OUTSIDE'} the interval; set other_revenue_gdp_elasticity in fiscal.yaml).")


def sample(root=history.HISTORY_DIR):
    """The estimation sample: one row per fiscal year with revenue items, GDP and a verified flag."""
    import pandas as pd

    f = history.fiscal(root)
    land = history.land_premium(root).rename(columns={"land_premium_hkd_bn": "value"})
    land["item"] = "land_premium"
    rows = pd.concat([f[f["item"].isin(ITEMS)], land], ignore_index=True)[["fiscal_year", "kind", "item", "value", "confidence"]]
    rows = rows[rows["kind"].isin(list(KIND_ORDER))].copy()
    rows["rank"] = rows["kind"].map(KIND_ORDER) + 10 * (rows["confidence"] != "verified")
    best = rows.sort_values(["fiscal_year", "item", "rank"], kind="stable").groupby(["fiscal_year", "item"]).first().reset_index()
    value = best.pivot(index="fiscal_year", columns="item", values="value")
    conf = best.pivot(index="fiscal_year", columns="item", values="confidence")
    d = value.dropna(subset=list(ITEMS)).copy()
    d["verified"] = (conf.loc[d.index, list(ITEMS)] == "verified").all(axis=1)
    start = d.index.str[:4].astype(int)
    gdp = history.macro(root).set_index("year")["nominal_gdp_hkd_bn"]
    d["gdp_hkd_bn"] = start.map(gdp).to_numpy(dtype=float)
    d["gdp_fy_hkd_bn"] = 0.75 * d["gdp_hkd_bn"] + 0.25 * (start + 1).map(gdp).to_numpy(dtype=float)
    d["other_revenue_hkd_bn"] = d["total_revenue"] - d["land_premium"] - d["investment_income"]
    return d.dropna(subset=["gdp_hkd_bn"])


def _ols(d, gdp_col):
    import statsmodels.api as sm

    d = d.dropna(subset=[gdp_col])
    fit = sm.OLS(np.log(d["other_revenue_hkd_bn"].to_numpy()), sm.add_constant(np.log(d[gdp_col].to_numpy()))).fit()
    lo, hi = fit.conf_int(0.05)[1]
    return fit, float(lo), float(hi), d


def estimate(root=history.HISTORY_DIR) -> BuoyancyEstimate:
    """Estimate the elasticity with its 95% CI and two robustness checks."""
    d = sample(root)
    fit, lo, hi, used = _ols(d, "gdp_hkd_bn")

    def brief(sub, col):
        if len(sub.dropna(subset=[col])) < 3:
            return {"elasticity": None, "ci95": None, "n_obs": int(len(sub))}
        f, a, b, u = _ols(sub, col)
        return {"elasticity": float(f.params[1]), "ci95": [a, b], "n_obs": int(len(u)), "sample": list(u.index)}

    return BuoyancyEstimate(
        elasticity=float(fit.params[1]), ci_low=lo, ci_high=hi, std_error=float(fit.bse[1]), r_squared=float(fit.rsquared),
        n_obs=int(fit.nobs), sample=tuple(used.index), recalled_years=tuple(used.index[~used["verified"].to_numpy()]),
        verified_only=brief(d[d["verified"]], "gdp_hkd_bn"), fiscal_year_gdp=brief(d, "gdp_fy_hkd_bn"))
