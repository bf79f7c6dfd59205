"""Declarations of every input parameter: file, shape, unit, hard bounds and plausible bounds.

Data declares, code computes: validation, the assumptions sheet of the workbook and the
documentation read these declarations; nobody types a bound twice.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One input parameter.

    kind: "by_year" (values keyed by fiscal year), "scalar", "choice", "plans", "mix", "fx".
    bounds: values outside are errors; plausible: values outside are warnings.
    extrapolate: the rules a by_year parameter may use beyond its last year.
    gaps_allowed: a by_year parameter whose years need not be consecutive (published figures).
    """

    name: str
    file: str
    kind: str
    unit: str
    bounds: tuple = (None, None)
    plausible: tuple = (None, None)
    extrapolate: tuple = ()
    choices: tuple = ()
    gaps_allowed: bool = False  # a published figure may give 2026-27 and 2030-31 only
    optional: bool = False      # a file may leave it out (a statement only some Budgets make; one the inputs workbook lacks)


PLAN_FILE = "budget_plan.yaml"
# What kind of source a published figure comes from (budget_plan.yaml `source_kind:`): the standing a reader gives it.
SOURCE_KINDS = {
    "official publication": "the Government's own document (Budget, Budget Speech, Estimates, MRF, a LegCo paper)",
    "official statement": "a minister's or official's public statement, on the record (speech, reply, press release)",
    "news report of an official publication": "a newspaper's or agency's report of an official figure, the document not found",
    "rating agency": "a credit rating agency's projection (its own, not the Government's)",
    "column": "an opinion column or commentary",
    "model assumption": "a reading or convention of this model, stated with its reason",
}
# The readings of the published statements the gap range is solved under (budget_plan.yaml gap_readings).
GAP_READING_KEYS = ("words", "reserves_rise_min_hkd_bn", "reserves_end", "non_operating_deficit")
GAP_DEFICIT_READINGS = ("bounds", "reaches_both_ends")
GAP_RISE_BOUNDS = ((0.0, None), (0.0, 100.0))  # HK$ bn a year: the smallest yearly rise of reserves a reading asks (hard, plausible)

# Extrapolation rules: what each does beyond a line's last given year. `grow_with_gdp` is another name for
# `pct_gdp` (an amount that grows with nominal GDP holds its share of GDP: the same numbers).
RULES = {
    "hold_last": "the last value held",
    "pct_gdp": "the last amount's share of GDP held (it grows with nominal GDP; also written grow_with_gdp)",
    "zero": "zero",
    "none": "not extrapolated: every year of the horizon must be given",
    "from_anchor": "the share of GDP the calibration finds in the last anchor year",
}
RULE_ALIASES = {"grow_with_gdp": "pct_gdp"}
# Why a rule a user may expect does not apply to a line, by line (else by the kind of line, below).
NOT_FOR = {
    "nominal_gdp_hkd_bn": "beyond its last year GDP follows real_growth_pct and deflator_pct: set their rules",
    "recurrent_expenditure_hkd_bn": "beyond its last year recurrent spending follows recurrent_growth_pct: set its rule",
    "budget_revenue_hkd_bn": "a Budget total is given for the anchor years only and never extrapolated",
    "budget_expenditure_hkd_bn": "a Budget total is given for the anchor years only and never extrapolated",
    "operating_balance_hkd_bn": "a published balance for the anchor years only, never extrapolated",
    "one_off_receipts_hkd_bn": "one-off receipts are given year by year; after the last one given there are none",
    "one_off_receipts_non_operating_hkd_bn": "one-off receipts are given year by year; after the last one given there are none",
    "ceiling_hkd_bn": "the ceiling is set in HK$ by resolution of the Legislative Council: hold_last keeps it, none stops at the last one given",
    "issuance_plan_hkd_bn": "an issuance plan is the HK$ amounts the Government announces: hold_last, zero or none",
    "pool_b_debt_hkd_bn": "pool B is a stock of bonds in HK$: hold_last, zero or none",
    "other_capital_pct_gdp": "beyond the MRF other capital spending holds a share of GDP: from_anchor or hold_last",
}


def rule_not_allowed(p: "Param", rule) -> str:
    """The message for an extrapolation rule `p` does not take: the rules it takes, each said in words, and why not this one."""
    rule = rule if isinstance(rule, str) else None
    allowed = ", ".join(p.extrapolate) + " (" + "; ".join(f"{r}: {RULES[r]}" for r in p.extrapolate) + ")"
    if p.name in NOT_FOR:
        why = NOT_FOR[p.name]
    elif rule in ("pct_gdp", "grow_with_gdp") and "% of" in p.unit:
        why = "this line is already a share of GDP: hold_last holds the share"
    elif rule in ("pct_gdp", "grow_with_gdp") and p.unit.startswith("%"):
        why = "a rate does not grow with GDP: hold_last holds the rate"
    elif rule is not None and (rule in RULES or rule in RULE_ALIASES):
        why = f"'{rule}' does not apply to this line"
    else:
        return f"must be one of {allowed}"
    return f"{why}; {p.name} takes one of {allowed}"


