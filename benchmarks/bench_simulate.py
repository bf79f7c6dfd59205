"""Benchmark `finmodel simulate` as whole processes next to the import floor.

Run by hand from the repository root (not a test):

    python benchmarks/bench_simulate.py [--repeat 5] [--million]

The floor is `python -c "import pandas, openpyxl, matplotlib.pyplot"` (statsmodels is imported
only on the VAR path, so it is not part of the default run's floor). Each case runs as its own
process, interleaved over the repetitions; reported: median and minimum wall time, the ratio of
the median to the floor's median, CPU time (user + system, the process and its children: less
sensitive to other load on the machine than wall time), and the peak resident memory of the
largest process (GNU time's %M) per path and fiscal year.
"--no-charts" cases skip the fan charts: with the option where the command has it, else by
running the command with `report.charts.stochastic.write_charts` replaced by a no-op.
Goals (issue 11): --paths 100000 within 1.5x the floor; 1,000,000 paths to 2030-31 in 3 s and
to 2050-51 in 10 s; peak memory at most 48 bytes per path-year.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = [sys.executable, "-c", "import pandas, openpyxl, matplotlib.pyplot"]
NO_CHARTS = ("import sys; import finmodel.report.charts.stochastic as s; s.write_charts = lambda *a, **k: []; "
             "from finmodel.cli import main; main(sys.argv[1:], prog_name='finmodel')")
FIRST_YEAR = 2025


def _finmodel():
    exe = Path(sys.executable).with_name("finmodel")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "finmodel"]


def _simulate(paths, out, horizon=None, no_charts=False):
    """The command line of one simulate run (without the charts: by the option if there is one, else patched)."""
    args = ["simulate", "--paths", str(paths), "--out", str(out)] + (["--horizon", horizon] if horizon else [])
    if not no_charts:
        return _finmodel() + args
    helped = subprocess.run(_finmodel() + ["simulate", "--help"], capture_output=True, text=True).stdout
    return _finmodel() + args + ["--no-charts"] if "--no-charts" in helped else [sys.executable, "-c", NO_CHARTS] + args


def _run(cmd):
    """Wall time [s], CPU time [s] and peak RSS [MB] of one process (CPU and RSS from GNU time)."""
    timer = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as fh:
        full = [timer, "-f", "%U %S %M", "-o", fh.name, *cmd] if timer else cmd
        t0 = time.perf_counter()
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        if not timer:
            return wall, float("nan"), float("nan")
        user, system, rss_kb = fh.read().split()[-3:]
    return wall, float(user) + float(system), float(rss_kb) / 1024


def _path_years(paths, horizon):
    last = int(horizon[:4]) if horizon else 2030
    return paths * (last - FIRST_YEAR + 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--million", action="store_true", help="also run 1,000,000 paths to 2030-31 and to 2050-51, --repeat 1 each")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench_simulate_"))
    cases = {"import floor": (FLOOR, None),
             "simulate --paths 100000": (_simulate(100_000, out / "a"), _path_years(100_000, None)),
             "simulate --paths 100000 --no-charts": (_simulate(100_000, out / "b", no_charts=True), _path_years(100_000, None))}
    times, cpu, rss = ({k: [] for k in cases} for _ in range(3))
    _run(FLOOR)                                                     # warm the file cache
    for _ in range(args.repeat):
        for name, (cmd, _) in cases.items():
            wall, c, mem = _run(cmd)
            times[name].append(wall)
            cpu[name].append(c)
            rss[name].append(mem)
    if args.million:
        for horizon in (None, "2050-51"):
            for charts in (True, False):
                name = f"simulate --paths 1000000{' --horizon ' + horizon if horizon else ''}{'' if charts else ' --no-charts'}"
                cases[name] = (None, _path_years(1_000_000, horizon))
                wall, c, mem = _run(_simulate(1_000_000, out / "m", horizon, no_charts=not charts))
                times[name], cpu[name], rss[name] = [wall], [c], [mem]
    floor = statistics.median(times["import floor"])
    print(f"{'process':50s}{'median s':>9s}{'min s':>7s}{'x floor':>8s}{'CPU s':>7s}{'peak MB':>8s}{'B/path-yr':>10s}")
    for name, (_, path_years) in cases.items():
        med = statistics.median(times[name])
        per = f"{max(rss[name]) * 2 ** 20 / path_years:10.1f}" if path_years else ""
        print(f"{name:50s}{med:9.2f}{min(times[name]):7.2f}{med / floor:8.2f}{statistics.median(cpu[name]):7.2f}"
              f"{max(rss[name]):8.0f}{per}")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
