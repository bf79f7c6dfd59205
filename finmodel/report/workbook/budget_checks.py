"""Two tables of the "Against the Budget" sheet: the plan's gap as a range, and the checks the fit did not see.

Both read what `finmodel fit` stored with the fitted plan (`finmodel.model.plan_checks`), as the
run holds it (`results.assumptions.fit`); nothing is computed here.
"""

from finmodel.report.workbook.style import BN, header, set_text, signed, text_across, write_number


def gap_range_table(ws, results, st, top) -> int:
    """One row per reading of the published statements: the gap by year, its total and share of GDP, where it leaves reserves."""
    g = results.assumptions.fit.get("gap_range") or {}
    readings = g.get("readings") or []
    set_text(ws.cell(top, 1), "The gap the Budget does not itemise, under each reading of the published statements "
                              "(HK$ bn; solved by finmodel fit)").font = st["bold"]
    if not readings:
        set_text(ws.cell(top + 1, 1), "No readings in these inputs (budget_plan.yaml gap_readings): the gap has one value, above.")
        return top + 1
    years = list(readings[0]["gap_hkd_bn"])
    header(ws, top + 1, ["Reading"] + years + ["Total", "% of GDP a year", "Reserves at the end", "Smallest yearly rise",
                                               "Largest Non-Operating deficit", "Solved", "The reading in words"], st)
    for i, r in enumerate(readings, start=top + 2):
        set_text(ws.cell(i, 1), r["name"] + (" (central)" if r["central"] else ""))
        values = [r["gap_hkd_bn"][y] for y in years] + [r["total_hkd_bn"]]
        for j, v in enumerate(values, start=2):
            write_number(ws.cell(i, j), v, BN)
        col = len(values) + 2
        write_number(ws.cell(i, col), r["average_pct_gdp"], "0.00")
        for j, key in enumerate(("fiscal_reserves_end_hkd_bn", "reserves_rise_min_hkd_bn", "non_operating_deficit_max_hkd_bn"), start=col + 1):
            write_number(ws.cell(i, j), r[key], BN)
        set_text(ws.cell(i, col + 4), "yes" if r["converged"] else "NO: the reading's statements cannot all be met")
        set_text(ws.cell(i, col + 5), r["words"])
    last = top + 1 + len(readings)
    text_across(ws, st, last + 1, 1, 13, f"Central reading '{g.get('central', '')}': {g.get('argument', '')}")
    ws.row_dimensions[last + 1].height = 60
    return last + 1


def leave_one_out_table(ws, results, st, top) -> int:
    """One row per statement the fit is made to meet: the plan refitted without it, and where the model then lands."""
    checks = results.assumptions.fit.get("leave_one_out") or []
    set_text(ws.cell(top, 1), "Checks the fit did not see: each fitted statement left out in turn, the plan refitted "
                              "without it (solved by finmodel fit)").font = st["bold"]
    header(ws, top + 1, ["Statement left out", "Published", "Allowed from", "Allowed to", "Model without it", "Miss", "Met",
                         "Gap needed (HK$ bn)", "Others met"], st)
    for i, c in enumerate(checks, start=top + 2):
        set_text(ws.cell(i, 1), c["figure"]).alignment = st["wrap"]
        set_text(ws.cell(i, 2), c["published"])
        write_number(ws.cell(i, 3), c["low"], "0.0")
        write_number(ws.cell(i, 4), c["high"], "0.0")
        write_number(ws.cell(i, 5), c["model"], "#,##0.00")
        write_number(ws.cell(i, 6), c["miss"], signed(2))
        cell = set_text(ws.cell(i, 7), "yes" if c["met"] else "NO")
        if not c["met"]:
            cell.fill = st["red_fill"]
        write_number(ws.cell(i, 8), c["total_hkd_bn"], BN)
        set_text(ws.cell(i, 9), "yes" if c["converged"] else "no")
    return top + 1 + len(checks)
