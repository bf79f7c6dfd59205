"""The inputs workbook: init writes it, project reads it; round trip gives the baseline exactly; errors name sheet and cell."""

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.inputs.load import read_inputs
from finmodel.inputs.workbook import BY_YEAR, SCALARS, read_inputs_workbook
from finmodel.model.pipeline import load_inputs, run
from finmodel.report.workbook.inputs_workbook import write_inputs_workbook
from tests.conftest import INPUTS


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    out = tmp_path_factory.mktemp("init")
    return write_inputs_workbook(read_inputs(INPUTS), out)


def _edited(workbook, tmp_path, sheet, edit):
    wb = openpyxl.load_workbook(workbook)
    edit(wb[sheet] if sheet else wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _cell(ws, variable, column):
    head = [c.value for c in ws[1]]
    row = next(c.row for c in ws["A"] if c.value == variable)
    return ws.cell(row, head.index(column) + 1)


def test_round_trip_gives_exactly_the_baseline(workbook, baseline, baseline_results):
    a = load_inputs(workbook)
    res = run(a)
    pd.testing.assert_frame_equal(res.projection, baseline_results.projection, check_exact=True)
    pd.testing.assert_frame_equal(res.bonds(), baseline_results.bonds(), check_exact=True)
    assert {k: v["source"] for k, v in a.provenance.items()} == {k: v["source"] for k, v in baseline.provenance.items()}
    assert list(a.input_hashes) == [workbook.name]


def test_workbook_has_drop_downs_and_bounds(workbook):
    wb = openpyxl.load_workbook(workbook)
    lists = {dv.formula1 for dv in wb[SCALARS].data_validations.dataValidation if dv.type == "list"}
    assert '"risk,plan,gap"' in lists and '"cap,breach"' in lists
    by_year = wb[BY_YEAR].data_validations.dataValidation
    gdp_row = _cell(wb[BY_YEAR], "nominal_gdp_hkd_bn", "2025-26").row
    assert any(dv.type == "decimal" and f"{gdp_row}:" in str(dv.sqref) + ":" for dv in by_year)
    assert [c.value for c in wb[BY_YEAR][1]][:4] == ["Variable", "Unit", "Source", "2025-26"]


def test_text_in_a_number_cell_names_sheet_and_cell(workbook, tmp_path):
    def edit(ws):
        _cell(ws, "real_growth_pct", "2028-29").value = "three"
    path = _edited(workbook, tmp_path, BY_YEAR, edit)
    with pytest.raises(InputError) as err:
        read_inputs_workbook(path)
    msg = str(err.value)
    assert "sheet 'By year', cell" in msg and "real_growth_pct[2028-29] = 'three'" in msg and "not a number" in msg


def test_out_of_bounds_and_bad_choice_are_reported_together(workbook, tmp_path):
    def edit(wb):
        _cell(wb[BY_YEAR], "land_premium_hkd_bn", "2026-27").value = -5.0
        _cell(wb[SCALARS], "ceiling_policy", "Value").value = "ignore"
        wb[BY_YEAR]["A3"].value = "real_grwth_pct"
    path = _edited(workbook, tmp_path, None, edit)
    with pytest.raises(InputError) as err:
        read_inputs_workbook(path)
    msg = str(err.value)
    assert "cell E8: land_premium_hkd_bn[2026-27] = -5: outside the allowed range 0 or more HK$ bn" in msg
    assert "sheet 'Scalars', cell D" in msg and "must be one of cap, breach" in msg
    assert "cell A3: Variable = 'real_grwth_pct': unknown variable; did you mean 'real_growth_pct'?" in msg


def test_cli_round_trip_and_clear_errors(tmp_path):
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    book = tmp_path / "finmodel_inputs.xlsx"
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--force" in r.output
    for inputs, out in ((str(book), "x"), (str(INPUTS), "base")):
        r = CliRunner().invoke(main, ["project", "--inputs", inputs, "--out", str(tmp_path / out), "--no-charts"])
        assert r.exit_code == 0, r.output
    assert (tmp_path / "x" / "projection.csv").read_bytes() == (tmp_path / "base" / "projection.csv").read_bytes()

    wb = openpyxl.load_workbook(book)
    del wb[SCALARS]
    wb.save(tmp_path / "no_scalars.xlsx")
    r = CliRunner().invoke(main, ["project", "--inputs", str(tmp_path / "no_scalars.xlsx"), "--out", str(tmp_path / "y")])
    assert r.exit_code == 2 and "sheet 'Scalars'" in r.output and "missing sheet" in r.output and "Traceback" not in r.output

    (tmp_path / "fake.xlsx").write_text("Variable,Unit\n")
    r = CliRunner().invoke(main, ["project", "--inputs", str(tmp_path / "fake.xlsx"), "--out", str(tmp_path / "z")])
    assert r.exit_code == 2 and "not an Excel workbook" in r.output and "Traceback" not in r.output


def test_init_csv_writes_a_folder_that_runs(tmp_path):
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path / "mine"), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "mine" / "opening_book.csv").read_bytes() == (INPUTS / "opening_book.csv").read_bytes()
    r = CliRunner().invoke(main, ["project", "--inputs", str(tmp_path / "mine"), "--out", str(tmp_path / "o"), "--no-charts"])
    assert r.exit_code == 0, r.output


def test_the_workbook_of_inputs_runs_simulate_and_sensitivity_with_the_history_beside_it(tmp_path):
    """init writes the history tables beside the workbook; simulate and sensitivity read them there (a workbook holds the
    assumptions, not the history), and name that folder when a table is missing."""
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path / "mine")])
    assert r.exit_code == 0, r.output
    book = tmp_path / "mine" / "finmodel_inputs.xlsx"
    assert "history tables beside it" in r.output
    assert (tmp_path / "mine" / "history" / "hk_macro.csv").read_bytes() == (INPUTS / "history" / "hk_macro.csv").read_bytes()
    for args in (["simulate", "--paths", "200", "--no-charts"], ["sensitivity", "--no-charts"]):
        r = CliRunner().invoke(main, [*args, "--inputs", str(book), "--out", str(tmp_path / args[0])])
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["simulate", "--paths", "200", "--inputs", str(book), "--out", str(tmp_path / "mine" / "history")])
    assert r.exit_code == 2 and "which this run reads" in r.output
    (tmp_path / "mine" / "history" / "hk_macro.csv").unlink()
    r = CliRunner().invoke(main, ["simulate", "--paths", "200", "--inputs", str(book), "--out", str(tmp_path / "s2")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{tmp_path / 'mine' / 'history' / 'hk_macro.csv'}: history table not found" in r.output


def test_a_formula_without_a_saved_result_is_named(workbook, tmp_path):
    def edit(ws):
        _cell(ws, "real_growth_pct", "2029-30").value = "=3.0-0.5"
    path = _edited(workbook, tmp_path, BY_YEAR, edit)
    with pytest.raises(InputError) as err:
        read_inputs_workbook(path)
    assert "sheet 'By year', cell" in str(err.value) and "a formula without a saved result" in str(err.value)
