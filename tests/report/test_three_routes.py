"""Three routes to one what-if give one answer: an edited inputs workbook, a scenario file and the What-if sheet.

Each route holds the fitted Budget plan (nothing refits), so the same change from 2027-28 on gives
the same reserves and debt at 31 March 2031 within HK$0.1bn: land premium flat at 17.5, real GDP
growth 1pp lower, the central plan's issuance at 210 a year and capital works 10% higher. The What-if
sheet is recalculated by LibreOffice. An edit to an anchor year (2026-27) is the one channel the
sheet leaves out (the other two routes hold the Budget's published totals there), and the sheet
says so on its face.
"""

import shutil

import numpy as np
import openpyxl
import pytest

from finmodel.inputs.load import read_inputs
from finmodel.inputs.workbook import BY_YEAR
from finmodel.model.engine import project
from finmodel.model.pipeline import load_inputs, run
from finmodel.report.workbook.build import build_workbook, workbook_bytes
from finmodel.report.workbook.inputs_workbook import write_inputs_workbook
from finmodel.report.workbook.whatif import FIRST_YEAR_COL, SHEET, notes
from finmodel.analysis.heat_map import build as build_heat_map
from tests.conftest import INPUTS
from tests.libreoffice import convert
from tests.tools import need

LATER = ("2027-28", "2028-29", "2029-30", "2030-31")
END = 5   # 2030-31 on the year axis


def _by_year(values) -> str:
    return "{" + ", ".join(f'"{y}": {v!r}' for y, v in zip(LATER, values)) + "}"


# channel: (scenario YAML, inputs-workbook row and values, What-if row, values for the What-if row (from the scenario's assumptions))
CHANNELS = {
    "land premium": (f"land_premium_hkd_bn:\n  values: {{\"2025-26\": 17.5, \"2026-27\": 18.0, {_by_year([17.5] * 4)[1:]}\n"
                     "  extrapolate: zero\n  source: test\n",
                     "land_premium_hkd_bn", [17.5] * 4, "land_fixed_hkd_bn", lambda a: a.land_fixed_hkd_bn[2:6]),
    "GDP growth": (f"real_growth_pct:\n  values: {_by_year([2.0] * 4)}\n  extrapolate: hold_last\n  source: test\n",
                   "real_growth_pct", [2.0] * 4, "growth_pct", lambda a: 100.0 * a.nominal_growth[2:6]),
    "issuance": ("issuance_plan_hkd_bn:\n  plans:\n"
                 + "".join(f"    {p}: {{\"2025-26\": 155.0, \"2026-27\": 160.0, {_by_year([210.0] * 4)[1:]}\n" for p in ("low", "central", "high"))
                 + "  extrapolate: hold_last\n  source: test\n",
                 "issuance_plan_hkd_bn.central", [210.0] * 4, "issuance_plan_hkd_bn", lambda a: a.issuance_plan_hkd_bn[2:6]),
    "capital works": (f"capital_works_hkd_bn:\n  values: {{\"2025-26\": 125.0, \"2026-27\": 128.0, {_by_year([140.8] * 4)[1:]}\n"
                      "  extrapolate: pct_gdp\n  source: test\n",
                      "capital_works_hkd_bn", [140.8] * 4, "capital_works_fixed_hkd_bn", lambda a: a.capital_works_fixed_hkd_bn[2:6]),
}


def _rows(ws):
    return {c.value: c.row for c in ws["A"] if isinstance(c.value, str) and c.row > 5}


def _edit_inputs_book(book, path, row_name, values):
    wb = openpyxl.load_workbook(book)
    ws = wb[BY_YEAR]
    cols = {c.value: c.column for c in ws[1]}
    row = next(c.row for c in ws["A"] if c.value == row_name)
    for y, v in zip(LATER, values):
        ws.cell(row, cols[y]).value = v
    wb.save(path)


@pytest.fixture(scope="module")
def routes(tmp_path_factory, baseline):
    need("soffice")
    work = tmp_path_factory.mktemp("routes")
    root = work / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("history"))
    book = write_inputs_workbook(read_inputs(INPUTS), work / "init")
    whatif_book = work / "in" / "whatif.xlsx"
    whatif_book.parent.mkdir()
    whatif_book.write_bytes(workbook_bytes(build_workbook(run(baseline), build_heat_map(run(baseline)))))
    out, sheets = {}, {}
    for i, (channel, (text, row, values, whatif_row, whatif_values)) in enumerate(CHANNELS.items()):
        (root / "scenarios" / f"route{i}.yaml").write_text(f"title: t\ndescription: t\nsource: t\n{text}", encoding="utf-8")
        scenario = load_inputs(root, scenario=f"route{i}")
        _edit_inputs_book(book, work / f"edit{i}.xlsx", row, values)
        edited = load_inputs(work / f"edit{i}.xlsx")
        wb = openpyxl.load_workbook(whatif_book)
        ws = wb[SHEET]
        r = _rows(ws)[whatif_row]
        for t, v in zip(range(2, 6), whatif_values(scenario)):
            ws.cell(r, FIRST_YEAR_COL + t).value = float(v)
        sheets[channel] = work / "in" / f"whatif{i}.xlsx"
        wb.save(sheets[channel])
        out[channel] = {"workbook edit": project(edited), "scenario file": project(scenario)}
    converted = convert(list(sheets.values()), work)
    for channel, path in sheets.items():
        ws = openpyxl.load_workbook(converted[path], data_only=True)[SHEET]
        rows = _rows(ws)
        out[channel]["What-if sheet"] = {key: ws.cell(rows[key], FIRST_YEAR_COL + END).value
                                         for key in ("fiscal_reserves_hkd_bn", "debt_hkd_bn")}
    return out


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_the_three_routes_agree_within_a_tenth_of_a_billion(routes, baseline, channel):
    got = routes[channel]
    base = project(baseline)
    for key in ("fiscal_reserves_hkd_bn", "debt_hkd_bn"):
        edit = float(getattr(got["workbook edit"], key)[0, END])
        scenario = float(getattr(got["scenario file"], key)[0, END])
        sheet = float(got["What-if sheet"][key])
        assert abs(edit - scenario) <= 0.1 and abs(edit - sheet) <= 0.1, (channel, key, edit, scenario, sheet)
    moved = abs(float(got["scenario file"].fiscal_reserves_hkd_bn[0, END]) - float(base.fiscal_reserves_hkd_bn[0, END]))
    assert moved > 1.0 or abs(float(got["scenario file"].debt_hkd_bn[0, END]) - float(base.debt_hkd_bn[0, END])) > 1.0


def test_land_flat_at_17_5_leaves_reserves_at_579_7_on_every_route(routes):
    assert float(routes["land premium"]["scenario file"].fiscal_reserves_hkd_bn[0, END]) == pytest.approx(579.67, abs=0.01)


def test_the_what_if_sheet_names_the_channel_it_leaves_out():
    text = " ".join(notes(load_inputs(INPUTS)))
    assert "anchor years" in text and "calibration" in text and "What-if on the anchor years (2025-26, 2026-27)" in text
