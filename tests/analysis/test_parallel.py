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
