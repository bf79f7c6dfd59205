"""Time the main commands as whole processes next to the import floor; print the ratios and the CPU they use.

Run by hand (not a test):  python benchmarks/bench.py [--repeat 5]
The import floor is what any command that writes every output must pay before it computes:
    python -c "import pandas, openpyxl, matplotlib.pyplot"
Each round runs the floor and then every command once, so a machine that slows down for a while
(a shared virtual machine does) slows both sides of a ratio alike; the medians are over rounds.
"CPU s" is user + system time of the process and all its children: on this 2-core machine a
command cannot take less wall time than half its CPU time.
"""

import argparse
import resource
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


def timed(cmd) -> tuple:
    """Wall seconds and CPU seconds (user + system, children included) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
        cases = [("import floor (pandas, openpyxl, pyplot)", FLOOR), *cases]
        rounds = [[timed(cmd) for _, cmd in cases] for _ in range(args.repeat)]
        wall = [statistics.median(r[i][0] for r in rounds) for i in range(len(cases))]
        cpu = [statistics.median(r[i][1] for r in rounds) for i in range(len(cases))]
        print(f"{'command':42s} {'median s':>9s} {'x floor':>8s} {'CPU s':>7s}")
        for (name, _), t, c in zip(cases, wall, cpu):
            print(f"{name:42s} {t:9.3f} {t / wall[0]:8.2f} {c:7.2f}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
