"""Raw inputs: the files of a run as read, before validation (shared by the folder and workbook readers).

`read_regular_file` is the one place an input file's bytes are read: only a regular file (or a link to one) is
opened, never a pipe, device, socket or folder (each refused by `stat` before any open, so a named pipe cannot hang a
command and /dev/zero cannot fill memory), at most MAX_BYTES are read, and while `read_once()` is active (every
command runs inside it) each file is read once: the bytes that are hashed for the run record are the bytes parsed.
"""

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 1_000_000  # inputs are a few kB; 1 MB of dense YAML already takes PyYAML about 2 s

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
_session: dict | None = None   # absolute path -> bytes, while read_once() is active


class NotReadable(Exception):
    """An input file that cannot be read; the message says why, in the words of a Problem's `allowed`."""

    def __init__(self, reason: str, value: str | None = None):
        super().__init__(reason)
        self.reason, self.value = reason, value


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe (FIFO)"), from its stat mode."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular_file(path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; NotReadable otherwise (the reason in words).

    `stat` first (following links), so a FIFO, device, socket or folder is refused without being opened; the file
    is then opened without blocking and checked again on the open descriptor (it may have been swapped), and at
    most limit + 1 bytes are read whatever the size claimed. Inside `read_once()` a second call returns the same bytes.
    """
    key = os.path.abspath(path)
    if _session is not None and key in _session:
        return _session[key]
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise NotReadable("file not found") from None
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        what = kind_of(st.st_mode)
        raise NotReadable("is a folder, expected a file" if what == "a folder" else
                          f"is {what}, not a regular file: input files are read only from regular files")
    if st.st_size > limit:
        raise NotReadable(f"too large: input files are at most {limit:,} bytes", f"{st.st_size:,} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotReadable(f"is {kind_of(mode)}, not a regular file: input files are read only from regular files")
        chunks, n = [], 0
        while n <= limit:
            chunk = os.read(fd, limit + 1 - n)
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if n > limit:
        raise NotReadable(f"too large: input files are at most {limit:,} bytes", f"more than {limit:,} bytes")
    data = b"".join(chunks)
    if _session is not None:
        _session[key] = data
    return data


@contextlib.contextmanager
def read_once():
    """Within this block each input file is read once, whatever reads it again (the baseline under a scenario, the
    history tables' check, parse and hash): so a file changed during a run cannot be hashed from other bytes than
    those used. Nested blocks share the outer one's reads."""
    global _session
    if _session is not None:
        yield
        return
    _session = {}
    try:
        yield
    finally:
        _session = None


@dataclass(frozen=True)
class InputFile:
    """One input file as read: its display path, SHA-256 and parsed content."""

    path: str
    sha256: str
    data: object


@dataclass
class RawInputs:
    """Every input file of a run, keyed by file name, plus the scenario overlays in the order they apply."""

    root: str
    files: dict = field(default_factory=dict)
    scenarios: list = field(default_factory=list)
    warnings: list = field(default_factory=list)   # problems found while reading that do not stop the run
    citations: dict = field(default_factory=dict)  # {source id: citation} of SOURCES.md (`finmodel.inputs.citations`)

    def hashes(self) -> dict:
        out = {name: f.sha256 for name, f in sorted(self.files.items())}
        for f in self.scenarios:
            out[f.path] = f.sha256
        return out
