"""Stochastic projections: draw joint shocks from the shock model, run every path through the engine.

Shocks are deviations from the baseline with mean zero (or factors with mean one), so the mean
of every shocked driver is the baseline's (`shock_paths`; the US$ rate's mean is the centre of
its band). The macro deviations d_t (percent) follow the shock model:

    ec (default): d_t = D d_{t-1} + e_t, D = diag(rho) (AR(1) per variable), e_1 ~ N(0, Sigma),
                  e_t ~ N(0, Sigma - D Sigma D) after it, so Var(d_t) = Sigma in every year
    var:          d_t = A_1 d_{t-1} + ... + A_p d_{t-p} + e_t, d before year 1 = 0, e_t ~ N(0, Sigma)
    bootstrap:    d_t = u_s, s from blocks of BOOTSTRAP_BLOCK consecutive historical years (all
                  four variables of a year together), the blocks drawn uniformly, wrapping round

and, with `parameter_uncertainty`, each block of paths first draws its own Sigma from the
inverse-Wishart sampling distribution of the estimate (ec and var), then its rho (ec). The
macro deviations enter the engine (decimals) as

    growth_pp      = d_real_growth + d_deflator     (nominal growth; the cross term is ignored)
    inflation_add  = d_deflator                     (retail coupons; recurrent spending by its elasticity)
    land_factor    = exp(d_land_share / m - c_t)    (proportional; m = the sample's mean land share of
                                                     GDP, c_t = log E exp(d_land_share / m): mean 1)
    yield_add      = d_short_rate + spread_t        (every new issue; spread_t ~ N(0, s_spread), each year)

and, independent of them,

    revenue_factor = 1 + r_t / 100, r_t ~ N(0, s_rev)         (the Budget's revenue forecast errors)
    fx RMB, EUR    = exp(x_t - t s^2 / 2), x_t = x_{t-1} + N(0, s)   (random walks in logs, mean 1)
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
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from finmodel.analysis import quantiles
from finmodel.analysis.shock_paths import (METHODS, draw_bartlett, draw_independent, draw_innovations, draw_persistence,
                                           draw_sigma, draw_unit_independent, draw_unit_innovations, independent_from,
                                           innovations_from, land_share_mean, propagate, revenue_error_sd, sigma_from,
                                           to_shocks)
from finmodel.model import guarantees, verdicts
from finmodel.model.engine import project

BLOCK_PATHS = 2_000
PILOT_PATHS = 10_000      # the first paths, kept whole: they place the grids the others are tallied on
CHUNK_PATHS = 16_000      # paths tallied at once
ENGINE_BLOCKS = 3         # blocks projected in one engine run: its per-call costs spread over 6,000 paths
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
FAN_VARIABLES = ("debt_to_gdp_pct", "debt_hkd_bn", "fiscal_reserves_hkd_bn", "headroom_hkd_bn", "interest_to_revenue_pct")
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
    se[event], se_cumulative[event]: the Monte Carlo standard error of each probability (`standard_error`).
    same_event[event]: the event it is identical to on every path and year (by count, `same_events`), or absent.
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
    revenue_error_sd_net_pct: float = 0.0      # the revenue error's sd as drawn [%] (`shock_paths.revenue_error_sd`)
    covariance_scale: float = 1.0              # the shock model's scale (`shock_model.scaled`; 1: as estimated)
    se: dict = None
    se_cumulative: dict = None
    same_event: dict = None
    financing_rule: str = ""

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


def block_generator(seed: int, block: int, stream: int = 0) -> np.random.Generator:
    """The generator of one block of paths: independent of every other block, fixed by (seed, block); stream 1
    (guarantee calls, a run past the MRF) is another independent generator, so the other draws stay as they were."""
    key = (int(block),) if stream == 0 else (int(block), int(stream))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=key)))


def _draw_block(a, model, seed: int, method: str, block: int, block_paths: int, parameter_uncertainty: bool):
    """One block's macro deviations (paths, horizon, k) and independent draws, from its own generator.

    With parameter uncertainty the block first draws its covariance (ec, var), then its AR(1)
    coefficients (ec), from their sampling distributions.
    """
    return shape_block(a, model, method, draw_block(model, seed, method, block, block_paths, a.n_years - 1,
                                                   parameter_uncertainty))


@dataclass(frozen=True)
class BlockDraws:
    """Everything one block draws from its generator, in order, before the shock model's scale shapes it: the
    Bartlett factor of its covariance and its AR(1) coefficients (parameter uncertainty), the unit innovations,
    the unit independent draws (`shock_paths.draw_unit_*`). The same draws give every scale's shocks (`shape_block`)."""

    bartlett: np.ndarray | None
    persistence: np.ndarray | None
    innovations: np.ndarray
    independent: dict


