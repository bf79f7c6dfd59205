"""Writing a command's CSV tables and its run record: the steps every table-writing command shares.

`frames` maps a file name to (DataFrame, whether its index is written); a record is the command's run record
(a dict), written with the manifest of the folder. 16 significant digits and formula-like text escaped
(`csv_text.frame_csv`), the JSON through `atomic.write_json`.
"""

from finmodel.report.atomic import write_json, write_text
from finmodel.report.csv_text import frame_csv
from finmodel.report.finite import frame_problems, record_problems


def check_frames(frames: dict, record_name: str, record: dict) -> list:
    """Every non-finite number in the tables and the run record where one is expected."""
    return [p for name, (df, _) in frames.items() for p in frame_problems(name, df)] + record_problems(record_name, record)


def write_frames(frames: dict, out_dir) -> list:
    """Write each table to out_dir/<file name>; return the paths written."""
    written = []
    for name, (df, index) in frames.items():
        write_text(out_dir / name, frame_csv(df, index=index))
        written.append(out_dir / name)
    return written


def write_record(record: dict, out_dir, name: str, manifest: list):
    """Write the run record with the manifest of every file of the folder finmodel wrote; return its path."""
    path = out_dir / name
    write_json(path, {**record, "manifest": manifest})
    return path
