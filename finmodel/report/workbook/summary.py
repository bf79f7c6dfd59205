"""The Summary sheet: headline figures, the year-by-year check against the ceiling and the band, two charts.

Red cells mark where the ceiling binds or debt-to-GDP is above the top of the band.
"""

from finmodel.model import verdicts
from finmodel.report.workbook import charts
from finmodel.report.workbook.style import (
    BN,
    PCT,
    PCT2,
    chart_row,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    write_number,
)

YEAR_TABLE_TOP = 16
# The year-by-year table: heading, projection variable (None: written from the band or a test), number format.
YEAR_COLUMNS = [("Fiscal year", None, None), ("Debt (pool A)", "debt_hkd_bn", BN), ("Ceiling", "ceiling_hkd_bn", BN),
                ("Headroom", "headroom_hkd_bn", BN), ("Debt-to-GDP, %", "debt_to_gdp_pct", PCT2),
                ("Band low, %", None, PCT), ("Band top, %", None, PCT), ("Gross issuance", "gross_issuance_hkd_bn", BN),
                ("Interest / revenue, %", "interest_to_revenue_pct", PCT), ("Fiscal reserves", "fiscal_reserves_hkd_bn", BN),
                ("Ceiling binds", "ceiling_binds", None), ("Above the band", None, None)]


def write_summary(ws, results, st):
    """Headline figures, the year-by-year table and the charts of debt against the ceiling and the band."""
    a = results.assumptions
    sheet_title(ws, st, "Summary", f"Scenario {results.scenario}; {a.plan_name} issuance plan; {a.financing_rule} rule; ceiling {a.ceiling_policy}. "
                                   "Red: the ceiling binds or debt-to-GDP is above the band's top.")
    set_text(ws["A3"], results.verdict()).font = st["bold"]
    _headline(ws, results, st)
    top = YEAR_TABLE_TOP
    _year_by_year(ws, results, st, top)
    first, last = top + 1, top + len(results.labels)
    ws.freeze_panes = "B6"
    set_widths(ws, {"A": 40, **{column_letter(j): 12 for j in range(2, 13)}})
    anchor_row = chart_row(ws, last)
    charts.debt_under_ceiling(ws, top, first, last, 1, 2, 4, 3, "Debt and headroom under the borrowing ceiling (red)",
                              "HK$ bn, 31 March", f"A{anchor_row}")
    charts.lines(ws, top, first, last, 1, [5, 6, 7], "Debt-to-GDP against the stated band", "% of GDP", f"G{anchor_row}",
                 styles=[(charts.NAVY, None), (charts.RED, "dash"), (charts.RED, "dash")])
    print_setup(ws, f"{top}:{top}")


def _headline(ws, results, st):
    """Rows 6-14: peak debt and ratio, the first breaches, interest, reserves and headroom; breaches in red."""
    a = results.assumptions
    h = results.summary()["headline"]
    rows = [
        ("Peak debt (pool A)", h["peak_debt_hkd_bn"], "HK$ bn", h["peak_debt_year"], BN),
        ("Peak debt-to-GDP", h["peak_debt_to_gdp_pct"], "% of GDP", h["peak_debt_to_gdp_year"], PCT2),
        ("Debt-to-GDP at the horizon", h["debt_to_gdp_end_pct"], "% of GDP", h["horizon"], PCT2),
        ("First year the ceiling binds", h["first_year_ceiling_binds"] or "never", "", "", None),
        (f"First year above the band's top ({a.band_high_pct:g}% + {h['band_tolerance_pp']:g}pp rounding)",
         h["first_year_above_band"] or "never", "", "", None),
        ("Interest / revenue at the horizon", h["interest_to_revenue_end_pct"], "%", h["horizon"], PCT),
        ("Fiscal reserves at the horizon", h["fiscal_reserves_end_hkd_bn"], "HK$ bn", h["horizon"], BN),
        ("Smallest headroom under the ceiling", h["min_headroom_hkd_bn"], "HK$ bn", "", BN),
        ("First year fiscal reserves run out", h["first_year_reserves_negative"] or "never", "", "", None),
    ]
    header(ws, 5, ["Headline", "Value", "Unit", "Fiscal year"], st)
    for i, (name, value, unit, year, fmt) in enumerate(rows, start=6):
        set_text(ws.cell(i, 1), name).alignment = st["wrap"]
        c = ws.cell(i, 2)
        if isinstance(value, str):
            set_text(c, value)
        else:
            write_number(c, float(value), fmt)
        set_text(ws.cell(i, 3), unit)
        set_text(ws.cell(i, 4), year)
    if h["first_year_ceiling_binds"]:
        ws.cell(9, 2).fill = st["red_fill"]
    if h["first_year_above_band"]:
        ws.cell(10, 2).fill = st["red_fill"]
        ws.cell(7, 2).fill = st["red_fill"]
    if h["first_year_reserves_negative"]:
        ws.cell(14, 2).fill = st["red_fill"]


def _year_by_year(ws, results, st, top):
    """One row per fiscal year from row `top` + 1: red where the ceiling binds or the ratio is above the band beyond its rounding."""
    a = results.assumptions
    p = results.projection
    set_text(ws.cell(top - 1, 1), "Year by year (HK$ bn unless stated)").font = st["bold"]
    header(ws, top, [c[0] for c in YEAR_COLUMNS], st)
    for i, y in enumerate(results.labels):
        r = top + 1 + i
        row = p.loc[y]
        above = bool(verdicts.band_breached(a, row["debt_to_gdp_pct"]))
        within_rounding = not above and row["debt_to_gdp_pct"] > a.band_high_pct + verdicts.SLACK_PP
        binds = bool(row["ceiling_binds"])
        set_text(ws.cell(r, 1), y)
        for j, (_, var, fmt) in enumerate(YEAR_COLUMNS[1:], start=2):
            c = ws.cell(r, j)
            if var == "ceiling_binds":
                set_text(c, "yes" if binds else "no")
            elif j == 6:
                write_number(c, a.band_low_pct, fmt)
            elif j == 7:
                write_number(c, a.band_high_pct, fmt)
            elif j == 12:
                set_text(c, "yes" if above else ("within rounding" if within_rounding else "no"))
            else:
                write_number(c, float(row[var]), fmt)
        if binds:
            for j in (2, 3, 4, 11):
                ws.cell(r, j).fill = st["red_fill"]
        if above:
            for j in (5, 12):
                ws.cell(r, j).fill = st["red_fill"]
