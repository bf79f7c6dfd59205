"""The editable inputs workbook `finmodel init` writes: every baseline input with unit and source.

Inputs sit on a yellow fill; drop-downs offer the fixed choices (financing rule, ceiling policy,
extrapolation rules, currencies, yes/no) and data validation holds numbers within the hard
bounds declared in `finmodel.inputs.schema`. `finmodel project --inputs FILE.xlsx` reads it back through
`finmodel.inputs.workbook`, so a workbook written from the shipped inputs reproduces the baseline.
"""

from finmodel import fiscal_year
from finmodel.inputs.schema import (
    BY_NAME,
    CURRENCIES,
    TENOR_YEARS,
    YIELD_PCT,
    describe_range,
)
from finmodel.inputs.workbook import (
    BOOK,
    BY_YEAR,
    MIX,
    MIX_COLUMNS,
    MIX_HEADER_ROW,
    PEERS,
    SCALAR_HEAD,
    SCALARS,
    YEAR_HEAD,
    YEAR_TAIL,
    by_year_names,
    scalar_names,
)
from finmodel.report.atomic import write_bytes
from finmodel.report.workbook.build import _styles, set_text, workbook_bytes

FILE_NAME = "finmodel_inputs.xlsx"
YELLOW = "FFFF99"


def _fills():
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=YELLOW)


