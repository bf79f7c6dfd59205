"""How every workbook sheet prints: one page wide at a readable scale, nothing cut, no blank pages.

Every sheet writer of every command ends in `style.finish_sheet`, which calls `fit_page` here, so a sheet
added later prints by the same rules without doing anything:

- one page wide (fitToWidth 1, fitToHeight 0, fit-to-page on), pages down as many as the rows need, A4;
- at no less than MIN_SCALE of full size: portrait when the sheet can be narrowed to fit it at TARGET_SCALE, else
  landscape, its widest columns narrowed (text wrapped) until it fits (`narrow_columns`, `column_floors`);
- a wrapped column is never narrower than its longest word (a header never breaks as "combined_adv erse");
- text that would run into a filled neighbour wraps instead of being cut by it, and text beside a number is
  indented so that the two never touch ("657.2no");
- the print area ends at the last cell holding something, or the end of the last chart (formatted empty rows,
  such as the validation room of the inputs workbook, print no blank pages).

Widths are in Excel's column-width units (the width of a '0' in Calibri 11). Text widths (`text_width`) come from the advance
widths of Calibri's printable ASCII characters (CALIBRI_WIDTHS, read from the metric-compatible Carlito font, in
hundredths of a '0'), plus a small margin: Excel and LibreOffice (with Carlito, which `.ci/run` installs) lay text
out with the same widths, so a row is as tall as its wrapped text and no taller.
"""

from math import ceil

from finmodel.report.workbook import placed_charts
from finmodel.report.workbook.text_width import BOLD_FACTOR, CELL_PADDING, text_units, wrapped_lines

HEADER_FILL = "1F4E79"  # the header rows' fill (style.py takes it from here: this module imports nothing of the workbook)
DEFAULT_WIDTH = 8.43
CM_PER_WIDTH_UNIT = 0.19
CM_PER_POINT = 2.54 / 72
# An A4 page less 0.4 inch margins holds about this many width units at full size (measured: LibreOffice's scale
# on sheets of known width, from the height of the text in its PDF).
PAGE_WIDTH_UNITS = {"landscape": 138.0, "portrait": 95.0}
MIN_SCALE = 0.60  # the smallest print scale allowed (Calibri 11 prints at 6.6 pt)
TARGET_SCALE = 0.615  # the scale the fitting aims at, leaving room for the estimate's error
DEFAULT_ROW_PT = 15.0
MARGIN_IN = 0.5  # top and bottom margins; the footer sits inside the bottom one
LINE_PT = 13.5  # one more line of Calibri 11 in a wrapped cell
NARROWEST_TEXT = 12.0  # a header is turned upwards only when wider than half this
LABEL_FLOOR = 26.0  # a column of text is never narrowed below its longest text or this many units, the smaller
LONGEST_WORD = 40.0  # ... nor widened for one word beyond this many (a SHA-256 hash wraps inside its cell)


def fit_page(ws) -> None:
    """Apply every rule of this module to `ws` (called by `style.finish_sheet` after the sheet is written).

    Portrait when the sheet can be narrowed to fit it at TARGET_SCALE (a tall table then takes about half the pages
    it would in landscape at a larger scale), landscape where it is wider than that.
    """
    _page(ws)
    widen_for_words(ws)
    floors = column_floors(ws)
    narrowest = content_width(ws, {j: min(width_of(ws, j), f) for j, f in floors.items()})
    ws.page_setup.orientation = "portrait" if narrowest <= PAGE_WIDTH_UNITS["portrait"] / TARGET_SCALE else "landscape"
    budget = PAGE_WIDTH_UNITS[ws.page_setup.orientation] / TARGET_SCALE
    narrowed = narrow_columns(ws, budget, floors)
    if content_width(ws) > budget and rotate_headers(ws):
        narrowed |= narrow_columns(ws, budget, column_floors(ws))
    wrap_overflowing_text(ws, narrowed)
    widen_for_words(ws)  # a word newly wrapped may still be wider than its column ...
    if content_width(ws) > budget + 0.05:  # ... and the room it takes comes from the other columns
        wrap_overflowing_text(ws, narrow_columns(ws, budget, column_floors(ws)))
    fit_row_heights(ws)
    indent_text_beside_numbers(ws)
    set_print_area(ws)
    place_page_breaks(ws)


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


