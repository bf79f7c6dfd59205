"""Fans checked against the Government's forecast record, and the scale of the shocks fitted to it.

The fan of reserves in year h, as relative deviations from the central projection (the run
without shocks, as the Government's forecast was its central projection at the time):

    band_q(h) = R_q(h) / R_base(h) - 1          (q: the 10th, 25th, 75th, 90th percentiles)

A past error e_i (`forecast_record`) lies in the 80% band when band_10 <= e_i <= band_90, in the
50% band when band_25 <= e_i <= band_75. Coverage = inside / pairs, with a Clopper-Pearson 95%
interval (Clopper-Pearson, `clopper_pearson`: the interval scipy.stats.binomtest gives) for the share a fan of that width would cover in the long run.

Errors with their mean removed, e_i - mean(e), are what the fan is judged and calibrated on: its
shocks are mean-preserving (the fan is centred on the Budget's plan by construction), while the
record is biased (mostly under-forecasts, turning to over-forecasts after 2018). A symmetric fan
widened to cover a one-sided bias would overstate the risk on the side the bias is not on; the
bias is reported beside the coverage (its mean, and the coverage of the raw errors) instead.

Calibration: one scale k on the shocks (macro covariance k^2 Sigma, revenue error k s; the AR(1)
persistence as estimated). For each k of SCALES, CALIBRATION_PATHS paths (CALIBRATION_SEED, the same
draws for every k) give the bands at 1 and 5 years; k is admissible for a target when both bands'
coverage lies in its window (TARGETS). Targets: reserves at 5 years (the record's reserve
forecasts) and at 1 year (the consolidated-balance errors, as year-end reserves errors). When no
k meets both, the 5-year target wins and, among its admissible k, the one nearest the 1-year
windows is taken (ties: coverage nearest the nominal 80% and 50%, then k nearest 1; `choose`).
Held out: the reserves errors at 1 to 4 years and the raw errors.

The scale is a parameter of the shock model, fitted once to the record: on the inputs' own baseline (no
scenario, the central issuance plan, the default horizon but at least FIT_HORIZON years) and with its own seed, CALIBRATION_SEED, not the
run's. So a run's seed changes only its Monte Carlo draws, and a scenario is a what-if under the same shocks
(refitted on each scenario's plan, a scenario that made reserves more sensitive to the shocks would get smaller
shocks). `finmodel fit` stores the fit (`inputs/fitted_shocks.yaml`, `calibration_key` says what it rests on);
a run whose key is the same uses it (`held_or_fitted`), any other fits the scale itself, with the same result.
"""

import concurrent.futures
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np

from finmodel.analysis.binomial_interval import clopper_pearson
from finmodel.model.engine import project

SCALES = tuple(round(0.5 + 0.05 * i, 2) for i in range(51))      # 0.50, 0.55, ..., 3.00
CALIBRATION_PATHS = 4_000
FITTED_HERE = "this run"  # Calibration.fitted_by of a scale fitted by the run itself, not read from a stored fit
CALIBRATION_SEED = 2026   # the calibration's own draws (the default --seed: a default run draws its first paths from them)
TARGETS = {80: (70.0, 90.0), 50: (35.0, 65.0)}                   # band: coverage window [%]
BANDS = {80: (10, 90), 50: (25, 75)}                             # band: its percentiles
FIT_HORIZON = 5
CHECK_HORIZONS = (1, 2, 3, 4, 5)
CONFIDENCE = 0.95
WORKER_SCALES = 12        # of the 51 scales, run on the worker when there is one (`calibrate`)
MC_SE = 2.0               # band edges moved by this many Monte Carlo standard errors give the coverage's MC range


@dataclass(frozen=True)
class Calibration:
    """What the calibration fitted: the scale, the admissible scales per target, the coverage at every scale tried."""

    scale: float
    admissible_5y: tuple
    admissible_1y: tuple
    grid: tuple                    # (scale, cov80_5y, cov50_5y, cov80_1y, cov50_1y) in %, NaN where not computable
    winner: str
    explanation: str
    paths: int
    applied: bool = True
    fitted_by: str = FITTED_HERE   # or the stored fit it was read from (`held_or_fitted`)


