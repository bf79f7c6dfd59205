"""`finmodel init`: write the baseline inputs in an editable form (an .xlsx workbook or plain text files)."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from finmodel.cli.common import INPUTS_DEFAULT, guard, locate_inputs


@click.command("init", short_help="Write the baseline inputs for editing.")
@click.option("--inputs", "inputs", type=click.Path(path_type=Path), default=None, callback=locate_inputs,
              show_default=INPUTS_DEFAULT, help="Inputs folder to start from.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="Folder to write into.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="xlsx: one workbook (finmodel_inputs.xlsx); csv: the plain-text inputs folder (YAML and CSV files).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@guard
def init(inputs, out, fmt, force):
    """Write the baseline assumptions for editing, then run them with: finmodel project --inputs FILE_OR_FOLDER."""
    _init(inputs, out, fmt, force)


def _init(inputs, out, fmt, force):
    from finmodel.cli.common import EXIT_INPUT
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.inputs.load import read_inputs
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
        targets = [out / name for name in _text_files(inputs)]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        click.echo(f"finmodel: {', '.join(existing)} already exist(s); use --force to overwrite", err=True)
        sys.exit(EXIT_INPUT)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        path = write_inputs_workbook(raw, out)
        copied = _copy_history(inputs, out, force)
        beside = (" (and the history tables beside it, in history/, which simulate and sensitivity read)" if copied else
                  f" ({out / 'history'} was there already and is left as it is: simulate and sensitivity read it; "
                  "--force replaces it)")
        click.echo(f"Wrote {path}{beside}: edit the yellow cells, then run finmodel project --inputs {path}")
    else:
        from finmodel.inputs.raw import read_regular_file
        from finmodel.report.atomic import write_bytes

        for name, target in zip(_text_files(inputs), targets):
            write_bytes(target, read_regular_file(Path(inputs) / name))  # the bytes validated (read once)
        _copy_history(inputs, out, force)
        click.echo(f"Wrote the inputs as text files to {out}: edit them, then run finmodel project --inputs {out}")


def _text_files(inputs) -> tuple:
    """The input files `init --format csv` copies: the YAML and CSV files, and the fitted plan when the inputs carry one."""
    from finmodel.inputs.fitted_plan import FILE_NAME
    from finmodel.inputs.reader import CSV_FILES, YAML_FILES

    return YAML_FILES + CSV_FILES + ((FILE_NAME,) if (Path(inputs) / FILE_NAME).is_file() else ())


def _copy_history(inputs, out, force: bool = False) -> bool:
    """Copy the inputs' history/ folder into `out`; True if copied. An existing one is kept unless `force`.

    The copy is made in a temporary folder beside and renamed into place, so an interrupted init leaves no
    half-copied history/ (which a later init would keep); with `force` the old folder is replaced only once the
    new one is complete.
    """
    history, target = Path(inputs) / "history", Path(out) / "history"
    if not history.is_dir() or (target.exists() and not force):
        return False
    staging = Path(tempfile.mkdtemp(prefix=".history.", dir=out))
    try:
        shutil.copytree(history, staging / "history")
        if target.is_dir() and not target.is_symlink():
            old = staging / "old"
            os.replace(target, old)
        elif target.exists() or target.is_symlink():
            target.unlink()
        os.replace(staging / "history", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True
