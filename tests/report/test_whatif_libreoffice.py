"""The What-if sheet recalculated by a real spreadsheet engine (LibreOffice headless).

Five workbooks go through one soffice start (the fifth is an inputs workbook with a formula,
saved by LibreOffice as an analyst would): the baseline as written, the baseline with edited
inputs (growth -2pp and land premium -50% from 2026-27), a long horizon where the ceiling binds
with edited yields, capital works and issuance, and the gap financing rule. Each recalculated
formula row must equal the engine run with the same inputs or shocks.
"""

from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from finmodel.inputs.load import read_inputs
from finmodel.inputs.workbook import BY_YEAR
from finmodel.model.engine import Shocks
from finmodel.model.pipeline import load_inputs, run
from finmodel.report.workbook.build import build_workbook, workbook_bytes
from finmodel.report.workbook.inputs_workbook import write_inputs_workbook
from finmodel.report.workbook.whatif import CHECKED, FIRST_YEAR_COL, SHEET
from tests.conftest import INPUTS
from tests.libreoffice import convert
from tests.tools import need
from finmodel.analysis.heat_map import build as build_heat_map

ERRORS = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def _rows(ws):
    """{row key: row number} from the key column of the year block."""
    return {c.value: c.row for c in ws["A"] if isinstance(c.value, str) and c.row > 5}


def _edit(ws, key, fn, rows, n_years):
    """Apply fn(old value) to a row's cells from 2026-27 on (2025-26 is never shocked)."""
    for t in range(1, n_years):
        c = ws.cell(rows[key], FIRST_YEAR_COL + t)
        if c.value is not None:
            c.value = fn(c.value)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, baseline):
    need("soffice")   # before building the workbooks: skip (or, under CI=true, fail) at once without LibreOffice
    work = tmp_path_factory.mktemp("whatif")
    long_high = load_inputs(INPUTS, horizon="2045-46", issuance="high")
    cases = {}

    def save(name, res, edits=()):
        path = work / "in" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(workbook_bytes(build_workbook(res, build_heat_map(res))))
        if edits:
            wb = openpyxl.load_workbook(path)
            ws = wb[SHEET]
            rows = _rows(ws)
            for key, fn in edits:
                _edit(ws, key, fn, rows, res.assumptions.n_years)
            wb.save(path)
        cases[name] = path

    base = run(baseline)
    save("baseline", base)
    save("shocked", base, [("growth_pct", lambda v: v - 2.0), ("land_scale", lambda v: 0.5 * v)])
    save("long_high", run(long_high), [("yield_shift_pp", lambda v: v + 1.0), ("capital_works_fixed_hkd_bn", lambda v: 1.1 * v),
                                       ("issuance_plan_hkd_bn", lambda v: v + 20.0)])
    save("gap", run(replace(long_high, financing_rule="gap")))
    inputs_book = write_inputs_workbook(read_inputs(INPUTS), work / "init")
    wb = openpyxl.load_workbook(inputs_book)
    _growth_cell(wb).value = "=3.0-0.5"
    wb.save(work / "in" / "inputs_formula.xlsx")
    _growth_cell(wb).value = 2.5
    wb.save(work / "typed.xlsx")
    converted = convert(list(cases.values()) + [work / "in" / "inputs_formula.xlsx"], work)
    books = {name: openpyxl.load_workbook(converted[path], data_only=True)[SHEET] for name, path in cases.items()}
    inputs = {"saved_by_libreoffice": converted[work / "in" / "inputs_formula.xlsx"], "typed": work / "typed.xlsx"}
    return books, {"baseline": base, "long_high": long_high, "inputs": inputs}


def _growth_cell(wb):
    ws = wb[BY_YEAR]
    col = [c.value for c in ws[1]].index("2029-30") + 1
    row = next(c.row for c in ws["A"] if c.value == "real_growth_pct")
    return ws.cell(row, col)


def _values(ws, key, n_years):
    rows = _rows(ws)
    return np.array([ws.cell(rows[key], FIRST_YEAR_COL + t).value for t in range(n_years)], dtype=float)


def _assert_rows_equal(ws, arrays, n_years, rtol, keys=CHECKED):
    for key in keys:
        got = _values(ws, key, n_years)
        want = getattr(arrays, key)[0]
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 1e-3, err_msg=key)


def test_every_what_if_formula_evaluates_without_error(recalculated):
    books, _ = recalculated
    for name, ws in books.items():
        bad = [c.coordinate for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith(ERRORS)]
        assert not bad, (name, bad[:5])


def test_baseline_formulas_reproduce_the_engine(recalculated):
    books, runs = recalculated
    base = runs["baseline"]
    _assert_rows_equal(books["baseline"], base.arrays, base.assumptions.n_years, rtol=1e-9)


def test_edited_growth_and_land_match_the_shocked_engine(recalculated):
    books, runs = recalculated
    a = runs["baseline"].assumptions
    shocked = run(a, Shocks(growth_pp=-0.02, land_factor=0.5))
    ws = books["shocked"]
    got = _values(ws, "debt_to_gdp_pct", a.n_years)
    np.testing.assert_allclose(got, shocked.arrays.debt_to_gdp_pct[0], rtol=1e-6)
    assert got[-1] > runs["baseline"].arrays.debt_to_gdp_pct[0, -1] + 1.0  # the edit really moved the ratio
    _assert_rows_equal(ws, shocked.arrays, a.n_years, rtol=1e-9)


def test_edited_yields_capital_works_and_issuance_flow_through_new_cohorts(recalculated):
    books, runs = recalculated
    a = runs["long_high"]
    plan = a.issuance_plan_hkd_bn + 20.0
    shocked = run(a, Shocks(yield_add=0.01, capex_factor=1.1, issuance_hkd_bn=plan))
    assert shocked.arrays.ceiling_binds[0].any()  # the cap is exercised
    _assert_rows_equal(books["long_high"], shocked.arrays, a.n_years, rtol=1e-9)


def test_gap_rule_formulas_reproduce_the_engine(recalculated):
    books, runs = recalculated
    a = replace(runs["long_high"], financing_rule="gap")
    _assert_rows_equal(books["gap"], run(a).arrays, a.n_years, rtol=1e-9)


def test_an_inputs_workbook_saved_by_libreoffice_reads_its_formula_results(recalculated):
    _, runs = recalculated
    saved = run(load_inputs(runs["inputs"]["saved_by_libreoffice"])).projection
    typed = run(load_inputs(runs["inputs"]["typed"])).projection
    pd.testing.assert_frame_equal(saved, typed, check_exact=True)
    assert saved.loc["2029-30", "nominal_growth_pct"] != runs["baseline"].projection.loc["2029-30", "nominal_growth_pct"]
