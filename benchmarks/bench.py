"""Time the main commands as whole processes next to the import floor; print the ratios.

Run by hand (not a test):  python benchmarks/bench.py [--repeat 5]
The import floor is what any command that writes every output must pay before it computes:
    python -c "import pandas, openpyxl, matplotlib.pyplot"
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import pandas, openpyxl, matplotlib.pyplot"]


def finmodel(*args):
    return [sys.executable, "-m", "finmodel", *args]


def timed(cmd, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="finmodel-bench-"))
    try:
        cases = [
            ("finmodel --help", finmodel("--help")),
            ("finmodel project (every output)", finmodel("project", "--out", str(out / "p"))),
            ("finmodel project --no-charts", finmodel("project", "--no-charts", "--out", str(out / "q"))),
            ("finmodel project --horizon 2050-51", finmodel("project", "--horizon", "2050-51", "--out", str(out / "r"))),
        ]
        floor = timed(FLOOR, args.repeat)
        print(f"{'command':42s} {'median s':>9s} {'x floor':>8s}")
        print(f"{'import floor (pandas, openpyxl, pyplot)':42s} {floor:9.3f} {1.0:8.2f}")
        for name, cmd in cases:
            t = timed(cmd, args.repeat)
            print(f"{name:42s} {t:9.3f} {t / floor:8.2f}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
