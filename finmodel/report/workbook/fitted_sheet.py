"""The inputs workbook's "Fitted plan" sheet: the Budget plan's fitted paths and their provenance.

The same record as `inputs/fitted_plan.yaml` (`finmodel.inputs.fitted_plan`): the paths by fiscal
year (the data every run holds), then one row per item of provenance, the structured ones
(parameters, inputs_read, targets) as JSON text. `paths_exact` repeats the paths with every digit (a cell keeps
15 significant digits), so the workbook reproduces the folder's run bit for bit; a path cell that differs from it by
more than its rounding (an analyst's edit) is what the run holds. `finmodel init` writes it from the inputs folder;
`finmodel fit --inputs FILE.xlsx` replaces it with a new fit.
"""

import json

from finmodel.inputs.fitted_plan import PROVENANCE_ROW, SHEET
from finmodel.report.workbook.style import set_text, styles

NOTE = ("Written by finmodel fit: the paths the Budget does not publish, solved against what it publishes. Every run holds "
        "them (nothing refits), so an edit elsewhere in this workbook is a what-if on this plan. To re-solve the plan to "
        "your edits run: finmodel fit --inputs THIS_FILE.xlsx")


def fitted_sheet(ws, record: dict) -> None:
    """Fill `ws` with the fitted paths (row 4: header; one row per path) and the provenance (from PROVENANCE_ROW)."""
    st = styles()
    set_text(ws.cell(1, 1), "Fitted plan (HK$ bn)").font = st["title"]
    set_text(ws.cell(2, 1), NOTE)
    paths = record["paths"]
    years = list(next(iter(paths.values())))
    for j, v in enumerate(["Path"] + years, start=1):
        c = set_text(ws.cell(4, j), v)
        c.font, c.fill = st["head_font"], st["head_fill"]
    for i, (name, values) in enumerate(paths.items(), start=5):
        set_text(ws.cell(i, 1), name)
        for j, y in enumerate(years, start=2):
            ws.cell(i, j).value = float(values[y])
            ws.cell(i, j).number_format = "0.00"
    for j, v in enumerate(("Provenance", "Value"), start=1):
        c = set_text(ws.cell(PROVENANCE_ROW, j), v)
        c.font, c.fill = st["head_font"], st["head_fill"]
    exact = {"paths_exact": {n: {y: float(v) for y, v in values.items()} for n, values in paths.items()}}
    keys = ("fitted_on", "method", "message", "converged", "evaluations", "parameters", "inputs_read", "targets",
            *(k for k in ("gap_range", "leave_one_out") if k in record), "paths_exact")
    for i, key in enumerate(keys, start=PROVENANCE_ROW + 1):
        set_text(ws.cell(i, 1), key)
        v = exact[key] if key in exact else record[key]
        set_text(ws.cell(i, 2), json.dumps(v, sort_keys=False) if isinstance(v, (dict, list, bool)) else str(v)).alignment = st["wrap"]
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=1 + len(years))  # long JSON wraps across the table's width
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 14


def rewrite_fitted_sheet(path, record: dict) -> None:
    """Replace the Fitted plan sheet of the inputs workbook at `path` (every other sheet kept), atomically."""
    import openpyxl

    from finmodel.report.atomic import write_bytes
    from finmodel.report.workbook.build import workbook_bytes

    wb = openpyxl.load_workbook(path)
    if SHEET in wb.sheetnames:
        del wb[SHEET]
    from finmodel.report.workbook.style import finish_sheet, print_setup

    ws = wb.create_sheet(SHEET)
    fitted_sheet(ws, record)
    print_setup(ws)
    finish_sheet(ws)
    write_bytes(path, workbook_bytes(wb))
