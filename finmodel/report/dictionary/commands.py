"""The declarations of the other commands' files: simulate, sensitivity, compare, solve and backtest.

Each field: (name, meaning, unit, source), as in `.project`. Names built from the analysis
modules' own tuples (events, percentiles, metrics) follow them when those change.
"""

from finmodel.analysis.sensitivity.batch import CHANGES, METRICS
from finmodel.analysis.stochastic import EVENT_WORDS, EVENTS, PERCENTILES
from finmodel.report.dictionary.project import BN, FLAG, GDP_PCT, INPUT_OPTIONS, PCT, PP, SCENARIO_MEANING, TEXT, YEAR, run_record

SIM = "Monte Carlo paths of the engine (docs/stochastic.md)"
FY = ("fiscal_year", "fiscal year", YEAR, "the projection's years")
SE = ("sqrt(p(1-p)/n); with --parameter-uncertainty, between blocks of paths "
      "(finmodel.analysis.stochastic.standard_error)")

BREACH = [FY,
          *[(f"p_{e}", f"share of paths where {EVENT_WORDS[e]} in the year", "share, 0 to 1", SIM) for e in EVENTS],
          *[(f"p_{e}_cumulative", f"share of paths where {EVENT_WORDS[e]} in the year or any earlier one", "share, 0 to 1", SIM)
            for e in EVENTS],
          *[(f"p_{e}_se", f"Monte Carlo standard error of p_{e}", "share, 0 to 1", SE) for e in EVENTS],
          *[(f"p_{e}_cumulative_se", f"Monte Carlo standard error of p_{e}_cumulative", "share, 0 to 1", SE) for e in EVENTS]]

FAN = [FY,
       ("variable", "the projection.csv column the row's percentiles are of", TEXT, "finmodel.analysis.stochastic FAN_VARIABLES"),
       *[(f"p{q}", f"{q}th percentile over the paths", "the variable's unit", SIM) for q in PERCENTILES],
       ("baseline", "the run without shocks", "the variable's unit", "projection.csv of the same inputs")]

_SIM_OPTIONS = [(f"run.options.{k}", m, u, s) for k, m, u, s in (
    ("inputs", "inputs folder or workbook", TEXT, "--inputs"), ("scenario", SCENARIO_MEANING, TEXT, "--scenario"), *INPUT_OPTIONS,
    ("issuance", "issuance plan", TEXT, "--issuance"), ("horizon", "last fiscal year", YEAR, "--horizon"),
    ("charts", "whether charts were written", FLAG, "--no-charts"), ("paths", "number of paths", "count", "--paths"),
    ("seed", "seed of the random draws", "integer", "--seed"), ("method", "ec, var or bootstrap", TEXT, "--method"),
    ("exclude_recalled", "whether recalled history rows were left out", FLAG, "--exclude-recalled"),
    ("parameter_uncertainty", "whether the shock model's parameters were drawn too", FLAG, "--parameter-uncertainty"),
    ("calibration", "record (the shocks scaled to the forecast record) or none", TEXT, "--calibration"))]

REC = "inputs/history hk_mrf_track_record.csv, hk_fiscal_reserves_outturn.csv (finmodel.analysis.forecast_record)"
COV = "the run's fan of reserves against the forecast record (finmodel.analysis.record_coverage)"
_ERR_STATS = [
    ("horizon_years", "years from the Budget's fiscal year to the 31 March forecast for (1: the budget year)", "years", REC),
    ("n_pairs", "forecasts with an actual outturn at that horizon", "count", REC),
    ("median_abs_error_pct", "median of |outturn / forecast - 1|", PCT, REC),
    ("median_error_pct", "median of outturn / forecast - 1 (above 0: under-forecast)", PCT, REC),
    ("mean_error_pct", "mean of outturn / forecast - 1: the record's bias", PCT, REC),
    ("min_error_pct", "smallest error", PCT, REC), ("max_error_pct", "largest error", PCT, REC),
    ("p10_error_pct", "10th percentile of the errors (linear interpolation)", PCT, REC),
    ("p90_error_pct", "90th percentile of the errors (linear interpolation)", PCT, REC),
    ("n_under_forecasts", "pairs whose outturn was above the forecast", "count", REC),
    ("thin", "fewer than 5 pairs: read with care", FLAG, "finmodel.analysis.forecast_record THIN_PAIRS")]
