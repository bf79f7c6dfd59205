"""What changed between two runs of one configuration: the input files (by the run records' SHA-256, with their lines
when both versions are on disk), the figures of the run records and the paths of the CSV files, by how much.

A run folder is read through its run record (summary.json, sensitivity_run.json, backtest.json, solve.json,
compare_run.json or tracker.json): its options, model version, input hashes and manifest. The record holds each input
file's SHA-256, not its text, so the lines that changed are shown when each version can be found on disk with the
recorded hash: in the inputs folder the run names (`options.inputs`), in the copy of the shipped inputs installed with
finmodel, or at the path recorded (a scenario file); otherwise the file is listed as changed with both hashes.
"""

import csv
import difflib
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from finmodel.inputs.errors import InputError, Problem

RECORDS = ("summary.json", "sensitivity_run.json", "backtest.json", "solve.json", "compare_run.json", "tracker.json")
MAX_LINES = 400          # changed lines listed per input file
SAME = 1e-9              # two figures closer than this have not moved


@dataclass
class RunFolder:
    """A run folder as its record describes it."""

    path: Path
    record_file: str
    record: dict
    run: dict
    record_sha256: str = ""

    @property
    def name(self) -> str:
        options = self.run.get("options") if isinstance(self.run.get("options"), dict) else {}
        return str(options.get("run") or self.path.name)


@dataclass
class RunDiff:
    """The differences, as tables (lists of dicts) ready to write."""

    a: RunFolder
    b: RunFolder
    inputs: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    paths: list = field(default_factory=list)
    files: list = field(default_factory=list)
    options: list = field(default_factory=list)


def read_run(path, option: str) -> RunFolder:
    """The run folder at `path` and its record; InputError when it is not a finmodel run folder."""
    try:
        return _read_run(Path(path), option)
    except InputError as err:
        err.about = "with the run folders to compare"
        raise


