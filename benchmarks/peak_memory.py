"""Peak memory of a command and all its processes together (Linux), beside GNU time's largest single process.

Run by hand (not a test):

    python benchmarks/peak_memory.py finmodel simulate --paths 1000000 --out /tmp/m

Samples /proc every 20 ms: the summed RSS of the process tree (pages shared after fork counted
once per process) and the summed PSS (each shared page split between the processes sharing it:
the tree's real footprint).
"""

import subprocess
import sys
import time


def _tree(pid: int) -> list:
    """pid and all its descendants."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            for child in fh.read().split():
                pids += _tree(int(child))
    except OSError:
        pass
    return pids


def _kb(pid: int, field: str) -> int:
    """A field of /proc/pid/smaps_rollup [kB] (0 once the process is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        peak_rss = max(peak_rss, sum(_kb(p, "Rss:") for p in pids))
        peak_pss = max(peak_pss, sum(_kb(p, "Pss:") for p in pids))
        time.sleep(0.02)
    print(f"peak summed RSS {peak_rss / 1024:.0f} MB, peak summed PSS {peak_pss / 1024:.0f} MB")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
