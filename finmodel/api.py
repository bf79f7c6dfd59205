"""The notebook API: load inputs, run, get tidy pandas frames (the numbers the CLI writes).

    >>> import finmodel
    >>> a = finmodel.load_inputs("inputs")
    >>> res = finmodel.run(a)
    >>> res.projection[["debt_hkd_bn", "debt_to_gdp_pct"]]

For many paths at once: `finmodel.api.project(a, Shocks(...))` (the engine, `finmodel.model.engine`).
Nothing inside the package imports this module; it only gathers the entry points.
"""

from finmodel.inputs.errors import InputError, Problem
from finmodel.model.engine import Shocks, project
from finmodel.model.pipeline import DEFAULT_INPUTS, load_inputs, run

__all__ = ["DEFAULT_INPUTS", "InputError", "Problem", "Shocks", "load_inputs", "project", "run"]
