"""Fans checked against the forecast record: coverage counts and intervals by hand, the calibration's rule,
the scaled shock model, and the shipped run meeting the windows at five years."""

import re
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.stats import beta

from finmodel.analysis import forecast_record, record_coverage, shock_model, shock_paths
from finmodel.analysis.stochastic import PERCENTILES, simulate
from finmodel.model.pipeline import load_inputs
from tests.conftest import INPUTS

HISTORY = INPUTS / "history"


def _sim(fan_reserves, baseline, n_paths=100_000):
    """A stand-in Simulation: only what the coverage reads (the fan of reserves, its baseline, the paths)."""
    years = np.arange(2025, 2025 + fan_reserves.shape[1])
    return SimpleNamespace(years=years, fan={"fiscal_reserves_hkd_bn": fan_reserves},
                           baseline={"fiscal_reserves_hkd_bn": baseline}, n_paths=n_paths, block_paths=2_000,
                           parameter_uncertainty=False)


def _record(errors_by_h: dict, balance: list):
    return SimpleNamespace(errors=lambda h: np.asarray(errors_by_h.get(h, []), dtype=float),
                           balance_errors=lambda: np.asarray(balance, dtype=float))


def test_coverage_counts_the_errors_inside_each_band_with_a_clopper_pearson_interval():
    # baseline 100 in every year; percentiles 5..95 of year h at 100 + h * (-30, -20, -10, 0, 10, 20, 30)
    steps = np.array([-30, -20, -10, 0, 10, 20, 30], dtype=float)
    fan = 100.0 + np.outer(steps, np.arange(6))
    base = np.full(6, 100.0)
    # five-year bands: 80% = [-100%, +100%] (p10, p90 = 100 -/+ 100), 50% = [-50%, +50%]
    e5 = [-120.0, -90.0, -40.0, 0.0, 10.0, 45.0, 60.0, 95.0, 130.0, 20.0]     # mean 11.0
    rows = record_coverage.coverage_rows(_sim(fan, base), _record({5: e5}, [1.0, -1.0]), record_coverage.uncalibrated())
    r = {(x["measure"], x["horizon_years"], x["band_pct"], x["errors"]): x for x in rows}
    raw80 = r["reserves", 5, 80, "raw"]
    assert (raw80["n_pairs"], raw80["n_inside"]) == (10, 8)                    # -120 and 130 fall outside
    assert raw80["band_low_pct"] == pytest.approx(-100.0) and raw80["band_high_pct"] == pytest.approx(100.0)
    assert raw80["ci_low_pct"] == pytest.approx(100 * beta.ppf(0.025, 8, 3))
    assert raw80["ci_high_pct"] == pytest.approx(100 * beta.ppf(0.975, 9, 2))
    raw50 = r["reserves", 5, 50, "raw"]
    assert raw50["n_inside"] == 5                                                # -40, 0, 10, 45, 20
    centred50 = r["reserves", 5, 50, "mean removed"]
    assert centred50["n_inside"] == 5 and centred50["mean_error_pct"] == pytest.approx(11.0)   # -11, -1, 34, 49, 9
    assert centred50["errors_compared_pct"] == pytest.approx([x - 11.0 for x in e5])
    assert r["consolidated balance", 1, 80, "raw"]["n_inside"] == 2              # the 1-year 80% band is [-20%, +20%]
    assert ("reserves", 2, 80, "raw") not in r                                   # no pairs at 2 years: no row
    assert all(x["role"] == "held out" for x in rows)                           # nothing fitted without a calibration


def test_the_monte_carlo_range_widens_with_fewer_paths():
    steps = np.array([-30, -20, -10, 0, 10, 20, 30], dtype=float)
    fan = 100.0 + np.outer(steps, np.arange(6))
    base = np.full(6, 100.0)
    se_many = record_coverage.edge_se(_sim(fan, base, 100_000), "fiscal_reserves_hkd_bn", 5)
    se_few = record_coverage.edge_se(_sim(fan, base, 1_000), "fiscal_reserves_hkd_bn", 5)
    # p10 at 5 years: density 0.2 / (q25 - q5) = 0.2 / 100; se = sqrt(0.1 * 0.9 / n) / density, in % of 100
    assert se_many[10] == pytest.approx(np.sqrt(0.09 / 100_000) / (0.2 / 100.0))
    assert se_few[10] == pytest.approx(10 * se_many[10])


