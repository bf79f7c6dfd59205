"""Time the output workbook's build and write (goal: under 0.5 s on the project's 2-core machine).

Run by hand from the repository root:  python benchmarks/workbook_write_time.py [--horizon 2050-51]
Prints the best and median of several repeats for building, serialising and writing the workbook.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from finmodel.analysis.heat_map import build as build_heat_map
from finmodel.model.pipeline import load_inputs, run
from finmodel.report.workbook.build import (
    build_workbook,
    workbook_bytes,
    write_workbook,
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--horizon", default=None)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    res = run(load_inputs("inputs", horizon=args.horizon))
    hm = build_heat_map(res)
    write_workbook(res, Path(tempfile.mkdtemp()), hm)  # warm imports
    timings = {"build": [], "serialise": [], "write (build + serialise + atomic write)": []}
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        wb = build_workbook(res, hm)
        t1 = time.perf_counter()
        workbook_bytes(wb)
        t2 = time.perf_counter()
        path = write_workbook(res, Path(tempfile.mkdtemp()), hm)
        t3 = time.perf_counter()
        timings["build"].append(t1 - t0)
        timings["serialise"].append(t2 - t1)
        timings["write (build + serialise + atomic write)"].append(t3 - t2)
    print(f"horizon {res.labels[-1]}, {path.stat().st_size:,} bytes")
    for name, ts in timings.items():
        print(f"{name:45s} best {min(ts):.3f} s, median {statistics.median(ts):.3f} s")


if __name__ == "__main__":
    main()
