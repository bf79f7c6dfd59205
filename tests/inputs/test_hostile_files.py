"""Hostile input files: pipes, devices and links to them refused by name without being opened, workbooks bounded
before they are held, repeated columns and years refused with both cells named, percentages written as fractions
caught, and every file read once (what is hashed is what was used)."""

import hashlib
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs import history, raw
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")


def _copy(tmp_path) -> Path:
    root = tmp_path / "in"
    shutil.copytree(INPUTS, root)
    return root


def _validate(*args):
    t0 = time.perf_counter()
    r = CliRunner().invoke(main, ["validate", *args])
    return r, time.perf_counter() - t0


@posix_only
def test_a_named_pipe_as_an_input_file_is_refused_without_waiting(tmp_path):
    root = _copy(tmp_path)
    (root / "macro.yaml").unlink()
    os.mkfifo(root / "macro.yaml")
    r, seconds = _validate("--inputs", str(root))
    assert r.exit_code == 2, r.output
    assert "macro.yaml" in r.output and "is a named pipe (FIFO), not a regular file" in r.output
    assert seconds < 1.0


@posix_only
@pytest.mark.parametrize("command", ["project", "simulate"])
def test_a_named_pipe_as_a_history_table_or_workbook_is_refused(tmp_path, command):
    root = _copy(tmp_path)
    (root / "history" / "hk_macro.csv").unlink()
    os.mkfifo(root / "history" / "hk_macro.csv")
    os.mkfifo(tmp_path / "pipe.xlsx")
    target = root if command == "simulate" else tmp_path / "pipe.xlsx"
    t0 = time.perf_counter()
    r = CliRunner().invoke(main, [command, "--inputs", str(target), "--out", str(tmp_path / "o"), "--no-charts",
                                  *(["--paths", "100"] if command == "simulate" else [])])
    assert r.exit_code == 2, r.output
    assert "is a named pipe (FIFO), not a regular file" in r.output
    assert ("hk_macro.csv" if command == "simulate" else "pipe.xlsx") in r.output
    assert time.perf_counter() - t0 < 5.0   # the command's own imports; the pipe itself costs nothing


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_as_a_device(tmp_path):
    root = _copy(tmp_path)
    (root / "peers.csv").unlink()
    (root / "peers.csv").symlink_to("/dev/zero")
    r, seconds = _validate("--inputs", str(root))
    assert r.exit_code == 2
    assert "peers.csv" in r.output and "is a character device, not a regular file" in r.output
    assert seconds < 1.0
    with pytest.raises(raw.NotReadable, match="character device"):
        raw.read_regular_file("/dev/zero")


def test_a_file_larger_than_the_limit_is_not_read_past_it(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (raw.MAX_BYTES + 1))
    with pytest.raises(raw.NotReadable, match="too large") as info:
        raw.read_regular_file(big)
    assert info.value.value == f"{raw.MAX_BYTES + 1:,} bytes"


def test_inside_read_once_a_file_changed_mid_run_gives_the_bytes_first_read(tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes(b"first")
    with raw.read_once():
        assert raw.read_regular_file(f) == b"first"
        f.write_bytes(b"second, longer")
        assert raw.read_regular_file(f) == b"first"
    assert raw.read_regular_file(f) == b"second, longer"   # outside a command: read afresh


def test_history_hashes_and_tables_come_from_the_bytes_checked(tmp_path):
    root = _copy(tmp_path) / "history"
    before = (root / "hk_macro.csv").read_bytes()
    with raw.read_once():
        history.check(root, ("hk_macro",))
        (root / "hk_macro.csv").write_bytes(before.replace(b"1997,1373.083,5.10", b"1997,1373.083,9.10"))
        table = history.macro(root)
        hashes = history.hashes(root, ("hk_macro",))
    assert table.loc[table["year"] == 1997, "real_growth_pct"].item() == 5.10
    assert hashes == {"history/hk_macro.csv": hashlib.sha256(before).hexdigest()}


def test_simulate_records_the_history_it_estimated_on_when_a_table_is_replaced_mid_run(tmp_path, monkeypatch):
    """Issue finding 9: the hash recorded is that of the table the shock model was estimated from."""
    import json

    from finmodel.analysis import shock_model

    root = _copy(tmp_path)
    table = root / "history" / "hk_macro.csv"
    used = table.read_bytes()
    load = shock_model.load

    def load_then_replace(*args, **kwargs):
        model = load(*args, **kwargs)
        table.write_bytes(used.replace(b"1997,1373.083,5.10", b"1997,1373.083,9.10"))
        return model

    monkeypatch.setattr(shock_model, "load", load_then_replace)
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(root), "--out", str(tmp_path / "o"), "--paths", "200", "--no-charts"])
    assert r.exit_code == 0, r.output
    assert table.read_bytes() != used   # the table was replaced during the run
    recorded = json.loads((tmp_path / "o" / "summary.json").read_text())
    text = json.dumps(recorded)
    assert hashlib.sha256(used).hexdigest() in text
    assert hashlib.sha256(table.read_bytes()).hexdigest() not in text


# --- workbooks ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_workbook(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wb")
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out / "finmodel_inputs.xlsx"


def _edited(src, dst, edit) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    return dst