def draw_block(model, seed: int, method: str, block: int, block_paths: int, horizon: int,
               parameter_uncertainty: bool) -> BlockDraws:
    """The draws of one block (`BlockDraws`) from PCG64(SeedSequence(seed, spawn_key=(block,))), in a fixed order."""
    rng = block_generator(seed, block)
    bartlett = draw_bartlett(model, rng) if parameter_uncertainty and method in ("ec", "var") else None
    rho = draw_persistence(model, rng) if parameter_uncertainty and method == "ec" and model.persistence is not None else None
    innovations = draw_unit_innovations(model, rng, block_paths, horizon, method)
    return BlockDraws(bartlett, rho, innovations, draw_unit_independent(rng, block_paths, horizon))


def shape_block(a, model, method: str, d: BlockDraws, fixed: dict | None = None):
    """(macro deviations, independent draws) of one block under `model` (its scale included) from its draws `d`;
    `fixed`: the independent draws that no scale changes (FX, spread), from an earlier call on the same draws."""
    sigma = sigma_from(model, d.bartlett) if d.bartlett is not None else None
    innovations = innovations_from(model, d.innovations, method, sigma, d.persistence)
    extra = independent_from(a, model, d.independent, method, sigma, d.persistence, fixed)
    return propagate(model, innovations, d.persistence, method), extra


def run_block(a, model, seed: int, method: str, block: int, block_paths: int = BLOCK_PATHS,
              parameter_uncertainty: bool = False, lean: bool = False):
    """Engine outputs (paths, years) for one whole block of paths (with `lean`, only the engine's RISK_OUTPUTS)."""
    return run_blocks(a, model, seed, method, [block], block_paths, parameter_uncertainty, lean)


def run_blocks(a, model, seed: int, method: str, blocks, block_paths: int = BLOCK_PATHS,
               parameter_uncertainty: bool = False, lean: bool = False, store=None):
    """Engine outputs for whole blocks, one after the other on the path axis, in one engine run.

    Each block draws from its own generator; a path's outputs do not depend on the paths run
    beside it, so this is the blocks' `run_block` outputs stacked, bit for bit. `store` (a `SharedShocks`) hands
    the same blocks' shocks to a second run on other rules instead of drawing them again.
    """
    draw = partial(block_shocks, a, model, seed, method, blocks, block_paths, parameter_uncertainty)
    return project(a, draw() if store is None else store.shocks(tuple(blocks), draw), lean=lean)


class SharedShocks:
    """The shocks of one run's blocks, kept for a second run on the same paths under other rules (the borrow rule beside
    the inputs' own): each batch is drawn by the first run and taken by the second, so it is drawn once.

    The shocks depend on the seed, the shock model and the blocks only (not on the financing rule), so the second run's
    outputs are bit for bit those of drawing again. Kept only up to `limit_path_years` paths x years (memory: about
    70 bytes each); beyond, both runs draw."""

    def __init__(self, n_paths: int, n_years: int, limit_path_years: int):
        self.enabled = n_paths * n_years <= limit_path_years
        self._kept = {}

    def __len__(self) -> int:
        """How many batches are kept (waiting for the second run)."""
        return len(self._kept)

    def shocks(self, key, draw):
        """The batch's shocks: taken if kept (and no longer kept), else drawn (and kept for the second run)."""
        if not self.enabled:
            return draw()
        if key in self._kept:
            return self._kept.pop(key)
        shocks = self._kept[key] = draw()
        return shocks


def block_shocks(a, model, seed: int, method: str, blocks, block_paths: int = BLOCK_PATHS,
                 parameter_uncertainty: bool = False):
    """The engine's shocks for whole blocks of paths, one after the other on the path axis (no engine run)."""
    draws = [_draw_block(a, model, seed, method, b, block_paths, parameter_uncertainty) for b in blocks]
    dev = draws[0][0] if len(draws) == 1 else np.concatenate([d for d, _ in draws])
    extra = draws[0][1] if len(draws) == 1 else {k: np.concatenate([e[k] for _, e in draws]) for k in draws[0][1]}
    shocks = to_shocks(dev, model.names, land_share_mean(model), extra)
    if a.long_run is None:
        return shocks
    calls = [guarantees.drawn_calls(a, block_generator(seed, b, stream=1), block_paths) for b in blocks]   # the long run
    return replace(shocks, guarantee_calls_hkd_bn=np.concatenate(calls))


