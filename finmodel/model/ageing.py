"""Ageing-driven spending and the workforce's revenue: population by age times age-cost profiles.

Population (published points, linear between them): total N_t and aged 65+ O_t; children C_t = c_t N_t
(a derived share); working age W_t = N_t - O_t - C_t. For a function f with cost per head w_g by group g,

    D_f,t     = sum_g w_f,g pop_g,t                                   (cost-weighted heads)
    s_f,t     = s_f,b * (D_f,t / N_t) / (D_f,b / N_b) * (1 + drift_f)^(t - b)      [share of GDP]

cost per head grows with nominal GDP per head (the Ageing Report convention), so a share moves only
with the age structure and the drift. Beyond the MRF, recurrent spending adds sum_f (s_f,t - s_f,M) x Y_t
(M the MRF's last year): non-age-related spending stays at its MRF share. Salaries tax, a share x of GDP,
moves with the working-age share: other revenue adds x * ((W_t/N_t) / (W_M/N_M) - 1) * Y_t.
"""

import numpy as np

from finmodel.inputs.long_run import GROUPS, LongRun


def population(lr: LongRun, years) -> np.ndarray:
    """Population [millions] (3 groups: children, working age, 65+; years) at the mid-years `years`."""
    y = np.asarray(years, dtype=float)
    total = np.interp(y, lr.pop_years, lr.pop_total_mn)
    old = np.interp(y, lr.pop_years, lr.pop_65_mn)
    children = np.interp(y, lr.child_years, lr.child_share) * total
    return np.stack([children, total - old - children, old])


def _wg_population(lr: LongRun, year: int) -> np.ndarray:
    """The Working Group's population (3,) in one of its two years (children from the derived share)."""
    i = lr.wg_years.index(year)
    total, old = lr.wg_total_mn[i], lr.wg_65_mn[i]
    children = float(np.interp(year, lr.child_years, lr.child_share)) * total
    return np.array([children, total - old - children, old])


def _base_population(lr: LongRun, year: int) -> np.ndarray:
    """The population of a function's base year: the Working Group's in its base year, else the projections'."""
    return _wg_population(lr, year) if year in lr.wg_years else population(lr, [year])[:, 0]


def shares(lr: LongRun, years) -> np.ndarray:
    """Age-related spending by function [share of GDP], (functions, years): s_f,t of the module docstring."""
    pop = population(lr, years)
    out = np.empty((len(lr.functions), len(pop[0])))
    for i, f in enumerate(lr.functions):
        base = _base_population(lr, f.base_year)
        per_head_base = f.cost_per_head @ base / base.sum()
        per_head = f.cost_per_head @ pop / pop.sum(axis=0)
        out[i] = f.base_share_gdp * per_head / per_head_base * (1.0 + f.drift) ** (np.asarray(years) - f.base_year)
    return out


def by_group(lr: LongRun, years) -> np.ndarray:
    """Each function's share split by age group [share of GDP], (functions, groups, years); sums over groups to `shares`."""
    pop = population(lr, years)
    total = shares(lr, years)
    weighted = np.stack([f.cost_per_head[:, None] * pop for f in lr.functions])     # (F, G, T)
    heads = weighted.sum(axis=1, keepdims=True)
    return total[:, None, :] * np.divide(weighted, heads, out=np.zeros_like(weighted), where=heads > 0)


def decomposition(lr: LongRun, years, base_year: int) -> dict:
    """The change in each function's share from `base_year` [share of GDP], (functions, years), in three parts adding up exactly.

        s_t - s_b = s_b (a - 1)  [demography]  +  s_b (c - 1)  [cost drift]  +  s_b (a - 1)(c - 1)  [both]
    with a = (D_t/N_t)/(D_b/N_b) and c = (1 + drift)^(t - b).
    """
    s, sb = shares(lr, years), shares(lr, [base_year])
    drift = np.array([(1.0 + f.drift) ** (np.asarray(years) - base_year) for f in lr.functions])
    demo = s / drift / sb                      # a
    return {"change": s - sb, "demography": sb * (demo - 1.0), "cost_drift": sb * (drift - 1.0),
            "interaction": sb * (demo - 1.0) * (drift - 1.0)}


def working_group_check(lr: LongRun) -> dict:
    """Each Working Group function's amount in its target year [HK$ bn, constant base-year prices] on its own basis.

    Cost per head constant in real terms (its no-enhancement scenario): X_T = X_b * D_T / D_b * (1 + drift)^(T - b),
    with the Working Group's population. Returns {function: (model, published)}.
    """
    b, t = lr.wg_years
    pb, pt = _wg_population(lr, b), _wg_population(lr, t)
    out = {}
    for f in lr.functions:
        if f.name in lr.wg_spending_hkd_bn:
            base, published = lr.wg_spending_hkd_bn[f.name]
            out[f.name] = (base * (f.cost_per_head @ pt) / (f.cost_per_head @ pb) * (1.0 + f.drift) ** (t - b), published)
    return out


def working_age_share(lr: LongRun, years) -> np.ndarray:
    """W_t / N_t, (years,)."""
    pop = population(lr, years)
    return pop[GROUPS.index("working_age")] / pop.sum(axis=0)


def beyond_mrf_adjustments(lr: LongRun, years, mrf_last_year: int) -> tuple:
    """(recurrent add, revenue add) [share of GDP], each (years,), zero up to the MRF's last year.

    recurrent add_t = sum_f (s_f,t - s_f,M); revenue add_t = x ((W_t/N_t) / (W_M/N_M) - 1), t > M.
    """
    years = np.asarray(years)
    later = years > mrf_last_year
    spend = shares(lr, years).sum(axis=0) - shares(lr, [mrf_last_year]).sum()
    wa = working_age_share(lr, years) / working_age_share(lr, [mrf_last_year])[0] - 1.0
    return np.where(later, spend, 0.0), np.where(later, lr.salaries_tax_share_gdp * wa, 0.0)