PARAMS = [
    Param("nominal_gdp_hkd_bn", "macro.yaml", "by_year", "HK$ bn", (1.0, None), (1000.0, 20000.0), ("none",)),
    Param("real_growth_pct", "macro.yaml", "by_year", "% a year", (-50.0, 50.0), (-10.0, 10.0), ("hold_last", "zero", "none")),
    Param("deflator_pct", "macro.yaml", "by_year", "% a year", (-50.0, 50.0), (-10.0, 10.0), ("hold_last", "zero", "none")),
    Param("inflation_pct", "macro.yaml", "by_year", "% a year", (-20.0, 50.0), (-5.0, 10.0), ("hold_last", "zero", "none")),
    Param("opening_fiscal_reserves_hkd_bn", "fiscal.yaml", "scalar", "HK$ bn", (0.0, None), (100.0, 3000.0)),
    Param("budget_revenue_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (1.0, None), (200.0, 3000.0), ("zero",)),
    Param("budget_expenditure_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (200.0, 3000.0), ("zero",)),
    Param("land_premium_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 400.0), ("none", "hold_last", "pct_gdp", "zero")),
    Param("land_premium_pct_gdp", "fiscal.yaml", "by_year", "% of nominal GDP", (0.0, 100.0), (0.0, 10.0), ("hold_last", "zero", "none")),
    Param("one_off_receipts_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 400.0), ("zero",)),
    Param("minimum_tax_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 100.0), ("pct_gdp", "hold_last", "zero", "none")),
    Param("other_revenue_gdp_elasticity", "fiscal.yaml", "scalar", "ratio", (-5.0, 10.0), (0.3, 2.5)),
    Param("investment_income_rate_pct", "fiscal.yaml", "by_year", "% a year", (-50.0, 50.0), (-5.0, 12.0), ("hold_last", "zero", "none")),
    Param("recurrent_expenditure_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (100.0, 3000.0), ("none",)),
    Param("recurrent_growth_pct", "fiscal.yaml", "by_year", "% a year", (-50.0, 50.0), (-5.0, 12.0), ("pct_gdp", "hold_last", "zero", "none")),
    Param("capital_works_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 600.0), ("pct_gdp", "hold_last", "zero", "none")),
    Param("other_capital_pct_gdp", "fiscal.yaml", "by_year", "% of GDP", (-100.0, 100.0), (-2.0, 10.0), ("from_anchor", "hold_last")),
    Param("operating_balance_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (None, None), (-300.0, 300.0), ("zero",)),
    Param("one_off_receipts_non_operating_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 400.0), ("zero",)),
    Param("recurrent_inflation_elasticity", "fiscal.yaml", "scalar", "ratio", (0.0, 5.0), (0.0, 2.0)),
    Param("negative_reserves_rate_pct", "fiscal.yaml", "by_year", "% a year", (-50.0, 50.0), (0.0, 12.0), ("hold_last", "zero", "none")),
    Param("investment_income_rate_yield_pass_through", "fiscal.yaml", "scalar", "share", (0.0, 1.0), (0.0, 1.0)),
    Param("non_recurrent_expenditure_hkd_bn", "fiscal.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 400.0), ("pct_gdp", "hold_last", "zero", "none")),
    Param("ceiling_hkd_bn", "borrowing.yaml", "by_year", "HK$ bn", (0.0, None), (50.0, 5000.0), ("hold_last", "none")),
    Param("band_low_pct", "borrowing.yaml", "scalar", "% of GDP", (0.0, 300.0), (1.0, 100.0)),
    Param("band_high_pct", "borrowing.yaml", "scalar", "% of GDP", (0.0, 300.0), (1.0, 100.0)),
    Param("issuance_plan_hkd_bn", "borrowing.yaml", "plans", "HK$ bn", (0.0, None), (0.0, 800.0), ("hold_last", "zero", "none")),
    Param("financing_rule", "borrowing.yaml", "choice", "choice", choices=("risk", "plan", "gap")),
    Param("ceiling_policy", "borrowing.yaml", "choice", "choice", choices=("cap", "breach")),
    Param("reserves_floor_hkd_bn", "borrowing.yaml", "scalar", "HK$ bn", (0.0, None), (0.0, 3000.0)),
    Param("fx_hkd_per_unit", "borrowing.yaml", "fx", "HK$ per unit", (0.0, None), (0.01, 100.0)),
    Param("new_issue_mix", "borrowing.yaml", "mix", "share of gross issuance by bucket; tenor in years; yield in % a year"),
    Param("pool_b_debt_hkd_bn", "borrowing.yaml", "by_year", "HK$ bn", (0.0, None), (0.0, 1000.0), ("zero", "hold_last", "none")),
    Param("pool_b_interest_rate_pct", "borrowing.yaml", "scalar", "% a year", (0.0, 30.0), (0.0, 12.0)),
    Param("reserves_floor_months", "borrowing.yaml", "scalar", "months of the year's expenditure", (0.0, 120.0), (1.0, 24.0)),
    Param("fx_rmb_volatility_pct", "borrowing.yaml", "scalar", "% a year", (0.0, 100.0), (0.0, 20.0)),
    Param("fx_eur_volatility_pct", "borrowing.yaml", "scalar", "% a year", (0.0, 100.0), (0.0, 30.0)),
    Param("fx_usd_band_pct", "borrowing.yaml", "scalar", "%", (0.0, 10.0), (0.0, 2.0)),
    Param("new_issue_spread_sd_pp", "borrowing.yaml", "scalar", "pp", (0.0, 10.0), (0.0, 2.0)),
    # The Government's published plan (budget_plan.yaml): the figures the Budget baseline meets.
    Param("published_operating_revenue_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (100.0, 3000.0), ("zero",), gaps_allowed=True),
    Param("published_operating_expenditure_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (100.0, 3000.0), ("zero",), gaps_allowed=True),
    Param("published_non_operating_revenue_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (0.0, 1000.0), ("zero",), gaps_allowed=True),
    Param("published_non_operating_expenditure_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (0.0, 1000.0), ("zero",), gaps_allowed=True),
    Param("published_non_operating_balance_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (None, None), (-1000.0, 500.0), ("zero",), gaps_allowed=True),
    Param("published_repayments_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (0.0, 1000.0), ("zero",), gaps_allowed=True),
    Param("published_consolidated_balance_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (None, None), (-1000.0, 1000.0), ("zero",), gaps_allowed=True),
    Param("published_fiscal_reserves_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (None, None), (0.0, 3000.0), ("zero",), gaps_allowed=True),
    Param("published_debt_to_gdp_pct", PLAN_FILE, "by_year", "% of GDP", (0.0, 500.0), (1.0, 100.0), ("zero",), gaps_allowed=True),
    Param("published_cwrf_expenditure_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (0.0, None), (0.0, 1000.0), ("zero",), gaps_allowed=True),
    # Stated floors on an account's balance by year (e.g. "a consolidated surplus from 2028-29"): optional, NaN where not stated.
    Param("consolidated_balance_min_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (None, None), (-1000.0, 1000.0), ("zero",),
          gaps_allowed=True, optional=True),
    Param("operating_balance_min_hkd_bn", PLAN_FILE, "by_year", "HK$ bn", (None, None), (-1000.0, 1000.0), ("zero",),
          gaps_allowed=True, optional=True),
    Param("reserves_end_min_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (None, None), (0.0, 3000.0), optional=True),
    Param("non_operating_deficit_min_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (0.0, None), (0.0, 1000.0)),
    Param("non_operating_deficit_max_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (0.0, None), (0.0, 1000.0)),
    Param("issuance_min_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (0.0, None), (0.0, 1000.0)),
    Param("issuance_max_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (0.0, None), (0.0, 1000.0)),
    Param("refinancing_share_min_pct", PLAN_FILE, "scalar", "%", (0.0, 100.0), (0.0, 100.0)),
    Param("refinancing_share_max_pct", PLAN_FILE, "scalar", "%", (0.0, 100.0), (0.0, 100.0)),
    Param("band_tolerance_pp", PLAN_FILE, "scalar", "pp", (0.0, 10.0), (0.0, 1.0)),
    Param("unidentified_measures", PLAN_FILE, "choice", "choice", choices=("fitted", "none")),
    Param("outside_view_issuance_average_hkd_bn", PLAN_FILE, "scalar", "HK$ bn", (0.0, None), (0.0, 1000.0)),
    Param("outside_view_reserves_pct_gdp", PLAN_FILE, "scalar", "% of GDP", (0.0, None), (0.0, 200.0)),
    Param("gap_readings", PLAN_FILE, "readings", "readings", optional=True),
]

BY_NAME = {p.name: p for p in PARAMS}
CURRENCIES = ("HKD", "RMB", "USD", "EUR")
PLANS = ("low", "central", "high")

# Bounds of the new-issue mix and the opening book (hard, then plausible).
MIX_SHARE = (0.0, 1.0)
TENOR_YEARS = (1, 50)
YIELD_PCT = ((-5.0, 30.0), (0.0, 12.0))
COUPON_PCT = ((0.0, 30.0), (0.0, 12.0))
FACE_VALUE_BN = ((0.0, None), (0.0, 200.0))
BOOK_COLUMNS = ("cohort_id", "pool", "programme", "investor", "currency", "face_value_bn", "issue_fy",
                "maturity_fy_first", "maturity_fy_last", "coupon_pct", "inflation_linked", "basis", "source")
PEER_COLUMNS = ("country", "indicator", "unit", "year", "value", "definition", "vintage", "source_id")
PEER_VALUE = ((0.0, None), (0.0, 400.0))  # a peer's figure in its unit (% of GDP or of revenue): hard, then plausible
PEER_INDICATORS = {"debt_to_gdp": "% of GDP", "interest_to_revenue": "% of revenue", "interest_to_gdp": "% of GDP"}
# The like-for-like definitions Hong Kong's projection is set beside (peers.csv uses the same words).
PEER_GG_DEBT = "general government gross debt, % of GDP (IMF WEO/Fiscal Monitor)"
PEER_GG_INTEREST_REVENUE = "general government interest expense / general government revenue (IMF GFS/Fiscal Monitor)"
PEER_GG_INTEREST_GDP = "general government interest expense, % of GDP (IMF GFS/Fiscal Monitor)"
# gfsm_classification.csv: each Budget line the engine projects, its side of the Budget (revenue,
# expenditure, bond flows) and the GFSM 2014 classes it may take (the first is the standard one).
GFSM_FILE = "gfsm_classification.csv"
GFSM_COLUMNS = ("line", "budget_side", "gfsm_class", "gfsm_code", "reason", "source")
GFSM_CLASSES = ("revenue", "expense", "nonfinancial_assets", "financing")
GFSM_LINES = {
    "land_premium": ("revenue", ("nonfinancial_assets", "revenue", "financing")),
    "other_revenue": ("revenue", ("revenue", "nonfinancial_assets", "financing")),
    "minimum_tax": ("revenue", ("revenue", "nonfinancial_assets", "financing")),
    "other_non_operating_revenue": ("revenue", ("revenue", "nonfinancial_assets", "financing")),
    "investment_income": ("revenue", ("revenue", "financing")),
    "one_off_receipts": ("revenue", ("financing", "revenue", "nonfinancial_assets")),
    "recurrent_expenditure": ("expenditure", ("expense", "nonfinancial_assets", "financing")),
    "non_recurrent_expenditure": ("expenditure", ("expense", "nonfinancial_assets", "financing")),
    "unidentified_measures": ("expenditure", ("expense", "nonfinancial_assets", "financing")),
    "capital_works": ("expenditure", ("nonfinancial_assets", "expense", "financing")),
    "other_capital": ("expenditure", ("expense", "nonfinancial_assets", "financing")),
    "interest": ("expenditure", ("expense",)),
    "interest_on_negative_reserves": ("expenditure", ("expense",)),
    "gross_issuance": ("bond flows", ("financing",)),
    "redemptions": ("bond flows", ("financing",)),
}

# Below these a peer figure was almost surely typed as a decimal (2.296 for 229.6%): no comparator comes close.
PEER_DECIMAL_FLOOR = {"debt_to_gdp": 3.0, "interest_to_revenue": 0.1, "interest_to_gdp": 0.05}


def unit_agrees(declared: str, written) -> bool:
    """Whether a unit written beside a figure (YAML `unit:`, the workbook's Unit column) begins with the declared unit.

    The declaration above is the unit the model reads the figure in; the written text repeats it for
    the reader and may add words after a space, comma, colon or bracket ("HK$ bn, fiscal reserves at
    31 March"). A text naming another unit ("% of GDP" for a HK$ bn field) would be a silent wrong answer.
    """
    text = " ".join(str(written).split())
    return text == declared or (text.startswith(declared) and text[len(declared)] in " ,:;(")


def describe_range(lo, hi) -> str:
    """Words for an allowed range, e.g. "0 or more", "up to 30", "-5 to 12"."""
    if lo is None and hi is None:
        return "any finite number"
    if lo is None:
        return f"up to {hi:g}"
    if hi is None:
        return f"{lo:g} or more"
    return f"{lo:g} to {hi:g}"
