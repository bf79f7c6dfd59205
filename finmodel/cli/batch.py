"""`finmodel batch CASES`: every row of a case file (.csv or .xlsx) run on the Budget plan's held paths.

Exit codes: 0 every row ran; 5 some rows did not run (each listed on stderr by row and column, and in
batch_bad_rows.csv), the others ran and were written; 2 the file is unusable (unreadable, a bad header,
no row that can run), nothing written; 3 and 130 as every command.
"""

from pathlib import Path

import click

from finmodel.cli.common import (
    EXIT_INPUT,
    EXIT_PARTIAL,
    guard,
    horizon_option,
    input_options,
    inputs_option,
    issuance_option,
    no_charts_option,
    out_option,
    scenario_option,
    written_line,
)


def _path_names(ctx, param, value):
    """--path: output lines of the engine by their projection.csv names; a usage error names the ones it takes."""
    from finmodel.analysis.batch import DEFAULT_PATHS, path_variables

    names = list(dict.fromkeys(value)) or list(DEFAULT_PATHS)
    known = path_variables()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: not an output line; one of {', '.join(known)}")
    return tuple(names)


@click.command(short_help="Run every case of a case file (.csv or .xlsx) as one batch.")
@click.argument("cases", type=click.Path(path_type=Path))
@inputs_option
@scenario_option
@issuance_option("Issuance plan of the baseline (a case's `issuance` column overrides it).")
@horizon_option
@click.option("--path", "path_names", multiple=True, callback=_path_names, metavar="LINE",
              help="An output line (a projection.csv column, e.g. debt_hkd_bn) whose path the workbook gives for every case; "
                   "repeat it for more [default: debt_to_gdp_pct and fiscal_reserves_hkd_bn].")
@out_option("outputs/<run>, e.g. outputs/batch_baseline_cases-csv_<hash>; see the README")
@no_charts_option
def batch(cases, inputs, scenario, issuance, horizon, path_names, out, no_charts):
    """Run every row of CASES (one case a row; columns: case, description, financing_rule, issuance and input lines
    as LINE or LINE[YYYY-YY]); write batch_summary.csv, batch_bad_rows.csv, batch_run.json, the workbook and a chart."""
    _run(cases, inputs, scenario, issuance, horizon, path_names, out, no_charts)


