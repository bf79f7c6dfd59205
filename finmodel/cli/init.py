"""`finmodel init`: write the baseline inputs in an editable form (an .xlsx workbook or plain text files)."""

import shutil
import sys
from pathlib import Path

import click

from finmodel.cli.common import INPUTS_DEFAULT, locate_inputs


@click.command("init", short_help="Write the baseline inputs for editing.")
@click.option("--inputs", "inputs", type=click.Path(path_type=Path), default=None, callback=locate_inputs,
              show_default=INPUTS_DEFAULT, help="Inputs folder to start from.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="Folder to write into.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="xlsx: one workbook (finmodel_inputs.xlsx); csv: the plain-text inputs folder (YAML and CSV files).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.pass_context
def init(ctx, inputs, out, fmt, force):
    """Write the baseline assumptions for editing, then run them with: finmodel project --inputs FILE_OR_FOLDER."""
    from finmodel.inputs.errors import InputError

    try:
        _init(inputs, out, fmt, force)
    except InputError as err:
        if ctx.obj is not None and ctx.obj.debug:
            raise
        from finmodel.cli.common import fail_input

        fail_input(err)


def _init(inputs, out, fmt, force):
    from finmodel.cli.common import EXIT_INPUT
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.inputs.load import read_inputs
    from finmodel.inputs.reader import CSV_FILES, YAML_FILES
    from finmodel.model.pipeline import load_inputs

    source, target = Path(inputs).resolve(), Path(out).resolve()
    if target == source or source in target.parents:
        raise InputError([Problem("--out", "out", str(out), f"is or is inside the inputs {inputs} this command copies: "
                                                            "outputs never touch inputs; choose a folder outside it")])
    load_inputs(inputs)  # refuse to hand out inputs that do not validate
    raw = read_inputs(inputs)
    if fmt == "xlsx":
        from finmodel.report.workbook.inputs_workbook import (
            FILE_NAME,
            write_inputs_workbook,
        )

        targets = [out / FILE_NAME]
    else:
        targets = [out / name for name in YAML_FILES + CSV_FILES]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        click.echo(f"finmodel: {', '.join(existing)} already exist(s); use --force to overwrite", err=True)
        sys.exit(EXIT_INPUT)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        path = write_inputs_workbook(raw, out)
        copied = _copy_history(inputs, out)
        beside = (" (and the history tables beside it, in history/, which simulate and sensitivity read)" if copied else
                  f" ({out / 'history'} was there already and is left as it is: simulate and sensitivity read it)")
        click.echo(f"Wrote {path}{beside}: edit the yellow cells, then run finmodel project --inputs {path}")
    else:
        from finmodel.report.atomic import write_bytes

        for name, target in zip(YAML_FILES + CSV_FILES, targets):
            write_bytes(target, (Path(inputs) / name).read_bytes())
        _copy_history(inputs, out)
        click.echo(f"Wrote the inputs as text files to {out}: edit them, then run finmodel project --inputs {out}")


def _copy_history(inputs, out) -> bool:
    """Copy the inputs' history/ folder into `out` unless one is there already; True if copied."""
    history = Path(inputs) / "history"
    if not history.is_dir() or (Path(out) / "history").exists():
        return False
    shutil.copytree(history, Path(out) / "history")
    return True
