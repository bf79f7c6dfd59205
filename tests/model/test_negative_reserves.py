"""Negative fiscal reserves borrow at a stated rate (fiscal.yaml negative_reserves_rate_pct), from the year they open below zero."""

import numpy as np
import pytest

from finmodel.model.engine import Shocks, project
from finmodel.model.financing import negative_reserves_interest
from tests.small_cases import three_year_two_cohort


def test_interest_on_negative_reserves_by_hand():
    """Reserves open at -100 and pay 5%; hand-computed over two years.

    Year 0: revenue 10 land + 100 other = 110 (no investment income on negative reserves); spending 80 recurrent
    + 20 works + 5 other capital = 105; bond interest 50 x 3% + half a coupon on 30 new at 4% = 2.1; interest on
    negative reserves 5% x 100 = 5.0. Reserves -100 + (110 - 105 - 2.1 - 5.0) + 30 issued = -72.1.
    Year 1: interest on negative reserves 5% x 72.1 = 3.605.
    """
    a = three_year_two_cohort(opening_reserves_hkd_bn=-100.0, negative_reserves_rate=np.full(3, 0.05))
    o = project(a)
    assert o.interest_on_negative_reserves_hkd_bn[0, 0] == pytest.approx(5.0, abs=1e-12)
    assert o.investment_income_hkd_bn[0, 0] == 0.0
    assert o.interest_hkd_bn[0, 0] == pytest.approx(2.1, abs=1e-12)
    assert o.fiscal_reserves_hkd_bn[0, 0] == pytest.approx(-72.1, abs=1e-12)
    assert o.interest_on_negative_reserves_hkd_bn[0, 1] == pytest.approx(3.605, abs=1e-12)
    # It is spending (Non-Operating), part of the burden and outside the primary balance.
    free = project(three_year_two_cohort(opening_reserves_hkd_bn=-100.0))
    assert o.expenditure_hkd_bn[0, 0] - free.expenditure_hkd_bn[0, 0] == pytest.approx(5.0, abs=1e-12)
    assert o.non_operating_expenditure_hkd_bn[0, 0] - free.non_operating_expenditure_hkd_bn[0, 0] == pytest.approx(5.0, abs=1e-12)
    assert o.interest_to_gdp_pct[0, 0] == pytest.approx(100.0 * (2.1 + 5.0) / 1000.0, abs=1e-12)
    assert o.primary_balance_hkd_bn[0, 0] == pytest.approx(free.primary_balance_hkd_bn[0, 0], abs=1e-12)
    assert o.interest_total_hkd_bn[0, 0] == pytest.approx(7.1, abs=1e-12)


def test_positive_reserves_pay_nothing_and_the_rate_follows_the_yield_shock():
    a = three_year_two_cohort(negative_reserves_rate=np.full(3, 0.05))
    assert np.all(project(a).interest_on_negative_reserves_hkd_bn == 0.0)
    neg = three_year_two_cohort(opening_reserves_hkd_bn=-100.0, negative_reserves_rate=np.full(3, 0.05))
    shocked = project(neg, Shocks(yield_add=0.01))
    assert shocked.negative_reserves_rate[0].tolist() == pytest.approx([0.05, 0.06, 0.06])   # year 0 is never shocked


def test_negative_reserves_interest_is_vectorised_and_never_negative():
    rate = np.array([0.03, 0.03, 0.03])
    assert negative_reserves_interest(rate, np.array([-10.0, 0.0, 10.0])).tolist() == pytest.approx([0.3, 0.0, 0.0])


def test_shipped_inputs_cost_nothing_within_the_mrf_and_something_by_2050(baseline):
    """With the shipped inputs reserves stay positive to 2030-31; on the long horizon they turn negative and pay."""
    assert np.all(project(baseline).interest_on_negative_reserves_hkd_bn == 0.0)
    from finmodel.model.pipeline import load_inputs
    from tests.conftest import INPUTS

    long = load_inputs(INPUTS, horizon="2050-51")
    o = project(long)
    reserves, paid = o.fiscal_reserves_hkd_bn[0], o.interest_on_negative_reserves_hkd_bn[0]
    first = int(np.flatnonzero(reserves < 0)[0])
    assert np.all(paid[: first + 1] == 0.0) and paid[first + 1] > 0.0
    assert paid[1:] == pytest.approx(long.negative_reserves_rate[1:] * np.maximum(-reserves[:-1], 0.0), rel=1e-12)
