"""The published figures a Budget baseline is checked against, and the model's value of each.

Each figure is a Target: an interval the model's value must fall in, with its source, its kind of source
and how the baseline meets it (calibrated on an anchor year, fitted as a constraint of the Budget-plan fit,
or a check the fit did not see). `targets` lists them, `model_values` reads the engine's value of each,
`evaluate` sets the two side by side.
"""

from dataclasses import dataclass

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions
from finmodel.model.engine_result import EngineResult
from finmodel.model.verdicts import budget_name

TOLERANCE = 1e-6  # HK$ bn or pp: how far inside its interval a fitted target must land to count as met

@dataclass(frozen=True)
class Target:
    """One published figure and the interval the model's value must fall in."""

    key: str
    label: str
    published: str
    low: float
    high: float
    source: str
    how: str  # "anchor" (calibrated), "fitted" (the Budget-plan fit), "check" (follows from the model)
    source_kind: str = ""  # official publication, news report of one, rating agency, ... (budget_plan.yaml source_kind)


ROLES = {"anchor": "calibrated", "fitted": "fitted (a constraint)", "check": "check (the fit did not see it)"}

def targets(a: Assumptions) -> list:
    """Every published figure the Budget baseline is checked against, in the order a reader meets them."""
    p = a.budget_plan
    out = []
    anchor_series = (
        ("revenue_hkd_bn", "Total revenue", a.budget_revenue_hkd_bn, a.provenance.get("budget_revenue_hkd_bn")),
        ("expenditure_hkd_bn", "Total expenditure", a.budget_expenditure_hkd_bn, a.provenance.get("budget_expenditure_hkd_bn")),
        ("operating_revenue_hkd_bn", "Operating Account revenue", p.operating_revenue_hkd_bn, _plan(p, "published_operating_revenue_hkd_bn")),
        ("operating_expenditure_hkd_bn", "Operating Account expenditure", p.operating_expenditure_hkd_bn, _plan(p, "published_operating_expenditure_hkd_bn")),
        ("operating_balance_hkd_bn", "Operating Account balance", a.operating_balance_anchor_hkd_bn, a.provenance.get("operating_balance_hkd_bn")),
        ("non_operating_revenue_hkd_bn", "Non-Operating Account revenue", p.non_operating_revenue_hkd_bn, _plan(p, "published_non_operating_revenue_hkd_bn")),
        ("non_operating_expenditure_hkd_bn", "Non-Operating Account expenditure", p.non_operating_expenditure_hkd_bn, _plan(p, "published_non_operating_expenditure_hkd_bn")),
        ("non_operating_balance_hkd_bn", "Non-Operating Account balance", p.non_operating_balance_hkd_bn, _plan(p, "published_non_operating_balance_hkd_bn")),
        ("non_recurrent_expenditure_hkd_bn", "Non-recurrent spending", _anchor_only(a, a.non_recurrent_fixed_hkd_bn, first=1), a.provenance.get("non_recurrent_expenditure_hkd_bn")),
        ("gross_issuance_hkd_bn", "Bond proceeds", _anchor_only(a, a.plans["central"]), a.provenance.get("issuance_plan_hkd_bn")),
        ("redemptions_hkd_bn", "Bond repayments", p.repayments_hkd_bn, _plan(p, "published_repayments_hkd_bn")),
        ("consolidated_balance_hkd_bn", "Consolidated balance", p.consolidated_balance_hkd_bn, _plan(p, "published_consolidated_balance_hkd_bn")),
        ("fiscal_reserves_hkd_bn", "Fiscal reserves at 31 March", p.fiscal_reserves_hkd_bn, _plan(p, "published_fiscal_reserves_hkd_bn")),
    )
    for k in range(min(a.n_years, _year_index(a, a.mrf_last_year) + 1)):
        label = fiscal_year.label(a.years[k])
        for variable, words, values, source in anchor_series:
            if not np.isnan(values[k]):   # an anchor year's figure is calibrated; a later one is an equality of the fit
                v = float(values[k])
                out.append(Target(f"{variable}[{label}]", f"{words}, {label}", f"{v:.1f}", v - 0.05, v + 0.05,
                                  _source(source), "anchor" if k < a.n_anchor else "fitted", _kind(source)))
    for k in np.flatnonzero(~np.isnan(p.debt_to_gdp_pct)):
        label = fiscal_year.label(a.years[k])
        v = float(p.debt_to_gdp_pct[k])
        how = "check" if k < a.n_anchor else "fitted"
        out.append(Target(f"debt_to_gdp_pct[{label}]", f"Debt-to-GDP, {label}", f"{v:.1f}%", v - p.band_tolerance_pp,
                          v + p.band_tolerance_pp, p.sources.get("published_debt_to_gdp_pct", ""), how,
                          p.source_kinds.get("published_debt_to_gdp_pct", "")))
    span = _span(a)
    out += [
        Target("gross_issuance_hkd_bn[min]", f"Gross issuance every year, {span}", f"{p.issuance_min_hkd_bn:g} to {p.issuance_max_hkd_bn:g}",
               p.issuance_min_hkd_bn, p.issuance_max_hkd_bn, p.sources.get("issuance_min_hkd_bn", ""), "fitted",
               p.source_kinds.get("issuance_min_hkd_bn", "")),
        Target("debt_to_gdp_pct[band]", f"Debt-to-GDP within the band every year, {span}",
               f"{a.band_low_pct:g}% to {a.band_high_pct:g}%", a.band_low_pct - p.band_tolerance_pp,
               a.band_high_pct + p.band_tolerance_pp, _source(a.provenance.get("band_high_pct")), "fitted",
               _kind(a.provenance.get("band_high_pct"))),
        _floor_target(a, "operating_balance", "Operating Account", p.operating_balance_min_hkd_bn, span,
                      f"{budget_name(a)[4:]}: an Operating surplus every year to {fiscal_year.label(a.mrf_last_year)} (S15; S138; S139)",
                      p.source_kinds.get("reserves_end_min_hkd_bn", "")),
        Target("non_operating_deficit_hkd_bn[range]", f"Non-Operating deficit every year, {span}",
               f"{p.non_operating_deficit_min_hkd_bn:g} to {p.non_operating_deficit_max_hkd_bn:g}",
               p.non_operating_deficit_min_hkd_bn, p.non_operating_deficit_max_hkd_bn,
               p.sources.get("non_operating_deficit_min_hkd_bn", ""), "fitted", p.source_kinds.get("non_operating_deficit_min_hkd_bn", "")),
    ]
    if not np.isnan(p.reserves_end_min_hkd_bn):   # "reserves gradually increase to over X": a floor at the end, rising every year
        kind = p.source_kinds.get("reserves_end_min_hkd_bn", "")
        out += [
            Target("fiscal_reserves_hkd_bn[end]", f"Fiscal reserves at 31 March {a.mrf_last_year + 1}", f"over {p.reserves_end_min_hkd_bn:g}",
                   p.reserves_end_min_hkd_bn, np.inf, p.sources.get("reserves_end_min_hkd_bn", ""), "fitted", kind),
            Target("fiscal_reserves_rise_hkd_bn[min]", f"Reserves rise every year, {span}", "rising gradually", 0.0, np.inf,
                   p.sources.get("reserves_end_min_hkd_bn", ""), "fitted", kind)]
    if p.consolidated_balance_min_hkd_bn is not None:
        out.append(_floor_target(a, "consolidated_balance", "Consolidated", p.consolidated_balance_min_hkd_bn, span, ""))
    out += [
        Target("refinancing_share_pct", f"Share of issuance refinancing maturing bonds, {span}", "about half",
               p.refinancing_share_min_pct, p.refinancing_share_max_pct, p.sources.get("refinancing_share_min_pct", ""), "fitted",
               p.source_kinds.get("refinancing_share_min_pct", "")),
        Target("debt_hkd_bn[end]", f"Debt at 31 March {a.mrf_last_year + 1} within the ceiling", "approaching 900",
               -np.inf, float(a.ceiling_hkd_bn[min(a.n_years - 1, _year_index(a, a.mrf_last_year))]),
               _source(a.provenance.get("ceiling_hkd_bn")), "check", _kind(a.provenance.get("ceiling_hkd_bn"))),
    ]
    cwrf = p.cwrf_expenditure_hkd_bn
    later = [k for k in np.flatnonzero(~np.isnan(cwrf)) if k >= a.n_anchor]
    if later:
        v = float(np.mean(cwrf[later]))
        out.append(Target("cwrf_expenditure_hkd_bn[mean]", f"CWRF spending, average {_span(a, later[0])}", f"about {v:g}",
                          0.95 * v, 1.05 * v, p.sources.get("published_cwrf_expenditure_hkd_bn", ""), "fitted",
                          p.source_kinds.get("published_cwrf_expenditure_hkd_bn", "")))
    return out


