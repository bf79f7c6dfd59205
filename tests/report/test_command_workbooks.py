"""Every command that produces results writes a workbook built from the same parts, read back with openpyxl.

Contents names every sheet; each analysis sheet has a native chart; table headers are words with units;
every number has a number format; the Cover states the run's options, model version and input hashes; the
sensitivity and simulate workbooks name the baseline workbook instead of repeating its sheets.
"""

import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.report.workbook.style import HEADER_FILL
from finmodel.version import __version__
from tests.conftest import INPUTS

# command line, workbook (named after the run), run record (file, key path to the options)
COMMANDS = {
    "project": (["project", "--no-charts"], "finmodel_<run>.xlsx", ("summary.json", ("run", "options"))),
    "sensitivity": (["sensitivity", "--no-charts", "--gdp", "-2:2:1", "--land", "-60:60:30"], "finmodel_<run>.xlsx",
                    ("sensitivity_run.json", ("options",))),
    "simulate": (["simulate", "--paths", "400", "--seed", "5", "--no-charts"], "finmodel_<run>.xlsx", ("summary.json", ("run", "options"))),
    "compare": (["compare", "baseline", "high_issuance", "--no-charts"], "finmodel_<run>.xlsx", ("compare_run.json", ("options",))),
    "solve": (["solve"], "finmodel_<run>.xlsx", ("solve.json", ("run", "options"))),
    "backtest": (["backtest", "--history", str(INPUTS / "history")], "finmodel_<run>.xlsx", ("backtest.json", ("run", "options"))),
}
REFERENCE_SHEETS = {"Cover", "Contents", "Notes & sources", "Run record"}
# The main workbook's sheets that are tables to look up or edit rather than an analysis to chart.
MAIN_TABLE_SHEETS = {"Projection", "Heat map", "What-if", "Assumptions"}
UNIT = re.compile(r"\((HK\$ bn|%|% of GDP|pp|pp a year|% of paths|% of recorded)\)$")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbooks")
    written = {}
    for name, (args, book, _) in COMMANDS.items():
        out = root / name
        extra = [] if name == "backtest" else ["--inputs", str(INPUTS)]
        r = CliRunner().invoke(main, [*args, *extra, "--out", str(out)])
        assert r.exit_code == 0, (name, r.output)
        record, keys = COMMANDS[name][2]
        options = json.loads((out / record).read_text())
        for key in keys:
            options = options[key]
        written[name] = (out, openpyxl.load_workbook(out / book.replace("<run>", options["run"])))
    return written


@pytest.mark.parametrize("name", COMMANDS)
def test_contents_names_every_sheet_with_a_link(outputs, name):
    _, wb = outputs[name]
    ws = wb["Contents"]
    listed = [c for c in ws["A"] if c.row > 4 and c.value]
    assert [c.value for c in listed] == wb.sheetnames
    assert all(c.hyperlink.location == f"'{c.value}'!A1" for c in listed)
    assert wb.sheetnames[:2] == ["Cover", "Contents"]


@pytest.mark.parametrize("name", COMMANDS)
def test_each_analysis_sheet_has_a_native_chart(outputs, name):
    _, wb = outputs[name]
    analysis = [ws for ws in wb.worksheets if ws.title not in REFERENCE_SHEETS | (MAIN_TABLE_SHEETS if name == "project" else set())]
    assert analysis
    assert [ws.title for ws in analysis if not ws._charts] == []


@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "project"])
def test_headers_are_words_with_units(outputs, name):
    """Every header cell is words (no snake_case); a column holding numbers names their unit in brackets."""
    _, wb = outputs[name]
    scenario_names = ("baseline", "high_issuance")  # compare's columns are the scenarios, named as the user named them
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not (c.has_style and c.fill.fgColor.rgb and c.fill.fgColor.rgb.endswith(HEADER_FILL)) or not c.value:
                    continue
                words = c.value
                for scenario in scenario_names if name == "compare" else ():
                    words = words.replace(scenario, "")
                assert not re.search(r"[a-z]_[a-z]", words), (ws.title, c.value)
                below = ws.cell(c.row + 1, c.column).value
                has_unit_column = any(h.value == "Unit" for h in ws[c.row])  # units by row (the compare headline)
                if isinstance(below, float) and ws.title not in REFERENCE_SHEETS and not has_unit_column:
                    assert UNIT.search(c.value), (ws.title, c.coordinate, c.value)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_number_has_a_number_format(outputs, name):
    _, wb = outputs[name]
    bare = [(ws.title, c.coordinate) for ws in wb.worksheets if ws.title != "What-if" for row in ws.iter_rows() for c in row
            if isinstance(c.value, float) and c.number_format == "General"]
    assert bare == []


@pytest.mark.parametrize("name", COMMANDS)
def test_cover_states_options_model_version_and_input_hashes(outputs, name):
    out, wb = outputs[name]
    record_file, path = COMMANDS[name][2]
    record = json.loads((out / record_file).read_text())
    options = record
    for key in path:
        options = options[key]
    cover = {wb["Cover"].cell(r, 2).value: wb["Cover"].cell(r, 3).value for r in range(1, wb["Cover"].max_row + 1)}
    assert cover["Model version"] == f"finmodel {__version__}"
    assert cover["Inputs"] == "inputs of 14 April 2026 (latest source cited: S00)", name   # the shipped inputs, unedited
    for key in options:
        assert f"Option: {key}" in cover, (name, key)
    hashes = [v for k, v in cover.items() if k and k.startswith("SHA-256 of ")]
    assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    if name == "project":
        assert set(hashes) == set(record["run"]["input_sha256"].values())


