"""peers.csv: other economies' debt indicators, shown beside the projection for comparison.

Every row names its measure, definition, year, vintage and source; a figure that could not be
found keeps its row with an empty value and the reason in `note`. Checked, every problem at once
(file, line, column, value and what is allowed): the measure and its unit, the year, a number in
percent (not a decimal), a definition, a vintage and a source on every row, and no row twice.
"""

import re

from finmodel import fiscal_year
from finmodel.inputs.schema import PEER_COLUMNS, PEER_DECIMAL_FLOOR, PEER_INDICATORS, PEER_VALUE
from finmodel.inputs.validation.checker import did_you_mean
from finmodel.inputs.validation.csv_table import check_columns, cell_number

YEAR_RE = re.compile(r"^(?:FY)?(\d{4})$|^(\d{4})-(\d{2})$")
SOURCE_RE = re.compile(r"^S\d{2,3}(?:\s*[,;]\s*S\d{2,3})*$")
YEAR_RANGE = (1990, 2060)
REQUIRED_TEXT = {
    "country": "every row needs a country",
    "definition": "every row needs a definition (what is divided by what, and whose government)",
    "vintage": "every row needs a vintage (the edition or date of the figure, or 'none found')",
    "source_id": "every row needs a source id from SOURCES.md, e.g. S112 (or 'S65, S66' for the sources searched)",
}


def check_peers(chk, raw):
    """Check peers.csv when it was read (the reader reports a missing or unreadable one); otherwise there are no peers."""
    return _peers(chk, raw.files["peers.csv"]) if "peers.csv" in raw.files else ()


def _peers(chk, f):
    """The header must hold the peer columns; each row is then checked and the accepted rows returned."""
    if not check_columns(chk, f, PEER_COLUMNS, ("confidence", "note")):
        return ()
    out = []
    seen = {}
    for r in f.data["rows"]:
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in r.items() if k != "_line"}
        where = f"line {r['_line']}"
        ok = _text_fields(chk, f.path, where, row)
        ok = _indicator(chk, f.path, where, row) and ok
        ok = _year(chk, f.path, where, row["year"]) and ok
        value, ok_value = _value(chk, f.path, where, row)
        ok = ok_value and ok
        key = tuple(row.get(k, "") for k in ("country", "indicator", "definition", "year", "vintage"))
        if key in seen:
            chk.error(f.path, f"{where} value", row["value"] or "(missing)",
                      f"duplicate row: {row['country']}, {row['indicator']}, {row['year']}, same definition and vintage as "
                      f"{seen[key]}; keep one row per country, measure, definition, year and vintage")
            ok = False
        else:
            seen[key] = where
        if ok:
            row["value"] = value
            out.append(row)
    return tuple(out)


def _text_fields(chk, path, where, row) -> bool:
    """Country, definition, vintage and source must be given; the source must be source ids."""
    ok = True
    for col, allowed in REQUIRED_TEXT.items():
        if not row.get(col):
            chk.error(path, f"{where} {col}", row.get(col, ""), allowed)
            ok = False
    src = row.get("source_id", "")
    if src and not SOURCE_RE.match(src):
        chk.error(path, f"{where} source_id", src, "must be source ids from SOURCES.md, e.g. S112 or 'S65, S66'")
        ok = False
    return ok


def _indicator(chk, path, where, row) -> bool:
    """The measure must be a known one and its unit the measure's unit."""
    ind = row["indicator"]
    if ind not in PEER_INDICATORS:
        chk.error(path, f"{where} indicator", ind, f"must be one of {', '.join(PEER_INDICATORS)}{did_you_mean(ind, list(PEER_INDICATORS))}")
        return False
    if row["unit"] != PEER_INDICATORS[ind]:
        chk.error(path, f"{where} unit", row["unit"], f"the unit of {ind} is {PEER_INDICATORS[ind]!r}")
        return False
    return True


def _year(chk, path, where, text) -> bool:
    """A calendar year (2025), a fiscal year as FY2026 or 2025-26 (consecutive years), within the allowed range."""
    m = YEAR_RE.match(text or "")
    start = int(m.group(1) or m.group(2)) if m else None
    if m and m.group(3) is not None and int(m.group(3)) != (start + 1) % 100:
        start = None
    if start is None or not YEAR_RANGE[0] <= start <= YEAR_RANGE[1]:
        chk.error(path, f"{where} year", text, f"a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}: 2025, FY2026 or {fiscal_year.example(-1)} "
                                               "(the year sought on a row whose figure is missing)")
        return False
    return True


def _value(chk, path, where, row):
    """An empty value is a missing figure and needs its reason in note; a value is a percentage, never a decimal.

    Returns (value or None, ok).
    """
    text = row["value"]
    if not text:
        if not row.get("note"):
            chk.error(path, f"{where} note", "", "a row without a value is a missing figure: give the reason in note")
            return None, False
        return None, True
    v = chk.number(path, f"{where} value", cell_number(text), PEER_VALUE[0], PEER_VALUE[1], row.get("unit", ""))
    if v is None:
        return None, False
    floor = PEER_DECIMAL_FLOOR.get(row["indicator"])
    if floor is not None and 0 < v < floor:
        chk.error(path, f"{where} value", text, f"below {floor:g} for {row['indicator']}: values are in percent "
                                                f"(229.6 for 229.6%, not 2.296); {v * 100:g} if it was typed as a decimal")
        return None, False
    return v, True
