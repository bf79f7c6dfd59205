"""The parts every finmodel workbook is built from, so each command's workbook is a short list of named sheets.

A `Sheet` is a name, the line Contents shows for it and the function that writes it. `assemble` builds the
Cover and Contents from that list, writes every sheet, then finishes each one (row heights, text at the top
of tall rows, a readable print width). `table` writes a table whose columns carry a header in words, a unit
and a number format. `build.write_any` writes any of them with fixed times, so reruns give identical bytes.
"""

from dataclasses import dataclass
from typing import Callable

from finmodel.inputs.vintage import describe_with_note
from finmodel.report.workbook.sources_sheet import link_sources
from finmodel.report.workbook.style import (
    add_table,
    column_letter,
    finish_sheet,
    fit_heights,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    styles,
    write_number,
)
from finmodel.version import __version__


@dataclass(frozen=True)
class Column:
    """One table column: its header in words, the unit its numbers are in, their number format (None: text)."""

    header: str
    unit: str = ""
    fmt: str | None = None
    width: float = 12.0

    @property
    def title(self) -> str:
        """The header cell: words, then the unit in brackets."""
        return f"{self.header} ({self.unit})" if self.unit else self.header


@dataclass(frozen=True)
class Sheet:
    """A sheet of a workbook: its name, what Contents says it holds, and `write(ws, st)`."""

    name: str
    what: str
    write: Callable


@dataclass(frozen=True)
class Run:
    """What the Cover states about the run: the command, its options exactly as recorded, the inputs' hashes, and the
    inputs' vintage (`inputs`; by default named from the hashes by `inputs.vintage.describe_with_note`)."""

    command: str
    options: dict
    input_sha256: dict
    model_version: str = __version__
    inputs: str | None = None


def words(label: str) -> str:
    """A variable's label as a title or header: no stray spaces, a capital first letter."""
    label = label.strip()
    return label[:1].upper() + label[1:]


def table(ws, st, top, columns, rows, name=None, freeze=True) -> tuple:
    """Header at row `top`, one row per item of `rows` (values in column order); returns the first and last data rows.

    Text is written as text (never a formula); numbers with the column's format; None and NaN leave the cell empty.
    """
    from openpyxl.styles import Alignment

    header(ws, top, [c.title for c in columns], st)
    narrow = Alignment(horizontal="center", vertical="top", wrap_text=True)  # short text (a year, a yes) apart from the numbers
    r = top
    for r, values in enumerate(rows, start=top + 1):
        for j, (col, v) in enumerate(zip(columns, values), start=1):
            cell = ws.cell(r, j)
            if col.fmt is None or isinstance(v, str):
                set_text(cell, v).alignment = narrow if col.width <= 12 and j > 1 else st["wrap"]
            else:
                write_number(cell, None if v is None else float(v), col.fmt)
    set_widths(ws, {j: c.width for j, c in enumerate(columns, start=1)})
    if name and r > top:
        add_table(ws, name, f"A{top}:{column_letter(len(columns))}{r}")
    if freeze:
        ws.freeze_panes = f"B{top + 1}"
    return top + 1, r


def chart_below(ws, last: int, chart_cm: float = 8.0) -> str:
    """The anchor for a chart under a table ending at row `last`, after a page break when the rows above and the
    chart would not fit on one landscape page together (17 cm of an A4 page inside 0.6 inch margins), so no chart is cut."""
    from openpyxl.worksheet.pagebreak import Break

    fit_heights(ws)
    rows_cm = sum((ws.row_dimensions[r].height or 15.0) for r in range(1, last + 3)) * 2.54 / 72
    if rows_cm + chart_cm > 17.0:
        ws.row_breaks.append(Break(id=last + 1))
    return f"A{last + 3}"


def table_sheet(ws, st, title, subtitle, columns, rows, name=None, landscape=True) -> tuple:
    """A sheet holding one table under its title and subtitle, header repeated on every printed page; returns
    (header row, first data row, last data row)."""
    sheet_title(ws, st, title, subtitle)
    top = 4
    first, last = table(ws, st, top, columns, rows, name=name)
    print_setup(ws, f"{top}:{top}", landscape=landscape)
    return top, first, last


