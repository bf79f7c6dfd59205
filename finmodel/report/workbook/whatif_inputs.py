"""The What-if sheet's inputs: yellow cells a user may edit, and grey engine values the formulas read.

Scalars (opening stocks, elasticity, floors, the ceiling policy and financing rule) carry
workbook-level defined names; the new-issue buckets' shares and yields sit below them; the
by-year inputs and engine values open the year block.
"""

import numpy as np

from finmodel import fiscal_year
from finmodel.report.workbook.defined_names import check_name
from finmodel.report.workbook.style import header, set_text
from finmodel.report.workbook.whatif_grid import SHEET, BucketCells


def gdp_name(a) -> str:
    """The defined name of the opening year's nominal GDP, e.g. GDP_2025_26_hkd_bn (the year read from the inputs)."""
    return f"GDP_{fiscal_year.label(a.years[0]).replace('-', '_')}_hkd_bn"


def write_scalar_inputs(ws, a, st, yellow):
    """Scalar inputs from row 5, each with a workbook-level defined name the formulas use; returns (names, last row)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    scalars = [
        ("Opening_debt_hkd_bn", f"Pool A debt at 31 March {a.years[0]} (opening book)", "HK$ bn", a.opening_debt_hkd_bn, "0.000"),
        ("Opening_reserves_hkd_bn", f"Fiscal reserves at 31 March {a.years[0]}", "HK$ bn", a.opening_reserves_hkd_bn, "#,##0.0"),
        (gdp_name(a), f"Nominal GDP in {fiscal_year.label(a.years[0])}", "HK$ bn", a.gdp0_hkd_bn, "#,##0.0"),
        ("Other_revenue_elasticity", "Elasticity of other revenue to nominal GDP", "ratio", a.other_revenue_elasticity, "0.00"),
        ("Reserves_floor_hkd_bn", "Reserves floor (gap rule only)", "HK$ bn", a.reserves_floor_hkd_bn, "#,##0.0"),
        ("Reserves_floor_months", "Reserves floor (risk rule), months of the year's spending", "months", a.reserves_floor_months, "0.0"),
        ("Ceiling_policy", "Ceiling policy: cap or breach", "choice", a.ceiling_policy, "@"),
        ("Financing_rule", "Financing rule: risk, plan or gap", "choice", a.financing_rule, "@"),
    ]
    header(ws, 5, ["Name", "Input", "Value", "Unit"], st)
    names = {}
    for i, (name, label, unit, value, fmt) in enumerate(scalars, start=6):
        set_text(ws.cell(i, 1), name)
        set_text(ws.cell(i, 2), label)
        c = ws.cell(i, 3)
        if isinstance(value, str):
            set_text(c, value)
        else:
            c.value = float(value)
        c.number_format = fmt
        c.fill = yellow
        set_text(ws.cell(i, 4), unit)
        names[check_name(name)] = f"'{SHEET}'!$C${i}"
    choice_rows = {"Ceiling_policy": '"cap,breach"', "Financing_rule": '"risk,plan,gap"'}
    for name, formula in choice_rows.items():
        dv = DataValidation(type="list", formula1=formula, allow_blank=False, showErrorMessage=True)
        ws.add_data_validation(dv)
        dv.add(names[name].split("!")[1].replace("$", ""))
    return names, 5 + len(scalars)


def write_bucket_inputs(ws, mix, st, yellow, grey, top) -> BucketCells:
    """The new-issue buckets from row `top`: shares and yields are inputs; tenor and inflation link are structural."""
    K = len(mix.share)
    header(ws, top, ["Bucket", "Investor", "Currency", "Tenor (years)", "Share of issuance", "Yield, % a year",
                     "Inflation-linked"], st)
    share_cells, yield_cells = [], []
    for k in range(K):
        r = top + 1 + k
        set_text(ws.cell(r, 1), mix.bucket[k])
        set_text(ws.cell(r, 2), mix.investor[k])
        set_text(ws.cell(r, 3), mix.currency[k])
        c = ws.cell(r, 4, int(mix.tenor_years[k]))
        c.fill = grey
        c = ws.cell(r, 5, float(mix.share[k]))
        c.fill, c.number_format = yellow, "0.000"
        c = ws.cell(r, 6, float(100.0 * mix.yield_rate[k]))
        c.fill, c.number_format = yellow, "0.000"
        c = set_text(ws.cell(r, 7), "yes: coupon = max(yield, inflation)" if mix.inflation_linked[k] else "no")
        c.fill = grey
        share_cells.append(f"$E${r}")
        yield_cells.append(f"$F${r}")
    share_range = f"$E${top + 1}:$E${top + K}"
    r = top + K + 1
    set_text(ws.cell(r, 4), "Total")
    ws.cell(r, 5, f"=SUM({share_range})").number_format = "0.000"
    return BucketCells(share_cells, yield_cells, share_range, r)


def write_inputs_by_year(g, a, engine):
    """Yellow rows: the by-year inputs a user may edit (blank = use the rule)."""
    T, put, vals = g.n_years, g.put, g.values
    put("growth_pct", "Nominal GDP growth", "% a year", "input", [None] + [100.0 * engine.nominal_growth[0, t] for t in range(1, T)])
    put("land_fixed_hkd_bn", "Land premium given in HK$ (blank = share of GDP)", "HK$ bn", "input", vals(a.land_fixed_hkd_bn))
    put("land_share_pct_gdp", "Land premium as a share of GDP (where no HK$ figure)", "% of GDP", "input", vals(a.land_share_gdp, 100.0))
    put("land_scale", "Land premium scale (1 = as assumed; 0.5 = -50%)", "ratio", "input", [1.0] * T)
    put("issuance_plan_hkd_bn", "Gross issuance wanted (the plan)", "HK$ bn", "input", vals(a.issuance_plan_hkd_bn))
    put("yield_shift_pp", "New-issue yield shift, by issue year", "pp", "input", [0.0] * T)
    put("capital_works_fixed_hkd_bn", "Capital works (blank = grows with GDP)", "HK$ bn", "input", vals(a.capital_works_fixed_hkd_bn))
    put("other_capital_fixed_hkd_bn", "Other capital spending: calibrated, then fitted (blank = grows with GDP)", "HK$ bn", "input",
        vals(a.other_capital_fixed_hkd_bn))
    put("ceiling_hkd_bn", "Borrowing ceiling", "HK$ bn", "input", vals(a.ceiling_hkd_bn))
    put("one_off_receipts_hkd_bn", "One-off receipts (both accounts)", "HK$ bn", "input", vals(a.one_off_hkd_bn))
    put("one_off_receipts_non_operating_hkd_bn", "  of which credited to the Non-Operating Account", "HK$ bn", "input",
        vals(a.one_off_non_operating_hkd_bn))
    put("investment_rate_pct", "Investment income rate on opening reserves", "% a year", "input", vals(a.investment_rate, 100.0))
    put("negative_reserves_rate_pct", "Rate paid on negative opening reserves (plus the yield shift)", "% a year", "input",
        vals(np.broadcast_to(a.negative_reserves_rate, (T,)), 100.0))
    put("minimum_tax_fixed_hkd_bn", "Global minimum tax (blank = grows with GDP)", "HK$ bn", "input", vals(a.minimum_tax_fixed_hkd_bn))
    put("recurrent_fixed_hkd_bn", "Recurrent spending given in HK$ (blank = grows)", "HK$ bn", "input", vals(a.recurrent_fixed_hkd_bn))
    put("recurrent_growth_pct", "Recurrent spending growth (blank = GDP growth)", "% a year", "input", vals(a.recurrent_growth, 100.0))
    put("non_recurrent_fixed_hkd_bn", "Non-recurrent spending given in HK$ (blank = grows with GDP)", "HK$ bn", "input",
        vals(a.non_recurrent_fixed_hkd_bn))
    put("unidentified_measures_fixed_hkd_bn", "Unidentified measures, fitted: not itemised by the Budget (blank = grows with GDP)",
        "HK$ bn", "input", vals(a.unidentified_measures_hkd_bn))
    put("other_capital_share_pct_gdp", "Other capital as a share of GDP (blank = grows with GDP)", "% of GDP", "input",
        vals(a.other_capital_share_gdp, 100.0))


def write_engine_values(g, a, engine):
    """Grey rows: the engine's values the formulas use but do not rebuild (calibration, opening book, FX, inflation)."""
    T, put, vals = g.n_years, g.put, g.values
    put("inflation_pct", "Underlying inflation (for inflation-linked coupons)", "% a year", "value", vals(engine.inflation[0], 100.0))
    put("other_revenue_fixed_hkd_bn", "Other operating revenue, calibrated to the Budget (anchor years)", "HK$ bn", "value", vals(a.other_revenue_fixed_hkd_bn))
    gdp_calibrated = a.gdp0_hkd_bn * np.cumprod(1.0 + a.nominal_growth)
    put("gdp_calibrated_hkd_bn", "Nominal GDP the anchor-year revenue was calibrated on", "HK$ bn", "value",
        [float(gdp_calibrated[t]) if a.other_revenue_fixed_hkd_bn[t] == a.other_revenue_fixed_hkd_bn[t] else None for t in range(T)])
    put("other_non_operating_revenue_fixed_hkd_bn", "Other Non-Operating revenue, calibrated to the Budget (anchor years)", "HK$ bn",
        "value", vals(a.other_non_operating_revenue_fixed_hkd_bn))
    put("redemptions_opening_book_hkd_bn", "Redemptions of the opening book", "HK$ bn", "value", vals(engine.redemptions_opening_book_hkd_bn[0]))
    put("interest_opening_book_hkd_bn", "Interest on the opening book", "HK$ bn", "value", vals(engine.interest_opening_book_hkd_bn[0]))
    put("fx_revaluation_hkd_bn", "FX revaluation of debt", "HK$ bn", "value", vals(engine.fx_revaluation_hkd_bn[0]))
