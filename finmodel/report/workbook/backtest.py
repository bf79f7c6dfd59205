"""The workbook of `finmodel backtest`: reserves and debt rolled forward with recorded flows beside the record.

Cover (the mean absolute errors in words), Contents, a Reserves sheet and a Debt sheet (each a table and a native
chart of the back-test against the record), and notes on the gaps in the record, year by year.
"""

from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import BN, PCT2

RESERVES = [("revenue_hkd_bn", "Revenue", "HK$ bn", BN), ("expenditure_hkd_bn", "Expenditure", "HK$ bn", BN),
            ("consolidated_balance_hkd_bn", "Consolidated balance", "HK$ bn", BN),
            ("reserves_backtest_hkd_bn", "Reserves, back-test", "HK$ bn", BN),
            ("reserves_recorded_hkd_bn", "Reserves, recorded", "HK$ bn", BN),
            ("reserves_error_hkd_bn", "Error", "HK$ bn", BN), ("reserves_error_pct", "Error", "% of recorded", PCT2),
            ("reserves_recorded_kind", "Record", "", None), ("reserves_recorded_source", "Source", "", None)]
DEBT = [("gross_issuance_hkd_bn", "Gross issuance", "HK$ bn", BN), ("redemptions_hkd_bn", "Redemptions", "HK$ bn", BN),
        ("debt_backtest_hkd_bn", "Debt, back-test", "HK$ bn", BN), ("debt_recorded_hkd_bn", "Debt, recorded", "HK$ bn", BN),
        ("debt_error_hkd_bn", "Error", "HK$ bn", BN), ("debt_error_pct", "Error", "% of recorded", PCT2),
        ("debt_recorded_source", "Source", "", None)]


def backtest_workbook(table, mae: dict, start: str, end: str, run: book.Run):
    """The back-test workbook from backtest.csv's table (years down) and the mean absolute errors by stock."""
    sheets = [Sheet("Reserves", "Fiscal reserves at 31 March: rolled forward with recorded flows, beside the record, charted",
                    lambda ws, st: _stock(ws, st, table, RESERVES, "Fiscal reserves at 31 March: back-test and record",
                                          "Rolled forward from the opening reserves with each year's recorded consolidated balance.")),
              Sheet("Debt", "Pool A debt (GSBP + IBP) at 31 March: rolled forward with recorded issuance, beside the record, charted",
                    lambda ws, st: _stock(ws, st, table, DEBT, "Pool A debt at 31 March: back-test and record",
                                          "Rolled forward from the opening debt with recorded issuance and redemptions.")),
              Sheet("Notes & sources", "Year by year: which flows and stocks were not recorded and how each gap is handled",
                    lambda ws, st: book.write_notes(ws, st, _gaps(table)))]
    key = [f"Mean absolute error, {name}: {m['mae_hkd_bn']:.1f} HK$ bn ({m['mae_pct']:.2f}%) over {m['years_compared']} year(s)."
           if m["years_compared"] else f"{name}: no recorded figure to compare with." for name, m in mae.items()]
    front = book.front_sheets(f"Back-test from {start} to {end}: stocks rolled forward with recorded flows against the record",
                              None, [("Years", f"{start} to {end}")], key, run, sheets)
    return book.assemble(front + sheets, "finmodel backtest")


def _stock(ws, st, table, spec, title, subtitle):
    """Years down, the stock's flows, back-test, record and error across; a chart of the back-test against the record."""
    columns = [Column("Fiscal year", "", None, 10)] + [Column(h, u, f, 12) for _, h, u, f in spec]
    rows = [[y] + [None if _missing(r[c]) else r[c] for c, *_ in spec] for y, r in table.iterrows()]
    top, first, last = book.table_sheet(ws, st, title, subtitle + " Empty cells: no recorded figure.", columns, rows)
    names = [c for c, *_ in spec]
    rolled = next(i for i, c in enumerate(names) if c.endswith("_backtest_hkd_bn")) + 2
    chart = charts.lines(ws, top, first, last, 1, [rolled, rolled + 1], title, "HK$ bn, 31 March", book.chart_below(ws, last),
                         styles=[(charts.NAVY, None), (charts.RED, None)])
    recorded = chart.series[1]
    recorded.graphicalProperties.line.noFill = True
    recorded.graphicalProperties.line.solidFill = None
    recorded.marker.symbol = "square"
    recorded.marker.size = 7
    recorded.marker.graphicalProperties.solidFill = charts.RED


def _gaps(table) -> list:
    """(year, how its missing flows and stocks are handled): backtest.csv's flows_how and debt_recorded_how in words."""
    notes = [("Method", "Each stock is rolled forward from its recorded opening position with the recorded flows of each "
                        "year; the error is the back-test less the record. Sources: inputs/history (ids in inputs/SOURCES.md).")]
    for y, r in table.iterrows():
        notes.append((y, f"Flows: {r['flows_how'] or 'all recorded'}. Debt: {r['debt_recorded_how'] or 'recorded'}."))
    return notes


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v == ""
