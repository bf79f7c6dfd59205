"""Where a run's inputs are: the folder given, `inputs/` in the working folder, or the copy installed with finmodel.

`inputs/` at the top of the repository is the one editable source: it is what the shipped
vintage hashes (`finmodel.inputs.vintage`) and what the data import extends. The package carries
a byte-for-byte copy of it, `finmodel/data/inputs/` (written by `python -m finmodel.data --sync`,
checked by tests/test_installed_inputs.py), so that an installed finmodel runs from any working
folder: without `--inputs`, a run reads `./inputs/` when the working folder has one and the
installed copy otherwise, and its record says which (`options.inputs_from`).
"""

import os
from pathlib import Path

WORKING = Path("inputs")
INSTALLED = Path(__file__).resolve().parent.parent / "data" / "inputs"
FROM_GIVEN, FROM_WORKING, FROM_INSTALLED = "--inputs", "working folder", "installed copy"


def default_inputs() -> Path:
    """The inputs of a run without --inputs: ./inputs when the working folder has it, else the installed copy."""
    return WORKING if WORKING.exists() else INSTALLED


def is_installed(path) -> bool:
    """Whether a path is the copy of the inputs installed with finmodel (or a file in it)."""
    try:
        path = Path(path).resolve()
    except OSError:
        return False
    return path == INSTALLED or INSTALLED in path.parents


def inputs_from(path, given: bool) -> str:
    """Which inputs a run read, in the record's words: "--inputs" (given), "working folder" or "installed copy"."""
    if is_installed(path):
        return FROM_INSTALLED
    return FROM_GIVEN if given else FROM_WORKING


def missing(path, what: str = "inputs folder", option: str = "--inputs") -> str:
    """The message for a folder or file that is not there: where it was looked for and how to point at another."""
    hint = ("give --inputs DIR (a folder of inputs or a workbook from finmodel init), or leave --inputs out to use "
            "./inputs when the working folder has one, else the copy installed with finmodel") if option == "--inputs" else (
            f"give {option} DIR, or leave {option} out to use the history/ of ./inputs when the working folder has one, "
            "else of the copy installed with finmodel")
    return (f"{what} not found: looked for {os.path.abspath(path)} (relative paths are read from the working folder "
            f"{Path.cwd()}); {hint}")
