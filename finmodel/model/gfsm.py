"""The IMF's basis (GFSM 2014) beside the Budget's: each Budget line reclassified, then the balances, net debt and GFN.

Pure numpy, no I/O. Each line the engine projects carries one GFSM class (inputs/gfsm_classification.csv,
with its reason and source; `schema.GFSM_LINES` declares the lines and the classes each may take):
revenue, expense, nonfinancial_assets (transactions in nonfinancial assets, 31) or financing (32, 33).
The Budget counts land premium and the transfers of accumulated reserves as revenue; GFSM 2014 does not.
Per fiscal year t, with F_t the Budget revenue less Budget expenditure that GFSM classes as financing:

    revenue_gfsm       = sum of revenue-side lines classed revenue
    expense_gfsm       = sum of expenditure-side lines classed expense (unidentified measures negative)
    nafa_gfsm          = expenditure-side lines classed nonfinancial_assets - revenue-side ones (disposals: land)
    gross_operating_balance_gfsm = revenue_gfsm - expense_gfsm                    (GFSM para 4.20: no depreciation)
    overall_balance_gfsm = revenue_gfsm - expense_gfsm - nafa_gfsm               (net lending/borrowing, para 4.19)
                         = balance_before_bonds - F_t                            (the Budget's balance less the reclassified items)
    primary_balance_gfsm = overall_balance_gfsm + interest expense - interest and investment income classed revenue
    gross_financing_need_gfsm = redemptions - overall_balance_gfsm = gross_financing_need + F_t
    net_debt_gfsm_t    = debt_t - reserves_t + sum_{s<=t} F_s
                       so that net_debt_gfsm_t - net_debt_gfsm_{t-1} = fx_revaluation_t - overall_balance_gfsm_t

Net debt on this basis moves only with net lending/borrowing (and FX valuation): the transfers bring into the
reserves assets the Government already owned (the Bond Fund's surplus, funds outside the accounts, the Exchange
Fund's accumulated surplus), which lower the Budget's net debt but are financing, not a gain, on the GFSM basis.
The model holds no stock of those assets, so it counts them on neither side: this net debt is debt less the
reserves the Government would hold without the transfers received since the opening year.
"""

import numpy as np

from finmodel.inputs.schema import GFSM_LINES

SIGN = {"unidentified_measures": -1.0}   # savings the plan needs: they reduce expenditure
INTEREST_LINES = ("interest", "interest_on_negative_reserves")
INTEREST_REVENUE_LINES = ("investment_income",)


def standard_classes() -> dict:
    """{line: class}: each line's standard GFSM 2014 class (the first a line may take), used when no file gives one."""
    return {line: allowed[0] for line, (_, allowed) in GFSM_LINES.items()}


def line_values(o: dict, line: str) -> np.ndarray:
    """A Budget line's flow [HK$ bn] as it enters the Budget's balance: revenue and spending positive, measures negative."""
    return SIGN.get(line, 1.0) * o[f"{line}_hkd_bn"]


def _sum(o: dict, classes: dict, side: str, cls: str) -> np.ndarray:
    """The sum of the lines on one Budget side that take one GFSM class [HK$ bn] (zeros when none does)."""
    total = np.zeros_like(o["revenue_hkd_bn"])
    for line, (line_side, _) in GFSM_LINES.items():
        if line_side == side and classes[line] == cls:
            total = total + line_values(o, line)
    return total


def reclassified_to_financing(o: dict, classes: dict) -> np.ndarray:
    """F_t [HK$ bn]: Budget revenue less Budget expenditure that GFSM classes as financing (bond flows apart)."""
    return _sum(o, classes, "revenue", "financing") - _sum(o, classes, "expenditure", "financing")


def cumulative_from_opening(flow: np.ndarray) -> np.ndarray:
    """sum_{s<=t} flow_s along the year axis (the last axis), counted from the first projection year."""
    return np.cumsum(flow, axis=-1)


def derive(o: dict, classes: dict | None = None) -> None:
    """Add the IMF-basis columns [HK$ bn] to the engine's outputs `o` (each (paths, years)) by the equations of the module docstring.

    The shares of GDP (`SHARES_OF_GDP`) are the engine's, through its one ratio function.
    """
    c = standard_classes() if classes is None else classes
    revenue = _sum(o, c, "revenue", "revenue")
    expense = _sum(o, c, "expenditure", "expense")
    nafa = _sum(o, c, "expenditure", "nonfinancial_assets") - _sum(o, c, "revenue", "nonfinancial_assets")
    financing = reclassified_to_financing(o, c)
    o["revenue_gfsm_hkd_bn"] = revenue
    o["expense_gfsm_hkd_bn"] = expense
    o["net_acquisition_nonfinancial_assets_gfsm_hkd_bn"] = nafa
    o["reclassified_to_financing_hkd_bn"] = financing
    o["gross_operating_balance_gfsm_hkd_bn"] = revenue - expense
    o["overall_balance_gfsm_hkd_bn"] = revenue - expense - nafa
    interest = sum(line_values(o, n) for n in INTEREST_LINES if c[n] == "expense")
    interest_revenue = sum((line_values(o, n) for n in INTEREST_REVENUE_LINES if c[n] == "revenue"), np.zeros_like(revenue))
    o["primary_balance_gfsm_hkd_bn"] = o["overall_balance_gfsm_hkd_bn"] + interest - interest_revenue
    one_off_operating = o["one_off_receipts_hkd_bn"] - o["one_off_receipts_non_operating_hkd_bn"]
    o["operating_balance_ex_one_offs_hkd_bn"] = o["operating_balance_hkd_bn"] - one_off_operating
    o["gross_financing_need_gfsm_hkd_bn"] = o["redemptions_hkd_bn"] - o["overall_balance_gfsm_hkd_bn"]
    o["net_debt_gfsm_hkd_bn"] = o["debt_hkd_bn"] - o["fiscal_reserves_hkd_bn"] + cumulative_from_opening(financing)


SHARES_OF_GDP = {"overall_balance_gfsm_pct_gdp": "overall_balance_gfsm_hkd_bn", "primary_balance_gfsm_pct_gdp": "primary_balance_gfsm_hkd_bn",
                 "gross_financing_need_gfsm_pct_gdp": "gross_financing_need_gfsm_hkd_bn", "net_debt_gfsm_to_gdp_pct": "net_debt_gfsm_hkd_bn"}
