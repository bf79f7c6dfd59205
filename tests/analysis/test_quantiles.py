"""Streamed percentiles: np.percentile's values, bit for bit, from counts and a few kept values."""

import numpy as np
import pytest

from finmodel.analysis import quantiles
from finmodel.analysis.stochastic import PERCENTILES


@pytest.mark.parametrize("n", [1, 2, 3, 7, 20, 21, 99, 1000, 1001, 4099])
def test_order_statistics_and_lerp_give_np_percentile(n):
    x = np.random.default_rng(n).standard_normal((n, 3)) * 100.0
    lower, upper, gamma = quantiles.interpolation(n, PERCENTILES)
    s = np.sort(x, axis=0)
    np.testing.assert_array_equal(quantiles.lerp(s[lower], s[upper], gamma[:, None]), np.percentile(x, PERCENTILES, axis=0))


def _awkward(n, seed):
    """Years with one value everywhere, a mass point at a cap, ties, a skewed tail and a plain normal."""
    rng = np.random.default_rng(seed)
    x = np.empty((n, 5))
    x[:, 0] = 11.95325979228487
    x[:, 1] = np.minimum(rng.normal(880.0, 30.0, n), 900.0)            # 900 on about 25% of paths
    x[:, 2] = np.round(rng.normal(0.0, 1.0, n), 2)                      # heavy ties
    x[:, 3] = -np.exp(rng.normal(5.0, 1.5, n))                          # long left tail
    x[:, 4] = rng.standard_normal(n)
    return x


def _tally(x, grid, pieces=3):
    """Tally x in pieces over two tallies merged, as two processes would."""
    parts = [quantiles.Tally(grid), quantiles.Tally(grid)]
    for i, chunk in enumerate(np.array_split(x, pieces)):
        parts[i % 2].add(chunk)
    parts[0].merge(parts[1])
    return parts[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tallied_percentiles_are_np_percentile_bit_for_bit_keeping_a_fraction(seed):
    n = 60_000
    x = _awkward(n, seed)
    grid = quantiles.Grid.from_pilot(x[:10_000], n, PERCENTILES)
    tally = _tally(x, grid)
    values, failed = tally.percentiles(n, PERCENTILES)
    assert failed == []
    np.testing.assert_array_equal(values, np.percentile(x, PERCENTILES, axis=0))
    kept = sum(v.size for v in tally.values)
    assert kept < 0.35 * x.size                                          # the unshocked year and the cap are counted


def test_a_misplaced_pilot_reports_the_years_and_keeping_them_all_recovers_them():
    n = 30_000
    x = _awkward(n, 5)
    grid = quantiles.Grid.from_pilot(x[:10_000] + np.array([0.0, 0.0, 0.0, 0.0, 3.0]), n, PERCENTILES)
    values, failed = _tally(x, grid).percentiles(n, PERCENTILES)
    assert failed == [4]
    np.testing.assert_array_equal(values[:, :4], np.percentile(x[:, :4], PERCENTILES, axis=0))
    again, failed = _tally(x, quantiles.Grid.keep_all(5, failed)).percentiles(n, PERCENTILES)
    assert failed == [0, 1, 2, 3]                                        # kept nothing this time
    np.testing.assert_array_equal(again[:, 4], np.percentile(x[:, 4], PERCENTILES))


def test_a_year_with_a_nan_gives_nan_as_np_percentile_does():
    n = 20_000
    x = _awkward(n, 7)
    x[12_345, 2] = np.nan
    grid = quantiles.Grid.from_pilot(x[:10_000], n, PERCENTILES)
    values, failed = _tally(x, grid).percentiles(n, PERCENTILES)
    assert failed == []
    np.testing.assert_array_equal(values, np.percentile(x, PERCENTILES, axis=0))
    assert np.isnan(values[:, 2]).all() and np.isfinite(values[:, [0, 1, 3, 4]]).all()