FORECAST_ERRORS = _ERR_STATS
FORECAST_RECORD = [
    ("budget", "the Budget (its fiscal year)", YEAR, REC),
    ("forecast_for", "the 31 March forecast for", "date", REC),
    ("horizon_years", "years from the Budget's fiscal year to that date (1: the budget year)", "years", REC),
    ("forecast_hkd_bn", "the fiscal reserves the Budget forecast", BN, "hk_mrf_track_record.csv"),
    ("outturn_hkd_bn", "the fiscal reserves held on that date (empty: not yet known)", BN, "hk_fiscal_reserves_outturn.csv"),
    ("outturn_kind", "actual, or revised (a revised estimate: listed, not counted); empty: no outturn", TEXT, "hk_fiscal_reserves_outturn.csv"),
    ("counted", "whether the pair enters the error statistics (an actual outturn)", FLAG, REC),
    ("error_hkd_bn", "outturn − forecast", BN, REC),
    ("error_pct", "outturn / forecast − 1 (above 0: an under-forecast)", PCT, REC),
    ("breaks", "changes in what fiscal reserves cover that took effect between the Budget and the date", TEXT,
     "hk_fiscal_reserves_breaks.csv"),
    ("confidence", "the weaker of the forecast's and the outturn's confidence", TEXT, REC),
    ("source_id", "source ids of the forecast and the outturn (inputs/SOURCES.md)", TEXT, REC)]
BALANCE_ERRORS = [
    ("fiscal_year", "fiscal year", YEAR, "hk_budget_estimates.csv"),
    ("estimate_hkd_bn", "the consolidated balance estimated in that year's Budget", BN, "hk_budget_estimates.csv"),
    ("revised_hkd_bn", "the revised estimate a year later", BN, "hk_budget_estimates.csv"),
    ("opening_reserves_hkd_bn", "fiscal reserves at the 31 March before the year", BN, "hk_fiscal_reserves_outturn.csv"),
    ("error_hkd_bn", "revised − estimate", BN, "finmodel.analysis.forecast_record"),
    ("error_pct", "(revised − estimate) / (opening reserves + estimate): the error of the year-end reserves it implies", PCT,
     "finmodel.analysis.forecast_record")]
_COVERAGE = [
    ("measure", "reserves (the reserve forecasts) or consolidated balance (the one-year balance errors)", TEXT, COV),
    ("horizon_years", "years ahead", "years", COV),
    ("band_pct", "the fan's band: 80 (p10 to p90) or 50 (p25 to p75)", "%", COV),
    ("errors", "mean removed (each error less the errors' mean) or raw", TEXT, COV),
    ("role", "target (the calibration was fitted on it) or held out", TEXT, COV),
    ("thin", "fewer than 5 pairs: read with care", FLAG, COV),
    ("n_pairs", "past errors compared", "count", REC),
    ("n_inside", "past errors inside the band", "count", COV),
    ("coverage_pct", "n_inside / n_pairs", PCT, COV),
    ("ci_low_pct", "lower end of the 95% Clopper-Pearson interval of the coverage", PCT, "scipy.stats.binomtest"),
    ("ci_high_pct", "upper end of that interval", PCT, "scipy.stats.binomtest"),
    ("mc_low_pct", "coverage with the band's edges moved inward by 2 Monte Carlo standard errors", PCT, COV),
    ("mc_high_pct", "coverage with the band's edges moved outward by 2 Monte Carlo standard errors", PCT, COV),
    ("band_low_pct", "the band's lower edge: percentile / baseline − 1 of reserves that year", PCT, "fan.csv"),
    ("band_high_pct", "the band's upper edge: percentile / baseline − 1", PCT, "fan.csv"),
    ("window_low_pct", "the coverage window's lower end (the calibration's target)", PCT, "finmodel.analysis.record_coverage TARGETS"),
    ("window_high_pct", "the coverage window's upper end", PCT, "finmodel.analysis.record_coverage TARGETS"),
    ("in_window", "whether the coverage lies in the window", FLAG, COV),
    ("mean_error_pct", "mean of the raw errors compared: the record's bias at that horizon", PCT, REC)]
FAN_COVERAGE = _COVERAGE
CALIBRATION_GRID = [
    ("scale", "a scale k tried on the shocks (covariance k², revenue error k)", "ratio", "finmodel.analysis.record_coverage SCALES"),
    ("coverage_80_5y_pct", "share of the five-year reserve errors (mean removed) inside the 80% band at that scale", PCT, COV),
    ("coverage_50_5y_pct", "the same, 50% band", PCT, COV),
    ("coverage_80_1y_pct", "share of the one-year balance errors (mean removed) inside the 80% band at that scale", PCT, COV),
    ("coverage_50_1y_pct", "the same, 50% band", PCT, COV),
    ("admissible_5y", "both five-year coverages in their windows", FLAG, COV),
    ("admissible_1y", "both one-year coverages in their windows", FLAG, COV),
    ("chosen", "the scale the run used", FLAG, COV)]
