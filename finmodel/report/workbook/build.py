"""The output workbook: what analysts open first and forward.

Published tables hold the engine's values (so pandas, previewers and Protected View show numbers)
with number formats, frozen panes, print setup, Excel Table markup, defined names for every
projection series and native charts beside the tables. The What-if sheet (`whatif.py`) holds live
formulas. Byte-identical for identical runs: fixed document properties and zip entry times. User
text (scenario names, notes, sources) is always written as text, never as a formula.
"""

import io
import re
import zipfile

from finmodel import fiscal_year
from finmodel.model.variables import BY_NAME, VARIABLES
from finmodel.report.atomic import write_bytes
from finmodel.report.workbook import charts
from finmodel.report.workbook.defined_names import check_name, check_unique
from finmodel.version import __version__

# The inputs' vintage: the latest source the baseline cites (S00, 14 April 2026). It stamps the
# document properties and the zip entries instead of the wall clock, so reruns are byte-identical.
FIXED_TIME = (2026, 4, 14, 0, 0, 0)
FIXED_ISO = "2026-04-14T00:00:00Z"
INPUTS_VINTAGE = "14 April 2026 (latest source cited: S00)"
HEADER_FILL = "1F4E79"
FONT = "Calibri"  # the workbook's default font; styled cells name it so every viewer uses one family
INPUT_FILL = "FFF2CC"  # IMF convention: inputs on a coloured fill
RED_FILL = "F8CBAD"
BN = "#,##0.0"
PCT = "0.0"

