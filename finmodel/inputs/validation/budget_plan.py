"""budget_plan.yaml: the figures a Budget publishes for its plan, and the ranges and floors it states."""

import numpy as np

from finmodel.inputs.assumptions import BudgetPlan
from finmodel.inputs.validation.year_axis import fill_years

SERIES = ("operating_revenue_hkd_bn", "operating_expenditure_hkd_bn", "non_operating_revenue_hkd_bn",
          "non_operating_expenditure_hkd_bn", "non_operating_balance_hkd_bn", "repayments_hkd_bn",
          "consolidated_balance_hkd_bn", "fiscal_reserves_hkd_bn", "debt_to_gdp_pct", "cwrf_expenditure_hkd_bn")
FLOORS = ("consolidated_balance_min_hkd_bn", "operating_balance_min_hkd_bn")   # optional: only some Budgets state them
SCALARS = ("reserves_end_min_hkd_bn", "non_operating_deficit_min_hkd_bn", "non_operating_deficit_max_hkd_bn",
           "issuance_min_hkd_bn", "issuance_max_hkd_bn", "refinancing_share_min_pct", "refinancing_share_max_pct",
           "band_tolerance_pp", "outside_view_issuance_average_hkd_bn", "outside_view_reserves_pct_gdp")
RANGES = (("non_operating_deficit_min_hkd_bn", "non_operating_deficit_max_hkd_bn"),
          ("issuance_min_hkd_bn", "issuance_max_hkd_bn"),
          ("refinancing_share_min_pct", "refinancing_share_max_pct"))


def check_budget_plan(inp, years) -> BudgetPlan | None:
    """Every published series on the year axis (NaN where not published), the stated ranges in order; None when absent."""
    if inp.entry("unidentified_measures") is None:
        return None
    series = {name: published_series(inp, name, years) for name in SERIES}
    scalars = {name: inp.scalar(name) for name in SCALARS}
    ranges_in_order(inp, scalars)
    measures = inp.choice("unidentified_measures")
    sources = {p: inp.provenance[p]["source"] for p in inp.provenance if inp.where.get(p, "").endswith("budget_plan.yaml")}
    floors = {name: _floor(inp, name, years) for name in FLOORS}
    return BudgetPlan(**series, **{k: (np.nan if v is None else v) for k, v in scalars.items()},
                      unidentified_measures=measures, sources=sources, **floors)


def _floor(inp, name, years):
    """A stated floor by year on the axis (NaN where not stated), or None when budget_plan.yaml does not give it."""
    if inp.entry(name) is None:
        return None
    values, _ = inp.by_year(name)
    return fill_years(inp.chk, inp.where.get(name), name, values, "zero", years, None, pct_is_nan=True)


def published_series(inp, name, years) -> np.ndarray:
    """A published by-year figure laid on the axis: the years it gives, NaN elsewhere (nothing is extrapolated)."""
    values, _ = inp.by_year(f"published_{name}")
    out = fill_years(inp.chk, inp.where.get(f"published_{name}"), f"published_{name}", values, "zero", years, None, pct_is_nan=True)
    return out


def ranges_in_order(inp, scalars):
    """Each stated range must run from its smaller to its larger end."""
    for low, high in RANGES:
        lo, hi = scalars.get(low), scalars.get(high)
        if lo is not None and hi is not None and lo > hi:
            inp.chk.error(inp.where.get(high), high, hi, f"must be at least {low} ({lo:g})")
