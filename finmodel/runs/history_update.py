"""Write the tables of a monthly import into a history folder: checked first, then each atomically, under a lock.

The same machinery as a run's folder: the lock beside the folder (`lock.RunLock`: `inputs/.history.lock`, a second
import at the same time is refused at once, naming the first) and atomic writes (`report.atomic`: a reader never
sees half a file). Every new table is first written to a scratch folder beside the history folder and checked
there as the model will read it (`inputs.history.check`), with the tables it does not change; only when all pass
are they moved into place, one `os.replace` each. A refused import leaves every table as it was.
"""

import shutil
import tempfile
from pathlib import Path

from finmodel.inputs import history
from finmodel.report.atomic import write_text
from finmodel.runs.folder import Where
from finmodel.runs.lock import RunLock


def write_tables(folder, texts: dict) -> list:
    """Write {table name: CSV text} into the history folder `folder`; return the paths written."""
    folder = Path(folder)
    target = folder.resolve()
    with RunLock(target, Where(folder, "--history", given=True)):
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.check-", dir=target.parent))
        try:
            for name in history.TABLES:
                source = target / f"{name}.csv"
                if name in texts:
                    (scratch / f"{name}.csv").write_text(texts[name], encoding="utf-8", newline="")
                elif source.is_file():
                    shutil.copyfile(source, scratch / f"{name}.csv")
            history.check(scratch, tuple(texts))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        written = []
        for name, text in texts.items():
            write_text(target / f"{name}.csv", text)
            written.append(folder / f"{name}.csv")
    return written
