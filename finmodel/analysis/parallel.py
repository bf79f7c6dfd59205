"""Run independent work in a forked child while the caller goes on (both cores busy).

Used where two pieces of work are independent: the charts beside the workbook, and half of
the Monte Carlo blocks beside the other half. `start_later` forks before the work's arguments
exist, so the child can prepare (import matplotlib, say) while the caller computes them. On POSIX the work runs in a child started with
fork (no re-import; same results and bytes). Where fork is unavailable it runs at once in the
caller. Errors in the child are re-raised in the caller when it waits; a child that stops without its
whole result raises ChildProcessError (an OSError: the CLI reports it in one line).

Before forking, everything allocated so far (imported modules, inputs, results) is moved to the
garbage collector's permanent generation (`gc.freeze`, as the gc documentation advises before a
fork): the child does not scan those objects in its collections, nor copy their pages by touching
them. The caller unfreezes at once, so that a notebook or a test process goes on collecting its
cycles as before.

The result comes back through a pipe pickled with protocol 5: numpy arrays travel as raw
buffers read straight into the caller's memory, with no pickled copy on either side.
"""

import gc
import os
import pickle
import struct
import sys

_COUNT = struct.Struct("<Q")
ARGS_PIPE_BYTES = 1 << 20   # Linux's default ceiling for an unprivileged process (/proc/sys/fs/pipe-max-size)
# The caller's ends of `start_later` pipes still open: a later child closes its copies at once, so that
# a child forked early never waits on a pipe that only another child keeps open.
_CALLER_FDS: set = set()


def _hold_more(fd) -> None:
    """Let the pipe hold up to ARGS_PIPE_BYTES (Linux; elsewhere, or refused, it keeps its size): a caller sending
    arguments larger than the default 64 KB then goes on at once instead of waiting until a child still preparing
    reads them (the results of `finmodel project`, ~65 KB, kept the caller waiting ~0.12 s for matplotlib's import)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, ARGS_PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _close_callers_fds():
    for fd in list(_CALLER_FDS):
        os.close(fd)
    _CALLER_FDS.clear()


def start(fn):
    """Start `fn()` and return a function that waits for it and returns its result (or raises its error)."""
    if not hasattr(os, "fork"):
        result = fn()
        return lambda: result
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, report through the pipe, leave without cleanup, whatever happens
        try:
            os.close(read_fd)
            _close_callers_fds()
            try:
                payload = ("ok", fn())
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
                payload = ("error", exc)
            with os.fdopen(write_fd, "wb") as pipe:
                _send(pipe, payload)
        finally:   # never return into the caller's code (a broken pipe, Ctrl-C while sending)
            os._exit(0)
    gc.unfreeze()   # the caller's own collections see its objects again (only the fork needed them frozen)
    os.close(write_fd)
    return _waiter(pid, read_fd)


class Later:
    """A child forked early that waits for its work's arguments: `send(*args)` hands them over and returns a wait
    function like `start`'s; `cancel()` lets the child go without working (it does nothing once sent). As a
    context manager it cancels on leaving, so an error before `send` does not leave the child waiting."""

    def __init__(self, pid, args_fd, result_fd):
        self._pid, self._args_fd, self._result_fd = pid, args_fd, result_fd

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cancel()

    def send(self, *args):
        """Give the child its arguments (pickled; arrays as raw buffers); return the function that waits for its result."""
        args_fd, self._args_fd = self._args_fd, None
        _CALLER_FDS.discard(args_fd)
        with os.fdopen(args_fd, "wb") as pipe:
            _write(pipe, args)
        _CALLER_FDS.discard(self._result_fd)
        return _waiter(self._pid, self._result_fd)

    def cancel(self):
        """If the arguments were never sent: close the pipe (the child then leaves) and reap the child."""
        if self._args_fd is None:
            return
        _CALLER_FDS.difference_update((self._args_fd, self._result_fd))
        os.close(self._args_fd)
        self._args_fd = None
        os.close(self._result_fd)
        os.waitpid(self._pid, 0)


def start_later(fn, prepare=None) -> Later:
    """Fork a child now that runs `prepare()` (imports, say) while the caller goes on, then waits for the arguments
    of `fn` (`Later.send`) and runs `fn(*args)`. Without fork, `prepare` and `fn` run in the caller when sent."""
    if not hasattr(os, "fork"):
        return _InCaller(fn, prepare)
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    args_r, args_w = os.pipe()
    _hold_more(args_w)
    result_r, result_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: prepare, wait for the arguments (none: cancelled), work, report
        try:
            _later_child(fn, prepare, args_r, args_w, result_r, result_w)
        finally:   # never return into the caller's code (a broken pipe, Ctrl-C while waiting)
            os._exit(0)
    gc.unfreeze()
    os.close(args_r)
    os.close(result_w)
    _CALLER_FDS.update((args_w, result_r))
    return Later(pid, args_w, result_r)


def _later_child(fn, prepare, args_r, args_w, result_r, result_w):
    """The body of `start_later`'s child."""
    os.close(args_w)
    os.close(result_r)
    _close_callers_fds()
    failed = None
    try:
        if prepare is not None:
            prepare()
    except BaseException as exc:  # noqa: BLE001 - reported once the arguments came (the caller is then waiting)
        failed = exc
    with os.fdopen(args_r, "rb") as pipe:
        args = _receive(pipe)
    if args is None:
        return
    try:
        if failed is not None:
            raise failed
        payload = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        payload = ("error", exc)
    with os.fdopen(result_w, "wb") as pipe:
        _send(pipe, payload)


