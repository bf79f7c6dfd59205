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
"""

from dataclasses import dataclass, field

import numpy as np

from finmodel import fiscal_year
from finmodel.report.workbook.defined_names import check_name
from finmodel.report.workbook.style import header, print_setup, set_text

SHEET = "What-if"
FIRST_YEAR_COL = 5  # A key, B label, C unit, D kind, then one column per fiscal year
INPUT_FILL = "FFFF99"
VALUE_FILL = "E7E6E6"

# Engine variables the formula rows reproduce (row key = engine variable name).
CHECKED = ("nominal_gdp_hkd_bn", "other_revenue_hkd_bn", "minimum_tax_hkd_bn", "investment_income_hkd_bn",
           "operating_revenue_hkd_bn", "recurrent_expenditure_hkd_bn", "non_recurrent_expenditure_hkd_bn",
           "unidentified_measures_hkd_bn", "operating_expenditure_hkd_bn", "operating_balance_hkd_bn",
           "land_premium_hkd_bn", "other_non_operating_revenue_hkd_bn", "non_operating_revenue_hkd_bn",
           "capital_works_hkd_bn", "other_capital_hkd_bn", "interest_hkd_bn", "non_operating_expenditure_hkd_bn",
           "non_operating_balance_hkd_bn", "revenue_hkd_bn", "expenditure_hkd_bn", "balance_before_bonds_hkd_bn",
           "desired_issuance_hkd_bn", "gross_issuance_hkd_bn", "redemptions_hkd_bn", "fiscal_reserves_hkd_bn",
           "debt_hkd_bn", "debt_to_gdp_pct", "headroom_hkd_bn", "interest_to_revenue_pct")

NOTES = (
    "What is value and what is formula: yellow cells are inputs; white cells are formulas; grey cells are the engine's values.",
    "Values, not formulas: the opening book's redemptions and interest (its inflation-linked retail coupons use the inflation row), "
    "FX revaluation (exchange rates are held at the inputs), inflation, and the calibrated other (operating) revenue and other "
    "Non-Operating revenue of the anchor years (2025-26, 2026-27), which make those years match the Budget's totals and its "
    "Operating balance.",
    "Fitted to the Budget's medium-range forecast (2027-28 to 2030-31), and yellow so you may edit them: the central plan's gross "
    "issuance, other capital spending (calibrated to the Budget totals in the anchor years) and the unidentified measures.",
    "Unidentified measures: the Budget does not itemise them. They are the savings or extra revenue its published targets need "
    "beyond the itemised lines, fitted by finmodel (zero in the anchor years), and they reduce Operating expenditure; set them "
    "to zero to see current policy.",
    "Formulas: every new cohort's issuance, redemption and interest (by bucket, with the half-year convention: half a coupon in the "
    "issue and maturity years), and every flow and stock below them. Tenors and the inflation link of each bucket are fixed: rerun "
    "finmodel to change them.",
    "2025-26 is the Budget's revised estimate: the engine's shocks (finmodel.model.engine.Shocks) start in 2026-27, so edit the 2026-27 "
    "and later columns to reproduce a shocked run.",
    "Blank yellow cells mean 'use the rule': land premium as a share of GDP; minimum tax, non-recurrent spending, unidentified "
    "measures, capital works and other capital grow with nominal GDP (other revenue with the buoyancy elasticity, other "
    "Non-Operating revenue with GDP); recurrent spending with GDP where no growth rate is given.",
    "The two accounts: Operating = other revenue + minimum tax + investment income + operating one-offs, less recurrent and "
    "non-recurrent spending net of the unidentified measures; Non-Operating = land premium + other Non-Operating revenue + "
    "non-operating one-offs, less capital works, other capital spending and bond interest. Their sum is the balance before bonds.",
    "Omitted: nothing of the deterministic engine is simplified away; stochastic paths and sensitivities are in their own outputs.",
)

# The workings below the projection: one block per step of a new cohort, one row per bucket in each.
WORKINGS = ("issue", "coupon", "coupon_x_issue", "interest_prior", "redeem")
WORKING_TITLES = {"issue": "Issued (gross issuance x share)", "coupon": "Coupon of this year's issue",
                  "coupon_x_issue": "Coupon x issued (fixed-rate buckets)",
                  "interest_prior": "Interest paid this year on earlier issues", "redeem": "Redeemed this year"}
# Rows given a workbook-level defined name WhatIf_<key>, spanning the fiscal years.
NAMED_ROWS = ("growth_pct", "land_scale", "issuance_plan_hkd_bn", "yield_shift_pp", "capital_works_fixed_hkd_bn",
              "unidentified_measures_fixed_hkd_bn", "nominal_gdp_hkd_bn", "revenue_hkd_bn", "operating_balance_hkd_bn",
              "non_operating_balance_hkd_bn", "balance_before_bonds_hkd_bn", "gross_issuance_hkd_bn",
              "redemptions_hkd_bn", "interest_hkd_bn", "fiscal_reserves_hkd_bn", "debt_hkd_bn", "debt_to_gdp_pct",
              "headroom_hkd_bn")


@dataclass
class _Buckets:
    """The new-issue buckets' input cells: each bucket's share and yield, the range of shares, the Total row."""

    share_cells: list
    yield_cells: list
    share_range: str
    total_row: int


@dataclass
class _Grid:
    """The year block: one row per key, one column per fiscal year, and the writer of one row."""

    ws: object
    st: dict
    n_years: int
    n_buckets: int
    yellow: object
    grey: object
    rule_from: int = 1  # first year the financing rule applies: the Budget's estimate years follow its plan
    beyond_mrf: tuple = ()  # per year: after the MRF (the risk rule's floor of issuance is then the redemptions)
    rows: dict = field(default_factory=dict)

    def col(self, t: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(FIRST_YEAR_COL + t)

    def ref(self, key: str, t: int) -> str:
        return f"{self.col(t)}{self.rows[key]}"

    def span(self, key: str) -> str:
        return f"${self.col(0)}${self.rows[key]}:${self.col(self.n_years - 1)}${self.rows[key]}"

    def prev(self, key, t, first):
        """Last year's cell of `key`, or `first` (an opening stock) in year 0."""
        return self.ref(key, t - 1) if t > 0 else first

    def growth(self, t):
        """The year's nominal GDP growth factor."""
        return f"(1+{self.ref('growth_pct', t)}/100)"

    def grown(self, key, fixed, factor):
        """fixed where given, else last year's level times the factor (zero in year 0 without a level)."""
        R = self.ref
        return [f"=IF(ISNUMBER({R(fixed, 0)}),{R(fixed, 0)},0)"] + [
            f"=IF(ISNUMBER({R(fixed, t)}),{R(fixed, t)},{R(key, t - 1)}*{factor(t)})" for t in range(1, self.n_years)]

    def bucket_range(self, working, t):
        """Year t's cells of one workings block, every bucket."""
        return f"{self.col(t)}{self.rows[f'{working}:0']}:{self.col(t)}{self.rows[f'{working}:{self.n_buckets - 1}']}"

    def values(self, x, scale=1.0):
        """An engine or input array as cell values (NaN left blank; an absent optional array as zeros, as the engine reads it)."""
        if x is None:
            return [0.0] * self.n_years
        return [None if x[t] != x[t] else scale * float(x[t]) for t in range(self.n_years)]

    def put(self, key, label, unit, kind, cells, fmt="#,##0.000"):
        """Write one row: `cells` holds values or formula strings (None leaves the cell blank)."""
        ws = self.ws
        r = self.rows[key]
        set_text(ws.cell(r, 1), key)
        label_cell = set_text(ws.cell(r, 2), label)
        if key in ("debt_to_gdp_pct", "debt_hkd_bn"):
            label_cell.font = self.st["bold"]
        set_text(ws.cell(r, 3), unit)
        set_text(ws.cell(r, 4), kind)
        fill = {"input": self.yellow, "value": self.grey}.get(kind)
        for t, v in enumerate(cells):
            c = ws.cell(r, FIRST_YEAR_COL + t)
            if v is not None:
                c.value = v if isinstance(v, str) else float(v)
            c.number_format = fmt
            if fill is not None and not (key == "growth_pct" and t == 0):
                c.fill = fill


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
    names, last_scalar = _scalar_inputs(ws, a, st, yellow)
    buckets = _bucket_inputs(ws, a.mix, st, yellow, grey, last_scalar + 2)
    g = _Grid(ws, st, a.n_years, len(a.mix.share), yellow, grey, rule_from=max(1, a.n_anchor),
              beyond_mrf=tuple(bool(y > a.mrf_last_year) for y in a.years))
    _year_block(g, fiscal_year.labels(a.years), buckets.total_row + 2)
    _inputs_by_year(g, a, engine)
    _engine_values(g, a, engine)
    _gdp(g)
    _operating_account(g)
    _non_operating_account(g)
    _interest(g, buckets)
    _totals(g)
    _bond_flows(g)
    _reserves_debt_and_ratios(g)
    _cohort_workings(g, a.mix, buckets)
    _notes(g)
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


