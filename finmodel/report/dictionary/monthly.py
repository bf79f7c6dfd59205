"""The declarations of `finmodel monthly track` (tracker.csv, tracker.json) and `finmodel diff` (diff_*.csv, diff.json).

Each field: (name, meaning, unit, source), as in `.project`.
"""

from finmodel.report.dictionary.project import BN, FLAG, PCT, TEXT, YEAR, run_record

_T = "finmodel.analysis.tracker (docs/monthly.md)"
_M = "inputs/history/hk_monthly_results.csv"
_RANGE = (("central", "the median over the past years' estimates"), ("low", "their 10th percentile"), ("high", "their 90th percentile"))

TRACKER = [
    ("month_of_year", "month of the fiscal year (1: April ... 12: March)", "count", _T),
    ("month_end", "the month's last day (empty: not yet in the record)", "date", _M),
    ("revenue_ytd_hkd_bn", "revenue from April to the month (empty: a month not used)", BN, _M),
    ("expenditure_ytd_hkd_bn", "expenditure from April to the month (empty: a month not used)", BN, _M),
    ("balance_before_bonds_ytd_hkd_bn", "consolidated balance before bonds from April to the month (empty: not used)", BN, _M),
    ("balance_ytd_hkd_bn", "consolidated balance after bonds (the change in the fiscal reserves) from April (empty: not used)", BN, _M),
    ("used", "whether the month is among those the estimate uses (--months)", FLAG, "--months"),
    ("revenue_share_median_pct", "share of a year's revenue received from April to this month, median of the past years", PCT, _T),
    ("expenditure_share_median_pct", "share of a year's spending from April to this month, median of the past years", PCT, _T),
    ("balance_ytd_<fiscal_year>_hkd_bn", "balance after bonds from April to the month in a recent past year (the last five)", BN, _M),
]
_ITEMS = (("revenue_hkd_bn", "revenue", BN), ("expenditure_hkd_bn", "expenditure", BN),
          ("balance_before_bonds_hkd_bn", "consolidated balance before bonds", BN),
          ("balance_hkd_bn", "consolidated balance after bonds (bonds to date only)", BN),
          ("reserves_end_hkd_bn", "fiscal reserves at the year's end: opening reserves + balance after bonds", BN))
TRACKER_JSON = [
    ("fiscal_year", "the year tracked", YEAR, "--year"), ("months", "months of it used", "count", "--months"),
    ("last_month", "the last month used (its last day)", "date", _M),
    ("record_years", "the complete past years the season is learnt from", "list of fiscal years", _M),
    ("estimate", "the full year estimated from the months used", "", _T),
    *[c for k, w, u in _ITEMS for c in ((f"estimate.{k}", f"full-year {w}", "", _T),
                                          *[(f"estimate.{k}.{p}", f"{w}: {m}", u, _T) for p, m in _RANGE])],
    ("estimate.year_to_date", "the months used, summed", "", _M),
    *[(f"estimate.year_to_date.{k}", f"{w} to date", BN, _M) for k, w in (
        ("revenue_hkd_bn", "revenue"), ("expenditure_hkd_bn", "expenditure"), ("balance_before_bonds_hkd_bn", "balance before bonds"),
        ("net_bond_proceeds_hkd_bn", "net bond proceeds"), ("balance_after_bonds_hkd_bn", "balance after bonds"))],
    ("estimate.against_budget_hkd_bn", "central balance after bonds − the Budget's estimate (null: no estimate)", BN, _T),
    ("budget", "the Budget's figures for the year's consolidated balance", "", "inputs/history/hk_budget_estimates.csv"),
    ("budget.estimate_hkd_bn", "the Budget's estimate (null: none recorded)", BN, "inputs/history/hk_budget_estimates.csv"),
    ("budget.revised_hkd_bn", "the revised estimate a year later (null: none recorded)", BN, "inputs/history/hk_budget_estimates.csv"),
    ("budget.source", "S.. sources of those rows", TEXT, "inputs/history/hk_budget_estimates.csv"),
    ("opening_reserves", "fiscal reserves at the start of the year (31 March before it)", "", "inputs/history"),
    ("opening_reserves.date", "31 March before the year", "date", "inputs/history"),
    ("opening_reserves.value_hkd_bn", "the figure", BN, "inputs/history/hk_fiscal_reserves_outturn.csv, else the first month's"),
    ("opening_reserves.kind", "actual (an outturn) or revised (a revised estimate, until the March figures are imported)", TEXT,
     "inputs/history/hk_fiscal_reserves_outturn.csv"),
    ("opening_reserves.source", "S.. source", TEXT, "inputs/history"),
    ("opening_reserves.from", "the table it was read from", TEXT, "inputs/history"),
    ("notes", "how the estimate is made", "list of text", _T),
    *run_record("run.", ("run.options.inputs", "inputs folder (its history/ is read)", TEXT, "--inputs"),
                ("run.options.inputs_from", "which inputs: --inputs, working folder or installed copy", TEXT, "--inputs"),
                ("run.options.year", "the year tracked", YEAR, "--year"), ("run.options.months", "months used (null: all)", "count", "--months"),
                ("run.options.record_years", "latest past years used (null: all)", "count", "--record-years"),
                ("run.options.charts", "whether the chart was written", FLAG, "--no-charts"),
                ("run.seed", "always null (deterministic)", "null", "the command")),
]
