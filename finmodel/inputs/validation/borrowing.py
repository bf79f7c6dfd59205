"""borrowing.yaml: the ceiling and band, issuance plans, the financing rule, exchange rates and the new-issue mix."""

from dataclasses import dataclass

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import IssueMix
from finmodel.inputs.schema import BY_NAME, CURRENCIES, MIX_SHARE, PLANS, TENOR_YEARS, YIELD_PCT
from finmodel.inputs.validation.checker import decimal_confusion, did_you_mean
from finmodel.inputs.validation.year_axis import fill_years, year_map

MIX_KEYS = ("bucket", "investor", "currency", "tenor_years", "share", "yield_pct", "inflation_linked", "source", "note")
BUCKET_FIELDS = ("bucket", "investor", "currency", "share", "tenor", "yield", "linked")


RISK_SHOCKS = ("fx_rmb_volatility_pct", "fx_eur_volatility_pct", "fx_usd_band_pct", "new_issue_spread_sd_pp")


@dataclass(frozen=True)
class Borrowing:
    """The borrowing inputs, checked: paths on the fiscal-year axis, scalars, the exchange rates and the mix."""

    ceiling_given: dict
    ceiling: np.ndarray
    band_low: float | None
    band_high: float | None
    plans: dict
    central_given: dict
    financing_rule: str | None
    ceiling_policy: str | None
    reserves_floor: float | None
    reserves_floor_months: float | None
    risk_shocks: dict
    pool_b: np.ndarray
    pool_b_rate: float | None
    opening_reserves: float | None
    fx: np.ndarray
    mix: IssueMix | None


def check_borrowing(inp, years, plan) -> Borrowing:
    """Check the borrowing inputs in the order their problems are reported."""
    ceil_vals, ceil = ceiling(inp, years)
    band_low, band_high = band(inp)
    plans, central_given = issuance_plans(inp, years)
    issuance_choice(inp.chk, plan)
    rule, policy, floor = financing_policy(inp)
    pool_b, pool_b_rate, reserves0 = opening_stocks(inp, years)
    floor_months = inp.scalar("reserves_floor_months")
    risk_shocks = {name: inp.scalar(name) for name in RISK_SHOCKS}
    fx = fx_rates(inp, years)
    return Borrowing(ceil_vals, ceil, band_low, band_high, plans, central_given, rule, policy, floor, floor_months, risk_shocks,
                     pool_b, pool_b_rate, reserves0, fx, new_issue_mix(inp))


def ceiling(inp, years):
    """The borrowing ceiling must be given from the opening year: every year's issuance is capped by it."""
    ceil_vals, ceil_rule = inp.by_year("ceiling_hkd_bn")
    return ceil_vals, fill_years(inp.chk, inp.where.get("ceiling_hkd_bn"), "ceiling_hkd_bn", ceil_vals, ceil_rule, years, int(years[0]))


def band(inp):
    """The target band's low end must be below its high end. Returns (low, high)."""
    band_low = inp.scalar("band_low_pct")
    band_high = inp.scalar("band_high_pct")
    if band_low is not None and band_high is not None and band_low >= band_high:
        inp.chk.error(inp.where.get("band_high_pct"), "band_high_pct", band_high, f"must be above band_low_pct ({band_low:g})")
    return band_low, band_high


def issuance_plans(inp, years):
    """Each issuance plan (low, central, high) must be a by-year mapping from the opening year; no other plan names.

    Returns (plans on the year axis, the central plan's values as given): the Budget-plan fit
    solves for the MRF years the central plan leaves out.
    """
    pe = inp.entry("issuance_plan_hkd_bn")
    if pe is None:
        return {}, {}
    chk, where = inp.chk, inp.where.get("issuance_plan_hkd_bn")
    p = BY_NAME["issuance_plan_hkd_bn"]
    rule, raw_plans = _plan_entries(chk, where, pe, p)
    plans, given = {}, {}
    for name in PLANS:
        if name not in raw_plans:
            chk.error(where, f"issuance_plan_hkd_bn.plans.{name}", None, "missing plan")
            continue
        given[name] = year_map(chk, where, f"issuance_plan_hkd_bn.{name}", raw_plans[name], p)
        plans[name] = fill_years(chk, where, f"issuance_plan_hkd_bn.{name}", given[name], rule, years, int(years[0]))
    for name in raw_plans:
        if name not in PLANS:
            chk.error(where, f"issuance_plan_hkd_bn.plans.{name}", None, f"unknown plan; allowed: {', '.join(PLANS)}")
    return plans, given.get("central", {})


