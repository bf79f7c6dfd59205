"""The standard sensitivity cases, declared as data: id, description, group and the shock.

Shocks apply from 2026-27 (year 1) to the horizon, against the loaded inputs (baseline or a
scenario). Units are the user's: percentage points of growth, per cent changes, basis points.
The `historical_worst` case is sized from the reference history at run time
(`finmodel.analysis.sensitivity.historical`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One named shock against the loaded inputs.

    growth_pp: added to nominal GDP growth every year [percentage points]; a tuple gives the
    shock year by year from 2026-27 (0 after it ends); so may land_change_pct and yield_add_bp
    (the historical episode). land_change_pct: land premium changed by this share [%]. land_flat: land premium held at its 2025-26 level [HK$ bn]. yield_add_bp:
    added to new-issue and refinancing yields only [basis points]. capex_change_pct: capital
    works changed [%]. fx_change_pct: HK$ value of RMB and EUR changed [%] (foreign-currency
    bonds only); the US$ moves the same way only as far as the Linked Exchange Rate band allows
    (the Convertibility Undertakings, 7.75-7.85: `batch.usd_factor`). issuance_plan: follow the `low` or `high` plan of borrowing.yaml instead.
    """

    id: str
    description: str
    group: str
    growth_pp: float | tuple = 0.0
    land_change_pct: float | tuple = 0.0
    land_flat: bool = False
    yield_add_bp: float | tuple = 0.0
    capex_change_pct: float = 0.0
    fx_change_pct: float = 0.0
    issuance_plan: str | None = None


BASELINE = Case("baseline", "The loaded inputs with no shock", "baseline")


def for_inputs(cases, a) -> list:
    """The cases with their descriptions' years read from the inputs: {shock_start}, the first shocked year (the year
    after the opening one: the engine's shocks start there), and {opening}, the opening year."""
    from dataclasses import replace

    from finmodel import fiscal_year

    years = {"shock_start": fiscal_year.label(a.years[1]), "opening": fiscal_year.label(a.years[0])}
    return [replace(c, description=c.description.format(**years)) for c in cases]

STANDARD_CASES = (
    Case("gdp_-2pp", "Nominal GDP growth 2pp a year lower from {shock_start}", "gdp", growth_pp=-2.0),
    Case("gdp_-1pp", "Nominal GDP growth 1pp a year lower from {shock_start}", "gdp", growth_pp=-1.0),
    Case("gdp_+1pp", "Nominal GDP growth 1pp a year higher from {shock_start}", "gdp", growth_pp=1.0),
    Case("land_-50pct", "Land premium 50% below the baseline every year from {shock_start}", "land", land_change_pct=-50.0),
    Case("land_-25pct", "Land premium 25% below the baseline every year from {shock_start}", "land", land_change_pct=-25.0),
    Case("land_+25pct", "Land premium 25% above the baseline every year from {shock_start}", "land", land_change_pct=25.0),
    Case("land_+50pct", "Land premium 50% above the baseline every year from {shock_start}", "land", land_change_pct=50.0),
    Case("land_flat", "Land premium stays at its {opening} level (HK$ bn) every year", "land", land_flat=True),
    Case("yields_+100bp", "New-issue and refinancing yields +100bp; existing fixed coupons unchanged", "rates", yield_add_bp=100.0),
    Case("yields_+200bp", "New-issue and refinancing yields +200bp; existing fixed coupons unchanged", "rates", yield_add_bp=200.0),
    Case("issuance_low", "Gross issuance follows the low plan of borrowing.yaml (the bottom of the announced range)", "issuance", issuance_plan="low"),
    Case("issuance_high", "Gross issuance follows the high plan of borrowing.yaml (the top of the announced range)", "issuance", issuance_plan="high"),
    Case("capex_-10pct", "Capital works 10% lower every year from {shock_start}", "capex", capex_change_pct=-10.0),
    Case("capex_+10pct", "Capital works 10% higher every year from {shock_start}", "capex", capex_change_pct=10.0),
    Case("fx_-10pct", "RMB and EUR 10% weaker against HK$; US$ to the strong side of its 7.75-7.85 band (Convertibility "
         "Undertaking), no further (foreign-currency bonds)", "fx", fx_change_pct=-10.0),
    Case("fx_+10pct", "RMB and EUR 10% stronger against HK$; US$ held at the weak side of its 7.75-7.85 band, where the "
         "baseline holds it (Convertibility Undertaking; foreign-currency bonds)", "fx", fx_change_pct=10.0),
    Case("combined_adverse", "Growth -1pp, land premium -50% and yields +200bp together", "combined",
         growth_pp=-1.0, land_change_pct=-50.0, yield_add_bp=200.0),
)

LAND_CASES = ("land_-50pct", "land_-25pct", "land_+25pct", "land_+50pct", "land_flat")
CASE_IDS = tuple(c.id for c in (BASELINE, *STANDARD_CASES)) + ("historical_worst",)
