"""`finmodel sensitivity`: the standard what-if cases and a GDP x land grid through one engine batch."""

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
    written_line,
)


def _range_option(name, default, help_text, lowest, highest):
    def check(ctx, param, value):
        from finmodel.analysis.sensitivity.batch import parse_range

        try:
            values = parse_range(value)
        except ValueError as exc:
            raise click.BadParameter(f"{value!r}: {exc}") from None
        if values[0] < lowest or values[-1] > highest:
            raise click.BadParameter(f"{value!r}: values must lie between {lowest:g} and {highest:g}")
        return values

    return click.option(name, default=default, show_default=True, callback=check, help=help_text)


@click.command(short_help="Standard what-if cases and a GDP x land grid.")
@inputs_option
@scenario_option
@issuance_option("Issuance plan of the baseline the cases shock.")
@horizon_option
@out_option("outputs/<run>, e.g. outputs/sensitivity_baseline, sensitivity_low_land, "
            "sensitivity_baseline_gdp-grid_<hash>; see the README")
@_range_option("--gdp", "-2:2:0.2", "Growth shocks for the grid, start:stop:step in pp a year.", -20.0, 20.0)
@_range_option("--land", "-60:60:10", "Land premium changes for the grid, start:stop:step in % (-100 = none).", -100.0, 1000.0)
@no_charts_option
def sensitivity(inputs, scenario, issuance, horizon, out, gdp, land, no_charts):
    """Run the standard cases and the GDP x land grid; write sensitivity.csv, grid_gdp_land.csv, charts and the workbook."""
    _run(inputs, scenario, issuance, horizon, out, gdp, land, no_charts)


@guard
def _run(inputs, scenario, issuance, horizon, out, gdp, land, no_charts):
    from finmodel.analysis.sensitivity import analysis, buoyancy, historical
    from finmodel.fiscal_year import label
    from finmodel.inputs import history
    from finmodel.report.finite import require_finite
    from finmodel.report.run_name import project_run_name, run_name
    from finmodel.report.charts.sensitivity import write_sensitivity_charts
    from finmodel.report.sensitivity_tables import (
        RECORD,
        check_sensitivity,
        write_sensitivity_record,
        write_sensitivity_tables,
    )
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.sensitivity import sensitivity_workbook
    from finmodel.runs import open_run

    tables = tuple(dict.fromkeys(buoyancy.HISTORY_TABLES + historical.HISTORY_TABLES))
    a = load_with_history(inputs, tables, scenario=scenario, horizon=horizon, issuance=issuance)
    options = {**input_options(inputs, scenario, a), "issuance": issuance, "horizon": label(a.years[-1]),
               "gdp_pp": [float(v) for v in gdp], "land_pct": [float(v) for v in land], "charts": not no_charts}
    options = {"run": run_name("sensitivity", options, default_horizon=label(a.mrf_last_year)), **options}
    with open_run(out or Path("outputs") / options["run"], [inputs, history.folder_of(inputs)], run=options["run"],
                  given=out is not None) as folder, _worker(no_charts) as executor:   # the worker imports matplotlib meanwhile
        stage = folder.staging
        for w in a.warnings:
            click.echo(f"{w.severity}: {w}", err=True)
        hist = history.folder_of(inputs)
        with progress("Sensitivity cases and grid", len(analysis.RULES)) as advance:
            s = analysis.analyse(a, gdp, land, worst=historical.size(hist), buoyancy=buoyancy.estimate(hist), options=options,
                                 progress=lambda done, total: advance(), history_sha256=history.hashes(hist, tables))
        require_finite(check_sensitivity(s))
        charts = None if no_charts else executor.submit(write_sensitivity_charts, s, stage)   # beside the tables and workbook
        written = write_sensitivity_tables(s, stage)
        baseline_book = workbook_name(project_run_name(options, default_horizon=label(a.mrf_last_year)))
        wb = sensitivity_workbook(s, Run("finmodel sensitivity", options, s.record()["input_sha256"]), baseline_book)
        written.append(write_any(wb, stage / workbook_name(options["run"])))
        written += charts.result() if charts is not None else []
        written.append(write_sensitivity_record(s, stage, folder.manifest(written + [stage / RECORD])))
    click.echo(ranked_table(s))
    click.echo(s.buoyancy.sentence(a.other_revenue_elasticity))
    click.echo(written_line(folder.out, folder.published(written)))


