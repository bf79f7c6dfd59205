"""The year tracked against the Budget: the year to date, the same months of past years, the full year estimated.

Revenue in Hong Kong arrives late in the year (salaries and profits tax in the last quarter, land sales when they
happen), so a deficit to date says little on its own. The seasonal pattern is read from the record
(`hk_monthly_results.csv`): for each complete past year j the share of the year's revenue received, and of its
spending spent, by the same month, s_R,j = R_k,j / R_12,j and s_E,j = E_k,j / E_12,j. Each past year gives an
estimate of the full year, R̂_j = R_k / s_R,j and Ê_j = E_k / s_E,j; the balance before bonds is R̂_j − Ê_j, after
bonds it adds the net bond proceeds to date (bonds not yet issued are not guessed). The estimate is the median over
the past years, its range their 10th to 90th percentiles; the implied end-year reserves are the reserves at the
start of the year plus the balance after bonds (the change in the fiscal reserves). Only years before the tracked one
are used, so an estimate for a past year is one that could have been made at the time.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

RANGE_PCT = (10, 90)
SHOWN_PAST_YEARS = 5
MIN_RECORD_YEARS = 3
FLOWS = ("revenue_hkd_bn", "expenditure_hkd_bn", "balance_before_bonds_hkd_bn", "net_bond_proceeds_hkd_bn",
         "balance_after_bonds_hkd_bn")


class TrackerError(ValueError):
    """The record cannot support the estimate asked for (a year or month not in it, too few past years)."""


@dataclass
class Tracker:
    """One year tracked: its year to date by month, the full-year estimate with its range, the Budget's figures."""

    fiscal_year: str
    months: int
    last_month: str
    record_years: list
    table: pd.DataFrame
    estimate: dict
    budget: dict
    opening_reserves: dict
    notes: list = field(default_factory=list)


def year_months(monthly: pd.DataFrame, fy: str) -> pd.DataFrame:
    """The months of a fiscal year in order, April first (the record's rows as they are)."""
    rows = monthly[monthly["fiscal_year"] == fy].sort_values("month_end")
    return rows.reset_index(drop=True)


def complete_years(monthly: pd.DataFrame, before: str) -> list:
    """The fiscal years before `before` with all twelve months in the record."""
    counts = monthly.groupby("fiscal_year")["month_end"].count()
    return [fy for fy, n in counts.items() if n == 12 and fy < before]


def shares(monthly: pd.DataFrame, years: list, k: int | None = None) -> pd.DataFrame:
    """Per past year: the share of the full year's revenue and expenditure reached by month k (1 = April; None: every
    month, columns revenue_share_<k> and expenditure_share_<k>)."""
    out = []
    for fy in years:
        rows = year_months(monthly, fy)
        rev, spend = rows["revenue_hkd_bn"].cumsum().to_numpy(), rows["expenditure_hkd_bn"].cumsum().to_numpy()
        months = range(1, 13) if k is None else (k,)
        out.append({"fiscal_year": fy, **{f"revenue_share{'' if k else f'_{m}'}": rev[m - 1] / rev[-1] for m in months},
                    **{f"expenditure_share{'' if k else f'_{m}'}": spend[m - 1] / spend[-1] for m in months}})
    return pd.DataFrame(out).set_index("fiscal_year")


def track(monthly: pd.DataFrame, fy: str, budget: dict, opening: dict, months: int | None = None,
          record_years: int | None = None) -> Tracker:
    """Track fiscal year `fy` from its first `months` months (default: all in the record) against `budget`
    ({estimate_hkd_bn, revised_hkd_bn, source}); `opening`: the reserves at the start of the year ({value_hkd_bn, ...});
    record_years: how many of the latest complete past years to learn the season from (default: all)."""
    rows = year_months(monthly, fy)
    if rows.empty:
        raise TrackerError(f"no month of {fy} in the record")
    k = len(rows) if months is None else months
    if not 1 <= k <= len(rows):
        raise TrackerError(f"{fy} has {len(rows)} month(s) in the record; asked for {k}")
    past = complete_years(monthly, fy)
    past = past[-record_years:] if record_years else past
    if len(past) < MIN_RECORD_YEARS:
        raise TrackerError(f"{len(past)} complete past year(s) before {fy} in the record: at least {MIN_RECORD_YEARS} are needed")
    ytd = rows.iloc[:k][list(FLOWS)].sum()
    s = shares(monthly, past, k)
    revenue = ytd["revenue_hkd_bn"] / s["revenue_share"].to_numpy()
    spending = ytd["expenditure_hkd_bn"] / s["expenditure_share"].to_numpy()
    before = revenue - spending
    after = before + ytd["net_bond_proceeds_hkd_bn"]
    reserves = opening["value_hkd_bn"] + after
    estimate = {name: _spread(values) for name, values in (
        ("revenue_hkd_bn", revenue), ("expenditure_hkd_bn", spending), ("balance_before_bonds_hkd_bn", before),
        ("balance_hkd_bn", after), ("reserves_end_hkd_bn", reserves))}
    estimate["year_to_date"] = {name: float(ytd[name]) for name in FLOWS}
    estimate["against_budget_hkd_bn"] = (estimate["balance_hkd_bn"]["central"] - budget["estimate_hkd_bn"]
                                         if budget.get("estimate_hkd_bn") is not None else None)
    notes = [f"Seasonal pattern from {len(past)} complete past years ({past[0]} to {past[-1]}); range: their "
             f"{RANGE_PCT[0]}th to {RANGE_PCT[1]}th percentiles.",
             "Balance after bonds: the net bond proceeds to date only; bonds issued later in the year are not guessed."]
    return Tracker(fy, k, rows["month_end"].iloc[k - 1], past, _table(monthly, rows, k, past), estimate, budget, opening, notes)


def _spread(values) -> dict:
    low, high = np.percentile(values, RANGE_PCT)
    return {"central": float(np.median(values)), "low": float(low), "high": float(high)}


def _table(monthly, rows, k, past) -> pd.DataFrame:
    """Month by month of the year (April first): the year to date, the past years' median shares, recent past years."""
    table = pd.DataFrame({"month_end": rows["month_end"], "month_of_year": np.arange(1, len(rows) + 1)})
    for name, out in (("revenue_hkd_bn", "revenue_ytd_hkd_bn"), ("expenditure_hkd_bn", "expenditure_ytd_hkd_bn"),
                      ("balance_before_bonds_hkd_bn", "balance_before_bonds_ytd_hkd_bn"),
                      ("balance_after_bonds_hkd_bn", "balance_ytd_hkd_bn")):
        table[out] = rows[name].cumsum()
    table["used"] = table["month_of_year"] <= k
    table.loc[~table["used"], [c for c in table.columns if c.endswith("_ytd_hkd_bn")]] = np.nan   # months not used: empty
    full = pd.DataFrame({"month_of_year": np.arange(1, 13)})
    full = full.merge(table, on="month_of_year", how="left")
    med = shares(monthly, past).median()
    full["revenue_share_median_pct"] = [100 * med[f"revenue_share_{m}"] for m in range(1, 13)]
    full["expenditure_share_median_pct"] = [100 * med[f"expenditure_share_{m}"] for m in range(1, 13)]
    for fy in past[-SHOWN_PAST_YEARS:]:
        full[f"balance_ytd_{fy}_hkd_bn"] = year_months(monthly, fy)["balance_after_bonds_hkd_bn"].cumsum().to_numpy()
    full["used"] = full["used"].fillna(False).astype(bool)
    return full
