"""The projection engine: pure numpy, no I/O; one path or many (a leading path axis).

Pool A identities, per fiscal year t and path p (domain primer section 3):

    operating_revenue_t      = other_revenue_t + minimum_tax_t + investment_income_t + operating one-offs_t
    operating_expenditure_t  = recurrent_t + non_recurrent_t - unidentified_measures_t
    non_operating_revenue_t  = land_premium_t + other_non_operating_revenue_t + non-operating one-offs_t
    non_operating_expend._t  = capital_works_t + other_capital_t + interest_t
    revenue_t              = operating_revenue_t + non_operating_revenue_t
    expenditure_t          = operating_expenditure_t + non_operating_expenditure_t
    balance_before_bonds_t = revenue_t - expenditure_t = operating_balance_t + non_operating_balance_t
    net_bond_proceeds_t    = gross_issuance_t - redemptions_t
    consolidated_balance_t = balance_before_bonds_t + net_bond_proceeds_t
    reserves_t             = reserves_{t-1} + consolidated_balance_t + outturn_adjustment_t   (0 but where an outturn
                             replaces the revised estimate: `finmodel.inputs.opening_outturn`)
    interest_on_negative_reserves_t = negative_reserves_rate_t x max(-reserves_{t-1}, 0)   (Non-Operating expenditure)
    debt_t                 = debt_{t-1} + fx_revaluation_t + gross_issuance_t - redemptions_t
                           = sum of outstanding cohorts (face value at year-end FX)
    headroom_t             = ceiling_t - debt_t

The budget flows before bonds are in `budget`, the cohort arithmetic of the bond book (and its
issue, coupon and maturity conventions) in `bond_book`, the financing rule and the ceiling in
`financing`; `project` runs the year loop over them. Investment income is earned on (positive) reserves at
the start of the year. Year 0 is the Budget's revised estimate: shocks apply from year 1.
"""

from dataclasses import MISSING, dataclass, fields, replace

import numpy as np

from finmodel.inputs.assumptions import Assumptions
from finmodel.model import budget, gfsm
from finmodel.model.bond_book import N_CURRENCIES, BondBook
from finmodel.model.budget import shock_paths
from finmodel.model.engine_result import EngineResult, RiskResult
from finmodel.model.financing import (
    PATH_RULE,
    capped_issuance,
    desired_issuance,
    floor_from_months,
    negative_reserves_interest,
    negative_reserves_rate,
    planned_issuance,
)


