"""Validation steps called directly: the fiscal-year axis (fill and extrapolation, gaps), exchange rates, the new-issue mix."""

import numpy as np
import pytest

from finmodel.inputs.schema import BY_NAME
from finmodel.inputs.validation import check_horizon

OPENING_YEAR = 2025   # the shipped inputs' first year (the first year of nominal GDP in macro.yaml)
from finmodel.inputs.validation.borrowing import _check_fx_pegs, _fx_rate, _mix
from finmodel.inputs.validation.checker import Checker
from finmodel.inputs.validation.year_axis import fill_years, year_map

YEARS = np.arange(2025, 2030)  # 2025-26 .. 2029-30


def _messages(chk):
    return [(p.severity, p.where, p.field, p.value, p.allowed) for p in chk.problems]


@pytest.mark.parametrize("rule, pct_is_nan, beyond", [
    ("hold_last", False, [2.0, 2.0, 2.0]),
    ("zero", False, [0.0, 0.0, 0.0]),
    ("zero", True, [np.nan] * 3),
    ("pct_gdp", False, [np.nan] * 3),
])
def test_fill_extends_beyond_the_last_year_by_the_rule(rule, pct_is_nan, beyond):
    chk = Checker()
    out = fill_years(chk, "f.yaml", "x", {2025: 1.0, 2026: 2.0}, rule, YEARS, OPENING_YEAR, pct_is_nan=pct_is_nan)
    np.testing.assert_array_equal(out, [1.0, 2.0] + beyond)
    assert chk.problems == []


def test_fill_rule_none_beyond_the_data_is_an_error_naming_the_last_year():
    chk = Checker()
    out = fill_years(chk, "f.yaml", "x", {2025: 1.0, 2026: 2.0}, "none", YEARS, OPENING_YEAR)
    np.testing.assert_array_equal(out, [1.0, 2.0, np.nan, np.nan, np.nan])
    assert _messages(chk) == [("error", "f.yaml", "x", "last year 2026-27",
                               "the horizon 2029-30 goes beyond the data and the extrapolation rule is 'none'; "
                               "give more years or an extrapolate rule")]


def test_fill_values_starting_late_or_missing_are_errors_unless_already_rejected():
    chk = Checker()
    out = fill_years(chk, "f.yaml", "x", {2026: 3.0}, "hold_last", YEARS, OPENING_YEAR)
    np.testing.assert_array_equal(out, [np.nan, 3.0, 3.0, 3.0, 3.0])
    fill_years(chk, "f.yaml", "y", {}, "hold_last", YEARS, 2027)
    chk.rejected.add("z")
    fill_years(chk, "f.yaml", "z", {}, "hold_last", YEARS, OPENING_YEAR)
    assert _messages(chk) == [("error", "f.yaml", "x", "2026-27", "values must start by 2025-26"),
                              ("error", "f.yaml", "y", None, "no values: needed from 2027-28")]


def test_year_map_reports_bad_keys_out_of_range_values_and_gaps_in_order():
    chk = Checker()
    values = {"2025-26": 3.0, "2027-28": 2.0, "2028-29": 99.0, "soon": 1.0}
    out = year_map(chk, "macro.yaml", "real_growth_pct", values, BY_NAME["real_growth_pct"])
    assert out == {2025: 3.0, 2027: 2.0}
    assert chk.rejected == {"real_growth_pct"}
    assert [(p.field, p.value) for p in chk.problems] == [
        ("real_growth_pct[2028-29]", 99.0), ("real_growth_pct[soon]", "soon"), ("real_growth_pct", "2026-27")]
    assert chk.problems[0].allowed == "outside the allowed range -50 to 50 % a year"
    assert chk.problems[2].allowed == "gap in the fiscal years: every year between the first and last must be given"


def test_fx_rates_a_zero_rate_is_implausible_and_an_error_and_usd_outside_the_peg_a_warning():
    chk = Checker()
    assert _fx_rate(chk, "borrowing.yaml", {"EUR": 0}, "EUR") == 0.0
    assert _fx_rate(chk, "borrowing.yaml", {}, "RMB") is None
    _check_fx_pegs(chk, "borrowing.yaml", {"HKD": 1.0, "USD": 7.9, "JPY": 0.05})
    assert _messages(chk) == [
        ("warning", "borrowing.yaml", "fx_hkd_per_unit[EUR]", 0, "outside the plausible range 0.01 to 100 HK$ per unit; check the unit"),
        ("error", "borrowing.yaml", "fx_hkd_per_unit[EUR]", 0, "must be above 0"),
        ("error", "borrowing.yaml", "fx_hkd_per_unit[RMB]", None, "missing currency"),
        ("warning", "borrowing.yaml", "fx_hkd_per_unit[USD]", 7.9, "outside the Linked Exchange Rate band 7.75-7.85"),
        ("error", "borrowing.yaml", "fx_hkd_per_unit[JPY]", None, "unknown currency; allowed: HKD, RMB, USD, EUR"),
    ]


def test_mix_keeps_valid_buckets_as_decimals_and_checks_the_shares_add_up():
    chk = Checker()
    buckets = [{"bucket": "hkd10", "currency": "HKD", "share": 0.6, "tenor_years": 10, "yield_pct": 3.5},
               {"bucket": "usd5", "currency": "USD", "share": 0.3, "tenor_years": 5, "yield_pct": 4.0,
                "investor": "retail", "inflation_linked": True}]
    mix = _mix(chk, "borrowing.yaml", {"buckets": buckets})
    assert mix.bucket == ("hkd10", "usd5") and mix.investor == ("institutional", "retail")
    np.testing.assert_array_equal(mix.currency_idx, [0, 2])
    np.testing.assert_allclose(mix.yield_rate, [0.035, 0.04])
    np.testing.assert_array_equal(mix.tenor_years, [10, 5])
    assert mix.inflation_linked.tolist() == [False, True]
    assert _messages(chk) == [("error", "borrowing.yaml", "new_issue_mix shares", 0.9, "shares must add up to 1")]


def test_horizon_outside_the_allowed_years_falls_back_to_the_official_one():
    chk = Checker()
    assert check_horizon(chk, 2040, 2025, 2030) == 2040
    assert check_horizon(chk, 2101, 2025, 2030) == 2030
    assert _messages(chk) == [("error", "--horizon", "horizon", "2101-02", "must be 2026-27 to 2100-01")]


class _Entries:
    """The one method of Parameters that year_frame reads: entry(name) -> the parameter's mapping or None."""

    def __init__(self, **entries):
        self.entries = entries

    def entry(self, name):
        return self.entries.get(name)


def test_the_years_come_from_the_inputs():
    """Opening year: the first year of nominal GDP; the MRF's last: the last year budget_plan.yaml publishes, else real growth's."""
    from finmodel.inputs.validation.year_axis import year_frame

    gdp = {"values": {"2025-26": 3370.0, "2026-27": 3485.0}}
    published = {"values": {"2026-27": 14.4, "2030-31": 19.9}}
    growth = {"values": {"2027-28": 3.0, "2031-32": 3.0}}
    assert year_frame(_Entries(nominal_gdp_hkd_bn=gdp, published_debt_to_gdp_pct=published, real_growth_pct=growth)) == (2025, 2030)
    assert year_frame(_Entries(nominal_gdp_hkd_bn=gdp, real_growth_pct=growth)) == (2025, 2031)
    assert year_frame(_Entries(nominal_gdp_hkd_bn={"values": {"2024-25": 1.0, "bad": 2.0}})) == (2024, 2025)
    assert year_frame(_Entries()) == (None, None)
