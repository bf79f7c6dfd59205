"""The historical-worst case is sized from the history tables: years and values checked against the rows."""

import pandas as pd
import pytest

from finmodel.analysis.sensitivity import historical
from tests.conftest import INPUTS

HIST = INPUTS / "history"


def test_sizing_picks_the_worst_observed_years():
    w = historical.size(HIST)
    gdp = pd.read_csv(HIST / "hk_macro.csv").set_index("year")["nominal_gdp_hkd_bn"]
    assert w.growth_years == (1998, 1999, 2000, 2001, 2002)
    assert w.growth_pct[0] == pytest.approx(100 * (gdp[1998] / gdp[1997] - 1), rel=1e-12)
    assert sum(w.growth_pct) / 5 == pytest.approx(100 * ((gdp[2002] / gdp[1997]) ** 0.2 - 1), abs=0.1)
    assert w.land_years == ("2007-08", "2008-09") and w.land_hkd_bn == (62.5, 16.1)
    assert w.land_change_pct == pytest.approx(100 * (16.1 / 62.5 - 1))
    rates = pd.read_csv(HIST / "hk_rates_annual.csv")
    mid = rates[rates["series"].str.startswith(("US 3-month", "US 10-year"))].groupby("year")["value_pct"].mean()
    assert w.rates_years == (2022, 2023)
    assert w.rates_rise_bp == pytest.approx(100 * (mid[2023] - mid[2022]))


def test_the_case_replays_growth_against_the_baseline(baseline):
    w = historical.size(HIST)
    case = w.case(100 * baseline.nominal_growth[1:])
    assert case.id == "historical_worst"
    assert case.growth_pp[0] == pytest.approx(w.growth_pct[0] - 100 * baseline.nominal_growth[1])
    assert "1998-2002" in case.description and "2008-09" in case.description
