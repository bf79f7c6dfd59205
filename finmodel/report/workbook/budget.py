"""The "Against the Budget" sheet: every published figure of the Budget beside the model.

Two views side by side: the Budget baseline (the run's own assumptions, with the unidentified
measures the plan needs) and the current-policy view (the same without them). Then the fitted
paths, the fit's parameters, the rating agency's independent view and a chart of reserves and
debt-to-GDP for both views against the published end-points.
"""

from finmodel import fiscal_year
from finmodel.inputs.workbook import SAME_SOURCE
from finmodel.report.workbook import budget_checks, charts
from finmodel.report.workbook.style import (
    BN,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    signed,
    text_across,
    write_number,
)

SHEET = "Against the Budget"
VIEW_STYLES = [(charts.NAVY, None), (charts.RED, "dash"), (charts.GREY, "sysDot")]  # Budget baseline, current policy, published
CHART_COLUMN = "H"   # the first column right of the year tables a chart sits beside
COLUMNS = ("Published figure", "Published", "Allowed from", "Allowed to", "Budget baseline", "Difference", "Met",
           "Current policy", "Difference", "Met", "How the model meets it", "Source", "Kind of source")


def write_against_budget(ws, results, st):
    """The comparison table, the fitted paths, the outside view and the chart, in that order."""
    sheet_title(ws, st, SHEET, _subtitle(results))
    last = _comparison(ws, results, st, top=4)
    paths = last + 2
    last = _fitted_paths(ws, results, st, top=paths)
    last = budget_checks.gap_range_table(ws, results, st, top=last + 2)
    last = budget_checks.leave_one_out_table(ws, results, st, top=last + 2)
    last = _outside_view(ws, results, st, top=last + 2)
    _chart(ws, results, st, top=last + 2, beside_paths=paths)
    set_widths(ws, {"A": 46, "B": 16, "C": 11, "D": 11, "E": 13, "F": 11, "G": 7, "H": 13, "I": 11, "J": 7, "K": 14, "L": 60, "M": 22})
    print_setup(ws, "4:4")


def _subtitle(results) -> str:
    b = results.budget_summary()
    return (f"Budget baseline: meets {b['met']} of {b['total']} published figures. Current policy (without the gap the Budget does not itemise): "
            f"meets {b['passive_met']}. Figures in HK$ bn unless stated.")


def _comparison(ws, results, st, top) -> int:
    """One row per published figure: its interval, each view's value, the difference and met or not."""
    rows = results.against_budget()
    header(ws, top, COLUMNS, st)
    first_cited = {}   # a source given in full once, on the first row citing it; later rows point to that row
    for i, r in enumerate(rows, start=top + 1):
        set_text(ws.cell(i, 1), r["figure"])
        set_text(ws.cell(i, 2), r["published"])
        write_number(ws.cell(i, 3), _finite(r["low"]), "0.0")
        write_number(ws.cell(i, 4), _finite(r["high"]), "0.0")
        for col, view in ((5, "budget"), (8, "passive")):
            write_number(ws.cell(i, col), r[f"{view}_model"], "#,##0.00")
            write_number(ws.cell(i, col + 1), r[f"{view}_difference"], signed(2))
            c = set_text(ws.cell(i, col + 2), "yes" if r[f"{view}_met"] else "NO")
            if not r[f"{view}_met"]:
                c.fill = st["red_fill"]
        set_text(ws.cell(i, 11), r["role"])
        set_text(ws.cell(i, 12), _source_once(r["source"], r["figure"], first_cited))
        set_text(ws.cell(i, 13), r["source_kind"])
        for col in range(1, len(COLUMNS) + 1):
            ws.cell(i, col).alignment = st["wrap"]                      # wrapped text, every cell at the top
    last = top + len(rows)
    note = ("Difference: for a figure the model reproduces (calibrated), model minus published; for a range, how far outside "
            "it the model lands (0 = inside). 'calibrated' = reproduced by calibration; 'fitted (a constraint)' = met because "
            "the Budget-plan fit was made to meet it (not a test: see the checks the fit did not see below); 'check' = follows "
            "from the model. Current policy = the same run without the gap the Budget does not itemise.")
    text_across(ws, st, last + 1, 1, 13, note)
    ws.row_dimensions[last + 1].height = 30
    return last + 1


