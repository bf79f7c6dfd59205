"""The notebook API: load inputs, run, get tidy pandas frames (the numbers the CLI writes).

    >>> import finmodel
    >>> a = finmodel.load_inputs("inputs")
    >>> res = finmodel.run(a)
    >>> res.projection[["debt_hkd_bn", "debt_to_gdp_pct"]]
"""

from pathlib import Path

from finmodel import fiscal_year
from finmodel.calibration import calibrate
from finmodel.engine import Shocks, project
from finmodel.errors import InputError, Problem
from finmodel.reader import read_inputs
from finmodel.validation import MRF_LAST_YEAR, validate

DEFAULT_INPUTS = Path("inputs")
BUDGET_TOTALS = {"budget_revenue_hkd_bn", "budget_expenditure_hkd_bn"}


def load_inputs(path=DEFAULT_INPUTS, *, scenario=None, horizon=None, issuance="central"):
    """Read, validate and calibrate the inputs; return frozen Assumptions.

    path: an inputs folder; scenario: name of `scenarios/<name>.yaml` in it; horizon: last fiscal
    year as a label ("2030-31") or start year (2030); issuance: "low", "central" or "high".
    Raises finmodel.errors.InputError listing every problem.
    """
    if horizon is None:
        horizon = MRF_LAST_YEAR
    elif isinstance(horizon, str):
        try:
            horizon = fiscal_year.parse(horizon)
        except ValueError as exc:
            raise InputError([Problem("horizon", "horizon", horizon, str(exc))]) from None
    try:
        raw = read_inputs(path, scenario=scenario)
    except InputError as err:
        if err.partial is None:
            raise
        validate(err.partial, horizon=int(horizon), plan=issuance, prior=err.problems + err.warnings)
        raise
    assumptions = validate(raw, horizon=int(horizon), plan=issuance)
    if raw.scenario is None or BUDGET_TOTALS & set(raw.scenario.data):
        return calibrate(assumptions)
    reference = validate(read_inputs(path), horizon=int(horizon), plan=issuance)
    return calibrate(assumptions, reference=reference)


def run(assumptions, shocks: Shocks | None = None, scenario: str = "baseline", options: dict | None = None):
    """Run the engine and wrap the arrays in a Results object with tidy frames."""
    from finmodel.results import Results

    return Results(assumptions, project(assumptions, shocks), scenario=scenario, options=options or {})
