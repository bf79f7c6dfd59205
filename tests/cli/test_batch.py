"""`finmodel batch`: the README's case file with two bad rows runs the others, reports the two by row and column, and
writes files that read back; every case gives the scenario route's figures; an unusable file is refused whole."""

import csv
import json

import numpy as np
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS, ROOT

EXAMPLE = ROOT / "docs" / "examples" / "cases.csv"
BAD = "bad_land,,-5,,,,,,,\nbad_rule,,,,,,,,riskier,\n"   # rows 10 and 11: a negative HK$ figure, an unknown rule


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    cases = tmp / "cases.csv"
    cases.write_text(EXAMPLE.read_text(encoding="utf-8") + BAD, encoding="utf-8")
    r = _invoke("batch", cases, "--inputs", INPUTS, "--out", tmp / "run", "--path", "debt_hkd_bn", "--path", "debt_to_gdp_pct")
    return r, tmp / "run", cases


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_two_bad_rows_are_reported_by_row_and_column_and_the_others_run(run):
    r, out, cases = run
    assert r.exit_code == 5, r.stderr
    assert f"{cases}:10:3: land_premium_hkd_bn = -5.0: outside the allowed range 0 or more HK$ bn" in r.stderr
    assert f"{cases}:11:9: financing_rule = 'riskier': must be one of risk, plan, gap, borrow" in r.stderr
    bad = _rows(out / "batch_bad_rows.csv")
    assert [(b["row"], b["column"]) for b in bad] == [("10", "land_premium_hkd_bn"), ("11", "financing_rule")]
    summary = _rows(out / "batch_summary.csv")
    assert [s["case"] for s in summary] == ["baseline", "land_flat", "land_low_share", "recession_2027", "slow_growth",
                                            "capex_150", "low_returns", "land_flat_borrow", "high_issuance"]
    record = json.loads((out / "batch_run.json").read_text(encoding="utf-8"))
    assert record["cases"] == 8 and [b["row"] for b in record["bad_rows"]] == [10, 11]
    assert record["input_sha256"][str(cases)] and record["options"]["paths"] == ["debt_hkd_bn", "debt_to_gdp_pct"]
    assert sorted(p.name for p in (out / "charts").iterdir()) == ["batch_cases.png", "batch_cases.svg"]


def test_the_summary_holds_real_figures_and_project_s_verdicts(run):
    _, out, _ = run
    s = {row["case"]: row for row in _rows(out / "batch_summary.csv")}
    base = s["baseline"]
    assert float(base["peak_debt_to_gdp_pct"]) == pytest.approx(19.95, abs=0.005)
    assert float(base["fiscal_reserves_end_hkd_bn"]) == pytest.approx(744.5, abs=0.05)
    assert base["band_verdict"].startswith("band (19.9%) met within the rounding of the published figure")
    assert base["ceiling_verdict"] == "ceiling never binds"
    # Land premium at HK$17.5bn lands on reserves under the inputs' rule, on debt under borrow.
    assert float(s["land_flat"]["change_peak_debt_hkd_bn"]) == pytest.approx(0.0, abs=1e-9)
    assert float(s["land_flat"]["change_fiscal_reserves_end_hkd_bn"]) < -100
    assert s["land_flat_borrow"]["financing_rule"] == "borrow" and float(s["land_flat_borrow"]["change_peak_debt_hkd_bn"]) > 0
    for row in s.values():   # the change columns are the figure less the baseline's
        assert float(row["change_debt_end_hkd_bn"]) == pytest.approx(float(row["debt_end_hkd_bn"]) - float(base["debt_end_hkd_bn"]))
    assert {row["route"] for row in s.values()} == {"batch"}
    assert s["slow_growth"]["sets"] == "real_growth_pct=1.5"


