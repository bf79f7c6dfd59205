"""Declarations of the history tables (`inputs/history/*.csv`): columns, types, units, bounds, order, keys.

Data declares, code computes: `finmodel.inputs.validation.history` checks every table against
these declarations and `docs/trust.md` describes them; nobody types a bound twice.

Cell kinds: "year" (a calendar year, 1900-2100), "fiscal_year" (a label such as 2024-25),
"date" (ISO 2025-07-31), "record_date" (hk_borrowing.csv: an ISO date, FY2024-25, FY2024-25
(Apr-Dec), FY2024, or empty when the date is not known), "number", "figure" (a number, or a
published range or wording such as 95-135 or ">700" in a unit that allows text), "choice",
"source" (source ids such as S01;S02, see SOURCES.md) and "text".
"""

from dataclasses import dataclass

CONFIDENCE = ("verified", "secondary", "recalled", "brief_context")
RECALLED = "recalled"
HK_BN_FLOW = ((0.0, 10_000.0), (0.0, 2_000.0))       # hard, plausible [HK$ bn]
HK_BN_SIGNED = ((-10_000.0, 10_000.0), (-600.0, 600.0))
HK_BN_STOCK = ((0.0, 10_000.0), (0.0, 5_000.0))
MONTH_FLOW = ((0.0, 2_000.0), (0.0, 400.0))
MONTH_SIGNED = ((-2_000.0, 2_000.0), (-400.0, 400.0))


@dataclass(frozen=True)
class Column:
    """One column: its kind, unit, hard bounds (error) and plausible bounds (warning).

    required: an empty cell is an error; key: part of the row's identity (duplicates, order);
    choices: the allowed words of a "choice" column.
    """

    name: str
    kind: str
    unit: str = ""
    bounds: tuple = (None, None)
    plausible: tuple = (None, None)
    required: bool = True
    key: bool = False
    choices: tuple = ()


@dataclass(frozen=True)
class Unit:
    """A unit a "figure" column may carry: the bounds of a number in it, and whether a published
    range ("95-135") or wording (">700", "AA- stable") may stand instead of a number."""

    bounds: tuple = (None, None)
    plausible: tuple = (None, None)
    ranges: bool = False
    text: bool = False


@dataclass(frozen=True)
class Table:
    """One history table.

    order: "strict" (the time column increases row by row, every period once), "by_key" (it
    increases within each value of the other key columns), or "" (long tables of observations,
    in no particular order: the readers sort). consecutive: no period is skipped within a series.
    item_bounds: per-item (hard, plausible) bounds of the row's number column (long tables), by its `item`.
    units: the allowed units of a "figure" column, keyed by the text of the `unit` column.
    used_by: the commands that read the table (for the documentation and the messages).
    """

    name: str
    description: str
    columns: tuple
    order: str = ""
    consecutive: bool = False
    item_bounds: dict | None = None
    units: dict | None = None
    used_by: tuple = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PROVENANCE = ("source_id", "confidence", "note")


def _provenance():
    """The columns every table ends with (PROVENANCE): source ids, confidence and a free note."""
    return (Column("source_id", "source", required=False), Column("confidence", "choice", choices=CONFIDENCE),
            Column("note", "text", required=False))