RECORD_SUMMARY = [
    ("forecast_record", "the Government's reserve forecasts against the outturns", "", REC),
    ("forecast_record.five_years", "one sentence: the median miss five years out and the number of Budgets", TEXT, REC),
    ("forecast_record.one_year", "the same, one year out", TEXT, REC),
    ("forecast_record.by_horizon", "the error distribution per horizon (as forecast_errors.csv)", "", REC),
    *[(f"forecast_record.by_horizon[].{n}", m, u, s) for n, m, u, s in _ERR_STATS],
    ("calibration", "the scale on the shocks fitted to the forecast record", "", COV),
    ("calibration.scale", "k: the shocks' covariance times k², the revenue error times k", "ratio", COV),
    ("calibration.applied", "whether the scale was fitted (false under --calibration none: k = 1)", FLAG, "--calibration"),
    ("calibration.winner", "which target the scale meets: both, 5 years, 1 year, neither", TEXT, COV),
    ("calibration.explanation", "the choice in words, and which target wins and why", TEXT, COV),
    ("calibration.paths", "paths per scale tried", "count", "finmodel.analysis.record_coverage CALIBRATION_PATHS"),
    ("calibration.seed", "the calibration's own seed (not the run's: the scale is a parameter of the shock model; null: not calibrated)",
     "integer", "finmodel.analysis.record_coverage CALIBRATION_SEED"),
    ("calibration.fitted_by", "where the scale was fitted: finmodel fit on a date (read from the inputs' fitted_shocks.yaml, whose key "
     "matched the calibration this run would do: the inputs' baseline, history tables, shock-model options, model version) "
     "or this run (the same scale and grid either way on the same machine); empty: not calibrated", TEXT, "inputs/fitted_shocks.yaml"),
    ("calibration.admissible_5y", "the smallest and largest scales meeting the five-year windows (empty: none)", "list of ratios", COV),
    ("calibration.admissible_1y", "the same for the one-year windows", "list of ratios", COV),
    ("calibration.windows_pct", "the coverage windows by band", "", "finmodel.analysis.record_coverage TARGETS"),
    ("calibration.windows_pct.80", "the 80% band's window", "list of %", "finmodel.analysis.record_coverage TARGETS"),
    ("calibration.windows_pct.50", "the 50% band's window", "list of %", "finmodel.analysis.record_coverage TARGETS"),
    ("calibration.fitted", "what the scale was fitted on", "list of text", COV),
    ("calibration.held_out", "what it was not fitted on (checked only)", "list of text", COV),
    ("calibration.errors", "the errors the fan is judged on: mean removed", TEXT, COV),
    ("calibration.why_mean_removed", "why not the raw errors", TEXT, COV),
    ("fan_coverage", "the coverage table (as fan_coverage.csv)", "", COV),
    *[(f"fan_coverage[].{n}", m, u, s) for n, m, u, s in _COVERAGE],
    ("fan_coverage[].errors_compared_pct", "the errors compared with the band (mean removed or raw)", "list of %", COV)]