def _scalar_inputs(ws, a, st, yellow):
    """Scalar inputs from row 5, each with a workbook-level defined name the formulas use; returns (names, last row)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    scalars = [
        ("Opening_debt_hkd_bn", "Pool A debt at 31 March 2025 (opening book)", "HK$ bn", a.opening_debt_hkd_bn, "0.000"),
        ("Opening_reserves_hkd_bn", "Fiscal reserves at 31 March 2025", "HK$ bn", a.opening_reserves_hkd_bn, "#,##0.0"),
        ("GDP_2025_26_hkd_bn", "Nominal GDP in 2025-26", "HK$ bn", a.gdp0_hkd_bn, "#,##0.0"),
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


def _bucket_inputs(ws, mix, st, yellow, grey, top) -> _Buckets:
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
    return _Buckets(share_cells, yield_cells, share_range, r)


def _year_block(g, labels, header_row):
    """The header of the year block; number every row (see `_layout`) and write the section titles."""
    header(g.ws, header_row, ["Key", "Row", "Unit", "Kind"] + labels, g.st)
    row = header_row
    titles = {}
    for item in _layout(g.n_buckets):
        if isinstance(item, tuple):
            row += 2
            titles[row] = item[1]
        else:
            row += 1
            g.rows[item] = row
    for r, title in titles.items():
        set_text(g.ws.cell(r, 2), title).font = g.st["bold"]


def _inputs_by_year(g, a, engine):
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
    put("minimum_tax_fixed_hkd_bn", "Global minimum tax (blank = grows with GDP)", "HK$ bn", "input", vals(a.minimum_tax_fixed_hkd_bn))
    put("recurrent_fixed_hkd_bn", "Recurrent spending given in HK$ (blank = grows)", "HK$ bn", "input", vals(a.recurrent_fixed_hkd_bn))
    put("recurrent_growth_pct", "Recurrent spending growth (blank = GDP growth)", "% a year", "input", vals(a.recurrent_growth, 100.0))
    put("non_recurrent_fixed_hkd_bn", "Non-recurrent spending given in HK$ (blank = grows with GDP)", "HK$ bn", "input",
        vals(a.non_recurrent_fixed_hkd_bn))
    put("unidentified_measures_fixed_hkd_bn", "Unidentified measures, fitted: not itemised by the Budget (blank = grows with GDP)",
        "HK$ bn", "input", vals(a.unidentified_measures_hkd_bn))
    put("other_capital_share_pct_gdp", "Other capital as a share of GDP (blank = grows with GDP)", "% of GDP", "input",
        vals(a.other_capital_share_gdp, 100.0))


def _engine_values(g, a, engine):
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


def _gdp(g):
    """Formula: nominal GDP."""
    T, R, gf = g.n_years, g.ref, g.growth
    g.put("nominal_gdp_hkd_bn", "Nominal GDP", "HK$ bn", "formula",
          ["=GDP_2025_26_hkd_bn"] + [f"={R('nominal_gdp_hkd_bn', t - 1)}*{gf(t)}" for t in range(1, T)])


def _operating_account(g):
    """Formulas: the Operating Account's revenue (other revenue, minimum tax, investment income, one-offs), spending and balance."""
    T, put, R, gf = g.n_years, g.put, g.ref, g.growth
    put("other_revenue_hkd_bn", "Other operating revenue (taxes and fees, minimum tax apart)", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('other_revenue_fixed_hkd_bn', t)}),{R('other_revenue_fixed_hkd_bn', t)}"
         f"*({R('nominal_gdp_hkd_bn', t)}/{R('gdp_calibrated_hkd_bn', t)})^Other_revenue_elasticity,"
         + (f"{R('other_revenue_hkd_bn', t - 1)}*{gf(t)}^Other_revenue_elasticity)" if t else "0)") for t in range(T)])
    put("minimum_tax_hkd_bn", "Global minimum tax", "HK$ bn", "formula", g.grown("minimum_tax_hkd_bn", "minimum_tax_fixed_hkd_bn", gf))
    put("investment_income_hkd_bn", "Investment income (on positive reserves)", "HK$ bn", "formula",
        [f"={R('investment_rate_pct', t)}/100*MAX({g.prev('fiscal_reserves_hkd_bn', t, 'Opening_reserves_hkd_bn')},0)" for t in range(T)])
    put("one_off_receipts_operating_hkd_bn", "One-off receipts credited to the Operating Account", "HK$ bn", "formula",
        [f"={R('one_off_receipts_hkd_bn', t)}-{R('one_off_receipts_non_operating_hkd_bn', t)}" for t in range(T)])
    put("operating_revenue_hkd_bn", "Operating Account revenue", "HK$ bn", "formula",
        [f"={R('other_revenue_hkd_bn', t)}+{R('minimum_tax_hkd_bn', t)}+{R('investment_income_hkd_bn', t)}"
         f"+{R('one_off_receipts_operating_hkd_bn', t)}" for t in range(T)])
    put("recurrent_expenditure_hkd_bn", "Recurrent spending", "HK$ bn", "formula",
        g.grown("recurrent_expenditure_hkd_bn", "recurrent_fixed_hkd_bn",
                lambda t: f"IF(ISNUMBER({R('recurrent_growth_pct', t)}),1+{R('recurrent_growth_pct', t)}/100,{gf(t)})"))
    put("non_recurrent_expenditure_hkd_bn", "Non-recurrent spending", "HK$ bn", "formula",
        g.grown("non_recurrent_expenditure_hkd_bn", "non_recurrent_fixed_hkd_bn", gf))
    put("unidentified_measures_hkd_bn", "Less unidentified measures (savings or revenue; not itemised)", "HK$ bn", "formula",
        g.grown("unidentified_measures_hkd_bn", "unidentified_measures_fixed_hkd_bn", gf))
    put("operating_expenditure_hkd_bn", "Operating Account expenditure (net of the measures)", "HK$ bn", "formula",
        [f"={R('recurrent_expenditure_hkd_bn', t)}+{R('non_recurrent_expenditure_hkd_bn', t)}-{R('unidentified_measures_hkd_bn', t)}"
         for t in range(T)])
    put("operating_balance_hkd_bn", "Operating Account balance (deficit if negative)", "HK$ bn", "formula",
        [f"={R('operating_revenue_hkd_bn', t)}-{R('operating_expenditure_hkd_bn', t)}" for t in range(T)])


