"""The editable inputs workbook `finmodel init` writes: every baseline input with unit and source.

Inputs sit on a yellow fill; drop-downs offer the fixed choices (financing rule, ceiling policy,
extrapolation rules, currencies, yes/no) and data validation holds numbers within the hard
bounds declared in `finmodel.inputs.schema`. `finmodel project --inputs FILE.xlsx` reads it back through
`finmodel.inputs.workbook`, so a workbook written from the shipped inputs reproduces the baseline.
"""

import json

from finmodel import fiscal_year
from finmodel.inputs.fitted_plan import FILE_NAME as FITTED_FILE
from finmodel.inputs.fitted_plan import SHEET as FITTED_SHEET
from finmodel.inputs.reader import YAML_FILES
from finmodel.inputs.schema import (
    BY_NAME,
    COUPON_PCT,
    CURRENCIES,
    FACE_VALUE_BN,
    GFSM_FILE,
    MIX_SHARE,
    TENOR_YEARS,
    YIELD_PCT,
    describe_range,
)
from finmodel.inputs.workbook import (
    BOOK,
    BY_YEAR,
    GFSM,
    MIX,
    MIX_COLUMNS,
    MIX_HEADER_ROW,
    PEERS,
    SAME_SOURCE,
    SCALAR_HEAD,
    SCALARS,
    YEAR_HEAD,
    YEAR_TAIL,
    by_year_names,
    scalar_names,
)
from finmodel.report.atomic import write_bytes
from finmodel.report.workbook.book import add_sources_sheet
from finmodel.report.workbook.build import workbook_bytes
from finmodel.report.workbook.fitted_sheet import fitted_sheet
from finmodel.report.workbook.sources_sheet import link_sources
from finmodel.report.workbook.style import finish_sheet, print_setup, set_text, styles, text_across

FILE_NAME = "finmodel_inputs.xlsx"
YELLOW = "FFFF99"
ABOUT_SHEET = "About"
ABOUT = [
    "finmodel inputs workbook",
    "Edit the yellow cells, save, then run: finmodel project --inputs THIS_FILE.xlsx",
    f"By year: one row per input, one column per fiscal year ({fiscal_year.example()} runs 1 April {fiscal_year.EXAMPLE_YEAR} to "
    f"31 March {fiscal_year.EXAMPLE_YEAR + 1}). A blank cell "
    "means 'not given': the Extrapolate rule (hold_last, zero, pct_gdp, ...) fills the years after the last one given.",
    "Scalars: single values, choices (drop-downs) and exchange rates. Issue mix: how each year's gross issuance splits "
    "across buckets (shares add up to 1). Opening book and Peers: the bonds outstanding and the comparators. "
    "GFSM basis: each Budget line's class on the IMF's basis (GFSM 2014), with its reason and source.",
    "Units are in the Unit column; percentages are written as percent (3.0 means 3%). Every figure needs a Source.",
    "Errors name the sheet and the cell. Values outside the hard bounds are refused when typed (data validation).",
]
WIDE_CSV_COLUMNS = ("note", "definition", "vintage", "reason")


