"""Outputs never touch inputs, and a run replaces only a folder of its own (the manifest in the run record)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.runs import folder as checks
from tests.conftest import INPUTS, SEEDS


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def inputs(tmp_path):
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    return root


def _refused(args, folder, *texts):
    before = _snapshot(folder)
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    for text in texts:
        assert text in r.output, (text, r.output)
    assert _snapshot(folder) == before
    assert not list(folder.rglob("*.tmp"))


@pytest.mark.parametrize("where", ["is", "inside", "contains"])
def test_project_never_writes_over_inside_or_around_its_inputs(inputs, tmp_path, where):
    out = {"is": inputs, "inside": inputs / "history", "contains": tmp_path}[where]
    how = {"is": "is the folder", "inside": "is inside the folder", "contains": "contains the folder"}[where]
    _refused(["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"], tmp_path, f"{how} {inputs}, which this run reads")


def test_the_inputs_workbook_is_never_an_output(inputs, tmp_path):
    r = CliRunner().invoke(main, ["init", "--inputs", str(inputs), "--out", str(tmp_path / "wb")])
    assert r.exit_code == 0, r.output
    book = tmp_path / "wb" / "finmodel_inputs.xlsx"
    _refused(["project", "--inputs", str(book), "--out", str(book)], tmp_path, f"is the file {book}")
    _refused(["project", "--inputs", str(book), "--out", str(book / "out")], tmp_path, f"is inside the file {book}")


@pytest.mark.parametrize("args", [
    ["simulate", "--paths", "10"], ["sensitivity", "--no-charts"], ["solve"], ["compare", "baseline"],
])
def test_every_command_refuses_its_inputs_as_output(inputs, tmp_path, args):
    _refused([args[0], *args[1:], "--inputs", str(inputs), "--out", str(inputs)], tmp_path, "outputs never touch inputs")


def test_backtest_validation_report_and_init_refuse_their_inputs(inputs, tmp_path):
    hist = inputs / "history"
    _refused(["backtest", "--history", str(hist), "--out", str(hist)], tmp_path, f"is the folder {hist}")
    _refused(["validation-report", "--inputs", str(inputs), "--seeds", str(SEEDS), "--out", str(inputs / "validation.md")],
             tmp_path, f"is inside the folder {inputs}")
    _refused(["validation-report", "--inputs", str(inputs), "--seeds", str(SEEDS), "--out", str(SEEDS / "budget_2026_27.yaml")],
             SEEDS, f"is inside the folder {SEEDS}")
    mine = tmp_path / "notes.md"
    mine.write_text("my notes\n")
    _refused(["validation-report", "--inputs", str(inputs), "--seeds", str(SEEDS), "--out", str(mine)], tmp_path,
             "was not written by finmodel validation-report")
    _refused(["init", "--inputs", str(inputs), "--format", "csv", "--out", str(inputs), "--force"], tmp_path, "outputs never touch inputs")


def _check(out, run=None):
    checks.check(out.resolve(), run, checks.Where(out))


def _full_run(full_project_runs, out):
    """`out` as `finmodel project --inputs <the shipped inputs> --out out` leaves it, charts and brief included: a copy of
    the session's full run (tests/conftest.py), which is the same bytes whatever the folder's name."""
    shutil.copytree(full_project_runs[0][0], out)


def test_the_run_record_keeps_a_manifest_and_the_folder_holds_what_the_last_run_wrote(tmp_path, full_project_runs):
    out = tmp_path / "out"
    _full_run(full_project_runs, out)
    manifest = json.loads((out / "summary.json").read_text())["run"]["manifest"]
    assert manifest == sorted(_snapshot(out))
    assert "charts/debt_vs_ceiling.png" in manifest and "summary.json" in manifest
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "summary.json").read_text())["run"]["manifest"]
    assert manifest == sorted(_snapshot(out))
    assert not any(name.startswith(("charts/", "brief")) for name in manifest)   # no chart of the earlier run kept
    (out / ".projection.csv.Ab3dE6g8.tmp").write_bytes(b"left by a hard kill of an earlier version")
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert not (out / ".projection.csv.Ab3dE6g8.tmp").exists()
    before = _snapshot(out)
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(out / "sensitivity"), "--no-charts"])
    assert r.exit_code == 2 and f"is inside {out.resolve()}, the folder of another finmodel run" in r.output, r.output
    assert _snapshot(out) == before and not list(out.glob(".*"))


def test_a_folder_from_before_the_manifest_is_accepted_once(tmp_path, copy_of_baseline_run):
    out = copy_of_baseline_run(tmp_path / "out")   # as `project --inputs <shipped> --out out --no-charts` leaves it
    record = json.loads((out / "summary.json").read_text())
    del record["run"]["manifest"]
    (out / "summary.json").write_text(json.dumps(record))
    (out / "old_file.csv").write_text("an earlier version's file")
    _check(out)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert not (out / "old_file.csv").exists() and "manifest" in json.loads((out / "summary.json").read_text())["run"]


def test_only_finmodels_own_record_lists_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("x")
    (out / "summary.json").write_text('{"run": {"manifest": ["notes.txt", "summary.json"], "model": "finmodel"}}')
    _check(out)
    for text in ('{"run": {"manifest": ["notes.txt", "summary.json"], "model": "other"}}', "{not json"):
        (out / "summary.json").write_text(text)
        with pytest.raises(InputError, match=r"holds files finmodel did not write \(notes.txt, summary.json\)"):
            _check(out)


def test_without_out_a_refusal_names_the_folder_and_what_to_do(inputs, tmp_path, monkeypatch):
    """The user gave no --out: the message names the folder, not the option, and not as a problem in the inputs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outputs" / "baseline").mkdir(parents=True)
    (tmp_path / "outputs" / "baseline" / "thesis.docx").write_text("mine")
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--no-charts"])
    assert r.exit_code == 2, r.output
    assert "1 problem(s) with the output folder:" in r.output and "in the inputs" not in r.output
    assert "output folder outputs/baseline: holds files finmodel did not write (thesis.docx)" in r.output
    assert "move those files or choose another folder with --out" in r.output and "--out =" not in r.output


def test_a_record_naming_files_outside_its_folder_cannot_make_finmodel_touch_them(tmp_path, full_project_runs):
    """A run record edited by hand (or copied from elsewhere) listing ../victim.txt: never listed, kept or removed."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's")
    out = tmp_path / "out"
    _full_run(full_project_runs, out)   # with charts/, so that charts/../../victim.txt names the victim
    record = json.loads((out / "summary.json").read_text())
    record["run"]["manifest"] += ["../victim.txt", str(victim), "charts/../../victim.txt"]
    record["run"]["model_version"] = "0.0.9"
    (out / "summary.json").write_text(json.dumps(record))
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert victim.read_text() == "the user's" and "victim" not in r.output
    assert not any("victim" in name for name in json.loads((out / "summary.json").read_text())["run"]["manifest"])
