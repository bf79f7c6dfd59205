"""The projection engine: pure numpy, no I/O; one path or many (a leading path axis).

Pool A identities, per fiscal year t and path p (domain primer section 3):

    revenue_t              = land_premium_t + other_revenue_t + investment_income_t + one_off_receipts_t
    expenditure_t          = recurrent_t + capital_works_t + other_capital_t + interest_t
    balance_before_bonds_t = revenue_t - expenditure_t
    net_bond_proceeds_t    = gross_issuance_t - redemptions_t
    consolidated_balance_t = balance_before_bonds_t + net_bond_proceeds_t
    reserves_t             = reserves_{t-1} + consolidated_balance_t
    debt_t                 = debt_{t-1} + fx_revaluation_t + gross_issuance_t - redemptions_t
                           = sum of outstanding cohorts (face value at year-end FX)
    headroom_t             = ceiling_t - debt_t

Conventions: bonds are issued at par in the middle of the fiscal year and mature in the middle
of their maturity year, so a cohort pays half a year's coupon in its issue and maturity years
and a full coupon in between. Inflation-linked retail bonds pay max(guaranteed rate, inflation).
Investment income is earned on reserves at the start of the year. Year 0 is the Budget's
revised estimate: shocks apply from year 1.
"""

from dataclasses import dataclass

import numpy as np

from finmodel.inputs.assumptions import Assumptions

N_CURRENCIES = 4


@dataclass(frozen=True)
class Shocks:
    """Deviations from the assumptions, each broadcastable to (paths, years).

    growth_pp: added to nominal GDP growth [decimal] (other revenue follows through the buoyancy
    elasticity from year 1, the Budget-estimate year included); land_factor: multiplies land premium;
    yield_add: added to the yields of new issues [decimal]; capex_factor: multiplies capital works; fx_factor:
    multiplies non-HKD exchange rates; inflation_add [decimal]; investment_rate_add [decimal].
    issuance_hkd_bn and land_hkd_bn, when given, replace the plan's gross issuance and the
    land premium (HK$ bn; NaN entries keep the assumption) from year 1 on. land_gdp_share_add,
    when given, adds that share of the path's GDP [decimal] to land premium in every year from
    year 1, including years with a HK$ figure, floored at zero (the Monte Carlo land shock).
    """

    growth_pp: object = 0.0
    land_factor: object = 1.0
    yield_add: object = 0.0
    capex_factor: object = 1.0
    fx_factor: object = 1.0
    inflation_add: object = 0.0
    investment_rate_add: object = 0.0
    issuance_hkd_bn: object = None
    land_hkd_bn: object = None
    land_gdp_share_add: object = None
    n_paths: int = 1


def _paths(x, n_paths, n_years, neutral):
    """Broadcast a shock to (paths, years) with year 0 held at the neutral value."""
    arr = np.array(np.broadcast_to(np.asarray(x, dtype=float), (n_paths, n_years)), dtype=float)
    arr[:, 0] = neutral
    return arr


def _grow(fixed, factor):
    """Levels that take the fixed value where given, else last year's level times `factor`.

    fixed: (years,) with NaN where the rule applies; factor: (paths, years). A NaN in year 0
    starts the path at zero (used only before calibration fills the anchor years).
    """
    out = np.empty(factor.shape)
    out[:, 0] = 0.0 if np.isnan(fixed[0]) else fixed[0]
    for t in range(1, factor.shape[1]):
        out[:, t] = fixed[t] if not np.isnan(fixed[t]) else out[:, t - 1] * factor[:, t]
    return out


def _sum_buckets(x):
    """Sum (buckets or currencies, paths) over the first axis, term by term.

    Unlike matmul or einsum, the order of the additions never depends on the number of paths, so
    a path's numbers are bit-identical however many paths run beside it.
    """
    acc = x[0].copy()
    for k in range(1, x.shape[0]):
        acc += x[k]
    return acc


