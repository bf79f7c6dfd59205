"""One verdict everywhere: the no-shock baseline, which peaks at 19.95% (the band's top + its published
rounding of 0.05pp), is "met within the rounding" by every command, never a breach.

Each command's own test of the band is run on the same path: project's headline and verdict, the
brief's sentence, the workbook's Summary row, the sensitivity batch (and so its grid), compare,
simulate's event count, the heat map's row and solve's default limit.
"""

import numpy as np
import pytest
from openpyxl import Workbook

from finmodel.analysis import compare, heat_map, stochastic
from finmodel.analysis.sensitivity import batch, goalseek
from finmodel.analysis.sensitivity.cases import BASELINE
from finmodel.model import verdicts
from finmodel.model.engine import project
from finmodel.model.pipeline import run
from finmodel.report.workbook.style import styles
from finmodel.report.workbook.summary import write_summary


@pytest.fixture(scope="module")
def res(baseline):
    return run(baseline)


def test_the_baseline_sits_on_the_band_top_plus_its_rounding(res, baseline):
    peak = res.projection["debt_to_gdp_pct"].max()
    assert baseline.band_high_pct < peak <= baseline.band_high_pct + verdicts.band_tolerance_pp(baseline) + 1e-12
    assert verdicts.band_tolerance_pp(baseline) == 0.05
    assert not verdicts.band_breached(baseline, peak) and verdicts.band_breached(baseline, 19.9501)


def test_project_brief_and_workbook_call_it_met(res, baseline):
    h = res.summary()["headline"]
    assert h["first_year_above_band"] is None
    assert "met within the rounding of the published figure" in res.verdict()
    assert "so the band is met" in verdicts.band(baseline, h, "sentence")
    wb = Workbook()
    write_summary(wb.active, res, styles())
    row = [r for r in wb.active.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("First year above the band")]
    assert row and row[0][1] == "never"


def test_sensitivity_compare_simulate_heat_map_and_solve_agree(res, baseline):
    m = batch.metrics(baseline, project(baseline))
    assert m["first_year_above_band"][0] == ""                                # sensitivity cases, grid status, batch
    assert compare.headline({"baseline": res}).loc["first_year_above_band", "baseline"] == "never"
    ev = stochastic.events(project(baseline, lean=False), baseline, 1)         # simulate's count on the no-shock path
    assert not ev["above_band"].any()
    hm = heat_map.build(res, cases=())
    assert not hm.cells["debt_to_gdp", "baseline"].breached
    ans = goalseek.max_constant_issuance(baseline)                            # solve: the highest issuance that is not a breach
    assert ans.arrays().debt_to_gdp_pct[0, 1:].max() == pytest.approx(19.95, abs=1e-6)
    assert not verdicts.band_breached(baseline, ans.arrays().debt_to_gdp_pct).any()


def test_a_path_a_hair_beyond_the_rounding_is_a_breach_in_every_command(baseline):
    from dataclasses import replace

    tighter = replace(baseline, band_high_pct=baseline.band_high_pct - 0.01)   # the same path, 0.01pp over the rounding
    o = project(tighter)
    assert batch.metrics(tighter, o)["first_year_above_band"][0] == "2029-30"
    assert stochastic.events(o, tighter, 1)["above_band"][0].sum() == 1
    h = run(tighter).summary()["headline"]
    assert h["first_year_above_band"] == "2029-30"
    assert np.isclose(h["band_margin_pp"], 0.06)