SIMULATE_SUMMARY = [
    ("command", "always simulate", TEXT, "the command"),
    ("headline", "headline figures over the paths", "", SIM),
    ("headline.horizon", "last fiscal year", YEAR, "--horizon"),
    ("headline.debt_to_gdp_median_end_pct", "median debt-to-GDP in the last year", GDP_PCT, "fan.csv p50"),
    ("headline.debt_to_gdp_p10_end_pct", "10th percentile of debt-to-GDP in the last year", GDP_PCT, "fan.csv p10"),
    ("headline.debt_to_gdp_p90_end_pct", "90th percentile of debt-to-GDP in the last year", GDP_PCT, "fan.csv p90"),
    ("headline.fan_width_p90_p10_end_pp", "p90 − p10 of debt-to-GDP in the last year", PP, "fan.csv"),
    ("headline.debt_to_gdp_baseline_end_pct", "debt-to-GDP of the run without shocks in the last year", GDP_PCT, "fan.csv baseline"),
    ("headline.fiscal_reserves_p10_p50_p90_end_hkd_bn", "p10, p50 and p90 of fiscal reserves in the last year", "list of HK$ bn", "fan.csv"),
    *[(f"headline.p_{e}_by_end", f"share of paths where {EVENT_WORDS[e]} in any year", "share, 0 to 1",
       f"breach_probabilities.csv p_{e}_cumulative") for e in EVENTS],
    ("headline.p_above_band_end", "share of paths above the band's top in the last year", "share, 0 to 1", "breach_probabilities.csv p_above_band"),
    *[(f"headline.p_{e}_by_end_se", f"Monte Carlo standard error of p_{e}_by_end", "share, 0 to 1", SE) for e in EVENTS],
    ("headline.p_above_band_end_se", "Monte Carlo standard error of p_above_band_end", "share, 0 to 1", SE),
    ("headline.same_event", "events that are one event on every path and year: {event: the event it is}", "", SIM),
    ("headline.same_event.<event>", "the event this one is identical to (shown once)", TEXT, "equal counts of the event and the squeeze"),
    ("headline.same_event_note", "the same in words (empty: none)", TEXT, SIM),
    ("by_rule", "the same paths (same seed) under the inputs' financing rule and the borrow rule, side by side", "", SIM),
    ("by_rule.<rule>", "one rule's figures in the last year", "", SIM),
    *[(f"by_rule.<rule>.{k}", f"{w} in the last year: p10, p50 and p90 over the paths", "", SIM) for k, w in (
        ("debt_end_hkd_bn", "debt (pool A)"), ("debt_to_gdp_end_pct", "debt-to-GDP"), ("fiscal_reserves_end_hkd_bn", "fiscal reserves"))],
    *[(f"by_rule.<rule>.{k}.p{q}", f"{q}th percentile", u, SIM) for k, u in (("debt_end_hkd_bn", BN), ("debt_to_gdp_end_pct", GDP_PCT),
                                                                          ("fiscal_reserves_end_hkd_bn", BN)) for q in (10, 50, 90)],
    *[(f"by_rule.<rule>.p_{e}_by_end", f"share of paths where {EVENT_WORDS[e]} in any year", "share, 0 to 1", SIM) for e in EVENTS],
    *[(f"by_rule.<rule>.p_{e}_by_end_se", f"Monte Carlo standard error of p_{e}_by_end", "share, 0 to 1", SE) for e in EVENTS],
    ("headline.band_test", "the test of a path above the band (the one definition every command uses)", TEXT,
     "finmodel.model.verdicts.band_breached"),
    ("headline.p_debt_to_gdp_still_rising_end", "share of paths whose debt-to-GDP still rises in the last year", "share, 0 to 1", SIM),
    ("headline.first_year_above_band_more_likely_than_not", "first year the cumulative chance of being above the band exceeds 0.5 (null: never)",
     YEAR, "breach_probabilities.csv"),
    ("headline.band_high_pct", "the band's top", GDP_PCT, "borrowing.yaml band_high_pct"),
    ("imf_srdsf", "the IMF's stochastic-analysis figures (SRDSF)", "", SIM),
    ("imf_srdsf.fan_width_p95_p5_pp", "p95 − p5 of debt-to-GDP five years after the opening year (or the last year, if sooner)", PP, "fan.csv"),
    ("imf_srdsf.fan_width_year", "that year", YEAR, "the projection's years"),
    ("imf_srdsf.p_debt_to_gdp_not_stabilised_last_year", "share of paths whose debt-to-GDP still rises in the last year", "share, 0 to 1", SIM),
    ("imf_srdsf.terminal_debt_to_gdp_median_pct", "median debt-to-GDP in the last year", GDP_PCT, "fan.csv p50"),
    ("imf_srdsf.terminal_year", "the last year", YEAR, "--horizon"),
    ("shock_model", "the shock model estimated from the history tables", "", "inputs/history/*.csv; docs/stochastic.md"),
    ("shock_model.kind", "the model in words", TEXT, "--method"),
    ("shock_model.method", "ec, var or bootstrap", TEXT, "--method"),
    ("shock_model.variables", "the shocked drivers", "list of text", "finmodel.analysis.shock_model"),
    ("shock_model.sample", "the estimation sample's first and last years", TEXT, "inputs/history"),
    ("shock_model.n_obs", "years in the sample", "count", "inputs/history"),
    ("shock_model.criterion", "lag selection criterion (none without lags)", TEXT, "--method"),
    ("shock_model.max_lags", "lags tried", "count", "--method"),
    ("shock_model.recalled_share", "share of the sample's rows that rest on recall, by driver", "", "inputs/history confidence"),
    *[(f"shock_model.recalled_share.{v}", f"share of {v}'s rows that are recalled", "share, 0 to 1", "inputs/history confidence")
      for v in ("real_growth_pct", "deflator_pct", "land_share_gdp_pct", "short_rate_pct")],
    ("shock_model.revenue_error_sd_pct", "standard deviation of the revenue forecast error", PCT, "inputs/history hk_fiscal_long.csv"),
    ("shock_model.revenue_error_years", "the fiscal years of the revenue forecast errors used", "list of fiscal years", "inputs/history"),
    ("shock_model.revenue_errors_pct", "each year's revenue forecast error (outturn / Budget estimate - 1, revenue other than land premium)",
     "list of %", "inputs/history hk_fiscal_long.csv, hk_budget_estimates.csv"),
    ("shock_model.revenue_error_left_out", "fiscal years with an estimate but no usable outturn (left out, named)", "list of fiscal years",
     "inputs/history"),
    ("shock_model.revenue_error_sd_net_pct", "sd of the revenue error drawn, net of what the GDP shock already moves: "
     "sqrt(s^2 - e^2 Var(g))", PCT, "finmodel.analysis.shock_paths"),
    ("shock_model.persistence_ar1", "AR(1) coefficient of each driver's deviation (ec method; null otherwise)", "", "inputs/history"),
    *[(f"shock_model.persistence_ar1.{v}", f"lag-1 autocorrelation of {v} (Yule-Walker on the sample)", "coefficient, -1 to 1",
       "inputs/history") for v in ("real_growth_pct", "deflator_pct", "land_share_gdp_pct", "short_rate_pct")],
    ("shock_model.fx_volatility_pct", "exchange-rate volatility by currency", "", "borrowing.yaml fx_*_volatility_pct, fx_usd_band_pct"),
    *[(f"shock_model.fx_volatility_pct.{c}", f"{c} volatility", "% a year", "borrowing.yaml") for c in ("RMB", "USD", "EUR")],
    ("shock_model.new_issue_spread_sd_pp", "standard deviation of the new-issue spread", PP, "borrowing.yaml new_issue_spread_sd_pp"),
    ("shock_model.parameter_uncertainty", "whether the model's parameters were drawn too", FLAG, "--parameter-uncertainty"),
    *RECORD_SUMMARY,
    *run_record("run.", *_SIM_OPTIONS,
                ("run.seed", "seed of the random draws", "integer", "--seed"),
                ("run.method", "ec, var or bootstrap", TEXT, "--method"),
                ("run.n_paths", "number of paths", "count", "--paths"),
                ("run.block_paths", "paths per block (each block its own random stream)", "count", "finmodel.analysis.stochastic"),
                ("run.rng", "the random number generator and how it is seeded", TEXT, "finmodel.analysis.stochastic"),
                ("run.issuance_plan", "issuance plan", TEXT, "--issuance"),
                ("run.financing_rule", "risk, plan or gap: the rule of the headline figures", TEXT, "borrowing.yaml financing_rule"),
                ("run.ceiling_policy", "cap or breach", TEXT, "borrowing.yaml ceiling_policy"),
                ("run.warnings", "every warning about the inputs", "list of text", "input validation")),
]

