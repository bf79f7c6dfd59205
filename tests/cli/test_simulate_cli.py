"""`finmodel simulate` end to end through CliRunner: files written, read back, reproducible, clean errors."""

import json
import shutil

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS

FILES = ["fan.csv", "breach_probabilities.csv", "finmodel_simulate_baseline_1500-paths_seed-11.xlsx", "shock_model.txt", "summary.json",
         "charts/fan_debt_to_gdp.png", "charts/fan_debt_vs_ceiling.png", "charts/fan_fiscal_reserves.png",
         "charts/fan_headroom.png", "charts/fan_debt_to_gdp.svg", "charts/fan_debt_vs_ceiling.svg",
         "charts/fan_fiscal_reserves.svg", "charts/fan_headroom.svg"]


def _simulate(out, *extra, inputs=INPUTS):
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(inputs), "--out", str(out), *extra])
    return r


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("sim")
    results = [_simulate(root / d, "--paths", "1500", "--seed", "11") for d in ("a", "b")]
    for r in results:
        assert r.exit_code == 0, r.output
    return root, results[0]


def test_every_output_is_written_and_identical_for_the_same_seed(runs):
    root, _ = runs
    for name in FILES:
        a, b = root / "a" / name, root / "b" / name
        assert a.exists(), name
        assert a.read_bytes() == b.read_bytes(), name


def test_no_charts_writes_the_same_numbers_without_the_fan_charts(runs, tmp_path):
    root, _ = runs
    r = _simulate(tmp_path / "c", "--paths", "1500", "--seed", "11", "--no-charts")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "c" / "charts").exists() and "charts/" not in r.output
    for name in ("fan.csv", "breach_probabilities.csv", "shock_model.txt"):
        assert (tmp_path / "c" / name).read_bytes() == (root / "a" / name).read_bytes(), name
    run = json.loads((tmp_path / "c" / "summary.json").read_text())["run"]
    assert run["options"]["charts"] is False and run["options"]["run"] == "simulate_baseline_1500-paths_seed-11"
    assert run["manifest"] == sorted(p.relative_to(tmp_path / "c").as_posix() for p in (tmp_path / "c").rglob("*") if p.is_file())


def test_printed_table_and_files_agree(runs, baseline_results):
    root, r = runs
    out = root / "a"
    fan = pd.read_csv(out / "fan.csv")
    assert list(fan.columns[:9]) == ["fiscal_year", "variable", "p5", "p10", "p25", "p50", "p75", "p90", "p95"]
    ratio = fan[fan["variable"] == "debt_to_gdp_pct"].set_index("fiscal_year")
    base = baseline_results.projection
    np.testing.assert_allclose(ratio["baseline"], base["debt_to_gdp_pct"], rtol=1e-15)
    assert ratio.loc["2025-26", "p5"] == ratio.loc["2025-26", "p95"]
    assert (np.diff(ratio[["p5", "p10", "p25", "p50", "p75", "p90", "p95"]].to_numpy(), axis=1) >= 0).all()
    assert f"{ratio.loc['2030-31', 'p50']:.2f}" in r.output
    br = pd.read_csv(out / "breach_probabilities.csv", index_col="fiscal_year")
    events = ["ceiling_binds", "above_band", "reserves_below_floor", "squeeze"]
    assert list(br.columns) == ([f"p_{e}" for e in events] + [f"p_{e}_cumulative" for e in events]
                                + [f"p_{e}_se" for e in events] + [f"p_{e}_cumulative_se" for e in events])
    assert ((br >= 0) & (br <= 1)).all().all()
    summary = json.loads((out / "summary.json").read_text())
    same = summary["headline"]["same_event"]
    for e in events:
        assert (br[f"p_{e}_cumulative"].diff().dropna() >= 0).all()
        # every probability carries its Monte Carlo standard error, sqrt(p(1-p)/n) with independent paths
        p = br[f"p_{e}_cumulative"]
        np.testing.assert_allclose(br[f"p_{e}_cumulative_se"], np.sqrt(p * (1 - p) / 1500), rtol=1e-12)
        if e in same:     # one event with another: identical counts, shown once, and the output says so
            np.testing.assert_array_equal(br[f"p_{e}_cumulative"], br[f"p_{same[e]}_cumulative"])
            assert "One event, shown once" in r.output and summary["headline"]["same_event_note"]
        else:
            assert f"{br.loc['2030-31', f'p_{e}_cumulative']:.1%}" in r.output
    assert set(summary["by_rule"]) == {"risk", "borrow"}
    assert (br["p_squeeze"] <= np.minimum(br["p_ceiling_binds"], br["p_reserves_below_floor"]) + 1e-12).all()
    reserves = fan[fan["variable"] == "fiscal_reserves_hkd_bn"].set_index("fiscal_year")
    assert f"{reserves.loc['2030-31', 'p50']:.1f}" in r.output and f"{reserves.loc['2030-31', 'p10']:.1f}" in r.output
    # The workbook holds the same numbers as the CSVs, and names the baseline workbook instead of repeating it.
    wb = openpyxl.load_workbook(out / "finmodel_simulate_baseline_1500-paths_seed-11.xlsx")
    assert {"Breach probabilities", "Fan, debt-to-GDP", "Fan, debt"} <= set(wb.sheetnames)
    assert "Projection" not in wb.sheetnames
    ws = wb["Fan, debt-to-GDP"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert [c.value for c in ws[4]][4] == "Median (%)"
    assert rows["2030-31"][4] == ratio.loc["2030-31", "p50"]
    ws = wb["Breach probabilities"]
    head = [c.value for c in ws[4]]
    col = head.index("P(debt-to-GDP above the band's top) by the year (% of paths)")
    assert {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}["2030-31"][col] == br.loc["2030-31", "p_above_band_cumulative"]
    summary = json.loads((out / "summary.json").read_text())
    run = summary["run"]
    assert run["seed"] == 11 and run["n_paths"] == 1500 and run["method"] == "ec"
    assert {"history/hk_macro.csv", "history/hk_land_premium.csv", "history/hk_rates_annual.csv", "macro.yaml"} <= set(run["input_sha256"])
    assert summary["headline"]["p_above_band_by_end"] == br.loc["2030-31", "p_above_band_cumulative"]
    text = (out / "shock_model.txt").read_text()
    assert "European Commission" in text and "2003-2023" in text and "Residual covariance" in text and "recalled" in text


def test_more_paths_and_another_method_and_horizon(tmp_path):
    r = _simulate(tmp_path / "boot", "--paths", "300", "--method", "bootstrap", "--horizon", "2035-36", "--seed", "4", "--no-charts")
    assert r.exit_code == 0, r.output
    fan = pd.read_csv(tmp_path / "boot" / "fan.csv")
    assert fan["fiscal_year"].iloc[-1] == "2035-36"
    assert "bootstrap" in r.output


def test_bad_options_and_bad_history_exit_2_without_traceback(tmp_path):
    r = _simulate(tmp_path / "x", "--paths", "0")
    assert r.exit_code == 2 and "Traceback" not in r.output
    r = _simulate(tmp_path / "x", "--method", "garch")
    assert r.exit_code == 2
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    (inputs / "history" / "hk_macro.csv").unlink()
    r = _simulate(tmp_path / "x", inputs=inputs)
    assert r.exit_code == 2, r.output
    assert "hk_macro.csv" in r.output and "Traceback" not in r.output
