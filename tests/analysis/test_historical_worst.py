"""The historical-worst case replays one jointly observed episode: years and values checked against the rows."""

import pandas as pd
import pytest

from finmodel.analysis.sensitivity import historical
from tests.conftest import INPUTS

HIST = INPUTS / "history"


def test_the_episode_is_one_run_of_years_with_every_driver_observed_together():
    w = historical.size(HIST)
    gdp = pd.read_csv(HIST / "hk_macro.csv").set_index("year")["nominal_gdp_hkd_bn"]
    # 1998-2002 has lower growth, but land premium is not observed then: the episode is 2019-2023
    assert w.growth_years == (2019, 2020, 2021, 2022, 2023)
    assert w.growth_pct[1] == pytest.approx(100 * (gdp[2020] / gdp[2019] - 1), rel=1e-12)
    assert w.land_years == ("2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24")
    assert w.land_hkd_bn == (116.8, 141.7, 88.7, 141.2, 69.8, 19.0)     # 2021-22: the verified revised row
    assert w.land_change_pct[-1] == pytest.approx(100 * (19.0 / 116.8 - 1))
    rates = pd.read_csv(HIST / "hk_rates_annual.csv")
    mid = rates[rates["series"].str.startswith(("US 3-month", "US 10-year"))].groupby("year")["value_pct"].mean()
    assert w.rates_years == (2018, 2019, 2020, 2021, 2022, 2023)
    assert w.rates_rise_bp[-1] == pytest.approx(100 * (mid[2023] - mid[2018]))
    assert [y for y in w.rates_years[1:]] == list(w.growth_years)          # the same years for every driver


def test_the_case_replays_every_driver_year_by_year(baseline):
    w = historical.size(HIST)
    case = w.case(100 * baseline.nominal_growth[1:], "2026-27")
    assert case.id == "historical_worst"
    assert case.growth_pp[0] == pytest.approx(w.growth_pct[0] - 100 * baseline.nominal_growth[1])
    assert case.land_change_pct == w.land_change_pct and case.yield_add_bp == w.rates_rise_bp
    assert "2019-2023 episode" in case.description and "2018-19" in case.description
