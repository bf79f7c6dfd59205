"""`finmodel solve`: goal-seek answers (scipy brentq on the engine), each printed with the path it implies."""

from pathlib import Path

import click

from finmodel.cli.common import (
    guard,
    horizon_option,
    input_options,
    inputs_option,
    issuance_option,
    out_option,
    parse_fiscal_year,
    progress,
    scenario_option,
    written_line,
)

RULES = ("risk", "plan", "gap", "borrow")   # finmodel.model.financing.RULES, not imported so that --help stays light (a test checks)

PATH_COLUMNS = (("gross_issuance_hkd_bn", "Issuance", "{:9.1f}"), ("land_premium_hkd_bn", "Land", "{:9.1f}"),
                ("nominal_growth_pct", "Growth", "{:9.2f}"), ("debt_hkd_bn", "Debt", "{:9.1f}"),
                ("debt_to_gdp_pct", "Debt/GDP", "{:9.2f}"), ("headroom_hkd_bn", "Headroom", "{:9.1f}"),
                ("fiscal_reserves_hkd_bn", "Reserves", "{:9.1f}"))


@click.command(short_help="Goal-seek issuance, land premium and growth limits.")
@inputs_option
@scenario_option
@issuance_option("Issuance plan of the baseline (questions 2 and 3 use it).")
@horizon_option
@click.option("--limit", "limit_pct", type=float, default=None, help="Debt-to-GDP limit in % [default: the band's top, band_high_pct in borrowing.yaml].")
@click.option("--floor", "floor_hkd_bn", type=float, default=None,
              help="Fiscal reserves floor in HK$ bn [default: reserves_floor_hkd_bn in borrowing.yaml].")
@click.option("--before", "before", default=None, callback=parse_fiscal_year,
              help="The ceiling must bind in a fiscal year before this one [default: the last year of the Medium Range Forecast].")
@click.option("--financing-rule", "rule", type=click.Choice(RULES), default=None,
              help="The financing rule every question runs under [default: financing_rule in borrowing.yaml, risk].")
@out_option("outputs/<run>, e.g. outputs/solve_baseline, solve_baseline_limit-18.5pct; see the README")
def solve(inputs, scenario, issuance, horizon, limit_pct, floor_hkd_bn, before, rule, out):
    """Goal-seek: highest constant issuance within the band, land premium for a reserves floor, growth shortfall that binds the ceiling.

    Every question runs under one financing rule (--financing-rule, default the inputs'), named in every output.
    """
    _run(inputs, scenario, issuance, horizon, limit_pct, floor_hkd_bn, before, out, rule)