def model_values(a: Assumptions, o: EngineResult, path: int = 0) -> dict:
    """The model's value for every target key, from engine output `o` (one path)."""
    p = a.budget_plan
    values = {}
    for k in range(a.n_years):
        label = fiscal_year.label(a.years[k])
        for variable in ("revenue_hkd_bn", "expenditure_hkd_bn", "operating_revenue_hkd_bn", "operating_expenditure_hkd_bn",
                         "operating_balance_hkd_bn", "non_operating_revenue_hkd_bn", "non_operating_expenditure_hkd_bn",
                         "non_operating_balance_hkd_bn", "non_recurrent_expenditure_hkd_bn", "gross_issuance_hkd_bn",
                         "redemptions_hkd_bn", "consolidated_balance_hkd_bn", "fiscal_reserves_hkd_bn", "debt_to_gdp_pct"):
            values[f"{variable}[{label}]"] = float(getattr(o, variable)[path, k])
    plan_years = np.arange(a.n_anchor - 1, _year_index(a, a.mrf_last_year) + 1)
    plan_years = plan_years[(plan_years >= 0) & (plan_years < a.n_years)]
    span = plan_years[1:] if len(plan_years) > 1 else plan_years
    issuance = o.gross_issuance_hkd_bn[path, span]
    values["gross_issuance_hkd_bn[min]"] = _extreme(issuance, p.issuance_min_hkd_bn, p.issuance_max_hkd_bn)
    values["debt_to_gdp_pct[band]"] = _extreme(o.debt_to_gdp_pct[path, plan_years[plan_years >= a.n_anchor - 1]],
                                               a.band_low_pct - p.band_tolerance_pp, a.band_high_pct + p.band_tolerance_pp)
    values["operating_balance_hkd_bn[min]"] = _floor_value(a, o.operating_balance_hkd_bn[path], p.operating_balance_min_hkd_bn, span)
    values["consolidated_balance_hkd_bn[min]"] = _floor_value(a, o.consolidated_balance_hkd_bn[path], p.consolidated_balance_min_hkd_bn, span)
    values["non_operating_deficit_hkd_bn[range]"] = _extreme(-o.non_operating_balance_hkd_bn[path, span],
                                                             p.non_operating_deficit_min_hkd_bn, p.non_operating_deficit_max_hkd_bn)
    values["fiscal_reserves_hkd_bn[end]"] = float(o.fiscal_reserves_hkd_bn[path, span[-1]])
    values["fiscal_reserves_rise_hkd_bn[min]"] = float(np.min(np.diff(o.fiscal_reserves_hkd_bn[path, plan_years])))
    values["refinancing_share_pct"] = 100.0 * float(np.sum(o.redemptions_hkd_bn[path, span]) / np.sum(issuance))
    values["debt_hkd_bn[end]"] = float(o.debt_hkd_bn[path, span[-1]])
    values["cwrf_expenditure_hkd_bn[mean]"] = float(np.mean(cwrf_comparable(a, o, path)[span]))
    return values


