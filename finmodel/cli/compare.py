"""`finmodel compare A B ...`: scenarios side by side (CSV tables, overlay charts, printed headline)."""

from pathlib import Path

import click

from finmodel.cli.common import (
    guard,
    horizon_option,
    input_options,
    inputs_option,
    issuance_option,
    no_charts_option,
    out_option,
    written_line,
)


@click.command(short_help="Compare scenarios side by side.")
@click.argument("scenarios", nargs=-1, required=True)
@inputs_option
@issuance_option("Issuance plan used in every scenario.")
@horizon_option
@out_option("outputs/<run>, e.g. outputs/compare_baseline-vs-low_land; see the README")
@no_charts_option
def compare(scenarios, inputs, issuance, horizon, out, no_charts):
    """Compare scenarios side by side: each a name in the inputs folder's scenarios/, the path of a .yaml file, or a
    stack of them joined by + (low_land+rates_up); `baseline` = no scenario."""
    _run(scenarios, inputs, issuance, horizon, out, no_charts)


@guard
def _run(scenarios, inputs, issuance, horizon, out, no_charts):

    from finmodel.analysis import compare as cmp
    from finmodel.fiscal_year import label
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.atomic import write_json, write_text
    from finmodel.report.csv_text import frame_csv
    from finmodel.report.finite import frame_problems, record_problems, require_finite
    from finmodel.report.run_name import run_name
    from finmodel.runs import open_run
    from finmodel.version import __version__

    if len(set(scenarios)) != len(scenarios):
        raise InputError([Problem("compare", "scenarios", " ".join(scenarios), "each scenario may be named once")])
    loaded, problems = {}, []
    for name in scenarios:
        try:
            a = load_inputs(inputs, scenario=None if name == "baseline" else name, horizon=horizon, issuance=issuance)
        except InputError as err:
            problems += err.problems
            continue
        loaded[name] = a
    if problems:
        raise InputError(problems)
    first = next(iter(loaded.values()))
    options = {"inputs": str(inputs), "inputs_from": input_options(inputs, None, first)["inputs_from"], "scenarios": list(scenarios), "issuance": issuance, "horizon": label(first.years[-1]),
               "charts": not no_charts}
    options = {"run": run_name("compare", options, default_horizon=label(first.mrf_last_year)), **options}
    with open_run(out or Path("outputs") / options["run"], [inputs], run=options["run"], given=out is not None) as folder:
        stage = folder.staging
        results = {}
        for name, a in loaded.items():
            for w in a.warnings:
                click.echo(f"{w.severity}: {w}", err=True)
            results[name] = run(a, scenario=name, options={**options, "scenario": name})
        head = cmp.headline(results)
        paths = cmp.paths(results)
        record = {"model": "finmodel", "model_version": __version__, "scenarios": list(results),
                  "options": options,
                  "input_sha256": {n: r.assumptions.input_hashes for n, r in results.items()}}
        require_finite(frame_problems("compare_headline.csv", head)
                       + frame_problems("compare_paths.csv", paths) + record_problems("compare_run.json", record))
        written = [stage / "compare_headline.csv", stage / "compare_paths.csv"]
        write_text(written[0], frame_csv(head))
        write_text(written[1], frame_csv(paths))
        from finmodel.report.workbook.book import Run
        from finmodel.report.run_name import project_run_name
        from finmodel.report.workbook.build import workbook_name, write_any
        from finmodel.report.workbook.compare import compare_workbook

        shared = set.intersection(*(set(r.assumptions.input_hashes.items()) for r in results.values()))
        hashes = {f if (f, h) in shared else f"{f} ({n})": h for n, r in results.items() for f, h in r.assumptions.input_hashes.items()}
        books = {n: workbook_name(project_run_name(options | {"scenario": n}, default_horizon=label(first.mrf_last_year)))
                 for n in results}
        from finmodel.inputs.vintage import describe_with_note

        every_input = {name: digest for r in results.values() for name, digest in r.assumptions.input_hashes.items()}
        run_of_compare = Run("finmodel compare", record["options"] | {"scenarios": list(results)}, hashes,
                             inputs=describe_with_note(every_input))
        written.append(write_any(compare_workbook(head, paths, run_of_compare, books), stage / workbook_name(options["run"])))
        if not no_charts:
            from finmodel.report.charts.compare import write_compare_charts

            written += write_compare_charts(results, stage)
        written.append(stage / "compare_run.json")
        record["manifest"] = folder.manifest(written)
        write_json(written[-1], record)
    click.echo(_table(head))
    click.echo(written_line(folder.out, folder.published(written)))


def _table(head) -> str:
    """The headline figures: items in words with their unit, one column per scenario, figures at the unit's precision."""
    from finmodel import numbers
    from finmodel.report.workbook.compare import HEADLINE_ITEMS

    width = max(14, *(len(c) + 2 for c in head.columns))
    rows = [(HEADLINE_ITEMS.get(item, (item.replace("_", " "), "", None)), row) for item, row in head.iterrows()]
    label = max(len(f"{w} ({u})" if u else w) for (w, u, _), _ in rows) + 2
    lines = [f"{'':{label}s}" + "".join(f"{c:>{width}s}" for c in head.columns)]
    for (words, unit, fmt), row in rows:
        cells = "".join(numbers.cell(v, numbers.decimals_of(fmt), width) if isinstance(v, float) and fmt else f"{str(v):>{width}s}"
                        for v in row)
        lines.append(f"{f'{words} ({unit})' if unit else words:{label}s}{cells}")
    return "\n".join(lines)