@guard
def _run(inputs, scenario, issuance, horizon, limit_pct, floor_hkd_bn, before, out, rule=None):

    import pandas as pd

    from finmodel import fiscal_year
    from finmodel.analysis.sensitivity import goalseek
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.model.pipeline import load_inputs
    from finmodel.report.atomic import write_json, write_text
    from finmodel.report.csv_text import frame_csv
    from finmodel.report.finite import frame_problems, record_problems, require_finite
    from finmodel.report.run_name import run_name
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.solve import solve_workbook
    from finmodel.runs import open_run
    from finmodel.version import __version__

    problems = []
    if limit_pct is not None and not 0 < limit_pct < 100:
        problems.append(Problem("--limit", "limit", limit_pct, "a debt-to-GDP ratio in %, above 0 and below 100"))
    if floor_hkd_bn is not None and not 0 <= floor_hkd_bn < 1e5:
        problems.append(Problem("--floor", "floor", floor_hkd_bn, "HK$ bn, 0 or more"))
    if problems:
        raise InputError(problems)
    a = load_inputs(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
    before = a.mrf_last_year if before is None else before
    options = {**input_options(inputs, scenario, a), "issuance": issuance, "horizon": fiscal_year.label(a.years[-1]),
               "limit_pct": limit_pct, "floor_hkd_bn": floor_hkd_bn, "before": fiscal_year.label(before), "financing_rule": rule}
    rule = rule or a.financing_rule
    options = {"run": run_name("solve", options, default_horizon=fiscal_year.label(a.mrf_last_year)), **options}
    with open_run(out or Path("outputs") / options["run"], [inputs], run=options["run"], given=out is not None) as folder:
        for w in a.warnings:
            click.echo(f"{w.severity}: {w}", err=True)
        click.echo(f"Every question under the {rule} financing rule (ceiling policy {a.ceiling_policy}).")
        questions = {"max_constant_issuance": lambda: goalseek.max_constant_issuance(a, limit_pct, rule),
                     "land_for_reserves_floor": lambda: goalseek.land_for_reserves_floor(a, floor_hkd_bn, rule),
                     "growth_shortfall_for_ceiling": lambda: goalseek.growth_shortfall_for_ceiling(a, before, rule)}
        found = {}
        with progress("Goal-seeking", len(questions)) as advance:
            for key, ask in questions.items():
                found[key] = ask()
                advance()
        land_hkd, land_share = found.pop("land_for_reserves_floor")
        answers = {"max_constant_issuance": found["max_constant_issuance"],
                   "land_for_reserves_floor_hkd": land_hkd, "land_for_reserves_floor_share": land_share,
                   "growth_shortfall_for_ceiling": found["growth_shortfall_for_ceiling"]}
        labels = fiscal_year.labels(a.years)
        frames, record, by_key = [], {}, {}
        for key, ans in answers.items():
            click.echo(f"\n{ans.question[:1].upper() + ans.question[1:]}:")
            click.echo(f"  {_answer(ans)}. {ans.note[:1].upper() + ans.note[1:]}.")
            record[key] = {"question": ans.question, "value": ans.value, "unit": ans.unit, "residual": ans.residual,
                           "binding_year": ans.binding_year, "note": ans.note,
                           "financing_rule": ans.assumptions.financing_rule, "ceiling_policy": ans.assumptions.ceiling_policy}
            if ans.shocks is None:
                continue
            o = ans.arrays()
            df = o.frame([c for c, _, _ in PATH_COLUMNS], pd.Index(labels, name="fiscal_year"))
            df["nominal_growth_pct"] = 100.0 * o.nominal_growth[0]
            click.echo(_path_table(df, ans.assumptions.financing_rule))
            frames.append(df.reset_index().assign(question=key))
            by_key[key] = df
        paths = pd.concat(frames, ignore_index=True)[["question", "fiscal_year", *[c for c, _, _ in PATH_COLUMNS]]]
        run = {"model": "finmodel", "model_version": __version__, "input_sha256": a.input_hashes,
               "options": options, "financing_rule": rule,
               "method": "scipy.optimize.brentq on finmodel.model.engine.project, xtol 1e-12"}
        require_finite(frame_problems("solve_paths.csv", paths.set_index(["question", "fiscal_year"]))
                       + record_problems("solve.json", {"answers": record, "run": run}))
        stage = folder.staging
        written = [stage / "solve_paths.csv"]
        write_text(written[0], frame_csv(paths, index=False))
        written.append(write_any(solve_workbook(answers, by_key, Run("finmodel solve", run["options"], a.input_hashes)),
                                 stage / workbook_name(options["run"])))
        written.append(stage / "solve.json")
        run["manifest"] = folder.manifest(written)
        write_json(written[-1], {"answers": record, "run": run})
    click.echo("\n" + written_line(folder.out, folder.published(written)))


def _answer(ans) -> str:
    """The answer in words with its unit at the unit's precision ("Answer: HK$179.1bn a year"), or "No answer"."""
    from finmodel import numbers
    from finmodel.report.workbook.solve import UNIT_DECIMALS

    if ans.value is None:
        return "No answer"
    return "Answer: " + numbers.with_unit(ans.value, ans.unit, UNIT_DECIMALS.get(ans.unit, 2))


def _path_table(df, rule: str) -> str:
    """The path an answer implies, under its own financing rule: each column in words over its unit, figures at the
    unit's precision; a value the year does not have (growth in the opening year) is n/a."""
    from finmodel import numbers
    from finmodel.model.variables import BY_NAME

    lines = [f"  The path at the answer ({rule} rule):",
             "  " + f"{'Fiscal':9s}" + "".join(f"{h:>10s}" for _, h, _ in PATH_COLUMNS),
             "  " + f"{'year':9s}" + "".join(f"{BY_NAME[c].unit:>10s}" for c, _, _ in PATH_COLUMNS)]
    for k, (y, row) in enumerate(df.iterrows()):
        cells = [None if k == 0 and BY_NAME[c].first_year_only else row[c] for c, _, _ in PATH_COLUMNS]
        lines.append("  " + f"{y:9s}" + "".join(numbers.cell(v, numbers.decimals_of(BY_NAME[c].fmt))
                                                for v, (c, _, _) in zip(cells, PATH_COLUMNS)))
    return "\n".join(lines)
