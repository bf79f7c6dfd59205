"""`finmodel simulate`: stochastic projections, fan charts and breach probabilities.

Thin wiring: load inputs, estimate the shock model from inputs/history, simulate in blocks
(progress bar on a terminal only), print the table and write every output. statsmodels,
numpy, pandas, matplotlib and openpyxl are imported inside the command.
"""

import concurrent.futures
from pathlib import Path

import click

from finmodel.cli.common import (
    guard,
    horizon_option,
    input_options,
    inputs_option,
    issuance_option,
    load_with_history,
    no_charts_option,
    out_option,
    progress,
    scenario_option,
    status,
    written_line,
)

DEFAULT_SEED = 2026
BAR_ABOVE_PATHS = 200_000   # measured: about 1 s of simulation; shorter runs show no bar
SHARED_SHOCKS_PATH_YEARS = 1_000_000   # up to here (~70 MB) the borrow rule reuses the first run's shocks, not drawing them again
SPLIT_ABOVE_PATHS = 200_000  # above: the worker runs half the blocks; below, the charts keep it busy (benchmarks/README.md)


@click.command(short_help="Monte Carlo: the risk of the ceiling binding.")
@inputs_option
@scenario_option
@issuance_option("Which issuance plan to follow.")
@horizon_option
@click.option("--paths", "n_paths", type=click.IntRange(1, 2_000_000), default=10_000, show_default=True,
              help="Number of simulated paths (measured on two cores: about 0.15 s per 100,000 paths to 2030-31 and 0.6 s to "
                   "2050-51, on top of about 0.9 s for the rest of the run; about 15 bytes of memory per path and year "
                   "beyond a base of 110 MB).")
@click.option("--seed", type=click.IntRange(0, None), default=DEFAULT_SEED, show_default=True,
              help="Seed of the random draws: the same seed gives the same outputs, byte for byte.")
@click.option("--method", type=click.Choice(["ec", "var", "bootstrap"]), default="ec", show_default=True,
              help="ec: joint normal draws from the historical covariance (no lags); var: a VAR, lags by BIC "
                   "(statsmodels); bootstrap: blocks of historical years resampled.")
@click.option("--exclude-recalled", is_flag=True, help="Leave out the history rows marked 'recalled' (no primary source).")
@click.option("--parameter-uncertainty", is_flag=True,
              help="Each block of paths draws its covariance from the estimate's sampling distribution.")
@click.option("--calibration", type=click.Choice(["record", "none"]), default="record", show_default=True,
              help="record: scale the shocks so that the fan covers the Government's past forecast errors (docs/stochastic.md); "
                   "none: the shocks as estimated. The coverage table is written either way.")
@out_option("outputs/<run>, e.g. outputs/simulate_baseline_10000-paths_seed-2026 (paths and seed always, "
            "other options when not their default; see the README)")
@no_charts_option
@guard
def simulate(inputs, scenario, issuance, horizon, n_paths, seed, method, exclude_recalled, parameter_uncertainty, calibration,
             out, no_charts):
    """Simulate shocks to growth, inflation, land, rates, FX and revenue; print and write the risk of the ceiling binding."""
    from finmodel.analysis import forecast_record, shock_model
    from finmodel.fiscal_year import label
    from finmodel.inputs import history
    from finmodel.report.run_name import run_name
    from finmodel.runs import open_run

    tables = tuple(dict.fromkeys(shock_model.HISTORY_TABLES + forecast_record.TABLES))
    with _worker(no_charts) as executor:
        a = load_with_history(inputs, tables, scenario=scenario, horizon=horizon, issuance=issuance)
        options = {**input_options(inputs, scenario, a), "issuance": issuance, "horizon": label(a.years[-1]),
                   "paths": n_paths, "seed": seed, "method": method, "exclude_recalled": exclude_recalled,
                   "parameter_uncertainty": parameter_uncertainty, "calibration": calibration, "charts": not no_charts}
        options = {"run": run_name("simulate", options, default_horizon=label(a.mrf_last_year)), **options}
        with open_run(out or Path("outputs") / options["run"], [inputs, history.folder_of(inputs)], run=options["run"],
                      given=out is not None) as folder:
            sim, model, record, written, coverage_text = _simulate_into(
                folder.staging, folder, a, options, inputs, scenario, issuance, horizon, method, exclude_recalled, n_paths,
                seed, parameter_uncertainty, calibration, no_charts, executor)
    click.echo(table(sim, model))
    click.echo(rules_table(record["by_rule"], sim))
    click.echo(coverage_text)
    click.echo(written_line(folder.out, folder.published(written)))


