"""fiscal.yaml: the Budget totals (anchor years), land premium, other revenue lines and spending."""

from dataclasses import dataclass, replace

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.errors import Problem
from finmodel.inputs.validation.year_axis import fill_years


@dataclass(frozen=True)
class BudgetTotals:
    """The Budget's total revenue and expenditure: the anchor years the calibration reproduces."""

    revenue: dict
    anchors: list
    n_anchor: int
    revenue_path: np.ndarray
    expenditure_path: np.ndarray


@dataclass(frozen=True)
class LandPremium:
    """Land premium as given (HK$ bn and share of GDP, {start_year: value}) and on the axis."""

    fixed_given: dict
    share_given: dict
    fixed: np.ndarray
    share: np.ndarray
    grows_from: int | None = None   # pct_gdp: the index of the last HK$ figure, whose share of GDP is held after it


@dataclass(frozen=True)
class OtherRevenue:
    """One-off receipts, minimum tax, the other-revenue elasticity and the return on reserves."""

    one_off_given: dict
    one_off: np.ndarray
    minimum_tax: np.ndarray
    elasticity: float | None
    investment_rate: np.ndarray
    recurrent_inflation_elasticity: float | None = None
    investment_rate_yield_pass_through: float | None = None
    negative_reserves_rate: np.ndarray | None = None


@dataclass(frozen=True)
class Spending:
    """Recurrent spending (levels and growth), capital works and other capital spending."""

    recurrent_given: dict
    recurrent_fixed: np.ndarray
    recurrent_growth_given: dict
    recurrent_growth: np.ndarray
    capital_works: np.ndarray
    other_capital_share: np.ndarray


@dataclass(frozen=True)
class Accounts:
    """What splits the Budget into its Operating and Non-Operating Accounts (docs/methodology.md).

    operating_balance: the published Operating Account balance in the anchor years (NaN after);
    one_off_non_operating: the part of one-off receipts credited to the Non-Operating Account;
    non_recurrent: non-recurrent Operating spending (NaN where the engine grows it with GDP).
    """

    operating_balance: np.ndarray
    one_off_non_operating: np.ndarray
    non_recurrent: np.ndarray


@dataclass(frozen=True)
class Fiscal:
    """Everything fiscal.yaml gives, checked."""

    budget: BudgetTotals
    land: LandPremium
    revenue: OtherRevenue
    spending: Spending
    accounts: Accounts


def check_fiscal(inp, years) -> Fiscal:
    """Check fiscal.yaml in the order its problems are reported: totals, land, other revenue, spending."""
    budget = budget_totals(inp, years)
    land = land_premium(inp, years)
    revenue = other_revenue(inp, years)
    spent = spending(inp, years, budget.anchors)
    return Fiscal(budget, land, revenue, spent, accounts(inp, years, budget.anchors, revenue))


def budget_totals(inp, years) -> BudgetTotals:
    """Revenue and expenditure totals for the same years from the opening year's revised estimate: the calibration anchors."""
    chk, w = inp.chk, inp.where.get
    rev_vals, _ = inp.by_year("budget_revenue_hkd_bn")
    exp_vals, _ = inp.by_year("budget_expenditure_hkd_bn")
    if set(rev_vals) != set(exp_vals):
        chk.error(w("budget_expenditure_hkd_bn"), "budget_expenditure_hkd_bn", ", ".join(fiscal_year.labels(sorted(exp_vals))),
                  "must be given for the same years as budget_revenue_hkd_bn")
    anchors = sorted(set(rev_vals) & set(exp_vals))
    if not anchors or anchors[0] != int(years[0]):
        chk.error(w("budget_revenue_hkd_bn") or "fiscal.yaml", "budget_revenue_hkd_bn", None, f"the Budget totals must start with {fiscal_year.label(int(years[0]))} (the revised estimate)")
    n_anchor = len([y for y in anchors if y <= years[-1]])
    budget_rev = fill_years(chk, w("budget_revenue_hkd_bn"), "budget_revenue_hkd_bn", rev_vals, "zero", years, int(years[0]), pct_is_nan=True)
    budget_exp = fill_years(chk, w("budget_expenditure_hkd_bn"), "budget_expenditure_hkd_bn", exp_vals, "zero", years, int(years[0]), pct_is_nan=True)
    return BudgetTotals(rev_vals, anchors, n_anchor, budget_rev, budget_exp)


