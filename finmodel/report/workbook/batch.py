"""The workbook of `finmodel batch`: a row per case with its headline figures and verdicts, a sheet of paths per
output line the user names (a row per case, a column per year), the rows that did not run, and notes.

It reads the finished Batch (`finmodel.analysis.batch`) and computes nothing.
"""

from finmodel.model.variables import BY_NAME as VARIABLES
from finmodel.report.workbook import book
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import BN, PCT2

CASE_COLUMNS = [  # (column of b.summary, header, unit, format, width)
    ("description", "What the case is", "", None, 22),
    ("sets", "What it sets", "", None, 24),
    ("financing_rule", "Financing rule", "", None, 9),
    ("issuance_plan", "Issuance plan", "", None, 9),
    ("route", "Run", "", None, 8),
    ("peak_debt_to_gdp_pct", "Peak debt-to-GDP", "% of GDP", PCT2, 11),
    ("change_peak_debt_to_gdp_pp", "Change in peak debt-to-GDP", "pp", PCT2, 12),
    ("debt_to_gdp_end_pct", "Debt-to-GDP at the horizon", "% of GDP", PCT2, 12),
    ("first_year_above_band", "First year above the band", "", None, 11),
    ("first_year_ceiling_binds", "First year the ceiling binds", "", None, 11),
    ("peak_debt_hkd_bn", "Peak debt (pool A)", "HK$ bn", BN, 11),
    ("min_headroom_hkd_bn", "Smallest headroom", "HK$ bn", BN, 11),
    ("interest_to_revenue_end_pct", "Interest / revenue at the horizon", "%", PCT2, 12),
    ("fiscal_reserves_end_hkd_bn", "Fiscal reserves at the horizon", "HK$ bn", BN, 12),
    ("change_fiscal_reserves_end_hkd_bn", "Change in reserves at the horizon", "HK$ bn", BN, 12),
    ("ceiling_verdict", "Ceiling", "", None, 16),
    ("band_verdict", "Band", "", None, 26),
    ("reserves_verdict", "Reserves", "", None, 18),
]
BAD_COLUMNS = [("row", "Row", "", "0", 7), ("column", "Column", "", None, 26), ("where", "Where", "", None, 30),
               ("value", "Value", "", None, 12), ("problem", "Problem: what is allowed", "", None, 60)]
NAMES = {"cases": "Cases", "bad": "Bad rows"}


def path_sheet_name(name: str, taken: set) -> str:
    """A sheet name for the paths of an output variable: `Paths <name>`, cut to Excel's 31 characters, unique."""
    base = f"Paths {name}"[:31]
    out, n = base, 2
    while out in taken:
        out = f"{base[:28]}~{n}"
        n += 1
    taken.add(out)
    return out


def batch_workbook(b, run: book.Run, baseline_workbook: str):
    """The batch workbook of `b` (an analysis.batch.Batch)."""
    taken = set(NAMES.values())
    sheets = [Sheet(NAMES["cases"], "Every case beside the baseline: headline figures, changes and the verdicts in words",
                    lambda ws, st: _cases(ws, st, b))]
    sheets += [Sheet(path_sheet_name(name, taken), f"{_label(name)} year by year, one row per case",
                     lambda ws, st, name=name: _paths(ws, st, b, name)) for name in b.paths]
    sheets += [Sheet(NAMES["bad"], "Rows of the case file that did not run, each by row and column, and why",
                     lambda ws, st: _bad(ws, st, b)),
               Sheet("Notes & sources", "How the cases are run; where the baseline's own sheets are",
                     lambda ws, st: book.write_notes(ws, st, _notes(b, baseline_workbook)))]
    a = b.assumptions
    s = b.summary
    base = s.iloc[0]
    cases = s.iloc[1:]
    key = [f"{len(cases):,} cases ran ({int((cases['route'] == 'batch').sum()):,} in shared engine batches); "
           f"{len(set(b.bad_rows['row'])):,} rows did not run (the Bad rows sheet).",
           f"Baseline: peak debt-to-GDP {base['peak_debt_to_gdp_pct']:.2f}% of GDP; {base['band_verdict']}; "
           f"{base['ceiling_verdict']}.",
           f"Cases above the band's top beyond its rounding: {int((cases['first_year_above_band'] != '').sum()):,}; "
           f"with the ceiling binding: {int((cases['first_year_ceiling_binds'] != '').sum()):,}."]
    facts = [("Case file", f"{b.case_file['path']} (SHA-256 {b.case_file['sha256'][:12]}...)"),
             ("Baseline workbook", f"{baseline_workbook} (written by finmodel project with the same inputs and options)"),
             ("Financing rule; issuance plan; ceiling", f"{a.financing_rule}; {a.plan_name}; {a.ceiling_policy} (unless a case says)"),
             ("Horizon", b.record()["horizon"])]
    front = book.front_sheets("A batch of cases on the Budget plan's held paths", None, facts, key, run, sheets)
    return book.assemble(front + sheets, "finmodel batch")