_METRIC_WORDS = {
    "peak_debt_hkd_bn": ("highest debt (pool A)", BN), "peak_debt_to_gdp_pct": ("highest debt-to-GDP", GDP_PCT),
    "debt_to_gdp_end_pct": ("debt-to-GDP in the last year", GDP_PCT),
    "first_year_above_band": ("first year above the band's top beyond the published rounding (empty: never)", YEAR),
    "first_year_ceiling_binds": ("first year the ceiling binds (empty: never)", YEAR),
    "interest_to_revenue_end_pct": ("interest on pool A / revenue in the last year", PCT),
    "fiscal_reserves_end_hkd_bn": ("fiscal reserves in the last year", BN), "min_headroom_hkd_bn": ("smallest headroom under the ceiling", BN),
    "debt_end_hkd_bn": ("debt (pool A) in the last year", BN), "gross_issuance_total_hkd_bn": ("gross issuance over the years", BN),
}
ENGINE = "the engine on the shocked inputs (one batch; docs/sensitivity.md)"
METRIC_FIELDS = [(m, *_METRIC_WORDS[m], ENGINE) for m in METRICS]
CHANGE_FIELDS = [(c, f"{_METRIC_WORDS[m][0]}: this case − the baseline", PP if c.endswith("_pp") else BN, f"{m} of this row and of the baseline")
                 for m, c in CHANGES.items()]
_CASE = ("case", "the case's id (baseline, the standard cases, historical_worst)", TEXT, "finmodel.analysis.sensitivity.cases")
_DESC = ("description", "what the case shocks", TEXT, "finmodel.analysis.sensitivity.cases")
_RULE = ("financing_rule", "risk, plan, gap or borrow: the rule the row was run under", TEXT,
         "borrowing.yaml financing_rule; every rule for the land cases and the grid; the inputs' rule and borrow in sensitivity_by_rule.csv")