def bands_relative(q: dict, base: np.ndarray, h: int) -> dict:
    """{80: (low, high), 50: (low, high)} relative deviations (%) of year h's percentiles `q` {pct: values} from `base`."""
    return {b: (100.0 * (q[lo][h] / base[h] - 1.0), 100.0 * (q[hi][h] / base[h] - 1.0)) for b, (lo, hi) in BANDS.items()}


def inside(errors, band) -> int:
    """How many errors (%) lie within the band (low, high), edges included."""
    e = np.asarray(errors, dtype=float)
    return int(np.count_nonzero((e >= band[0]) & (e <= band[1])))


def demeaned(errors) -> np.ndarray:
    e = np.asarray(errors, dtype=float)
    return e - e.mean() if len(e) else e


def _coverages(bands_1: dict, bands_5: dict | None, errors: tuple) -> tuple:
    """(80%, 50% coverage at 5 years, the same at 1 year) [%] of the demeaned (5-year, 1-year) `errors`."""
    e5, e1 = errors
    c5 = [100.0 * inside(e5, bands_5[b]) / len(e5) if bands_5 is not None and len(e5) else np.nan for b in (80, 50)]
    c1 = [100.0 * inside(e1, bands_1[b]) / len(e1) if len(e1) else np.nan for b in (80, 50)]
    return (*c5, *c1)


def _in_window(c80, c50) -> bool:
    return TARGETS[80][0] <= c80 <= TARGETS[80][1] and TARGETS[50][0] <= c50 <= TARGETS[50][1]


def _distance(c80, c50) -> float:
    """How far the two coverages (%) lie outside their windows, summed (0 inside)."""
    return sum(max(lo - c, 0.0, c - hi) for c, (lo, hi) in ((c80, TARGETS[80]), (c50, TARGETS[50])))


def _off_nominal(c80, c50) -> float:
    """How far the two coverages (%) lie from the bands' own 80% and 50%, summed."""
    return abs(c80 - 80.0) + abs(c50 - 50.0)


def choose(grid) -> tuple:
    """(scale, winner, admissible at 5 years, admissible at 1 year) from the grid rows (scale, 5-year 80%, 50%,
    1-year 80%, 50% coverage). Among the admissible scales the order of preference is: (both targets met) coverage
    nearest the nominal 80% and 50% at both horizons; (only 5 years) nearest the 1-year windows, then nearest the
    nominal at 5 years; then, either way, the scale nearest 1 (the estimate changed least)."""
    ok5 = tuple(r[0] for r in grid if _in_window(r[1], r[2]))
    ok1 = tuple(r[0] for r in grid if _in_window(r[3], r[4]))
    rows = {r[0]: r for r in grid}
    both = tuple(k for k in ok5 if k in ok1)
    if both:
        return min(both, key=lambda k: (_off_nominal(*rows[k][1:3]) + _off_nominal(*rows[k][3:5]), abs(k - 1.0), k)), "both", ok5, ok1
    if ok5:
        return min(ok5, key=lambda k: (_distance(*rows[k][3:5]), _off_nominal(*rows[k][1:3]), abs(k - 1.0), k)), "5 years", ok5, ok1
    if ok1:
        return min(ok1, key=lambda k: (_off_nominal(*rows[k][3:5]), abs(k - 1.0), k)), "1 year", ok5, ok1
    return min(rows, key=lambda k: (_distance(*rows[k][1:3]) + _distance(*rows[k][3:5]), abs(k - 1.0), k)), "neither", ok5, ok1


