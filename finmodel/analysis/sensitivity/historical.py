"""The historical-worst case: one episode of the reference history (`inputs/history/`), replayed jointly.

The drivers are taken from the same years, as they happened together (a stress test of worst years
that never coincided would overstate what history shows):

- the episode is the run of WINDOW_YEARS consecutive calendar years with the lowest average nominal
  GDP growth (hk_macro.csv GDP levels) among the runs for which land premium and rates are observed
  in every year and in the year before it;
- nominal GDP growth replays the episode's growth year by year from 2026-27 (the shock is the replayed
  growth less the baseline's), returning to the baseline after it;
- land premium moves as it did then, relative to the year before the episode: land_t x
  L_{s+k} / L_{s-1} in the k-th year (hk_land_premium.csv, one row per fiscal year: actual, then
  revised; verified rows before recalled ones; the fiscal year starting in the calendar year);
- new-issue yields move as a mid-curve proxy did then, relative to the year before: the mean of the US
  3-month bill and 10-year Treasury yields (hk_rates_annual.csv annual averages; HKD rates track USD
  rates under the Linked Exchange Rate System), in basis points.

The case keeps its id, historical_worst.
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
    """The episode and the observations behind it (for the report): every tuple runs over the same years."""

    growth_years: tuple          # calendar years of the episode
    growth_pct: tuple            # their nominal growth [%]
    land_years: tuple            # fiscal years: the one before the episode, then the episode's
    land_hkd_bn: tuple           # land premium in those years [HK$ bn]
    land_change_pct: tuple       # each episode year against the year before it began [%]
    land_confidence: str
    rates_years: tuple           # calendar years: the one before the episode, then the episode's
    rates_rise_bp: tuple         # the mid-curve proxy in each episode year less the year before [bp]

    def case(self, baseline_growth_pct, shock_start: str) -> Case:
        """The Case, with the growth shock = replayed growth - baseline growth, year by year [pp], replayed from the
        fiscal year labelled `shock_start` (the first shocked year of the inputs)."""
        n = min(len(self.growth_pct), len(baseline_growth_pct))
        shock = tuple(float(self.growth_pct[i] - baseline_growth_pct[i]) for i in range(n))
        y0, y1 = self.growth_years[0], self.growth_years[-1]
        g = ", ".join(f"{v:+.1f}%" for v in self.growth_pct)
        land = ", ".join(f"{v:+.0f}%" for v in self.land_change_pct)
        rates = ", ".join(f"{v:+.0f}" for v in self.rates_rise_bp)
        desc = (f"The {y0}-{y1} episode replayed from {shock_start}, every driver as it moved in the same years: nominal GDP growth "
                f"{g}; land premium {land} against {self.land_years[0]} ({self.land_confidence}); new-issue yields {rates}bp "
                f"against {self.rates_years[0]}")
        return Case("historical_worst", desc, "combined", growth_pp=shock, land_change_pct=tuple(self.land_change_pct),
                    yield_add_bp=tuple(self.rates_rise_bp))


def size(root=history.HISTORY_DIR) -> HistoricalWorst:
    """Read the history tables under `root`, find the episode and read every driver over its years."""
    growth = _growth_by_year(root)
    land, confidence = _land_by_year(root)
    mid = _mid_rate_by_year(root)
    best, start = np.inf, None
    for s in sorted(growth):
        years = range(s, s + WINDOW_YEARS)
        if not all(y in growth and y in land and y in mid for y in years) or s - 1 not in land or s - 1 not in mid:
            continue
        mean = float(np.mean([growth[y] for y in years]))
        if mean < best:
            best, start = mean, s
    if start is None:
        raise ValueError(f"no {WINDOW_YEARS} consecutive years with GDP, land premium and rates all observed in {root}")
    years = list(range(start, start + WINDOW_YEARS))
    base = start - 1
    return HistoricalWorst(
        growth_years=tuple(years), growth_pct=tuple(growth[y] for y in years),
        land_years=tuple(fiscal_year.label(y) for y in [base, *years]),
        land_hkd_bn=tuple(land[y] for y in [base, *years]),
        land_change_pct=tuple(100.0 * (land[y] / land[base] - 1.0) for y in years),
        land_confidence=" and ".join(sorted({confidence[y] for y in [base, *years]})) + " rows",
        rates_years=tuple([base, *years]), rates_rise_bp=tuple(100.0 * (mid[y] - mid[base]) for y in years))


def _growth_by_year(root) -> dict:
    """Nominal GDP growth [%] by calendar year, where the year before is in the table."""
    macro = history.macro(root).dropna(subset=["nominal_gdp_hkd_bn"]).sort_values("year")
    gdp = dict(zip(macro["year"].astype(int), macro["nominal_gdp_hkd_bn"].astype(float)))
    return {y: 100.0 * (gdp[y] / gdp[y - 1] - 1.0) for y in gdp if y - 1 in gdp}


def _land_by_year(root) -> tuple[dict, dict]:
    """Land premium [HK$ bn] and its row's confidence by the calendar year its fiscal year starts in (best row per year)."""
    land = history.land_premium(root)
    land = land[land["kind"].isin(list(KIND_ORDER))].copy()
    land["rank"] = land["kind"].map(KIND_ORDER) + 10 * (land["confidence"] != "verified")
    land = land.sort_values(["fiscal_year", "rank"]).groupby("fiscal_year").first()
    starts = [fiscal_year.parse(y) for y in land.index]
    return (dict(zip(starts, land["land_premium_hkd_bn"].astype(float))), dict(zip(starts, land["confidence"])))


def _mid_rate_by_year(root) -> dict:
    """The mid-curve proxy [%] by calendar year: the mean of the US 3-month bill and 10-year Treasury annual averages."""
    rates = history.rates_annual(root)
    short = rates[rates["series"].str.startswith(SHORT_SERIES)].set_index("year")["value_pct"]
    long = rates[rates["series"].str.startswith(LONG_SERIES)].set_index("year")["value_pct"]
    mid = ((short + long) / 2.0).dropna().sort_index()
    return {int(y): float(v) for y, v in mid.items()}
