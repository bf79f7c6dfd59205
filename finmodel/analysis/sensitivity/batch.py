"""Run many cases as ONE engine batch: each case (and each grid point) is a path.

Every `Shocks` field is an array of shape (paths, years); the engine holds year 0 (the
2025-26 revised estimate) at the neutral value, so shocks act from 2026-27.
"""

from dataclasses import dataclass

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.sensitivity.cases import Case
from finmodel.inputs.assumptions import Assumptions
from finmodel.model import verdicts
from finmodel.model.engine import Shocks, project
from finmodel.model.engine_result import EngineResult

METRICS = ("peak_debt_hkd_bn", "peak_debt_to_gdp_pct", "debt_to_gdp_end_pct", "first_year_above_band",
           "first_year_ceiling_binds", "interest_to_revenue_end_pct", "fiscal_reserves_end_hkd_bn", "min_headroom_hkd_bn",
           "debt_end_hkd_bn", "gross_issuance_total_hkd_bn")
# metric -> name of its change from baseline (percentages change in percentage points)
CHANGES = {
    "peak_debt_hkd_bn": "change_peak_debt_hkd_bn",
    "peak_debt_to_gdp_pct": "change_peak_debt_to_gdp_pp",
    "debt_to_gdp_end_pct": "change_debt_to_gdp_end_pp",
    "interest_to_revenue_end_pct": "change_interest_to_revenue_end_pp",
    "fiscal_reserves_end_hkd_bn": "change_fiscal_reserves_end_hkd_bn",
    "min_headroom_hkd_bn": "change_min_headroom_hkd_bn",
    "debt_end_hkd_bn": "change_debt_end_hkd_bn",
    "gross_issuance_total_hkd_bn": "change_gross_issuance_total_hkd_bn",
}


@dataclass(frozen=True)
class GridPoint:
    """A point of a GDP x land sweep: growth shock [pp a year] and land premium change [%]."""

    growth_pp: float
    land_change_pct: float


def _row(value, n_years):
    """A per-year shock row from year 0: a scalar from year 1 on, or a tuple from year 1 (0 after)."""
    row = np.zeros(n_years)
    if isinstance(value, tuple):
        k = min(len(value), n_years - 1)
        row[1:1 + k] = value[:k]
    else:
        row[1:] = value
    return row


def land_level_first_year(a: Assumptions) -> float:
    """Land premium in the first model year (2025-26) [HK$ bn]: the fixed figure, else share x GDP."""
    fixed = a.land_fixed_hkd_bn[0]
    return float(fixed) if not np.isnan(fixed) else float(a.land_share_gdp[0] * a.gdp0_hkd_bn)


def usd_factor(a: Assumptions, factor):
    """The US$ part of an FX shock, kept inside the Linked Exchange Rate band [factor on HK$ per US$].

    The baseline holds the weak side of the band (7.85, the weak-side Convertibility Undertaking,
    borrowing.yaml fx_usd_band_pct), so the US$ can only weaken against the HK$, by at most the
    band's width: clip(factor, 1 - band_pct / 100, 1). A +10% case leaves it at 7.85; a -10% case
    takes it to the strong side (7.75).
    """
    band_pct = float(a.fx_volatility_pct.get("USD", 0.0))
    return np.clip(factor, 1.0 - band_pct / 100.0, 1.0)


