"""gfsm_classification.csv: each Budget line the engine projects, classified on the IMF's GFSM 2014 basis.

One row per line (`schema.GFSM_LINES`): the Budget side it sits on, its GFSM class (revenue, expense,
nonfinancial_assets or financing), the GFSM code, the reason and the source. Checked, every problem at once
(file, line, column, value and what is allowed): a known line, its side as declared, a class the line may
take (interest is always expense, bond flows always financing), a reason and a source on every row, each
line once, and every line classified. Returns ({line: class} for the engine's IMF-basis columns, the rows as
read for the workbook's IMF basis sheet), or (None, ()) when the file has a problem.
"""

from finmodel.inputs.schema import GFSM_COLUMNS, GFSM_FILE, GFSM_LINES
from finmodel.inputs.validation.checker import did_you_mean
from finmodel.inputs.validation.csv_table import check_columns


def check_gfsm(chk, raw) -> tuple:
    """Check gfsm_classification.csv when it was read (the reader reports a missing or unreadable one)."""
    if GFSM_FILE not in raw.files:
        return None, ()
    f = raw.files[GFSM_FILE]
    classes = _classes(chk, f)
    rows = tuple({c: r[c] for c in GFSM_COLUMNS} for r in f.data["rows"]) if classes else ()
    return classes, rows


def _classes(chk, f) -> dict | None:
    if not check_columns(chk, f, GFSM_COLUMNS, ()):
        return None
    out, seen = {}, {}
    for r in f.data["rows"]:
        where = f"line {r['_line']}"
        line, side, cls = r["line"], r["budget_side"], r["gfsm_class"]
        if line not in GFSM_LINES:
            chk.error(f.path, f"{where} line", line or "(missing)",
                      f"not a line the model projects; one of {', '.join(GFSM_LINES)}{did_you_mean(line, list(GFSM_LINES))}")
            continue
        if line in seen:
            chk.error(f.path, f"{where} line", line, f"classified twice (also {seen[line]}): keep one row per line")
            continue
        seen[line] = where
        declared, allowed = GFSM_LINES[line]
        ok = True
        if side != declared:
            chk.error(f.path, f"{where} budget_side", side or "(missing)", f"{line} is on the Budget's {declared} side")
            ok = False
        if cls not in allowed:
            chk.error(f.path, f"{where} gfsm_class", cls or "(missing)", f"{line} takes one of {', '.join(allowed)}")
            ok = False
        for col in ("gfsm_code", "reason", "source"):
            if not r[col]:
                chk.error(f.path, f"{where} {col}", "(missing)", f"every line needs its {col.replace('_', ' ')}")
                ok = False
        if ok:
            out[line] = cls
    missing = [n for n in GFSM_LINES if n not in seen]
    if missing:
        chk.error(f.path, "line", ", ".join(missing), "not classified: every line the model projects needs a row")
        return None
    return out if len(out) == len(GFSM_LINES) else None
