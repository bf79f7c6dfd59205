"""finmodel.numbers: how every command writes figures: thousands, the unit's precision, signs, units and ranges."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finmodel import numbers
from finmodel.numbers import MINUS


@pytest.mark.parametrize("x, decimals, sign, expected", [
    (1399.66, 1, False, "1,399.7"), (-60.44, 1, False, f"{MINUS}60.4"), (1234567.0, 0, False, "1,234,567"),
    (0.05, 2, True, "+0.05"), (-0.04, 1, False, "0.0"), (-0.0, 1, True, "0.0"), (12.0, 1, True, "+12.0"),
    (None, 1, False, "n/a"), (math.nan, 2, False, "n/a"),
])
def test_number(x, decimals, sign, expected):
    assert numbers.number(x, decimals, sign=sign) == expected


@pytest.mark.parametrize("low, high, decimals, unit, expected", [
    (-60.4, 1399.7, 1, "", f"{MINUS}60.4 to 1,399.7"),
    (-686.6, -422.9, 1, "", f"{MINUS}686.6 to {MINUS}422.9"),
    (-686.6, -422.9, 1, "HK$ bn", f"{MINUS}HK$686.6bn to {MINUS}HK$422.9bn"),
    (0.7249, 0.8811, 2, "% of GDP", "0.72% to 0.88% of GDP"),
    (27.8, 33.8, 1, "HK$ bn", "HK$27.8bn to HK$33.8bn"),
    (-7076.0, 4690.7, 1, "", f"{MINUS}7,076.0 to 4,690.7"),
])
def test_span_is_never_a_subtraction(low, high, decimals, unit, expected):
    text = numbers.span(low, high, decimals, unit)
    assert text == expected
    assert "--" not in text and "-" not in text


@pytest.mark.parametrize("x, unit, decimals, expected", [
    (179.06, "HK$ bn a year", 1, "HK$179.1bn a year"), (-60.82, "HK$ bn", 1, f"{MINUS}HK$60.8bn"),
    (0.796, "% of GDP", 2, "0.80% of GDP"), (2.904, "pp a year", 2, "2.90pp a year"), (19.949, "%", 2, "19.95%"),
    (4.5, "years", 1, "4.5 years"), (None, "HK$ bn", 1, "n/a"),
])
def test_with_unit(x, unit, decimals, expected):
    assert numbers.with_unit(x, unit, decimals) == expected


def test_cells_paste_as_numbers():
    """Table cells: right-aligned, thousands separated, the ASCII minus a spreadsheet reads as a number."""
    assert numbers.cell(-1234.56, 1, 10) == "  -1,234.6"
    assert numbers.cell(float("nan"), 1, 6) == "   n/a"
    assert float(numbers.cell(-1234.56, 1).replace(",", "")) == -1234.6


@pytest.mark.parametrize("fmt, decimals", [("#,##0.0", 1), ("0.00", 2), ("0", 0), ("0.0%", 1), ("#,##0.000;-#,##0.000", 3)])
def test_decimals_of_a_number_format(fmt, decimals):
    assert numbers.decimals_of(fmt) == decimals


def test_shares_and_points():
    assert numbers.share(0.065) == "6.5%" and numbers.pp(-0.054) == f"{MINUS}0.05pp" and numbers.pp(0.05) == "+0.05pp"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_a_number_reads_back_as_its_rounded_value(x, decimals):
    text = numbers.number(x, decimals).replace(",", "").replace(MINUS, "-")
    assert float(text) == pytest.approx(round(x, decimals), abs=10 ** -decimals)
