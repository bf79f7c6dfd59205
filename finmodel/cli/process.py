"""Process-wide settings of the `finmodel` command: applied by its entry point only (`finmodel.cli.console`).

Never on import, in a command's body or through the notebook API: a notebook or a test process that
imports finmodel keeps its garbage collector and BLAS as they were. Each setting is kept because it
was measured to pay for a whole `finmodel project` (benchmarks/README.md, "Process-wide settings").
"""

import gc
import os
import sys

GC_THRESHOLDS = (10_000, 50, 100)   # Python's defaults: (700, 10, 10)


def apply() -> None:
    """One BLAS thread, fewer collections during the command, none of the heap at exit."""
    one_blas_thread()
    collect_less()
    skip_collections_at_exit()


def collect_less() -> None:
    """Run the cyclic garbage collector less often (`gc.set_threshold`).

    A command is one short process whose heap mostly grows (imports, inputs, figures): with the default thresholds
    the collector rescans the objects pandas and matplotlib bring every few thousand allocations. Arrays and most
    objects are freed by reference counting, so memory is not held longer; only cycles wait a little.
    """
    gc.set_threshold(*GC_THRESHOLDS)


def one_blas_thread() -> None:
    """Start numpy's OpenBLAS with one thread, not one per core (an OPENBLAS_NUM_THREADS the user set is kept).

    The model's matrices are small (tens of rows at most), so more threads compute nothing faster, and the commands
    that use both cores do so with a worker process (`analysis.parallel`), whose thread pool would only compete.
    Only effective before numpy is first imported, which the entry point guarantees.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def skip_collections_at_exit() -> None:
    """At exit, before the interpreter's last collections, move every object to the permanent generation
    (`gc.freeze`, registered with `atexit`), so those collections do not scan the command's whole heap. Objects are
    still freed as the interpreter tears down; only cycles are left to the process's end."""
    import atexit

    atexit.register(gc.freeze)
