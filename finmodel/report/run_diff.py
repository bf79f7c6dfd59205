"""The outputs of `finmodel diff`: diff_inputs.csv, diff_input_lines.csv, diff_figures.csv, diff_paths.csv, diff.json
and finmodel_<run>.xlsx, and the short summary printed. Exporters only: every difference is `analysis.run_diff`'s."""

from pathlib import Path

import pandas as pd

from finmodel import numbers
from finmodel.report.atomic import write_json, write_text
from finmodel.report.csv_text import frame_csv
from finmodel.version import __version__

TABLES = {
    "diff_inputs.csv": ("inputs", ["file", "status", "sha256_a", "sha256_b", "lines_removed", "lines_added", "lines_shown", "note"]),
    "diff_input_lines.csv": ("lines", ["file", "change", "line_a", "line_b", "text"]),
    "diff_figures.csv": ("figures", ["figure", "run_a", "run_b", "change"]),
    "diff_paths.csv": ("paths", ["file", "column", "row", "run_a", "run_b", "change"]),
}
SHOWN = 6


def frame(d, attribute: str, columns: list) -> pd.DataFrame:
    return pd.DataFrame(getattr(d, attribute), columns=columns)


def record_of(d, options: dict) -> dict:
    """diff.json without its manifest: the two runs, what differs in their options, and the counts."""
    changed = [r for r in d.inputs if r["status"] != "same"]
    return {"run_a": {"folder": str(d.a.path), "run": d.a.name, "record": d.a.record_file, "model_version": d.a.run.get("model_version")},
            "run_b": {"folder": str(d.b.path), "run": d.b.name, "record": d.b.record_file, "model_version": d.b.run.get("model_version")},
            "same_configuration": d.a.name == d.b.name, "options_differing": d.options,
            "counts": {"inputs": len(d.inputs), "inputs_changed": len(changed), "figures_moved": len(d.figures),
                       "cells_moved": len(d.paths), "files_only_in_one": sum(f["status"].startswith("only") for f in d.files)},
            "run": {"model": "finmodel", "model_version": __version__, "options": options, "seed": None,
                    "input_sha256": {f"run_a/{d.a.record_file}": d.a.record_sha256, f"run_b/{d.b.record_file}": d.b.record_sha256}}}


def write_diff(d, stage, run: str, options: dict) -> tuple:
    """Write the tables and the workbook into `stage`; return (paths, the record to write last)."""
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.run_diff import diff_workbook

    stage = Path(stage)
    written = []
    for name, (attribute, columns) in TABLES.items():
        written.append(stage / name)
        write_text(written[-1], frame_csv(frame(d, attribute, columns), index=False, float_format="%.10g"))
    record = record_of(d, options)
    written.append(write_any(diff_workbook(d, summary(d), options), stage / workbook_name(run)))
    written.append(stage / "diff.json")
    return written, record


def publish_record(path, record, manifest) -> None:
    record["run"]["manifest"] = manifest
    write_json(path, record)


def summary(d) -> list:
    """The short terminal summary: the two runs, the inputs that changed, the figures and paths that moved most."""
    lines = [f"Run A: {d.a.path} ({d.a.name}, finmodel {d.a.run.get('model_version')})",
             f"Run B: {d.b.path} ({d.b.name}, finmodel {d.b.run.get('model_version')})"]
    if d.a.name != d.b.name:
        lines.append(f"Not the same configuration: {', '.join(o['option'] for o in d.options)} differ (compared all the same).")
    changed = [r for r in d.inputs if r["status"] != "same"]
    described = [f"{r['file']} ({_lines(r)})" for r in changed]
    lines.append(f"Inputs: {len(changed)} of {len(d.inputs)} file(s) differ" + (f": {'; '.join(described)}" if described else "."))
    if d.figures:
        top = sorted((f for f in d.figures if f["change"] is not None),
                     key=lambda f: (not f["figure"].startswith("headline."), -abs(f["change"])))[:SHOWN]   # headline figures first
        lines.append(f"Figures of the run record: {len(d.figures)} moved" + ("; the headline first, then the largest:" if top else "."))
        lines += [f"  {f['figure']}: {_num(f['run_a'])} -> {_num(f['run_b'])} ({f['change']:+.4g})" for f in top]
    else:
        lines.append("Figures of the run record: none moved.")
    by_file = {}
    for p in d.paths:
        by_file.setdefault(p["file"], []).append(p)
    for name, cells in by_file.items():
        big = max(cells, key=lambda c: abs(c["change"]))
        lines.append(f"{name}: {len(cells)} cell(s) in {len({c['column'] for c in cells})} column(s) moved; largest "
                     f"{big['column']} in {big['row']}: {_num(big['run_a'])} -> {_num(big['run_b'])} ({big['change']:+.4g})")
    if not by_file:
        lines.append("Paths (CSV files): no cell moved.")
    only = [f"{f['file']} ({f['status']})" for f in d.files if f["status"].startswith("only")]
    if only:
        lines.append("Files in one run only: " + ", ".join(only))
    return lines


def _lines(row) -> str:
    if row["status"] != "changed":
        return row["status"]
    if row["lines_shown"]:
        return f"{row['lines_removed']} line(s) removed, {row['lines_added']} added"
    return "changed; its lines are not on disk"


def _num(x) -> str:
    return "—" if x is None else numbers.cell(x, 4 if abs(x) < 1 else 2 if abs(x) < 100 else 1, 0).strip()
