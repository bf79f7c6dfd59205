"""Validation: turn raw input files into frozen Assumptions, reporting every problem at once.

Each problem names the file, the field (with its fiscal year or row), the bad value and what
is allowed. Values outside hard bounds are errors; outside plausible bounds, warnings.

The checks are split by input file: `macro`, `fiscal` and `borrowing` (the YAML parameters,
read through `parameters`), `opening_book` and `peers` (the CSV files). `validate` calls them
in the order the problems are reported, then checks across files.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions
from finmodel.inputs.errors import InputError
from finmodel.inputs.fitted_plan import FILE_NAME, check_fitted_plan, warn_stale
from finmodel.inputs.raw import RawInputs
from finmodel.inputs.validation.borrowing import (
    MIX_KEYS,
    Borrowing,
    check_borrowing,
    check_day_one,
)
from finmodel.inputs.validation.budget_plan import check_budget_plan
from finmodel.inputs.validation.checker import Checker
from finmodel.inputs.validation.fiscal import (
    Fiscal,
    check_fiscal,
    grow_land_with_gdp,
    one_off_below_revenue,
)
from finmodel.inputs.validation.macro import Macro, check_macro
from finmodel.inputs.validation.opening_book import (
    check_opening_book,
    require_outstanding,
)
from finmodel.inputs.validation.parameters import KIND_KEYS, Parameters
from finmodel.inputs.validation.gfsm import check_gfsm
from finmodel.inputs.validation.peers import check_peers
from finmodel.inputs.validation.year_axis import (
    HORIZON_MAX_YEARS,
    warn_overlaps,
    year_frame,
)

__all__ = ["KIND_KEYS", "MIX_KEYS", "validate"]


def validate(raw: RawInputs, horizon: int | None = None, plan: str = "central", prior=(), require_fitted: bool = True) -> Assumptions:
    """Check every input and build the Assumptions for the opening year .. `horizon`; raise InputError listing all problems.

    The years come from the inputs (`year_axis.year_frame`): the opening year is the first year of
    nominal GDP, and `horizon` None means the last year of the Medium Range Forecast.
    prior: problems already found while reading (files that could not be parsed); they are
    reported together with the problems found here. require_fitted: inputs that leave paths to the
    Budget-plan fit must carry the fitted plan (`finmodel fit`, which validates without it, says False).
    """
    chk = Checker()
    chk.problems.extend(prior)
    inp = Parameters(raw, chk)
    opening, mrf_last = year_frame(inp)
    if opening is None:
        chk.error(inp.where.get("nominal_gdp_hkd_bn") or str(Path(str(raw.root)) / "macro.yaml"), "nominal_gdp_hkd_bn", None,
                  "no fiscal year found: the first year of nominal GDP opens the model's years (e.g. values: {\"" + fiscal_year.example() + "\": 3485.0})")
        raise_on_errors(chk)
    years = np.arange(opening, check_horizon(chk, mrf_last if horizon is None else horizon, opening, mrf_last) + 1)
    macro = check_macro(inp, years)
    fiscal = check_fiscal(inp, years)
    fiscal = replace(fiscal, land=grow_land_with_gdp(fiscal.land, gdp_path(macro, years)))
    borrowing = check_borrowing(inp, years, plan)
    book = check_opening_book(chk, raw, years)
    peers = check_peers(chk, raw)
    gfsm_classes, gfsm_rows = check_gfsm(chk, raw)
    plan_published = check_budget_plan(inp, years)
    anchors = fiscal.budget.anchors
    fitted = check_fitted_plan(chk, raw, years, (anchors[-1] if anchors else years[0]) + 1, mrf_last)
    book = require_outstanding(chk, raw, book, years)
    one_off_below_revenue(inp, fiscal.budget, fiscal.revenue)
    check_day_one(inp, book, borrowing, years)
    warn_unused_rules(inp, macro, fiscal)
    raise_on_errors(chk)
    a = replace(_assumptions(raw, inp, years, plan, macro, fiscal, borrowing, book, peers, plan_published, mrf_last),
                gfsm_classes=gfsm_classes, gfsm_rows=gfsm_rows)
    if require_fitted and fitted is None:
        require_fitted_plan(chk, raw, a)
        raise_on_errors(chk)
    warn_stale(chk, fitted)
    return replace(a, fitted_plan=fitted, warnings=tuple(p for p in chk.problems if p.severity != "error"))


def require_fitted_plan(chk, raw, a: Assumptions) -> None:
    """Inputs that leave a path to the Budget-plan fit (and have MRF years after the anchors) need the fitted plan."""
    p = a.budget_plan
    leaves = [w for w, left in (("gross issuance", a.fit_issuance), ("non-works capital spending", a.fit_other_capital),
                                ("unidentified measures", p is not None and p.unidentified_measures == "fitted")) if left]
    after_anchors = (a.years >= a.years[0] + a.n_anchor) & (a.years <= a.mrf_last_year)
    if p is None or not leaves or not after_anchors.any():
        return
    book = str(raw.root).lower().endswith(".xlsx")
    chk.error(f"{raw.root}: sheet 'Fitted plan'" if book else str(Path(raw.root) / FILE_NAME), "", None,
              "not found: the inputs leave " + ", ".join(leaves) + " to the Budget-plan fit; run "
              f"`finmodel fit --inputs {raw.root}` to solve and write them")


def gdp_path(macro: Macro, years) -> np.ndarray:
    """Nominal GDP on the axis with no shock: the opening year's level grown by each year's nominal growth."""
    g = np.asarray(macro.nominal_growth, dtype=float).copy()
    g[0] = 0.0
    return float(macro.gdp.get(int(years[0]), np.nan)) * np.cumprod(1.0 + g)


def check_horizon(chk, horizon, opening: int, mrf_last: int) -> int:
    """The horizon must run from the year after the opening year to HORIZON_MAX_YEARS after it; when it does not, the
    files are checked on the official horizon (the MRF's last year)."""
    if not opening + 1 <= horizon <= opening + HORIZON_MAX_YEARS:
        chk.error("--horizon", "horizon", fiscal_year.label(horizon),
                  f"must be {fiscal_year.label(opening + 1)} to {fiscal_year.label(opening + HORIZON_MAX_YEARS)}")
        return mrf_last
    return horizon


def warn_unused_rules(inp, macro: Macro, fiscal: Fiscal):
    """Warn where a growth or share rule is given for a year whose level is given too: the level wins."""
    chk, w = inp.chk, inp.where.get
    warn_overlaps(chk, w, {"real_growth_pct": macro.real_growth, "deflator_pct": macro.deflator}, macro.gdp, "nominal_gdp_hkd_bn", skip_first=True)
    warn_overlaps(chk, w, {"land_premium_pct_gdp": fiscal.land.share_given}, fiscal.land.fixed_given, "land_premium_hkd_bn",
                  severity="note")  # the two land lines are alternatives by year: a HK$ figure replacing a share is the normal edit
    warn_overlaps(chk, w, {"recurrent_growth_pct": fiscal.spending.recurrent_growth_given}, fiscal.spending.recurrent_given,
                   "recurrent_expenditure_hkd_bn")


def raise_on_errors(chk):
    """Drop problems without a file (consequences of a field or file already reported missing); raise if any error is left."""
    chk.problems = [p for p in chk.problems if p.where]
    errors = [p for p in chk.problems if p.severity == "error"]
    if errors:
        raise InputError(chk.problems)


def _assumptions(raw, inp, years, plan, macro: Macro, fiscal: Fiscal, borrowing: Borrowing, book, peers,
                 plan_published, mrf_last: int) -> Assumptions:
    """Gather the checked inputs into the frozen Assumptions, with provenance, input hashes and the warnings.

    The Budget-plan fit solves for the central plan's issuance in the MRF years it leaves out, and
    for non-works capital spending in the MRF years other_capital_pct_gdp leaves out.
    """
    budget, land, revenue, spending = fiscal.budget, fiscal.land, fiscal.revenue, fiscal.spending
    accounts = fiscal.accounts
    mrf_after_anchors = (years >= years[0] + budget.n_anchor) & (years <= mrf_last)
    central_given = borrowing.central_given
    fit_issuance = plan_published is not None and bool(mrf_after_anchors.any()) and not any(
        y in central_given for y in years[mrf_after_anchors])
    fit_other_capital = plan_published is not None and bool(np.isnan(spending.other_capital_share[mrf_after_anchors]).all())
    return Assumptions(
        years=years, mrf_last_year=mrf_last, n_anchor=budget.n_anchor, gdp0_hkd_bn=macro.gdp[int(years[0])],
        nominal_growth=macro.nominal_growth, inflation=macro.inflation, land_fixed_hkd_bn=land.fixed, land_share_gdp=land.share,
        one_off_hkd_bn=revenue.one_off, minimum_tax_fixed_hkd_bn=revenue.minimum_tax, other_revenue_elasticity=revenue.elasticity,
        budget_revenue_hkd_bn=budget.revenue_path, budget_expenditure_hkd_bn=budget.expenditure_path,
        other_revenue_fixed_hkd_bn=np.full(len(years), np.nan), other_capital_fixed_hkd_bn=np.full(len(years), np.nan),
        other_capital_share_gdp=spending.other_capital_share, investment_rate=revenue.investment_rate,
        recurrent_fixed_hkd_bn=spending.recurrent_fixed, recurrent_growth=spending.recurrent_growth,
        capital_works_fixed_hkd_bn=spending.capital_works, ceiling_hkd_bn=borrowing.ceiling,
        band_low_pct=borrowing.band_low, band_high_pct=borrowing.band_high, plans=borrowing.plans, plan_name=plan,
        issuance_plan_hkd_bn=borrowing.plans[plan], financing_rule=borrowing.financing_rule,
        ceiling_policy=borrowing.ceiling_policy, reserves_floor_hkd_bn=borrowing.reserves_floor,
        reserves_floor_months=borrowing.reserves_floor_months,
        recurrent_inflation_elasticity=fiscal.revenue.recurrent_inflation_elasticity,
        investment_rate_yield_pass_through=fiscal.revenue.investment_rate_yield_pass_through,
        negative_reserves_rate=fiscal.revenue.negative_reserves_rate,
        fx_volatility_pct={"RMB": borrowing.risk_shocks["fx_rmb_volatility_pct"], "EUR": borrowing.risk_shocks["fx_eur_volatility_pct"],
                           "USD": borrowing.risk_shocks["fx_usd_band_pct"]},
        new_issue_spread_sd_pp=borrowing.risk_shocks["new_issue_spread_sd_pp"],
        fx=borrowing.fx, mix=borrowing.mix, book=book, opening_reserves_hkd_bn=borrowing.opening_reserves,
        pool_b_hkd_bn=borrowing.pool_b, pool_b_interest_rate=borrowing.pool_b_rate, peers=peers, operating_balance_anchor_hkd_bn=accounts.operating_balance,
        one_off_non_operating_hkd_bn=accounts.one_off_non_operating, non_recurrent_fixed_hkd_bn=accounts.non_recurrent,
        other_non_operating_revenue_fixed_hkd_bn=np.full(len(years), np.nan), unidentified_measures_hkd_bn=np.zeros(len(years)),
        budget_plan=plan_published, fit_issuance=fit_issuance, fit_other_capital=fit_other_capital,
        provenance=inp.provenance, input_hashes=raw.hashes(),
        warnings=tuple(p for p in inp.chk.problems if p.severity != "error"))
