"""A plain-numpy reference of the engine's Monte Carlo arithmetic, to time the engine core against.

One flat function, no classes, no dicts in the loop, every work array allocated once: the same
operations, in the same order, as `finmodel.model.engine.project(a, shocks, lean=True)`
(budget flows, the bond book's cohort sums, the risk financing rule, the ceiling), returning the
seven outputs the Monte Carlo summarises. `bench_engine.py` checks that the two agree bit for
bit on every path and times them. Covers the shocks the Monte Carlo draws (growth, inflation,
land factor, new-issue yields, revenue factor, FX by currency); the others must be neutral.
"""

import numpy as np


def _paths(x, n_paths, n_years, neutral):
    arr = np.array(np.broadcast_to(np.asarray(x, dtype=float), (n_paths, n_years)), dtype=float)
    arr[:, 0] = neutral
    return arr


def _grow(fixed, factor):
    out = np.empty(factor.shape)
    out[:, 0] = 0.0 if np.isnan(fixed[0]) else fixed[0]
    for t in range(1, factor.shape[1]):
        out[:, t] = fixed[t] if not np.isnan(fixed[t]) else out[:, t - 1] * factor[:, t]
    return out


def _zeros_if_none(x, n):
    return np.zeros(n) if x is None else x


def _seq_sum(rows, out):
    """out = rows[0] + rows[1] + ... in that order (the engine's bucket-sum order)."""
    np.copyto(out, rows[0])
    for k in range(1, rows.shape[0]):
        out += rows[k]
    return out