def _read_run(path: Path, option: str) -> RunFolder:
    if not path.is_dir():
        raise InputError([Problem(option, option.lower(), str(path), "a run folder written by finmodel (not found or not a folder)")])
    for name in RECORDS:
        file = path / name
        if file.is_file():
            try:
                data = file.read_bytes()
                record = json.loads(data.decode("utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError([Problem(str(file), "", None, f"not a readable run record ({exc})")]) from None
            run = record.get("run") if isinstance(record, dict) and isinstance(record.get("run"), dict) else record
            if isinstance(run, dict) and run.get("model") == "finmodel":
                return RunFolder(path, name, record, run, hashlib.sha256(data).hexdigest())
    raise InputError([Problem(option, option.lower(), str(path), f"a run folder written by finmodel: it holds no run record "
                                                                 f"({', '.join(RECORDS)})")])


def hashes_of(run: dict) -> dict:
    """{input file: SHA-256}; compare's records keep one table per scenario, named `<file> (<scenario>)`."""
    found = {}
    for key, value in (run.get("input_sha256") or {}).items():
        if isinstance(value, dict):
            found.update({f"{k} ({key})": v for k, v in value.items()})
        else:
            found[key] = value
    return found


def diff_runs(a: RunFolder, b: RunFolder) -> RunDiff:
    d = RunDiff(a, b)
    d.options = _options(a, b)
    d.inputs, d.lines = _inputs(a, b)
    d.figures = _figures(a.record, b.record)
    d.paths, d.files = _paths(a, b)
    return d


def _options(a, b) -> list:
    oa, ob = a.run.get("options") or {}, b.run.get("options") or {}
    keys = sorted(set(oa) | set(ob))
    rows = [{"option": k, "run_a": json.dumps(oa.get(k), sort_keys=True), "run_b": json.dumps(ob.get(k), sort_keys=True)}
            for k in keys if oa.get(k) != ob.get(k)]
    if a.run.get("model_version") != b.run.get("model_version"):
        rows.append({"option": "model_version", "run_a": str(a.run.get("model_version")), "run_b": str(b.run.get("model_version"))})
    return rows


def _inputs(a, b) -> tuple:
    ha, hb = hashes_of(a.run), hashes_of(b.run)
    rows, lines = [], []
    for name in sorted(set(ha) | set(hb)):
        sa, sb = ha.get(name), hb.get(name)
        status = "same" if sa == sb else "only in run A" if sb is None else "only in run B" if sa is None else "changed"
        row = {"file": name, "status": status, "sha256_a": sa or "", "sha256_b": sb or "", "lines_removed": None,
               "lines_added": None, "lines_shown": False, "note": ""}
        if status == "changed":
            ta, tb = _text(name, sa, a), _text(name, sb, b)
            if ta is None or tb is None:
                missing = " and ".join(r for r, t in (("run A", ta), ("run B", tb)) if t is None)
                row["note"] = (f"the version of {missing} is no longer on disk (the record keeps its SHA-256, not its text): "
                               "the lines are not shown")
            else:
                changed = _changed_lines(name, ta, tb)
                row.update(lines_removed=sum(c["change"] == "removed" for c in changed),
                           lines_added=sum(c["change"] == "added" for c in changed),
                           lines_shown=True)
                lines += changed[:MAX_LINES]
                if len(changed) > MAX_LINES:
                    row["note"] = f"the first {MAX_LINES} of {len(changed)} changed lines are listed"
        rows.append(row)
    return rows, lines


def _candidates(name: str, folder: RunFolder) -> list:
    from finmodel.inputs.locate import INSTALLED

    clean = name.split(" (")[0]
    options = folder.run.get("options") or {}
    roots = [Path(str(options["inputs"]))] if options.get("inputs") else []
    if options.get("history"):
        roots.append(Path(str(options["history"])).parent)
    roots.append(INSTALLED)
    found = [Path(clean)]
    for root in roots:
        base = root.parent if root.suffix.lower() == ".xlsx" else root
        found += [base / clean, base / "history" / Path(clean).name, base / "scenarios" / Path(clean).name]
    return found


def _text(name: str, digest: str, folder: RunFolder):
    """The text of the input file with this SHA-256, where a copy can be found on disk; None when none can."""
    from finmodel.inputs.raw import NotReadable, read_regular_file

    for path in _candidates(name, folder):
        try:
            data = read_regular_file(path)
        except (NotReadable, OSError):
            continue
        if hashlib.sha256(data).hexdigest() == digest:
            return data.decode("utf-8", errors="replace")
    return None


def _changed_lines(name: str, ta: str, tb: str) -> list:
    """Each removed and added line with its line number in its own version (difflib's opcodes)."""
    la, lb = ta.splitlines(), tb.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        rows += [{"file": name, "change": "removed", "line_a": i + 1, "line_b": None, "text": la[i]} for i in range(i1, i2)]
        rows += [{"file": name, "change": "added", "line_a": None, "line_b": j + 1, "text": lb[j]} for j in range(j1, j2)]
    return rows


def _leaves(record, prefix="") -> dict:
    """Every number of a record by its key path (lists by index), the run record itself left out."""
    out = {}
    items = record.items() if isinstance(record, dict) else enumerate(record) if isinstance(record, list) else ()
    for key, value in items:
        path = f"{prefix}.{key}" if prefix and isinstance(record, dict) else f"{prefix}[{key}]" if prefix else str(key)
        if path in ("run", "input_sha256", "manifest", "options", "model_version"):
            continue
        if isinstance(value, bool) or value is None or isinstance(value, str):
            continue
        if isinstance(value, (int, float)):
            out[path] = float(value)
        else:
            out.update(_leaves(value, path))
    return out


def _figures(ra: dict, rb: dict) -> list:
    la, lb = _leaves(ra), _leaves(rb)
    rows = []
    for key in sorted(set(la) | set(lb)):
        va, vb = la.get(key), lb.get(key)
        if va is None or vb is None or abs(vb - va) > SAME:
            rows.append({"figure": key, "run_a": va, "run_b": vb, "change": None if va is None or vb is None else vb - va})
    return rows


def _csv_rows(path: Path) -> tuple:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def _paths(a, b) -> tuple:
    """Each numeric cell of each CSV file both runs wrote that moved, aligned on the first column (a year, a case)."""
    names_a = {p.name for p in a.path.glob("*.csv")}
    names_b = {p.name for p in b.path.glob("*.csv")}
    files = [{"file": n, "status": "only in run A"} for n in sorted(names_a - names_b)]
    files += [{"file": n, "status": "only in run B"} for n in sorted(names_b - names_a)]
    rows = []
    for name in sorted(names_a & names_b):
        (head_a, body_a), (head_b, body_b) = _csv_rows(a.path / name), _csv_rows(b.path / name)
        keyed_a = {tuple(r[:1]) + (i if _repeats(body_a) else 0,): r for i, r in enumerate(body_a)}
        keyed_b = {tuple(r[:1]) + (i if _repeats(body_b) else 0,): r for i, r in enumerate(body_b)}
        moved = 0
        for column in [c for c in head_a[1:] if c in head_b]:
            ja, jb = head_a.index(column), head_b.index(column)
            for key in [k for k in keyed_a if k in keyed_b]:
                va, vb = _float(keyed_a[key], ja), _float(keyed_b[key], jb)
                if va is not None and vb is not None and abs(vb - va) > SAME:
                    rows.append({"file": name, "column": column, "row": key[0], "run_a": va, "run_b": vb, "change": vb - va})
                    moved += 1
        files.append({"file": name, "status": "moved" if moved else "same"})
    return rows, sorted(files, key=lambda f: f["file"])


def _repeats(body) -> bool:
    firsts = [r[0] for r in body if r]
    return len(set(firsts)) != len(firsts)


def _float(row, j):
    try:
        return float(row[j])
    except (IndexError, ValueError):
        return None
