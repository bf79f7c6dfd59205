"""Exporters never compute: no module under finmodel/report/ imports or calls what runs the model.

The heat map's stress runs, the Budget views and the validation report's runs are made by the
analysis and model layers in the command's flow and handed over finished. An AST scan of every
module under finmodel/report/ (function-level imports included) refuses an import of a module that
runs the model, or of a runner from a module the report may otherwise read constants from.
"""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "finmodel" / "report"
# Modules whose every import is refused: they run the engine or hold nothing an exporter needs.
RUNNING_MODULES = {"finmodel.model.engine", "finmodel.model.pipeline", "finmodel.model.calibration", "finmodel.model.budget_plan",
                   "finmodel.analysis.heat_map", "finmodel.analysis.validation", "finmodel.analysis.sensitivity.goalseek",
                   "finmodel.api"}
# Runners in modules whose constants a report may import.
RUNNERS = {
    "finmodel.analysis.sensitivity.batch": {"run_batch", "shocks_for", "metrics"},
    "finmodel.analysis.sensitivity.analysis": {"analyse"},
    "finmodel.analysis.batch": {"run_cases", "load"},
    "finmodel.analysis.stochastic": {"simulate", "run_block", "run_blocks"},
    "finmodel.analysis.backtest": {"run_backtest"},
    "finmodel.model.results": {"budget_views", "with_debt_profile"},
    "finmodel": {"run"},
}


def computing_imports(source: str, name: str = "<source>") -> list:
    """Every import (or `finmodel.<module>.<runner>` attribute use) in `source` of something that runs the model."""
    found = []
    for node in ast.walk(ast.parse(source)):
        hits = []
        if isinstance(node, ast.Import):
            hits = [a.name for a in node.names if a.name in RUNNING_MODULES or a.name.startswith("finmodel.model.engine")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                if node.module in RUNNING_MODULES or full in RUNNING_MODULES or a.name in RUNNERS.get(node.module, ()):
                    hits.append(full)
        elif isinstance(node, ast.Attribute):
            text = ast.unparse(node)
            if any(text == m or text.startswith(m + ".") for m in RUNNING_MODULES):
                hits.append(text)
        found += [f"{name}:{node.lineno}: {h}" for h in hits]
    return found


def test_no_report_module_imports_what_runs_the_model():
    found = []
    for path in sorted(REPORT.rglob("*.py")):
        found += computing_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "compute it in the command's flow and hand it to the exporter:\n" + "\n".join(found)


def test_every_named_runner_exists():
    """A renamed runner must not silently leave the scan: each name above is in its module."""
    for module, names in RUNNERS.items():
        m = importlib.import_module(module)
        assert all(hasattr(m, n) for n in names), (module, [n for n in names if not hasattr(m, n)])
    for module in RUNNING_MODULES:
        importlib.import_module(module)


@pytest.mark.parametrize("code", [
    # The Heat map sheet's old fallback: it re-ran the engine when no heat map was handed over.
    "def write_heat_map(ws, results, st, hm=None):\n    if hm is None:\n        from finmodel.analysis.heat_map import build\n"
    "        hm = build(results)\n",
    "from finmodel.analysis.sensitivity.batch import parse_range, run_batch\n",
    "def f():\n    from finmodel.model.engine import Shocks\n",                  # the old validation report
    "def f(a):\n    from finmodel.model.pipeline import run\n    return run(a)\n",
    "import finmodel.model.engine\n",
    "import finmodel\ndef f(a):\n    return finmodel.model.engine.project(a)\n",
    "from finmodel.analysis.stochastic import PERCENTILES, simulate\n",
])
def test_the_scan_catches_an_exporter_that_computes(code):
    assert computing_imports(code), code


def test_the_scan_lets_a_report_read_constants():
    code = ("from finmodel.analysis.stochastic import EVENTS, FAN_VARIABLES, PERCENTILES\n"
            "from finmodel.analysis.sensitivity.batch import parse_range\nfrom finmodel.model.results import peer_comparisons\n")
    assert computing_imports(code) == []
