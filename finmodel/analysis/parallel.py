"""Run independent work in a forked child while the caller goes on (both cores busy).

Used where two pieces of work are independent: the charts beside the workbook, and half of
the Monte Carlo blocks beside the other half. On POSIX the work runs in a child started with
fork (no re-import; same results and bytes). Where fork is unavailable it runs at once in the
caller. Errors in the child are re-raised in the caller when it waits.
"""

import os
import pickle
import sys


def start(fn):
    """Start `fn()` and return a function that waits for it and returns its result (or raises its error)."""
    if not hasattr(os, "fork"):
        result = fn()
        return lambda: result
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, report through the pipe, leave without cleanup
        os.close(read_fd)
        try:
            payload = ("ok", fn())
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            payload = ("error", exc)
        try:
            data = pickle.dumps(payload)
        except Exception:  # noqa: BLE001 - an unpicklable error still reaches the parent
            data = pickle.dumps(("error", RuntimeError(repr(payload[1]))))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write_fd)

    def wait():
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("the background process stopped without a result")
        status, value = pickle.loads(data)
        if status == "error":
            raise value
        return value

    return wait
