"""Time the engine core of the Monte Carlo against the plain-numpy reference in `engine_reference.py`.

Run by hand from the repository root (not a test):

    python benchmarks/bench_engine.py [--horizon 2050-51] [--paths 2000] [--seconds 2]

Draws one block of shocks as `finmodel simulate` does (method ec), checks that the engine's
lean projection and the reference give the same bits on every path for the seven outputs the
Monte Carlo summarises, then times each over interleaved rounds: the fastest call of each (the least disturbed by other load).
Goal: the engine core within 1.3x of the reference.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_reference import project_risk  # noqa: E402

from finmodel.analysis import shock_model, stochastic  # noqa: E402
from finmodel.cli.common import load_with_history  # noqa: E402
from finmodel.model.engine import RISK_OUTPUTS, project  # noqa: E402


def _shocks(a, model, n_paths):
    rng = stochastic.block_generator(2026, 0)
    innovations = stochastic.draw_innovations(model, rng, n_paths, a.n_years - 1, "ec")
    extra = stochastic.draw_independent(a, model, rng, n_paths, a.n_years - 1)
    return stochastic.to_shocks(stochastic.propagate(model, innovations), model.names, stochastic.land_share_mean(model), extra)


def _per_call(fn, seconds):
    """The fastest call among calls filling `seconds` (the least disturbed by other load on the machine)."""
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--horizon", default=None)
    ap.add_argument("--paths", type=int, default=stochastic.BLOCK_PATHS)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    a = load_with_history(Path("inputs"), shock_model.HISTORY_TABLES, scenario=None, horizon=args.horizon, issuance="central")
    model = shock_model.load(Path("inputs/history"))
    s = _shocks(a, model, args.paths)
    engine, reference = project(a, s, lean=True), project_risk(a, s)
    for key in RISK_OUTPUTS:
        if not np.array_equal(getattr(engine, key), reference[key], equal_nan=True):
            raise SystemExit(f"{key}: the engine and the reference differ")
    cases = {"engine core (project, lean)": lambda: project(a, s, lean=True),
             "plain-numpy reference": lambda: project_risk(a, s),
             "engine, every output (project)": lambda: project(a, s)}
    times = {k: [] for k in cases}
    for _ in range(args.rounds):
        for name, fn in cases.items():
            times[name].append(_per_call(fn, args.seconds / args.rounds))
    ref = min(times["plain-numpy reference"])
    print(f"{args.paths} paths x {a.n_years} years; identical bits on all {len(RISK_OUTPUTS)} outputs")
    print(f"{'':34s}{'ms/block':>10s}{'us/path-year':>14s}{'x reference':>13s}")
    for name in cases:
        best = min(times[name])
        print(f"{name:34s}{best * 1e3:10.2f}{best / (args.paths * a.n_years) * 1e6:14.3f}{best / ref:13.2f}")


if __name__ == "__main__":
    main()
