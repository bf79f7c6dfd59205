"""Runs from any folder: without --inputs a run reads ./inputs, else the copy installed with finmodel (identical to
inputs/), writes to ./outputs/ there and records which inputs it read; a missing folder says where it looked."""

import fnmatch
import json
import tomllib

import numpy as np
import pandas as pd
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.data.__main__ import PACKAGE_COPY, differences, files
from finmodel.inputs import locate
from tests.conftest import INPUTS, ROOT


def test_the_installed_copy_is_identical_to_inputs():
    assert locate.INSTALLED == PACKAGE_COPY
    diff = differences(INPUTS, PACKAGE_COPY)
    assert diff == [], "finmodel/data/inputs/ differs from inputs/; run: python -m finmodel.data --sync\n" + "\n".join(diff)


def test_every_file_of_the_copy_is_package_data():
    """pyproject's package-data globs carry every file of the copy into a wheel."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["finmodel.data"]
    left_out = [rel for rel in files(PACKAGE_COPY) if not any(fnmatch.fnmatch(f"inputs/{rel}", g) and
                                                             rel.count("/") == g.count("/") - 1 for g in globs)]
    assert left_out == []


def test_project_from_an_empty_working_folder(tmp_path, monkeypatch, baseline_results):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["project", "--no-charts"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "outputs" / "baseline"
    run = json.loads((out / "summary.json").read_text(encoding="utf-8"))["run"]
    assert run["options"]["inputs_from"] == "installed copy"
    assert run["options"]["inputs"] == str(locate.INSTALLED)
    assert "inputs of 14 April 2026" in r.output or run["input_sha256"]
    written = pd.read_csv(out / "projection.csv")
    assert np.allclose(written["debt_hkd_bn"], baseline_results.projection["debt_hkd_bn"].to_numpy(), rtol=1e-9)
    assert [p.name for p in tmp_path.iterdir()] == ["outputs"]


def test_the_record_says_when_the_working_folders_inputs_were_read(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(INPUTS, tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["solve", "--limit", "25"])
    assert r.exit_code == 0, r.output
    folder = next(p for p in (tmp_path / "outputs").iterdir() if not p.name.startswith("."))
    options = json.loads((folder / "solve.json").read_text(encoding="utf-8"))["run"]["options"]
    assert options["inputs_from"] == "working folder" and options["inputs"] == "inputs"


def test_a_missing_inputs_folder_says_where_it_looked_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["project", "--no-charts", "--inputs", "my_inputs"])
    assert r.exit_code == 2
    assert f"inputs folder not found: looked for {tmp_path / 'my_inputs'}" in r.output
    assert "give --inputs DIR" in r.output and "copy installed with finmodel" in r.output
    assert not (tmp_path / "outputs").exists() or not any((tmp_path / "outputs").iterdir())


def test_backtest_reads_the_installed_history_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["backtest"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "outputs" / "backtest").is_dir()


def test_a_missing_history_folder_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["backtest", "--history", "old/history"])
    assert r.exit_code == 2
    assert f"history folder not found: looked for {tmp_path / 'old' / 'history'}" in r.output and "give --history DIR" in r.output