SENSITIVITY = [_CASE, _DESC, *METRIC_FIELDS, *CHANGE_FIELDS,
               ("group", "the case's group (baseline, growth, land, rates, issuance, capex, fx, combined)", TEXT, "finmodel.analysis.sensitivity.cases"),
               _RULE]
GRID = [_RULE, ("gdp_growth_pp", "growth shock, every year", "pp a year", "--gdp"),
        ("land_change_pct", "change in land premium", "%", "--land"), *METRIC_FIELDS,
        ("status", "ceiling_binds, above_band or within_band", TEXT, "first_year_ceiling_binds, first_year_above_band")]
_BY_NAME = {f[0]: f for f in METRIC_FIELDS + CHANGE_FIELDS}
LAND_RULES = [_CASE, _RULE, _DESC, *[_BY_NAME[c] for c in (
    "fiscal_reserves_end_hkd_bn", "change_fiscal_reserves_end_hkd_bn", "debt_end_hkd_bn", "change_debt_end_hkd_bn",
    "gross_issuance_total_hkd_bn", "change_gross_issuance_total_hkd_bn", "peak_debt_hkd_bn", "change_peak_debt_hkd_bn",
    "debt_to_gdp_end_pct", "change_debt_to_gdp_end_pp", "first_year_ceiling_binds", "min_headroom_hkd_bn")]]
SENSITIVITY_PATHS = [FY, ("<case>", "debt-to-GDP of the case (one column per case of sensitivity.csv)", GDP_PCT, ENGINE)]

SENSITIVITY_RUN = [
    *run_record("", *[(f"options.{k}", m, u, s) for k, m, u, s in (
        ("inputs", "inputs folder or workbook", TEXT, "--inputs"), ("scenario", SCENARIO_MEANING, TEXT, "--scenario"), *INPUT_OPTIONS,
        ("issuance", "issuance plan", TEXT, "--issuance"), ("horizon", "last fiscal year", YEAR, "--horizon"),
        ("charts", "whether charts were written", FLAG, "--no-charts"),
        ("gdp_pp", "the grid's growth shocks", "list of pp a year", "--gdp"), ("land_pct", "the grid's land premium changes", "list of %", "--land"))]),
    ("financing_rule", "the inputs' financing rule", TEXT, "borrowing.yaml financing_rule"),
    ("ceiling_policy", "cap or breach", TEXT, "borrowing.yaml ceiling_policy"),
    ("issuance_plan", "issuance plan", TEXT, "--issuance"),
    ("other_revenue_gdp_elasticity_used", "the buoyancy the model uses", "ratio", "fiscal.yaml other_revenue_gdp_elasticity"),
    ("cases", "every case, by id", "", "finmodel.analysis.sensitivity.cases"),
    ("cases.<case>", "what the case shocks", TEXT, "finmodel.analysis.sensitivity.cases"),
    ("historical_worst", "the episode the historical_worst case replays, every driver from the same years", "", "inputs/history"),
    ("historical_worst.growth_years", "the episode: the run of years with the lowest average nominal growth among those with "
     "GDP, land premium and rates all observed", "list of calendar years", "inputs/history/hk_macro.csv"),
    ("historical_worst.growth_pct", "its nominal growth, year by year", "list of % a year", "inputs/history/hk_macro.csv"),
    ("historical_worst.land_years", "the fiscal year before the episode, then the episode's", "list of fiscal years",
     "inputs/history/hk_land_premium.csv"),
    ("historical_worst.land_hkd_bn", "land premium in those years", "list of HK$ bn", "inputs/history/hk_land_premium.csv"),
    ("historical_worst.land_change_pct", "each episode year's land premium against the year before the episode", "list of %",
     "inputs/history/hk_land_premium.csv"),
    ("historical_worst.land_confidence", "whether those rows are verified or recalled", TEXT, "inputs/history confidence"),
    ("historical_worst.rates_years", "the year before the episode, then the episode's", "list of calendar years",
     "inputs/history/hk_rates_annual.csv"),
    ("historical_worst.rates_rise_bp", "the mid-curve proxy in each episode year less the year before it", "list of basis points",
     "inputs/history/hk_rates_annual.csv"),
    ("buoyancy_estimate", "the revenue buoyancy estimated from the record, beside the one used", "", "inputs/history; finmodel.analysis.sensitivity.buoyancy"),
    ("buoyancy_estimate.method", "the estimator", TEXT, "statsmodels OLS"),
    ("buoyancy_estimate.elasticity", "estimated elasticity of other revenue to nominal GDP", "ratio", "OLS on inputs/history"),
    ("buoyancy_estimate.ci95", "its 95% confidence interval", "list of 2 ratios", "OLS"),
    ("buoyancy_estimate.std_error", "its standard error", "ratio", "OLS"),
    ("buoyancy_estimate.r_squared", "R²", "share, 0 to 1", "OLS"),
    ("buoyancy_estimate.n_obs", "fiscal years in the sample", "count", "inputs/history"),
    ("buoyancy_estimate.sample", "the sample's fiscal years", "list of fiscal years", "inputs/history"),
    ("buoyancy_estimate.recalled_years", "years resting on recalled rows", "list of fiscal years", "inputs/history confidence"),
    ("buoyancy_estimate.caveats", "what limits the estimate", "list of text", "finmodel.analysis.sensitivity.buoyancy"),
    *[(f"buoyancy_estimate.{v}{k}", m, u, s) for v, w in (("verified_only", "on verified rows only"),
                                                           ("fiscal_year_gdp", "with fiscal-year GDP (0.75 × GDP_t + 0.25 × GDP_t+1)"))
      for k, m, u, s in (("", f"the estimate {w}", "", "OLS"), (".elasticity", f"elasticity {w}", "ratio", "OLS"),
                         (".ci95", "its 95% confidence interval", "list of 2 ratios", "OLS"), (".n_obs", "fiscal years", "count", "inputs/history"),
                         (".sample", "the sample's fiscal years", "list of fiscal years", "inputs/history"))],
]

