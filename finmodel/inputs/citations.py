"""The source list: each source id an input cites (S00, S13, ...) with its full citation, from SOURCES.md.

Every input names its sources by id (a "source" field, peers.csv's source_id, the history tables' source column);
`SOURCES.md` in the inputs folder lists each id once with its citation: title; publisher; date; address, on a line of
its own ("- S13 — <title>; <publisher>; <date>. <address>"). The workbooks print those citations in a list of sources
(under Notes & sources or About in the main and inputs workbooks, a Sources sheet in the others), so an id resolves
inside the workbook. A folder without the list (or an inputs workbook) uses the list installed with finmodel (`locate.INSTALLED`), which the shipped ids refer to. The list is documentation,
not an input of the model: it is not among the hashed inputs, and a run's figures never depend on it.
"""

import re
from functools import lru_cache
from pathlib import Path

from finmodel.inputs import locate

FILE_NAME = "SOURCES.md"
SOURCE_ID = re.compile(r"\bS\d{2,3}\b")   # an id as inputs cite it: S00 to S999
_ENTRY = re.compile(r"^- (S\d{2,3}) [\u2014-]+ (.+?)\s*$")


def read_citations(root) -> dict:
    """{source id: its citation} from `root`/SOURCES.md, or from the installed list when `root` is not a folder holding
    one; ids in the list's order. An unreadable list gives no citations (the ids then print unresolved)."""
    path = Path(root) / FILE_NAME if root is not None and Path(root).is_dir() else None
    if path is None or not path.is_file():
        path = locate.INSTALLED / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return parse_citations(text)


def parse_citations(text: str) -> dict:
    """{source id: citation} from the lines "- S13 — citation" of a source list (the first line for an id counts)."""
    out = {}
    for line in text.splitlines():
        m = _ENTRY.match(line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2)
    return out


@lru_cache(maxsize=1)
def installed_citations() -> dict:
    """The citations of the source list installed with finmodel (read once), which the shipped inputs cite."""
    return read_citations(None)
