"""A run is a transaction: a failure, a signal or a crash at any point leaves the previous run whole (or nothing)."""

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.report import atomic
from finmodel.runs import transaction
from tests.conftest import INPUTS, ROOT


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _beside(out):
    """What lies beside the run folder: the folder itself and its lock, and nothing a run left behind."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((out.name, f".{out.name}.")))


@pytest.fixture
def inputs(tmp_path):
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    return root


def _project(inputs, out, *extra, code=0):
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), *extra])
    assert r.exit_code == code, r.output
    return r


def _edit(inputs):
    """An analyst's edit of macro.yaml, so the rerun's input hashes differ from the published run's."""
    with open(inputs / "macro.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")


def _complete(out):
    """The published folder is one run: its record lists exactly its files."""
    record = json.loads((out / "summary.json").read_text())
    assert record["run"]["manifest"] == sorted(_snapshot(out))
    return record


def test_a_failure_after_any_file_leaves_the_previous_run_byte_for_byte(inputs, tmp_path, monkeypatch):
    """A full disk (or Ctrl-C) after each file the rerun writes: the folder is the previous run, nothing left beside."""
    out = tmp_path / "out"
    _project(inputs, out, "--no-charts")
    before, hashes_before = _snapshot(out), _complete(out)["run"]["input_sha256"]
    _edit(inputs)
    real_replace = os.replace
    for fail_after in range(1, len(before) + 1):
        written = []

        def replace_then_fail(src, dst, fail_after=fail_after, written=written):
            real_replace(src, dst)
            if ".out.staging-" in str(dst):
                written.append(dst)
                if len(written) == fail_after:
                    if fail_after == 2:
                        raise KeyboardInterrupt
                    raise OSError(errno.ENOSPC, "No space left on device (injected)", str(dst))

        monkeypatch.setattr(atomic.os, "replace", replace_then_fail)
        r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out), "--no-charts"])
        monkeypatch.setattr(atomic.os, "replace", real_replace)
        assert r.exit_code != 0 and len(written) == fail_after, (fail_after, r.output)
        assert _snapshot(out) == before, fail_after
        assert _beside(out) == [".out.lock", "out"]
    _project(inputs, out, "--no-charts")
    assert _complete(out)["run"]["input_sha256"] != hashes_before


def test_a_failure_between_the_two_renames_puts_the_previous_run_back(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _project(inputs, out, "--no-charts")
    before = _snapshot(out)
    _edit(inputs)
    real_rename, calls = transaction._rename, []

    def second_fails(source, destination):
        calls.append(destination)
        if len(calls) == 2:
            raise OSError(errno.EACCES, "Permission denied (injected)", str(destination))
        real_rename(source, destination)

    monkeypatch.setattr(transaction, "_rename", second_fails)
    _project(inputs, out, "--no-charts", code=2)
    assert len(calls) == 3 and _snapshot(out) == before and _beside(out) == [".out.lock", "out"]


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_run(inputs, tmp_path):
    """As a kill would leave it: the previous run aside, the target missing, a staging folder half written."""
    out = tmp_path / "out"
    _project(inputs, out, "--no-charts")
    before = _snapshot(out)
    os.rename(out, tmp_path / ".out.old-k3x9q2_w")
    (tmp_path / ".out.staging-a81bz0pq" / "charts").mkdir(parents=True)
    (tmp_path / ".out.staging-a81bz0pq" / "projection.csv").write_text("half")
    (tmp_path / ".out.old-notmine").mkdir()   # not a name finmodel makes: left alone
    transaction.recover(out.resolve())
    assert _snapshot(out) == before and _beside(out) == [".out.lock", ".out.old-notmine", "out"]


def _started(args, cwd):
    return subprocess.Popen([sys.executable, "-m", "finmodel", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _wait_for_staging(proc, out, files=1, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        staged = [p for p in out.parent.glob(f".{out.name}.staging-*/**/*") if p.is_file()]
        if len(staged) >= files:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    raise AssertionError("the run never wrote into its staging folder")


def test_a_real_kill_of_the_command_changes_nothing_and_the_next_run_goes_ahead(inputs, tmp_path):
    """SIGKILL of `finmodel project` while its chart processes draw: they may go on, but only into the killed run's
    staging folder; the published folder stays the previous run's, and the next run needs no help."""
    out = tmp_path / "out"
    _project(inputs, out, "--no-charts")
    before = _snapshot(out)
    _edit(inputs)
    proc = _started(["project", "--inputs", str(inputs), "--out", str(out)], ROOT)   # the cwd of the in-process runs, as in the run name
    try:
        _wait_for_staging(proc, out, files=2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        time.sleep(1.0)   # the orphaned chart processes, if any, draw on
        assert _snapshot(out) == before
        _project(inputs, out, "--no-charts")
        _complete(out)
    finally:   # the killed command's process group, orphans included, ends with the test
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert _snapshot(out) != before


def test_a_killed_first_run_leaves_nothing_and_a_plain_rerun_needs_no_help(inputs, tmp_path):
    """SIGTERM part-way through the first run into outputs/baseline: no folder, and `finmodel project` then just runs."""
    shutil.copytree(inputs, tmp_path / "work" / "inputs")
    work = tmp_path / "work"
    out = work / "outputs" / "baseline"
    proc = _started(["project", "--no-charts"], work)
    _wait_for_staging(proc, out)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert not out.exists()
    r = subprocess.run([sys.executable, "-m", "finmodel", "project", "--no-charts"], cwd=work, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    _complete(out)
    assert _beside(out) == [".baseline.lock", "baseline"]