@dataclass(frozen=True)
class Shocks:
    """Deviations from the assumptions, each broadcastable to (paths, years).

    growth_pp: added to nominal GDP growth [decimal] (other revenue follows through the buoyancy
    elasticity from year 1, the Budget-estimate year included); land_factor: multiplies land premium;
    yield_add: added to the yields of new issues [decimal]; capex_factor: multiplies capital works; fx_factor:
    multiplies the non-HKD exchange rates, all three alike, or each with a trailing axis of three
    (RMB, USD, EUR); inflation_add [decimal] (retail coupons, and recurrent spending through its
    inflation elasticity); investment_rate_add [decimal] (plus investment_rate_yield_pass_through x
    yield_add of the year before, where the inputs link them); revenue_factor: multiplies other operating
    revenue (a revenue forecast error). guarantee_calls_hkd_bn: calls on debts the Government guarantees
    [HK$ bn], paid as non-recurrent spending (`finmodel.model.guarantees`).
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
    revenue_factor: object = 1.0
    guarantee_calls_hkd_bn: object = None
    n_paths: int = 1


def _fx_factors(fx_factor, n_paths: int, n_years: int) -> np.ndarray:
    """The FX shock as (years, 3, paths) factors on RMB, USD and EUR, 1 in year 0.

    fx_factor broadcastable to (paths, years) moves all three alike; with a trailing axis of 3
    (paths, years, 3) each currency has its own.
    """
    f = np.asarray(fx_factor, dtype=float)
    if f.ndim == 3:
        out = np.array(np.broadcast_to(f, (n_paths, n_years, N_CURRENCIES - 1)), dtype=float)
        out[:, 0, :] = 1.0
        return out.transpose(1, 2, 0)
    return shock_paths(f, n_paths, n_years, 1.0).T[:, None, :]


def _investment_rate(a: Assumptions, s: Shocks, yield_shock: np.ndarray) -> np.ndarray:
    """The rate on fiscal reserves (paths, years) [decimal]: r_t + investment_rate_add_t + pass_through x yield_add_{t-1}."""
    P, T = yield_shock.shape
    lagged = np.concatenate([np.zeros((P, 1)), yield_shock[:, :-1]], axis=1)
    return (np.broadcast_to(a.investment_rate, (P, T)) + shock_paths(s.investment_rate_add, P, T, 0.0)
            + a.investment_rate_yield_pass_through * lagged)


def _reserves_flows(inv_rate, neg_rate, reserves_open, nonint_spending):
    """One year's flows on the opening reserves R_{t-1} [HK$ bn], (paths,): (investment income, interest, spending).

    inv_t = r_t x max(R_{t-1}, 0) (unfunded reserves earn nothing); J_t = `negative_reserves_interest` (they pay
    interest instead); spending_t = non-interest spending_t + J_t, all spending but the bond interest.
    """
    neg_interest = negative_reserves_interest(neg_rate, reserves_open)
    return inv_rate * np.maximum(reserves_open, 0.0), neg_interest, nonint_spending + neg_interest


def _borrow_path(a: Assumptions, path_hkd_bn):
    """The borrow rule's reserves path R*_t (years,), given or `reserves_path(a)`; None under any other rule."""
    if a.financing_rule != "borrow":
        return None
    return reserves_path(a) if path_hkd_bn is None else np.asarray(path_hkd_bn, dtype=float)


def _long_run_lines(a: Assumptions, s: Shocks, gdp, recurrent, other_revenue, non_recurrent):
    """Recurrent spending, other revenue and non-recurrent spending with the long run and guarantee calls added.

    Past the MRF (`finmodel.model.long_run`): E_t += a_t Y_t (age-related spending), R_t += x_t Y_t (salaries
    tax on the workforce); in any year: non-recurrent spending += guarantee calls. Unchanged where none is given.
    """
    if a.recurrent_add_share_gdp is not None:
        recurrent = recurrent + a.recurrent_add_share_gdp * gdp
        other_revenue = other_revenue + a.revenue_add_share_gdp * gdp
    if s.guarantee_calls_hkd_bn is not None:
        non_recurrent = non_recurrent + shock_paths(s.guarantee_calls_hkd_bn, *gdp.shape, 0.0)
    return recurrent, other_revenue, non_recurrent


def _record(out: dict, t: int, values: dict):
    """Write year t of each (paths, years) output array."""
    for key, v in values.items():
        out[key][:, t] = v


RISK_OUTPUTS = ("debt_hkd_bn", "debt_to_gdp_pct", "fiscal_reserves_hkd_bn", "headroom_hkd_bn", "interest_to_revenue_pct",
                "ceiling_binds", "reserves_below_floor")


def _year_loop_arrays(P: int, T: int, lean: bool) -> dict:
    """The (paths, years) arrays the year loop fills: what the Monte Carlo summarises, and with lean=False the rest."""
    names = ("interest_hkd_bn", "investment_income_hkd_bn", "fiscal_reserves_hkd_bn", "debt_hkd_bn", "ceiling_binds",
             "reserves_floor_hkd_bn", "interest_on_negative_reserves_hkd_bn")
    if not lean:
        names += ("gross_issuance_hkd_bn", "desired_issuance_hkd_bn", "redemptions_hkd_bn", "fx_revaluation_hkd_bn",
                  "redemptions_opening_book_hkd_bn", "interest_opening_book_hkd_bn")
    return {k: np.zeros((P, T)) for k in names}


