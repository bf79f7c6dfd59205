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
