"""A sheet's filled cells read once, and the sheet's geometry (column widths, charts' extents) in width units.

The print set-up (`print_setup`, `column_fit`) asks the same questions of a sheet many times over (which cells hold
text, in what font, which column is the last used, how wide the sheet prints); reading them from openpyxl's cells
each time cost about a second a workbook. `SheetScan` reads every filled cell once and keeps what does not change
while a sheet is fitted (values, fonts, fills, number formats); alignments do change (text wraps, headers turn) and
are changed through `realign` (or `set_alignment`), which notes them. Widths are in Excel's column-width units (the width of a '0' in Calibri 11).
"""

import weakref
from copy import copy
from math import ceil

from finmodel.report.workbook import placed_charts

_REALIGNED = weakref.WeakKeyDictionary()   # workbook -> {(alignment's settings, changes): the changed Alignment}

HEADER_FILL = "1F4E79"  # the header rows' fill (style.py takes it from here: this module imports nothing of the workbook)
DEFAULT_WIDTH = 8.43
CM_PER_WIDTH_UNIT = 0.19
CM_PER_POINT = 2.54 / 72
DEFAULT_ROW_PT = 15.0
# Every setting of openpyxl's Alignment (its constructor's arguments): two alignments equal in these are the same style.
ALIGNMENT_FIELDS = ("horizontal", "vertical", "textRotation", "wrap_text", "shrink_to_fit", "indent", "relativeIndent",
                    "justifyLastLine", "readingOrder")


class Filled:
    """One filled cell: the openpyxl cell, its place and value, and what printing needs of its style."""

    __slots__ = ("cell", "row", "column", "value", "text", "bold", "size", "header", "wrapped", "turned", "floor", "units",
                 "word")

    def __init__(self, c):
        self.cell, self.row, self.column, self.value = c, c.row, c.column, c.value
        self.text = isinstance(c.value, str) and c.value != "" and not c.value.startswith("=")
        font = c.font if c.has_style else None
        self.bold = bool(font is not None and font.b)
        self.size = (font.sz if font is not None and font.sz else 11.0) / 11.0
        fill = c.fill if c.has_style else None
        self.header = bool(fill is not None and fill.fgColor is not None and fill.fgColor.rgb
                           and str(fill.fgColor.rgb).endswith(HEADER_FILL))
        self.floor = self.units = self.word = None   # column_fit's measures of it, kept once taken
        self.note_alignment()

    def note_alignment(self) -> None:
        al = self.cell.alignment if self.cell.has_style else None
        self.turned = bool(al is not None and al.textRotation)
        self.wrapped = bool(al is not None and al.wrap_text) and not self.turned


class SheetScan:
    """Every filled cell of `ws` in row order (`cells`), by place (`at`), and the last row and column holding one."""

    def __init__(self, ws):
        self.ws = ws
        self.cells = [Filled(c) for row in ws.iter_rows() for c in row if c.value not in (None, "")]
        self.at = {(f.row, f.column): f for f in self.cells}
        self.last_column = max((f.column for f in self.cells), default=1)
        self.last_row = max((f.row for f in self.cells), default=1)
        self._realigned = _REALIGNED.setdefault(ws.parent, {})   # `realign`'s copies, shared by the workbook's sheets

    def value(self, row: int, column: int):
        f = self.at.get((row, column))
        return None if f is None else f.value

    def set_alignment(self, f: Filled, alignment) -> None:
        f.cell.alignment = alignment
        f.note_alignment()

    def realign(self, f: Filled, **changes) -> None:
        """Give cell `f` its own alignment with `changes` made (`wrap_text=True`, say). openpyxl's styles are immutable:
        a changed copy is assigned, and here one copy serves every cell of the workbook whose alignment and changes are
        the same (openpyxl copies an Alignment through XML: ~4,000 copies cost ~12 ms a project workbook; and the one
        object is found at once among the workbook's alignments, where each equal copy was compared field by field)."""
        al = f.cell.alignment
        key = (tuple(getattr(al, k) for k in ALIGNMENT_FIELDS), tuple(changes.items()))
        new = self._realigned.get(key)
        if new is None:
            new = self._realigned[key] = copy(al)
            for k, v in changes.items():
                setattr(new, k, v)
        self.set_alignment(f, new)

    def merged_starts(self) -> dict:
        """{top-left cell of a merged range: its width in columns}."""
        return {(m.min_row, m.min_col): m.max_col - m.min_col + 1 for m in self.ws.merged_cells.ranges}

    def merged_cells(self) -> set:
        """Every cell inside a merged range, its top-left one included."""
        return {(r, c) for m in self.ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                for c in range(m.min_col, m.max_col + 1)}


def width_of(ws, j: int) -> float:
    """Column `j`'s width in units (Excel's default when not set)."""
    from openpyxl.utils import get_column_letter

    return ws.column_dimensions[get_column_letter(j)].width or DEFAULT_WIDTH


def set_width(ws, j: int, w: float) -> None:
    from openpyxl.utils import get_column_letter

    ws.column_dimensions[get_column_letter(j)].width = ceil(w * 10 + 1e-9) / 10  # rounded up: a floor stays a floor


def anchor_cell(anchor: str) -> tuple:
    """(column, row) of a chart's top-left cell such as "B12", 1-based."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(anchor)
    return column_index_from_string(letters), row


def chart_extents(ws, widths=None) -> list:
    """(last column, last row) each chart of the sheet reaches, from its anchor cell and size (`widths`: column
    widths to assume instead of the sheet's)."""
    def width(j):
        return (widths or {}).get(j) or width_of(ws, j)

    out = []
    for chart, anchor in placed_charts.on(ws):
        col, row = anchor_cell(anchor)
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


def content_width(ws, widths=None, scan: SheetScan | None = None) -> float:
    """The width the sheet prints, in units: its columns up to the last used one, or to a chart's right edge where
    one reaches further (`widths`: column widths to assume instead of the sheet's; `scan`: the sheet read already)."""
    def width(j):
        return (widths or {}).get(j) or width_of(ws, j)

    last = (scan or SheetScan(ws)).last_column
    total = sum(width(j) for j in range(1, last + 1))
    for chart, anchor in placed_charts.on(ws):
        col = anchor_cell(anchor)[0]
        total = max(total, sum(width(j) for j in range(1, col)) + chart.width / CM_PER_WIDTH_UNIT)
    return total
