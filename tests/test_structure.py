"""House-style limits on the package's shape: no module over 500 lines, no function over 100, and no
module reaching into another finmodel module's private names (a helper that is shared is public,
with a docstring; a name with a leading underscore is its module's own business).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "finmodel"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 100


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _private(name: str) -> bool:
    """A leading underscore that is not a dunder (`__init__`, `__version__`)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an import-from names, made absolute for relative imports (`from . import x` in finmodel/a/b.py)."""
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)[:-1]  # a/b.py and a/__init__.py: package a
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_module(dotted: str) -> bool:
    """Whether a dotted finmodel name is a module or package (not a function or class)."""
    rel = Path(*dotted.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").is_file() or (PACKAGE.parent / rel / "__init__.py").is_file()


def private_imports(source: str, path: Path) -> list:
    """Every use of another finmodel module's private name in `source`: `from finmodel.x import _y`,
    `import finmodel._x`, and `m._y` where `m` is a finmodel module imported into the file (at any depth)."""
    tree = ast.parse(source)
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            if module != "finmodel" and not module.startswith("finmodel."):
                continue
            if any(_private(part) for part in module.split(".")):
                found.append(f"line {node.lineno}: from {module} import ...")
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {module} import {alias.name}")
                elif _is_module(f"{module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "finmodel" or alias.name.startswith("finmodel."):
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"line {node.lineno}: import {alias.name}")
                    if alias.asname:
                        modules.add(alias.asname)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and (value.id in modules or value.id == "finmodel"):
                found.append(f"line {node.lineno}: {value.id}.{'.'.join(reversed(chain))}")
    return found


def long_functions(source: str) -> list:
    """Every function or method (nested ones too) longer than the limit, from its `def` line to its last line."""
    return [f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_no_module_over_500_lines():
    long = {_name(p): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by responsibility): {long}"


def test_no_function_over_100_lines():
    long = {_name(p): f for p in _modules() if (f := long_functions(p.read_text(encoding="utf-8")))}
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps): {long}"


def test_no_module_imports_another_modules_private_names():
    found = {_name(p): f for p in _modules() if (f := private_imports(p.read_text(encoding="utf-8"), p))}
    assert not found, ("private names used across modules (make a shared helper public, without the underscore "
                       f"and with a docstring): {found}")


@pytest.mark.parametrize("source, expected", [
    ("from finmodel.model.budget import _paths\n", ["line 1: from finmodel.model.budget import _paths"]),
    ("def f():\n    from finmodel.report.stochastic import summary, _kind\n",
     ["line 2: from finmodel.report.stochastic import _kind"]),
    ("from . import _helper\n", ["line 1: from finmodel.report import _helper"]),
    ("from .stochastic import _kind\n", ["line 1: from finmodel.report.stochastic import _kind"]),
    ("from finmodel.report import stochastic as export\nexport._kind(1)\n", ["line 2: export._kind"]),
    ("import finmodel.report.stochastic as st\nst._kind(1)\n", ["line 2: st._kind"]),
    ("import finmodel\nfinmodel.report.stochastic._kind(1)\n", ["line 2: finmodel.report.stochastic._kind"]),
    ("from finmodel.report.stochastic import __doc__, shock_model_label\nfrom numpy import _globals\n", []),
    ("from finmodel.report.stochastic import summary\nsummary._private\n", []),  # a function's attribute, not a module's
])
def test_private_import_check_finds_each_form(source, expected):
    """The checker itself: each form of reaching into a private name is caught, public and dunder names pass."""
    assert private_imports(source, PACKAGE / "report" / "example.py") == expected


def test_long_function_check_counts_from_def_to_last_line():
    """A function of exactly the limit passes; a method one line longer is reported with its length."""
    def body(indent, n):
        return "".join(f"{indent}x{i} = {i}\n" for i in range(n))

    assert long_functions("def fits():\n" + body("    ", MAX_FUNCTION_LINES - 1)) == []
    method = "class C:\n    def long(self):\n" + body("        ", MAX_FUNCTION_LINES)
    assert long_functions(method) == [f"long (line 2): {MAX_FUNCTION_LINES + 1} lines"]
