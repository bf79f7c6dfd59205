"""Column widths and wrapping for printing one page wide: each column narrowed to a floor, text wrapped, not cut.

Called by `print_setup.fit_page` with the sheet read once (`sheet_scan.SheetScan`): every function here works from
that reading, not from openpyxl's cells, so fitting a sheet costs one pass over its cells and the searches below.
Widths are in Excel's column-width units (the width of a '0' in Calibri 11), measured by `text_width`.
"""

import re

from finmodel.report.workbook import placed_charts
from finmodel.report.workbook.sheet_scan import SheetScan, content_width, set_width, width_of
from finmodel.report.workbook.text_width import CELL_PADDING, text_units, wrapped_lines

LINE_PT = 13.5  # one more line of Calibri 11 in a wrapped cell
LABEL_FLOOR = 26.0  # a column of text is never narrowed below its longest text or this many units, the smaller
LONGEST_WORD = 40.0  # ... nor widened for one word beyond this many (a long path or address wraps inside its cell) ...
HASH = re.compile(r"[0-9a-f]{32,}")  # ... except a hash (a SHA-256 of 64 hex digits), compared whole: never broken


def word_units(word: str, bold: bool) -> float:
    """The width a column needs so that `word` is not broken: its own, up to LONGEST_WORD unless it is a hash."""
    units = text_units(word, bold)
    return units if HASH.fullmatch(word) else min(units, LONGEST_WORD)


def longest_word_units(f) -> float:
    """The width a text cell's column needs so that none of its words breaks (`word_units` of its longest); kept on
    the cell (its text and font do not change while the sheet is fitted)."""
    if f.word is None:
        f.word = max(word_units(w, f.bold) for w in f.value.replace("\n", " ").split(" "))
    return f.word


def widen_for_words(scan: SheetScan) -> None:
    """Widen each column holding wrapped text to its longest word (up to LONGEST_WORD), so no word breaks inside."""
    ws, merged = scan.ws, scan.merged_starts()
    need = {}
    for f in scan.cells:
        if not f.text or not f.wrapped or (f.row, f.column) in merged:
            continue
        need[f.column] = max(need.get(f.column, 0), longest_word_units(f))
    for j, w in need.items():
        if w > width_of(ws, j):
            set_width(ws, j, w)


def column_floors(scan: SheetScan, headers: bool = True) -> dict:
    """{column: the narrowest it may become}: its widest number as formatted, its longest word of text (up to
    LONGEST_WORD), and each text's own width up to LABEL_FLOOR (a header only its longest word: headers wrap);
    only columns wider than their floor are listed. `headers=False` leaves header cells out. Text merged across
    columns sets no floor: it wraps across its range (a note under a table kept the table's first column 26 units wide).
    """
    floors = {}
    across = {cell for cell, span in scan.merged_starts().items() if span > 1}
    for f in scan.cells:
        if (headers or not f.header) and (f.row, f.column) not in across:
            floors[f.column] = max(floors.get(f.column, 0.0), cell_floor(f))
    return {j: w for j, w in floors.items() if w < width_of(scan.ws, j) - 0.01}


def cell_floor(f) -> float:
    """The narrowest a filled cell's column may become for it (`column_floors`); kept on the cell until it turns."""
    if f.floor is not None and f.floor[0] == f.turned:
        return f.floor[1]
    if f.turned:
        need = LINE_PT / 7 / 0.75 + CELL_PADDING  # a turned header needs one line's height of width
    elif f.text:
        need = longest_word_units(f)
        if not f.header:  # a label keeps up to LABEL_FLOOR units on one line; a paragraph wraps
            need = max(need, min(text_units(f.value, f.bold), LABEL_FLOOR))
    elif isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
        need = text_units(as_shown(f.value, f.cell.number_format))
    else:
        need = text_units(str(f.value))
    f.floor = (f.turned, need)
    return need


