"""The value tables of the analyst workbook: Projection, Financing, Bonds, peers and Decomposition.

Each holds the engine's values (not formulas), with number formats, frozen panes, print setup and,
where a chart helps, a native chart drawn from the table's own cells.
"""

from finmodel import fiscal_year
from finmodel.model.variables import BY_NAME, VARIABLES
from finmodel.report.workbook import charts
from finmodel.report.workbook.style import (
    BN,
    add_table,
    chart_row,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    write_number,
)

TENOR_GROUPS = [("1-3 years", 1, 3), ("4-9 years", 4, 9), ("10-19 years", 10, 19), ("20 years or more", 20, 999)]
PEER_COLUMNS = ["country", "indicator", "unit", "year", "value", "definition", "vintage", "source", "confidence", "status", "note"]
PEER_HEADINGS = ["Country", "Measure", "Unit", "Year", "Value", "Definition", "Vintage", "Source", "Confidence", "Status", "Note"]
PEER_TITLES = {"debt_to_gdp": "Debt, % of GDP", "interest_to_revenue": "Interest, % of revenue", "interest_to_gdp": "Interest, % of GDP"}
COHORT_COLUMNS = ["cohort_id", "status", "programme", "investor", "currency", "issue_fy", "maturity_fy", "tenor_years", "coupon_pct",
                  "inflation_linked", "face_value_fc_bn", "face_value_hkd_bn", "basis"]
COHORT_HEADINGS = ["Cohort", "Status", "Programme", "Investor", "Currency", "Issued", "Matures", "Tenor (years)", "Coupon, %",
                   "Inflation-linked", "Face value, own currency bn", "Face value, HK$ bn", "Basis"]
COHORT_FORMATS = {"coupon_pct": "0.000", "face_value_fc_bn": "#,##0.000", "face_value_hkd_bn": "#,##0.000", "tenor_years": "0"}
DECOMPOSITION_COLUMNS = ["change_debt_to_gdp_pp", "contribution_interest_pp", "contribution_growth_pp",
                         "contribution_primary_balance_pp", "contribution_sfa_pp", "primary_balance_pct_gdp",
                         "debt_stabilising_primary_balance_pct_gdp", "effective_interest_rate_pct", "nominal_growth_pct",
                         "gross_financing_need_hkd_bn", "gross_financing_need_pct_gdp"]


def write_projection(ws, results, st) -> dict:
    """Values of projection.csv: one row per variable (with unit), one column per fiscal year.

    Returns the defined names of the series (each variable's row, and `fiscal_years` for the header).
    """
    p = results.projection
    labels = list(p.index)
    header(ws, 1, ["Variable", "Label", "Unit"] + labels, st)
    for i, v in enumerate(VARIABLES, start=2):
        set_text(ws.cell(i, 1), v.name)
        set_text(ws.cell(i, 2), v.label)
        set_text(ws.cell(i, 3), v.unit)
        for j, y in enumerate(labels, start=4):
            val = p.loc[y, v.name]
            write_number(ws.cell(i, j), None if val != val else float(val), v.fmt)
    last_col = column_letter(3 + len(labels))
    last_row = 1 + len(VARIABLES)
    add_table(ws, "ProjectionTable", f"A1:{last_col}{last_row}")
    ws.freeze_panes = "D2"
    set_widths(ws, {"A": 34, "B": 46, "C": 9, **{column_letter(j): 11 for j in range(4, 4 + len(labels))}})
    print_setup(ws, "1:1")
    names = {"fiscal_years": f"Projection!$D$1:${last_col}$1"}
    for i, v in enumerate(VARIABLES, start=2):
        names[v.name] = f"Projection!$D${i}:${last_col}${i}"
    return names


