"""Independent work in a second process, through the standard library (`concurrent.futures`), or in this one.

Used where two pieces of work are independent: the charts beside the tables and the workbook, and
half of the Monte Carlo blocks beside the other half. `pool()` is a context manager that yields an
executor (`submit(fn, *args)` returns a `concurrent.futures.Future`):

- where the `fork` start method is available and safe (Linux and the other POSIX systems except
  macOS, whose system libraries are not fork-safe), a `ProcessPoolExecutor` on a `fork` context:
  a worker starts with what this process has already imported, so it needs no re-import and its
  results are the same, bit for bit;
- elsewhere (Windows, macOS), or with `FINMODEL_WORKERS=0`, `InProcess`: the work runs serially in
  this process when it is submitted (a spawned worker would import numpy, pandas and matplotlib
  again, ~0.5 s, more than the overlap gains).

Work submitted to either must be a module-level function with picklable arguments.

The worker never outlives the command:
- leaving the `with` block, normally or by an error, shuts the pool down: work not yet started is
  cancelled and the block waits until the running work has ended, so once it is left no worker
  writes into the folder it was given;
- a worker watches its parent (`multiprocessing.parent_process().sentinel`) from a thread and ends
  at once (`os._exit`) when the parent has gone: killed (SIGKILL, or SIGTERM, whose default action
  ends the parent without running any Python), or crashed;
- Ctrl-C reaches the whole process group: the worker's running work stops with KeyboardInterrupt
  as the parent's does.
"""

import concurrent.futures
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
from contextlib import contextmanager

WORKERS_ENV = "FINMODEL_WORKERS"   # "0": run everything in this process (for a test, or a debugger)


def start_method() -> str | None:
    """The multiprocessing start method the pool uses: "fork" where it is available and safe, else None (in process)."""
    if os.environ.get(WORKERS_ENV) == "0":
        return None
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return "fork"


@contextmanager
def pool(workers: int = 1, prepare=None):
    """An executor for the `with` block: `workers` forked processes, or `InProcess` where fork is unavailable.

    prepare: a function each worker runs at once (importing matplotlib, say), while this process goes on; not run
    in process. On leaving, work not started is cancelled and running work is waited for (see the module's docstring)."""
    method = start_method()
    if method is None:
        executor = InProcess()
    else:
        sys.stdout.flush()   # a forked child must not print what this process had buffered
        sys.stderr.flush()
        executor = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                                          initializer=_end_with_parent)
        for _ in range(workers if prepare is not None else 0):   # each idle worker takes one
            executor.submit(prepare)
    try:
        yield executor
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _end_with_parent() -> None:
    """In a worker: a daemon thread that ends the worker as soon as its parent process has ended."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch():
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="finmodel-end-with-parent", daemon=True).start()


class InProcess(concurrent.futures.Executor):
    """The executor where no worker process is used: `submit` runs the work at once, here, and returns a done Future
    (holding the result or the error, as a worker's would)."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - the Future holds it, as a worker's Future would
            future.set_exception(exc)
        return future

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass


def results(futures) -> list:
    """Each future's result in order; every one is waited for even when one fails (then the first error is raised)."""
    concurrent.futures.wait(futures)
    return [f.result() for f in futures]
