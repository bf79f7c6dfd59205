"""The What-if sheet's year block: where each row lives, and the writer of one row of cells.

One row per key (an engine variable, an input or a working), one column per fiscal year from
column E; section titles sit between groups of rows. The formula modules address cells through
`YearGrid.ref` so that no row number is written twice.
"""

from dataclasses import dataclass, field

from finmodel.report.workbook.style import header, set_text

SHEET = "What-if"
FIRST_YEAR_COL = 5  # A key, B label, C unit, D kind, then one column per fiscal year
INPUT_FILL = "FFFF99"
VALUE_FILL = "E7E6E6"

# The workings below the projection: one block per step of a new cohort under its title, one row per bucket in each
# (labelled by the bucket alone: the block's title says what the row holds, so labels print on one line).
WORKINGS = ("issue", "coupon", "coupon_x_issue", "interest_prior", "redeem")
WORKING_TITLES = {"issue": "Issued (gross issuance x share)", "coupon": "Coupon of this year's issue",
                  "coupon_x_issue": "Coupon x issued (fixed-rate buckets)",
                  "interest_prior": "Interest paid this year on earlier issues", "redeem": "Redeemed this year"}


@dataclass
class BucketCells:
    """The new-issue buckets' input cells: each bucket's share and yield, the range of shares, the Total row."""

    share_cells: list
    yield_cells: list
    share_range: str
    total_row: int


@dataclass
class YearGrid:
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


def write_year_block(g, labels, header_row):
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


def _layout(K: int) -> list:
    """Row order of the year block: ("section", title) markers and row keys."""
    rows = [("section", "Inputs by fiscal year"), "growth_pct", "land_fixed_hkd_bn", "land_share_pct_gdp", "land_scale",
            "issuance_plan_hkd_bn", "yield_shift_pp", "capital_works_fixed_hkd_bn", "other_capital_fixed_hkd_bn", "ceiling_hkd_bn",
            "one_off_receipts_hkd_bn", "one_off_receipts_non_operating_hkd_bn", "investment_rate_pct", "negative_reserves_rate_pct",
            "minimum_tax_fixed_hkd_bn",
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
            "new_coupon_half_year", "interest_hkd_bn", "interest_on_negative_reserves_hkd_bn", "non_operating_expenditure_hkd_bn", "non_operating_balance_hkd_bn",
            ("section", "Totals, bond flows, reserves and debt"), "revenue_hkd_bn", "expenditure_hkd_bn",
            "balance_before_bonds_hkd_bn", "redemptions_hkd_bn",
            "debt_before_issuance_hkd_bn", "desired_issuance_hkd_bn", "gross_issuance_hkd_bn", "net_bond_proceeds_hkd_bn",
            "fiscal_reserves_hkd_bn", "debt_hkd_bn", "debt_to_gdp_pct", "headroom_hkd_bn", "interest_to_revenue_pct",
            ("section", f"Workings: new cohorts by bucket (issue year across). {WORKING_TITLES[WORKINGS[0]]}")]
    for i, name in enumerate(WORKINGS):
        title = [("section", WORKING_TITLES[name])] if i else []
        rows += title + [f"{name}:{k}" for k in range(K)]
    return rows