def write_financing(ws, results, st):
    """Gross issuance by investor, currency and tenor; redemptions; net borrowing, interest and reserves; two charts."""
    investors, currencies, tenor_groups = _issuance_splits(results.assumptions.mix)
    cols = (["Fiscal year", "Gross issuance"] + [f"Issued to {x} investors" for x in investors] + [f"Issued in {c}" for c in currencies]
            + [f"Issued for {g[0]}" for g in tenor_groups]
            + ["Redemptions", "of which opening book", "of which new cohorts", "Net borrowing", "Interest", "Fiscal reserves"])
    sheet_title(ws, st, "Financing", "Pool A bonds, HK$ bn (face value at par, HK$ equivalent). Issuance split by investor, currency and tenor.")
    top = 4
    header(ws, top, cols, st)
    for i, (y, values) in enumerate(_financing_rows(results, investors, currencies, tenor_groups)):
        r = top + 1 + i
        set_text(ws.cell(r, 1), y)
        for j, v in enumerate(values, start=2):
            write_number(ws.cell(r, j), float(v), BN)
    first, last = top + 1, top + len(results.labels)
    ncol = len(cols)
    add_table(ws, "FinancingTable", f"A{top}:{column_letter(ncol)}{last}")
    ws.freeze_panes = f"B{top + 1}"
    set_widths(ws, {"A": 10, **{column_letter(j): 12 for j in range(2, ncol + 1)}})
    red_col, net_col, res_col = cols.index("Redemptions") + 1, cols.index("Net borrowing") + 1, cols.index("Fiscal reserves") + 1
    anchor = chart_row(ws, last)
    charts.bars_and_line(ws, top, first, last, 1, [2, red_col], [net_col], "Gross issuance, redemptions and net borrowing", "HK$ bn",
                         f"A{anchor}")
    charts.lines(ws, top, first, last, 1, [res_col], "Fiscal reserves, 31 March", "HK$ bn", f"H{anchor}",
                 styles=[(charts.GREEN, None)])
    set_text(ws.cell(anchor + 18, 1), "Redemptions of the opening book follow its published maturities; new cohorts mature after their "
                                      "tenor (Bonds sheet). Net borrowing = gross issuance - redemptions.")
    print_setup(ws, f"{top}:{top}")


def _issuance_splits(mix):
    """The investors, currencies and tenor groups the new-issue mix uses (the Financing columns)."""
    investors = sorted(set(mix.investor))
    currencies = [c for c in ("HKD", "RMB", "USD", "EUR") if c in set(mix.currency)]
    tenor_groups = [g for g in TENOR_GROUPS if any(g[1] <= t <= g[2] for t in mix.tenor_years)]
    return investors, currencies, tenor_groups


def _financing_rows(results, investors, currencies, tenor_groups):
    """(fiscal year, values) for each year: issuance and its splits, redemptions, net borrowing, interest, reserves."""
    p = results.projection
    arr = results.arrays
    bonds = results.bonds()
    new = bonds[bonds["status"] == "projected"]
    for i, y in enumerate(results.labels):
        issued = new[new["issue_fy"] == y]
        values = [p.loc[y, "gross_issuance_hkd_bn"]]
        values += [issued.loc[issued["investor"] == x, "face_value_hkd_bn"].sum() for x in investors]
        values += [issued.loc[issued["currency"] == c, "face_value_hkd_bn"].sum() for c in currencies]
        values += [issued.loc[issued["tenor_years"].between(lo, hi), "face_value_hkd_bn"].sum() for _, lo, hi in tenor_groups]
        red_open = arr.redemptions_opening_book_hkd_bn[0, i]
        values += [p.loc[y, "redemptions_hkd_bn"], red_open, p.loc[y, "redemptions_hkd_bn"] - red_open,
                   p.loc[y, "net_bond_proceeds_hkd_bn"], p.loc[y, "interest_hkd_bn"], p.loc[y, "fiscal_reserves_hkd_bn"]]
        yield y, values


def write_bonds(ws, results, st):
    """The maturity profile with its chart, then the cohort book below it."""
    sheet_title(ws, st, "Bonds", "Maturity profile (principal falling due, HK$ bn at constant FX) and the cohort book: every opening and "
                                 "projected cohort.")
    top = 4
    last = _maturity_profile(ws, results, st, top)
    _cohort_book(ws, results, st, max(last, top + 18) + 3)
    ws.freeze_panes = f"A{top + 1}"
    set_widths(ws, {"A": 30, "B": 12, "C": 14, "D": 14, "E": 10, "F": 10, "G": 10, "H": 10, "I": 10, "J": 12, "K": 14, "L": 14, "M": 14})
    print_setup(ws)


