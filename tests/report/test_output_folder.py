"""Outputs never touch inputs, and finmodel writes only into a folder of its own (the manifest in the run record)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.report import outdir
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


def test_the_run_record_keeps_a_manifest_and_the_folder_is_reused(inputs, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "summary.json").read_text())["run"]["manifest"]
    assert manifest == sorted(_snapshot(out))
    assert "charts/debt_vs_ceiling.png" in manifest and "summary.json" in manifest
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert json.loads((out / "summary.json").read_text())["run"]["manifest"] == manifest  # the charts are still finmodel's
    (out / ".projection.csv.Ab3dE6g8.tmp").write_bytes(b"left by a hard kill")
    sens = out / "sensitivity"
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(inputs), "--out", str(sens), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert json.loads((sens / "sensitivity_run.json").read_text())["manifest"] == sorted(_snapshot(sens))
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output  # a stale temporary file of a listed output, and another command's sub-folder
    assert not (out / ".projection.csv.Ab3dE6g8.tmp").exists()


def test_a_folder_from_before_the_manifest_is_accepted_once(inputs, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    record = json.loads((out / "summary.json").read_text())
    del record["run"]["manifest"]
    (out / "summary.json").write_text(json.dumps(record))
    assert outdir.prepare(out, [inputs]).manifest([]) == []


def test_only_finmodels_own_record_lists_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("x")
    (out / "summary.json").write_text('{"run": {"manifest": ["notes.txt", "summary.json"], "model": "finmodel"}}')
    assert outdir.prepare(out, []).manifest([out / "projection.csv"]) == ["notes.txt", "projection.csv", "summary.json"]
    for text in ('{"run": {"manifest": ["notes.txt", "summary.json"], "model": "other"}}', "{not json"):
        (out / "summary.json").write_text(text)
        with pytest.raises(InputError, match=r"holds files finmodel did not write \(notes.txt, summary.json\)"):
            outdir.prepare(out, [])


def test_a_rerun_on_edited_inputs_removes_what_the_earlier_run_wrote_and_this_one_did_not(inputs, tmp_path):
    """A --no-charts rerun after an input was edited: the old charts and brief would contradict the new workbook."""
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    charts = sorted(p.relative_to(out).as_posix() for p in (out / "charts").iterdir())
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert (out / "brief.pdf").exists() and "Removed" not in r.output   # same inputs, same version: still this run's
    with open(inputs / "macro.yaml", "a", encoding="utf-8") as f:
        f.write("# an analyst's edit\n")
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert "Removed 22 files an earlier run made from other inputs or by another version:" in r.output
    assert "brief.html, brief.pdf, charts/ (10 .png, 10 .svg)" in r.output
    assert not (out / "brief.pdf").exists() and not (out / "brief.html").exists() and not (out / "charts").exists()
    manifest = json.loads((out / "summary.json").read_text())["run"]["manifest"]
    assert manifest == sorted(_snapshot(out)) and not set(charts) & set(manifest)


def test_settle_removes_only_the_earlier_runs_files(tmp_path):
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    (out / "charts" / "a.png").write_bytes(b"old chart")
    (out / "projection.csv").write_text("old")
    (out / "summary.json").write_text(json.dumps({"run": {"model": "finmodel", "model_version": "0.0.9",
                                                          "input_sha256": {"macro.yaml": "aa"},
                                                          "manifest": ["charts/a.png", "projection.csv", "summary.json"]}}))
    same = outdir.prepare(out, [])
    assert same.settle([out / "projection.csv", out / "summary.json"], {"macro.yaml": "aa"}, "0.0.9") == [
        "charts/a.png", "projection.csv", "summary.json"]
    assert same.removed == [] and (out / "charts" / "a.png").exists()
    for made_from in (({"macro.yaml": "bb"}, "0.0.9"), ({"macro.yaml": "aa"}, "0.1.0")):
        folder = outdir.prepare(out, [])
        if not (out / "charts" / "a.png").exists():
            (out / "charts").mkdir(exist_ok=True)
            (out / "charts" / "a.png").write_bytes(b"old chart")
        assert folder.settle([out / "projection.csv", out / "summary.json"], *made_from) == ["projection.csv", "summary.json"]
        assert folder.removed == ["charts/a.png"]
        assert not (out / "charts").exists() and (out / "projection.csv").read_text() == "old"


def test_sensitivity_reruns_on_edited_inputs_drop_the_old_charts_too(inputs, tmp_path):
    out = tmp_path / "sens"
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "charts" / "tornado.png").exists()
    with open(inputs / "fiscal.yaml", "a", encoding="utf-8") as f:
        f.write("# an analyst's edit\n")
    r = CliRunner().invoke(main, ["sensitivity", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert "Removed 6 files an earlier run made from other inputs or by another version:" in r.output
    assert not (out / "charts").exists()
    assert json.loads((out / "sensitivity_run.json").read_text())["manifest"] == sorted(_snapshot(out))


def test_the_same_inputs_by_another_path_keep_the_earlier_charts(inputs, tmp_path, monkeypatch):
    """A scenario file's hash is recorded under the path as typed; the same bytes by another path are the same inputs."""
    out = tmp_path / "out"
    monkeypatch.chdir(inputs.parent)
    r = CliRunner().invoke(main, ["project", "--inputs", "inputs", "--scenario", "low_land", "--out", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--scenario", "low_land", "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert "Removed" not in r.output and (out / "brief.pdf").exists() and (out / "charts" / "heat_map.png").exists()


def test_a_record_naming_files_outside_its_folder_cannot_make_finmodel_touch_them(inputs, tmp_path):
    """A run record edited by hand (or copied from elsewhere) listing ../victim.txt: never listed, kept or removed."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    record = json.loads((out / "summary.json").read_text())
    record["run"]["manifest"] += ["../victim.txt", str(victim), "charts/../../victim.txt"]
    record["run"]["model_version"] = "0.0.9"   # an earlier version: its leftovers are removed
    (out / "summary.json").write_text(json.dumps(record))
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert victim.read_text() == "the user's" and "victim" not in r.output
    assert "Removed 22 files" in r.output
    assert not any("victim" in name for name in json.loads((out / "summary.json").read_text())["run"]["manifest"])
