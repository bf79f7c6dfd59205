"""Which cases of a batch share one engine call: a case's inputs against its group's, as shocks on the paths.

A case is validated as a scenario would be (its overrides merged into the inputs), giving its own
Assumptions. Where it differs from its group's (the same inputs without the case) only in lines the
engine takes per path, and only in years after the Budget's estimates (so the calibration to the
Budget, which reads the estimate years alone, is the same), the case is a path of the group's batch:

    nominal growth      g_case_t                   -> growth_pp_t = g_case_t - g_t
    reserves' rate      r_case_t                   -> investment_rate_add_t = r_case_t - r_t
    land premium        HK$ figure L_case_t        -> land_hkd_bn_t = L_case_t
                        share s_case_t of GDP      -> land_gdp_share_add_t = s_case_t - s_t (land_factor_t = 0 where the
                                                      inputs give a HK$ figure, so L_t = s_case_t * Y_t)
    capital works       K_case_t                   -> capex_factor_t = K_case_t / K_t, on the same growth rule (the years
                                                      each gives must be the same: the ratio is then growth-free)

Every other difference (inflation, recurrent growth, the ceiling, a rule, an estimate year, ...) makes
the case its own run: calibrated on itself and holding the fitted paths, exactly as `finmodel project
--scenario` builds it. Either way the case's figures are those of the scenario route.
"""

from dataclasses import dataclass, fields

import numpy as np

from finmodel.inputs.assumptions import Assumptions
from finmodel.model import budget

CHANNELS = ("nominal_growth", "investment_rate", "land_fixed_hkd_bn", "land_share_gdp", "capital_works_fixed_hkd_bn")
IGNORED = ("provenance", "input_hashes", "warnings", "fit", "fitted_plan", "budget_plan", "calibrated",
           "book", "peers")   # the opening book and the peers come from CSV tables no case column can name



@dataclass(frozen=True)
class PathShock:
    """One case as a path of its group's batch: each row (years,) in the engine's Shocks units."""

    growth_pp: np.ndarray
    investment_rate_add: np.ndarray
    land_hkd_bn: np.ndarray
    land_factor: np.ndarray
    land_gdp_share_add: np.ndarray
    capex_factor: np.ndarray


def neutral(n_years: int) -> PathShock:
    """The path of a case that changes nothing (the group's own run)."""
    z = np.zeros(n_years)
    return PathShock(z, z, np.full(n_years, np.nan), np.ones(n_years), z, np.ones(n_years))


def _same(x, y) -> bool:
    """Equal values, NaN equal to NaN, through arrays, dicts, tuples and dataclasses."""
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != y.shape:
            return False
        if x.dtype.kind in "fc" and y.dtype.kind in "fc":
            return bool(np.array_equal(x, y, equal_nan=True))
        return bool(np.array_equal(x, y))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    if isinstance(x, (tuple, list)) and isinstance(y, (tuple, list)):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y))
    if hasattr(x, "__dataclass_fields__") and type(x) is type(y):
        return all(_same(getattr(x, f.name), getattr(y, f.name)) for f in fields(x))
    return x == y


def differences(case: Assumptions, group: Assumptions) -> list:
    """The Assumptions fields in which a validated case differs from its validated group (the ones IGNORED aside)."""
    return [f.name for f in fields(Assumptions) if f.name not in IGNORED and not _same(getattr(case, f.name), getattr(group, f.name))]


def as_path(case: Assumptions, group: Assumptions) -> PathShock | None:
    """The case as a path of the group's batch (module docstring), or None when it must be its own run."""
    diff = differences(case, group)
    if any(d not in CHANNELS for d in diff):
        return None
    k = group.n_anchor
    for d in diff:
        if not _same(getattr(case, d)[:k], getattr(group, d)[:k]):
            return None          # an estimate year: the calibration to the Budget changes
    shock = neutral(group.n_years)
    growth = case.nominal_growth - group.nominal_growth
    rate = case.investment_rate - group.investment_rate
    land = _land(case, group)
    capex = _capex(case, group)
    if land is None or capex is None:
        return None
    return PathShock(growth, rate, *land, capex) if diff else shock


def _land(case: Assumptions, group: Assumptions):
    """(land_hkd_bn, land_factor, land_gdp_share_add) rows that turn the group's land premium into the case's."""
    T = group.n_years
    hkd, factor, add = np.full(T, np.nan), np.ones(T), np.zeros(T)
    fixed_c, fixed_g = case.land_fixed_hkd_bn, group.land_fixed_hkd_bn
    for t in range(group.n_anchor, T):
        if not np.isnan(fixed_c[t]):
            if not (fixed_c[t] == fixed_g[t]):
                hkd[t] = fixed_c[t]
        elif not np.isnan(fixed_g[t]):
            factor[t], add[t] = 0.0, case.land_share_gdp[t]
        else:
            add[t] = case.land_share_gdp[t] - group.land_share_gdp[t]
    if np.isnan(add).any():
        return None
    return hkd, factor, add


def _capex(case: Assumptions, group: Assumptions):
    """capex_factor_t = K_case_t / K_t on a flat growth path: the growth-free ratio when both give the same years."""
    if not _same(np.isnan(case.capital_works_fixed_hkd_bn), np.isnan(group.capital_works_fixed_hkd_bn)):
        return None
    flat = np.ones((1, group.n_years))
    k_case = budget.capital_works(case, flat)[0]
    k_group = budget.capital_works(group, flat)[0]
    same = k_case == k_group
    if np.any(~same & (k_group == 0.0)):
        return None
    return np.where(same, 1.0, k_case / np.where(k_group == 0.0, 1.0, k_group))
