"""The declarations of `finmodel project`'s other files: bonds.csv, maturity_profile.csv, peers.csv and summary.json.

Each field: (name, meaning, unit, source). A JSON key is written as its path (`headline.peak_debt_hkd_bn`,
`[]` for a list's items); a part in angle brackets stands for keys that vary (`<fiscal_year>`, `<file>`).
projection.csv is declared in `finmodel.model.variables` (meaning, unit) and `.projection` (source).
"""

from finmodel.report.dictionary.long_run import SUMMARY as LONG_RUN_SUMMARY

BN, PCT, PP, TEXT, YEAR, FLAG = "HK$ bn", "%", "pp", "text", "fiscal year", "true/false"
GDP_PCT = "% of GDP"
PROJ = "projection.csv"
RUN = "the run"

BONDS = [
    ("cohort_id", "the cohort: its id in opening_book.csv, or <bucket>:<issue year> for a projected issue", TEXT,
     "opening_book.csv cohort_id; borrowing.yaml new_issue_mix bucket"),
    ("status", "existing (the opening book) or projected (issued by the model)", TEXT, "the model"),
    ("programme", "GSBP, IBP (existing), GSBP/IBP (projected)", TEXT, "opening_book.csv programme"),
    ("investor", "institutional or retail", TEXT, "opening_book.csv; borrowing.yaml new_issue_mix"),
    ("currency", "HKD, RMB, USD or EUR", TEXT, "opening_book.csv; borrowing.yaml new_issue_mix"),
    ("issue_fy", "fiscal year of issue", YEAR, "opening_book.csv issue_fy; the projection year"),
    ("maturity_fy", "fiscal year of redemption (a bucket's range spread over its years)", YEAR,
     "opening_book.csv maturity_fy_first..last; issue year + tenor"),
    ("tenor_years", "maturity year − issue year", "years", "the two columns above"),
    ("coupon_pct", "coupon rate (guaranteed rate for inflation-linked bonds)", "% a year",
     "opening_book.csv coupon_pct; new_issue_mix yield_pct (+ rates shock)"),
    ("inflation_linked", "whether the coupon is max(guaranteed rate, underlying inflation)", FLAG,
     "opening_book.csv inflation_linked; new_issue_mix"),
    ("face_value_fc_bn", "face value in the bond's own currency", "bn of the currency",
     "opening_book.csv face_value_bn; share × gross issuance / fx"),
    ("face_value_hkd_bn", "face value in HK$: existing cohorts at the first year's exchange rate, projected ones at their issue year's", BN,
     "face_value_fc_bn × borrowing.yaml fx_hkd_per_unit"),
    ("basis", "issue, bucket or residual (how the existing cohort was assembled, methodology §5), projected", TEXT, "opening_book.csv basis"),
]

MATURITY = [
    ("fiscal_year", "fiscal year in which the principal falls due", YEAR, "bonds.csv maturity_fy"),
    ("existing_book_hkd_bn", "principal of the opening book falling due", BN, "Σ bonds.csv face_value_hkd_bn, status existing"),
    ("projected_cohorts_hkd_bn", "principal of projected issues falling due", BN, "Σ bonds.csv face_value_hkd_bn, status projected"),
    ("total_hkd_bn", "existing + projected", BN, "the two columns above"),
]

PEERS = [
    ("country", "Hong Kong SAR (finmodel) or a peer", TEXT, "peers.csv country"),
    ("indicator", "debt_to_gdp, interest_to_revenue or interest_to_gdp", TEXT, "peers.csv indicator"),
    ("unit", "the figure's unit", TEXT, "peers.csv unit"),
    ("year", "the year the figure is for (a fiscal year for Hong Kong)", TEXT, "peers.csv year; projection.csv"),
    ("value", "the figure; empty when missing (see note)", "unit column",
     "peers.csv value; Hong Kong: projection.csv debt_total_to_gdp_pct, debt_to_gdp_pct, interest_total_* columns"),
    ("definition", "what the figure measures: compared only within one definition", TEXT, "peers.csv definition"),
    ("vintage", "the publication the figure is from, or finmodel's version and scenario", TEXT, "peers.csv vintage"),
    ("source", "S.. id of inputs/SOURCES.md, or model", TEXT, "peers.csv source_id"),
    ("confidence", "verified, brief_context, projection, ...", TEXT, "peers.csv confidence"),
    ("status", "projection, published, as printed in the column, or missing", TEXT, "the model, from confidence and value"),
    ("note", "caveats of the figure", TEXT, "peers.csv note"),
]

