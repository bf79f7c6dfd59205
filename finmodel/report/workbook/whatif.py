"""The What-if sheet: yellow input cells drive live formulas that rebuild the engine's projection.

With the run's own inputs the formulas give the engine's numbers (to rounding); change a yellow
cell and the revenue, deficit, issuance, redemptions, debt, debt-to-GDP, headroom, interest and
reserves rows move. The formulas follow `finmodel.model.engine.project` line by line:

    gdp_t          = gdp_{t-1} (1 + g_t)
    land_t         = (fixed_t if given else share_t gdp_t) x scale_t
    other_rev_t    = fixed_t (gdp_t / gdp_calibrated_t)^elasticity in the calibrated anchor years,
                     else other_rev_{t-1} (1 + g_t)^elasticity                 (minimum tax apart)
    min_tax_t, other_non_op_rev_t, non_recurrent_t, measures_t, capital_works_t
                   = fixed_t where given, else last year's level x (1 + g_t)
    inv_income_t   = rate_t x reserves_{t-1}
    operating_t    = (other_rev + min_tax + inv_income + operating one-offs)
                     - (recurrent + non_recurrent - measures)
    non_operating_t = (land + other_non_op_rev + non-operating one-offs) - (capital_works + other_capital + interest)
    balance_t      = operating_t + non_operating_t                              (before bond flows)
    interest_t     = opening book_t + earlier new cohorts_t + c_new_t x gross_t,
                     c_new_t = 0.5 x sum_k share_k coupon_{k,t}      (half a year in the issue year)
    gross_t        = min(desired_t, max(ceiling_t - (debt_{t-1} + reval_t - redemptions_t), 0))  under 'cap'
    reserves_t     = reserves_{t-1} + revenue_t - expenditure_t + gross_t - redemptions_t
    debt_t         = debt_{t-1} + reval_t - redemptions_t + gross_t

Grey rows are the engine's values (the opening book's redemptions and interest, calibrated
residuals, inflation): they do not respond to edits. Each new cohort's issuance, redemption and
interest is a formula, so changes to issuance, shares and yields flow through.

This module assembles the sheet in order; the rows are laid out by `whatif_grid`, the yellow and
grey cells written by `whatif_inputs`, the accounts' formulas by `whatif_accounts`, and the bond
flows, stocks and cohort workings by `whatif_bonds`.
"""

from finmodel import fiscal_year
from finmodel.report.workbook.defined_names import check_name
from finmodel.report.workbook.style import print_setup, set_text, text_across
from finmodel.report.workbook.whatif_accounts import (
    write_gdp,
    write_interest,
    write_non_operating_account,
    write_operating_account,
    write_totals,
)
from finmodel.report.workbook.whatif_bonds import write_bond_flows, write_cohort_workings, write_reserves_debt_and_ratios
from finmodel.report.workbook.whatif_grid import FIRST_YEAR_COL, INPUT_FILL, SHEET, VALUE_FILL, YearGrid, write_year_block
from finmodel.report.workbook.whatif_inputs import (
    gdp_name,
    write_bucket_inputs,
    write_engine_values,
    write_inputs_by_year,
    write_scalar_inputs,
)

# Engine variables the formula rows reproduce (row key = engine variable name).
CHECKED = ("nominal_gdp_hkd_bn", "other_revenue_hkd_bn", "minimum_tax_hkd_bn", "investment_income_hkd_bn",
           "operating_revenue_hkd_bn", "recurrent_expenditure_hkd_bn", "non_recurrent_expenditure_hkd_bn",
           "unidentified_measures_hkd_bn", "operating_expenditure_hkd_bn", "operating_balance_hkd_bn",
           "land_premium_hkd_bn", "other_non_operating_revenue_hkd_bn", "non_operating_revenue_hkd_bn",
           "capital_works_hkd_bn", "other_capital_hkd_bn", "interest_hkd_bn", "interest_on_negative_reserves_hkd_bn",
           "non_operating_expenditure_hkd_bn",
           "non_operating_balance_hkd_bn", "revenue_hkd_bn", "expenditure_hkd_bn", "balance_before_bonds_hkd_bn",
           "desired_issuance_hkd_bn", "gross_issuance_hkd_bn", "redemptions_hkd_bn", "fiscal_reserves_hkd_bn",
           "debt_hkd_bn", "debt_to_gdp_pct", "headroom_hkd_bn", "interest_to_revenue_pct")

