"""What a run may replace: never its inputs, never a folder holding anything finmodel did not write.

A run folder is replaced whole when it is rerun (`transaction.py`), so before anything is written the folder
already there must hold only finmodel's files of the same run: the files its run record lists (`run.manifest` in
summary.json, sensitivity_run.json, backtest.json and solve.json; `manifest` in compare_run.json and batch_run.json), no symbolic
link (finmodel writes none and follows none out of its folder) and no file of another run. The record is data:
it only says which files are finmodel's; it never names what to delete (the old folder is removed whole, without
following links, once it has passed these checks). A record from before the manifest (an earlier version) is
accepted once. A folder inside another run's folder is refused too, since that folder is replaced whole.
"""

import json
import os
import re
from pathlib import Path, PurePosixPath

from finmodel.inputs.errors import InputError, Problem

RECORD_FILES = ("summary.json", "sensitivity_run.json", "backtest.json", "solve.json", "compare_run.json", "tracker.json", "diff.json",
                "batch_run.json")
MAX_LISTED = 5
_STALE = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")   # an interrupted write of an earlier version


class RunFolderError(InputError):
    """A run folder that may not be used (exit 2, as bad usage): `about` heads the printed problems."""

    about = "with the output folder"


class Where:
    """How a message names the folder: by its option (`--out = 'x'`) when the user gave one, else by its path."""

    def __init__(self, out, option: str = "--out", given: bool = True):
        self.out, self.option, self.given = Path(out), option, given

    def problem(self, message: str) -> Problem:
        if self.given:
            return Problem(self.option, self.option.lstrip("-"), str(self.out), message)
        return Problem(f"output folder {self.out}", "", None, message)

    def refuse(self, message: str):
        raise RunFolderError([self.problem(message)])

    @property
    def elsewhere(self) -> str:
        return "choose another folder" if self.given else f"choose another folder with {self.option}"


def refuse_overlap(option: str, out, reads) -> None:
    """InputError when `out` is, is inside, or contains any path in `reads` (the inputs the run reads)."""
    target = Path(out).resolve()
    problems = []
    for read in reads:
        if read is None:
            continue
        source = Path(read).resolve()
        if target == source:
            how = "is"
        elif source in target.parents:
            how = "is inside"
        elif target in source.parents:
            how = "contains"
        else:
            continue
        kind = "the folder" if source.is_dir() else "the file"
        problems.append(Problem(option, option.lstrip("-"), str(out),
                                f"{how} {kind} {read}, which this run reads: outputs never touch inputs; choose a place outside it"))
    if problems:
        raise InputError(problems)


def refuse_inside_a_run(folder: Path, where: Where) -> None:
    """A folder below another run's folder would vanish when that run is rerun (its folder is replaced whole)."""
    for parent in folder.parents:
        if _records(parent):
            where.refuse(f"is inside {parent}, the folder of another finmodel run, which is replaced whole when that run "
                         "is rerun; choose a folder outside it")


def check(folder: Path, run: str | None, where: Where) -> None:
    """RunFolderError unless `folder` (resolved) is absent or holds only finmodel's files of the run named `run`."""
    if not os.path.lexists(folder):
        return
    if not folder.is_dir():
        where.refuse("is a file, not a folder: a run writes a folder; choose another place")
    links, files = entries(folder)
    if links:
        shown = _shown([f"{name} -> {target}" for name, target in links])
        where.refuse(f"holds symbolic links ({shown}): finmodel writes no link and follows none out of its folder, so "
                     f"the folder is refused and nothing was written; remove the link{'s' if len(links) > 1 else ''} "
                     f"or {where.elsewhere}")
    known, legacy = _known(folder)
    foreign = [] if legacy else [name for name in files if not _ours(name, known)]
    if foreign:
        where.refuse(f"holds files finmodel did not write ({_shown(foreign)}): a run's folder is replaced whole when "
                     f"it is rerun, so finmodel never writes into one holding other files; move those files or {where.elsewhere}")
    others = sorted({name for name in _recorded_runs(folder) if name != run}) if run is not None else []
    if others:
        where.refuse(f"holds the outputs of another run ({', '.join(others)}); this run is {run}: a folder holds one run, "
                     "so that no file of one is taken for the other's; remove it or choose another folder (without "
                     f"{where.option} each run has its own)")


def _shown(names) -> str:
    names = list(names)
    more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
    return ", ".join(names[:MAX_LISTED]) + more


def entries(folder: Path, prefix: str = "") -> tuple:
    """(symbolic links as (relative name, target), regular and other files as relative names) below `folder`,
    walked without following any link."""
    links, files = [], []
    with os.scandir(folder) as it:
        for entry in sorted(it, key=lambda e: e.name):
            name = f"{prefix}{entry.name}"
            if entry.is_symlink():
                links.append((name, os.readlink(entry.path)))
            elif entry.is_dir(follow_symlinks=False):
                more_links, more_files = entries(Path(entry.path), f"{name}/")
                links += more_links
                files += more_files
            else:
                files.append(name)
    return links, files


def _runs_of(record) -> dict | None:
    """The run part of a finmodel run record (`run` in most, the record itself in compare_run.json), else None."""
    if not isinstance(record, dict):
        return None
    run = record.get("run") if isinstance(record.get("run"), dict) else record
    return run if run.get("model") == "finmodel" else None


def _records(folder: Path) -> list:
    """The run parts of the finmodel run records directly in `folder`."""
    found = []
    for name in RECORD_FILES:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            run = _runs_of(_load(path))
            if run is not None:
                found.append(run)
    return found


def _recorded_runs(folder: Path) -> set:
    """The run names the folder's run records give (records of earlier versions have none)."""
    names = set()
    for run in _records(folder):
        options = run.get("options") if isinstance(run.get("options"), dict) else {}
        if isinstance(options.get("run"), str):
            names.add(options["run"])
    return names


def _known(folder: Path):
    """(files listed in the folder's run records, whether a record predates the manifest)."""
    known, legacy = set(), False
    for run in _records(folder):
        manifest = run.get("manifest")
        if isinstance(manifest, list) and all(isinstance(m, str) for m in manifest):
            known |= {name for name in manifest if _inside(name)}
        else:
            legacy = True
    return known, legacy


def _inside(name: str) -> bool:
    """A manifest entry that names a file in the folder: relative, without "..", not empty."""
    path = PurePosixPath(name)
    return bool(name) and "\\" not in name and not path.is_absolute() and ".." not in path.parts and ":" not in name


def _load(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):   # nested too deeply for the parser: not a finmodel record
        return None


def _ours(name: str, known: set) -> bool:
    """A listed file, or the temporary file an interrupted write of a listed file left (earlier versions wrote in place)."""
    if name in known:
        return True
    head, _, base = name.rpartition("/")
    m = _STALE.match(base)
    return bool(m) and (f"{head}/{m.group('name')}" if head else m.group("name")) in known
