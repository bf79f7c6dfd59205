"""`python -m finmodel.data --sync | --check`: keep the installed copy of the inputs identical to the repository's inputs/.

--sync copies every file of inputs/ (at the top of the repository) into finmodel/data/inputs/ and removes
the copy's files that inputs/ no longer has; --check lists every difference and exits 1 when there is any.
"""

import argparse
import shutil
import sys
from pathlib import Path

PACKAGE_COPY = Path(__file__).resolve().parent / "inputs"
SOURCE = Path(__file__).resolve().parent.parent.parent / "inputs"
SKIPPED = ("__pycache__", ".DS_Store", ".history.lock", ".history.owner")   # the lock of `finmodel monthly import`


def files(root: Path) -> dict:
    """Every file under `root` by its path relative to it (posix), skipping caches."""
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
            if p.is_file() and not any(part in SKIPPED for part in p.parts)}


def differences(source: Path = SOURCE, copy: Path = PACKAGE_COPY) -> list:
    """Lines naming each file missing from the copy, extra in it, or with other bytes."""
    a, b = files(source), files(copy) if copy.is_dir() else {}
    out = [f"missing from {copy}: {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"not in {source}: {k}" for k in sorted(b.keys() - a.keys())]
    out += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k].read_bytes() != b[k].read_bytes()]
    return out


def sync(source: Path = SOURCE, copy: Path = PACKAGE_COPY) -> list:
    """Make the copy identical to the source; return what changed."""
    changed = differences(source, copy)
    a = files(source)
    for rel, path in (files(copy) if copy.is_dir() else {}).items():
        if rel not in a:
            path.unlink()
    for rel, path in a.items():
        target = copy / rel
        if not target.exists() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finmodel.data", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--sync", action="store_true", help="copy inputs/ into finmodel/data/inputs/")
    group.add_argument("--check", action="store_true", help="list differences; exit 1 when there is any")
    args = parser.parse_args(argv)
    if not SOURCE.is_dir():
        print(f"no inputs/ folder at {SOURCE}: run this from a source checkout of finmodel", file=sys.stderr)
        return 2
    if args.sync:
        changed = sync()
        print("\n".join(changed) if changed else "finmodel/data/inputs/ already identical to inputs/")
        return 0
    diff = differences()
    print("\n".join(diff) if diff else "finmodel/data/inputs/ is identical to inputs/")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
