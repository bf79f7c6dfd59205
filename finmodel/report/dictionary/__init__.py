"""The data dictionary: every column and JSON key finmodel writes, with meaning, unit and source, generated from declarations.

projection.csv is read from `finmodel.model.variables` (label, unit, when undefined) and
`.projection` (source); every other file from `.project` and `.commands`. `python -m
finmodel.report.dictionary` writes docs/data_dictionary.md and docs/data_dictionary.csv;
`--check` fails when the committed files differ (the test suite runs the same check, and another
test runs every command and compares what it wrote with these declarations).

A name in angle brackets stands for keys or columns that vary with the run: `<fiscal_year>` (a
fiscal year label), `<file>` (an input file's name), `<case>`, `<scenario>`, `<question>`, `<row>`,
`<column>`. A JSON key is its path from the top, `[]` marking a list's items.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from finmodel import fiscal_year
from finmodel.model.variables import OUTTURN_ADJUSTMENT, OUTTURN_ADJUSTMENT_AFTER, VARIABLES
from finmodel.report.dictionary import batch as b
from finmodel.report.dictionary import commands as c
from finmodel.report.dictionary import long_run
from finmodel.report.dictionary import monthly as m
from finmodel.report.dictionary import project as p
from finmodel.report.dictionary.projection import SOURCES

DOCS = Path(__file__).resolve().parents[3] / "docs"
MARKDOWN = "data_dictionary.md"
TABLE = "data_dictionary.csv"
FISCAL_YEAR = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class Field:
    """One column or JSON key of one output file: meaning, unit, and the input or equation it comes from."""

    command: str
    file: str
    name: str
    meaning: str
    unit: str
    source: str


def projection_fields() -> list:
    """projection.csv: the fiscal year, then every output variable as declared (label, unit), with its source."""
    rows = [("fiscal_year", "fiscal year (1 April to 31 March)", "fiscal year", "the projection's years: the opening year (the first year of nominal GDP in macro.yaml) to --horizon")]
    for v in VARIABLES:
        meaning = " ".join(v.label.split())
        if v.undefined:
            meaning += f"; empty {v.undefined}"
        rows.append((v.name, meaning, v.unit, SOURCES.get(v.name, "")))  # a variable without a source fails the dictionary's test
        if v.name == OUTTURN_ADJUSTMENT_AFTER:   # a column only when an outturn replaces the revised estimate
            v = OUTTURN_ADJUSTMENT
            rows.append((v.name, " ".join(v.label.split()), v.unit, SOURCES.get(v.name, "")))
    return rows


# Declared fields written only when an outturn replaces the revised estimate (never on the shipped inputs):
# tests/model/test_opening_outturn.py checks them on a run that has one.
ONLY_WITH_OUTTURN = {("project", "projection.csv"): (OUTTURN_ADJUSTMENT.name,),
                     ("project", "summary.json"): tuple(name for name, *_ in p.OPENING_POSITION)}
# Declared fields written only when an option is given (the brief's language other than English):
# tests/report/test_brief_zh.py checks them on such a run.
ONLY_WITH_OPTION = {("project", "summary.json"): ("run.options.lang",)}


# (command, file, fields): the order of the dictionary.
FILES = [
    ("project", "projection.csv", projection_fields()),
    ("project", "bonds.csv", p.BONDS),
    ("project", "maturity_profile.csv", p.MATURITY),
    ("project", "peers.csv", p.PEERS),
    ("project", "long_run.csv", long_run.TABLE),
    ("project", "summary.json", p.SUMMARY),
    ("simulate", "breach_probabilities.csv", c.BREACH),
    ("simulate", "fan.csv", c.FAN),
    ("simulate", "summary.json", c.SIMULATE_SUMMARY),
    ("simulate", "forecast_record.csv", c.FORECAST_RECORD),
    ("simulate", "forecast_errors.csv", c.FORECAST_ERRORS),
    ("simulate", "balance_errors.csv", c.BALANCE_ERRORS),
    ("simulate", "fan_coverage.csv", c.FAN_COVERAGE),
    ("simulate", "calibration.csv", c.CALIBRATION_GRID),
    ("sensitivity", "sensitivity.csv", c.SENSITIVITY),
    ("sensitivity", "grid_gdp_land.csv", c.GRID),
    ("sensitivity", "land_financing_rules.csv", c.LAND_RULES),
    ("sensitivity", "sensitivity_by_rule.csv", c.SENSITIVITY),
    ("sensitivity", "sensitivity_paths.csv", c.SENSITIVITY_PATHS),
    ("sensitivity", "sensitivity_run.json", c.SENSITIVITY_RUN),
    ("compare", "compare_headline.csv", c.COMPARE_HEADLINE),
    ("compare", "compare_paths.csv", c.COMPARE_PATHS),
    ("compare", "compare_run.json", c.COMPARE_RUN),
    ("solve", "solve_paths.csv", c.SOLVE_PATHS),
    ("solve", "solve.json", c.SOLVE),
    ("backtest", "backtest.csv", c.BACKTEST),
    ("backtest", "backtest.json", c.BACKTEST_JSON),
    ("monthly track", "tracker.csv", m.TRACKER),
    ("monthly track", "tracker.json", m.TRACKER_JSON),
    ("diff", "diff_inputs.csv", m.DIFF_INPUTS),
    ("diff", "diff_input_lines.csv", m.DIFF_LINES),
    ("diff", "diff_figures.csv", m.DIFF_FIGURES),
    ("diff", "diff_paths.csv", m.DIFF_PATHS),
    ("diff", "diff.json", m.DIFF_JSON),
    ("batch", "batch_summary.csv", b.SUMMARY),
    ("batch", "batch_bad_rows.csv", b.BAD_ROWS),
    ("batch", "batch_run.json", b.BATCH_RUN),
    ("batch", "finmodel_<run>.xlsx", b.WORKBOOK),
]


def fields() -> list:
    """Every declared field, in the dictionary's order; a name declared twice for one file is an error."""
    out = []
    for command, file, rows in FILES:
        seen = set()
        for name, meaning, unit, source in rows:
            if name in seen:
                raise ValueError(f"{command} {file}: {name} declared twice")
            seen.add(name)
            out.append(Field(command, file, name, meaning, unit, source))
    return out