def _worker(no_charts):
    """The process that draws the charts (`analysis.parallel.pool`), started now so that it imports matplotlib while
    this process runs the cases; with --no-charts, none."""
    from contextlib import nullcontext

    from finmodel.analysis import parallel
    from finmodel.report.charts.style import import_matplotlib

    if no_charts:
        return nullcontext()
    return parallel.pool(workers=1, prepare=import_matplotlib)


def ranked_table(s) -> str:
    """The cases ranked by their effect on peak debt-to-GDP, with the baseline on top: columns in words over their
    units, figures at the unit's precision (`finmodel.numbers`)."""
    from finmodel.numbers import cell, number

    def signed(x, decimals, width):
        return f"{number(x, decimals, sign=True, minus='-'):>{width}s}"

    a = s.assumptions
    base = s.cases.loc["baseline"]
    head = (f"{'Case':18s}{'Peak':>10s}{'Change':>8s}{'End':>8s}{'Above':>9s}{'Ceiling':>9s}{'Int./rev.':>10s}"
            f"{'Reserves':>10s}{'Change':>9s}\n{'':18s}{'debt/GDP':>10s}{'':>8s}{'debt/GDP':>8s}{'band':>9s}{'binds':>9s}"
            f"{'at end':>10s}{'at end':>10s}{'':>9s}\n{'':18s}{'%':>10s}{'pp':>8s}{'%':>8s}{'from':>9s}{'in':>9s}{'%':>10s}"
            f"{'HK$ bn':>10s}{'HK$ bn':>9s}")
    lines = [f"Sensitivity to {s.paths.index[-1]}: {a.financing_rule} rule, {a.plan_name} plan, ceiling {a.ceiling_policy}; "
             "ranked by the change in peak debt-to-GDP", head]

    def line(case, r):
        return (f"{case:18s}{cell(r['peak_debt_to_gdp_pct'], 2)}{signed(r['change_peak_debt_to_gdp_pp'], 2, 8)}"
                f"{cell(r['debt_to_gdp_end_pct'], 2, 8)}{r['first_year_above_band'] or 'never':>9s}"
                f"{r['first_year_ceiling_binds'] or 'never':>9s}{cell(r['interest_to_revenue_end_pct'], 2)}"
                f"{cell(r['fiscal_reserves_end_hkd_bn'], 1)}{signed(r['change_fiscal_reserves_end_hkd_bn'], 1, 9)}")

    lines.append(line("baseline", base))
    for case, r in s.ranked().iterrows():
        lines.append(line(case, r))
    lines += rules_side_by_side(s)
    lines.append("Land shocks under each financing rule (risk, plan, gap, borrow) (change from each rule's baseline, HK$ bn):")
    for case, r in s.land_rules.iterrows():
        if case == "baseline":
            continue
        lines.append(f"  {case:14s}{r['financing_rule']:>5s}: reserves {signed(r['change_fiscal_reserves_end_hkd_bn'], 1, 8)}, "
                     f"issuance {signed(r['change_gross_issuance_total_hkd_bn'], 1, 7)}, debt at horizon "
                     f"{signed(r['change_debt_end_hkd_bn'], 1, 7)}"
                     f"{', ceiling binds ' + r['first_year_ceiling_binds'] if r['first_year_ceiling_binds'] else ''}")
    return "\n".join(line.rstrip() for line in "\n".join(lines).splitlines())


def rules_side_by_side(s) -> list:
    """Every case under the inputs' rule (reserves are the first buffer) beside the borrow rule (shortfalls borrowed)."""
    rules = list(dict.fromkeys(s.by_rule["financing_rule"]))
    if len(rules) < 2:
        return []
    first, second = (s.by_rule[s.by_rule["financing_rule"] == r] for r in rules)
    head = "".join(f"{w:>30s}" for w in (f"{rules[0]} rule: peak debt, D/GDP, reserves", f"{rules[1]} rule: the same"))
    lines = [f"Each case under two rules (change from that rule's baseline; {rules[0]}: a shortfall lands on reserves, "
             f"{rules[1]}: it is borrowed up to the ceiling):", f"{'case':18s}{head}"]
    for case in first.index:
        cells = "".join(f"{r.loc[case, 'change_peak_debt_hkd_bn']:+10.1f}{r.loc[case, 'change_peak_debt_to_gdp_pp']:+9.2f}"
                        f"{r.loc[case, 'change_fiscal_reserves_end_hkd_bn']:+11.1f}" for r in (first, second))
        lines.append(f"{case:18s}{cells}")
    return lines