def notes(a) -> tuple:
    """The sheet's notes, their years read from the inputs: the anchor years, the fitted MRF years, the first shocked year."""
    anchors = ", ".join(fiscal_year.labels(a.years[:a.n_anchor]))
    fitted = f"{fiscal_year.label(a.years[a.n_anchor])} to {fiscal_year.label(a.mrf_last_year)}"
    first, shocked = fiscal_year.label(a.years[0]), fiscal_year.label(a.years[1])
    estimate = "revised estimate" if a.n_anchor > 1 else "estimate"
    return (
    "What is value and what is formula: yellow cells are inputs; white cells are formulas; grey cells are the engine's values.",
    "Values, not formulas: the opening book's redemptions and interest (its inflation-linked retail coupons use the inflation row), "
    "FX revaluation (exchange rates are held at the inputs), inflation, and the calibrated other (operating) revenue and other "
    f"Non-Operating revenue of the anchor years ({anchors}), which make those years match the Budget's totals and its "
    "Operating balance.",
    f"Fitted to the Budget's medium-range forecast ({fitted}), and yellow so you may edit them: the central plan's gross "
    "issuance, other capital spending (calibrated to the Budget totals in the anchor years) and the unidentified measures.",
    "Unidentified measures: the Budget does not itemise them. They are the savings or extra revenue its published targets need "
    "beyond the itemised lines, fitted by finmodel (zero in the anchor years), and they reduce Operating expenditure; set them "
    "to zero to see current policy.",
    "Formulas: every new cohort's issuance, redemption and interest (by bucket, with the half-year convention: half a coupon in the "
    "issue and maturity years), and every flow and stock below them. Tenors and the inflation link of each bucket are fixed: rerun "
    "finmodel to change them.",
    f"{first} is the Budget's {estimate}: the engine's shocks (finmodel.model.engine.Shocks) start in {shocked}, so edit the {shocked} "
    "and later columns to reproduce a shocked run.",
    "Blank yellow cells mean 'use the rule': land premium as a share of GDP; minimum tax, non-recurrent spending, unidentified "
    "measures, capital works and other capital grow with nominal GDP (other revenue with the buoyancy elasticity, other "
    "Non-Operating revenue with GDP); recurrent spending with GDP where no growth rate is given.",
    "The two accounts: Operating = other revenue + minimum tax + investment income + operating one-offs, less recurrent and "
    "non-recurrent spending net of the unidentified measures; Non-Operating = land premium + other Non-Operating revenue + "
    "non-operating one-offs, less capital works, other capital spending and bond interest. Their sum is the balance before bonds.",
    "Omitted: nothing of the deterministic engine is simplified away; stochastic paths and sensitivities are in their own outputs.",
    f"What-if on the anchor years ({anchors}) is the one channel this sheet leaves out: an edit there flows straight through "
    "here, while the same edit in an inputs workbook or a scenario file is absorbed by the calibration that holds the Budget's "
    f"published totals in those years. From {fiscal_year.label(a.years[a.n_anchor])} an edit here, in an inputs workbook or in a scenario file gives the same "
    "answer: all three hold the fitted plan (finmodel fit), none refits it.",
    )

# Rows given a workbook-level defined name WhatIf_<key>, spanning the fiscal years.
NAMED_ROWS = ("growth_pct", "land_scale", "issuance_plan_hkd_bn", "yield_shift_pp", "capital_works_fixed_hkd_bn",
              "unidentified_measures_fixed_hkd_bn", "nominal_gdp_hkd_bn", "revenue_hkd_bn", "operating_balance_hkd_bn",
              "non_operating_balance_hkd_bn", "balance_before_bonds_hkd_bn", "gross_issuance_hkd_bn",
              "redemptions_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn", "debt_hkd_bn", "debt_to_gdp_pct",
              "headroom_hkd_bn")


def build_whatif(ws, results, st) -> dict:
    """Fill the What-if worksheet `ws`; return its row numbers by key and the defined names it uses.

    The blocks are written top to bottom in a fixed order (styles are numbered as they first appear).
    """
    from openpyxl.styles import PatternFill

    a = results.assumptions
    engine = results.arrays
    yellow = PatternFill("solid", fgColor=INPUT_FILL)
    grey = PatternFill("solid", fgColor=VALUE_FILL)
    _title(ws, results, st)
    names, last_scalar = write_scalar_inputs(ws, a, st, yellow)
    buckets = write_bucket_inputs(ws, a.mix, st, yellow, grey, last_scalar + 2)
    g = YearGrid(ws, st, a.n_years, len(a.mix.share), yellow, grey, rule_from=max(1, a.n_anchor),
                 beyond_mrf=tuple(bool(y > a.mrf_last_year) for y in a.years))
    write_year_block(g, fiscal_year.labels(a.years), buckets.total_row + 2)
    write_inputs_by_year(g, a, engine)
    write_engine_values(g, a, engine)
    write_gdp(g, gdp_name(a))
    write_operating_account(g, (a.recurrent_add_share_gdp, a.revenue_add_share_gdp))
    write_non_operating_account(g)
    write_interest(g, buckets)
    write_totals(g)
    write_bond_flows(g)
    write_reserves_debt_and_ratios(g)
    write_cohort_workings(g, a.mix, buckets)
    _notes(g, a)
    _columns(ws, a.n_years)
    print_setup(ws)
    names.update({check_name("WhatIf_" + key): f"'{SHEET}'!{g.span(key)}" for key in NAMED_ROWS})
    return {"rows": dict(g.rows), "names": names}


def _title(ws, results, st):
    """Rows 1-3: what the sheet does and the colour key."""
    a = results.assumptions
    set_text(ws["A1"], "What-if: change a yellow cell and watch the ratio move").font = st["title"]
    set_text(ws["A2"], f"Scenario {results.scenario}, {a.plan_name} issuance plan. Live formulas rebuild the projection; "
                       "notes on what is value and what is formula are below the workings.")
    set_text(ws["A3"], "Yellow = input you may edit; white = formula; grey = engine value (does not respond to edits).")


def _notes(g, a):
    """Below the workings: what is value and what is formula, each note merged across the year columns."""
    ws = g.ws
    r = max(g.rows.values()) + 2
    set_text(ws.cell(r, 2), "Notes").font = g.st["bold"]
    last_col = FIRST_YEAR_COL + g.n_years - 1
    width = 52 + 10 + 9 + 11 * g.n_years
    for note in notes(a):
        r += 1
        text_across(ws, g.st, r, 2, last_col, note)
        ws.row_dimensions[r].height = 13.5 * (len(note) // int(width * 1.1) + 1) + 2


def _columns(ws, n_years):
    """Panes frozen at the first year column; widths of the key, label, unit, kind and year columns."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = ws.cell(1, FIRST_YEAR_COL).coordinate
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 52
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 9
    for t in range(n_years):
        ws.column_dimensions[get_column_letter(FIRST_YEAR_COL + t)].width = 11
