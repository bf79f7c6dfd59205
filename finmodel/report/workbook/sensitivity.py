"""The workbook of `finmodel sensitivity`: its own analysis only, the baseline's sheets stay in the baseline workbook.

Cover, Contents, the cases (ranked chart of the change in peak debt-to-GDP), every case under the inputs' rule
and the borrow rule side by side (with the borrow rule's ranked chart), land shocks under each financing rule,
the growth x land grid as one table per rule, the debt-to-GDP paths of the main cases, and notes that name the
baseline workbook instead of repeating its sheets.
"""

from finmodel import fiscal_year
from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import BN, PCT2, signed

CASE_COLUMNS = [  # (column of s.cases, header, unit, format, width)
    ("description", "What changes", "", None, 44),
    ("peak_debt_to_gdp_pct", "Peak debt-to-GDP", "% of GDP", PCT2, 11),
    ("change_peak_debt_to_gdp_pp", "Change in peak debt-to-GDP", "pp", PCT2, 12),
    ("debt_to_gdp_end_pct", "Debt-to-GDP at the horizon", "% of GDP", PCT2, 12),
    ("first_year_above_band", "First year above the band", "", None, 11),
    ("first_year_ceiling_binds", "First year the ceiling binds", "", None, 11),
    ("interest_to_revenue_end_pct", "Interest / revenue at the horizon", "%", PCT2, 12),
    ("fiscal_reserves_end_hkd_bn", "Fiscal reserves at the horizon", "HK$ bn", BN, 12),
    ("change_fiscal_reserves_end_hkd_bn", "Change in reserves at the horizon", "HK$ bn", BN, 12),
    ("peak_debt_hkd_bn", "Peak debt (pool A)", "HK$ bn", BN, 11),
    ("min_headroom_hkd_bn", "Smallest headroom", "HK$ bn", BN, 11),
]
LAND_COLUMNS = [
    ("financing_rule", "Financing rule", "", None, 10),
    ("fiscal_reserves_end_hkd_bn", "Fiscal reserves at the horizon", "HK$ bn", BN, 12),
    ("change_fiscal_reserves_end_hkd_bn", "Change in reserves", "HK$ bn", BN, 11),
    ("debt_end_hkd_bn", "Debt at the horizon", "HK$ bn", BN, 11),
    ("change_debt_end_hkd_bn", "Change in debt", "HK$ bn", BN, 11),
    ("gross_issuance_total_hkd_bn", "Gross issuance, all years", "HK$ bn", BN, 12),
    ("change_gross_issuance_total_hkd_bn", "Change in issuance", "HK$ bn", BN, 11),
    ("first_year_ceiling_binds", "First year the ceiling binds", "", None, 11),
]
BY_RULE_COLUMNS = [  # (column of s.by_rule, header before ", <rule> rule", unit, format, width), for each rule
    ("change_peak_debt_hkd_bn", "Change in peak debt", "HK$ bn", BN, 11),
    ("change_peak_debt_to_gdp_pp", "Change in peak debt-to-GDP", "pp", PCT2, 12),
    ("change_fiscal_reserves_end_hkd_bn", "Change in reserves at the horizon", "HK$ bn", BN, 12),
    ("first_year_ceiling_binds", "First year the ceiling binds", "", None, 11),
]
RULE_WORDS = {"risk": "reserves absorb a shortfall down to their floor, then issuance does",
              "plan": "issuance follows the plan, so reserves absorb a shortfall",
              "gap": "issuance keeps reserves at their floor, so a shortfall is borrowed",
              "borrow": "a shortfall against the plan's reserves path is borrowed, up to the ceiling"}
PATH_CASES = ("baseline", "gdp_-2pp", "issuance_high", "yields_+200bp", "combined_adverse", "historical_worst")
NAMES = {"cases": "Cases", "by_rule": "By rule", "land": "Land shocks by rule", "paths": "Debt-to-GDP paths"}


