"""The inputs' vintage: every chart and workbook says whether a run used the shipped inputs, edited them, or its own."""

import hashlib
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs import vintage
from finmodel.inputs.vintage import SHIPPED_SHA256, describe, describe_with_note
from tests.conftest import INPUTS


def _shipped_files() -> dict:
    files = [p for p in INPUTS.glob("*") if p.is_file() and p.suffix in (".yaml", ".csv")]
    files += list(INPUTS.glob("scenarios/*.yaml")) + list(INPUTS.glob("history/*.csv"))
    return {p.relative_to(INPUTS).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def test_the_recorded_hashes_are_those_of_the_shipped_inputs():
    """A shipped input changed: paste the table printed below into finmodel/inputs/vintage.py (and check the vintage)."""
    actual = _shipped_files()
    table = "\n".join(f'    "{name}": "{digest}",' for name, digest in actual.items())
    assert SHIPPED_SHA256 == actual, f"SHIPPED_SHA256 = {{\n{table}\n}}"


def test_shipped_edited_and_own_inputs_are_told_apart():
    shipped = {k: v for k, v in SHIPPED_SHA256.items() if "/" not in k}
    assert describe(shipped) == "inputs of 14 April 2026"
    assert describe_with_note(shipped) == "inputs of 14 April 2026 (latest source cited: S00)"
    low_land = {**shipped, "inputs/scenarios/low_land.yaml": SHIPPED_SHA256["scenarios/low_land.yaml"],
                "history/hk_macro.csv": SHIPPED_SHA256["history/hk_macro.csv"],
                "hk_borrowing.csv": SHIPPED_SHA256["history/hk_borrowing.csv"]}   # as simulate and backtest record them
    assert describe(low_land) == "inputs of 14 April 2026"
    assert describe({**shipped, "macro.yaml": "0" * 64}) == "inputs of 14 April 2026, edited: macro.yaml"
    assert describe_with_note({**shipped, "macro.yaml": "0" * 64}) == "inputs of 14 April 2026, edited: macro.yaml"
    assert describe({**shipped, "my_runs/scenarios/mine.yaml": "1" * 64}) == "inputs of 14 April 2026, edited: scenarios/mine.yaml"
    four = {**shipped, **{name: "0" * 64 for name in list(shipped)[:4]}}
    assert describe(four) == "inputs of 14 April 2026, edited: 4 files"
    assert describe({"finmodel_inputs.xlsx": "2" * 64}) == "inputs from finmodel_inputs.xlsx"
    history = {"history/hk_macro.csv": SHIPPED_SHA256["history/hk_macro.csv"], "history/hk_rates.csv": "3" * 64}
    assert describe({"finmodel_inputs.xlsx": "2" * 64, **history}) == "inputs from finmodel_inputs.xlsx, edited: history/hk_rates.csv"
    assert describe({"hk_fiscal_long.csv": SHIPPED_SHA256["history/hk_fiscal_long.csv"]}) == "inputs of 14 April 2026"
    assert describe({}) == "inputs not recorded"


@pytest.mark.parametrize("name, expected", [
    ("macro.yaml", "macro.yaml"), ("inputs/scenarios/low_land.yaml", "scenarios/low_land.yaml"),
    ("C:\\runs\\scenarios\\x.yaml", "scenarios/x.yaml"), ("history/hk_rates.csv", "history/hk_rates.csv"),
    ("hk_fiscal_long.csv", "history/hk_fiscal_long.csv"), ("notes/macro.yaml", "macro.yaml"),
])
def test_record_names_map_to_paths_under_inputs(name, expected):
    assert vintage.shipped_key(name) == expected


def test_an_edited_copy_says_so_on_the_cover_and_under_every_chart(tmp_path):
    """An analyst edits a copy of the inputs in place: the run keeps its name but no longer claims the shipped vintage."""
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    with open(inputs / "macro.yaml", "a", encoding="utf-8") as f:
        f.write("# an analyst's edit\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(next(out.glob("finmodel_*.xlsx")))
    cover = {row[1]: row[2] for row in book["Cover"].iter_rows(values_only=True) if len(row) > 2 and row[1]}
    assert cover["Inputs"] == "inputs of 14 April 2026, edited: macro.yaml"
    for svg in (out / "charts").glob("*.svg"):
        assert "inputs of 14 April 2026, edited: macro.yaml; not an official projection" in svg.read_text(), svg.name
