"""The programs some tests need besides Python: LibreOffice, Chromium and poppler (Debian packages).

On a laptop without them those tests skip, and the run ends with one line naming what to install;
in CI (`CI=true`, which CI services set and `.ci/run` relies on) a missing program fails its tests,
so a check never goes missing there unnoticed. `tests/browser.py` and `tests/libreoffice.py` call
`need`; `tests/conftest.py` adds the summary line (`pytest_terminal_summary` below).
"""

import os
import re
import shutil

import pytest

PACKAGES = {"soffice": "libreoffice-calc-nogui", "chromium": "chromium", "pdftoppm": "poppler-utils", "pdffonts": "poppler-utils"}
_REASON = re.compile(r"needs the Debian package (\S+) \(")


def in_ci() -> bool:
    """True when the CI variable says so (`true`, `1` or `yes`, any case), as CI services set it."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def need(program: str) -> str:
    """The path of `program`; when it is not on PATH, skip the test (fail it under CI=true), naming the package."""
    path = shutil.which(program)
    if path is not None:
        return path
    reason = f"needs the Debian package {PACKAGES[program]} ({program} is not on PATH)"
    if in_ci():
        pytest.fail(f"{reason}: CI=true, so it fails instead of skipping; .ci/run installs it", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    """One line at the end of the run: how many tests skipped for want of which packages, and the command to install them."""
    packages, skipped = [], 0
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        match = _REASON.search(longrepr[2] if isinstance(longrepr, tuple) else str(longrepr))
        if match:
            skipped += 1
            if match.group(1) not in packages:
                packages.append(match.group(1))
    if skipped:
        names = " ".join(sorted(packages))
        terminalreporter.write_line(f"skipped {skipped} tests that need {', '.join(sorted(packages))}: "
                                    f"apt-get install {names} (CI=true makes them fail instead)", yellow=True)
