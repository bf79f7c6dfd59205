"""The standard cases through one engine batch: zero shock, directions and hand-computed magnitudes."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.analysis.sensitivity import batch
from finmodel.analysis.sensitivity.cases import BASELINE, CASE_IDS, STANDARD_CASES, Case
from finmodel.inputs.assumptions import IssueMix, OpeningBook
from finmodel.model.engine import Shocks, project
from finmodel.model.pipeline import load_inputs
from tests.conftest import INPUTS

BY_ID = {c.id: c for c in STANDARD_CASES}



@pytest.fixture(scope="module")
def plan_baseline(baseline):
    """The baseline under the plan rule: issuance never responds, so shocks land on reserves alone."""
    return replace(baseline, financing_rule="plan")

def _one(a, case):
    o, m = batch.run_batch(a, [case])
    return o, {k: v[0] for k, v in m.items()}


def test_case_ids_are_the_documented_ones():
    assert CASE_IDS == ("baseline", "gdp_-2pp", "gdp_-1pp", "gdp_+1pp", "land_-50pct", "land_-25pct", "land_+25pct",
                        "land_+50pct", "land_flat", "yields_+100bp", "yields_+200bp", "issuance_low", "issuance_high",
                        "capex_-10pct", "capex_+10pct", "fx_-10pct", "fx_+10pct", "combined_adverse", "historical_worst")


def test_zero_shock_reproduces_the_baseline_exactly(baseline, baseline_results):
    o, m = _one(baseline, BASELINE)
    ref = project(baseline)
    for k in ("debt_hkd_bn", "fiscal_reserves_hkd_bn", "interest_hkd_bn", "revenue_hkd_bn", "gross_issuance_hkd_bn"):
        assert np.array_equal(getattr(o, k), getattr(ref, k)), k
    h = baseline_results.summary()["headline"]
    for k in ("peak_debt_hkd_bn", "peak_debt_to_gdp_pct", "debt_to_gdp_end_pct", "interest_to_revenue_end_pct",
              "fiscal_reserves_end_hkd_bn", "min_headroom_hkd_bn"):
        assert m[k] == h[k], k
    assert m["first_year_above_band"] == (h["first_year_above_band"] or "")
    assert m["first_year_ceiling_binds"] == (h["first_year_ceiling_binds"] or "")


def test_the_batch_equals_each_case_run_alone(baseline):
    cases = [BASELINE, *STANDARD_CASES]
    o, _ = batch.run_batch(baseline, cases, batch.grid_points([-1.0, 0.5], [-30.0, 20.0]))
    for i, c in enumerate(cases):
        alone, _ = batch.run_batch(baseline, [c])
        for k in ("debt_hkd_bn", "fiscal_reserves_hkd_bn", "interest_hkd_bn"):
            np.testing.assert_allclose(getattr(o, k)[i], getattr(alone, k)[0], rtol=1e-13, atol=1e-10, err_msg=f"{c.id} {k}")
    grid_pt, _ = batch.run_batch(baseline, [Case("g", "", "g", growth_pp=0.5, land_change_pct=20.0)])
    np.testing.assert_allclose(o.fiscal_reserves_hkd_bn[-1], grid_pt.fiscal_reserves_hkd_bn[0], rtol=1e-13)


def test_lower_growth_raises_debt_to_gdp_by_the_denominator_under_the_plan_rule(plan_baseline):
    baseline = plan_baseline
    """Plan rule: HK$ debt is unchanged, so the ratio rises by exactly prod (1+g)/(1+g-d)."""
    o, m = batch.run_batch(baseline, [BASELINE, BY_ID["gdp_-1pp"], BY_ID["gdp_-2pp"], BY_ID["gdp_+1pp"]])
    assert np.array_equal(o.debt_hkd_bn[0], o.debt_hkd_bn[1])
    peak = m["peak_debt_to_gdp_pct"]
    assert peak[2] > peak[1] > peak[0] > peak[3]
    g = baseline.nominal_growth[1:]
    for i, d in ((1, -0.01), (2, -0.02), (3, 0.01)):
        factor = np.prod((1 + g) / (1 + g + d))
        assert o.debt_to_gdp_pct[i, -1] == pytest.approx(o.debt_to_gdp_pct[0, -1] * factor, rel=1e-12)


def test_a_growth_shock_moves_other_revenue_through_the_buoyancy_from_year_one(baseline):
    a = replace(baseline, other_revenue_elasticity=1.3)
    base = project(a)
    shocked = project(a, Shocks(growth_pp=-0.02))
    ratio = shocked.nominal_gdp_hkd_bn[0] / base.nominal_gdp_hkd_bn[0]
    core_base = base.other_revenue_hkd_bn[0]          # minimum tax is its own line, outside the buoyancy
    core = shocked.other_revenue_hkd_bn[0]
    np.testing.assert_allclose(core, core_base * ratio ** 1.3, rtol=1e-12)
    assert core[1] < core_base[1]                      # the 2026-27 Budget estimate year moves too
    assert core[0] == core_base[0]                     # 2025-26 (revised estimate) does not


def test_yields_raise_interest_only_on_new_cohorts(plan_baseline):
    """+200bp: no change without new issues; with the plan, half a year's 2% on year 1's issue, then a full year's."""
    baseline = plan_baseline
    no_new = Shocks(issuance_hkd_bn=np.array([[0.0], [0.0]]), yield_add=np.array([[0.0], [0.02]]), n_paths=2)
    o = project(baseline, no_new)
    assert np.array_equal(o.interest_hkd_bn[0], o.interest_hkd_bn[1])
    o, _ = batch.run_batch(baseline, [BASELINE, BY_ID["yields_+200bp"]])
    d = o.interest_hkd_bn[1] - o.interest_hkd_bn[0]
    plan = baseline.issuance_plan_hkd_bn
    assert d[0] == 0.0
    assert d[1] == pytest.approx(0.5 * 0.02 * plan[1], abs=1e-9)                 # 1.6
    assert d[2] == pytest.approx(0.02 * plan[1] + 0.5 * 0.02 * plan[2], abs=1e-9)  # 3.2 + 1.9
    assert np.array_equal(o.gross_issuance_hkd_bn[0], o.gross_issuance_hkd_bn[1])