def test_the_calibration_prefers_a_scale_that_meets_both_targets_else_the_five_year_one():
    both = [(0.9, 60.0, 40.0, 75.0, 45.0), (1.0, 80.0, 50.0, 80.0, 50.0), (1.1, 85.0, 60.0, 85.0, 60.0)]
    assert record_coverage.choose(both)[:2] == (1.0, "both")
    fight = [(1.0, 78.0, 50.0, 40.0, 10.0), (1.2, 85.0, 57.0, 60.0, 20.0), (1.4, 95.0, 64.0, 65.0, 30.0),
             (2.2, 100.0, 85.0, 82.0, 45.0)]
    scale, winner, ok5, ok1 = record_coverage.choose(fight)
    assert (scale, winner, ok5, ok1) == (1.2, "5 years", (1.0, 1.2), (2.2,))


def test_a_scaled_model_scales_every_shock_and_keeps_its_persistence_and_means():
    a = load_inputs(INPUTS)
    m = shock_model.load(HISTORY)
    k = 1.3
    s = shock_model.scaled(m, k)
    assert np.allclose(s.sigma_u, k * k * m.sigma_u) and np.allclose(s.resid, k * m.resid)
    assert np.array_equal(s.persistence, m.persistence) and np.array_equal(s.data, m.data)
    assert shock_paths.revenue_error_sd(a, s) == pytest.approx(k * shock_paths.revenue_error_sd(a, m))
    assert shock_model.scaled(shock_model.scaled(m, 2.0), 0.5).covariance_scale == pytest.approx(1.0)
    assert shock_paths.land_share_mean(s) == shock_paths.land_share_mean(m)


@pytest.fixture(scope="module")
def shipped():
    a = load_inputs(INPUTS)
    m = shock_model.load(HISTORY)
    rec = forecast_record.load(HISTORY)
    fit = record_coverage.calibrate(a, m, rec)
    sim = simulate(a, record_coverage.apply(m, fit), 100_000, 2026)
    return fit, sim, record_coverage.coverage_rows(sim, rec, fit)


def test_the_shipped_calibration_meets_the_five_year_windows_on_100000_paths(shipped):
    fit, sim, rows = shipped
    r = {(x["measure"], x["horizon_years"], x["band_pct"], x["errors"]): x for x in rows}
    assert fit.scale in fit.admissible_5y and sim.covariance_scale == fit.scale
    c80, c50 = r["reserves", 5, 80, "mean removed"], r["reserves", 5, 50, "mean removed"]
    assert c80["n_pairs"] == 14 and 70.0 <= c80["coverage_pct"] <= 90.0 and c80["role"] == "target"
    assert 35.0 <= c50["coverage_pct"] <= 65.0
    assert c80["ci_low_pct"] < c80["coverage_pct"] < c80["ci_high_pct"]
    assert c80["mc_low_pct"] <= c80["coverage_pct"] <= c80["mc_high_pct"]
    assert r["reserves", 2, 80, "raw"]["thin"] and not r["reserves", 1, 80, "raw"]["thin"]


def test_the_shipped_record_asks_more_of_the_first_year_than_five_years_allow_and_five_years_wins(shipped):
    fit, _, rows = shipped
    assert fit.winner == "5 years" and fit.admissible_1y and not set(fit.admissible_1y) & set(fit.admissible_5y)
    assert min(fit.admissible_1y) > max(fit.admissible_5y)
    assert "five-year target wins" in fit.explanation
    balance = next(x for x in rows if x["measure"] == "consolidated balance" and x["band_pct"] == 80 and x["errors"] == "mean removed")
    assert balance["n_pairs"] == 11 and not balance["in_window"]        # the one-year check, reported as missed
    assert [g[0] for g in fit.grid] == list(record_coverage.SCALES)


def test_the_shipped_stored_calibration_rests_on_the_shipped_inputs_and_is_what_calibrate_finds(shipped):
    """inputs/fitted_shocks.yaml (finmodel fit) is current: its key is the shipped inputs' own, and the scale, grid and
    words it holds are, bit for bit, what `calibrate` fits (so a run that reads it finds what it would have fitted)."""
    from dataclasses import replace

    from finmodel.inputs import fitted_shocks, history

    fit = shipped[0]
    stored = fitted_shocks.read(INPUTS)
    a = load_inputs(INPUTS)
    hashes = {**shock_model.history_hashes(HISTORY), **history.hashes(HISTORY, forecast_record.TABLES)}
    key = record_coverage.calibration_key({**a.input_hashes, **hashes}, "ec", False, False)
    assert stored.key == key, "rerun: python -m finmodel fit --date 2026-12-06"
    held = record_coverage.held_or_fitted(stored, key, lambda: pytest.fail("the stored fit was not used"))
    assert held == replace(fit, fitted_by="finmodel fit on 2026-12-06 (fitted_shocks.yaml)")
    assert record_coverage.held_or_fitted(stored, {**key, "method": "var"}, lambda: fit) is fit   # another key: fitted