def _maturity_profile(ws, results, st, top) -> int:
    """Principal falling due by fiscal year (opening book, projected cohorts, total) and a stacked chart; returns the last row."""
    prof = results.maturity_profile()
    header(ws, top, ["Fiscal year", "Opening book", "Projected cohorts", "Total"], st)
    for i, (y, row) in enumerate(prof.iterrows()):
        r = top + 1 + i
        set_text(ws.cell(r, 1), y)
        for j, col in enumerate(("existing_book_hkd_bn", "projected_cohorts_hkd_bn", "total_hkd_bn"), start=2):
            write_number(ws.cell(r, j), float(row[col]), BN)
    last = top + len(prof)
    charts.bars_and_line(ws, top, top + 1, last, 1, [2, 3], [], "Maturity profile: principal falling due", "HK$ bn",
                         "F4", stacked=True, colors=[charts.NAVY, charts.LIGHT])
    return last


def _cohort_book(ws, results, st, start):
    """Every opening and projected cohort from row `start`, as the CohortBook table."""
    bonds = results.bonds()
    set_text(ws.cell(start - 1, 1), "Cohort book").font = st["bold"]
    header(ws, start, COHORT_HEADINGS, st)
    for i, row in enumerate(bonds[COHORT_COLUMNS].itertuples(index=False), start=start + 1):
        for j, (col, v) in enumerate(zip(COHORT_COLUMNS, row), start=1):
            c = ws.cell(i, j)
            if col in COHORT_FORMATS:
                write_number(c, float(v), COHORT_FORMATS[col])
            else:
                set_text(c, "yes" if v is True else "no" if v is False else v)
    add_table(ws, "CohortBook", f"A{start}:{column_letter(len(COHORT_COLUMNS))}{start + len(bonds)}")


PEER_CHART_CM = 17.0  # a peers chart's width: the landscape page's width left of column F at the sheet's scale


def write_peers(ws, results, st):
    """Hong Kong beside its peers: every figure with definition, year, vintage and source, then one chart per measure.

    Under the table, each measure gets a chart-data block (bars grouped by definition, each
    category naming country, year and vintage; the definitions as numbered footnotes) and a
    native bar chart beside it, placed so that no chart covers a cell with text.
    """
    from finmodel.model.results import peer_comparisons

    peers = results.peers()
    sheet_title(ws, st, "Interest burden vs peers", "Hong Kong beside Japan, the United States and Singapore. Only figures with the "
                                                    "same definition are one comparison: read the definition, year and vintage of each.")
    top = 4
    header(ws, top, PEER_HEADINGS, st)
    for i, row in enumerate(peers[PEER_COLUMNS].itertuples(index=False), start=top + 1):
        for j, (col, v) in enumerate(zip(PEER_COLUMNS, row), start=1):
            c = ws.cell(i, j)
            if col == "value":
                write_number(c, None if v is None or v != v else float(v), "0.00")
            elif col == "indicator":
                set_text(c, PEER_TITLES.get(v, v))
            else:
                set_text(c, v)
            c.alignment = st["wrap"]
    last = top + len(peers)
    add_table(ws, "PeersTable", f"A{top}:{column_letter(len(PEER_COLUMNS))}{last}")
    row = last + 3
    for indicator, groups in peer_comparisons(peers):
        row = _peer_chart_block(ws, st, indicator, groups, row) + 2
    ws.freeze_panes = f"B{top + 1}"
    widths = {"A": 24, "B": 17, "C": 10, "D": 8, "E": 8, "F": 40, "G": 22, "H": 10, "I": 11, "J": 12, "K": 40}
    set_widths(ws, widths)
    _fit_row_heights(ws, top, row, widths)
    print_setup(ws, f"{top}:{top}")


def _fit_row_heights(ws, first, last, widths):
    """Give each row the height its wrapped text needs, so no text runs over the row below (or a number beside it)."""
    import math

    for r in range(first, last + 1):
        lines = 1
        for letter, width in widths.items():
            c = ws[f"{letter}{r}"]
            v = c.value
            if isinstance(v, str) and v and c.alignment.wrap_text:
                lines = max(lines, math.ceil(len(v) * 1.1 / max(width - 1, 1)))
        if lines > 1:
            ws.row_dimensions[r].height = 12.75 * lines + 2


