"""The IMF basis sheet: the balances, financing need and net debt on the Budget's basis and on GFSM 2014's, side by side,
and each Budget line's GFSM class with its reason and source (inputs/gfsm_classification.csv).

Values only, read from the run's projection (the engine computed them: `finmodel.model.gfsm`); nothing is computed here.
"""

from finmodel.model.gfsm import standard_classes
from finmodel.model.variables import BY_NAME
from finmodel.report.workbook import charts
from finmodel.report.workbook.book import chart_below
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
CHART_ROWS = 22   # rows the chart covers, left free below it
CLASS_COLUMNS = (("line", "Budget line", 26), ("budget_side", "Budget side", 12), ("gfsm_class", "GFSM 2014 class", 18),
                 ("gfsm_code", "GFSM code", 24), ("reason", "Why", 90), ("source", "Source", 34))
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
    chart_last = _chart(ws, st, p, labels, last + 3)
    _classification(ws, st, results.assumptions, chart_last + CHART_ROWS + 3)
    set_widths(ws, {**widths, **{column_letter(j): max(widths.get(column_letter(j), 0), w)
                                 for j, (_, _, w) in enumerate(CLASS_COLUMNS, start=1) if j > 4}})
    print_setup(ws, f"{top}:{top}")


def _chart(ws, st, p, labels, top) -> int:
    """The balances on both bases by year (the chart's data, HK$ bn) and a line chart of them under it; returns the last data row."""
    set_text(ws.cell(top - 1, 1), "Chart data: the balances on both bases, HK$ bn").font = st["bold"]
    header(ws, top, ["Fiscal year", *CHART_HEADINGS], st)
    for r, y in enumerate(labels, start=top + 1):
        set_text(ws.cell(r, 1), y)
        for j, name in enumerate(CHART_COLUMNS, start=2):
            write_number(ws.cell(r, j), float(p.loc[y, name]), BY_NAME[name].fmt)
    last = top + len(labels)
    charts.lines(ws, top, top + 1, last, 1, list(range(2, 2 + len(CHART_COLUMNS))),
                 "The transfers of reserves are financing: the IMF's balance is lower", "HK$ bn", chart_below(ws, last),
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