def _simulate_into(stage, folder, a, options, inputs, scenario, issuance, horizon, method, exclude_recalled, n_paths, seed,
                   parameter_uncertainty, calibration, no_charts, executor):
    """Estimate, simulate and write every output into the staging folder `stage`: (simulation, shock model, files).

    Every piece of work handed to the worker (`executor`) is waited for before this returns or raises, so nothing is
    written into `stage` once the run's folder is published or discarded."""
    charts = []
    try:
        return _write_run(stage, folder, a, options, inputs, scenario, issuance, horizon, method, exclude_recalled, n_paths,
                          seed, parameter_uncertainty, calibration, no_charts, executor, charts)
    finally:
        concurrent.futures.wait(charts)


def _write_run(stage, folder, a, options, inputs, scenario, issuance, horizon, method, exclude_recalled, n_paths, seed,
               parameter_uncertainty, calibration, no_charts, executor, charts):
    """`_simulate_into`'s steps; `charts` collects the futures of the charts handed to the worker."""
    from finmodel.analysis import forecast_record, parallel, record_coverage, shock_model
    from finmodel.fiscal_year import label
    from finmodel.inputs import history
    from finmodel.report import record as record_export
    from finmodel.report import stochastic as export
    from finmodel.report.finite import require_finite
    from finmodel.report.run_name import project_run_name
    from finmodel.report.charts.record import record_lines, write_coverage_chart, write_record_chart
    from finmodel.report.charts.stochastic import write_charts
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.record import record_sheets
    from finmodel.report.workbook.stochastic import stochastic_workbook

    for w in a.warnings:
        click.echo(f"{w.severity}: {w}", err=True)
    run = options["run"]
    history_dir = history.folder_of(inputs)
    model = shock_model.load(history_dir, method=method, exclude_recalled=exclude_recalled)
    forecasts = forecast_record.load(history_dir)
    hashes = {**shock_model.history_hashes(history_dir), **history.hashes(history_dir, forecast_record.TABLES)}
    fit = record_coverage.uncalibrated()
    if calibration == "record":
        fit, hashes = _calibration(inputs, a, scenario, issuance, horizon, model, forecasts, method, exclude_recalled,
                                   parameter_uncertainty, hashes, executor)
    input_sha256 = {**a.input_hashes, **hashes}   # the run record's (`report.stochastic.summary`), for the source lines
    model = record_coverage.apply(model, fit)
    # The worker draws the charts while this process simulates and writes the tables: the forecast record's chart
    # (it needs only the record) now, the fan charts as soon as the run's fans are known, the coverage chart last.
    if not no_charts:
        charts.append(executor.submit(write_record_chart, record_lines(forecasts), stage, run, input_sha256))
    draw_fans = None if no_charts else (lambda sim: charts.append(executor.submit(write_charts, sim, a, stage, run, input_sha256)))
    sim, beside = _both_rules(a, model, n_paths, seed, method, parameter_uncertainty, executor, draw_fans)
    status(f"Writing the outputs to {folder.out}", show=n_paths > BAR_ABOVE_PATHS)
    coverage = record_coverage.coverage_rows(sim, forecasts, fit)
    if not no_charts:
        charts.append(executor.submit(write_coverage_chart, coverage, sim, stage, run, input_sha256))
    record = {**export.summary(sim, model, a, options, hashes), **record_export.summary_keys(forecasts, coverage, fit)}
    record["by_rule"] = export.by_rule({a.financing_rule: sim, "borrow": beside})
    require_finite(export.check_outputs(sim, record))
    written = export.write_csvs(sim, stage)
    baseline_book = workbook_name(project_run_name(options, default_horizon=label(a.mrf_last_year)))
    wb = stochastic_workbook(sim, model, export.shock_model_label(model), Run("finmodel simulate", options, record["run"]["input_sha256"]),
                             baseline_book, record_sheets(forecasts, coverage, fit))
    written.append(write_any(wb, stage / workbook_name(run)))
    written += record_export.write_record(forecasts, coverage, fit, stage)
    record_chart, fan_charts, coverage_chart = parallel.results(charts) if charts else ([], [], [])
    written += record_chart + coverage_chart + fan_charts
    written.append(export.write_model(model, stage))
    written.append(export.write_summary(record, stage, folder.manifest(written + [stage / "summary.json"])))
    return sim, model, record, written, record_export.coverage_text(forecasts, coverage, fit)


