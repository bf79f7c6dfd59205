"""The Government's forecast record: pairs, errors by horizon and the one-year balance errors, by hand.

Every expected figure below is worked from the rows of inputs/history (hk_mrf_track_record.csv,
hk_fiscal_reserves_outturn.csv, hk_budget_estimates.csv), not read back from the code.
"""

import shutil

import numpy as np
import pytest

from finmodel.analysis import forecast_record, shock_model
from finmodel.inputs import history
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS

HISTORY = INPUTS / "history"


@pytest.fixture(scope="module")
def record():
    return forecast_record.load(HISTORY)


def keyed(rows, *key) -> dict:
    """The record's rows by their key (one column, or a tuple of columns)."""
    return {(r[key[0]] if len(key) == 1 else tuple(r[k] for k in key)): r for r in rows}


def test_five_years_out_the_budgets_missed_by_a_median_30_percent_over_14_pairs(record):
    e = record.errors(5)
    assert len(e) == 14
    # 2013-14 Budget: 1102.934 / 850.3 - 1 = 29.711%; 2020-21: 654.317 / 937.1 - 1 = -30.176%: the middle pair of |e|.
    row = record.at_horizon(5)
    assert row["median_abs_error_pct"] == pytest.approx((100 * (1102.934 / 850.3 - 1) + 100 * (1 - 654.317 / 937.1)) / 2)
    assert row["min_error_pct"] == pytest.approx(100 * (734.585 / 1224.6 - 1))      # 2019-20 Budget for 31 March 2024
    assert row["max_error_pct"] == pytest.approx(100 * (828.513 / 470.0 - 1))       # 2010-11 Budget for 31 March 2015
    assert row["n_under_forecasts"] == 11 and not row["thin"]
    assert record.sentence(5).startswith("Five years out, past Budgets' reserve forecasts missed by a median 30% (14 Budgets")


def test_one_year_out_ten_pairs_on_outturns_and_horizons_two_to_four_are_thin(record):
    by = keyed(record.by_horizon, "horizon_years")
    assert by[1]["n_pairs"] == 10 and by[1] == record.at_horizon(1)
    # middle pair of |e|: 2024-25 (654.317 / 685.1 - 1) and 2016-17 (953.739 / 870 - 1)
    assert by[1]["median_abs_error_pct"] == pytest.approx((100 * (1 - 654.317 / 685.1) + 100 * (953.739 / 870 - 1)) / 2)
    assert [by[h]["n_pairs"] for h in (2, 3, 4)] == [4, 4, 4]
    assert all(by[h]["thin"] for h in (2, 3, 4))
    assert record.at_horizon(6) is None and record.sentence(6) == ""


def test_a_revised_estimate_is_listed_not_counted_and_a_forecast_without_outturn_has_none(record):
    p = keyed(record.pairs, "budget", "forecast_for")
    r = p[("2025-26", "2026-03-31")]
    assert r["outturn_kind"] == "revised" and not r["counted"] and r["outturn_hkd_bn"] == 657.2
    none = p[("2025-26", "2030-03-31")]
    assert np.isnan(none["outturn_hkd_bn"]) and np.isnan(none["error_pct"]) and none["outturn_kind"] == ""
    assert ("2026-27", "2031-03-31") not in p                # published only as "over $700 billion": no number to pair
    assert [(r["horizon_years"], r["budget"]) for r in record.pairs] == sorted((r["horizon_years"], r["budget"]) for r in record.pairs)


def test_each_pair_names_the_breaks_in_coverage_it_spans(record):
    p = keyed(record.pairs, "budget", "forecast_for")
    assert p[("2010-11", "2015-03-31")]["breaks"] == "Housing Reserve (2014-15)"
    assert p[("2014-15", "2019-03-31")]["breaks"] == "Future Fund (2015-16)"     # its own year's change is known to it
    assert p[("2008-09", "2013-03-31")]["breaks"] == ""
    assert p[("2021-22", "2026-03-31")]["breaks"] == "funds brought back (2025-26)"


def test_balance_errors_are_year_end_reserve_errors(record):
    b = keyed(record.balance, "fiscal_year")
    assert len(b) == len(record.balance) == 11
    # 2010-11: estimate -25.2, revised +71.3, reserves 520.273 at 31 March 2010
    assert b["2010-11"]["error_pct"] == pytest.approx(100 * (71.3 + 25.2) / (520.273 - 25.2))
    # 2022-23: -56.3 against -139.8, reserves 957.147 at 31 March 2022
    assert b["2022-23"]["error_hkd_bn"] == pytest.approx(-83.5)
    assert "2016-17" not in b and "2021-22" not in b                    # no revised estimate recorded


def test_the_revenue_errors_keep_their_pairs_after_the_table_grew():
    years, errors, _ = shock_model.revenue_forecast_errors(HISTORY)
    assert years == ("2023-24", "2025-26")


@pytest.mark.parametrize("table, line, column, old, new", [
    ("hk_mrf_track_record.csv", 3, 5, "275.6", "2x75"),
    ("hk_fiscal_reserves_outturn.csv", 4, 2, "494.351", "-3"),
    ("hk_budget_estimates.csv", 4, 3, "consolidated_balance", "consolidated_surplus"),
])
def test_a_bad_cell_of_the_new_tables_is_an_error_naming_file_line_and_column(tmp_path, table, line, column, old, new):
    root = tmp_path / "history"
    shutil.copytree(HISTORY, root)
    lines = (root / table).read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    (root / table).write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        forecast_record.load(root)
    assert f"{table}:{line}:{column}" in str(err.value)


def test_every_figure_keeps_its_source():
    track = history.read_table("hk_mrf_track_record", HISTORY)
    outturn = history.read_table("hk_fiscal_reserves_outturn", HISTORY)
    assert track["source_id"].notna().all() and outturn["source_id"].notna().all()
    sources = (INPUTS / "SOURCES.md").read_text(encoding="utf-8")
    for ids in list(track["source_id"]) + list(outturn["source_id"]):
        for sid in ids.split(";"):
            assert f"- {sid} —" in sources, sid


def test_a_forecast_without_an_outturn_has_no_error_and_blank_source_ids_are_left_out():
    """reserve_pairs on rows as `history.read_rows` gives them: no outturn, no error (NaN, never a division, even by a
    forecast of 0); a pair's sources are the forecast's and the outturn's ids, a blank one left out (not 'nan')."""
    track = ({"budget": "2020-21", "forecast_for": "2021-03-31", "item": "fiscal_reserves_end", "value_hkd_bn": 900.0,
              "source_id": None, "confidence": "verified"},
             {"budget": "2020-21", "forecast_for": "2025-03-31", "item": "fiscal_reserves_end", "value_hkd_bn": 0.0,
              "source_id": "S1", "confidence": "verified"})
    outturn = ({"date": "2021-03-31", "fiscal_reserves_hkd_bn": 927.0, "kind": "actual", "source_id": "S2", "confidence": "verified"},)
    held, none = forecast_record.reserve_pairs(track, outturn, ())
    assert held["error_pct"] == pytest.approx(3.0) and held["error_hkd_bn"] == pytest.approx(27.0) and held["source_id"] == "S2"
    assert np.isnan(none["error_pct"]) and np.isnan(none["error_hkd_bn"]) and not none["counted"] and none["source_id"] == "S1"