def sensitivity_workbook(s, run: book.Run, baseline_workbook: str):
    """The sensitivity workbook of `s` (an analysis.Sensitivity)."""
    rules = list(dict.fromkeys(s.grid["financing_rule"]))
    sheets = [Sheet(NAMES["cases"], "Every case beside the baseline, with a chart of how far each moves peak debt-to-GDP",
                    lambda ws, st: _cases(ws, st, s)),
              Sheet(NAMES["by_rule"], "Every case under the inputs' rule and the borrow rule side by side, with a chart of "
                    "the change in peak debt-to-GDP when shortfalls are borrowed", lambda ws, st: _by_rule(ws, st, s)),
              Sheet(NAMES["land"], "Land premium shocks under each financing rule: who absorbs them, reserves or issuance",
                    lambda ws, st: _land(ws, st, s))]
    sheets += [Sheet(f"Grid, {rule} rule", f"Debt-to-GDP at the horizon for each growth shock and land change, {rule} rule",
                     lambda ws, st, rule=rule: _grid(ws, st, s, rule)) for rule in rules]
    sheets += [Sheet(NAMES["paths"], "Debt-to-GDP year by year for every case, charted for the main ones",
                     lambda ws, st: _paths(ws, st, s)),
               Sheet("Notes & sources", "How to read the cases; where the baseline's own sheets are",
                     lambda ws, st: book.write_notes(ws, st, _notes(s, baseline_workbook)))]
    a = s.assumptions
    base = s.cases.loc["baseline"]
    worst = s.cases.drop(index="baseline")["change_peak_debt_to_gdp_pp"].idxmax()
    key = [f"Baseline: peak debt-to-GDP {base['peak_debt_to_gdp_pct']:.2f}% of GDP; the stated band's top is {a.band_high_pct:g}%.",
           f"The case that raises peak debt-to-GDP most is {worst} ({s.cases.loc[worst, 'description']}): "
           f"{s.cases.loc[worst, 'peak_debt_to_gdp_pct']:.2f}% of GDP, {s.cases.loc[worst, 'change_peak_debt_to_gdp_pp']:+.2f} pp."]
    if s.buoyancy is not None:
        key.append(s.buoyancy.sentence(a.other_revenue_elasticity))
    facts = [("Baseline workbook", f"{baseline_workbook} (written by finmodel project with the same inputs and options)"),
             ("Financing rule; issuance plan; ceiling", f"{a.financing_rule}; {a.plan_name}; {a.ceiling_policy}"),
             ("Horizon", s.paths.index[-1])]
    front = book.front_sheets("Sensitivity of the debt projection: standard cases and a growth x land grid", None, facts, key,
                              run, sheets)
    return book.assemble(front + sheets, "finmodel sensitivity")


def _columns(spec):
    return [Column(head, unit, fmt, width) for _, head, unit, fmt, width in spec]


def _cases(ws, st, s):
    """One row per case, baseline first, then a bar chart of the change in peak debt-to-GDP, case by case."""
    columns = [Column("Case", "", None, 18)] + _columns(CASE_COLUMNS)
    rows = [[case] + [r[c] for c, *_ in CASE_COLUMNS] for case, r in s.cases.iterrows()]
    top, first, last = book.table_sheet(ws, st, "Sensitivity: the standard cases",
                                        f"Each case shocks the loaded inputs ({s.assumptions.financing_rule} rule) from {fiscal_year.label(s.assumptions.years[1])}; "
                                        "changes are from the baseline (first row).", columns, rows, name="SensitivityCases")
    chart = charts.horizontal_bars(ws, top, first + 1, last, 1, 4,
                                   f"Change in peak debt-to-GDP by case, {s.assumptions.financing_rule} rule", "pp of GDP",
                                   book.chart_below(ws, last, 16.0))
    chart.height = min(16.0, 0.6 * (last - first) + 3)


def _by_rule(ws, st, s):
    """Every case under each rule of s.by_rule side by side, baseline first, then the other cases ranked by the size of the
    last rule's (borrow's) change in peak debt-to-GDP, charted: where a shock lands when its shortfall is borrowed."""
    br = s.by_rule
    rules = list(dict.fromkeys(br["financing_rule"]))
    frames = {rule: br[br["financing_rule"] == rule] for rule in rules}
    last = frames[rules[-1]]
    others = last.drop(index="baseline")
    order = ["baseline", *others["change_peak_debt_to_gdp_pp"].abs().round(9).sort_values(ascending=False, kind="stable").index]
    columns = [Column("Case", "", None, 18), Column("What changes", "", None, 40)]
    columns += [Column(f"{head}, {rule} rule", unit, fmt, width) for rule in rules for _, head, unit, fmt, width in BY_RULE_COLUMNS]
    rows = [[case, last.loc[case, "description"]] + [frames[rule].loc[case, c] for rule in rules for c, *_ in BY_RULE_COLUMNS]
            for case in order]
    meaning = "; ".join(f"{rule}: {RULE_WORDS.get(rule, 'see docs/methodology.md')}" for rule in rules)
    top, first, last_row = book.table_sheet(ws, st, "Every case under " + " and ".join(f"the {r} rule" for r in rules),
                                            f"{meaning}. Changes are from each rule's own baseline (first row); ranked by the "
                                            f"{rules[-1]} rule's change in peak debt-to-GDP.", columns, rows, name="SensitivityByRule")
    col = 3 + len(BY_RULE_COLUMNS) * (len(rules) - 1) + 1   # the last rule's change in peak debt-to-GDP
    chart = charts.horizontal_bars(ws, top, first + 1, last_row, 1, col,
                                   f"Change in peak debt-to-GDP by case, {rules[-1]} rule ({RULE_WORDS.get(rules[-1], '')})",
                                   "pp of GDP", book.chart_below(ws, last_row, 16.0))
    chart.height = min(16.0, 0.6 * (last_row - first) + 3)


