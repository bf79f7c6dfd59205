"""Extrapolation rules a user expects (hold_last, pct_gdp alias grow_with_gdp, zero, none), per line, with a clear message where one does not apply."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from finmodel.inputs.errors import InputError
from finmodel.inputs.load import load_assumptions
from finmodel.model.engine import project
from finmodel.model.pipeline import load_inputs

SHIPPED = Path("inputs")
LAND = '''land_premium_hkd_bn:
  unit: HK$ bn
  values: {"2025-26": 17.5, "2026-27": 18.0}
  extrapolate: none'''


def _inputs(tmp_path, old=None, new=None, file="fiscal.yaml") -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("history", "scenarios"))
    if old is not None:
        text = (root / file).read_text(encoding="utf-8")
        assert old in text
        (root / file).write_text(text.replace(old, new), encoding="utf-8")
    return root


def _land(values: str, rule: str) -> str:
    return f'land_premium_hkd_bn:\n  unit: HK$ bn\n  values: {{{values}}}\n  extrapolate: {rule}'


def _error(root, **kw) -> str:
    with pytest.raises(InputError) as err:
        load_assumptions(root, **kw)
    return str(err.value)


def test_land_held_flat_to_2050_51_from_one_typed_year_with_a_note_not_a_warning(tmp_path):
    root = _inputs(tmp_path, LAND, _land('"2025-26": 17.5, "2026-27": 18.0, "2027-28": 17.5', "hold_last"))
    a = load_inputs(root, horizon="2050-51")
    land = project(a).land_premium_hkd_bn[0]
    np.testing.assert_array_equal(land[2:], 17.5)
    notes = [p for p in a.warnings if p.field == "land_premium_pct_gdp"]
    assert notes and all(p.severity == "note" for p in notes)
    assert not [p for p in a.warnings if p.severity == "warning" and "land" in p.field]


def test_land_growing_with_gdp_holds_its_share_of_gdp(tmp_path):
    root = _inputs(tmp_path, LAND, _land('"2025-26": 17.5, "2026-27": 18.0', "grow_with_gdp"))
    o = project(load_inputs(root, horizon="2040-41"))
    share = o.land_premium_hkd_bn[0] / o.nominal_gdp_hkd_bn[0]
    np.testing.assert_allclose(share[2:], 18.0 / o.nominal_gdp_hkd_bn[0, 1], rtol=1e-12)


def test_land_zero_with_shares_after_it_is_refused_with_the_fix(tmp_path):
    root = _inputs(tmp_path, LAND, _land('"2025-26": 17.5, "2026-27": 18.0', "zero"))
    message = _error(root)
    assert "land_premium_hkd_bn.extrapolate = 'zero'" in message and "write extrapolate: none" in message
    assert "2027-28 to 2030-31" in message


def test_land_zero_without_shares_after_it_is_zero(tmp_path):
    root = _inputs(tmp_path, LAND, _land('"2025-26": 17.5, "2026-27": 18.0', "zero"))
    fiscal = root / "fiscal.yaml"
    text = fiscal.read_text(encoding="utf-8")
    fiscal.write_text(text.replace('values: {"2027-28": 0.9, "2028-29": 1.2, "2029-30": 1.6, "2030-31": 2.0}', "values: {}"),
                      encoding="utf-8")
    a, _ = load_assumptions(root)
    np.testing.assert_array_equal(a.land_fixed_hkd_bn[2:], 0.0)


def test_capital_works_may_stop_at_zero_and_grow_with_gdp_is_pct_gdp(tmp_path):
    old = 'capital_works_hkd_bn:\n  unit: HK$ bn\n  values: {"2025-26": 125.0, "2026-27": 128.0, "2027-28": 128.0, "2028-29": 128.0, "2029-30": 128.0, "2030-31": 128.0}\n  extrapolate: pct_gdp'
    zero = _inputs(tmp_path / "z", old, old.replace("pct_gdp", "zero"))
    a, _ = load_assumptions(zero, horizon="2035-36")
    np.testing.assert_array_equal(a.capital_works_fixed_hkd_bn[6:], 0.0)
    alias = _inputs(tmp_path / "g", old, old.replace("pct_gdp", "grow_with_gdp"))
    b, _ = load_assumptions(alias, horizon="2035-36")
    c, _ = load_assumptions(SHIPPED, horizon="2035-36")
    np.testing.assert_array_equal(b.capital_works_fixed_hkd_bn, c.capital_works_fixed_hkd_bn)


@pytest.mark.parametrize("name, old, rule, words", [
    ("real_growth_pct", "extrapolate: hold_last\n  source: \"2026-27 Budget: trend real growth", "grow_with_gdp", "a rate does not grow with GDP"),
    ("land_premium_pct_gdp", "values: {\"2027-28\": 0.9, \"2028-29\": 1.2, \"2029-30\": 1.6, \"2030-31\": 2.0}\n  extrapolate: hold_last",
     "pct_gdp", "already a share of GDP"),
    ("recurrent_expenditure_hkd_bn", "values: {\"2025-26\": 572.4, \"2026-27\": 599.7}\n  extrapolate: none", "hold_last",
     "follows recurrent_growth_pct"),
    ("one_off_receipts_hkd_bn", "2027-28\": 75.0}\n  extrapolate: zero", "hold_last", "one-off receipts are given year by year"),
    ("ceiling_hkd_bn", "values: {\"2025-26\": 500.0, \"2026-27\": 900.0}\n  extrapolate: hold_last", "pct_gdp", "resolution of the Legislative Council"),
    ("real_growth_pct", "extrapolate: hold_last\n  source: \"2026-27 Budget: trend real growth", "flat", "must be one of hold_last, zero, none"),
])
def test_a_rule_that_does_not_apply_says_why_and_what_the_line_takes(tmp_path, name, old, rule, words):
    file = "macro.yaml" if name == "real_growth_pct" else "borrowing.yaml" if name == "ceiling_hkd_bn" else "fiscal.yaml"
    head, _, tail = old.partition("extrapolate: ")
    new = head + f"extrapolate: {rule}" + tail[tail.index("\n"):] if "\n" in tail else head + f"extrapolate: {rule}"
    root = _inputs(tmp_path, old, new, file)
    message = _error(root)
    assert f"{name}.extrapolate = '{rule}'" in message and words in message
    assert f"{name} takes one of" in message or rule == "flat"
