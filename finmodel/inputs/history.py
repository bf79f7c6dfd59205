"""Reader for the historical reference tables in `inputs/history/` (estimation and back-testing only).

Each table is checked against its declaration (`history_schema`, checks in
`validation/history.py`) before it is read, so a bad cell is an InputError naming
file:line:column, never a traceback or a changed answer. Two readers, the same cells:
`read_rows` gives the rows as dicts of Python values (no pandas: what `simulate` and every
command's opening position read, so they need not import it), `read_table` and the named
functions a pandas DataFrame exactly as the file holds it (with source_id and confidence
columns), so callers can filter on confidence and cite sources.
"""

from pathlib import Path

from finmodel.inputs.history_schema import TABLES as SCHEMAS

HISTORY_DIR = Path("inputs") / "history"
TABLES = tuple(SCHEMAS)


def folder_of(inputs) -> Path:
    """Where a run's history tables are: history/ inside a folder of inputs, or beside a workbook of inputs (where
    `finmodel init` writes them: a workbook holds the assumptions, not the history)."""
    inputs = Path(inputs)
    return (inputs.parent if inputs.is_file() or inputs.suffix.lower() == ".xlsx" else inputs) / "history"


def file_bytes(path) -> bytes:
    """A history file's bytes as read (once per command: `raw.read_once`); InputError when it cannot be read."""
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.inputs.raw import NotReadable, read_regular_file

    try:
        return read_regular_file(path)
    except NotReadable as exc:
        raise InputError([Problem(str(path), "", exc.value, exc.reason)]) from None


def hashes(root, names) -> dict:
    """SHA-256 of each named table's bytes as read (the bytes checked and parsed), keyed history/<file> as run records list them."""
    import hashlib

    return {f"history/{name}.csv": hashlib.sha256(file_bytes(Path(root) / f"{name}.csv")).hexdigest() for name in names}


def check(root=HISTORY_DIR, names=TABLES) -> tuple:
    """Check the named tables together (every problem of every table at once); return the warnings."""
    from finmodel.inputs.validation.history import check_history

    unknown = [n for n in names if n not in SCHEMAS]
    if unknown:
        raise ValueError(f"unknown history table(s) {', '.join(unknown)}; known: {', '.join(TABLES)}")
    return check_history(root, names)


def read_rows(name: str, root=HISTORY_DIR) -> tuple:
    """One history table as rows once it passes its checks: ({column: value}, ...) in file order.

    A "year" cell is an int, a "number" cell a float (None when blank), any other its text as written (None when
    empty): the cells the checks read, so the values `read_table` gives, with None where pandas puts NaN."""
    from finmodel.inputs.errors import InputError
    from finmodel.inputs.reader import read_csv_cells

    check(root, (name,))
    problems = []
    read = read_csv_cells(Path(root) / f"{name}.csv", str(Path(root) / f"{name}.csv"), problems)
    if read is None:   # checked a moment ago, unreadable now (changed during the run): its problem, never a traceback
        raise InputError(problems)
    header, rows, _ = read
    convert = {c.name: {"year": int, "number": float}.get(c.kind) for c in SCHEMAS[name].columns}

    def value(column, cell):
        if convert[column] is None:
            return cell if cell else None
        return convert[column](cell) if cell.strip() else None

    return tuple({h: value(h, c) for h, c in zip(header, cells)} for _, cells in rows)


def read_table(name: str, root=HISTORY_DIR):
    """Read one history table by name (e.g. "hk_macro") once it passes its checks; InputError listing its problems if not."""
    import pandas as pd

    import io

    check(root, (name,))
    return pd.read_csv(io.BytesIO(file_bytes(Path(root) / f"{name}.csv")))


def macro(root=HISTORY_DIR):
    """Calendar-year nominal GDP (HK$ bn), real growth and deflator change (%)."""
    return read_table("hk_macro", root)


def land_premium(root=HISTORY_DIR):
    """Land premium by fiscal year and kind (actual, revised, estimate), HK$ bn."""
    return read_table("hk_land_premium", root)


def rates_annual(root=HISTORY_DIR):
    """Annual average rates (%), one row per (year, series)."""
    return read_table("hk_rates_annual", root)


def fiscal(root=HISTORY_DIR):
    """Government accounts by fiscal year in long format: fiscal_year, kind, item, value."""
    return read_table("hk_fiscal_long", root)


def borrowing(root=HISTORY_DIR):
    """Borrowing ceilings, plans, stocks and flows, one dated row per item."""
    return read_table("hk_borrowing", root)
