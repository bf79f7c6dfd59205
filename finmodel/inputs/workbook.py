"""Reader for the inputs workbook (`finmodel init` writes it): the same RawInputs an inputs folder gives.

Sheets: "By year" (Variable | Unit | Source | 2025-26 | 2026-27 | ... | Extrapolate | Assumption | Note),
"Scalars" (Variable | Unit | Source | Value | Assumption | Note), "Issue mix" (unit and source above
a bucket table), "Opening book" and "Peers" (the CSV files' columns). Every cell problem names the
sheet and the cell; what the workbook holds is then checked by `finmodel.inputs.validation` as usual.
"""

import difflib
import hashlib
import json
import math
from pathlib import Path

from finmodel import fiscal_year
from finmodel.inputs import sheet_grid
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.fitted_plan import FILE_NAME as FITTED_FILE
from finmodel.inputs.fitted_plan import SHEET as FITTED_SHEET
from finmodel.inputs.fitted_plan import read_fitted_sheet
from finmodel.inputs.raw import MAX_BYTES, InputFile, NotReadable, RawInputs, read_regular_file
from finmodel.inputs.reader import YAML_FILES
from finmodel.inputs.schema import (
    BOOK_COLUMNS,
    BY_NAME,
    CURRENCIES,
    GFSM_COLUMNS,
    GFSM_FILE,
    MIX_SHARE,
    PARAMS,
    PEER_COLUMNS,
    PLANS,
    TENOR_YEARS,
    YIELD_PCT,
    describe_range,
    unit_agrees,
)

BY_YEAR = "By year"
SCALARS = "Scalars"
MIX = "Issue mix"
BOOK = "Opening book"
PEERS = "Peers"
GFSM = "GFSM basis"
SHEETS = (BY_YEAR, SCALARS, MIX, BOOK, PEERS, GFSM)
YEAR_HEAD = ("Variable", "Unit", "Source")
YEAR_TAIL = ("Extrapolate", "Assumption", "Note")
SCALAR_HEAD = ("Variable", "Unit", "Source", "Value", "Assumption", "Note")
SAME_SOURCE = "Same source as"   # a row of one currency's value citing the source given on an earlier row
MIX_COLUMNS = ("bucket", "investor", "currency", "tenor_years", "share", "yield_pct", "inflation_linked", "source")
MIX_HEADER_ROW = 4
YAML_OF = {p.name: p.file for p in PARAMS}
YES_NO = ("yes", "no")


class WorkbookInputs(RawInputs):
    """RawInputs read from one workbook: the run record holds the workbook's own hash."""

    def __init__(self, root: str, sha256: str):
        super().__init__(root=root)
        self.sha256 = sha256

    def hashes(self) -> dict:
        return {Path(self.root).name: self.sha256}


def by_year_names() -> list:
    """Row names of the By year sheet: every by-year parameter, then one row per issuance plan."""
    return [p.name for p in PARAMS if p.kind == "by_year"] + [f"issuance_plan_hkd_bn.{plan}" for plan in PLANS]


def scalar_names() -> list:
    """Row names of the Scalars sheet: scalars, choices and one row per exchange rate."""
    return [p.name for p in PARAMS if p.kind in ("scalar", "choice", "readings")] + [f"fx_hkd_per_unit.{c}" for c in CURRENCIES]


