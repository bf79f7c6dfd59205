"""The IMF basis sheet: the balances, financing need and net debt on the Budget's basis and on GFSM 2014's, side by side,
and each Budget line's GFSM class with its reason and source (inputs/gfsm_classification.csv).

Values only, read from the run's projection (the engine computed them: `finmodel.model.gfsm`); nothing is computed here.
"""

import math

from finmodel.model.gfsm import standard_classes
from finmodel.model.variables import BY_NAME
from finmodel.report.workbook import charts
from finmodel.report.workbook.sheet_scan import CM_PER_POINT, DEFAULT_ROW_PT
from finmodel.report.workbook.style import (
    add_table,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    write_number,
)

# (basis, variable): each Budget-basis figure directly above its IMF-basis counterpart.
ROWS = (
    ("Budget", "revenue_hkd_bn"), ("IMF", "revenue_gfsm_hkd_bn"),
    ("Budget", "expenditure_hkd_bn"), ("IMF", "expense_gfsm_hkd_bn"),
    ("IMF", "net_acquisition_nonfinancial_assets_gfsm_hkd_bn"),
    ("Budget", "operating_balance_hkd_bn"), ("Budget", "operating_balance_ex_one_offs_hkd_bn"),
    ("IMF", "gross_operating_balance_gfsm_hkd_bn"),
    ("Budget", "balance_before_bonds_hkd_bn"), ("IMF", "reclassified_to_financing_hkd_bn"),
    ("IMF", "overall_balance_gfsm_hkd_bn"), ("IMF", "overall_balance_gfsm_pct_gdp"),
    ("Budget", "primary_balance_hkd_bn"), ("Budget", "primary_balance_pct_gdp"),
    ("IMF", "primary_balance_gfsm_hkd_bn"), ("IMF", "primary_balance_gfsm_pct_gdp"),
    ("Budget", "gross_financing_need_hkd_bn"), ("Budget", "gross_financing_need_pct_gdp"),
    ("IMF", "gross_financing_need_gfsm_hkd_bn"), ("IMF", "gross_financing_need_gfsm_pct_gdp"),
    ("Budget", "net_debt_to_gdp_pct"), ("IMF", "net_debt_gfsm_hkd_bn"), ("IMF", "net_debt_gfsm_to_gdp_pct"),
    ("Budget", "interest_on_negative_reserves_hkd_bn"),
)
CHART_COLUMNS = ("balance_before_bonds_hkd_bn", "overall_balance_gfsm_hkd_bn", "primary_balance_hkd_bn", "primary_balance_gfsm_hkd_bn")
CHART_HEADINGS = ("Budget: balance before bonds", "IMF: overall balance", "Budget: primary balance", "IMF: primary balance")
# The rows the chart covers (its height over rows of 15 pt, and one more), the table beside it ending sooner.
CHART_ROWS = math.ceil(charts.HEIGHT_CM / CM_PER_POINT / DEFAULT_ROW_PT) + 1
DATA_COLUMN = 5   # the chart's data sits right of the chart, in the year columns (E on), the chart in A to D
# The classification's columns in the order that puts its long text where the comparison above has its wide one: the
# reason ("Why", up to 800 characters) under the labels (C), the code and source under the first years. In the
# inputs' order the codes wrapped in 7 lines of a 13-unit column and the reasons in 12 of a 56-unit one.
CLASS_COLUMNS = (("line", "Budget line", 26), ("gfsm_class", "GFSM 2014 class", 20), ("reason", "Why", 130),
                 ("budget_side", "Budget side", 12), ("gfsm_code", "GFSM code", 24), ("source", "Source", 34))
SUBTITLE = ("The Budget counts land premium and transfers of accumulated reserves (the Exchange Fund's, the Bond Fund's surplus, "
            "funds brought back) as revenue; on the IMF's basis (GFSM 2014) land sold is a disposal of a nonfinancial asset and "
            "the transfers are financing. Overall balance = revenue - expense - net acquisition of nonfinancial assets = the "
            "Budget's balance before bonds - the reclassified items. Methodology §8b.")


