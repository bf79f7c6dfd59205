"""The engine's result: one named, typed field per output array, each with its unit.

As pvlib's `ModelChainResult`: an exporter or an analysis reads `o.debt_hkd_bn`, never `o["debt_hkd_bn"]`,
so a misspelt or vanished output fails where it is read, and the fields below are the whole list.
Every field is an array with the path axis first: (paths, years) unless stated; one path is
`paths = 1`. Amounts are HK$ bn in the fiscal year (flows) or at its end (stocks, 31 March);
`_pct` fields are percentages, `_pp` percentage points, unsuffixed rates decimals; flags are 0.0/1.0.
"""

from dataclasses import dataclass, fields

import numpy as np


@dataclass(frozen=True)
class RiskResult:
    """The engine's lean result (`project(..., lean=True)`): what the Monte Carlo summarises, the same bits as the full run."""

    debt_hkd_bn: np.ndarray                 # HK$ bn, pool A debt under the ceiling, end of fiscal year
    debt_to_gdp_pct: np.ndarray             # %, pool A debt / fiscal-year nominal GDP
    fiscal_reserves_hkd_bn: np.ndarray      # HK$ bn, end of fiscal year (may be negative: unfunded)
    headroom_hkd_bn: np.ndarray             # HK$ bn, ceiling - debt, end of fiscal year
    interest_to_revenue_pct: np.ndarray     # %, interest on pool A and negative reserves / total revenue
    ceiling_binds: np.ndarray               # flag 0/1: issuance capped by the ceiling, or debt above it
    reserves_below_floor: np.ndarray        # flag 0/1: reserves below the financing rule's floor

    def select(self, names) -> dict:
        """{name: array} for the named fields (a ValueError names any that is not a field)."""
        return _select(self, names)


