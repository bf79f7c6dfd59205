"""From an inputs folder to results: load (read, validate, calibrate, lay the fitted Budget plan) and run.

    >>> from finmodel.model.pipeline import load_inputs, run
    >>> res = run(load_inputs("inputs"))

The Budget baseline is built once per load, on the inputs without any scenario and on the
central plan: the anchor years are calibrated, then the paths the Budget does not publish are
laid from the fitted plan the inputs carry (`fitted_plan.yaml`, written by `finmodel fit`:
`finmodel.model.fitted`). Nothing is refitted here. The run's own assumptions (a scenario, another
issuance plan, edited inputs) are calibrated on themselves, so the anchor years always reproduce
the Budget, and hold the fitted paths: a what-if on the plan.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np

from finmodel.inputs.load import load_assumptions
from finmodel.model import budget_plan, fitted
from finmodel.model.calibration import calibrate
from finmodel.model.engine import Shocks, project

DEFAULT_INPUTS = Path("inputs")


def load_inputs(path=DEFAULT_INPUTS, *, scenario=None, horizon=None, issuance="central"):
    """Read, validate and calibrate the inputs and lay the fitted Budget plan; return frozen Assumptions.

    path: an inputs folder; scenario: name of `scenarios/<name>.yaml` in it; horizon: last fiscal
    year as a label ("2030-31") or start year (2030); issuance: "low", "central" or "high".
    Raises finmodel.inputs.errors.InputError listing every problem.
    """
    from finmodel.model import long_run

    assumptions, baseline = load_assumptions(path, scenario=scenario, horizon=horizon, issuance=issuance)
    budget = budget_baseline(baseline if baseline is not None else assumptions)
    return long_run.attach(adopt(calibrate(assumptions), budget), path)


def budget_baseline(a):
    """The Budget baseline: the central plan, calibrated to the anchor years, with the fitted paths the inputs carry held."""
    calibrated = calibrate(fitted.central(a))
    if calibrated.budget_plan is None:
        return calibrated
    return fitted.hold(calibrated)


def adopt(a, budget):
    """The run's calibrated assumptions with the Budget baseline's fitted paths where the run does not give its own.

    Issuance: the fitted central path when the run uses the central plan and does not state its
    MRF years. Non-works capital spending: the fitted path unless the run gives a share of GDP.
    Unidentified measures: the fitted ones unless the run says `none` (the current-policy view);
    beyond the MRF they are held at their last share of GDP (NaN: the engine's growth rule).
    """
    k = budget_plan.fit_years(a)
    if a.budget_plan is None or budget.budget_plan is None or len(k) == 0:
        return a
    plans = dict(a.plans)
    plan = a.issuance_plan_hkd_bn
    if a.fit_issuance:
        plans["central"] = budget.plans["central"].copy()
        plans["central"][k[0]:] = budget.issuance_plan_hkd_bn[k[0]:]
        if a.plan_name == "central":
            plan = plans["central"]
    capital = a.other_capital_fixed_hkd_bn.copy()
    if a.fit_other_capital:
        capital[k] = budget.other_capital_fixed_hkd_bn[k]
    measures = np.zeros(a.n_years)
    if a.budget_plan.unidentified_measures == "fitted":
        measures[k[0]:] = budget.unidentified_measures_hkd_bn[k[0]:]
    return replace(a, plans=plans, issuance_plan_hkd_bn=plan, other_capital_fixed_hkd_bn=capital,
                   unidentified_measures_hkd_bn=measures, fit=budget.fit)


def run(assumptions, shocks: Shocks | None = None, scenario: str = "baseline", options: dict | None = None):
    """Run the engine (and the two views against the Budget) and wrap the results in a Results object with tidy frames."""
    from finmodel.model.results import Results, budget_views

    arrays = project(assumptions, shocks)
    return Results(assumptions, arrays, scenario=scenario, options=options or {}, views=budget_views(assumptions, arrays))
