"""The Budget plan's fitted paths: solved once by `finmodel fit`, then held by every run.

`solve` runs the Budget-plan fit (`finmodel.model.budget_plan.fit`) on the inputs as they are and
returns the record `finmodel fit` writes (`inputs/fitted_plan.yaml`): the paths for 2027-28 to
the end of the MRF, the parameters, every fitted target with the fit's value, and the digest of
each file the fit read. A fit whose paths leave their bounds is refused, never written:

    0 <= non-works capital spending_t,   0 <= unidentified measures_t,
    issuance_min <= gross issuance_t <= issuance_max   (budget_plan.yaml)

and so is one that misses a fitted target (targets that conflict). `hold` lays the paths the
inputs carry on a run's calibrated central plan, as the fit laid them (issuance held at its last
fitted amount beyond the MRF; the measures at their last share of GDP). Nothing here refits.
"""

from dataclasses import replace

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.fitted_plan import BOUND_SLACK, FILE_NAME, PATH_WORDS, SHEET, content_sha256
from finmodel.model import budget_plan, plan_checks
from finmodel.model.calibration import calibrate
from finmodel.model.engine import project

METHOD = "quadratic programme on the engine's affine response (scipy SLSQP, finmodel.model.budget_plan.fit)"


def central(a: Assumptions) -> Assumptions:
    """The run's inputs on the central plan under the plan rule: what the Budget baseline is built on.

    Without an opening position from the outturn: the Budget's statements the fit reads were made from its revised
    estimate, so `finmodel fit` solves the same plan before and after a March's figures arrive."""
    return replace(a, issuance_plan_hkd_bn=a.plans["central"], plan_name="central", financing_rule="plan", opening_outturn=None)


def needed(a: Assumptions) -> tuple:
    """The paths the inputs leave to the fit: issuance, non-works capital spending, the measures (each when not given)."""
    if a.budget_plan is None or len(budget_plan.fit_years(a)) == 0:
        return ()
    out = []
    if a.fit_issuance:
        out.append("gross_issuance_hkd_bn")
    if a.fit_other_capital:
        out.append("other_capital_hkd_bn")
    if a.budget_plan.unidentified_measures == "fitted":
        out.append("unidentified_measures_hkd_bn")
    return tuple(out)


def hold(a: Assumptions) -> Assumptions:
    """Calibrated central assumptions with the fitted paths the inputs carry laid on the fitted years; InputError when absent."""
    names = needed(a)
    if not names:
        return replace(a, fit={"method": METHOD, "parameters": {}, "converged": True, "message": "nothing to fit",
                               "years": [], "evaluations": 0, "measures_hkd_bn": [float(x) for x in a.unidentified_measures_hkd_bn]})
    plan = a.fitted_plan
    if plan is None:
        book = any(str(name).lower().endswith(".xlsx") for name in a.input_hashes)
        where = f"the inputs workbook's {SHEET} sheet" if book else FILE_NAME
        raise InputError([Problem(where, "", None, "not found: the inputs leave " + ", ".join(PATH_WORDS[n] for n in names)
                                  + " to the Budget-plan fit; run `finmodel fit --inputs <these inputs>` to solve and write them")])
    absent = [n for n in names if n not in plan.paths]
    if absent:
        raise InputError([Problem(plan.where, "paths", ", ".join(absent), "the inputs leave these paths to the fit but the fitted "
                                  "plan does not give them; run `finmodel fit` on these inputs")])
    k = budget_plan.fit_years(a)
    issuance, capital, measures = a.issuance_plan_hkd_bn.copy(), a.other_capital_fixed_hkd_bn.copy(), a.unidentified_measures_hkd_bn.copy()
    if "gross_issuance_hkd_bn" in names:
        issuance[k] = plan.paths["gross_issuance_hkd_bn"][k]
        issuance[k[-1] + 1:] = issuance[k[-1]]
    if "other_capital_hkd_bn" in names:
        capital[k] = plan.paths["other_capital_hkd_bn"][k]
    if "unidentified_measures_hkd_bn" in names:
        measures[k] = plan.paths["unidentified_measures_hkd_bn"][k]
        measures[k[-1] + 1:] = np.nan
    held = replace(a, issuance_plan_hkd_bn=issuance, other_capital_fixed_hkd_bn=capital, unidentified_measures_hkd_bn=measures)
    p = plan.provenance
    return replace(held, fit={"method": p.get("method") or METHOD, "parameters": p.get("parameters") or {},
                              "converged": bool(p.get("converged")), "message": p.get("message") or "",
                              "years": list(fiscal_year.labels(a.years[k])), "evaluations": int(p.get("evaluations") or 0),
                              "measures_hkd_bn": [float(x) for x in measures], "fitted_on": p.get("fitted_on") or "",
                              "stale_inputs": list(plan.stale), "gap_range": p.get("gap_range") or {},
                              "leave_one_out": p.get("leave_one_out") or []})