def run_record(prefix: str, *extra) -> list:
    """The run record every command writes (under `run.` or at the top: prefix ''), then the command's own fields."""
    p = prefix
    rows = [(f"{p}model", "always finmodel", TEXT, RUN),
            (f"{p}model_version", "finmodel's version (finmodel.version)", TEXT, RUN),
            (f"{p}options", "every option of the command as given", "", "the command line"),
            (f"{p}options.run", "the run's name (the output folder's default name; README, Run folders)", TEXT, "the command line"),
            (f"{p}input_sha256", "SHA-256 of every input file read", "", "the input files"),
            (f"{p}input_sha256.<file>", "the file's SHA-256 (hex)", TEXT, "the input file"),
            (f"{p}manifest", "every file of the folder this run wrote", "list of paths", RUN)]
    if p:
        rows.insert(0, (p.rstrip("."), "the run record", "", RUN))
    return rows + list(extra)


# What a run read, in every command's options (finmodel.cli.common.input_options), after inputs and scenario.
INPUT_OPTIONS = [
    ("inputs_from", "which inputs: --inputs (given), working folder (./inputs) or installed copy (the package's)", TEXT,
     "--inputs; finmodel.inputs.locate"),
    ("later_wins", "whether a later scenario may set an input an earlier one sets", FLAG, "--later-wins"),
    ("scenario_files", "every scenario file in the order applied: its path as read and the SHA-256 (hex) of its bytes",
     "list of {path, sha256}", "--scenario; the scenario files"),
]
SCENARIO_MEANING = "scenario: a name or path, stacked ones joined by + (baseline: none)"

# Only when an outturn replaces the revised estimate as the opening position (finmodel.inputs.opening_outturn).
_OUTTURN = "history/hk_fiscal_reserves_outturn.csv"
OPENING_POSITION = [
    ("run.opening_position", "only when the history's outturn holds an actual for the reserves at 31 March closing the first "
     "year (the revised estimate's year): that figure replaces the revised estimate as the opening position", "", _OUTTURN),
    ("run.opening_position.year", "the year whose closing reserves the outturn gives", YEAR, _OUTTURN),
    ("run.opening_position.date", "the date of the outturn (31 March, ISO 8601)", "date", _OUTTURN + " date"),
    ("run.opening_position.revised_estimate_hkd_bn", "the model's reserves at that date from the revised estimate (without the outturn)",
     BN, "the engine on the Budget's figures (fiscal.yaml)"),
    ("run.opening_position.outturn_hkd_bn", "the reserves at that date from the outturn", BN, _OUTTURN + " fiscal_reserves_hkd_bn"),
    ("run.opening_position.adjustment_hkd_bn", "outturn − revised estimate: projection.csv outturn_adjustment_hkd_bn in that year",
     BN, "outturn_hkd_bn − revised_estimate_hkd_bn"),
    ("run.opening_position.provisional", "whether the release marked the March figure provisional", FLAG, _OUTTURN + " note"),
    ("run.opening_position.source", "the table, the figure's source id and its note", TEXT, _OUTTURN),
    ("run.opening_position.monthly_to", "the last month of the monthly results when they hold that March (an import's; "
     "the source line then says \"monthly results to\" it); null when the outturn was entered by hand", "text or null",
     "history/hk_monthly_results.csv month_end"),
]

