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
TOP_FIELDS = ("fitted_on", "key", "calibration")
SHOWN_ROWS = 5       # bad grid rows reported one by one; the rest counted
SHOWN_ITEMS = 8      # a longer list or mapping is shown by its first items and its length


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
    if root.suffix.lower() == ".xlsx" or not (path.exists() or path.is_symlink()):
        return None   # a symbolic link to nothing is not "no file": the reader reports it
    problems: list = []
    data, sha256 = read_yaml(path, str(path), problems)
    if data is not None:
        _check(data, str(path), problems)
    if problems:
        raise InputError(problems)
    return StoredCalibration(str(path), sha256, data["fitted_on"], data["key"], _calibration(data["calibration"]))


def _check(data: dict, where: str, problems: list) -> None:
    """Every field present, known and of its type; the grid one row per scale of `key.scales`, in order, each row the scale
    and four coverages in [0, 100] (.nan: none); the scale and the admissible scales among the grid's."""
    fitted_on = data.get("fitted_on")
    if not (isinstance(fitted_on, str) and _iso_date(fitted_on)):
        problems.append(Problem(where, "fitted_on", _shown(fitted_on), "a date as YYYY-MM-DD (written by finmodel fit)"))
    _unknown(data, TOP_FIELDS, "", where, problems)
    for part, fields in (("key", KEY_FIELDS), ("calibration", CALIBRATION_FIELDS)):
        block = data.get(part)
        if not isinstance(block, dict):
            problems.append(Problem(where, part, _shown(block), "a mapping written by finmodel fit (rerun it)"))
            continue
        _unknown(block, fields, f"{part}.", where, problems)
        for name in fields:
            if name not in block:
                problems.append(Problem(where, f"{part}.{name}", None, "missing: rerun finmodel fit"))
    key, cal = data.get("key"), data.get("calibration")
    if isinstance(key, dict) and "inputs_sha256" in key and not (
            isinstance(key["inputs_sha256"], dict) and all(isinstance(v, str) for v in key["inputs_sha256"].values())):
        problems.append(Problem(where, "key.inputs_sha256", _shown(key["inputs_sha256"]), "a mapping of file name to SHA-256"))
    if not isinstance(cal, dict):
        return
    for name, kind, allowed in (("winner", str, "text"), ("explanation", str, "text")):
        if name in cal and not isinstance(cal[name], kind):
            problems.append(Problem(where, f"calibration.{name}", _shown(cal[name]), allowed))
    if "paths" in cal and not (isinstance(cal["paths"], int) and not isinstance(cal["paths"], bool) and cal["paths"] > 0):
        problems.append(Problem(where, "calibration.paths", _shown(cal["paths"]), "a whole number of paths, at least 1"))
    if "scale" in cal and not _number(cal["scale"]):
        problems.append(Problem(where, "calibration.scale", _shown(cal["scale"]), "a positive number"))
    for name in ("admissible_5y", "admissible_1y"):
        if name in cal and not (isinstance(cal[name], list) and all(_number(x) for x in cal[name])):
            problems.append(Problem(where, f"calibration.{name}", _shown(cal[name]), "a list of scales"))
    if "grid" in cal and _grid_rows_ok(cal["grid"], where, problems):
        _check_scales(cal, key, where, problems)


def _grid_rows_ok(grid, where: str, problems: list) -> bool:
    """Whether `grid` is a non-empty list of rows (scale, four coverages [%]); the first bad rows reported, then a count."""
    if not isinstance(grid, list) or not grid:
        problems.append(Problem(where, "calibration.grid", _shown(grid), f"a list of rows of {GRID_WIDTH} numbers, one per scale tried"))
        return False
    bad = [i for i, row in enumerate(grid) if not (isinstance(row, list) and len(row) == GRID_WIDTH and _number(row[0])
                                                   and all(_coverage(x) for x in row[1:]))]
    for i in bad[:SHOWN_ROWS]:
        problems.append(Problem(where, f"calibration.grid[{i}]", _shown(grid[i]),
                                f"{GRID_WIDTH} numbers: a positive scale, then the 80% and 50% coverage at 5 years and the same at "
                                "1 year, each 0 to 100 (.nan: none)"))
    if len(bad) > SHOWN_ROWS:
        problems.append(Problem(where, "calibration.grid", _Shortened(f"{len(bad) - SHOWN_ROWS:,} more rows like these"), "as above"))
    return not bad


def _check_scales(cal: dict, key, where: str, problems: list) -> None:
    """The grid's scales are the key's, in order; the scale chosen and the admissible scales are among them."""
    scales = [row[0] for row in cal["grid"]]
    if isinstance(key, dict) and isinstance(key.get("scales"), list) and scales != key["scales"]:
        problems.append(Problem(where, "calibration.grid", _shown(scales), "one row for each scale of key.scales, in that order"))
    if _number(cal.get("scale")) and cal["scale"] not in scales:
        problems.append(Problem(where, "calibration.scale", cal["scale"], "one of the scales tried (the grid's first column)"))
    for name in ("admissible_5y", "admissible_1y"):
        if isinstance(cal.get(name), list) and not all(x in scales for x in cal[name] if _number(x)):
            problems.append(Problem(where, f"calibration.{name}", _shown(cal[name]), "scales tried (the grid's first column)"))


def _unknown(block: dict, fields: tuple, prefix: str, where: str, problems: list) -> None:
    for name in block:
        if name not in fields:
            problems.append(Problem(where, f"{prefix}{name}", None, "unknown field; allowed: " + ", ".join(fields)))


def _iso_date(text: str) -> bool:
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _shown(value):
    """A value as a problem shows it: a long list or mapping by its first items and its length."""
    if isinstance(value, dict) and len(value) > SHOWN_ITEMS:
        return _Shortened(repr(dict(list(value.items())[:SHOWN_ITEMS]))[:-1] + f", ... ({len(value):,} items)}}")
    if isinstance(value, list) and len(value) > SHOWN_ITEMS:
        return _Shortened(repr(value[:SHOWN_ITEMS])[:-1] + f", ... ({len(value):,} items)]")
    return value


@dataclass(frozen=True)
class _Shortened:
    """A long value's first items, shown as they are (not quoted as a text would be)."""

    text: str

    def __str__(self) -> str:
        return self.text


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


def _coverage(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and (math.isnan(x) or 0.0 <= x <= 100.0)


def _calibration(cal: dict) -> dict:
    """The stored fields as `record_coverage.Calibration` holds them (tuples, floats)."""
    return {"scale": float(cal["scale"]), "winner": str(cal["winner"]), "explanation": str(cal["explanation"]),
            "paths": int(cal["paths"]), "admissible_5y": tuple(float(x) for x in cal["admissible_5y"]),
            "admissible_1y": tuple(float(x) for x in cal["admissible_1y"]),
            "grid": tuple(tuple(float(x) for x in row) for row in cal["grid"])}
