"""Text stays text (issue finding 8): a '$', '\\' or '{}' in any free-text field of the inputs, or in the inputs'
own folder name, is printed as written in every chart, the brief and the tables, never read as math."""

import csv
import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.reader import CSV_FILES, YAML_FILES
from tests.conftest import INPUTS

NASTY = r"US$1.2tn \foo {x} US$0.9tn"   # two '$': math to matplotlib by default; '\foo' crashed project
FREE_TEXT_KEYS = ("source", "note", "title", "description")
FREE_TEXT_COLUMNS = ("note", "definition", "vintage", "basis_note")


def _mark(node, counter):
    """Append a numbered NASTY to every free-text value of a parsed YAML file."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in FREE_TEXT_KEYS and isinstance(v, str):
                counter.append(k)
                node[k] = f"{v} {NASTY} #{len(counter)}"
            else:
                _mark(v, counter)
    elif isinstance(node, list):
        for v in node:
            _mark(v, counter)


def nasty_inputs(tmp_path) -> tuple:
    """A copy of the shipped inputs, in a folder whose name holds '$', '\\' and '{}', every free text marked."""
    root = tmp_path / r"my$in\put{s}$"
    shutil.copytree(INPUTS, root)
    marked = []
    for name in YAML_FILES + ("scenarios/low_land.yaml",):
        data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
        _mark(data, marked)
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in CSV_FILES:
        with (root / name).open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            for col in FREE_TEXT_COLUMNS:
                if col in row:
                    marked.append(col)
                    row[col] = f"{row[col]} {NASTY} #{len(marked)}"
        with (root / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return root, marked


def test_dollars_backslashes_and_braces_stay_text_in_every_output(tmp_path):
    root, marked = nasty_inputs(tmp_path)
    assert len(marked) > 50
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["project", "--inputs", str(root), "--scenario", "low_land", "--out", str(out)])
    assert r.exit_code == 0, r.output
    svgs = {p.name: p.read_text(encoding="utf-8") for p in (out / "charts").glob("*.svg")}
    peer_svgs = [text for name, text in svgs.items() if name.startswith("peers")]
    assert len(peer_svgs) == 3 and all(text.count(NASTY) >= 10 for text in peer_svgs)   # the peer notes, as written
    for name in ("brief.html", "brief.pdf"):
        assert (out / name).stat().st_size > 5_000
    assert (out / "peers.csv").read_text(encoding="utf-8").count(NASTY) >= 16
    import openpyxl

    wb = openpyxl.load_workbook(next(out.glob("finmodel_*.xlsx")), read_only=True)
    found = {ws.title: sum(isinstance(v, str) and NASTY in v for row in ws.iter_rows(values_only=True) for v in row)
             for ws in wb.worksheets}
    wb.close()
    assert found["Assumptions"] > 50 and found["Interest burden vs peers"] > 50
    record = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert r"my$in\put{s}$" in json.dumps(record["run"] if "run" in record else record, ensure_ascii=False).replace("\\\\", "\\")


def test_chart_text_is_never_parsed_as_math():
    import matplotlib

    from finmodel.report.charts.style import RC, figure

    assert RC["text.parse_math"] is False
    fig, ax = figure()
    t = ax.text(0, 0, NASTY)
    fig.canvas.draw()   # '\foo' inside '$...$' raised ValueError when parsed as math
    assert t.get_parse_math() is False or matplotlib.rcParams["text.parse_math"] is False
