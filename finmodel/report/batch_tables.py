"""CSV and JSON outputs of `finmodel batch`: batch_summary.csv, batch_bad_rows.csv and batch_run.json.

batch_summary.csv: one row per case (the baseline first): what it sets, its headline figures, their changes
from the baseline and the verdicts in the words of `finmodel project`. batch_bad_rows.csv: every row that did
not run, by row and column, with the value and what is allowed (a header only when every row ran).
batch_run.json: model version, input hashes (the case file's included), options, the engine calls, the bad
rows and warnings, and the manifest of the folder. 16 significant digits and formula-like text escaped, like
tables.py.
"""

from finmodel.report.frame_files import check_frames, write_frames, write_record

SUMMARY, BAD_ROWS, RECORD = "batch_summary.csv", "batch_bad_rows.csv", "batch_run.json"


def frames(b) -> dict:
    """The CSV outputs by file name, with whether the index is written."""
    return {SUMMARY: (b.summary, True), BAD_ROWS: (b.bad_rows, False)}


def check_batch(b) -> list:
    """Every non-finite number in the batch tables and run record where one is expected."""
    return check_frames(frames(b), RECORD, b.record())


def write_batch_tables(b, out_dir) -> list:
    """Write the CSV tables of a Batch; return the paths written."""
    return write_frames(frames(b), out_dir)


def write_batch_record(b, out_dir, manifest: list):
    """Write batch_run.json with the manifest of every file of the folder finmodel wrote; return its path."""
    return write_record(b.record(), out_dir, RECORD, manifest)
