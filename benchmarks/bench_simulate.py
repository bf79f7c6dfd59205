"""Benchmark `finmodel simulate` as whole processes next to the import floor of what it needs.

Run by hand from the repository root (not a test):

    python benchmarks/bench_simulate.py [--repeat 5] [--million]

Reports the median and minimum wall time of each process over interleaved repetitions, the ratio
to the import floor, and the peak resident memory (from /usr/bin/time when available).
Goal: `finmodel simulate --paths 100000` (to 2030-31, every output) within 1.3x of the floor.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = [sys.executable, "-c", "import pandas, openpyxl, matplotlib.pyplot; from statsmodels.tsa.api import VAR"]


def _finmodel():
    exe = Path(sys.executable).with_name("finmodel")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "finmodel"]


def _run(cmd):
    """Wall time [s] and peak RSS [MB or None] of one process."""
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as fh:
        full = [timer, "-f", "%M", "-o", fh.name, *cmd] if timer else cmd
        t0 = time.perf_counter()
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        rss = float(fh.read().strip().splitlines()[-1]) / 1024 if timer else None
    return wall, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--million", action="store_true", help="also run 1,000,000 paths once")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench_simulate_"))
    cases = {
        "import floor": FLOOR,
        "simulate --paths 100000 (to 2030-31)": _finmodel() + ["simulate", "--paths", "100000", "--out", str(out / "a")],
        "simulate --paths 10000 --horizon 2050-51": _finmodel() + ["simulate", "--paths", "10000", "--horizon", "2050-51",
                                                                   "--out", str(out / "b")],
    }
    times = {k: [] for k in cases}
    rss = {k: 0.0 for k in cases}
    _run(cases["import floor"])                                     # warm the file cache
    for _ in range(args.repeat):
        for name, cmd in cases.items():
            wall, mem = _run(cmd)
            times[name].append(wall)
            rss[name] = max(rss[name], mem or 0.0)
    floor = statistics.median(times["import floor"])
    print(f"{'process':45s}{'median s':>10s}{'min s':>8s}{'x floor':>9s}{'peak MB':>9s}")
    for name in cases:
        med = statistics.median(times[name])
        print(f"{name:45s}{med:10.2f}{min(times[name]):8.2f}{med / floor:9.2f}{rss[name]:9.0f}")
    if args.million:
        wall, mem = _run(_finmodel() + ["simulate", "--paths", "1000000", "--out", str(out / "c")])
        print(f"{'simulate --paths 1000000 (to 2030-31), once':45s}{wall:10.2f}{'':8s}{wall / floor:9.2f}{mem or 0:9.0f}")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