def project_risk(a, s) -> dict:
    """debt, debt-to-GDP, reserves, headroom, interest-to-revenue, ceiling_binds, reserves_below_floor: (paths, years)."""
    assert s.issuance_hkd_bn is None and s.land_hkd_bn is None and s.land_gdp_share_add is None
    assert np.all(np.asarray(s.capex_factor) == 1.0) and np.all(np.asarray(s.investment_rate_add) == 0.0)
    P, T = s.n_paths, a.n_years
    mix, book = a.mix, a.book
    K = len(mix.share)

    # Budget flows before bonds, (paths, years).
    growth = _paths(a.nominal_growth[None, :] + np.asarray(s.growth_pp, dtype=float), P, T, 0.0)
    gdp = a.gdp0_hkd_bn * np.cumprod(1.0 + growth, axis=1)
    gdp_factor = 1.0 + growth
    inflation = np.broadcast_to(a.inflation, (P, T)) + _paths(s.inflation_add, P, T, 0.0)
    land_base = np.where(np.isnan(a.land_fixed_hkd_bn), a.land_share_gdp * gdp, a.land_fixed_hkd_bn)
    land = land_base * _paths(s.land_factor, P, T, 1.0)
    min_tax = _grow(a.minimum_tax_fixed_hkd_bn, gdp_factor)
    growth_base = _paths(a.nominal_growth[None, :], 1, T, 0.0)
    gdp_base = a.gdp0_hkd_bn * np.cumprod(1.0 + growth_base, axis=1)
    base_other = _grow(a.other_revenue_fixed_hkd_bn, (1.0 + growth_base) ** a.other_revenue_elasticity)
    other_revenue = base_other * (gdp / gdp_base) ** a.other_revenue_elasticity * _paths(s.revenue_factor, P, T, 1.0)
    other_non_op = _grow(_zeros_if_none(a.other_non_operating_revenue_fixed_hkd_bn, T), gdp_factor)
    one_off = np.broadcast_to(a.one_off_hkd_bn, (P, T))
    one_off_non_op = np.broadcast_to(_zeros_if_none(a.one_off_non_operating_hkd_bn, T), (P, T))
    rec_factor = np.where(np.isnan(a.recurrent_growth), gdp_factor, 1.0 + a.recurrent_growth)
    surprise = inflation - a.inflation[None, :]
    if np.any(surprise) and a.recurrent_inflation_elasticity:
        rec_factor = rec_factor * (1.0 + a.recurrent_inflation_elasticity * surprise)
    recurrent = _grow(a.recurrent_fixed_hkd_bn, rec_factor)
    non_recurrent = _grow(_zeros_if_none(a.non_recurrent_fixed_hkd_bn, T), gdp_factor)
    measures = _grow(_zeros_if_none(a.unidentified_measures_hkd_bn, T), gdp_factor)
    capex = _grow(a.capital_works_fixed_hkd_bn, gdp_factor)
    other_capital = _grow(a.other_capital_fixed_hkd_bn, gdp_factor)
    share_cap = ~np.isnan(a.other_capital_share_gdp)
    other_capital[:, share_cap] = a.other_capital_share_gdp[share_cap] * gdp[:, share_cap]
    inv_rate = np.broadcast_to(a.investment_rate, (P, T)) + _paths(0.0, P, T, 0.0)
    revenue_ex_inv = land + other_revenue + min_tax + other_non_op + one_off
    nonint_exp = recurrent + non_recurrent - measures + capex + other_capital

    # Year-major market inputs: exchange rates (T, 4, P), new-issue coupons (T, K, P).
    fx_y = np.array(np.broadcast_to(a.fx[:, :, None], (T, 4, P)))
    f = np.asarray(s.fx_factor, dtype=float)
    if f.ndim == 3:
        f3 = np.array(np.broadcast_to(f, (P, T, 3)))
        f3[:, 0, :] = 1.0
        fx_y[:, 1:, :] *= f3.transpose(1, 2, 0)
    else:
        fx_y[:, 1:, :] *= _paths(f, P, T, 1.0).T[:, None, :]
    coupon = mix.yield_rate[None, :, None] + np.ascontiguousarray(_paths(s.yield_add, P, T, 0.0).T)[:, None, :]
    plan = a.issuance_plan_hkd_bn

    # The opening book by currency, year by year (the same on every path).
    years = a.years
    alive = (book.issue_year[None, :] < years[:, None]) & (book.maturity_year[None, :] >= years[:, None])
    matures = book.maturity_year[None, :] == years[:, None]
    w_open = np.where(matures, 0.5, 1.0) * alive
    onehot = np.eye(4)[book.currency_idx]
    red_open_fc = (matures * book.face_fc) @ onehot
    stock_open_fc = (alive * book.face_fc) @ onehot
    int_open_fc = (w_open * (book.face_fc * book.coupon * ~book.inflation_linked)) @ onehot
    linked_open = np.flatnonzero(book.inflation_linked)
    linked = np.flatnonzero(mix.inflation_linked)
    cur, share, tenor = mix.currency_idx, mix.share, mix.tenor_years
    cols = np.arange(K)

    # Work arrays, allocated once.
    face = np.zeros((T, K, P))
    stock, cash, mat, mat_cash = (np.zeros((K, P)) for _ in range(4))
    fx_b, fx_b_prev, kp, kp2 = (np.empty((K, P)) for _ in range(4))
    c4 = np.empty((4, P))
    acc = np.empty(P)
    debt_t, res_t = np.empty((T, P)), np.empty((T, P))
    interest_t, inv_t, floor_t, binds_t = np.empty((T, P)), np.empty((T, P)), np.empty((T, P)), np.empty((T, P))
    reserves = np.full(P, a.opening_reserves_hkd_bn)
    debt = np.full(P, a.opening_debt_hkd_bn)
    np.take(fx_y[0], cur, axis=0, out=fx_b_prev)
    rule_from = max(1, a.n_anchor)
    for t in range(T):
        fx_c, infl = fx_y[t], inflation[:, t]
        np.take(fx_c, cur, axis=0, out=fx_b)
        np.multiply(red_open_fc[t][:, None], fx_c, out=c4)
        red_open = _seq_sum(c4, np.empty(P))
        prev_c = fx_y[t - 1] if t > 0 else fx_y[0]
        np.subtract(fx_c, prev_c, out=c4)
        c4 *= stock_open_fc[t][:, None]
        reval = _seq_sum(c4, np.empty(P))
        np.multiply(int_open_fc[t][:, None], fx_c, out=c4)
        interest_out = _seq_sum(c4, np.empty(P))
        for c in linked_open:
            interest_out = interest_out + w_open[t, c] * book.face_fc[c] * np.maximum(book.coupon[c], infl) * fx_c[book.currency_idx[c]]
        red = red_open
        if t > 0:
            np.multiply(mat, fx_b, out=kp)
            red = red_open + _seq_sum(kp, acc)
            np.subtract(fx_b, fx_b_prev, out=kp)
            kp *= stock
            reval = reval + _seq_sum(kp, acc)
            np.multiply(mat_cash, 0.5, out=kp)
            np.subtract(cash, kp, out=kp)
            kp *= fx_b
            interest_out = interest_out + _seq_sum(kp, acc)
            for k in linked:
                for s_ in range(max(0, t - int(tenor[k])), t):
                    w = 0.5 if t - s_ == tenor[k] else 1.0
                    interest_out = interest_out + w * face[s_, k] * np.maximum(coupon[s_, k], infl) * fx_b[k]
        inv_income = inv_rate[:, t] * np.maximum(reserves, 0.0)
        revenue = revenue_ex_inv[:, t] + inv_income
        np.copyto(kp, coupon[t])
        kp[linked] = np.maximum(kp[linked], infl[None, :])
        kp *= share[:, None]
        c_new = 0.5 * _seq_sum(kp, acc)
        debt_pre = debt + reval - red
        spending = nonint_exp[:, t]
        if t >= rule_from and a.financing_rule in ("gap", "risk"):
            floor = (a.reserves_floor_hkd_bn if a.financing_rule == "gap"
                     else a.reserves_floor_months / 12.0 * (spending + interest_out))
            to_floor = np.maximum(0.0, (floor - reserves - (revenue - spending - interest_out) + red) / (1.0 - c_new))
            desired = to_floor if a.financing_rule == "gap" else np.maximum(
                red if a.years[t] > a.mrf_last_year else plan[t], to_floor)
        else:
            desired = np.full(P, plan[t])
        gross = np.minimum(desired, np.maximum(a.ceiling_hkd_bn[t] - debt_pre, 0.0)) if a.ceiling_policy == "cap" else desired
        floor_t[t] = (a.reserves_floor_hkd_bn if a.financing_rule == "gap"
                      else a.reserves_floor_months / 12.0 * (spending + interest_out))
        # Issue across the mix, then roll the cohort sums to the next year.
        face_t = face[t]
        np.multiply(gross[None, :], share[:, None], out=face_t)
        face_t /= fx_b
        np.subtract(face_t, mat, out=kp)
        stock += kp
        np.multiply(face_t, coupon[t], out=kp)
        kp -= mat_cash
        cash += kp
        cash[linked] = 0.0
        if t + 1 < T:
            src = t + 1 - tenor
            due = (src >= 0).astype(float)[:, None]
            idx = np.maximum(src, 0)
            np.multiply(face[idx, cols], due, out=mat)
            np.multiply(mat, coupon[idx, cols], out=mat_cash)
            mat_cash[linked] = 0.0
        fx_b, fx_b_prev = fx_b_prev, fx_b
        interest = interest_out + c_new * gross
        reserves = reserves + (revenue - spending - interest) + gross - red
        debt = debt_pre + gross
        debt_t[t], res_t[t], interest_t[t], inv_t[t] = debt, reserves, interest, inv_income
        binds_t[t] = desired > gross + 1e-9

    # The ratios and flags, (paths, years).
    debt, reserves, interest, inv_income = debt_t.T, res_t.T, interest_t.T, inv_t.T
    operating = other_revenue + min_tax + inv_income + (one_off - one_off_non_op)
    revenue_total = operating + (land + other_non_op + one_off_non_op)
    headroom = np.broadcast_to(a.ceiling_hkd_bn, (P, T)) - debt

    def ratio(num, den):
        out = np.full(num.shape, np.nan)
        np.divide(num, den, out=out, where=np.abs(den) >= 1e-9)
        return out

    return {
        "debt_hkd_bn": debt, "fiscal_reserves_hkd_bn": reserves, "headroom_hkd_bn": headroom,
        "debt_to_gdp_pct": ratio(100.0 * debt, gdp), "interest_to_revenue_pct": ratio(100.0 * interest, revenue_total),
        "ceiling_binds": np.maximum(binds_t.T, (headroom < -1e-9).astype(float)),
        "reserves_below_floor": (reserves < floor_t.T - 1e-9).astype(float),
    }
