"""`finmodel batch` on 1,000 cases of the default horizon, as a whole process, and where its time goes in one process.

    PYTHONPATH=$PWD python benchmarks/bench_batch.py [--cases 1000] [--runs 5] [--keep DIR]

Writes a case file of N cases (a deterministic mix: land premium as HK$ figures and as shares of GDP, real
growth for one year and for every year, capital works, the reserves' rate, a quarter under the borrow rule and
a tenth on the high issuance plan: every case a path of a shared engine batch), runs `python -m finmodel batch`
on it `--runs` times (every output: summary, bad rows, record, workbook, chart), and prints each run's wall time
and the median; then the phases of one run in this process (read, load, the cases, the tables, the workbook, the
chart). Target (issue 23): 1,000 cases in at most 5 s.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("case,description,land_premium_hkd_bn,land_premium_pct_gdp,real_growth_pct[2027-28],real_growth_pct,"
          "capital_works_hkd_bn,investment_income_rate_pct,financing_rule,issuance")


def case_file(path: Path, n: int) -> Path:
    """N cases, each a different mix of the lines the engine takes per path."""
    rows = [HEADER]
    for i in range(n):
        kind = i % 5
        land = f"{5 + (i % 40) * 1.5:g}" if kind in (0, 3) else ""
        share = f"{0.2 + (i % 25) * 0.1:.1f}" if kind in (1, 4) else ""
        once = f"{-4 + (i % 17) * 0.5:g}" if kind == 2 else ""
        every = f"{0.5 + (i % 9) * 0.4:.1f}" if kind in (3, 4) else ""
        capex = f"{100 + (i % 11) * 8}" if i % 3 == 0 else ""
        rate = f"{1 + (i % 7) * 0.5:g}" if i % 4 == 1 else ""
        rule = "borrow" if i % 4 == 3 else ""
        plan = "high" if i % 10 == 7 else ""
        rows.append(f"case_{i:04d},,{land},{share},{once},{every},{capex},{rate},{rule},{plan}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def whole_process(cases: Path, out: Path, runs: int) -> list:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "finmodel", "batch", str(cases), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return times


def phases(cases: Path, out: Path) -> list:
    """(phase, seconds) of one batch in this process, imports included in the phase that first needs them."""
    out.mkdir(parents=True, exist_ok=True)
    marks = [("start", time.perf_counter())]
    from finmodel.analysis import batch as runner
    from finmodel.inputs.cases import read_case_file
    from finmodel.inputs.raw import read_once

    with read_once():
        cf = read_case_file(cases)
        marks.append(("read the case file", time.perf_counter()))
        raw, budget, a = runner.load("inputs")
        marks.append(("load the inputs", time.perf_counter()))
        b = runner.run_cases(raw, cf, int(a.years[-1]), "central", budget, options={"run": "bench"})
        marks.append((f"run {len(b.summary) - 1} cases ({b.engine_calls} engine calls)", time.perf_counter()))
    from finmodel.report.batch_tables import write_batch_tables
    from finmodel.report.workbook.batch import batch_workbook
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import write_any

    write_batch_tables(b, out)
    marks.append(("the tables", time.perf_counter()))
    write_any(batch_workbook(b, Run("finmodel batch", {}, {}), "finmodel_baseline.xlsx"), out / "bench.xlsx")
    marks.append(("the workbook", time.perf_counter()))
    from finmodel.report.charts.batch import write_batch_chart

    write_batch_chart(b, out)
    marks.append(("the chart", time.perf_counter()))
    return [(name, t - marks[i][1]) for i, (name, t) in enumerate(marks[1:])]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--keep", type=Path, default=None, help="write the case file and outputs here instead of a temporary folder")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cases = case_file(folder / "cases.csv", args.cases)
        times = whole_process(cases, folder / "run", args.runs)
        print(f"finmodel batch, {args.cases:,} cases, whole process: " + ", ".join(f"{t:.2f}" for t in times)
              + f" s; median {statistics.median(times):.2f} s")
        for name, seconds in phases(cases, folder / "phases"):
            print(f"  {name:40s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
