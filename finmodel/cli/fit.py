"""`finmodel fit`: solve the Budget plan's unpublished paths against its published figures and write them into the inputs."""

import datetime
import sys
from pathlib import Path

import click


@click.command("fit", short_help="Fit the Budget plan's unpublished paths (held by runs).")
@click.option("--inputs", "inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Inputs folder (writes fitted_plan.yaml in it) or inputs workbook (rewrites its Fitted plan sheet).")
@click.option("--date", "fitted_on", default=None, metavar="YYYY-MM-DD",
              help="The date recorded as the fit's (default: today, UTC). Runs read it from the file, never from the clock.")
@click.pass_context
def fit(ctx, inputs, fitted_on):
    """Fit gross issuance, non-works capital spending and the unidentified measures (the years after the Budget's own to the end of the MRF) to
    the Budget's published figures, and write them with their provenance. Every other command holds these paths; a fit
    that needs negative spending, a path outside its bounds or a missed target is refused and nothing is written. For an
    inputs folder with its history tables, then fit the scale on simulate's shocks to the forecast record and store it
    (fitted_shocks.yaml), which simulate reads while the inputs' baseline, history and shock-model options are those
    (a scenario, seed, issuance plan or horizon keeps it)."""
    from finmodel.cli.common import EXIT_INPUT, fail_input, fail_internal, interrupted
    from finmodel.inputs.errors import InputError

    debug = ctx.obj is not None and ctx.obj.debug
    try:
        _fit(inputs, fitted_on)
    except InputError as err:
        if debug:
            raise
        err.about = "with the fit (nothing written)" if any(p.where == "fit" for p in err.problems) else "in the inputs"
        fail_input(err)
    except KeyboardInterrupt:
        if debug:
            raise
        interrupted()
    except OSError as err:   # as `guard`: a file that cannot be written (a folder in its place, a read-only folder) is 2
        if debug:
            raise
        target = err.filename2 or err.filename   # a replace names its target second
        click.echo(f"finmodel: cannot read or write{' ' + str(target) if target else ''}: {err.strerror or err}", err=True)
        sys.exit(EXIT_INPUT)
    except Exception as err:  # noqa: BLE001 - as every command (`cli.common.guard`): one line and exit 3, never a traceback
        if debug:
            raise
        fail_internal(err)


def _fit(inputs, fitted_on):
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.inputs.fitted_plan import FILE_NAME
    from finmodel.inputs.load import read_inputs
    from finmodel.inputs.validation import validate
    from finmodel.model.fitted import solve

    fitted_on = _date(fitted_on)
    try:
        raw = read_inputs(inputs)
    except InputError as err:   # an unreadable earlier fit does not stop a new one
        if err.partial is None or any(not p.where.endswith(FILE_NAME) for p in err.problems):
            raise
        raw = err.partial
    raw.files.pop(FILE_NAME, None)   # the fit never reads an earlier fit
    record = solve(raw, validate(raw, require_fitted=False), fitted_on)
    if Path(inputs).suffix.lower() == ".xlsx":
        from finmodel.report.workbook.fitted_sheet import rewrite_fitted_sheet

        rewrite_fitted_sheet(inputs, record)
        target = f"{inputs} (sheet Fitted plan)"
    else:
        from finmodel.report.atomic import write_text
        from finmodel.report.fitted_plan import to_yaml

        if not Path(inputs).is_dir():
            raise InputError([Problem(str(inputs), "--inputs", str(inputs), "an inputs folder or an .xlsx inputs workbook")])
        write_text(Path(inputs) / FILE_NAME, to_yaml(record))
        target = str(Path(inputs) / FILE_NAME)
    _report(record, target)
    _fit_shocks(inputs, fitted_on)


