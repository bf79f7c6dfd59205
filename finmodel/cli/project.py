"""`finmodel project`: the main job. Load, run, print the table and verdict, write every output."""

import sys
from pathlib import Path

import click

from finmodel import fiscal_year
from finmodel.cli.common import (
    EXIT_BREACH,
    guard,
    horizon_option,
    input_options,
    inputs_option,
    issuance_option,
    lang_option,
    require_cjk_font,
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
            f"baseline_high-issuance, baseline_to-{fiscal_year.example(24)}, low_land, baseline_edited-xlsx_<hash>; see the README")
@no_charts_option
@click.option("--fail-on-breach", is_flag=True, help="Exit 4 if the ceiling binds or the band's top is exceeded beyond its rounding.")
@lang_option
@guard
def project(inputs, scenario, issuance, horizon, out, no_charts, fail_on_breach, lang):
    """Project the debt path and write projection.csv, bonds.csv, peers.csv, summary.json, the workbook, charts and the brief."""
    from contextlib import ExitStack

    from finmodel.analysis import parallel
    from finmodel.analysis.forecast_record import record_line
    from finmodel.analysis.heat_map import build as build_heat_map
    from finmodel.analysis.long_run import build as build_long_run
    from finmodel.report.long_run import sentence as long_run_sentence, text as long_run_text, write_long_run
    from finmodel.inputs import history
    from finmodel.fiscal_year import label
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.finite import require_finite
    from finmodel.report.tables import check_tables, write_summary, write_tables
    from finmodel.report.run_name import run_name
    from finmodel.runs import open_run
    from finmodel.translation import language

    if lang != "en" and not no_charts:
        require_cjk_font()
    with ExitStack() as published:   # the run folder: published when this block ends without an error
        with _chart_workers(no_charts) as workers:   # left (every drawing done or cancelled) before the folder is published
            a = load_inputs(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
            options = {**input_options(inputs, scenario, a), "issuance": issuance, "horizon": label(a.years[-1]),
                       "charts": not no_charts, "fail_on_breach": fail_on_breach, **({"lang": lang} if lang != "en" else {})}
            name = options["scenario"]
            options = {"run": run_name("project", options, default_horizon=label(a.mrf_last_year)), **options}
            folder = published.enter_context(open_run(out or Path("outputs") / options["run"], [inputs, history.folder_of(inputs)],
                                                      run=options["run"], given=out is not None))
            stage = folder.staging
            for w in a.warnings:
                click.echo(f"{w.severity}: {w}", err=True)
            res = run(a, scenario=name, options=options)
            extra = {"heat_map": build_heat_map(res)}
            long_run = build_long_run(res.assumptions, res.arrays)   # None for a run to the MRF
            if long_run is not None:
                extra["long_run"] = long_run
            record = record_line(history.folder_of(inputs))   # the brief's sentence on past Budgets' forecasts (None: no tables)
            if record is not None:
                extra["forecast_record"] = record
            require_finite(check_tables(res, extra_summary={k: v.to_dict() for k, v in extra.items()}))
            sentence = record.sentence if record is not None else ""
            with language(lang):   # the brief's sentences in its language (summary.json keeps the English record)
                if record is not None and lang != "en":
                    sentence = record_line(history.folder_of(inputs)).sentence
                long_sentence = long_run_sentence(long_run) if long_run is not None else ""
            drawing = submit_charts(workers, res, stage, extra["heat_map"], sentence, long_sentence, lang) if workers is not None else []
            if workers is not None and long_run is not None:
                from finmodel.report.charts.long_run import write_long_run_charts

                drawing.append(workers.submit(write_long_run_charts, res, long_run, stage))
            from finmodel.report.workbook.build import write_workbook   # here: the chart workers do not need it

            written = write_tables(res, stage) + (write_long_run(long_run, stage) if long_run is not None else [])
            written.append(write_workbook(res, stage, heat_map=extra["heat_map"], long_run=long_run))
            written += [path for paths in parallel.results(drawing) for path in paths]
        manifest = folder.manifest(written + [stage / "summary.json"])
        written.append(write_summary(res, stage, manifest, extra_summary={k: v.to_dict() for k, v in extra.items()}))
    click.echo(_table(res))
    if res.assumptions.opening_outturn is not None:
        click.echo(res.assumptions.opening_outturn.line())
    click.echo(res.verdict())
    if long_run is not None:
        click.echo(long_run_text(long_run))
    if res.budget_line():
        click.echo(res.budget_line())
        from finmodel.model.plan_text import leave_one_out_line

        if leave_one_out_line(res.assumptions.fit.get("leave_one_out")):
            click.echo(leave_one_out_line(res.assumptions.fit.get("leave_one_out")))
    click.echo(written_line(folder.out, folder.published(written)))
    h = res.summary()["headline"]
    if fail_on_breach and (h["first_year_ceiling_binds"] or h["first_year_above_band"]):
        sys.exit(EXIT_BREACH)


def _chart_workers(no_charts):
    """Two worker processes for the charts and the brief (`analysis.parallel.pool`; none with --no-charts).

    pandas is imported here first, so that the forked workers share it (the results sent to them are pandas frames);
    each worker imports matplotlib itself as it starts, while this process, which draws nothing, reads the inputs and
    runs the model. Imported here instead and shared, matplotlib cost less CPU (~0.2 CPU-s: one import, not two) but
    more time: the second core stood idle while this process imported it alone (benchmarks/README.md, round 6).
    """
    from contextlib import nullcontext

    if no_charts:
        return nullcontext()
    import pandas  # noqa: F401 - shared with the workers (see above)

    from finmodel.analysis import parallel
    from finmodel.report.charts.style import import_matplotlib

    return parallel.pool(workers=2, prepare=import_matplotlib)


def submit_charts(executor, res, out, heat_map, record_sentence: str = "", long_run_sentence: str = "", lang: str = "en") -> list:
    """Start drawing every chart, brief.html and brief.pdf into `out` on `executor`; return the Futures, whose results
    are lists of the Paths written, in `chart_pieces`' order.

    Submitted longest first (measured CPU: the peers charts ~0.7 s, the brief ~0.38, the heat map ~0.32, the Budget
    chart ~0.14, each chart by year ~0.08), each worker taking the next piece when it is free: the two workers then
    end within about one chart of each other. As two fixed halves (the charts by year, the Budget chart and the brief;
    the peers charts and the heat map) one worker ran ~0.15 CPU-s alone at the end."""
    pieces = chart_pieces(res, out, heat_map, record_sentence, long_run_sentence, lang)
    year, (budget, brief, peers, heat) = pieces[:-4], pieces[-4:]
    futures = {id(piece): executor.submit(*piece) for piece in [peers, brief, heat, budget, *year]}
    return [futures[id(piece)] for piece in pieces]


def draw_charts(res, out, heat_map, record_sentence: str = "") -> list:
    """Every chart, brief.html and brief.pdf drawn into `out` in this process; return the Paths written."""
    return [path for fn, *args in chart_pieces(res, out, heat_map, record_sentence) for path in fn(*args)]


def chart_pieces(res, out, heat_map, record_sentence: str = "", long_run_sentence: str = "", lang: str = "en") -> list:
    """The drawing as pieces (function, *arguments), each returning the Paths it wrote: each chart by year, the Budget
    chart, the brief (PDF and HTML), the peers charts, the heat map; in this order the files are listed."""
    from finmodel.report.brief.pdf import write_brief
    from finmodel.report.charts.projection import (
        YEAR_CHARTS,
        write_budget_chart,
        write_heat_map_chart,
        write_peer_charts,
        write_projection_charts,
    )

    return ([(write_projection_charts, res, out, (name,)) for name, _, _ in YEAR_CHARTS]
            + [(write_budget_chart, res, out), (write_brief, res, out, heat_map, record_sentence, long_run_sentence, lang),
               (write_peer_charts, res, out), (write_heat_map_chart, res, out, heat_map)])


def _table(res) -> str:
    """The projection by fiscal year: each column's name in words over its unit, figures at the unit's precision
    (`finmodel.numbers`: thousands separated, ASCII minus so a pasted column stays numbers)."""
    from finmodel import numbers
    from finmodel.model.variables import BY_NAME
    from finmodel.report.run_name import run_of

    p = res.projection
    cols = [("gross_issuance_hkd_bn", "Issuance"), ("redemptions_hkd_bn", "Redeemed"), ("debt_hkd_bn", "Debt"),
            ("debt_to_gdp_pct", "Debt/GDP"), ("headroom_hkd_bn", "Headroom"), ("interest_to_revenue_pct", "Int./rev."),
            ("fiscal_reserves_hkd_bn", "Reserves")]
    a = res.assumptions
    lines = [f"{'Fiscal':9s}" + "".join(f"{h:>10s}" for _, h in cols),
             f"{'year':9s}" + "".join(f"{BY_NAME[c].unit:>10s}" for c, _ in cols)]
    for y, row in p.iterrows():
        mark = "*" if row["beyond_mrf"] else " "
        lines.append(f"{y + mark:9s}" + "".join(numbers.cell(row[c], numbers.decimals_of(BY_NAME[c].fmt)) for c, _ in cols))
    if p["beyond_mrf"].any():
        lines.append("* beyond the official forecast (MRF ends " + res.summary()["headline"]["mrf_last_year"] + ")")
    lines.append(f"Run {run_of(res.options, res.scenario)}: scenario {res.scenario}, inputs {res.options.get('inputs')}, "
                 f"{a.plan_name} issuance plan, {a.financing_rule} rule, ceiling {a.ceiling_policy}.")
    return "\n".join(lines)
