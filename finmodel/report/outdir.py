"""Where a command may write: never over what it reads, only into a folder of its own.

Before the first file is written, `prepare` refuses an output folder that is, is inside, or
contains the inputs (the folder or workbook, the history tables, any file the run reads), and
one that holds files finmodel did not write. finmodel's files are known from the manifest each
command keeps in its run record (`run.manifest` in summary.json, sensitivity_run.json,
backtest.json and solve.json; `manifest` in compare_run.json): every file of the folder written by
finmodel, relative to it. A sub-folder with a run record of its own (e.g. `sensitivity/` under a
project folder) is another command's folder and is left to it. A hidden temporary file that an
interrupted write of a listed file left behind (`.<name>.<8 characters>.tmp`) counts as
finmodel's. A folder whose run record predates the manifest (an earlier version) is accepted
once; the new record lists what this run writes. When the earlier run of the folder was made
from other inputs or by another version, the files it wrote that this run does not write (the
charts and brief, on a `--no-charts` rerun) are removed at the end (`OutputFolder.settle`), so
the folder never mixes outputs of two states of the inputs.
"""

import json
import re
from pathlib import Path, PurePosixPath

from finmodel.inputs.errors import InputError, Problem

RECORD_FILES = ("summary.json", "sensitivity_run.json", "backtest.json", "solve.json", "compare_run.json")
MAX_LISTED = 5
_STALE = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


class OutputFolder:
    """A checked output folder and the files of earlier runs it holds (kept in the new manifest).

    `made_from`: what the earlier run records of the folder say they were made from, each as
    (model version, input hashes); `removed`: the files `settle` took away (relative paths).
    """

    def __init__(self, path: Path, carried: set, made_from: list | None = None):
        self.path = Path(path)
        self.carried = set(carried)
        self.made_from = list(made_from or [])
        self.removed: list = []

    def manifest(self, written) -> list:
        """Every file of the folder finmodel wrote: this run's files plus earlier ones still there."""
        mine = {_relative(self.path, p) for p in written}
        kept = {name for name in self.carried if (self.path / name).is_file()}
        return sorted(mine | kept)

    def settle(self, written, input_sha256, model_version: str) -> list:
        """The manifest, once earlier files that no longer match are gone: an earlier run of this configuration made from
        other inputs or by another version left files this run did not write (a `--no-charts` rerun after an input was
        edited kept the old charts and brief, which then disagreed with the new workbook). Those files, finmodel's own
        by the earlier manifest, are removed and listed in `removed`; files of an earlier run made from the same inputs
        by the same version are kept and listed, as `manifest` does."""
        mine = {_relative(self.path, p) for p in written}
        now = (model_version, _by_shipped_name(input_sha256))
        if all((version, _by_shipped_name(hashes)) == now for version, hashes in self.made_from):
            return self.manifest(written)
        stale = sorted(name for name in self.carried - mine if (self.path / name).is_file())
        for name in stale:
            (self.path / name).unlink()
        for folder in sorted({(self.path / name).parent for name in stale}, reverse=True):
            if folder != self.path and not any(folder.iterdir()):
                folder.rmdir()   # a sub-folder (charts/) the removal emptied
        self.removed = stale
        return sorted(mine)


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


def prepare(out, reads, option: str = "--out", run: str | None = None) -> OutputFolder:
    """Check the output folder before anything is written; InputError (exit 2) when it may not be used.

    A folder that does not exist yet is fine (the writers create it); an existing one must hold
    only files that finmodel wrote there, and, when `run` (this run's name) is given, only those of
    the same run: one folder holds one configuration, so no file of another run is kept beside this
    run's or listed in its manifest, and no command replaces another's run record. A path that is
    a file is left to the writers, whose error names it.
    """
    out = Path(out)
    refuse_overlap(option, out, reads)
    if not out.is_dir():
        return OutputFolder(out, set())
    known, legacy = _known(out)
    foreign = [] if legacy else [name for name in _files(out) if not _ours(name, known)]
    if foreign:
        shown = ", ".join(foreign[:MAX_LISTED]) + (f" and {len(foreign) - MAX_LISTED} more" if len(foreign) > MAX_LISTED else "")
        raise InputError([Problem(option, option.lstrip("-"), str(out),
                                  f"holds files finmodel did not write ({shown}): finmodel writes only into a new folder or "
                                  "one holding its own earlier outputs, so that nothing else is overwritten; choose another "
                                  "folder or move those files")])
    others = sorted({name for name in _recorded_runs(out) if name != run}) if run is not None else []
    if others:
        raise InputError([Problem(option, option.lstrip("-"), str(out),
                                  f"holds the outputs of another run ({', '.join(others)}); this run is {run}: a folder holds "
                                  "one run, so that no file of one is taken for the other's; choose another folder (without "
                                  "--out each run has its own) or remove it")])
    return OutputFolder(out, known, _made_from(out))


