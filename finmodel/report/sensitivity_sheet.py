"""Sensitivity sheets added to the run's workbook (built by finmodel.report.workbook.build.build_workbook)."""

from finmodel.report.workbook.style import frame_sheet, set_text, styles


def add_sensitivity_sheets(wb, s):
    """Add 'Sensitivity' (cases, then land shocks under each rule) and 'Sensitivity grid' sheets."""
    st = styles()
    ws = wb.create_sheet("Sensitivity")
    formats = {c: "0.00" for c in s.cases.columns if c.endswith(("_pct", "_pp"))}
    formats.update({c: "#,##0.0" for c in s.cases.columns if c.endswith("_hkd_bn")})
    frame_sheet(ws, s.cases, "case", widths={1: 20, 2: 60}, formats=formats)
    row = ws.max_row + 2
    set_text(ws.cell(row=row, column=1), "Land premium shocks under each financing rule (risk, plan, gap) "
             "(plan: reserves absorb; gap: issuance does; risk: reserves down to their floor, then issuance; the ceiling cap applies in each)").font = st["bold"]
    lr = s.land_rules
    header = ["case"] + list(lr.columns)
    for j, h in enumerate(header, start=1):
        c = set_text(ws.cell(row=row + 1, column=j), h)
        c.font = st["head_font"]
        c.fill = st["head_fill"]
    for i, (case, r) in enumerate(lr.iterrows(), start=row + 2):
        set_text(ws.cell(row=i, column=1), case)
        for j, (col, v) in enumerate(r.items(), start=2):
            c = ws.cell(row=i, column=j)
            if isinstance(v, str):
                set_text(c, v)
            else:
                c.value = float(v)
                c.number_format = "#,##0.0"
    if s.buoyancy is not None:
        row = ws.max_row + 2
        set_text(ws.cell(row=row, column=1), "Buoyancy").font = st["bold"]
        set_text(ws.cell(row=row, column=2), s.buoyancy.sentence(s.assumptions.other_revenue_elasticity))
    ws = wb.create_sheet("Sensitivity grid")
    grid = s.grid.set_index("financing_rule")
    frame_sheet(ws, grid, "financing_rule",
                 formats={c: "0.00" for c in grid.columns if c.endswith(("_pct", "_pp"))})
    return wb
