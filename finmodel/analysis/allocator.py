"""Keep freed memory in the process for reuse (glibc), so each block of paths does not fault its arrays in again.

The Monte Carlo allocates and frees the same few dozen arrays for every block of paths. By
default glibc gives blocks above 128 KiB their own fresh pages and returns them to the system
when freed (and trims the heap above 128 KiB of free space), so every block page-faults all of
its memory in again: measured, 4,500 faults and 40% of the engine's CPU time per block of
2,000 paths to 2050-51. Raising both thresholds (mallopt) lets the freed arrays be reused.
Peak memory does not grow (the same arrays are reused); freed memory stays with the process
until it ends. Elsewhere than glibc this does nothing.
"""

import ctypes
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 << 20     # glibc's largest: arrays below 32 MiB come from the reusable heap
TRIM_THRESHOLD_BYTES = 1 << 30      # give memory back only when 1 GiB lies free at the heap's top


def retain_freed_memory() -> bool:
    """Ask glibc to keep freed arrays for reuse; False where there is no glibc mallopt."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):   # no C library of that name, or no mallopt in it (musl)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))
