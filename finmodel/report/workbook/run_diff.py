"""The workbook of `finmodel diff`: what changed between two runs, a sheet a table (inputs, their lines, the run
record's figures, the CSV files' cells, the options), after a Cover holding the terminal summary."""

from finmodel.report.workbook import book
from finmodel.report.workbook.book import Column, Sheet

NUMBER = "#,##0.0000"
_INPUTS = [("file", "Input file", "", None, 34), ("status", "Status", "", None, 14), ("lines_removed", "Lines removed", "", "0", 10),
           ("lines_added", "Lines added", "", "0", 10), ("note", "Note", "", None, 40), ("sha256_a", "SHA-256, run A", "", None, 20),
           ("sha256_b", "SHA-256, run B", "", None, 20)]
_LINES = [("file", "Input file", "", None, 30), ("change", "Change", "", None, 8), ("line_a", "Line in A", "", "0", 9),
          ("line_b", "Line in B", "", "0", 9), ("text", "Text", "", None, 90)]
_FIGURES = [("figure", "Figure (key path in the run record)", "", None, 50), ("run_a", "Run A", "", NUMBER, 14),
            ("run_b", "Run B", "", NUMBER, 14), ("change", "B − A", "", NUMBER, 14)]
_PATHS = [("file", "File", "", None, 22), ("column", "Column", "", None, 34), ("row", "Row", "", None, 12),
          ("run_a", "Run A", "", NUMBER, 14), ("run_b", "Run B", "", NUMBER, 14), ("change", "B − A", "", NUMBER, 14)]
_OPTIONS = [("option", "Option", "", None, 24), ("run_a", "Run A", "", None, 40), ("run_b", "Run B", "", None, 40)]


def diff_workbook(d, summary: list, options: dict):
    sheets = [_sheet("Inputs", "Every input file of either run: same, changed (lines removed and added) or in one run only",
                     "Input files: run A against run B", "By the SHA-256 each run record keeps.", _INPUTS, d.inputs),
              _sheet("Input lines", "The lines of the changed input files that differ, with their line numbers",
                     "Input lines that changed", "removed: in run A only; added: in run B only.", _LINES, d.lines),
              _sheet("Figures", "Every number of the run record that moved (headline figures, verdict figures)",
                     "Figures of the run record that moved", "B − A, in each figure's own unit.", _FIGURES, d.figures),
              _sheet("Paths", "Every cell of the CSV files both runs wrote that moved, by file, column and row",
                     "Paths that moved", "B − A, in each column's unit (its name says which).", _PATHS, d.paths),
              _sheet("Options", "The options and model versions that differ between the two runs",
                     "Options that differ", "Empty: the same configuration and version.", _OPTIONS, d.options)]
    hashes = {f"run_a/{d.a.record_file}": d.a.record_sha256, f"run_b/{d.b.record_file}": d.b.record_sha256}
    run = book.Run("finmodel diff", options, hashes, inputs="the run records of the two folders")
    facts = [("Run A", f"{d.a.path} ({d.a.name})"), ("Run B", f"{d.b.path} ({d.b.name})")]
    front = book.front_sheets("What changed between two runs", None, facts, summary, run, sheets)
    return book.assemble(front + sheets, "finmodel diff")


def _sheet(name, what, title, subtitle, spec, rows):
    columns = [Column(h, u, f, w) for _, h, u, f, w in spec]
    values = [[r.get(k) for k, *_ in spec] for r in rows]
    return Sheet(name, what, lambda ws, st: book.table_sheet(ws, st, title, subtitle, columns, values))