class SheetReader:
    """Cell access with formula values taken from the workbook's saved results, collecting problems."""

    def __init__(self, data: bytes, shown: str):
        self.data = data
        self.shown = shown
        self.problems = []
        self._cached = None
        self.wb = _open(data)
        self.grids = {}

    def grid(self, name, cached=False):
        """The named sheet's cells (its saved formula results with cached=True); None, with a problem, when too large."""
        wb = self.wb if not cached else self._cached
        key = (name, cached)
        if key not in self.grids:
            try:
                self.grids[key] = sheet_grid.Grid(wb[name])
            except sheet_grid.Grid.TooBig as big:
                span, count = big.args
                self.problems.append(Problem(f"{self.shown}, sheet '{name}'", "used range", f"{span} ({count})",
                                             f"too large: a sheet of an inputs workbook spans at most {sheet_grid.CELL_LIMIT:,} cells "
                                             "(the shipped one about 1,000); a formatted empty cell counts: delete the rows "
                                             "below and the columns right of the table, then save"))
                self.grids[key] = None
            except Exception as exc:  # openpyxl raises many types for damaged sheet XML
                self.problems.append(Problem(f"{self.shown}, sheet '{name}'", "", None,
                                             f"cannot be read ({type(exc).__name__}: {exc})"))
                self.grids[key] = None
        return self.grids[key]

    def close(self):
        for wb in (self.wb, self._cached):
            if wb is not None:
                wb.close()

    def where(self, ws, cell=None) -> str:
        return f"{self.shown}, sheet '{ws.title}'" + (f", cell {cell.coordinate}" if cell is not None else "")

    def error(self, ws, cell, field, value, allowed):
        self.problems.append(Problem(self.where(ws, cell), field, value, allowed))

    def value(self, ws, cell):
        v = cell.value
        if isinstance(v, str) and v.startswith("=") and cell.data_type == "f":
            if self._cached is None:
                self._cached = _open(self.data, data_only=True)
            cached = self.grid(ws.title, cached=True)
            v = None if cached is None else cached.cell(cell.row, cell.column).value
            if v is None:
                self.error(ws, cell, "", cell.value, "a formula without a saved result: open and save the workbook in a "
                                                     "spreadsheet program, or type the number")
                return None
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    def number(self, ws, cell, field, bounds=(None, None), unit=""):
        v = self.value(ws, cell)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.error(ws, cell, field, v, "not a number: type a plain number (cells formatted as text hold text)")
            return None
        x = float(v)
        lo, hi = bounds
        if not math.isfinite(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
            self.error(ws, cell, field, v, f"outside the allowed range {describe_range(lo, hi)} {unit}".rstrip())
            return None
        return x

    def text(self, ws, cell):
        v = self.value(ws, cell)
        return "" if v is None else _as_text(v)

    def sheet(self, name):
        if name not in self.wb.sheetnames:
            self.problems.append(Problem(self.shown, f"sheet '{name}'", None,
                                         f"missing sheet; an inputs workbook has the sheets {', '.join(SHEETS)} (write one with finmodel init)"))
            return None
        return self.grid(name)

    def header(self, ws, row, expected_first):
        """Column index by header text; report a header that does not start as expected."""
        heads = {}
        for cell in ws[row]:
            v = self.value(ws, cell)
            if v is None:
                continue
            text = _as_text(v)
            if text in heads:
                self.error(ws, cell, "header", text, f"the column {text!r} appears twice, in cells "
                                                     f"{ws.cell(row, heads[text]).coordinate} and {cell.coordinate}: keep one")
                continue
            heads[text] = cell.column
        for j, name in enumerate(expected_first, start=1):
            got = ws.cell(row, j)
            if self.value(ws, got) != name:
                self.error(ws, got, "header", self.value(ws, got), f"expected the column {name!r} here")
        return heads



def _as_text(v) -> str:
    """Cell content as the text a CSV file would hold (floats in their shortest exact form)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def _open(data: bytes, data_only: bool = False):
    """The workbook in openpyxl's read-only mode, from the bytes already read (and hashed)."""
    import io

    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _unzipped_size(data: bytes) -> int:
    """The bytes the workbook's parts declare once unpacked (zipfile never unpacks more than a part declares)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sum(i.file_size for i in z.infolist())


def read_inputs_workbook(path) -> RawInputs:
    """Read an inputs workbook into RawInputs; raise InputError naming the sheet and cell of every problem.

    The file is read once (a regular file of at most MAX_BYTES; see `raw.read_regular_file`), hashed, and parsed
    from those bytes in openpyxl's read-only mode, each sheet's used range bounded by CELL_LIMIT cells.
    """
    path = Path(path)
    shown = str(path)
    try:
        raw_bytes = read_regular_file(path)
    except NotReadable as exc:
        reason = "inputs workbook not found" if exc.reason == "file not found" else exc.reason
        raise InputError([Problem(shown, "", exc.value, reason)]) from None
    if not raw_bytes:
        raise InputError([Problem(shown, "", "0 bytes", f"an inputs workbook is between 1 and {MAX_BYTES:,} bytes")])
    if raw_bytes[:4] != b"PK\x03\x04":
        raise InputError([Problem(shown, "", None, "not an Excel workbook: an .xlsx file is a zip archive "
                                                   "(save it from Excel or LibreOffice as 'Excel 2007-365 (.xlsx)')")])
    try:
        unzipped = _unzipped_size(raw_bytes)
    except Exception as exc:  # zipfile raises several types for a damaged archive
        raise InputError([Problem(shown, "", None, f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})")]) from None
    if unzipped > sheet_grid.UNZIPPED_LIMIT:
        raise InputError([Problem(shown, "", f"{unzipped:,} bytes unpacked", f"too large: an inputs workbook unpacks to at most "
                                                                              f"{sheet_grid.UNZIPPED_LIMIT:,} bytes (the shipped one ~200,000)")])
    try:
        s = SheetReader(raw_bytes, shown)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Problem(shown, "", None, f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        return _read_sheets(s, shown, raw_bytes)
    finally:
        s.close()


def _read_sheets(s, shown, raw_bytes) -> RawInputs:
    raw = WorkbookInputs(root=shown, sha256=hashlib.sha256(raw_bytes).hexdigest())
    entries = {name: {} for name in YAML_FILES}
    sheets = {name: s.sheet(name) for name in SHEETS}
    if sheets[BY_YEAR] is not None:
        _by_year(s, sheets[BY_YEAR], entries)
    if sheets[SCALARS] is not None:
        _scalars(s, sheets[SCALARS], entries)
    if sheets[MIX] is not None:
        _mix(s, sheets[MIX], entries)
    for name, fname, columns in ((BOOK, "opening_book.csv", BOOK_COLUMNS), (PEERS, "peers.csv", PEER_COLUMNS),
                                 (GFSM, GFSM_FILE, GFSM_COLUMNS)):
        if sheets[name] is not None:
            data = _table(s, sheets[name], columns)
            if data is not None:
                raw.files[fname] = InputFile(s.where(sheets[name]), raw.sha256, data)
    fitted = s.grid(FITTED_SHEET) if FITTED_SHEET in s.wb.sheetnames else None   # optional: the fitted paths (finmodel fit)
    if fitted is not None:   # a grid, bounded like every other sheet (None, with a problem, when too large)
        raw.files[FITTED_FILE] = InputFile(s.where(fitted), raw.sha256, read_fitted_sheet(s, fitted))
    if s.problems:
        raise InputError(s.problems)
    for fname, data in entries.items():
        raw.files[fname] = InputFile(f"{shown} ({fname[:-5]} inputs)", raw.sha256, data)
    return raw


def _rows_by_name(s, ws, known, first_row):
    """Yield (row, name) for named rows, reporting unknown and repeated names with their cell."""
    seen = set()
    for r in range(first_row, ws.max_row + 1):
        cell = ws.cell(r, 1)
        name = s.value(ws, cell)
        if name is None:
            continue
        name = _as_text(name)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            s.error(ws, cell, "Variable", name, f"unknown variable{hint}")
            continue
        if name in seen:
            s.error(ws, cell, "Variable", name, "appears twice: keep one row per variable")
            continue
        seen.add(name)
        yield r, name


def _meta(s, ws, r, heads, entry, name):
    """Unit, source, note and the assumption flag of one row."""
    declared = BY_NAME[name.split(".")[0]].unit
    unit = s.text(ws, ws.cell(r, heads["Unit"])) if "Unit" in heads else ""
    if unit and not unit_agrees(declared, unit):
        s.error(ws, ws.cell(r, heads["Unit"]), f"{name} unit", unit,
                f"the model reads this figure in {declared!r} (declared in finmodel/inputs/schema.py); the unit must begin with it")
        unit = ""
    entry["unit"] = unit or declared
    src_cell = ws.cell(r, heads.get("Source", 3))
    source = s.text(ws, src_cell)
    if not (source.startswith(SAME_SOURCE) and entry.get("source")):   # else: the earlier row's source stands
        entry["source"] = source
    if not entry["source"]:
        s.error(ws, src_cell, f"{name} source", None, "every figure needs a source")
    if "Note" in heads and s.text(ws, ws.cell(r, heads["Note"])):
        entry["note"] = s.text(ws, ws.cell(r, heads["Note"]))
    if "Assumption" in heads:
        cell = ws.cell(r, heads["Assumption"])
        flag = s.text(ws, cell).lower() or "no"
        if flag not in YES_NO:
            s.error(ws, cell, f"{name} assumption", flag, "must be yes or no")
        entry["assumption"] = flag == "yes"


def _by_year(s, ws, entries):
    heads = s.header(ws, 1, YEAR_HEAD)
    years = {}
    for text, col in heads.items():
        if text in YEAR_HEAD or text in YEAR_TAIL:
            continue
        try:
            fiscal_year.parse(text)
        except ValueError as exc:
            s.error(ws, ws.cell(1, col), "header", text, f"a column is {', '.join(YEAR_HEAD)}, a fiscal year or "
                                                          f"{', '.join(YEAR_TAIL)}: {exc}")
            continue
        same = next((t for t, c in years.items() if fiscal_year.parse(t) == fiscal_year.parse(text)), None)
        if same is not None:
            s.error(ws, ws.cell(1, col), "header", text, f"the year {text} appears twice, in cells {ws.cell(1, years[same]).coordinate} "
                                                          f"and {ws.cell(1, col).coordinate}: keep one column per year")
            continue
        years[text] = col
    order = sorted(years, key=fiscal_year.parse)
    plans = {}
    for r, name in _rows_by_name(s, ws, by_year_names(), 2):
        base = name.split(".")[0]
        p = BY_NAME[base]
        values = {}
        for label in order:
            cell = ws.cell(r, years[label])
            x = s.number(ws, cell, f"{name}[{label}]", p.bounds, p.unit)
            if x is not None:
                values[label] = x
        entry = entries[YAML_OF[base]].setdefault(base, {})
        if "." in name:
            plans[name.split(".")[1]] = values
            entry["plans"] = plans
        else:
            entry["values"] = values
        if "Extrapolate" in heads:
            cell = ws.cell(r, heads["Extrapolate"])
            rule = s.text(ws, cell)
            if rule:
                if rule not in p.extrapolate:
                    s.error(ws, cell, f"{name} extrapolate", rule, f"must be one of {', '.join(p.extrapolate)}")
                elif entry.get("extrapolate", rule) != rule:
                    s.error(ws, cell, f"{name} extrapolate", rule, f"every issuance plan row needs the same rule ({entry['extrapolate']})")
                entry["extrapolate"] = rule
        _meta(s, ws, r, heads, entry, name)


def _scalars(s, ws, entries):
    heads = s.header(ws, 1, SCALAR_HEAD)
    fx = {}
    for r, name in _rows_by_name(s, ws, scalar_names(), 2):
        base = name.split(".")[0]
        p = BY_NAME[base]
        cell = ws.cell(r, heads.get("Value", 4))
        entry = entries[YAML_OF[base]].setdefault(base, {})
        if p.kind == "choice":
            v = s.text(ws, cell)
            if v not in p.choices:
                s.error(ws, cell, name, v or None, f"must be one of {', '.join(p.choices)}")
            entry["value"] = v
        elif p.kind == "readings":   # JSON text: {"central": name, "readings": {name: {...}}} (budget_plan.yaml gap_readings)
            try:
                entry.update(json.loads(s.text(ws, cell) or "{}"))
            except ValueError:
                s.error(ws, cell, name, s.text(ws, cell), 'JSON text: {"central": ..., "readings": {...}} as finmodel init writes it')
        elif base == "fx_hkd_per_unit":
            x = s.number(ws, cell, name, p.bounds, p.unit)
            if x is not None:
                fx[name.split(".")[1]] = x
            elif s.value(ws, cell) is None:
                s.error(ws, cell, name, None, "missing exchange rate")
            entry["values"] = fx
        else:
            x = s.number(ws, cell, name, p.bounds, p.unit)
            if x is None and s.value(ws, cell) is None:
                s.error(ws, cell, name, None, "missing value")
            entry["value"] = x
        _meta(s, ws, r, heads, entry, name)


def _mix(s, ws, entries):
    entry = {"unit": s.text(ws, ws["B1"]) or BY_NAME["new_issue_mix"].unit, "source": s.text(ws, ws["B2"])}
    if not entry["source"]:
        s.error(ws, ws["B2"], "new_issue_mix source", None, "every figure needs a source")
    heads = s.header(ws, MIX_HEADER_ROW, MIX_COLUMNS)
    buckets = []
    for r in range(MIX_HEADER_ROW + 1, ws.max_row + 1):
        cells = {c: ws.cell(r, heads.get(c, j)) for j, c in enumerate(MIX_COLUMNS, start=1)}
        if all(s.value(ws, cell) is None for cell in cells.values()):
            continue
        name = s.text(ws, cells["bucket"]) or f"row {r}"
        b = {"bucket": name, "investor": s.text(ws, cells["investor"]) or "institutional",
             "currency": s.text(ws, cells["currency"]), "source": s.text(ws, cells["source"])}
        if b["currency"] not in CURRENCIES:
            s.error(ws, cells["currency"], f"{name} currency", b["currency"] or None, f"must be one of {', '.join(CURRENCIES)}")
        tenor = s.number(ws, cells["tenor_years"], f"{name} tenor_years", TENOR_YEARS, "years")
        if tenor is not None and not tenor.is_integer():
            s.error(ws, cells["tenor_years"], f"{name} tenor_years", tenor, "a whole number of years")
        b["tenor_years"] = None if tenor is None else int(tenor)
        b["share"] = s.number(ws, cells["share"], f"{name} share", MIX_SHARE, "(a share, 0 to 1)")
        b["yield_pct"] = s.number(ws, cells["yield_pct"], f"{name} yield_pct", YIELD_PCT[0], "% a year")
        linked = s.text(ws, cells["inflation_linked"]).lower()
        if linked not in YES_NO:
            s.error(ws, cells["inflation_linked"], f"{name} inflation_linked", linked or None, "must be yes or no")
        b["inflation_linked"] = linked == "yes"
        buckets.append(b)
    entry["buckets"] = buckets
    entries["borrowing.yaml"]["new_issue_mix"] = entry


def _table(s, ws, columns):
    """A CSV-like sheet: header row 1, one record per row, every cell as the text a CSV file would hold."""
    header = []
    for cell in ws[1]:
        v = s.value(ws, cell)
        if v is None:
            break
        text = _as_text(v)
        if text in header:
            s.error(ws, cell, "header", text, f"the column {text!r} appears twice, in cells "
                                              f"{ws.cell(1, header.index(text) + 1).coordinate} and {cell.coordinate}: keep one")
            return None
        header.append(text)
    missing = [c for c in columns if c not in header]
    if missing:
        s.error(ws, None, "header", None, f"missing columns in row 1: {', '.join(missing)}")
        return None
    rows = []
    for r in range(2, ws.max_row + 1):
        row = {h: s.text(ws, ws.cell(r, j)) for j, h in enumerate(header, start=1)}
        if not any(row.values()):
            continue
        row["_line"] = r
        rows.append(row)
    return {"header": header, "rows": rows}
