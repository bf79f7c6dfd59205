"""Debts guaranteed by the Government as a contingent liability: the calls a stress makes and what is at risk.

The stock G outstanding (long_run.yaml, held flat) is called at a default rate q: a deterministic stress calls
q G in the stress year; the Monte Carlo draws calls, per path and year, at q uniform between the past
schemes' rates (7.5-12%) in each year with a stated probability. Calls are paid as non-recurrent spending (`engine.Shocks.guarantee_calls_hkd_bn`),
so reserves fall by exactly the amount called in that year (less any borrowing the financing rule adds).
"""

import numpy as np

from finmodel.inputs.assumptions import Assumptions


def stress_calls(a: Assumptions, rate: float) -> np.ndarray:
    """Calls [HK$ bn], (years,): rate x G in the long run's stress year, zero in every other year."""
    calls = np.zeros(a.n_years)
    lr = a.long_run
    hit = np.flatnonzero(a.years == lr.stress_year)
    calls[hit] = rate * lr.guarantees_hkd_bn
    return calls


def at_risk(a: Assumptions, rate: float) -> np.ndarray:
    """Guarantees at risk [HK$ bn], (years,): rate x G, the loss the past schemes' default rate implies."""
    return np.full(a.n_years, rate * a.long_run.guarantees_hkd_bn)


def drawn_calls(a: Assumptions, rng: np.random.Generator, n_paths: int) -> np.ndarray:
    """Calls [HK$ bn], (paths, years): in each year from year 1, with the stated probability, q G with q drawn
    uniformly between the low and high default rates; none in year 0 (the Budget's revised estimate)."""
    lr = a.long_run
    hit = rng.random((n_paths, a.n_years - 1)) < lr.call_probability
    rate = rng.uniform(lr.default_rate_low, lr.default_rate_high, size=(n_paths, a.n_years - 1))
    calls = np.zeros((n_paths, a.n_years))
    calls[:, 1:] = np.where(hit, rate * lr.guarantees_hkd_bn, 0.0)
    return calls
