"""The workbook of `finmodel compare`: the scenarios side by side.

Cover, Contents, the headline figures (one column per scenario, with a chart of peak and end debt-to-GDP) and
one sheet per compared variable (years down, scenarios across, a line chart). Each scenario's own workbook,
named on the Notes sheet, holds its full tables.
"""

from finmodel.model.variables import BY_NAME
from finmodel.report.workbook import book, charts, placed_charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import (
    BN,
    PCT2,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    write_number,
)

HEADLINE_ITEMS = {  # item of analysis.compare.headline: (words, unit, number format; None: text)
    "peak_debt_hkd_bn": ("Peak debt (pool A)", "HK$ bn", BN), "peak_debt_year": ("Year of peak debt", "", None),
    "peak_debt_to_gdp_pct": ("Peak debt-to-GDP", "% of GDP", PCT2), "peak_debt_to_gdp_year": ("Year of peak debt-to-GDP", "", None),
    "debt_to_gdp_end_pct": ("Debt-to-GDP at the horizon", "% of GDP", PCT2),
    "first_year_above_band": ("First year above the band's top", "", None),
    "first_year_ceiling_binds": ("First year the ceiling binds", "", None),
    "interest_to_revenue_end_pct": ("Interest / revenue at the horizon", "%", PCT2),
    "fiscal_reserves_end_hkd_bn": ("Fiscal reserves at the horizon", "HK$ bn", BN),
    "min_headroom_hkd_bn": ("Smallest headroom under the ceiling", "HK$ bn", BN),
    "issuance_plan": ("Issuance plan", "", None), "financing_rule": ("Financing rule", "", None),
    "ceiling_policy": ("Ceiling policy", "", None), "horizon": ("Horizon", "", None),
}
CHARTED = ("peak_debt_to_gdp_pct", "debt_to_gdp_end_pct")


def compare_workbook(head, paths, run: book.Run, books: dict):
    """The compare workbook: `head` (items x scenarios) and `paths` ((variable, year) x scenarios) of analysis.compare.

    books: each scenario's own workbook file (what `finmodel project` writes for it), named in the Notes.
    """
    scenarios = list(head.columns)
    variables = list(dict.fromkeys(paths.index.get_level_values(0)))
    sheets = [Sheet("Headline", "The headline figures of every scenario side by side, with a chart of debt-to-GDP",
                    lambda ws, st: _headline(ws, st, head))]
    sheets += [Sheet(_sheet_name(v), f"{book.words(BY_NAME[v].label)} ({BY_NAME[v].unit}), year by year, one column per scenario, charted",
                     lambda ws, st, v=v: _variable(ws, st, paths.loc[v], v)) for v in variables]
    sheets.append(Sheet("Notes & sources", "Where each scenario's own workbook is; how to read the comparison",
                        lambda ws, st: book.write_notes(ws, st, _notes(books))))
    key = [f"{s}: peak debt-to-GDP {head.loc['peak_debt_to_gdp_pct', s]:.2f}% of GDP in {head.loc['peak_debt_to_gdp_year', s]}; "
           f"ceiling binds: {head.loc['first_year_ceiling_binds', s] or 'never'}; reserves at the horizon "
           f"HK${head.loc['fiscal_reserves_end_hkd_bn', s]:,.1f} bn." for s in scenarios]
    facts = [("Scenarios", ", ".join(scenarios)), ("Horizon", str(head.loc["horizon"].iloc[0]))]
    front = book.front_sheets("Scenarios side by side", None, facts, key, run, sheets)
    return book.assemble(front + sheets, "finmodel compare")


def _sheet_name(variable) -> str:
    """A sheet name from the variable's label (Excel allows 31 characters and no ':/\\?*[]')."""
    label = book.words(BY_NAME[variable].label)
    for ch in ":/\\?*[]":
        label = label.replace(ch, " ")
    return label[:31].strip()


def _headline(ws, st, head):
    """Items down (words and unit), scenarios across; a clustered bar chart of peak and end debt-to-GDP."""
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.styles import Alignment

    scenarios = list(head.columns)
    columns = [Column("Item", "", None, 36), Column("Unit", "", None, 10)] + [Column(s, "", None, 14) for s in scenarios]
    sheet_title(ws, st, "Headline figures by scenario", "Figures at the horizon unless stated.")
    top = 4
    header(ws, top, [c.title for c in columns], st)
    rows = {}
    right = Alignment(horizontal="right")  # text figures (years, rules) in line with the numbers of the same column
    for r, item in enumerate(head.index, start=top + 1):
        words, unit, fmt = HEADLINE_ITEMS.get(item, (item.replace("_", " "), "", None))
        set_text(ws.cell(r, 1), words)
        set_text(ws.cell(r, 2), unit)
        for j, s in enumerate(scenarios, start=3):
            v = head.loc[item, s]
            if fmt is None or isinstance(v, str):
                set_text(ws.cell(r, j), v if v not in (None, "") else "never").alignment = right
            else:
                write_number(ws.cell(r, j), float(v), fmt)
        rows[item] = r
    set_widths(ws, {j: c.width for j, c in enumerate(columns, start=1)})
    ws.freeze_panes = f"C{top + 1}"
    print_setup(ws, f"{top}:{top}")
    chart = BarChart()
    chart.type = "col"
    for item in CHARTED:
        r = rows[item]
        s = Series(Reference(ws, min_col=3, max_col=2 + len(scenarios), min_row=r), title=HEADLINE_ITEMS[item][0])
        chart.series.append(s)
    chart.set_categories(Reference(ws, min_col=3, max_col=2 + len(scenarios), min_row=top))
    chart.title = "Debt-to-GDP by scenario: peak and at the horizon"
    chart.y_axis.title = "% of GDP"
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = 18.0, 8.0
    for s, color in zip(chart.series, (charts.NAVY, charts.LIGHT)):
        s.graphicalProperties.solidFill = color
    charts.zero_based(chart, ws)  # bars start at zero: an axis from 18 to 24% made one case look four times the others
    placed_charts.place(ws, chart, f"{column_letter(len(columns) + 2)}{top}")  # beside the table: it is narrow and long


def _variable(ws, st, frame, variable):
    """One variable: years down, scenarios across, and a line per scenario."""
    v = BY_NAME[variable]
    scenarios = list(frame.columns)
    columns = [Column("Fiscal year", "", None, 10)] + [Column(s, v.unit, v.fmt, 14) for s in scenarios]
    rows = [[y] + list(r) for y, r in frame.iterrows()]
    top, first, last = book.table_sheet(ws, st, f"{book.words(v.label)} ({v.unit}) by scenario", None, columns, rows)
    palette = [(charts.NAVY, None), (charts.RED, None), (charts.GREEN, None), (charts.AMBER, None), (charts.GREY, None),
               ("000000", "dash")]
    charts.lines(ws, top, first, last, 1, list(range(2, 2 + len(scenarios))), f"{book.words(v.label)} by scenario", v.unit,
                 book.chart_below(ws, last), styles=[palette[i % len(palette)] for i in range(len(scenarios))])


def _notes(books: dict) -> list:
    return [("Scenarios", "Each scenario's own tables, charts and inputs are in its workbook, written by finmodel project: "
                          + "; ".join(f"{s}: {name}" for s, name in books.items()) + "."),
            ("Definitions", "Debt is pool A (the bonds under the borrowing ceiling) at 31 March; debt-to-GDP divides it by the "
                            "fiscal year's nominal GDP."),
            ("Files", "compare_headline.csv and compare_paths.csv hold the same numbers at full precision; compare_run.json "
                      "records the run.")]