def _non_operating_account(g):
    """Formulas: the Non-Operating Account's revenue (land, other receipts, one-offs) and its non-interest spending."""
    T, put, R, gf = g.n_years, g.put, g.ref, g.growth
    put("land_premium_hkd_bn", "Land premium", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('land_fixed_hkd_bn', t)}),{R('land_fixed_hkd_bn', t)},{R('land_share_pct_gdp', t)}/100*{R('nominal_gdp_hkd_bn', t)})"
         f"*{R('land_scale', t)}" for t in range(T)])
    put("other_non_operating_revenue_hkd_bn", "Other Non-Operating revenue (grows with GDP)", "HK$ bn", "formula",
        g.grown("other_non_operating_revenue_hkd_bn", "other_non_operating_revenue_fixed_hkd_bn", gf))
    put("non_operating_revenue_hkd_bn", "Non-Operating Account revenue", "HK$ bn", "formula",
        [f"={R('land_premium_hkd_bn', t)}+{R('other_non_operating_revenue_hkd_bn', t)}+{R('one_off_receipts_non_operating_hkd_bn', t)}"
         for t in range(T)])
    put("capital_works_hkd_bn", "Capital works", "HK$ bn", "formula", g.grown("capital_works_hkd_bn", "capital_works_fixed_hkd_bn", gf))
    oc = g.grown("other_capital_hkd_bn", "other_capital_fixed_hkd_bn", gf)
    put("other_capital_hkd_bn", "Other capital spending", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('other_capital_share_pct_gdp', t)}),{R('other_capital_share_pct_gdp', t)}/100*{R('nominal_gdp_hkd_bn', t)},"
         f"{oc[t][1:]})" for t in range(T)])


