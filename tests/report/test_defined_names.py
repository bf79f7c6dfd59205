"""Excel's defined-name rules: names that are cell references (A1 or R1C1) must be rejected."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finmodel.report.workbook.defined_names import (
    check_name,
    check_unique,
    is_cell_reference,
    name_problem,
)


@pytest.mark.parametrize("name", ["GDP2025", "R2", "C", "R", "c", "r", "R1C1", "RC", "R10C", "C7", "A1", "XFD1048576",
                                  "gdp2025", "AB12"])
def test_cell_references_are_rejected(name):
    assert is_cell_reference(name)
    with pytest.raises(ValueError, match="cell reference"):
        check_name(name)


@pytest.mark.parametrize("name", ["debt_hkd_bn", "GDP_2025", "XFE1", "A1048577", "ABCD1", "WhatIf_debt_to_gdp_pct", "_hidden",
                                  "R_2", "Rate", "Ceiling_policy", "fiscal_years", "ProjectionTable"])
def test_valid_names_pass(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name, why", [("", "non-empty"), ("2025_gdp", "starts with"), ("debt to gdp", "no spaces"),
                                       ("debt-gdp", "starts with"), ("TRUE", "reserved"), ("Print_Area", "reserved"),
                                       ("_xlnm.Print_Titles", "reserved"), ("a" * 256, "255")])
def test_malformed_and_reserved_names_are_rejected(name, why):
    assert why in name_problem(name)


def test_names_are_unique_ignoring_case():
    check_unique(["debt_hkd_bn", "Debt_GDP"])
    with pytest.raises(ValueError, match="duplicate"):
        check_unique(["debt_hkd_bn", "DEBT_HKD_BN"])


@given(st.from_regex(r"[A-Z]{1,2}[1-9][0-9]{0,4}", fullmatch=True))
def test_every_short_column_and_row_is_a_reference(name):
    assert name_problem(name) is not None


@given(st.from_regex(r"[a-z]{2,8}_[a-z0-9_]{1,20}", fullmatch=True))
def test_snake_case_names_with_an_underscore_are_valid(name):
    assert name_problem(name) is None
