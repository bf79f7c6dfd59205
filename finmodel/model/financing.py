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


def issuance_to_floor(floor, *, reserves_prev, revenue, spending, interest_outstanding, redemptions, interest_per_hkd_issued):
    """The issuance that leaves reserves exactly at `floor`, never negative [HK$ bn], (paths,).

    With B_t = revenue_t - spending_t - I^out_t (the balance before interest on the new issue) and
    interest c_t G on the new issue, reserves_t = R_{t-1} + B_t - c_t G + G - Red_t = floor gives
        G_t = max(0, (floor - R_{t-1} - B_t + Red_t) / (1 - c_t)).
    revenue includes investment income; spending is non-interest expenditure.
    """
    balance_ex_new = revenue - spending - interest_outstanding
    return np.maximum(0.0, (floor - reserves_prev - balance_ex_new + redemptions) / (1.0 - interest_per_hkd_issued))


def floor_from_months(months: float, spending, interest_outstanding):
    """The risk rule's reserves floor F_t = months / 12 x (non-interest spending_t + interest on debt outstanding_t) [HK$ bn]."""
    return months / 12.0 * (spending + interest_outstanding)


def negative_reserves_rate(rate, yield_add):
    """The rate paid on negative fiscal reserves (paths, years) [decimal]: the stated rate_t plus the new-issue yield shock_t.

    A shortfall of reserves is borrowed at the Government's own marginal rate, so a rates shock
    moves it one for one (`fiscal.yaml` negative_reserves_rate_pct says why and where the rate comes from).
    """
    return np.broadcast_to(rate, np.shape(yield_add)) + yield_add


def negative_reserves_interest(rate, reserves_open):
    """Interest on negative (unfunded) fiscal reserves in one year [HK$ bn], (paths,).

        J_t = rate_t x max(-R_{t-1}, 0)
    paid on the shortfall at the start of the year (as investment income is earned on opening positive
    reserves, inv_t = r_t x max(R_{t-1}, 0)), so nothing is paid in a year that opens with reserves at or above zero.
    """
    return rate * np.maximum(-np.asarray(reserves_open, dtype=float), 0.0)


RULES = ("risk", "plan", "gap", "borrow")
BUFFER_RULES = ("risk", "plan", "gap")     # reserves are the first buffer: a shock lands on them
PATH_RULE = "plan"                         # the borrow rule's reserves path is this rule's, without shocks


def desired_issuance(rule: str, plan, *, beyond_mrf: bool, reserves_floor_hkd_bn, reserves_floor_months, reserves_prev,
                     revenue, spending, interest_outstanding, redemptions, interest_per_hkd_issued, reserves_path_hkd_bn=None):
    """Gross issuance the rule asks for in one year, before the ceiling [HK$ bn], (paths,).

    plan (and every rule in the Budget's own years, which the engine passes as "plan"): G*_t = plan_t.
    gap: G*_t = the issuance to the HK$ floor (`issuance_to_floor`).
    risk: G*_t = max(floor of issuance, the issuance to the months-of-spending floor); the floor
    of issuance is the plan within the MRF and the principal falling due after it (maturities
    are refinanced, so debt is rolled over at least).
    borrow (shortfalls borrowed): G*_t = max(plan_t, the issuance to R*_t), R*_t the plan's own
    reserves path (`reserves_path_hkd_bn`: the plan rule without shocks); that is the plan plus
    the shortfall of reserves against R*_t, so reserves_t = R*_t whenever issuance exceeds the
    plan, and a surplus above R*_t stays in reserves (issuance never falls below the plan).
    """
    flows = dict(reserves_prev=reserves_prev, revenue=revenue, spending=spending, interest_outstanding=interest_outstanding,
                 redemptions=redemptions, interest_per_hkd_issued=interest_per_hkd_issued)
    if rule == "gap":
        return issuance_to_floor(reserves_floor_hkd_bn, **flows)
    if rule == "borrow":
        return np.maximum(plan, issuance_to_floor(reserves_path_hkd_bn, **flows))
    if rule == "risk":
        base = redemptions if beyond_mrf else plan
        floor = floor_from_months(reserves_floor_months, spending, interest_outstanding)
        return np.maximum(base, issuance_to_floor(floor, **flows))
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