def _plan_entries(chk, where, pe, p):
    """The plans' shared extrapolation rule must be allowed and the plans a mapping. Returns (rule, plans or {})."""
    rule = pe.get("extrapolate", "hold_last")
    if rule not in p.extrapolate:
        chk.error(where, "issuance_plan_hkd_bn.extrapolate", rule, rule_not_allowed(p, rule))
    raw_plans = pe.get("plans")
    if not isinstance(raw_plans, dict):
        chk.error(where, "issuance_plan_hkd_bn.plans", raw_plans, "expected plans low, central and high")
        raw_plans = {}
    return rule, raw_plans


def issuance_choice(chk, plan):
    """The plan chosen with --issuance must be one of the plans the files give."""
    if plan not in PLANS:
        chk.error("--issuance", "issuance", plan, f"must be one of {', '.join(PLANS)}")


def financing_policy(inp):
    """The financing rule and ceiling policy must be allowed choices, the reserves floor a number. Returns the three."""
    return inp.choice("financing_rule"), inp.choice("ceiling_policy"), inp.scalar("reserves_floor_hkd_bn")


def opening_stocks(inp, years):
    """Pool B debt by year (from the opening year), its interest rate (decimal) and the opening fiscal reserves.

    Returns (pool B path, pool B rate, reserves). Pool B never counts under the ceiling.
    """
    pb_vals, pb_rule = inp.by_year("pool_b_debt_hkd_bn")
    pool_b = fill_years(inp.chk, inp.where.get("pool_b_debt_hkd_bn"), "pool_b_debt_hkd_bn", pb_vals, pb_rule, years, int(years[0]))
    rate = inp.scalar("pool_b_interest_rate_pct")
    return pool_b, None if rate is None else rate / 100.0, inp.scalar("opening_fiscal_reserves_hkd_bn")


def fx_rates(inp, years):
    """HK$ per unit of every currency, held over the horizon (1.0 where not usable); the bond book is valued with them."""
    fx = np.ones((len(years), len(CURRENCIES)))
    fxe = inp.entry("fx_hkd_per_unit")
    if fxe is None:
        return fx
    chk, where = inp.chk, inp.where.get("fx_hkd_per_unit")
    vals = fxe.get("values")
    if not isinstance(vals, dict):
        chk.error(where, "fx_hkd_per_unit.values", vals, f"expected HK$ per unit for {', '.join(CURRENCIES)}")
        return fx
    for i, c in enumerate(CURRENCIES):
        x = _fx_rate(chk, where, vals, c)
        if x is not None:
            fx[:, i] = x
    _check_fx_pegs(chk, where, vals)
    return fx


def _fx_rate(chk, where, vals, c):
    """One currency's rate must be given and a positive number; a zero is reported (and still returned)."""
    if c not in vals:
        chk.error(where, f"fx_hkd_per_unit[{c}]", None, "missing currency")
        return None
    p = BY_NAME["fx_hkd_per_unit"]
    x = chk.number(where, f"fx_hkd_per_unit[{c}]", vals[c], p.bounds, p.plausible, p.unit)
    if x is not None and x == 0:
        chk.error(where, f"fx_hkd_per_unit[{c}]", vals[c], "must be above 0")
    return x


def _check_fx_pegs(chk, where, vals):
    """HKD is the unit (1.0), USD should sit in the Linked Exchange Rate band, and no other currency is known."""
    if vals.get("HKD", 1.0) != 1.0:
        chk.error(where, "fx_hkd_per_unit[HKD]", vals.get("HKD"), "must be 1.0")
    if "USD" in vals and isinstance(vals["USD"], (int, float)) and not 7.75 <= vals["USD"] <= 7.85:
        chk.warn(where, "fx_hkd_per_unit[USD]", vals["USD"], "outside the Linked Exchange Rate band 7.75-7.85")
    for c in vals:
        if c not in CURRENCIES:
            chk.error(where, f"fx_hkd_per_unit[{c}]", None, f"unknown currency; allowed: {', '.join(CURRENCIES)}")


