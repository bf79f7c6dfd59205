"""The plan's gap as a range, and the checks the fit did not see: solved by `finmodel fit`, stored with the fitted plan.

The gap the Budget does not itemise (the fitted `unidentified_measures_hkd_bn`) is pinned down by
a few published statements whose wording admits more than one reading ("reserves gradually
increase to over $700 billion"; "a Non-Operating deficit between 90.1 and 147.3"). `gap_range`
solves the same fit under each reading given in budget_plan.yaml (`gap_readings`) and returns
the gap by year under each, so the gap is reported as a range with its central reading named.

A figure the fit was made to meet cannot also test the fit. `leave_one_out` refits without each
published statement in turn (the others held) and reports where the model then lands against the
statement left out: met or missed, by how much. Both are run by `finmodel fit` only (about 25
fits of 7-30 engine runs each) and written into fitted_plan.yaml; runs read them, never refit.
"""

from dataclasses import replace

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions
from finmodel.model import budget_plan
from finmodel.model.engine import project


def gap_range(a: Assumptions) -> dict:
    """The gap by year under each reading of budget_plan.yaml's gap_readings, on calibrated central-plan assumptions `a`.

    Returns {"central": name, "argument": why, "readings": [one item per reading]}; each item: name,
    words, central, converged (every statement of the reading met), gap_hkd_bn by fitted year, total_hkd_bn,
    average_pct_gdp, and where the reading leaves reserves at the end, their smallest yearly rise and
    the largest Non-Operating deficit. Empty readings when the inputs give none.
    """
    p = a.budget_plan
    k = budget_plan.fit_years(a)
    readings = []
    for r in p.gap_readings:
        solved, record = budget_plan.fit(a, budget_plan.reading_options(r))
        o = project(solved)
        item = {"name": r.name, "words": r.words, "central": r.name == p.gap_central, "converged": bool(record.converged)}
        item.update(_gap(a, o, k))
        readings.append(item)
    return {"central": p.gap_central, "argument": p.gap_argument, "readings": readings}


def leave_one_out(a: Assumptions) -> list:
    """For each published statement the fit is made to meet: refit without it and report the model's value against it.

    One item per fitted target (budget_plan.targets, how "fitted"): key, figure, published, low,
    high (null: open), model (the value when the statement is left out), met, miss (how far outside
    its interval, 0 when met), converged (the other statements met), and the gap the refit needs
    (total_hkd_bn), which shows how much that statement drives the gap.
    """
    k = budget_plan.fit_years(a)
    central = budget_plan.central_options(a)
    out = []
    for t in budget_plan.targets(a):
        if t.how != "fitted":
            continue
        solved, record = budget_plan.fit(a, replace(central, drop=frozenset({t.key})))
        o = project(solved)
        row = next(r for r in budget_plan.evaluate(solved, o) if r["key"] == t.key)
        out.append({"key": t.key, "figure": t.label, "published": t.published, "low": _finite(t.low), "high": _finite(t.high),
                    "model": float(row["model"]), "met": bool(row["met"]), "miss": 0.0 if row["met"] else float(row["difference"]),
                    "converged": bool(record.converged), "total_hkd_bn": _gap(a, o, k)["total_hkd_bn"]})
    return out


def _gap(a: Assumptions, o, k) -> dict:
    """The gap by fitted year, its total and average share of GDP, and the reserves and deficit it leaves."""
    measures = o.unidentified_measures_hkd_bn[0, k]
    span = np.concatenate([[k[0] - 1], k]) if k[0] >= 1 else k
    return {"gap_hkd_bn": {fiscal_year.label(a.years[j]): float(v) for j, v in zip(k, measures)},
            "total_hkd_bn": float(np.sum(measures)),
            "average_pct_gdp": float(np.mean(o.unidentified_measures_pct_gdp[0, k])),
            "fiscal_reserves_end_hkd_bn": float(o.fiscal_reserves_hkd_bn[0, k[-1]]),
            "reserves_rise_min_hkd_bn": float(np.min(np.diff(o.fiscal_reserves_hkd_bn[0, span]))),
            "non_operating_deficit_max_hkd_bn": float(np.max(-o.non_operating_balance_hkd_bn[0, k]))}


def _finite(x):
    return float(x) if np.isfinite(x) else None