def width_of(ws, j: int) -> float:
    """Column `j`'s width in units (Excel's default when not set)."""
    from openpyxl.utils import get_column_letter

    return ws.column_dimensions[get_column_letter(j)].width or DEFAULT_WIDTH


def _set_width(ws, j: int, w: float) -> None:
    from openpyxl.utils import get_column_letter

    ws.column_dimensions[get_column_letter(j)].width = ceil(w * 10 + 1e-9) / 10  # rounded up: a floor stays a floor


def last_column(ws) -> int:
    """The last column holding a value."""
    return max((c.column for row in ws.iter_rows() for c in row if c.value not in (None, "")), default=1)


def last_row(ws) -> int:
    """The last row holding a value."""
    return max((c.row for row in ws.iter_rows() for c in row if c.value not in (None, "")), default=1)


def chart_extents(ws, widths=None) -> list:
    """(last column, last row) each chart of the sheet reaches, from its anchor cell and size (`widths`: column
    widths to assume instead of the sheet's)."""
    def width(j):
        return (widths or {}).get(j) or width_of(ws, j)

    out = []
    for chart, anchor in placed_charts.on(ws):
        col, row = _anchor(anchor)
        left_cm, j = chart.width, col
        while left_cm > 0:
            left_cm -= width(j) * CM_PER_WIDTH_UNIT
            j += 1
        down_cm, r = chart.height, row
        while down_cm > 0:
            down_cm -= (ws.row_dimensions[r].height or DEFAULT_ROW_PT) * CM_PER_POINT
            r += 1
        out.append((j - 1, r - 1))
    return out


def content_width(ws, widths=None) -> float:
    """The width the sheet prints, in units: its columns up to the last used one, or to a chart's right edge where
    one reaches further (`widths`: column widths to assume instead of the sheet's)."""
    def width(j):
        return (widths or {}).get(j) or width_of(ws, j)

    total = sum(width(j) for j in range(1, last_column(ws) + 1))
    for chart, anchor in placed_charts.on(ws):
        col = _anchor(anchor)[0]
        total = max(total, sum(width(j) for j in range(1, col)) + chart.width / CM_PER_WIDTH_UNIT)
    return total


def _anchor(anchor: str) -> tuple:
    """(column, row) of a chart's top-left cell such as "B12", 1-based."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(anchor)
    return column_index_from_string(letters), row


def _is_text(c) -> bool:
    return isinstance(c.value, str) and c.value != "" and not c.value.startswith("=")


def _wrapped(c) -> bool:
    return c.has_style and bool(c.alignment.wrap_text) and not _turned(c)


def _turned(c) -> bool:
    return c.has_style and bool(c.alignment.textRotation)


def _turned_height(text: str) -> float:
    """The row height (points) a header turned to read upwards needs: its text's width (a unit is 7 px, 0.75 pt each)."""
    return round(text_units(text, True) * 7 * 0.75 + 6, 1)


def _merged_starts(ws) -> dict:
    """{top-left cell of a merged range: its width in columns}."""
    return {(m.min_row, m.min_col): m.max_col - m.min_col + 1 for m in ws.merged_cells.ranges}


def widen_for_words(ws) -> None:
    """Widen each column holding wrapped text to its longest word (up to LONGEST_WORD), so no word breaks inside."""
    merged = _merged_starts(ws)
    need = {}
    for row in ws.iter_rows():
        for c in row:
            if not _is_text(c) or not _wrapped(c) or (c.row, c.column) in merged:
                continue
            words = c.value.replace("\n", " ").split(" ")
            longest = max((text_units(w, c.font is not None and c.font.b) for w in words), default=0)
            need[c.column] = max(need.get(c.column, 0), min(longest, LONGEST_WORD))
    for j, w in need.items():
        if w > width_of(ws, j):
            _set_width(ws, j, w)


