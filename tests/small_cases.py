"""Small hand-built Assumptions for hand-computed tests (three years, two cohorts)."""

import numpy as np

from finmodel.inputs.assumptions import Assumptions, IssueMix, OpeningBook

NAN = np.nan


def three_year_two_cohort(**overrides) -> Assumptions:
    """Years 2025-27; one opening HKD cohort (50 at 3%, matures 2026-27); new issues 2-year HKD at 4%."""
    book = OpeningBook(
        cohort_id=("old",), programme=("IBP",), investor=("institutional",), currency=("HKD",), basis=("issue",),
        currency_idx=np.array([0]), face_fc=np.array([50.0]), issue_year=np.array([2023]),
        maturity_year=np.array([2026]), coupon=np.array([0.03]), inflation_linked=np.array([False]))
    mix = IssueMix(bucket=("hkd_2y",), investor=("institutional",), currency=("HKD",), currency_idx=np.array([0]),
                   share=np.array([1.0]), tenor_years=np.array([2]), yield_rate=np.array([0.04]),
                   inflation_linked=np.array([False]))
    plan = np.array([30.0, 30.0, 30.0])
    fields = dict(
        years=np.array([2025, 2026, 2027]), mrf_last_year=2027, n_anchor=0, gdp0_hkd_bn=1000.0,
        nominal_growth=np.array([0.0, 0.05, 0.05]), inflation=np.array([0.02, 0.02, 0.02]),
        land_fixed_hkd_bn=np.array([10.0, NAN, NAN]), land_share_gdp=np.array([NAN, 0.01, 0.01]),
        one_off_hkd_bn=np.zeros(3), minimum_tax_fixed_hkd_bn=np.zeros(3), other_revenue_elasticity=1.0,
        budget_revenue_hkd_bn=np.full(3, NAN), budget_expenditure_hkd_bn=np.full(3, NAN),
        other_revenue_fixed_hkd_bn=np.array([100.0, NAN, NAN]), other_capital_fixed_hkd_bn=np.array([5.0, NAN, NAN]),
        other_capital_share_gdp=np.full(3, NAN), investment_rate=np.full(3, 0.02),
        recurrent_fixed_hkd_bn=np.array([80.0, NAN, NAN]), recurrent_growth=np.array([NAN, 0.03, 0.03]),
        capital_works_fixed_hkd_bn=np.full(3, 20.0), ceiling_hkd_bn=np.full(3, 200.0), band_low_pct=5.0,
        band_high_pct=7.0, plans={"low": plan, "central": plan, "high": plan}, plan_name="central",
        issuance_plan_hkd_bn=plan, financing_rule="plan", ceiling_policy="cap", reserves_floor_hkd_bn=100.0,
        fx=np.ones((3, 4)), mix=mix, book=book, opening_reserves_hkd_bn=100.0, pool_b_hkd_bn=0.0)
    fields.update(overrides)
    return Assumptions(**fields)
