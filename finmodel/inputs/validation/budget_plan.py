"""budget_plan.yaml: the figures a Budget publishes for its plan, and the ranges and floors it states."""

import numpy as np

from finmodel.inputs.assumptions import BudgetPlan, GapReading
from finmodel.inputs.schema import GAP_DEFICIT_READINGS, GAP_READING_KEYS, GAP_RISE_BOUNDS
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
    mine = [p for p in inp.provenance if inp.where.get(p, "").endswith("budget_plan.yaml")]
    sources = {p: inp.provenance[p]["source"] for p in mine}
    kinds = {p: inp.provenance[p].get("source_kind", "") for p in mine}
    readings, central, argument = gap_readings(inp)
    floors = {name: _floor(inp, name, years) for name in FLOORS}
    return BudgetPlan(**series, **{k: (np.nan if v is None else v) for k, v in scalars.items()},
                      unidentified_measures=measures, sources=sources, source_kinds=kinds,
                      gap_readings=readings, gap_central=central, gap_argument=argument, **floors)


def gap_readings(inp):
    """The readings of the published statements (gap_readings), the central one's name and why: ((), "", "") when absent.

    Each reading: words (text), reserves_rise_min_hkd_bn (a number, 0 or more, or null: no rise
    required), reserves_end (true/false: reserves end over reserves_end_min_hkd_bn),
    non_operating_deficit (bounds or reaches_both_ends); `central` names one of them.
    """
    e = inp.entry("gap_readings")
    if e is None:
        return (), "", ""
    where, chk = inp.where.get("gap_readings"), inp.chk
    given = e.get("readings")
    if not isinstance(given, dict) or not given:
        chk.error(where, "gap_readings.readings", given, "a mapping of reading name to its " + ", ".join(GAP_READING_KEYS))
        return (), "", ""
    out = []
    for name, r in given.items():
        field = f"gap_readings.readings.{name}"
        if not isinstance(r, dict) or set(r) != set(GAP_READING_KEYS):
            chk.error(where, field, None if not isinstance(r, dict) else ", ".join(sorted(map(str, r))),
                      "exactly the keys " + ", ".join(GAP_READING_KEYS))
            continue
        rise = r["reserves_rise_min_hkd_bn"]
        if rise is not None:
            rise = chk.number(where, f"{field}.reserves_rise_min_hkd_bn", rise, *GAP_RISE_BOUNDS, "HK$ bn")
        if not isinstance(r["reserves_end"], bool):
            chk.error(where, f"{field}.reserves_end", r["reserves_end"], "true or false")
        if r["non_operating_deficit"] not in GAP_DEFICIT_READINGS:
            chk.error(where, f"{field}.non_operating_deficit", r["non_operating_deficit"], "one of " + ", ".join(GAP_DEFICIT_READINGS))
        if not str(r["words"] or "").strip():
            chk.error(where, f"{field}.words", r["words"], "the reading in words")
        out.append(GapReading(str(name), " ".join(str(r["words"]).split()), rise, r["reserves_end"] is True,
                              str(r["non_operating_deficit"])))
    central = e.get("central")
    if central not in given:
        chk.error(where, "gap_readings.central", central, "the name of one reading: " + ", ".join(map(str, given)))
    return tuple(out), str(central), inp.provenance["gap_readings"]["source"]



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