def refit(a: Assumptions) -> Assumptions:
    """The Budget baseline solved afresh on `a` (calibrated central plan + the fit): what `finmodel fit` runs, never a run."""
    calibrated = calibrate(central(a))
    if not needed(calibrated):
        return hold(calibrated)
    solved, record = budget_plan.fit(calibrated)
    return replace(solved, fit={"method": METHOD, "parameters": record.parameters, "converged": record.converged,
                                "message": record.message, "years": list(record.years), "evaluations": record.evaluations,
                                "measures_hkd_bn": [float(x) for x in solved.unidentified_measures_hkd_bn]})


def solve(raw, validated: Assumptions, fitted_on: str) -> dict:
    """Fit the Budget plan on validated inputs (their baseline, central plan); return the record to write.

    raw: the RawInputs the assumptions were validated from (for the digests of the files the fit
    read); fitted_on: the date to record ("YYYY-MM-DD"). Raises InputError naming every path
    outside its bounds and every fitted target missed: such a fit is never written.
    """
    names = needed(calibrate(central(validated)))
    if not names:
        raise InputError([Problem(FILE_NAME, "", None, "nothing to fit: the inputs give every path the Budget does not publish")])
    solved = refit(validated)
    f = solved.fit
    o = project(solved)
    k = budget_plan.fit_years(solved)
    paths = {"gross_issuance_hkd_bn": solved.issuance_plan_hkd_bn, "other_capital_hkd_bn": solved.other_capital_fixed_hkd_bn,
             "unidentified_measures_hkd_bn": solved.unidentified_measures_hkd_bn}
    labels = fiscal_year.labels(solved.years[k])
    out_paths = {n: {label: float(paths[n][j]) for label, j in zip(labels, k)} for n in names}
    rows = [r for r in budget_plan.evaluate(solved, o) if r["how"] == "fitted"]
    problems = _refusals(solved, out_paths, rows, f)
    if problems:
        raise InputError(problems)
    calibrated = calibrate(central(validated))
    return {"fitted_on": fitted_on, "method": METHOD, "message": f["message"], "converged": bool(f["converged"]),
            "evaluations": int(f["evaluations"]), "parameters": {n: float(v) for n, v in f["parameters"].items()},
            "inputs_read": content_sha256(raw.files), "paths": out_paths,
            "targets": [{"key": r["key"], "low": _finite(r["low"]), "high": _finite(r["high"]), "model": float(r["model"]),
                         "met": bool(r["met"])} for r in rows],
            "gap_range": plan_checks.gap_range(calibrated), "leave_one_out": plan_checks.leave_one_out(calibrated)}


def _refusals(a: Assumptions, paths: dict, rows: list, fit: dict) -> list:
    """Every fitted amount outside its bounds and every fitted target missed, as problems (empty: the fit may be written)."""
    p = a.budget_plan
    bounds = {"gross_issuance_hkd_bn": (p.issuance_min_hkd_bn, p.issuance_max_hkd_bn),
              "other_capital_hkd_bn": (0.0, np.inf), "unidentified_measures_hkd_bn": (0.0, np.inf)}
    out = []
    for name, values in paths.items():
        low, high = bounds[name]
        for label, v in values.items():
            if v < low - BOUND_SLACK or v > high + BOUND_SLACK:
                allowed = f"at least {low:g}" if not np.isfinite(high) else f"within {low:g} to {high:g}"
                why = " (a fit that needs negative spending is refused)" if name == "other_capital_hkd_bn" and v < 0 else ""
                out.append(Problem("fit", f"{PATH_WORDS[name]} ({name}) {label}", round(v, 2),
                                   f"{allowed} HK$ bn{why}; nothing written"))
    for r in rows:
        if not r["met"]:
            out.append(Problem("fit", f"target {r['figure']}", round(r["model"], 2),
                               f"the fit misses the published {r['published']} (interval {_interval(r)}); nothing written"))
    if not fit["converged"] and not out:
        out.append(Problem("fit", "solver", None, f"{fit['message']}; nothing written"))
    return out


def _interval(r) -> str:
    low = f"{r['low']:g}" if np.isfinite(r["low"]) else "-inf"
    high = f"{r['high']:g}" if np.isfinite(r["high"]) else "inf"
    return f"{low} to {high}"


def _finite(x):
    return float(x) if np.isfinite(x) else None
