"""A run is a transaction: built in a staging folder beside its target, published by renaming, or not at all.

`open_run(out, ...)`, under the folder's lock (`lock.py`) and after the checks of `folder.py`, creates
`.<name>.staging-<random>/` beside the target and yields a `Run` whose `staging` path every exporter writes into.
When the command's block ends without an error the run is published in three steps: the previous folder is
renamed aside (`.<name>.old-<random>`), the staging folder renamed into its place, and only then the old one
removed. Two renames, because a folder cannot be renamed over another on Windows, and on POSIX only over an empty
one. Any exception, Ctrl-C or exit before that removes the staging folder and leaves the previous run as it was;
a kill or a crash leaves the staging folder (or, between the two renames, the old folder aside), which the next
run into the same folder finds under the lock and removes, restoring the old folder first when the target is
missing. Only the staging folder this process made and finished is ever renamed into place, so a worker a killed
run left behind cannot change a published folder. The published folder holds exactly what its run wrote.
"""

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from finmodel.runs import folder as checks
from finmodel.runs.folder import Where
from finmodel.runs.lock import RunLock


class Run:
    """A run being built: `staging` is where its exporters write; `out` is the folder as the user named it."""

    def __init__(self, out: Path, staging: Path):
        self.out, self.staging = Path(out), Path(staging)

    def manifest(self, written) -> list:
        """The run record's manifest: every file written, relative to the folder (posix), sorted."""
        return sorted({Path(p).relative_to(self.staging).as_posix() for p in written})

    def published(self, written) -> list:
        """The paths of the files written as they are once the run is published (under `out`)."""
        return [self.out / Path(p).relative_to(self.staging) for p in written]


@contextlib.contextmanager
def open_run(out, reads=(), run: str | None = None, option: str = "--out", given: bool = True):
    """Yield a `Run` for the run folder `out`; publish it when the block ends without an error.

    reads: the inputs the run reads (`out` may not be, be inside or contain one); run: the run's name (a folder
    holds one run); given: whether the user named `out` (refusals then name the option, else the folder).
    RunFolderError (exit 2) when the folder is locked by another run or may not be replaced.
    """
    out = Path(out)
    where = Where(out, option, given)
    checks.refuse_overlap(option, out, reads)
    target = out.resolve()   # the folder's own path may pass through links (macOS's /tmp); nothing below it may
    checks.refuse_inside_a_run(target, where)
    checks.check(target, run, where)   # before the lock is made: a refused run leaves nothing behind
    target.parent.mkdir(parents=True, exist_ok=True)
    with RunLock(target, where):
        recover(target)
        checks.check(target, run, where)   # again: another run may have published in between
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        try:
            os.chmod(staging, 0o777 & ~_umask())   # mkdtemp's 0o700 would be the published folder's mode
            yield Run(out, staging)
            publish(staging, target)
        except BaseException:
            _remove(staging)
            raise


def publish(staging: Path, target: Path) -> None:
    """Put `staging` in place of `target`: the old folder aside, the new one in, the old one removed."""
    links, _ = checks.entries(staging)
    if links:   # exporters write regular files only; a link here would be followed by readers of the folder
        raise OSError(f"a link was written into the run folder ({links[0][0]}); nothing was published")
    old = None
    if os.path.lexists(target):
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)   # a fresh unique name, free for the rename
        _rename(target, old)
    try:
        _rename(staging, target)
    except BaseException:
        if old is not None:
            _rename(old, target)
        raise
    if old is not None:
        _remove(old)   # a failure here leaves `.old-` beside it, removed by the next run


def recover(target: Path) -> None:
    """Under the lock: clear what crashed runs into `target` left beside it (their staging and old folders),
    first renaming an old folder back when a crash came between publication's two renames."""
    made_here = re.compile(rf"^\.{re.escape(target.name)}\.(staging|old)-[a-z0-9_]{{8}}$")   # mkdtemp's names, no others
    leftovers = sorted(p for p in target.parent.iterdir() if made_here.match(p.name))
    olds = [p for p in leftovers if p.name.startswith(f".{target.name}.old-") and p.is_dir() and not p.is_symlink()]
    if olds and not os.path.lexists(target):
        _rename(olds[0], target)
        leftovers.remove(olds[0])
    for path in leftovers:
        _remove(path)


def _rename(source: Path, destination: Path) -> None:
    """os.rename of a folder to a free name (a hook for tests that inject a failure at publication)."""
    os.rename(source, destination)


def _remove(path: Path) -> None:
    """Remove a folder this module made, following no link inside it (a link itself is unlinked, never followed)."""
    with contextlib.suppress(OSError):   # what cannot be removed now is a leftover the next run removes
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