FISCAL_ITEMS = {
    "total_revenue": HK_BN_FLOW, "total_expenditure": HK_BN_FLOW, "recurrent_expenditure": HK_BN_FLOW,
    "capital_works_expenditure": HK_BN_FLOW, "land_premium": HK_BN_FLOW, "stamp_duties": HK_BN_FLOW,
    "profits_tax": HK_BN_FLOW, "salaries_tax": HK_BN_FLOW, "earnings_profits_tax": HK_BN_FLOW,
    "investment_income": ((-10_000.0, 10_000.0), (-100.0, 600.0)), "bond_proceeds": HK_BN_FLOW,
    "bond_repayments": HK_BN_FLOW, "net_bond_proceeds": HK_BN_SIGNED, "funds_brought_back": HK_BN_FLOW,
    "exchange_fund_transfer": HK_BN_FLOW, "bond_fund_transfer": HK_BN_FLOW, "surplus_after_bonds": HK_BN_SIGNED,
    "surplus_before_bonds": HK_BN_SIGNED, "operating_balance": HK_BN_SIGNED, "capital_account_balance": HK_BN_SIGNED,
    "fiscal_reserves_end": HK_BN_STOCK,
}
BUDGET_ESTIMATE_ITEMS = {"total_revenue": HK_BN_FLOW, "total_expenditure": HK_BN_FLOW, "consolidated_balance": HK_BN_SIGNED}
# A reserves forecast is the denominator of the record's relative errors (outturn / forecast - 1): above zero.
TRACK_RECORD_ITEMS = {"fiscal_reserves_end": ((1.0, 10_000.0), (100.0, 5_000.0)), "consolidated_balance": HK_BN_SIGNED}
_AMOUNT = Unit(*HK_BN_FLOW)
_PLAN = Unit(*HK_BN_FLOW, ranges=True)
_SHARE = Unit((0.0, 100.0), (0.0, 100.0))
_RATIO_TO_GDP = Unit((-300.0, 300.0), (-50.0, 100.0), ranges=True)
_GROWTH = Unit((-50.0, 50.0), (-15.0, 15.0))
_WORDS = Unit(text=True)
BORROWING_UNITS = {
    "HK$ bn": _AMOUNT, "HK$ bn p.a.": _PLAN, "US$ bn": _AMOUNT, "EUR bn": _AMOUNT, "RMB bn": _AMOUNT,
    "%": _SHARE, "% (about half)": _SHARE, "% of GDP": _RATIO_TO_GDP, "": _WORDS,
}
# Past Budgets' assumptions are quoted as published (">700", "2.5 to 3.5"): wording stays allowed.
MRF_UNITS = {u: Unit(b.bounds, b.plausible, ranges=True, text=True) for u, b in {
    "HK$ bn": Unit((-10_000.0, 10_000.0), (-600.0, 6_000.0)), "HK$ bn p.a.": _AMOUNT, "HK$ bn p.a. (average)": _AMOUNT, "%": _GROWTH,
    "% p.a.": _GROWTH, "% p.a. (average)": _GROWTH, "% of GDP": _RATIO_TO_GDP, "% of GDP (about)": _RATIO_TO_GDP, "": _WORDS,
}.items()}