def calibrate(a, model, record, method: str = "ec", parameter_uncertainty: bool = False,
              executor=None) -> Calibration:
    """Fit the shock scale to the record (module docstring); every scale tried, and its coverages, are kept.

    `a` must reach at least FIT_HORIZON years past its opening year for the five-year target (the commands pass the
    inputs at their default horizon, the end of the MRF, or FIT_HORIZON years when that is longer, whatever the run's
    own, so every horizon keeps the same scale: `calibration_inputs`).
    With `executor` (an `analysis.parallel.pool`) the last WORKER_SCALES of the scales run there (fewer than half:
    the worker is still importing matplotlib when the calibration starts); each scale's coverages depend only on its own paths,
    so the grid is the same either way."""
    from finmodel.analysis.stochastic import BLOCK_PATHS

    base = project(a).fiscal_reserves_hkd_bn[0]
    errors = (demeaned(record.errors(FIT_HORIZON)), demeaned(record.balance_errors()))
    blocks = -(-CALIBRATION_PATHS // BLOCK_PATHS)
    rows = partial(grid_rows, a, model, base, errors, CALIBRATION_SEED, method, parameter_uncertainty, blocks)
    split = len(SCALES) - WORKER_SCALES
    if executor is None:
        grid = rows(SCALES)
    else:
        second = executor.submit(rows, SCALES[split:])
        try:
            grid = rows(SCALES[:split])
        finally:
            concurrent.futures.wait([second])
        grid += second.result()
    scale, winner, ok5, ok1 = choose(grid)
    return Calibration(scale=scale, admissible_5y=ok5, admissible_1y=ok1, grid=tuple(grid), winner=winner,
                       explanation=explain(scale, winner, ok5, ok1, model), paths=blocks * BLOCK_PATHS)


def grid_rows(a, model, base, errors, seed, method, parameter_uncertainty, blocks, scales) -> list:
    """The calibration grid's rows (scale, 5-year 80% and 50% coverage, 1-year 80% and 50%) for `scales`: each scale
    k runs the first `blocks` blocks of paths under `shock_model.scaled(model, k)` (`stochastic.run_blocks`'s paths).

    Every scale uses the same draws (common random numbers), so they are drawn once (`stochastic.draw_block`) and
    shaped for each scale (`stochastic.shape_block`): the same shocks, bit for bit, as drawing them again per scale.
    Without parameter uncertainty every block shares one covariance and persistence, so the blocks' draws are shaped
    as one (each path's shocks depend only on its own draws); the percentiles are taken in the two years read."""
    from finmodel.analysis import shock_model
    from finmodel.analysis.shock_paths import land_share_mean, to_shocks
    from finmodel.analysis.stochastic import BLOCK_PATHS, draw_block, shape_block

    draws = [draw_block(model, seed, method, b, BLOCK_PATHS, a.n_years - 1, parameter_uncertainty) for b in range(blocks)]
    if not parameter_uncertainty and len(draws) > 1:
        draws = [replace(draws[0], innovations=np.concatenate([d.innovations for d in draws]),
                         independent={k: np.concatenate([d.independent[k] for d in draws]) for k in draws[0].independent})]
    fixed = [None] * len(draws)
    pct = sorted({p for pair in BANDS.values() for p in pair})
    has_5 = a.n_years > FIT_HORIZON
    read = [1, FIT_HORIZON] if has_5 else [1]
    out = []
    for k in scales:
        scaled = shock_model.scaled(model, k)
        shaped = [shape_block(a, scaled, method, d, f) for d, f in zip(draws, fixed)]
        fixed = [{"fx": extra["fx"], "spread": extra["spread"]} for _, extra in shaped]
        extra = shaped[0][1] if len(shaped) == 1 else {key: np.concatenate([e[key] for _, e in shaped]) for key in shaped[0][1]}
        dev = shaped[0][0] if len(shaped) == 1 else np.concatenate([dev for dev, _ in shaped])
        o = project(a, to_shocks(dev, model.names, land_share_mean(model), extra), lean=True)
        q = {p: np.full(a.n_years, np.nan) for p in pct}
        for p, row in zip(pct, np.percentile(o.fiscal_reserves_hkd_bn[:, read], pct, axis=0)):
            q[p][read] = row
        out.append((k, *_coverages(bands_relative(q, base, 1), bands_relative(q, base, FIT_HORIZON) if has_5 else None, errors)))
    return out


def calibration_inputs(inputs, a=None):
    """The assumptions the scale is fitted on: the inputs' own baseline (no scenario, the central plan) at their default
    horizon, or FIT_HORIZON years past the opening year when the default stops short of it (a Budget whose MRF ends four
    years out: the five-year target, which wins, would go unread and the one-year errors alone would set the scale).
    `a`: the run's assumptions when they are that baseline at the default horizon (saves loading them again)."""
    from finmodel.model.pipeline import load_inputs

    a = a if a is not None else load_inputs(inputs)
    return a if a.n_years > FIT_HORIZON else load_inputs(inputs, horizon=int(a.years[0]) + FIT_HORIZON)


def calibration_key(input_sha256: dict, method: str, exclude_recalled: bool, parameter_uncertainty: bool) -> dict:
    """What a calibration rests on, item for item: the model version, its seed, paths and scales, the shock model's
    options, and the SHA-256 of every file it read (`input_sha256`: the baseline's inputs and the history tables)."""
    from finmodel.version import __version__

    return {"model_version": __version__, "seed": CALIBRATION_SEED, "paths": CALIBRATION_PATHS, "scales": list(SCALES),
            "method": method, "exclude_recalled": bool(exclude_recalled), "parameter_uncertainty": bool(parameter_uncertainty),
            "inputs_sha256": dict(sorted(input_sha256.items()))}


def held_or_fitted(stored, key: dict, fit, model=None) -> Calibration:
    """The stored calibration (`inputs.fitted_shocks.StoredCalibration`) when it rests on exactly `key`, else `fit()`:
    the same scale and grid either way (the calibration is a function of its key alone).

    A stored fit that is used must hold the choice the rule makes on its grid (`choose`), `calibrate`'s paths and, given
    the run's unscaled shock `model`, its words (`explain`): a scale edited by hand would otherwise change every figure
    of a run that says the file changes none. InputError naming the field if not. (One that is not used is not
    judged by this version's rule: an earlier version's file is refitted over, not refused.)"""
    if stored is None or stored.key != key:
        return fit()
    _check_stored(stored, model)
    return Calibration(**stored.calibration, fitted_by=f"finmodel fit on {stored.fitted_on} ({Path(stored.where).name})")


def _check_stored(stored, model) -> None:
    """Raise InputError when the stored scale, target met, admissible scales, paths (and, with `model`, explanation) are
    not what `calibrate` gives for the stored grid."""
    from finmodel.analysis.stochastic import BLOCK_PATHS
    from finmodel.inputs.errors import InputError, Problem

    cal = stored.calibration
    scale, winner, ok5, ok1 = choose(cal["grid"])
    expected = {"scale": scale, "winner": winner, "admissible_5y": ok5, "admissible_1y": ok1,
                "paths": -(-CALIBRATION_PATHS // BLOCK_PATHS) * BLOCK_PATHS}
    if model is not None:
        expected["explanation"] = explain(scale, winner, ok5, ok1, model)
    problems = [Problem(stored.where, f"calibration.{name}", _listed(cal[name]) if name != "explanation" else None,
                        ("the words calibrate writes for this choice and shock model" if name == "explanation" else
                         f"{_listed(value)!r}, what calibrate finds for the stored grid") + ": rerun finmodel fit")
                for name, value in expected.items() if cal[name] != value]
    if problems:
        raise InputError(problems)


def _listed(value):
    return list(value) if isinstance(value, tuple) else value


def uncalibrated() -> Calibration:
    """No calibration: the estimated shocks as they are (scale 1)."""
    return Calibration(scale=1.0, admissible_5y=(), admissible_1y=(), grid=(), winner="not calibrated",
                       explanation="Not calibrated (--calibration none): the shocks as estimated.", paths=0, applied=False,
                       fitted_by="")


def _span(ks) -> str:
    return f"{min(ks):.2f} to {max(ks):.2f}" if ks else "none of 0.50 to 3.00"


def explain(scale, winner, ok5, ok1, model) -> str:
    """Words for the choice: which target wins, and why, when they disagree."""
    head = (f"Scale {scale:.2f} on the shocks. Scales whose fans cover the record within the windows (80% band 70 to 90%, "
            f"50% band 35 to 65%, errors with their mean removed): reserves at 5 years {_span(ok5)}; the one-year "
            f"consolidated-balance errors {_span(ok1)}.")
    if winner == "both":
        return head + " Both targets are met."
    rho = (" persistence (AR(1) " + ", ".join(f"{r:.2f}" for r in model.persistence) + ")"
           if model.persistence is not None and model.method == "ec" else " memory of the shocks")
    if winner == "5 years":
        return head + (" No scale meets both: the record's one-year errors ask for a wider first year than its five-year "
                       f"errors allow once the estimated{rho} carries the shocks forward. The five-year target "
                       "wins: it is the horizon the ceiling and reserve-floor risks are read at, it rests on more pairs, and "
                       "the memory is estimated on twenty year-pairs of data while the record's own evidence on how "
                       "errors grow between 1 and 5 years is four Budgets. The one-year check is reported as missed.")
    if winner == "1 year":
        return head + " The run's horizon is shorter than five years or no scale meets the five-year target: the one-year target alone is met."
    return head + " No scale meets either target: the scale nearest both windows is used."


def apply(model, calibration: Calibration):
    """The shock model with the calibration's scale (`shock_model.scaled`)."""
    from finmodel.analysis import shock_model

    return shock_model.scaled(model, calibration.scale) if calibration.applied else replace(model)


NEIGHBOURS = {10: (5, 25), 25: (10, 50), 75: (50, 90), 90: (75, 95)}   # percentiles either side, for the density


def edge_se(sim, variable: str, h: int) -> dict:
    """Monte Carlo standard error [%, relative to the baseline] of each band edge of year h:
    se(q_p) = sqrt(p (1 - p) / n) / f(q_p), the density f from the neighbouring percentiles of the fan
    (f = (p_hi - p_lo) / (q_hi - q_lo)); n the paths (the blocks, with parameter uncertainty)."""
    from finmodel.analysis.stochastic import PERCENTILES

    i = {p: n for n, p in enumerate(PERCENTILES)}
    q, base = sim.fan[variable][:, h], sim.baseline[variable][h]
    n = -(-sim.n_paths // sim.block_paths) if sim.parameter_uncertainty else sim.n_paths
    out = {}
    for p, (lo, hi) in NEIGHBOURS.items():
        width = q[i[hi]] - q[i[lo]]
        density = (hi - lo) / 100.0 / width if width > 0 else np.inf
        out[p] = 100.0 * np.sqrt(p / 100.0 * (1 - p / 100.0) / n) / density / base if np.isfinite(density) else 0.0
    return out


def _row(measure, h, band, basis, errors, rel, se, role, thin):
    lo, hi = BANDS[band]
    e = demeaned(errors) if basis == "mean removed" else np.asarray(errors, dtype=float)
    n, k = len(e), inside(e, rel[band])
    ci_low, ci_high = clopper_pearson(k, n, CONFIDENCE)
    narrow = (rel[band][0] + MC_SE * se[lo], rel[band][1] - MC_SE * se[hi])
    wide = (rel[band][0] - MC_SE * se[lo], rel[band][1] + MC_SE * se[hi])
    return {"measure": measure, "horizon_years": int(h), "band_pct": band, "errors": basis, "role": role, "thin": bool(thin),
            "n_pairs": n, "n_inside": k, "coverage_pct": 100.0 * k / n, "ci_low_pct": 100.0 * ci_low, "ci_high_pct": 100.0 * ci_high,
            "mc_low_pct": 100.0 * inside(e, narrow) / n, "mc_high_pct": 100.0 * inside(e, wide) / n,
            "window_low_pct": TARGETS[band][0], "window_high_pct": TARGETS[band][1],
            "in_window": bool(TARGETS[band][0] <= 100.0 * k / n <= TARGETS[band][1]),
            "mean_error_pct": float(np.mean(errors)), "band_low_pct": float(rel[band][0]), "band_high_pct": float(rel[band][1]),
            "errors_compared_pct": [float(x) for x in e]}


def coverage_rows(sim, record, calibration: Calibration) -> list:
    """The coverage table: per measure, horizon, band (80, 50) and basis (mean removed, raw), the share of the
    record's errors inside the final run's fan, with its pairs, Clopper-Pearson interval and Monte Carlo range."""
    from finmodel.analysis.forecast_record import THIN_PAIRS
    from finmodel.analysis.stochastic import PERCENTILES

    v = "fiscal_reserves_hkd_bn"
    q = {p: sim.fan[v][n] for n, p in enumerate(PERCENTILES)}
    rows = []
    cases = [("reserves", h, record.errors(h)) for h in CHECK_HORIZONS if h < len(sim.years)]
    cases.insert(1, ("consolidated balance", 1, record.balance_errors()))
    for measure, h, errors in cases:
        if not len(errors):
            continue
        fitted = calibration.applied and (measure, h) in (("reserves", FIT_HORIZON), ("consolidated balance", 1))
        rel, se = bands_relative(q, sim.baseline[v], h), edge_se(sim, v, h)
        for band in (80, 50):
            for basis in ("mean removed", "raw"):
                rows.append(_row(measure, h, band, basis, errors, rel, se, "target" if fitted and basis == "mean removed" else "held out",
                                 len(errors) < THIN_PAIRS))
    return rows
