"""peers.csv: other economies' debt indicators, shown beside the projection for comparison."""

from finmodel.inputs.schema import PEER_COLUMNS
from finmodel.inputs.validation.csv_table import _columns, _num


def check_peers(chk, raw):
    """Check peers.csv when it was read (the reader reports a missing or unreadable one); otherwise there are no peers."""
    return _peers(chk, raw.files["peers.csv"]) if "peers.csv" in raw.files else ()


def _peers(chk, f):
    """The header must hold the peer columns and each non-empty value be a non-negative number."""
    if not _columns(chk, f, PEER_COLUMNS, ("confidence", "note")):
        return ()
    out = []
    for r in f.data["rows"]:
        row = {k: v for k, v in r.items() if k != "_line"}
        if row["value"]:
            v = chk.number(f.path, f"line {r['_line']} value", _num(row["value"]), (0.0, None), (0.0, 400.0))
            row["value"] = v
        else:
            row["value"] = None
        out.append(row)
    return tuple(out)
