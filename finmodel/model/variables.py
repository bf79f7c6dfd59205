"""Every output variable, declared once: label, unit and number format. Exporters read this table.

The labels say how the columns add up: revenue and expenditure are each the sum of the six
indented lines under them (expenditure net of the unidentified measures); a line marked "part
of" is inside the line above it and must not be added again.

`undefined` says when a variable has no value (an empty cell in the CSV and the workbook, by
design): only those variables, in only those cases, may be empty; any other NaN or infinity is
an internal error and nothing is written (`finmodel.report.finite`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    unit: str
    fmt: str  # Excel number format
    undefined: str = ""           # when the value is undefined (written as an empty cell); "" = never
    first_year_only: bool = False  # undefined in the first projection year only

    @property
    def is_pct(self) -> bool:
        return self.unit.startswith("%") or self.unit == "pp"


_BN = ("HK$ bn", "#,##0.0")
_PCT = ("%", "0.0")
_RATIO = ("%", "0.00")  # debt-to-GDP: compared with the band's top within its 0.05 pp rounding, so shown to 0.01
_PP = ("pp", "0.00")
_FIRST = {"undefined": "in the first year: the decomposition needs the year before's GDP", "first_year_only": True}
_NO_REVENUE = {"undefined": "when revenue is below HK$1 (a share of no revenue)"}

VARIABLES = [
    Variable("nominal_gdp_hkd_bn", "Nominal GDP (fiscal year)", *_BN),
    Variable("nominal_growth_pct", "Nominal GDP growth", "%", "0.0", undefined="in the first year: it is the opening year",
             first_year_only=True),
    Variable("revenue_hkd_bn", "Government revenue (= the six lines below)", *_BN),
    Variable("land_premium_hkd_bn", "  land premium (Non-Operating)", *_BN),
    Variable("other_revenue_hkd_bn", "  other operating revenue: taxes, fees (excl. minimum tax)", *_BN),
    Variable("minimum_tax_hkd_bn", "  global minimum tax (Operating)", *_BN),
    Variable("other_non_operating_revenue_hkd_bn", "  other Non-Operating revenue", *_BN),
    Variable("investment_income_hkd_bn", "  investment income (Operating)", *_BN),
    Variable("one_off_receipts_hkd_bn", "  one-off receipts", *_BN),
    Variable("one_off_receipts_non_operating_hkd_bn", "    part of one-off receipts: credited to the Non-Operating Account", *_BN),
    Variable("expenditure_hkd_bn", "Government expenditure (= the seven lines below)", *_BN),
    Variable("recurrent_expenditure_hkd_bn", "  recurrent (Operating)", *_BN),
    Variable("non_recurrent_expenditure_hkd_bn", "  non-recurrent (Operating)", *_BN),
    Variable("unidentified_measures_hkd_bn", "  less the gap the Budget does not itemise (savings or revenue the plan needs; Operating)", *_BN),
    Variable("capital_works_hkd_bn", "  capital works (Non-Operating)", *_BN),
    Variable("other_capital_hkd_bn", "  non-works capital spending (Non-Operating)", *_BN),
    Variable("interest_hkd_bn", "  interest on pool A bonds (Non-Operating)", *_BN),
    Variable("interest_on_negative_reserves_hkd_bn", "  interest on negative fiscal reserves (Non-Operating)", *_BN),
    Variable("operating_revenue_hkd_bn", "Operating Account revenue", *_BN),
    Variable("operating_expenditure_hkd_bn", "Operating Account expenditure (net of the gap the Budget does not itemise)", *_BN),
    Variable("operating_balance_hkd_bn", "Operating Account balance", *_BN),
    Variable("operating_balance_ex_one_offs_hkd_bn", "Operating Account balance without its one-off receipts", *_BN),
    Variable("non_operating_revenue_hkd_bn", "Non-Operating Account revenue (before bond proceeds)", *_BN),
    Variable("non_operating_expenditure_hkd_bn", "Non-Operating Account expenditure (before repayments)", *_BN),
    Variable("non_operating_balance_hkd_bn", "Non-Operating Account balance (before bond flows)", *_BN),
    Variable("balance_before_bonds_hkd_bn", "Balance before bond flows (= Operating + Non-Operating balance)", *_BN),
    Variable("unidentified_measures_pct_gdp", "Gap the Budget does not itemise / GDP", "%", "0.00"),
    Variable("primary_balance_hkd_bn", "Primary balance", *_BN),
    Variable("gross_issuance_hkd_bn", "Gross bond issuance (pool A)", *_BN),
    Variable("redemptions_hkd_bn", "Redemptions (principal)", *_BN),
    Variable("net_bond_proceeds_hkd_bn", "Net bond proceeds", *_BN),
    Variable("consolidated_balance_hkd_bn", "Consolidated balance (Budget headline)", *_BN),
    Variable("fiscal_reserves_hkd_bn", "Fiscal reserves, 31 March", *_BN),
    Variable("debt_hkd_bn", "Debt under the ceiling (pool A), 31 March", *_BN),
    Variable("fx_revaluation_hkd_bn", "FX revaluation of pool A debt", *_BN),
    Variable("debt_pool_b_hkd_bn", "Government Bond Programme debt (pool B)", *_BN),
    Variable("debt_total_hkd_bn", "Total government bonds (A + B)", *_BN),
    Variable("interest_pool_b_hkd_bn", "Interest on pool B bonds (paid by the Bond Fund, outside the accounts)", *_BN),
    Variable("interest_total_hkd_bn", "Interest on pools A + B and on negative reserves", *_BN),
    Variable("bond_fund_investment_income_hkd_bn", "Bond Fund investment income on pool B proceeds (gross)", *_BN),
    Variable("bond_fund_net_income_hkd_bn", "Bond Fund investment income less pool B interest (net)", *_BN),
    Variable("ceiling_hkd_bn", "Borrowing ceiling", *_BN),
    Variable("headroom_hkd_bn", "Headroom under the ceiling", *_BN),
    Variable("debt_to_gdp_pct", "Debt-to-GDP (pool A)", *_RATIO),
    Variable("debt_total_to_gdp_pct", "Debt-to-GDP (pools A + B)", *_RATIO),
    Variable("net_debt_to_gdp_pct", "Net debt-to-GDP (pool A less reserves)", *_PCT),
    Variable("net_debt_gfsm_to_gdp_pct", "Net debt-to-GDP, IMF basis (GFSM 2014: transfers of reserves are financing)", *_PCT),
    Variable("interest_to_revenue_pct", "Interest on pool A and negative reserves / total revenue", "%", "0.00", **_NO_REVENUE),
    Variable("interest_to_recurring_revenue_pct", "Interest on pool A and negative reserves / recurring revenue (excl. one-offs)", "%",
             "0.00", **_NO_REVENUE),
    Variable("interest_to_gdp_pct", "Interest on pool A and negative reserves / GDP", "%", "0.00"),
    Variable("interest_total_to_revenue_pct", "Interest on pools A + B and negative reserves / total revenue", "%", "0.00", **_NO_REVENUE),
    Variable("interest_total_to_recurring_revenue_pct", "Interest on pools A + B and negative reserves / recurring revenue (excl. one-offs)", "%", "0.00",
             **_NO_REVENUE),
    Variable("interest_total_to_gdp_pct", "Interest on pools A + B and negative reserves / GDP", "%", "0.00"),
    Variable("primary_balance_pct_gdp", "Primary balance / GDP", *_PCT),
    Variable("gross_financing_need_hkd_bn", "Gross financing need", *_BN),
    Variable("gross_financing_need_pct_gdp", "Gross financing need / GDP", *_PCT),
    Variable("gross_financing_need_gfsm_hkd_bn", "Gross financing need, IMF basis (redemptions - overall balance, GFSM 2014)", *_BN),
    Variable("gross_financing_need_gfsm_pct_gdp", "Gross financing need, IMF basis / GDP", *_PCT),
    Variable("revenue_gfsm_hkd_bn", "Revenue, IMF basis (GFSM 2014: without land premium and transfers of reserves)", *_BN),
    Variable("expense_gfsm_hkd_bn", "Expense, IMF basis (GFSM 2014)", *_BN),
    Variable("net_acquisition_nonfinancial_assets_gfsm_hkd_bn", "Net acquisition of nonfinancial assets, IMF basis (capital works less land sold)",
             *_BN),
    Variable("reclassified_to_financing_hkd_bn", "Budget revenue less expenditure that GFSM 2014 treats as financing (transfers of reserves)",
             *_BN),
    Variable("gross_operating_balance_gfsm_hkd_bn", "Gross operating balance, IMF basis (revenue - expense)", *_BN),
    Variable("overall_balance_gfsm_hkd_bn", "Overall balance, IMF basis (net lending/borrowing, GFSM 2014)", *_BN),
    Variable("overall_balance_gfsm_pct_gdp", "Overall balance, IMF basis / GDP", *_PCT),
    Variable("primary_balance_gfsm_hkd_bn", "Primary balance, IMF basis (overall balance + interest - investment income)", *_BN),
    Variable("primary_balance_gfsm_pct_gdp", "Primary balance, IMF basis / GDP", *_PCT),
    Variable("net_debt_gfsm_hkd_bn", "Net debt, IMF basis (pool A less reserves, plus the transfers of reserves received since the opening year)",
             *_BN),
    Variable("average_maturity_years", "Average remaining maturity of pool A debt, 31 March (face-weighted at year-end FX)", "years", "0.00",
             undefined="when pool A debt is below HK$1 (a share of no debt)"),
    Variable("short_term_debt_share_pct", "Pool A debt falling due in the next fiscal year / debt, 31 March", "%", "0.0",
             undefined="when pool A debt is below HK$1 (a share of no debt)"),
    Variable("fx_debt_share_pct", "Foreign-currency (RMB, USD, EUR) pool A debt / debt, 31 March", "%", "0.0",
             undefined="when pool A debt is below HK$1 (a share of no debt)"),
    Variable("effective_interest_rate_pct", "Effective interest rate on opening debt", "%", "0.00",
             undefined="when the opening debt is below HK$1 (a rate on no debt)"),
    Variable("contribution_interest_pp", "Change in ratio: interest", *_PP, **_FIRST),
    Variable("contribution_growth_pp", "Change in ratio: growth", *_PP, **_FIRST),
    Variable("contribution_interest_growth_pp", "Change in ratio: interest-growth", *_PP, **_FIRST),
    Variable("contribution_primary_balance_pp", "Change in ratio: primary balance", *_PP, **_FIRST),
    Variable("contribution_sfa_pp", "Change in ratio: stock-flow adjustment", *_PP, **_FIRST),
    Variable("change_debt_to_gdp_pp", "Change in debt-to-GDP", *_PP, **_FIRST),
    Variable("debt_stabilising_primary_balance_pct_gdp", "Debt-stabilising primary balance / GDP", "%", "0.00", **_FIRST),
    Variable("ceiling_binds", "Ceiling binds (1 = yes)", "flag", "0"),
    Variable("beyond_mrf", "Beyond the official forecast (1 = yes)", "flag", "0"),
]

BY_NAME = {v.name: v for v in VARIABLES}
PROJECTION_COLUMNS = [v.name for v in VARIABLES]

# Written only when an outturn replaces the revised estimate as the opening position (`finmodel.inputs.opening_outturn`),
# just after the consolidated balance: reserves_t = reserves_{t-1} + consolidated_balance_t + outturn_adjustment_t.
OUTTURN_ADJUSTMENT = Variable("outturn_adjustment_hkd_bn", "Outturn adjustment to fiscal reserves (the outturn at 31 March less the "
                              "revised estimate; a column only when an outturn replaces it)", *_BN)
OUTTURN_ADJUSTMENT_AFTER = "consolidated_balance_hkd_bn"
