"""The workbook of `finmodel monthly track`: the year to date against past years and the Budget, for a monthly note.

Cover (the terminal line and the estimate in words), Contents, a Year to date sheet (month by month: revenue,
expenditure and the balance to date, the share of a year's revenue and spending the record shows by that month,
recent past years' balance to date; a native chart) and an Estimate sheet (full year: central, low, high).
"""

from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import BN, PCT

YEAR_TO_DATE = [("revenue_ytd_hkd_bn", "Revenue to date", "HK$ bn", BN), ("expenditure_ytd_hkd_bn", "Expenditure to date", "HK$ bn", BN),
                ("balance_before_bonds_ytd_hkd_bn", "Balance before bonds to date", "HK$ bn", BN),
                ("balance_ytd_hkd_bn", "Balance after bonds to date", "HK$ bn", BN),
                ("revenue_share_median_pct", "Revenue received by this month, past years' median", "% of the year", PCT),
                ("expenditure_share_median_pct", "Spending by this month, past years' median", "% of the year", PCT)]
ESTIMATE = [("revenue_hkd_bn", "Revenue"), ("expenditure_hkd_bn", "Expenditure"),
            ("balance_before_bonds_hkd_bn", "Balance before bonds"), ("balance_hkd_bn", "Balance after bonds"),
            ("reserves_end_hkd_bn", "Fiscal reserves at the year's end")]
MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def tracker_workbook(t, summary: str, run: book.Run):
    """The tracker's workbook from its table and estimate (figures as computed; nothing recomputed here)."""
    past = [c for c in t.table.columns if c.startswith("balance_ytd_") and c != "balance_ytd_hkd_bn"]
    spec = YEAR_TO_DATE + [(c, f"Balance to date, {c.removeprefix('balance_ytd_').removesuffix('_hkd_bn')}", "HK$ bn", BN) for c in past]
    sheets = [Sheet("Year to date", "Month by month: the year to date, the past years' season and balance to date, charted",
                    lambda ws, st: _months(ws, st, t, spec)),
              Sheet("Estimate", "The full year estimated from the months in: central, low and high, and the Budget's figures",
                    lambda ws, st: _estimate(ws, st, t)),
              Sheet("Notes & sources", "How the estimate is made",
                    lambda ws, st: book.write_notes(ws, st, [("Method", n) for n in t.notes]))]
    facts = [("Fiscal year", t.fiscal_year), ("Months in", str(t.months)), ("Record", f"{t.record_years[0]} to {t.record_years[-1]}")]
    front = book.front_sheets(f"{t.fiscal_year} tracked against the Budget", None, facts, [summary], run, sheets)
    return book.assemble(front + sheets, "finmodel monthly track")


def _months(ws, st, t, spec):
    columns = [Column("Month", "", None, 10)] + [Column(h, u, f, 14) for _, h, u, f in spec]
    rows = [[MONTHS[int(r["month_of_year"]) - 1]] + [r[c] for c, *_ in spec] for _, r in t.table.iterrows()]
    top, first, last = book.table_sheet(ws, st, f"{t.fiscal_year}: the year to date against past years",
                                        "HK$ bn, cumulative from April. Empty: a month not yet in.", columns, rows)
    charts.lines(ws, top, first, last, 1, [5, *range(8, 8 + len(spec) - 6)], f"{t.fiscal_year}: balance after bonds to date",
                 "HK$ bn", book.chart_below(ws, last),
                 styles=[(charts.NAVY, None)] + [("A6A6A6", None)] * (len(spec) - 6))


def _estimate(ws, st, t):
    e, b = t.estimate, t.budget
    columns = [Column("Full year", "", None, 30), Column("Central", "HK$ bn", BN, 12), Column("Low", "HK$ bn", BN, 12),
               Column("High", "HK$ bn", BN, 12)]
    rows = [[words, e[k]["central"], e[k]["low"], e[k]["high"]] for k, words in ESTIMATE]
    rows += [["The Budget's estimate (balance after bonds)", b.get("estimate_hkd_bn"), None, None],
             ["The revised estimate (a year later)", b.get("revised_hkd_bn"), None, None],
             ["Fiscal reserves at the start of the year", t.opening_reserves["value_hkd_bn"], None, None]]
    book.table_sheet(ws, st, f"{t.fiscal_year}: the full year estimated from {t.months} month(s)",
                     f"Range: the past years' {t.notes[0].split('range: ')[-1]}", columns, rows)
