"""`finmodel monthly import` and `finmodel monthly track` on the Government's own releases (tests/fixtures/monthly)."""

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.monthly import read_release
from tests.conftest import INPUTS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "monthly"
WORKBOOK = FIXTURES / "Monthly Financial Results 1998-present.xlsx"
# Fiscal reserves at 31 March, HK$ bn: inputs/history/hk_fiscal_reserves_outturn.csv (S186), copied here.
OUTTURN = {"2020-03-31": 1160.308, "2021-03-31": 927.776, "2022-03-31": 957.147, "2023-03-31": 834.790}


def csv_of(year: str) -> Path:
    return FIXTURES / f"press_release_{year}_e.csv"


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A copy of the shipped inputs without the monthly results (as before any import)."""
    copy = tmp_path / "inputs"
    shutil.copytree(INPUTS, copy)
    for name in ("hk_monthly_results.csv", "hk_monthly_imports.csv"):
        (copy / "history" / name).unlink()
    return copy


def digests(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_2022_23_release_gives_the_reserves_at_31_march_2023():
    release = read_release(csv_of("2022-23"))
    march = release.months[-1]
    assert (march.month_end, march.provisional) == ("2023-03-31", True)
    assert march.reserves_end_hkd_bn == pytest.approx(834.8, abs=0.05)
    assert sum(m.balance_after_bonds_hkd_bn for m in release.months) == pytest.approx(-122.3386, abs=1e-6)   # the release's own Mar-2023 year to date


def test_importing_every_release_matches_the_outturn_and_says_what_came_from_where(inputs):
    history = inputs / "history"
    outturn = history / "hk_fiscal_reserves_outturn.csv"
    text = outturn.read_text().replace("2023-03-31,834.790,actual", "2023-03-31,830.0,revised")
    outturn.write_text(text)
    result = run("monthly", "import", WORKBOOK, *[csv_of(y) for y in ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24")],
                 "--inputs", inputs)
    assert result.exit_code == 0, result.output
    assert "the outturn 834.8 from press_release_2022-23_e.csv replaces the revised estimate 830.0" in result.output
    assert "Monthly results to November 2023" in result.output
    months = pd.read_csv(history / "hk_monthly_results.csv").set_index("month_end")
    for date, value in OUTTURN.items():
        assert months.loc[date, "reserves_end_hkd_bn"] == pytest.approx(value, abs=0.00051)   # the outturn table rounds to three decimals
    assert months.loc["2023-03-31", "file"] == "press_release_2022-23_e.csv"   # a CSV given after the workbook wins
    assert len(months) == 303 and months.index[0] == "1998-09-30" and months.index[-1] == "2023-11-30"
    table = pd.read_csv(outturn).set_index("date")
    assert table.loc["2023-03-31", "fiscal_reserves_hkd_bn"] == 834.790 and table.loc["2023-03-31", "kind"] == "actual"
    imports = pd.read_csv(history / "hk_monthly_imports.csv")
    assert imports.loc[imports["file"] == "press_release_2023-24_e.csv", "last_month"].item() == "2023-11-30"
    assert "replaced the revised estimate 830.0 of the reserves at 2023-03-31" in imports.loc[
        imports["file"] == "press_release_2022-23_e.csv", "note"].item()
    tracked = run("monthly", "track", "--year", "2023-24", "--no-charts", "--inputs", inputs, "--out", inputs.parent / "t")
    assert tracked.exit_code == 0, tracked.output
    opening = json.loads((inputs.parent / "t" / "tracker.json").read_text())["opening_reserves"]
    assert (opening["value_hkd_bn"], opening["kind"]) == (834.790, "actual") and "replaces the revised estimate 830.0" in opening["note"]
    assert imports.loc[imports["file"] == "press_release_2023-24_e.csv", "sha256"].item() == hashlib.sha256(
        csv_of("2023-24").read_bytes()).hexdigest()
    assert not [p for p in inputs.iterdir() if ".check-" in p.name]   # the scratch folder of the checks is gone


def _broken(tmp_path, name, edit) -> Path:
    lines = csv_of("2022-23").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name, edit, message", [
    ("truncated.csv", lambda ls: ls[:8] + [ls[8][:60]], "expected 28 cells like the header: the row is cut short"),
    ("duplicated.csv", lambda ls: ls[:6] + [ls[5]] + ls[6:], "a duplicated month: already at"),
    ("extra_column.csv", lambda ls: [f"{line},x" for line in ls], "it has 28 columns"),
    ("out_of_order.csv", lambda ls: ls[:3] + [ls[4], ls[3]] + ls[5:], "out of order: after 2022-05 comes 2022-06"),
])
def test_a_broken_release_is_refused_and_nothing_is_written(inputs, tmp_path, name, edit, message):
    before = digests(inputs / "history")
    result = run("monthly", "import", csv_of("2021-22"), _broken(tmp_path, name, edit), "--inputs", inputs)
    assert result.exit_code == 2, result.output
    assert message in result.output and f"{name}:" in result.output and "nothing written" in result.output
    assert "Traceback" not in result.output
    assert digests(inputs / "history") == before


def test_the_installed_copy_is_never_edited():
    from finmodel.inputs.locate import INSTALLED

    result = run("monthly", "import", csv_of("2022-23"), "--inputs", INSTALLED)
    assert result.exit_code == 2 and "never edited" in result.output


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    out = tmp_path_factory.mktemp("track") / "t"
    result = run("monthly", "track", "--year", "2022-23", "--months", "10", "--inputs", INPUTS, "--out", out)
    assert result.exit_code == 0, result.output
    return result.output, out


def test_the_tracker_writes_its_run_folder_and_one_line(tracked):
    output, out = tracked
    record = json.loads((out / "tracker.json").read_text())
    assert record["run"]["manifest"] == sorted(p.name for p in out.iterdir())
    table = pd.read_csv(out / "tracker.csv")
    assert table.loc[9, "balance_ytd_hkd_bn"] == pytest.approx(-77.0195, abs=1e-4)   # Jan-2023 year to date, as released
    assert table["balance_ytd_hkd_bn"].iloc[10:].isna().all()                        # February and March not used
    assert record["estimate"]["year_to_date"]["balance_after_bonds_hkd_bn"] == pytest.approx(-77.0195, abs=1e-4)
    e = record["estimate"]["balance_hkd_bn"]
    assert e["low"] <= e["central"] <= e["high"]
    assert record["estimate"]["reserves_end_hkd_bn"]["central"] == pytest.approx(957.128 + e["central"], abs=1e-9) or \
        record["estimate"]["reserves_end_hkd_bn"]["central"] == pytest.approx(record["opening_reserves"]["value_hkd_bn"] + e["central"])
    assert record["budget"]["estimate_hkd_bn"] == -56.3 and record["budget"]["revised_hkd_bn"] == -139.8
    assert output.startswith("2022-23 to January 2023 (10 months): balance −HK$77.0bn to date")
    import openpyxl

    wb = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    assert wb.sheetnames == ["Cover", "Contents", "Year to date", "Estimate", "Notes & sources"]
    svg = (out / "tracker.svg").read_text()
    assert "monthly results to November 2023" in svg


def test_the_documented_estimates_are_the_trackers():
    """docs/monthly.md reports the estimates for 2021-22 to 2023-24 from their first months: the figures are these."""
    from finmodel.analysis.tracker import track
    from finmodel.inputs import history

    record = history.read_table("hk_monthly_results", INPUTS / "history")
    docs = (Path(__file__).resolve().parents[2] / "docs" / "monthly.md").read_text()
    for year, months in (("2021-22", 10), ("2022-23", 10), ("2023-24", 8)):
        e = track(record, year, {"estimate_hkd_bn": None}, {"value_hkd_bn": 0.0}, months).estimate["balance_hkd_bn"]
        row = f"| {year} | {months} | {e['central']:.1f} | {e['low']:.1f} to {e['high']:.1f} |"
        assert row.replace("-", "−") in docs.replace("-", "−"), row


def test_a_second_import_while_one_writes_is_refused(inputs):
    from finmodel.runs.folder import Where
    from finmodel.runs.lock import RunLock

    history = inputs / "history"
    before = digests(history)
    with RunLock(history.resolve(), Where(history)):
        result = run("monthly", "import", csv_of("2022-23"), "--inputs", inputs)
    assert result.exit_code == 2 and "another finmodel run is writing this folder now" in result.output
    assert digests(history) == before


def test_a_workbook_of_another_layout_is_refused(inputs, tmp_path):
    fake = tmp_path / "results.xlsx"
    fake.write_bytes(csv_of("2022-23").read_bytes())
    result = run("monthly", "import", fake, "--inputs", inputs)
    assert result.exit_code == 2 and "results.xlsx: not a readable .xlsx workbook" in result.output


def test_the_vintage_names_the_monthly_results():
    from finmodel.inputs.vintage import SHIPPED_SHA256, describe

    shipped = {k: v for k, v in SHIPPED_SHA256.items() if k.startswith("history/hk_monthly") or "/" not in k}
    assert describe(shipped, "November 2023") == "inputs of 14 April 2026, monthly results to November 2023"
    imported = {**shipped, "history/hk_monthly_results.csv": "0" * 64, "history/hk_fiscal_reserves_outturn.csv": "1" * 64}
    assert describe(imported, "March 2024") == "inputs of 14 April 2026, monthly results to March 2024"
    assert describe({**imported, "macro.yaml": "2" * 64}, "March 2024") == \
        "inputs of 14 April 2026, edited: macro.yaml, monthly results to March 2024"