def project(a: Assumptions, shocks: Shocks | None = None, lean: bool = False,
            path_hkd_bn: np.ndarray | None = None) -> EngineResult | RiskResult:
    """Project every flow and stock for all paths: an EngineResult of arrays of shape (paths, years).

    It also holds the new-issue cohort book `new_face_fc` (paths, years, buckets) and its coupons,
    and the opening book's own redemptions and interest (the workbook's What-if sheet starts from them).
    lean: a RiskResult, only RISK_OUTPUTS (what the Monte Carlo summarises), the same bits as the full run.
    path_hkd_bn: the borrow rule's reserves path R*_t (years,) [HK$ bn]; default `reserves_path(a)` (e.g. the
    current-policy view borrows against the Budget's path, not its own).
    """
    s = shocks or Shocks()
    P, T = s.n_paths, a.n_years

    # Budget flows before bonds, (paths, years).
    growth = budget.nominal_growth(a, s.growth_pp, P)
    gdp = budget.nominal_gdp(a.gdp0_hkd_bn, growth)
    gdp_factor = 1.0 + growth
    inflation = np.broadcast_to(a.inflation, (P, T)) + shock_paths(s.inflation_add, P, T, 0.0)
    land = budget.land_premium(a, gdp, s.land_factor, s.land_gdp_share_add, s.land_hkd_bn)
    min_tax = budget.minimum_tax(a, gdp_factor)
    other_revenue = budget.other_revenue(a, gdp) * shock_paths(s.revenue_factor, P, T, 1.0)
    other_non_operating = budget.other_non_operating_revenue(a, gdp_factor)
    one_off = budget.one_off_receipts(a, P)
    one_off_non_operating = budget.one_off_receipts_non_operating(a, P)
    recurrent = budget.recurrent_expenditure(a, gdp_factor, inflation - a.inflation[None, :])
    non_recurrent = budget.non_recurrent_expenditure(a, gdp_factor)
    recurrent, other_revenue, non_recurrent = _long_run_lines(a, s, gdp, recurrent, other_revenue, non_recurrent)
    measures = budget.unidentified_measures(a, gdp_factor)
    capex = budget.capital_works(a, gdp_factor, s.capex_factor)
    other_capital = budget.other_capital(a, gdp, gdp_factor)
    yield_shock = shock_paths(s.yield_add, P, T, 0.0)
    inv_rate, neg_rate = _investment_rate(a, s, yield_shock), negative_reserves_rate(a.negative_reserves_rate, yield_shock)
    revenue_ex_inv = land + other_revenue + min_tax + other_non_operating + one_off
    nonint_exp = recurrent + non_recurrent - measures + capex + other_capital

    # Bond market inputs, year-major and bucket-major [year, currency or bucket, path].
    fx_y = np.array(np.broadcast_to(a.fx[:, :, None], (T, N_CURRENCIES, P)))          # (T, 4, P)
    fx_y[:, 1:, :] *= _fx_factors(s.fx_factor, P, T)
    yield_add = np.ascontiguousarray(yield_shock.T)                                         # (T, P), so new_yield is C-ordered
    new_yield = a.mix.yield_rate[None, :, None] + yield_add[:, None, :]                   # (T, K, P)
    override = None if s.issuance_hkd_bn is None else shock_paths(s.issuance_hkd_bn, P, T, np.nan)
    plan = planned_issuance(a.issuance_plan_hkd_bn, override, P)
    book = BondBook(a.book, a.mix, a.years, new_yield, fx_y[0])

    out = _year_loop_arrays(P, T, lean)
    reserves = np.full(P, a.opening_reserves_hkd_bn)
    debt = np.full(P, a.opening_debt_hkd_bn)

    adjustment = np.zeros(T) if a.outturn_adjustment_hkd_bn is None else a.outturn_adjustment_hkd_bn
    rule_from = max(1, a.n_anchor)  # the Budget's estimate years follow its plan under every rule
    path = _borrow_path(a, path_hkd_bn)
    for t in range(T):
        fx, infl = book.fx(fx_y[t]), inflation[:, t]
        red_open, red = book.redemptions(t, fx)
        reval = book.revaluation(t, fx)
        interest_open, interest_outstanding = book.interest_on_outstanding(t, fx, infl)
        inv_income, neg_interest, spending = _reserves_flows(inv_rate[:, t], neg_rate[:, t], reserves, nonint_exp[:, t])
        revenue = revenue_ex_inv[:, t] + inv_income
        c_new = book.interest_per_hkd_issued(t, infl)
        debt_pre = debt + reval - red
        desired = desired_issuance(
            a.financing_rule if t >= rule_from else "plan", plan[:, t], beyond_mrf=bool(a.years[t] > a.mrf_last_year),
            reserves_floor_hkd_bn=a.reserves_floor_hkd_bn, reserves_floor_months=a.reserves_floor_months,
            reserves_prev=reserves, revenue=revenue, spending=spending, interest_outstanding=interest_outstanding,
            redemptions=red, interest_per_hkd_issued=c_new, reserves_path_hkd_bn=None if path is None else path[t])
        gross = capped_issuance(a.ceiling_policy, desired, a.ceiling_hkd_bn[t], debt_pre)
        floor = (np.full(P, a.reserves_floor_hkd_bn) if a.financing_rule == "gap" else np.full(P, path[t]) if path is not None
                 else floor_from_months(a.reserves_floor_months, spending, interest_outstanding))
        book.issue(t, gross, fx)
        book.advance(t, fx)
        interest = interest_outstanding + c_new * gross
        balance = revenue - spending - interest
        reserves = reserves + balance + gross - red + adjustment[t]
        debt = debt_pre + gross
        _record(out, t, {
            "ceiling_binds": desired > gross + 1e-9, "interest_hkd_bn": interest, "investment_income_hkd_bn": inv_income,
            "fiscal_reserves_hkd_bn": reserves, "debt_hkd_bn": debt, "reserves_floor_hkd_bn": floor,
            "interest_on_negative_reserves_hkd_bn": neg_interest})
        if not lean:
            _record(out, t, {
                "gross_issuance_hkd_bn": gross, "desired_issuance_hkd_bn": desired, "redemptions_hkd_bn": red,
                "fx_revaluation_hkd_bn": reval, "redemptions_opening_book_hkd_bn": red_open,
                "interest_opening_book_hkd_bn": interest_open})

    # Returned with the path axis first: (paths, years, currencies) and (paths, years, buckets).
    out.update(
        nominal_gdp_hkd_bn=gdp, nominal_growth=growth, inflation=inflation, land_premium_hkd_bn=land,
        other_revenue_hkd_bn=other_revenue, minimum_tax_hkd_bn=min_tax, other_non_operating_revenue_hkd_bn=other_non_operating,
        one_off_receipts_hkd_bn=one_off, one_off_receipts_non_operating_hkd_bn=one_off_non_operating,
        recurrent_expenditure_hkd_bn=recurrent, non_recurrent_expenditure_hkd_bn=non_recurrent,
        unidentified_measures_hkd_bn=measures, capital_works_hkd_bn=capex, other_capital_hkd_bn=other_capital,
        fx=fx_y.transpose(2, 0, 1), new_face_fc=book.new_face.transpose(2, 0, 1),
        new_coupon=new_yield.transpose(2, 0, 1), investment_rate=inv_rate, negative_reserves_rate=neg_rate,
    )
    if lean:
        return RiskResult(**_derive_risk(out, a))
    o = _derive(out, a)
    return EngineResult(**{k: o[k] for k in _ENGINE_FIELDS})


