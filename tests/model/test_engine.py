"""Engine: a hand-computed three-year, two-cohort case, the ceiling cap, the gap rule, and the identities."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.model.engine import Shocks, project
from finmodel.model.engine_result import field_names
from tests.small_cases import three_year_two_cohort

EXACT = dict(rtol=0, atol=1e-12)


def test_hand_computed_three_year_two_cohort_case():
    o = project(three_year_two_cohort())
    row = {k: v[0] for k, v in o.select(field_names()).items() if v is not None and v.ndim == 2}
    # Year 0: interest = 3% x 50 (old, full year) + 4% x 30 / 2 (new, half year).
    np.testing.assert_allclose(row["interest_hkd_bn"], [2.1, 0.75 + 1.2 + 0.6, 0.6 + 1.2 + 0.6], **EXACT)
    np.testing.assert_allclose(row["revenue_hkd_bn"], [112.0, 10.5 + 105.0 + 2.698, 11.025 + 110.25 + 0.02 * 122.898], **EXACT)
    np.testing.assert_allclose(row["expenditure_hkd_bn"], [107.1, 82.4 + 20 + 5.25 + 2.55, 84.872 + 20 + 5.5125 + 2.4], **EXACT)
    np.testing.assert_allclose(row["redemptions_hkd_bn"], [0.0, 50.0, 30.0], **EXACT)
    np.testing.assert_allclose(row["debt_hkd_bn"], [80.0, 60.0, 60.0], **EXACT)
    np.testing.assert_allclose(row["fiscal_reserves_hkd_bn"], [134.9, 122.898, 133.84646], rtol=0, atol=1e-11)
    np.testing.assert_allclose(row["consolidated_balance_hkd_bn"], [34.9, -12.002, 10.94846], rtol=0, atol=1e-11)
    np.testing.assert_allclose(row["debt_to_gdp_pct"], [8.0, 100 * 60 / 1050, 100 * 60 / 1102.5], **EXACT)


def test_ceiling_caps_issuance_and_reports_the_binding_year():
    o = project(three_year_two_cohort(ceiling_hkd_bn=np.array([200.0, 55.0, 200.0])))
    np.testing.assert_allclose(o.gross_issuance_hkd_bn[0], [30.0, 25.0, 30.0], **EXACT)
    np.testing.assert_allclose(o.headroom_hkd_bn[0, 1], 0.0, **EXACT)
    assert list(o.ceiling_binds[0]) == [0.0, 1.0, 0.0]
    breach = project(three_year_two_cohort(ceiling_hkd_bn=np.array([200.0, 55.0, 200.0]), ceiling_policy="breach"))
    np.testing.assert_allclose(breach.gross_issuance_hkd_bn[0], [30.0, 30.0, 30.0], **EXACT)
    assert breach.headroom_hkd_bn[0, 1] == pytest.approx(-5.0)
    assert breach.ceiling_binds[0, 1] == 1.0


def test_gap_rule_keeps_reserves_exactly_at_the_floor():
    a = three_year_two_cohort(financing_rule="gap", reserves_floor_hkd_bn=150.0)
    o = project(a)
    np.testing.assert_allclose(o.fiscal_reserves_hkd_bn[0, 1:], 150.0, rtol=0, atol=1e-10)
    assert (o.gross_issuance_hkd_bn[0, 1:] > 0).all()
    np.testing.assert_allclose(o.gross_issuance_hkd_bn[0, 0], 30.0)  # year 0 is the recorded issuance


def _check_identities(o, a, tol=1e-9):
    debt = o.debt_hkd_bn
    opening = np.full((debt.shape[0], 1), a.opening_debt_hkd_bn)
    prev = np.concatenate([opening, debt[:, :-1]], axis=1)
    scale = np.maximum(1.0, np.abs(debt))
    roll = prev + o.fx_revaluation_hkd_bn + o.gross_issuance_hkd_bn - o.redemptions_hkd_bn
    assert np.max(np.abs(roll - debt) / scale) < tol
    res = o.fiscal_reserves_hkd_bn
    rprev = np.concatenate([np.full((res.shape[0], 1), a.opening_reserves_hkd_bn), res[:, :-1]], axis=1)
    assert np.max(np.abs(rprev + o.consolidated_balance_hkd_bn - res)) < tol * max(1.0, np.abs(res).max())
    # Cohort sum equals the stock: opening cohorts still outstanding plus projected cohorts, at year-end FX.
    b, m = a.book, a.mix
    for t, year in enumerate(a.years):
        alive_open = (b.issue_year < year + 1) & (b.maturity_year > year) & (b.issue_year < a.years[0])
        fx_t = o.fx[:, t, :]
        stock = (b.face_fc[alive_open][None, :] * fx_t[:, b.currency_idx[alive_open]]).sum(axis=1)
        issue = np.arange(t + 1)
        alive_new = (t - issue[:, None]) < m.tenor_years[None, :]
        stock = stock + np.einsum("psk,sk,pk->p", o.new_face_fc[:, : t + 1, :], alive_new.astype(float), fx_t[:, m.currency_idx])
        assert np.max(np.abs(stock - debt[:, t]) / scale[:, t]) < tol
    assert np.max(np.abs(o.revenue_hkd_bn - o.expenditure_hkd_bn - o.balance_before_bonds_hkd_bn)) < tol * 1e3
    # The two accounts: each adds up from its lines, and together they are the totals (domain primer section 3).
    flows = max(1.0, np.abs(o.revenue_hkd_bn).max())
    lines = {
        "revenue_hkd_bn": ("land_premium_hkd_bn", "other_revenue_hkd_bn", "minimum_tax_hkd_bn", "other_non_operating_revenue_hkd_bn",
                           "investment_income_hkd_bn", "one_off_receipts_hkd_bn"),
        "operating_revenue_hkd_bn": ("other_revenue_hkd_bn", "minimum_tax_hkd_bn", "investment_income_hkd_bn", "one_off_receipts_hkd_bn"),
        "non_operating_revenue_hkd_bn": ("land_premium_hkd_bn", "other_non_operating_revenue_hkd_bn",
                                         "one_off_receipts_non_operating_hkd_bn"),
        "non_operating_expenditure_hkd_bn": ("capital_works_hkd_bn", "other_capital_hkd_bn", "interest_hkd_bn"),
    }
    for total, parts in lines.items():
        sign = {"one_off_receipts_hkd_bn": 1.0}
        added = sum(sign.get(k, 1.0) * getattr(o, k) for k in parts)
        if total == "operating_revenue_hkd_bn":
            added = added - o.one_off_receipts_non_operating_hkd_bn
        assert np.max(np.abs(added - getattr(o, total))) < tol * flows, total
    spent = (o.recurrent_expenditure_hkd_bn + o.non_recurrent_expenditure_hkd_bn - o.unidentified_measures_hkd_bn
             + o.capital_works_hkd_bn + o.other_capital_hkd_bn + o.interest_hkd_bn)
    assert np.max(np.abs(spent - o.expenditure_hkd_bn)) < tol * flows
    assert np.max(np.abs(o.operating_balance_hkd_bn + o.non_operating_balance_hkd_bn - o.balance_before_bonds_hkd_bn)) == 0.0
    assert np.max(np.abs(o.operating_revenue_hkd_bn + o.non_operating_revenue_hkd_bn - o.revenue_hkd_bn)) == 0.0
    dec = o.contribution_interest_growth_pp + o.contribution_primary_balance_pp + o.contribution_sfa_pp
    assert np.nanmax(np.abs(dec - o.change_debt_to_gdp_pp)) < tol
    assert np.allclose(o.headroom_hkd_bn, o.ceiling_hkd_bn - debt, rtol=0, atol=tol)
    gfn = o.redemptions_hkd_bn - o.balance_before_bonds_hkd_bn
    assert np.allclose(o.gross_financing_need_hkd_bn, gfn, rtol=0, atol=tol * max(1.0, np.abs(gfn).max()))


def test_identities_hold_on_the_baseline(baseline):
    _check_identities(project(baseline), baseline)


def test_identities_hold_with_fx_revaluation_and_many_paths(baseline):
    fx = np.linspace(0.9, 1.1, 7)[:, None]
    shocks = Shocks(fx_factor=fx, growth_pp=np.linspace(-0.03, 0.02, 7)[:, None], yield_add=0.01, n_paths=7)
    o = project(baseline, shocks)
    _check_identities(o, baseline)
    assert np.abs(o.fx_revaluation_hkd_bn[:, 1]).max() > 1.0  # revaluation really happened


def test_zero_shock_reproduces_the_baseline_exactly(baseline):
    base = project(baseline)
    many = project(baseline, Shocks(n_paths=3))
    for k in ("debt_hkd_bn", "fiscal_reserves_hkd_bn", "interest_hkd_bn", "debt_to_gdp_pct"):
        assert np.array_equal(getattr(many, k), np.repeat(getattr(base, k), 3, axis=0))


def test_year_zero_is_never_shocked(baseline):
    o = project(baseline, Shocks(growth_pp=-0.05, land_factor=0.5, yield_add=0.02, capex_factor=1.1))
    base = project(baseline)
    for k in ("nominal_gdp_hkd_bn", "land_premium_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn"):
        assert getattr(o, k)[0, 0] == getattr(base, k)[0, 0]
        assert getattr(o, k)[0, -1] != getattr(base, k)[0, -1]


def test_higher_new_issue_yields_raise_interest_only_through_new_cohorts(baseline):
    base = project(baseline)
    up = project(baseline, Shocks(yield_add=0.02))
    assert (up.interest_hkd_bn[0, 1:] > base.interest_hkd_bn[0, 1:]).all()
    # The extra interest equals 2% on the face of the new cohorts alive (half in issue and maturity years).
    m = baseline.mix
    extra = []
    for t in range(1, baseline.n_years):
        issue = np.arange(t + 1)
        age = t - issue[:, None]
        w = np.where(age == 0, 0.5, np.where(age == m.tenor_years[None, :], 0.5, 1.0)) * (age <= m.tenor_years[None, :])
        face_hkd = base.new_face_fc[0, : t + 1, :] * base.fx[0, t, m.currency_idx][None, :]
        linked = m.inflation_linked[None, :]
        base_c = np.where(linked, np.maximum(base.new_coupon[0, : t + 1, :], base.inflation[0, t]), base.new_coupon[0, : t + 1, :])
        up_c = np.where(linked, np.maximum(up.new_coupon[0, : t + 1, :], up.inflation[0, t]), up.new_coupon[0, : t + 1, :])
        extra.append(np.sum(face_hkd * w * (up_c - base_c)))
    np.testing.assert_allclose(up.interest_hkd_bn[0, 1:] - base.interest_hkd_bn[0, 1:], extra, rtol=1e-12)


ENGINE_MODULES = ("engine", "budget", "bond_book", "financing", "gfsm")


@pytest.mark.parametrize("name", ENGINE_MODULES)
def test_engine_imports_nothing_from_the_edges(name):
    """The engine and its parts import numpy, the assumptions, the input declarations (data, no I/O) and each other, nothing else."""
    import ast
    import importlib

    module = importlib.import_module(f"finmodel.model.{name}")
    tree = ast.parse(open(module.__file__).read())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            names |= {f"{n.module}.{a.name}" if n.module == "finmodel.model" else n.module for a in n.names}
    allowed = ({"dataclasses", "typing", "numpy", "finmodel.inputs.assumptions"} | {f"finmodel.model.{m}" for m in ENGINE_MODULES}
               | {"finmodel.model.engine_result", "finmodel.inputs.schema"})
    assert names <= allowed, names


def test_scaling_every_hkd_input_scales_every_hkd_output():
    a = three_year_two_cohort()
    k = 3.0
    scaled = replace(
        a, gdp0_hkd_bn=a.gdp0_hkd_bn * k, land_fixed_hkd_bn=a.land_fixed_hkd_bn * k,
        other_revenue_fixed_hkd_bn=a.other_revenue_fixed_hkd_bn * k, other_capital_fixed_hkd_bn=a.other_capital_fixed_hkd_bn * k,
        recurrent_fixed_hkd_bn=a.recurrent_fixed_hkd_bn * k, capital_works_fixed_hkd_bn=a.capital_works_fixed_hkd_bn * k,
        ceiling_hkd_bn=a.ceiling_hkd_bn * k, issuance_plan_hkd_bn=a.issuance_plan_hkd_bn * k,
        opening_reserves_hkd_bn=a.opening_reserves_hkd_bn * k, book=replace(a.book, face_fc=a.book.face_fc * k))
    o, s = project(a), project(scaled)
    for key in ("debt_hkd_bn", "fiscal_reserves_hkd_bn", "interest_hkd_bn", "revenue_hkd_bn"):
        np.testing.assert_allclose(getattr(s, key), k * getattr(o, key), rtol=1e-12)
    np.testing.assert_allclose(s.debt_to_gdp_pct, o.debt_to_gdp_pct, rtol=1e-12)
