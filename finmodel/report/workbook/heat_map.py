"""The Heat map sheet: the IMF-style traffic lights of `finmodel.analysis.heat_map`, with values, benchmarks and sources.

One row per indicator, one column per view (the Budget baseline, the current-policy view, each
standard stress test); each cell holds the worst value over the MRF years on its colour's fill.
"""

from finmodel.report.workbook.style import (
    FONT,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    write_number,
)

# Fills by colour (Excel's conditional-format palette: light red, yellow, green; grey for not rated).
FILLS = {"red": "F8696B", "amber": "FFEB84", "green": "63BE7B", "none": "E7E6E6"}
WORDS = {"red": "red: the run's own view (first column) breaches the benchmark",
         "amber": "amber: this stress test (or the current-policy view) breaches it, the baseline does not",
         "green": "green: no breach",
         "none": "grey: no benchmark (value shown, not rated)"}
FORMATS = {"HK$ bn": "#,##0.0", "% of GDP": "0.00", "% of debt": "0.0", "years": "0.0"}
TOP = 5


def write_heat_map(ws, results, st, hm):
    """The heat map table with fills, then the legend, the columns' descriptions and the benchmarks' sources.

    hm: the run's HeatMap (`finmodel.analysis.heat_map.build`), made in the command's flow: this sheet only writes it.
    """
    from openpyxl.styles import Alignment, Font, PatternFill

    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    sheet_title(ws, st, "Heat map: debt risks against benchmarks (IMF market-access DSA style)",
                f"Each cell: the worst value over {hm.years[0]} to {hm.years[-1]} (the highest; for the average maturity the "
                "lowest). Red: the run's own view (the first column; the Budget baseline by default) breaches the benchmark; amber: a stress test or the current-policy view "
                "does and the baseline does not; green: no breach; grey: no benchmark.")
    ws["A2"].alignment = st["wrap"]
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=12)
    ws.row_dimensions[2].height = 30
    set_text(ws["A3"], "Stress tests run as one batch on the Budget baseline (finmodel sensitivity's standard cases); "
                       "the current-policy view drops the unidentified measures.")
    fixed = ["Indicator", "Unit", "Benchmark", "Overall"]
    header(ws, TOP, fixed + [c.label for c in hm.columns], st)
    center = Alignment(horizontal="center", vertical="center")
    middle = Alignment(wrap_text=True, vertical="center")
    for i, r in enumerate(hm.rows, start=TOP + 1):
        ws.row_dimensions[i].height = 30
        set_text(ws.cell(i, 1), r.label).alignment = middle
        set_text(ws.cell(i, 2), r.unit).alignment = middle
        set_text(ws.cell(i, 3), r.benchmark_label).alignment = middle
        overall = set_text(ws.cell(i, 4), hm.row_colours[r.key])
        overall.fill = fills[hm.row_colours[r.key]]
        overall.font = Font(name=FONT, bold=True)
        overall.alignment = center
        for j, c in enumerate(hm.columns, start=len(fixed) + 1):
            cell = hm.cells[r.key, c.id]
            x = write_number(ws.cell(i, j), cell.value, FORMATS.get(r.unit, "0.00"))
            x.fill = fills[cell.colour]
            x.alignment = center
    last = TOP + len(hm.rows)
    ws.freeze_panes = ws.cell(TOP + 1, len(fixed) + 1)

    row = last + 2
    set_text(ws.cell(row, 1), "Legend").font = st["bold"]
    for k, colour in enumerate(("red", "amber", "green", "none"), start=row + 1):
        set_text(ws.cell(k, 1), colour).fill = fills[colour]
        set_text(ws.cell(k, 2), WORDS[colour])
    row += 6
    set_text(ws.cell(row, 1), "Benchmarks and sources").font = st["bold"]
    header(ws, row + 1, ["Indicator", "", "Benchmark", "Source"], st)
    for k, r in enumerate(hm.rows, start=row + 2):
        set_text(ws.cell(k, 1), r.label).alignment = st["wrap"]
        set_text(ws.cell(k, 3), r.benchmark_label).alignment = st["wrap"]
        c = set_text(ws.cell(k, 4), r.source)
        c.alignment = st["wrap"]
        ws.merge_cells(start_row=k, start_column=4, end_row=k, end_column=15)
        ws.row_dimensions[k].height = 30
    row += 3 + len(hm.rows)
    set_text(ws.cell(row, 1), "Columns").font = st["bold"]
    header(ws, row + 1, ["Column", "Kind", "What it is"], st)
    for k, c in enumerate(hm.columns, start=row + 2):
        set_text(ws.cell(k, 1), c.label)
        set_text(ws.cell(k, 2), c.kind)
        set_text(ws.cell(k, 3), c.description)
        ws.merge_cells(start_row=k, start_column=3, end_row=k, end_column=12)
    row += 3 + len(hm.columns)
    set_text(ws.cell(row, 1), "Definitions: average remaining maturity = face-weighted years to maturity of pool A at 31 March "
                              "(bonds redeem mid-year); debt falling due within 12 months = principal due in the next fiscal "
                              "year; foreign-currency debt = RMB, USD and EUR bonds; all at year-end exchange rates "
                              "(docs/methodology.md section 8).")
    widths = {"A": 44, "B": 14, "C": 34, "D": 9}
    widths.update({column_letter(j): 14 for j in range(len(fixed) + 1, len(fixed) + 1 + len(hm.columns))})
    set_widths(ws, widths)
    ws.row_dimensions[TOP].height = 45
    print_setup(ws, f"{TOP}:{TOP}")
    return hm