_SUMMARY_RUN = run_record(
    "run.",
    ("run.options.inputs", "inputs folder or workbook", TEXT, "--inputs"),
    ("run.options.scenario", SCENARIO_MEANING, TEXT, "--scenario"),
    *[(f"run.options.{k}", m, u, s) for k, m, u, s in INPUT_OPTIONS],
    ("run.options.issuance", "issuance plan: low, central, high", TEXT, "--issuance"),
    ("run.options.horizon", "last fiscal year", YEAR, "--horizon"),
    ("run.options.charts", "whether charts and the brief were written", FLAG, "--no-charts"),
    ("run.options.fail_on_breach", "whether a breach exits 1", FLAG, "--fail-on-breach"),
    ("run.options.lang", "the brief's language, recorded when not English (en): zh-HK", TEXT, "--lang"),
    ("run.seed", "random seed (none: a deterministic run)", "integer or null", RUN),
    ("run.environment", "versions of Python and of the libraries that shape the output bytes", "", "the Python environment"),
    *[(f"run.environment.{k}", f"{k} version", TEXT, "the Python environment")
      for k in ("python", "numpy", "pandas", "matplotlib", "openpyxl", "pyyaml")],
    ("run.issuance_plan", "issuance plan followed", TEXT, "--issuance"),
    ("run.financing_rule", "risk, plan or gap", TEXT, "borrowing.yaml financing_rule"),
    ("run.ceiling_policy", "cap or breach", TEXT, "borrowing.yaml ceiling_policy"),
    ("run.warnings", "every warning about the inputs", "list of text", "input validation"),
    *OPENING_POSITION,
)

_HEADLINE = [
    ("headline", "headline figures of the run", "", PROJ),
    ("headline.peak_debt_hkd_bn", "highest debt (pool A)", BN, "max of projection.csv debt_hkd_bn"),
    ("headline.peak_debt_year", "year of the highest debt", YEAR, "projection.csv"),
    ("headline.peak_debt_to_gdp_pct", "highest debt-to-GDP (pool A)", GDP_PCT, "max of projection.csv debt_to_gdp_pct"),
    ("headline.peak_debt_to_gdp_year", "year of the highest debt-to-GDP", YEAR, PROJ),
    ("headline.first_year_ceiling_binds", "first year the ceiling binds (null: never)", YEAR, "projection.csv ceiling_binds"),
    ("headline.first_year_above_band", "first year debt-to-GDP breaches the band: above its top by more than the published rounding "
     "(null: never; the one definition every command uses)", YEAR,
     "projection.csv debt_to_gdp_pct > borrowing.yaml band_high_pct + budget_plan.yaml band_tolerance_pp"),
    ("headline.band_margin_pp", "highest debt-to-GDP to the end of the MRF − the band's top", PP, "projection.csv; band_high_pct"),
    ("headline.band_tolerance_pp", "the published figure's rounding allowed above the band's top", PP, "budget_plan.yaml band_tolerance_pp"),
    ("headline.first_year_reserves_negative", "first year fiscal reserves fall below zero (null: never)", YEAR,
     "projection.csv fiscal_reserves_hkd_bn"),
    ("headline.min_fiscal_reserves_hkd_bn", "lowest fiscal reserves", BN, "min of projection.csv fiscal_reserves_hkd_bn"),
    ("headline.debt_to_gdp_end_pct", "debt-to-GDP in the last year", GDP_PCT, "projection.csv debt_to_gdp_pct"),
    ("headline.interest_to_revenue_end_pct", "interest on pool A / revenue in the last year", PCT, "projection.csv interest_to_revenue_pct"),
    ("headline.fiscal_reserves_end_hkd_bn", "fiscal reserves in the last year", BN, "projection.csv fiscal_reserves_hkd_bn"),
    ("headline.min_headroom_hkd_bn", "smallest headroom under the ceiling", BN, "min of projection.csv headroom_hkd_bn"),
    ("headline.horizon", "last fiscal year", YEAR, "--horizon"),
    ("headline.beyond_official_forecast", "whether the horizon runs past the MRF", FLAG, "--horizon"),
    ("headline.mrf_last_year", "last year of the Medium Range Forecast", YEAR, "the inputs: the last year budget_plan.yaml publishes a figure for (inputs/validation/year_axis.py)"),
    ("headline.gross_issuance_mrf_hkd_bn", "gross issuance by year to the end of the MRF", "", "projection.csv gross_issuance_hkd_bn"),
    ("headline.gross_issuance_mrf_hkd_bn.<fiscal_year>", "the year's gross issuance", BN, "projection.csv gross_issuance_hkd_bn"),
    ("headline.debt_to_gdp_against_published_path_pp", "model − published debt-to-GDP, by year with a published figure", "",
     "projection.csv; budget_plan.yaml published_debt_to_gdp_pct"),
    ("headline.debt_to_gdp_against_published_path_pp.<fiscal_year>", "the year's difference", PP,
     "debt_to_gdp_pct − published_debt_to_gdp_pct"),
]