def option_text(value) -> str:
    """An option's value as recorded, in words a reader can retype: lists comma-separated, flags yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "(not given: the default)"
    if isinstance(value, (list, tuple)):
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {option_text(v)}" for k, v in value.items())
    return str(value)


def write_cover(ws, st, title, subtitle, facts, key_lines, run: Run, notes=()):
    """The Cover: title, the facts of the run, the key results in sentences, then the run itself (command, every
    option as recorded, model version, the SHA-256 of every input) so a reader can rerun it."""
    set_text(ws["B2"], "finmodel").font = st["big"]
    set_text(ws["B3"], title).font = st["title"]
    if subtitle:
        set_text(ws["B4"], subtitle).alignment = st["wrap"]
        ws.merge_cells("B4:C4")
    r = 5
    for label, value in facts:
        r += 1
        set_text(ws.cell(r, 2), label).font = st["bold"]
        set_text(ws.cell(r, 3), value).alignment = st["wrap"]
    r += 2
    if key_lines:
        set_text(ws.cell(r, 2), "Key results").font = st["title"]
        for line in key_lines:
            r += 1
            _merged_line(ws, st, r, line)
        r += 2
    for line in notes:
        _merged_line(ws, st, r, line)
        r += 1
    r += 1
    set_text(ws.cell(r, 2), "The run").font = st["title"]
    items = [("Command", run.command), ("Model version", f"finmodel {run.model_version}"),
             ("Inputs", run.inputs or describe_with_note(run.input_sha256))]
    items += [(f"Option: {k}", option_text(v)) for k, v in run.options.items()]
    items += [(f"SHA-256 of {k}", v) for k, v in sorted(run.input_sha256.items())]
    for label, value in items:
        r += 1
        c = set_text(ws.cell(r, 2), label)
        c.font, c.alignment = st["bold"], st["wrap"]
        set_text(ws.cell(r, 3), value).alignment = st["wrap"]
    set_widths(ws, {"A": 3, "B": 40, "C": 72})
    print_setup(ws, landscape=False)


def _merged_line(ws, st, r, text):
    """A sentence across columns B and C, wrapped, with the height it needs."""
    c = set_text(ws.cell(r, 2), text)
    c.alignment = st["wrap"]
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
    ws.row_dimensions[r].height = 15 * max(1, -(-len(text) // 100)) + 2


def write_contents(ws, st, sheets):
    """Every sheet of the workbook (this one included) with a link to it and one line on what it holds."""
    sheet_title(ws, st, "Contents", "Click a sheet name to go there.")
    header(ws, 4, ["Sheet", "What it holds"], st)
    for i, s in enumerate(sheets, start=5):
        contents_row(ws, st, i, s.name, s.what)
    set_widths(ws, {"A": 28, "B": 100})
    print_setup(ws, "4:4")


def contents_row(ws, st, r: int, name: str, what: str) -> None:
    """Row `r` of Contents: the sheet's name linked to it, and what it holds."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    c = set_text(ws.cell(r, 1), name)
    c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{name}'!A1", display=name)
    c.font = st["link"]
    set_text(ws.cell(r, 2), what).alignment = st["wrap"]


def add_sources_sheet(wb, st, citations: dict | None = None, below: str | None = None) -> None:
    """A last sheet, Sources, resolving the source ids the workbook cites (`sources_sheet`), listed on Contents; or,
    `below` naming a notes sheet, the same list under that sheet's rows. The citations of the run's inputs, or (None: a
    command that holds none, such as backtest's history) the source list installed with finmodel, which the shipped
    inputs cite."""
    from finmodel.inputs.citations import installed_citations
    from finmodel.report.workbook.sources_sheet import SHEET, WHAT, add_sources

    listed = add_sources(wb, st, installed_citations() if citations is None else citations,
                         below=wb[below] if below else None)
    if listed is not None and not below and "Contents" in wb.sheetnames:
        contents = wb["Contents"]
        contents_row(contents, st, max(c.row for c in contents["A"] if c.value) + 1, SHEET, WHAT)


def write_notes(ws, st, notes, title="Notes & sources"):
    """(topic, note) rows: conventions, definitions, sources and where the baseline's own workbook is."""
    sheet_title(ws, st, title)
    topic_rows(ws, st, notes)
    set_widths(ws, {"A": 30, "B": 100})
    print_setup(ws, "3:3")


def topic_rows(ws, st, notes, header_row: int = 3) -> int:
    """A "Topic | Note" header at `header_row`, then one (topic, note) row each; returns the last row written."""
    header(ws, header_row, ["Topic", "Note"], st)
    r = header_row
    for topic, text in notes:
        r += 1
        set_text(ws.cell(r, 1), topic).font = st["bold"]
        set_text(ws.cell(r, 2), text).alignment = st["wrap"]
    return r


def front_sheets(title, subtitle, facts, key_lines, run, sheets, notes=()):
    """Cover and Contents for `sheets` (the rest of the workbook): the two sheets every workbook opens with."""
    cover = Sheet("Cover", "The run and its key results in words; options, model version and input hashes",
                  lambda ws, st: write_cover(ws, st, title, subtitle, facts, key_lines, run, notes))
    contents = Sheet("Contents", "This list", None)
    everything = [cover, contents, *sheets]
    contents = Sheet("Contents", "This list", lambda ws, st: write_contents(ws, st, everything))
    return [cover, contents]


def assemble(sheets, title, citations: dict | None = None):
    """A workbook of `sheets` in order (each written by its own function, then finished), the Cover active, and a
    Sources sheet last when any sheet cites a source id (`citations`: the inputs' source list, see
    `add_sources_sheet`)."""
    from openpyxl import Workbook

    st = styles()
    wb = Workbook()
    wb.remove(wb.active)
    for s in sheets:
        s.write(wb.create_sheet(s.name), st)
    add_sources_sheet(wb, st, citations)
    for ws in wb.worksheets:
        finish_sheet(ws)
    link_sources(wb)
    wb.active = 0
    wb.properties.creator = "finmodel"
    wb.properties.title = title
    return wb
