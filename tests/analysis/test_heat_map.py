"""The heat map's rule on hand-made cases (one per colour) and the baseline's heat map."""

import numpy as np

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
    # The high issuance plan takes debt to the ceiling and the ratio above the band: amber, not red.
    assert m.cells["debt_ceiling", "issuance_high"].colour == "amber"
    assert m.cells["debt_to_gdp", "gdp_-2pp"].colour == "amber"
    assert m.cells["gross_financing_need", "combined_adverse"].colour == "green"
    assert m.row_colours["fx_share"] == "none"
    d = m.to_dict()
    assert set(d["cells"]) == {r.key for r in m.rows} and d["rows"][2]["benchmark"] == 20.0
