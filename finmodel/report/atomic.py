"""Atomic file writing: write to a temporary file in the same folder, then move it into place.

No reader ever sees half a file: on an exception or Ctrl-C the temporary file is removed at once;
after a hard kill it is removed by the next write of the same file. A run's folder as a whole is
made all or nothing by `finmodel.runs` (these writes go into its staging folder).
"""

import contextlib
import glob
import json
import os
import re
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target):
    """Yield a temporary path beside `target`; on success it replaces `target`, on failure it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _remove_stale(target: Path) -> None:
    """Remove temporary files an earlier run left beside `target` when it was killed (SIGKILL, power loss).

    Only names this module creates are touched (`.<target name>.<8 random characters>.tmp`),
    so a run never deletes a file it did not write.
    """
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp$")
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        if pattern.match(stale.name) and stale.is_file():
            with contextlib.suppress(OSError):
                stale.unlink()


def write_bytes(target, data: bytes) -> None:
    with atomic_path(target) as tmp:
        Path(tmp).write_bytes(data)


def write_text(target, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def write_json(target, record) -> None:
    """Write a run record as JSON atomically: sorted keys, two-space indent, numpy scalars as numbers."""
    write_text(target, json.dumps(record, indent=2, sort_keys=True, default=_jsonable) + "\n")


def _jsonable(x):
    """numpy scalars as Python numbers; anything else JSON cannot hold as its text."""
    if hasattr(x, "item"):
        return x.item()
    return str(x)
