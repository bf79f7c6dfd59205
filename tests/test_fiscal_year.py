"""Fiscal-year labels: 2026 <-> "2026-27", including the century turn, and clear errors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finmodel import fiscal_year


def test_labels_and_parsing():
    assert fiscal_year.label(2026) == "2026-27"
    assert fiscal_year.label(2099) == "2099-00"
    assert fiscal_year.parse("2099-00") == 2099
    assert fiscal_year.labels([2025, 2026]) == ["2025-26", "2026-27"]


@given(st.integers(1900, 2200))
def test_round_trip(year):
    assert fiscal_year.parse(fiscal_year.label(year)) == year


@pytest.mark.parametrize("bad", ["2026", "2026-28", "26-27", "2026/27", "", "abcd-ef"])
def test_malformed_labels_are_rejected_with_the_allowed_form(bad):
    with pytest.raises(ValueError, match="fiscal year"):
        fiscal_year.parse(bad)
