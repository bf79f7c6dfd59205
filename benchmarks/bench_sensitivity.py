"""Benchmark: the full standard sensitivity set plus the 21x13 GDP x land grid through the engine.

Run by hand from the repository root:  python benchmarks/bench_sensitivity.py [--repeat 20]
Goal (issue 4): under 1 second beyond the baseline run on the 2-core reference machine.
Reports the best of `repeat` timings of: the baseline run (engine on calibrated assumptions);
the batch alone (19 cases + 273 grid points as one engine call, per financing rule); and the
whole analysis (both rules, frames, historical-worst sizing from the CSV history).
"""

import argparse
import time
from pathlib import Path

from finmodel.analysis.sensitivity import analysis, batch, historical
from finmodel.model.engine import project
from finmodel.model.pipeline import load_inputs

INPUTS = Path("inputs")


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--horizon", default="2030-31")
    args = ap.parse_args()
    a = load_inputs(INPUTS, horizon=args.horizon)
    gdp = batch.parse_range(analysis.DEFAULT_GDP)
    land = batch.parse_range(analysis.DEFAULT_LAND)
    worst = historical.size(INPUTS / "history")
    cases = batch.case_list(a, worst.case(100 * a.nominal_growth[1:]))
    points = batch.grid_points(gdp, land)
    t_base = best(lambda: project(a), args.repeat)
    t_batch = best(lambda: batch.run_batch(a, cases, points), args.repeat)
    t_all = best(lambda: analysis.analyse(a, gdp, land, worst=historical.size(INPUTS / "history")), args.repeat)
    print(f"horizon {args.horizon}: {len(cases)} cases + {len(points)} grid points = {len(cases) + len(points)} paths per batch")
    print(f"baseline run (1 path):                      {1000 * t_base:8.2f} ms")
    print(f"one batch (one financing rule):             {1000 * t_batch:8.2f} ms")
    print(f"full analysis (both rules, frames, history): {1000 * t_all:8.2f} ms  (goal: < 1000 ms beyond the baseline)")


if __name__ == "__main__":
    main()
