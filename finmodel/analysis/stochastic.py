"""Stochastic projections: draw joint shocks from the shock model, run every path through the engine.

Shocks are deviations from the baseline, centred on zero, so the median path tracks the
deterministic baseline. The macro deviations d_t (percent) follow the shock model:

    ec (default): d_t = e_t, e_t = R z_t, z_t ~ N(0, I), R R' = Sigma (the historical covariance)
    var:          d_t = A_1 d_{t-1} + ... + A_p d_{t-p} + e_t, d before year 1 = 0, e_t as above
    bootstrap:    d_t = u_s, s from blocks of BOOTSTRAP_BLOCK consecutive historical years (all
                  four variables of a year together), the blocks drawn uniformly, wrapping round

and, with `parameter_uncertainty`, each block of paths first draws its own Sigma from the
inverse-Wishart sampling distribution of the estimate (ec and var). The macro deviations enter
the engine (decimals) as

    growth_pp      = d_real_growth + d_deflator     (nominal growth; the cross term is ignored)
    inflation_add  = d_deflator                     (retail coupons; recurrent spending by its elasticity)
    land_factor    = exp(d_land_share / m)          (proportional; m = the sample's mean land share of GDP)
    yield_add      = d_short_rate + spread_t        (every new issue; spread_t ~ N(0, s_spread), each year)

and, independent of them,

    revenue_factor = 1 + r_t / 100, r_t ~ N(0, s_rev)         (the Budget's revenue forecast errors)
    fx RMB, EUR    = exp(cumulative sum of N(0, s_fx) / 100)   (random walks: a shock persists)
    fx USD         = 1 - U(0, band) / 100                      (within the Linked Exchange Rate band)

Paths are simulated in blocks of `block_paths` (2,000 by default). Block b draws from its own
generator, PCG64(SeedSequence(seed, spawn_key=(b,))), in a fixed order, and always simulates
the whole block, so the first n paths are the same whatever the number of paths asked for or of
processes used. Percentiles are exact without holding every path: the first PILOT_PATHS paths
place a grid per variable and year, the others are counted on it and kept only near a needed
order statistic (`quantiles`). Probabilities are counts accumulated block by block. The engine
is asked only for what is summarised (`project(lean=True)`, the same bits as the full run).
"""

import concurrent.futures
from dataclasses import dataclass
from functools import partial

import numpy as np

from finmodel.analysis import quantiles
from finmodel.model.engine import Shocks, project

BLOCK_PATHS = 2_000
PILOT_PATHS = 10_000      # the first paths, kept whole: they place the grids the others are tallied on
CHUNK_PATHS = 16_000      # paths tallied at once
ENGINE_BLOCKS = 3         # blocks projected in one engine run: its per-call costs spread over 6,000 paths
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
FAN_VARIABLES = ("debt_to_gdp_pct", "debt_hkd_bn", "fiscal_reserves_hkd_bn", "headroom_hkd_bn", "interest_to_revenue_pct")
METHODS = ("ec", "var", "bootstrap")
BOOTSTRAP_BLOCK = 3
EVENTS = ("ceiling_binds", "above_band", "reserves_below_floor", "squeeze")
EVENT_WORDS = {"ceiling_binds": "the ceiling binds", "above_band": "debt-to-GDP above the band's top",
               "reserves_below_floor": "reserves below their floor", "squeeze": "the ceiling binds and reserves are below their floor"}


@dataclass(frozen=True)
class Simulation:
    """What a stochastic run found, per fiscal year (the `years` axis).

    fan[var]: (len(PERCENTILES), years) percentiles; baseline[var]: (years,) deterministic path;
    p[event]: share of paths where the event happens in that year; p_cumulative[event]: in that
    year or any earlier one (EVENTS: the ceiling binds, debt-to-GDP above the band's top,
    reserves below their floor, and both of the first and third: the squeeze);
    p_not_stabilising: share of paths whose debt-to-GDP still rises in the last year.
    """

    years: np.ndarray
    fan: dict
    baseline: dict
    p: dict
    p_cumulative: dict
    p_not_stabilising: float
    n_paths: int
    seed: int
    method: str
    block_paths: int
    band_high_pct: float
    parameter_uncertainty: bool = False

    @property
    def p_above_band(self):
        return self.p["above_band"]

    @property
    def p_above_band_cumulative(self):
        return self.p_cumulative["above_band"]

    @property
    def p_ceiling_binds(self):
        return self.p["ceiling_binds"]

    @property
    def p_ceiling_binds_cumulative(self):
        return self.p_cumulative["ceiling_binds"]