def reserves_path(a: Assumptions) -> np.ndarray:
    """The borrow rule's reserves path R*_t [HK$ bn], (years,): reserves under PATH_RULE (the plan) without shocks."""
    return project(replace(a, financing_rule=PATH_RULE), lean=True).fiscal_reserves_hkd_bn[0]


_ENGINE_FIELDS = tuple(f.name for f in fields(EngineResult) if f.default is MISSING)   # the debt profile is added later


NEGLIGIBLE_HKD_BN = 1e-9  # HK$1: a stock below this is treated as none when it divides


def _ratio(num, den):
    """num / den, NaN where |den| is below HK$1: every ratio of the engine goes through here.

    A ratio on a negligible denominator is undefined, not huge: a debt of a few HK$ (or 1e-308
    bn) would otherwise give an effective rate of 1e300 or overflow. Where the NaN may reach
    an output the variable declares it (`variables.Variable.undefined`, written as an empty
    cell); anywhere else the output check stops the run before anything is written.
    """
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=np.abs(den) >= NEGLIGIBLE_HKD_BN)
    return out


def _accounts(o: dict):
    """The Budget's two accounts (before bond flows), each line placed where the Budget puts it.

    Operating: other revenue, minimum tax, investment income and the operating one-offs, against
    recurrent and non-recurrent spending net of the unidentified measures. Non-Operating: land
    premium, other capital receipts and the non-operating one-offs (Exchange Fund transfers),
    against capital works, non-works capital spending and bond interest (paid from the CWRF).
    """
    one_off_operating = o["one_off_receipts_hkd_bn"] - o["one_off_receipts_non_operating_hkd_bn"]
    o["operating_revenue_hkd_bn"] = (o["other_revenue_hkd_bn"] + o["minimum_tax_hkd_bn"] + o["investment_income_hkd_bn"]
                                     + one_off_operating)
    o["operating_expenditure_hkd_bn"] = (o["recurrent_expenditure_hkd_bn"] + o["non_recurrent_expenditure_hkd_bn"]
                                         - o["unidentified_measures_hkd_bn"])
    o["operating_balance_hkd_bn"] = o["operating_revenue_hkd_bn"] - o["operating_expenditure_hkd_bn"]
    o["non_operating_revenue_hkd_bn"] = (o["land_premium_hkd_bn"] + o["other_non_operating_revenue_hkd_bn"]
                                         + o["one_off_receipts_non_operating_hkd_bn"])
    o["non_operating_expenditure_hkd_bn"] = (o["capital_works_hkd_bn"] + o["other_capital_hkd_bn"] + o["interest_hkd_bn"]
                                             + o["interest_on_negative_reserves_hkd_bn"])
    o["non_operating_balance_hkd_bn"] = o["non_operating_revenue_hkd_bn"] - o["non_operating_expenditure_hkd_bn"]