def write_imf_basis(ws, results, st):
    """The comparison table (one row per figure, one column per fiscal year), then the classification with its reasons."""
    p = results.projection
    labels = list(results.labels)
    sheet_title(ws, st, "The IMF's basis (GFSM 2014) beside the Budget's", SUBTITLE)
    top = 4
    header(ws, top, ["Basis", "Variable", "Label", "Unit"] + labels, st)
    for i, (basis, name) in enumerate(ROWS, start=top + 1):
        v = BY_NAME[name]
        for j, text in enumerate((basis, name, v.label.strip(), v.unit), start=1):
            set_text(ws.cell(i, j), text)
        for j, y in enumerate(labels, start=5):
            val = p.loc[y, name]
            write_number(ws.cell(i, j), None if val != val else float(val), v.fmt)
    last = top + len(ROWS)
    add_table(ws, "ImfBasisTable", f"A{top}:{column_letter(4 + len(labels))}{last}")
    ws.freeze_panes = f"E{top + 1}"
    widths = {"A": 9, "B": 30, "C": 50, "D": 9, **{column_letter(j): 11 for j in range(5, 5 + len(labels))}}
    chart_top = last + 3
    data_last = _chart(ws, st, p, labels, chart_top)
    _classification(ws, st, results.assumptions, max(data_last, chart_top + CHART_ROWS) + 3)
    set_widths(ws, {column_letter(j): max(widths.get(column_letter(j), 0), w)
                    for j, w in {**{k: widths[column_letter(k)] for k in range(1, 5 + len(labels))},
                                 **{k: w for k, (_, _, w) in enumerate(CLASS_COLUMNS, start=1)}}.items()})
    print_setup(ws, f"{top}:{top}")


def _chart(ws, st, p, labels, top) -> int:
    """A line chart of the balances on both bases by year (HK$ bn) in columns A to D, its data beside it from column
    DATA_COLUMN (under the comparison's years; under the chart, the data and the rows kept free for the chart took
    half a page); returns the last data row."""
    first = DATA_COLUMN
    set_text(ws.cell(top - 1, 1), "The balances on both bases, HK$ bn: the chart and its data").font = st["bold"]
    header(ws, top, ["Fiscal year", *CHART_HEADINGS], st, col=first)
    for r, y in enumerate(labels, start=top + 1):
        set_text(ws.cell(r, first), y)
        for j, name in enumerate(CHART_COLUMNS, start=first + 1):
            write_number(ws.cell(r, j), float(p.loc[y, name]), BY_NAME[name].fmt)
    last = top + len(labels)
    charts.lines(ws, top, top + 1, last, first, list(range(first + 1, first + 1 + len(CHART_COLUMNS))),
                 "The transfers of reserves are financing: the IMF's balance is lower", "HK$ bn", f"A{top}",
                 styles=[(charts.NAVY, None), (charts.RED, None), (charts.NAVY, "dash"), (charts.RED, "dash")])
    return last


def _classification(ws, st, a, top):
    """Each line's class with its code, reason and source as the inputs give them (standard classes on hand-built inputs)."""
    set_text(ws.cell(top - 1, 1), "How each Budget line is classed (inputs/gfsm_classification.csv)").font = st["bold"]
    header(ws, top, [title for _, title, _ in CLASS_COLUMNS], st)
    rows = a.gfsm_rows or tuple({"line": line, "gfsm_class": cls} for line, cls in standard_classes().items())
    for r, row in enumerate(rows, start=top + 1):
        for j, (key, _, _) in enumerate(CLASS_COLUMNS, start=1):
            set_text(ws.cell(r, j), row.get(key, "")).alignment = st["wrap"]
    add_table(ws, "GfsmClassificationTable", f"A{top}:{column_letter(len(CLASS_COLUMNS))}{top + len(rows)}")
