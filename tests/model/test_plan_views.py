"""Issue 24's views: the plan's gap as a range, the checks the fit did not see, source kinds, no policy change."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.inputs.schema import SOURCE_KINDS
from finmodel.model import plan_checks
from finmodel.model.calibration import calibrate
from finmodel.model.fitted import central
from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS

# The gap (HK$ bn over 2027-28 to 2030-31) under each reading, as worked out in issue 24 (rising, +5, +10, over 700 only)
# and by this fit (reaching 147.3 in one year).
EXPECTED_TOTALS = {"rising": 142.1, "rising_5": 160.9, "rising_10": 179.7, "over_700_only": 101.7, "reaches_both_ends": 150.1}


@pytest.fixture(scope="module")
def stored(baseline):
    return baseline.fit


def test_the_gap_under_each_reading_is_stored_with_the_fit_and_the_central_one_is_the_baseline(stored, baseline_results):
    g = stored["gap_range"]
    totals = {r["name"]: round(r["total_hkd_bn"], 1) for r in g["readings"]}
    assert totals == EXPECTED_TOTALS
    assert all(r["converged"] for r in g["readings"])
    assert g["central"] == "rising" and [r["name"] for r in g["readings"] if r["central"]] == ["rising"]
    p = baseline_results.projection
    central = next(r for r in g["readings"] if r["central"])
    for year, v in central["gap_hkd_bn"].items():   # the central reading is the gap the baseline holds
        assert v == pytest.approx(float(p.loc[year, "unidentified_measures_hkd_bn"]), abs=1e-6)
    by = {r["name"]: r for r in g["readings"]}
    assert by["rising_5"]["reserves_rise_min_hkd_bn"] == pytest.approx(5.0, abs=1e-6)      # each reading's own statement holds
    assert by["rising_10"]["reserves_rise_min_hkd_bn"] == pytest.approx(10.0, abs=1e-6)
    assert by["over_700_only"]["fiscal_reserves_end_hkd_bn"] == pytest.approx(700.0, abs=1e-6)
    assert by["reaches_both_ends"]["non_operating_deficit_max_hkd_bn"] == pytest.approx(147.3, abs=1e-6)


def test_the_stored_range_and_checks_are_what_the_fit_finds_now(baseline, stored):
    a = calibrate(central(baseline))
    fresh = plan_checks.gap_range(a)
    for r, s in zip(fresh["readings"], stored["gap_range"]["readings"]):
        assert r["total_hkd_bn"] == pytest.approx(s["total_hkd_bn"], abs=1e-6)
    loo = plan_checks.leave_one_out(a)
    assert [(c["key"], c["met"]) for c in loo] == [(c["key"], c["met"]) for c in stored["leave_one_out"]]


def test_leave_one_out_reports_each_fitted_statement_met_or_missed_by_how_much(stored):
    checks = {c["key"]: c for c in stored["leave_one_out"]}
    assert len(checks) == 9
    missed = {k: round(c["miss"], 2) for k, c in checks.items() if not c["met"]}
    # Left out, "reserves rise every year" is missed (they fall 16.96 in one year) and the gap is "over 700" alone (101.7);
    # the deficit range is missed by 46.42 (the refit cuts non-works capital spending instead); the band by 0.02pp.
    assert missed == {"fiscal_reserves_rise_hkd_bn[min]": -16.96, "non_operating_deficit_hkd_bn[range]": -46.42,
                      "debt_to_gdp_pct[band]": 0.02}
    assert checks["fiscal_reserves_rise_hkd_bn[min]"]["total_hkd_bn"] == pytest.approx(101.7, abs=0.05)
    for c in checks.values():
        assert c["converged"]
        inside = (c["low"] is None or c["model"] >= c["low"] - 1e-6) and (c["high"] is None or c["model"] <= c["high"] + 1e-6)
        assert inside == c["met"]


def test_summary_labels_every_figure_and_carries_the_range_and_the_checks(baseline_results):
    s = json.loads(json.dumps(baseline_results.summary(), default=str))
    ab = s["against_budget"]
    assert {f["role"] for f in ab["figures"]} == {"calibrated", "fitted (a constraint)", "check (the fit did not see it)"}
    assert all(f["source_kind"] in SOURCE_KINDS for f in ab["figures"]), [f["figure"] for f in ab["figures"] if f["source_kind"] not in SOURCE_KINDS]
    kinds = {f["key"]: f["source_kind"] for f in ab["figures"]}
    assert kinds["operating_revenue_hkd_bn[2025-26]"] == "news report of an official publication"   # S137, HK01's analysis
    assert kinds["debt_to_gdp_pct[2030-31]"] == "official publication"
    assert len(ab["gap_range"]["readings"]) == 5 and len(ab["leave_one_out"]) == 9
    assert "gap_range" not in ab["summary"]["fit"]
    line = baseline_results.budget_line()
    assert "HK$101.7bn to HK$179.7bn across 5 readings" in line and "central reading 'rising'" in line
    assert "(21 calibrated, 9 fitted as constraints, 2 checks)" in line


def test_every_published_figure_in_budget_plan_yaml_says_its_kind():
    import yaml

    data = yaml.safe_load((INPUTS / "budget_plan.yaml").read_text(encoding="utf-8"))
    assert {k: e.get("source_kind") in SOURCE_KINDS for k, e in data.items()} == {k: True for k in data}


def test_an_unknown_source_kind_or_a_bad_reading_is_refused_with_its_field(tmp_path):
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("history", "scenarios"))
    path = root / "budget_plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("source_kind: rating agency", "source_kind: blog", 1)
    text = text.replace("non_operating_deficit: reaches_both_ends}", "non_operating_deficit: both}")
    text = text.replace("central: rising\n", "central: risen\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_inputs(root)
    words = str(err.value)
    assert "outside_view_issuance_average_hkd_bn.source_kind" in words and "blog" in words
    assert "gap_readings.readings.reaches_both_ends.non_operating_deficit" in words and "bounds, reaches_both_ends" in words
    assert "gap_readings.central" in words and "risen" in words


def test_no_policy_change_has_its_own_issuance_and_no_fitted_path(baseline_results):
    a = load_inputs(INPUTS, scenario=INPUTS / "scenarios" / "no_policy_change.yaml")
    r = run(a, scenario="no_policy_change")
    p = r.projection
    mrf = ["2027-28", "2028-29", "2029-30"]
    assert list(p.loc[mrf, "gross_issuance_hkd_bn"]) == [190.0, 190.0, 190.0]     # the programme's midpoint, not the fit
    assert np.all(p.loc[mrf, "unidentified_measures_hkd_bn"] == 0.0)
    gdp = p["nominal_gdp_hkd_bn"]
    share = p["other_capital_hkd_bn"] / gdp
    assert share.loc["2030-31"] == pytest.approx(0.017544, abs=1e-9)               # non-works capital at its 2026-27 share
    assert share.loc["2026-27"] == pytest.approx(0.017544, abs=5e-6)
    rec = p["recurrent_expenditure_hkd_bn"]
    assert rec.loc["2027-28"] / rec.loc["2026-27"] == pytest.approx(1.029588, abs=1e-9)   # the enacted 2% cut on GDP growth
    assert rec.loc["2029-30"] / rec.loc["2028-29"] == pytest.approx(1.0506, abs=1e-9)
    outside = {o["figure"].split(",")[0]: o for o in r.outside_view()}
    assert outside["Fiscal reserves"]["passive"] == pytest.approx(13.91, abs=0.01)   # the agency's about 14% (S140)
    assert outside["Gross issuance"]["passive"] == pytest.approx(182.5, abs=1e-9)     # the agency's about 177


def test_project_and_fit_print_the_range_and_the_checks(tmp_path):
    out = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--scenario", "no_policy_change", "--no-charts",
                                    "--out", str(tmp_path / "run")])
    assert out.exit_code == 0, out.output
    assert "HK$101.7bn to HK$179.7bn across 5 readings" in out.output
    assert "Checks the fit did not see (each fitted statement left out, the plan refitted): 6 of 9 met" in out.output
    s = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert len(s["against_budget"]["leave_one_out"]) == 9


def test_the_brief_and_the_workbook_show_the_range_and_the_checks(full_project_runs):
    import html as html_text

    import openpyxl

    out, printed = full_project_runs[0]
    brief = html_text.unescape((out / "brief.html").read_text(encoding="utf-8"))
    assert "HK$101.7bn to HK$179.7bn across 5 readings" in " ".join(brief.split())
    assert "No common definition of interest is available for the peers" in " ".join(brief.split())
    assert "6 of 9 met" in printed
    ws = openpyxl.load_workbook(next(out.glob("*.xlsx")), read_only=True)["Against the Budget"]
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "rising (central)" in cells and "over_700_only" in cells
    assert "Statement left out" in cells and "Kind of source" in cells
    assert "news report of an official publication" in cells and "rating agency" in cells  # the agency: in the outside view
