"""How every workbook sheet prints: one page wide at a readable scale, nothing cut, no blank pages.

Every sheet writer of every command ends in `style.finish_sheet`, which calls `fit_page` here, so a sheet
added later prints by the same rules without doing anything:

- one page wide (fitToWidth 1, fitToHeight 0, fit-to-page on), pages down as many as the rows need, A4;
- at no less than MIN_SCALE of full size: portrait when the sheet can be narrowed to fit it at TARGET_SCALE, else
  landscape, its widest columns narrowed (text wrapped) until it fits (`column_fit.narrow_columns`, `column_floors`);
- a wrapped column is never narrower than its longest word (a header never breaks as "combined_adv erse");
- text that would run into a filled neighbour wraps instead of being cut by it, and text beside a number is
  indented so that the two never touch ("657.2no");
- the print area ends at the last cell holding something, or the end of the last chart (formatted empty rows,
  such as the validation room of the inputs workbook, print no blank pages).

Widths are in Excel's column-width units (the width of a '0' in Calibri 11). Text widths (`text_width`) come from the advance
widths of Calibri's printable ASCII characters (CALIBRI_WIDTHS, read from the metric-compatible Carlito font, in
hundredths of a '0'), plus a small margin: Excel and LibreOffice (with Carlito, which `.ci/run` installs) lay text
out with the same widths, so a row is as tall as its wrapped text and no taller. The sheet's cells are read once
(`sheet_scan.SheetScan`) and every step works from that reading.
"""

import weakref

from finmodel.report.workbook import placed_charts
from finmodel.report.workbook.column_fit import (
    LINE_PT,
    cell_floor,
    column_floors,
    narrow_columns,
    rotate_headers,
    spend_spare_width,
    widen_for_words,
    wrap_overflowing_text,
)
from finmodel.report.workbook.sheet_scan import (  # noqa: F401  (width_of, content_width, chart_extents: public here)
    CM_PER_POINT,
    DEFAULT_ROW_PT,
    HEADER_FILL,
    SheetScan,
    anchor_cell,
    chart_extents,
    content_width,
    set_width,
    width_of,
)
from finmodel.report.workbook.text_width import text_units, wrapped_lines

# An A4 page less 0.4 inch margins holds about this many width units at full size (measured: LibreOffice's scale
# on sheets of known width, from the height of the text in its PDF).
PAGE_WIDTH_UNITS = {"landscape": 138.0, "portrait": 95.0}
MIN_SCALE = 0.60  # the smallest print scale allowed (Calibri 11 prints at 6.6 pt)
TARGET_SCALE = 0.615  # the scale the fitting aims at, leaving room for the estimate's error
MARGIN_IN = 0.5  # top and bottom margins; the footer sits inside the bottom one


def fit_page(ws, scan: SheetScan | None = None) -> SheetScan:
    """Apply every rule of this module to `ws` (called by `style.finish_sheet` after the sheet is written); returns
    the sheet's reading (`scan`, read here when not given), which later steps may reuse.

    Portrait when the sheet can be narrowed to fit it at TARGET_SCALE (a tall table then takes about half the pages
    it would in landscape at a larger scale), landscape where it is wider than that.
    """
    scan = scan or SheetScan(ws)
    _page(ws)
    widen_for_words(scan)
    floors = column_floors(scan)
    narrowest = content_width(ws, {j: min(width_of(ws, j), f) for j, f in floors.items()}, scan)
    ws.page_setup.orientation = "portrait" if narrowest <= PAGE_WIDTH_UNITS["portrait"] / TARGET_SCALE else "landscape"
    budget = PAGE_WIDTH_UNITS[ws.page_setup.orientation] / TARGET_SCALE
    natural = {j: width_of(ws, j) for j in floors}
    narrowed = narrow_columns(scan, budget, floors)
    if content_width(ws, scan=scan) > budget and rotate_headers(scan):
        for j in narrowed:  # narrowed again from their own widths: a turned header frees width for the text beside it
            set_width(ws, j, natural[j])
        narrowed |= _fit_turned_columns(scan) | narrow_columns(scan, budget, column_floors(scan))
    wrap_overflowing_text(scan, narrowed)
    widen_for_words(scan)  # a word newly wrapped may still be wider than its column ...
    if content_width(ws, scan=scan) > budget + 0.05:  # ... and the room it takes comes from the other columns
        wrap_overflowing_text(scan, narrow_columns(scan, budget, column_floors(scan)))
    fit_row_heights(scan)  # the rows as tall as their text now, so that the estimate of pages below counts them
    if spend_spare_width(scan, budget, _pages(ws, scan)):
        fit_row_heights(scan)
    indent_text_beside_numbers(scan)
    set_print_area(ws, scan)
    repeat_titles(ws, scan)
    place_page_breaks(ws, scan)
    return scan


