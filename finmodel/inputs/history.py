"""Reader for the historical reference tables in `inputs/history/` (estimation and back-testing only).

Each function returns a pandas DataFrame exactly as the file holds it (with source_id and
confidence columns), so callers can filter on confidence and cite sources.
"""

from pathlib import Path

from finmodel.inputs.errors import InputError, Problem

HISTORY_DIR = Path("inputs") / "history"
TABLES = ("hk_macro", "hk_land_premium", "hk_rates_annual", "hk_rates", "hk_fiscal_long", "hk_borrowing", "hk_mrf_assumptions")


def read_table(name: str, root=HISTORY_DIR):
    """Read one history table by name (e.g. "hk_macro"); raise InputError if it is missing or malformed."""
    import pandas as pd

    if name not in TABLES:
        raise ValueError(f"unknown history table {name!r}; known: {', '.join(TABLES)}")
    path = Path(root) / f"{name}.csv"
    if not path.exists():
        raise InputError([Problem(str(path), "", None, "history table not found")])
    try:
        return pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError([Problem(str(path), "", None, f"malformed CSV: {exc}")]) from None


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
