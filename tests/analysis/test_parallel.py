"""finmodel.analysis.parallel: work started in a forked child returns the child's result and re-raises its errors."""

import pytest

from finmodel.analysis import parallel as background


def test_returns_the_result():
    assert background.start(lambda: [1, 2, 3])() == [1, 2, 3]


def test_reraises_the_childs_error():
    def fail():
        raise ValueError("no room on the disk")

    wait = background.start(fail)
    with pytest.raises(ValueError, match="no room"):
        wait()


def test_an_unpicklable_error_still_reaches_the_caller():
    class Local(Exception):
        pass

    def fail():
        raise Local("local class")

    with pytest.raises(RuntimeError, match="local class"):
        background.start(fail)()


def test_arrays_come_back_whole_and_writable():
    import numpy as np

    x = np.arange(300_000, dtype=float).reshape(1000, 300)
    got = background.start(lambda: {"x": x[:, ::2], "y": [x.astype(np.int32), np.zeros(0)]})()
    np.testing.assert_array_equal(got["x"], x[:, ::2])
    np.testing.assert_array_equal(got["y"][0], x.astype(np.int32))
    assert got["y"][1].size == 0
    got["y"][0][0, 0] = 7


def test_a_child_started_early_prepares_then_works_on_what_is_sent():
    import numpy as np

    prepared = []
    later = background.start_later(lambda x, k: (prepared, x * k), prepare=lambda: prepared.append("imported"))
    wait = later.send(np.arange(5.0), 3)
    got_prepared, got = wait()
    assert got_prepared == ["imported"]      # prepare ran in the child, before the work
    assert prepared == []                    # and not in the caller
    np.testing.assert_array_equal(got, [0.0, 3.0, 6.0, 9.0, 12.0])


def test_a_child_started_early_reraises_its_preparation_error_when_sent():
    def fail():
        raise ImportError("no matplotlib")

    wait = background.start_later(lambda: 1, prepare=fail).send()
    with pytest.raises(ImportError, match="no matplotlib"):
        wait()


def test_a_cancelled_child_leaves_and_cancel_after_send_does_nothing():
    import os

    later = background.start_later(lambda: 1)
    pid = later._pid
    later.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)       # already reaped
    sent = background.start_later(lambda: 2)
    wait = sent.send()
    sent.cancel()
    assert wait() == 2


def _within(seconds, fn):
    """fn(), failing the test (not hanging the suite) if it takes longer than `seconds`."""
    import signal

    def timeout(*_):
        raise AssertionError(f"still waiting after {seconds} s: a child was left blocked")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_an_error_in_the_callers_half_leaves_no_child_blocked():
    """simulate's shape: a child started early (the charts), then half the blocks in a second child whose result is
    larger than a pipe holds; the caller's own half fails. The error must surface, and both children must end."""
    import numpy as np

    from finmodel.analysis.stochastic import _run_split

    def run(blocks, on_block):
        if on_block is not None:   # the caller's half
            raise ValueError("the caller's half failed")
        return np.zeros(2_000_000)   # 16 MB: the child blocks writing until it is read

    def body():
        with background.start_later(lambda x: x):
            with pytest.raises(ValueError, match="caller's half"):
                _run_split(run, [0, 1], parallel=True, on_block=lambda b: None)

    _within(30, body)


def test_a_child_that_dies_mid_result_is_a_clear_oserror_and_is_reaped():
    """A child killed (say, out of memory) while its 32 MB result is still in the pipe: a ChildProcessError (an OSError,
    which the CLI reports in one line), and no zombie left behind."""
    import os
    import signal
    import time

    import numpy as np

    wait = background.start(lambda: np.zeros(4_000_000))
    time.sleep(0.3)   # the child has filled the pipe and waits for it to be read
    for pid in _children():
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(ChildProcessError):
        wait()
    assert not _children()


def _children() -> list:
    """This process's children still present (Linux /proc)."""
    import os
    from pathlib import Path

    me = str(os.getpid())
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            out.append(int(stat.parent.name))
    return out
