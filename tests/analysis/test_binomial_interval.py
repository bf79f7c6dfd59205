"""The Clopper-Pearson interval: scipy's exact binomial interval, by hand where it has a closed form, and the stored
table of it (`clopper_pearson_95.csv`) equal to scipy's figures to the last bit."""

import csv

import pytest

from finmodel.analysis import binomial_interval
from finmodel.analysis.binomial_interval import TABLE, TABLE_MAX_N, clopper_pearson


def test_the_stored_table_is_scipys_figures_bit_for_bit():
    """Every row of the shipped table, n = 1..TABLE_MAX_N and k = 0..n, is what `exact` (scipy.special) gives now;
    if scipy's figures or TABLE_MAX_N change, rewrite it: python -m finmodel.analysis.binomial_interval."""
    with TABLE.open(newline="", encoding="utf-8") as fh:
        stored = [(int(r["n"]), int(r["k"]), float(r["low"]), float(r["high"])) for r in csv.DictReader(fh)]
    assert stored == binomial_interval.table_rows()
    assert len(stored) == sum(n + 1 for n in range(1, TABLE_MAX_N + 1))


@pytest.mark.parametrize("n", [1, 4, 10, 14, 37, TABLE_MAX_N, TABLE_MAX_N + 1, 57])
@pytest.mark.parametrize("confidence", [0.95, 0.9])
def test_the_interval_is_scipy_stats_exact_binomial_interval(n, confidence):
    """From the table (95%, n <= TABLE_MAX_N) or computed, the interval scipy.stats.binomtest gives (to 1e-12)."""
    from scipy.stats import binomtest

    for k in range(n + 1):
        ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
        low, high = clopper_pearson(k, n, confidence)
        assert low == pytest.approx(ci.low, abs=1e-12) and high == pytest.approx(ci.high, abs=1e-12), (k, n)


@pytest.mark.parametrize("n", [1, 2, 5, 14, 40, 60])
def test_no_success_and_all_successes_have_closed_forms(n):
    """k = 0: (0, 1 - (alpha/2)^(1/n)); k = n: ((alpha/2)^(1/n), 1): the binomial tail of one term set to alpha/2."""
    a = 0.025
    assert clopper_pearson(0, n) == (0.0, pytest.approx(1 - a ** (1 / n), rel=1e-12))
    assert clopper_pearson(n, n) == (pytest.approx(a ** (1 / n), rel=1e-12), 1.0)


@pytest.mark.parametrize("k, n", [(-1, 5), (6, 5), (0, 0)])
def test_an_impossible_count_is_refused(k, n):
    with pytest.raises(ValueError, match="0 <= k <= n"):
        clopper_pearson(k, n)
