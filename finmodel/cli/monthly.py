"""`finmodel monthly import FILE...` and `finmodel monthly track`: the Treasury's monthly results in, the year tracked.

`monthly`, not `data`: `python -m finmodel.data` already names the installed copy of the inputs, and what comes in
here is one thing, the Government's monthly financial results. `import` updates the history tables of an inputs
folder (nothing else); `track` writes a run folder like every other command.
"""

from pathlib import Path

import click

from finmodel.fiscal_year import example as fiscal_year_example
from finmodel.cli.common import guard, inputs_option, no_charts_option, out_option, parse_fiscal_year, written_line


@click.group("monthly", short_help="Import monthly results; track the year.")
def monthly():
    """The Government's monthly financial results: import a release into the history tables, track the year."""


@monthly.command("import", short_help="Import monthly-results files into inputs/history.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@inputs_option
@guard
def import_(files, inputs):
    """Import DATA.GOV.HK monthly-results CSV files (press_release_2022-23_e.csv) or the 1998-present workbook (.xlsx)
    into the inputs' history tables: every file is checked first (another layout, a month twice or out of order, a
    truncated file: refused with file:line:column and nothing written); a later file's month replaces an earlier one's."""
    from finmodel.inputs import history, locate
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.inputs.monthly import read_release
    from finmodel.inputs.monthly_tables import plan_import
    from finmodel.report.tracker import month_words
    from finmodel.runs.history_update import write_tables

    folder = history.folder_of(inputs)
    if locate.is_installed(folder):
        raise InputError([Problem("--inputs", "inputs", str(inputs), "the copy of the inputs installed with finmodel is never "
                                  "edited: import into an inputs folder of your own (finmodel init, or a copy of it) with --inputs")])
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", None, locate.missing(folder, "history folder"))])
    releases, problems = [], []
    for path in files:
        try:
            releases.append(read_release(path))
        except InputError as err:
            problems += err.problems
    if problems:
        err = InputError(problems)
        err.about = "in the monthly results (nothing written)"
        raise err
    plan = plan_import(folder, releases)
    written = write_tables(folder, plan.texts)
    for release in releases:
        click.echo(f"{release.file}: {len(release.months)} month(s), {month_words(release.months[0].month_end)} to "
                   f"{month_words(release.months[-1].month_end)} ({release.layout})")
    for text in plan.changes + plan.opening:
        click.echo(f"  {text}")
    click.echo(f"Monthly results to {month_words(plan.last_month)}: runs that read them say so on their source line.")
    click.echo(written_line(folder, written))


@monthly.command("track", short_help="Track a year against the Budget (year to date, full-year estimate).")
@click.option("--year", "fiscal_year", default=None, callback=parse_fiscal_year,
              help=f"Fiscal year to track, e.g. {fiscal_year_example()} [default: the last year in the monthly results].")
@click.option("--months", type=click.IntRange(1, 12), default=None, help="Use only its first N months [default: all in].")
@click.option("--record-years", type=click.IntRange(3, 100), default=None,
              help="Learn the season from the latest N complete past years [default: every one in the record].")
@inputs_option
@out_option(f"outputs/<run>, e.g. outputs/track_{fiscal_year_example()}; see the README")
@no_charts_option
@guard
def track(fiscal_year, months, record_years, inputs, out, no_charts):
    """The year to date against the Budget's estimate and the same months of past years; the full year estimated with
    a range, and the reserves it implies at the year's end (table, chart, workbook, one line)."""
    from finmodel import fiscal_year as fy_labels
    from finmodel.analysis.tracker import TrackerError, track as track_year
    from finmodel.inputs import history, locate
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.report.run_name import options_hash
    from finmodel.report.tracker import line, month_words, publish_record, write_tracker
    from finmodel.runs import open_run

    folder = history.folder_of(inputs)
    tables = ("hk_monthly_results", "hk_monthly_imports", "hk_budget_estimates", "hk_fiscal_reserves_outturn")
    history.check(folder, tables)
    record = history.read_table("hk_monthly_results", folder)
    year = fy_labels.label(fiscal_year) if fiscal_year is not None else str(record["fiscal_year"].iloc[-1])
    given = click.get_current_context().get_parameter_source("inputs") not in (None, click.core.ParameterSource.DEFAULT)
    options = {"inputs": str(inputs), "inputs_from": locate.inputs_from(inputs, given), "year": year, "months": months,
               "record_years": record_years, "charts": not no_charts}
    tokens = ["track", year] + ([f"{months}-months"] if months else []) + ([f"record-{record_years}-years"] if record_years else [])
    if Path(str(inputs)).as_posix().rstrip("/") not in ("inputs", locate.INSTALLED.as_posix()):
        tokens.append(options_hash("track", options))
    options = {"run": "_".join(tokens), **options}
    if year not in set(record["fiscal_year"]):
        raise InputError([Problem("--year", "year", year, f"a fiscal year of the monthly results in {folder}: they run from "
                                  f"{record['fiscal_year'].iloc[0]} to {record['fiscal_year'].iloc[-1]} (finmodel monthly import adds more)")])
    try:
        t = track_year(record, year, _budget(folder, year), _opening(folder, record, year), months, record_years)
    except TrackerError as exc:
        raise InputError([Problem("--year" if "no month" in str(exc) else "monthly results", "year", year, str(exc))]) from None
    hashes = history.hashes(folder, tables)
    monthly_to = month_words(str(record["month_end"].iloc[-1]))
    with open_run(out or Path("outputs") / options["run"], [inputs], run=options["run"], given=out is not None) as run:
        written, rec = write_tracker(t, run.staging, options["run"], options, hashes, monthly_to, charts=not no_charts)
        publish_record(written[-1], rec, run.manifest(written))
    click.echo(line(t))
    click.echo(written_line(run.out, run.published(written)))


def _budget(folder, year: str) -> dict:
    """The Budget's estimate and revised estimate of the year's consolidated balance (hk_budget_estimates.csv)."""
    from finmodel.inputs import history

    table = history.read_table("hk_budget_estimates", folder)
    rows = table[(table["fiscal_year"] == year) & (table["item"] == "consolidated_balance")]
    found = {kind: r for kind, r in zip(rows["kind"], rows.to_dict("records"))}
    return {"estimate_hkd_bn": float(found["estimate"]["value"]) if "estimate" in found else None,
            "revised_hkd_bn": float(found["revised"]["value"]) if "revised" in found else None,
            "source": ";".join(str(r["source_id"]) for r in found.values())}


def _opening(folder, record, year: str) -> dict:
    """The reserves at the start of the year: the 31 March row of the outturn table (an outturn once the March figures
    are in, else the revised estimate), or the first month's opening reserves in the monthly results."""
    import pandas as pd

    from finmodel.inputs import history

    date = f"{year[:4]}-03-31"
    outturn = history.read_table("hk_fiscal_reserves_outturn", folder)
    row = outturn[outturn["date"] == date]
    if not row.empty:
        r = row.iloc[0]
        return {"date": date, "value_hkd_bn": float(r["fiscal_reserves_hkd_bn"]), "kind": str(r["kind"]),
                "source": str(r["source_id"]), "from": "hk_fiscal_reserves_outturn.csv",
                "note": "" if pd.isna(r["note"]) else str(r["note"])}
    first = record[record["fiscal_year"] == year].iloc[0]
    return {"date": date, "value_hkd_bn": float(first["reserves_start_hkd_bn"]), "kind": "actual",
            "source": str(first["source_id"]), "from": "hk_monthly_results.csv",
            "note": f"the reserves at the start of {first['month_end'][:7]} in {first['file']}"}
