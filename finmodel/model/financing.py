"""The financing rule: how much pool A issues each year, before and after the ceiling (primer section 5).

Pure numpy, no I/O; every array is (paths,) for one year or (paths, years).
"""

import numpy as np


def planned_issuance(plan_hkd_bn: np.ndarray, override, n_paths: int) -> np.ndarray:
    """The plan's gross issuance (years,) on every path, replaced by override (paths, years) where not NaN [HK$ bn]."""
    plan = np.broadcast_to(plan_hkd_bn, (n_paths, len(plan_hkd_bn)))
    if override is not None:
        plan = np.where(np.isnan(override), plan, override)
    return plan


def desired_issuance(rule: str, t: int, plan, *, reserves_floor, reserves_prev, revenue, spending,
                     interest_outstanding, redemptions, interest_per_hkd_issued):
    """Gross issuance the rule asks for in year t, before the ceiling [HK$ bn], (paths,).

    plan (and every rule in the Budget's own years, which the engine passes as "plan"): G*_t = plan_t.
    gap: the issuance that leaves reserves exactly at the floor, never negative. With
    B_t = revenue_t - spending_t - I^out_t (the balance before interest on the new issue) and
    interest c_t G on the new issue, reserves_t = R_{t-1} + B_t - c_t G + G - Red_t = floor gives
        G*_t = max(0, (floor - R_{t-1} - B_t + Red_t) / (1 - c_t)).
    revenue includes investment income; spending is non-interest expenditure.
    """
    if rule == "gap" and t > 0:
        balance_ex_new = revenue - spending - interest_outstanding
        return np.maximum(0.0, (reserves_floor - reserves_prev - balance_ex_new + redemptions) / (1.0 - interest_per_hkd_issued))
    return plan.copy()


def capped_issuance(policy: str, desired, ceiling, debt_before_issue):
    """Gross issuance after the ceiling policy [HK$ bn], (paths,).

    cap: G_t = min(G*_t, max(ceiling_t - D^pre_t, 0)), with D^pre_t = D_{t-1} + Reval_t - Red_t the
    face outstanding before this year's issue; the shortfall is drawn from reserves.
    breach: G_t = G*_t (the uncapped path).
    """
    if policy == "cap":
        room = np.maximum(ceiling - debt_before_issue, 0.0)
        return np.minimum(desired, room)
    return desired