def _fit_turned_columns(scan: SheetScan) -> set:
    """Make a column whose header now reads upwards as wide as its cells need (the turned header's line, the floors of
    the cells below), not as wide as its header was: that width goes to the sheet's wrapped text (`narrow_columns`,
    `spend_spare_width`). Returns the columns narrowed."""
    need = {}
    for f in scan.cells:
        need[f.column] = max(need.get(f.column, 0.0), cell_floor(f))
    narrowed = set()
    for j in {f.column for f in scan.cells if f.header and f.turned}:
        if need[j] < width_of(scan.ws, j) - 0.01:
            set_width(scan.ws, j, need[j])
            narrowed.add(j)
    return narrowed


def _page(ws) -> None:
    """A4, one page wide, as many pages down as needed; no column repeated (there is only one page across)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not ws.page_setup.orientation:
        ws.page_setup.orientation = "portrait"
    ws.print_title_cols = None
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_IN
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddFooter.left.text = "&A"  # the sheet's name and the page: a printed page says where it is from
    ws.oddFooter.right.text = "page &P of &N"
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8


def _turned_height(text: str) -> float:
    """The row height (points) a header turned to read upwards needs: its text's width (a unit is 7 px, 0.75 pt each)."""
    return round(text_units(text, True) * 7 * 0.75 + 6, 1)


def fit_row_heights(scan: SheetScan) -> None:
    """Give every row holding wrapped text the height its tallest cell needs at the final widths (a row sized earlier,
    before its columns were widened or narrowed, is sized again); other rows keep their height."""
    ws = scan.ws
    merged = scan.merged_starts()
    inside = scan.merged_cells() - set(merged)
    need = {}
    for f in scan.cells:
        if f.text and f.turned:
            need[f.row] = max(need.get(f.row) or 0.0, _turned_height(f.value))
        if not f.text or not f.wrapped or (f.row, f.column) in inside:
            continue
        span = merged.get((f.row, f.column), 1)
        room = sum(width_of(ws, j) for j in range(f.column, f.column + span))
        lines = wrapped_lines(f.value, room / f.size, f.bold)
        need[f.row] = max(need.get(f.row) or 0.0, (LINE_PT * lines + 2) * f.size if lines > 1 else DEFAULT_ROW_PT * f.size)
    for r, height in need.items():
        ws.row_dimensions[r].height = round(height, 1) if height > DEFAULT_ROW_PT + 0.5 else None


def indent_text_beside_numbers(scan: SheetScan) -> None:
    """Indent left-aligned text that follows a number in the next cell to its left, so the two never touch."""
    for f in scan.cells:
        if f.column < 2 or not f.text:
            continue
        left = scan.value(f.row, f.column - 1)
        if not isinstance(left, (int, float)) or isinstance(left, bool):
            continue
        al = f.cell.alignment
        if al.horizontal in (None, "general", "left") and not al.indent:
            # left, said: an indent belongs to left (or right) alignment, and LibreOffice set a merged, wrapped cell
            # of "general" alignment with an indent as centred lines
            scan.realign(f, horizontal="left", indent=1)


def set_print_area(ws, scan: SheetScan | None = None) -> None:
    """Print from A1 to the last cell holding a value or the end of the last chart: no blank pages of formatting."""
    from openpyxl.utils import get_column_letter

    scan = scan or SheetScan(ws)
    ends = chart_extents(ws)
    col = max([scan.last_column] + [c - 1 for c, _ in ends])
    row = max([scan.last_row] + [r for _, r in ends])
    ws.print_area = f"A1:{get_column_letter(max(col, 1))}{row}"


# The printable height of an A4 page inside the top and bottom margins (MARGIN_IN each), in points.
PAGE_HEIGHT_PT = {"portrait": 841.9 - 144 * MARGIN_IN, "landscape": 595.3 - 144 * MARGIN_IN}


