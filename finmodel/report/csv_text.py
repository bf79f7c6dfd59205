"""CSV text that a spreadsheet program cannot run: formula-like cells are written as text.

A text cell that starts with =, +, -, @, a tab or a carriage return would be read by Excel,
LibreOffice or Google Sheets as a formula (CSV injection). Such a cell is written with a
leading apostrophe, which spreadsheet programs read as "this is text"; a cell that is a plain
number (-2.5, +3, 1e-3) is left as it is, and numeric columns are never touched, so numbers stay
numbers. The workbook gets the same protection from `workbook.style.set_text`.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def safe_cell(value):
    """The cell as written: formula-like text gets a leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df):
    """A copy of `df` whose text cells, index labels and column names are safe (numbers untouched)."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            if any(safe_cell(v) is not v for v in out[col]):
                out[col] = out[col].map(safe_cell)
    out.columns = _safe_index(out.columns)
    out.index = _safe_index(out.index)
    return out


def frame_csv(df, index=True, float_format="%.16g") -> str:
    """The frame as CSV text (\\n line ends, numbers at `float_format`), formula-like text escaped."""
    return safe_frame(df).to_csv(lineterminator="\n", float_format=float_format, index=index)


def _safe_index(index):
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        if any(safe_cell(v) is not v for level in index.levels for v in level):
            return index.set_levels([level.map(safe_cell) for level in index.levels])
        return index
    if any(safe_cell(v) is not v for v in index):
        return index.map(safe_cell)
    return index
