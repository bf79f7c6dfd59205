"""A run past the MRF writes long_run.csv, summary.json's long_run and a Long run sheet that agree; a run to the MRF none."""

import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long") / "run"
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--no-charts", "--horizon", "2060-61", "--out", str(folder)])
    assert r.exit_code == 0, r.output
    return folder, r.output


def test_the_terminal_shows_ageing_costs_both_ceiling_options_and_the_gaps(out):
    text = out[1]
    assert "Long run: age-related spending, % of GDP   2026-27   2030-31   2045-46   2060-61" in text
    assert "Ceiling binds: fixed in HK$ (today's law) 2035-36; indexed to nominal GDP " in text
    for words in ("S1 (net debt back", "S2 (net debt stable", "reserves at 12 months"):
        assert words in text


def test_csv_summary_and_sheet_agree(out):
    folder = out[0]
    table = pd.read_csv(folder / "long_run.csv", index_col="fiscal_year")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["long_run"]
    assert summary["age_related_spending_pct_gdp"]["2060-61"]["health_pct_gdp"] == pytest.approx(table.loc["2060-61", "health_pct_gdp"], rel=1e-15)
    gaps = summary["sustainability_gaps"]
    for g in gaps.values():
        assert g["initial_position_pp"] + g["debt_requirement_pp"] + g["ageing_pp"] == pytest.approx(g["value_pp"], abs=1e-12)
    book = openpyxl.load_workbook(next(folder.glob("*.xlsx")), read_only=True)
    ws = book["Long run"]
    rows = list(ws.iter_rows(min_row=5, max_row=5 + len(table) - 1, values_only=True))
    assert [r[0].rstrip("*") for r in rows] == list(table.index)
    assert rows[-1][4] == pytest.approx(table.iloc[-1]["health_pct_gdp"], rel=1e-15)
    assert rows[-1][11] == pytest.approx(table.iloc[-1]["fiscal_reserves_hkd_bn"], rel=1e-15)


def test_a_run_to_the_mrf_has_no_long_run(tmp_path):
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--no-charts", "--out", str(tmp_path / "run")])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "run" / "long_run.csv").exists()
    assert "long_run" not in json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert "Long run" not in r.output
