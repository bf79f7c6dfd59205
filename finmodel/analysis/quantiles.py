"""Exact percentiles of many simulated paths, streamed block by block in little memory.

`np.percentile` (linear) of n values needs two order statistics per percentile: the values of
ranks floor((n - 1) q) and the one after. A pilot sample (the first blocks of paths) says
roughly where those lie. Every later value then only adds one to the count of its bin, on a
fine grid of each year's range, and is kept only when its bin may hold a needed order
statistic. A value repeated many times in the pilot (an atom: debt exactly at the ceiling, an
unshocked first year) is counted rather than kept. Bins are numbered by a monotone map of the
value, so the counts give every rank's bin exactly and the kept values of that bin give the
value itself: the result is np.percentile's, bit for bit, whatever the pilot. If a needed rank
falls in a bin that was not kept (the pilot misjudged), `Tally.percentiles` says which years
failed and the caller recounts them keeping everything (`Grid.keep_all`).
"""

from dataclasses import dataclass

import numpy as np

GRID_BINS = 4096          # bins between the lowest and the highest kept window of a year
PILOT_SIGMAS = 5.0        # half-width of a window: standard errors of the pilot's and the sample's quantile
_BINS = GRID_BINS + 2     # with one bin below the grid and one above


def interpolation(n: int, percentiles):
    """np.percentile's linear method on n values: (lower ranks, upper ranks, gamma), ranks 0-based."""
    q = np.true_divide(np.asarray(percentiles), 100)
    virtual = (n - 1) * q
    lower = np.floor(virtual)
    upper = lower + 1
    above = virtual >= n - 1
    lower[above] = -1
    upper[above] = -1
    lower, upper = lower.astype(np.intp), upper.astype(np.intp)
    gamma = virtual - lower
    return lower % n, upper % n, gamma


def lerp(a, b, gamma):
    """numpy's interpolation between order statistics a and b, the same operations (so the same bits)."""
    diff = b - a
    out = a + diff * gamma
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
    return out


@dataclass(frozen=True)
class Grid:
    """Where one variable's values go, per year t: bin = trunc(clip((x - origin_t) scale_t, -1, GRID_BINS)) + 1.

    keep[t, b]: keep the values of bin b (it may hold a needed order statistic);
    atom[t, b]: a value counted, not kept, in that bin (NaN: none).
    """

    origin: np.ndarray
    scale: np.ndarray
    keep: np.ndarray
    atom: np.ndarray

    @classmethod
    def keep_all(cls, n_years: int, years=None) -> "Grid":
        """Keep every value of the given years (all by default), none of the others."""
        keep = np.zeros((n_years, _BINS), dtype=bool)
        keep[slice(None) if years is None else list(years)] = True
        return cls(np.zeros(n_years), np.ones(n_years), keep, np.full((n_years, _BINS), np.nan))

    @classmethod
    def from_pilot(cls, pilot: np.ndarray, n: int, percentiles, effective_size: float | None = None) -> "Grid":
        """The grid for n values from a pilot sample (m, years) of the same distribution.

        Around each needed rank r, the window holds the pilot's values between probabilities
        p -/+ d, p = r / (n - 1), d = PILOT_SIGMAS sqrt(max(p (1 - p), 1/m) (1/m + 1/n)) + 2/m
        (m: the pilot's effective size, its number of paths unless given).
        """
        m_paths, n_years = pilot.shape
        m = float(effective_size or m_paths)
        lower, upper, _ = interpolation(n, percentiles)
        p = np.unique(np.concatenate([lower, upper])) / max(n - 1, 1)
        d = PILOT_SIGMAS * np.sqrt(np.maximum(p * (1 - p), 1 / m) * (1 / m + 1 / n)) + 2 / m
        lo_i = np.floor((p - d) * (m_paths - 1)).astype(np.intp)
        hi_i = np.ceil((p + d) * (m_paths - 1)).astype(np.intp)
        origin, scale = np.zeros(n_years), np.ones(n_years)
        keep = np.zeros((n_years, _BINS), dtype=bool)
        atom = np.full((n_years, _BINS), np.nan)
        for t in range(n_years):
            xs = np.sort(pilot[:, t])
            if np.isnan(xs[-1]):
                keep[t] = True
                continue
            first, last = xs[max(lo_i.min(), 0)], xs[min(hi_i.max(), m_paths - 1)]
            if not (np.isfinite(first) and np.isfinite(last)):
                keep[t] = True
                continue
            width = last - first
            s = GRID_BINS / width if width > 0 else 1.0
            origin[t], scale[t] = first, (s if np.isfinite(s) and s > 0 else 1.0)
            for a, b in zip(lo_i, hi_i):
                lo = -np.inf if a < 0 else xs[a]
                hi = np.inf if b > m_paths - 1 else xs[b]
                bins = _bins(np.array([lo, hi]), origin[t], scale[t])
                keep[t, bins[0]:bins[1] + 1] = True
            values, counts = np.unique(xs, return_counts=True)
            order = np.argsort(-counts[counts > 1], kind="stable")                 # most frequent first
            repeated = values[counts > 1][order]
            bins, first = np.unique(_bins(repeated, origin[t], scale[t]), return_index=True)
            atom[t, bins] = repeated[first]                                         # the most frequent of each bin
        return cls(origin, scale, keep, atom)


