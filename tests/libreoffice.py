"""Recalculate workbooks with LibreOffice headless (a fresh profile that forces recalculation on load).

By default LibreOffice keeps the values stored in an .xlsx; the profile setting OOXMLRecalcMode=0
("always recalculate") makes it compute every formula, as Excel would. Without `soffice` the tests
that call `convert` skip, and fail under CI=true (`tests/tools.py`).
"""

import subprocess
from pathlib import Path

from tests.tools import need

_PROFILE = ('<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
            '<value>0</value></prop></item></oor:items>')


def convert(paths, work: Path, fmt: str = "xlsx") -> dict:
    """Convert every workbook in `paths` in one soffice start; return {input path: converted path}."""
    soffice = need("soffice")
    work = Path(work)
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE)
    out = work / "converted"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    return {Path(p): out / (Path(p).stem + "." + fmt) for p in paths}