class _InCaller:
    """`Later` where fork is unavailable: the work runs in the caller when its arguments are sent."""

    __enter__ = Later.__enter__
    __exit__ = Later.__exit__

    def __init__(self, fn, prepare):
        self._fn, self._prepare = fn, prepare

    def send(self, *args):
        if self._prepare is not None:
            self._prepare()
        result = self._fn(*args)
        return lambda: result

    def cancel(self):
        pass


def _waiter(pid, read_fd):
    """The function that reads the child's result from `read_fd`, reaps it, and returns the result or raises its error."""

    def wait():
        try:
            with os.fdopen(read_fd, "rb") as pipe:
                message = _receive(pipe)
        finally:   # reaped whatever was read
            os.waitpid(pid, 0)
        if message is None:
            raise ChildProcessError("the background process stopped without a result (killed? out of memory?)")
        status, value = message
        if status == "error":
            raise value
        return value

    return wait


def _send(pipe, payload):
    """Write ("ok", result) or ("error", exception); an error that cannot be pickled goes as a RuntimeError naming it."""
    try:
        data, buffers = _pickled(payload)
    except Exception:  # noqa: BLE001 - an unpicklable error still reaches the parent
        data, buffers = _pickled(("error", RuntimeError(repr(payload[1]))))
    _write_pickled(pipe, data, buffers)


def _write(pipe, obj):
    """Write one object as `_receive` reads it."""
    _write_pickled(pipe, *_pickled(obj))


def _pickled(obj):
    buffers = []
    return pickle.dumps(obj, protocol=5, buffer_callback=buffers.append), buffers


def _write_pickled(pipe, data, buffers):
    """The pickle's length, its number of out-of-band buffers, the pickle, each buffer with its length."""
    pipe.write(_COUNT.pack(len(data)) + _COUNT.pack(len(buffers)))
    pipe.write(data)
    for buffer in buffers:
        raw = buffer.raw()
        pipe.write(_COUNT.pack(raw.nbytes))
        pipe.write(raw)


def _receive(pipe):
    """Read what `_send` wrote (None if the child wrote nothing)."""
    head = _read(pipe, 2 * _COUNT.size)
    if head is None:
        return None
    size, n_buffers = _COUNT.unpack(head[:8])[0], _COUNT.unpack(head[8:])[0]
    data = _read_all(pipe, size)
    buffers = [_read_all(pipe, _COUNT.unpack(_read_all(pipe, _COUNT.size))[0]) for _ in range(n_buffers)]
    return pickle.loads(data, buffers=buffers)


def _read_all(pipe, size: int):
    """`_read` inside a message: the pipe may not end here."""
    buffer = _read(pipe, size)
    if buffer is None:
        raise ChildProcessError("the background process stopped before it sent its whole result (killed? out of memory?)")
    return buffer


def _read(pipe, size: int):
    """Exactly `size` bytes into a new buffer (None at the end of the pipe)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        n = pipe.readinto(view[done:])
        if not n:
            return None
        done += n
    return buffer