COMPARE_HEADLINE = [
    ("item", "a headline figure of summary.json (peak_debt_hkd_bn, first_year_ceiling_binds, ...; 'never' for no year) or a run setting "
             "(issuance_plan, financing_rule, ceiling_policy, horizon)", TEXT, "finmodel.analysis.compare HEADLINE"),
    ("<scenario>", "the item for this scenario (one column per scenario, in the order given)", "the item's unit", "summary.json headline of the scenario's run"),
]
COMPARE_PATHS = [
    ("variable", "the projection.csv column of the row", TEXT, "finmodel.analysis.compare PATHS"),
    FY,
    ("<scenario>", "the variable in this scenario (one column per scenario)", "the variable's unit", "projection.csv of the scenario's run"),
]
COMPARE_RUN = [
    ("scenarios", "the scenarios compared, in order", "list of text", "the command line"),
    *run_record("", *[(f"options.{k}", m, u, s) for k, m, u, s in (
        ("inputs", "inputs folder or workbook", TEXT, "--inputs"), *INPUT_OPTIONS[:1],
        ("scenarios", "the scenarios as given (a name, a path, or a+b for a stack)", "list of text", "the command line"),
        ("issuance", "issuance plan", TEXT, "--issuance"), ("horizon", "last fiscal year", YEAR, "--horizon"),
        ("charts", "whether charts were written", FLAG, "--no-charts"))]),
    ("input_sha256.<scenario>", "the scenario's input files", "", "the input files"),
    ("input_sha256.<scenario>.<file>", "the file's SHA-256 (hex)", TEXT, "the input file"),
]

SOLVE_PATHS = [
    ("question", "max_constant_issuance, land_for_reserves_floor_hkd, land_for_reserves_floor_share or growth_shortfall_for_ceiling",
     TEXT, "finmodel solve"),
    FY,
    *[(c, m, u, "the engine at the answer") for c, m, u in (
        ("gross_issuance_hkd_bn", "gross issuance", BN), ("land_premium_hkd_bn", "land premium", BN),
        ("nominal_growth_pct", "nominal GDP growth", "% a year"), ("debt_hkd_bn", "debt (pool A)", BN),
        ("debt_to_gdp_pct", "debt-to-GDP", GDP_PCT), ("headroom_hkd_bn", "headroom under the ceiling", BN),
        ("fiscal_reserves_hkd_bn", "fiscal reserves", BN))],
]
SOLVE = [
    ("answers", "one answer per question", "", "finmodel.analysis.sensitivity.goalseek"),
    ("answers.<question>", "the answer to one question (keys as solve_paths.csv question)", "", "goal-seek on the engine"),
    ("answers.<question>.question", "the question in words", TEXT, "finmodel.analysis.sensitivity.goalseek"),
    ("answers.<question>.value", "the answer (null: none in the range searched; see note)", "answers.<question>.unit", "brentq on the engine"),
    ("answers.<question>.unit", "the answer's unit", TEXT, "finmodel.analysis.sensitivity.goalseek"),
    ("answers.<question>.residual", "the target's miss at the answer", "the target's unit", "the engine at the answer"),
    ("answers.<question>.binding_year", "the year the target binds", YEAR, "the engine at the answer"),
    ("answers.<question>.note", "how the answer was found and what it assumes", TEXT, "finmodel.analysis.sensitivity.goalseek"),
    ("answers.<question>.financing_rule", "the financing rule the question was run under", TEXT, "borrowing.yaml; the question"),
    ("answers.<question>.ceiling_policy", "the ceiling policy the question was run under", TEXT, "borrowing.yaml; the question"),
    *run_record("run.", *[(f"run.options.{k}", m, u, s) for k, m, u, s in (
        ("inputs", "inputs folder or workbook", TEXT, "--inputs"), ("scenario", SCENARIO_MEANING, TEXT, "--scenario"), *INPUT_OPTIONS,
        ("issuance", "issuance plan", TEXT, "--issuance"), ("horizon", "last fiscal year", YEAR, "--horizon"),
        ("limit_pct", "debt-to-GDP limit (null: the band's top)", GDP_PCT, "--limit"),
        ("floor_hkd_bn", "reserves floor (null: borrowing.yaml reserves_floor_hkd_bn)", BN, "--floor"),
        ("before", "the ceiling must bind before this year", YEAR, "--before"),
        ("financing_rule", "the financing rule asked for (null: borrowing.yaml financing_rule)", TEXT, "--financing-rule"))],
                ("run.method", "the root finder", TEXT, "scipy.optimize.brentq"),
                ("run.financing_rule", "the financing rule every question ran under", TEXT, "--financing-rule; borrowing.yaml financing_rule")),
]

