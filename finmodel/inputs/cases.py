"""The case file of `finmodel batch`: one row per case, one column per input line or option (CSV or .xlsx).

    case,description,land_premium_hkd_bn[YYYY-YY],real_growth_pct,financing_rule,issuance
    land_10,Land premium HK$10bn in year YYYY-YY,10,,,
    slow_growth,Real growth 1% a year,,1.0,borrow,

Columns: `case` (a name, required, unique; `baseline` is the run without a case), `description` (optional
text), options `financing_rule` (risk, plan, gap or borrow) and `issuance` (low, central or high), and input
lines by their name in the inputs (`finmodel/inputs/schema.py`): `LINE[YYYY-YY]` (a fiscal year's label) sets one year, `LINE` alone
every year after the Budget's estimates to the horizon (a scalar, such as `other_revenue_gdp_elasticity`,
takes no year). Values are in the line's own unit, as in the YAML (`% a year`: 2.5 for 2.5%). An empty cell
keeps the inputs' value. A problem with the header (an unknown or repeated column, no `case` column) makes
the file unusable; a problem in a row (a value that is not a number, an unknown option) makes that row bad,
reported by its line and column (CSV: `file:line:column`; a workbook: sheet and cell), and the others run.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from finmodel import fiscal_year
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.raw import MAX_BYTES, NotReadable, read_regular_file
from finmodel.inputs.reader import read_csv_cells
from finmodel.inputs.schema import BY_NAME, PLAN_FILE

CASE, DESCRIPTION = "case", "description"
OPTIONS = {"financing_rule": ("risk", "plan", "gap", "borrow"), "issuance": ("low", "central", "high")}
RESERVED = ("baseline",)          # the run without a case: its row is written first
SHEET = "Cases"                   # a workbook's sheet of cases (else its first sheet)
MAX_CASES = 100_000
_COLUMN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?$")
# Lines a case may not set, and why (what to do instead).
REFUSED = {
    "issuance_plan_hkd_bn": "a case follows one of the issuance plans: use the `issuance` column (low, central or high)",
    "new_issue_mix": "the issue mix is a table: set it in the inputs, or as a scenario file given with --scenario",
    "fx_hkd_per_unit": "exchange rates are a table: set them in the inputs, or as a scenario file given with --scenario",
    "horizon": "the horizon is the same for every case of a batch (one engine batch): give --horizon, and run a batch per horizon",
}


@dataclass(frozen=True)
class Column:
    """One column of the case file: its header, position and what it sets (kind: case, description, option or line)."""

    header: str
    index: int
    kind: str
    name: str
    year: int | None = None


@dataclass
class CaseRow:
    """One case as read: its row in the file, name, description, the input lines and options it sets, its problems."""

    row: int
    where: str
    name: str = ""
    description: str = ""
    lines: dict = field(default_factory=dict)     # (line, year or None) -> (value, where, column header)
    options: dict = field(default_factory=dict)   # option -> (value, where, column header)
    problems: list = field(default_factory=list)  # BadCell


@dataclass(frozen=True)
class BadCell:
    """Why a row cannot run: its row, the column (header) and where (file:line:column or sheet and cell), the value."""

    row: int
    column: str
    where: str
    value: object
    problem: str


@dataclass(frozen=True)
class CaseFile:
    """The case file as read: its path as shown, SHA-256, columns and rows (each with its own problems)."""

    shown: str
    sha256: str
    columns: tuple
    rows: tuple


def line_names() -> list:
    """The input lines a case may set: every by-year, scalar and choice line of macro, fiscal and borrowing.yaml."""
    return [p.name for p in BY_NAME.values() if p.file != PLAN_FILE and p.kind in ("by_year", "scalar", "choice")
            and p.name not in OPTIONS and p.name not in REFUSED]


def _column(header: str, index: int, where: str, problems: list):
    """The Column a header names, or None after a problem saying what a header may be."""
    text = header.strip()
    if text in (CASE, DESCRIPTION):
        return Column(text, index, text, text)
    if text in OPTIONS:
        return Column(text, index, "option", text)
    m = _COLUMN.match(text)
    name = m.group(1) if m else text
    if name in REFUSED:
        problems.append(Problem(where, text, None, REFUSED[name]))
        return None
    if name in BY_NAME and BY_NAME[name].file == PLAN_FILE:
        problems.append(Problem(where, text, None, "a published figure of the Budget is what the fit meets, not a what-if: "
                                                   "change it in the inputs and run finmodel fit"))
        return None
    if not m or name not in line_names():
        from finmodel.inputs.validation.checker import did_you_mean

        hint = did_you_mean(name, [CASE, DESCRIPTION, *OPTIONS, *line_names()])
        problems.append(Problem(where, text, None, f"unknown column{hint}; "
                                                   "a column is case, description, financing_rule, issuance, or an input line "
                                                   "as LINE (every year after the Budget's estimates) or LINE[YYYY-YY] (one fiscal year, as the inputs label it)"))
        return None
    year = None
    if m.group(2) is not None:
        if BY_NAME[name].kind != "by_year":
            problems.append(Problem(where, text, None, f"{name} is one value, not a line by year: write the column as {name}"))
            return None
        try:
            year = fiscal_year.parse(m.group(2).strip())
        except ValueError as exc:
            problems.append(Problem(where, text, m.group(2), f"not a fiscal year ({exc}); write the fiscal year as the inputs label it, {name}[YYYY-YY]"))
            return None
    return Column(text, index, "line", name, year)


def _columns(headers: list, where_of) -> tuple:
    """The columns of a header row; InputError (the file is unusable) naming every bad header."""
    problems, out, seen = [], [], {}
    for i, h in enumerate(headers):
        text = "" if h is None else str(h).strip()
        if not text:
            continue
        col = _column(text, i, where_of(i), problems)
        if col is None:
            continue
        key = (col.kind, col.name, col.year)
        if key in seen:
            problems.append(Problem(where_of(i), text, None, f"the same column as {seen[key]}: give each line and year once"))
            continue
        seen[key] = f"column {i + 1} ({text})"
        out.append(col)
    if not any(c.kind == CASE for c in out):
        problems.append(Problem(where_of(0), "", None, "no `case` column: the first row names the columns, one of them `case` "
                                                       "(the case's name)"))
    if problems:
        raise InputError(problems)
    return tuple(out)


def _cell(row: CaseRow, col: Column, value, where: str) -> None:
    """Put one cell into its row, or a BadCell saying what is allowed."""
    text = value.strip() if isinstance(value, str) else value
    if text is None or text == "":
        return
    if col.kind == CASE:
        row.name = str(text)
    elif col.kind == DESCRIPTION:
        row.description = " ".join(str(text).split())
    elif col.kind == "option":
        if str(text) not in OPTIONS[col.name]:
            row.problems.append(BadCell(row.row, col.header, where, text, f"must be one of {', '.join(OPTIONS[col.name])}"))
        else:
            row.options[col.name] = (str(text), where, col.header)
    elif BY_NAME[col.name].kind == "choice":
        row.lines[(col.name, None)] = (str(text), where, col.header)
    else:
        number = _number(text)
        if number is None:
            row.problems.append(BadCell(row.row, col.header, where, text,
                                        f"not a number: a plain number in the line's unit ({BY_NAME[col.name].unit})"))
        else:
            row.lines[(col.name, col.year)] = (number, where, col.header)


def _number(value):
    """A finite number from a cell (a number, or its text), else None; '2.5%' and '1,000' are not numbers here."""
    import math

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    try:
        x = float(str(value))
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _finish(rows: list) -> None:
    """Row-level problems: a missing, reserved or repeated case name."""
    seen = {}
    for r in rows:
        if not r.name:
            r.problems.append(BadCell(r.row, CASE, r.where, None, "every case needs a name in the `case` column"))
        elif r.name in RESERVED:
            r.problems.append(BadCell(r.row, CASE, r.where, r.name, "'baseline' is the run without a case (written first); "
                                                                    "name the case otherwise"))
        elif r.name in seen:
            r.problems.append(BadCell(r.row, CASE, r.where, r.name,
                                      f"the same name as the case of row {seen[r.name]}: names must be unique"))
        else:
            seen[r.name] = r.row


def read_case_file(path) -> CaseFile:
    """Read a case file (.csv, or .xlsx: its `Cases` sheet, else its first); InputError when it cannot be used at all."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() != ".csv":
        raise InputError([Problem(str(path), "", None, "a case file is a .csv or an .xlsx workbook")])
    problems = []
    found = read_csv_cells(path, str(path), problems)
    if found is None:
        raise InputError(problems)
    header, lines, digest = found
    shown = str(path)
    columns = _columns(header, lambda i: f"{shown}:1:{i + 1}")
    _bound(shown, len(lines))
    rows = []
    for line, cells in lines:
        r = CaseRow(line, f"{shown}:{line}")
        for col in columns:
            where = f"{shown}:{line}:{col.index + 1}"
            _cell(r, col, cells[col.index] if col.index < len(cells) else None, where)
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            r.problems.append(BadCell(line, "", f"{shown}:{line}:{len(header) + 1}", None,
                                      f"cells beyond the header's {len(header)} columns"))
        rows.append(r)
    _finish(rows)
    return CaseFile(shown, digest, columns, tuple(rows))