def _interest(g, buckets):
    """Formulas: interest on earlier bonds, half a coupon on this year's issue, and pool A interest."""
    T, put, R = g.n_years, g.put, g.ref
    put("interest_old_hkd_bn", "Interest on bonds issued before the year", "HK$ bn", "formula",
        [f"={R('interest_opening_book_hkd_bn', t)}+SUM({g.bucket_range('interest_prior', t)})" for t in range(T)])
    put("new_coupon_half_year", "Interest per HK$ issued this year (half a coupon)", "ratio", "formula",
        [f"=0.5*SUMPRODUCT({buckets.share_range},{g.bucket_range('coupon', t)})/100" for t in range(T)],
        fmt="0.000000")
    put("interest_hkd_bn", "Interest on pool A bonds", "HK$ bn", "formula",
        [f"={R('interest_old_hkd_bn', t)}+{R('new_coupon_half_year', t)}*{R('gross_issuance_hkd_bn', t)}" for t in range(T)])


def _totals(g):
    """Formulas: Non-Operating expenditure and balance (after interest), then total revenue, expenditure and balance."""
    T, put, R = g.n_years, g.put, g.ref
    put("non_operating_expenditure_hkd_bn", "Non-Operating Account expenditure (incl. bond interest)", "HK$ bn", "formula",
        [f"={R('capital_works_hkd_bn', t)}+{R('other_capital_hkd_bn', t)}+{R('interest_hkd_bn', t)}" for t in range(T)])
    put("non_operating_balance_hkd_bn", "Non-Operating Account balance (deficit if negative)", "HK$ bn", "formula",
        [f"={R('non_operating_revenue_hkd_bn', t)}-{R('non_operating_expenditure_hkd_bn', t)}" for t in range(T)])
    put("revenue_hkd_bn", "Government revenue (both accounts)", "HK$ bn", "formula",
        [f"={R('operating_revenue_hkd_bn', t)}+{R('non_operating_revenue_hkd_bn', t)}" for t in range(T)])
    put("expenditure_hkd_bn", "Government expenditure (both accounts)", "HK$ bn", "formula",
        [f"={R('operating_expenditure_hkd_bn', t)}+{R('non_operating_expenditure_hkd_bn', t)}" for t in range(T)])
    put("balance_before_bonds_hkd_bn", "Balance before bond flows (deficit if negative)", "HK$ bn", "formula",
        [f"={R('operating_balance_hkd_bn', t)}+{R('non_operating_balance_hkd_bn', t)}" for t in range(T)])


