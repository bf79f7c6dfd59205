"""What the commands print is pasteable: labels in words with units, figures at the unit's precision with thousands
separators, ranges "low to high", misses with units (`finmodel.numbers`)."""

import re

from click.testing import CliRunner

from finmodel.cli import main
from finmodel.model.pipeline import load_inputs, run
from finmodel.model.results import missed_by
from finmodel.numbers import MINUS
from tests.conftest import INPUTS


def _invoke(*args):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def test_project_table_has_units_and_the_misses_theirs(tmp_path):
    out = _invoke("project", "--inputs", str(INPUTS), "--scenario", "low_land", "--no-charts", "--out", str(tmp_path / "o"),
                  "--horizon", "2050-51")
    lines = out.splitlines()
    assert lines[0].split() == ["Fiscal", "Issuance", "Redeemed", "Debt", "Debt/GDP", "Headroom", "Int./rev.", "Reserves"]
    assert lines[1].split() == ["year", "HK$", "bn", "HK$", "bn", "HK$", "bn", "%", "HK$", "bn", "%", "HK$", "bn"]
    assert re.search(r"^2050-51\*.* -\d,\d{3}\.\d$", out, re.M), "reserves below -1,000 carry a thousands separator"
    assert "Fiscal reserves at 31 March 2031: HK$111.0bn below" in out
    assert re.search(r" by [-+]?\d", out) is None


def test_a_miss_is_written_with_its_unit():
    rows = {r["key"]: r for r in run(load_inputs(INPUTS, scenario="high_issuance")).against_budget() if not r["budget_met"]}
    assert missed_by(rows["debt_to_gdp_pct[2030-31]"]) == (f"Debt-to-GDP, 2030-31: "
                                                           f"{abs(rows['debt_to_gdp_pct[2030-31]']['budget_difference']):.2f}pp above")
    assert missed_by(rows["gross_issuance_hkd_bn[min]"]).endswith("bn below")


def test_compare_labels_items_in_words_with_units(tmp_path):
    out = _invoke("compare", "baseline", "low_land", "--inputs", str(INPUTS), "--no-charts", "--out", str(tmp_path / "o"))
    assert "peak_debt_hkd_bn" not in out
    line = next(line for line in out.splitlines() if line.startswith("Fiscal reserves at the horizon (HK$ bn)"))
    assert re.fullmatch(r"Fiscal reserves at the horizon \(HK\$ bn\)\s+\d+\.\d\s+\d+\.\d", line), line


def test_long_simulate_writes_ranges_with_to_and_says_what_var0_is(tmp_path):
    out = _invoke("simulate", "--inputs", str(INPUTS), "--paths", "400", "--horizon", "2050-51", "--no-charts",
                  "--out", str(tmp_path / "o"))
    last = next(line for line in out.splitlines() if line.startswith("2050-51"))
    assert f" to {MINUS}" in last or re.search(rf"{MINUS}[\d,]+\.\d to ", last), last
    table = re.sub(r"\b\d{4}-\d{2}\b", "", out.split("\n", 1)[1].split("Wrote")[0])   # without the fiscal-year labels
    assert "--" not in table and not re.search(r"\d-\d", table)
    out = _invoke("simulate", "--inputs", str(INPUTS), "--paths", "400", "--method", "var", "--no-charts", "--out", str(tmp_path / "v"))
    assert "VAR(0) (BIC chose no lags: the EC default's historical covariance" in out