def _peer_chart_block(ws, st, indicator, groups, top) -> int:
    """One measure: its rows (country, year and vintage; the number of its definition; value; status), a bar chart
    beside them and the numbered definitions under both. Returns the last row used."""
    import math

    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=top - 1))  # each measure prints on its own page, the chart whole
    set_text(ws.cell(top, 1), f"{PEER_TITLES.get(indicator, indicator)}: chart data, bars grouped by definition").font = st["bold"]
    header(ws, top + 1, ["Country, year, vintage", "Status", "Value", "No."], st)
    r = top + 2
    first_bar = r
    lines = []
    for k, (definition, rows) in enumerate(groups, start=1):
        for x in rows.itertuples():
            label = f"{k}. {x.country}, {x.year}, {x.vintage}"
            set_text(ws.cell(r, 1), label).alignment = st["wrap"]
            set_text(ws.cell(r, 2), "missing: see the note above" if x.status == "missing" else x.status).alignment = st["wrap"]
            write_number(ws.cell(r, 3), None if x.value is None or x.value != x.value else float(x.value), "0.00")
            write_number(ws.cell(r, 4), k, "0")
            lines.append(max(math.ceil(len(label) * 1.1 / 23), math.ceil(len(ws.cell(r, 2).value) * 1.1 / 16)))
            r += 1
    last_bar = r - 1
    chart = charts.horizontal_bars(ws, top + 1, first_bar, last_bar, 1, 3, f"{PEER_TITLES.get(indicator, indicator)}: Hong Kong and peers",
                                   "number before each name = definition below", f"F{top}")
    chart.width = PEER_CHART_CM  # beside the block's four columns, inside the page (30 cm ran past its right edge)
    covered, rows_used = 0.45 * 2 + 0.14, 2  # the block's title and header rows
    while covered < chart.height + 0.5:  # rows under the chart (0.45 cm a line) must hold no text
        n = lines[rows_used - 2] if rows_used - 2 < len(lines) else 1
        covered += 0.45 * n + 0.07
        rows_used += 1
    r = max(r, top + rows_used) + 1
    set_text(ws.cell(r, 1), "Definitions (each is one comparison):").font = st["bold"]
    for k, (definition, _) in enumerate(groups, start=1):
        r += 1
        set_text(ws.cell(r, 1), f"{k}. {definition}")
    return r


def write_decomposition(ws, results, st):
    """What moves the debt ratio: interest, growth, primary balance and stock-flow adjustment, with a stacked chart."""
    p = results.projection
    cols = DECOMPOSITION_COLUMNS
    sheet_title(ws, st, "Decomposition", "d_t - d_(t-1) = (i_t - g_t)/(1 + g_t) x d_(t-1) - pb_t + sfa_t: the contributions add up exactly "
                                         "to the change in debt-to-GDP (pp of GDP).")
    top = 4
    header(ws, top, ["Fiscal year"] + [f"{BY_NAME[c].label} ({BY_NAME[c].unit})" for c in cols], st)
    for i, y in enumerate(results.labels):
        r = top + 1 + i
        set_text(ws.cell(r, 1), y)
        for j, c in enumerate(cols, start=2):
            v = p.loc[y, c]
            write_number(ws.cell(r, j), None if v != v else float(v), BY_NAME[c].fmt)
    last = top + len(results.labels)
    for j in range(1, len(cols) + 2):
        ws.cell(top, j).alignment = st["wrap"]
    ws.row_dimensions[top].height = 80
    ws.freeze_panes = f"B{top + 1}"
    set_widths(ws, {"A": 12, **{column_letter(j): 14 for j in range(2, len(cols) + 2)}})
    charts.bars_and_line(ws, top, top + 2, last, 1, [3, 4, 5, 6], [2], "What moves the debt ratio", "pp of GDP",
                         f"A{chart_row(ws, last)}", stacked=True, colors=[charts.RED, charts.GREEN, charts.AMBER, charts.LIGHT])
    set_text(ws.cell(last + 21, 1), f"{fiscal_year.label(results.assumptions.years[0])} has no contributions: the decomposition needs the previous year's ratio. "
                                    "IMF screening of gross financing needs: 15% of GDP (scrutiny), 20% (heat-map red).")
    print_setup(ws, f"{top}:{top}")