def _bins(x, origin, scale):
    """Bin numbers 0 .. GRID_BINS + 1 of values x, monotone non-decreasing in x (NaN not allowed)."""
    y = (x - origin) * scale
    np.clip(y, -1.0, float(GRID_BINS), out=y)
    b = y.astype(np.int32)
    b += 1
    return b


class Tally:
    """For one variable: the exact count of values in every bin and the kept values, per year.

    A kept bin's count less its kept values is the number of times its atom occurred.
    """

    def __init__(self, grid: Grid):
        n_years = len(grid.origin)
        self.grid = grid
        self.counts = np.zeros(n_years * _BINS, dtype=np.int64)
        self.nan = np.zeros(n_years, dtype=np.int64)
        self.values, self.ids = [], []
        self._offset = (np.arange(n_years, dtype=np.int32) * _BINS)[:, None]

    def add(self, x: np.ndarray):
        """Count and keep the values x (paths, years)."""
        g = self.grid
        x = np.ascontiguousarray(x.T)                                  # year-major: long inner loops
        missing = np.isnan(x)
        if missing.any():
            self.nan += missing.sum(axis=1)
            x[missing] = 0.0
        ids = _bins(x, g.origin[:, None], g.scale[:, None])
        ids += self._offset
        ids, x = ids.ravel(), x.ravel()
        self.counts += np.bincount(ids, minlength=self.counts.size)
        kept = np.take(g.keep.ravel(), ids)
        kept &= x != np.take(g.atom.ravel(), ids)                     # atoms are counted, not kept
        self.values.append(np.compress(kept, x))
        self.ids.append(np.compress(kept, ids))

    def merge(self, other: "Tally"):
        """Add another tally of the same grid (another process's paths)."""
        self.counts += other.counts
        self.nan += other.nan
        self.values += other.values
        self.ids += other.ids

    def percentiles(self, n: int, percentiles):
        """(values (len(percentiles), years), years whose needed ranks fell in bins not kept).

        n: the number of values tallied per year. A year with a NaN gives NaN (as np.percentile).
        """
        n_years = len(self.nan)
        lower, upper, gamma = interpolation(n, percentiles)
        ranks = np.unique(np.concatenate([lower, upper]))
        counts = self.counts.reshape(n_years, _BINS)
        cum = np.cumsum(counts, axis=1)
        bins = np.stack([np.searchsorted(cum[t], ranks, side="right") for t in range(n_years)])   # (years, ranks)
        before = np.take_along_axis(cum - counts, bins, axis=1)
        kept = np.take_along_axis(self.grid.keep, bins, axis=1)
        failed = [t for t in range(n_years) if not kept[t].all() and not self.nan[t]]
        ids = (np.arange(n_years)[:, None] * _BINS + bins)
        wanted = np.zeros(n_years * _BINS, dtype=bool)
        wanted[ids[kept]] = True
        picked = [wanted[i] for i in self.ids]
        values = np.concatenate([np.zeros(0)] + [v[p] for v, p in zip(self.values, picked)])
        value_ids = np.concatenate([np.zeros(0, dtype=np.int32)] + [i[p] for i, p in zip(self.ids, picked)])
        order = np.lexsort((values, value_ids))
        values, value_ids = values[order], value_ids[order]
        atom = self.grid.atom.ravel()
        stats = np.full((n_years, len(ranks)), np.nan)
        for t in range(n_years):
            if self.nan[t] or t in failed:
                continue
            for j, (i, k) in enumerate(zip(ids[t], ranks - before[t])):
                start, stop = np.searchsorted(value_ids, [i, i + 1])
                in_bin = values[start:stop]
                n_atom = self.counts[i] - len(in_bin)                  # the rest of a kept bin is its atom
                below = np.searchsorted(in_bin, atom[i]) if n_atom else len(in_bin)
                stats[t, j] = (in_bin[k] if k < below else atom[i] if k < below + n_atom else in_bin[k - n_atom])
        position = {r: j for j, r in enumerate(ranks)}
        a = stats[:, [position[r] for r in lower]].T
        b = stats[:, [position[r] for r in upper]].T
        return lerp(a, b, gamma[:, None]), failed
