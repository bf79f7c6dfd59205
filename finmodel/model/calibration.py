"""Calibration to the Budget: fill the anchor years' unitemised residuals once, on the baseline.

In each anchor year (the 2025-26 revised estimate and the 2026-27 estimate) the sources give
total revenue and total expenditure but not every line:

    other_revenue_t = budget_revenue_t - land_premium_t - one_off_receipts_t - investment_income_t
    other_capital_t = budget_expenditure_t - recurrent_t - capital_works_t - interest_t

The residuals are computed on the central plan with no shocks, year by year (each year's
investment income depends on the reserves the previous year left), and then held fixed, so a
shock or another plan moves the totals instead of being absorbed by the residual. A scenario
file is a shock too: it takes the baseline's residuals unless it restates the Budget's totals.
"""

from dataclasses import replace

import numpy as np

from finmodel.inputs.assumptions import Assumptions
from finmodel.model.engine import project


def calibrate(a: Assumptions, reference: Assumptions | None = None) -> Assumptions:
    """Return assumptions whose anchor years reproduce the Budget's revenue and expenditure totals.

    With `reference` (the baseline behind a scenario), the residuals are computed on the reference
    and carried over, so the scenario's changes move the totals.
    """
    if reference is not None:
        ref = calibrate(reference)
        return replace(a, other_revenue_fixed_hkd_bn=ref.other_revenue_fixed_hkd_bn,
                       other_capital_fixed_hkd_bn=ref.other_capital_fixed_hkd_bn, calibrated=True)
    other_rev = np.full(a.n_years, np.nan)
    other_cap = np.full(a.n_years, np.nan)
    base = replace(a, issuance_plan_hkd_bn=a.plans["central"], plan_name="central", financing_rule="plan")
    for k in range(a.n_anchor):
        o = project(replace(base, other_revenue_fixed_hkd_bn=other_rev, other_capital_fixed_hkd_bn=other_cap))
        other_rev[k] = (a.budget_revenue_hkd_bn[k] - o["land_premium_hkd_bn"][0, k] - o["one_off_receipts_hkd_bn"][0, k]
                        - o["investment_income_hkd_bn"][0, k] - o["minimum_tax_hkd_bn"][0, k])
        other_cap[k] = (a.budget_expenditure_hkd_bn[k] - o["recurrent_expenditure_hkd_bn"][0, k]
                        - o["capital_works_hkd_bn"][0, k] - o["interest_hkd_bn"][0, k])
    return replace(a, other_revenue_fixed_hkd_bn=other_rev, other_capital_fixed_hkd_bn=other_cap, calibrated=True)