def standard_error(p, count_sq, count_n, n_sq, n_blocks: int, n_paths: int, clustered: bool):
    """The Monte Carlo standard error of a share p of n paths.

    Independent paths: sqrt(p (1 - p) / n). With parameter uncertainty the paths of a block share
    their parameters, so the blocks (counts c_b of n_b paths, B blocks) are the independent units:
        se = sqrt(B / (B - 1) * sum_b (c_b - p n_b)^2) / n
    from the running sums count_sq = sum c_b^2, count_n = sum n_b c_b, n_sq = sum n_b^2.
    """
    if not clustered or n_blocks < 2:
        return np.sqrt(p * (1.0 - p) / n_paths)
    ss = np.maximum(count_sq - 2.0 * p * count_n + p * p * n_sq, 0.0)
    return np.sqrt(ss * n_blocks / max(n_blocks - 1, 1)) / n_paths


def same_events(count: dict, count_cum: dict) -> dict:
    """Events that are one event on these paths: {event: the event it equals}.

    The squeeze is `ceiling_binds & reserves_below_floor`, so either of those is the squeeze itself
    exactly when their counts are equal in every year (in the year, and by it). Under the risk rule
    reserves fall below their floor only when the ceiling caps the top-up, so that is one event.
    """
    out = {}
    for e in ("reserves_below_floor", "ceiling_binds"):
        if np.array_equal(count[e], count["squeeze"]) and np.array_equal(count_cum[e], count_cum["squeeze"]):
            out["squeeze"] = out.get("squeeze", e)
            if e != out["squeeze"]:
                out[e] = out["squeeze"]
    return out


def shown_events(sim) -> list:
    """EVENTS less those that are one event with another on these paths (`Simulation.same_event`): each shown once."""
    return [e for e in EVENTS if e not in (sim.same_event or {})]


def same_event_words(sim) -> str:
    """A sentence naming the events that are one event on these paths, and why; "" when none are."""
    same = sim.same_event or {}
    if not same:
        return ""
    pairs = "; ".join(f"'{EVENT_WORDS[e]}' is '{EVENT_WORDS[o]}'" for e, o in same.items())
    return (f"One event, shown once: {pairs} on every path and year of this run ({sim.financing_rule} rule: reserves "
            "fell below their floor only where the ceiling capped the issuance that would have restored them).")


def events(o, a, m: int) -> dict:
    """Per path and year, whether each of EVENTS happens (first m paths)."""
    binds = o.ceiling_binds[:m] > 0
    below = o.reserves_below_floor[:m] > 0
    return {"ceiling_binds": binds, "above_band": verdicts.band_breached(a, o.debt_to_gdp_pct[:m]),
            "reserves_below_floor": below, "squeeze": binds & below}