def land_premium(inp, years) -> LandPremium:
    """Each year needs land premium in HK$ bn or as a share of GDP: the engine has no other rule for it.

    Beyond its last year the HK$ line follows its rule: none (the share line takes over), hold_last
    (the last HK$ figure held), pct_gdp (its share of GDP held: `grow_land_with_gdp` fills it once GDP
    is known) or zero. A rule other than none supersedes the share line in those years (a note); with
    zero that is an error, since old files wrote zero for what none now says.
    """
    chk, w = inp.chk, inp.where.get
    land_vals, land_rule = inp.by_year("land_premium_hkd_bn")
    lp_vals, lp_rule = inp.by_year("land_premium_pct_gdp")
    land_fixed = np.array([land_vals.get(int(y), np.nan) for y in years])
    land_share = fill_years(chk, w("land_premium_pct_gdp"), "land_premium_pct_gdp", lp_vals, lp_rule, years, None) / 100
    grows_from = None
    if land_vals and land_rule in ("hold_last", "pct_gdp", "zero") and (years > max(land_vals)).any():
        last = max(land_vals)
        beyond = years > last
        superseded = [y for y in sorted(lp_vals) if y > last and y <= years[-1]]
        if superseded and land_rule == "zero":
            chk.error(w("land_premium_hkd_bn"), "land_premium_hkd_bn.extrapolate", "zero",
                      f"sets land premium to zero after {fiscal_year.label(last)}, but land_premium_pct_gdp gives "
                      f"{_span(superseded)}: write extrapolate: none to use the share of GDP after the HK$ figures, "
                      "or remove those shares")
        elif superseded:
            chk.problems.append(Problem(w("land_premium_pct_gdp"), "land_premium_pct_gdp", _span(superseded),
                                        f"not used: land_premium_hkd_bn is extrapolated ({land_rule}) from {fiscal_year.label(last)}",
                                        "note"))
        land_fixed[beyond] = {"hold_last": land_vals[last], "zero": 0.0, "pct_gdp": np.nan}[land_rule]
        if land_rule == "pct_gdp":
            land_share[beyond] = np.nan
            grows_from = int(np.flatnonzero(years == last)[0]) if last >= years[0] else None
    gaps = [fiscal_year.label(y) for i, y in enumerate(years) if np.isnan(land_fixed[i]) and np.isnan(land_share[i])
            and not (grows_from is not None and i > grows_from)]
    if gaps:
        chk.error(w("land_premium_pct_gdp") or "fiscal.yaml", "land_premium", ", ".join(gaps), "each year needs land_premium_hkd_bn or land_premium_pct_gdp")
    return LandPremium(land_vals, lp_vals, land_fixed, land_share, grows_from)


def grow_land_with_gdp(land: LandPremium, gdp_hkd_bn: np.ndarray) -> LandPremium:
    """Land premium under pct_gdp: after its last HK$ figure, that figure's share of (baseline) GDP held, so it grows with GDP."""
    if land.grows_from is None:
        return land
    share = land.share.copy()
    k = land.grows_from
    share[k + 1:] = land.fixed[k] / gdp_hkd_bn[k]
    return replace(land, share=share)


def _span(years_list) -> str:
    labels = fiscal_year.labels(years_list)
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def other_revenue(inp, years) -> OtherRevenue:
    """One-off receipts (zero where not given), then minimum tax, the elasticity and the return on reserves."""
    oo_vals, _ = inp.by_year("one_off_receipts_hkd_bn")
    one_off = np.array([oo_vals.get(int(y), 0.0) for y in years])
    min_tax = minimum_tax(inp, years)
    elasticity = inp.scalar("other_revenue_gdp_elasticity")
    return OtherRevenue(oo_vals, one_off, min_tax, elasticity, investment_return(inp, years),
                        inp.scalar("recurrent_inflation_elasticity"), inp.scalar("investment_income_rate_yield_pass_through"),
                        negative_reserves_rate(inp, years))


def minimum_tax(inp, years):
    """Minimum tax receipts must be given from the opening year; beyond the data their extrapolation rule applies."""
    mt_vals, mt_rule = inp.by_year("minimum_tax_hkd_bn")
    return fill_years(inp.chk, inp.where.get("minimum_tax_hkd_bn"), "minimum_tax_hkd_bn", mt_vals, mt_rule, years, int(years[0]))


def investment_return(inp, years):
    """The rate earned on the reserves must be given from the opening year: it yields investment income. Returns decimals."""
    ir_vals, ir_rule = inp.by_year("investment_income_rate_pct")
    return fill_years(inp.chk, inp.where.get("investment_income_rate_pct"), "investment_income_rate_pct", ir_vals, ir_rule, years, int(years[0])) / 100


def negative_reserves_rate(inp, years):
    """The rate paid on negative (unfunded) fiscal reserves, given from the opening year like the rate they earn. Returns decimals."""
    nr_vals, nr_rule = inp.by_year("negative_reserves_rate_pct")
    return fill_years(inp.chk, inp.where.get("negative_reserves_rate_pct"), "negative_reserves_rate_pct", nr_vals, nr_rule, years, int(years[0])) / 100


