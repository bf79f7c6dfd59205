"""CSV and JSON outputs: projection.csv, bonds.csv, maturity_profile.csv, peers.csv, summary.json.

Numbers are written with 16 significant digits, the precision the workbook stores, so the CSV
and the workbook hold the same values. Text that a spreadsheet would run as a formula is
escaped (`csv_text`). Cells of a variable with no value (declared in `model.variables`) are
empty; `check_tables` refuses any other NaN or infinity before anything is written.
"""


from finmodel.report.atomic import write_json, write_text
from finmodel.report.csv_text import frame_csv
from finmodel.report.finite import (
    frame_problems,
    projection_empty_allowed,
    record_problems,
)

# peers.csv: a peer figure without a like-for-like value keeps its row (with the reason) and an empty value.
PEERS_EMPTY = {"value": False, "year": False}


def frames(results) -> dict:
    """The CSV outputs by file name."""
    return {
        "projection.csv": results.projection,
        "bonds.csv": results.bonds().set_index("cohort_id"),
        "maturity_profile.csv": results.maturity_profile(),
        "peers.csv": results.peers().set_index("country"),
    }


def check_tables(results, extra_summary: dict | None = None) -> list:
    """Every non-finite number in the CSV outputs and the summary where one is expected."""
    empty = {"projection.csv": projection_empty_allowed(), "peers.csv": PEERS_EMPTY}
    problems = [p for name, df in frames(results).items() for p in frame_problems(name, df, empty.get(name))]
    return problems + record_problems("summary.json", {**results.summary(), **(extra_summary or {})})


def write_tables(results, out_dir) -> list:
    """Write the CSV outputs; return the paths written."""
    written = []
    for name, df in frames(results).items():
        path = out_dir / name
        write_text(path, frame_csv(df))
        written.append(path)
    return written


def write_summary(results, out_dir, manifest: list, extra_summary: dict | None = None):
    """Write summary.json, its run record listing every file of the folder finmodel wrote (`run.manifest`); return its path.

    extra_summary: sections beside Results.summary() (e.g. the heat map, which the analysis layer builds).
    """
    summary = results.summary()
    summary.update(extra_summary or {})
    summary["run"]["manifest"] = manifest
    path = out_dir / "summary.json"
    write_json(path, summary)
    return path