class _Part:
    """What one process found on its blocks: event counts, and the fan variables' values.

    Without grids the values are kept whole (the pilot); with them each variable's values are
    tallied on its grid (`quantiles.Tally`), CHUNK_PATHS paths at a time.
    """

    def __init__(self, n_years: int, grids: dict | None):
        self.count = {e: np.zeros(n_years) for e in EVENTS}
        self.count_cum = {e: np.zeros(n_years) for e in EVENTS}
        self.sums = {(e, k): np.zeros(n_years) for e in EVENTS for k in ("sq", "n", "cum_sq", "cum_n")}   # per-block sums
        self.n_sq = 0.0
        self.rising = 0
        self.values = {v: [] for v in FAN_VARIABLES}
        self.tallies = None if grids is None else {v: quantiles.Tally(grids[v]) for v in FAN_VARIABLES}
        self._buffer, self._buffered = [], 0

    def add(self, o, a, sizes):
        """Count the events of the first sum(sizes) paths of the blocks' outputs (block by block) and queue their fan variables."""
        m = sum(sizes)
        edges = np.cumsum([0, *sizes])
        self.n_sq += float(sum(n * n for n in sizes))
        for name, happens in events(o, a, m).items():
            by_year = np.ascontiguousarray(happens.T)                  # (years, paths): long inner loops
            self._tally(name, "", by_year, edges, sizes)
            np.logical_or.accumulate(by_year, axis=0, out=by_year)
            self._tally(name, "cum_", by_year, edges, sizes)
        if a.n_years > 1:
            ratio = o.debt_to_gdp_pct[:m]
            self.rising += int(np.count_nonzero(ratio[:, -1] > ratio[:, -2]))
        self._buffer.append({v: x[:m] for v, x in o.select(FAN_VARIABLES).items()})
        self._buffered += m
        if self._buffered >= CHUNK_PATHS:
            self.flush()

    def _tally(self, name, kind, by_year, edges, sizes):
        """Add one event's counts, in total and per block (for the standard error)."""
        for lo, hi, n in zip(edges[:-1], edges[1:], sizes):
            c = np.count_nonzero(by_year[:, lo:hi], axis=1).astype(float)
            (self.count_cum if kind else self.count)[name] += c
            self.sums[name, kind + "sq"] += c * c
            self.sums[name, kind + "n"] += n * c

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
                parameter_uncertainty=False, store=None) -> _Part:
    """Event counts and fan values (kept, or tallied on `grids`) for the given blocks of paths."""
    part = _Part(a.n_years, grids)
    for i in range(0, len(blocks), ENGINE_BLOCKS):
        batch = blocks[i:i + ENGINE_BLOCKS]
        o = run_blocks(a, model, seed, method, batch, block_paths, parameter_uncertainty, lean=True, store=store)
        part.add(o, a, [min(block_paths, n_paths - b * block_paths) for b in batch])   # a short block is the last one
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
             on_block=None, parallel: bool = False, parameter_uncertainty: bool = False, executor=None,
             store: SharedShocks | None = None) -> Simulation:
    """Simulate `n_paths` paths through the engine and summarise them; `on_block(i)` after each block.

    The first blocks (PILOT_PATHS paths) run first and are kept whole; they place the grids on
    which the other blocks' values are tallied (`quantiles`), so memory grows with the share of
    values near a percentile, not with every value. With `executor` (an `analysis.parallel.pool`),
    half of the other blocks run there; `parallel` without one makes a pool for this call. The
    blocks are seeded independently and the percentiles are exact, so the result is the same,
    byte for byte, as a serial run. `store`: shocks shared with another run on the same paths (`SharedShocks`; not
    used with an executor, whose blocks run in another process).
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
                  parameter_uncertainty=parameter_uncertainty, store=store if executor is None else None)

    pilot = run(blocks[:n_pilot], on_block=on_block)
    # With parameter uncertainty the paths of a block share one covariance: the pilot is worth its blocks.
    fan, parts = _fans(pilot, run, blocks[n_pilot:], n_paths, executor, on_block, n_pilot if parameter_uncertainty else None)
    parts = [pilot] + parts
    base = project(a)
    count = {e: sum(p.count[e] for p in parts) for e in EVENTS}
    count_cum = {e: sum(p.count_cum[e] for p in parts) for e in EVENTS}
    sums = {k: sum(p.sums[k] for p in parts) for k in parts[0].sums}
    n_sq = sum(p.n_sq for p in parts)
    prob = {e: count[e] / n_paths for e in EVENTS}
    p_cum = {e: count_cum[e] / n_paths for e in EVENTS}
    return Simulation(
        years=np.asarray(a.years), fan=fan,
        baseline={v: x[0] for v, x in base.select(FAN_VARIABLES + ("reserves_floor_hkd_bn",)).items()},
        p=prob, p_cumulative=p_cum,
        p_not_stabilising=sum(p.rising for p in parts) / n_paths, n_paths=n_paths, seed=int(seed), method=method,
        block_paths=block_paths, band_high_pct=float(a.band_high_pct), parameter_uncertainty=parameter_uncertainty,
        revenue_error_sd_net_pct=revenue_error_sd(a, model), covariance_scale=float(model.covariance_scale),
        se={e: standard_error(prob[e], sums[e, "sq"], sums[e, "n"], n_sq, n_blocks, n_paths, parameter_uncertainty) for e in EVENTS},
        se_cumulative={e: standard_error(p_cum[e], sums[e, "cum_sq"], sums[e, "cum_n"], n_sq, n_blocks, n_paths,
                                                 parameter_uncertainty)
                       for e in EVENTS},
        same_event=same_events(count, count_cum), financing_rule=a.financing_rule)
