"""The output workbook read back with openpyxl: sheets, links, names, tables, charts, highlighting, text safety."""

import io
import re
import zipfile

import numpy as np
import openpyxl
import pytest

from finmodel.model.pipeline import load_inputs, run
from finmodel.model.variables import VARIABLES
from finmodel.report.workbook.build import SHEETS, build_workbook, workbook_bytes
from finmodel.report.workbook.defined_names import name_problem
from finmodel.report.workbook.style import set_text
from tests.conftest import INPUTS
from finmodel.analysis.heat_map import build as build_heat_map


@pytest.fixture(scope="module")
def written(baseline_results):
    data = workbook_bytes(build_workbook(baseline_results, build_heat_map(baseline_results)))
    return data, openpyxl.load_workbook(io.BytesIO(data))


def test_every_sheet_in_contents_exists_and_is_linked(written):
    _, wb = written
    ws = wb["Contents"]
    listed = [c for c in ws["A"] if c.row > 4 and c.value]
    assert [c.value for c in listed] == [name for name, _ in SHEETS]
    for c in listed:
        assert c.value in wb.sheetnames
        assert c.hyperlink.location == f"'{c.value}'!A1"
    assert wb.sheetnames == [name for name, _ in SHEETS]


def test_defined_names_follow_excels_rules_and_point_at_their_series(written):
    _, wb = written
    names = dict(wb.defined_names.items())
    assert {v.name for v in VARIABLES} <= set(names)
    for name, dn in names.items():
        assert name_problem(name) is None, name
    ws = wb["Projection"]
    for v in VARIABLES:
        sheet, ref = next(iter(names[v.name].destinations))
        assert sheet == "Projection"
        row = int(re.search(r"\$(\d+):", ref).group(1))
        assert ws.cell(row, 1).value == v.name


def test_projection_is_an_excel_table_with_units(written, baseline_results):
    _, wb = written
    ws = wb["Projection"]
    assert ws.tables["ProjectionTable"].ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{1 + len(VARIABLES)}"
    assert [c.value for c in ws[1]][:3] == ["Variable", "Label", "Unit"]
    assert [c.value for c in ws[1]][3:] == baseline_results.labels
    assert ws.freeze_panes == "D2"
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$1:$1"  # orientation: print_setup.fit_page chooses


def test_native_charts_are_written(written):
    data, _ = written
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) >= 7


def test_financing_splits_add_up_to_the_engine_flows(written, baseline_results):
    _, wb = written
    ws = wb["Financing"]
    head = [c.value for c in ws[4]]
    p = baseline_results.projection
    for r, y in enumerate(baseline_results.labels, start=5):
        row = {h: ws.cell(r, j).value for j, h in enumerate(head, start=1)}
        for prefix in ("Issued to", "Issued in", "Issued for"):
            parts = sum(v for h, v in row.items() if h.startswith(prefix))
            assert parts == pytest.approx(p.loc[y, "gross_issuance_hkd_bn"], rel=1e-12), (y, prefix)
        assert row["of which opening book"] + row["of which new cohorts"] == pytest.approx(row["Redemptions"], rel=1e-12)
        assert row["Net borrowing"] == pytest.approx(row["Gross issuance"] - row["Redemptions"], rel=1e-12)


def test_summary_is_red_exactly_where_the_band_is_exceeded_beyond_its_rounding(baseline):
    """Red only where the ratio passes the band's top by more than the tolerance; within it the row says so."""
    from finmodel.report.workbook.build import build_workbook

    for plan in ("central", "high"):
        res = run(baseline if plan == "central" else load_inputs(INPUTS, issuance=plan))
        ws = build_workbook(res, build_heat_map(res))["Summary"]
        a = res.assumptions
        head_row = next(c.row for c in ws["A"] if c.value == "Fiscal year")
        heads = [c.value for c in ws[head_row]]
        col = heads.index("Debt-to-GDP, %") + 1
        ratio = res.projection["debt_to_gdp_pct"].to_numpy()
        above = ratio > a.band_high_pct + a.budget_plan.band_tolerance_pp + 1e-12
        red = np.array([ws.cell(head_row + 1 + i, col).fill.fgColor.rgb.endswith("F8CBAD") for i in range(len(above))])
        assert (red == above).all()
        flags = [ws.cell(head_row + 1 + i, heads.index("Above the band") + 1).value for i in range(len(above))]
        assert flags == ["yes" if x else ("within rounding" if r > a.band_high_pct + 1e-12 else "no") for x, r in zip(above, ratio)]
        assert above.any() == (plan == "high")


def test_assumptions_list_every_input_with_unit_and_source(written, baseline_results):
    _, wb = written
    ws = wb["Assumptions"]
    head = [c.value for c in ws[4]]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    for name, pv in baseline_results.assumptions.provenance.items():
        r = next(r for label, r in rows.items() if label and label.split(" [")[0] == name)
        assert ws.cell(r, 2).value == pv["unit"]
        assert ws.cell(r, head.index("Source") + 1).value == pv["source"]
        assert pv["source"]


def test_user_text_never_becomes_a_formula(baseline):
    res = run(baseline, scenario='=HYPERLINK("http://x","y")', options={"note": "=1+1"})
    data = workbook_bytes(build_workbook(res, build_heat_map(res)))
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cover = wb["Cover"]
    assert any(c.value == '=HYPERLINK("http://x","y")' and c.data_type == "s" for row in cover.iter_rows() for c in row)
    for name in z.namelist():
        if name.startswith("xl/worksheets/sheet"):
            xml = z.read(name).decode()
            assert not re.search(r"<f>[^<]*(HYPERLINK|1\+1)", xml), name  # written as inline text, never as a formula


def test_set_text_forces_a_string_cell():
    ws = openpyxl.Workbook().active
    c = set_text(ws["A1"], "=SUM(A2:A3)")
    assert c.data_type == "s" and c.value == "=SUM(A2:A3)"
    assert set_text(ws["A2"], None).value == ""


def test_identical_runs_give_identical_bytes(baseline):
    ra, rb = run(baseline), run(baseline)
    a = workbook_bytes(build_workbook(ra, build_heat_map(ra)))
    b = workbook_bytes(build_workbook(rb, build_heat_map(rb)))
    assert a == b


def test_heat_map_sheet_has_values_thresholds_and_fills(written):
    """The Heat map sheet: units and benchmarks beside each indicator, each cell filled red, amber, green or grey."""
    from finmodel.report.workbook.heat_map import FILLS, TOP

    _, wb = written
    ws = wb["Heat map"]
    head = [c.value for c in ws[TOP]]
    assert head[:6] == ["Indicator", "Unit", "Benchmark", "Overall", "Budget baseline", "Current policy"]
    labels = [ws.cell(r, 1).value for r in range(TOP + 1, TOP + 11)]
    assert labels[0].startswith("Debt under the ceiling") and labels[1].startswith("Debt-to-GDP")
    assert labels[3].startswith("Debt if shortfalls borrowed") and labels[5].startswith("Fiscal reserves, months")
    assert ws.cell(TOP + 1, 3).value.startswith("HK$900bn ceiling") and ws.cell(TOP + 3, 3).value.startswith("20%")
    fills = {ws.cell(r, c).fill.fgColor.rgb[-6:] for r in range(TOP + 1, TOP + 11) for c in range(5, len(head) + 1)}
    assert fills <= set(FILLS.values()) and {FILLS["green"], FILLS["amber"], FILLS["none"]} <= fills   # no red: the baseline breaches nothing
    assert isinstance(ws.cell(TOP + 2, 5).value, float)
