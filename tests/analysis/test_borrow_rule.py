"""The borrow rule (shortfalls borrowed): issuance is the plan plus the shortfall of reserves against the
plan's own reserves path R*, capped at the headroom (then a squeeze); a surplus above R* stays in reserves."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.model.engine import Shocks, project, reserves_path
from tests.model.test_engine import _check_identities

LAND = np.array([[1.0], [0.5], [1.5]])     # no shock, land premium -50%, +50% (from year 1; year 0 is held)


@pytest.fixture(scope="module")
def runs(baseline):
    shocks = Shocks(land_factor=LAND, n_paths=3)
    return {rule: project(replace(baseline, financing_rule=rule), shocks) for rule in ("risk", "plan", "borrow")}


def test_without_shocks_the_borrow_rule_is_the_plan(baseline, runs):
    b, plan = runs["borrow"], runs["plan"]
    np.testing.assert_allclose(b.gross_issuance_hkd_bn[0], plan.gross_issuance_hkd_bn[0], atol=1e-9)
    np.testing.assert_allclose(b.fiscal_reserves_hkd_bn[0], reserves_path(baseline), atol=1e-9)
    np.testing.assert_allclose(b.reserves_floor_hkd_bn[0], reserves_path(baseline), rtol=0, atol=0)


def test_a_shortfall_is_borrowed_to_the_plan_path_until_the_ceiling_binds(baseline, runs):
    b = runs["borrow"]
    path, plan = reserves_path(baseline), b.gross_issuance_hkd_bn[0]
    binds = b.ceiling_binds[1] > 0
    topped = (b.gross_issuance_hkd_bn[1] > plan + 1e-9) & ~binds
    assert topped.any() and binds.any()                      # land -50%: borrowed, then the ceiling caps it (a squeeze)
    np.testing.assert_allclose(b.fiscal_reserves_hkd_bn[1, topped], path[topped], atol=1e-6)
    assert (b.fiscal_reserves_hkd_bn[1, binds] < path[binds] - 1e-6).all()
    ruled = np.arange(baseline.n_years) >= baseline.n_anchor      # the Budget's estimate years follow its plan under every rule
    assert (b.reserves_below_floor[1, ruled] == b.ceiling_binds[1, ruled]).all()     # below the path only in a squeeze
    np.testing.assert_allclose(b.debt_hkd_bn[1].max(), baseline.ceiling_hkd_bn[-1], atol=1e-6)
    _check_identities(b, baseline)


def test_a_surplus_stays_in_reserves_and_issuance_never_falls_below_the_plan(baseline, runs):
    b, plan = runs["borrow"], runs["plan"]
    np.testing.assert_allclose(b.gross_issuance_hkd_bn[2], plan.gross_issuance_hkd_bn[2], atol=1e-9)   # land +50%
    assert (b.fiscal_reserves_hkd_bn[2, 1:] > reserves_path(baseline)[1:]).all()


def test_land_minus_50_reaches_the_debt_under_borrow_and_the_reserves_under_the_buffer(runs):
    """The sensitivity finding: under the reserves-buffer rule land -50% leaves peak debt unchanged; under borrow it does not."""
    risk, b = runs["risk"], runs["borrow"]
    assert risk.debt_hkd_bn[1].max() == pytest.approx(risk.debt_hkd_bn[0].max(), abs=1e-9)
    assert risk.fiscal_reserves_hkd_bn[1, -1] < risk.fiscal_reserves_hkd_bn[0, -1] - 100.0
    assert b.debt_hkd_bn[1].max() - b.debt_hkd_bn[0].max() > 50.0          # 844.9 -> 900.0 (the ceiling)
    assert b.debt_to_gdp_pct[1].max() - b.debt_to_gdp_pct[0].max() > 1.5    # 19.95% -> 22.05%