def _land(ws, st, s):
    """Land premium shocks under each rule, and a chart of the change in reserves and in issuance each causes."""
    lr = s.land_rules
    columns = [Column("Case", "", None, 22)] + _columns(LAND_COLUMNS)
    rows = [[f"{case}, {r['financing_rule']} rule"] + [r[c] for c, *_ in LAND_COLUMNS] for case, r in lr.iterrows()]
    top, first, last = book.table_sheet(ws, st, "Land premium shocks under each financing rule",
                                        "plan: reserves absorb the shock; gap: issuance does; risk: reserves down to their floor, "
                                        "then issuance (the ceiling cap applies in each).", columns, rows, name="LandRules")
    chart = charts.bars_and_line(ws, top, first, last, 1, [4, 8], [], "Who absorbs a land shock: reserves or issuance",
                                 "HK$ bn, change from the rule's baseline", book.chart_below(ws, last),
                                 colors=[charts.GREEN, charts.NAVY])
    chart.width, chart.height = 26.0, 12.0


def _grid(ws, st, s, rule):
    """Debt-to-GDP at the horizon: growth shocks down, land changes across; lines for the lowest, no and highest land change."""
    g = s.grid[s.grid["financing_rule"] == rule]
    pivot = g.pivot(index="gdp_growth_pp", columns="land_change_pct", values="debt_to_gdp_end_pct")
    columns = [Column("Growth shock", "pp a year", signed(1), 12)]
    columns += [Column(f"Land {v:+g}%", "% of GDP", PCT2, 9) for v in pivot.columns]
    rows = [[gdp] + list(r) for gdp, r in pivot.iterrows()]
    top, first, last = book.table_sheet(ws, st, f"Growth x land grid, {rule} rule: debt-to-GDP at the horizon",
                                        f"Rows: nominal GDP growth shock from {fiscal_year.label(s.assumptions.years[1])}; columns: land premium change. Every metric "
                                        "of every cell is in grid_gdp_land.csv.", columns, rows)
    picks = sorted({2, 2 + list(pivot.columns).index(min(pivot.columns, key=abs)), 1 + len(pivot.columns)})
    charts.lines(ws, top, first, last, 1, picks, f"Debt-to-GDP at the horizon against growth, {rule} rule",
                 "% of GDP", book.chart_below(ws, last), styles=[(charts.RED, None), (charts.NAVY, None), (charts.GREEN, None)])


def _paths(ws, st, s):
    """Debt-to-GDP by year for every case, and a chart of the main ones."""
    p = s.paths
    columns = [Column("Fiscal year", "", None, 10)] + [Column(case.replace("_", " "), "% of GDP", PCT2, 10) for case in p.columns]
    rows = [[y] + list(r) for y, r in p.iterrows()]
    top, first, last = book.table_sheet(ws, st, "Debt-to-GDP by case, year by year (pool A, % of GDP)",
                                        "Columns: the cases of the Cases sheet.", columns, rows)
    picks = [2 + list(p.columns).index(c) for c in PATH_CASES if c in p.columns]
    palette = [(charts.NAVY, None), (charts.GREEN, None), (charts.AMBER, None), (charts.GREY, None), (charts.RED, None),
               ("000000", "dash")]
    charts.lines(ws, top, first, last, 1, picks, "Debt-to-GDP: baseline and the main cases", "% of GDP",
                 book.chart_below(ws, last), styles=palette[:len(picks)])


def _notes(s, baseline_workbook) -> list:
    a = s.assumptions
    notes = [("Baseline", f"The baseline's own tables, charts and inputs are in {baseline_workbook}, written by finmodel project "
                          "with the same inputs and options; this workbook holds the sensitivity analysis only."),
             ("Cases", "Each case changes one input (or, in combined_adverse and historical_worst, several) from "
                       f"{fiscal_year.label(a.years[1])} and reruns the engine; {fiscal_year.label(a.years[0])} is the Budget's "
                       f"{'revised estimate' if a.n_anchor > 1 else 'estimate'} and is never shocked."),
             ("Rules", f"The cases run under the loaded financing rule ({a.financing_rule}); the Land shocks sheet reruns the "
                       "land cases under each rule so the difference between rules shows; the By rule sheet sets every case under "
                       "the loaded rule beside the borrow rule, so a shock that lands on reserves under one shows on debt "
                       "under the other."),
             ("Band", f"The stated debt-to-GDP band is {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP; ratios are shown to "
                      "0.01 pp because the band's top is met within a 0.05 pp rounding."),
             ("Files", "sensitivity.csv, sensitivity_by_rule.csv, land_financing_rules.csv, grid_gdp_land.csv and "
                       "sensitivity_paths.csv hold the same numbers at full precision; sensitivity_run.json records the run.")]
    if s.buoyancy is not None:
        notes.append(("Buoyancy", s.buoyancy.sentence(a.other_revenue_elasticity)))
    return notes
