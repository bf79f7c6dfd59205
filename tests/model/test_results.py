"""Results: tidy frames, the cohort book, the maturity profile, peers and the summary's headline figures."""

import numpy as np
import pytest

from finmodel.model.engine import Shocks
from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS


def test_projection_is_indexed_by_fiscal_year(baseline_results):
    p = baseline_results.projection
    assert p.index.name == "fiscal_year" and list(p.index) == ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]


def test_cohort_book_sums_to_the_debt_stock(baseline_results):
    b = baseline_results.bonds()
    p = baseline_results.projection
    for y in p.index:
        alive = (b["issue_fy"] <= y) & (b["maturity_fy"] > y)
        assert b.loc[alive, "face_value_hkd_bn"].sum() == pytest.approx(p.loc[y, "debt_hkd_bn"], rel=1e-12)


def test_maturity_profile_matches_redemptions(baseline_results):
    prof = baseline_results.maturity_profile()
    p = baseline_results.projection
    for y in p.index:
        assert prof.loc[y, "total_hkd_bn"] == pytest.approx(p.loc[y, "redemptions_hkd_bn"], rel=1e-12)


def test_peers_hold_the_three_comparators_with_definitions(baseline_results):
    peers = baseline_results.peers()
    for c in ("Japan", "United States", "Singapore"):
        rows = peers[peers["country"] == c]
        assert not rows.empty and rows["definition"].str.len().gt(0).all()
    hk = peers[(peers["country"].str.contains("finmodel")) & (peers["indicator"] == "debt_to_gdp")]
    assert hk["value"].iloc[-1] == pytest.approx(baseline_results.projection["debt_to_gdp_pct"].iloc[-1])


def test_summary_headline_and_verdict_follow_the_projection():
    res = run(load_inputs(INPUTS, issuance="high"))
    p = res.projection
    h = res.summary()["headline"]
    assert h["peak_debt_hkd_bn"] == p["debt_hkd_bn"].max()
    binds = p.index[p["ceiling_binds"] == 1]
    assert h["first_year_ceiling_binds"] == (binds[0] if len(binds) else None)
    above = p.index[p["debt_to_gdp_pct"] > 19.9 + 0.05]
    assert h["first_year_above_band"] == above[0]
    assert f"exceeded in {above[0]}" in res.verdict()


def test_many_paths_give_a_path_indexed_frame(baseline):
    res = run(baseline, Shocks(growth_pp=np.array([[0.0], [-0.02]]), n_paths=2))
    df = res.paths_frame(["debt_to_gdp_pct"])
    assert df.index.names == ["path", "fiscal_year"]
    assert df.loc[(1, "2030-31"), "debt_to_gdp_pct"] > df.loc[(0, "2030-31"), "debt_to_gdp_pct"]


def test_verdict_reports_when_reserves_run_out_and_breach_wording():
    from dataclasses import replace

    res = run(load_inputs(INPUTS, issuance="high", horizon="2050-51"))
    p = res.projection
    h = res.summary()["headline"]
    negative = p.index[p["fiscal_reserves_hkd_bn"] < 0]
    assert len(negative) and h["first_year_reserves_negative"] == negative[0]
    assert h["min_fiscal_reserves_hkd_bn"] == p["fiscal_reserves_hkd_bn"].min()
    assert f"reserves run out in {negative[0]}" in res.verdict()
    breach = run(replace(load_inputs(INPUTS, issuance="high"), ceiling_policy="breach"))
    assert "ceiling exceeded in" in breach.verdict() and "binds" not in breach.verdict()


NO_LAND = """title: No land premium
description: Land premium at zero from 2027-28 (a test of the verdicts beyond the MRF).
source: "test scenario"
land_premium_pct_gdp:
  values: {"2027-28": 0.0, "2028-29": 0.0, "2029-30": 0.0, "2030-31": 0.0}
  extrapolate: hold_last
  assumption: true
  source: test scenario
"""


def test_the_band_verdict_agrees_with_itself_over_the_whole_horizon(tmp_path):
    """Land premium at zero to 2050-51: the ratio peaks after the MRF; the margin is the peak's, the breach year is before it.

    The margin used to be taken over the MRF years only, so a run above the band after 2030-31 said
    'exceeded in 2031-32 (peak 20.18%, +0.05pp)': the peak's margin is +0.28pp.
    """
    import json
    import shutil

    from click.testing import CliRunner

    from finmodel.cli import main
    from finmodel.model import verdicts

    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    (inputs / "scenarios" / "no_land.yaml").write_text(NO_LAND)
    res = run(load_inputs(inputs, scenario="no_land", horizon="2050-51"), scenario="no_land")
    a, p, h = res.assumptions, res.projection, res.summary()["headline"]
    peak_year = p["debt_to_gdp_pct"].idxmax()
    assert fiscal_year_after_mrf(peak_year, a)                        # the case: the peak is beyond the MRF
    assert h["peak_debt_to_gdp_year"] == peak_year and h["peak_debt_to_gdp_pct"] == p["debt_to_gdp_pct"].max()
    assert h["band_margin_pp"] == pytest.approx(p["debt_to_gdp_pct"].max() - a.band_high_pct, abs=1e-12)
    first = h["first_year_above_band"]
    assert first is not None and first <= peak_year and h["band_margin_pp"] > h["band_tolerance_pp"] > 0
    assert p.loc[first, "debt_to_gdp_pct"] > a.band_high_pct + h["band_tolerance_pp"]
    margin = f"{p['debt_to_gdp_pct'].max() - a.band_high_pct:+.2f}pp"
    words = f"band ({a.band_high_pct:g}%) exceeded in {first} (peak {p['debt_to_gdp_pct'].max():.2f}%, {margin})"
    assert words in res.verdict()
    assert f"above the stated band of {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP from {first} ({margin} at most)" in \
        verdicts.band(a, h, "sentence")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(inputs), "--scenario", "no_land", "--horizon", "2050-51",
                                  "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert words in r.output
    written = json.loads((out / "summary.json").read_text())["headline"]
    assert written["band_margin_pp"] == h["band_margin_pp"] and written["first_year_above_band"] == first


def fiscal_year_after_mrf(label: str, a) -> bool:
    from finmodel import fiscal_year

    return fiscal_year.parse(label) > a.mrf_last_year
