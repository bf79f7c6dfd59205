"""Budget flows before bonds, called directly on the three-year small case with hand-computed values."""

from dataclasses import replace

import numpy as np

from finmodel.model import budget
from tests.small_cases import three_year_two_cohort

NAN = np.nan
TIGHT = {"rtol": 1e-14, "atol": 0}


def _shocked(a, growth_pp=0.02):
    growth = budget.nominal_growth(a, growth_pp, 1)
    return growth, budget.nominal_gdp(a.gdp0_hkd_bn, growth)


def test_growth_shock_applies_from_year_1_and_compounds_into_gdp():
    a = three_year_two_cohort()                                     # growth 0, 5%, 5%; GDP0 1000
    growth, gdp = _shocked(a, 0.02)
    np.testing.assert_allclose(growth, [[0.0, 0.07, 0.07]], **TIGHT)
    np.testing.assert_allclose(gdp, [[1000.0, 1070.0, 1144.9]], **TIGHT)


def test_buoyancy_moves_other_revenue_by_the_gdp_ratio_to_the_elasticity():
    a = replace(three_year_two_cohort(), other_revenue_elasticity=1.5)   # other revenue 100 in year 0
    _, gdp_base = _shocked(a, 0.0)
    _, gdp = _shocked(a, 0.02)
    base = budget.other_revenue(a, gdp_base)
    shocked = budget.other_revenue(a, gdp)
    np.testing.assert_allclose(base, [[100.0, 100.0 * 1.05 ** 1.5, 100.0 * 1.05 ** 3]], **TIGHT)
    np.testing.assert_allclose(shocked, [[100.0, 100.0 * 1.07 ** 1.5, 100.0 * 1.07 ** 3]], **TIGHT)
    np.testing.assert_allclose(shocked / base, (gdp / gdp_base) ** 1.5, **TIGHT)


def test_the_new_lines_grow_with_gdp_after_their_given_years():
    """Other non-operating revenue, non-recurrent spending and the measures: given, then x (1 + g) a year; absent = 0."""
    a = replace(three_year_two_cohort(), other_non_operating_revenue_fixed_hkd_bn=np.array([18.0, 20.0, NAN]),
                non_recurrent_fixed_hkd_bn=np.array([30.0, NAN, NAN]), unidentified_measures_hkd_bn=np.array([0.0, 4.0, NAN]))
    factor = 1.0 + budget.nominal_growth(a, 0.0, 1)
    np.testing.assert_allclose(budget.other_non_operating_revenue(a, factor), [[18.0, 20.0, 21.0]], **TIGHT)
    np.testing.assert_allclose(budget.non_recurrent_expenditure(a, factor), [[30.0, 31.5, 31.5 * 1.05]], **TIGHT)
    np.testing.assert_allclose(budget.unidentified_measures(a, factor), [[0.0, 4.0, 4.2]], **TIGHT)
    bare = three_year_two_cohort()
    assert not budget.non_recurrent_expenditure(bare, factor).any()
    assert not budget.one_off_receipts_non_operating(bare, 2).any()


def test_minimum_tax_takes_fixed_figures_then_grows_with_gdp():
    a = replace(three_year_two_cohort(), minimum_tax_fixed_hkd_bn=np.array([0.0, 15.0, NAN]))
    growth, _ = _shocked(a, 0.02)
    np.testing.assert_allclose(budget.minimum_tax(a, 1.0 + growth), [[0.0, 15.0, 15.0 * 1.07]], **TIGHT)


def test_land_premium_share_factor_gdp_share_shock_and_override():
    a = three_year_two_cohort()                                     # HK$10bn in year 0, then 1% of GDP
    _, gdp = _shocked(a, 0.02)                                      # 1000, 1070, 1144.9
    np.testing.assert_allclose(budget.land_premium(a, gdp), [[10.0, 10.7, 11.449]], **TIGHT)
    np.testing.assert_allclose(budget.land_premium(a, gdp, 0.5), [[10.0, 5.35, 5.7245]], **TIGHT)
    np.testing.assert_allclose(budget.land_premium(a, gdp, 1.0, 0.005), [[10.0, 16.05, 17.1735]], **TIGHT)
    np.testing.assert_allclose(budget.land_premium(a, gdp, 1.0, -0.02), [[10.0, 0.0, 0.0]], **TIGHT)  # floored
    land = budget.land_premium(a, gdp, 0.5, None, np.array([[99.0, 3.0, NAN]]))
    np.testing.assert_allclose(land, [[10.0, 3.0, 5.7245]], **TIGHT)  # year 0 is never overridden


def test_spending_recurrent_capital_works_other_capital():
    a = replace(three_year_two_cohort(), other_capital_share_gdp=np.array([NAN, NAN, 0.01]))
    growth, gdp = _shocked(a, 0.02)
    factor = 1.0 + growth
    np.testing.assert_allclose(budget.recurrent_expenditure(a, factor), [[80.0, 82.4, 84.872]], **TIGHT)  # 3% stated
    np.testing.assert_allclose(budget.capital_works(a, factor, 1.1), [[20.0, 22.0, 22.0]], **TIGHT)  # year 0 unshocked
    np.testing.assert_allclose(budget.other_capital(a, gdp, factor), [[5.0, 5.35, 11.449]], **TIGHT)  # 1% of GDP in year 2
    np.testing.assert_array_equal(budget.one_off_receipts(a, 2), np.zeros((2, 3)))


def test_every_flow_is_vectorised_over_paths():
    a = three_year_two_cohort()
    growth = budget.nominal_growth(a, np.array([[0.0], [0.02]]), 2)
    gdp = budget.nominal_gdp(a.gdp0_hkd_bn, growth)
    rev = budget.other_revenue(a, gdp)
    assert gdp.shape == rev.shape == (2, 3)
    one = budget.other_revenue(a, budget.nominal_gdp(a.gdp0_hkd_bn, budget.nominal_growth(a, 0.02, 1)))
    np.testing.assert_array_equal(rev[1], one[0])
