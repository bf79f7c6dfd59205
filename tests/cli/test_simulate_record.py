"""`finmodel simulate` writes the forecast record, the coverage table and the calibration, read back from the files."""

import csv
import json

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS, ROOT

RECORD_FILES = ("forecast_record.csv", "forecast_errors.csv", "balance_errors.csv", "fan_coverage.csv", "calibration.csv")


def _run(out, *extra):
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(INPUTS), "--paths", "2000", "--out", str(out), *extra])
    assert r.exit_code == 0, r.output
    return r


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("record")
    return {"record": (_run(root / "a"), root / "a"), "none": (_run(root / "b", "--calibration", "none", "--no-charts"), root / "b")}


def test_simulate_writes_the_record_the_coverage_table_and_the_charts(runs):
    r, out = runs["record"]
    for name in RECORD_FILES + ("charts/forecast_record.png", "charts/forecast_record.svg", "charts/fan_coverage.png",
                                "charts/fan_coverage.svg"):
        assert (out / name).is_file(), name
    coverage = _rows(out / "fan_coverage.csv")
    keys = {(c["measure"], c["horizon_years"], c["band_pct"], c["errors"]) for c in coverage}
    assert {("reserves", str(h), b, e) for h in range(1, 6) for b in ("80", "50") for e in ("mean removed", "raw")} <= keys
    assert ("consolidated balance", "1", "80", "mean removed") in keys
    five = next(c for c in coverage if (c["measure"], c["horizon_years"], c["band_pct"], c["errors"]) == ("reserves", "5", "80", "mean removed"))
    assert five["n_pairs"] == "14" and five["role"] == "target"
    assert float(five["ci_low_pct"]) <= float(five["coverage_pct"]) <= float(five["ci_high_pct"])
    assert "Five years out, past Budgets' reserve forecasts missed by a median 30% (14 Budgets" in r.output
    assert "Clopper-Pearson" in r.output


def test_the_summary_records_the_scale_the_grid_chose_and_what_was_held_out(runs):
    _, out = runs["record"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    chosen = [g for g in _rows(out / "calibration.csv") if g["chosen"] == "true"]
    assert len(chosen) == 1 and float(chosen[0]["scale"]) == summary["calibration"]["scale"]
    assert chosen[0]["admissible_5y"] == "true"
    assert summary["calibration"]["held_out"] == ["reserves at 1 to 4 years", "raw errors"]
    assert summary["calibration"]["errors"] == "mean removed"
    assert summary["forecast_record"]["five_years"].startswith("Five years out")
    assert len(summary["fan_coverage"]) == len(_rows(out / "fan_coverage.csv"))
    assert summary["shock_model"]["revenue_error_sd_net_pct"] > 0
    assert summary["run"]["options"]["calibration"] == "record"
    assert "history/hk_mrf_track_record.csv" in summary["run"]["input_sha256"]


def test_without_calibration_the_shocks_are_as_estimated_and_nothing_is_a_target(runs):
    _, out = runs["none"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["calibration"]["scale"] == 1.0 and summary["calibration"]["applied"] is False
    assert {c["role"] for c in _rows(out / "fan_coverage.csv")} == {"held out"}
    assert _rows(out / "calibration.csv") == []
    assert "no-calibration" in summary["run"]["options"]["run"]


def test_the_exporters_only_read_the_revenue_error_they_report():
    text = (ROOT / "finmodel" / "report" / "stochastic.py").read_text(encoding="utf-8")
    assert "shock_paths" not in text and "sim.revenue_error_sd_net_pct" in text


def test_a_shorter_horizon_keeps_the_scale_fitted_at_five_years(runs, tmp_path):
    _run(tmp_path / "short", "--horizon", "2027-28", "--no-charts")
    short = json.loads((tmp_path / "short" / "summary.json").read_text(encoding="utf-8"))
    full = json.loads((runs["record"][1] / "summary.json").read_text(encoding="utf-8"))
    assert short["calibration"]["scale"] == full["calibration"]["scale"]
    assert {c["horizon_years"] for c in short["fan_coverage"]} == {1, 2}