def project(a: Assumptions, shocks: Shocks | None = None) -> dict:
    """Project every flow and stock for all paths; return arrays of shape (paths, years).

    Also returns the new-issue cohort book `new_face_fc` (paths, years, buckets) and its coupons,
    and the opening book's own redemptions and interest (the workbook's What-if sheet starts from them).
    """
    s = shocks or Shocks()
    P, T = s.n_paths, a.n_years
    years = a.years
    mix, book = a.mix, a.book
    K = len(mix.share)

    growth = _paths(a.nominal_growth[None, :] + np.asarray(s.growth_pp, dtype=float), P, T, 0.0)
    gdp = a.gdp0_hkd_bn * np.cumprod(1.0 + growth, axis=1)
    gdp_factor = 1.0 + growth
    inflation = np.broadcast_to(a.inflation, (P, T)) + _paths(s.inflation_add, P, T, 0.0)

    land_base = np.where(np.isnan(a.land_fixed_hkd_bn), a.land_share_gdp * gdp, a.land_fixed_hkd_bn)
    land = land_base * _paths(s.land_factor, P, T, 1.0)
    if s.land_gdp_share_add is not None:
        # Every year from year 1, the Budget's HK$ figures included; land premium cannot go below zero.
        land = np.maximum(land + _paths(s.land_gdp_share_add, P, T, 0.0) * gdp, 0.0)
    if s.land_hkd_bn is not None:
        override = _paths(s.land_hkd_bn, P, T, np.nan)
        land = np.where(np.isnan(override), land, override)
    min_tax = _grow(a.minimum_tax_fixed_hkd_bn, gdp_factor)
    capex = _grow(a.capital_works_fixed_hkd_bn, gdp_factor) * _paths(s.capex_factor, P, T, 1.0)
    rec_factor = np.where(np.isnan(a.recurrent_growth), gdp_factor, 1.0 + a.recurrent_growth)
    recurrent = _grow(a.recurrent_fixed_hkd_bn, rec_factor)
    other_capital = _grow(a.other_capital_fixed_hkd_bn, gdp_factor)
    share_cap = ~np.isnan(a.other_capital_share_gdp)
    other_capital[:, share_cap] = a.other_capital_share_gdp[share_cap] * gdp[:, share_cap]
    # Buoyancy: other revenue follows the unshocked path times (GDP / unshocked GDP)^elasticity,
    # so a growth shock moves revenue from year 1, the Budget-estimate year included.
    growth_base = _paths(a.nominal_growth[None, :], 1, T, 0.0)
    gdp_base = a.gdp0_hkd_bn * np.cumprod(1.0 + growth_base, axis=1)
    base_other_rev = _grow(a.other_revenue_fixed_hkd_bn, (1.0 + growth_base) ** a.other_revenue_elasticity)
    other_revenue = base_other_rev * (gdp / gdp_base) ** a.other_revenue_elasticity + min_tax
    inv_rate = np.broadcast_to(a.investment_rate, (P, T)) + _paths(s.investment_rate_add, P, T, 0.0)

    # Year-major, bucket-major work arrays [year, bucket, path]: each path vector is contiguous.
    fx_y = np.array(np.broadcast_to(a.fx[:, :, None], (T, N_CURRENCIES, P)))          # (T, 4, P)
    fx_y[:, 1:, :] *= _paths(s.fx_factor, P, T, 1.0).T[:, None, :]

    # Opening book, aggregated by currency (the book is the same on every path).
    b_cur = book.currency_idx
    alive_start = (book.issue_year[None, :] < years[:, None]) & (book.maturity_year[None, :] >= years[:, None])
    matures = book.maturity_year[None, :] == years[:, None]
    weight_open = np.where(matures, 0.5, 1.0) * alive_start
    onehot = np.eye(N_CURRENCIES)[b_cur]                                     # (C0, 4)
    fixed = ~book.inflation_linked
    red_open_fc = (matures * book.face_fc) @ onehot                          # (T, 4)
    stock_start_open_fc = (alive_start * book.face_fc) @ onehot              # (T, 4)
    int_open_fixed_fc = (weight_open * (book.face_fc * book.coupon * fixed)) @ onehot
    linked_idx = np.flatnonzero(book.inflation_linked)

    new_yield = mix.yield_rate[None, :, None] + _paths(s.yield_add, P, T, 0.0).T[:, None, :]   # (T, K, P)
    new_face = np.zeros((T, K, P))
    out = {k: np.zeros((P, T)) for k in (
        "gross_issuance_hkd_bn", "desired_issuance_hkd_bn", "redemptions_hkd_bn", "interest_hkd_bn",
        "investment_income_hkd_bn", "fiscal_reserves_hkd_bn", "debt_hkd_bn", "fx_revaluation_hkd_bn",
        "ceiling_binds", "redemptions_opening_book_hkd_bn", "interest_opening_book_hkd_bn")}
    reserves_prev = np.full(P, a.opening_reserves_hkd_bn)
    debt_prev = np.full(P, a.opening_debt_hkd_bn)
    fx_prev = fx_y[0]
    tenors = mix.tenor_years
    linked_new = mix.inflation_linked
    linked_k = np.flatnonzero(linked_new)
    cols = np.arange(K)
    stock_fc = np.zeros((K, P))                     # face of new cohorts alive at the start of the year
    cash_fc = np.zeros((K, P))                      # their fixed coupon cash a year (face x yield)
    mat_fc = np.zeros((K, P))                       # face of new cohorts maturing this year
    mat_cash_fc = np.zeros((K, P))                  # their fixed coupon cash
    plan = np.broadcast_to(a.issuance_plan_hkd_bn, (P, T))
    if s.issuance_hkd_bn is not None:
        override = _paths(s.issuance_hkd_bn, P, T, np.nan)
        plan = np.where(np.isnan(override), plan, override)
    revenue_ex_inv = land + other_revenue + a.one_off_hkd_bn[None, :]
    nonint_exp = recurrent + capex + other_capital

    for t in range(T):
        fx_t = fx_y[t]                                                       # (4, P)
        fx_new = fx_t[mix.currency_idx]                                      # (K, P)
        infl_t = inflation[:, t]
        # Redemptions and revaluation of the cohorts outstanding at the start of the year.
        red = _sum_buckets(red_open_fc[t][:, None] * fx_t)
        reval = _sum_buckets(stock_start_open_fc[t][:, None] * (fx_t - fx_prev))
        interest_old = _sum_buckets(int_open_fixed_fc[t][:, None] * fx_t)
        for c in linked_idx:
            rate = np.maximum(book.coupon[c], infl_t)
            interest_old = interest_old + weight_open[t, c] * book.face_fc[c] * rate * fx_t[b_cur[c]]
        out["redemptions_opening_book_hkd_bn"][:, t] = red
        out["interest_opening_book_hkd_bn"][:, t] = interest_old
        if t > 0:
            # New cohorts alive at the start of year t, from running per-bucket sums (O(P*K) a year):
            #   red_t      = sum_k face[s = t - tenor_k, k] * fx_k
            #   reval_t    = sum_k stock_k * (fx_k,t - fx_k,t-1),  stock_k = sum of alive face
            #   interest_t = sum_k (cash_k - 0.5 * maturing cash_k) * fx_k   (fixed coupons)
            #              + sum over alive linked cohorts of face * max(yield, inflation_t) * w * fx
            red = red + _sum_buckets(mat_fc * fx_new)
            reval = reval + _sum_buckets(stock_fc * (fx_new - fx_prev[mix.currency_idx]))
            interest_old = interest_old + _sum_buckets((cash_fc - 0.5 * mat_cash_fc) * fx_new)
            for k in linked_k:
                for s_ in range(max(0, t - int(tenors[k])), t):
                    w = 0.5 if t - s_ == tenors[k] else 1.0
                    interest_old = interest_old + w * new_face[s_, k] * np.maximum(new_yield[s_, k], infl_t) * fx_new[k]
        coupon_now = new_yield[t].copy()
        coupon_now[linked_k] = np.maximum(coupon_now[linked_k], infl_t[None, :])
        c_new = 0.5 * _sum_buckets(coupon_now * mix.share[:, None])          # interest per HK$ issued this year
        inv_income = inv_rate[:, t] * reserves_prev
        debt_pre = debt_prev + reval - red
        if a.financing_rule == "gap" and t > 0:
            balance_ex_new = revenue_ex_inv[:, t] + inv_income - nonint_exp[:, t] - interest_old
            desired = np.maximum(0.0, (a.reserves_floor_hkd_bn - reserves_prev - balance_ex_new + red) / (1.0 - c_new))
        else:
            desired = plan[:, t].copy()
        if a.ceiling_policy == "cap":
            room = np.maximum(a.ceiling_hkd_bn[t] - debt_pre, 0.0)
            gross = np.minimum(desired, room)
        else:
            gross = desired
        face_t = new_face[t]
        face_t[...] = gross[None, :] * mix.share[:, None] / fx_new
        stock_fc += face_t - mat_fc
        cash_fc += face_t * new_yield[t] - mat_cash_fc
        cash_fc[linked_k] = 0.0
        if t + 1 < T:
            # The cohorts that mature next year: issued in year t + 1 - tenor_k.
            src = t + 1 - tenors
            due = (src >= 0).astype(float)[:, None]
            idx = np.maximum(src, 0)
            mat_fc = new_face[idx, cols] * due
            mat_cash_fc = mat_fc * new_yield[idx, cols]
            mat_cash_fc[linked_k] = 0.0
        out["gross_issuance_hkd_bn"][:, t] = gross
        out["desired_issuance_hkd_bn"][:, t] = desired
        out["ceiling_binds"][:, t] = desired > gross + 1e-9
        out["redemptions_hkd_bn"][:, t] = red
        out["fx_revaluation_hkd_bn"][:, t] = reval
        interest = interest_old + c_new * gross
        out["interest_hkd_bn"][:, t] = interest
        out["investment_income_hkd_bn"][:, t] = inv_income
        balance = revenue_ex_inv[:, t] + inv_income - nonint_exp[:, t] - interest
        reserves_prev = reserves_prev + balance + gross - red
        debt_prev = debt_pre + gross
        out["fiscal_reserves_hkd_bn"][:, t] = reserves_prev
        out["debt_hkd_bn"][:, t] = debt_prev
        fx_prev = fx_t

    # Returned with the path axis first: (paths, years, currencies) and (paths, years, buckets).
    out.update(
        nominal_gdp_hkd_bn=gdp, nominal_growth=growth, inflation=inflation, land_premium_hkd_bn=land,
        other_revenue_hkd_bn=other_revenue, minimum_tax_hkd_bn=min_tax,
        one_off_receipts_hkd_bn=np.broadcast_to(a.one_off_hkd_bn, (P, T)).copy(),
        recurrent_expenditure_hkd_bn=recurrent, capital_works_hkd_bn=capex, other_capital_hkd_bn=other_capital,
        fx=fx_y.transpose(2, 0, 1), new_face_fc=new_face.transpose(2, 0, 1), new_coupon=new_yield.transpose(2, 0, 1),
    )
    return _derive(out, a)


