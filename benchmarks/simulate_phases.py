"""Where `finmodel simulate`'s time goes: each step's start, end and CPU time, per process, in one real run.

Run by hand from the repository root (not a test):

    python benchmarks/simulate_phases.py [--serial] -- --paths 100000 --out /tmp/sim_phases

Everything after `--` is passed to `finmodel simulate`. Each step below is wrapped (in this process, before the
command runs) to print one line to stderr when it ends: the process id, the step, its start and end in seconds
since this script started, and the CPU time it took in that process. The worker is forked from this process, so
its steps print too, under its own id; the last line is the command's own process: its end and total CPU time.
--serial runs every step in one process (FINMODEL_WORKERS=0): the CPU time of each step alone, for a budget.
"""

import functools
import importlib
import os
import sys
import time

T0 = time.perf_counter()
STEPS = (
    "finmodel.cli.common:load_with_history",
    "finmodel.analysis.shock_model:load",
    "finmodel.analysis.forecast_record:load",
    "finmodel.analysis.record_coverage:held_or_fitted",
    "finmodel.analysis.record_coverage:calibrate",
    "finmodel.analysis.binomial_interval:clopper_pearson",
    "finmodel.analysis.record_coverage:grid_rows",
    "finmodel.analysis.stochastic:simulate",
    "finmodel.analysis.record_coverage:coverage_rows",
    "finmodel.report.stochastic:write_csvs",
    "finmodel.report.workbook.stochastic:stochastic_workbook",
    "finmodel.report.workbook.build:write_any",
    "finmodel.report.record:write_record",
    "finmodel.report.charts.style:import_matplotlib",
    "finmodel.report.charts.record:write_record_chart",
    "finmodel.report.charts.stochastic:write_charts",
    "finmodel.report.charts.record:write_coverage_chart",
)


def _stamped(name, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            print(f"[{os.getpid()}] {name:38s} {start - T0:7.3f} -> {time.perf_counter() - T0:7.3f} s  "
                  f"CPU {time.process_time() - cpu:6.3f} s", file=sys.stderr)
    return wrapper


def main(argv):
    if "--serial" in argv:
        os.environ["FINMODEL_WORKERS"] = "0"
    args = argv[argv.index("--") + 1:] if "--" in argv else []
    import finmodel.cli  # noqa: F401 - the command modules, so that their names can be wrapped

    for step in STEPS:
        module, name = step.split(":")
        m = importlib.import_module(module)
        setattr(m, name, _stamped(f"{module.rsplit('.', 1)[-1]}.{name}", getattr(m, name)))
    from finmodel.cli import console

    sys.argv = ["finmodel", "simulate", *args]
    try:
        console()
    finally:
        print(f"[{os.getpid()}] end {time.perf_counter() - T0:.3f} s, CPU {time.process_time():.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
