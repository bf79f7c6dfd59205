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