@dataclass(frozen=True)
class EngineResult:
    """Every flow and stock of a projection, for all paths (see the module docstring for shapes and units)."""

    # Macro
    nominal_gdp_hkd_bn: np.ndarray          # HK$ bn, fiscal-year nominal GDP
    nominal_growth: np.ndarray              # decimal, nominal GDP growth over the year before
    nominal_growth_pct: np.ndarray          # %, the same; NaN in the first year (no year before)
    inflation: np.ndarray                   # decimal, underlying inflation (inflation-linked coupons)
    investment_rate: np.ndarray             # decimal, return on positive fiscal reserves
    negative_reserves_rate: np.ndarray      # decimal, paid on negative fiscal reserves (with the yield shock)
    # Revenue (the Operating and Non-Operating Accounts)
    land_premium_hkd_bn: np.ndarray         # HK$ bn, Non-Operating revenue
    other_revenue_hkd_bn: np.ndarray        # HK$ bn, Operating revenue other than the lines below
    minimum_tax_hkd_bn: np.ndarray          # HK$ bn, global minimum tax, Operating
    other_non_operating_revenue_hkd_bn: np.ndarray   # HK$ bn, other capital receipts
    one_off_receipts_hkd_bn: np.ndarray     # HK$ bn, all one-off receipts (both accounts)
    one_off_receipts_non_operating_hkd_bn: np.ndarray  # HK$ bn, the Non-Operating part of them
    investment_income_hkd_bn: np.ndarray    # HK$ bn, on positive reserves at the start of the year
    operating_revenue_hkd_bn: np.ndarray    # HK$ bn
    non_operating_revenue_hkd_bn: np.ndarray  # HK$ bn
    revenue_hkd_bn: np.ndarray              # HK$ bn, Operating + Non-Operating
    recurring_revenue_hkd_bn: np.ndarray    # HK$ bn, revenue less one-off receipts
    # Expenditure
    recurrent_expenditure_hkd_bn: np.ndarray      # HK$ bn, Operating
    non_recurrent_expenditure_hkd_bn: np.ndarray  # HK$ bn, Operating
    unidentified_measures_hkd_bn: np.ndarray      # HK$ bn, savings the Budget does not itemise (reduce spending)
    unidentified_measures_pct_gdp: np.ndarray     # % of GDP
    capital_works_hkd_bn: np.ndarray        # HK$ bn, Non-Operating
    other_capital_hkd_bn: np.ndarray        # HK$ bn, Non-Operating, other than works
    interest_hkd_bn: np.ndarray             # HK$ bn, coupons on pool A, paid from the CWRF
    interest_on_negative_reserves_hkd_bn: np.ndarray  # HK$ bn, on negative reserves at the start of the year, Non-Operating
    operating_expenditure_hkd_bn: np.ndarray      # HK$ bn, recurrent + non-recurrent - measures
    non_operating_expenditure_hkd_bn: np.ndarray  # HK$ bn, capital works + other capital + interest (bonds, negative reserves)
    expenditure_hkd_bn: np.ndarray          # HK$ bn, Operating + Non-Operating
    # Balances
    operating_balance_hkd_bn: np.ndarray    # HK$ bn
    non_operating_balance_hkd_bn: np.ndarray  # HK$ bn
    balance_before_bonds_hkd_bn: np.ndarray   # HK$ bn, revenue - expenditure
    primary_balance_hkd_bn: np.ndarray      # HK$ bn, balance before bonds + interest (bonds, negative reserves) - investment income
    primary_balance_pct_gdp: np.ndarray     # % of GDP
    consolidated_balance_hkd_bn: np.ndarray # HK$ bn, balance before bonds + net bond proceeds
    fiscal_reserves_hkd_bn: np.ndarray      # HK$ bn, end of fiscal year (negative: unfunded)
    reserves_floor_hkd_bn: np.ndarray       # HK$ bn, the financing rule's floor on reserves
    reserves_below_floor: np.ndarray        # flag 0/1
    # Bonds (pool A, under the ceiling)
    gross_issuance_hkd_bn: np.ndarray       # HK$ bn, at the year's exchange rates
    desired_issuance_hkd_bn: np.ndarray     # HK$ bn, what the financing rule asks before the ceiling
    redemptions_hkd_bn: np.ndarray          # HK$ bn, principal repaid
    redemptions_opening_book_hkd_bn: np.ndarray  # HK$ bn, the part due on the opening book
    interest_opening_book_hkd_bn: np.ndarray     # HK$ bn, coupons on the opening book
    fx_revaluation_hkd_bn: np.ndarray       # HK$ bn, change in the HK$ value of foreign-currency debt
    net_bond_proceeds_hkd_bn: np.ndarray    # HK$ bn, gross issuance - redemptions
    debt_hkd_bn: np.ndarray                 # HK$ bn, end of fiscal year, face value at year-end FX
    ceiling_hkd_bn: np.ndarray              # HK$ bn, the borrowing ceiling
    headroom_hkd_bn: np.ndarray             # HK$ bn, ceiling - debt
    ceiling_binds: np.ndarray               # flag 0/1: issuance capped, or debt above the ceiling
    beyond_mrf: np.ndarray                  # flag 0/1: a year after the Medium Range Forecast
    fx: np.ndarray                          # HK$ per unit, (paths, years, 4): HKD, RMB, USD, EUR
    new_face_fc: np.ndarray                 # bn of the bucket's currency, (paths, years, buckets): face issued
    new_coupon: np.ndarray                  # decimal, (paths, years, buckets): coupon of the year's new issues
    # Pool B (Bond Fund, outside the ceiling and the accounts) and totals
    debt_pool_b_hkd_bn: np.ndarray          # HK$ bn, end of fiscal year
    debt_total_hkd_bn: np.ndarray           # HK$ bn, pools A + B
    interest_pool_b_hkd_bn: np.ndarray      # HK$ bn
    interest_total_hkd_bn: np.ndarray       # HK$ bn, pools A + B + negative reserves
    bond_fund_investment_income_hkd_bn: np.ndarray  # HK$ bn, gross
    bond_fund_net_income_hkd_bn: np.ndarray         # HK$ bn, less pool B interest
    # Ratios
    debt_to_gdp_pct: np.ndarray             # %, pool A debt / GDP (the band's measure)
    debt_total_to_gdp_pct: np.ndarray       # %, pools A + B / GDP
    net_debt_to_gdp_pct: np.ndarray         # %, (debt - reserves) / GDP
    interest_to_revenue_pct: np.ndarray     # %, interest on pool A and negative reserves / revenue
    interest_to_recurring_revenue_pct: np.ndarray   # %
    interest_to_gdp_pct: np.ndarray         # % of GDP
    interest_total_to_revenue_pct: np.ndarray       # %, pools A + B
    interest_total_to_recurring_revenue_pct: np.ndarray  # %, pools A + B
    interest_total_to_gdp_pct: np.ndarray   # % of GDP, pools A + B
    gross_financing_need_hkd_bn: np.ndarray # HK$ bn, redemptions - balance before bonds
    gross_financing_need_pct_gdp: np.ndarray  # % of GDP
    # The IMF's basis (GFSM 2014; finmodel.model.gfsm): each Budget line classed by inputs/gfsm_classification.csv
    revenue_gfsm_hkd_bn: np.ndarray         # HK$ bn, Budget lines classed revenue (not land premium, not transfers of reserves)
    expense_gfsm_hkd_bn: np.ndarray         # HK$ bn, Budget lines classed expense
    net_acquisition_nonfinancial_assets_gfsm_hkd_bn: np.ndarray  # HK$ bn, capital works less land premium (disposals of land)
    reclassified_to_financing_hkd_bn: np.ndarray  # HK$ bn, Budget revenue less expenditure that GFSM classes as financing
    gross_operating_balance_gfsm_hkd_bn: np.ndarray  # HK$ bn, revenue - expense
    overall_balance_gfsm_hkd_bn: np.ndarray # HK$ bn, net lending/borrowing = revenue - expense - net acquisition of NFA
    overall_balance_gfsm_pct_gdp: np.ndarray  # % of GDP
    primary_balance_gfsm_hkd_bn: np.ndarray # HK$ bn, overall + interest expense - investment income
    primary_balance_gfsm_pct_gdp: np.ndarray  # % of GDP
    operating_balance_ex_one_offs_hkd_bn: np.ndarray  # HK$ bn, the Budget's Operating balance less its one-off receipts
    gross_financing_need_gfsm_hkd_bn: np.ndarray  # HK$ bn, redemptions - overall balance (GFSM)
    gross_financing_need_gfsm_pct_gdp: np.ndarray  # % of GDP
    net_debt_gfsm_hkd_bn: np.ndarray        # HK$ bn, debt - reserves + transfers of reserves received since the opening year
    net_debt_gfsm_to_gdp_pct: np.ndarray    # % of GDP
    # Debt dynamics: d_t - d_{t-1} = (i - g) / (1 + g) d_{t-1} - pb_t + sfa_t (NaN in the first year)
    effective_interest_rate_pct: np.ndarray # %, interest / opening debt
    change_debt_to_gdp_pp: np.ndarray       # pp
    contribution_interest_pp: np.ndarray    # pp
    contribution_growth_pp: np.ndarray      # pp
    contribution_interest_growth_pp: np.ndarray  # pp, interest + growth
    contribution_primary_balance_pp: np.ndarray  # pp
    contribution_sfa_pp: np.ndarray         # pp, stock-flow adjustment (the residual)
    debt_stabilising_primary_balance_pct_gdp: np.ndarray  # % of GDP
    # Debt profile (`debt_profile.indicators`, added by `with_debt_profile`; None until then)
    average_maturity_years: np.ndarray | None = None     # years, face-weighted remaining maturity at 31 March
    short_term_debt_share_pct: np.ndarray | None = None  # % of debt, principal due in the next fiscal year
    fx_debt_share_pct: np.ndarray | None = None          # % of debt, RMB, USD and EUR bonds

    @property
    def n_paths(self) -> int:
        return self.debt_hkd_bn.shape[0]

    def frame(self, names, index, path: int = 0):
        """The named (paths, years) fields of one path as a pandas DataFrame, one row per year of `index`."""
        import pandas as pd

        return pd.DataFrame({n: v[path] for n, v in self.select(names).items()}, index=index)

    def select(self, names) -> dict:
        """{name: array} for the named fields (a ValueError names any that is not a field)."""
        return _select(self, names)


def field_names(cls=EngineResult) -> tuple:
    """The result's field names, in declaration order."""
    return tuple(f.name for f in fields(cls))


def _select(result, names) -> dict:
    known = set(field_names(type(result)))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"not fields of {type(result).__name__}: {', '.join(unknown)}")
    return {n: getattr(result, n) for n in names}
