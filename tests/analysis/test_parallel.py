"""finmodel.analysis.parallel: work on a worker process (fork) or, where fork is unavailable, in this process.

Both give the work's result or re-raise its error; the in-process fallback is tested by forcing it. A worker never
outlives the command: not a parent that fails (the `with` block waits for it), nor one that is killed (it ends too).
"""

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from finmodel.analysis import parallel

ROOT = Path(__file__).resolve().parents[2]
FORKS = parallel.start_method() is not None


def _pid_and(x):
    return os.getpid(), x


def _fail(message):
    raise ValueError(message)


@pytest.fixture(params=["worker", "in-process"])
def mode(request, monkeypatch):
    if request.param == "in-process":
        monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    return request.param


def test_returns_results_in_order_and_reraises_errors(mode):
    with parallel.pool(workers=2) as executor:
        futures = [executor.submit(_pid_and, k) for k in range(4)]
        failed = executor.submit(_fail, "no room on the disk")
        assert [x for _, x in parallel.results(futures)] == [0, 1, 2, 3]
        with pytest.raises(ValueError, match="no room"):
            failed.result()
    pids = {pid for pid, _ in parallel.results(futures)}
    assert (os.getpid() in pids) == (mode == "in-process" or not FORKS)


def test_without_fork_the_work_runs_here_serially(monkeypatch):
    """The fallback of Windows and macOS (spawn only, or fork unsafe): forced by offering no fork start method."""
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert parallel.start_method() is None
    prepared = []
    with parallel.pool(workers=2, prepare=lambda: prepared.append("imported")) as executor:
        assert isinstance(executor, parallel.InProcess)
        pid, x = executor.submit(_pid_and, "here").result()
    assert (pid, x) == (os.getpid(), "here")
    assert prepared == []   # nothing to prepare ahead in this process


def test_macos_runs_in_process(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert parallel.start_method() is None


def _half(blocks, grids=None, on_block=None):
    if on_block is not None:   # this process's half
        raise ValueError("this half failed")
    time.sleep(0.3)
    return list(blocks)


def test_an_error_in_this_half_surfaces_after_the_workers_half_ended(mode):
    """simulate's shape: half the blocks on the worker, half here; this half fails. The error surfaces, and the
    worker's half has ended by then (it was waited for, not left running)."""
    from finmodel.analysis.stochastic import _run_split

    with parallel.pool() as executor:
        with pytest.raises(ValueError, match="this half failed"):
            _run_split(_half, [0, 1, 2, 3], executor, on_block=lambda b: None)


def _script(body: str) -> list:
    code = textwrap.dedent("""
        import os, sys, time
        from pathlib import Path
        from finmodel.analysis import parallel

        def tick(path, seconds):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                with open(path, "a") as f:
                    f.write(f"{os.getpid()}\\n")
                time.sleep(0.02)
            return "done"
        """) + textwrap.dedent(body)
    return [sys.executable, "-c", code]


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a dead child its new parent has not reaped yet)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    return True


def _worker_pid(ticks: Path, timeout: float = 20.0) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if ticks.exists() and ticks.read_text().strip():
            return int(ticks.read_text().split()[0])
        time.sleep(0.05)
    raise AssertionError("the worker never started")


def _still(ticks: Path, seconds: float = 0.5) -> bool:
    before = ticks.read_text()
    time.sleep(seconds)
    return ticks.read_text() == before


@pytest.mark.skipif(not FORKS, reason="no worker process where fork is unavailable: the work runs in the command's own")
def test_a_failing_parent_leaves_no_worker_writing(tmp_path):
    ticks = tmp_path / "ticks"
    proc = subprocess.run(_script(f"""
        with parallel.pool() as executor:
            executor.submit(tick, {str(ticks)!r}, 1.0)
            time.sleep(0.3)
            raise SystemExit("the command failed")
        """), cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert "the command failed" in proc.stderr
    pid = _worker_pid(ticks)
    assert not _alive(pid)
    assert _still(ticks)


@pytest.mark.skipif(not FORKS, reason="no worker process where fork is unavailable: the work runs in the command's own")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_worker_ends_with_a_killed_parent(tmp_path, sig):
    ticks = tmp_path / "ticks"
    proc = subprocess.Popen(_script(f"""
        with parallel.pool() as executor:
            executor.submit(tick, {str(ticks)!r}, 60.0).result()
        """), cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        pid = _worker_pid(ticks)
        proc.send_signal(sig)
        proc.wait(timeout=10)
        end = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < end:
            time.sleep(0.05)
        assert not _alive(pid), "the worker outlived its parent"
        assert _still(ticks)
    finally:
        if proc.poll() is None:
            proc.kill()


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_bytes(worker: Path, in_process: Path):
    outputs = {"worker": _files(worker), "in-process": _files(in_process)}
    assert any(name.endswith(".png") for name in outputs["worker"])
    assert outputs["worker"].keys() == outputs["in-process"].keys()
    for name, data in outputs["worker"].items():
        assert data == outputs["in-process"][name], name


def _run(command, out: Path):
    from click.testing import CliRunner

    from finmodel.cli import main
    from tests.conftest import INPUTS

    r = CliRunner().invoke(main, [*command, "--inputs", str(INPUTS), "--out", str(out)])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("command", [["simulate", "--paths", "30000"], ["sensitivity", "--gdp", "-1:1:1", "--land", "-20:20:20"]],
                         ids=["simulate", "sensitivity"])
def test_workers_and_the_in_process_fallback_write_the_same_bytes(tmp_path, monkeypatch, command):
    """Every file, the charts' PNGs included, is the same whether the charts (and simulate's second half of the
    blocks) ran on a worker process or, forced, in the command's own process."""
    _run(command, tmp_path / "worker")
    monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    _run(command, tmp_path / "in-process")
    _assert_same_bytes(tmp_path / "worker", tmp_path / "in-process")


def test_project_on_workers_and_in_process_writes_the_same_bytes(tmp_path, monkeypatch, full_project_runs):
    """The same for `finmodel project`: its run on worker processes is the session's full run of the shipped inputs
    (tests/conftest.py: the same command, its charts drawn on workers), compared with the run forced in process."""
    monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    _run(["project"], tmp_path / "in-process")
    _assert_same_bytes(full_project_runs[0][0], tmp_path / "in-process")