def build_inputs_workbook(raw):
    """An openpyxl Workbook holding every input of `raw` (RawInputs read from an inputs folder).

    The sheets are written in the order the reader expects and openpyxl stores them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    st = styles()
    yellow = PatternFill("solid", fgColor=YELLOW)
    data = {}
    for fname in YAML_FILES:
        data.update(raw.files[fname].data)
    wb = Workbook()
    _about_sheet(wb.active, st)
    _by_year_sheet(wb.create_sheet(BY_YEAR), data, st, yellow)
    _scalars_sheet(wb.create_sheet(SCALARS), data, st, yellow)
    _mix_sheet(wb.create_sheet(MIX), data.get("new_issue_mix", {}), st, yellow)
    book = wb.create_sheet(BOOK)
    _csv_sheet(book, raw.files["opening_book.csv"].data, st)
    _opening_book_validation(book, raw.files["opening_book.csv"].data)
    _csv_sheet(wb.create_sheet(PEERS), raw.files["peers.csv"].data, st)
    _csv_sheet(wb.create_sheet(GFSM), raw.files[GFSM_FILE].data, st)
    if FITTED_FILE in raw.files:
        fitted_sheet(wb.create_sheet(FITTED_SHEET), raw.files[FITTED_FILE].data)
    # the ids the sheets' Source columns cite, resolved in a list under About (not a sheet of its own: docs/printing.md)
    add_sources_sheet(wb, st, raw.citations or None, below=ABOUT_SHEET)
    for ws in wb.worksheets:
        print_setup(ws, "1:1" if ws.title in (BY_YEAR, SCALARS, BOOK, PEERS) else None)
        finish_sheet(ws)
    link_sources(wb)
    wb.properties.creator = "finmodel"
    return wb


def _header(ws, row, values, st):
    """A header row: white bold text on the header fill (not wrapped)."""
    for j, v in enumerate(values, start=1):
        c = set_text(ws.cell(row, j), v)
        c.font, c.fill = st["head_font"], st["head_fill"]


def _one_line(text) -> str:
    """Sources and notes on one line (YAML folds keep their line breaks)."""
    return " ".join(str(text).split())


def _validation(ws, kind, ref, lo=None, hi=None, items=None, prompt=""):
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



def _about_sheet(ws, st):
    """The first sheet: what the workbook is and how to use it."""
    ws.title = ABOUT_SHEET
    for i, line in enumerate(ABOUT, start=1):   # across A:B, where the source list (`add_sources_sheet`) puts its ids, text
        c = text_across(ws, st, i, 1, 2, line)
        if i == 1:
            c.font = st["title"]
    ws.column_dimensions["A"].width = 140


def _year_values(entry, plan) -> dict:
    """The by-year values of one input (of one issuance plan when `plan` is given)."""
    return entry.get("plans", {}).get(plan, {}) if plan else entry.get("values", {})


def _given(names, data) -> list:
    """The rows to write: every parameter, an optional one (a statement only some Budgets make) only when the inputs give it."""
    return [n for n in names if not BY_NAME[n.partition(".")[0]].optional or n.partition(".")[0] in data]


def _by_year_sheet(ws, data, st, yellow):
    """One row per by-year input, one column per fiscal year any input gives, then rule, assumption and note."""
    from openpyxl.utils import get_column_letter

    labels = set()
    names = _given(by_year_names(), data)
    for name in names:
        base, _, plan = name.partition(".")
        labels |= {str(k) for k in (_year_values(data.get(base, {}), plan) or {})}
    years = sorted(labels, key=fiscal_year.parse)
    _header(ws, 1, list(YEAR_HEAD) + years + list(YEAR_TAIL), st)
    c_tail = len(YEAR_HEAD) + len(years) + 1
    first_of = {}   # the issuance plans (low, central, high) share one source: in full on the first plan's row only
    for r, name in enumerate(names, start=2):
        _by_year_row(ws, r, name, data, years, st, yellow)
        base, _, plan = name.partition(".")
        if plan and base in first_of:
            set_text(ws.cell(r, 3), f"{SAME_SOURCE} {first_of[base]}, above.")
        first_of.setdefault(base, name)
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 60
    for j in range(len(years)):
        ws.column_dimensions[get_column_letter(len(YEAR_HEAD) + 1 + j)].width = 10
    for j, w in enumerate((12, 11, 50)):
        ws.column_dimensions[get_column_letter(c_tail + j)].width = w


def _by_year_row(ws, r, name, data, years, st, yellow):
    """Row `r`: one by-year input with its values on yellow, bounds checked, and its extrapolation rule."""
    from openpyxl.utils import get_column_letter

    base, _, plan = name.partition(".")
    p = BY_NAME[base]
    entry = data.get(base, {})
    vals = _year_values(entry, plan) or {}
    c_tail = len(YEAR_HEAD) + len(years) + 1
    set_text(ws.cell(r, 1), name)
    set_text(ws.cell(r, 2), entry.get("unit", p.unit))
    set_text(ws.cell(r, 3), _one_line(entry.get("source", ""))).alignment = st["wrap"]
    for j, y in enumerate(years, start=len(YEAR_HEAD) + 1):
        c = ws.cell(r, j)
        if y in vals:
            c.value = vals[y]
        c.fill = yellow
        c.number_format = "0.0##"
    first, last = get_column_letter(len(YEAR_HEAD) + 1), get_column_letter(len(YEAR_HEAD) + len(years))
    lo, hi = p.bounds
    if lo is not None or hi is not None:
        _validation(ws, "decimal", f"{first}{r}:{last}{r}", lo, hi)
    rule = entry.get("extrapolate", p.extrapolate[0] if p.extrapolate else "")
    c = set_text(ws.cell(r, c_tail), rule)
    c.fill = yellow
    if p.extrapolate:
        _validation(ws, None, c.coordinate, items=p.extrapolate)
    c = set_text(ws.cell(r, c_tail + 1), "yes" if entry.get("assumption") else "no")
    _validation(ws, None, c.coordinate, items=("yes", "no"))
    set_text(ws.cell(r, c_tail + 2), _one_line(entry.get("note", ""))).alignment = st["wrap"]


def _scalars_sheet(ws, data, st, yellow):
    """One row per scalar input (exchange rates one per currency): value on yellow, drop-down or bounds."""
    _header(ws, 1, list(SCALAR_HEAD), st)
    first_of = {}   # a value per currency shares one source: given in full on its first row (the one read back)
    for r, name in enumerate(_given(scalar_names(), data), start=2):
        base, _, cur = name.partition(".")
        p = BY_NAME[base]
        entry = data.get(base, {})
        set_text(ws.cell(r, 1), name)
        set_text(ws.cell(r, 2), entry.get("unit", p.unit))
        source = _one_line(entry.get("source", ""))
        if cur and base in first_of:
            source = f"{SAME_SOURCE} {first_of[base]}, above."
        first_of.setdefault(base, name)
        set_text(ws.cell(r, 3), source).alignment = st["wrap"]
        c = ws.cell(r, 4)
        value = (entry.get("values") or {}).get(cur) if cur else entry.get("value")
        if p.kind == "readings":
            value = json.dumps({k: entry[k] for k in ("central", "readings") if k in entry}) if entry else None
        if isinstance(value, str):
            set_text(c, value)
        else:
            c.value = value
        c.fill = yellow
        if p.kind == "choice":
            _validation(ws, None, c.coordinate, items=p.choices)
        elif p.bounds != (None, None):
            _validation(ws, "decimal", c.coordinate, *p.bounds)
        c = set_text(ws.cell(r, 5), "yes" if entry.get("assumption") else "no")
        _validation(ws, None, c.coordinate, items=("yes", "no"))
        set_text(ws.cell(r, 6), _one_line(entry.get("note", ""))).alignment = st["wrap"]
    for col, w in zip("ABCDEF", (36, 34, 70, 12, 11, 40)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "B2"


def _mix_sheet(ws, mix, st, yellow):
    """The new-issue buckets, one row each, with room and validation for 20 more."""
    set_text(ws["A1"], "Unit")
    set_text(ws["B1"], mix.get("unit", BY_NAME["new_issue_mix"].unit))
    set_text(ws["A2"], "Source")
    set_text(ws["B2"], _one_line(mix.get("source", ""))).alignment = st["wrap"]
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(MIX_COLUMNS))  # the source reads across the table
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
    first, last = MIX_HEADER_ROW + 1, MIX_HEADER_ROW + max(len(buckets), 1) + 20  # room for new buckets
    _validation(ws, None, f"C{first}:C{last}", items=CURRENCIES)
    _validation(ws, None, f"B{first}:B{last}", items=("institutional", "retail"))
    _validation(ws, "whole", f"D{first}:D{last}", *TENOR_YEARS)
    _validation(ws, "decimal", f"E{first}:E{last}", *MIX_SHARE)
    _validation(ws, "decimal", f"F{first}:F{last}", *YIELD_PCT[0])
    _validation(ws, None, f"G{first}:G{last}", items=("yes", "no"))
    for col, w in zip("ABCDEFGH", (18, 14, 10, 12, 8, 10, 16, 20)):
        ws.column_dimensions[col].width = w
    ws.column_dimensions["B"].width = 14


def _csv_sheet(ws, table, st):
    """A CSV input (opening book, peers) as written: header row, then one row per line."""
    from openpyxl.utils import get_column_letter

    _header(ws, 1, table["header"], st)
    for r, row in enumerate(table["rows"], start=2):
        for j, h in enumerate(table["header"], start=1):
            _csv_cell(ws.cell(r, j), row.get(h, ""))
    for j, h in enumerate(table["header"], start=1):
        ws.column_dimensions[get_column_letter(j)].width = 40 if h in WIDE_CSV_COLUMNS else 16
    ws.freeze_panes = "B2"


def _opening_book_validation(ws, table):
    """Drop-downs and bounds on the opening book's columns, with room for 40 more bonds."""
    from openpyxl.utils import get_column_letter

    cols = {h: get_column_letter(j) for j, h in enumerate(table["header"], start=1)}
    end = len(table["rows"]) + 40
    _validation(ws, None, f"{cols['currency']}2:{cols['currency']}{end}", items=CURRENCIES)
    _validation(ws, None, f"{cols['inflation_linked']}2:{cols['inflation_linked']}{end}", items=("yes", "no"))
    _validation(ws, None, f"{cols['pool']}2:{cols['pool']}{end}", items=("A",))
    _validation(ws, "decimal", f"{cols['face_value_bn']}2:{cols['face_value_bn']}{end}", *FACE_VALUE_BN[0])
    _validation(ws, "decimal", f"{cols['coupon_pct']}2:{cols['coupon_pct']}{end}", *COUPON_PCT[0])


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
