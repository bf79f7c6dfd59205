"""The package's layers: the import-linter contract in pyproject.toml holds, and there are no import cycles."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def _lint(cwd, package_parent):
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(package_parent)}
    return subprocess.run([LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_layers_contract_is_kept():
    r = _lint(ROOT, ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 kept, 0 broken" in r.stdout


def test_contract_fails_when_a_lower_layer_imports_a_higher_one(tmp_path):
    """A copy of the package whose engine imports a report: lint-imports must refuse it."""
    shutil.copytree(ROOT / "finmodel", tmp_path / "finmodel", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    engine = tmp_path / "finmodel" / "model" / "engine.py"
    engine.write_text(engine.read_text() + "\n\ndef _late():\n    from finmodel.report import tables  # noqa: F401\n")
    r = _lint(tmp_path, tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "BROKEN" in r.stdout and "finmodel.model.engine -> finmodel.report.tables" in r.stdout


def _cycles(graph) -> list:
    """Strongly connected groups of more than one module (Tarjan), over every import, function-level ones included."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(m):
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in sorted(graph.find_modules_directly_imported_by(m)):
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while True:
                n = stack.pop()
                on_stack.discard(n)
                group.append(n)
                if n == m:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for m in sorted(graph.modules):
        if m not in index:
            visit(m)
    return groups


def test_no_import_cycles():
    graph = grimp.build_graph("finmodel", cache_dir=None)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for m in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(m)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b"]]