SHEETS = (
    ("Cover", "Title, scenario, vintage and the key results in words"),
    ("Contents", "This list"),
    ("Summary", "Headline figures and the year-by-year check against the ceiling and the band (red = breached), with charts"),
    ("Projection", "Every projection variable, one row per variable and one column per fiscal year (the numbers of projection.csv)"),
    ("Financing", "Gross issuance by investor, currency and tenor; redemptions; net borrowing; reserves"),
    ("Bonds", "The maturity profile and the cohort book (opening and projected cohorts)"),
    ("Interest burden vs peers", "Hong Kong's projected interest burden and debt beside published peer figures, with definitions"),
    ("Decomposition", "What moves the debt ratio: interest, growth, primary balance and stock-flow adjustment"),
    ("What-if", "Live formulas: change the yellow inputs and watch debt and debt-to-GDP move"),
    ("Assumptions", "Every input with its unit and source (inputs on a coloured fill)"),
    ("Notes & sources", "Conventions, definitions and the sources cited"),
    ("Run record", "Model version, input hashes, options and warnings"),
)


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "head_font": Font(name=FONT, bold=True, color="FFFFFF"),
        "head_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "bold": Font(name=FONT, bold=True),
        "title": Font(name=FONT, bold=True, size=14),
        "big": Font(name=FONT, bold=True, size=18, color=HEADER_FILL),
        "link": Font(name=FONT, color="0563C1", underline="single"),
        "input_fill": PatternFill("solid", fgColor=INPUT_FILL),
        "red_fill": PatternFill("solid", fgColor=RED_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def set_text(cell, value):
    """Write user text so that it can never become a formula."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def safe_name(name: str) -> str:
    """A file-name-safe version of a scenario name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "scenario"


def _col(j):
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def _header(ws, row, values, st, col=1):
    for j, v in enumerate(values, start=col):
        c = set_text(ws.cell(row=row, column=j), v)
        c.font = st["head_font"]
        c.fill = st["head_fill"]
        c.alignment = st["wrap"]


def styles():
    """The workbook's shared fonts and fills, for sheets that other modules add."""
    return _styles()


def frame_sheet(ws, df, index_label, widths=None, formats=None):
    """Write a DataFrame as a table (index in column A) with a header row, number formats and frozen panes.

    Used by the sheets other commands add to the run's workbook (sensitivity, simulation).
    """
    st = _styles()
    _header(ws, 1, [index_label] + [str(c) for c in df.columns], st)
    for i, (idx, row) in enumerate(df.iterrows(), start=2):
        set_text(ws.cell(row=i, column=1), idx)
        for j, (col, v) in enumerate(row.items(), start=2):
            c = ws.cell(row=i, column=j)
            if isinstance(v, str) or v is None:
                set_text(c, v)
            else:
                _num(c, v, (formats or {}).get(col))
    ws.freeze_panes = "B2"
    _widths(ws, {j: 14 for j in range(1, len(df.columns) + 2)})
    _widths(ws, widths or {})
    _print(ws, title_rows="1:1")


def _fit_heights(ws):
    """Give rows with wrapped text the height their longest cell needs (spreadsheets do not do it on load)."""
    from math import ceil

    widths = {}
    for row in ws.iter_rows():
        r = row[0].row
        if ws.row_dimensions[r].height is not None:
            continue
        lines = 1
        for c in row:
            if c.value is None or not c.has_style or not c.alignment.wrap_text:
                continue
            if c.column_letter not in widths:
                widths[c.column_letter] = ws.column_dimensions[c.column_letter].width or 13
            per_line = max(1.0, widths[c.column_letter] * 1.1)
            lines = max(lines, sum(ceil(max(1, len(part)) / per_line) for part in str(c.value).split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = 13.5 * lines + 2


def _num(cell, value, fmt=None):
    """Write a number (None and NaN leave the cell empty)."""
    if value is None or value != value:
        cell.value = None
    else:
        cell.value = value.item() if hasattr(value, "item") else value
    if fmt:
        cell.number_format = fmt
    return cell


def _widths(ws, widths: dict):
    for col, w in widths.items():
        ws.column_dimensions[col if isinstance(col, str) else _col(col)].width = w


def _print(ws, title_rows=None, landscape=True):
    """Landscape, fit to one page wide, header rows repeated on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def _table(ws, name, ref):
    from openpyxl.worksheet.table import Table, TableStyleInfo

    t = Table(displayName=check_name(name), ref=ref)
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


def _chart_row(ws, last_row: int, rows_per_page: int = 28) -> int:
    """Row for charts below a table; a long table gets a page break first so no chart is cut across pages."""
    from openpyxl.worksheet.pagebreak import Break

    if last_row > rows_per_page:
        ws.row_breaks.append(Break(id=last_row + 1))
    return last_row + 3


def _title(ws, st, title, subtitle=None):
    set_text(ws["A1"], title).font = st["title"]
    if subtitle:
        set_text(ws["A2"], subtitle)


def build_workbook(results):
    """Build the openpyxl Workbook for a run (not yet saved)."""
    from openpyxl import Workbook

    from finmodel.report.workbook.whatif import build_whatif

    st = _styles()
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name, _ in SHEETS}
    names = {}
    _cover(sheets["Cover"], results, st)
    _contents(sheets["Contents"], st)
    _summary(sheets["Summary"], results, st)
    names.update(_projection(sheets["Projection"], results, st))
    _financing(sheets["Financing"], results, st)
    _bonds(sheets["Bonds"], results, st)
    _peers(sheets["Interest burden vs peers"], results, st)
    _decomposition(sheets["Decomposition"], results, st)
    wi = build_whatif(sheets["What-if"], results, st, set_text)
    _print(sheets["What-if"])
    names.update(wi["names"])
    _assumptions(sheets["Assumptions"], results, st)
    _notes(sheets["Notes & sources"], results, st)
    _run_record(sheets["Run record"], results, st)
    tables = [t for ws in wb.worksheets for t in ws.tables]
    _define_names(wb, names, tables)
    for ws in wb.worksheets:
        _fit_heights(ws)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0
    wb.properties.creator = "finmodel"
    wb.properties.title = f"finmodel projection: {results.scenario}"
    return wb


def _define_names(wb, names: dict, tables=()):
    """Workbook-level defined names, each checked against Excel's rules (and unique beside the table names) first."""
    from openpyxl.workbook.defined_name import DefinedName

    check_unique(list(names) + list(tables))
    for name in sorted(names):
        wb.defined_names[check_name(name)] = DefinedName(name, attr_text=names[name])


def _cover(ws, results, st):
    a = results.assumptions
    h = results.summary()["headline"]
    set_text(ws["B2"], "finmodel").font = st["big"]
    set_text(ws["B3"], "Hong Kong government debt projection: the HK$ ceiling, the debt-to-GDP band, reserves and interest").font = st["title"]
    rows = [
        ("Scenario", results.scenario),
        ("Issuance plan", a.plan_name),
        ("Financing rule; ceiling policy", f"{a.financing_rule}; {a.ceiling_policy}"),
        ("Years", f"{results.labels[0]} to {results.labels[-1]} (the official Medium Range Forecast ends {fiscal_year.label(a.mrf_last_year)})"),
        ("Run date (inputs' vintage)", INPUTS_VINTAGE),
        ("Model version", f"finmodel {__version__}"),
    ]
    for i, (k, v) in enumerate(rows, start=5):
        set_text(ws.cell(i, 2), k).font = st["bold"]
        set_text(ws.cell(i, 3), v)
    set_text(ws.cell(12, 2), "Key results").font = st["title"]
    ceiling_end = a.ceiling_hkd_bn[-1]
    lines = [
        results.verdict(),
        f"Debt under the ceiling (pool A) peaks at HK${h['peak_debt_hkd_bn']:,.1f} bn in {h['peak_debt_year']}, against a ceiling of "
        f"HK${ceiling_end:,.0f} bn; the smallest headroom is HK${h['min_headroom_hkd_bn']:,.1f} bn.",
        f"Debt-to-GDP peaks at {h['peak_debt_to_gdp_pct']:.1f}% in {h['peak_debt_to_gdp_year']} and ends at {h['debt_to_gdp_end_pct']:.1f}% "
        f"in {h['horizon']}; the stated band is {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP.",
        f"Interest takes {h['interest_to_revenue_end_pct']:.1f}% of government revenue in {h['horizon']}; fiscal reserves end at "
        f"HK${h['fiscal_reserves_end_hkd_bn']:,.1f} bn.",
    ]
    if h["beyond_official_forecast"]:
        lines.append(f"Years after {h['mrf_last_year']} extend the official forecast by the stated rules (see Assumptions).")
    for i, line in enumerate(lines, start=13):
        c = set_text(ws.cell(i, 2), line)
        c.alignment = st["wrap"]
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=8)
        ws.row_dimensions[i].height = 32
    set_text(ws.cell(19, 2), "Figures in HK$ bn unless stated; fiscal years run 1 April to 31 March (2026-27 ends 31 March 2027). "
                             "See Contents for every sheet and Notes & sources for definitions.").alignment = st["wrap"]
    ws.merge_cells("B19:H19")
    ws.row_dimensions[19].height = 32
    _widths(ws, {"A": 3, "B": 30, "C": 20, "D": 14, "E": 14, "F": 14, "G": 14, "H": 14})
    _print(ws, landscape=False)


def _contents(ws, st):
    from openpyxl.worksheet.hyperlink import Hyperlink

    _title(ws, st, "Contents", "Click a sheet name to go there.")
    _header(ws, 4, ["Sheet", "What it holds"], st)
    for i, (name, what) in enumerate(SHEETS, start=5):
        c = set_text(ws.cell(i, 1), name)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{name}'!A1", display=name)
        c.font = st["link"]
        set_text(ws.cell(i, 2), what)
    _widths(ws, {"A": 28, "B": 110})
    _print(ws, "4:4")


def _summary(ws, results, st):
    a = results.assumptions
    p = results.projection
    h = results.summary()["headline"]
    _title(ws, st, "Summary", f"Scenario {results.scenario}; {a.plan_name} issuance plan; {a.financing_rule} rule; ceiling {a.ceiling_policy}. "
                              "Red: the ceiling binds or debt-to-GDP is above the band's top.")
    set_text(ws["A3"], results.verdict()).font = st["bold"]
    rows = [
        ("Peak debt (pool A)", h["peak_debt_hkd_bn"], "HK$ bn", h["peak_debt_year"], BN),
        ("Peak debt-to-GDP", h["peak_debt_to_gdp_pct"], "% of GDP", h["peak_debt_to_gdp_year"], PCT),
        ("Debt-to-GDP at the horizon", h["debt_to_gdp_end_pct"], "% of GDP", h["horizon"], PCT),
        ("First year the ceiling binds", h["first_year_ceiling_binds"] or "never", "", "", None),
        (f"First year above the band's top ({a.band_high_pct:g}%)", h["first_year_above_band"] or "never", "", "", None),
        ("Interest / revenue at the horizon", h["interest_to_revenue_end_pct"], "%", h["horizon"], PCT),
        ("Fiscal reserves at the horizon", h["fiscal_reserves_end_hkd_bn"], "HK$ bn", h["horizon"], BN),
        ("Smallest headroom under the ceiling", h["min_headroom_hkd_bn"], "HK$ bn", "", BN),
        ("First year fiscal reserves run out", h["first_year_reserves_negative"] or "never", "", "", None),
    ]
    _header(ws, 5, ["Headline", "Value", "Unit", "Fiscal year"], st)
    for i, (name, value, unit, year, fmt) in enumerate(rows, start=6):
        set_text(ws.cell(i, 1), name)
        c = ws.cell(i, 2)
        if isinstance(value, str):
            set_text(c, value)
        else:
            _num(c, float(value), fmt)
        set_text(ws.cell(i, 3), unit)
        set_text(ws.cell(i, 4), year)
    if h["first_year_ceiling_binds"]:
        ws.cell(9, 2).fill = st["red_fill"]
    if h["first_year_above_band"]:
        ws.cell(10, 2).fill = st["red_fill"]
        ws.cell(7, 2).fill = st["red_fill"]
    if h["first_year_reserves_negative"]:
        ws.cell(14, 2).fill = st["red_fill"]

    top = 16
    cols = [("Fiscal year", None, None), ("Debt (pool A)", "debt_hkd_bn", BN), ("Ceiling", "ceiling_hkd_bn", BN),
            ("Headroom", "headroom_hkd_bn", BN), ("Debt-to-GDP, %", "debt_to_gdp_pct", "0.00"),
            ("Band low, %", None, PCT), ("Band top, %", None, PCT), ("Gross issuance", "gross_issuance_hkd_bn", BN),
            ("Interest / revenue, %", "interest_to_revenue_pct", PCT), ("Fiscal reserves", "fiscal_reserves_hkd_bn", BN),
            ("Ceiling binds", "ceiling_binds", None), ("Above the band", None, None)]
    set_text(ws.cell(top - 1, 1), "Year by year (HK$ bn unless stated)").font = st["bold"]
    _header(ws, top, [c[0] for c in cols], st)
    for i, y in enumerate(results.labels):
        r = top + 1 + i
        row = p.loc[y]
        above = row["debt_to_gdp_pct"] > a.band_high_pct + 1e-12
        binds = bool(row["ceiling_binds"])
        set_text(ws.cell(r, 1), y)
        for j, (_, var, fmt) in enumerate(cols[1:], start=2):
            c = ws.cell(r, j)
            if var == "ceiling_binds":
                set_text(c, "yes" if binds else "no")
            elif j == 6:
                _num(c, a.band_low_pct, fmt)
            elif j == 7:
                _num(c, a.band_high_pct, fmt)
            elif j == 12:
                set_text(c, "yes" if above else "no")
            else:
                _num(c, float(row[var]), fmt)
        if binds:
            for j in (2, 3, 4, 11):
                ws.cell(r, j).fill = st["red_fill"]
        if above:
            for j in (5, 12):
                ws.cell(r, j).fill = st["red_fill"]
    first, last = top + 1, top + len(results.labels)
    ws.freeze_panes = "B6"
    _widths(ws, {"A": 40, **{_col(j): 12 for j in range(2, 13)}})
    anchor_row = _chart_row(ws, last)
    charts.bars_and_line(ws, top, first, last, 1, [2], [3], "Debt against the borrowing ceiling", "HK$ bn, 31 March",
                         f"A{anchor_row}")
    charts.lines(ws, top, first, last, 1, [5, 6, 7], "Debt-to-GDP against the stated band", "% of GDP", f"G{anchor_row}",
                 styles=[(charts.NAVY, None), (charts.RED, "dash"), (charts.RED, "dash")])
    _print(ws, f"{top}:{top}")


def _projection(ws, results, st) -> dict:
    """Values of projection.csv: one row per variable (with unit), one column per fiscal year."""
    p = results.projection
    labels = list(p.index)
    _header(ws, 1, ["Variable", "Label", "Unit"] + labels, st)
    for i, v in enumerate(VARIABLES, start=2):
        set_text(ws.cell(i, 1), v.name)
        set_text(ws.cell(i, 2), v.label)
        set_text(ws.cell(i, 3), v.unit)
        for j, y in enumerate(labels, start=4):
            val = p.loc[y, v.name]
            _num(ws.cell(i, j), None if val != val else float(val), v.fmt)
    last_col = _col(3 + len(labels))
    last_row = 1 + len(VARIABLES)
    _table(ws, "ProjectionTable", f"A1:{last_col}{last_row}")
    ws.freeze_panes = "D2"
    _widths(ws, {"A": 34, "B": 46, "C": 9, **{_col(j): 11 for j in range(4, 4 + len(labels))}})
    _print(ws, "1:1")
    names = {"fiscal_years": f"Projection!$D$1:${last_col}$1"}
    for i, v in enumerate(VARIABLES, start=2):
        names[v.name] = f"Projection!$D${i}:${last_col}${i}"
    return names


def _financing(ws, results, st):
    p = results.projection
    a = results.assumptions
    arr = results.arrays
    bonds = results.bonds()
    new = bonds[bonds["status"] == "projected"]
    investors = sorted(set(a.mix.investor))
    currencies = [c for c in ("HKD", "RMB", "USD", "EUR") if c in set(a.mix.currency)]
    tenor_groups = [("1-3 years", 1, 3), ("4-9 years", 4, 9), ("10-19 years", 10, 19), ("20 years or more", 20, 999)]
    tenor_groups = [g for g in tenor_groups if any(g[1] <= t <= g[2] for t in a.mix.tenor_years)]
    cols = (["Fiscal year", "Gross issuance"] + [f"Issued to {x} investors" for x in investors] + [f"Issued in {c}" for c in currencies]
            + [f"Issued for {g[0]}" for g in tenor_groups]
            + ["Redemptions", "of which opening book", "of which new cohorts", "Net borrowing", "Interest", "Fiscal reserves"])
    _title(ws, st, "Financing", "Pool A bonds, HK$ bn (face value at par, HK$ equivalent). Issuance split by investor, currency and tenor.")
    top = 4
    _header(ws, top, cols, st)
    for i, y in enumerate(results.labels):
        r = top + 1 + i
        issued = new[new["issue_fy"] == y]
        values = [p.loc[y, "gross_issuance_hkd_bn"]]
        values += [issued.loc[issued["investor"] == x, "face_value_hkd_bn"].sum() for x in investors]
        values += [issued.loc[issued["currency"] == c, "face_value_hkd_bn"].sum() for c in currencies]
        values += [issued.loc[issued["tenor_years"].between(lo, hi), "face_value_hkd_bn"].sum() for _, lo, hi in tenor_groups]
        red_open = arr["redemptions_opening_book_hkd_bn"][0, i]
        values += [p.loc[y, "redemptions_hkd_bn"], red_open, p.loc[y, "redemptions_hkd_bn"] - red_open,
                   p.loc[y, "net_bond_proceeds_hkd_bn"], p.loc[y, "interest_hkd_bn"], p.loc[y, "fiscal_reserves_hkd_bn"]]
        set_text(ws.cell(r, 1), y)
        for j, v in enumerate(values, start=2):
            _num(ws.cell(r, j), float(v), BN)
    first, last = top + 1, top + len(results.labels)
    ncol = len(cols)
    _table(ws, "FinancingTable", f"A{top}:{_col(ncol)}{last}")
    ws.freeze_panes = f"B{top + 1}"
    _widths(ws, {"A": 12, **{_col(j): 13 for j in range(2, ncol + 1)}})
    red_col, net_col, res_col = cols.index("Redemptions") + 1, cols.index("Net borrowing") + 1, cols.index("Fiscal reserves") + 1
    anchor = _chart_row(ws, last)
    charts.bars_and_line(ws, top, first, last, 1, [2, red_col], [net_col], "Gross issuance, redemptions and net borrowing", "HK$ bn",
                         f"A{anchor}")
    charts.lines(ws, top, first, last, 1, [res_col], "Fiscal reserves, 31 March", "HK$ bn", f"H{anchor}",
                 styles=[(charts.GREEN, None)])
    set_text(ws.cell(anchor + 18, 1), "Redemptions of the opening book follow its published maturities; new cohorts mature after their "
                                      "tenor (Bonds sheet). Net borrowing = gross issuance - redemptions.")
    _print(ws, f"{top}:{top}")


def _bonds(ws, results, st):
    prof = results.maturity_profile()
    bonds = results.bonds()
    _title(ws, st, "Bonds", "Maturity profile (principal falling due, HK$ bn at constant FX) and the cohort book: every opening and "
                            "projected cohort.")
    top = 4
    _header(ws, top, ["Fiscal year", "Opening book", "Projected cohorts", "Total"], st)
    for i, (y, row) in enumerate(prof.iterrows()):
        r = top + 1 + i
        set_text(ws.cell(r, 1), y)
        for j, col in enumerate(("existing_book_hkd_bn", "projected_cohorts_hkd_bn", "total_hkd_bn"), start=2):
            _num(ws.cell(r, j), float(row[col]), BN)
    plast = top + len(prof)
    charts.bars_and_line(ws, top, top + 1, plast, 1, [2, 3], [], "Maturity profile: principal falling due", "HK$ bn",
                         "F4", stacked=True, colors=[charts.NAVY, charts.LIGHT])
    start = max(plast, top + 18) + 3
    set_text(ws.cell(start - 1, 1), "Cohort book").font = st["bold"]
    cols = ["cohort_id", "status", "programme", "investor", "currency", "issue_fy", "maturity_fy", "tenor_years", "coupon_pct",
            "inflation_linked", "face_value_fc_bn", "face_value_hkd_bn", "basis"]
    heads = ["Cohort", "Status", "Programme", "Investor", "Currency", "Issued", "Matures", "Tenor (years)", "Coupon, %",
             "Inflation-linked", "Face value, own currency bn", "Face value, HK$ bn", "Basis"]
    _header(ws, start, heads, st)
    fmts = {"coupon_pct": "0.000", "face_value_fc_bn": "#,##0.000", "face_value_hkd_bn": "#,##0.000", "tenor_years": "0"}
    for i, row in enumerate(bonds[cols].itertuples(index=False), start=start + 1):
        for j, (col, v) in enumerate(zip(cols, row), start=1):
            c = ws.cell(i, j)
            if col in fmts:
                _num(c, float(v), fmts[col])
            else:
                set_text(c, "yes" if v is True else "no" if v is False else v)
    _table(ws, "CohortBook", f"A{start}:{_col(len(cols))}{start + len(bonds)}")
    ws.freeze_panes = f"A{top + 1}"
    _widths(ws, {"A": 30, "B": 12, "C": 14, "D": 14, "E": 10, "F": 10, "G": 10, "H": 10, "I": 10, "J": 12, "K": 14, "L": 14, "M": 14})
    _print(ws)


def _peers(ws, results, st):
    peers = results.peers()
    _title(ws, st, "Interest burden vs peers", "Hong Kong's projection beside published peer figures. Definitions differ: read the "
                                               "definition and vintage beside each figure.")
    top = 4
    cols = ["country", "indicator", "unit", "year", "value", "definition", "vintage", "source_id", "confidence", "note"]
    _header(ws, top, ["Country", "Indicator", "Unit", "Year", "Value", "Definition", "Vintage", "Source", "Confidence", "Note"], st)
    for i, row in enumerate(peers[cols].itertuples(index=False), start=top + 1):
        for j, (col, v) in enumerate(zip(cols, row), start=1):
            c = ws.cell(i, j)
            if col == "value":
                _num(c, None if v is None else float(v), "0.0")
            else:
                set_text(c, v)
            if col in ("definition", "note", "vintage"):
                c.alignment = st["wrap"]
    last = top + len(peers)
    _table(ws, "PeersTable", f"A{top}:J{last}")
    chart_top = last + 3
    bars = peers[(peers["indicator"] == "interest_to_revenue") & peers["value"].notna()]
    set_text(ws.cell(chart_top, 1), "Interest as % of revenue (chart data)").font = st["bold"]
    _header(ws, chart_top + 1, ["Country, year", "Interest / revenue, %"], st)
    for i, r in enumerate(bars.itertuples(), start=chart_top + 2):
        set_text(ws.cell(i, 1), f"{r.country}, {r.year}")
        _num(ws.cell(i, 2), float(r.value), "0.0")
    charts.horizontal_bars(ws, chart_top + 1, chart_top + 2, chart_top + 1 + len(bars), 1, 2,
                           "Interest burden: Hong Kong (projected) and peers", "% of revenue (definitions differ)", f"D{chart_top}")
    ws.freeze_panes = f"B{top + 1}"
    _widths(ws, {"A": 30, "B": 20, "C": 12, "D": 9, "E": 8, "F": 40, "G": 30, "H": 9, "I": 12, "J": 40})
    _print(ws, f"{top}:{top}")


def _decomposition(ws, results, st):
    p = results.projection
    _title(ws, st, "Decomposition", "d_t - d_(t-1) = (i_t - g_t)/(1 + g_t) x d_(t-1) - pb_t + sfa_t: the contributions add up exactly "
                                    "to the change in debt-to-GDP (pp of GDP).")
    top = 4
    cols = ["change_debt_to_gdp_pp", "contribution_interest_pp", "contribution_growth_pp", "contribution_primary_balance_pp",
            "contribution_sfa_pp", "primary_balance_pct_gdp", "debt_stabilising_primary_balance_pct_gdp", "effective_interest_rate_pct",
            "nominal_growth_pct", "gross_financing_need_hkd_bn", "gross_financing_need_pct_gdp"]
    _header(ws, top, ["Fiscal year"] + [f"{BY_NAME[c].label} ({BY_NAME[c].unit})" for c in cols], st)
    for i, y in enumerate(results.labels):
        r = top + 1 + i
        set_text(ws.cell(r, 1), y)
        for j, c in enumerate(cols, start=2):
            v = p.loc[y, c]
            _num(ws.cell(r, j), None if v != v else float(v), BY_NAME[c].fmt)
    last = top + len(results.labels)
    for j in range(1, len(cols) + 2):
        ws.cell(top, j).alignment = st["wrap"]
    ws.row_dimensions[top].height = 80
    ws.freeze_panes = f"B{top + 1}"
    _widths(ws, {"A": 12, **{_col(j): 14 for j in range(2, len(cols) + 2)}})
    charts.bars_and_line(ws, top, top + 2, last, 1, [3, 4, 5, 6], [2], "What moves the debt ratio", "pp of GDP", f"A{_chart_row(ws, last)}",
                         stacked=True, colors=[charts.RED, charts.GREEN, charts.AMBER, charts.LIGHT])
    set_text(ws.cell(last + 21, 1), "2025-26 has no contributions: the decomposition needs the previous year's ratio. "
                                    "IMF screening of gross financing needs: 15% of GDP (scrutiny), 20% (heat-map red).")
    _print(ws, f"{top}:{top}")


def _assumptions(ws, results, st):
    """Every input: by-year values across, scalars in the Value column, with unit and source."""
    a = results.assumptions
    years = results.labels
    _title(ws, st, "Assumptions", "Every input with its unit and source. Inputs are on a coloured fill (IMF convention); "
                                  "'assumption' marks a figure that fills a gap in the published record.")
    top = 4
    heads = ["Parameter", "Unit", "Value"] + years + ["Assumption?", "Source", "Note", "File"]
    _header(ws, top, heads, st)
    ny = len(years)
    c_extra = 4 + ny
    r = top
    for name, pv in sorted(a.provenance.items()):
        value = pv["value"]
        rows = []
        if isinstance(value, dict) and name == "issuance_plan_hkd_bn":
            rows = [(f"{name} [{plan}]", vals) for plan, vals in value.items()]
        elif isinstance(value, dict) and name == "fx_hkd_per_unit":
            rows = [(f"{name} [{cur}]", v) for cur, v in value.items()]
        elif name == "new_issue_mix":
            rows = [(name, "see the bucket table below")]
        else:
            rows = [(name, value)]
        for label, v in rows:
            r += 1
            set_text(ws.cell(r, 1), label)
            set_text(ws.cell(r, 2), pv["unit"])
            if isinstance(v, dict):
                for j, y in enumerate(years, start=4):
                    if y in v and isinstance(v[y], (int, float)) and not isinstance(v[y], bool):
                        _num(ws.cell(r, j), float(v[y]), "#,##0.0##").fill = st["input_fill"]
                given = [k for k in v if k not in years]
                if given:
                    set_text(ws.cell(r, 3), "also: " + ", ".join(f"{k}: {v[k]}" for k in given))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                _num(ws.cell(r, 3), float(v), "#,##0.0##").fill = st["input_fill"]
            else:
                set_text(ws.cell(r, 3), _short(v)).fill = st["input_fill"]
            set_text(ws.cell(r, c_extra), "yes" if pv["assumption"] else "no")
            set_text(ws.cell(r, c_extra + 1), pv["source"]).alignment = st["wrap"]
            set_text(ws.cell(r, c_extra + 2), pv["note"]).alignment = st["wrap"]
            set_text(ws.cell(r, c_extra + 3), pv["file"])
    r += 2
    set_text(ws.cell(r, 1), "Calibrated to the Budget totals (anchor years; values the model derives, not inputs)").font = st["bold"]
    for label, arr in (("other_revenue (calibrated)", a.other_revenue_fixed_hkd_bn), ("other_capital (calibrated)", a.other_capital_fixed_hkd_bn)):
        r += 1
        set_text(ws.cell(r, 1), label)
        set_text(ws.cell(r, 2), "HK$ bn")
        for j in range(ny):
            _num(ws.cell(r, 4 + j), None if arr[j] != arr[j] else float(arr[j]), BN)
    r += 2
    set_text(ws.cell(r, 1), "New-issue mix (new_issue_mix)").font = st["bold"]
    r += 1
    _header(ws, r, ["Bucket", "Investor", "Currency", "Tenor (years)", "Share", "Yield, %", "Inflation-linked"], st)
    m = a.mix
    for k in range(len(m.bucket)):
        r += 1
        set_text(ws.cell(r, 1), m.bucket[k])
        set_text(ws.cell(r, 2), m.investor[k])
        set_text(ws.cell(r, 3), m.currency[k])
        for j, (v, fmt) in enumerate(((int(m.tenor_years[k]), "0"), (float(m.share[k]), "0.00"),
                                      (float(100 * m.yield_rate[k]), "0.000")), start=4):
            _num(ws.cell(r, j), v, fmt).fill = st["input_fill"]
        set_text(ws.cell(r, 7), "yes" if m.inflation_linked[k] else "no")
    ws.freeze_panes = f"B{top + 1}"
    _widths(ws, {"A": 36, "B": 30, "C": 14, **{_col(4 + j): 10 for j in range(ny)},
                 _col(c_extra): 11, _col(c_extra + 1): 70, _col(c_extra + 2): 45, _col(c_extra + 3): 22})
    _print(ws, f"{top}:{top}")


def _notes(ws, results, st):
    a = results.assumptions
    _title(ws, st, "Notes & sources")
    notes = [
        ("Fiscal years", "A fiscal year runs 1 April to 31 March; 2026-27 ends on 31 March 2027. Stocks are at 31 March."),
        ("GDP", "Debt-to-GDP divides debt at 31 March by the fiscal year's nominal GDP (the Budget's own convention: 2025-26 and "
                "2026-27 GDP are derived from the Budget's ratios)."),
        ("Pool A and pool B", "Pool A: Government Sustainable Bond Programme and Infrastructure Bond Programme bonds, the debt under "
                              "the borrowing ceiling that finances the budget. Pool B: Government Bond Programme bonds in the Bond Fund, "
                              "outside fiscal reserves, reported separately and never under the ceiling."),
        ("Ceiling", "The ceiling caps principal outstanding (face value at HK$ equivalent), not annual issuance. Under the 'cap' policy "
                    "issuance is limited to the headroom and the shortfall is drawn from reserves; 'breach' shows the uncapped path."),
        ("Bond conventions", "Bonds are issued at par mid-year and mature mid-year: half a coupon in the issue and maturity years, a "
                             "full coupon between. Retail inflation-linked bonds pay the higher of the guaranteed rate and inflation."),
        ("Calibration", "In the anchor years (2025-26 revised estimate, 2026-27 estimate) other revenue and other capital spending are "
                        "the Budget totals less the itemised lines, computed once on the baseline and then held fixed."),
        ("Shocks", "2025-26 is the Budget's revised estimate: sensitivities and the What-if edits start in 2026-27."),
        ("Decomposition", "Change in debt-to-GDP = interest + growth + primary balance + stock-flow adjustment; the adjustment is "
                          "the residual, so the parts add up exactly."),
        ("What-if", "The What-if sheet rebuilds the projection with live formulas; its notes list what is value and what is formula."),
        ("Peers", "Peer figures come from the IMF and national sources with their own definitions (general vs central government); "
                  "each is shown with its definition and vintage."),
        ("Sources", "Source ids (S00, S13, ...) refer to the list in inputs/SOURCES.md shipped with finmodel; the ids each input cites "
                    "are listed below and on the Assumptions sheet."),
    ]
    _header(ws, 3, ["Topic", "Note"], st)
    r = 3
    for topic, text in notes:
        r += 1
        set_text(ws.cell(r, 1), topic).font = st["bold"]
        set_text(ws.cell(r, 2), text).alignment = st["wrap"]
    r += 2
    _header(ws, r, ["Input", "Source ids cited"], st)
    for name, pv in sorted(a.provenance.items()):
        ids = sorted(set(re.findall(r"\bS\d{2,3}\b", pv["source"])), key=lambda s: int(s[1:]))
        r += 1
        set_text(ws.cell(r, 1), name)
        set_text(ws.cell(r, 2), ", ".join(ids) if ids else "(no id: see the Assumptions sheet)")
    peer_ids = sorted({str(p.get("source_id", "")) for p in a.peers if p.get("source_id")})
    r += 1
    set_text(ws.cell(r, 1), "peers.csv")
    set_text(ws.cell(r, 2), ", ".join(peer_ids))
    _widths(ws, {"A": 34, "B": 120})
    _print(ws, "3:3")


def _run_record(ws, results, st):
    s = results.summary()
    run = s["run"]
    _title(ws, st, "Run record", "What produced this workbook: rerun with the same inputs and options to get identical bytes.")
    _header(ws, 3, ["Item", "Value"], st)
    items = [("model", run["model"]), ("model_version", run["model_version"]), ("scenario", results.scenario),
             ("issuance_plan", run["issuance_plan"]), ("financing_rule", run["financing_rule"]),
             ("ceiling_policy", run["ceiling_policy"]), ("inputs vintage (document date)", INPUTS_VINTAGE)]
    items += [(f"option: {k}", v) for k, v in sorted(run["options"].items())]
    items += [(f"sha256: {k}", v) for k, v in sorted(run["input_sha256"].items())]
    items += [(f"calibrated {k} [{y}]", f"{v:.6f}") for k, d in sorted(s["calibration"].items()) for y, v in d.items()]
    items += [("warning", w) for w in run["warnings"]]
    for i, (k, v) in enumerate(items, start=4):
        set_text(ws.cell(i, 1), k)
        set_text(ws.cell(i, 2), v)
    _widths(ws, {"A": 42, "B": 100})
    _print(ws, "3:3")


def _short(value):
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."


def workbook_bytes(wb) -> bytes:
    """Serialise a workbook with fixed document times and zip entry times (byte-identical reruns)."""
    import datetime

    stamp = datetime.datetime(*FIXED_TIME)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + FIXED_ISO.encode() + rb"\g<3>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def write_workbook(results, out_dir):
    """Write finmodel_<scenario>.xlsx atomically; return its path."""
    from pathlib import Path

    path = Path(out_dir) / f"finmodel_{safe_name(results.scenario)}.xlsx"
    write_bytes(path, workbook_bytes(build_workbook(results)))
    return path
