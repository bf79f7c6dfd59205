"""Excel's rules for defined names (and table names), checked before anything is written.

A name Excel would read as a cell reference (`GDP2025` is column GDP, row 2025; `R2` and
`R1C1` are R1C1-style references; `R` and `C` alone mean the current row and column) makes
the file unreadable or silently points at a cell, so such names are rejected here.
"""

import re

MAX_COLUMN = 16384  # XFD
MAX_ROW = 1048576
MAX_LENGTH = 255
_SHAPE = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.\\]*$")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_R1C1 = re.compile(r"^[Rr]([0-9]*)([Cc]([0-9]*))?$|^[Cc][0-9]*$")
_RESERVED = {"true", "false", "print_area", "print_titles", "criteria", "database", "extract",
             "consolidate_area", "sheet_title", "auto_open", "auto_close"}


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def is_cell_reference(name: str) -> bool:
    """True when Excel would read `name` as an A1 or R1C1 cell reference."""
    m = _A1.match(name)
    if m and _column_number(m.group(1)) <= MAX_COLUMN and 1 <= int(m.group(2)) <= MAX_ROW:
        return True
    return bool(_R1C1.match(name))


def name_problem(name) -> str | None:
    """Why `name` is not a valid Excel defined name, or None when it is."""
    if not isinstance(name, str) or not name:
        return "a name must be non-empty text"
    if len(name) > MAX_LENGTH:
        return f"a name has at most {MAX_LENGTH} characters"
    if not _SHAPE.match(name):
        return "a name starts with a letter, underscore or backslash and holds only letters, digits, underscores, periods and backslashes (no spaces)"
    if is_cell_reference(name):
        return "Excel reads this as a cell reference (A1 or R1C1 style)"
    if name.lower() in _RESERVED or name.lower().startswith("_xlnm"):
        return "reserved by Excel"
    return None


def check_name(name: str) -> str:
    """Return `name` if Excel accepts it as a defined name; raise ValueError saying why not."""
    problem = name_problem(name)
    if problem:
        raise ValueError(f"invalid Excel name {name!r}: {problem}")
    return name


def check_unique(names) -> None:
    """Excel names are case-insensitive: raise ValueError on a duplicate."""
    seen = {}
    for n in names:
        key = n.lower()
        if key in seen:
            raise ValueError(f"duplicate Excel name {n!r} (same as {seen[key]!r}; names ignore case)")
        seen[key] = n