def _bound(shown: str, n: int) -> None:
    if n > MAX_CASES:
        raise InputError([Problem(shown, "", f"{n:,} rows", f"too many cases: a batch holds at most {MAX_CASES:,}")])
    if n == 0:
        raise InputError([Problem(shown, "", None, "no cases: the header row is followed by one row per case")])


def _read_xlsx(path: Path) -> CaseFile:
    """A workbook's `Cases` sheet (else its first): the same columns, each problem with its sheet and cell."""
    import hashlib

    from finmodel.inputs.workbook import SheetReader

    shown = str(path)
    try:
        data = read_regular_file(path)
    except NotReadable as exc:
        raise InputError([Problem(shown, "", exc.value, exc.reason)]) from None
    if data[:4] != b"PK\x03\x04":
        raise InputError([Problem(shown, "", None, f"not an Excel workbook (an .xlsx file is a zip archive of at most "
                                                   f"{MAX_BYTES:,} bytes); or save the cases as CSV")])
    try:
        sheets = SheetReader(data, shown)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError([Problem(shown, "", None, f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        name = SHEET if SHEET in sheets.wb.sheetnames else sheets.wb.sheetnames[0]
        ws = sheets.grid(name)
        if ws is None:
            raise InputError(sheets.problems)
        header = [sheets.value(ws, ws.cell(1, c)) for c in range(1, ws.max_column + 1)]
        columns = _columns(header, lambda i: sheets.where(ws, ws.cell(1, i + 1)))
        _bound(shown, ws.max_row - 1)
        rows = []
        for n in range(2, ws.max_row + 1):
            cells = [ws.cell(n, c.index + 1) for c in columns]
            if all(cell.value is None for cell in cells):
                continue
            r = CaseRow(n, sheets.where(ws) + f", row {n}")
            for col, cell in zip(columns, cells):
                before = len(sheets.problems)
                value = sheets.value(ws, cell)
                if len(sheets.problems) > before:   # a formula without a saved result
                    p = sheets.problems.pop()
                    r.problems.append(BadCell(n, col.header, p.where, cell.value, p.allowed))
                    continue
                _cell(r, col, value, sheets.where(ws, cell))
            rows.append(r)
    finally:
        sheets.close()
    _finish(rows)
    return CaseFile(shown, hashlib.sha256(data).hexdigest(), columns, tuple(rows))
