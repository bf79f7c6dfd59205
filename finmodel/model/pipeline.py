"""From an inputs folder to results: load (read, validate, calibrate) and run.

    >>> from finmodel.model.pipeline import load_inputs, run
    >>> res = run(load_inputs("inputs"))
"""

from pathlib import Path

from finmodel.inputs.load import load_assumptions
from finmodel.model.calibration import calibrate
from finmodel.model.engine import Shocks, project

DEFAULT_INPUTS = Path("inputs")


def load_inputs(path=DEFAULT_INPUTS, *, scenario=None, horizon=None, issuance="central"):
    """Read, validate and calibrate the inputs; return frozen Assumptions.

    path: an inputs folder; scenario: name of `scenarios/<name>.yaml` in it; horizon: last fiscal
    year as a label ("2030-31") or start year (2030); issuance: "low", "central" or "high".
    Raises finmodel.inputs.errors.InputError listing every problem.
    """
    assumptions, reference = load_assumptions(path, scenario=scenario, horizon=horizon, issuance=issuance)
    return calibrate(assumptions, reference=reference)


def run(assumptions, shocks: Shocks | None = None, scenario: str = "baseline", options: dict | None = None):
    """Run the engine and wrap the arrays in a Results object with tidy frames."""
    from finmodel.model.results import Results

    return Results(assumptions, project(assumptions, shocks), scenario=scenario, options=options or {})
