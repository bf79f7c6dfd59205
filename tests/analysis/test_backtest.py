"""The back-test: the roll-forward is the engine's identity, and the comparison with the record is what the record says."""

import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.analysis.backtest import roll_forward, run_backtest
from finmodel.cli import main
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS, ROOT
from tests.inputs.test_input_properties import HOSTILE

HISTORY = INPUTS / "history"


def test_roll_forward_hand_computed():
    reserves, debt = roll_forward(100.0, 10.0, [5.0, -3.0, 0.5], [2.0, 1.0, -4.0])
    assert reserves.tolist() == [105.0, 102.0, 102.5]
    assert debt.tolist() == [12.0, 13.0, 9.0]


def test_roll_forward_reproduces_the_engine_stocks(baseline_results):
    """Fed the engine's own flows, the back-test identity gives the engine's reserves and debt on every year."""
    a, o = baseline_results.assumptions, baseline_results.arrays
    assert np.allclose(o.fx_revaluation_hkd_bn, 0.0)  # constant FX in the baseline: debt moves only with bond flows
    reserves, debt = roll_forward(a.opening_reserves_hkd_bn, a.opening_debt_hkd_bn, o.consolidated_balance_hkd_bn[0],
                                  o.gross_issuance_hkd_bn[0] - o.redemptions_hkd_bn[0])
    assert np.allclose(reserves, o.fiscal_reserves_hkd_bn[0], atol=1e-9)
    assert np.allclose(debt, o.debt_hkd_bn[0], atol=1e-9)


@pytest.fixture(scope="module")
def bt():
    return run_backtest(2021, root=HISTORY)


def test_backtest_against_the_record(bt):
    t = bt.table()
    assert list(t.index) == ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
    assert bt.opening_reserves.value == 927.8 and bt.opening_debt.value == 27.1
    # 2021-22: provisional outturn (S32): 927.8 + 693.6 - 693.3 + 29.1 - 0 = 957.2, the recorded reserves.
    assert t.loc["2021-22", "reserves_backtest_hkd_bn"] == pytest.approx(957.2)
    # 2022-23: revenue not recorded; the revised estimate's consolidated balance -139.8 (S46) is fed:
    # 957.2 - 139.8 = 817.4 against the recorded 834.8.
    assert t.loc["2022-23", "consolidated_balance_hkd_bn"] == -139.8
    assert t.loc["2022-23", "reserves_error_hkd_bn"] == pytest.approx(817.4 - 834.8)
    assert "lower bound" in t.loc["2022-23", "flows_how"]
    # Years with every flow recorded add no error: the record satisfies the identity.
    errors = t["reserves_error_hkd_bn"].to_numpy()
    assert np.allclose(np.diff(errors)[1:], 0.0, atol=0.05)
    # Debt 2024-25: interpolated between 291.839 (28 Feb 2025) and 306.963 (30 Apr 2025) to 31 March.
    assert t.loc["2024-25", "debt_recorded_hkd_bn"] == pytest.approx(291.839 + (306.963 - 291.839) * 31 / 61)
    # 27.1 + 29.1 + 65.2 + (72.5 - 0.8) + (130.0 - 22.0) = 301.1
    assert t.loc["2024-25", "debt_backtest_hkd_bn"] == pytest.approx(301.1)
    # Debt 2025-26: 414.6 at 31 Dec 2025 plus Jan-Mar flows (155.0 - 139.9) - (51.7 - 30.2) = 408.2.
    assert t.loc["2025-26", "debt_recorded_hkd_bn"] == pytest.approx(408.2)
    assert t[["debt_recorded_hkd_bn"]].isna().sum().item() == 3
    mae = bt.mean_absolute_error()
    assert bt.consistency_only == (2021,)  # 2021-22 reserves are derived from that year: left out
    assert mae["reserves"]["years_compared"] == 4 and mae["debt"]["years_compared"] == 2
    assert mae["reserves"]["mae_hkd_bn"] == pytest.approx(17.4)


def test_a_start_without_recorded_flows_is_a_clean_input_error():
    with pytest.raises(InputError, match="issuance"):
        run_backtest(2019, root=HISTORY)