def _pool_b(o: dict, a: Assumptions, P: int, T: int):
    """Pool B (Government Bond Programme, Bond Fund): stock, interest, the Bond Fund's income on it, and totals.

    Pool B sits outside the Government's accounts and the ceiling: nothing here feeds revenue,
    expenditure, reserves or headroom. Interest and investment income accrue on the year's
    average stock (the opening year's average is its year-end stock, the opening not being given):
        interest_pool_b_t     = pool_b_rate * (B_{t-1} + B_t) / 2
        bond_fund_income_t    = investment_rate_t * (B_{t-1} + B_t) / 2     (gross; net = less the interest)
    """
    stock = np.array(np.broadcast_to(np.asarray(a.pool_b_hkd_bn, dtype=float), (P, T)))
    average = 0.5 * (np.concatenate([stock[:, :1], stock[:, :-1]], axis=1) + stock)
    rate = np.broadcast_to(o.get("investment_rate", a.investment_rate), (P, T))
    o["debt_pool_b_hkd_bn"] = stock
    o["debt_total_hkd_bn"] = o["debt_hkd_bn"] + stock
    o["interest_pool_b_hkd_bn"] = a.pool_b_interest_rate * average
    o["interest_total_hkd_bn"] = o["interest_hkd_bn"] + o["interest_pool_b_hkd_bn"] + o["interest_on_negative_reserves_hkd_bn"]
    o["bond_fund_investment_income_hkd_bn"] = rate * average
    o["bond_fund_net_income_hkd_bn"] = o["bond_fund_investment_income_hkd_bn"] - o["interest_pool_b_hkd_bn"]


def interest_paid(o: dict) -> np.ndarray:
    """Interest the Government pays [HK$ bn]: on pool A bonds plus on negative fiscal reserves (the burden ratios' numerator).

    The debt-dynamics decomposition keeps bond interest alone (its i is the effective rate on the bonds).
    """
    return o["interest_hkd_bn"] + o["interest_on_negative_reserves_hkd_bn"]