def block_generator(seed: int, block: int) -> np.random.Generator:
    """The generator of one block of paths: independent of every other block, fixed by (seed, block)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=(int(block),))))


def _cov_root(sigma):
    """R with R R' = sigma for a symmetric positive semi-definite sigma (zero where sigma is zero)."""
    w, v = np.linalg.eigh(np.asarray(sigma, dtype=float))
    return v * np.sqrt(np.clip(w, 0.0, None))[None, :]


def draw_innovations(model, rng: np.random.Generator, n_paths: int, horizon: int, method: str, sigma=None) -> np.ndarray:
    """Innovations e_t, shape (paths, horizon, k), in the model's units (percent)."""
    k = model.k
    if method in ("ec", "var"):
        z = rng.standard_normal((n_paths, horizon, k))
        return _combine(z, _cov_root(model.sigma_u if sigma is None else sigma))
    if method == "bootstrap":
        resid = model.resid - model.resid.mean(axis=0)
        n = len(resid)
        n_blocks = -(-horizon // BOOTSTRAP_BLOCK)
        starts = rng.integers(0, n, size=(n_paths, n_blocks))
        rows = (starts[:, :, None] + np.arange(BOOTSTRAP_BLOCK)[None, None, :]).reshape(n_paths, -1)[:, :horizon] % n
        return resid[rows]
    raise ValueError(f"method must be one of {METHODS}, not {method!r}")


def draw_sigma(model, rng: np.random.Generator) -> np.ndarray:
    """A covariance from the estimate's sampling distribution: Sigma ~ inverse-Wishart(n - 1, (n - 1) S).

    Bartlett: W = L A A' L' ~ Wishart(df, inv(scale)) with L = chol(inv(scale)); Sigma = inv(W).
    """
    k = model.k
    df = max(len(model.resid) - 1, k + 1)
    scale = df * model.sigma_u + 1e-12 * np.eye(k)
    chol = np.linalg.cholesky(np.linalg.inv(scale))
    a = np.tril(rng.standard_normal((k, k)), -1)
    a[np.diag_indices(k)] = np.sqrt(rng.chisquare(df - np.arange(k)))
    la = chol @ a
    return np.linalg.inv(la @ la.T)


def _combine(x, m):
    """y[..., i] = sum_l m[i, l] x[..., l], summed term by term (the same bits for every path).

    Worked variable by variable on contiguous copies; the result is a (paths, ..., k) view of them.
    """
    columns = np.moveaxis(x, -1, 0).copy()
    out = np.zeros((m.shape[0],) + x.shape[:-1])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] != 0.0:
                out[i] += m[i, j] * columns[j]
    return np.moveaxis(out, 0, -1)


def propagate(model, innovations: np.ndarray) -> np.ndarray:
    """Deviations d_t = sum_j A_j d_{t-j} + e_t from d = 0 before year 1; shape as `innovations`."""
    dev = innovations.copy()
    for t in range(1, innovations.shape[1]):
        for j in range(min(model.lag_order, t)):
            dev[:, t, :] += _combine(dev[:, t - 1 - j, :], model.coefs[j])
    return dev