def _small(a):
    """2025-26 and 2026-27 only, one HKD cohort outstanding, one HKD 5-year bucket for new issues."""
    book = OpeningBook(cohort_id=("c1",), programme=("IBP",), investor=("institutional",), currency=("HKD",), basis=("test",),
                       currency_idx=np.array([0]), face_fc=np.array([100.0]), issue_year=np.array([2020]),
                       maturity_year=np.array([2030]), coupon=np.array([0.03]), inflation_linked=np.array([False]))
    mix = IssueMix(bucket=("hkd_5y",), investor=("institutional",), currency=("HKD",), currency_idx=np.array([0]),
                   share=np.array([1.0]), tenor_years=np.array([5]), yield_rate=np.array([0.04]),
                   inflation_linked=np.array([False]))
    return replace(a, book=book, mix=mix)


@pytest.fixture(scope="module")
def small():
    return _small(load_inputs(INPUTS, horizon=2026))


def test_land_minus_50pct_one_year_one_cohort_plan_rule_lowers_reserves_by_the_lost_land(small):
    a = replace(small, financing_rule="plan")
    o, m = batch.run_batch(a, [BASELINE, BY_ID["land_-50pct"]])
    lost = 0.5 * o.land_premium_hkd_bn[0, 1]
    assert lost == pytest.approx(9.0)                                           # half of the 18.0 estimate
    assert m["fiscal_reserves_end_hkd_bn"][0] - m["fiscal_reserves_end_hkd_bn"][1] == pytest.approx(lost, abs=1e-9)
    assert m["peak_debt_hkd_bn"][1] == m["peak_debt_hkd_bn"][0]


def test_land_minus_50pct_one_year_one_cohort_gap_rule_raises_debt_by_hand(small):
    """Gap rule: issuance covers the lost land plus the half-year coupon on itself: dD = dL / (1 - 0.5 x 4%).

    The rule applies after the Budget's own years; with 2026-27 treated as a projection year (n_anchor 1) it applies there.
    """
    a = replace(small, financing_rule="gap", n_anchor=1)
    o, m = batch.run_batch(a, [BASELINE, BY_ID["land_-50pct"]])
    assert o.gross_issuance_hkd_bn[0, 1] > 0 and not o.ceiling_binds.any()
    assert m["debt_end_hkd_bn"][1] - m["debt_end_hkd_bn"][0] == pytest.approx(9.0 / (1 - 0.5 * 0.04), abs=1e-9)
    assert m["fiscal_reserves_end_hkd_bn"][1] == pytest.approx(m["fiscal_reserves_end_hkd_bn"][0], abs=1e-9)


def test_capex_and_fx_cases_by_hand(baseline):
    o, _ = batch.run_batch(baseline, [BASELINE, BY_ID["capex_+10pct"], BY_ID["fx_+10pct"]])
    np.testing.assert_allclose(o.capital_works_hkd_bn[1, 1:], 1.1 * o.capital_works_hkd_bn[0, 1:], rtol=1e-14)
    b = baseline.book
    alive = (b.issue_year < 2026) & (b.maturity_year >= 2026)
    # RMB and EUR bonds revalue by 10%; US$ bonds not at all (the US$ stays at the weak side of its band, 7.85)
    moved = np.isin(b.currency_idx, (1, 3))
    foreign = alive & moved
    new_foreign = baseline.issuance_plan_hkd_bn[0] * baseline.mix.share[np.isin(baseline.mix.currency_idx, (1, 3))].sum()
    reval = 0.1 * (np.sum(b.face_fc[foreign] * baseline.fx[1, b.currency_idx[foreign]]) + new_foreign)
    assert o.fx_revaluation_hkd_bn[2, 1] == pytest.approx(reval, rel=1e-12)
    assert o.fx_revaluation_hkd_bn[0, 1] == 0.0


