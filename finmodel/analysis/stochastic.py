"""Stochastic projections: draw joint macro shocks from the shock model, run every path through the engine.

Shocks are deviations from the baseline, propagated through the estimated VAR without its
constant, so they are centred on zero and the median path tracks the deterministic baseline:

    d_t = A_1 d_{t-1} + ... + A_p d_{t-p} + e_t,   d_0 = d_{-1} = ... = 0,   t = 1 .. horizon

    var:       e_t = R z_t, z_t ~ N(0, I), R R' = Sigma_u (multivariate normal residuals)
    bootstrap: e_t = u_s, s drawn uniformly from the historical residual years (all four
               variables of one year together), residuals centred on zero

The deviations (percent) enter the engine as (decimals):

    growth_pp          = d_real_growth + d_deflator     (nominal growth; the cross term is ignored)
    inflation_add      = d_deflator                     (inflation-linked retail coupons)
    land_factor        = exp(d_land_share / m)          (land premium, proportionally; m = the sample's
                                                          mean land premium share of GDP)
    yield_add          = d_short_rate                   (every new issue, one-for-one)

Paths are simulated in blocks of `block_paths` (2,000 by default). Block b draws from its own
generator, PCG64(SeedSequence(seed, spawn_key=(b,))), and always simulates the whole block, so
the first n paths are the same whatever the number of paths asked for: changing the number
changes only the sampling error. Percentiles are exact (the few series they need are kept for
every path); probabilities are counts accumulated block by block.
"""

from dataclasses import dataclass

import numpy as np

from finmodel.model.engine import Shocks, project

BLOCK_PATHS = 2_000
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
FAN_VARIABLES = ("debt_to_gdp_pct", "debt_hkd_bn", "fiscal_reserves_hkd_bn", "interest_to_revenue_pct")
METHODS = ("var", "bootstrap")


@dataclass(frozen=True)
class Simulation:
    """What a stochastic run found, per fiscal year (the `years` axis).

    fan[var]: (len(PERCENTILES), years) percentiles; baseline[var]: (years,) deterministic path;
    p_above_band / p_ceiling_binds: share of paths in that year; *_cumulative: share of paths
    for which it happened in that year or any earlier one; p_not_stabilising: share of paths
    whose debt-to-GDP still rises in the last year.
    """

    years: np.ndarray
    fan: dict
    baseline: dict
    p_above_band: np.ndarray
    p_above_band_cumulative: np.ndarray
    p_ceiling_binds: np.ndarray
    p_ceiling_binds_cumulative: np.ndarray
    p_not_stabilising: float
    n_paths: int
    seed: int
    method: str
    block_paths: int
    band_high_pct: float


def block_generator(seed: int, block: int) -> np.random.Generator:
    """The generator of one block of paths: independent of every other block, fixed by (seed, block)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=(int(block),))))


def _cov_root(sigma):
    """R with R R' = sigma for a symmetric positive semi-definite sigma (zero where sigma is zero)."""
    w, v = np.linalg.eigh(np.asarray(sigma, dtype=float))
    return v * np.sqrt(np.clip(w, 0.0, None))[None, :]


def draw_innovations(model, rng: np.random.Generator, n_paths: int, horizon: int, method: str) -> np.ndarray:
    """Innovations e_t, shape (paths, horizon, k), in the model's units (percent)."""
    k = model.k
    if method == "var":
        z = rng.standard_normal((n_paths, horizon, k))
        root = _cov_root(model.sigma_u)
        return _combine(z, root)
    if method == "bootstrap":
        resid = model.resid - model.resid.mean(axis=0)
        rows = rng.integers(0, len(resid), size=(n_paths, horizon))
        return resid[rows]
    raise ValueError(f"method must be one of {METHODS}, not {method!r}")


def _combine(x, m):
    """y[..., i] = sum_l m[i, l] x[..., l], summed term by term (the same bits for every path)."""
    out = np.zeros(x.shape)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] != 0.0:
                out[..., i] += m[i, j] * x[..., j]
    return out


def propagate(model, innovations: np.ndarray) -> np.ndarray:
    """Deviations d_t = sum_j A_j d_{t-j} + e_t from d = 0 before year 1; shape as `innovations`."""
    dev = np.zeros(innovations.shape)
    for t in range(innovations.shape[1]):
        d = innovations[:, t, :].copy()
        for j in range(min(model.lag_order, t)):
            d += _combine(dev[:, t - 1 - j, :], model.coefs[j])
        dev[:, t, :] = d
    return dev


