"""The bad-input corpus (tests/bad_inputs/*.yaml): every case gets a clear message and the right exit code.

Each case patches a temporary copy of the shipped inputs, runs the CLI and checks the exit
code, that the message names the file, field and value, and that no traceback is shown. A
refused run (exit 2 or 3) must leave every file under the temporary folder byte for byte as it
was, outputs and inputs alike, and no temporary file behind.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS

CASES = sorted((Path(__file__).parents[1] / "bad_inputs").glob("*.yaml"))


def apply_patch(root: Path, patch: list) -> None:
    """Apply a case's patch operations to the inputs copy at `root` (see bad_inputs/README.md)."""
    for op in patch:
        path = root / op["file"]
        if "replace" in op:
            old, new = op["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"patch text not found in {op['file']}: {old!r}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        elif "write" in op:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(op["write"], encoding="utf-8")
        elif op.get("delete"):
            path.unlink()
        elif op.get("binary"):
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        elif "huge_mb" in op:
            line = b"# " + b"x" * 97 + b"\n"
            path.write_bytes(path.read_bytes() + line * (op["huge_mb"] * 10_000))
        elif "latin1" in op:
            path.write_bytes(path.read_bytes() + op["latin1"].encode("latin-1") + b"\n")
        elif "workbook_without_sheet" in op:
            write_inputs_workbook_without(root, path, op["workbook_without_sheet"])
        elif "scale" in op:
            column, factor = op["scale"]
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
            for r in rows:
                r[column] = f"{float(r[column]) * factor:.10g}"
            out = io.StringIO()
            w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
        else:
            raise AssertionError(f"unknown patch operation {op}")


def write_inputs_workbook_without(root: Path, path: Path, sheet: str) -> None:
    """Write the inputs workbook `finmodel init` makes from `root`, less one sheet, to `path`."""
    import openpyxl

    r = CliRunner().invoke(main, ["init", "--inputs", str(root), "--out", str(root.parent / "_init")])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(next((root.parent / "_init").glob("*.xlsx")))
    del wb[sheet]
    wb.save(path)


def run_case(case: dict, tmp_path: Path, before: dict | None = None):
    """Copy the inputs (history/ only when the case asks for it), patch, run; `before` receives the tree as patched."""
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=None if case.get("history") else shutil.ignore_patterns("history"))
    apply_patch(root, case.get("patch", []))
    if before is not None:
        before.update(snapshot(tmp_path))
    args = [a.replace("{inputs}", str(root)).replace("{tmp}", str(tmp_path)) for a in case["args"]]
    return CliRunner().invoke(main, args)


def snapshot(folder: Path) -> dict:
    """Every file under `folder` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_case(path, tmp_path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = {}
    r = run_case(case, tmp_path, before)
    out = r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{path.stem}: {r.exception!r}\n{out}"
    assert "Traceback" not in out
    assert r.exit_code == case["expect"]["exit"], f"{path.stem}: exit {r.exit_code}\n{out}"
    for text in case["expect"].get("contains", []):
        text = text.replace("{inputs}", str(tmp_path / "inputs")).replace("{tmp}", str(tmp_path))
        assert text in out, f"{path.stem}: {text!r} not in\n{out}"
    for text in case["expect"].get("absent", []):
        assert text not in out, f"{path.stem}: {text!r} should not be in\n{out}"
    if case["expect"]["exit"] in (2, 3):   # refused (4, a breach under --fail-on-breach, has written its outputs)
        assert snapshot(tmp_path) == before, f"{path.stem}: a refused run changed or added files"
    for name, texts in case["expect"].get("files", {}).items():
        written = (tmp_path / name).read_text(encoding="utf-8")
        for text in texts.get("contains", []):
            assert text in written, f"{path.stem}: {text!r} not in {name}"
        for text in texts.get("absent", []):
            assert text not in written, f"{path.stem}: {text!r} should not be in {name}"
    assert not [p for p in tmp_path.rglob("*.tmp")], f"{path.stem}: a temporary file was left behind"


def test_corpus_covers_the_issue_list():
    """One case per item the issue lists."""
    items = {yaml.safe_load(p.read_text(encoding="utf-8"))["item"] for p in CASES}
    required = {"missing file", "missing field", "unknown field", "wrong type", "non-numeric text", "NaN", "infinity",
                "negative amount", "rate outside plausible bounds", "rate outside impossible bounds",
                "fiscal years out of order", "fiscal years with a gap", "horizon beyond the data", "tenor of zero",
                "coupon in percent typed 100x", "coupon typed as a decimal", "issuance above the ceiling on day one",
                "duplicate cohort id", "scenario overrides a missing key", "malformed YAML", "malformed CSV",
                "empty file", "binary file", "huge file", "workbook with a missing sheet", "xlsx that is not a zip",
                "history: text in a cell", "history: decimal comma", "history: missing column", "history: impossible value",
                "history: duplicate with another value", "history: years out of order", "history: malformed fiscal year",
                "history: table missing", "history: every problem at once", "history: recalled rows reported",
                "no NaN written: vanishing opening debt", "output over the inputs", "output inside the inputs",
                "output containing the inputs", "output folder with files finmodel did not write",
                "backtest output over its history", "formula-like text in a CSV output"}
    assert required <= items, sorted(required - items)


def test_debug_shows_the_traceback(tmp_path):
    case = {"patch": [{"file": "macro.yaml", "delete": True}], "args": ["--debug", "validate", "--inputs", "{inputs}"]}
    r = run_case(case, tmp_path)
    from finmodel.inputs.errors import InputError

    assert isinstance(r.exception, InputError)
