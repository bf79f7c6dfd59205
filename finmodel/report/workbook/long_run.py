"""The workbook's Long run sheet (a run past the MRF): long_run.csv's table with two charts, then the ceiling's
binding year under both options, the sustainability gaps with their parts and the Working Group check.

Reads a finished `finmodel.analysis.long_run.LongRunView`; computes nothing.
"""

from finmodel.report.workbook import charts
from finmodel.report.workbook.style import (
    BN,
    PCT,
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

SHEET = "Long run"
WHAT = ("Past the MRF: population by age, age-related spending by function (% of GDP), what ageing adds, the balance sheet, "
        "the ceiling under both options and the sustainability gaps S1, S2")
COLUMNS = (("population_children_mn", "Under 15, m", "0.00"), ("population_working_age_mn", "15-64, m", "0.00"),
           ("population_aged_65_plus_mn", "65+, m", "0.00"), ("health_pct_gdp", "Health, % GDP", "0.00"),
           ("elderly_allowances_pct_gdp", "OALA, % GDP", "0.00"), ("elderly_services_pct_gdp", "Elderly services, % GDP", "0.00"),
           ("education_pct_gdp", "Education, % GDP", "0.00"), ("age_related_pct_gdp", "Age-related, % GDP", "0.00"),
           ("ageing_added_pct_gdp", "Ageing added, % GDP", "0.00"), ("salaries_tax_change_pct_gdp", "Salaries tax change, % GDP", "0.00"),
           ("fiscal_reserves_hkd_bn", "Fiscal reserves", BN), ("debt_hkd_bn", "Debt (pool A)", BN), ("net_debt_hkd_bn", "Net debt", BN),
           ("net_debt_pct_gdp", "Net debt, % GDP", PCT), ("debt_pool_b_hkd_bn", "Pool B (Bond Fund)", BN),
           ("guarantees_outstanding_hkd_bn", "Guarantees", BN), ("guarantees_at_risk_high_hkd_bn", "Guarantees at risk (12%)", BN),
           ("pension_liability_memo_hkd_bn", "Pension liability (memo)", BN), ("ceiling_hkd_bn", "Ceiling", BN))


def write_long_run_sheet(ws, view, st):
    """The table by year (HK$ bn unless stated), two line charts, then the headline figures of the long run."""
    d = view.to_dict()
    sheet_title(ws, st, SHEET, f"Past the MRF; ceiling option of this run: {d['ceiling_option']}. HK$ bn unless stated.")
    top, t = 4, view.table
    header(ws, top, ["Fiscal year"] + [h for _, h, _ in COLUMNS], st)
    for i, (year, row) in enumerate(t.iterrows()):
        set_text(ws.cell(top + 1 + i, 1), year + ("*" if row["beyond_mrf"] else ""))
        for j, (key, _, fmt) in enumerate(COLUMNS, start=2):
            write_number(ws.cell(top + 1 + i, j), float(row[key]), fmt)
    first, last = top + 1, top + len(t)
    add_table(ws, "LongRunTable", f"A{top}:{column_letter(len(COLUMNS) + 1)}{last}")
    ws.freeze_panes = f"B{top + 1}"
    set_widths(ws, {"A": 10, **{column_letter(j): 12 for j in range(2, len(COLUMNS) + 2)}})
    anchor = chart_row(ws, last)
    charts.lines(ws, top, first, last, 1, [5, 6, 7, 8], "Age-related spending by function", "% of GDP", f"A{anchor}",
                 styles=[(charts.NAVY, None), (charts.GREEN, None), (charts.AMBER, None), (charts.LIGHT, None)])
    charts.lines(ws, top, first, last, 1, [12, 14], "Fiscal reserves and net debt", "HK$ bn", f"H{anchor}",
                 styles=[(charts.GREEN, None), (charts.NAVY, None)])
    _headlines(ws, anchor + 18, d, st)
    print_setup(ws, f"{top}:{top}")


def _headlines(ws, row, d, st):
    """The ceiling under both options, the gaps with their parts, the guarantee stress and the Working Group check."""
    binds = d["first_year_ceiling_binds"]
    set_text(ws.cell(row, 1), f"The ceiling binds: fixed in HK$ (today's law) {binds['fixed'] or 'never'}; "
                              f"indexed to nominal GDP {binds['gdp'] or 'never'}. * = beyond the MRF.")
    header(ws, row + 2, ["Gap", "pp of GDP", "Initial position", "Debt requirement", "Ageing", "Note"], st)
    for i, (key, g) in enumerate(d["sustainability_gaps"].items(), start=row + 3):
        set_text(ws.cell(i, 1), key)
        for j, k in enumerate(("value_pp", "initial_position_pp", "debt_requirement_pp", "ageing_pp"), start=2):
            write_number(ws.cell(i, j), g[k], "0.00")
        set_text(ws.cell(i, 6), g["note"])
    inp = d["sustainability_inputs"]
    set_text(ws.cell(row + 6, 1), f"From {inp['adjustment_from']}; net debt {inp['net_debt_base_pct_gdp']:.2f}% of GDP in "
                                  f"{inp['base_year']}; S1 target {inp['s1_target_net_debt_pct_gdp']:.2f}% by {inp['s1_target_year']}; "
                                  f"r {inp['interest_rate_pct']:.1f}%, g {inp['nominal_growth_pct']:.1f}% (long_run.yaml).")
    header(ws, row + 8, ["Working Group (its target year)", "Model", "Published", "Error %"], st)
    for i, (key, c) in enumerate(d["working_group_check"].items(), start=row + 9):
        set_text(ws.cell(i, 1), key)
        for j, k in enumerate(("model_hkd_bn", "published_hkd_bn", "error_pct"), start=2):
            write_number(ws.cell(i, j), c[k], "0.0")