def narrow_columns(ws, budget: float, floors: dict) -> set:
    """Narrow columns (never below their floor, `column_floors`) until the sheet's width is within `budget` units, or
    as near as the floors allow; returns the columns narrowed (their text is then wrapped).

    The width left above the floors goes, a step at a time, to the column where it saves the most height (the rows'
    wrapped lines), so a sheet of several text columns prints as few lines as its width allows, and no column is
    squeezed into a strip while another keeps room it does not need."""
    if content_width(ws) <= budget or not floors:
        return set()
    start = {j: width_of(ws, j) for j in floors}
    widths = {j: min(start[j], floors[j]) for j in floors}
    cells = _text_cells(ws, set(floors))
    sheet = {j: width_of(ws, j) for texts in cells.values() for j, _, _ in texts}   # the widths left as they are
    step = 2.0
    while True:
        spare = budget - content_width(ws, widths)
        if spare < 0.01:
            break
        grow = min(step, spare)
        best, best_gain = None, 0.0
        now = _rows_height(cells, {**sheet, **widths})
        for j in floors:
            if widths[j] + 0.01 >= start[j]:
                continue
            trial = {**sheet, **widths, j: min(start[j], widths[j] + grow)}
            gain = now - _rows_height(cells, trial)
            if gain > best_gain:
                best, best_gain = j, gain
        if best is None:  # no more height to save: the rest goes to the columns furthest below their width
            best = max((j for j in floors if widths[j] + 0.01 < start[j]), key=lambda j: start[j] - widths[j], default=None)
            if best is None:
                break
        widths[best] = min(start[best], widths[best] + grow)
    narrowed = set()
    for j, w in widths.items():
        if w < start[j] - 0.01:
            _set_width(ws, j, w)
            narrowed.add(j)
    return narrowed


def _text_cells(ws, columns: set) -> dict:
    """{row: [(column, text, bold)]} of the text cells in rows holding text in one of `columns` (outside merges)."""
    inside = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)}
    rows = {}
    for row in ws.iter_rows():
        texts = [(c.column, c.value, c.font is not None and bool(c.font.b)) for c in row
                 if _is_text(c) and not _turned(c) and (c.row, c.column) not in inside]
        if any(j in columns for j, _, _ in texts):
            rows[row[0].row] = texts
    return rows


def _rows_height(cells: dict, widths: dict) -> float:
    """The lines the rows of `cells` take with their columns at `widths` (every column of `cells`), plus a
    thousandth of the lines of every cell: when no single step shortens a row (two cells wrap in it), the step that
    unwraps one of them still counts, so the next one can finish the job."""
    total = 0.0
    for texts in cells.values():
        lines = [wrapped_lines(text, widths[j], bold) for j, text, bold in texts]
        total += max(lines) + sum(lines) / 1000
    return total


def column_floors(ws, headers: bool = True) -> dict:
    """{column: the narrowest it may become}: its widest number as formatted, its longest word of text (up to
    LONGEST_WORD), and each text's own width up to LABEL_FLOOR (a header only its longest word: headers wrap);
    only columns wider than their floor are listed. `headers=False` leaves header cells out."""
    floors = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value in (None, "") or (not headers and _is_header(c)):
                continue
            bold = c.font is not None and bool(c.font.b)
            if c.has_style and c.alignment.textRotation:
                need = LINE_PT / 7 / 0.75 + CELL_PADDING  # a turned header needs one line's height of width
            elif _is_text(c):
                words = c.value.replace("\n", " ").split(" ")
                need = min(max(text_units(w, bold) for w in words), LONGEST_WORD)
                if not _is_header(c):  # a label keeps up to LABEL_FLOOR units on one line; a paragraph wraps
                    need = max(need, min(text_units(c.value, bold), LABEL_FLOOR))
            elif isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                need = text_units(_as_shown(c.value, c.number_format))
            else:
                need = text_units(str(c.value))
            floors[c.column] = max(floors.get(c.column, 0.0), need)
    return {j: f for j, f in floors.items() if f < width_of(ws, j) - 0.01}


def rotate_headers(ws) -> bool:
    """Turn the header cells of a sheet still too wide (one word each, such as the heat map's 23 scenario names) to
    read upwards, so each column need only be as wide as its numbers; the header row grows to the longest name.
    Returns True when any header turned."""
    from copy import copy

    turned = {}
    below = column_floors(ws, headers=False)
    for row in ws.iter_rows():
        for c in row:
            if c.column > 1 and _is_text(c) and _is_header(c) and " " not in c.value.strip() \
                    and text_units(c.value, True) > below.get(c.column, width_of(ws, c.column)) + 1:
                al = copy(c.alignment)
                al.textRotation, al.wrap_text, al.vertical, al.horizontal = 90, False, "bottom", "center"
                c.alignment = al
                turned[c.row] = True
    return bool(turned)