def test_backtest_command_writes_identical_files_twice(tmp_path):
    for d in ("a", "b"):
        r = CliRunner().invoke(main, ["backtest", "--history", str(HISTORY), "--out", str(tmp_path / d)])
        assert r.exit_code == 0, r.output
        assert "Mean absolute error, reserves" in r.output
    for name in ("backtest.csv", "backtest.json", "backtest.png", "backtest.svg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    record = json.loads((tmp_path / "a" / "backtest.json").read_text())
    assert record["start"] == "2021-22" and len(record["run"]["input_sha256"]["hk_fiscal_long.csv"]) == 64


def test_docs_validation_md_is_the_generated_report(tmp_path):
    """docs/validation.md is generated, never edited by hand: regenerating it gives the committed text."""
    out = tmp_path / "validation.md"
    r = CliRunner().invoke(main, ["validation-report", "--inputs", str(INPUTS), "--seeds", str(ROOT / "seeds"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    committed = (ROOT / "docs" / "validation.md").read_text()
    assert text.replace(str(INPUTS), "inputs") == committed, "docs/validation.md is stale: run `finmodel validation-report`"
    for figure in ("765.2", "843.4", "679.3", "14.4", "19.9", "over 700", "Mean absolute error", "299.5", "304.9"):
        assert figure in text


@pytest.mark.parametrize("file, edit, message", [
    ("hk_fiscal_long.csv", lambda t: t.replace("208.358", "abc", 1), "hk_fiscal_long.csv:2:4: value = 'abc': not a number"),
    ("hk_borrowing.csv", lambda t: t.replace("date,item,", "date,itm,", 1), "missing columns"),
    ("hk_borrowing.csv", lambda t: "", "hk_borrowing.csv: the file is empty"),
    ("hk_fiscal_long.csv", None, "history table not found"),
])
def test_bad_history_tables_give_clean_errors(tmp_path, file, edit, message):
    import shutil

    hist = tmp_path / "history"
    shutil.copytree(HISTORY, hist)
    if edit is None:
        (hist / file).unlink()
    else:
        (hist / file).write_text(edit((hist / file).read_text()))
    r = CliRunner().invoke(main, ["backtest", "--history", str(hist), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, r.output


def test_report_land_share_that_reaches_700_does_reach_it(baseline):
    """The report's 'what it would take' land premium share, fed back through the engine, ends 2030-31 at HK$700bn."""
    from finmodel.model.engine import Shocks
    from finmodel.model.pipeline import run
    from finmodel.analysis.validation import land_share_for

    future = ~np.isnan(baseline.land_share_gdp)
    share = land_share_for(baseline, 700.0, "2030-31", future)
    add = np.where(future, share / 100 - np.nan_to_num(baseline.land_share_gdp), 0.0)
    reserves = run(baseline, Shocks(land_gdp_share_add=add)).projection.loc["2030-31", "fiscal_reserves_hkd_bn"]
    assert reserves == pytest.approx(700.0, abs=0.5)
    baseline_end = run(baseline).projection.loc["2030-31", "fiscal_reserves_hkd_bn"]
    assert (share > 100 * np.nanmax(baseline.land_share_gdp)) == (baseline_end < 700.0)


@settings(max_examples=int(os.environ.get("FINMODEL_PROP_EXAMPLES", "30")), deadline=None)
@given(st.sampled_from(["hk_fiscal_long.csv", "hk_borrowing.csv"]), st.data())
def test_corrupted_history_gives_a_backtest_or_input_error(name, data):
    """Any edit of a history table's cells gives a back-test or the project's InputError, never a crash."""
    import re
    import shutil
    import tempfile

    text = (HISTORY / name).read_text(encoding="utf-8")
    spans = [m.span() for m in re.finditer(r"[^,\n\"]+", text)]
    for _ in range(data.draw(st.integers(1, 3))):
        a, b = spans[data.draw(st.integers(0, len(spans) - 1))]
        new = data.draw(st.sampled_from(HOSTILE + ["2025-12-31", "FY2025-26 (Apr-Dec)", "FY2025-27 (Apr-Dec)", "FY2025-26 (Apr-Xyz)",
                                                   "Government Debts outstanding (GSBP+IBP, CWRF)", "fiscal_reserves_end", "actual"]))
        new = new.replace(",", "").replace("\n", "").replace("\r", "").replace('"', "")
        text = text[:a] + new.ljust(b - a)[: b - a] + text[b:]
    root = Path(tempfile.mkdtemp(prefix="finmodel-hist-"))
    try:
        shutil.copytree(HISTORY, root, dirs_exist_ok=True)
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            bt = run_backtest(2021, root=root)
            bt.table()
            bt.mean_absolute_error()
        except InputError as err:
            assert err.problems
    finally:
        shutil.rmtree(root)
