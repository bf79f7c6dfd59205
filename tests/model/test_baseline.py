"""The shipped baseline against the published figures in seeds/ (read from the files, never typed here)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS, SEEDS

@pytest.fixture(scope="module")
def seeds():
    facts = yaml.safe_load((SEEDS / "hk_debt_2026_facts.yaml").read_text())
    budget = yaml.safe_load((SEEDS / "budget_2026_27.yaml").read_text())
    return facts, budget


def test_opening_book_reproduces_the_budgets_principal_repayments(baseline_results, seeds):
    _, budget = seeds
    p = baseline_results.projection
    for fy, section in (("2025-26", "revised_2025_26"), ("2026-27", "estimate_2026_27")):
        published = budget[section]["repayments"]["value"]
        assert p.loc[fy, "redemptions_hkd_bn"] == pytest.approx(published, rel=0.05)


def test_2026_27_follows_the_budget_estimate(baseline_results, seeds):
    _, budget = seeds
    est = budget["estimate_2026_27"]
    p = baseline_results.projection.loc["2026-27"]
    assert p["revenue_hkd_bn"] == pytest.approx(est["revenue"]["value"], abs=1e-9)
    assert p["expenditure_hkd_bn"] == pytest.approx(est["expenditure"]["value"], abs=1e-9)
    assert p["gross_issuance_hkd_bn"] == pytest.approx(est["bond_proceeds"]["value"], abs=1e-9)
    assert p["consolidated_balance_hkd_bn"] == pytest.approx(est["consolidated_balance"]["value"], abs=0.05)
    assert p["fiscal_reserves_hkd_bn"] == pytest.approx(est["fiscal_reserves_end"]["value"], abs=0.05)
    rev = budget["revised_2025_26"]
    q = baseline_results.projection.loc["2025-26"]
    assert q["fiscal_reserves_hkd_bn"] == pytest.approx(rev["fiscal_reserves_end"]["value"], abs=0.05)


def test_central_plan_lands_near_the_published_path(baseline_results, seeds):
    facts, budget = seeds
    p = baseline_results.projection
    lo, hi = facts["borrowing_plan"]["annual_issuance_hkd_bn"]["low"], facts["borrowing_plan"]["annual_issuance_hkd_bn"]["high"]
    plan_years = ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]
    assert p.loc[plan_years, "gross_issuance_hkd_bn"].between(lo, hi).all()
    band = facts["borrowing_plan"]["debt_to_gdp_band_pct"]
    tol = budget["debt_to_gdp_pct"]["tolerance_pp"]["value"]
    assert abs(p.loc["2026-27", "debt_to_gdp_pct"] - band["low"]) <= tol
    assert abs(p.loc["2030-31", "debt_to_gdp_pct"] - band["high"]) <= tol
    assert (p.loc[plan_years, "debt_hkd_bn"] < facts["borrowing_plan"]["borrowing_ceiling_hkd_bn"]).all()


def test_low_and_high_plans_bracket_the_central_one():
    debt = {plan: run(load_inputs(INPUTS, issuance=plan)).projection["debt_hkd_bn"] for plan in ("low", "central", "high")}
    assert (debt["low"] <= debt["central"] + 1e-9).all() and (debt["central"] <= debt["high"] + 1e-9).all()
    assert debt["high"].iloc[-1] > debt["low"].iloc[-1]


def test_long_horizon_is_flagged_beyond_the_official_forecast():
    res = run(load_inputs(INPUTS, horizon="2050-51"))
    p = res.projection
    assert p.index[-1] == "2050-51"
    assert p.loc["2030-31", "beyond_mrf"] == 0 and p.loc["2031-32":, "beyond_mrf"].eq(1).all()
    assert res.summary()["headline"]["beyond_official_forecast"] is True
    short = run(load_inputs(INPUTS)).projection
    pd.testing.assert_frame_equal(p.loc[:"2030-31"].drop(columns="beyond_mrf"), short.drop(columns="beyond_mrf"))
    assert (p["debt_hkd_bn"] <= p["ceiling_hkd_bn"] + 1e-9).all()


def test_api_frames_are_the_numbers_the_cli_writes(tmp_path, baseline_results):
    from click.testing import CliRunner

    from finmodel.cli import main

    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(tmp_path), "--no-charts"])
    assert r.exit_code == 0, r.output
    written = pd.read_csv(tmp_path / "projection.csv", index_col="fiscal_year")
    np.testing.assert_allclose(written.to_numpy(dtype=float), baseline_results.projection.to_numpy(dtype=float), rtol=1e-15, atol=0)