def _calibration(inputs, a, scenario, issuance, horizon, model, forecasts, method, exclude_recalled, parameter_uncertainty,
                 hashes, executor):
    """(the shock scale fitted to the forecast record, the run's history hashes with the stored fit's when read).

    The scale belongs to the shock model, not to the run (`record_coverage`): it is fitted on the inputs' own baseline
    (no scenario, the central plan, the default horizon but at least five years: `calibration_inputs`), stored by
    `finmodel fit` (`inputs/fitted_shocks.yaml`) and read from there when it rests on this run's inputs, history and
    options; otherwise fitted here, the same way."""
    from finmodel.analysis import record_coverage
    from finmodel.inputs import fitted_shocks

    own = scenario is None and horizon is None and issuance == "central"
    a_fit = record_coverage.calibration_inputs(inputs, a if own else None)
    key = record_coverage.calibration_key({**a_fit.input_hashes, **hashes}, method, exclude_recalled, parameter_uncertainty)
    stored = fitted_shocks.read(inputs)
    fit = record_coverage.held_or_fitted(stored, key, lambda: record_coverage.calibrate(
        a_fit, model, forecasts, method, parameter_uncertainty, executor=executor), model)
    if fit.fitted_by != record_coverage.FITTED_HERE:
        hashes = {**hashes, fitted_shocks.FILE_NAME: stored.sha256}
    return fit, hashes


