"""End-to-end CLI tests through click's CliRunner: files written, numbers consistent, exit codes."""

import json
import os
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

EXPECTED = ["projection.csv", "bonds.csv", "maturity_profile.csv", "peers.csv", "summary.json", "finmodel_baseline.xlsx"]
CHARTS = ["debt_vs_ceiling", "debt_to_gdp_band", "issuance_vs_redemptions", "fiscal_reserves",
          "peers_debt_to_gdp", "peers_interest_to_revenue", "peers_interest_to_gdp", "debt_decomposition"]


def test_project_writes_every_output_and_the_workbook_matches_the_csv(full_project_runs):
    out, printed = full_project_runs[0]
    assert "Verdict to 2030-31" in printed
    for name in EXPECTED:
        assert (out / name).exists(), name
    for name in CHARTS:
        png = out / "charts" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.with_suffix(".svg").read_text().startswith("<?xml")
    proj = pd.read_csv(out / "projection.csv", index_col="fiscal_year")
    wb = openpyxl.load_workbook(out / "finmodel_baseline.xlsx")
    ws = wb["Projection"]
    header = [c.value for c in ws[1]]
    checked = 0
    for row in ws.iter_rows(min_row=2):
        var = row[0].value
        for cell, fy in zip(row[3:], header[3:]):
            expected = proj.loc[fy, var]
            if pd.isna(expected):
                assert cell.value is None
            else:
                assert cell.value == float(expected), (var, fy)
                checked += 1
    assert checked > 200
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["run"]["input_sha256"]) >= {"macro.yaml", "fiscal.yaml", "borrowing.yaml", "opening_book.csv", "peers.csv"}
    assert all(len(h) == 64 for h in summary["run"]["input_sha256"].values())


def test_two_runs_give_identical_bytes(full_project_runs):
    """Every file of the session's two full runs, in two folders: tables, record, workbook, charts and brief."""
    (a, _), (b, _) = full_project_runs
    files = sorted(f.relative_to(a) for f in a.rglob("*") if f.is_file())
    assert files == sorted(f.relative_to(b) for f in b.rglob("*") if f.is_file()) and len(files) > 20
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("args", [["--help"], ["simulate", "--help"], ["sensitivity", "--help"]])
def test_help_does_not_import_heavy_libraries(args):
    code = ("import sys; from click.testing import CliRunner; from finmodel.cli import main; "
            f"r = CliRunner().invoke(main, {args!r}); assert r.exit_code == 0; "
            "print(','.join(m for m in ('pandas', 'numpy', 'matplotlib', 'openpyxl', 'statsmodels') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_simulate_imports_neither_pandas_nor_scipy(tmp_path):
    """simulate reads the history tables as rows and hands its charts arrays (`history.read_rows`, `record_lines`), and
    takes the coverage table's intervals from the stored table (`binomial_interval`): a default run with the stored shock
    scale, charts and workbook included, in one process (FINMODEL_WORKERS=0), leaves pandas, scipy and statsmodels
    unimported (~0.15 s each of pandas and scipy.special in a run of ~1 s: benchmarks/README.md)."""
    code = ("import sys; from click.testing import CliRunner; from finmodel.cli import main; "
            f"r = CliRunner().invoke(main, ['simulate', '--paths', '2000', '--out', {str(tmp_path / 'run')!r}]); "
            "assert r.exit_code == 0, r.output; "
            "print(','.join(m for m in ('pandas', 'scipy', 'statsmodels') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "FINMODEL_WORKERS": "0"})
    assert out.stdout.strip() == ""
    assert (tmp_path / "run" / "charts" / "forecast_record.png").is_file()
