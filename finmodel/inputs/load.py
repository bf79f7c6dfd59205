"""Load an inputs folder or workbook into validated Assumptions: read every file, then check it.

A scenario also gets its baseline (the inputs without the overlay), validated the same way: the
Budget-plan fit runs on the baseline and the scenario inherits the paths it solved for.
"""

import os
from pathlib import Path

from finmodel import fiscal_year
from finmodel.inputs import locate
from finmodel.inputs.citations import read_citations
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.raw import RawInputs
from finmodel.inputs.reader import CSV_FILES, YAML_FILES, collect_inputs
from finmodel.inputs.scenarios import read_scenarios
from finmodel.inputs.validation import validate
from finmodel.inputs.workbook import read_inputs_workbook


def read_inputs(root, scenario=None) -> RawInputs:
    """Read every input file under `root`, or an .xlsx inputs workbook, and the scenario files (a name, a path, several:
    `finmodel.inputs.scenarios`); raise InputError listing all problems."""
    if Path(root).suffix.lower() == ".xlsx":
        raw, problems = read_inputs_workbook(root), []
        if scenario is not None:
            read_scenarios(None, scenario, raw, problems)
        if any(p.severity == "error" for p in problems):
            raise InputError(problems, partial=raw)
    else:
        if not os.path.lexists(root):
            raise InputError([Problem(str(root), "", None, locate.missing(root))])
        raw, problems = collect_inputs(root)
        if scenario is not None:
            read_scenarios(root, scenario, raw, problems)
        if any(p.severity == "error" for p in problems):
            raise InputError(problems, partial=raw)
    raw.warnings = [p for p in problems if p.severity != "error"]
    raw.citations = read_citations(None if Path(root).suffix.lower() == ".xlsx" else root)
    return raw


def parse_horizon(horizon) -> int:
    """The horizon as a start year, or None (the MRF's last year, read from the inputs by validation): a label ("2030-31") or a start year."""
    if horizon is None:
        return None
    if isinstance(horizon, str):
        try:
            return fiscal_year.parse(horizon)
        except ValueError as exc:
            raise InputError([Problem("horizon", "horizon", horizon, str(exc))]) from None
    return int(horizon)


def load_assumptions(path, *, scenario=None, horizon=None, issuance="central"):
    """Read and validate the inputs; return (Assumptions, the validated baseline or None).

    With a scenario, the baseline (the same inputs without the overlay, central plan) comes back
    too: the Budget-plan fit runs on it and the scenario inherits what it solved for. Raises
    InputError listing every problem, those of unreadable files included.
    """
    horizon = parse_horizon(horizon)
    try:
        raw = read_inputs(path, scenario=scenario)
    except InputError as err:
        if err.partial is None:
            raise
        validate(err.partial, horizon=horizon, plan=issuance, prior=err.problems + err.warnings)
        raise
    assumptions = _with_citations(_with_outturn(validate(raw, horizon=horizon, plan=issuance, prior=raw.warnings), path), raw)
    if not raw.scenarios:
        return assumptions, None
    base = read_inputs(path)
    return assumptions, _with_citations(_with_outturn(validate(base, horizon=horizon), path), base)


def _with_citations(a, raw):
    """The assumptions with the source list's citations (`finmodel.inputs.citations`), for the workbooks' lists of sources."""
    from dataclasses import replace

    return replace(a, citations=raw.citations)


def _with_outturn(a, path):
    """The assumptions with the opening position from the outturn where the history holds one (its tables' hashes then
    join the run's inputs); unchanged otherwise (`finmodel.inputs.opening_outturn`). The first year is the revised
    estimate only where the Budget gives two anchor years (the revised estimate and the estimate)."""
    from dataclasses import replace

    from finmodel.inputs import opening_outturn

    if a.n_anchor < 2:   # the first year is the Budget's estimate, not its revised estimate: nothing to replace
        return a
    found = opening_outturn.read(path, int(a.years[0]))
    if found is None:
        return a
    return replace(a, opening_outturn=found, input_hashes={**a.input_hashes, **found.hashes})


def check(path, scenario=None, horizon=None, plan="central"):
    """Validate an inputs folder (its history tables and stored shock scale too), or one file of it; return the warnings.

    A single `.yaml`/`.csv` file is checked in the context of the folder that holds it (a file
    under `scenarios/` as that scenario, a file under `history/` as that table) and only its own
    problems are reported. Raises InputError listing every problem.
    """
    from finmodel.inputs import fitted_shocks, history

    path = Path(path)
    if path.is_file() and path.parent.name == "history" and path.suffix.lower() == ".csv" and path.stem in history.TABLES:
        return history.check(path.parent, (path.stem,))
    if not (path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".csv")):
        return _check_folder(path, scenario, horizon, plan)
    if path.name == fitted_shocks.FILE_NAME:   # the stored shock scale: checked as simulate reads it
        fitted_shocks.read(path.parent)
        return ()
    if path.parent.name == "scenarios":
        root, scenario = path.parent.parent, path.stem
    elif path.name in YAML_FILES + CSV_FILES:
        root = path.parent
    else:
        raise InputError([Problem(str(path), "", None, f"not an input file name; expected one of {', '.join(YAML_FILES + CSV_FILES)} "
                                                       "or a scenario file under scenarios/; a scenario file elsewhere is checked with "
                                                       "finmodel validate --scenario PATH")])
    mine = str(root / "scenarios" / path.name) if scenario == path.stem else str(root / path.name)
    try:
        warnings = load_assumptions(root, scenario=scenario, horizon=horizon, issuance=plan)[0].warnings
    except InputError as err:
        own = [p for p in err.problems + err.warnings if p.where == mine]
        if any(p.severity == "error" for p in own):
            raise InputError(own) from None
        return tuple(own)
    return tuple(p for p in warnings if p.where == mine)


def _check_folder(path: Path, scenario, horizon, plan) -> tuple:
    """The inputs, every history table when the folder has a history/ folder, and its fitted_shocks.yaml when there:
    all problems in one InputError."""
    from finmodel.inputs import fitted_shocks, history

    problems, warnings = [], ()
    try:
        warnings = load_assumptions(path, scenario=scenario, horizon=horizon, issuance=plan)[0].warnings
    except InputError as err:
        problems += err.problems + err.warnings
    if (path / "history").is_dir():
        try:
            warnings = tuple(warnings) + history.check(path / "history")
        except InputError as err:
            problems += err.problems + err.warnings
    try:
        fitted_shocks.read(path)
    except InputError as err:
        problems += err.problems
    if problems:
        raise InputError(list(warnings) + problems)
    return tuple(warnings)