NEGLIGIBLE_HKD_BN = 1e-9  # HK$1: a stock below this is treated as none when it divides


def _ratio(num, den):
    """num / den, NaN where |den| is below HK$1 (an effective rate on no debt is undefined).

    A debt of a few HK$ (or 1e-308 bn) would otherwise give a rate of 1e300 or overflow.
    """
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=np.abs(den) >= NEGLIGIBLE_HKD_BN)
    return out


def _derive(o: dict, a: Assumptions) -> dict:
    """Add the accounting aggregates, burden ratios and the debt-dynamics decomposition.

    Decomposition (d, pb shares of GDP; i effective interest rate on opening debt; g nominal growth):
        d_t - d_{t-1} = (i_t - g_t) / (1 + g_t) * d_{t-1} - pb_t + sfa_t
    sfa_t is the residual, so the three contributions add up exactly to the change in the ratio.
    """
    o["revenue_hkd_bn"] = o["land_premium_hkd_bn"] + o["other_revenue_hkd_bn"] + o["investment_income_hkd_bn"] + o["one_off_receipts_hkd_bn"]
    o["recurring_revenue_hkd_bn"] = o["revenue_hkd_bn"] - o["one_off_receipts_hkd_bn"]
    o["expenditure_hkd_bn"] = o["recurrent_expenditure_hkd_bn"] + o["capital_works_hkd_bn"] + o["other_capital_hkd_bn"] + o["interest_hkd_bn"]
    o["balance_before_bonds_hkd_bn"] = o["revenue_hkd_bn"] - o["expenditure_hkd_bn"]
    o["net_bond_proceeds_hkd_bn"] = o["gross_issuance_hkd_bn"] - o["redemptions_hkd_bn"]
    o["consolidated_balance_hkd_bn"] = o["balance_before_bonds_hkd_bn"] + o["net_bond_proceeds_hkd_bn"]
    o["primary_balance_hkd_bn"] = o["balance_before_bonds_hkd_bn"] + o["interest_hkd_bn"] - o["investment_income_hkd_bn"]
    P, T = o["debt_hkd_bn"].shape
    o["ceiling_hkd_bn"] = np.broadcast_to(a.ceiling_hkd_bn, (P, T)).copy()
    o["headroom_hkd_bn"] = o["ceiling_hkd_bn"] - o["debt_hkd_bn"]
    o["ceiling_binds"] = np.maximum(o["ceiling_binds"], (o["headroom_hkd_bn"] < -1e-9).astype(float))
    o["beyond_mrf"] = np.broadcast_to((a.years > a.mrf_last_year).astype(float), (P, T)).copy()
    o["debt_pool_b_hkd_bn"] = np.full((P, T), a.pool_b_hkd_bn)
    o["debt_total_hkd_bn"] = o["debt_hkd_bn"] + o["debt_pool_b_hkd_bn"]
    gdp = o["nominal_gdp_hkd_bn"]
    o["debt_to_gdp_pct"] = 100.0 * o["debt_hkd_bn"] / gdp
    o["debt_total_to_gdp_pct"] = 100.0 * o["debt_total_hkd_bn"] / gdp
    o["net_debt_to_gdp_pct"] = 100.0 * (o["debt_hkd_bn"] - o["fiscal_reserves_hkd_bn"]) / gdp
    o["interest_to_revenue_pct"] = 100.0 * o["interest_hkd_bn"] / o["revenue_hkd_bn"]
    o["interest_to_recurring_revenue_pct"] = 100.0 * o["interest_hkd_bn"] / o["recurring_revenue_hkd_bn"]
    o["interest_to_gdp_pct"] = 100.0 * o["interest_hkd_bn"] / gdp
    o["primary_balance_pct_gdp"] = 100.0 * o["primary_balance_hkd_bn"] / gdp
    # GFN = net interest + amortisation - primary balance = redemptions - balance before bonds
    # (net interest: the primary balance excludes investment income as well as interest).
    o["gross_financing_need_hkd_bn"] = (o["interest_hkd_bn"] - o["investment_income_hkd_bn"] + o["redemptions_hkd_bn"]
                                        - o["primary_balance_hkd_bn"])
    o["gross_financing_need_pct_gdp"] = 100.0 * o["gross_financing_need_hkd_bn"] / gdp

    debt_open = np.concatenate([np.full((P, 1), a.opening_debt_hkd_bn), o["debt_hkd_bn"][:, :-1]], axis=1)
    gdp_prev = np.concatenate([np.full((P, 1), np.nan), gdp[:, :-1]], axis=1)
    g = o["nominal_growth"].copy()
    g[:, 0] = np.nan
    i = _ratio(o["interest_hkd_bn"], debt_open)
    d_prev = debt_open / gdp_prev
    d = o["debt_hkd_bn"] / gdp
    pb = o["primary_balance_hkd_bn"] / gdp
    o["effective_interest_rate_pct"] = 100.0 * i
    o["nominal_growth_pct"] = 100.0 * g
    o["contribution_interest_pp"] = 100.0 * i / (1.0 + g) * d_prev
    o["contribution_growth_pp"] = -100.0 * g / (1.0 + g) * d_prev
    o["contribution_interest_growth_pp"] = o["contribution_interest_pp"] + o["contribution_growth_pp"]
    o["contribution_primary_balance_pp"] = -100.0 * pb
    o["contribution_primary_balance_pp"][:, 0] = np.nan  # no decomposition without the year before's GDP
    o["change_debt_to_gdp_pp"] = 100.0 * (d - d_prev)
    o["contribution_sfa_pp"] = o["change_debt_to_gdp_pp"] - o["contribution_interest_growth_pp"] - o["contribution_primary_balance_pp"]
    o["debt_stabilising_primary_balance_pct_gdp"] = 100.0 * (i - g) / (1.0 + g) * d_prev
    return o