def to_shocks(dev: np.ndarray, names, land_share_mean_pct: float, extra: dict | None = None) -> Shocks:
    """Engine shocks from macro deviations (paths, horizon, k) in percent and the independent draws; year 0 is never shocked.

    The land deviation was estimated in percentage points of GDP when land premium averaged
    `land_share_mean_pct`; it is applied as a proportional change, exp(d / mean), so a shock
    means the same relative swing whatever the baseline level, land premium stays positive and
    its median path is the baseline's. `extra` holds the independent draws (percent):
    revenue_error, fx (paths, horizon, 3: RMB, USD, EUR log changes and band draws) and spread.
    """
    P, H, _ = dev.shape
    col = {n: i for i, n in enumerate(names)}
    extra = extra or {}

    def years(x, neutral=0.0):
        out = np.full((P, H + 1), neutral)
        out[:, 1:] = x
        return out

    real, defl = dev[:, :, col["real_growth_pct"]], dev[:, :, col["deflator_pct"]]
    land = np.exp(dev[:, :, col["land_share_gdp_pct"]] / land_share_mean_pct)
    rate = dev[:, :, col["short_rate_pct"]] + extra.get("spread", 0.0)
    fx = np.ones((P, H + 1, 3))
    if "fx" in extra:
        fx[:, 1:, :] = extra["fx"]
    return Shocks(growth_pp=years((real + defl) / 100.0), inflation_add=years(defl / 100.0),
                  land_factor=years(land, 1.0), yield_add=years(rate / 100.0),
                  revenue_factor=years(1.0 + extra.get("revenue_error", 0.0) / 100.0, 1.0), fx_factor=fx, n_paths=P)


def draw_independent(a, model, rng: np.random.Generator, n_paths: int, horizon: int) -> dict:
    """The shocks outside the macro model, in a fixed order: revenue errors, RMB, EUR, USD, the new-issue spread."""
    vol = a.fx_volatility_pct or {}
    revenue = rng.standard_normal((n_paths, horizon)) * model.revenue_error_sd_pct
    rmb = np.exp(np.cumsum(rng.standard_normal((n_paths, horizon)) * vol.get("RMB", 0.0), axis=1) / 100.0)
    eur = np.exp(np.cumsum(rng.standard_normal((n_paths, horizon)) * vol.get("EUR", 0.0), axis=1) / 100.0)
    usd = 1.0 - rng.random((n_paths, horizon)) * vol.get("USD", 0.0) / 100.0
    spread = rng.standard_normal((n_paths, horizon)) * a.new_issue_spread_sd_pp
    return {"revenue_error": revenue, "fx": np.stack([rmb, usd, eur], axis=-1), "spread": spread}


def land_share_mean(model) -> float:
    """Mean land premium share of GDP [%] over the shock model's sample."""
    return float(np.mean(model.data[:, list(model.names).index("land_share_gdp_pct")]))


def _draw_block(a, model, seed: int, method: str, block: int, block_paths: int, parameter_uncertainty: bool):
    """One block's macro deviations (paths, horizon, k) and independent draws, from its own generator."""
    rng = block_generator(seed, block)
    sigma = draw_sigma(model, rng) if parameter_uncertainty and method in ("ec", "var") else None
    innovations = draw_innovations(model, rng, block_paths, a.n_years - 1, method, sigma)
    extra = draw_independent(a, model, rng, block_paths, a.n_years - 1)
    return propagate(model, innovations), extra


def run_block(a, model, seed: int, method: str, block: int, block_paths: int = BLOCK_PATHS,
              parameter_uncertainty: bool = False, lean: bool = False) -> dict:
    """Engine outputs (paths, years) for one whole block of paths (with `lean`, only the engine's RISK_OUTPUTS)."""
    return run_blocks(a, model, seed, method, [block], block_paths, parameter_uncertainty, lean)


def run_blocks(a, model, seed: int, method: str, blocks, block_paths: int = BLOCK_PATHS,
               parameter_uncertainty: bool = False, lean: bool = False) -> dict:
    """Engine outputs for whole blocks, one after the other on the path axis, in one engine run.

    Each block draws from its own generator; a path's outputs do not depend on the paths run
    beside it, so this is the blocks' `run_block` outputs stacked, bit for bit.
    """
    draws = [_draw_block(a, model, seed, method, b, block_paths, parameter_uncertainty) for b in blocks]
    dev = draws[0][0] if len(draws) == 1 else np.concatenate([d for d, _ in draws])
    extra = draws[0][1] if len(draws) == 1 else {k: np.concatenate([e[k] for _, e in draws]) for k in draws[0][1]}
    return project(a, to_shocks(dev, model.names, land_share_mean(model), extra), lean=lean)


