"""The heat map's rule on hand-made cases (one per colour) and the baseline's heat map."""

import numpy as np
import pytest

from finmodel.analysis import heat_map as hm
from finmodel.analysis.sensitivity.cases import STANDARD_CASES


def _rate(baseline, stress, benchmark, worst="max", inclusive=False):
    rows = [hm.Row("x", "v", "Indicator", "%", worst, benchmark, "b", "s", inclusive)]
    cols = [hm.Column("baseline", "Baseline", "", "baseline"), hm.Column("shock", "Shock", "", "stress test")]
    series = {("x", "baseline"): np.array(baseline, float), ("x", "shock"): np.array(stress, float)}
    return hm.rate(rows, cols, series, {"x": benchmark}, ["2026-27", "2027-28"])


def test_red_where_the_baseline_breaches_every_cell_of_the_row():
    m = _rate([5.0, 12.0], [5.0, 8.0], 10.0)
    assert [m.cells["x", c].colour for c in ("baseline", "shock")] == ["red", "red"]
    assert m.row_colours["x"] == "red"
    assert m.cells["x", "baseline"].value == 12.0 and m.cells["x", "baseline"].year == "2027-28"


def test_amber_where_only_a_stress_test_breaches():
    m = _rate([5.0, 6.0], [11.0, 6.0], 10.0)
    assert [m.cells["x", c].colour for c in ("baseline", "shock")] == ["green", "amber"]
    assert m.row_colours["x"] == "amber"
    assert m.cells["x", "shock"].value == 11.0 and m.cells["x", "shock"].year == "2026-27"


def test_green_where_nothing_breaches_and_at_the_benchmark_itself():
    m = _rate([5.0, 10.0], [9.0, 10.0], 10.0)
    assert [m.cells["x", c].colour for c in ("baseline", "shock")] == ["green", "green"]
    assert m.row_colours["x"] == "green"


def test_inclusive_rows_breach_at_the_benchmark_and_min_rows_below_it():
    assert _rate([5.0, 6.0], [10.0, 6.0], 10.0, inclusive=True).cells["x", "shock"].colour == "amber"   # ceiling binds
    m = _rate([4.0, 3.5], [4.0, 2.5], 3.0, worst="min")
    assert (m.cells["x", "baseline"].colour, m.cells["x", "shock"].colour) == ("green", "amber")
    assert m.cells["x", "shock"].value == 2.5


def test_no_benchmark_is_not_rated():
    m = _rate([50.0, 60.0], [70.0, 80.0], None)
    assert {m.cells["x", c].colour for c in ("baseline", "shock")} == {"none"} and m.row_colours["x"] == "none"
    assert m.cells["x", "shock"].value == 80.0


def test_classify_is_the_imf_rule():
    assert hm.classify(True, False) == hm.classify(True, True) == "red"
    assert hm.classify(False, True) == "amber"
    assert hm.classify(False, False) == "green"
    assert hm.classify(True, True, rated=False) == "none"


def test_baseline_heat_map(baseline_results):
    """Columns: Budget baseline, current policy, every standard stress test; the baseline breaches nothing."""
    m = hm.build(baseline_results)
    assert [c.id for c in m.columns] == ["baseline", "passive", *(c.id for c in STANDARD_CASES)]
    assert m.years == ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]
    p = baseline_results.projection.loc[m.years]
    assert m.cells["debt_ceiling", "baseline"].value == p["debt_hkd_bn"].max()
    assert m.cells["debt_to_gdp", "baseline"].value == p["debt_to_gdp_pct"].max()
    assert m.cells["average_maturity", "baseline"].value == p["average_maturity_years"].min()
    assert all(not m.cells[r.key, "baseline"].breached for r in m.rows)
    # Net debt: shown, not rated (no published benchmark); under the plan pool A debt exceeds reserves from 2028-29.
    assert m.cells["net_debt", "baseline"].value > 0 and m.row_colours["net_debt"] == "none"
    assert m.cells["net_debt", "baseline"].value == p["net_debt_to_gdp_pct"].max()
    # The high issuance plan takes debt to the ceiling and the ratio above the band: amber, not red.
    assert m.cells["debt_ceiling", "issuance_high"].colour == "amber"
    assert m.cells["debt_to_gdp", "gdp_-2pp"].colour == "amber"
    assert m.cells["gross_financing_need", "combined_adverse"].colour == "green"
    assert m.row_colours["fx_share"] == "none"
    d = m.to_dict()
    assert set(d["cells"]) == {r.key for r in m.rows} and d["rows"][2]["benchmark"] == 20.0


def test_reserves_row_rates_land_minus_50_amber_against_the_budgets_own_path(baseline_results):
    """Reserves in months of spending against the Budget's own reserves path: land -50% is paid from reserves (amber)."""
    m = hm.build(baseline_results)
    p = baseline_results.projection.loc[m.years]
    months = p["fiscal_reserves_hkd_bn"] / (p["expenditure_hkd_bn"] / 12)
    assert m.cells["reserves_months", "baseline"].value == pytest.approx(months.min(), rel=1e-12)
    assert m.rows[[r.key for r in m.rows].index("reserves_months")].benchmark == round(months.min(), 2) == 9.67
    assert m.cells["reserves_months", "baseline"].colour == "green"
    assert m.cells["reserves_months", "land_-50pct"].colour == "amber"
    assert m.cells["reserves_months", "land_-50pct"].value == pytest.approx(8.28, abs=0.01)   # 614.4 / (890.6 / 12) in 2030-31
    assert m.cells["reserves_months", "land_+50pct"].colour == "green"
    assert m.cells["net_debt", "land_-50pct"].value > m.cells["net_debt", "baseline"].value + 3.0


def test_the_borrow_rule_rows_sit_beside_the_run_rule_and_show_where_land_would_reach_the_debt(baseline_results):
    m = hm.build(baseline_results)
    keys = [r.key for r in m.rows]
    assert keys.index("debt_to_gdp_borrow") == keys.index("gross_financing_need") + 2
    rule = {r.key: r.financing_rule for r in m.rows}
    assert rule["debt_to_gdp"] is None and rule["debt_to_gdp_borrow"] == "borrow"
    # the no-shock baseline is the same under both rules; land -50% stays green under the run's rule, not under borrow
    assert m.cells["debt_to_gdp_borrow", "baseline"].value == pytest.approx(m.cells["debt_to_gdp", "baseline"].value, abs=1e-9)
    assert m.cells["debt_to_gdp", "land_-50pct"].colour == "green"
    assert m.cells["debt_to_gdp_borrow", "land_-50pct"].colour == "amber"
    assert m.cells["debt_ceiling_borrow", "land_-50pct"].colour == "amber"       # the ceiling binds: a squeeze
    assert m.to_dict()["rows"][keys.index("debt_to_gdp_borrow")]["financing_rule"] == "borrow"