def _bond_flows(g):
    """Formulas: redemptions, the issuance wanted (plan or gap rule), gross issuance capped at the headroom, net proceeds."""
    T, put, R = g.n_years, g.put, g.ref
    put("redemptions_hkd_bn", "Redemptions (principal)", "HK$ bn", "formula",
        [f"={R('redemptions_opening_book_hkd_bn', t)}+SUM({g.bucket_range('redeem', t)})" for t in range(T)])
    put("debt_before_issuance_hkd_bn", "Debt before this year's issuance", "HK$ bn", "formula",
        [f"={g.prev('debt_hkd_bn', t, 'Opening_debt_hkd_bn')}+{R('fx_revaluation_hkd_bn', t)}-{R('redemptions_hkd_bn', t)}" for t in range(T)])
    rule_from = g.rule_from
    desired = [f"={R('issuance_plan_hkd_bn', t)}" for t in range(min(rule_from, T))]
    for t in range(rule_from, T):
        flows = (f"{R('fiscal_reserves_hkd_bn', t - 1)}-({R('revenue_hkd_bn', t)}"
                 f"-{R('operating_expenditure_hkd_bn', t)}-{R('capital_works_hkd_bn', t)}-{R('other_capital_hkd_bn', t)}"
                 f"-{R('interest_old_hkd_bn', t)})+{R('redemptions_hkd_bn', t)})/(1-{R('new_coupon_half_year', t)}))")
        gap = f"MAX(0,(Reserves_floor_hkd_bn-{flows}"
        spending = (f"({R('operating_expenditure_hkd_bn', t)}+{R('capital_works_hkd_bn', t)}+{R('other_capital_hkd_bn', t)}"
                    f"+{R('interest_old_hkd_bn', t)})")
        to_floor = f"MAX(0,(Reserves_floor_months/12*{spending}-{flows}"
        base = R("redemptions_hkd_bn", t) if g.beyond_mrf[t] else R("issuance_plan_hkd_bn", t)
        risk = f"MAX({base},{to_floor})"
        desired.append(f'=IF(Financing_rule="gap",{gap},IF(Financing_rule="risk",{risk},{R("issuance_plan_hkd_bn", t)}))')
    put("desired_issuance_hkd_bn", "Issuance wanted (plan, or the gap rule)", "HK$ bn", "formula", desired)
    put("gross_issuance_hkd_bn", "Gross bond issuance (pool A)", "HK$ bn", "formula",
        [f'=IF(Ceiling_policy="cap",MIN({R("desired_issuance_hkd_bn", t)},MAX({R("ceiling_hkd_bn", t)}-{R("debt_before_issuance_hkd_bn", t)},0)),'
         f'{R("desired_issuance_hkd_bn", t)})' for t in range(T)])
    put("net_bond_proceeds_hkd_bn", "Net bond proceeds", "HK$ bn", "formula",
        [f"={R('gross_issuance_hkd_bn', t)}-{R('redemptions_hkd_bn', t)}" for t in range(T)])


