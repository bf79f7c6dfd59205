"""Run independent work in a forked child while the caller goes on (both cores busy).

Used where two pieces of work are independent: the charts beside the workbook, and half of
the Monte Carlo blocks beside the other half. On POSIX the work runs in a child started with
fork (no re-import; same results and bytes). Where fork is unavailable it runs at once in the
caller. Errors in the child are re-raised in the caller when it waits.

Before forking, everything allocated so far (imported modules, inputs, results) is moved to the
garbage collector's permanent generation (`gc.freeze`, as the gc documentation advises before a
fork): neither process scans those objects again in its full collections (with pandas and
matplotlib loaded that was ~0.6 s of CPU per `finmodel project`), and the child does not copy
their pages by touching them.

The result comes back through a pipe pickled with protocol 5: numpy arrays travel as raw
buffers read straight into the caller's memory, with no pickled copy on either side.
"""

import gc
import os
import pickle
import struct
import sys

_COUNT = struct.Struct("<Q")


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
    if pid == 0:  # the child: do the work, report through the pipe, leave without cleanup
        os.close(read_fd)
        try:
            payload = ("ok", fn())
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            payload = ("error", exc)
        with os.fdopen(write_fd, "wb") as pipe:
            _send(pipe, payload)
        os._exit(0)
    os.close(write_fd)

    def wait():
        with os.fdopen(read_fd, "rb") as pipe:
            message = _receive(pipe)
        os.waitpid(pid, 0)
        if message is None:
            raise RuntimeError("the background process stopped without a result")
        status, value = message
        if status == "error":
            raise value
        return value

    return wait


def _send(pipe, payload):
    """Write the payload: the pickle's length, its number of out-of-band buffers, the pickle, each buffer with its length."""
    buffers = []
    try:
        data = pickle.dumps(payload, protocol=5, buffer_callback=buffers.append)
    except Exception:  # noqa: BLE001 - an unpicklable error still reaches the parent
        buffers = []
        data = pickle.dumps(("error", RuntimeError(repr(payload[1]))), protocol=5)
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
    data = _read(pipe, size)
    buffers = [_read(pipe, _COUNT.unpack(_read(pipe, _COUNT.size))[0]) for _ in range(n_buffers)]
    return pickle.loads(data, buffers=buffers)


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
