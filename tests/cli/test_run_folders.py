"""Run folders without --out, end to end: one folder per configuration, named after what differs from the default.

Each test runs in a fresh working folder holding a copy of the shipped inputs, so that the default
`inputs` and `outputs/` are the ones a new user gets.
"""

import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    shutil.copytree(INPUTS, tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _invoke(*args):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r


def _record(folder):
    return json.loads((folder / "summary.json").read_text())


def _workbook_text(path) -> set:
    wb = openpyxl.load_workbook(path, read_only=True)
    return {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}


def test_two_configurations_without_out_never_overwrite_each_other(workdir):
    _invoke("project", "--no-charts")
    base = workdir / "outputs" / "baseline"
    before = {p.name: p.read_bytes() for p in base.iterdir()}
    _invoke("project", "--no-charts", "--issuance", "high")
    high = workdir / "outputs" / "baseline_high-issuance"
    assert {p.name: p.read_bytes() for p in base.iterdir()} == before   # the baseline folder is untouched
    assert sorted(p.name for p in base.iterdir()) == ["bonds.csv", "finmodel_baseline.xlsx", "maturity_profile.csv",
                                                     "peers.csv", "projection.csv", "summary.json"]
    assert (high / "finmodel_baseline_high-issuance.xlsx").is_file() and not (high / "finmodel_baseline.xlsx").exists()
    b, h = _record(base)["run"]["options"], _record(high)["run"]["options"]
    assert (b["run"], b["issuance"], b["scenario"]) == ("baseline", "central", "baseline")
    assert (h["run"], h["issuance"], h["scenario"]) == ("baseline_high-issuance", "high", "baseline")
    pb = pd.read_csv(base / "projection.csv", index_col="fiscal_year")
    ph = pd.read_csv(high / "projection.csv", index_col="fiscal_year")
    assert ph.loc["2028-29", "gross_issuance_hkd_bn"] > pb.loc["2028-29", "gross_issuance_hkd_bn"] + 1.0
    assert "baseline_high-issuance" in _workbook_text(high / "finmodel_baseline_high-issuance.xlsx")


def test_horizon_and_an_edited_inputs_file_get_their_own_folders(workdir):
    _invoke("init", "--out", "my_run")
    shutil.copy(workdir / "my_run" / "finmodel_inputs.xlsx", workdir / "my_run" / "edited.xlsx")
    _invoke("project", "--no-charts", "--horizon", "2050-51")
    r = _invoke("project", "--no-charts", "--inputs", "my_run/edited.xlsx")
    _invoke("project", "--no-charts", "--horizon", "2030-31")   # the default horizon, named as the default
    folders = sorted(p.name for p in (workdir / "outputs").iterdir() if not p.name.startswith("."))   # beside each: its lock
    edited = [f for f in folders if f.startswith("baseline_edited-xlsx_")]
    assert len(edited) == 1 and len(edited[0]) == len("baseline_edited-xlsx_") + 6
    assert folders == sorted(["baseline", "baseline_to-2050-51", edited[0]])
    long = _record(workdir / "outputs" / "baseline_to-2050-51")["run"]["options"]
    assert (long["run"], long["horizon"]) == ("baseline_to-2050-51", "2050-51")
    assert pd.read_csv(workdir / "outputs" / "baseline_to-2050-51" / "projection.csv").iloc[-1]["fiscal_year"] == "2050-51"
    e = _record(workdir / "outputs" / edited[0])["run"]
    assert (e["options"]["run"], e["options"]["inputs"]) == (edited[0], "my_run/edited.xlsx")
    assert (workdir / "outputs" / edited[0] / f"finmodel_{edited[0]}.xlsx").is_file()
    assert f"Wrote 6 files to outputs/{edited[0]}:" in r.output and f"finmodel_{edited[0]}.xlsx" in r.output


def test_scenario_and_other_commands_write_to_folders_named_by_command(workdir):
    _invoke("project", "--no-charts", "--scenario", "passive")
    _invoke("solve", "--limit", "18.5")
    _invoke("compare", "baseline", "low_land", "--no-charts")
    _invoke("simulate", "--paths", "500", "--seed", "3", "--no-charts")
    _invoke("sensitivity", "--no-charts", "--gdp", "-1:1:1")
    _invoke("backtest")
    folders = sorted(p.name for p in (workdir / "outputs").iterdir() if not p.name.startswith("."))
    sens = [f for f in folders if f.startswith("sensitivity_")]
    assert len(sens) == 1 and re.fullmatch(r"sensitivity_baseline_gdp-grid_[0-9a-f]{6}", sens[0])
    assert folders == sorted(["backtest", "compare_baseline-vs-low_land", "passive", "simulate_baseline_500-paths_seed-3",
                              "solve_baseline_limit-18.5pct", sens[0]])
    record = json.loads((workdir / "outputs" / sens[0] / "sensitivity_run.json").read_text())["options"]
    assert record["run"] == sens[0] and record["gdp_pp"] == [-1.0, 0.0, 1.0]
    assert (workdir / "outputs" / sens[0] / f"finmodel_{sens[0]}.xlsx").is_file()
    assert json.loads((workdir / "outputs" / "backtest" / "backtest.json").read_text())["run"]["options"]["run"] == "backtest"
    solve = json.loads((workdir / "outputs" / "solve_baseline_limit-18.5pct" / "solve.json").read_text())["run"]["options"]
    assert solve["run"] == "solve_baseline_limit-18.5pct" and solve["limit_pct"] == 18.5
    cmp = json.loads((workdir / "outputs" / "compare_baseline-vs-low_land" / "compare_run.json").read_text())["options"]
    assert cmp["run"] == "compare_baseline-vs-low_land" and cmp["scenarios"] == ["baseline", "low_land"]
    sim = workdir / "outputs" / "simulate_baseline_500-paths_seed-3"
    assert _record(sim)["run"]["options"]["run"] == sim.name
    assert (sim / f"finmodel_{sim.name}.xlsx").is_file()
    assert _record(workdir / "outputs" / "passive")["run"]["options"]["scenario"] == "passive"


def test_closing_line_lists_the_files_grouped_by_folder(full_project_runs):
    """`finmodel project --inputs inputs --out <folder>` with every output."""
    out, printed = full_project_runs[0]
    tail = printed[printed.index("Wrote "):]
    head, *body = tail.splitlines()
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    n_png = sum(w.startswith("charts/") and w.endswith(".png") for w in written)
    n_svg = sum(w.startswith("charts/") and w.endswith(".svg") for w in written)
    assert head == f"Wrote {len(written)} files to {out}:"
    listed = " ".join(body)
    assert f"charts/ ({n_png} .png, {n_svg} .svg)" in listed and n_png == n_svg > 0
    for name in written:
        if "/" not in name:
            assert name in listed
    assert all(len(line) <= 100 for line in body)
    assert _record(out)["run"]["options"]["run"] == "baseline"   # --out changes the folder, not the run's name
    assert (out / "finmodel_baseline.xlsx").is_file()


def test_scenario_baseline_is_the_run_without_a_scenario_and_cannot_be_a_file(workdir):
    """`--scenario baseline` is the default run (one configuration, one folder, the same bytes); a scenario file named
    baseline.yaml would make two configurations share that name, so it is refused."""
    _invoke("project", "--no-charts")
    first = (workdir / "outputs" / "baseline" / "summary.json").read_bytes()
    _invoke("project", "--no-charts", "--scenario", "baseline")
    assert (workdir / "outputs" / "baseline" / "summary.json").read_bytes() == first
    shutil.copy(workdir / "inputs" / "scenarios" / "passive.yaml", workdir / "inputs" / "scenarios" / "baseline.yaml")
    r = CliRunner().invoke(main, ["project", "--no-charts"])
    assert r.exit_code == 2
    assert "scenarios/baseline.yaml" in r.output and "rename it" in r.output and "Traceback" not in r.output


def test_a_folder_holds_one_run_so_another_configuration_or_command_is_refused_there(tmp_path, copy_of_baseline_run):
    """No file of one run is kept beside another's or listed in its manifest, and no command replaces another's record."""
    out = copy_of_baseline_run(tmp_path / "d")   # as `project --inputs <shipped> --no-charts --out d` leaves it
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for args in (["project", "--scenario", "low_land", "--no-charts"], ["simulate", "--paths", "200"]):
        r = CliRunner().invoke(main, [*args, "--inputs", str(INPUTS), "--out", str(out)])
        assert r.exit_code == 2, r.output
        assert "holds the outputs of another run (baseline)" in r.output and "Traceback" not in r.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    _invoke("project", "--inputs", str(INPUTS), "--no-charts", "--out", str(out))   # the same run again: fine