def _label(name: str) -> str:
    v = VARIABLES.get(name)
    return book.words(v.label) if v is not None else name


def _cases(ws, st, b):
    columns = [Column("Case", "", None, 18)] + [Column(h, u, f, w) for _, h, u, f, w in CASE_COLUMNS]
    rows = [[case] + [r[c] for c, *_ in CASE_COLUMNS] for case, r in b.summary.iterrows()]
    book.table_sheet(ws, st, "The cases of the batch", "Each case is its row of the case file run as a scenario on the Budget "
                     "plan's held paths; changes are from the baseline (first row). Every figure is in batch_summary.csv at full "
                     "precision.", columns, rows, name="BatchCases")


def _paths(ws, st, b, name):
    p = b.paths[name]
    v = VARIABLES.get(name)
    unit, fmt = (v.unit, v.fmt) if v is not None else ("", BN)
    columns = [Column("Case", "", None, 18)] + [Column(str(y), unit, fmt, 10) for y in p.index]
    rows = [[case] + list(p[case]) for case in p.columns]
    book.table_sheet(ws, st, f"{_label(name)} by case, year by year", f"{name} ({unit}); one row per case, the baseline first.",
                     columns, rows)


def _bad(ws, st, b):
    columns = [Column(h, u, f, w) for _, h, u, f, w in BAD_COLUMNS]
    rows = [[r[c] if c != "value" or r[c] is None else str(r[c]) for c, *_ in BAD_COLUMNS] for r in b.bad_rows.to_dict("records")]
    subtitle = ("Every row of the case file that did not run, by row and column; the other rows ran." if rows else
                "Every row of the case file ran.")
    book.table_sheet(ws, st, "Rows that did not run", subtitle, columns, rows)


def _notes(b, baseline_workbook) -> list:
    a = b.assumptions
    return [("Baseline", f"The baseline's own tables, charts and inputs are in {baseline_workbook}, written by finmodel project "
                         "with the same inputs and options; this workbook holds the batch only."),
            ("Cases", "Each row of the case file is a scenario: the lines it sets are merged into the inputs as a scenario file's "
                      "would be, checked the same way, calibrated to the Budget's estimate years and run on the Budget plan's "
                      "fitted paths, held (no case refits). A line without a year sets every year after the Budget's estimates."),
            ("Run", "batch: the case is one path of an engine batch shared by the cases of its financing rule and issuance "
                    "plan (it differs from the inputs only in growth, land premium, capital works or the reserves' rate after "
                    "the Budget's estimates); own run: it changes another line, or an estimate year, and runs alone. Both give "
                    "the figures of finmodel project with the same scenario."),
            ("Band", f"The stated debt-to-GDP band is {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP; the verdicts are "
                     "finmodel project's, in its words."),
            ("Files", "batch_summary.csv and batch_bad_rows.csv hold the same tables at full precision; batch_run.json "
                      "records the run; charts/batch_cases.png draws every case.")]