def shocks_for(a: Assumptions, cases=(), grid=()) -> Shocks:
    """Stack the cases, then the grid points, into one Shocks of shape (paths, years)."""
    T = a.n_years
    rows = {k: [] for k in ("growth", "land", "yld", "capex", "fx", "issue", "land_level")}
    nan = np.full(T, np.nan)
    for c in cases:
        rows["growth"].append(_row(c.growth_pp, T) / 100.0)
        rows["land"].append(1.0 + _row(c.land_change_pct, T) / 100.0)
        rows["yld"].append(_row(c.yield_add_bp, T) / 10_000.0)
        rows["capex"].append(1.0 + _row(c.capex_change_pct, T) / 100.0)
        factor = 1.0 + _row(c.fx_change_pct, T) / 100.0
        rows["fx"].append(np.stack([factor, usd_factor(a, factor), factor], axis=-1))
        rows["issue"].append(a.plans[c.issuance_plan] if c.issuance_plan else nan)
        rows["land_level"].append(np.full(T, land_level_first_year(a)) if c.land_flat else nan)
    for g in grid:
        rows["growth"].append(_row(g.growth_pp, T) / 100.0)
        rows["land"].append(1.0 + _row(g.land_change_pct, T) / 100.0)
        for k, v in (("yld", 0.0), ("capex", 1.0)):
            rows[k].append(np.full(T, v))
        rows["fx"].append(np.ones((T, 3)))
        rows["issue"].append(nan)
        rows["land_level"].append(nan)
    P = len(rows["growth"])
    stack = {k: np.array(v, dtype=float).reshape(P, T, 3) if k == "fx" else np.array(v, dtype=float).reshape(P, T)
             for k, v in rows.items()}
    return Shocks(growth_pp=stack["growth"], land_factor=stack["land"], yield_add=stack["yld"],
                  capex_factor=stack["capex"], fx_factor=stack["fx"], issuance_hkd_bn=stack["issue"],
                  land_hkd_bn=stack["land_level"], n_paths=P)


def metrics(a: Assumptions, o: EngineResult) -> dict:
    """The headline figures of every path at once (the same definitions as Results.summary)."""
    labels = np.array(fiscal_year.labels(a.years), dtype=object)

    def first(mask):
        hit = mask.any(axis=1)
        return np.where(hit, labels[mask.argmax(axis=1)], "")

    ratio = o.debt_to_gdp_pct
    return {
        "peak_debt_hkd_bn": o.debt_hkd_bn.max(axis=1),
        "peak_debt_to_gdp_pct": ratio.max(axis=1),
        "debt_to_gdp_end_pct": ratio[:, -1],
        "first_year_above_band": first(verdicts.band_breached(a, ratio)),
        "first_year_ceiling_binds": first(o.ceiling_binds > 0),
        "interest_to_revenue_end_pct": o.interest_to_revenue_pct[:, -1],
        "fiscal_reserves_end_hkd_bn": o.fiscal_reserves_hkd_bn[:, -1],
        "min_headroom_hkd_bn": o.headroom_hkd_bn.min(axis=1),
        "debt_end_hkd_bn": o.debt_hkd_bn[:, -1],
        "gross_issuance_total_hkd_bn": o.gross_issuance_hkd_bn[:, 1:].sum(axis=1),   # 2026-27 to the horizon
    }


def run_batch(a: Assumptions, cases=(), grid=()):
    """Project every case and grid point in one engine call; return (engine arrays, metrics)."""
    o = project(a, shocks_for(a, cases, grid))
    return o, metrics(a, o)


def parse_range(text: str, max_points: int = 201) -> np.ndarray:
    """Parse 'start:stop:step' (inclusive of stop) into values; raise ValueError saying what is allowed."""
    parts = str(text).split(":")
    if len(parts) != 3:
        raise ValueError("write a range as start:stop:step, e.g. -2:2:0.5")
    try:
        start, stop, step = (float(p) for p in parts)
    except ValueError:
        raise ValueError("start, stop and step must be numbers, e.g. -2:2:0.5") from None
    if not all(np.isfinite([start, stop, step])):
        raise ValueError("start, stop and step must be finite numbers")
    if step <= 0:
        raise ValueError("the step must be above 0")
    if stop < start:
        raise ValueError("stop must not be below start")
    n = int(np.floor((stop - start) / step + 1e-9)) + 1
    if n > max_points:
        raise ValueError(f"at most {max_points} points (this range has {n})")
    return np.round(start + step * np.arange(n), 10)


def grid_points(gdp_values, land_values) -> list:
    """Every (growth, land) combination, GDP outer, land inner."""
    return [GridPoint(float(g), float(land)) for g in gdp_values for land in land_values]


def case_list(a: Assumptions, worst: Case | None, standard=None) -> list[Case]:
    """baseline, the standard cases, then the historical-worst case (when sized)."""
    from finmodel.analysis.sensitivity.cases import BASELINE, STANDARD_CASES, for_inputs

    out = [BASELINE, *for_inputs(STANDARD_CASES if standard is None else standard, a)]
    return out + ([worst] if worst is not None else [])