@guard
def _run(cases, inputs, scenario, issuance, horizon, path_names, out, no_charts):
    import sys

    from finmodel.analysis import batch as runner
    from finmodel.fiscal_year import label
    from finmodel.inputs.cases import read_case_file
    from finmodel.inputs.vintage import describe_with_note
    from finmodel.report.batch_tables import RECORD, check_batch, write_batch_record, write_batch_tables
    from finmodel.report.charts.batch import write_batch_chart
    from finmodel.report.finite import require_finite
    from finmodel.report.run_name import project_run_name, run_name
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.batch import batch_workbook
    from finmodel.runs import open_run

    case_file = read_case_file(cases)
    raw, budget, a = runner.load(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
    options = {"cases": str(cases), **input_options(inputs, scenario, a), "issuance": issuance, "horizon": label(a.years[-1]),
               "paths": list(path_names), "charts": not no_charts}
    options = {"run": run_name("batch", options, default_horizon=label(a.mrf_last_year)), **options}
    for w in a.warnings:
        click.echo(f"{w.severity}: {w}", err=True)
    with _worker(no_charts) as executor:   # the worker imports matplotlib while this process runs the cases
        b = runner.run_cases(raw, case_file, int(a.years[-1]), issuance, budget, path_names, options)
        for line in bad_lines(b):
            click.echo(line, err=True)
        if len(b.summary) == 1:
            click.echo(f"finmodel: no row of {case_file.shown} can run; nothing written", err=True)
            sys.exit(EXIT_INPUT)
        require_finite(check_batch(b))
        with open_run(out or Path("outputs") / options["run"], [inputs, cases], run=options["run"], given=out is not None) as folder:
            stage = folder.staging
            charts = None if no_charts else executor.submit(write_batch_chart, b, stage)   # beside the tables and workbook
            written = write_batch_tables(b, stage)
            baseline_book = workbook_name(project_run_name(options, default_horizon=label(a.mrf_last_year)))
            inputs_text = f"{describe_with_note(a.input_hashes)}; cases from {case_file.shown}"
            wb = batch_workbook(b, Run("finmodel batch", options, b.record()["input_sha256"], inputs=inputs_text), baseline_book)
            written.append(write_any(wb, stage / workbook_name(options["run"])))
            written += charts.result() if charts is not None else []
            written.append(write_batch_record(b, stage, folder.manifest(written + [stage / RECORD])))
    click.echo(cases_table(b))
    click.echo(written_line(folder.out, folder.published(written)))
    if len(b.bad_rows):
        sys.exit(EXIT_PARTIAL)


def _worker(no_charts):
    """The process that draws the chart (`analysis.parallel.pool`), started before the cases run; with --no-charts, none."""
    from contextlib import nullcontext

    from finmodel.analysis import parallel
    from finmodel.report.charts.style import import_matplotlib

    if no_charts:
        return nullcontext()
    return parallel.pool(workers=1, prepare=import_matplotlib)


def bad_lines(b) -> list:
    """The rows that did not run, one line each with where, the column, the value and what is allowed; then the warnings."""
    rows = b.bad_rows.to_dict("records")
    n = len(set(r["row"] for r in rows))
    lines = [f"finmodel: {n} row(s) of {b.case_file['path']} did not run (the others ran):"] if rows else []
    for r in rows:
        value = "" if r["value"] is None else f" = {r['value']!r}"
        lines.append(f"  {r['where']}: {r['column'] or 'row'}{value}: {r['problem']}")
    return lines + [f"warning: {w}" for w in b.warnings]


def cases_table(b, limit: int = 20) -> str:
    """The baseline and the cases (the first `limit`; all are in the files): columns in words over their units."""
    from finmodel.numbers import cell, number

    s = b.summary
    a = b.assumptions
    head = (f"{'Case':18s}{'Peak':>10s}{'Change':>8s}{'Above':>9s}{'Ceiling':>9s}{'Reserves':>10s}{'Change':>9s}  Run\n"
            f"{'':18s}{'debt/GDP':>10s}{'':>8s}{'band':>9s}{'binds':>9s}{'at end':>10s}{'':>9s}\n"
            f"{'':18s}{'%':>10s}{'pp':>8s}{'from':>9s}{'in':>9s}{'HK$ bn':>10s}{'HK$ bn':>9s}")
    lines = [f"Batch to {label_of(a)}: {len(s) - 1:,} case(s), {b.engine_calls} engine call(s); {a.financing_rule} rule and "
             f"{a.plan_name} plan unless a case says", head]
    for case, r in s.head(limit + 1).iterrows():
        lines.append(f"{case[:17]:18s}{cell(r['peak_debt_to_gdp_pct'], 2)}"
                     f"{number(r['change_peak_debt_to_gdp_pp'], 2, sign=True, minus='-'):>8s}"
                     f"{r['first_year_above_band'] or 'never':>9s}{r['first_year_ceiling_binds'] or 'never':>9s}"
                     f"{cell(r['fiscal_reserves_end_hkd_bn'], 1)}"
                     f"{number(r['change_fiscal_reserves_end_hkd_bn'], 1, sign=True, minus='-'):>9s}"
                     f"  {r['route']}")
    if len(s) > limit + 1:
        lines.append(f"... and {len(s) - limit - 1:,} more in batch_summary.csv")
    lines.append(f"Baseline verdict: {s.iloc[0]['ceiling_verdict']}; {s.iloc[0]['band_verdict']}.")
    return "\n".join(line.rstrip() for line in lines)


def label_of(a) -> str:
    from finmodel.fiscal_year import label

    return label(a.years[-1])
