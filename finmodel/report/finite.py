"""The last check before anything is written: no NaN or infinity where a number is expected.

Every output frame and run record of a command goes through `require_finite` before the first
file is opened. A cell may be empty only where its column is declared undefinable (the
projection's `variables.Variable.undefined`, or the command's own list, e.g. a back-test year
with no recorded figure); an infinity is never allowed. Anything else is a bug in the model, not
in the inputs: `OutputError` names the file, the variable and the year (or row), the command
exits with code 3 and writes nothing.
"""

import math

MAX_LISTED = 20


class OutputError(Exception):
    """An output holds a value that is not a finite number where one is expected (an internal error)."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = self.problems[:MAX_LISTED]
        more = len(self.problems) - len(shown)
        super().__init__("\n".join(shown + ([f"... and {more} more"] if more else [])))


def projection_empty_allowed() -> dict:
    """{column: first year only?} for the projection variables declared undefinable."""
    from finmodel.model.variables import VARIABLES

    return {v.name: v.first_year_only for v in VARIABLES if v.undefined}


def frame_problems(name: str, df, empty=None) -> list:
    """Problems of one frame: every non-finite number outside the declared empty cells.

    empty: {column: first_row_only} of the columns whose cells may be empty (NaN).
    """
    import numpy as np
    import pandas as pd

    empty = empty or {}
    problems = []
    for col in df.columns:
        values = df[col]
        if pd.api.types.is_bool_dtype(values):
            continue
        if pd.api.types.is_numeric_dtype(values):
            x = values.to_numpy(dtype=float)
            bad = ~np.isfinite(x)
        else:
            x = values.to_numpy(dtype=object)
            bad = np.array([isinstance(v, float) and not math.isfinite(v) for v in x], dtype=bool)
        for k in np.flatnonzero(bad):
            v = float(x[k])
            if math.isnan(v) and col in empty and (not empty[col] or k == 0):
                continue
            problems.append(f"{name}: {col}[{_row(df, k)}] = {v}: not a finite number")
    return problems


def record_problems(name: str, record, path: str = "") -> list:
    """Problems of a JSON run record: every NaN or infinity, named by its key path (None is fine)."""
    if isinstance(record, dict):
        return [p for k, v in record.items() for p in record_problems(name, v, f"{path}.{k}" if path else str(k))]
    if isinstance(record, (list, tuple)):
        return [p for i, v in enumerate(record) for p in record_problems(name, v, f"{path}[{i}]")]
    if hasattr(record, "item") and not isinstance(record, (str, bytes)):
        record = record.item()
    if isinstance(record, float) and not math.isfinite(record):
        return [f"{name}: {path} = {record}: not a finite number"]
    return []


def require_finite(problems) -> None:
    """Raise OutputError when any problem was found (call before the first write)."""
    problems = list(problems)
    if problems:
        raise OutputError(problems)


def _row(df, k) -> str:
    """The row's label: its fiscal year or case (the index), else its position."""
    label = df.index[k]
    if isinstance(label, tuple):
        return ", ".join(str(x) for x in label)
    return str(label)
