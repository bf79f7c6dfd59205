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
    ("opening_reserves.note", "the row's note: which release's March figure it is, and the revised estimate it replaced", TEXT,
     "inputs/history"),
    ("notes", "how the estimate is made", "list of text", _T),
    *run_record("run.", ("run.options.inputs", "inputs folder (its history/ is read)", TEXT, "--inputs"),
                ("run.options.inputs_from", "which inputs: --inputs, working folder or installed copy", TEXT, "--inputs"),
                ("run.options.year", "the year tracked", YEAR, "--year"), ("run.options.months", "months used (null: all)", "count", "--months"),
                ("run.options.record_years", "latest past years used (null: all)", "count", "--record-years"),
                ("run.options.charts", "whether the chart was written", FLAG, "--no-charts"),
                ("run.seed", "always null (deterministic)", "null", "the command")),
]

_D = "finmodel.analysis.run_diff"
DIFF_INPUTS = [
    ("file", "an input file of either run, as its run record names it", TEXT, "the run records' input_sha256"),
    ("status", "same, changed, only in run A or only in run B", TEXT, _D),
    ("sha256_a", "its SHA-256 in run A's record (empty: not read)", TEXT, "run A's record"),
    ("sha256_b", "its SHA-256 in run B's record (empty: not read)", TEXT, "run B's record"),
    ("lines_removed", "lines of run A's version not in run B's (empty: not changed, or a version not on disk)", "count", _D),
    ("lines_added", "lines of run B's version not in run A's (empty: not changed, or a version not on disk)", "count", _D),
    ("lines_shown", "whether both versions were found on disk (by their SHA-256) and the lines listed", FLAG, _D),
    ("note", "why the lines are not shown, or how many are", TEXT, _D),
]
DIFF_LINES = [
    ("file", "a changed input file", TEXT, _D), ("change", "removed (in run A's version only) or added (in run B's only)", TEXT, _D),
    ("line_a", "its line number in run A's version (empty: added)", "line", _D),
    ("line_b", "its line number in run B's version (empty: removed)", "line", _D), ("text", "the line", TEXT, "the input file"),
]
DIFF_FIGURES = [
    ("figure", "a number of the run record, by its key path", TEXT, "the run records"),
    ("run_a", "its value in run A (empty: not there)", "the figure's unit", "run A's record"),
    ("run_b", "its value in run B (empty: not there)", "the figure's unit", "run B's record"),
    ("change", "run B − run A", "the figure's unit", _D),
]
DIFF_PATHS = [
    ("file", "a CSV file both runs wrote", TEXT, "the run folders"), ("column", "its column", TEXT, "the CSV file"),
    ("row", "the row's first cell (a fiscal year, a case, a country)", TEXT, "the CSV file"),
    ("run_a", "the cell in run A", "the column's unit", "run A's file"), ("run_b", "the cell in run B", "the column's unit", "run B's file"),
    ("change", "run B − run A", "the column's unit", _D),
]
_RUN = "the run folder given"
DIFF_JSON = [
    *[c for r, w in (("run_a", "RUN_A"), ("run_b", "RUN_B")) for c in (
        (r, f"the run folder {w}", "", _RUN), (f"{r}.folder", "its path as given", TEXT, w),
        (f"{r}.run", "its run's name (options.run of its record)", TEXT, "its record"),
        (f"{r}.record", "the run record read", TEXT, _RUN), (f"{r}.model_version", "the finmodel version that wrote it", TEXT, "its record"))],
    ("same_configuration", "whether the two runs have the same name (the same command and options)", FLAG, _D),
    ("options_differing", "the options (and model version) that differ: a list of {option, run_a, run_b}", "list", _D),
    ("counts", "how much differs", "", _D),
    ("counts.inputs", "input files of either run", "count", _D), ("counts.inputs_changed", "of them, not the same", "count", _D),
    ("counts.figures_moved", "numbers of the run record that moved", "count", "diff_figures.csv"),
    ("counts.cells_moved", "cells of the CSV files that moved", "count", "diff_paths.csv"),
    ("counts.files_only_in_one", "CSV files one run wrote and the other did not", "count", _D),
    *run_record("run.", ("run.options.run_a", "RUN_A", TEXT, "the command line"), ("run.options.run_b", "RUN_B", TEXT, "the command line"),
                ("run.seed", "always null (deterministic)", "null", "the command")),
]