@pytest.mark.parametrize("name", ["sensitivity", "simulate"])
def test_analysis_workbooks_name_the_baseline_workbook_instead_of_repeating_it(outputs, name):
    _, wb = outputs[name]
    main_sheets = {"Summary", "Projection", "Financing", "Assumptions", "What-if", "Run record"}
    assert not main_sheets & set(wb.sheetnames)
    cover = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "finmodel_baseline.xlsx" in cover
    notes = " ".join(str(c.value) for row in wb["Notes & sources"].iter_rows() for c in row if c.value)
    assert "finmodel_baseline.xlsx" in notes


def test_sheets_print_at_a_readable_size(outputs):
    """Every sheet prints one page wide at MIN_SCALE of full size or more (what LibreOffice makes of it: tests/report/test_printing.py)."""
    from finmodel.report.workbook.print_setup import MIN_SCALE, PAGE_WIDTH_UNITS, content_width

    for name, (_, wb) in outputs.items():
        for ws in wb.worksheets:
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
            assert content_width(ws) <= PAGE_WIDTH_UNITS[ws.page_setup.orientation] / MIN_SCALE, (name, ws.title)


def test_solve_workbook_holds_the_answers_at_their_units_precision(outputs):
    out, wb = outputs["solve"]
    answers = json.loads((out / "solve.json").read_text())["answers"]
    value = answers["max_constant_issuance"]["value"]
    assert wb["Highest issuance"]["A2"].value.startswith(f"Answer: {value:,.1f} HK$ bn a year")
    growth = answers["growth_shortfall_for_ceiling"]["value"]
    assert wb["Growth shortfall"]["A2"].value.startswith(f"Answer: {growth:.2f} pp a year")
    head = [c.value for c in wb["Highest issuance"][4]]
    col = head.index("Debt-to-GDP (pool A) (%)") + 1
    assert wb["Highest issuance"].cell(10, col).number_format == "0.00"
    assert wb["Highest issuance"].cell(10, col).value == pytest.approx(19.95, abs=1e-6)   # the band top + its published rounding


def test_compare_and_backtest_workbooks_hold_the_csv_numbers(outputs):
    import pandas as pd

    out, wb = outputs["compare"]
    paths = pd.read_csv(out / "compare_paths.csv", index_col=["variable", "fiscal_year"])
    ws = wb["Debt-to-GDP (pool A)"]
    assert [c.value for c in ws[4]] == ["Fiscal year", "baseline (%)", "high_issuance (%)"]
    assert ws["C10"].value == pytest.approx(paths.loc[("debt_to_gdp_pct", "2030-31"), "high_issuance"], rel=1e-15)
    out, wb = outputs["backtest"]
    table = pd.read_csv(out / "backtest.csv", index_col="fiscal_year")
    ws = wb["Reserves"]
    head = [c.value for c in ws[4]]
    rolled = head.index("Reserves, back-test (HK$ bn)") + 1
    for r in range(5, 5 + len(table)):
        assert ws.cell(r, rolled).value == pytest.approx(table.loc[ws.cell(r, 1).value, "reserves_backtest_hkd_bn"], rel=1e-9)


def test_sensitivity_workbook_sets_every_case_under_both_rules_as_in_the_csv(outputs):
    """The By rule sheet holds sensitivity_by_rule.csv's figures for every case under both rules, and charts the borrow
    rule: land -50% leaves peak debt unchanged under risk (reserves absorb it) but raises it when the shortfall is borrowed."""
    import pandas as pd

    out, wb = outputs["sensitivity"]
    by_rule = pd.read_csv(out / "sensitivity_by_rule.csv", index_col="case", keep_default_na=False)
    ws = wb["By rule"]
    head = [c.value for c in ws[4]]
    table = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}
    rules = list(dict.fromkeys(by_rule["financing_rule"]))
    assert rules == ["risk", "borrow"]
    assert set(table) == set(by_rule.index) and len(table) == len(by_rule) // 2
    metrics = {"change_peak_debt_hkd_bn": "Change in peak debt, {} rule (HK$ bn)",
               "change_peak_debt_to_gdp_pp": "Change in peak debt-to-GDP, {} rule (pp)",
               "change_fiscal_reserves_end_hkd_bn": "Change in reserves at the horizon, {} rule (HK$ bn)"}
    for rule in rules:
        csv = by_rule[by_rule["financing_rule"] == rule]
        for case, row in table.items():
            for column, header in metrics.items():
                cell = ws.cell(row, head.index(header.format(rule)) + 1).value
                assert cell == pytest.approx(csv.loc[case, column], rel=1e-12, abs=1e-9), (rule, case, column)
            binds = ws.cell(row, head.index(f"First year the ceiling binds, {rule} rule") + 1).value
            assert (binds or "") == csv.loc[case, "first_year_ceiling_binds"], (rule, case)
    land = table["land_-50pct"]
    peak = {rule: ws.cell(land, head.index(f"Change in peak debt, {rule} rule (HK$ bn)") + 1).value for rule in rules}
    assert peak["risk"] == 0.0 and peak["borrow"] > 0.0
    # The borrow rule's tornado: baseline first, then ranked by the size (to 1e-9 pp) of its change in peak debt-to-GDP.
    col = head.index("Change in peak debt-to-GDP, borrow rule (pp)") + 1
    ranked = [round(abs(ws.cell(r, col).value), 9) for r in sorted(table.values())[1:]]
    assert ranked == sorted(ranked, reverse=True)
    assert ws.cell(5, 1).value == "baseline"
    (chart,) = ws._charts
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    assert "borrow rule" in title
    from openpyxl.utils import get_column_letter

    ref = chart.series[0].val.numRef.f
    assert ref == f"'By rule'!${get_column_letter(col)}$6:${get_column_letter(col)}${max(table.values())}"
    assert "risk rule" in "".join(r.t for p in wb["Cases"]._charts[0].title.tx.rich.p for r in (p.r or []))