def narrow_columns(scan: SheetScan, budget: float, floors: dict) -> set:
    """Narrow columns (never below their floor, `column_floors`) until the sheet's width is within `budget` units, or
    as near as the floors allow; returns the columns narrowed (their text is then wrapped).

    The width left above the floors goes, a step at a time, to the column where it saves the most height (the rows'
    wrapped lines), so a sheet of several text columns prints as few lines as its width allows, and no column is
    squeezed into a strip while another keeps room it does not need. A row's height is its most wrapped cell's lines
    plus a thousandth of all its cells' lines (when no single step shortens a row because two cells wrap in it, the
    step that unwraps one of them still counts, so the next one can finish the job)."""
    ws = scan.ws
    if content_width(ws, scan=scan) <= budget or not floors:
        return set()
    start = {j: width_of(ws, j) for j in floors}
    widths = {j: min(start[j], floors[j]) for j in floors}
    rows = _text_rows(scan, set(floors))
    at = {**{j: width_of(ws, j) for j in {j for texts in rows.values() for j, _, _ in texts}}, **widths}
    lines = {r: [wrapped_lines(text, at[j], bold) for j, text, bold in texts] for r, texts in rows.items()}
    rows_of = {}
    for r, texts in rows.items():
        for j, _, _ in texts:
            rows_of.setdefault(j, []).append(r)
    step = 2.0
    while True:
        spare = budget - content_width(ws, widths, scan)
        if spare < 0.01:
            break
        grow = min(step, spare)
        # A step of 2 units, else all that is left: a column of long texts may save no line in 2 units but many in 10
        # (a list of citations stopped at 94 units of 140, and its 50 spare units went to a column of ids).
        for reach in (grow, spare):
            best, best_gain = None, 1e-9   # a gain below a billionth of a line is rounding, not a line saved
            for j in floors:
                if widths[j] + 0.01 >= start[j]:
                    continue
                gain = _height_saved(rows, lines, rows_of.get(j, ()), j, min(start[j], widths[j] + reach))
                if gain > best_gain + 1e-9:   # equal gains: the first column keeps it
                    best, best_gain = j, gain
            if best is not None or reach >= spare:
                break
        if best is None:  # no more height to save: the rest goes to the columns furthest below their width
            best = max((j for j in floors if widths[j] + 0.01 < start[j]), key=lambda j: start[j] - widths[j], default=None)
            if best is None:
                break
        widths[best] = min(start[best], widths[best] + grow)
        for r in rows_of.get(best, ()):
            lines[r] = [wrapped_lines(text, widths[best], bold) if k == best else n
                        for (k, text, bold), n in zip(rows[r], lines[r])]
    narrowed = set()
    for j, w in widths.items():
        if w < start[j] - 0.01:
            set_width(ws, j, w)
            narrowed.add(j)
    return narrowed


def spend_spare_width(scan: SheetScan, budget: float, pages: float) -> set:
    """Give the width a sheet leaves unused (up to `budget` units) to its columns of wrapped text, a step at a time to
    the column where it saves the most lines, until each is wide enough for its texts on one line; only for a sheet
    printing on more than one page (`pages`, estimated), where fewer lines mean fewer pages. Text merged across
    columns widens its range's last column. Returns the columns widened.

    A tall sheet of notes or sources at full size (say 85 units wide, three pages) then prints at about 62% on fewer."""
    ws = scan.ws
    spare = budget - content_width(ws, scan=scan)
    if pages <= 1.0 or spare < 1.0:
        return set()
    cells, cap = _wrapped_cells(scan)
    widths = {j: width_of(ws, j) for j in cap}
    lines = {r: [wrapped_lines(text, widths[j] + off, bold) for j, off, text, bold in texts] for r, texts in cells.items()}
    rows_of = {}
    for r, texts in cells.items():
        for j, *_ in texts:
            rows_of.setdefault(j, set()).add(r)
    widened = set()
    while spare >= 0.01:
        best = None
        # A step of 2 units, else (a sheet without charts, whose placing hangs on the scale) all that is left: a
        # column of long notes may save no line in 2 units but many in 20.
        for reach in (min(2.0, spare), spare) if not placed_charts.on(ws) else (min(2.0, spare),):
            best, best_gain = None, 1e-9
            for j in sorted(cap):
                if widths[j] + 0.01 < cap[j]:
                    gain = _lines_saved(cells, lines, rows_of[j], j, min(cap[j], widths[j] + reach))
                    if gain > best_gain + 1e-9:
                        best, best_gain = j, gain
            if best is not None:
                break
        if best is None:
            break
        new = min(cap[best], widths[best] + min(2.0, spare))
        spare, widths[best] = spare - (new - widths[best]), new
        widened.add(best)
        for r in rows_of[best]:
            lines[r] = [wrapped_lines(text, new + off, bold) if k == best else n
                        for (k, off, text, bold), n in zip(cells[r], lines[r])]
    for j in widened:
        set_width(ws, j, widths[j])
    return widened