def _revenue(o: dict):
    """Total revenue and expenditure, from the two accounts."""
    _accounts(o)
    o["revenue_hkd_bn"] = o["operating_revenue_hkd_bn"] + o["non_operating_revenue_hkd_bn"]
    o["expenditure_hkd_bn"] = o["operating_expenditure_hkd_bn"] + o["non_operating_expenditure_hkd_bn"]


def _ceiling_and_floor(o: dict, a: Assumptions, P: int, T: int):
    """Headroom under the ceiling, whether the ceiling binds and whether reserves are below their floor."""
    o["ceiling_hkd_bn"] = np.broadcast_to(a.ceiling_hkd_bn, (P, T)).copy()
    o["headroom_hkd_bn"] = o["ceiling_hkd_bn"] - o["debt_hkd_bn"]
    o["ceiling_binds"] = np.maximum(o["ceiling_binds"], (o["headroom_hkd_bn"] < -1e-9).astype(float))
    o["reserves_below_floor"] = (o["fiscal_reserves_hkd_bn"] < o["reserves_floor_hkd_bn"] - 1e-9).astype(float)


def _derive_risk(o: dict, a: Assumptions) -> dict:
    """RISK_OUTPUTS only, by the same steps as `_derive`."""
    _revenue(o)
    P, T = o["debt_hkd_bn"].shape
    _ceiling_and_floor(o, a, P, T)
    o["debt_to_gdp_pct"] = _ratio(100.0 * o["debt_hkd_bn"], o["nominal_gdp_hkd_bn"])
    o["interest_to_revenue_pct"] = _ratio(100.0 * interest_paid(o), o["revenue_hkd_bn"])
    return {k: o[k] for k in RISK_OUTPUTS}


def _derive(o: dict, a: Assumptions) -> dict:
    """Add the accounting aggregates, burden ratios and the debt-dynamics decomposition.

    Decomposition (d, pb shares of GDP; i effective interest rate on opening debt; g nominal growth):
        d_t - d_{t-1} = (i_t - g_t) / (1 + g_t) * d_{t-1} - pb_t + sfa_t
    sfa_t is the residual, so the three contributions add up exactly to the change in the ratio.
    """
    _revenue(o)
    o["recurring_revenue_hkd_bn"] = o["revenue_hkd_bn"] - o["one_off_receipts_hkd_bn"]
    o["balance_before_bonds_hkd_bn"] = o["operating_balance_hkd_bn"] + o["non_operating_balance_hkd_bn"]
    o["net_bond_proceeds_hkd_bn"] = o["gross_issuance_hkd_bn"] - o["redemptions_hkd_bn"]
    o["consolidated_balance_hkd_bn"] = o["balance_before_bonds_hkd_bn"] + o["net_bond_proceeds_hkd_bn"]
    o["primary_balance_hkd_bn"] = o["balance_before_bonds_hkd_bn"] + interest_paid(o) - o["investment_income_hkd_bn"]
    P, T = o["debt_hkd_bn"].shape
    _ceiling_and_floor(o, a, P, T)
    o["beyond_mrf"] = np.broadcast_to((a.years > a.mrf_last_year).astype(float), (P, T)).copy()
    _pool_b(o, a, P, T)
    gdp = o["nominal_gdp_hkd_bn"]
    o["debt_to_gdp_pct"] = _ratio(100.0 * o["debt_hkd_bn"], gdp)
    o["debt_total_to_gdp_pct"] = _ratio(100.0 * o["debt_total_hkd_bn"], gdp)
    o["net_debt_to_gdp_pct"] = _ratio(100.0 * (o["debt_hkd_bn"] - o["fiscal_reserves_hkd_bn"]), gdp)
    o["interest_to_revenue_pct"] = _ratio(100.0 * interest_paid(o), o["revenue_hkd_bn"])
    o["interest_to_recurring_revenue_pct"] = _ratio(100.0 * interest_paid(o), o["recurring_revenue_hkd_bn"])
    o["interest_to_gdp_pct"] = _ratio(100.0 * interest_paid(o), gdp)
    o["interest_total_to_revenue_pct"] = _ratio(100.0 * o["interest_total_hkd_bn"], o["revenue_hkd_bn"])
    o["interest_total_to_recurring_revenue_pct"] = _ratio(100.0 * o["interest_total_hkd_bn"], o["recurring_revenue_hkd_bn"])
    o["interest_total_to_gdp_pct"] = _ratio(100.0 * o["interest_total_hkd_bn"], gdp)
    o["primary_balance_pct_gdp"] = _ratio(100.0 * o["primary_balance_hkd_bn"], gdp)
    o["unidentified_measures_pct_gdp"] = _ratio(100.0 * o["unidentified_measures_hkd_bn"], gdp)
    # GFN = net interest + amortisation - primary balance = redemptions - balance before bonds
    # (net interest: the primary balance excludes investment income as well as interest).
    o["gross_financing_need_hkd_bn"] = (interest_paid(o) - o["investment_income_hkd_bn"] + o["redemptions_hkd_bn"]
                                        - o["primary_balance_hkd_bn"])
    o["gross_financing_need_pct_gdp"] = _ratio(100.0 * o["gross_financing_need_hkd_bn"], gdp)
    gfsm.derive(o, a.gfsm_classes)
    for share, amount in gfsm.SHARES_OF_GDP.items():
        o[share] = _ratio(100.0 * o[amount], gdp)
    _decomposition(o, a)
    return o


