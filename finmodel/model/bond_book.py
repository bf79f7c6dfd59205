"""The pool A bond book: the opening cohorts and the new issues, year by year, for all paths at once.

Conventions: bonds are issued at par in the middle of the fiscal year and mature in the middle of
their maturity year, so a cohort pays half a year's coupon in its issue and maturity years and a
full coupon in between. Inflation-linked retail bonds pay max(guaranteed rate, inflation).
Foreign-currency cohorts count at HK$ equivalent face value: face_fc * fx (HK$ per unit).

Notation for the new cohorts, per bucket k of the issue mix: F_{s,k} the face issued in year s
(in the bucket's currency), c_{s,k} its coupon, n_k its tenor; a cohort issued in s matures in
s + n_k. Work arrays are bucket-major, (buckets, paths), so each path vector is contiguous.
Pure numpy, no I/O.
"""

from typing import NamedTuple

import numpy as np

from finmodel.inputs.assumptions import IssueMix, OpeningBook

N_CURRENCIES = 4


def _sum_buckets(x):
    """Sum (buckets or currencies, paths) over the first axis, term by term.

    Unlike matmul or einsum, the order of the additions never depends on the number of paths, so
    a path's numbers are bit-identical however many paths run beside it.
    """
    acc = x[0].copy()
    for k in range(1, x.shape[0]):
        acc += x[k]
    return acc


class YearFX(NamedTuple):
    """One year's exchange rates [HK$ per unit of currency]: by currency (4, paths) and by bucket (buckets, paths)."""

    currency: np.ndarray
    bucket: np.ndarray


