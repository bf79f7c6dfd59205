"""The data dictionary (docs/data_dictionary.md, .csv) is current, and it names every column and JSON key the commands write.

Each command runs once into a temporary folder (without charts where it can); every CSV header
and every key path of every JSON record it writes must be declared in
`finmodel.report.dictionary`, and every declaration must match something written, so the
dictionary can neither miss a column nor keep one that is gone. When this fails after an intended
change: declare the field (meaning, unit, source) in finmodel/report/dictionary/, run
`python -m finmodel.report.dictionary`, and add the change to CHANGELOG.md.
"""

import csv
import json

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.model.variables import PROJECTION_COLUMNS
from finmodel.report import dictionary as dd
from tests.conftest import INPUTS, ROOT

RUNS = {
    "project": ["project", "--inputs", str(INPUTS), "--no-charts", "--horizon", "2060-61"],   # past the MRF: long_run.csv too
    "simulate": ["simulate", "--inputs", str(INPUTS), "--paths", "200", "--no-charts"],
    "sensitivity": ["sensitivity", "--inputs", str(INPUTS), "--no-charts"],
    "compare": ["compare", "baseline", "low_land", "--inputs", str(INPUTS), "--no-charts"],
    "solve": ["solve", "--inputs", str(INPUTS)],
    "backtest": ["backtest", "--history", str(INPUTS / "history")],
    "monthly track": ["monthly", "track", "--year", "2022-23", "--inputs", str(INPUTS), "--no-charts"],
    "diff": ["diff", "<project>", "<project>"],   # the project run against itself: every file and key is written
    "batch": ["batch", "<cases>", "--inputs", str(INPUTS), "--no-charts"],   # the README's example and one bad row
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """{(command, file): set of key paths (a CSV column is a path of one part)} for every CSV and JSON file written."""
    found = {}
    outs = {}
    for command, args in RUNS.items():
        out = outs[command] = tmp_path_factory.mktemp(command)
        args = [str(outs["project"] / "run") if a == "<project>" else a for a in args]
        if command == "batch":
            cases = out / "cases.csv"
            cases.write_text((ROOT / "docs" / "examples" / "cases.csv").read_text(encoding="utf-8") + "bad,,x,,,,,,,\n",
                             encoding="utf-8")
            args = [str(cases) if a == "<cases>" else a for a in args]
        r = CliRunner().invoke(main, [*args, "--out", str(out / "run")])
        assert r.exit_code == (5 if command == "batch" else 0), r.output
        for path in sorted((out / "run").iterdir()):
            if path.suffix == ".csv":
                with path.open(encoding="utf-8", newline="") as f:
                    found[command, path.name] = {(name,) for name in next(csv.reader(f))}
            elif path.suffix == ".json":
                found[command, path.name] = dd.key_paths(json.loads(path.read_text(encoding="utf-8")))
            elif path.suffix == ".xlsx" and command == "batch":   # a workbook declared sheet by sheet
                import openpyxl

                sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
                found[command, "finmodel_<run>.xlsx"] = {("Paths <line>",) if s.startswith("Paths ") else (s,) for s in sheets}
    return found


def test_the_committed_dictionary_is_current():
    assert dd.stale(ROOT / "docs") == [], "docs/data_dictionary.* are stale: run python -m finmodel.report.dictionary"


def test_every_file_written_is_in_the_dictionary_and_every_file_declared_is_written(written):
    declared = {(cmd, file) for cmd, file, _ in dd.FILES}
    assert sorted(set(written) - declared) == [], "files written but not in finmodel.report.dictionary.FILES"
    assert sorted(declared - set(written)) == [], "files in finmodel.report.dictionary.FILES that no command wrote"


@pytest.mark.parametrize("command, file", [(cmd, file) for cmd, file, _ in dd.FILES])
def test_every_column_and_key_written_is_declared_and_every_declaration_is_written(written, command, file):
    names = [f.name for f in dd.fields() if f.command == command and f.file == file]
    missing, unused = dd.undeclared_and_unused(names, written[command, file])
    unused = [n for n in unused if n not in dd.ONLY_WITH_OUTTURN.get((command, file), ())]   # tests/model/test_opening_outturn.py
    assert missing == [], f"{command} {file}: written but not in the data dictionary: {missing}"
    assert unused == [], f"{command} {file}: in the data dictionary but not written: {unused}"


def test_every_field_has_a_meaning_a_source_and_a_unit_where_it_holds_a_value():
    for f in dd.fields():
        assert f.meaning.strip() and f.source.strip(), f
        branch = any(g.file == f.file and g.command == f.command and g.name.startswith((f.name + ".", f.name + "[]")) for g in dd.fields())
        assert branch or f.unit.strip(), f"{f.file} {f.name}: a value needs a unit"


def test_projection_columns_come_from_the_variable_declarations():
    from finmodel.report.dictionary.projection import SOURCES

    assert sorted(SOURCES) == sorted(PROJECTION_COLUMNS + list(dd.ONLY_WITH_OUTTURN["project", "projection.csv"])), "every output variable needs its source in finmodel/report/dictionary/projection.py"
    rows = [f for f in dd.fields() if f.file == "projection.csv"]
    assert [f.name for f in rows if f.name not in dd.ONLY_WITH_OUTTURN["project", "projection.csv"]] == ["fiscal_year", *PROJECTION_COLUMNS]
    debt = next(f for f in rows if f.name == "debt_to_gdp_pct")
    assert (debt.meaning, debt.unit) == ("Debt-to-GDP (pool A)", "%")
    assert "empty in the first year" in next(f for f in rows if f.name == "contribution_sfa_pp").meaning


def test_a_placeholder_stands_for_varying_keys_and_a_literal_wins():
    names = ["headline", "headline.horizon", "headline.gross_issuance_mrf_hkd_bn", "headline.gross_issuance_mrf_hkd_bn.<fiscal_year>"]
    written = {("headline",), ("headline", "horizon"), ("headline", "gross_issuance_mrf_hkd_bn"),
               ("headline", "gross_issuance_mrf_hkd_bn", "2026-27"), ("headline", "gross_issuance_mrf_hkd_bn", "total"),
               ("headline", "new_key")}
    missing, unused = dd.undeclared_and_unused(names, written)
    assert missing == ["headline.gross_issuance_mrf_hkd_bn.total", "headline.new_key"] and unused == []
    missing, unused = dd.undeclared_and_unused(names + ["headline.gone"], {("headline",)})
    assert unused == ["headline.gone", "headline.gross_issuance_mrf_hkd_bn", "headline.gross_issuance_mrf_hkd_bn.<fiscal_year>",
                      "headline.horizon"]
    assert dd.split("against_budget.figures[].key") == ("against_budget", "figures", "[]", "key")


def test_stale_finds_an_edited_file(tmp_path):
    dd.write(tmp_path)
    assert dd.stale(tmp_path) == []
    md = tmp_path / dd.MARKDOWN
    md.write_text(md.read_text(encoding="utf-8").replace("Debt-to-GDP (pool A)", "Debt ratio"), encoding="utf-8")
    assert dd.stale(tmp_path) == [dd.MARKDOWN]