TABLES = {t.name: t for t in (
    Table("hk_macro", "calendar-year nominal GDP, real growth and deflator change", (
        Column("year", "year", key=True),
        Column("nominal_gdp_hkd_bn", "number", "HK$ bn", (1.0, 100_000.0), (500.0, 20_000.0), required=False),
        Column("real_growth_pct", "number", "% a year", (-50.0, 50.0), (-15.0, 15.0), required=False),
        Column("deflator_pct", "number", "% a year", (-50.0, 50.0), (-15.0, 15.0), required=False),
        *_provenance()), order="strict", consecutive=True, used_by=("simulate", "sensitivity", "validation-report")),
    Table("hk_land_premium", "land premium by fiscal year and kind", (
        Column("fiscal_year", "fiscal_year", key=True),
        Column("land_premium_hkd_bn", "number", "HK$ bn", (0.0, 10_000.0), (0.0, 400.0)),
        Column("kind", "choice", key=True, choices=("actual", "revised", "estimate")),
        *_provenance()), order="by_key", used_by=("simulate", "sensitivity", "validation-report")),
    Table("hk_rates_annual", "annual averages of US policy and market rates and HKD HIBOR", (
        Column("year", "year", key=True),
        Column("series", "text", key=True),
        Column("value_pct", "number", "% a year", (-20.0, 50.0), (-2.0, 20.0)),
        *_provenance()), order="by_key", consecutive=True, used_by=("simulate", "sensitivity")),
    Table("hk_rates", "point observations of HKGB yields and HIBOR", (
        Column("date", "date", key=True),
        Column("series", "text", key=True),
        Column("value_pct", "number", "%", (-20.0, 50.0), (-2.0, 20.0)),
        *_provenance()), used_by=()),
    Table("hk_fiscal_long", "government accounts by fiscal year, long format", (
        Column("fiscal_year", "fiscal_year", key=True),
        Column("kind", "choice", key=True, choices=("actual", "provisional", "revised", "estimate", "mrf", "mrf_2025")),
        Column("item", "choice", key=True, choices=tuple(FISCAL_ITEMS)),
        Column("value", "number", "HK$ bn"),
        Column("unit", "choice", choices=("HK$ bn",)),
        *_provenance()), item_bounds=FISCAL_ITEMS, used_by=("sensitivity", "backtest", "validation-report")),
    Table("hk_borrowing", "ceilings, issuance plans, debt stocks, flows and interest", (
        Column("date", "record_date", key=True, required=False),
        Column("item", "text", key=True),
        Column("value", "figure", required=False),
        Column("unit", "choice", required=False, choices=tuple(BORROWING_UNITS)),
        *_provenance()), units=BORROWING_UNITS, used_by=("backtest", "validation-report")),
    Table("hk_mrf_assumptions", "Medium Range Forecast assumptions of past Budgets", (
        Column("budget", "text", key=True),
        Column("period", "text", key=True),
        Column("item", "text", key=True),
        Column("value", "figure"),
        Column("unit", "choice", required=False, choices=tuple(MRF_UNITS)),
        *_provenance()), units=MRF_UNITS, used_by=()),
    Table("hk_budget_estimates", "Budget estimates not in hk_fiscal_long.csv, from reports of past Budgets", (
        Column("fiscal_year", "fiscal_year", key=True),
        Column("kind", "choice", key=True, choices=("estimate", "revised")),
        Column("item", "choice", key=True, choices=tuple(BUDGET_ESTIMATE_ITEMS)),
        Column("value", "number", "HK$ bn"),
        Column("unit", "choice", choices=("HK$ bn",)),
        *_provenance()), item_bounds=BUDGET_ESTIMATE_ITEMS, used_by=("simulate",)),
    Table("hk_mrf_track_record", "what past Budgets forecast for fiscal reserves (and a few balances), by the date forecast for", (
        Column("budget", "fiscal_year", key=True),
        Column("speech_month", "text"),
        Column("forecast_for", "date", key=True),
        Column("item", "choice", key=True, choices=("fiscal_reserves_end", "consolidated_balance")),
        Column("value_hkd_bn", "number", "HK$ bn", HK_BN_SIGNED[0], (-600.0, 5_000.0), required=False),
        *_provenance()), item_bounds=TRACK_RECORD_ITEMS, used_by=("simulate",)),
    Table("hk_fiscal_reserves_outturn", "fiscal reserves held at 31 March (the last row may be a revised estimate)", (
        Column("date", "date", key=True),
        Column("fiscal_reserves_hkd_bn", "number", "HK$ bn", *HK_BN_STOCK),
        Column("kind", "choice", choices=("actual", "revised")),
        *_provenance()), order="strict", used_by=("simulate",)),
    Table("hk_fiscal_reserves_breaks", "changes in what 'fiscal reserves' cover, from the fiscal year each took effect", (
        Column("fiscal_year", "fiscal_year", key=True),
        Column("name", "text", key=True),
        Column("change", "text"),
        Column("amount_hkd_bn", "number", "HK$ bn", *HK_BN_STOCK, required=False),
        *_provenance()), order="strict", used_by=("simulate",)),
    Table("hk_monthly_results", "the Government's monthly financial results (finmodel monthly import)", (
        Column("month_end", "date", key=True),
        Column("fiscal_year", "fiscal_year"),
        Column("status", "choice", choices=("released", "provisional")),
        Column("revenue_hkd_bn", "number", "HK$ bn a month", *MONTH_FLOW),
        Column("expenditure_hkd_bn", "number", "HK$ bn a month", *MONTH_FLOW),
        Column("balance_before_bonds_hkd_bn", "number", "HK$ bn a month", *MONTH_SIGNED),
        Column("bond_proceeds_hkd_bn", "number", "HK$ bn a month", *MONTH_FLOW, required=False),
        Column("bond_repayments_hkd_bn", "number", "HK$ bn a month", *MONTH_FLOW, required=False),
        Column("net_bond_proceeds_hkd_bn", "number", "HK$ bn a month", *MONTH_SIGNED),
        Column("balance_after_bonds_hkd_bn", "number", "HK$ bn a month", *MONTH_SIGNED),
        Column("reserves_start_hkd_bn", "number", "HK$ bn", *HK_BN_STOCK),
        Column("reserves_end_hkd_bn", "number", "HK$ bn", *HK_BN_STOCK),
        Column("file", "text"),
        *_provenance()), order="strict", used_by=("monthly",)),
    Table("hk_monthly_imports", "which release file gave which months of hk_monthly_results.csv", (
        Column("file", "text", key=True),
        Column("sha256", "text", key=True),
        Column("layout", "text"),
        Column("first_month", "date"),
        Column("last_month", "date"),
        Column("months", "number", "months", (1.0, 1000.0), (1.0, 1000.0)),
        *_provenance()), used_by=("monthly",)),
)}
