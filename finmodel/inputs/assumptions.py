"""Frozen, validated assumptions: numpy arrays on a fiscal-year axis, ready for the engine.

Units inside: HK$ bn for money, decimals for rates and shares (0.035, not 3.5). A NaN in a
`*_fixed_hkd_bn` array means "not given for that year: the engine's rule applies".
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class OpeningBook:
    """Pool A bonds outstanding at the start of the first model year, one entry per cohort.

    face_fc is the face value in the bond's own currency (bn); years are fiscal start years.
    """

    cohort_id: tuple
    programme: tuple
    investor: tuple
    currency: tuple
    basis: tuple
    currency_idx: np.ndarray
    face_fc: np.ndarray
    issue_year: np.ndarray
    maturity_year: np.ndarray
    coupon: np.ndarray
    inflation_linked: np.ndarray


@dataclass(frozen=True)
class IssueMix:
    """How each year's gross issuance splits across buckets (tenor, currency, investor)."""

    bucket: tuple
    investor: tuple
    currency: tuple
    currency_idx: np.ndarray
    share: np.ndarray
    tenor_years: np.ndarray
    yield_rate: np.ndarray
    inflation_linked: np.ndarray


@dataclass(frozen=True)
class GapReading:
    """One reading of the published statements that pin down the gap the Budget does not itemise (budget_plan.yaml gap_readings).

    reserves_rise_min_hkd_bn: reserves rise by at least this a year (None: no rise required);
    reserves_end: reserves end the MRF at least reserves_end_min_hkd_bn; non_operating_deficit:
    "bounds" (the published range as bounds) or "reaches_both_ends" (the deficit path touches both ends).
    """

    name: str
    words: str
    reserves_rise_min_hkd_bn: float | None
    reserves_end: bool
    non_operating_deficit: str


@dataclass(frozen=True)
class BudgetPlan:
    """The Government's published plan (budget_plan.yaml): what the Budget baseline must meet.

    By-year figures are arrays on the fiscal-year axis with NaN where nothing is published;
    ranges are scalars; `sources` maps each parameter to its source text.
    """

    operating_revenue_hkd_bn: np.ndarray
    operating_expenditure_hkd_bn: np.ndarray
    non_operating_revenue_hkd_bn: np.ndarray
    non_operating_expenditure_hkd_bn: np.ndarray
    non_operating_balance_hkd_bn: np.ndarray
    repayments_hkd_bn: np.ndarray
    consolidated_balance_hkd_bn: np.ndarray
    fiscal_reserves_hkd_bn: np.ndarray
    debt_to_gdp_pct: np.ndarray
    cwrf_expenditure_hkd_bn: np.ndarray
    reserves_end_min_hkd_bn: float
    non_operating_deficit_min_hkd_bn: float
    non_operating_deficit_max_hkd_bn: float
    issuance_min_hkd_bn: float
    issuance_max_hkd_bn: float
    refinancing_share_min_pct: float
    refinancing_share_max_pct: float
    band_tolerance_pp: float
    unidentified_measures: str
    outside_view_issuance_average_hkd_bn: float
    outside_view_reserves_pct_gdp: float
    sources: dict
    source_kinds: dict = field(default_factory=dict)   # parameter -> kind of source (SOURCE_KINDS in schema.py)
    gap_readings: tuple = ()                           # GapReading, in the order given
    gap_central: str = ""                              # the reading the baseline fit solves (its name)
    gap_argument: str = ""                             # why that reading is the central one
    consolidated_balance_min_hkd_bn: np.ndarray | None = None   # stated floors by year (NaN: none stated); None: not given
    operating_balance_min_hkd_bn: np.ndarray | None = None