def _reserves_debt_and_ratios(g):
    """Formulas: fiscal reserves, debt, debt-to-GDP, headroom under the ceiling and interest / revenue."""
    T, put, R = g.n_years, g.put, g.ref
    put("fiscal_reserves_hkd_bn", "Fiscal reserves, 31 March", "HK$ bn", "formula",
        [f"={g.prev('fiscal_reserves_hkd_bn', t, 'Opening_reserves_hkd_bn')}+{R('balance_before_bonds_hkd_bn', t)}+{R('net_bond_proceeds_hkd_bn', t)}"
         for t in range(T)])
    put("debt_hkd_bn", "Debt under the ceiling (pool A), 31 March", "HK$ bn", "formula",
        [f"={R('debt_before_issuance_hkd_bn', t)}+{R('gross_issuance_hkd_bn', t)}" for t in range(T)])
    put("debt_to_gdp_pct", "Debt-to-GDP (pool A)", "% of GDP", "formula",
        [f"=100*{R('debt_hkd_bn', t)}/{R('nominal_gdp_hkd_bn', t)}" for t in range(T)], fmt="0.000")
    put("headroom_hkd_bn", "Headroom under the ceiling", "HK$ bn", "formula",
        [f"={R('ceiling_hkd_bn', t)}-{R('debt_hkd_bn', t)}" for t in range(T)])
    put("interest_to_revenue_pct", "Interest / total revenue", "%", "formula",
        [f"=100*{R('interest_hkd_bn', t)}/{R('revenue_hkd_bn', t)}" for t in range(T)], fmt="0.000")


def _cohort_workings(g, mix, buckets):
    """Formulas: each new cohort by bucket and issue year: issued, coupon, coupon x issued, interest on earlier issues, redeemed."""
    for working in WORKINGS:
        for k in range(g.n_buckets):
            cells = [_working_formula(g, working, k, t, mix, buckets) for t in range(g.n_years)]
            g.put(f"{working}:{k}", f"{WORKING_TITLES[working]}: {mix.bucket[k]}", "% a year" if working == "coupon" else "HK$ bn",
                  "formula", cells)


def _working_formula(g, working, k, t, mix, buckets):
    """Year t's cell of bucket k in one workings block (None: blank, for inflation-linked coupon x issued)."""
    R = g.ref
    tenor = int(mix.tenor_years[k])
    if working == "issue":
        return f"={R('gross_issuance_hkd_bn', t)}*{buckets.share_cells[k]}"
    if working == "coupon":
        base_c = f"{buckets.yield_cells[k]}+{R('yield_shift_pp', t)}"
        return f"=MAX({base_c},{R('inflation_pct', t)})" if mix.inflation_linked[k] else f"={base_c}"
    if working == "coupon_x_issue":
        return None if mix.inflation_linked[k] else f"={R(f'issue:{k}', t)}*{R(f'coupon:{k}', t)}/100"
    if working == "interest_prior":
        return _interest_prior(R, k, t, tenor, bool(mix.inflation_linked[k]), buckets.yield_cells[k])
    return f"={R(f'issue:{k}', t - tenor)}" if t >= tenor else "=0"


