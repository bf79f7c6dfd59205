"""The source list: every source id a workbook cites (S00, S13, ...) with its full citation, and each citing cell
linked to its source's row, so an id resolves inside the workbook (a printed copy included). The list is a Sources
sheet of its own, or (the main and inputs workbooks, printed for a committee) the rows under the workbook's notes
sheet: a list of its own ended on a page mostly white (the main workbook's 1.2 pages, the inputs workbook's 1.5).

The citations come with the inputs (`Assumptions.citations` or `RawInputs.citations`: SOURCES.md, read by
`finmodel.inputs.citations`). `add_sources` runs once a workbook's other sheets are written: it finds the ids in their
text and writes the sheet (one row an id, in the list's order); a workbook citing no id gets none. Once every sheet is
finished (text wrapped where it must), `link_sources` links each citing cell that prints on one line to the row of the
first id it names (a cell holds one link; LibreOffice cannot wrap a linked cell, so wrapped text stays unlinked).
"""

from finmodel.inputs.citations import SOURCE_ID
from finmodel.report.workbook.print_setup import repeat_rows
from finmodel.report.workbook.style import header, print_setup, set_text, set_widths, sheet_title, text_across

SHEET = "Sources"
WHAT = "Every source id the workbook cites (S00, S13, ...) with its citation: title, publisher, date and address"
TOP = 4   # the header row; the first source's row is TOP + 1
NOT_LISTED = "not in the source list (SOURCES.md) of these inputs"
HEADER = ("Source id", "Citation")
SUBTITLE = ("The sources this workbook cites, as listed in the inputs' SOURCES.md: title; publisher; date; address. A cell "
            "citing a source on one line links to its row here.")


def citing_cells(wb) -> list:
    """[(cell, the ids it names in order)] of every text cell of the workbook naming a source id (formulas left out)."""
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "S" in c.value and not c.value.startswith("="):
                    ids = SOURCE_ID.findall(c.value)
                    if ids:
                        out.append((c, ids))
    return out


def add_sources(wb, st, citations: dict, ws=None, below=None):
    """Write the source list into `ws` (else a new last sheet of `wb`, Sources, when a cell cites an id), or under the
    rows of the sheet `below` (a notes sheet: a list of its own would print mostly white on its last page); returns the
    sheet holding it (None: none written). The ids are in the source list's order (any not in it last).
    `link_sources` links the citing cells once every sheet is finished."""
    cells = citing_cells(wb)
    order = {sid: k for k, sid in enumerate(citations)}
    ids = sorted({sid for _, found in cells for sid in found}, key=lambda sid: (order.get(sid, len(order)), int(sid[1:])))
    if not ids and ws is None:
        return None
    if below is not None:
        write_sources(below, st, ids, citations, top=below.max_row + 4)
        return below
    ws = ws if ws is not None else wb.create_sheet(SHEET)
    write_sources(ws, st, ids, citations)
    return ws


def listed_rows(wb) -> tuple:
    """(the sheet holding the source list, {id: its row}); (None, {}) when the workbook has none. The list is found by
    its header (HEADER in columns A and B): on the Sources sheet, or under a notes sheet's rows."""
    for ws in wb.worksheets:
        for r in range(1, ws.max_row + 1):
            if (ws.cell(r, 1).value, ws.cell(r, 2).value) == HEADER:
                return ws, {ws.cell(k, 1).value: k for k in range(r + 1, ws.max_row + 1) if ws.cell(k, 1).value}
    return None, {}


def link_sources(wb) -> int:
    """Link each citing cell that prints on one line (and holds no link yet) to the source list's row of the first id
    it names; returns how many were linked. Wrapped text is left unlinked: LibreOffice prints a linked cell on one
    line, cut at its column, so a linked paragraph of sources would print cut (its ids resolve on the list, in the
    list's order)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    src, rows = listed_rows(wb)
    if src is None:
        return 0
    first = min(rows.values(), default=src.max_row + 1)
    linked = 0
    for c, found in citing_cells(wb):
        if (c.parent is src and c.row >= first) or c.hyperlink is not None or (c.has_style and c.alignment.wrap_text):
            continue
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{src.title}'!A{rows[found[0]]}")
        linked += 1
    return linked


def write_sources(ws, st, ids: list, citations: dict, top: int = TOP) -> None:
    """Title, then one row an id: the id and its citation (title; publisher; date; address), as SOURCES.md gives it.
    On a sheet of its own (`top` = TOP) the title is the sheet's; under other rows (`top` further down) a bold heading
    two rows above the header, and the list's header is the row repeated on each later page."""
    if top == TOP:
        sheet_title(ws, st, "Sources", SUBTITLE)
    else:
        set_text(ws.cell(top - 2, 1), "Sources").font = st["bold"]
        text_across(ws, st, top - 1, 1, 2, SUBTITLE)
    header(ws, top, list(HEADER), st)
    for r, sid in enumerate(ids, start=top + 1):
        set_text(ws.cell(r, 1), sid).font = st["bold"]
        set_text(ws.cell(r, 2), citations.get(sid, NOT_LISTED)).alignment = st["wrap"]
    if top == TOP:
        set_widths(ws, {"A": 10, "B": 140})
        print_setup(ws, f"{TOP}:{TOP}", landscape=False)
    else:
        set_widths(ws, {"B": max(ws.column_dimensions["B"].width or 0, 140)})
        repeat_rows(ws, f"{top}:{top}")
