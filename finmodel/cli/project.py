"""`finmodel project`: the main job. Load, run, print the table and verdict, write every output."""

import sys
from pathlib import Path

import click

from finmodel.cli.common import (
    EXIT_BREACH,
    guard,
    horizon_option,
    inputs_option,
    issuance_option,
    no_charts_option,
    out_option,
    scenario_option,
    written_line,
)


@click.command(short_help="Project debt against the ceiling and the band.")
@inputs_option
@scenario_option
@issuance_option()
@horizon_option
@out_option("outputs/<run>, the run named after what differs from the default: baseline, "
            "baseline_high-issuance, baseline_to-2050-51, low_land, baseline_edited-xlsx_<hash>; see the README")
@no_charts_option
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 if the ceiling binds or the band's top is exceeded beyond its rounding.")
@guard
def project(inputs, scenario, issuance, horizon, out, no_charts, fail_on_breach):
    """Project the debt path and write projection.csv, bonds.csv, peers.csv, summary.json, the workbook, charts and the brief."""
    from contextlib import ExitStack

    from finmodel.analysis.heat_map import build as build_heat_map
    from finmodel.fiscal_year import label
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.finite import require_finite
    from finmodel.report.tables import check_tables, write_summary, write_tables
    from finmodel.report.run_name import run_name
    from finmodel.runs import open_run

    with ExitStack() as published:   # the run folder: published when this block ends without an error
        with _charts_process(no_charts) as charts:
            name = scenario or "baseline"
            a = load_inputs(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
            options = {"inputs": str(inputs), "scenario": name, "issuance": issuance, "horizon": label(a.years[-1]),
                       "charts": not no_charts, "fail_on_breach": fail_on_breach}
            options = {"run": run_name("project", options, default_horizon=label(a.mrf_last_year)), **options}
            folder = published.enter_context(open_run(out or Path("outputs") / options["run"], [inputs], run=options["run"],
                                                      given=out is not None))
            stage = folder.staging
            for w in a.warnings:
                click.echo(f"warning: {w}", err=True)
            res = run(a, scenario=name, options=options)
            extra = {"heat_map": build_heat_map(res)}
            require_finite(check_tables(res, extra_summary={k: v.to_dict() for k, v in extra.items()}))
            wait_for_charts = charts.send(res, stage, extra["heat_map"]) if charts is not None else None
        from finmodel.report.workbook.build import write_workbook   # here: the charts' process does not need it

        try:
            written = write_tables(res, stage)
            written.append(write_workbook(res, stage, heat_map=extra["heat_map"]))
        finally:   # even when the workbook failed: no process left writing once this one has reported
            charts_written = wait_for_charts() if wait_for_charts is not None else []
        written += charts_written
        manifest = folder.manifest(written + [stage / "summary.json"])
        written.append(write_summary(res, stage, manifest, extra_summary={k: v.to_dict() for k, v in extra.items()}))
    click.echo(_table(res))
    click.echo(res.verdict())
    if res.budget_line():
        click.echo(res.budget_line())
    click.echo(written_line(folder.out, folder.published(written)))
    h = res.summary()["headline"]
    if fail_on_breach and (h["first_year_ceiling_binds"] or h["first_year_above_band"]):
        sys.exit(EXIT_BREACH)


def _charts_process(no_charts):
    """The process that draws the charts and the brief, forked now so that it imports matplotlib while this one
    loads the inputs and runs the model (a context: it leaves if the run fails before its results are sent).

    pandas is imported first, so that both processes share one import: the results sent to the child are pandas
    frames, and unpickling them imported pandas there once more (~0.15 CPU-s, and the charts started that much later).
    """
    from contextlib import nullcontext

    if no_charts:
        return nullcontext()
    import pandas  # noqa: F401 - shared with the child (see above)

    from finmodel.analysis import parallel
    from finmodel.report.chart_style import import_matplotlib

    return parallel.start_later(_draw_charts_and_brief, prepare=import_matplotlib)


def _draw_charts_and_brief(res, out, heat_map) -> list:
    """Every chart, brief.html and brief.pdf, in two processes sharing one matplotlib import: a fork draws the peers
    charts, the heat map and brief.html while this one draws the charts by year, the Budget chart and brief.pdf
    (measured: the two then end within ~0.1 s, the first process having written the tables and workbook meanwhile)."""
    from finmodel.analysis import parallel
    from finmodel.report.brief import write_html
    from finmodel.report.brief_pdf import write_pdf
    from finmodel.report.charts import write_budget_chart, write_comparison_charts, write_projection_charts

    html_process = parallel.start(lambda: write_comparison_charts(res, out, heat_map=heat_map, budget=False)
                                  + [write_html(res, out, heat_map)])
    try:
        written = write_projection_charts(res, out) + write_budget_chart(res, out) + [write_pdf(res, out, heat_map)]
    finally:   # even when this part failed: the fork is reaped before the error is reported
        html_written = html_process()
    return written + html_written


def _table(res) -> str:
    from finmodel.report.run_name import run_of

    p = res.projection
    cols = [("gross_issuance_hkd_bn", "Issuance", "{:9.1f}"), ("redemptions_hkd_bn", "Redeemed", "{:9.1f}"),
            ("debt_hkd_bn", "Debt", "{:9.1f}"), ("debt_to_gdp_pct", "Debt/GDP%", "{:9.2f}"),
            ("headroom_hkd_bn", "Headroom", "{:9.1f}"), ("interest_to_revenue_pct", "Int/Rev%", "{:9.2f}"),
            ("fiscal_reserves_hkd_bn", "Reserves", "{:9.1f}")]
    a = res.assumptions
    lines = [f"{'HK$ bn':9s}" + "".join(f"{h:>10s}" for _, h, _ in cols)]
    for y, row in p.iterrows():
        mark = "*" if row["beyond_mrf"] else " "
        lines.append(f"{y + mark:9s}" + "".join(" " + f.format(row[c]) for c, _, f in cols))
    if p["beyond_mrf"].any():
        lines.append("* beyond the official forecast (MRF ends " + res.summary()["headline"]["mrf_last_year"] + ")")
    lines.append(f"Run {run_of(res.options, res.scenario)}: scenario {res.scenario}, inputs {res.options.get('inputs')}, "
                 f"{a.plan_name} issuance plan, {a.financing_rule} rule, ceiling {a.ceiling_policy}.")
    return "\n".join(lines)