def _dv(ws, kind, ref, lo=None, hi=None, items=None, prompt=""):
    """Add one data-validation rule: a drop-down list or a number between bounds."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if items is not None:
        dv = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True)
        dv.error = f"Choose one of: {', '.join(items)}"
    else:
        op = "between" if lo is not None and hi is not None else "greaterThanOrEqual" if lo is not None else "lessThanOrEqual"
        f1 = lo if lo is not None else hi
        dv = DataValidation(type=kind, operator=op, formula1=repr(float(f1)) if kind == "decimal" else str(int(f1)),
                            formula2=None if op != "between" else (repr(float(hi)) if kind == "decimal" else str(int(hi))),
                            allow_blank=True)
        dv.error = f"Allowed: {describe_range(lo, hi)}"
    dv.errorTitle = "Not allowed"
    dv.showErrorMessage = True
    if prompt:
        dv.prompt = prompt
        dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)



def _header(ws, row, values, st):
    for j, v in enumerate(values, start=1):
        c = set_text(ws.cell(row, j), v)
        c.font, c.fill = st["head_font"], st["head_fill"]


def build_inputs_workbook(raw):
    """An openpyxl Workbook holding every input of `raw` (RawInputs read from an inputs folder)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    st = _styles()
    yellow = _fills()
    data = {}
    for fname in ("macro.yaml", "fiscal.yaml", "borrowing.yaml"):
        data.update(raw.files[fname].data)
    wb = Workbook()
    about = wb.active
    about.title = "About"
    lines = [
        "finmodel inputs workbook",
        "Edit the yellow cells, save, then run: finmodel project --inputs THIS_FILE.xlsx",
        "By year: one row per input, one column per fiscal year (2026-27 runs 1 April 2026 to 31 March 2027). A blank cell "
        "means 'not given': the Extrapolate rule (hold_last, zero, pct_gdp, ...) fills the years after the last one given.",
        "Scalars: single values, choices (drop-downs) and exchange rates. Issue mix: how each year's gross issuance splits "
        "across buckets (shares add up to 1). Opening book and Peers: the bonds outstanding and the comparators.",
        "Units are in the Unit column; percentages are written as percent (3.0 means 3%). Every figure needs a Source.",
        "Errors name the sheet and the cell. Values outside the hard bounds are refused when typed (data validation).",
    ]
    for i, line in enumerate(lines, start=1):
        c = set_text(about.cell(i, 1), line)
        if i == 1:
            c.font = st["title"]
    about.column_dimensions["A"].width = 140

    ws = wb.create_sheet(BY_YEAR)
    labels = set()
    for name in by_year_names():
        base, _, plan = name.partition(".")
        entry = data.get(base, {})
        vals = entry.get("plans", {}).get(plan, {}) if plan else entry.get("values", {})
        labels |= {str(k) for k in (vals or {})}
    years = sorted(labels, key=fiscal_year.parse)
    _header(ws, 1, list(YEAR_HEAD) + years + list(YEAR_TAIL), st)
    c_tail = len(YEAR_HEAD) + len(years) + 1
    for r, name in enumerate(by_year_names(), start=2):
        base, _, plan = name.partition(".")
        p = BY_NAME[base]
        entry = data.get(base, {})
        vals = (entry.get("plans", {}).get(plan, {}) if plan else entry.get("values", {})) or {}
        set_text(ws.cell(r, 1), name)
        set_text(ws.cell(r, 2), entry.get("unit", p.unit))
        set_text(ws.cell(r, 3), " ".join(str(entry.get("source", "")).split())).alignment = st["wrap"]
        for j, y in enumerate(years, start=len(YEAR_HEAD) + 1):
            c = ws.cell(r, j)
            if y in vals:
                c.value = vals[y]
            c.fill = yellow
            c.number_format = "0.0##"
        first, last = get_column_letter(len(YEAR_HEAD) + 1), get_column_letter(len(YEAR_HEAD) + len(years))
        lo, hi = p.bounds
        if lo is not None or hi is not None:
            _dv(ws, "decimal", f"{first}{r}:{last}{r}", lo, hi)
        rule = entry.get("extrapolate", p.extrapolate[0] if p.extrapolate else "")
        c = set_text(ws.cell(r, c_tail), rule)
        c.fill = yellow
        if p.extrapolate:
            _dv(ws, None, c.coordinate, items=p.extrapolate)
        c = set_text(ws.cell(r, c_tail + 1), "yes" if entry.get("assumption") else "no")
        _dv(ws, None, c.coordinate, items=("yes", "no"))
        set_text(ws.cell(r, c_tail + 2), " ".join(str(entry.get("note", "")).split())).alignment = st["wrap"]
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 60
    for j in range(len(years)):
        ws.column_dimensions[get_column_letter(len(YEAR_HEAD) + 1 + j)].width = 10
    for j, w in enumerate((12, 11, 50)):
        ws.column_dimensions[get_column_letter(c_tail + j)].width = w

    ws = wb.create_sheet(SCALARS)
    _header(ws, 1, list(SCALAR_HEAD), st)
    for r, name in enumerate(scalar_names(), start=2):
        base, _, cur = name.partition(".")
        p = BY_NAME[base]
        entry = data.get(base, {})
        set_text(ws.cell(r, 1), name)
        set_text(ws.cell(r, 2), entry.get("unit", p.unit))
        set_text(ws.cell(r, 3), " ".join(str(entry.get("source", "")).split())).alignment = st["wrap"]
        c = ws.cell(r, 4)
        value = (entry.get("values") or {}).get(cur) if cur else entry.get("value")
        if isinstance(value, str):
            set_text(c, value)
        else:
            c.value = value
        c.fill = yellow
        if p.kind == "choice":
            _dv(ws, None, c.coordinate, items=p.choices)
        elif p.bounds != (None, None):
            _dv(ws, "decimal", c.coordinate, *p.bounds)
        c = set_text(ws.cell(r, 5), "yes" if entry.get("assumption") else "no")
        _dv(ws, None, c.coordinate, items=("yes", "no"))
        set_text(ws.cell(r, 6), " ".join(str(entry.get("note", "")).split())).alignment = st["wrap"]
    for col, w in zip("ABCDEF", (36, 34, 70, 12, 11, 40)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "B2"

    ws = wb.create_sheet(MIX)
    mix = data.get("new_issue_mix", {})
    set_text(ws["A1"], "Unit")
    set_text(ws["B1"], mix.get("unit", BY_NAME["new_issue_mix"].unit))
    set_text(ws["A2"], "Source")
    set_text(ws["B2"], " ".join(str(mix.get("source", "")).split()))
    _header(ws, MIX_HEADER_ROW, list(MIX_COLUMNS), st)
    buckets = mix.get("buckets") or []
    for r, b in enumerate(buckets, start=MIX_HEADER_ROW + 1):
        for j, col in enumerate(MIX_COLUMNS, start=1):
            v = b.get(col)
            c = ws.cell(r, j)
            if col == "inflation_linked":
                set_text(c, "yes" if v is True else "no" if v is False else v)
            elif isinstance(v, str) or v is None:
                set_text(c, v)
            else:
                c.value = v
            if col not in ("bucket", "source"):
                c.fill = yellow
    last = MIX_HEADER_ROW + max(len(buckets), 1) + 20  # room for new buckets
    _dv(ws, None, f"C{MIX_HEADER_ROW + 1}:C{last}", items=CURRENCIES)
    _dv(ws, None, f"B{MIX_HEADER_ROW + 1}:B{last}", items=("institutional", "retail"))
    _dv(ws, "whole", f"D{MIX_HEADER_ROW + 1}:D{last}", *TENOR_YEARS)
    _dv(ws, "decimal", f"E{MIX_HEADER_ROW + 1}:E{last}", 0.0, 1.0)
    _dv(ws, "decimal", f"F{MIX_HEADER_ROW + 1}:F{last}", *YIELD_PCT[0])
    _dv(ws, None, f"G{MIX_HEADER_ROW + 1}:G{last}", items=("yes", "no"))
    for col, w in zip("ABCDEFGH", (18, 14, 10, 12, 8, 10, 16, 20)):
        ws.column_dimensions[col].width = w
    ws.column_dimensions["B"].width = 14

    for name, fname in ((BOOK, "opening_book.csv"), (PEERS, "peers.csv")):
        ws = wb.create_sheet(name)
        table = raw.files[fname].data
        _header(ws, 1, table["header"], st)
        for r, row in enumerate(table["rows"], start=2):
            for j, h in enumerate(table["header"], start=1):
                _csv_cell(ws.cell(r, j), row.get(h, ""))
        for j, h in enumerate(table["header"], start=1):
            ws.column_dimensions[get_column_letter(j)].width = 40 if h in ("note", "definition", "vintage") else 16
        ws.freeze_panes = "B2"
        if name == BOOK:
            cols = {h: get_column_letter(j) for j, h in enumerate(table["header"], start=1)}
            end = len(table["rows"]) + 40
            _dv(ws, None, f"{cols['currency']}2:{cols['currency']}{end}", items=CURRENCIES)
            _dv(ws, None, f"{cols['inflation_linked']}2:{cols['inflation_linked']}{end}", items=("yes", "no"))
            _dv(ws, None, f"{cols['pool']}2:{cols['pool']}{end}", items=("A",))
            _dv(ws, "decimal", f"{cols['face_value_bn']}2:{cols['face_value_bn']}{end}", 0.0, None)
            _dv(ws, "decimal", f"{cols['coupon_pct']}2:{cols['coupon_pct']}{end}", 0.0, 30.0)
    wb.properties.creator = "finmodel"
    return wb


def _csv_cell(cell, text):
    """A CSV cell: numbers become numbers (exactly as written), everything else stays text."""
    text = str(text)
    try:
        x = float(text)
    except ValueError:
        set_text(cell, text)
        return
    digits = text.strip().lstrip("+-")
    leading_zero = len(digits) > 1 and digits[0] == "0" and digits[1] != "."
    if digits.replace(".", "", 1).isdigit() and not leading_zero:
        cell.value = int(text) if digits.isdigit() else x
    else:
        set_text(cell, text)


def write_inputs_workbook(raw, out_dir):
    """Write finmodel_inputs.xlsx into `out_dir` atomically; return its path."""
    from pathlib import Path

    path = Path(out_dir) / FILE_NAME
    write_bytes(path, workbook_bytes(build_inputs_workbook(raw)))
    return path
