"""One run at a time into one folder: an OS file lock beside the folder, and a note naming who holds it.

The lock is filelock's (`fcntl.flock` on POSIX, `msvcrt.locking` on Windows): the operating system releases it
when the holding process ends, however it ends, so a crashed run never leaves a stale lock. It lives beside the
run folder (`outputs/.baseline.lock`), not in it, since the folder is replaced whole. A second run is refused at
once (no waiting, never interleaved); the note beside the lock (`outputs/.baseline.owner`, JSON: process id,
start time, command) lets the refusal name the run that holds it.
"""

import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from finmodel.runs.folder import Where

NOTE_TRIES = 5   # a note read while its writer is between taking the lock and writing the note: read again


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def note_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.owner"


class RunLock:
    """A context holding the lock of the run folder `folder` (resolved); RunFolderError when another run holds it."""

    def __init__(self, folder: Path, where: Where):
        import filelock

        self.folder, self.where = Path(folder), where
        self._lock = filelock.FileLock(lock_path(self.folder), timeout=0, thread_local=False)

    def __enter__(self):
        import filelock

        try:
            self._lock.acquire()
        except filelock.Timeout:
            self.where.refuse(f"another finmodel run is writing this folder now ({self._holder()}); runs into one folder "
                              f"never interleave: wait for it to end or {self.where.elsewhere}")
        try:
            note = {"pid": os.getpid(), "started": _now(), "command": " ".join(["finmodel", *sys.argv[1:]])}
            tmp = note_path(self.folder).with_name(f"{note_path(self.folder).name}.{os.getpid()}")
            tmp.write_text(json.dumps(note) + "\n", encoding="utf-8")
            os.replace(tmp, note_path(self.folder))
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc):
        try:
            note_path(self.folder).unlink(missing_ok=True)
        finally:
            self._lock.release()
        return False

    def _holder(self) -> str:
        """'process 1234, started 2026-12-06 07:41:03 UTC' from the holder's note, read again while it is not yet written."""
        note = None
        for attempt in range(NOTE_TRIES):
            try:
                note = json.loads(note_path(self.folder).read_text(encoding="utf-8"))
                if _alive(note["pid"]):
                    break
            except (OSError, ValueError, KeyError, TypeError):
                note = None
            time.sleep(0.05)
        if not isinstance(note, dict) or "pid" not in note:
            return f"its process did not say which; the lock is {lock_path(self.folder)}"
        ended = "" if _alive(note["pid"]) else "; that process has ended, a process it started still holds the lock"
        return f"process {note['pid']}, started {note.get('started')}: {note.get('command')}{ended}"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _alive(pid) -> bool:
    """Whether process `pid` runs (signal 0 tests, sends nothing; on Windows os.kill would end it, so: assumed)."""
    if os.name == "nt":
        return True
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, OverflowError):
        return False
    return True
