"""Golden files: every shipped scenario's projection and headline figures, as accepted, in tests/golden/.

For the baseline and each `inputs/scenarios/*.yaml`: `projection_<name>.csv` (the projection
frame, 12 significant digits) and `headline_<name>.json` (the summary's headline figures). The
comparison is of values, not bytes: column names, years, text and flags exactly, numbers to
1e-9 of max(1, |value|) (the golden files hold 12 significant digits, and the Budget-plan fit's
linear algebra may differ in the last bits between machines and BLAS builds). The files hold no
model version, so a version bump changes none of them. To accept an intended change:

    python -m pytest --accept-golden tests/model/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

import json
import math

import numpy as np
import pandas as pd
import pytest

from finmodel.model.pipeline import load_inputs, run
from tests.conftest import INPUTS, ROOT

GOLDEN = ROOT / "tests" / "golden"
SCENARIOS = ["baseline", *sorted(p.stem for p in (INPUTS / "scenarios").glob("*.yaml"))]
RTOL = 1e-9
ACCEPT = "python -m pytest --accept-golden tests/model/test_golden.py"


@pytest.fixture(scope="module", params=SCENARIOS)
def scenario_results(request, baseline_results):
    name = request.param
    if name == "baseline":
        return name, baseline_results
    return name, run(load_inputs(INPUTS, scenario=name), scenario=name)


def _rounded(value):
    """Floats to 12 significant digits (as in the CSV), recursively; everything else as it is."""
    if isinstance(value, float):
        return float(f"{value:.12g}") if math.isfinite(value) else value
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _differences(golden, current, where="") -> list:
    """Where two JSON values differ: numbers beyond RTOL of max(1, |golden|), anything else at all."""
    if isinstance(golden, dict) and isinstance(current, dict):
        if list(golden) != list(current):
            return [f"{where or 'headline'}: keys {list(golden)} != {list(current)}"]
        return [d for k in golden for d in _differences(golden[k], current[k], f"{where}.{k}" if where else k)]
    numbers = (int, float)
    if isinstance(golden, numbers) and isinstance(current, numbers) and not isinstance(golden, bool) and not isinstance(current, bool):
        return [] if abs(golden - current) <= RTOL * max(1.0, abs(golden)) else [f"{where}: {golden!r} != {current!r}"]
    return [] if golden == current else [f"{where}: {golden!r} != {current!r}"]


def _golden_or_accept(path, text, accept):
    if accept:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path.relative_to(ROOT)}; to write it: {ACCEPT}"
    return path


def test_projection_matches_the_golden_file(scenario_results, accept_golden):
    name, res = scenario_results
    current = res.projection
    path = _golden_or_accept(GOLDEN / f"projection_{name}.csv",
                             current.to_csv(float_format="%.12g", lineterminator="\n"), accept_golden)
    golden = pd.read_csv(path, index_col="fiscal_year")
    how = f"if the change is intended, accept it with: {ACCEPT}"
    assert list(golden.columns) == list(current.columns), f"{name}: the columns changed; {how}"
    assert list(golden.index) == list(current.index), f"{name}: the years changed; {how}"
    g, c = golden.to_numpy(dtype=float), current.to_numpy(dtype=float)
    bad = ~((np.isnan(g) & np.isnan(c)) | (np.abs(g - c) <= RTOL * np.maximum(1.0, np.abs(g))))
    cells = [f"{golden.index[i]} {golden.columns[j]}: {float(g[i, j])!r} -> {float(c[i, j])!r}" for i, j in zip(*np.nonzero(bad))]
    assert not cells, f"{name}: {len(cells)} values differ from {path.name}, e.g. {cells[:5]}; {how}"


def test_headline_figures_match_the_golden_file(scenario_results, accept_golden):
    name, res = scenario_results
    current = _rounded(res.summary()["headline"])
    path = _golden_or_accept(GOLDEN / f"headline_{name}.json", json.dumps(current, indent=1) + "\n", accept_golden)
    diff = _differences(json.loads(path.read_text(encoding="utf-8")), current)
    assert not diff, f"{name}: the headline differs from {path.name}: {diff[:5]}; if the change is intended, accept it with: {ACCEPT}"


def test_every_golden_file_belongs_to_a_shipped_scenario():
    names = {f"{kind}_{name}.{ext}" for name in SCENARIOS for kind, ext in (("projection", "csv"), ("headline", "json"))}
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in names)
    assert not stale, f"golden files of no shipped scenario: {stale}; delete them"