def test_a_stored_choice_that_is_not_the_rules_on_its_grid_stops_the_run():
    """A stored scale edited to another scale of the grid (or a grid edited under it) would change every figure of a run
    that says the file changes none: InputError naming the field and what calibrate finds. The words are checked when
    the fit is used, given the run's shock model."""
    from dataclasses import replace

    from finmodel.inputs import fitted_shocks
    from finmodel.inputs.errors import InputError

    stored = fitted_shocks.read(INPUTS)
    key, m = stored.key, shock_model.load(HISTORY)
    fail = lambda: pytest.fail("fitted although the key matched")   # noqa: E731
    assert record_coverage.held_or_fitted(stored, key, fail, m).scale == 1.3
    for field, value, allowed in (("scale", 1.0, "1.3, what calibrate finds for the stored grid"),
                                  ("winner", "both", "'5 years', what calibrate finds"),
                                  ("admissible_1y", (2.2,), "[2.2, 2.25, 2.3, 2.35, 2.4], what calibrate finds"),
                                  ("paths", 2000, "4000, what calibrate finds")):
        edited = replace(stored, calibration={**stored.calibration, field: value})
        with pytest.raises(InputError, match=f"fitted_shocks.yaml: calibration.{field} = .*{re.escape(allowed)}"):
            record_coverage.held_or_fitted(edited, key, fail, m)
    worded = replace(stored, calibration={**stored.calibration, "explanation": "Scale 1.30 on the shocks, by hand."})
    with pytest.raises(InputError, match="calibration.explanation: the words calibrate writes"):
        record_coverage.held_or_fitted(worded, key, fail, m)
    fitted = record_coverage.uncalibrated()
    assert record_coverage.held_or_fitted(worded, {**key, "method": "var"}, lambda: fitted, m) is fitted   # not used: fitted
    rescaled = replace(stored, calibration={**stored.calibration, "scale": 1.0})   # e.g. an earlier version's rule
    assert record_coverage.held_or_fitted(rescaled, {**key, "model_version": "9.9"}, lambda: fitted, m) is fitted


def test_percentiles_the_coverage_reads_are_the_fans():
    assert set(record_coverage.BANDS[80] + record_coverage.BANDS[50]) <= set(PERCENTILES)
    assert all(p in PERCENTILES for pair in record_coverage.NEIGHBOURS.values() for p in pair)


@pytest.mark.parametrize("method, uncertain", [("ec", False), ("ec", True), ("var", False), ("bootstrap", False)])
def test_a_blocks_draws_shaped_for_any_scale_are_the_shocks_drawn_for_that_scale_bit_for_bit(method, uncertain):
    """The calibration draws each block once and shapes it for every scale (`stochastic.draw_block`, `shape_block`):
    the shocks must be exactly those `block_shocks` draws afresh for the scaled model, FX and spread reused included."""
    from finmodel.analysis import stochastic

    a = load_inputs(INPUTS)
    m = shock_model.load(HISTORY, method=method)
    d = stochastic.draw_block(m, 11, method, 3, 200, a.n_years - 1, uncertain)
    fixed = None
    for k in (0.5, 1.3, 2.75):
        scaled = shock_model.scaled(m, k)
        dev, extra = stochastic.shape_block(a, scaled, method, d, fixed)
        fixed = {"fx": extra["fx"], "spread": extra["spread"]}
        shaped = shock_paths.to_shocks(dev, m.names, shock_paths.land_share_mean(m), extra)
        fresh = stochastic.block_shocks(a, scaled, 11, method, [3], 200, uncertain)
        for field in ("growth_pp", "inflation_add", "land_factor", "yield_add", "revenue_factor", "fx_factor"):
            assert np.array_equal(getattr(shaped, field), getattr(fresh, field)), (k, field)


def test_the_calibration_grid_is_each_scales_own_run_of_its_paths_and_the_same_with_a_worker():
    """grid_rows (draws shared by the scales) gives each scale the coverages of run_blocks on the scaled model; and
    calibrate splitting the scales with an executor gives the same grid as without."""
    from finmodel.analysis import stochastic
    from finmodel.analysis.parallel import InProcess
    from finmodel.model.engine import project

    a = load_inputs(INPUTS)
    m = shock_model.load(HISTORY)
    rec = forecast_record.load(HISTORY)
    base = project(a).fiscal_reserves_hkd_bn[0]
    errors = (record_coverage.demeaned(rec.errors(5)), record_coverage.demeaned(rec.balance_errors()))
    rows = record_coverage.grid_rows(a, m, base, errors, 5, "ec", False, 1, (0.8, 1.3))
    for k, row in zip((0.8, 1.3), rows):
        o = stochastic.run_blocks(a, shock_model.scaled(m, k), 5, "ec", [0], lean=True)
        q = dict(zip((10, 25, 75, 90), np.percentile(o.fiscal_reserves_hkd_bn, (10, 25, 75, 90), axis=0)))
        bands = record_coverage.bands_relative(q, base, 1), record_coverage.bands_relative(q, base, 5)
        assert row == (k, *record_coverage._coverages(*bands, errors))
    serial = record_coverage.calibrate(a, m, rec)
    assert record_coverage.calibrate(a, m, rec, executor=InProcess()) == serial


