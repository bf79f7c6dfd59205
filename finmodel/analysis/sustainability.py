"""Sustainability gaps S1 and S2 (European Commission, Debt Sustainability Monitor), adapted to Hong Kong.

Net debt d = (debt - fiscal reserves) / GDP; p_t the primary balance / GDP (surplus positive) before the cost
of ageing, one-off receipts excluded; dA_t the cost of ageing [share of GDP]. With a constant interest
rate r and nominal growth g, lambda = (1 + r) / (1 + g), and a permanent change S in the primary balance
from the year after the base year (year 1):

    d_t = lambda d_{t-1} - (p_t - dA_t + S)

S1 (reach d* in year n):  S1 = IBP + DR + LTC with w_t = lambda^(n-t), W = sum_{t=1..n} w_t,
    IBP = (d_0 (lambda^n - 1) - sum w_t p_t) / W       (the initial budgetary position)
    DR  = (d_0 - d*) / W                                 (the debt requirement)
    LTC = sum w_t dA_t / W                               (the cost of ageing)
S2 (net debt stable over an infinite horizon; p and dA held after their last year T; needs r > g), with
k = (r - g)/(1 + g) and beta = 1 / lambda:
    IBP = k d_0 - k sum_{t=1..T} beta^t p_t - beta^T p_T
    LTC = k sum_{t=1..T} beta^t dA_t + beta^T dA_T
(with p constant these are the Commission's k d_0 - p_0 and its cost of ageing.) Where r - g is below
the stated floor the floor is used (where r <= g the sums diverge and any net debt is stable: S2 is not
defined), and the result says so. S is in pp of GDP; positive = a tightening is needed.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Gap:
    """A sustainability gap [pp of GDP] and its parts (adding up to it exactly)."""

    name: str
    value_pp: float
    initial_position_pp: float
    debt_requirement_pp: float
    ageing_pp: float
    note: str

    def to_dict(self) -> dict:
        return {"value_pp": float(self.value_pp), "initial_position_pp": float(self.initial_position_pp),
                "debt_requirement_pp": float(self.debt_requirement_pp), "ageing_pp": float(self.ageing_pp), "note": self.note}


def _paths(pb, ageing):
    """p and dA as arrays of one length: a scalar p is held, the shorter path held at its last value."""
    dA = np.atleast_1d(np.asarray(ageing, dtype=float))
    p = np.atleast_1d(np.asarray(pb, dtype=float))
    n = max(len(dA), len(p))
    return np.pad(p, (0, n - len(p)), mode="edge"), np.pad(dA, (0, n - len(dA)), mode="edge")


def s1(d0: float, pb, ageing: np.ndarray, r: float, g: float, target: float, name: str = "S1", note: str = "") -> Gap:
    """S1: the permanent change in p from year 1 that brings net debt to `target` in year n = len(ageing).

    d0, target, pb (p_1..p_n, or one p held), ageing (dA_1..dA_n): shares of GDP [decimal]; r, g decimals.
    """
    dA = np.asarray(ageing, dtype=float)
    n = len(dA)
    p = _paths(pb, dA)[0][:n]
    lam = (1.0 + r) / (1.0 + g)
    w = lam ** (n - np.arange(1, n + 1))
    W = w.sum()
    ibp = (d0 * (lam ** n - 1.0) - float(w @ p)) / W
    dr = (d0 - target) / W
    ltc = float(w @ dA) / W
    return Gap(name, 100.0 * (ibp + dr + ltc), 100.0 * ibp, 100.0 * dr, 100.0 * ltc, note)


def s2(d0: float, pb, ageing: np.ndarray, r_minus_g: float, g: float, floor: float) -> Gap:
    """S2: the permanent change in p from year 1 that keeps net debt stable over an infinite horizon.

    pb (p_1..p_T or one p) and ageing (dA_1..dA_T) held at their last values after T. r_minus_g below
    `floor` is replaced by the floor (said in the note).
    """
    used = max(r_minus_g, floor)
    note = (f"r - g of {100 * r_minus_g:.2f}pp is below the floor; {100 * used:.2f}pp used" if used > r_minus_g
            else f"r - g {100 * used:.2f}pp")
    p, dA = _paths(pb, ageing)
    T = len(dA)
    beta = (1.0 + g) / (1.0 + g + used)
    k = used / (1.0 + g)
    discount = beta ** np.arange(1, T + 1)
    ibp = k * d0 - k * float(discount @ p) - beta ** T * p[-1]
    ltc = k * float(discount @ dA) + beta ** T * dA[-1]
    return Gap("S2", 100.0 * (ibp + ltc), 100.0 * ibp, 0.0, 100.0 * ltc, note)


def simulate(d0: float, pb, ageing: np.ndarray, r: float, g: float, adjustment: float) -> np.ndarray:
    """The net-debt ratio path d_1..d_n under a permanent change `adjustment` [decimal]: the recursion of the docstring."""
    lam = (1.0 + r) / (1.0 + g)
    d, out = d0, []
    for p, dA in zip(*_paths(pb, ageing)):
        d = lam * d - (p + adjustment - dA)
        out.append(d)
    return np.array(out)