def _is_header(c) -> bool:
    """A header cell (white bold text on the header fill): it may wrap onto several lines."""
    return bool(c.fill is not None and c.fill.fgColor is not None and c.fill.fgColor.rgb
                and str(c.fill.fgColor.rgb).endswith(HEADER_FILL))


def _as_shown(value: float, fmt: str | None) -> str:
    """About the text a spreadsheet shows for `value` under number format `fmt` (decimals, thousands, percent)."""
    fmt = (fmt or "General").split(";")[0]
    if fmt == "General":
        return f"{value:.10g}"
    decimals = len(fmt.split(".")[1].rstrip("%").replace("#", "0")) if "." in fmt else 0
    scaled = value * 100 if fmt.endswith("%") else value
    text = f"{scaled:,.{decimals}f}" if "," in fmt else f"{scaled:.{decimals}f}"
    return "-" + text.lstrip("-") + ("%" if fmt.endswith("%") else "") if scaled < 0 else text + ("%" if fmt.endswith("%") else "")


def wrap_overflowing_text(ws, narrowed=()) -> None:
    """Wrap every text cell wider than the room it has (its column or merged range, plus the empty cells to its right
    that it may spill into); cells of `narrowed` columns always wrap. Text alone in its row and wider than its column
    (a subtitle, a note under a table) is merged across the sheet's width first, so it wraps across the page."""
    from copy import copy

    merged = _merged_starts(ws)
    inside = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)} - set(merged)
    end = min(ws.max_column, last_column(ws))  # text may spill into empty cells of the print area, never beyond it
    for row in ws.iter_rows():
        for c in row:
            if not _is_text(c) or (c.row, c.column) in inside or _turned(c):
                continue
            span = merged.get((c.row, c.column), 1)
            room = sum(width_of(ws, j) for j in range(c.column, c.column + span))
            bold = c.font is not None and bool(c.font.b)
            if span == 1 and _cell_units(c) > room and _merge_across(ws, c, end, inside):
                span = end - c.column + 1
                room = sum(width_of(ws, j) for j in range(c.column, c.column + span))
                if _cell_units(c) <= room:
                    continue
            if _wrapped(c):
                continue
            if c.column not in narrowed:
                j = c.column + span
                while j <= end and ws.cell(c.row, j).value in (None, "") and (c.row, j) not in inside \
                        and _cell_units(c) > room:
                    room += width_of(ws, j)
                    j += 1
                if _cell_units(c) <= room:
                    continue
            al = copy(c.alignment)
            al.wrap_text = True
            al.vertical = "top"
            c.alignment = al


def _cell_units(c) -> float:
    """The width a text cell's value needs on one line, in units, at its font's size and weight."""
    bold = c.font is not None and bool(c.font.b)
    size = (c.font.sz if c.font is not None and c.font.sz else 11.0) / 11.0
    return (text_units(c.value, bold) - CELL_PADDING) * size + CELL_PADDING


def _merge_across(ws, c, end: int, inside: set, right_only: bool = False) -> bool:
    """Merge a text cell with the rest of its row up to column `end` when that rest is empty and outside any table (a
    title, subtitle or note under a table, or with `right_only` the last cell of a short table's row, such as a
    source beside figures), so it wraps across the page instead of down a strip; True when merged."""
    from openpyxl.utils.cell import range_boundaries

    others = range(c.column + 1, end + 1) if right_only else (j for j in range(1, end + 1) if j != c.column)
    if c.column >= end or any(ws.cell(c.row, j).value not in (None, "") or (c.row, j) in inside for j in others):
        return False
    for table in ws.tables.values():
        c0, r0, c1, r1 = range_boundaries(table.ref)
        if r0 <= c.row <= r1 and c0 <= end and c.column <= c1:
            return False
    ws.merge_cells(start_row=c.row, start_column=c.column, end_row=c.row, end_column=end)
    for j in range(c.column + 1, end + 1):
        inside.add((c.row, j))
    return True