def _fitted_paths(ws, results, st, top) -> int:
    """The three fitted paths by year, and the fit's parameters and status."""
    p = results.projection
    fit = results.assumptions.fit
    set_text(ws.cell(top, 1), "What the Budget does not publish: the fitted paths (HK$ bn)").font = st["bold"]
    years = [y for y in results.labels if fiscal_year.parse(y) <= results.assumptions.mrf_last_year]
    header(ws, top + 1, ["Line"] + years, st)
    lines = (("Gross issuance", "gross_issuance_hkd_bn"), ("Non-works capital spending", "other_capital_hkd_bn"),
             ("Gap the Budget does not itemise (savings or revenue)", "unidentified_measures_hkd_bn"),
             ("Gap the Budget does not itemise, % of GDP", "unidentified_measures_pct_gdp"))
    for i, (words, column) in enumerate(lines, start=top + 2):
        set_text(ws.cell(i, 1), words)
        for j, y in enumerate(years, start=2):
            write_number(ws.cell(i, j), float(p.loc[y, column]), "0.00" if column.endswith("_pct_gdp") else BN)
    row = top + 2 + len(lines)
    status = "converged" if fit.get("converged") else f"did not converge: {fit.get('message', '')}"
    text_across(ws, st, row, 1, 1 + len(years), f"Fit ({fit.get('method', '')}): {status}; {fit.get('evaluations', 0)} "
                                                f"engine runs; years {', '.join(fit.get('years', []))}.")  # beside: a chart
    for i, (name, value) in enumerate(sorted(fit.get("parameters", {}).items()), start=row + 1):
        set_text(ws.cell(i, 1), name)
        write_number(ws.cell(i, 2), value, "0.000")
    return row + len(fit.get("parameters", {}))


def _outside_view(ws, results, st, top) -> int:
    """The rating agency's independent view beside both views (a comparison point, never a target)."""
    rows = results.outside_view()
    set_text(ws.cell(top, 1), "An outside view for comparison (a rating agency, reported second-hand; not a target)").font = st["bold"]
    # The source reads across the columns the comparison above gives its sources and notes (E to L), not down one
    # narrow column (it took 16 lines a row); its kind sits under the comparison's "Kind of source" (M).
    header(ws, top + 1, ["Figure", "Outside view", "Budget baseline", "Current policy", "Source"], st)
    header(ws, top + 1, ["Kind of source"], st, col=13)
    ws.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=12)
    for i, r in enumerate(rows, start=top + 2):
        set_text(ws.cell(i, 1), r["figure"])
        write_number(ws.cell(i, 2), r["outside"], "0.0")
        write_number(ws.cell(i, 3), r["budget"], "0.0")
        write_number(ws.cell(i, 4), r["passive"], "0.0")
        text_across(ws, st, i, 5, 12, r["source"])
        set_text(ws.cell(i, 13), r["source_kind"]).alignment = st["wrap"]
        ws.cell(i, 1).alignment = st["wrap"]
    last = top + 1 + len(rows)
    note = ("The agency's own assumptions are not published (two figures, reported second-hand), so a difference can be "
            "explained only by the model's side: 'Current policy' is this run without the gap the Budget does not itemise. "
            "Run --scenario no_policy_change for the view by stated convention (its file gives each line's rule): its "
            "reserves then sit beside the agency's, and its issuance follows the programme's midpoint, not the fit's path.")
    text_across(ws, st, last + 1, 1, 13, note)
    ws.row_dimensions[last + 1].height = 45
    return last + 1


def _chart(ws, results, st, top, beside_paths):
    """Reserves and debt-to-GDP for both views against the published end-points (a small table feeds the charts).

    Each chart sits beside a table of years instead of under it (the sheet's charts took a page of their own): the
    reserves beside this table, debt-to-GDP beside the fitted paths (row `beside_paths`: the issuance that drives it).
    Both tables end at column G (fiscal year and six series; line and six years), leaving H to M for a chart."""
    data = results.budget_views()
    header(ws, top, ["Fiscal year", "Reserves, Budget baseline", "Reserves, current policy", "Reserves, published",
                     "Debt/GDP %, Budget baseline", "Debt/GDP %, current policy", "Debt/GDP %, published"], st)
    for i, row in enumerate(data, start=top + 1):
        set_text(ws.cell(i, 1), row["fiscal_year"])
        for j, key in enumerate(("reserves_budget", "reserves_passive", "reserves_published",
                                 "ratio_budget", "ratio_passive", "ratio_published"), start=2):
            write_number(ws.cell(i, j), row[key], "0.0")
    last = top + len(data)
    charts.lines(ws, top, top + 1, last, 1, [2, 3, 4], "Fiscal reserves: Budget baseline and current policy",
                 "HK$ bn", f"{CHART_COLUMN}{top}", styles=VIEW_STYLES)
    charts.lines(ws, top, top + 1, last, 1, [5, 6, 7], "Debt-to-GDP: Budget baseline and current policy",
                 "% of GDP", f"{CHART_COLUMN}{beside_paths}", styles=VIEW_STYLES)


def _source_once(source: str, figure: str, first_cited: dict) -> str:
    """`source` in full on the first row citing it; on a later row, a pointer to that row's figure (a 500-character
    source repeated took nine lines a row). `first_cited`: {source: figure of its first row}, updated here."""
    if source and source in first_cited:
        return f"{SAME_SOURCE} {first_cited[source]}, above."
    first_cited.setdefault(source, figure)
    return source


def _finite(x):
    return x if x == x and abs(x) != float("inf") else None