def test_a_formatted_empty_cell_at_the_last_row_is_refused_at_once(shipped_workbook, tmp_path):
    """Issue finding 6: one formatted empty cell at XFD1048576 of every sheet; a 26 KB file that took 72 s and 5.7 GB.

    The sheets' stated dimensions are checked before any row is read: refused in well under a second of reading."""
    from openpyxl.styles import Font

    def far_cell(wb):
        for ws in wb.worksheets:
            ws.cell(1048576, 16384).font = Font(bold=True)

    path = _edited(shipped_workbook, tmp_path / "far.xlsx", far_cell)
    assert path.stat().st_size < 60_000
    r, seconds = _validate("--inputs", str(path))
    assert r.exit_code == 2, r.output
    assert seconds < 3.0
    assert (f"{path}, sheet 'By year': used range = 'A1:XFD1048576 (17,179,869,184 cells)': too large: a sheet of an "
            "inputs workbook spans at most 100,000 cells") in r.output
    assert "a formatted empty cell counts: delete the rows below and the columns right of the table" in r.output


def test_a_formatted_empty_cell_within_the_limit_changes_nothing(shipped_workbook, tmp_path):
    from openpyxl.styles import Font

    from finmodel.inputs.workbook import read_inputs_workbook

    def near_cell(wb):
        for ws in wb.worksheets:
            ws.cell(300, 40).font = Font(bold=True)

    near = read_inputs_workbook(_edited(shipped_workbook, tmp_path / "near.xlsx", near_cell))
    plain = read_inputs_workbook(shipped_workbook)
    assert {k: f.data for k, f in near.files.items()} == {k: f.data for k, f in plain.files.items()}


def test_a_sheet_spanning_more_cells_than_the_limit_is_refused(shipped_workbook, monkeypatch):
    from finmodel.inputs import workbook

    monkeypatch.setattr(workbook.sheet_grid, "CELL_LIMIT", 200)
    with pytest.raises(InputError) as info:
        workbook.read_inputs_workbook(shipped_workbook)
    text = str(info.value)
    assert "sheet 'By year'" in text and "spans at most 200 cells" in text


def test_a_sheet_without_a_dimension_is_bounded_while_read(tmp_path, monkeypatch):
    """A dimension may be missing (or wrong): reading stops past the limit of rows instead of filling a million."""
    import openpyxl

    from finmodel.inputs import workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = workbook.BY_YEAR
    ws["A1"] = "Variable"
    ws["A900000"] = "far"
    wb.save(tmp_path / "dimensioned.xlsx")
    with zipfile.ZipFile(tmp_path / "dimensioned.xlsx") as src, zipfile.ZipFile(tmp_path / "sparse.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb"<dimension [^>]*/>", b"", data)
                assert n == 1
            dst.writestr(item, data)
    monkeypatch.setattr(workbook.sheet_grid, "CELL_LIMIT", 1_000)
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="more than 1,000 rows"):
        workbook.read_inputs_workbook(tmp_path / "sparse.xlsx")
    assert time.perf_counter() - t0 < 2.0


def test_a_hidden_duplicate_year_column_is_refused_naming_both_cells(shipped_workbook, tmp_path):
    """Issue finding 10: a hidden copy of the 2027-28 column with one figure changed used to win silently."""
    from finmodel.inputs.workbook import BY_YEAR, read_inputs_workbook

    def hidden_copy(wb):
        ws = wb[BY_YEAR]
        col = next(c.column for c in ws[1] if c.value == "2027-28")
        new = ws.max_column + 1
        for r in range(1, ws.max_row + 1):
            ws.cell(r, new).value = ws.cell(r, col).value
        ws.cell(2, new).value = 99.0
        ws.column_dimensions[ws.cell(1, new).column_letter].hidden = True

    path = _edited(shipped_workbook, tmp_path / "dup.xlsx", hidden_copy)
    with pytest.raises(InputError) as info:
        read_inputs_workbook(path)
    assert len(info.value.problems) == 1
    text = str(info.value.problems[0])
    assert "'2027-28' appears twice, in cells F1 and" in text and "sheet 'By year'" in text


def test_a_repeated_table_column_in_a_workbook_is_refused(shipped_workbook, tmp_path):
    from finmodel.inputs.workbook import PEERS, read_inputs_workbook

    def repeat(wb):
        ws = wb[PEERS]
        ws.cell(1, 2).value = ws.cell(1, 1).value

    with pytest.raises(InputError, match=r"'country' appears twice, in cells A1 and B1"):
        read_inputs_workbook(_edited(shipped_workbook, tmp_path / "rep.xlsx", repeat))


def test_a_repeated_csv_column_is_refused_naming_both_columns(tmp_path):
    root = _copy(tmp_path)
    text = (root / "peers.csv").read_text().splitlines()
    text[0] = text[0].replace("note", "vintage")
    (root / "peers.csv").write_text("\n".join(text) + "\n")
    r, _ = _validate("--inputs", str(root))
    assert r.exit_code == 2
    assert "duplicate column name (columns 7 and 10 of line 1)" in r.output


# --- history units -----------------------------------------------------------------------------------------------

def test_percentages_written_as_fractions_in_a_history_table_are_caught(tmp_path):
    import csv

    root = _copy(tmp_path) / "history"
    rows = list(csv.DictReader((root / "hk_macro.csv").open(newline="")))
    for row in rows:
        if row["real_growth_pct"]:
            row["real_growth_pct"] = repr(float(row["real_growth_pct"]) / 100)
    with (root / "hk_macro.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(InputError) as info:
        history.check(root, ("hk_macro",))
    problems = [p for p in info.value.problems if "fractions" in p.allowed]
    assert len(problems) == 1
    p = problems[0]
    assert p.where.endswith("hk_macro.csv:2:3") and p.field == "real_growth_pct" and p.value == "0.051"
    assert "percentages (% a year: 3 for 3%), not fractions (0.03); multiply the column by 100" in p.allowed


def test_the_shipped_history_tables_pass_the_unit_check():
    history.check(INPUTS / "history")
