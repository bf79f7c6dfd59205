"""Issue 26 item 1: a year's March figures replace that year's revised estimate as the opening position.

The fixture is the shipped inputs with one row of history/hk_fiscal_reserves_outturn.csv changed, in the table's own
format: the reserves at 31 March 2026 (the revised estimate 657.2, S16) given as an actual 662.000. It is a made-up
TEST FIXTURE, not a published outturn (its note says so).
"""

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from finmodel import fiscal_year
from finmodel.cli import main
from finmodel.inputs.vintage import SHIPPED_VINTAGE, describe
from finmodel.model.engine import project
from finmodel.model.pipeline import load_inputs, run
from finmodel.report import dictionary as dd
from tests.conftest import INPUTS

TABLE = "history/hk_fiscal_reserves_outturn.csv"
OUTTURN_HKD_BN = 662.0
FIXTURE_ROW = "{date},662.000,actual,S186,verified,TEST FIXTURE: a made-up March figure; not a published outturn\n"


@pytest.fixture(scope="module")
def fixture_inputs(tmp_path_factory, baseline):
    """A copy of the shipped inputs whose outturn table holds an actual for 31 March closing the first year."""
    folder = tmp_path_factory.mktemp("outturn") / "inputs"
    shutil.copytree(INPUTS, folder)
    date = f"{int(baseline.years[0]) + 1}-03-31"
    path = folder / TABLE
    lines = path.read_text().splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line.startswith(date + ",")]
    assert len(rows) == 1 and ",revised," in lines[rows[0]]      # the shipped row is the revised estimate
    lines[rows[0]] = FIXTURE_ROW.format(date=date)
    path.write_text("".join(lines))
    return folder


@pytest.fixture(scope="module")
def with_outturn(fixture_inputs):
    return load_inputs(fixture_inputs)


def test_the_shipped_inputs_have_no_outturn_for_the_revised_year_so_nothing_changes(baseline, baseline_results):
    assert baseline.opening_outturn is None and baseline.outturn_adjustment_hkd_bn is None
    assert "outturn_adjustment_hkd_bn" not in baseline_results.projection.columns
    assert "opening_position" not in baseline_results.summary()["run"]
    assert not any("hk_fiscal_reserves_outturn" in name for name in baseline.input_hashes)


def test_reserves_at_the_revised_year_end_equal_the_outturn(with_outturn, baseline):
    a = with_outturn
    o = a.opening_outturn
    assert o.year == int(a.years[0]) and o.outturn_hkd_bn == OUTTURN_HKD_BN
    shipped = project(baseline).fiscal_reserves_hkd_bn[0]
    assert o.revised_estimate_hkd_bn == pytest.approx(shipped[0], abs=1e-9)
    assert o.revised_estimate_hkd_bn == pytest.approx(657.2, abs=0.05)     # the Budget's revised estimate (S16)
    expected = np.zeros(a.n_years)
    expected[0] = OUTTURN_HKD_BN - shipped[0]
    np.testing.assert_allclose(a.outturn_adjustment_hkd_bn, expected, atol=1e-12)
    assert project(a).fiscal_reserves_hkd_bn[0, 0] == pytest.approx(OUTTURN_HKD_BN, abs=1e-9)


def test_under_the_plan_rule_the_difference_compounds_only_by_investment_income(with_outturn, baseline):
    """With issuance fixed (plan rule) and reserves positive on both runs, the reserves' difference D_t obeys
        D_0 = outturn - revised estimate,   D_t = D_{t-1} (1 + r_t)  for t >= 1,
    r_t the rate on fiscal reserves: only investment income moves (revenue by r_t D_{t-1}); debt, issuance, interest
    and every other line are unchanged, since the anchor years are calibrated on the Budget's own positions."""
    fix = project(replace(with_outturn, financing_rule="plan"))
    ship = project(replace(baseline, financing_rule="plan"))
    d = fix.fiscal_reserves_hkd_bn[0] - ship.fiscal_reserves_hkd_bn[0]
    r = with_outturn.investment_rate
    expected = (OUTTURN_HKD_BN - ship.fiscal_reserves_hkd_bn[0, 0]) * np.concatenate([[1.0], np.cumprod(1.0 + r[1:])])
    assert (ship.fiscal_reserves_hkd_bn > 0).all()
    np.testing.assert_allclose(d, expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fix.investment_income_hkd_bn[0, 1:] - ship.investment_income_hkd_bn[0, 1:], r[1:] * d[:-1], atol=1e-9)
    np.testing.assert_allclose(fix.revenue_hkd_bn[0] - ship.revenue_hkd_bn[0],
                               fix.investment_income_hkd_bn[0] - ship.investment_income_hkd_bn[0], atol=1e-9)
    for name in ("debt_hkd_bn", "gross_issuance_hkd_bn", "interest_hkd_bn", "expenditure_hkd_bn", "other_revenue_hkd_bn"):
        np.testing.assert_array_equal(getattr(fix, name), getattr(ship, name), err_msg=name)


def test_projection_shows_the_line_and_the_reserves_identity_holds_with_it(with_outturn):
    p = run(with_outturn).projection
    cols = list(p.columns)
    assert cols[cols.index("consolidated_balance_hkd_bn") + 1] == "outturn_adjustment_hkd_bn"
    opening = with_outturn.opening_reserves_hkd_bn
    previous = np.concatenate([[opening], p["fiscal_reserves_hkd_bn"].to_numpy()[:-1]])
    np.testing.assert_allclose(p["fiscal_reserves_hkd_bn"],
                               previous + p["consolidated_balance_hkd_bn"] + p["outturn_adjustment_hkd_bn"], atol=1e-9)
    assert (p["outturn_adjustment_hkd_bn"].to_numpy()[1:] == 0).all()