_BUDGET = [
    ("against_budget", "every published figure of the Budget against the model, with (budget) and without (passive) the gap the Budget does not itemise",
     "", "budget_plan.yaml; methodology §3b"),
    ("against_budget.figures", "one item per published figure", "", "budget_plan.yaml"),
    ("against_budget.figures[].key", "the figure's field in budget_plan.yaml", TEXT, "budget_plan.yaml"),
    ("against_budget.figures[].figure", "the figure in words", TEXT, "budget_plan.yaml"),
    ("against_budget.figures[].published", "the published value", "the figure's unit", "budget_plan.yaml (S..)"),
    ("against_budget.figures[].low", "lowest value that meets the figure (null: none)", "the figure's unit", "budget_plan.yaml"),
    ("against_budget.figures[].high", "highest value that meets the figure (null: none)", "the figure's unit", "budget_plan.yaml"),
    ("against_budget.figures[].how", "how the model's value is compared", TEXT, "finmodel.model.budget_plan"),
    ("against_budget.figures[].source", "S.. sources of the figure", TEXT, "budget_plan.yaml source"),
    ("against_budget.figures[].role", "calibrated, fitted (a constraint of the fit: not a test) or a check the fit did not see", TEXT,
     "finmodel.model.plan_targets ROLES"),
    ("against_budget.figures[].source_kind", "the kind of source: official publication, news report of one, rating agency, column, "
     "model assumption (not stated: the inputs give none)", TEXT, "budget_plan.yaml (or fiscal.yaml, borrowing.yaml) source_kind"),
    ("against_budget.gap_range", "the gap the Budget does not itemise under each reading of the published statements, solved by "
     "finmodel fit", "", "fitted_plan.yaml gap_range; budget_plan.yaml gap_readings"),
    ("against_budget.gap_range.central", "the central reading's name", TEXT, "budget_plan.yaml gap_readings.central"),
    ("against_budget.gap_range.argument", "why that reading is central", TEXT, "budget_plan.yaml gap_readings.source"),
    ("against_budget.gap_range.readings", "one item per reading", "", "fitted_plan.yaml gap_range.readings"),
    ("against_budget.gap_range.readings[].name", "the reading's name", TEXT, "budget_plan.yaml gap_readings"),
    ("against_budget.gap_range.readings[].words", "the reading in words", TEXT, "budget_plan.yaml gap_readings"),
    ("against_budget.gap_range.readings[].central", "whether it is the central reading (the baseline's fit)", FLAG, "budget_plan.yaml"),
    ("against_budget.gap_range.readings[].converged", "whether every statement of the reading is met", FLAG, "finmodel fit"),
    ("against_budget.gap_range.readings[].gap_hkd_bn", "the gap by fitted year", "", "finmodel fit"),
    ("against_budget.gap_range.readings[].gap_hkd_bn.<fiscal_year>", "the year's gap", BN, "finmodel fit"),
    ("against_budget.gap_range.readings[].total_hkd_bn", "sum of the gap over the fitted years", BN, "the years above"),
    ("against_budget.gap_range.readings[].average_pct_gdp", "mean of the gap / GDP", GDP_PCT, "finmodel fit"),
    ("against_budget.gap_range.readings[].fiscal_reserves_end_hkd_bn", "fiscal reserves at the end of the MRF under the reading", BN,
     "finmodel fit"),
    ("against_budget.gap_range.readings[].reserves_rise_min_hkd_bn", "the smallest yearly rise of reserves under the reading", BN,
     "finmodel fit"),
    ("against_budget.gap_range.readings[].non_operating_deficit_max_hkd_bn", "the largest Non-Operating deficit under the reading", BN,
     "finmodel fit"),
    ("against_budget.leave_one_out", "checks the fit did not see: each fitted statement left out in turn, the plan refitted", "",
     "fitted_plan.yaml leave_one_out (finmodel fit)"),
    ("against_budget.leave_one_out[].key", "the statement's key (as figures[].key)", TEXT, "finmodel.model.budget_plan"),
    ("against_budget.leave_one_out[].figure", "the statement in words", TEXT, "budget_plan.yaml"),
    ("against_budget.leave_one_out[].published", "the published value", "the figure's unit", "budget_plan.yaml (S..)"),
    ("against_budget.leave_one_out[].low", "lowest value that meets it (null: none)", "the figure's unit", "budget_plan.yaml"),
    ("against_budget.leave_one_out[].high", "highest value that meets it (null: none)", "the figure's unit", "budget_plan.yaml"),
    ("against_budget.leave_one_out[].model", "the model's value when the plan is fitted without it", "the figure's unit", "finmodel fit"),
    ("against_budget.leave_one_out[].met", "whether that value still meets the statement", FLAG, "finmodel fit"),
    ("against_budget.leave_one_out[].miss", "how far outside the statement's interval (0 when met)", "the figure's unit", "finmodel fit"),
    ("against_budget.leave_one_out[].converged", "whether the other statements were all met", FLAG, "finmodel fit"),
    ("against_budget.leave_one_out[].total_hkd_bn", "the gap the refit needs, over the fitted years", BN, "finmodel fit"),
    *[(f"against_budget.figures[].{v}_{k}", f"{w}: {m}", u, "the engine, " + ("Budget baseline" if v == "budget" else "current policy"))
      for v, w in (("budget", "with the fitted measures"), ("passive", "without the measures (current policy)"))
      for k, m, u in (("model", "the model's value", "the figure's unit"), ("difference", "model − published", "the figure's unit"),
                      ("met", "whether the model's value is within low..high", FLAG))],
    ("against_budget.outside_view", "a rating agency's independent view beside the run", "", "budget_plan.yaml outside_view_* (S140)"),
    ("against_budget.outside_view[].figure", "the figure in words", TEXT, "budget_plan.yaml"),
    ("against_budget.outside_view[].outside", "the agency's value", "the figure's unit", "budget_plan.yaml outside_view_*"),
    ("against_budget.outside_view[].source", "S.. sources", TEXT, "budget_plan.yaml"),
    ("against_budget.outside_view[].source_kind", "the kind of source (a rating agency's own projection)", TEXT,
     "budget_plan.yaml outside_view_* source_kind"),
    ("against_budget.outside_view[].budget", "the model's value with the measures", "the figure's unit", "the engine"),
    ("against_budget.outside_view[].passive", "the model's value without the measures", "the figure's unit", "the engine"),
    ("against_budget.summary", "the comparison in numbers", "", "the items above"),
    ("against_budget.summary.met", "published figures met with the measures", "count", "figures[].budget_met"),
    ("against_budget.summary.passive_met", "published figures met without them", "count", "figures[].passive_met"),
    ("against_budget.summary.total", "published figures compared", "count", "budget_plan.yaml"),
    ("against_budget.summary.not_met", "each figure not met, with the difference", "list of text", "figures[]"),
    ("against_budget.summary.unidentified_measures_hkd_bn", "the fitted measures by year", "", "projection.csv"),
    ("against_budget.summary.unidentified_measures_hkd_bn.<fiscal_year>", "the year's measures", BN, "projection.csv unidentified_measures_hkd_bn"),
    ("against_budget.summary.unidentified_measures_pct_gdp", "the fitted measures by year, share of GDP", "", "projection.csv"),
    ("against_budget.summary.unidentified_measures_pct_gdp.<fiscal_year>", "the year's measures / GDP", GDP_PCT,
     "projection.csv unidentified_measures_pct_gdp"),
    ("against_budget.summary.unidentified_measures_total_hkd_bn", "sum of the measures", BN, "the years above"),
    ("against_budget.summary.unidentified_measures_average_pct_gdp", "mean of the measures / GDP", GDP_PCT, "the years above"),
    ("against_budget.summary.passive", "the current-policy view (no measures) at the end of the MRF", "", "the engine without the measures"),
    ("against_budget.summary.passive.fiscal_reserves_end_hkd_bn", "fiscal reserves", BN, "the engine without the measures"),
    ("against_budget.summary.passive.debt_to_gdp_end_pct", "debt-to-GDP", GDP_PCT, "the engine without the measures"),
    ("against_budget.summary.passive.first_year_ceiling_binds", "first year the ceiling binds (null: never)", YEAR, "the engine without the measures"),
    ("against_budget.summary.passive.first_year_above_band", "first year above the band's top (null: never)", YEAR, "the engine without the measures"),
    ("against_budget.summary.passive.year", "the year of the end-points", YEAR, "end of the MRF"),
    ("against_budget.summary.fit", "the fit of the Budget baseline (methodology §3b)", "", "finmodel.model.budget_plan"),
    ("against_budget.summary.fit.method", "the solver used", TEXT, "finmodel.model.budget_plan"),
    ("against_budget.summary.fit.converged", "whether it met every target", FLAG, "finmodel.model.budget_plan"),
    ("against_budget.summary.fit.evaluations", "engine runs used", "count", "finmodel.model.budget_plan"),
    ("against_budget.summary.fit.message", "the solver's message", TEXT, "finmodel.model.budget_plan"),
    ("against_budget.summary.fit.years", "the fitted years", "list of fiscal years", "the years after the anchor years to the end of the MRF"),
    ("against_budget.summary.fit.measures_hkd_bn", "the fitted measures, one per year of the run", "list of HK$ bn", "the fit"),
    ("against_budget.summary.fit.fitted_on", "the date `finmodel fit` solved the held paths", "date (YYYY-MM-DD)", "fitted_plan.yaml"),
    ("against_budget.summary.fit.stale_inputs", "input files that differ from those the fit read (the paths are held: a what-if on the plan)",
     "list of file names", "fitted_plan.yaml inputs_read"),
    ("against_budget.summary.fit.parameters", "the six fitted parameters (a level and a slope per path)", "", "the fit"),
    *[(f"against_budget.summary.fit.parameters.{p}_{k}_hkd_bn", f"{w}: {k} of the fitted straight line", BN, "the fit")
      for p, w in (("issuance", "gross issuance"), ("measures", "unidentified measures"), ("other_capital", "non-works capital spending"))
      for k in ("level", "slope")],
]

