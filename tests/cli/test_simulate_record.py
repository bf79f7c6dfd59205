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


def _copy_inputs(root):
    """The shipped inputs with their history, scenarios included (fit and simulate read them)."""
    import shutil

    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("__pycache__", ".history.*"))
    return root


def test_the_stored_fit_saves_time_and_changes_no_figure(runs, tmp_path):
    """Without inputs/fitted_shocks.yaml the run fits the scale itself: every table is the same, byte for byte; only the
    run record differs (the file read, and who fitted the scale)."""
    root = _copy_inputs(tmp_path / "inputs")
    (root / "fitted_shocks.yaml").unlink()
    out = tmp_path / "fitted_here"
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(root), "--paths", "2000", "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    held = runs["record"][1]
    for name in RECORD_FILES + ("fan_debt_to_gdp.csv", "probabilities.csv"):
        if (held / name).exists():
            assert (out / name).read_bytes() == (held / name).read_bytes(), name
    here, stored = (json.loads((o / "summary.json").read_text(encoding="utf-8")) for o in (out, held))
    assert here["calibration"]["fitted_by"] == "this run"
    assert stored["calibration"]["fitted_by"] == "finmodel fit on 2026-12-06 (fitted_shocks.yaml)"
    assert "fitted_shocks.yaml" in stored["run"]["input_sha256"] and "fitted_shocks.yaml" not in here["run"]["input_sha256"]
    assert {k: v for k, v in here["calibration"].items() if k != "fitted_by"} == \
           {k: v for k, v in stored["calibration"].items() if k != "fitted_by"}


def test_the_scale_belongs_to_the_shock_model_not_to_the_runs_seed_or_scenario(runs, tmp_path):
    """Another seed, a scenario or another issuance plan: the same scale, read from the stored fit (calibration seed 2026)."""
    full = json.loads((runs["record"][1] / "summary.json").read_text(encoding="utf-8"))
    for name, extra in (("seed", ("--seed", "7")), ("scenario", ("--scenario", "low_land")), ("plan", ("--issuance", "high"))):
        _run(tmp_path / name, "--no-charts", *extra)
        other = json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8"))
        assert other["calibration"]["scale"] == full["calibration"]["scale"], name
        assert other["calibration"]["seed"] == 2026 and other["calibration"]["fitted_by"].startswith("finmodel fit on"), name


def test_fit_stores_the_scale_and_a_malformed_store_is_refused_with_its_field(tmp_path):
    """finmodel fit on the shipped inputs writes the shipped fitted_shocks.yaml byte for byte; a store with a bad field
    stops simulate with exit 2, naming the file, the field and what is allowed (nothing written)."""
    root = _copy_inputs(tmp_path / "inputs")
    (root / "fitted_shocks.yaml").unlink()
    r = CliRunner().invoke(main, ["fit", "--inputs", str(root), "--date", "2026-12-06"])
    assert r.exit_code == 0, r.output
    assert "Shock scale 1.30 fitted to the forecast record" in r.output
    import hashlib

    from finmodel.inputs import fitted_shocks

    new, shipped = fitted_shocks.read(root), fitted_shocks.read(INPUTS)
    assert new.calibration == shipped.calibration and new.fitted_on == shipped.fitted_on
    # The plan's last digits depend on the process (its BLAS threads: the fit is reproducible as numbers, not bytes),
    # so the key names the plan the fit just wrote; everything else in it is the shipped key.
    plan_sha256 = hashlib.sha256((root / "fitted_plan.yaml").read_bytes()).hexdigest()
    assert new.key["inputs_sha256"].pop("fitted_plan.yaml") == plan_sha256
    shipped.key["inputs_sha256"].pop("fitted_plan.yaml")
    assert new.key == shipped.key
    text = (root / "fitted_shocks.yaml").read_text(encoding="utf-8")
    (root / "fitted_shocks.yaml").write_text(text.replace("  scale: 1.3\n", "  scale: -1\n"), encoding="utf-8")
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(root), "--paths", "100", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2, r.output
    assert "fitted_shocks.yaml: calibration.scale = -1: a positive number" in r.output
    assert not (tmp_path / "o").exists()


def test_a_stored_scale_edited_to_another_scale_tried_stops_the_run(tmp_path):
    """The key still matches, the scale is one of the grid's, but not the one the rule chooses on it: exit 2 naming the
    field and what calibrate finds, nothing written (it ran the paths on scale 1.0 and said 1.30 in its words)."""
    root = _copy_inputs(tmp_path / "inputs")
    text = (root / "fitted_shocks.yaml").read_text(encoding="utf-8")
    (root / "fitted_shocks.yaml").write_text(text.replace("  scale: 1.3\n", "  scale: 1.0\n"), encoding="utf-8")
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(root), "--paths", "100", "--out", str(tmp_path / "o"), "--no-charts"])
    assert r.exit_code == 2, r.output
    assert "fitted_shocks.yaml: calibration.scale = 1.0: 1.3, what calibrate finds for the stored grid: rerun finmodel fit" in r.output
    assert not (tmp_path / "o").exists()


def test_fit_says_why_it_stores_no_scale_and_a_failing_calibration_is_one_line_and_exit_3(tmp_path, monkeypatch):
    """A forecast record without a reserves forecast: simulate exits 2 naming the table (it was an internal error, exit 3),
    fit stores no scale, says why and that the earlier file is kept. A calibration that fails inside: exit 3, one line."""
    from finmodel.analysis import record_coverage

    root = _copy_inputs(tmp_path / "inputs")
    track = root / "history" / "hk_mrf_track_record.csv"
    track.write_text(track.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    before = (root / "fitted_shocks.yaml").read_bytes()
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(root), "--paths", "100", "--out", str(tmp_path / "o"), "--no-charts"])
    assert r.exit_code == 2, r.output
    assert "hk_mrf_track_record.csv: item: no fiscal_reserves_end forecast with a value" in r.output
    r = CliRunner().invoke(main, ["fit", "--inputs", str(root), "--date", "2026-12-06"])
    assert r.exit_code == 0, r.output
    assert ("Shock scale not stored (1 problem(s) in the history tables, the first: " in r.output
            and "; the fitted_shocks.yaml there is left as it was (simulate uses it only while its key holds)" in r.output)
    assert (root / "fitted_shocks.yaml").read_bytes() == before
    good = _copy_inputs(tmp_path / "good")

    def broken(*args, **kwargs):
        raise RuntimeError("calibration broke")

    monkeypatch.setattr(record_coverage, "calibrate", broken)
    r = CliRunner().invoke(main, ["fit", "--inputs", str(good), "--date", "2026-12-06"])
    assert r.exit_code == 3, r.output
    assert "finmodel: internal error: RuntimeError: calibration broke." in r.output and "Traceback" not in r.output


def test_fit_that_cannot_write_the_stored_scale_says_which_file_and_exits_2(tmp_path):
    """A folder where fitted_shocks.yaml should go: one line naming it, exit 2 (it was a traceback, exit 1)."""
    root = _copy_inputs(tmp_path / "inputs")
    (root / "fitted_shocks.yaml").unlink()
    (root / "fitted_shocks.yaml").mkdir()
    (root / "fitted_shocks.yaml" / "kept").write_text("", encoding="utf-8")
    r = CliRunner().invoke(main, ["fit", "--inputs", str(root), "--date", "2026-12-06"])
    assert r.exit_code == 2, r.output
    assert f"finmodel: cannot read or write {root / 'fitted_shocks.yaml'}: Is a directory" in r.output
    assert (root / "fitted_shocks.yaml" / "kept").exists() and not list(root.glob(".fitted_shocks.yaml.*"))