class BondBook:
    """The opening book aggregated by currency and the running per-bucket sums of the new cohorts.

    Call, for each year t in order: `fx(...)`, then `redemptions`, `revaluation`,
    `interest_on_outstanding` and `interest_per_hkd_issued` (any order), then `issue(t, ...)`,
    then `advance(t, ...)`. Each step is O(buckets x paths) a year however many years have run.
    """

    def __init__(self, opening: OpeningBook, mix: IssueMix, years: np.ndarray, new_coupon: np.ndarray,
                 fx_open: np.ndarray):
        """opening: the cohorts outstanding before year 0; mix: the issue mix; years: (T,) fiscal years;
        new_coupon: (T, buckets, paths) coupon of each year's new issues [decimal]; fx_open: (4, paths)
        the year-0 exchange rates, against which year 0 revalues the opening book (no change).
        """
        T, K, P = new_coupon.shape
        self.opening = opening
        self.mix = mix
        self.new_coupon = new_coupon
        self.new_face = np.zeros((T, K, P))      # F_{s,k}: face issued in year s, bucket k [currency bn]

        # Opening book, aggregated by currency (the book is the same on every path).
        alive_start = ((opening.issue_year[None, :] < years[:, None])
                       & (opening.maturity_year[None, :] >= years[:, None]))
        matures = opening.maturity_year[None, :] == years[:, None]
        self.weight_open = np.where(matures, 0.5, 1.0) * alive_start              # (T, C0) coupon years
        onehot = np.eye(N_CURRENCIES)[opening.currency_idx]                        # (C0, 4)
        fixed = ~opening.inflation_linked
        self.red_open_fc = (matures * opening.face_fc) @ onehot                    # (T, 4)
        self.stock_start_open_fc = (alive_start * opening.face_fc) @ onehot        # (T, 4)
        self.int_open_fixed_fc = (self.weight_open * (opening.face_fc * opening.coupon * fixed)) @ onehot
        self.linked_open = np.flatnonzero(opening.inflation_linked)

        self.linked_k = np.flatnonzero(mix.inflation_linked)
        self._cols = np.arange(K)
        self.stock_fc = np.zeros((K, P))         # S_k: face of new cohorts alive at the start of the year
        self.cash_fc = np.zeros((K, P))          # C_k: their fixed coupon cash a year, sum of F * c
        self.mat_fc = np.zeros((K, P))           # M_k: face of new cohorts maturing this year
        self.mat_cash_fc = np.zeros((K, P))      # MC_k: their fixed coupon cash a year
        self._fx_prev = self.fx(fx_open)

    def fx(self, fx_currency: np.ndarray) -> YearFX:
        """The year's exchange rates by currency (4, paths) and by bucket: fx_k = fx_{currency(k)}."""
        return YearFX(fx_currency, fx_currency[self.mix.currency_idx])

    def redemptions(self, t: int, fx: YearFX):
        """Principal redeemed in year t [HK$ bn]: (opening book's part, total).

        Red_t = sum_c R^open_{t,c} fx_{c,t} + sum_k M_{k,t} fx_{k,t}, with M_{k,t} = F_{t-n_k,k}.
        """
        red_open = _sum_buckets(self.red_open_fc[t][:, None] * fx.currency)
        red = red_open
        if t > 0:
            red = red + _sum_buckets(self.mat_fc * fx.bucket)
        return red_open, red

    def revaluation(self, t: int, fx: YearFX):
        """FX revaluation of the face outstanding at the start of year t [HK$ bn].

        Reval_t = sum_c S^open_{t,c} (fx_{c,t} - fx_{c,t-1}) + sum_k S_{k,t} (fx_{k,t} - fx_{k,t-1}).
        """
        prev = self._fx_prev
        reval = _sum_buckets(self.stock_start_open_fc[t][:, None] * (fx.currency - prev.currency))
        if t > 0:
            reval = reval + _sum_buckets(self.stock_fc * (fx.bucket - prev.bucket))
        return reval

    def interest_on_outstanding(self, t: int, fx: YearFX, inflation: np.ndarray):
        """Interest in year t on the cohorts outstanding at its start [HK$ bn]: (opening book's part, total).

        I_t = sum_c Ifixed^open_{t,c} fx_{c,t} + sum over linked opening cohorts of w face max(coupon, pi_t) fx
            + sum_k (C_k - 0.5 MC_k) fx_{k,t}
            + sum over linked new cohorts (s, k) alive of w F_{s,k} max(c_{s,k}, pi_t) fx_{k,t},
        w = 0.5 in the maturity year, else 1; inflation pi_t: (paths,) [decimal].
        """
        opening = self.opening
        interest = _sum_buckets(self.int_open_fixed_fc[t][:, None] * fx.currency)
        for c in self.linked_open:
            rate = np.maximum(opening.coupon[c], inflation)
            interest = interest + self.weight_open[t, c] * opening.face_fc[c] * rate * fx.currency[opening.currency_idx[c]]
        interest_open = interest
        if t > 0:
            interest = interest + _sum_buckets((self.cash_fc - 0.5 * self.mat_cash_fc) * fx.bucket)
            tenors = self.mix.tenor_years
            for k in self.linked_k:
                for s in range(max(0, t - int(tenors[k])), t):
                    w = 0.5 if t - s == tenors[k] else 1.0
                    interest = interest + w * self.new_face[s, k] * np.maximum(self.new_coupon[s, k], inflation) * fx.bucket[k]
        return interest_open, interest

    def interest_per_hkd_issued(self, t: int, inflation: np.ndarray):
        """Interest in year t per HK$ issued in year t (half a year's coupon), (paths,) [decimal].

        c_t = 0.5 * sum_k c_{t,k} w_k, with w_k the mix share and c_{t,k} = max(c_{t,k}, pi_t) for linked buckets.
        """
        coupon, share, linked = self.new_coupon[t], self.mix.share, self.linked_k
        weighted = coupon * share[:, None]
        weighted[linked] = np.maximum(coupon[linked], inflation[None, :]) * share[linked, None]
        return 0.5 * _sum_buckets(weighted)

    def issue(self, t: int, gross: np.ndarray, fx: YearFX):
        """Issue gross HK$ bn (paths,) in year t across the mix: F_{t,k} = G_t w_k / fx_{k,t} [currency bn]."""
        face_t = self.new_face[t]
        face_t[...] = gross[None, :] * self.mix.share[:, None] / fx.bucket

    def advance(self, t: int, fx: YearFX):
        """Roll the running sums from the start of year t to the start of year t + 1.

        S_k += F_{t,k} - M_{k,t};  C_k += F_{t,k} c_{t,k} - MC_{k,t} (0 for linked buckets);
        M_{k,t+1} = F_{t+1-n_k,k} (0 if issued before year 0), MC_{k,t+1} = M_{k,t+1} c_{t+1-n_k,k};
        year t's exchange rates become the previous year's.
        """
        face_t = self.new_face[t]
        self.stock_fc += face_t - self.mat_fc
        self.cash_fc += face_t * self.new_coupon[t] - self.mat_cash_fc
        self.cash_fc[self.linked_k] = 0.0
        if t + 1 < self.new_face.shape[0]:
            src = t + 1 - self.mix.tenor_years
            due = (src >= 0).astype(float)[:, None]
            idx = np.maximum(src, 0)
            rows = idx * len(self._cols) + self._cols                  # (year, bucket) rows of the flattened books
            self.mat_fc = np.take(self.new_face.reshape(-1, self.new_face.shape[2]), rows, axis=0) * due
            self.mat_cash_fc = self.mat_fc * np.take(self.new_coupon.reshape(-1, self.new_coupon.shape[2]), rows, axis=0)
            self.mat_cash_fc[self.linked_k] = 0.0
        self._fx_prev = fx
