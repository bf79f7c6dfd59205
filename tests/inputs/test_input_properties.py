"""Property tests of the loader: any input is either accepted or refused with the project's InputError.

Random corruptions of the shipped files (tokens replaced by hostile text, lines deleted or
repeated, bytes cut) must never raise anything else; random valid values within the declared
bounds must be accepted and give finite assumptions, and fitted and run, finite figures.
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finmodel.inputs.errors import InputError
from finmodel.inputs.load import load_assumptions
from finmodel.inputs.reader import CSV_FILES, YAML_FILES
from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS

FILES = YAML_FILES + CSV_FILES + ("fitted_plan.yaml",)
ORIGINAL = {name: (INPUTS / name).read_text(encoding="utf-8") for name in FILES}
HOSTILE = ["nan", ".nan", ".inf", "-.inf", "1e400", "-1e309", "9" * 400, "012", "0x1F", "1:30", "3,0", "1_000", "yes", "NO",
           "off", "~", "null", "", "2026-04-01", "2026-28", "[", "]", "{", "}", "'", '"', "&a", "*a", "<<: *a",
           "!!python/object/apply:os.system ['true']", "!!binary AAAA", "- x", ":", "? x", "---", "...", "%TAG ! x",
           "\t", "\x00", "\x85", "\ufeff", "é", "-0", "0", "-1", "1e3", "3.85", "385", "0.0385", "true", "false",
           "A", "B", "HKD", "XXX", "2025-26", "2100-01", "2101-02", "{a: 1}", "[1, 2]", "\"\"\"", ",", ",,", "\r\n"]
SETTINGS = settings(max_examples=int(os.environ.get("FINMODEL_PROP_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(files: dict, **kw):
    """Write the files to a fresh folder and load them; return the Assumptions or the InputError."""
    root = Path(tempfile.mkdtemp(prefix="finmodel-prop-"))
    try:
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
            (root / name).write_bytes(data)
        try:
            return load_inputs(root, **kw)
        except InputError as err:
            assert err.problems, "an InputError must carry at least one problem"
            for p in err.problems:
                assert str(p)
            return err
    finally:
        shutil.rmtree(root)


def _tokens(text):
    return [m.span() for m in re.finditer(r"[^\s,{}\[\]:\"]+", text)]


@st.composite
def corruption(draw):
    """One baseline file with one to three random edits."""
    name = draw(st.sampled_from(FILES))
    text = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["token", "token_text", "delete_line", "repeat_line", "cut", "insert"]))
        if not text.strip():
            break
        if kind.startswith("token"):
            spans = _tokens(text)
            a, b = spans[draw(st.integers(0, len(spans) - 1))]
            new = draw(st.sampled_from(HOSTILE)) if kind == "token" else draw(st.text(max_size=8))
            text = text[:a] + new + text[b:]
        elif kind in ("delete_line", "repeat_line"):
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            lines[i:i + 1] = [] if kind == "delete_line" else [lines[i], lines[i]]
            text = "".join(lines)
        elif kind == "cut":
            a = draw(st.integers(0, len(text)))
            text = text[:a]
        else:
            a = draw(st.integers(0, len(text)))
            text = text[:a] + draw(st.sampled_from(HOSTILE)) + text[a:]
    return name, text


@SETTINGS
@given(corruption())
def test_corrupted_inputs_are_accepted_or_refused_with_input_error(case):
    name, text = case
    files = dict(ORIGINAL)
    files[name] = text
    _load(files)


@SETTINGS
@given(st.sampled_from(FILES), st.binary(max_size=200))
def test_arbitrary_bytes_in_any_file_give_input_error_or_pass(name, data):
    files = dict(ORIGINAL)
    files[name] = data
    out = _load(files)
    assert isinstance(out, InputError) or data.strip() == b""


def _set(text, key, year, value):
    """Replace the value of `key`'s entry for fiscal year `year` (a "YYYY-YY": number pair) in a YAML text."""
    start = text.index(f"\n{key}:")
    end = text.find("\n\n", start)
    block = text[start:end]
    new, n = re.subn(rf'"{year}": [-0-9.]+', f'"{year}": {value!r}', block, count=1)
    assert n == 1
    return text[:start] + new + text[end:]


