"""The debt profile of pool A at each fiscal year-end (31 March), from the bond book, for all paths at once.

Computed after the year loop from what it returns (the opening book, the new cohorts `new_face_fc`
and the exchange rates), so the loop is untouched. Pure numpy, no I/O.

Every cohort outstanding at the end of year t is valued at year t's exchange rates (face_fc x fx_t,
as the ceiling counts it). With the book's convention that bonds are redeemed in the middle of their
maturity year, a cohort maturing in fiscal year m has m - t - 0.5 years to run at the end of year t.
With D_t the debt at the end of year t (the sum of the outstanding cohorts, = `debt_hkd_bn`):

    average_maturity_years_t    = sum_c face_c fx_c,t (m_c - t - 0.5) / D_t
    short_term_debt_share_pct_t = 100 * sum_{c: m_c = t + 1} face_c fx_c,t / D_t   (principal due next fiscal year)
    fx_debt_share_pct_t         = 100 * sum_{c: currency != HKD} face_c fx_c,t / D_t

A cohort is outstanding at the end of year t if it was issued in or before t and matures after t.
New cohorts issued in year s with tenor n mature in s + n. Each ratio is NaN where D_t is below HK$1.
"""

import numpy as np

HKD = 0  # currency index of the Hong Kong dollar (the order is HKD, RMB, USD, EUR)
NEGLIGIBLE_HKD_BN = 1e-9


def _opening(book, years: np.ndarray, n_currencies: int):
    """The opening book by currency at each year-end: (outstanding, outstanding x years to run, due next year), each (T, C)."""
    t = years[:, None]
    alive = (book.issue_year[None, :] <= t) & (book.maturity_year[None, :] > t)               # (T, cohorts)
    onehot = np.eye(n_currencies)[book.currency_idx]                                          # (cohorts, C)
    face = book.face_fc[None, :]
    stock = (alive * face) @ onehot
    years_to_run = (alive * face * (book.maturity_year[None, :] - t - 0.5)) @ onehot
    due = ((book.maturity_year[None, :] == t + 1) * face) @ onehot
    return stock, years_to_run, due


def _window_sum(x: np.ndarray, n: int) -> np.ndarray:
    """sum_{s = t-n+1}^{t} x_s for every t along axis 0 (terms before 0 are none), term by term per path."""
    c = np.cumsum(x, axis=0)
    out = c.copy()
    if n < x.shape[0]:
        out[n:] -= c[:-n]
    return out


def _new_cohorts(new_face: np.ndarray, mix, n_currencies: int):
    """New cohorts by currency at each year-end, in currency units: (outstanding, outstanding x years to run, due next year).

    new_face: (T, buckets, paths), F_{s,k}; returns three (T, C, paths) arrays.
    """
    T, K, P = new_face.shape
    stock = np.zeros((T, n_currencies, P))
    years_to_run = np.zeros((T, n_currencies, P))
    due = np.zeros((T, n_currencies, P))
    t = np.arange(T, dtype=float)[:, None]                             # the year index, as a column
    for k in range(K):
        n = int(mix.tenor_years[k])
        c = int(mix.currency_idx[k])
        f = new_face[:, k, :]                                          # (T, P)
        alive = _window_sum(f, n)                                      # issued in t-n+1 .. t
        # sum_s F_s (s + n - t - 0.5) = sum_s F_s s + (n - 0.5 - t) sum_s F_s
        years_to_run[:, c] += _window_sum(f * t, n) + (n - 0.5 - t) * alive
        stock[:, c] += alive
        if n <= T:                                                     # issued in t + 1 - n, due in t + 1
            due[n - 1:, c] += f[: T - n + 1]
    return stock, years_to_run, due


def indicators(o, a) -> dict:
    """The three debt-profile indicators of every path and year, (paths, years) each, from the engine's arrays.

    o needs `new_face_fc` (paths, years, buckets), `fx` (paths, years, currencies) and `debt_hkd_bn`;
    a: the run's Assumptions (the opening book, the issue mix, the years).
    """
    fx = np.ascontiguousarray(o.fx.transpose(1, 2, 0))                    # (T, C, P)
    new_face = np.ascontiguousarray(o.new_face_fc.transpose(1, 2, 0))     # (T, K, P)
    C = fx.shape[1]
    o_stock, o_run, o_due = _opening(a.book, np.asarray(a.years), C)
    n_stock, n_run, n_due = _new_cohorts(new_face, a.mix, C)

    def hkd(open_part, new_part):
        """(T, C) + (T, C, P) in currency units -> HK$ bn by currency, (T, C, P)."""
        return (open_part[:, :, None] + new_part) * fx

    stock = hkd(o_stock, n_stock)
    debt = stock.sum(axis=1).T                                                # (P, T)
    run = hkd(o_run, n_run).sum(axis=1).T
    due = hkd(o_due, n_due).sum(axis=1).T
    foreign = (stock.sum(axis=1) - stock[:, HKD, :]).T

    def share(num):
        out = np.full(num.shape, np.nan)
        np.divide(num, debt, out=out, where=np.abs(debt) >= NEGLIGIBLE_HKD_BN)
        return out

    return {
        "debt_outstanding_cohorts_hkd_bn": debt,
        "average_maturity_years": share(run),
        "short_term_debt_share_pct": 100.0 * share(due),
        "fx_debt_share_pct": 100.0 * share(foreign),
    }
