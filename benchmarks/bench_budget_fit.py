"""Time the Budget-plan fit (calibration + the quadratic programme) and the whole load, in process; print engine runs and milliseconds.

Run by hand (not a test):  python benchmarks/bench_budget_fit.py [--repeat 20]
"""

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from finmodel.inputs.load import load_assumptions
    from finmodel.model.pipeline import budget_baseline, load_inputs

    raw, _ = load_assumptions(ROOT / "inputs")
    budget_baseline(raw)  # warm up
    fit, load = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        fitted = budget_baseline(raw)
        fit.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        load_inputs(ROOT / "inputs")
        load.append(time.perf_counter() - t0)
    print(f"calibration + fit: median {1e3 * statistics.median(fit):.1f} ms over {args.repeat} runs, "
          f"{fitted.fit['evaluations']} engine runs, converged={fitted.fit['converged']}")
    print(f"load_inputs (read, validate, calibrate, fit, adopt): median {1e3 * statistics.median(load):.1f} ms")


if __name__ == "__main__":
    main()
