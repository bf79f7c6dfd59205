"""The historical-worst case, sized from the reference history in `inputs/history/`.

Each driver takes its worst observed outcome (not one joint episode: the record has no year
in which all three were observed together):

- nominal GDP growth replays the worst run of WINDOW_YEARS consecutive calendar years
  (lowest average nominal growth, from the GDP levels in hk_macro.csv), year by year from
  2026-27; growth returns to the baseline after the window;
- land premium falls by the largest one-year fall in hk_land_premium.csv (one row per fiscal
  year: actual, then revised; verified rows before recalled ones) in every year from 2026-27;
- new-issue yields rise by the largest one-year rise in the annual average of a mid-curve
  proxy, the mean of the US 3-month bill and 10-year Treasury yields (hk_rates_annual.csv;
  HKD rates track USD rates under the Linked Exchange Rate System).
"""

from dataclasses import dataclass

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.sensitivity.cases import Case
from finmodel.inputs import history

WINDOW_YEARS = 5
HISTORY_TABLES = ("hk_macro", "hk_land_premium", "hk_rates_annual")
KIND_ORDER = {"actual": 0, "provisional": 1, "revised": 2}
SHORT_SERIES = "US 3-month Treasury bill"
LONG_SERIES = "US 10-year Treasury"


@dataclass(frozen=True)
class HistoricalWorst:
    """The sized shocks and the observations behind them (for the report)."""

    growth_years: tuple          # calendar years replayed
    growth_pct: tuple            # their nominal growth [%]
    land_years: tuple            # (fiscal year before, fiscal year of the fall)
    land_hkd_bn: tuple           # (level before, level after)
    land_change_pct: float
    land_confidence: str
    rates_years: tuple           # (year before, year of the rise)
    rates_rise_bp: float

    def case(self, baseline_growth_pct) -> Case:
        """The Case, with the growth shock = replayed growth - baseline growth, year by year [pp]."""
        n = min(len(self.growth_pct), len(baseline_growth_pct))
        shock = tuple(float(self.growth_pct[i] - baseline_growth_pct[i]) for i in range(n))
        g = ", ".join(f"{y} {v:+.1f}%" for y, v in zip(self.growth_years, self.growth_pct))
        desc = (f"Worst observed drivers: nominal GDP growth as in {self.growth_years[0]}-{self.growth_years[-1]} ({g}); "
                f"land premium {self.land_change_pct:+.1f}% as in {self.land_years[1]} "
                f"({self.land_hkd_bn[0]:g} -> {self.land_hkd_bn[1]:g} HK$ bn, {self.land_confidence}); "
                f"new-issue yields +{self.rates_rise_bp:.0f}bp as in {self.rates_years[0]}-{self.rates_years[1]}")
        return Case("historical_worst", desc, "combined", growth_pp=shock, land_change_pct=self.land_change_pct,
                    yield_add_bp=self.rates_rise_bp)


def size(root=history.HISTORY_DIR) -> HistoricalWorst:
    """Read the history tables under `root` and size each driver's worst observed outcome."""
    macro = history.macro(root).dropna(subset=["nominal_gdp_hkd_bn"]).sort_values("year")
    years = macro["year"].to_numpy()
    gdp = macro["nominal_gdp_hkd_bn"].to_numpy(dtype=float)
    consecutive = np.diff(years) == 1
    growth = np.where(consecutive, 100.0 * (gdp[1:] / gdp[:-1] - 1.0), np.nan)     # growth of years[1:]
    best, start = np.inf, None
    for i in range(len(growth) - WINDOW_YEARS + 1):
        window = growth[i:i + WINDOW_YEARS]
        if not np.isnan(window).any() and window.mean() < best:
            best, start = window.mean(), i
    g_years = tuple(int(y) for y in years[1:][start:start + WINDOW_YEARS])
    g_vals = tuple(float(v) for v in growth[start:start + WINDOW_YEARS])

    land = history.land_premium(root)
    land = land[land["kind"].isin(list(KIND_ORDER))].copy()
    land["rank"] = land["kind"].map(KIND_ORDER) + 10 * (land["confidence"] != "verified")
    land = land.sort_values(["fiscal_year", "rank"]).groupby("fiscal_year").first()
    start_years = np.array([fiscal_year.parse(y) for y in land.index])
    vals = land["land_premium_hkd_bn"].to_numpy(dtype=float)
    worst, pair = np.inf, None
    for i in range(1, len(vals)):
        if start_years[i] == start_years[i - 1] + 1 and vals[i] / vals[i - 1] < worst:
            worst, pair = vals[i] / vals[i - 1], i
    conf = sorted(set(land["confidence"].iloc[[pair - 1, pair]]))

    rates = history.rates_annual(root)
    short = rates[rates["series"].str.startswith(SHORT_SERIES)].set_index("year")["value_pct"]
    long = rates[rates["series"].str.startswith(LONG_SERIES)].set_index("year")["value_pct"]
    mid = ((short + long) / 2.0).dropna().sort_index()
    rise = mid.diff()
    r_year = int(rise.idxmax())
    return HistoricalWorst(
        growth_years=g_years, growth_pct=g_vals,
        land_years=(land.index[pair - 1], land.index[pair]), land_hkd_bn=(float(vals[pair - 1]), float(vals[pair])),
        land_change_pct=float(100.0 * (worst - 1.0)), land_confidence=" and ".join(conf) + " rows",
        rates_years=(r_year - 1, r_year), rates_rise_bp=float(100.0 * rise.max()))