def spending(inp, years, anchors) -> Spending:
    """Check recurrent spending, then capital works, then other capital spending."""
    rec_vals, rec_fixed, rgw_vals, rec_growth = recurrent_spending(inp, years, anchors)
    capex = capital_works(inp, years)
    return Spending(rec_vals, rec_fixed, rgw_vals, rec_growth, capex, other_capital(inp, years))


def recurrent_spending(inp, years, anchors):
    """Recurrent spending for every anchor year (the calibration subtracts it), then growth after the last level."""
    chk, w = inp.chk, inp.where.get
    rec_vals, _ = inp.by_year("recurrent_expenditure_hkd_bn")
    rec_fixed = np.array([rec_vals.get(int(y), np.nan) for y in years])
    for y in anchors:
        if y not in rec_vals:
            chk.error(w("recurrent_expenditure_hkd_bn"), f"recurrent_expenditure_hkd_bn[{fiscal_year.label(y)}]", None, "needed for every year with a Budget total")
    rgw_vals, rgw_rule = inp.by_year("recurrent_growth_pct")
    first_growth = max(rec_vals) + 1 if rec_vals else int(years[0]) + 1
    rec_growth = fill_years(chk, w("recurrent_growth_pct"), "recurrent_growth_pct", rgw_vals, rgw_rule, years, first_growth) / 100
    return rec_vals, rec_fixed, rgw_vals, rec_growth


def capital_works(inp, years):
    """Capital works spending must be given from the opening year; beyond the data its extrapolation rule applies."""
    cw_vals, cw_rule = inp.by_year("capital_works_hkd_bn")
    return fill_years(inp.chk, inp.where.get("capital_works_hkd_bn"), "capital_works_hkd_bn", cw_vals, cw_rule, years, int(years[0]))


def other_capital(inp, years):
    """Other capital spending as a share of GDP where given (held on under hold_last); NaN years take the calibrated residual."""
    oc_vals, oc_rule = inp.by_year("other_capital_pct_gdp")
    oc_share = np.array([oc_vals.get(int(y), np.nan) for y in years]) / 100
    if oc_rule == "hold_last" and oc_vals:
        oc_share[years > max(oc_vals)] = oc_vals[max(oc_vals)] / 100
    return oc_share


def one_off_below_revenue(inp, budget: BudgetTotals, revenue: OtherRevenue):
    """In an anchor year one-off receipts must stay below total revenue, or recurring revenue would be zero or negative."""
    chk, w = inp.chk, inp.where.get
    oo_vals, rev_vals = revenue.one_off_given, budget.revenue
    for y in budget.anchors:
        if y in oo_vals and y in rev_vals and oo_vals[y] >= rev_vals[y]:
            chk.error(w("one_off_receipts_hkd_bn"), f"one_off_receipts_hkd_bn[{fiscal_year.label(y)}]", oo_vals[y],
                      f"must be below the year's total revenue ({rev_vals[y]:g}): recurring revenue would be zero or negative")


def accounts(inp, years, anchors, revenue: OtherRevenue) -> Accounts:
    """The Operating balance and non-recurrent spending for every anchor year; the Non-Operating one-offs within the one-offs."""
    chk, w = inp.chk, inp.where.get
    bal_vals, _ = inp.by_year("operating_balance_hkd_bn")
    nr_vals, nr_rule = inp.by_year("non_recurrent_expenditure_hkd_bn")
    for name, given in (("operating_balance_hkd_bn", bal_vals), ("non_recurrent_expenditure_hkd_bn", nr_vals)):
        for y in anchors:
            if y not in given and name not in chk.rejected and inp.entry(name) is not None:
                chk.error(w(name), f"{name}[{fiscal_year.label(y)}]", None, "needed for every year with a Budget total")
    balance = np.array([bal_vals.get(int(y), np.nan) for y in years])
    non_recurrent = fill_years(chk, w("non_recurrent_expenditure_hkd_bn"), "non_recurrent_expenditure_hkd_bn", nr_vals, nr_rule, years,
                          None) if nr_vals else np.zeros(len(years))
    oo_vals, _ = inp.by_year("one_off_receipts_non_operating_hkd_bn")
    for y, x in sorted(oo_vals.items()):
        total = revenue.one_off_given.get(y, 0.0)
        if x > total + 1e-9:
            chk.error(w("one_off_receipts_non_operating_hkd_bn"), f"one_off_receipts_non_operating_hkd_bn[{fiscal_year.label(y)}]", x,
                      f"must not exceed the year's one-off receipts ({total:g}, one_off_receipts_hkd_bn): it is the part of them "
                      "credited to the Non-Operating Account")
    one_off_non_operating = np.array([oo_vals.get(int(y), 0.0) for y in years])
    return Accounts(balance, one_off_non_operating, non_recurrent)
