"""S1 and S2 checked against a hand calculation on a small case, and by running the debt recursion."""

import numpy as np
import pytest

from finmodel.analysis import sustainability as S


def test_s1_by_hand_on_three_years():
    """d0 = 20%, p = -1%, r = 4%, g = 3%, dA = 0.1, 0.2, 0.3% of GDP, target 20% in year 3."""
    lam = 1.04 / 1.03
    w = [lam ** 2, lam, 1.0]
    W = sum(w)
    ibp = (0.2 * (lam ** 3 - 1) + 0.01 * W) / W
    ltc = (w[0] * 0.001 + w[1] * 0.002 + w[2] * 0.003) / W
    gap = S.s1(0.2, -0.01, [0.001, 0.002, 0.003], 0.04, 0.03, 0.2)
    assert gap.value_pp == pytest.approx(100 * (ibp + ltc), rel=1e-12)
    assert gap.initial_position_pp == pytest.approx(100 * ibp, rel=1e-12)
    assert gap.ageing_pp == pytest.approx(100 * ltc, rel=1e-12)
    assert gap.debt_requirement_pp == 0.0
    # the adjustment reaches the target exactly: d3 = 0.2
    d = S.simulate(0.2, -0.01, [0.001, 0.002, 0.003], 0.04, 0.03, gap.value_pp / 100)
    assert d[-1] == pytest.approx(0.2, abs=1e-14)


def test_s1_debt_requirement_and_a_primary_balance_path():
    p = np.linspace(-0.03, 0.01, 19)
    dA = np.linspace(0.0, 0.01, 19)
    gap = S.s1(-0.05, p, dA, 0.034, 0.05, -0.10)
    assert gap.initial_position_pp + gap.debt_requirement_pp + gap.ageing_pp == pytest.approx(gap.value_pp, abs=1e-12)
    assert gap.debt_requirement_pp == pytest.approx(100 * 0.05 / sum((1.034 / 1.05) ** (19 - np.arange(1, 20))), rel=1e-12)
    assert S.simulate(-0.05, p, dA, 0.034, 0.05, gap.value_pp / 100)[-1] == pytest.approx(-0.10, abs=1e-13)


def test_s2_by_hand_with_constant_primary_balance():
    """S2 = k d0 - p + k sum beta^t dA_t + beta^T dA_T, k = (r-g)/(1+g), beta = (1+g)/(1+r)."""
    r, g = 0.04, 0.03
    k, beta = (r - g) / (1 + g), (1 + g) / (1 + r)
    dA = [0.01, 0.02]
    hand = k * 0.3 + 0.02 + k * (beta * 0.01 + beta ** 2 * 0.02) + beta ** 2 * 0.02
    gap = S.s2(0.3, -0.02, dA, r - g, g, 0.005)
    assert gap.value_pp == pytest.approx(100 * hand, rel=1e-12)
    assert gap.initial_position_pp == pytest.approx(100 * (k * 0.3 + 0.02), rel=1e-12)


def test_s2_keeps_net_debt_stable_after_the_last_year():
    dA, p = np.linspace(0.0, 0.02, 40), np.linspace(-0.02, 0.01, 30)
    gap = S.s2(0.2, p, dA, 0.01, 0.03, 0.005)
    d = S.simulate(0.2, p, np.concatenate([dA, np.full(300, dA[-1])]), 0.04, 0.03, gap.value_pp / 100)
    assert d[100] == pytest.approx(d[39], abs=1e-12) and d[-1] == pytest.approx(d[39], abs=1e-10)


def test_s2_floors_r_minus_g_and_says_so():
    gap = S.s2(0.1, 0.0, [0.01], -0.016, 0.05, 0.005)
    assert "below the floor" in gap.note
    assert gap.value_pp == pytest.approx(S.s2(0.1, 0.0, [0.01], 0.005, 0.05, 0.005).value_pp, rel=1e-15)