def test_shared_shocks_give_the_second_rule_the_paths_it_would_have_drawn_bit_for_bit():
    """The borrow rule run on the first run's kept shocks (`SharedShocks`) is the run that draws them again; beyond the
    limit nothing is kept."""
    from dataclasses import replace

    from finmodel.analysis.stochastic import SharedShocks

    a = load_inputs(INPUTS)
    m = shock_model.load(HISTORY)
    borrow = replace(a, financing_rule="borrow")
    store = SharedShocks(12_000, a.n_years, 1_000_000)
    first = simulate(a, m, 12_000, 3, store=store)
    shared = simulate(borrow, m, 12_000, 3, store=store)
    drawn = simulate(borrow, m, 12_000, 3)
    assert store.enabled and len(store) == 0  # every batch the first run kept, the second took
    for v in shared.fan:
        assert np.array_equal(shared.fan[v], drawn.fan[v]), v
    for e in shared.p_cumulative:
        assert np.array_equal(shared.p_cumulative[e], drawn.p_cumulative[e]), e
    assert np.array_equal(first.fan["debt_hkd_bn"], simulate(a, m, 12_000, 3).fan["debt_hkd_bn"])
    assert not SharedShocks(100_001, 10, 1_000_000).enabled


def test_the_calibration_seed_is_the_default_runs_seed():
    """docs/stochastic.md: the calibration draws with the default --seed's value, so a default run's first paths are the
    calibration's own draws."""
    from finmodel.cli.simulate import DEFAULT_SEED

    assert record_coverage.CALIBRATION_SEED == DEFAULT_SEED


def test_a_budget_whose_plan_ends_four_years_out_is_calibrated_five_years_out():
    """The calibration reads the five-year target, which wins: on inputs whose default horizon stops four years past the
    opening year (budgets/2025-26) it extends their baseline to five, instead of letting the one-year errors alone set
    the scale (2.45, nearly three times what the five-year rule gives); the shipped inputs reach five years as they are."""
    from tests.conftest import ROOT

    folder = ROOT / "budgets" / "2025-26"
    a = record_coverage.calibration_inputs(folder)
    assert load_inputs(folder).n_years == record_coverage.FIT_HORIZON and a.n_years == record_coverage.FIT_HORIZON + 1
    fit = record_coverage.calibrate(a, shock_model.load(folder / "history"), forecast_record.load(folder / "history"))
    assert (fit.scale, fit.winner) == (0.95, "5 years") and fit.scale in fit.admissible_5y
    assert record_coverage.calibration_inputs(INPUTS).n_years == load_inputs(INPUTS).n_years == record_coverage.FIT_HORIZON + 1


def test_the_2025_26_folders_stored_calibration_is_current():
    """budgets/2025-26/fitted_shocks.yaml rests on that folder's own inputs and is what calibrate finds there (its plan
    ends four years out: the baseline is extended to five, and the five-year target sets 0.95)."""
    from dataclasses import replace

    from finmodel.inputs import fitted_shocks, history
    from tests.conftest import ROOT

    folder = ROOT / "budgets" / "2025-26"
    hd = history.folder_of(folder)
    a = record_coverage.calibration_inputs(folder)
    m, rec = shock_model.load(hd), forecast_record.load(hd)
    hashes = {**shock_model.history_hashes(hd), **history.hashes(hd, forecast_record.TABLES)}
    key = record_coverage.calibration_key({**a.input_hashes, **hashes}, "ec", False, False)
    stored = fitted_shocks.read(folder)
    assert stored.key == key, "rerun: finmodel fit --inputs budgets/2025-26 --date 2026-12-06"
    fit = record_coverage.calibrate(a, m, rec)
    assert fit.scale == 0.95 and fit.winner == "5 years"
    assert record_coverage.held_or_fitted(stored, key, lambda: None, m) == replace(
        fit, fitted_by="finmodel fit on 2026-12-06 (fitted_shocks.yaml)")