_HEAT_MAP = [
    ("forecast_record", "the Government's forecast record in one sentence, as the brief prints it (absent when the inputs carry "
     "no record tables)", "", "inputs/history hk_mrf_track_record.csv, hk_fiscal_reserves_outturn.csv"),
    ("forecast_record.sentence", "past Budgets' reserve forecasts against the outturn at the horizon: median miss, Budgets, "
     "under-forecasts, range", TEXT, "finmodel.analysis.forecast_record (S160–S188)"),
    ("forecast_record.horizon_years", "the horizon of the sentence: the Budget's own year is 1", "years", "the model"),
    ("forecast_record.input_sha256", "SHA-256 of each record table read", "", "inputs/history"),
    ("forecast_record.input_sha256.<file>", "the table's SHA-256 (hex)", TEXT, "inputs/history"),
    ("heat_map", "the IMF-style heat map of debt indicators against benchmarks (methodology §8)", "", "finmodel.analysis.heat_map"),
    ("heat_map.rule", "the colouring rule in words", TEXT, "IMF (2013) staff guidance note"),
    ("heat_map.years", "the years a cell's worst value is taken over", "list of fiscal years", "the year after the opening year to the end of the MRF"),
    ("heat_map.rows", "one item per indicator", "", "finmodel.analysis.heat_map"),
    ("heat_map.rows[].key", "the indicator: debt_ceiling, debt_to_gdp, gross_financing_need, debt_ceiling_borrow, debt_to_gdp_borrow, "
     "reserves_months, net_debt, average_maturity, short_term_share, fx_share", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.rows[].label", "the indicator in words", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.rows[].financing_rule", "borrow: the row under the borrow rule (shortfalls borrowed); null: the run's own rule", TEXT,
     "finmodel.analysis.heat_map"),
    ("heat_map.rows[].unit", "the indicator's unit", TEXT, "projection.csv"),
    ("heat_map.rows[].worst", "max or min: which value over the years is the worst", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.rows[].benchmark", "the benchmark (null: none, the row is not rated)", "the row's unit",
     "borrowing.yaml ceiling_hkd_bn, band_high_pct; IMF 20% of GDP"),
    ("heat_map.rows[].benchmark_label", "the benchmark in words", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.rows[].source", "the benchmark's source", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.rows[].colour", "the row's colour: red, amber, green or none", TEXT, "the rule"),
    ("heat_map.columns", "one item per column: the Budget baseline, current policy and each standard stress test", "",
     "finmodel.analysis.sensitivity cases"),
    ("heat_map.columns[].id", "the column's id (a case of sensitivity.csv, or passive)", TEXT, "finmodel.analysis.sensitivity"),
    ("heat_map.columns[].label", "the column in words", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.columns[].description", "what the column shocks", TEXT, "finmodel.analysis.sensitivity"),
    ("heat_map.columns[].kind", "baseline, current policy or stress test", TEXT, "finmodel.analysis.heat_map"),
    ("heat_map.cells", "the cells, by row key", "", "the engine, one batch of every column"),
    ("heat_map.cells.<row>", "the row's cells, by column id", "", "the engine"),
    ("heat_map.cells.<row>.<column>", "one cell", "", "the engine"),
    ("heat_map.cells.<row>.<column>.value", "the worst value over the years (null: undefined)", "the row's unit", "projection.csv of the column's run"),
    ("heat_map.cells.<row>.<column>.year", "the year of the worst value", YEAR, "projection.csv of the column's run"),
    ("heat_map.cells.<row>.<column>.breached", "whether the value breaches the row's benchmark", FLAG, "value against benchmark"),
    ("heat_map.cells.<row>.<column>.colour", "red, amber, green or none", TEXT, "the rule"),
]

SUMMARY = [
    ("scenario", "scenario name (baseline: none)", TEXT, "--scenario"),
    *_HEADLINE,
    ("thresholds", "the thresholds the run is judged against", "", "borrowing.yaml"),
    ("thresholds.ceiling_hkd_bn_end", "the ceiling in the last year", BN, "borrowing.yaml ceiling_hkd_bn"),
    ("thresholds.band_low_pct", "the band's bottom", GDP_PCT, "borrowing.yaml band_low_pct"),
    ("thresholds.band_high_pct", "the band's top", GDP_PCT, "borrowing.yaml band_high_pct"),
    ("calibration", "the anchor years' residuals, held fixed on every path (methodology §3a)", "", "finmodel.model.calibration"),
    *[(f"calibration.{k}", f"{w} read as the residual of the Budget's totals", "", "fiscal.yaml anchor-year totals")
      for k, w in (("other_revenue_hkd_bn", "other operating revenue"), ("other_capital_hkd_bn", "non-works capital spending"),
                   ("other_non_operating_revenue_hkd_bn", "other Non-Operating revenue"))],
    *[(f"calibration.{k}.<fiscal_year>", "the anchor year's value", BN, "methodology §3a equations")
      for k in ("other_revenue_hkd_bn", "other_capital_hkd_bn", "other_non_operating_revenue_hkd_bn")],
    *_BUDGET,
    *_HEAT_MAP,
    *LONG_RUN_SUMMARY,
    *_SUMMARY_RUN,
]