def key_paths(record, prefix=()) -> set:
    """Every key path of a JSON record as tuples ('headline', 'peak_debt_hkd_bn'); a list's items add the part '[]'."""
    found = set()
    if isinstance(record, dict):
        for k, v in record.items():
            path = prefix + (str(k),)
            found.add(path)
            found |= key_paths(v, path)
    elif isinstance(record, list):
        for v in record:
            found |= key_paths(v, prefix + ("[]",))
    return found


def split(name: str) -> tuple:
    """A declared name as a key path: 'a.b[].c' -> ('a', 'b', '[]', 'c'); a column name is one part."""
    return tuple(part for part in name.replace("[]", ".[].").split(".") if part) if "." in name or "[]" in name else (name,)


def _part_matches(declared: str, actual: str) -> bool:
    if declared == "<fiscal_year>":
        return bool(FISCAL_YEAR.fullmatch(actual))
    if "<fiscal_year>" in declared:   # a column named with a year inside it: balance_ytd_<fiscal_year>_hkd_bn
        return bool(re.fullmatch(re.escape(declared).replace(re.escape("<fiscal_year>"), FISCAL_YEAR.pattern), actual))
    if declared.startswith("<") and declared.endswith(">"):
        return actual != "[]"
    return declared == actual


def matches(declared: tuple, actual: tuple) -> bool:
    """Whether an output's key path (or column) is the declared one, a placeholder part standing for any key."""
    return len(declared) == len(actual) and all(_part_matches(d, a) for d, a in zip(declared, actual))


def undeclared_and_unused(declared_names, actual_paths) -> tuple:
    """(paths written but not declared, declared names that match nothing written), both sorted.

    A literal declaration wins over a placeholder at the same place, so `headline.horizon` is
    not also counted as a `<fiscal_year>`.
    """
    declared = [split(n) for n in declared_names]
    used, missing = set(), []
    for path in sorted(actual_paths):
        hits = [d for d in declared if d == path] or [d for d in declared if matches(d, path)]
        if not hits:
            missing.append(".".join(path).replace(".[]", "[]"))
        used.update(hits)
    unused = sorted(n for n, d in zip(declared_names, declared) if d not in used)
    return missing, unused


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """docs/data_dictionary.md: one table per output file, grouped by command."""
    lines = ["# Data dictionary", "",
             "Every column and JSON key that finmodel writes: what it means, its unit and where the figure "
             "comes from (an input file and field, with the S.. sources of `inputs/SOURCES.md`, or the equation; "
             "\"methodology §n\" is a section of `docs/methodology.md`).",
             "",
             "Generated by `python -m finmodel.report.dictionary` from the declarations in `finmodel/model/variables.py` "
             "(projection.csv's labels and units) and `finmodel/report/dictionary/` (sources and the other files); do not edit "
             "by hand. `tests/report/test_data_dictionary.py` fails when this file is stale or when a command writes a "
             "column or key that is not here (or stops writing one that is). The same table, one row per field, is in "
             "`data_dictionary.csv`. Changes to these names, units or meanings are listed in `CHANGELOG.md`.",
             "",
             "A name in angle brackets stands for keys or columns that vary with the run: `<fiscal_year>` (a label such as "
             f"{fiscal_year.example()}), `<file>` (an input file's name), `<case>` (a case of sensitivity.csv), `<scenario>`, `<question>`, "
             "`<row>` and `<column>` (of the heat map). A JSON key is written as its path from the top, `[]` marking the "
             f"items of a list. Fiscal years are labelled `{fiscal_year.example()}` (1 April {fiscal_year.EXAMPLE_YEAR} to 31 March "
             f"{fiscal_year.EXAMPLE_YEAR + 1}); amounts are HK$ bn "
             "at face value unless the unit says otherwise; percentages are in percent (3.85, not 0.0385).", ""]
    command = None
    for cmd, file, _ in FILES:
        if cmd != command:
            lines += [f"## finmodel {cmd}", ""]
            command = cmd
        lines += [f"### {file}", "", "| name | meaning | unit | source |", "| --- | --- | --- | --- |"]
        lines += [f"| `{_cell(f.name)}` | {_cell(f.meaning)} | {_cell(f.unit)} | {_cell(f.source)} |"
                  for f in fields() if f.command == cmd and f.file == file]
        lines.append("")
    return "\n".join(lines)


def table() -> str:
    """docs/data_dictionary.csv: command, file, name, meaning, unit, source (RFC 4180, LF line ends)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["command", "file", "name", "meaning", "unit", "source"])
    for f in fields():
        w.writerow([f.command, f.file, f.name, f.meaning, f.unit, f.source])
    return buf.getvalue()


def stale(docs: Path = DOCS) -> list:
    """The dictionary files under `docs` whose bytes differ from what the declarations give now."""
    return [name for name, text in ((MARKDOWN, markdown()), (TABLE, table()))
            if not (docs / name).is_file() or (docs / name).read_text(encoding="utf-8") != text]


def write(docs: Path = DOCS) -> list:
    """Write both files under `docs`; return their paths."""
    out = []
    for name, text in ((MARKDOWN, markdown()), (TABLE, table())):
        path = docs / name
        path.write_bytes(text.encode("utf-8"))
        out.append(path)
    return out
