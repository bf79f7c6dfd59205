"""The declarations of `finmodel batch`'s files: batch_summary.csv, batch_bad_rows.csv, batch_run.json and the
workbook's sheets. Each field: (name, meaning, unit, source), as in `.project`."""

from finmodel.report.dictionary.commands import CHANGE_FIELDS, METRIC_FIELDS
from finmodel.report.dictionary.project import BN, FLAG, INPUT_OPTIONS, PP, SCENARIO_MEANING, TEXT, YEAR, run_record

CASES = "the case file (finmodel.inputs.cases)"
RUNNER = "finmodel.analysis.batch"
VERDICT = "finmodel.model.verdicts, in finmodel project's words"
ENGINE = "the engine on the case's inputs (finmodel.analysis.batch; README, Batch runs)"

SUMMARY = [
    ("case", "the case's name (column `case`); baseline: the run's inputs with no case, first", TEXT, CASES),
    ("description", "the case's description (column `description`)", TEXT, CASES),
    ("financing_rule", "risk, plan, gap or borrow: the rule the case ran under", TEXT, "column financing_rule, else borrowing.yaml"),
    ("issuance_plan", "low, central or high: the issuance plan the case followed", TEXT, "column issuance, else --issuance"),
    ("route", "batch (a path of an engine batch shared with the cases of its rule and plan) or own run (calibrated and run "
              "alone); the same figures either way", TEXT, RUNNER),
    ("sets", "what the case sets, column=value, separated by '; '", TEXT, CASES),
    *[(n, m, u, ENGINE) for n, m, u, _ in METRIC_FIELDS],
    *CHANGE_FIELDS,
    ("min_fiscal_reserves_hkd_bn", "lowest fiscal reserves over the years", BN, ENGINE),
    ("first_year_reserves_negative", "first year fiscal reserves are below zero (empty: never)", YEAR, ENGINE),
    ("band_margin_pp", "peak debt-to-GDP − the band's top (borrowing.yaml band_high_pct)", PP, ENGINE),
    ("ceiling_verdict", "when the ceiling binds, or that it never does", TEXT, VERDICT),
    ("band_verdict", "debt-to-GDP against the band's top: never above, met within the rounding of the published figure, "
                     "or exceeded", TEXT, VERDICT),
    ("reserves_verdict", "when fiscal reserves run out, or never run out", TEXT, VERDICT),
]

BAD_ROWS = [
    ("row", "the row of the case file (its line in a CSV, its row in a workbook)", "integer", CASES),
    ("column", "the column's header (case when the row has no usable name; empty: the row as a whole)", TEXT, CASES),
    ("where", "file:line:column, or the workbook, sheet and cell", TEXT, CASES),
    ("value", "the value found (empty: none)", TEXT, CASES),
    ("problem", "what is wrong and what is allowed", TEXT, "finmodel.inputs.cases and the inputs' validation"),
]

BATCH_RUN = [
    *run_record("", *[(f"options.{k}", m, u, s) for k, m, u, s in (
        ("cases", "the case file", TEXT, "CASES"),
        ("inputs", "inputs folder or workbook", TEXT, "--inputs"), ("scenario", SCENARIO_MEANING, TEXT, "--scenario"), *INPUT_OPTIONS,
        ("issuance", "issuance plan of the baseline", TEXT, "--issuance"), ("horizon", "last fiscal year", YEAR, "--horizon"),
        ("paths", "the output lines whose paths the workbook gives", "list of names", "--path"),
        ("charts", "whether the chart was written", FLAG, "--no-charts"))]),
    ("financing_rule", "the baseline's financing rule", TEXT, "borrowing.yaml financing_rule"),
    ("issuance_plan", "the baseline's issuance plan", TEXT, "--issuance"),
    ("horizon", "last fiscal year", YEAR, "--horizon"),
    ("cases", "cases that ran (the baseline not counted)", "count", RUNNER),
    ("cases_in_shared_batches", "of them, the cases run as paths of a shared engine batch", "count", RUNNER),
    ("engine_calls", "engine calls the batch took (one per rule and plan shared, one per own run)", "count", RUNNER),
    ("bad_rows", "every row that did not run, one item per cell at fault", "", CASES),
    *[(f"bad_rows[].{n}", m, u, s) for n, m, u, s in BAD_ROWS],
    ("warnings", "the cases' warnings (a value outside its plausible range), each with its cell", "list of text",
     "the inputs' validation"),
]

WORKBOOK = [
    ("Cover", "the run, its options, model version and input hashes, and the key results in words", "sheet", "finmodel batch"),
    ("Contents", "every sheet, hyperlinked", "sheet", "finmodel batch"),
    ("Cases", "one row per case (baseline first): what it sets, its headline figures, changes and verdicts "
              "(the columns of batch_summary.csv)", "sheet", "batch_summary.csv"),
    ("Paths <line>", "one sheet per --path output line: a row per case, a column per fiscal year", "sheet",
     "the engine (projection.csv's column of that name)"),
    ("Bad rows", "the rows that did not run (the columns of batch_bad_rows.csv)", "sheet", "batch_bad_rows.csv"),
    ("Notes & sources", "how the cases are run; where the baseline's sheets are", "sheet", "finmodel batch"),
    ("Sources", "every source id the workbook cites (S00, ...) with its citation: title, publisher, date, address; each "
                "citing cell links to its row (every command's workbook citing a source has this sheet)", "sheet",
     "inputs/SOURCES.md"),
]
