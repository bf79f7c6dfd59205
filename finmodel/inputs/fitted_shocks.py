"""The shock model's scale fitted to the forecast record, as data: `inputs/fitted_shocks.yaml`.

`finmodel fit` fits the scale on the shocks (`finmodel.analysis.record_coverage.calibrate`) and writes
it here with everything it was fitted on (the key): the model version, the calibration's seed, paths and
scales, the shock model's options, and the SHA-256 of every input file and history table it read.
`finmodel simulate` uses the stored fit only when the run's key is the same, item for item; otherwise it
fits the scale itself, the same way, so a stored fit changes how long a run takes, never what it finds.

The file is optional (a run without it fits at run time); a file that is there must be well formed:
every problem is reported with the file, the field, the value found and what is allowed.
"""

import math
from dataclasses import dataclass
from pathlib import Path

from finmodel.inputs.errors import InputError, Problem

FILE_NAME = "fitted_shocks.yaml"
KEY_FIELDS = ("model_version", "seed", "paths", "scales", "method", "exclude_recalled", "parameter_uncertainty", "inputs_sha256")
CALIBRATION_FIELDS = ("scale", "winner", "explanation", "paths", "admissible_5y", "admissible_1y", "grid")
GRID_WIDTH = 5       # scale, 80% and 50% coverage at 5 years, the same at 1 year


@dataclass(frozen=True)
class StoredCalibration:
    """A calibration as `finmodel fit` stored it: when, on what (`key`), and what it found (`calibration`, the fields of
    `record_coverage.Calibration`)."""

    where: str
    sha256: str                    # of the file's bytes, for the run record
    fitted_on: str
    key: dict
    calibration: dict


def read(inputs) -> StoredCalibration | None:
    """The stored calibration of an inputs folder, or None (no such file, or inputs given as a workbook).

    Raises InputError naming every problem of a file that is there but malformed."""
    from finmodel.inputs.reader import read_yaml

    root = Path(inputs)
    path = root / FILE_NAME
    if root.suffix.lower() == ".xlsx" or not path.exists():
        return None
    problems: list = []
    data, sha256 = read_yaml(path, str(path), problems)
    if data is not None:
        _check(data, str(path), problems)
    if problems:
        raise InputError(problems)
    return StoredCalibration(str(path), sha256, data["fitted_on"], data["key"], _calibration(data["calibration"]))


def _check(data: dict, where: str, problems: list) -> None:
    """Every field present with its type; the grid's rows five numbers each."""
    _need(data, "fitted_on", str, "a date as YYYY-MM-DD (written by finmodel fit)", where, problems)
    for part, fields in (("key", KEY_FIELDS), ("calibration", CALIBRATION_FIELDS)):
        block = data.get(part)
        if not isinstance(block, dict):
            problems.append(Problem(where, part, block, "a mapping written by finmodel fit (rerun it)"))
            continue
        for name in fields:
            if name not in block:
                problems.append(Problem(where, f"{part}.{name}", None, "missing: rerun finmodel fit"))
    key, cal = data.get("key"), data.get("calibration")
    if isinstance(key, dict) and "inputs_sha256" in key and not (
            isinstance(key["inputs_sha256"], dict) and all(isinstance(v, str) for v in key["inputs_sha256"].values())):
        problems.append(Problem(where, "key.inputs_sha256", key["inputs_sha256"], "a mapping of file name to SHA-256"))
    if not isinstance(cal, dict):
        return
    for name, kind, allowed in (("winner", str, "text"), ("explanation", str, "text"), ("paths", int, "a whole number of paths")):
        if name in cal and (not isinstance(cal[name], kind) or isinstance(cal[name], bool)):
            problems.append(Problem(where, f"calibration.{name}", cal[name], allowed))
    if "scale" in cal and not _number(cal["scale"]):
        problems.append(Problem(where, "calibration.scale", cal["scale"], "a positive number"))
    for name in ("admissible_5y", "admissible_1y"):
        if name in cal and not (isinstance(cal[name], list) and all(_number(x) for x in cal[name])):
            problems.append(Problem(where, f"calibration.{name}", cal[name], "a list of scales"))
    grid = cal.get("grid")
    if "grid" in cal and not isinstance(grid, list):
        problems.append(Problem(where, "calibration.grid", grid, f"a list of rows of {GRID_WIDTH} numbers"))
    for i, row in enumerate(grid if isinstance(grid, list) else []):
        if not (isinstance(row, list) and len(row) == GRID_WIDTH and all(isinstance(x, (int, float)) for x in row)):
            problems.append(Problem(where, f"calibration.grid[{i}]", row,
                                    f"{GRID_WIDTH} numbers: scale, 80% and 50% coverage at 5 years, the same at 1 year (.nan: none)"))


def _need(block: dict, name: str, kind, allowed: str, where: str, problems: list) -> None:
    if not isinstance(block.get(name), kind):
        problems.append(Problem(where, name, block.get(name), allowed))


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


def _calibration(cal: dict) -> dict:
    """The stored fields as `record_coverage.Calibration` holds them (tuples, floats)."""
    return {"scale": float(cal["scale"]), "winner": str(cal["winner"]), "explanation": str(cal["explanation"]),
            "paths": int(cal["paths"]), "admissible_5y": tuple(float(x) for x in cal["admissible_5y"]),
            "admissible_1y": tuple(float(x) for x in cal["admissible_1y"]),
            "grid": tuple(tuple(float(x) for x in row) for row in cal["grid"])}