def _wrapped_cells(scan: SheetScan) -> tuple:
    """({row: [(column, offset, text, bold)]}, {column: the width its texts need on one line}) of the wrapped text
    cells: a merged one is its range's last column plus the others' width (`offset`)."""
    ws = scan.ws
    starts = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    inside = scan.merged_cells() - set(starts)
    cells, cap = {}, {}
    for f in scan.cells:
        if not f.text or not f.wrapped or (f.row, f.column) in inside:
            continue
        m = starts.get((f.row, f.column))
        if m is not None and m.max_row > m.min_row:
            continue   # text merged down rows: its height is not one row's
        j = f.column if m is None else m.max_col
        off = 0.0 if m is None else sum(width_of(ws, k) for k in range(f.column, j))
        cells.setdefault(f.row, []).append((j, off, f.value, f.bold))
        cap[j] = max(cap.get(j, 0.0), cell_units(f) - off)
    return cells, cap


def _lines_saved(cells: dict, lines: dict, rows_of_j, j: int, width: float) -> float:
    """The lines (`_height_saved`'s measure) the rows of `cells` holding column `j` save at `width` units."""
    saved = 0.0
    for r in rows_of_j:
        now = lines[r]
        trial = [wrapped_lines(text, width + off, bold) if k == j else n for (k, off, text, bold), n in zip(cells[r], now)]
        saved += (max(now) + sum(now) / 1000) - (max(trial) + sum(trial) / 1000)
    return saved


def _height_saved(rows: dict, lines: dict, rows_of_j, j: int, width: float) -> float:
    """The height (lines, `narrow_columns`) the rows holding text in column `j` save when it is `width` units wide;
    only those rows' cells in column `j` are wrapped again."""
    saved = 0.0
    for r in rows_of_j:
        now = lines[r]
        i = rows[r].index_of[j]
        _, text, bold = rows[r][i]
        old, new = now[i], wrapped_lines(text, width, bold)
        if new == old:
            continue
        trial = now[:i] + [new] + now[i + 1:]
        saved += (max(now) + sum(now) / 1000) - (max(trial) + sum(trial) / 1000)
    return saved


class _Row(list):
    """A row's text cells [(column, text, bold)], and where each column's cell is in the list (`index_of`)."""

    __slots__ = ("index_of",)


def _text_rows(scan: SheetScan, columns: set) -> dict:
    """{row: [(column, text, bold)]} of the text cells in rows holding text in one of `columns` (outside merges)."""
    inside = scan.merged_cells()
    rows = {}
    for f in scan.cells:
        if f.text and not f.turned and (f.row, f.column) not in inside:
            rows.setdefault(f.row, _Row()).append((f.column, f.value, f.bold))
    for texts in rows.values():
        texts.index_of = {j: i for i, (j, _, _) in enumerate(texts)}
    return {r: texts for r, texts in rows.items() if any(j in columns for j, _, _ in texts)}


