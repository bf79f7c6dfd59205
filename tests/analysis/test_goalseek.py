"""Goal-seek answers: re-run the engine at the answer (equality to 1e-6) and check monotonicity."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.analysis.sensitivity import goalseek
from finmodel.model.engine import Shocks, project


def test_max_constant_issuance_touches_the_limit_and_is_the_highest(baseline):
    """Without --limit the limit is the one band verdict's: the top plus the published rounding (19.9 + 0.05)."""
    ans = goalseek.max_constant_issuance(baseline)
    o = ans.arrays()
    limit = baseline.band_high_pct + baseline.budget_plan.band_tolerance_pp
    assert o.debt_to_gdp_pct[0, 1:].max() == pytest.approx(limit, abs=1e-6)
    assert np.all(o.gross_issuance_hkd_bn[0, 1:] == ans.value)
    a = ans.assumptions
    above = project(a, Shocks(issuance_hkd_bn=ans.value + 0.01)).debt_to_gdp_pct[0, 1:].max()
    below = project(a, Shocks(issuance_hkd_bn=ans.value - 0.01)).debt_to_gdp_pct[0, 1:].max()
    assert below < limit < above


def test_max_constant_issuance_rises_with_the_limit(baseline):
    values = [goalseek.max_constant_issuance(baseline, limit).value for limit in (18.0, 19.0, 19.9, 21.0)]
    assert all(np.diff(values) > 0)


def test_max_constant_issuance_none_when_the_opening_debt_is_above_the_limit(baseline):
    ans = goalseek.max_constant_issuance(baseline, 9.0)
    assert ans.value is None and "even with no new issuance" in ans.note


def test_land_for_the_reserves_floor_in_hkd_and_share_of_gdp(baseline):
    hkd, share = goalseek.land_for_reserves_floor(baseline)
    for ans in (hkd, share):
        o = ans.arrays()
        assert o.fiscal_reserves_hkd_bn[0, 1:].min() == pytest.approx(baseline.reserves_floor_hkd_bn, abs=1e-6)
    o = share.arrays()
    np.testing.assert_allclose(100 * o.land_premium_hkd_bn[0, 1:] / o.nominal_gdp_hkd_bn[0, 1:], share.value, rtol=1e-12)
    assert np.all(hkd.arrays().land_premium_hkd_bn[0, 1:] == hkd.value)


def test_land_needed_rises_with_the_floor(baseline):
    values = [goalseek.land_for_reserves_floor(baseline, f)[0].value for f in (550.0, 600.0, 650.0, 700.0)]
    assert all(np.diff(values) > 0)
    assert goalseek.land_for_reserves_floor(baseline, 100.0)[0].value == 0.0


def test_growth_shortfall_binds_the_ceiling_with_equality(baseline):
    ans = goalseek.growth_shortfall_for_ceiling(baseline, 2030)
    o = project(ans.assumptions, ans.shocks)
    window = baseline.years < 2030
    assert (o.debt_hkd_bn[0] - o.ceiling_hkd_bn[0])[window].max() == pytest.approx(0.0, abs=1e-6)
    shown = ans.arrays()
    assert shown.headroom_hkd_bn[0, window].min() == pytest.approx(0.0, abs=1e-6)
    a = ans.assumptions
    harder = project(a, Shocks(growth_pp=-(ans.value + 0.01) / 100))
    assert (harder.debt_hkd_bn[0] - harder.ceiling_hkd_bn[0])[window].max() > 0


def test_growth_shortfall_is_smaller_for_a_later_deadline_and_a_lower_ceiling(baseline):
    by_2029 = goalseek.growth_shortfall_for_ceiling(baseline, 2029).value
    by_2030 = goalseek.growth_shortfall_for_ceiling(baseline, 2030).value
    by_2031 = goalseek.growth_shortfall_for_ceiling(baseline, 2031).value
    assert by_2029 > by_2030 > by_2031
    lower = replace(baseline, ceiling_hkd_bn=baseline.ceiling_hkd_bn - 50.0)
    assert goalseek.growth_shortfall_for_ceiling(lower, 2030).value < by_2030


def test_growth_shortfall_reports_no_answer_outside_the_range(baseline):
    tight = replace(baseline, ceiling_hkd_bn=baseline.ceiling_hkd_bn * 0 + 300.0)   # below the debt left after 2026-27 redemptions
    ans = goalseek.growth_shortfall_for_ceiling(tight, 2030)
    assert ans.value is None and "even with growth" in ans.note
    loose = replace(baseline, ceiling_hkd_bn=baseline.ceiling_hkd_bn * 0 + 1e6)
    ans = goalseek.growth_shortfall_for_ceiling(loose, 2030)
    assert ans.value is None and "does not bind" in ans.note
