"""The reader: a strict safe YAML loader that keeps numbers numbers and refuses YAML 1.1 traps."""

import math

import pytest

from finmodel.inputs.errors import InputError
from finmodel.inputs.load import read_inputs
from finmodel.inputs.reader import parse_yaml
from tests.conftest import INPUTS


def _parse(text):
    problems = []
    return parse_yaml(text, "x.yaml", problems), problems


@pytest.mark.parametrize("text, value", [
    ("1e3", 1000.0), ("2.5E-2", 0.025), ("3.85", 3.85), ("7", 7), ("-0.5", -0.5), ("+3", 3), ("1.", 1.0),
    ("012", "012"), ("0x1F", "0x1F"), ("1:30", "1:30"), ("1_000", "1_000"), ("3,0", "3,0"),
    ("yes", "yes"), ("NO", "NO"), ("on", "on"), ("true", True), ("False", False), ("~", None), ("null", None),
    ("2026-04-01", "2026-04-01"), ("2026-27", "2026-27"),
])
def test_scalars_follow_yaml_1_2_not_1_1(text, value):
    data, problems = _parse(f"a: {text}\n")
    assert problems == [] and data["a"] == value and type(data["a"]) is type(value)


def test_nan_and_infinity_are_floats_for_validation_to_refuse():
    data, _ = _parse("a: .nan\nb: -.inf\n")
    assert math.isnan(data["a"]) and data["b"] == -math.inf


def test_duplicate_keys_aliases_and_unsafe_tags_are_refused():
    for text, words in (("a: 1\na: 2\n", "duplicate key at line 2"), ("a: &x 1\nb: *x\n", "aliases"),
                        ("a: !!python/object/apply:os.system ['true']\n", "malformed YAML"), ("[" * 5000, "nested too deeply")):
        data, problems = _parse(text)
        assert data is None and any(words in str(p) for p in problems), (text[:20], problems)


def test_read_inputs_keeps_what_it_could_read(tmp_path):
    import shutil

    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("history"))
    (root / "macro.yaml").write_text("a: [\n")
    with pytest.raises(InputError) as info:
        read_inputs(root)
    assert "malformed YAML" in str(info.value)
    assert set(info.value.partial.files) == {"fiscal.yaml", "borrowing.yaml", "budget_plan.yaml", "opening_book.csv", "peers.csv",
                                             "fitted_plan.yaml", "gfsm_classification.csv"}


def test_openpyxl_parses_workbooks_through_defusedxml():
    """Workbooks are read with defusedxml underneath openpyxl (no XML entity expansion attacks)."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
