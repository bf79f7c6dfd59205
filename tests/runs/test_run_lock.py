"""One run at a time into one folder: a second is refused at once, naming the first; runs never interleave."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.runs.folder import Where
from finmodel.runs.lock import RunLock
from tests.conftest import INPUTS, ROOT

ROUNDS = 3


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_run_into_a_locked_folder_is_refused_at_once_naming_the_holder(tmp_path):
    out = tmp_path / "out"
    with RunLock(out.resolve(), Where(out)):
        note = json.loads((tmp_path / ".out.owner").read_text())
        r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 2, r.output
    assert "1 problem(s) with the output folder:" in r.output
    assert f"another finmodel run is writing this folder now (process {os.getpid()}, started {note['started']}" in r.output
    assert "wait for it to end or choose another folder" in r.output and "Traceback" not in r.output
    assert not out.exists() and not (tmp_path / ".out.owner").exists()   # the holder's note goes with its lock
    CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert (out / "summary.json").is_file()   # the lock is free again: the OS lock went with its holder


def _start(args, cwd):
    return subprocess.Popen([sys.executable, "-m", "finmodel", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_two_runs_into_one_folder_at_once_never_mix_and_never_lose_the_earlier_run(tmp_path):
    """Round after round, two commands start together into one folder holding a run: the baseline again and another
    configuration. Each ends either published whole or refused (the lock, or the folder holding another run); the
    folder is always one complete baseline run, byte for byte, with nothing left beside it."""
    shutil.copytree(INPUTS, tmp_path / "inputs")
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "finmodel", "project", "--no-charts", "--out", "out"], cwd=tmp_path,
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert first.returncode == 0, first.stderr
    reference = _snapshot(out)
    outcomes = []
    for _ in range(ROUNDS):
        same = _start(["project", "--no-charts", "--out", "out"], tmp_path)
        other = _start(["project", "--no-charts", "--issuance", "high", "--out", "out"], tmp_path)
        (_, same_err), (_, other_err) = same.communicate(timeout=120), other.communicate(timeout=120)
        assert other.returncode == 2, other_err
        assert "another finmodel run is writing this folder now (process" in other_err or \
            "holds the outputs of another run (baseline); this run is baseline_high-issuance" in other_err, other_err
        if same.returncode != 0:
            assert same.returncode == 2 and "another finmodel run is writing this folder now (process" in same_err, same_err
        outcomes.append((same.returncode, "writing this folder now" in other_err))
        assert _snapshot(out) == reference
        assert sorted(p.name for p in tmp_path.iterdir() if p.name != "inputs") == [".out.lock", "out"]
    assert len(outcomes) == ROUNDS


@pytest.mark.parametrize("order", ["other first", "same first"])
def test_two_configurations_one_after_the_other_are_kept_apart(tmp_path, order):
    """The check that a folder holds one run, made again under the lock: the later run is refused, the folder kept."""
    out = tmp_path / "out"
    runs = [["--issuance", "high"], []] if order == "other first" else [[], ["--issuance", "high"]]
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts", *runs[0]])
    assert r.exit_code == 0, r.output
    before = _snapshot(out)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts", *runs[1]])
    assert r.exit_code == 2 and "holds the outputs of another run" in r.output, r.output
    assert _snapshot(out) == before
