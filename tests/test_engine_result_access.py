"""Nothing outside finmodel/model/ reads the engine's outputs by string key: they are typed fields (`EngineResult`).

Two guards. At run time `EngineResult` has no `__getitem__`, so `o["debt_hkd_bn"]` raises wherever the
suite reaches it. Statically, an AST scan of every module outside finmodel/model/ finds a read by name
of an engine output: a subscript, `.get` or `getattr` with a constant naming an engine field on a value
that holds an engine result (bound from `project(...)`, `run_batch(...)`, `run_block(s)(...)`,
`<x>.arrays` or `<x>.arrays()`, `with_debt_profile(...)`, `_view_arrays(...)`), dict iteration of such
a value, and any subscript with a key that only the engine produces (not a projection column, so no
finished table has it). The projection DataFrame (`Results.projection`) is a finished table and may be
read by column.
"""

import ast
from pathlib import Path

import numpy as np
import pytest

from finmodel.model.engine_result import EngineResult, RiskResult, field_names
from finmodel.model.results import PROFILE_COLUMNS
from finmodel.model.variables import PROJECTION_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ENGINE_FIELDS = set(field_names(EngineResult)) | set(field_names(RiskResult))
# Keys only the engine produces; "fx" and "reserves_below_floor" are also the keys of shock rows and event counts.
SHARED_WORDS = {"fx", "reserves_below_floor"}
ENGINE_ONLY = ENGINE_FIELDS - set(PROJECTION_COLUMNS) - set(PROFILE_COLUMNS) - SHARED_WORDS
RESULT_CALLS = {"project", "run_batch", "run_block", "run_blocks", "with_debt_profile", "_view_arrays", "arrays"}
DICT_METHODS = {"items", "keys", "values", "get"}


def _call_name(node):
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _is_result(node, tainted: set) -> bool:
    """Whether an expression holds an engine result: a tainted name, `x.arrays`, or a call that returns one."""
    if isinstance(node, ast.Name):
        return node.id in tainted
    if isinstance(node, ast.Attribute):
        return node.attr == "arrays"
    if isinstance(node, ast.Call):
        return _call_name(node) in RESULT_CALLS
    if isinstance(node, ast.Subscript):   # arrays[rule] of a dict of results, or run_batch(...)[0]
        return _is_result(node.value, tainted)
    return False


def _tainted_names(tree) -> set:
    """Names bound anywhere in the module to an engine result (first element of a tuple from run_batch too)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            value = node.value
            for target in node.targets:
                if isinstance(target, ast.Name) and _is_result(value, out):
                    out.add(target.id)
                elif (isinstance(target, ast.Tuple) and isinstance(value, ast.Call) and _call_name(value) in RESULT_CALLS
                      and target.elts and isinstance(target.elts[0], ast.Name)):
                    out.add(target.elts[0].id)
    return out


def _constant(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def string_reads(source: str, name: str = "<source>") -> list:
    """Every read of an engine output by string key in `source`, as 'name:line: code'."""
    tree = ast.parse(source)
    tainted = _tainted_names(tree)
    found = []
    for node in ast.walk(tree):
        bad = False
        if isinstance(node, ast.Subscript):
            key = _constant(node.slice)
            bad = key in ENGINE_ONLY or (key in ENGINE_FIELDS and _is_result(node.value, tainted))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DICT_METHODS:
            bad = _is_result(node.func.value, tainted)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2:
            bad = _constant(node.args[1]) in ENGINE_FIELDS and _is_result(node.args[0], tainted)
        if bad:
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_outside_the_model_reads_engine_outputs_by_string():
    found = []
    for path in sorted((ROOT / "finmodel").rglob("*.py")):
        if (ROOT / "finmodel" / "model") in path.parents:
            continue
        found += string_reads(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "read the typed field instead (o.debt_hkd_bn):\n" + "\n".join(found)


@pytest.mark.parametrize("code", [
    'def f(res):\n    return res.arrays["fiscal_reserves_hkd_bn"][:, 0]\n',                 # the old validation report
    'def f(a):\n    o = project(a)\n    return o["debt_hkd_bn"]\n',
    'def f(a):\n    return project(a)["debt_to_gdp_pct"][0, 1:].max()\n',                    # the old goal-seek
    'def f(a, cases):\n    o, m = run_batch(a, cases)\n    return o["headroom_hkd_bn"]\n',
    'def f(results):\n    engine = {k: v[0] for k, v in results.arrays.items()}\n    return engine\n',  # the old What-if sheet
    'def f(engine):\n    return engine["inflation"]\n',                                        # an output only the engine has
    'def f(res):\n    o = res._view_arrays("budget")\n    return getattr(o, "debt_hkd_bn")\n',
    'def f(arrays, rule):\n    return arrays[rule]["debt_to_gdp_pct"]\n' .replace("arrays[rule]", "x.arrays[rule]"),
])
def test_the_scan_catches_a_string_read(code):
    assert string_reads(code), code


def test_the_scan_lets_finished_tables_be_read_by_column():
    code = ('def f(res):\n    p = res.projection\n    q = res.summary()["headline"]\n'
            '    return p["debt_hkd_bn"], p.loc["2030-31", "debt_to_gdp_pct"], q["peak_debt_hkd_bn"], res.arrays.debt_hkd_bn\n')
    assert string_reads(code) == []


def test_an_engine_result_has_no_string_keys(baseline):
    from finmodel.model.engine import project

    o = project(baseline)
    with pytest.raises(TypeError):
        o["debt_hkd_bn"]
    assert isinstance(o.debt_hkd_bn, np.ndarray) and o.debt_hkd_bn.shape == (1, baseline.n_years)
    with pytest.raises(ValueError, match="debt_hkd"):
        o.select(["debt_hkd"])