def _notes(g):
    """Below the workings: what is value and what is formula, each note merged across the year columns."""
    ws = g.ws
    r = max(g.rows.values()) + 2
    set_text(ws.cell(r, 2), "Notes").font = g.st["bold"]
    last_col = FIRST_YEAR_COL + g.n_years - 1
    width = 52 + 10 + 9 + 11 * g.n_years
    for note in NOTES:
        r += 1
        set_text(ws.cell(r, 2), note).alignment = g.st["wrap"]
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=last_col)
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


def _layout(K: int) -> list:
    """Row order of the year block: ("section", title) markers and row keys."""
    rows = [("section", "Inputs by fiscal year"), "growth_pct", "land_fixed_hkd_bn", "land_share_pct_gdp", "land_scale",
            "issuance_plan_hkd_bn", "yield_shift_pp", "capital_works_fixed_hkd_bn", "other_capital_fixed_hkd_bn", "ceiling_hkd_bn",
            "one_off_receipts_hkd_bn", "one_off_receipts_non_operating_hkd_bn", "investment_rate_pct", "minimum_tax_fixed_hkd_bn",
            "recurrent_fixed_hkd_bn", "recurrent_growth_pct", "non_recurrent_fixed_hkd_bn", "unidentified_measures_fixed_hkd_bn",
            "other_capital_share_pct_gdp",
            ("section", "Engine values (grey): not driven by the inputs above"), "inflation_pct", "other_revenue_fixed_hkd_bn",
            "gdp_calibrated_hkd_bn", "other_non_operating_revenue_fixed_hkd_bn", "redemptions_opening_book_hkd_bn",
            "interest_opening_book_hkd_bn", "fx_revaluation_hkd_bn",
            ("section", "Formulas: the projection"), "nominal_gdp_hkd_bn",
            ("section", "Operating Account"), "other_revenue_hkd_bn", "minimum_tax_hkd_bn", "investment_income_hkd_bn",
            "one_off_receipts_operating_hkd_bn", "operating_revenue_hkd_bn", "recurrent_expenditure_hkd_bn",
            "non_recurrent_expenditure_hkd_bn", "unidentified_measures_hkd_bn", "operating_expenditure_hkd_bn",
            "operating_balance_hkd_bn",
            ("section", "Non-Operating Account"), "land_premium_hkd_bn", "other_non_operating_revenue_hkd_bn",
            "non_operating_revenue_hkd_bn", "capital_works_hkd_bn", "other_capital_hkd_bn", "interest_old_hkd_bn",
            "new_coupon_half_year", "interest_hkd_bn", "non_operating_expenditure_hkd_bn", "non_operating_balance_hkd_bn",
            ("section", "Totals, bond flows, reserves and debt"), "revenue_hkd_bn", "expenditure_hkd_bn",
            "balance_before_bonds_hkd_bn", "redemptions_hkd_bn",
            "debt_before_issuance_hkd_bn", "desired_issuance_hkd_bn", "gross_issuance_hkd_bn", "net_bond_proceeds_hkd_bn",
            "fiscal_reserves_hkd_bn", "debt_hkd_bn", "debt_to_gdp_pct", "headroom_hkd_bn", "interest_to_revenue_pct",
            ("section", "Workings: new cohorts by bucket (issue year across)")]
    for name in WORKINGS:
        rows += [f"{name}:{k}" for k in range(K)] + [("section", "")]
    return rows[:-1]


def _interest_prior(R, k, t, tenor, linked, yield_cell) -> str:
    """Interest paid in year t on bucket k's cohorts issued in earlier years (half a coupon at maturity)."""
    first = max(0, t - tenor)
    if t == 0:
        return "=0"
    if not linked:
        parts = []
        full_from = t - tenor + 1
        if full_from <= t - 1:
            lo = max(0, full_from)
            parts.append(f"SUM({R(f'coupon_x_issue:{k}', lo)}:{R(f'coupon_x_issue:{k}', t - 1)})")
        if t - tenor >= 0:
            parts.append(f"0.5*{R(f'coupon_x_issue:{k}', t - tenor)}")
        return "=" + ("+".join(parts) or "0")
    terms = []
    for s in range(first, t):
        w = "0.5*" if t - s == tenor else ""
        terms.append(f"{w}{R(f'issue:{k}', s)}*MAX({yield_cell}+{R('yield_shift_pp', s)},{R('inflation_pct', t)})/100")
    return "=" + "+".join(terms)
