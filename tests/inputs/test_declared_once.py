"""Each input parameter's unit and bounds are declared once (finmodel/inputs/schema.py); what is written elsewhere is checked against it.

The YAML files and the inputs workbook repeat a parameter's unit for the reader ("HK$ bn, fiscal
reserves at 31 March"); the model reads the figure in the declared unit, so a written unit that
names another one is an error, not a comment the model ignores.
"""

import openpyxl
import pytest
import yaml

from finmodel.inputs.errors import InputError
from finmodel.inputs.load import read_inputs
from finmodel.inputs.schema import BY_NAME, PARAMS, unit_agrees
from finmodel.inputs.workbook import SCALARS, read_inputs_workbook
from finmodel.inputs.validation import validate
from finmodel.report.workbook.inputs_workbook import write_inputs_workbook
from tests.conftest import INPUTS


@pytest.mark.parametrize("declared, written, agrees", [
    ("HK$ bn", "HK$ bn", True),
    ("HK$ bn", "HK$ bn, fiscal reserves at 31 March 2025", True),
    ("HK$ bn", "HK$ bn a year, gross issuance", True),
    ("% a year", "% a year, underlying CPI (for inflation-linked retail bonds)", True),
    ("pp", "pp of GDP: a debt-to-GDP excess", True),
    ("% of GDP", "  % of   GDP  ", True),          # spacing is not a unit
    ("HK$ bn", "% of GDP", False),
    ("HK$ bn", "HK$ bnx", False),                   # a longer word is another unit
    ("% a year", "%", False),
    ("ratio", "", False),
])
def test_a_written_unit_agrees_when_it_begins_with_the_declared_one(declared, written, agrees):
    assert unit_agrees(declared, written) is agrees


def test_every_shipped_yaml_unit_agrees_with_its_declaration():
    files = {p.file for p in PARAMS} | {f"scenarios/{s.name}" for s in (INPUTS / "scenarios").glob("*.yaml")}
    checked = 0
    for name in sorted(files):
        data = yaml.safe_load((INPUTS / name).read_text(encoding="utf-8"))
        for key, entry in data.items():
            if isinstance(entry, dict) and "unit" in entry:
                assert unit_agrees(BY_NAME[key].unit, entry["unit"]), (name, key, entry["unit"], BY_NAME[key].unit)
                checked += 1
    assert checked >= len([p for p in PARAMS if not p.optional])  # every required parameter of the four files writes its unit


def test_fx_bounds_are_the_declared_ones(tmp_path):
    raw = read_inputs(INPUTS)
    raw.files["borrowing.yaml"].data["fx_hkd_per_unit"]["values"]["RMB"] = 0.005
    assumptions = validate(raw)
    warned = [str(w) for w in assumptions.warnings if "fx_hkd_per_unit[RMB]" in str(w)]
    p = BY_NAME["fx_hkd_per_unit"]
    assert p.plausible == (0.01, 100.0)
    assert warned and "outside the plausible range 0.01 to 100 HK$ per unit" in warned[0]


def test_the_workbook_unit_column_is_checked_with_its_cell(tmp_path):
    path = write_inputs_workbook(read_inputs(INPUTS), tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[SCALARS]
    head = [c.value for c in ws[1]]
    row = next(c.row for c in ws["A"] if c.value == "band_high_pct")
    cell = ws.cell(row, head.index("Unit") + 1)
    cell.value = "HK$ bn"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_inputs_workbook(path)
    msg = str(err.value)
    assert f"sheet 'Scalars', cell {cell.coordinate}: band_high_pct unit = 'HK$ bn'" in msg
    assert "the model reads this figure in '% of GDP'" in msg


def _literal_bounds(path):
    """Calls in a module that check a number against bounds typed in place: `.number(..., (0.0, 1.0), ...)` or `_validation(..., 0.0, 30.0)`."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name == "number":
            found += [ast.unparse(a) for a in node.args if isinstance(a, ast.Tuple) and all(isinstance(e, ast.Constant) for e in a.elts)]
        elif name == "_validation":
            found += [ast.unparse(a) for a in node.args[2:] if isinstance(a, ast.Constant) and isinstance(a.value, (int, float))]
    return found


def test_no_reader_or_validator_types_a_bound_again():
    """The bounds of every input are read from finmodel/inputs/schema.py (or history_schema.py), never typed again where they are checked."""
    from tests.conftest import ROOT

    modules = [*(ROOT / "finmodel" / "inputs" / "validation").glob("*.py"), ROOT / "finmodel" / "inputs" / "workbook.py",
               ROOT / "finmodel" / "report" / "workbook" / "inputs_workbook.py"]
    typed = {str(m.relative_to(ROOT)): _literal_bounds(m) for m in modules}
    assert {m: b for m, b in typed.items() if b} == {}
