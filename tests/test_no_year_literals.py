"""No fiscal-year or Budget-year literal in finmodel/ code: the Budget is data.

Every string and number constant of every module under finmodel/ (the installed copy of the inputs
aside) is scanned with `ast`, docstrings and comments skipped: a fiscal-year label ("2026-27"), a
string that is a year ("2026") or a year written as an integer (2030) fails, naming the file, the line
and the literal. A year the code needs comes from the inputs (`Assumptions.years`, `mrf_last_year`,
`verdicts.budget_year`) or from the history tables. ALLOWED lists the few literals that are not a
Budget's year, each with its reason; an entry no longer found fails too, so the list only shrinks.
"""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "finmodel"
LABEL = re.compile(r"(?<![\d])((?:19|20)\d\d)-(\d\d)(?![\d]|-\d)")   # a label: "2026-27", not a date ("2026-04-14")
YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*$")
YEAR_INT = re.compile(r"^(?:19\d\d|20\d\d|2100)$")

# (module, literal): why it is not a Budget's year.
ALLOWED = {
    ("finmodel/fiscal_year.py", "2026"): "EXAMPLE_YEAR: the one year format examples in messages and help are written with",
    ("finmodel/cli/simulate.py", "2026"): "DEFAULT_SEED: a random seed (recorded in run names and outputs), not a year",
    ("finmodel/analysis/record_coverage.py", "2026"): "CALIBRATION_SEED: the shock-scale calibration's random seed (the "
                                                      "default --seed's value), not a year",
    ("finmodel/cli/simulate.py", "2030-31"): "--paths help: run times measured to that horizon (a benchmark's fact)",
    ("finmodel/cli/simulate.py", "2050-51"): "--paths help: run times measured to that horizon (a benchmark's fact)",
    ("finmodel/report/workbook/style.py", "2026"): "FIXED_TIME: the fixed timestamp written into workbooks so reruns are "
                                                   "byte-identical (the shipped inputs' vintage), not a Budget's year",
    ("finmodel/inputs/validation/history.py", "1900"): "the range of a plausible calendar year in a history table (a typo guard)",
    ("finmodel/inputs/validation/history.py", "2100"): "the range of a plausible calendar year in a history table (a typo guard)",
    ("finmodel/inputs/long_run.py", "1900"): "the range of a plausible calendar year in long_run.yaml (a typo guard)",
    ("finmodel/inputs/long_run.py", "1990"): "the range of a plausible base or target year in long_run.yaml (a typo guard)",
    ("finmodel/inputs/long_run.py", "2100"): "the range of a plausible base or target year in long_run.yaml (a typo guard)",
    ("finmodel/inputs/validation/peers.py", "1990"): "YEAR_RANGE: the years a peer figure may be for (a typo guard)",
    ("finmodel/inputs/validation/peers.py", "2060"): "YEAR_RANGE: the years a peer figure may be for (a typo guard)",
    ("finmodel/analysis/sensitivity/buoyancy.py", "2011-12"): "a caveat on the history record's definitions (hk_fiscal_long.csv)",
    ("finmodel/analysis/sensitivity/buoyancy.py", "2014-15"): "a caveat on the history record's definitions (hk_fiscal_long.csv)",
    ("finmodel/analysis/sensitivity/buoyancy.py", "2015-16"): "a caveat on the history record's definitions (hk_fiscal_long.csv)",
}


def _docstrings(tree) -> set:
    """ids of the Constant nodes that are docstrings (a module's, class's or function's first statement)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def year_literals(path: Path) -> list:
    """(line, literal) for every fiscal-year or year literal in the module's code."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = [line.encode("utf-8") for line in text.splitlines()]
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, str):
            for start, end in LABEL.findall(value):
                if (int(start) + 1) % 100 == int(end):
                    found.append((node.lineno, f"{start}-{end}"))
            if YEAR.match(value):
                found.append((node.lineno, value.strip()))
        elif isinstance(value, int) and not isinstance(value, bool) and node.lineno == node.end_lineno:
            source = lines[node.lineno - 1][node.col_offset:node.end_col_offset].decode("utf-8")   # offsets count UTF-8 bytes
            if YEAR_INT.match(source):
                found.append((node.lineno, source))
    return sorted(found)


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "data/inputs" not in p.as_posix())


def test_no_fiscal_year_literal_in_finmodel_code():
    seen, bad = set(), []
    for path in _modules():
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for line, literal in year_literals(path):
            if (rel, literal) in ALLOWED:
                seen.add((rel, literal))
            else:
                bad.append(f"{rel}:{line}: {literal!r}")
    assert not bad, ("fiscal-year or year literals in finmodel/ code (read the year from the inputs: Assumptions.years, "
                     "mrf_last_year, verdicts.budget_year; or add a justified entry to ALLOWED):\n" + "\n".join(bad))
    assert seen == set(ALLOWED), f"ALLOWED entries no longer found (remove them): {sorted(set(ALLOWED) - seen)}"


def test_the_scan_finds_each_kind_of_literal(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Docstring 2026-27 is skipped."""\n# comment 2030-31 is skipped\n'
                      'A = "from 2026-27"\nB = f"to {x} 2030-31"\nC = "2031"\nD = 2030\nE = 2_000\nF = 2000.0\nG = 12026\n'
                      'def f():\n    """2027-28 skipped."""\n    return "2040-41"\n', encoding="utf-8")
    assert year_literals(module) == [(3, "2026-27"), (4, "2030-31"), (5, "2031"), (6, "2030"), (12, "2040-41")]
