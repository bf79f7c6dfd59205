"""Ageing-driven spending: the Working Group's 2041-42 figures reproduced, and the age-cost identities."""

import numpy as np
import pytest

from finmodel.inputs import long_run as inputs
from finmodel.inputs.errors import InputError
from finmodel.model import ageing

YEARS = np.arange(2025, 2061)


@pytest.fixture(scope="module")
def lr():
    return inputs.load("inputs/long_run.yaml")


def test_the_working_group_2041_42_figures_are_reproduced_within_10_percent(lr):
    """HA 47.2 -> 85.6, OALA 14.6 -> 36.4, elderly services 6.2 -> 16.2 (constant 2014-15 prices) on its population."""
    check = ageing.working_group_check(lr)
    assert set(check) == {"health", "elderly_allowances", "elderly_services"}
    for name, (model, published) in check.items():
        assert abs(model / published - 1.0) <= 0.10, (name, model, published)
    # By hand, OALA (no drift, 65+ only): 14.6 x 2.56 / 1.089 = 34.32
    assert check["elderly_allowances"][0] == pytest.approx(14.6 * 2.56 / 1.089, rel=1e-12)
    # Health: 47.2 x (5.91 + 4.3 x 2.56) / (6.151 + 4.3 x 1.089) x 1.0055^27
    hand = 47.2 * (8.47 - 2.56 + 4.3 * 2.56) / (7.24 - 1.089 + 4.3 * 1.089) * 1.0055 ** 27
    assert check["health"][0] == pytest.approx(hand, rel=1e-12)


def test_population_groups_add_up_to_the_published_totals(lr):
    pop = ageing.population(lr, [2021, 2046, 2066])
    np.testing.assert_allclose(pop.sum(axis=0), [7.41, 8.19, 7.72], rtol=1e-12)
    np.testing.assert_allclose(pop[2], [1.45, 2.74, 2.826], rtol=1e-12)
    assert (pop > 0).all()


def test_spending_by_age_group_adds_up_to_each_function(lr):
    np.testing.assert_allclose(ageing.by_group(lr, YEARS).sum(axis=1), ageing.shares(lr, YEARS), rtol=1e-13)


def test_the_change_in_each_share_splits_exactly_into_demography_drift_and_both(lr):
    d = ageing.decomposition(lr, YEARS, 2026)
    np.testing.assert_allclose(d["demography"] + d["cost_drift"] + d["interaction"], d["change"], atol=1e-15)
    # OALA has no drift: all of its change is demography
    i = [f.name for f in lr.functions].index("elderly_allowances")
    np.testing.assert_allclose(d["demography"][i], d["change"][i], atol=1e-15)


def test_a_function_share_follows_its_cost_weighted_heads_per_person(lr):
    """s_t / s_b = (D_t/N_t) / (D_b/N_b) x (1 + drift)^(t - b), checked on 2060 against 2030 for elderly services."""
    f = lr.functions[2]
    p30, p60 = ageing.population(lr, [2030])[:, 0], ageing.population(lr, [2060])[:, 0]
    s = ageing.shares(lr, [2030, 2060])[2]
    assert s[1] / s[0] == pytest.approx((p60[2] / p60.sum()) / (p30[2] / p30.sum()) * (1 + f.drift) ** 30, rel=1e-12)


def test_nothing_is_added_up_to_the_mrf(lr):
    spend, revenue = ageing.beyond_mrf_adjustments(lr, YEARS, 2030)
    assert not spend[YEARS <= 2030].any() and not revenue[YEARS <= 2030].any()
    assert (spend[YEARS > 2033] > 0).all() and (revenue[YEARS > 2033] < 0).all()   # older, fewer workers


def test_a_bad_long_run_file_names_the_field_and_what_is_allowed(tmp_path):
    text = open("inputs/long_run.yaml", encoding="utf-8").read().replace("drift_pct: 0.55", "drift_pct: lots")
    (tmp_path / "long_run.yaml").write_text(text.replace('indexation: fixed', 'indexation: floating'), encoding="utf-8")
    with pytest.raises(InputError) as err:
        inputs.load(tmp_path / "long_run.yaml")
    text = str(err.value)
    assert "age_related_spending.functions.health.drift_pct = 'lots': a number from -5.0 to 5.0" in text
    assert "ceiling.indexation = 'floating': one of fixed, gdp" in text