@dataclass(frozen=True)
class Assumptions:
    """Everything the engine needs for one scenario, on the fiscal-year axis `years`."""

    years: np.ndarray
    mrf_last_year: int
    n_anchor: int
    gdp0_hkd_bn: float
    nominal_growth: np.ndarray
    inflation: np.ndarray
    land_fixed_hkd_bn: np.ndarray
    land_share_gdp: np.ndarray
    one_off_hkd_bn: np.ndarray
    minimum_tax_fixed_hkd_bn: np.ndarray
    other_revenue_elasticity: float
    budget_revenue_hkd_bn: np.ndarray
    budget_expenditure_hkd_bn: np.ndarray
    other_revenue_fixed_hkd_bn: np.ndarray
    other_capital_fixed_hkd_bn: np.ndarray
    other_capital_share_gdp: np.ndarray
    investment_rate: np.ndarray
    recurrent_fixed_hkd_bn: np.ndarray
    recurrent_growth: np.ndarray
    capital_works_fixed_hkd_bn: np.ndarray
    ceiling_hkd_bn: np.ndarray
    band_low_pct: float
    band_high_pct: float
    plans: dict
    plan_name: str
    issuance_plan_hkd_bn: np.ndarray
    financing_rule: str
    ceiling_policy: str
    reserves_floor_hkd_bn: float
    fx: np.ndarray
    mix: IssueMix
    book: OpeningBook
    opening_reserves_hkd_bn: float
    pool_b_hkd_bn: np.ndarray | float  # pool B (Bond Fund) bonds at 31 March, by year; never under the ceiling
    peers: tuple = ()
    pool_b_interest_rate: float = 0.0  # decimal a year, on pool B's average stock
    # The two accounts (anchor years) and the Budget-plan fit; None on hand-built cases = not used.
    operating_balance_anchor_hkd_bn: np.ndarray | None = None
    one_off_non_operating_hkd_bn: np.ndarray | None = None
    non_recurrent_fixed_hkd_bn: np.ndarray | None = None
    other_non_operating_revenue_fixed_hkd_bn: np.ndarray | None = None
    unidentified_measures_hkd_bn: np.ndarray | None = None
    budget_plan: BudgetPlan | None = None
    fit_issuance: bool = False
    fit_other_capital: bool = False
    fit: dict = field(default_factory=dict)
    fitted_plan: object = None  # finmodel.inputs.fitted_plan.FittedPlan: the fitted paths every run holds
    reserves_floor_months: float = 0.0
    recurrent_inflation_elasticity: float = 0.0
    investment_rate_yield_pass_through: float = 0.0   # share of a yield shock added to the reserves' rate a year later
    negative_reserves_rate: np.ndarray | float = 0.0  # decimal a year, paid on negative reserves at the start of the year
    gfsm_classes: dict | None = None   # {line: GFSM 2014 class} from gfsm_classification.csv; None = each line's standard class
    gfsm_rows: tuple = ()              # gfsm_classification.csv's rows as read ({column: text}), for the workbook
    fx_volatility_pct: dict = field(default_factory=dict)   # RMB, EUR: sd of the annual change; USD: the band's width
    new_issue_spread_sd_pp: float = 0.0
    provenance: dict = field(default_factory=dict)
    citations: dict = field(default_factory=dict)   # {source id: citation} (SOURCES.md): what the ids in provenance cite
    input_hashes: dict = field(default_factory=dict)
    calibrated: bool = False
    warnings: tuple = ()
    # The long run (finmodel.model.long_run, horizons past the MRF only; None otherwise): long_run.yaml as read, and
    # what it adds beyond the MRF [share of GDP, (years,)]: age-related spending to recurrent, salaries tax to other revenue.
    long_run: object = None
    recurrent_add_share_gdp: np.ndarray | None = None
    revenue_add_share_gdp: np.ndarray | None = None
    # The opening position from the outturn (finmodel.inputs.opening_outturn; None: the Budget's revised estimate stands),
    # and the reconciliation line it gives, set at calibration: added to reserves in its year [HK$ bn, (years,)].
    opening_outturn: object = None
    outturn_adjustment_hkd_bn: np.ndarray | None = None

    @property
    def n_years(self) -> int:
        return len(self.years)

    @property
    def opening_debt_hkd_bn(self) -> float:
        """Pool A face value outstanding at the start of the first year, at the first year's FX."""
        b = self.book
        alive = (b.issue_year < self.years[0]) & (b.maturity_year >= self.years[0])
        return float(np.sum(b.face_fc[alive] * self.fx[0, b.currency_idx[alive]]))