def events(o: dict, a, m: int) -> dict:
    """Per path and year, whether each of EVENTS happens (first m paths)."""
    binds = o["ceiling_binds"][:m] > 0
    below = o["reserves_below_floor"][:m] > 0
    return {"ceiling_binds": binds, "above_band": o["debt_to_gdp_pct"][:m] > a.band_high_pct,
            "reserves_below_floor": below, "squeeze": binds & below}


class _Part:
    """What one process found on its blocks: event counts, and the fan variables' values.

    Without grids the values are kept whole (the pilot); with them each variable's values are
    tallied on its grid (`quantiles.Tally`), CHUNK_PATHS paths at a time.
    """

    def __init__(self, n_years: int, grids: dict | None):
        self.count = {e: np.zeros(n_years) for e in EVENTS}
        self.count_cum = {e: np.zeros(n_years) for e in EVENTS}
        self.rising = 0
        self.values = {v: [] for v in FAN_VARIABLES}
        self.tallies = None if grids is None else {v: quantiles.Tally(grids[v]) for v in FAN_VARIABLES}
        self._buffer, self._buffered = [], 0

    def add(self, o: dict, a, m: int):
        """Count the events of the first m paths of a block's outputs and queue their fan variables."""
        for name, happens in events(o, a, m).items():
            by_year = np.ascontiguousarray(happens.T)                  # (years, paths): long inner loops
            self.count[name] += np.count_nonzero(by_year, axis=1)
            np.logical_or.accumulate(by_year, axis=0, out=by_year)
            self.count_cum[name] += np.count_nonzero(by_year, axis=1)
        if a.n_years > 1:
            ratio = o["debt_to_gdp_pct"][:m]
            self.rising += int(np.count_nonzero(ratio[:, -1] > ratio[:, -2]))
        self._buffer.append({v: o[v][:m] for v in FAN_VARIABLES})
        self._buffered += m
        if self._buffered >= CHUNK_PATHS:
            self.flush()

    def flush(self):
        """Tally (or keep) the queued paths."""
        if not self._buffer:
            return
        for v in FAN_VARIABLES:
            x = np.concatenate([b[v] for b in self._buffer])
            if self.tallies is None:
                self.values[v].append(x)
            else:
                self.tallies[v].add(x)
        self._buffer, self._buffered = [], 0


def _run_blocks(a, model, seed, method, blocks, n_paths, block_paths, grids=None, on_block=None,
                parameter_uncertainty=False) -> _Part:
    """Event counts and fan values (kept, or tallied on `grids`) for the given blocks of paths."""
    part = _Part(a.n_years, grids)
    for i in range(0, len(blocks), ENGINE_BLOCKS):
        batch = blocks[i:i + ENGINE_BLOCKS]
        o = run_blocks(a, model, seed, method, batch, block_paths, parameter_uncertainty, lean=True)
        part.add(o, a, sum(min(block_paths, n_paths - b * block_paths) for b in batch))   # a short block is the last one
        for b in batch:
            if on_block is not None:
                on_block(b)
    part.flush()
    return part


def _run_split(run, blocks, executor=None, on_block=None, grids=None) -> list:
    """`run(blocks, grids=, on_block=)` over the blocks, the second half on `executor` (a worker process) when given.

    The worker's half is waited for even when this half fails, so no work is left running behind an error."""
    if executor is None or len(blocks) < 2:
        return [run(blocks, grids=grids, on_block=on_block)]
    half = (len(blocks) + 1) // 2
    second = executor.submit(run, blocks[half:], grids=grids)
    try:
        first = run(blocks[:half], grids=grids, on_block=on_block)
    finally:
        concurrent.futures.wait([second])
    return [first, second.result()]


