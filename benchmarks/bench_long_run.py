"""Benchmark the long run: `finmodel simulate` to 2060-61 (ageing, guarantee calls drawn) as whole processes.

Run by hand from the repository root (not a test):

    python benchmarks/bench_long_run.py [--repeat 3] [--million]

Each case is its own process, with GNU time (`/usr/bin/time -f`) for wall time, CPU time (user + system of the
process and the children it waited for) and the peak resident memory of the largest process; `peak_memory.py`
measures the whole process tree. Goals (issue 25): 100,000 paths to 2060-61 in 5 s and 1,000,000 in 30 s
within 3 GB. The Monte Carlo runs in blocks of 2,000 paths, each from its own generator (guarantee calls from a
second stream of the same block), so the figures are the same bytes whatever the split.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def _run(paths: int, out: Path) -> tuple:
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "finmodel", "simulate", "--paths", str(paths),
           "--horizon", "2060-61", "--no-charts", "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall, user, system, peak_kb = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak_kb) / 1024.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--million", action="store_true", help="also 1,000,000 paths (about 40 CPU-s)")
    args = ap.parse_args(argv)
    cases = [100_000] + ([1_000_000] if args.million else [])
    with tempfile.TemporaryDirectory() as tmp:
        for paths in cases:
            runs = [_run(paths, Path(tmp) / f"r{paths}_{i}") for i in range(args.repeat)]
            wall, cpu, peak = (statistics.median(x) for x in zip(*runs))
            print(f"{paths:>9,} paths to 2060-61: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {peak:.0f} MiB (medians of {len(runs)})")


if __name__ == "__main__":
    main()
