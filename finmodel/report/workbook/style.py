"""The workbooks' house style and the cell helpers every sheet shares.

Fonts, fills and number formats live here once, so every sheet (and the sheets other commands add)
looks the same. `set_text` writes user text so that it can never become a formula.
"""

import re

from finmodel.report.workbook.defined_names import check_name

# The inputs' vintage: the latest source the baseline cites (S00, 14 April 2026). It stamps the
# document properties and the zip entries instead of the wall clock, so reruns are byte-identical.
FIXED_TIME = (2026, 4, 14, 0, 0, 0)
FIXED_ISO = "2026-04-14T00:00:00Z"
from finmodel.report.workbook.print_setup import HEADER_FILL  # noqa: E402  (one value, defined where printing reads it)
FONT = "Calibri"  # the workbook's default font; styled cells name it so every viewer uses one family
INPUT_FILL = "FFF2CC"  # IMF convention: inputs on a coloured fill
RED_FILL = "F8CBAD"
BN = "#,##0.0"
PCT = "0.0"
PCT2 = "0.00"  # debt-to-GDP and pp changes: the band's rounding tolerance is 0.05 pp, so two decimals
PROBABILITY = "0.0%"


def signed(decimals: int) -> str:
    """A number format showing the sign of a difference ("+0.05", "-1.20"), and a value that rounds to zero at
    `decimals` places as plain 0.00 (the sections' conditions test the value before rounding: "+0.00;-0.00" alone
    shows 0.001 as "+0.00" and -0.001 as "-0.00")."""
    zeros = "0." + "0" * decimals if decimals else "0"
    half = f"{0.5 * 10 ** -decimals:.{decimals + 1}f}"
    return f"[>={half}]+{zeros};[<=-{half}]-{zeros};{zeros}"


# Printing (page setup, widths, print areas): finmodel.report.workbook.print_setup, called by finish_sheet.


def styles():
    """The workbook's shared fonts, fills and alignment, by role."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "head_font": Font(name=FONT, bold=True, color="FFFFFF"),
        "head_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "bold": Font(name=FONT, bold=True),
        "title": Font(name=FONT, bold=True, size=14),
        "big": Font(name=FONT, bold=True, size=18, color=HEADER_FILL),
        "link": Font(name=FONT, color="0563C1", underline="single"),
        "input_fill": PatternFill("solid", fgColor=INPUT_FILL),
        "red_fill": PatternFill("solid", fgColor=RED_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def set_text(cell, value):
    """Write user text so that it can never become a formula."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def text_across(ws, st, row: int, first_col: int, last_col: int, text):
    """`text` in row `row`, wrapped at the top of cells first_col..last_col merged into one: a note or a source that
    reads across a table instead of down a narrow column. Returns the cell."""
    cell = set_text(ws.cell(row, first_col), text)
    cell.alignment = st["wrap"]
    ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
    return cell


def safe_name(name: str) -> str:
    """A file-name-safe version of a scenario name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "scenario"


def column_letter(j):
    """Excel's letter for column number `j` (1 is A)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def header(ws, row, values, st, col=1):
    """A header row: white bold text on the header fill, wrapped."""
    for j, v in enumerate(values, start=col):
        c = set_text(ws.cell(row=row, column=j), v)
        c.font = st["head_font"]
        c.fill = st["head_fill"]
        c.alignment = st["wrap"]


def write_number(cell, value, fmt=None):
    """Write a number (None and NaN leave the cell empty)."""
    if value is None or value != value:
        cell.value = None
    else:
        cell.value = value.item() if hasattr(value, "item") else value
    if fmt:
        cell.number_format = fmt
    return cell


def set_widths(ws, widths: dict):
    """Column widths by letter or number."""
    for col, w in widths.items():
        ws.column_dimensions[col if isinstance(col, str) else column_letter(col)].width = w


def print_setup(ws, title_rows=None, landscape=True):
    """Landscape, fit to one page wide, header rows repeated on every page (`print_setup.repeat_rows`: when their table
    runs past the first page)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        from finmodel.report.workbook.print_setup import repeat_rows

        repeat_rows(ws, title_rows)


def add_table(ws, name, ref):
    """Mark `ref` as an Excel Table called `name` (checked against Excel's naming rules)."""
    from openpyxl.worksheet.table import Table, TableStyleInfo

    t = Table(displayName=check_name(name), ref=ref)
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


def chart_row(ws, last_row: int, rows_per_page: int = 28) -> int:
    """Row for charts below a table; a long table gets a page break first so no chart is cut across pages."""
    from openpyxl.worksheet.pagebreak import Break

    if last_row > rows_per_page:
        ws.row_breaks.append(Break(id=last_row + 1))
    return last_row + 3


def sheet_title(ws, st, title, subtitle=None):
    """The sheet's title in A1 and an optional subtitle in A2."""
    set_text(ws["A1"], title).font = st["title"]
    if subtitle:
        set_text(ws["A2"], subtitle)


def fit_heights(ws, scan=None):
    """Give rows with wrapped text the height their longest cell needs (spreadsheets do not do it on load). `scan`:
    the sheet's filled cells read already (`sheet_scan.SheetScan`)."""
    from finmodel.report.workbook.sheet_scan import SheetScan

    widths, lines = {}, {}
    for f in (scan or SheetScan(ws)).cells:
        c = f.cell
        if ws.row_dimensions[f.row].height is not None or not (f.wrapped or (f.turned and c.alignment.wrap_text)):
            continue
        if c.column_letter not in widths:
            widths[c.column_letter] = ws.column_dimensions[c.column_letter].width or 13
        lines[f.row] = max(lines.get(f.row, 1), wrapped_lines(str(c.value), widths[c.column_letter]))
    for r, n in lines.items():
        if n > 1:
            ws.row_dimensions[r].height = 13.5 * n + 2


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` units wide (`print_setup.wrapped_lines`: Calibri's widths)."""
    from finmodel.report.workbook.print_setup import wrapped_lines as lines

    return lines(text, width)


def align_tall_rows_top(ws, scan=None):
    """In every row taller than one line, put each cell's text at the top, so a label or number sits beside the first
    line of the wrapped text it belongs to (not beside the last line, or the next row's first). `scan`: the sheet's
    filled cells read already (`sheet_scan.SheetScan`)."""
    from finmodel.report.workbook.sheet_scan import SheetScan

    scan = scan or SheetScan(ws)
    for f in scan.cells:
        height = ws.row_dimensions[f.row].height
        if height is None or height <= 16:
            continue
        c = f.cell
        if c.has_style and c.alignment.vertical == "top":
            continue
        scan.realign(f, vertical="top")


def finish_sheet(ws):
    """The last step for every sheet: row heights for wrapped text, then how it prints (`print_setup.fit_page`: one
    page wide at a readable scale, nothing cut, no blank pages), then text at the top of tall rows."""
    from finmodel.report.workbook.print_setup import fit_page

    from finmodel.report.workbook.sheet_scan import SheetScan

    scan = SheetScan(ws)   # the sheet's cells read once, for every step
    fit_heights(ws, scan)
    align_tall_rows_top(ws, fit_page(ws, scan))