def new_issue_mix(inp) -> IssueMix | None:
    """The new-issue mix, when given: how each year's gross issuance splits across buckets."""
    if inp.entry("new_issue_mix") is None:
        return None
    return _mix(inp.chk, inp.where.get("new_issue_mix"), inp.entry("new_issue_mix"))


def _mix(chk, where, entry) -> IssueMix | None:
    """The buckets must be a non-empty list of valid buckets whose shares add up to 1."""
    buckets = entry.get("buckets") if isinstance(entry, dict) else None
    if not isinstance(buckets, list) or not buckets:
        chk.error(where, "new_issue_mix.buckets", None, "expected a list of buckets")
        return None
    rows, names, yields = [], set(), []
    for i, b in enumerate(buckets):
        row = _bucket(chk, where, i, b, names, yields)
        if row is not None:
            rows.append(row)
    decimal_confusion(chk, where, "new_issue_mix.yield_pct", yields, "yield")
    shares = [row[BUCKET_FIELDS.index("share")] for row in rows]
    total = sum(shares)
    if shares and len(shares) == len(buckets) and abs(total - 1.0) > 1e-9:
        chk.error(where, "new_issue_mix shares", round(total, 12), "shares must add up to 1")
    return _issue_mix(rows)


def _bucket(chk, where, i, b, names, yields):
    """One bucket: a mapping with a unique name, a known currency and keys, valid numbers and a boolean link. Returns its row or None."""
    if not isinstance(b, dict):
        chk.error(where, f"new_issue_mix.buckets[{i}]", b, "expected a mapping")
        return None
    name = str(b.get("bucket", f"#{i}"))
    field = f"new_issue_mix[{name}]"
    if name in names:
        chk.error(where, f"{field}.bucket", name, "duplicate bucket name")
    names.add(name)
    cur = b.get("currency")
    if cur not in CURRENCIES:
        chk.error(where, f"{field}.currency", cur, f"must be one of {', '.join(CURRENCIES)}")
        return None
    for k in b:
        if k not in MIX_KEYS:
            chk.error(where, f"{field}.{k}", None, f"unknown key{did_you_mean(str(k), MIX_KEYS)}; allowed: {', '.join(MIX_KEYS)}")
    share = chk.number(where, f"{field}.share", b.get("share"), MIX_SHARE, MIX_SHARE, "(a share, 0 to 1)")
    tenor = _bucket_tenor(chk, where, field, b)
    y = _bucket_yield(chk, where, field, b, yields)
    linked = b.get("inflation_linked", False)
    if not isinstance(linked, bool):
        chk.error(where, f"{field}.inflation_linked", linked, "must be true or false (not yes/no, which finmodel reads as text)")
        return None
    if None in (share, tenor, y):
        return None
    return (name, str(b.get("investor", "institutional")), cur, share, int(tenor), y / 100.0, linked)


def _bucket_tenor(chk, where, field, b):
    """A bucket's tenor must be a whole number of years within bounds (a zero tenor is unusable)."""
    tenor = chk.number(where, f"{field}.tenor_years", b.get("tenor_years"), TENOR_YEARS, TENOR_YEARS, "years")
    if tenor is not None and tenor != int(tenor):
        chk.error(where, f"{field}.tenor_years", b.get("tenor_years"), "a whole number of years")
        tenor = None
    if b.get("tenor_years") == 0:
        tenor = None
    return tenor


def _bucket_yield(chk, where, field, b, yields):
    """A bucket's yield must be in percent within bounds; one that looks like a decimal is warned about."""
    y = chk.number(where, f"{field}.yield_pct", b.get("yield_pct"), YIELD_PCT[0], YIELD_PCT[1], "% a year")
    if y is not None:
        yields.append(y)
    if y is not None and 0 < y < 0.2:
        chk.warn(where, f"{field}.yield_pct", b.get("yield_pct"), "looks like a decimal: yields are in percent (3.85, not 0.0385)")
    return y


