"""The IMF's basis (GFSM 2014) beside the Budget's: identities, the 2026-27 figures by hand, any classification."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from finmodel.inputs.schema import GFSM_LINES
from finmodel.model import gfsm
from finmodel.model.engine import project
from tests.small_cases import three_year_two_cohort

TOL = 1e-9


def check_identities(o, a):
    """Every IMF-basis identity of finmodel.model.gfsm, exactly (to rounding) in every year and on every path."""
    overall = o.overall_balance_gfsm_hkd_bn
    assert overall == pytest.approx(o.revenue_gfsm_hkd_bn - o.expense_gfsm_hkd_bn
                                    - o.net_acquisition_nonfinancial_assets_gfsm_hkd_bn, abs=TOL)
    assert o.balance_before_bonds_hkd_bn - overall == pytest.approx(o.reclassified_to_financing_hkd_bn, abs=TOL)
    assert o.gross_operating_balance_gfsm_hkd_bn == pytest.approx(o.revenue_gfsm_hkd_bn - o.expense_gfsm_hkd_bn, abs=TOL)
    assert o.gross_financing_need_gfsm_hkd_bn - o.gross_financing_need_hkd_bn == pytest.approx(
        o.reclassified_to_financing_hkd_bn, abs=TOL)
    net = o.net_debt_gfsm_hkd_bn
    opening = np.full((net.shape[0], 1), a.opening_debt_hkd_bn - a.opening_reserves_hkd_bn)
    change = np.diff(np.concatenate([opening, net], axis=1), axis=1)
    assert change == pytest.approx(o.fx_revaluation_hkd_bn - overall, abs=1e-8)
    assert o.net_debt_gfsm_to_gdp_pct == pytest.approx(100.0 * net / o.nominal_gdp_hkd_bn, abs=TOL)


def test_identities_on_the_shipped_baseline(baseline):
    check_identities(project(baseline), baseline)


def test_the_2026_27_figures_by_hand(baseline):
    """2026-27: the Budget's balance -78.2 less the 127.8 of transfers (75 + 37 + 15.8) is -206.0 on the IMF's basis; the
    Operating surplus of 11.9 rests on 52.8 of one-offs (37 + 15.8): -40.9 without them; land premium (18.0) leaves
    revenue for the nonfinancial assets, where it offsets capital works (128.0)."""
    o = project(baseline)
    k = list(baseline.years).index(2026)
    assert o.overall_balance_gfsm_hkd_bn[0, k] == pytest.approx(-78.2 - 127.8, abs=1e-9)
    assert o.operating_balance_ex_one_offs_hkd_bn[0, k] == pytest.approx(11.9 - 52.8, abs=1e-9)
    assert o.net_acquisition_nonfinancial_assets_gfsm_hkd_bn[0, k] == pytest.approx(128.0 - 18.0, abs=1e-9)
    assert o.gross_financing_need_gfsm_hkd_bn[0, k] == pytest.approx(o.gross_financing_need_hkd_bn[0, k] + 127.8, abs=1e-9)
    assert o.primary_balance_gfsm_hkd_bn[0, k] == pytest.approx(
        o.primary_balance_hkd_bn[0, k] - 127.8, abs=1e-9)


def test_the_shipped_file_classes_each_line_as_gfsm_2014_does(baseline):
    """The shipped classification is each line's standard class (the one used for hand-built assumptions)."""
    assert baseline.gfsm_classes == gfsm.standard_classes()
    assert baseline.gfsm_classes["one_off_receipts"] == "financing"
    assert baseline.gfsm_classes["investment_income"] == "revenue"
    assert baseline.gfsm_classes["land_premium"] == "nonfinancial_assets"


@given(st.fixed_dictionaries({line: st.sampled_from(allowed) for line, (_, allowed) in GFSM_LINES.items()}),
       st.floats(0.0, 50.0), st.floats(-150.0, 150.0))
def test_identities_hold_under_any_allowed_classification(classes, one_off, reserves):
    """Whatever the analyst classes each line as, the balances add up and net debt moves only with net lending."""
    a = three_year_two_cohort(gfsm_classes=classes, one_off_hkd_bn=np.array([one_off, 0.0, one_off]),
                              opening_reserves_hkd_bn=reserves, negative_reserves_rate=np.full(3, 0.04))
    o = project(a)
    check_identities(o, a)
    moved = [line for line, cls in classes.items() if GFSM_LINES[line][0] != "bond flows" and cls == "financing"]
    if not moved:
        assert o.overall_balance_gfsm_hkd_bn == pytest.approx(o.balance_before_bonds_hkd_bn, abs=TOL)