def _fans(pilot: _Part, run, blocks, n_paths, executor, on_block, pilot_size) -> tuple:
    """The fan percentiles of every variable, exact, and the parts (event counts) of the blocks after the pilot.

    The pilot's values place each variable's grid; the other blocks are tallied on it; years
    whose needed ranks fell outside the kept bins are tallied again keeping all their values.
    pilot_size: the pilot's effective number of independent draws (None: its paths).
    """
    values = {v: np.concatenate(pilot.values[v]) for v in FAN_VARIABLES}
    if not blocks:
        return {v: np.percentile(values[v], PERCENTILES, axis=0) for v in FAN_VARIABLES}, []
    grids = {v: quantiles.Grid.from_pilot(values[v], n_paths, PERCENTILES, pilot_size) for v in FAN_VARIABLES}
    parts = _run_split(run, blocks, executor, on_block, grids)
    fan, failed = {}, {}
    for v in FAN_VARIABLES:
        tally = _tally(grids[v], values[v], [p.tallies[v] for p in parts])
        fan[v], failed[v] = tally.percentiles(n_paths, PERCENTILES)
    failed = {v: years for v, years in failed.items() if years}
    if failed:
        regrids = {v: quantiles.Grid.keep_all(values[v].shape[1], failed.get(v, ())) for v in FAN_VARIABLES}
        again = _run_split(run, blocks, executor, grids=regrids)
        for v, years in failed.items():
            recount, _ = _tally(regrids[v], values[v], [p.tallies[v] for p in again]).percentiles(n_paths, PERCENTILES)
            fan[v][:, years] = recount[:, years]
    return fan, parts


def _tally(grid, pilot_values, others) -> quantiles.Tally:
    """One variable's tally over the pilot's values and the other processes' tallies."""
    tally = quantiles.Tally(grid)
    tally.add(pilot_values)
    for other in others:
        tally.merge(other)
    return tally


def simulate(a, model, n_paths: int, seed: int, method: str = "ec", block_paths: int = BLOCK_PATHS,
             on_block=None, parallel: bool = False, parameter_uncertainty: bool = False, executor=None) -> Simulation:
    """Simulate `n_paths` paths through the engine and summarise them; `on_block(i)` after each block.

    The first blocks (PILOT_PATHS paths) run first and are kept whole; they place the grids on
    which the other blocks' values are tallied (`quantiles`), so memory grows with the share of
    values near a percentile, not with every value. With `executor` (an `analysis.parallel.pool`),
    half of the other blocks run there; `parallel` without one makes a pool for this call. The
    blocks are seeded independently and the percentiles are exact, so the result is the same,
    byte for byte, as a serial run.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if n_paths < 1:
        raise ValueError("n_paths must be at least 1")
    if executor is None and parallel:
        from finmodel.analysis.parallel import pool

        with pool() as executor:
            return simulate(a, model, n_paths, seed, method, block_paths, on_block, parameter_uncertainty=parameter_uncertainty,
                            executor=executor)
    n_blocks = -(-n_paths // block_paths)
    blocks = list(range(n_blocks))
    n_pilot = min(n_blocks, -(-PILOT_PATHS // block_paths))
    run = partial(_run_blocks, a, model, seed, method, n_paths=n_paths, block_paths=block_paths,
                  parameter_uncertainty=parameter_uncertainty)

    pilot = run(blocks[:n_pilot], on_block=on_block)
    # With parameter uncertainty the paths of a block share one covariance: the pilot is worth its blocks.
    fan, parts = _fans(pilot, run, blocks[n_pilot:], n_paths, executor, on_block, n_pilot if parameter_uncertainty else None)
    parts = [pilot] + parts
    base = project(a)
    return Simulation(
        years=np.asarray(a.years), fan=fan,
        baseline={v: base[v][0] for v in FAN_VARIABLES + ("reserves_floor_hkd_bn",)},
        p={e: sum(p.count[e] for p in parts) / n_paths for e in EVENTS},
        p_cumulative={e: sum(p.count_cum[e] for p in parts) / n_paths for e in EVENTS},
        p_not_stabilising=sum(p.rising for p in parts) / n_paths, n_paths=n_paths, seed=int(seed), method=method,
        block_paths=block_paths, band_high_pct=float(a.band_high_pct), parameter_uncertainty=parameter_uncertainty)
