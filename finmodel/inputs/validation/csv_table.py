"""The CSV inputs' shared checks: a header with the expected columns, cells read as numbers where they look numeric."""

import difflib


def check_columns(chk, f, required, optional) -> bool:
    """Check a CSV header: every required column present, no unknown or repeated column (with a did-you-mean)."""
    header = f.data["header"]
    ok = True
    for c in sorted({h for h in header if header.count(h) > 1}):
        cols = " and ".join(str(j) for j, h in enumerate(header, start=1) if h == c)
        chk.error(f.path, f"header column {c!r}", c, f"duplicate column name (columns {cols} of line 1): keep one")
        ok = False
    unknown = [h for h in header if h not in required and h not in optional]
    for h in unknown:
        close = difflib.get_close_matches(h, [c for c in required if c not in header] or list(required), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        chk.error(f.path, f"header column {h!r}", h, f"unknown column{hint}")
        ok = False
    missing = [c for c in required if c not in header]
    if missing:
        chk.error(f.path, "header", ", ".join(missing), "missing columns")
        ok = False
    return ok


def cell_number(text):
    """CSV cells are text: convert what looks numeric, keep the rest for the error message."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text
