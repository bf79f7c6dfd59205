"""Command-line interface: thin wiring from options to the API, exporters and exit codes.

Exit codes: 0 success; 1 the model ran but a threshold was breached and --fail-on-breach was
given; 2 bad input or usage. User errors never show a traceback unless --debug is given.
Heavy libraries (numpy, pandas, matplotlib, openpyxl) are imported inside the commands.
"""

import sys
from pathlib import Path

import click

from finmodel import __version__
from finmodel.commands.common import (EXIT_BREACH, Context, guard, horizon_option, inputs_option, issuance_option,
                                     no_charts_option, out_option, scenario_option)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="finmodel")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx, debug):
    """finmodel: Hong Kong government debt projections against the HK$900bn ceiling and the 14.4-19.9% band."""
    ctx.obj = Context(debug)


@main.command()
@inputs_option
@scenario_option
@issuance_option()
@horizon_option
@out_option("outputs/<scenario>")
@no_charts_option
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 if the ceiling binds or the band's top is exceeded.")
@guard
def project(inputs, scenario, issuance, horizon, out, no_charts, fail_on_breach):
    """Project the debt path and write projection.csv, bonds.csv, peers.csv, summary.json, the workbook and charts."""
    from finmodel.api import load_inputs, run
    from finmodel.export.excel import safe_name, write_workbook
    from finmodel.export.tables import write_tables
    from finmodel.fiscal_year import label

    a = load_inputs(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
    for w in a.warnings:
        click.echo(f"warning: {w}", err=True)
    name = scenario or "baseline"
    options = {"inputs": str(inputs), "scenario": name, "issuance": issuance, "horizon": label(a.years[-1]),
               "charts": not no_charts}
    res = run(a, scenario=name, options=options)
    out = out or Path("outputs") / safe_name(name)
    out.mkdir(parents=True, exist_ok=True)
    charts = None
    if not no_charts:
        from finmodel import parallel
        from finmodel.export.charts import write_charts

        charts = parallel.start(lambda: write_charts(res, out))
    written = write_tables(res, out)
    written.append(write_workbook(res, out))
    if charts is not None:
        written += charts()
    click.echo(_table(res))
    click.echo(res.verdict())
    click.echo(f"Wrote {len(written)} files to {out}")
    h = res.summary()["headline"]
    if fail_on_breach and (h["first_year_ceiling_binds"] or h["first_year_above_band"]):
        sys.exit(EXIT_BREACH)


@main.command()
@inputs_option
@scenario_option
@horizon_option
@guard
def validate(inputs, scenario, horizon):
    """Check every input (a folder, or one of its files) and print every problem at once."""
    from finmodel.validation import check

    warnings = check(inputs, scenario=scenario, horizon=horizon)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    click.echo(f"{inputs}: inputs are valid ({len(warnings)} warning(s)).")


def _table(res) -> str:
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
    lines.append(f"Scenario {res.scenario}, {a.plan_name} issuance plan, {a.financing_rule} rule, ceiling {a.ceiling_policy}.")
    return "\n".join(lines)


def _register_commands():
    """Attach the commands that live in finmodel/commands (each imports its heavy libraries lazily)."""
    from finmodel.commands.backtest import backtest
    from finmodel.commands.compare import compare
    from finmodel.commands.init import init
    from finmodel.commands.sensitivity import sensitivity
    from finmodel.commands.simulate import simulate
    from finmodel.commands.solve import solve
    from finmodel.commands.validation_report import validation_report

    for command in (init, sensitivity, solve, compare, simulate, backtest, validation_report):
        main.add_command(command)


_register_commands()