def cwrf_comparable(a: Assumptions, o: EngineResult, path: int = 0) -> np.ndarray:
    """Non-Operating expenditure less the other funds' spending, comparable with the published CWRF figures.

    other funds = Non-Operating expenditure - published CWRF spending, in the first year both exist
    (2026-27: 203.2 - 173.0), held in HK$ (budget_plan.yaml, published_cwrf_expenditure_hkd_bn).
    """
    cwrf = a.budget_plan.cwrf_expenditure_hkd_bn
    spending = o.non_operating_expenditure_hkd_bn[path]
    given = np.flatnonzero(~np.isnan(cwrf))
    if len(given) == 0:
        return np.full(a.n_years, np.nan)
    first = given[0]
    return spending - (spending[first] - cwrf[first])


def evaluate(a: Assumptions, o: EngineResult, path: int = 0) -> list:
    """One row per target: published, interval, model value, difference, met."""
    values = model_values(a, o, path)
    rows = []
    for t in targets(a):
        v = values[t.key]
        if t.low <= v <= t.high:
            gap = 0.0
        else:
            gap = v - t.high if v > t.high else v - t.low
        met = abs(gap) <= TOLERANCE
        centre = (t.low + t.high) / 2 if np.isfinite(t.low) and np.isfinite(t.high) else (t.low if np.isfinite(t.low) else t.high)
        rows.append({"key": t.key, "figure": t.label, "published": t.published, "low": t.low, "high": t.high,
                     "model": v, "difference": v - centre if t.how == "anchor" else gap, "met": bool(met),
                     "how": t.how, "role": ROLES[t.how], "source": t.source, "source_kind": t.source_kind or "not stated"})
    return rows