def _decomposition(o: dict, a: Assumptions) -> None:
    """The debt-dynamics decomposition and the debt-stabilising primary balance [pp of GDP].

    The first year has no decomposition (no year before's GDP): its cells stay NaN, written empty.
    On a negligible opening debt (below HK$1) the effective rate i is undefined (NaN, written
    empty), but i * d_{t-1} is not: it is interest_t / GDP_{t-1}, used there instead, so the
    contributions stay defined and still add up.
    """
    P, T = o["debt_hkd_bn"].shape
    gdp = o["nominal_gdp_hkd_bn"]
    debt_open = np.concatenate([np.full((P, 1), a.opening_debt_hkd_bn), o["debt_hkd_bn"][:, :-1]], axis=1)
    gdp_prev = np.concatenate([np.full((P, 1), np.nan), gdp[:, :-1]], axis=1)
    g = o["nominal_growth"].copy()
    g[:, 0] = np.nan
    i = _ratio(o["interest_hkd_bn"], debt_open)
    no_debt = np.abs(debt_open) < NEGLIGIBLE_HKD_BN
    d_prev = debt_open / gdp_prev
    d = o["debt_hkd_bn"] / gdp
    pb = o["primary_balance_hkd_bn"] / gdp
    interest_share_prev = o["interest_hkd_bn"] / gdp_prev               # i * d_{t-1} on no opening debt
    o["effective_interest_rate_pct"] = 100.0 * i
    o["nominal_growth_pct"] = 100.0 * g
    o["contribution_interest_pp"] = np.where(no_debt, 100.0 * interest_share_prev / (1.0 + g), 100.0 * i / (1.0 + g) * d_prev)
    o["contribution_growth_pp"] = -100.0 * g / (1.0 + g) * d_prev
    o["contribution_interest_growth_pp"] = o["contribution_interest_pp"] + o["contribution_growth_pp"]
    o["contribution_primary_balance_pp"] = -100.0 * pb
    o["contribution_primary_balance_pp"][:, 0] = np.nan  # no decomposition without the year before's GDP
    o["change_debt_to_gdp_pp"] = 100.0 * (d - d_prev)
    o["contribution_sfa_pp"] = o["change_debt_to_gdp_pp"] - o["contribution_interest_growth_pp"] - o["contribution_primary_balance_pp"]
    o["debt_stabilising_primary_balance_pct_gdp"] = np.where(
        no_debt, 100.0 * (interest_share_prev - g * d_prev) / (1.0 + g), 100.0 * (i - g) / (1.0 + g) * d_prev)