def _recorded_runs(folder: Path) -> set:
    """The run names recorded by the run records directly in `folder` (records of earlier versions have none)."""
    names = set()
    for name in RECORD_FILES:
        record = _load(folder / name) if (folder / name).is_file() else None
        if not isinstance(record, dict):
            continue
        run = record.get("run") if isinstance(record.get("run"), dict) else record
        options = run.get("options") if isinstance(run.get("options"), dict) else {}
        if run.get("model") == "finmodel" and isinstance(options.get("run"), str):
            names.add(options["run"])
    return names


def _by_shipped_name(hashes):
    """Input hashes keyed as paths under inputs/ (`vintage.shipped_key`), so that a scenario given as inputs/scenarios/x.yaml
    or by an absolute path is the same input; compare's hashes, by scenario, are keyed so within each scenario."""
    from finmodel.inputs.vintage import shipped_key

    if not isinstance(hashes, dict):
        return hashes
    return {shipped_key(k) if isinstance(v, str) else k: _by_shipped_name(v) for k, v in hashes.items()}


def _made_from(folder: Path) -> list:
    """(model version, input hashes) of each finmodel run record directly in `folder` (None where a record lacks one)."""
    made = []
    for name in RECORD_FILES:
        record = _load(folder / name) if (folder / name).is_file() else None
        if not isinstance(record, dict):
            continue
        run = record.get("run") if isinstance(record.get("run"), dict) else record
        if run.get("model") == "finmodel":
            made.append((run.get("model_version"), run.get("input_sha256")))
    return made


def _known(folder: Path):
    """(files listed in the folder's run records, whether a record predates the manifest)."""
    known, legacy = set(), False
    for name in RECORD_FILES:
        path = folder / name
        if not path.is_file():
            continue
        manifest = _manifest(path)
        if manifest is None:
            legacy = legacy or _is_finmodel_record(path)
        else:
            known |= {name for name in manifest if _inside(name)}
    return known, legacy


def _inside(name: str) -> bool:
    """A manifest entry that names a file in the folder: relative, without "..", not empty. A record copied from
    elsewhere or edited by hand cannot make finmodel list, keep or remove anything outside its folder."""
    path = PurePosixPath(name)
    return bool(name) and "\\" not in name and not path.is_absolute() and ".." not in path.parts and ":" not in name


def _manifest(path: Path):
    """The manifest of a finmodel run record, or None when it has none or is not finmodel's."""
    record = _load(path)
    if not isinstance(record, dict):
        return None
    run = record.get("run") if isinstance(record.get("run"), dict) else record
    manifest = run.get("manifest")
    if run.get("model") == "finmodel" and isinstance(manifest, list) and all(isinstance(m, str) for m in manifest):
        return manifest
    return None


def _is_finmodel_record(path: Path) -> bool:
    record = _load(path)
    if not isinstance(record, dict):
        return False
    run = record.get("run") if isinstance(record.get("run"), dict) else record
    return run.get("model") == "finmodel"


def _load(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):   # nested too deeply for the parser: not a finmodel record
        return None


def _files(folder: Path) -> list:
    """Files under `folder` (relative, posix), skipping sub-folders that are another command's output folder."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.is_symlink():
            if any((path / r).is_file() for r in RECORD_FILES):
                continue
            out += [f"{path.name}/{name}" for name in _files(path)]
        else:
            out.append(path.name)
    return out


def _ours(name: str, known: set) -> bool:
    """A listed file, or the temporary file an interrupted write of a listed file left behind."""
    if name in known:
        return True
    head, _, base = name.rpartition("/")
    m = _STALE.match(base)
    return bool(m) and (f"{head}/{m.group('name')}" if head else m.group("name")) in known


def _relative(folder: Path, path) -> str:
    path = Path(path)
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.resolve().relative_to(folder.resolve()).as_posix()