def test_the_workbook_reads_back_the_csv(run):
    _, out, _ = run
    wb = openpyxl.load_workbook(next(out.glob("finmodel_*.xlsx")), read_only=True)
    assert wb.sheetnames == ["Cover", "Contents", "Cases", "Paths debt_hkd_bn", "Paths debt_to_gdp_pct", "Bad rows",
                             "Notes & sources"]
    summary = _rows(out / "batch_summary.csv")
    cases = [r for r in wb["Cases"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert [r[0] for r in cases] == [s["case"] for s in summary]
    head = [c for c in next(wb["Cases"].iter_rows(min_row=4, max_row=4, values_only=True))]
    col = head.index("Fiscal reserves at the horizon (HK$ bn)")
    assert [r[col] for r in cases] == pytest.approx([float(s["fiscal_reserves_end_hkd_bn"]) for s in summary])
    paths = [r for r in wb["Paths debt_hkd_bn"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert paths[0][-1] == pytest.approx(float(summary[0]["debt_end_hkd_bn"]))
    bad = [r for r in wb["Bad rows"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert [(r[0], r[1]) for r in bad] == [(10, "land_premium_hkd_bn"), (11, "financing_rule")]


@pytest.mark.parametrize("horizon", [None, "2040-41"])
def test_every_case_gives_the_figures_of_the_scenario_route(tmp_path, horizon):
    """Each case of the example, written as a scenario file and loaded as `project --scenario` loads it, runs to the same
    reserves and debt (1e-9), whether it shared an engine batch or ran alone; an inflation case runs alone."""
    from dataclasses import replace

    from finmodel.analysis.batch import _overlay, load, run_cases
    from finmodel.inputs.cases import read_case_file
    from finmodel.model.engine import project
    from finmodel.model.pipeline import load_inputs

    cases = tmp_path / "cases.csv"
    cases.write_text(EXAMPLE.read_text(encoding="utf-8").replace("financing_rule", "inflation_pct", 1)
                     .replace(",borrow,", ",3.0,"), encoding="utf-8")
    cf = read_case_file(cases)
    raw, budget, a = load(INPUTS, horizon=horizon)
    b = run_cases(raw, cf, int(a.years[-1]), "central", budget, ("fiscal_reserves_hkd_bn", "debt_hkd_bn"))
    assert b.summary.loc["land_flat_borrow", "route"] == "own run" and b.engine_calls >= 3
    for row in cf.rows:
        overlay, _ = _overlay(row, a)
        path = tmp_path / f"{row.name}.yaml"
        path.write_text(yaml.safe_dump(overlay), encoding="utf-8")
        s = load_inputs(INPUTS, scenario=str(path) if overlay else None, horizon=horizon,
                        issuance=row.options.get("issuance", ("central",))[0])
        o = project(replace(s, financing_rule=b.summary.loc[row.name, "financing_rule"]))
        for name in ("fiscal_reserves_hkd_bn", "debt_hkd_bn"):
            assert np.allclose(getattr(o, name)[0], b.paths[name][row.name].to_numpy(), rtol=0, atol=1e-9), (row.name, name)


def test_a_value_outside_its_plausible_range_runs_with_a_warning_naming_its_cell(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("case,land_premium_hkd_bn[2027-28]\nboom,900\n", encoding="utf-8")
    r = _invoke("batch", cases, "--inputs", INPUTS, "--out", tmp_path / "run", "--no-charts")
    assert r.exit_code == 0, r.stderr
    assert f"warning: {cases}:2:2: land_premium_hkd_bn[2027-28]: outside the plausible range 0 to 400 HK$ bn" in r.stderr
    record = json.loads((tmp_path / "run" / "batch_run.json").read_text(encoding="utf-8"))
    assert len(record["warnings"]) == 1 and record["bad_rows"] == []


def test_an_xlsx_case_file_reports_its_sheet_and_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["case", "land_premium_hkd_bn[2027-28]", "issuance"])
    ws.append(["land_10", 10, None])
    ws.append(["bad", "ten", None])
    wb.save(tmp_path / "cases.xlsx")
    r = _invoke("batch", tmp_path / "cases.xlsx", "--inputs", INPUTS, "--out", tmp_path / "run", "--no-charts")
    assert r.exit_code == 5, r.stderr
    assert f"{tmp_path / 'cases.xlsx'}, sheet 'Cases', cell B3: land_premium_hkd_bn[2027-28] = 'ten': not a number" in r.stderr
    summary = _rows(tmp_path / "run" / "batch_summary.csv")
    assert [s["case"] for s in summary] == ["baseline", "land_10"]
    again = _invoke("batch", tmp_path / "cases.xlsx", "--inputs", INPUTS, "--out", tmp_path / "run", "--no-charts")
    assert again.exit_code == 5, again.stderr   # a rerun replaces its own folder (batch_run.json lists its files)


@pytest.mark.parametrize("header, words", [
    ("case,land_premum_hkd_bn", "land_premum_hkd_bn: unknown column; did you mean 'land_premium_hkd_bn'?"),
    ("case,horizon", "horizon: the horizon is the same for every case of a batch"),
    ("name,real_growth_pct", "no `case` column"),
    ("case,real_growth_pct,real_growth_pct", "real_growth_pct: the same column as column 2"),
])
def test_an_unusable_file_exits_2_and_writes_nothing(tmp_path, header, words):
    cases = tmp_path / "cases.csv"
    cases.write_text(f"{header}\na,1\n", encoding="utf-8")
    r = _invoke("batch", cases, "--inputs", INPUTS, "--out", tmp_path / "run", "--no-charts")
    assert r.exit_code == 2 and words in r.stderr, r.stderr
    assert not (tmp_path / "run").exists()


def test_no_row_that_can_run_exits_2(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("case,real_growth_pct\na,fast\nbaseline,1\n", encoding="utf-8")
    r = _invoke("batch", cases, "--inputs", INPUTS, "--out", tmp_path / "run", "--no-charts")
    assert r.exit_code == 2 and "no row of" in r.stderr and "'baseline' is the run without a case" in r.stderr
    assert not (tmp_path / "run").exists()