def fit_row_heights(ws) -> None:
    """Give every row holding wrapped text the height its tallest cell needs at the final widths (a row sized earlier,
    before its columns were widened or narrowed, is sized again); other rows keep their height."""
    merged = _merged_starts(ws)
    inside = {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)} - set(merged)
    for row in ws.iter_rows():
        need = None
        for c in row:
            if _is_text(c) and _turned(c):
                need = max(need or 0.0, _turned_height(c.value))
            if not _is_text(c) or not _wrapped(c) or (c.row, c.column) in inside:
                continue
            span = merged.get((c.row, c.column), 1)
            room = sum(width_of(ws, j) for j in range(c.column, c.column + span))
            bold = c.font is not None and bool(c.font.b)
            size = (c.font.sz if c.font is not None and c.font.sz else 11.0) / 11.0
            lines = wrapped_lines(c.value, room / size, bold)
            need = max(need or 0.0, (LINE_PT * lines + 2) * size if lines > 1 else DEFAULT_ROW_PT * size)
        if need is not None:
            r = row[0].row
            ws.row_dimensions[r].height = round(need, 1) if need > DEFAULT_ROW_PT + 0.5 else None


def indent_text_beside_numbers(ws) -> None:
    """Indent left-aligned text that follows a number in the next cell to its left, so the two never touch."""
    from copy import copy

    for row in ws.iter_rows(min_col=2):
        for c in row:
            if not _is_text(c):
                continue
            left = ws.cell(c.row, c.column - 1).value
            if not isinstance(left, (int, float)) or isinstance(left, bool):
                continue
            al = copy(c.alignment)
            if al.horizontal in (None, "general", "left") and not al.indent:
                al.indent = 1
                c.alignment = al


def set_print_area(ws) -> None:
    """Print from A1 to the last cell holding a value or the end of the last chart: no blank pages of formatting."""
    from openpyxl.utils import get_column_letter

    ends = chart_extents(ws)
    col = max([last_column(ws)] + [c - 1 for c, _ in ends])
    row = max([last_row(ws)] + [r for _, r in ends])
    ws.print_area = f"A1:{get_column_letter(max(col, 1))}{row}"



# The printable height of an A4 page inside the top and bottom margins (MARGIN_IN each), in points.
PAGE_HEIGHT_PT = {"portrait": 841.9 - 144 * MARGIN_IN, "landscape": 595.3 - 144 * MARGIN_IN}


def print_scale(ws) -> float:
    """The scale the sheet prints at, one page wide: the page's width over the sheet's, at most full size."""
    return min(1.0, PAGE_WIDTH_UNITS[ws.page_setup.orientation or "portrait"] / max(content_width(ws), 1.0))


def _title_rows(ws) -> range:
    """The rows repeated at the top of every printed page (none: an empty range)."""
    titles = ws.print_title_rows
    if not titles:
        return range(0)
    first, last = (int(x) for x in titles.replace("$", "").split(":"))
    return range(first, last + 1)


def place_page_breaks(ws) -> None:
    """Replace the sheet's row breaks with a break before each chart that would otherwise run across a page's foot,
    laid out at the scale the sheet prints at (the rows above, the repeated title rows on each page after the first);
    tables run on from page to page, their header repeated."""
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    def height(r):
        return ws.row_dimensions[r].height or DEFAULT_ROW_PT

    room = PAGE_HEIGHT_PT[ws.page_setup.orientation or "portrait"] / print_scale(ws)
    titles = sum(height(r) for r in _title_rows(ws))
    charts = {}
    for chart, anchor in placed_charts.on(ws):
        row = _anchor(anchor)[1]
        charts[row] = max(charts.get(row, 0.0), chart.height / CM_PER_POINT)
    ws.row_breaks = RowBreak()
    used, first_page = 0.0, True
    for r in range(1, last_row_printed(ws) + 1):
        if r in charts and used > 0 and used + charts[r] > room - (0 if first_page else titles):
            ws.row_breaks.append(Break(id=r - 1))
            used, first_page = 0.0, False
        used += height(r)
        if used > room - (0 if first_page else titles):
            used, first_page = height(r), False


def last_row_printed(ws) -> int:
    """The last row the print area holds."""
    return max([last_row(ws)] + [r for _, r in chart_extents(ws)])
