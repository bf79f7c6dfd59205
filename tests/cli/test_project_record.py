"""project carries the Government's forecast record into summary.json and the brief (one sentence), or leaves it out
when the inputs have no record tables."""

import json

from click.testing import CliRunner

from finmodel.analysis.forecast_record import load, record_line
from finmodel.cli import main
from finmodel.model.pipeline import load_inputs, run
from finmodel.report.brief.html import verdicts
from tests.conftest import INPUTS


def test_project_records_the_five_year_sentence_and_the_tables_it_rests_on(tmp_path):
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--no-charts", "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    rec = json.loads((tmp_path / "o" / "summary.json").read_text())["forecast_record"]
    expected = load(INPUTS / "history").sentence(5)
    assert rec["sentence"] == expected and expected.startswith("Five years out, past Budgets' reserve forecasts missed by a median")
    assert rec["horizon_years"] == 5
    assert set(rec["input_sha256"]) == {f"history/{t}.csv" for t in ("hk_mrf_track_record", "hk_fiscal_reserves_outturn",
                                                                    "hk_fiscal_reserves_breaks", "hk_budget_estimates")}


def test_the_brief_prints_the_sentence_before_the_stress_tests_and_omits_it_without_tables(tmp_path):
    from finmodel.analysis.heat_map import build

    res = run(load_inputs(INPUTS))
    line = record_line(INPUTS / "history")
    topics = [t for t, _ in verdicts(res, build(res), line.sentence)]
    assert topics[-2:] == ["Forecast record", "Stress tests"]
    assert dict(verdicts(res, build(res), line.sentence))["Forecast record"] == line.sentence
    assert "Forecast record" not in [t for t, _ in verdicts(res, build(res))]
    assert record_line(tmp_path) is None   # a folder without the record's tables: no sentence, no error
