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
    above = p.index[p["debt_to_gdp_pct"] > 19.9]
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