def _fit_shocks(inputs, fitted_on) -> None:
    """Fit the scale on the shocks to the forecast record (`record_coverage.calibrate`, on the plan just written) and
    store it with its key in `fitted_shocks.yaml`, for `finmodel simulate` to use while the key holds. Only the default
    shock model (ec, every history row, no parameter uncertainty) is stored; a run with other options fits its own.
    An inputs workbook, or a folder without the history tables, stores none: simulate then fits it at run time."""
    from finmodel.analysis import forecast_record, record_coverage, shock_model
    from finmodel.inputs import fitted_shocks, history
    from finmodel.inputs.errors import InputError
    from finmodel.inputs.raw import read_once
    from finmodel.report.atomic import write_text
    from finmodel.report.fitted_shocks import to_yaml

    if Path(inputs).suffix.lower() == ".xlsx":
        click.echo("Shock scale not stored (an inputs workbook holds no fit of it): finmodel simulate fits it at run time")
        return
    history_dir = history.folder_of(inputs)
    if not history_dir.is_dir():
        _not_stored(inputs, f"no history tables: {history_dir} is not a folder")
        return
    with read_once():   # each file read once (the plan as just written): the key hashes the bytes the fit used
        try:
            history.check(history_dir, tuple(dict.fromkeys(shock_model.HISTORY_TABLES + forecast_record.TABLES)))
            model, record = shock_model.load(history_dir), forecast_record.load(history_dir)
        except InputError as err:
            _not_stored(inputs, (f"{len(err.problems)} problem(s) in the history tables, the first: {err.problems[0]}"
                                 if err.problems else "history tables unreadable"))
            return
        a = record_coverage.calibration_inputs(inputs)
        hashes = {**shock_model.history_hashes(history_dir), **history.hashes(history_dir, forecast_record.TABLES)}
    key = record_coverage.calibration_key({**a.input_hashes, **hashes}, model.method, False, False)
    fit = record_coverage.calibrate(a, model, record, model.method)
    target = Path(inputs) / fitted_shocks.FILE_NAME
    write_text(target, to_yaml(fit, key, fitted_on))
    click.echo(f"Shock scale {fit.scale:.2f} fitted to the forecast record ({fit.winner}: "
               f"{len(fit.grid)} scales, {fit.paths:,} paths each); wrote {target}")


def _not_stored(inputs, reason: str) -> None:
    """Say why no shock scale was stored, and that a fitted_shocks.yaml already there is kept (its key guards it)."""
    from finmodel.inputs.fitted_shocks import FILE_NAME

    kept = (f"; the {FILE_NAME} there is left as it was (simulate uses it only while its key holds)"
            if (Path(inputs) / FILE_NAME).exists() else "")
    click.echo(f"Shock scale not stored ({reason}); finmodel simulate fits it itself{kept}")


def _date(text) -> str:
    if text is None:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        return datetime.date.fromisoformat(str(text)).isoformat()
    except ValueError:
        from finmodel.inputs.errors import InputError, Problem

        raise InputError([Problem("--date", "date", text, "a date as YYYY-MM-DD")]) from None


def _report(record: dict, target: str) -> None:
    """The fitted paths by year and the targets met, then the file written."""
    paths = record["paths"]
    years = list(next(iter(paths.values())))
    click.echo("Fitted Budget plan (HK$ bn)  " + "  ".join(f"{y:>8}" for y in years))
    for name, values in paths.items():
        click.echo(f"  {name:<30}" + "  ".join(f"{values[y]:8.2f}" for y in years))
    from finmodel.model.plan_text import gap_range_line, leave_one_out_line

    met = sum(t["met"] for t in record["targets"])
    click.echo(f"{met} of {len(record['targets'])} fitted targets met ({record['message']}); fitted on {record['fitted_on']}")
    for line in (gap_range_line(record.get("gap_range")), leave_one_out_line(record.get("leave_one_out"))):
        if line:
            click.echo(line)
    click.echo(f"Wrote {target}: every command now holds these paths (rerun finmodel fit after changing the inputs)")
