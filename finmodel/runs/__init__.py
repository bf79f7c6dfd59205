"""A run's life in one place: the folder it writes, its checks, its lock, its staging and its publication.

Every command that writes a run folder hands its exporters the staging path that `open_run` gives it and lists
the files they wrote; `open_run` publishes the folder in one step when the command's block ends without an
error. All or nothing (any failure, signal or crash leaves the previous run whole, or nothing), locked (a second
run into the same folder is refused at once, naming the first), never outside the folder (no symlink below the
run folder is followed; the run record never names what to delete). `transaction.py` says how.
"""

from finmodel.runs.folder import RunFolderError, refuse_overlap
from finmodel.runs.transaction import Run, open_run

__all__ = ["Run", "RunFolderError", "open_run", "refuse_overlap"]