def to_shocks(dev: np.ndarray, names, land_share_mean_pct: float) -> Shocks:
    """Engine shocks from deviations (paths, horizon, k) in percent; year 0 is never shocked.

    The land deviation was estimated in percentage points of GDP when land premium averaged
    `land_share_mean_pct`; it is applied as a proportional change, exp(d / mean), so a shock
    means the same relative swing whatever the baseline level, land premium stays positive and
    its median path is the baseline's (an additive shock on today's low base would hit zero on
    many paths and lift the mean).
    """
    P, H, _ = dev.shape
    col = {n: i for i, n in enumerate(names)}

    def years(x, neutral=0.0):
        out = np.full((P, H + 1), neutral)
        out[:, 1:] = x
        return out

    real, defl = dev[:, :, col["real_growth_pct"]], dev[:, :, col["deflator_pct"]]
    land = np.exp(dev[:, :, col["land_share_gdp_pct"]] / land_share_mean_pct)
    return Shocks(growth_pp=years((real + defl) / 100.0), inflation_add=years(defl / 100.0),
                  land_factor=years(land, 1.0), yield_add=years(dev[:, :, col["short_rate_pct"]] / 100.0), n_paths=P)


def land_share_mean(model) -> float:
    """Mean land premium share of GDP [%] over the shock model's sample."""
    return float(np.mean(model.data[:, list(model.names).index("land_share_gdp_pct")]))


def run_block(a, model, seed: int, method: str, block: int, block_paths: int = BLOCK_PATHS) -> dict:
    """Engine outputs (paths, years) for one whole block of paths."""
    rng = block_generator(seed, block)
    innovations = draw_innovations(model, rng, block_paths, a.n_years - 1, method)
    return project(a, to_shocks(propagate(model, innovations), model.names, land_share_mean(model)))


def _run_blocks(a, model, seed, method, blocks, n_paths, block_paths, on_block=None) -> dict:
    """Fan series and breach counts for the given blocks of paths (blocks are independent and seeded)."""
    T = a.n_years
    sizes = [min(block_paths, n_paths - b * block_paths) for b in blocks]
    part = {"keep": {v: np.empty((sum(sizes), T)) for v in FAN_VARIABLES}, "above": np.zeros(T), "above_cum": np.zeros(T),
            "binds": np.zeros(T), "binds_cum": np.zeros(T), "rising": 0}
    lo = 0
    for b, m in zip(blocks, sizes):
        o = run_block(a, model, seed, method, b, block_paths)
        for v in FAN_VARIABLES:
            part["keep"][v][lo:lo + m] = o[v][:m]
        lo += m
        ratio = o["debt_to_gdp_pct"][:m]
        is_above = ratio > a.band_high_pct
        is_binding = o["ceiling_binds"][:m] > 0
        part["above"] += is_above.sum(axis=0)
        part["above_cum"] += np.logical_or.accumulate(is_above, axis=1).sum(axis=0)
        part["binds"] += is_binding.sum(axis=0)
        part["binds_cum"] += np.logical_or.accumulate(is_binding, axis=1).sum(axis=0)
        if T > 1:
            part["rising"] += int(np.count_nonzero(ratio[:, -1] > ratio[:, -2]))
        if on_block is not None:
            on_block(b)
    return part


def simulate(a, model, n_paths: int, seed: int, method: str = "var", block_paths: int = BLOCK_PATHS,
             on_block=None, parallel: bool = False) -> Simulation:
    """Simulate `n_paths` paths through the engine and summarise them; `on_block(i)` after each block.

    With `parallel`, the second half of the blocks runs in a forked child process: the blocks are
    seeded independently, so the result is the same, byte for byte, as a serial run.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if n_paths < 1:
        raise ValueError("n_paths must be at least 1")
    n_blocks = -(-n_paths // block_paths)
    blocks = list(range(n_blocks))
    if parallel and n_blocks > 1:
        from finmodel.analysis import parallel

        half = (n_blocks + 1) // 2
        second = parallel.start(lambda: _run_blocks(a, model, seed, method, blocks[half:], n_paths, block_paths))
        parts = [_run_blocks(a, model, seed, method, blocks[:half], n_paths, block_paths, on_block), second()]
    else:
        parts = [_run_blocks(a, model, seed, method, blocks, n_paths, block_paths, on_block)]
    keep = {v: np.concatenate([p["keep"][v] for p in parts]) for v in FAN_VARIABLES}
    above, above_cum, binds, binds_cum = (sum(p[k] for p in parts) for k in ("above", "above_cum", "binds", "binds_cum"))
    rising = sum(p["rising"] for p in parts)
    base = project(a)
    return Simulation(
        years=np.asarray(a.years), fan={v: np.percentile(keep[v], PERCENTILES, axis=0) for v in FAN_VARIABLES},
        baseline={v: base[v][0] for v in FAN_VARIABLES}, p_above_band=above / n_paths,
        p_above_band_cumulative=above_cum / n_paths, p_ceiling_binds=binds / n_paths,
        p_ceiling_binds_cumulative=binds_cum / n_paths, p_not_stabilising=rising / n_paths, n_paths=n_paths,
        seed=int(seed), method=method, block_paths=block_paths, band_high_pct=float(a.band_high_pct))
