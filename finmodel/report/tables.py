"""CSV and JSON outputs: projection.csv, bonds.csv, maturity_profile.csv, peers.csv, summary.json.

Numbers are written with 16 significant digits, the precision the workbook stores, so the CSV
and the workbook hold the same values.
"""

import json

from finmodel.report.atomic import write_text


def write_tables(results, out_dir, extra_summary: dict | None = None) -> list:
    """Write the tabular outputs; return the paths written.

    extra_summary: sections added to summary.json beside Results.summary() (e.g. the heat map, which the
    analysis layer builds).
    """
    written = []
    frames = {
        "projection.csv": results.projection,
        "bonds.csv": results.bonds().set_index("cohort_id"),
        "maturity_profile.csv": results.maturity_profile(),
        "peers.csv": results.peers().set_index("country"),
    }
    for name, df in frames.items():
        path = out_dir / name
        write_text(path, df.to_csv(lineterminator="\n", float_format="%.16g"))
        written.append(path)
    path = out_dir / "summary.json"
    summary = results.summary()
    summary.update(extra_summary or {})
    write_text(path, json.dumps(summary, indent=2, sort_keys=True, default=_jsonable) + "\n")
    written.append(path)
    return written


def _jsonable(x):
    if hasattr(x, "item"):
        return x.item()
    return str(x)