def _issue_mix(rows) -> IssueMix:
    """The accepted buckets' rows as the IssueMix arrays (yields as decimals)."""
    cols = {k: [row[j] for row in rows] for j, k in enumerate(BUCKET_FIELDS)}
    return IssueMix(bucket=tuple(cols["bucket"]), investor=tuple(cols["investor"]), currency=tuple(cols["currency"]),
                    currency_idx=np.array([CURRENCIES.index(c) for c in cols["currency"]], dtype=int),
                    share=np.array(cols["share"]), tenor_years=np.array(cols["tenor"], dtype=int),
                    yield_rate=np.array(cols["yield"]), inflation_linked=np.array(cols["linked"], dtype=bool))


def check_day_one(inp, book, borrowing: Borrowing, years):
    """When the opening book and the first year's ceiling are known, the first year's issuance must fit under the ceiling."""
    if book is not None and borrowing.ceiling_given and not np.isnan(borrowing.ceiling[0]):
        _check_day_one(inp.chk, inp.where.get, book, borrowing.fx, years, borrowing.ceiling[0], borrowing.plans)
    if book is not None and borrowing.ceiling_given:
        _check_ceiling_above_book(inp.chk, inp.where.get, book, borrowing.fx, years, borrowing.ceiling)


def _check_ceiling_above_book(chk, w, book, fx, years, ceiling):
    """No later year's ceiling may be cut below the opening book's bonds still outstanding at that year's end.

    outstanding_y = sum of face x FX over the cohorts with maturity year > y. Bonds already issued cannot be
    un-issued, so such a ceiling could not be met even with no issuance at all; it is an error, not a year in which
    the ceiling merely "binds". (The first year has its own, fuller check above.)
    """
    for i in range(1, len(years)):
        if np.isnan(ceiling[i]):
            continue
        alive = (book.issue_year < years[0]) & (book.maturity_year > years[i])
        outstanding = float(np.sum(book.face_fc[alive] * fx[i, book.currency_idx][alive]))
        if outstanding > ceiling[i] + 1e-9:
            label = fiscal_year.label(years[i])
            chk.error(w("ceiling_hkd_bn"), f"ceiling_hkd_bn[{label}]", ceiling[i],
                      f"below the {outstanding:,.1f} of the opening book still outstanding at the end of {label}: bonds "
                      "already issued cannot be un-issued, so the ceiling must be at least the debt already issued")
            return


def _check_day_one(chk, w, book, fx, years, ceiling0, plans):
    """The first year is the Budget's revised estimate: its issuance must fit under the ceiling.

    debt at the end of year 0 = opening debt - redemptions in year 0 + issuance in year 0 <= ceiling.
    Otherwise the cap would silently cut a recorded figure (or the breach policy start above it).
    """
    alive = (book.issue_year < years[0]) & (book.maturity_year >= years[0])
    fx0 = fx[0, book.currency_idx]
    opening = float(np.sum(book.face_fc[alive] * fx0[alive]))
    redeemed = float(np.sum(book.face_fc[book.maturity_year == years[0]] * fx0[book.maturity_year == years[0]]))
    label0 = fiscal_year.label(years[0])
    if opening > ceiling0 + 1e-9:
        chk.error(w("ceiling_hkd_bn"), f"ceiling_hkd_bn[{label0}]", ceiling0,
                  f"below the opening book's {opening:,.1f} outstanding on day one: the ceiling must be at least the debt already issued")
        return
    for name, path in sorted(plans.items()):
        if np.isnan(path[0]):
            continue
        end = opening - redeemed + path[0]
        if end > ceiling0 + 1e-9:
            chk.error(w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.{name}[{label0}]", path[0],
                      f"issuance above the ceiling on day one: {opening:,.1f} outstanding - {redeemed:,.1f} redeemed + "
                      f"{path[0]:g} issued = {end:,.1f} > ceiling {ceiling0:g}; at most {ceiling0 - opening + redeemed:,.1f}")
