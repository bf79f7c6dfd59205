"""The exact (Clopper-Pearson) interval of a binomial share k / n, and a stored table of it for small counts.

    low = B^-1(alpha / 2; k, n - k + 1)   (0 when k = 0),   high = B^-1(1 - alpha / 2; k + 1, n - k)   (1 when k = n)

B^-1 the inverse of the regularised incomplete beta function, alpha = 1 - confidence: the interval
`scipy.stats.binomtest(k, n).proportion_ci(method="exact")` gives, computed with `scipy.special.betaincinv`.

Why a table: `simulate` reports the coverage of the forecast record's errors with these intervals, for a few pair
counts (4 to 14 in the shipped record), in every run, and importing scipy.special costs ~0.15 s of a run of ~1 s.
So the 95% intervals for every n up to TABLE_MAX_N are kept in `clopper_pearson_95.csv` beside this module,
written from scipy by `python -m finmodel.analysis.binomial_interval` (the same `exact` function), and a test checks
that every figure in it is scipy's, bit for bit. Other counts and levels are computed with scipy as they come.
"""

import csv
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("clopper_pearson_95.csv")
TABLE_CONFIDENCE = 0.95
TABLE_MAX_N = 40     # the record holds 20 Budgets and a horizon at most one pair each: two decades to spare
COLUMNS = ("n", "k", "low", "high")


def exact(k: int, n: int, confidence: float) -> tuple:
    """(low, high) of the module's equation, from scipy.special (imported here: only where the table does not serve)."""
    from scipy.special import betaincinv

    alpha = 1.0 - confidence
    low = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, alpha / 2.0))
    high = 1.0 if k == n else float(betaincinv(k + 1, n - k, 1.0 - alpha / 2.0))
    return low, high


@lru_cache(maxsize=1)
def table() -> dict:
    """{(k, n): (low, high)}: the stored 95% intervals (floats written as Python writes them, read back exactly)."""
    with TABLE.open(newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return {(int(r["k"]), int(r["n"])): (float(r["low"]), float(r["high"])) for r in rows}


def clopper_pearson(k: int, n: int, confidence: float = TABLE_CONFIDENCE) -> tuple:
    """The exact interval (low, high) for k successes in n trials, as shares: from the table where it holds them
    (95%, n <= TABLE_MAX_N), else computed (`exact`); the same figures either way."""
    if not 0 <= k <= n or n < 1:
        raise ValueError(f"a binomial count needs 0 <= k <= n and n >= 1, not k={k}, n={n}")
    if confidence == TABLE_CONFIDENCE and n <= TABLE_MAX_N:
        return table()[k, n]
    return exact(k, n, confidence)


def table_rows(max_n: int = TABLE_MAX_N, confidence: float = TABLE_CONFIDENCE) -> list:
    """The table's rows, computed: every n from 1 to max_n and every k from 0 to n."""
    return [(n, k, *exact(k, n, confidence)) for n in range(1, max_n + 1) for k in range(n + 1)]


def write_table(path=TABLE) -> Path:
    """Write the stored table from scipy (run when scipy's figures or TABLE_MAX_N change; a test says when)."""
    lines = [",".join(COLUMNS)] + [f"{n},{k},{low!r},{high!r}" for n, k, low, high in table_rows()]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


if __name__ == "__main__":
    print(f"wrote {write_table()}")