def _valid_files(growth, deflator, capex, land, rate):
    """The shipped files with one value of each of five inputs replaced by a value within its declared bounds."""
    files = dict(ORIGINAL)
    files["macro.yaml"] = _set(_set(files["macro.yaml"], "real_growth_pct", "2028-29", growth), "deflator_pct", "2029-30", deflator)
    fiscal = _set(files["fiscal.yaml"], "capital_works_hkd_bn", "2027-28", capex)
    fiscal = _set(fiscal, "land_premium_pct_gdp", "2028-29", land)
    files["fiscal.yaml"] = _set(fiscal, "investment_income_rate_pct", "2026-27", rate)
    return files


_VALID = dict(growth=st.floats(-8.0, 9.0), deflator=st.floats(-4.0, 8.0), capex=st.floats(0.0, 500.0),
              land=st.floats(0.0, 8.0), rate=st.floats(0.0, 10.0), horizon=st.sampled_from([2027, 2030, 2040]))


@SETTINGS
@given(**_VALID)
def test_random_valid_inputs_are_accepted(growth, deflator, capex, land, rate, horizon):
    """Read and validated (no Budget-plan fit: that is the next test's), the values give finite assumptions."""
    root = Path(tempfile.mkdtemp(prefix="finmodel-prop-"))
    try:
        for name, text in _valid_files(growth, deflator, capex, land, rate).items():
            (root / name).write_text(text, encoding="utf-8")
        a, _ = load_assumptions(root, horizon=horizon)
    finally:
        shutil.rmtree(root)
    assert a.years[-1] == horizon
    for arr in (a.nominal_growth, a.inflation, a.ceiling_hkd_bn, a.issuance_plan_hkd_bn, a.investment_rate):
        assert np.isfinite(arr).all()


@settings(SETTINGS, max_examples=int(os.environ.get("FINMODEL_PROP_EXAMPLES", "8")))
@example(growth=-8.0, deflator=-4.0, capex=500.0, land=0.0, rate=0.0, horizon=2040)   # every value at its worst bound
@example(growth=9.0, deflator=8.0, capex=0.0, land=8.0, rate=10.0, horizon=2040)      # every value at its best bound
@given(**_VALID)
def test_random_valid_inputs_are_fitted_and_run_to_finite_figures(growth, deflator, capex, land, rate, horizon):
    """The whole load (holding the fitted Budget plan: these inputs are a what-if on it) and a run give finite figures.

    Fewer examples than the other properties (8 drawn, plus both corners of the bounds): values this
    far from the Budget's make its published targets unmeetable in most draws, and each such fit is
    a scipy SLSQP search of ~0.8 s; acceptance over the same values is checked at full count above.
    """
    a = _load(_valid_files(growth, deflator, capex, land, rate), horizon=horizon)
    assert not isinstance(a, InputError), str(a)
    assert a.years[-1] == horizon
    p = run(a).projection
    assert np.isfinite(p[["debt_hkd_bn", "fiscal_reserves_hkd_bn", "revenue_hkd_bn", "debt_to_gdp_pct", "interest_to_revenue_pct"]].to_numpy()).all()


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                     st.sampled_from(HOSTILE), st.text(max_size=6))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.sampled_from(["2026-27", "2027-28", "value", "values", "HKD", "x"]), inner, max_size=3)),
                       max_leaves=6)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["real_growth_pct", "capital_works_hkd_bn", "new_issue_mix", "fx_hkd_per_unit",
                                        "financing_rule", "band_high_pct", "issuance_plan_hkd_bn", "real_growth", "description"]),
                       st.dictionaries(st.sampled_from(["values", "value", "plans", "buckets", "extrapolate", "source", "valeus"]), _VALUES, max_size=3)
                       | _VALUES, max_size=3))
def test_random_scenarios_give_input_error_or_pass(overlay):
    import yaml

    files = dict(ORIGINAL)
    files["scenarios/random.yaml"] = yaml.safe_dump(overlay, allow_unicode=True)
    root = Path(tempfile.mkdtemp(prefix="finmodel-prop-"))
    try:
        (root / "scenarios").mkdir()
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_inputs(root, scenario="random")
        except InputError as err:
            assert err.problems
    finally:
        shutil.rmtree(root)
