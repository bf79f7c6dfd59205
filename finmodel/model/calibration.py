"""Calibration to the Budget: fill the anchor years' unitemised residuals, account by account.

In each anchor year (the 2025-26 revised estimate and the 2026-27 estimate) the sources give
total revenue and expenditure and the Operating Account balance, but not every line. With
Operating expenditure = recurrent + non-recurrent spending (S14, S137):

    operating_revenue_t        = operating_expenditure_t + operating_balance_t
    other_revenue_t            = operating_revenue_t - investment_income_t - operating one-offs_t - minimum_tax_t
    other_non_operating_rev_t  = (budget_revenue_t - operating_revenue_t) - land_premium_t - non-operating one-offs_t
    other_capital_t            = (budget_expenditure_t - operating_expenditure_t) - capital_works_t - interest_t

Without a published Operating balance for a year, the whole unitemised revenue is read as
other (operating) revenue. The residuals are computed on the assumptions at hand with no
shocks, year by year (each year's investment income depends on the reserves the previous year
left), on the run's own central plan (a scenario's anchor years always reproduce the Budget;
the low and high plans, which change 2026-27 issuance, move its interest), and held fixed, so a
shock moves the totals instead of being absorbed by a residual.
"""

from dataclasses import replace

import numpy as np

from finmodel.inputs.assumptions import Assumptions
from finmodel.model.engine import project
from finmodel.model.engine_result import field_names


def calibrate(a: Assumptions) -> Assumptions:
    """Return assumptions whose anchor years reproduce the Budget's totals and its Operating balance."""
    other_rev = np.full(a.n_years, np.nan)
    other_non_op = np.full(a.n_years, np.nan)
    other_cap = np.full(a.n_years, np.nan)
    base = replace(a, issuance_plan_hkd_bn=a.plans["central"], plan_name="central", financing_rule="plan",
                   outturn_adjustment_hkd_bn=None)
    balance = a.operating_balance_anchor_hkd_bn if a.operating_balance_anchor_hkd_bn is not None else np.full(a.n_years, np.nan)
    for k in range(a.n_anchor):
        o = project(replace(base, other_revenue_fixed_hkd_bn=other_rev, other_non_operating_revenue_fixed_hkd_bn=other_non_op,
                            other_capital_fixed_hkd_bn=other_cap))
        line = {name: v[0, k] for name, v in o.select(field_names()).items() if v is not None and v.ndim == 2}
        operating_expenditure = line["recurrent_expenditure_hkd_bn"] + line["non_recurrent_expenditure_hkd_bn"]
        one_off_operating = line["one_off_receipts_hkd_bn"] - line["one_off_receipts_non_operating_hkd_bn"]
        if np.isnan(balance[k]):
            operating_revenue = a.budget_revenue_hkd_bn[k] - line["land_premium_hkd_bn"] - line["one_off_receipts_non_operating_hkd_bn"]
        else:
            operating_revenue = operating_expenditure + balance[k]
        other_rev[k] = operating_revenue - line["investment_income_hkd_bn"] - one_off_operating - line["minimum_tax_hkd_bn"]
        other_non_op[k] = (a.budget_revenue_hkd_bn[k] - operating_revenue - line["land_premium_hkd_bn"]
                           - line["one_off_receipts_non_operating_hkd_bn"])
        other_cap[k] = (a.budget_expenditure_hkd_bn[k] - operating_expenditure - line["capital_works_hkd_bn"]
                        - line["interest_hkd_bn"])
    calibrated = replace(a, other_revenue_fixed_hkd_bn=other_rev, other_non_operating_revenue_fixed_hkd_bn=other_non_op,
                         other_capital_fixed_hkd_bn=_keep_given(a.other_capital_fixed_hkd_bn, other_cap, a.n_anchor),
                         calibrated=True, outturn_adjustment_hkd_bn=None)
    return with_outturn(calibrated)


def with_outturn(a: Assumptions) -> Assumptions:
    """The calibrated assumptions with the reconciliation line from the outturn, where the inputs carry one.

    In the year k whose closing reserves the outturn gives (the revised-estimate year):
        outturn_adjustment_k = outturn_k - R_k,   R_k the model's reserves at 31 March from the revised estimate
    and zero in every other year, so the engine's reserves that year equal the outturn and every later year starts
    from it. The anchor years' residuals are calibrated without it (the Budget's own positions), so in the next
    year the higher or lower reserves earn their investment income on top of the Budget's revenue. Debt is
    unchanged: only the reserves' outturn is read, not the year's bond flows.
    """
    found = a.opening_outturn
    if found is None:
        return a
    k = int(found.year - a.years[0])
    if not 0 <= k < a.n_years:
        return a
    reserves = project(replace(a, outturn_adjustment_hkd_bn=None), lean=True).fiscal_reserves_hkd_bn[0, k]
    adjustment = np.zeros(a.n_years)
    adjustment[k] = found.outturn_hkd_bn - reserves
    return replace(a, outturn_adjustment_hkd_bn=adjustment,
                   opening_outturn=replace(found, revised_estimate_hkd_bn=float(reserves)))


def _keep_given(given: np.ndarray, residual: np.ndarray, n_anchor: int) -> np.ndarray:
    """The residuals in the anchor years, and after them whatever was already fixed (a fitted path)."""
    out = given.copy()
    out[:n_anchor] = residual[:n_anchor]
    return out