def test_land_flat_holds_the_2025_26_level(baseline):
    o, _ = batch.run_batch(baseline, [BY_ID["land_flat"]])
    assert np.all(o.land_premium_hkd_bn[0] == 17.5)


def test_the_high_plan_reaches_the_ceiling_no_later_than_the_low_plan():
    a = load_inputs(INPUTS, horizon=2045)
    o, m = batch.run_batch(a, [BY_ID["issuance_low"], BY_ID["issuance_high"]])
    first = [np.flatnonzero(o.ceiling_binds[i]) for i in range(2)]
    assert len(first[1]) and (not len(first[0]) or first[1][0] <= first[0][0])
    assert m["peak_debt_hkd_bn"][1] >= m["peak_debt_hkd_bn"][0]


@settings(max_examples=25, deadline=None)
@given(d=st.floats(-0.03, 0.03), f=st.floats(0.2, 2.0))
def test_plan_rule_debt_ignores_growth_and_land_and_reserves_rise_with_land(plan_baseline, d, f):
    baseline = plan_baseline
    cases = [Case("a", "", "g", growth_pp=100 * d, land_change_pct=100 * (f - 1)),
             Case("b", "", "g", growth_pp=100 * d, land_change_pct=100 * (f - 1) + 10)]
    o, _ = batch.run_batch(baseline, [BASELINE, *cases])
    assert np.array_equal(o.debt_hkd_bn[1], o.debt_hkd_bn[0])
    assert np.all(o.fiscal_reserves_hkd_bn[2, 1:] > o.fiscal_reserves_hkd_bn[1, 1:])
    stock = o.fiscal_reserves_hkd_bn[1] - baseline.opening_reserves_hkd_bn
    assert np.allclose(stock, np.cumsum(o.consolidated_balance_hkd_bn[1]))


@pytest.mark.parametrize("text,expected", [("-2:2:0.2", 21), ("-60:60:10", 13), ("0:0:1", 1), ("-2:2:0.5", 9)])
def test_parse_range(text, expected):
    vals = batch.parse_range(text)
    assert len(vals) == expected and vals[0] == float(text.split(":")[0]) and vals[-1] == float(text.split(":")[1])


@pytest.mark.parametrize("text", ["1:2", "a:b:c", "2:1:1", "0:1:0", "0:1000:0.001", "0:nan:1"])
def test_parse_range_rejects(text):
    with pytest.raises(ValueError):
        batch.parse_range(text)


def test_fx_cases_keep_the_us_dollar_inside_its_convertibility_band(baseline):
    """RMB and EUR move 10%; HK$ per US$ stays within 7.75-7.85 (the baseline holds 7.85, the weak side), and the cases say so."""
    cases = [c for c in STANDARD_CASES if c.group == "fx"]
    o, _ = batch.run_batch(baseline, cases)
    usd = o.fx[:, 1:, 2]                                  # (cases, years): HKD, RMB, USD, EUR
    assert ((usd >= 7.75 - 1e-9) & (usd <= 7.85 + 1e-9)).all()
    np.testing.assert_allclose(usd[0], 7.85 * (1 - 0.0127))     # fx_-10pct: the strong side
    np.testing.assert_allclose(usd[1], 7.85)                    # fx_+10pct: held at the weak side
    np.testing.assert_allclose(o.fx[:, 1:, 1] / baseline.fx[1:, 1], np.array([[0.9], [1.1]]) * np.ones_like(usd))
    assert all("7.75-7.85 band" in c.description and "Convertibility Undertaking" in c.description for c in cases)


def test_a_rates_shock_moves_investment_income_where_the_inputs_link_them(baseline):
    """investment_income_rate_yield_pass_through s: the reserves' rate rises by s x the yield shock of the year before."""
    assert baseline.investment_rate_yield_pass_through == 0.0                  # shipped: no link, income unchanged
    o, _ = batch.run_batch(baseline, [BASELINE, BY_ID["yields_+200bp"]])
    np.testing.assert_array_equal(o.investment_rate[1], o.investment_rate[0])
    linked = replace(baseline, investment_rate_yield_pass_through=0.5)
    o, _ = batch.run_batch(linked, [BASELINE, BY_ID["yields_+200bp"]])
    np.testing.assert_allclose(o.investment_rate[1] - o.investment_rate[0], [0.0, 0.0] + [0.01] * (baseline.n_years - 2), atol=1e-15)
    reserves_prev = o.fiscal_reserves_hkd_bn[1, 1:-1]
    np.testing.assert_allclose(o.investment_income_hkd_bn[1, 2:], o.investment_rate[1, 2:] * reserves_prev, rtol=1e-12)
