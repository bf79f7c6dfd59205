"""Outputs are never half-written, never delete other files, keep user text as text, and let anyone re-run."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import openpyxl
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.report import atomic
from tests.conftest import INPUTS, ROOT
from finmodel.analysis.heat_map import build as build_heat_map

EVIL = '=HYPERLINK("http://x","y")'


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _project(out, *extra):
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts", *extra])
    assert r.exit_code == 0, r.output
    return r


def _earlier_outputs(out, copy_of_baseline_run):
    """The folder as an earlier run of the same configuration left it, with other bytes in every file but its run
    record (a folder holds one run: a run of another configuration is refused there)."""
    copy_of_baseline_run(out)   # as _project(out) leaves it
    for path in out.iterdir():
        if path.name != "summary.json":
            path.write_bytes(b"an earlier run's bytes\n" + path.read_bytes())


def test_failure_inside_a_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "projection.csv"
    target.write_text("previous\n")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half a fi")
            raise Boom
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projection.csv"]


def test_a_run_failing_mid_write_leaves_previous_outputs_intact(tmp_path, monkeypatch, copy_of_baseline_run):
    out = tmp_path / "out"
    _earlier_outputs(out, copy_of_baseline_run)
    before = _snapshot(out)
    real_write = atomic.Path.write_bytes
    calls = {"n": 0}

    def flaky(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            real_write(self, data[: len(data) // 2])
            raise KeyboardInterrupt
        return real_write(self, data)

    monkeypatch.setattr(atomic.Path, "write_bytes", flaky)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code != 0 and calls["n"] == 3
    assert _snapshot(out) == before   # the run is built beside the folder: nothing of it was published
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]   # its staging folder removed


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_killing_the_process_mid_write_keeps_previous_outputs(tmp_path, sig, copy_of_baseline_run):
    """A real `finmodel project` process killed while a temporary file is written but not yet moved into place."""
    out = tmp_path / "out"
    _earlier_outputs(out, copy_of_baseline_run)
    before = _snapshot(out)
    script = textwrap.dedent(f"""
        import signal
        import finmodel.report.atomic as atomic
        signal.signal(signal.SIGINT, signal.default_int_handler)   # Ctrl-C as in a terminal, even under a job that ignores it
        def stalled_fsync(fd):
            print("writing", flush=True)
            signal.pause()   # until the test's signal arrives
        atomic.os.fsync = stalled_fsync
        from finmodel.cli import main
        main(["project", "--inputs", {str(INPUTS)!r}, "--out", {str(out)!r}, "--no-charts"])
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "writing"
        temps = [p for p in tmp_path.glob(".out.staging-*/*") if p.name.endswith(".tmp")]
        assert len(temps) == 1 and temps[0].stat().st_size > 0  # caught mid-write, in the staging folder
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert _snapshot(out) == before
    if sig == signal.SIGINT:
        assert not list(tmp_path.glob(".out.staging-*"))
    else:
        assert list(tmp_path.glob(".out.staging-*"))  # a hard kill cannot clean up ...
        _project(out)  # ... the next run does, and replaces every output
        assert not list(tmp_path.glob(".out.staging-*"))
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_run_never_deletes_or_overwrites_files_it_did_not_write(tmp_path, copy_of_baseline_run):
    """A folder holding someone else's files is refused before anything is written; finmodel's own folder is reused."""
    out = tmp_path / "out"
    out.mkdir()
    mine = {"notes.txt": b"analyst's notes", ".projection.csv.keep": b"x", ".projection.csv.tmp": b"y", "projection.csv": b"z"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 2 and "holds files finmodel did not write" in r.output and "notes.txt" in r.output, r.output
    assert _snapshot(out) == mine
    fresh = copy_of_baseline_run(tmp_path / "fresh")   # as _project(fresh) leaves it
    _project(fresh)  # its own earlier outputs: reused
    (fresh / "notes.txt").write_bytes(b"analyst's notes")
    before = _snapshot(fresh)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(fresh), "--no-charts"])
    assert r.exit_code == 2 and "(notes.txt)" in r.output, r.output
    assert _snapshot(fresh) == before


def test_formula_like_scenario_name_stays_text_in_the_workbook(tmp_path, baseline):
    from finmodel.model.pipeline import run
    from finmodel.report.workbook.build import write_workbook

    res = run(baseline, scenario=EVIL, options={"scenario": EVIL})
    path = write_workbook(res, tmp_path, build_heat_map(res))
    wb = openpyxl.load_workbook(path)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert not (c.data_type == "f" and "HYPERLINK" in str(c.value)), (ws.title, c.coordinate)
                if isinstance(c.value, str) and "HYPERLINK" in c.value:
                    assert c.data_type == "s"
                    found.append(c.value)
    assert EVIL in found
    assert any(v.startswith("Scenario") and EVIL in v for v in found)


def test_summary_records_what_a_rerun_needs(tmp_path):
    out = tmp_path / "out"
    _project(out, "--issuance", "low", "--horizon", "2035-36")
    run = json.loads((out / "summary.json").read_text())["run"]
    assert run["model_version"]
    assert run["options"]["issuance"] == "low" and run["options"]["horizon"] == "2035-36"
    assert "seed" in run and run["seed"] is None  # deterministic: no random numbers drawn
    assert set(run["environment"]) >= {"python", "numpy", "pandas", "openpyxl", "matplotlib"}
    for name, digest in run["input_sha256"].items():
        import hashlib

        assert hashlib.sha256((INPUTS / name).read_bytes()).hexdigest() == digest


def test_two_processes_give_identical_bytes_for_every_output(tmp_path):
    """Separate processes (different start times, hash seeds) write byte-identical outputs, charts included."""
    procs = {d: subprocess.Popen([sys.executable, "-m", "finmodel", "project", "--inputs", str(INPUTS), "--out", str(tmp_path / d)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
             for d, seed in (("a", "1"), ("b", "2"))}   # side by side: the second need not wait for the first
    try:
        for proc in procs.values():
            printed, _ = proc.communicate(timeout=300)
            assert proc.returncode == 0, printed.decode(errors="replace")
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
    outs = [_snapshot(tmp_path / d) for d in procs]
    assert len(outs[0]) >= 12
    assert outs[0] == outs[1]
