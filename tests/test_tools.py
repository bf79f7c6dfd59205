"""The tests that need LibreOffice, Chromium or poppler: skipped with one summary line locally, failed under CI=true.

Each case runs a small pytest session in-process (pytester) with PATH set to a folder that holds
none of the programs, or stand-ins for all of them; nothing real is started.
"""

import pytest

from tests.tools import PACKAGES

INNER = "from tests.tools import need\n" + "".join(f"def test_{p}():\n    need({p!r})\n" for p in PACKAGES)
SUMMARY = ("skipped 4 tests that need chromium, libreoffice-calc-nogui, poppler-utils: "
           "apt-get install chromium libreoffice-calc-nogui poppler-utils (CI=true makes them fail instead)")


@pytest.fixture
def inner(pytester, monkeypatch, tmp_path):
    """Run the four-test session with PATH = one folder; `stand_ins` puts an executable of each program's name there."""
    def session(ci, stand_ins=False):
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        if stand_ins:
            for program in PACKAGES:
                (folder / program).write_text("#!/bin/sh\n")
                (folder / program).chmod(0o755)
        monkeypatch.setenv("PATH", str(folder))
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        pytester.makepyfile(test_inner=INNER)
        return pytester.runpytest_inprocess("-p", "tests.tools", "-p", "no:cacheprovider", "-rs")
    return session


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_missing_programs_skip_locally_with_one_line_naming_the_packages(inner, ci):
    result = inner(ci)
    result.assert_outcomes(skipped=4)
    lines = result.outlines
    assert lines.count(SUMMARY) == 1, lines
    assert "needs the Debian package poppler-utils (pdftoppm is not on PATH)" in result.stdout.str()


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_missing_programs_fail_under_ci(inner, ci):
    result = inner(ci)
    result.assert_outcomes(failed=4)
    text = result.stdout.str()
    assert "needs the Debian package libreoffice-calc-nogui (soffice is not on PATH): CI=true, so it fails" in text
    assert SUMMARY not in result.outlines


@pytest.mark.parametrize("ci", [None, "true"])
def test_programs_on_path_are_found(inner, ci):
    result = inner(ci, stand_ins=True)
    result.assert_outcomes(passed=4)
    assert not any(line.startswith("skipped ") for line in result.outlines)
