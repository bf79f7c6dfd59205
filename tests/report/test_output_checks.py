"""No NaN or infinity is ever written where a number is expected; CSV text is never a formula."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.model.variables import VARIABLES
from finmodel.report.csv_text import frame_csv, safe_cell
from finmodel.report.finite import (
    OutputError,
    frame_problems,
    projection_empty_allowed,
    record_problems,
    require_finite,
)
from tests.conftest import INPUTS


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_declared_empty_cells_are_exactly_the_baselines_empty_cells(baseline_results):
    """The first year's decomposition and growth are empty by design; nothing else is empty in the baseline."""
    p = baseline_results.projection
    empty = {c for c in p.columns if p[c].isna().any()}
    assert empty == {v.name for v in VARIABLES if v.first_year_only}
    assert all(p[c].isna().sum() == 1 and np.isnan(p[c].iloc[0]) for c in empty)
    assert frame_problems("projection.csv", p, projection_empty_allowed()) == []


def test_a_nan_outside_the_declared_cells_names_file_variable_and_year(baseline_results):
    p = baseline_results.projection
    p.loc["2027-28", "debt_hkd_bn"] = np.nan
    p.loc["2028-29", "contribution_interest_pp"] = np.inf
    p.loc["2029-30", "contribution_sfa_pp"] = np.nan  # declared empty in the first year only
    found = frame_problems("projection.csv", p, projection_empty_allowed())
    assert found == ["projection.csv: debt_hkd_bn[2027-28] = nan: not a finite number",
                     "projection.csv: contribution_interest_pp[2028-29] = inf: not a finite number",
                     "projection.csv: contribution_sfa_pp[2029-30] = nan: not a finite number"]
    with pytest.raises(OutputError, match=r"debt_hkd_bn\[2027-28\]"):
        require_finite(found)


def test_records_are_checked_by_key_path():
    record = {"headline": {"median": float("nan"), "ok": 1.0, "none": None}, "paths": [1.0, np.float64("-inf")]}
    assert record_problems("summary.json", record) == ["summary.json: headline.median = nan: not a finite number",
                                                       "summary.json: paths[1] = -inf: not a finite number"]


def _nan_engine(monkeypatch, module):
    """Make the engine behind the outputs return a NaN in one variable and year, as a bug would (`module`: the
    module whose `project` the command calls: the pipeline for project, the batch runner for sensitivity)."""
    from finmodel.model import engine

    def broken(a, shocks=None):
        o = engine.project(a, shocks)
        o.fiscal_reserves_hkd_bn[:, 3:] = np.nan
        return o

    monkeypatch.setattr(module, "project", broken)


@pytest.mark.parametrize("command, expected", [
    (["project", "--no-charts"], "projection.csv: fiscal_reserves_hkd_bn[2028-29] = nan: not a finite number"),
    (["sensitivity", "--no-charts"], "sensitivity.csv: fiscal_reserves_end_hkd_bn[baseline] = nan: not a finite number")])
def test_an_output_that_fails_its_check_exits_3_and_writes_nothing(tmp_path, monkeypatch, command, expected):
    from finmodel.analysis.sensitivity import batch
    from finmodel.model import pipeline

    out = tmp_path / "out"
    out.mkdir()
    r = CliRunner().invoke(main, [command[0], "--inputs", str(INPUTS), "--out", str(out), *command[1:]])
    assert r.exit_code == 0, r.output
    before = _snapshot(out)
    _nan_engine(monkeypatch, pipeline if command[0] == "project" else batch)
    r = CliRunner().invoke(main, [command[0], "--inputs", str(INPUTS), "--out", str(out), *command[1:]])
    assert r.exit_code == 3, r.output
    assert "finmodel: internal error" in r.output and "nothing was written" in r.output
    assert expected in r.output, r.output
    assert "Traceback" not in r.output
    assert _snapshot(out) == before
    assert not list(out.rglob("*.tmp"))


def test_project_into_a_new_folder_creates_nothing_on_an_internal_error(tmp_path, monkeypatch):
    from finmodel.model import pipeline

    _nan_engine(monkeypatch, pipeline)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(tmp_path / "new"), "--no-charts"])
    assert r.exit_code == 3 and "projection.csv: fiscal_reserves_hkd_bn[2028-29] = nan" in r.output, r.output
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("text, written", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+2", "'+1+2"), ("-A1", "'-A1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-2.5", "-2.5"), ("+3", "+3"), ("1e-3", "1e-3"), ("note = 1", "note = 1"),
    ("", ""),
])
def test_formula_like_text_is_escaped_and_numbers_stay_numbers(text, written):
    assert safe_cell(text) == written


def test_frame_csv_escapes_text_cells_index_and_headers_but_not_numbers():
    df = pd.DataFrame({"value": [-1.5, 2.0], "=note": ["=1+1", "fine"]}, index=pd.Index(["@a", "b"], name="country"))
    assert frame_csv(df) == "country,value,'=note\n'@a,-1.5,'=1+1\nb,2,fine\n"


def test_csv_outputs_keep_their_bytes_when_no_text_is_formula_like(baseline_results):
    p = baseline_results.projection
    assert frame_csv(p) == p.to_csv(lineterminator="\n", float_format="%.16g")


def test_the_vanishing_debt_case_keeps_the_decomposition_defined():
    """Opening debt 1e-300 bn: the effective rate is undefined (empty), the contributions still add up."""
    from dataclasses import replace

    from finmodel.model.engine import project
    from tests.small_cases import three_year_two_cohort

    a = three_year_two_cohort()
    a = replace(a, book=replace(a.book, face_fc=np.array([1e-300])), issuance_plan_hkd_bn=np.array([0.0, 1.1e-308, 30.0]))
    o = project(a)
    assert np.isnan(o.effective_interest_rate_pct[0, :2]).all()
    for k in ("contribution_interest_pp", "contribution_sfa_pp", "debt_stabilising_primary_balance_pct_gdp"):
        assert np.isfinite(getattr(o, k)[0, 1:]).all(), k
    total = o.contribution_interest_growth_pp + o.contribution_primary_balance_pp + o.contribution_sfa_pp
    np.testing.assert_allclose(total[0, 1:], o.change_debt_to_gdp_pp[0, 1:], atol=1e-12)