def rotate_headers(scan: SheetScan) -> bool:
    """Turn the header cells of a sheet still too wide (one word each, such as the heat map's 23 scenario names) to
    read upwards, so each column need only be as wide as its numbers; the header row grows to the longest name.
    Returns True when any header turned."""
    ws, turned = scan.ws, False
    below = column_floors(scan, headers=False)
    for f in scan.cells:
        if f.column > 1 and f.text and f.header and " " not in f.value.strip() \
                and text_units(f.value, True) > below.get(f.column, width_of(ws, f.column)) + 1:
            scan.realign(f, textRotation=90, wrap_text=False, vertical="bottom", horizontal="center")
            turned = True
    return turned


def as_shown(value: float, fmt: str | None) -> str:
    """About the text a spreadsheet shows for `value` under number format `fmt` (decimals, thousands, percent)."""
    fmt = re.sub(r"\[[^\]]*\]", "", (fmt or "General").split(";")[0])   # without a condition such as [>=0.005]
    if fmt == "General":
        return f"{value:.10g}"
    decimals = len(fmt.split(".")[1].rstrip("%").replace("#", "0")) if "." in fmt else 0
    scaled = value * 100 if fmt.endswith("%") else value
    text = f"{scaled:,.{decimals}f}" if "," in fmt else f"{scaled:.{decimals}f}"
    return "-" + text.lstrip("-") + ("%" if fmt.endswith("%") else "") if scaled < 0 else text + ("%" if fmt.endswith("%") else "")


def wrap_overflowing_text(scan: SheetScan, narrowed=()) -> None:
    """Wrap every text cell wider than the room it has (its column or merged range, plus the empty cells to its right
    that it may spill into); cells of `narrowed` columns always wrap. Text alone in its row and wider than its column
    (a subtitle, a note under a table) is merged across the sheet's width first, so it wraps across the page."""
    ws = scan.ws
    merged = scan.merged_starts()
    inside = scan.merged_cells() - set(merged)
    max_column = ws.max_column   # openpyxl counts it over every cell: once
    end = min(max_column, scan.last_column)  # text may spill into empty cells of the print area, never beyond it
    width = {j: width_of(ws, j) for j in range(1, max(max_column, scan.last_column) + 1)}   # no width changes here
    for f in scan.cells:
        if not f.text or (f.row, f.column) in inside or f.turned:
            continue
        span = merged.get((f.row, f.column), 1)
        room = sum(width[j] for j in range(f.column, f.column + span))
        units = cell_units(f)
        if span == 1 and units > room and _merge_across(scan, f, end, inside):
            span = end - f.column + 1
            room = sum(width[j] for j in range(f.column, f.column + span))
            if units <= room:
                continue
        if f.wrapped:
            continue
        if f.column not in narrowed:
            j = f.column + span
            while j <= end and scan.value(f.row, j) in (None, "") and (f.row, j) not in inside and units > room:
                room += width[j]
                j += 1
            if units <= room:
                continue
        scan.realign(f, wrap_text=True, vertical="top")


def cell_units(f) -> float:
    """The width a text cell's value needs on one line, in units, at its font's size and weight."""
    if f.units is None:
        f.units = (text_units(f.value, f.bold) - CELL_PADDING) * f.size + CELL_PADDING
    return f.units


def _merge_across(scan: SheetScan, f, end: int, inside: set) -> bool:
    """Merge a text cell with the rest of its row up to column `end` when that rest is empty and outside any table (a
    title, subtitle or note under a table), so it wraps across the page instead of down a strip; True when merged."""
    from openpyxl.utils.cell import range_boundaries

    ws = scan.ws
    others = (j for j in range(1, end + 1) if j != f.column)
    if f.column >= end or any(scan.value(f.row, j) not in (None, "") or (f.row, j) in inside for j in others):
        return False
    for table in ws.tables.values():
        c0, r0, c1, r1 = range_boundaries(table.ref)
        if r0 <= f.row <= r1 and c0 <= end and f.column <= c1:
            return False
    ws.merge_cells(start_row=f.row, start_column=f.column, end_row=f.row, end_column=end)
    for j in range(f.column + 1, end + 1):
        inside.add((f.row, j))
    return True