def test_the_run_record_console_and_source_line_say_so(fixture_inputs, tmp_path, with_outturn):
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["project", "--no-charts", "--inputs", str(fixture_inputs), "--out", str(out)])
    assert r.exit_code == 0, r.output
    year = fiscal_year.label(int(with_outturn.years[0]))
    date = f"31 March {int(with_outturn.years[0]) + 1}"
    assert (f"{year}: reserves at {date} from the outturn (hk_fiscal_reserves_outturn.csv): HK$662.0bn against the "
            "revised estimate HK$657.2bn") in r.output
    record = json.loads((out / "summary.json").read_text())["run"]
    position = record["opening_position"]
    assert position["year"] == year and position["outturn_hkd_bn"] == OUTTURN_HKD_BN
    assert position["revised_estimate_hkd_bn"] == pytest.approx(657.2, abs=0.05)
    assert position["adjustment_hkd_bn"] == pytest.approx(OUTTURN_HKD_BN - position["revised_estimate_hkd_bn"], abs=1e-9)
    assert position["source"].startswith("history/hk_fiscal_reserves_outturn.csv (S186: TEST FIXTURE")
    assert position["monthly_to"] is None and not position["provisional"]
    assert TABLE in record["input_sha256"]              # the table read is hashed in the run record
    header = (out / "projection.csv").read_text().splitlines()[0].split(",")
    assert "outturn_adjustment_hkd_bn" in header
    written = {"projection.csv": {(name,) for name in header},
               "summary.json": dd.key_paths(json.loads((out / "summary.json").read_text()))}
    for file, paths in written.items():   # what only such a run writes is declared, and all of it is written
        names = [f.name for f in dd.fields() if f.command == "project" and f.file == file]
        missing, unused = dd.undeclared_and_unused(names, paths)
        assert missing == [], (file, missing)
        assert not set(unused) & set(dd.ONLY_WITH_OUTTURN["project", file]), (file, unused)


MONTHLY_ROW = ("{date},{year},provisional,100.0000,60.0000,40.0000,0.0000,0.0000,0.0000,40.0000,622.0000,662.0000,"
               "press_release_{year}_e.csv,S186,verified,TEST FIXTURE: a made-up month\n")


def test_an_imported_march_names_the_monthly_results_on_the_source_line(fixture_inputs, tmp_path, with_outturn):
    """As `finmodel monthly import` leaves it: the March in the monthly results too, the outturn row marked provisional.
    The vintage then names the monthly results (not the tables as edited), and the record says provisional."""
    folder = tmp_path / "inputs"
    shutil.copytree(fixture_inputs, folder)
    first = int(with_outturn.years[0])
    date, year = f"{first + 1}-03-31", fiscal_year.label(first)
    with open(folder / "history/hk_monthly_results.csv", "a") as f:
        f.write(MONTHLY_ROW.format(date=date, year=year))
    path = folder / TABLE
    path.write_text(path.read_text().replace("TEST FIXTURE", f"March figure of press_release_{year}_e.csv (provisional); TEST FIXTURE"))
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["project", "--no-charts", "--inputs", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert f"from the outturn (monthly results to March {first + 1}), provisional: HK$662.0bn" in r.output
    record = json.loads((out / "summary.json").read_text())["run"]
    assert record["opening_position"]["monthly_to"] == f"March {first + 1}" and record["opening_position"]["provisional"]
    assert "history/hk_monthly_results.csv" in record["input_sha256"]
    assert describe(record["input_sha256"], record["opening_position"]["monthly_to"]) == (
        f"inputs of {SHIPPED_VINTAGE}, monthly results to March {first + 1}")


def test_the_fit_reads_the_budget_from_its_revised_estimate_not_the_outturn(with_outturn, baseline):
    """`finmodel fit` (and the Budget baseline a run takes its fitted paths from) start from the revised estimate."""
    from finmodel.model.calibration import calibrate
    from finmodel.model.fitted import central

    calibrated = calibrate(central(with_outturn))
    assert calibrated.outturn_adjustment_hkd_bn is None
    np.testing.assert_array_equal(project(calibrated).fiscal_reserves_hkd_bn, project(calibrate(central(baseline))).fiscal_reserves_hkd_bn)


def test_a_folder_whose_first_year_is_the_budgets_estimate_is_left_alone(tmp_path):
    """budgets/2025-26 has one anchor year (its first year is the Budget's estimate; the revised estimate is the opening
    position): an actual at 31 March closing that year is not read as replacing a revised estimate."""
    folder = tmp_path / "budget"
    shutil.copytree(INPUTS.parent / "budgets" / "2025-26", folder)
    a = load_inputs(folder)
    assert a.n_anchor == 1
    with open(folder / TABLE, "a") as f:
        f.write(FIXTURE_ROW.format(date=f"{int(a.years[0]) + 1}-03-31"))
    again = load_inputs(folder)
    assert again.opening_outturn is None and again.outturn_adjustment_hkd_bn is None


def test_an_outturn_row_without_source_or_note_is_named_by_its_table_alone(tmp_path, baseline):
    """A blank source id and note leave the table's name alone in the source line (not "(nan)" or "()")."""
    from finmodel.inputs import opening_outturn

    folder = tmp_path / "inputs"
    shutil.copytree(INPUTS, folder)
    date = f"{int(baseline.years[0]) + 1}-03-31"
    path = folder / TABLE
    lines = [f"{date},662.000,actual,,verified,\n" if line.startswith(date + ",") else line
             for line in path.read_text().splitlines(keepends=True)]
    path.write_text("".join(lines))
    found = opening_outturn.read(folder, int(baseline.years[0]))
    assert found.outturn_hkd_bn == 662.0 and found.source == "history/hk_fiscal_reserves_outturn.csv"
