"""The Budget plan's fitted paths as data: `inputs/fitted_plan.yaml` (or the inputs workbook's "Fitted plan" sheet).

`finmodel fit` solves the paths the Budget does not publish (gross issuance, non-works capital
spending and the unidentified measures, 2027-28 to the end of the MRF) against the figures it
does publish, and writes them here with their provenance: the date of the fit, the method, the
parameters, every fitted target with the fit's value (the residuals), and a digest of each input
file the fit read. Every command reads these paths and holds them; nothing refits implicitly, so
a run on edited inputs or a scenario is a what-if on the plan.

A digest is the SHA-256 of a file's numbers and choices (not its units, sources, notes or
comments, and numbers compared as numbers), so the same inputs as text files or in the inputs
workbook give the same digests. A file whose digest differs from the one the fit recorded makes
the fitted paths stale for it: the run goes on with the paths held and warns, naming the file
and `finmodel fit`.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field

import numpy as np

from finmodel import fiscal_year

FILE_NAME = "fitted_plan.yaml"
SHEET = "Fitted plan"
FIT_READS = ("macro.yaml", "fiscal.yaml", "borrowing.yaml", "budget_plan.yaml", "opening_book.csv")
TARGETS_FILE = "budget_plan.yaml"
TEXT_KEYS = frozenset({"unit", "source", "note", "assumption", "choices", "title", "description", "source_kind"})
PATHS = ("gross_issuance_hkd_bn", "other_capital_hkd_bn", "unidentified_measures_hkd_bn")
PATH_WORDS = {"gross_issuance_hkd_bn": "gross issuance", "other_capital_hkd_bn": "non-works capital spending",
              "unidentified_measures_hkd_bn": "unidentified measures"}
KEYS = ("fitted_on", "method", "message", "converged", "evaluations", "parameters", "inputs_read", "paths", "targets",
        "gap_range", "leave_one_out")
JSON_KEYS = ("parameters", "inputs_read", "targets", "converged", "paths_exact", "gap_range", "leave_one_out")
PROVENANCE_ROW = 10  # the workbook sheet: paths from row 5, provenance from this row
BOUND_SLACK = 1e-6  # HK$ bn: how far below zero a fitted amount may sit (the solver's tolerance) and still count as zero


@dataclass(frozen=True)
class FittedPlan:
    """The fitted paths on the run's year axis (NaN outside the fitted years) and the fit's provenance."""

    where: str
    paths: dict                    # path name -> np.ndarray on the year axis
    years: tuple                   # the fitted years' labels
    provenance: dict = field(default_factory=dict)   # fitted_on, method, message, converged, evaluations, parameters, targets
    inputs_read: dict = field(default_factory=dict)  # file -> content digest at the fit
    stale: tuple = ()              # files whose content differs from what the fit read


_DIGESTS: dict = {}   # (file name, SHA-256 of its bytes) -> content digest: the same bytes parse to the same content


def content_sha256(files: dict) -> dict:
    """The content digest of every file the fit reads that is present in `files` (name -> InputFile).

    Kept by the SHA-256 of the bytes read (so a batch validating a thousand cases over the same files digests each once).
    """
    out = {}
    for name in FIT_READS:
        f = files.get(name)
        if f is None:
            continue
        key = (name, f.sha256)
        if not f.sha256 or key not in _DIGESTS:
            text = json.dumps(_canonical(f.data), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
            if len(_DIGESTS) > 256:
                _DIGESTS.clear()
            _DIGESTS[key] = hashlib.sha256(text.encode("ascii")).hexdigest()
        out[name] = _DIGESTS[key]
    return out


def _canonical(data):
    """Numbers and choices only: text keys dropped, numbers (and numeric text, as in CSV cells) as floats."""
    if isinstance(data, dict):
        return {str(k): _canonical(v) for k, v in data.items() if k not in TEXT_KEYS}
    if isinstance(data, (list, tuple)):
        return [_canonical(v) for v in data]
    if isinstance(data, bool) or data is None:
        return data
    if isinstance(data, (int, float)):
        return repr(float(data))
    if isinstance(data, str):
        try:
            x = float(data.strip())
        except ValueError:
            return data.strip()
        return repr(x) if math.isfinite(x) else data.strip()
    return str(data)


def check_fitted_plan(chk, raw, years: np.ndarray, first_fit_year: int, last_fit_year: int):
    """Read `fitted_plan.yaml` from raw inputs into a FittedPlan, or None when the inputs carry none.

    Every fitted year from `first_fit_year` to `last_fit_year` must be given for each path, as a
    finite number; amounts of spending and measures must not be negative and issuance must be
    positive (errors). Files whose digests differ from the inputs read now are listed in `stale` (see `warn_stale`).
    """
    f = raw.files.get(FILE_NAME)
    if f is None:
        return None
    where, data = f.path, f.data
    if not isinstance(data, dict):
        chk.error(where, "", None, "expected a mapping with keys " + ", ".join(KEYS) + ": write it with `finmodel fit`")
        return None
    for key in data:
        if key not in KEYS:
            chk.error(where, str(key), None, "unknown key; allowed: " + ", ".join(KEYS))
    paths_in = data.get("paths")
    if not isinstance(paths_in, dict) or not paths_in:
        chk.error(where, "paths", paths_in, "must map each fitted path (" + ", ".join(PATHS) + ") to its values by fiscal year")
        return None
    wanted = list(range(first_fit_year, last_fit_year + 1))
    paths = {}
    for name, values in paths_in.items():
        if name not in PATHS:
            chk.error(where, f"paths.{name}", None, "unknown path; allowed: " + ", ".join(PATHS))
            continue
        paths[name] = _path(chk, where, name, values, years, wanted)
    inputs_read = data.get("inputs_read") if isinstance(data.get("inputs_read"), dict) else {}
    if not inputs_read:
        chk.error(where, "inputs_read", data.get("inputs_read"), "must give the digest of each file the fit read: write it with `finmodel fit`")
    now = content_sha256(raw.files)
    stale = tuple(name for name in FIT_READS if name in now and inputs_read and inputs_read.get(name) != now[name])
    provenance = {k: data.get(k) for k in ("fitted_on", "method", "message", "converged", "evaluations", "parameters", "targets",
                                           "gap_range", "leave_one_out")}
    return FittedPlan(where, paths, tuple(fiscal_year.label(y) for y in wanted), provenance, dict(inputs_read), stale)


def warn_stale(chk, plan) -> None:
    """Warn when the inputs differ from those the fit read (after every other check passed: not noise beside errors)."""
    if plan is not None and plan.stale:
        chk.warn(plan.where, "inputs_read", ", ".join(plan.stale), stale_message(plan))


def stale_message(plan: FittedPlan) -> str:
    """What a stale fitted file means for the run, and the command that refreshes it."""
    when = plan.provenance.get("fitted_on") or "an unknown date"
    if TARGETS_FILE in plan.stale:
        what = (f"the published targets ({TARGETS_FILE}) differ from those the plan was fitted to on {when}: the fitted "
                "paths are held, so the figures against the Budget compare the old plan with the new targets")
    else:
        what = (f"these inputs differ from those the plan was fitted to on {when}: the fitted paths are held, "
                "so this run is a what-if on the plan")
    return what + "; run `finmodel fit` on these inputs to re-solve the plan"


def _path(chk, where, name, values, years, wanted) -> np.ndarray:
    """One fitted path laid on the year axis: every wanted year given, finite and within its bounds."""
    out = np.full(len(years), np.nan)
    if not isinstance(values, dict):
        chk.error(where, f"paths.{name}", values, f"must map fiscal years (\"{fiscal_year.example(1)}\") to HK$ bn")
        return out
    given = {}
    for label, v in values.items():
        try:
            given[fiscal_year.parse(str(label))] = v
        except ValueError as exc:
            chk.error(where, f"paths.{name}", label, str(exc))
    missing = [fiscal_year.label(y) for y in wanted if y not in given]
    extra = [fiscal_year.label(y) for y in given if y not in wanted]
    if missing or extra:
        chk.error(where, f"paths.{name}", ", ".join(missing + extra),
                  f"must give exactly the fitted years {fiscal_year.label(wanted[0])} to {fiscal_year.label(wanted[-1])}"
                  if wanted else "no year of the run is fitted")
    low = 0.0 if name == "gross_issuance_hkd_bn" else -BOUND_SLACK
    for y in wanted:
        if y not in given:
            continue
        x = chk.number(where, f"paths.{name}[{fiscal_year.label(y)}]", given[y], (low, None), unit="HK$ bn")
        if x is not None:
            if years[0] <= y <= years[-1]:
                out[int(y - years[0])] = x
    return out


def read_fitted_sheet(s, ws) -> dict:
    """The Fitted plan sheet of an inputs workbook as the data of fitted_plan.yaml (s: the workbook reader's cell access).

    Rows 5 to PROVENANCE_ROW - 1: a path name, then its value under each year of row 4's header;
    from PROVENANCE_ROW + 1: a provenance key and its value (JSON text for the structured ones).
    """
    years = [s.value(ws, ws.cell(4, j)) for j in range(2, ws.max_column + 1)]
    paths = {}
    for r in range(5, PROVENANCE_ROW):
        name = s.value(ws, ws.cell(r, 1))
        if name is not None:
            paths[str(name)] = {str(y): s.value(ws, ws.cell(r, j)) for j, y in enumerate(years, start=2) if y is not None}
    data = {"paths": paths}
    for r in range(PROVENANCE_ROW + 1, ws.max_row + 1):
        key = s.value(ws, ws.cell(r, 1))
        if key is None:
            continue
        value = s.value(ws, ws.cell(r, 2))
        if key in JSON_KEYS:
            try:
                value = json.loads(str(value))
            except ValueError:
                s.problems.append(_problem(s.where(ws, ws.cell(r, 2)), str(key), value, "JSON text as finmodel fit writes it"))
        data[str(key)] = value
    _restore_digits(data.pop("paths_exact", None), paths)
    return data


def _restore_digits(exact, paths: dict) -> None:
    """Each path cell that equals its exact copy to a cell's rounding takes the exact value (every digit the fit found)."""
    if not isinstance(exact, dict):
        return
    for name, values in paths.items():
        for year, v in values.items():
            x = exact.get(name, {}).get(year) if isinstance(exact.get(name), dict) else None
            if isinstance(v, (int, float)) and isinstance(x, (int, float)) and abs(v - x) <= 1e-12 * max(1.0, abs(x)):
                values[year] = float(x)


def _problem(where, field, value, allowed):
    from finmodel.inputs.errors import Problem

    return Problem(where, field, value, allowed)