_BT = "finmodel.analysis.backtest: the model's identities rolled forward on recorded flows"
BACKTEST = [FY,
            *[(f"{k}_hkd_bn", f"recorded {w}", BN, "inputs/history/hk_fiscal_long.csv, hk_borrowing.csv") for k, w in (
                ("revenue", "government revenue"), ("expenditure", "government expenditure"), ("gross_issuance", "gross issuance"),
                ("redemptions", "redemptions"), ("consolidated_balance", "consolidated balance"))],
            *[c for s, w in (("reserves", "fiscal reserves"), ("debt", "debt (pool A)")) for c in (
                (f"{s}_backtest_hkd_bn", f"{w} rolled forward from the opening position", BN, _BT),
                (f"{s}_recorded_hkd_bn", f"{w} as recorded (empty: none)", BN, "inputs/history"),
                (f"{s}_error_hkd_bn", "back-test − record", BN, "the two columns above"),
                (f"{s}_error_pct", "(back-test − record) / record", PCT, "the columns above"),
                (f"{s}_recorded_source", "S.. source of the record", TEXT, "inputs/history source"))],
            ("reserves_recorded_kind", "the record's kind: actual, provisional, revised, estimate, ...", TEXT, "inputs/history/hk_fiscal_long.csv kind"),
            ("debt_recorded_how", "how the recorded debt was obtained", TEXT, "inputs/history/hk_borrowing.csv"),
            ("flows_how", "how each flow was obtained where not read directly", TEXT, "inputs/history")]
BACKTEST_JSON = [
    ("start", "first fiscal year", YEAR, "--start"), ("end", "last fiscal year", YEAR, "the record"),
    *[c for s, w in (("opening_reserves", "fiscal reserves"), ("opening_debt", "debt (pool A)")) for c in (
        (s, f"opening {w} (31 March before the start)", "", "inputs/history"),
        (f"{s}.value", "the figure", BN, "inputs/history"), (f"{s}.kind", "the record's kind (actual, provisional, ...) or its confidence (verified)", TEXT, "inputs/history"),
        (f"{s}.source", "S.. source", TEXT, "inputs/history"), (f"{s}.how", "how it was obtained (empty: read)", TEXT, "inputs/history"))],
    ("mean_absolute_error", "mean absolute error of the back-test against the record", "", "backtest.csv"),
    *[c for s in ("reserves", "debt") for c in (
        (f"mean_absolute_error.{s}", f"of {s}", "", "backtest.csv"),
        (f"mean_absolute_error.{s}.years_compared", "years with a recorded figure", "count", "backtest.csv"),
        (f"mean_absolute_error.{s}.mae_hkd_bn", "mean |back-test − record|", BN, f"backtest.csv {s}_error_hkd_bn"),
        (f"mean_absolute_error.{s}.mae_pct", "mean |back-test − record| / record", PCT, f"backtest.csv {s}_error_pct"))],
    ("notes", "what limits the comparison", "list of text", _BT),
    *run_record("run.", ("run.options.start", "first fiscal year", YEAR, "--start"),
                ("run.options.history", "folder of the history tables", TEXT, "--history"),
                ("run.seed", "always null (deterministic)", "null", "the command")),
]
