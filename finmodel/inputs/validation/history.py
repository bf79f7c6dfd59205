"""The history tables (`inputs/history/*.csv`) checked against their declarations in `history_schema`.

Every problem of every table at once, each at `file:line:column` with the column's name, the
cell as written and what is allowed: header, cell count, types, units, hard bounds (error) and
plausible bounds (warning), years and dates, order and gaps, duplicate rows. Rows flagged
`recalled` are usable; each table that has them gets one note (severity "note") listing their lines.
"""

import math
import re
from datetime import date
from pathlib import Path

from finmodel import fiscal_year
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.history_schema import PROVENANCE, RECALLED, TABLES, Column, Table
from finmodel.inputs.reader import read_csv_cells
from finmodel.inputs.schema import describe_range
from finmodel.inputs.validation.checker import decimal_text_hint, did_you_mean

NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
RANGE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
SOURCE = re.compile(r"^S\d+(?:;S\d+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECORD_FY = re.compile(r"^FY(\d{4}-\d{2})(?: \(Apr-(Jan|Feb|Mar|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\))?$")
RECORD_YEAR = re.compile(r"^FY\d{4}$")
TIME_KINDS = ("year", "fiscal_year", "date")


def check_history(root, names=None) -> tuple:
    """Check the named tables (default: all) under `root`; return the warnings, raise InputError listing every problem."""
    problems = []
    for name in names or TABLES:
        problems += check_table(TABLES[name], Path(root))
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return tuple(problems)


def check_table(table: Table, root: Path) -> list:
    """Every problem of one table (errors and warnings), in file order."""
    shown = str(root / table.file)
    problems = []
    read = read_csv_cells(root / table.file, shown, problems)
    if read is None:
        if problems and problems[-1].allowed == "file not found":
            problems[-1] = Problem(shown, "", None, f"history table not found ({table.description}; read by "
                                                    f"{', '.join(table.used_by) or 'no command, checked by validate'})")
        return problems
    header, rows, _ = read
    if not _header(table, header, shown, problems):
        return problems
    good = []
    for line, cells in rows:
        if len(cells) != len(header):
            hint = " (a decimal comma, as in 3,0, splits a cell: write 3.0)" if len(cells) > len(header) else ""
            problems.append(Problem(f"{shown}:{line}", "", f"{len(cells)} cells",
                                    f"malformed CSV: expected {len(header)} cells like the header{hint}"))
            continue
        row = dict(zip(header, cells))
        if _row(table, header, row, line, shown, problems):
            good.append((line, row))
    _duplicates(table, header, good, shown, problems)
    _order(table, header, good, shown, problems, gaps=len(good) == len(rows))
    _fractions(table, header, good, shown, problems)
    _recalled(good, shown, problems)
    return problems


def _header(table, header, shown, problems) -> bool:
    """The header holds every declared column once and nothing else (with a did-you-mean)."""
    names = [c.name for c in table.columns]
    ok = True
    for j, h in enumerate(header, start=1):
        if header.count(h) > 1 and header.index(h) == j - 1:
            cols = " and ".join(str(k) for k, x in enumerate(header, start=1) if x == h)
            problems.append(Problem(f"{shown}:1:{j}", "header", h, f"duplicate column name (columns {cols} of line 1): keep one"))
            ok = False
        elif h not in names:
            problems.append(Problem(f"{shown}:1:{j}", "header", h, "unknown column" + did_you_mean(h, [n for n in names if n not in header])))
            ok = False
    missing = [n for n in names if n not in header]
    if missing:
        problems.append(Problem(f"{shown}:1", "header", ", ".join(missing), f"missing columns; expected {', '.join(names)}"))
        ok = False
    return ok


def _row(table, header, row, line, shown, problems) -> bool:
    """Check each cell of a row; True when the row is usable for the cross-row checks."""
    n = len(problems)
    for j, name in enumerate(header, start=1):
        where = f"{shown}:{line}:{j}"
        problem = _cell(table, table.column(name), row, row[name])
        if problem is not None:
            allowed, severity = problem
            problems.append(Problem(where, name, row[name], allowed, severity))
    return not any(p.severity == "error" for p in problems[n:])


def _cell(table, col: Column, row, text):
    """(what is allowed, severity) when the cell is not acceptable, else None."""
    value = text.strip()
    if value != text and (col.key or col.kind in ("choice", "source", "year", "fiscal_year", "date", "record_date")):
        return "spaces around the value: a key or code must be written exactly, without them", "error"
    if not value:
        return (f"empty: a {col.kind.replace('_', ' ')} is required", "error") if col.required else None
    if col.kind == "year":
        ok = re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2100
        return None if ok else ("a calendar year, 1900 to 2100", "error")
    if col.kind == "fiscal_year":
        return _fiscal_year(value)
    if col.kind == "date":
        return None if _iso_date(value) else ("a date written 2025-07-31 (year-month-day)", "error")
    if col.kind == "record_date":
        return _record_date(value)
    if col.kind == "number":
        bounds, plausible = col.bounds, col.plausible
        if table.item_bounds is not None and row.get("item", "").strip() in table.item_bounds:
            bounds, plausible = table.item_bounds[row["item"].strip()]
        return _number(value, bounds, plausible, col.unit)
    if col.kind == "figure":
        return _figure(table, row, value)
    if col.kind == "choice":
        if value in col.choices:
            return None
        return f"one of {', '.join(repr(c) for c in col.choices)}{did_you_mean(value, list(col.choices))}", "error"
    if col.kind == "source":
        return None if SOURCE.match(value) else ("source ids from SOURCES.md, e.g. S01 or S01;S02", "error")
    return None


def _fiscal_year(value):
    try:
        fiscal_year.parse(value)
    except ValueError as exc:
        return str(exc), "error"
    return None


def _iso_date(value) -> bool:
    if not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _record_date(value):
    """An ISO date, FY2024-25, FY2024-25 (Apr-Dec) (year to date) or FY2024 (a year as published)."""
    if _iso_date(value) or RECORD_YEAR.match(value):
        return None
    m = RECORD_FY.match(value)
    if m and _fiscal_year(m.group(1)) is None:
        return None
    return (f"a date (2025-07-31), a fiscal year (FY{fiscal_year.example(-2)}), a fiscal year to date (FY{fiscal_year.example(-1)} "
            "(Apr-Dec), months May to Mar) or a year as published (FY2024)", "error")


def _number(value, bounds, plausible, unit):
    """A finite number inside the hard bounds (else an error), inside the plausible ones (else a warning)."""
    if not NUMBER.match(value):
        if value.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            return "must be a finite number (not NaN or infinity)", "error"
        return "not a number" + decimal_text_hint(value), "error"
    x = float(value)
    if not math.isfinite(x):
        return "not a finite number: too large", "error"
    lo, hi = bounds
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        return f"outside the allowed range {describe_range(lo, hi)} {unit}".rstrip(), "error"
    lo, hi = plausible
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        return f"outside the plausible range {describe_range(lo, hi)} {unit}; check the unit".rstrip(), "warning"
    return None


def _figure(table, row, value):
    """A number in the row's unit; a range (95-135) or wording only where the unit allows it."""
    unit_text = row.get("unit", "").strip()
    unit = table.units.get(unit_text)
    if unit is None:
        return None  # the unit cell carries the error
    if NUMBER.match(value):
        return _number(value, unit.bounds, unit.plausible, unit_text)
    m = RANGE.match(value)
    if m and unit.ranges:
        lo, hi = float(m.group(1)), float(m.group(2))
        if lo > hi:
            return "a range is written low-high, e.g. 95-135", "error"
        return _number(m.group(1), unit.bounds, unit.plausible, unit_text) or _number(m.group(2), unit.bounds, unit.plausible, unit_text)
    if unit.text:
        return None
    kinds = "a number or a range such as 95-135" if unit.ranges else "a number"
    hint = decimal_text_hint(value) if not m else ""
    return f"not a number: a figure in {unit_text!r} is {kinds}{hint}", "error"


FRACTION_ROWS = 5   # a percentage column with at least this many figures, every one within ±1, holds fractions


def _fractions(table, header, rows, shown, problems):
    """The unit check of each percentage column: figures written as fractions (0.03 for 3%) are refused.

    A column declared in % whose figures (at least FRACTION_ROWS of them, not all zero) all lie within -1 to 1 was
    written as fractions: read as percentages they would be a hundred times too small and change the estimates silently.
    """
    for col in table.columns:
        if col.kind != "number" or not col.unit.startswith("%"):
            continue
        figures = [(line, row[col.name].strip()) for line, row in rows if NUMBER.match(row[col.name].strip())]
        values = [abs(float(v)) for _, v in figures]
        if len(values) >= FRACTION_ROWS and max(values) <= 1.0 and max(values) > 0.0:
            line, first = figures[0]
            j = header.index(col.name) + 1
            problems.append(Problem(f"{shown}:{line}:{j}", col.name, first,
                                    f"every figure of {col.name} ({len(values)} rows) lies within -1 to 1: the column holds "
                                    f"percentages ({col.unit}: 3 for 3%), not fractions (0.03); multiply the column by 100"))


def _key(table, row) -> tuple:
    return tuple(row[c.name].strip() for c in table.columns if c.key)


def _word(table, name) -> str:
    """How a duplicate's message names the cell that differs: "value" for the row's figure, else the column's name."""
    return "value" if table.column(name).kind in ("number", "figure") else name


def _duplicates(table, header, rows, shown, problems):
    """Each key once: a repeated key with another figure or word in any cell but its provenance (source, confidence,
    note) is an error at the first cell that differs, figures first; an exact repeat a warning."""
    seen = {}
    keys = [c.name for c in table.columns if c.key]
    data = [c.name for c in table.columns if c.kind in ("number", "figure")] + \
        [c.name for c in table.columns if not c.key and c.kind not in ("number", "figure") and c.name not in PROVENANCE]
    for line, row in rows:
        k = _key(table, row)
        if k not in seen:
            seen[k] = (line, row)
            continue
        first, other = seen[k]
        what = ", ".join(f"{n} {v}" for n, v in zip(keys, k) if v)
        differs = next((n for n in data if row[n].strip() != other[n].strip()), None)
        if differs is not None:
            col = header.index(differs) + 1
            problems.append(Problem(f"{shown}:{line}:{col}", differs, row[differs],
                                    f"duplicate of line {first} ({what}) with a different {_word(table, differs)} ({other[differs]}): "
                                    f"each row may appear once; keep the right {'figure' if _word(table, differs) == 'value' else 'row'}"))
        else:
            problems.append(Problem(f"{shown}:{line}", "", None, f"repeats line {first} ({what}); remove one", "warning"))


def _order(table, header, rows, shown, problems, gaps=True):
    """Periods increase row by row (within each series for "by_key"), without gaps where declared.

    gaps: False when a row was already refused, so that its absence is not reported again as a gap.
    """
    if not table.order:
        return
    time = next(c for c in table.columns if c.key and c.kind in TIME_KINDS)
    col = header.index(time.name) + 1
    series = {}
    for line, row in rows:
        group = tuple(row[c.name].strip() for c in table.columns if c.key and c is not time) if table.order == "by_key" else ()
        series.setdefault(group, []).append((line, row[time.name].strip()))
    for group, items in series.items():
        label = f" (within {', '.join(g for g in group if g)})" if group else ""
        for (_, prev), (line, cur) in zip(items, items[1:]):
            p, c = _period(time.kind, prev), _period(time.kind, cur)
            if c < p:
                problems.append(Problem(f"{shown}:{line}:{col}", time.name, cur,
                                        f"out of order: comes after {prev}{label}; rows must run from the earliest period to the latest"))
            elif gaps and table.consecutive and c > p + 1:
                missing = ", ".join(str(y) for y in range(p + 1, c)) if time.kind == "year" else \
                    ", ".join(fiscal_year.label(y) for y in range(p + 1, c))
                problems.append(Problem(f"{shown}:{line}:{col}", time.name, cur,
                                        f"a gap after {prev}{label}: {missing} missing; the series must be consecutive"))


def _period(kind, text) -> int:
    return fiscal_year.parse(text) if kind == "fiscal_year" else int(text[:4]) if kind == "year" else date.fromisoformat(text).toordinal()


def _recalled(rows, shown, problems):
    """One warning per table listing the rows whose figure was recalled rather than found in a primary source."""
    lines = [line for line, row in rows if row.get("confidence", "").strip() == RECALLED]
    if lines:
        problems.append(Problem(shown, "confidence", RECALLED,
                                f"{len(lines)} row(s) rest on recall, not a primary source (lines {_spans(lines)}); "
                                "they are used as they are and the outputs that rely on them say so", "note"))


def _spans(lines) -> str:
    """3, 4, 5, 9 -> '3-5, 9'."""
    out, start = [], lines[0]
    for a, b in zip(lines, lines[1:] + [None]):
        if b != a + 1:
            out.append(f"{start}-{a}" if a != start else f"{a}")
            start = b
    return ", ".join(out)