def print_scale(ws, scan: SheetScan | None = None) -> float:
    """The scale the sheet prints at, one page wide: the page's width over the sheet's, at most full size."""
    return min(1.0, PAGE_WIDTH_UNITS[ws.page_setup.orientation or "portrait"] / max(content_width(ws, scan=scan), 1.0))


def _pages(ws, scan: SheetScan) -> float:
    """About how many pages the sheet's rows fill at the scale it prints at now (charts left out)."""
    rows = sum(ws.row_dimensions[r].height or DEFAULT_ROW_PT for r in range(1, scan.last_row + 1))
    return rows * print_scale(ws, scan) / PAGE_HEIGHT_PT[ws.page_setup.orientation or "portrait"]


def _title_rows(ws) -> range:
    """The rows repeated at the top of every printed page (none: an empty range)."""
    titles = ws.print_title_rows
    if not titles:
        return range(0)
    first, last = (int(x) for x in titles.replace("$", "").split(":"))
    return range(first, last + 1)


_ASKED = weakref.WeakKeyDictionary()   # worksheet -> the title rows its writer asked to repeat ("4:4")


def repeat_rows(ws, rows: str) -> None:
    """Ask for `rows` ("4:4": a table's header) to head every printed page of `ws`; `fit_page` sets them when the
    table they head runs past the first page (`repeat_titles`)."""
    _ASKED[ws] = rows


def repeat_titles(ws, scan: SheetScan) -> None:
    """Repeat the title rows asked for (`repeat_rows`) only when the table they head runs past the first page (it ends
    at the first empty row after them): otherwise they stood over other tables on later pages (the IMF basis sheet's
    comparison header over its classification, the heat map's 96-point header of turned names over the list of its
    columns) and took their height on each page."""
    asked = _ASKED.pop(ws, None)
    if not asked:
        return
    first, last = (int(x) for x in asked.replace("$", "").split(":"))
    filled = {f.row for f in scan.cells}
    end = last + 1
    while end in filled:
        end += 1
    above = sum(ws.row_dimensions[r].height or DEFAULT_ROW_PT for r in range(1, end))
    if above > PAGE_HEIGHT_PT[ws.page_setup.orientation or "portrait"] / print_scale(ws, scan):
        ws.print_title_rows = asked


def _headings(scan: SheetScan) -> set:
    """Rows holding one bold text alone (a table's title) right above a header row: kept with the table they name."""
    cells, header_rows = {}, set()
    for f in scan.cells:
        cells.setdefault(f.row, []).append(f)
        if f.header:
            header_rows.add(f.row)
    return {r for r, fs in cells.items() if r + 1 in header_rows and len(fs) == 1 and fs[0].text and fs[0].bold
            and not fs[0].header}


def place_page_breaks(ws, scan: SheetScan | None = None) -> None:
    """Replace the sheet's row breaks with a break before each chart that would otherwise run across a page's foot,
    and before a table's title that would end a page without the table's header and first row under it, laid out at
    the scale the sheet prints at (the rows above, the repeated title rows on each page after the first); tables run
    on from page to page, their header repeated."""
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    def height(r):
        return ws.row_dimensions[r].height or DEFAULT_ROW_PT

    scan = scan or SheetScan(ws)
    room = PAGE_HEIGHT_PT[ws.page_setup.orientation or "portrait"] / print_scale(ws, scan)
    titles = sum(height(r) for r in _title_rows(ws))
    charts = {}
    for chart, anchor in placed_charts.on(ws):
        row = anchor_cell(anchor)[1]
        charts[row] = max(charts.get(row, 0.0), chart.height / CM_PER_POINT)
    for r in _headings(scan):   # the title, the header and the first row together
        charts[r] = max(charts.get(r, 0.0), height(r) + height(r + 1) + height(r + 2))
    ws.row_breaks = RowBreak()
    used, first_page = 0.0, True
    for r in range(1, max([scan.last_row] + [r for _, r in chart_extents(ws)]) + 1):
        if r in charts and used > 0 and used + charts[r] > room - (0 if first_page else titles):
            ws.row_breaks.append(Break(id=r - 1))
            used, first_page = 0.0, False
        used += height(r)
        if used > room - (0 if first_page else titles):
            used, first_page = height(r), False
