"""The long run composed on a run: only past the MRF, identities kept, guarantee calls, the ceiling's two options."""

from dataclasses import replace

import numpy as np
import pytest

from finmodel.analysis import long_run as view
from finmodel.model import guarantees
from finmodel.model.engine import Shocks, project
from finmodel.model.long_run import baseline_gdp, under_option
from finmodel.model.pipeline import load_inputs


@pytest.fixture(scope="module")
def a60():
    return load_inputs("inputs", horizon="2060-61")


@pytest.fixture(scope="module")
def o60(a60):
    return project(a60)


def test_a_run_to_the_mrf_reads_no_long_run():
    a = load_inputs("inputs")
    assert a.long_run is None and a.recurrent_add_share_gdp is None
    assert "long_run.yaml" not in a.input_hashes


def test_a_long_run_records_its_file_and_adds_only_past_the_mrf(a60, o60):
    assert "long_run.yaml" in a60.input_hashes
    plain = project(replace(a60, recurrent_add_share_gdp=None, revenue_add_share_gdp=None))
    gdp = o60.nominal_gdp_hkd_bn[0]
    np.testing.assert_array_equal(o60.recurrent_expenditure_hkd_bn[0], plain.recurrent_expenditure_hkd_bn[0]
                                  + a60.recurrent_add_share_gdp * gdp)
    np.testing.assert_array_equal(o60.other_revenue_hkd_bn[0], plain.other_revenue_hkd_bn[0] + a60.revenue_add_share_gdp * gdp)
    mrf = a60.years <= a60.mrf_last_year
    np.testing.assert_array_equal(o60.fiscal_reserves_hkd_bn[0, mrf], plain.fiscal_reserves_hkd_bn[0, mrf])


def test_the_accounts_still_add_up_in_every_year(o60):
    o = o60
    np.testing.assert_allclose(o.revenue_hkd_bn - o.expenditure_hkd_bn, o.balance_before_bonds_hkd_bn, atol=1e-9)
    change = np.diff(o.fiscal_reserves_hkd_bn[0])
    np.testing.assert_allclose(change, o.consolidated_balance_hkd_bn[0, 1:], atol=1e-8)


def test_a_guarantee_call_changes_reserves_by_the_called_amount(a60, o60):
    """Under the plan rule (issuance does not react), reserves fall by the call in its year; afterwards by more
    (the investment income lost on it)."""
    a = replace(a60, financing_rule="plan")
    calls = guarantees.stress_calls(a, 0.12)
    k = int(np.flatnonzero(calls)[0])
    assert calls[k] == pytest.approx(0.12 * 118.066)
    base, hit = project(a), project(a, Shocks(guarantee_calls_hkd_bn=calls))
    diff = hit.fiscal_reserves_hkd_bn[0] - base.fiscal_reserves_hkd_bn[0]
    assert diff[:k] == pytest.approx(np.zeros(k), abs=1e-9)
    assert diff[k] == pytest.approx(-calls[k], abs=1e-9)
    assert diff[k + 1] < -calls[k]
    np.testing.assert_allclose(hit.non_recurrent_expenditure_hkd_bn[0] - base.non_recurrent_expenditure_hkd_bn[0], calls, atol=1e-12)


def test_drawn_calls_come_at_the_stated_frequency_within_the_past_default_rates(a60):
    calls = guarantees.drawn_calls(a60, np.random.default_rng(1), 4000)
    assert not calls[:, 0].any()
    hit = calls[:, 1:] > 0
    assert hit.mean() == pytest.approx(a60.long_run.call_probability, abs=0.005)
    rate = calls[:, 1:][hit] / 118.066
    assert rate.min() >= 0.075 and rate.max() <= 0.12


def test_the_gdp_indexed_ceiling_keeps_its_share_of_gdp_and_binds_later(a60):
    g = under_option(a60, "gdp")
    k = int(np.searchsorted(a60.years, 2026))
    gdp = baseline_gdp(a60)
    np.testing.assert_allclose(g.ceiling_hkd_bn[k:], 900.0 * gdp[k:] / gdp[k], rtol=1e-13)
    np.testing.assert_array_equal(g.ceiling_hkd_bn[:k], a60.ceiling_hkd_bn[:k])
    v = view.build(a60, project(a60))
    fixed, indexed = v.ceiling_binds["fixed"], v.ceiling_binds["gdp"]
    assert fixed is not None and (indexed is None or indexed > fixed)


def test_the_long_run_view_balance_sheet_and_gaps(a60, o60):
    v = view.build(a60, o60)
    t = v.table
    np.testing.assert_allclose(t["net_debt_hkd_bn"], t["debt_hkd_bn"] - t["fiscal_reserves_hkd_bn"], atol=1e-9)
    parts = ["health_pct_gdp", "elderly_allowances_pct_gdp", "elderly_services_pct_gdp", "education_pct_gdp"]
    np.testing.assert_allclose(t[parts].sum(axis=1), t["age_related_pct_gdp"], rtol=1e-13)
    for gap in v.gaps.values():
        assert gap.initial_position_pp + gap.debt_requirement_pp + gap.ageing_pp == pytest.approx(gap.value_pp, abs=1e-12)
    assert v.gaps["S2"].ageing_pp > v.gaps["S1"].ageing_pp > 0     # the ageing costs keep rising after 2045-46
    stress = v.guarantee_stress["high"]
    assert stress["reserves_change_in_stress_year_hkd_bn"] == pytest.approx(-stress["called_hkd_bn"], abs=1e-9)


def test_the_monte_carlo_draws_guarantee_calls_the_same_whatever_the_split(a60):
    """Blocks run together or one by one give the same calls (and the other draws are those of a run without them)."""
    from finmodel.analysis import shock_model, stochastic
    from tests.conftest import INPUTS

    model = shock_model.load(INPUTS / "history")
    together = stochastic.block_shocks(a60, model, seed=7, method="ec", blocks=[0, 1, 2], block_paths=200)
    apart = [stochastic.block_shocks(a60, model, seed=7, method="ec", blocks=[b], block_paths=200) for b in (0, 1, 2)]
    np.testing.assert_array_equal(together.guarantee_calls_hkd_bn, np.concatenate([s.guarantee_calls_hkd_bn for s in apart]))
    assert (together.guarantee_calls_hkd_bn > 0).any()
    plain = stochastic.block_shocks(replace(a60, long_run=None), model, seed=7, method="ec", blocks=[0, 1, 2], block_paths=200)
    assert plain.guarantee_calls_hkd_bn is None
    np.testing.assert_array_equal(plain.growth_pp, together.growth_pp)
    np.testing.assert_array_equal(plain.land_factor, together.land_factor)
