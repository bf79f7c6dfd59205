"""The only code that opens input files: reads an inputs folder into plain Python data.

Each file is read once, hashed (SHA-256 of its bytes, recorded in every output) and parsed
with a safe parser. Problems are collected, never raised one at a time.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from finmodel.errors import InputError, Problem

YAML_FILES = ("macro.yaml", "fiscal.yaml", "borrowing.yaml")
CSV_FILES = ("opening_book.csv", "peers.csv")
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class InputFile:
    """One input file as read: its display path, SHA-256 and parsed content."""

    path: str
    sha256: str
    data: object


@dataclass
class RawInputs:
    """Every input file of a run, keyed by file name, plus an optional scenario overlay."""

    root: str
    files: dict = field(default_factory=dict)
    scenario: InputFile | None = None

    def hashes(self) -> dict:
        out = {name: f.sha256 for name, f in sorted(self.files.items())}
        if self.scenario is not None:
            out[self.scenario.path] = self.scenario.sha256
        return out


def _read_bytes(path: Path, shown: str, problems: list):
    if not path.exists():
        problems.append(Problem(shown, "", None, "file not found"))
        return None
    if path.is_dir():
        problems.append(Problem(shown, "", None, "is a folder, expected a file"))
        return None
    size = path.stat().st_size
    if size == 0:
        problems.append(Problem(shown, "", None, "the file is empty"))
        return None
    if size > MAX_BYTES:
        problems.append(Problem(shown, "", f"{size:,} bytes", f"too large: input files are at most {MAX_BYTES:,} bytes"))
        return None
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        problems.append(Problem(shown, "", None, "binary file: expected UTF-8 text"))
        return None
    return raw


def _decode(raw: bytes, shown: str, problems: list):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, "", None, f"not UTF-8 text (byte {exc.start})"))
        return None


def read_yaml(path: Path, shown: str, problems: list):
    """Parse a YAML mapping with the safe loader; None (and a problem) when it cannot be read."""
    import yaml

    raw = _read_bytes(path, shown, problems)
    if raw is None:
        return None, None
    text = _decode(raw, shown, problems)
    if text is None:
        return None, None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "malformed YAML"
        problems.append(Problem(shown, "", None, f"malformed YAML{where}: {reason}"))
        return None, None
    if not isinstance(data, dict):
        problems.append(Problem(shown, "", type(data).__name__, "expected a YAML mapping of parameter: {...}"))
        return None, None
    return data, hashlib.sha256(raw).hexdigest()


def read_csv(path: Path, shown: str, problems: list):
    """Parse a CSV file into a list of row dicts; ragged rows are reported with their line."""
    raw = _read_bytes(path, shown, problems)
    if raw is None:
        return None, None
    text = _decode(raw, shown, problems)
    if text is None:
        return None, None
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows = list(reader)
    except csv.Error as exc:
        problems.append(Problem(shown, "", None, f"malformed CSV: {exc}"))
        return None, None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        problems.append(Problem(shown, "", None, "the file has no header row"))
        return None, None
    header = [h.strip() for h in rows[0]]
    out = []
    for lineno, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            problems.append(Problem(shown, f"line {lineno}", f"{len(r)} cells", f"malformed CSV: expected {len(header)} cells like the header"))
            continue
        row = {h: c.strip() for h, c in zip(header, r)}
        row["_line"] = lineno
        out.append(row)
    return {"header": header, "rows": out}, hashlib.sha256(raw).hexdigest()


def read_inputs(root, scenario: str | None = None) -> RawInputs:
    """Read every input file under `root` (and `scenarios/<scenario>.yaml`), or an .xlsx inputs workbook; raise InputError listing all problems."""
    root = Path(root)
    if root.suffix.lower() == ".xlsx":
        from finmodel.reader_xlsx import read_inputs_workbook

        if scenario is not None:
            raise InputError([Problem(str(root), "--scenario", scenario, "scenarios overlay an inputs folder; edit the workbook instead")])
        return read_inputs_workbook(root)
    problems: list = []
    if not root.exists():
        raise InputError([Problem(str(root), "", None, "inputs folder not found")])
    if not root.is_dir():
        raise InputError([Problem(str(root), "", None, "expected an inputs folder (or an .xlsx inputs workbook)")])
    raw = RawInputs(root=str(root))
    for name in YAML_FILES:
        data, digest = read_yaml(root / name, _shown(root, name), problems)
        if data is not None:
            raw.files[name] = InputFile(_shown(root, name), digest, data)
    for name in CSV_FILES:
        data, digest = read_csv(root / name, _shown(root, name), problems)
        if data is not None:
            raw.files[name] = InputFile(_shown(root, name), digest, data)
    if scenario is not None:
        path = root / "scenarios" / f"{scenario}.yaml"
        shown = _shown(root, f"scenarios/{scenario}.yaml")
        if not path.exists():
            known = sorted(p.stem for p in (root / "scenarios").glob("*.yaml")) if (root / "scenarios").is_dir() else []
            problems.append(Problem(shown, "--scenario", scenario, f"no such scenario; known: {', '.join(known) or 'none'}"))
        else:
            data, digest = read_yaml(path, shown, problems)
            if data is not None:
                raw.scenario = InputFile(shown, digest, data)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return raw


def _shown(root: Path, name: str) -> str:
    return str(Path(root) / name)