def _both_rules(a, model, n_paths, seed, method, parameter_uncertainty, executor, draw_fans):
    """The run under the inputs' financing rule and the same paths (same seed) under the borrow rule (shortfalls against
    the plan's reserves path borrowed: the other half of the question), with a progress bar on a terminal.

    Up to SPLIT_ABOVE_PATHS this process runs every block and `draw_fans(sim)` hands the fan charts to the worker as soon
    as the first run is done; above it the worker runs half the blocks of each rule, then draws them."""
    from dataclasses import replace

    from finmodel.analysis.stochastic import BLOCK_PATHS, SharedShocks
    from finmodel.analysis.stochastic import simulate as simulate_paths

    split = n_paths > SPLIT_ABOVE_PATHS
    n_blocks = -(-n_paths // BLOCK_PATHS)
    store = SharedShocks(n_paths, a.n_years, SHARED_SHOCKS_PATH_YEARS)   # the borrow rule takes the first run's shocks
    summary_steps = max(1, n_blocks // 10)   # the percentiles and the tables: the bar's last part
    step = 2 if split else 1                 # each block done here stands for two when the worker runs half
    with progress(f"Simulating {n_paths:,} paths", 2 * n_blocks + summary_steps, show=n_paths > BAR_ABOVE_PATHS) as advance:
        runs = []
        for rules in (a, replace(a, financing_rule="borrow")):
            runs.append(simulate_paths(rules, model, n_paths, seed, method, on_block=lambda b: advance(step),
                                       executor=executor if split else None, parameter_uncertainty=parameter_uncertainty,
                                       store=store))
            if draw_fans is not None and len(runs) == (2 if split else 1):
                draw_fans(runs[0])
        advance(summary_steps)
    return runs[0], runs[1]


def _worker(no_charts):
    """One worker process (`analysis.parallel.pool`), started before the inputs are read: it imports matplotlib (unless
    --no-charts) while this process reads them; runs a quarter of the calibration's scales when the scale is fitted at
    run time; then draws the charts (the forecast record's while this process simulates, the fan charts and the
    coverage chart while it runs the borrow rule, works out the coverage table and writes the tables and the workbook).
    Neither process imports pandas (the history tables are read as rows, `history.read_rows`); the worker, which draws
    from first to last, does no other work (benchmarks/README.md, "Round 6")."""
    from finmodel.analysis import parallel
    from finmodel.report.charts.style import import_matplotlib

    return parallel.pool(workers=1, prepare=None if no_charts else import_matplotlib)


def table(sim, model) -> str:
    """Per fiscal year: debt-to-GDP and reserves (median, 10th to 90th percentile), and each distinct event's probability
    by that year; figures at their unit's precision, ranges "low to high" (`finmodel.numbers`)."""
    from finmodel import numbers
    from finmodel.analysis.stochastic import PERCENTILES, same_event_words, shown_events
    from finmodel.fiscal_year import labels
    from finmodel.report.stochastic import shock_model_label

    heads = {"ceiling_binds": ("P(ceiling", "binds)"), "above_band": (f"P(>{sim.band_high_pct:g}%", "+rounding)"),
             "reserves_below_floor": ("P(reserves", "< floor)"), "squeeze": ("P(both)", "")}
    shown = shown_events(sim)
    i = {p: n for n, p in enumerate(PERCENTILES)}
    r, res = sim.fan["debt_to_gdp_pct"], sim.fan["fiscal_reserves_hkd_bn"]
    c, se = sim.p_cumulative, sim.se_cumulative
    lines = [f"{sim.n_paths:,} paths, shocks from the {shock_model_label(model)} on {model.sample_years[0]} to "
             f"{model.sample_years[-1]}, seed {sim.seed}, {sim.financing_rule} financing rule. Probabilities: in that year or any "
             "earlier one (the largest Monte Carlo standard error below).",
             f"{'':9s}{'Debt-to-GDP, % of GDP':^26s}{'Fiscal reserves, HK$ bn':^32s}" + "".join(f"{heads[e][0]:>12s}" for e in shown),
             f"{'Year':9s}{'median':>7s}{'10th to 90th pct':>19s}{'median':>10s}{'10th to 90th pct':>22s}"
             + "".join(f"{heads[e][1]:>12s}" for e in shown)]
    for t, y in enumerate(labels(sim.years)):
        lines.append(f"{y:9s}{numbers.cell(r[i[50], t], 2, 7)}{numbers.span(r[i[10], t], r[i[90], t], 2):>19s}"
                     f"{numbers.cell(res[i[50], t], 1, 10)}{numbers.span(res[i[10], t], res[i[90], t], 1):>22s}"
                     + "".join(f"{numbers.share(c[e][t]):>12s}" for e in shown))
    lines.append(f"{'s.e.':9s}{'':58s}" + "".join(f"{'±' + numbers.share(se[e].max()):>12s}" for e in shown))
    note = same_event_words(sim)
    return "\n".join(line.rstrip() for line in lines + ([note] if note else []))


def rules_table(rules: dict, sim) -> str:
    """The same paths under the reserves-buffer rule and the borrow rule, in the last year: where a shock lands."""
    from finmodel.fiscal_year import labels

    end = labels(sim.years)[-1]
    lines = [f"In {end}, the same paths under each financing rule (reserves buffer: shocks land on reserves; borrow: "
             "shortfalls against the plan's reserves path are borrowed):",
             f"{'rule':9s}{'Debt HK$ bn p50 (p90)':>24s}{'Debt/GDP % p50 (p90)':>24s}{'Reserves p50 (p10)':>22s}"
             f"{'P(ceiling binds)':>20s}"]
    for rule, r in rules.items():
        d, g, res = r["debt_end_hkd_bn"], r["debt_to_gdp_end_pct"], r["fiscal_reserves_end_hkd_bn"]
        lines.append(f"{rule:9s}{d['p50']:14.1f} ({d['p90']:6.1f}){g['p50']:15.2f} ({g['p90']:6.2f})"
                     f"{res['p50']:13.1f} ({res['p10']:6.1f}){r['p_ceiling_binds_by_end']:13.1%} ±{r['p_ceiling_binds_by_end_se']:.1%}")
    return "\n".join(lines)