def fitted_figures(a: Assumptions) -> list:
    """(engine field, published values) for every published by-year figure the fit must meet exactly in its years
    (the Budget's figures for a Medium Range Forecast year, e.g. reserves at its last 31 March); the debt ratio and
    CWRF spending have their own terms."""
    p = a.budget_plan
    return [("operating_revenue_hkd_bn", p.operating_revenue_hkd_bn), ("operating_expenditure_hkd_bn", p.operating_expenditure_hkd_bn),
            ("non_operating_revenue_hkd_bn", p.non_operating_revenue_hkd_bn),
            ("non_operating_expenditure_hkd_bn", p.non_operating_expenditure_hkd_bn),
            ("non_operating_balance_hkd_bn", p.non_operating_balance_hkd_bn), ("redemptions_hkd_bn", p.repayments_hkd_bn),
            ("consolidated_balance_hkd_bn", p.consolidated_balance_hkd_bn), ("fiscal_reserves_hkd_bn", p.fiscal_reserves_hkd_bn)]


def _floor_target(a: Assumptions, variable: str, words: str, floors, span: str, fallback_source: str,
                  fallback_kind: str = "") -> Target:
    """A stated floor on an account's balance (budget_plan.yaml, e.g. a surplus from a year on): the smallest margin
    balance_t - floor_t over the years it is stated must be >= 0. Without a stated floor: a surplus every year of `span`."""
    key = f"{variable}_hkd_bn[min]"
    name = f"{variable}_min_hkd_bn"
    if floors is None or not np.any(~np.isnan(floors)):
        return Target(key, f"{words} surplus every year, {span}", "surplus", 0.0, np.inf, fallback_source, "fitted", fallback_kind)
    given = np.flatnonzero(~np.isnan(floors))
    years = f"{fiscal_year.label(a.years[given[0]])} to {fiscal_year.label(a.years[given[-1]])}"
    stated = "surplus" if np.all(floors[given] == 0) else "at least " + ", ".join(f"{v:g}" for v in floors[given])
    return Target(key, f"{words} balance at or above its stated floor, {years}", stated, 0.0, np.inf,
                  a.budget_plan.sources.get(name, ""), "fitted", a.budget_plan.source_kinds.get(name, ""))


def _floor_value(a: Assumptions, balance: np.ndarray, floors, span) -> float:
    """The smallest margin over a stated floor (balance_t - floor_t where stated), or the smallest balance over `span`."""
    if floors is None or not np.any(~np.isnan(floors)):
        return float(np.min(balance[span]))
    given = np.flatnonzero(~np.isnan(floors))
    return float(np.min(balance[given] - floors[given]))


def above_floor(balance: np.ndarray, floors, k: np.ndarray) -> np.ndarray:
    """balance_t - floor_t for the fit years with a stated floor; without any, balance_t over every fit year (a surplus)."""
    if floors is None or not np.any(~np.isnan(floors)):
        return balance[k]
    stated = k[~np.isnan(floors[k])]
    return balance[stated] - floors[stated]


def _anchor_only(a: Assumptions, values, first: int = 0) -> np.ndarray:
    """Values in the anchor years from `first` on (the published ones), NaN elsewhere."""
    out = np.full(a.n_years, np.nan)
    out[first:a.n_anchor] = np.asarray(values, dtype=float)[first:a.n_anchor]
    return out


def _extreme(values, low, high) -> float:
    """The value furthest outside [low, high], or the one closest to an end when all are inside."""
    values = np.asarray(values, dtype=float)
    below, above = low - values.min(), values.max() - high
    if below > 0 or above > 0:
        return float(values.min()) if below >= above else float(values.max())
    return float(values.min()) if values.min() - low <= high - values.max() else float(values.max())


def _year_index(a: Assumptions, year: int) -> int:
    return int(year - a.years[0])


def _span(a: Assumptions, first: int | None = None) -> str:
    first = a.n_anchor - 1 if first is None else first
    return f"{fiscal_year.label(a.years[first])} to {fiscal_year.label(a.mrf_last_year)}"


def _plan(p, name: str) -> dict:
    """A budget_plan.yaml figure's source and source kind, as a provenance record."""
    return {"source": p.sources.get(name, ""), "source_kind": p.source_kinds.get(name, "")}


def _kind(provenance) -> str:
    return provenance.get("source_kind", "") if isinstance(provenance, dict) else ""


def _source(provenance) -> str:
    if isinstance(provenance, dict):
        return provenance.get("source", "")
    return provenance or ""
