"""Source ids resolve inside the workbooks: a source list (under the notes sheet of the main and inputs workbooks)
holds every id cited, with its citation from SOURCES.md, and each citing cell printing on one line links to its row; the signed number format shows a value that rounds to zero
as 0.00."""

import io
import re

import openpyxl
import pytest

from finmodel.analysis.heat_map import build as build_heat_map
from finmodel.inputs.citations import parse_citations, read_citations
from finmodel.inputs.load import read_inputs
from finmodel.report.workbook.build import build_workbook, workbook_bytes
from finmodel.report.workbook.column_fit import as_shown
from finmodel.report.workbook.inputs_workbook import build_inputs_workbook
from finmodel.report.workbook.style import signed
from tests.conftest import INPUTS

# The list as SOURCES.md writes it, read here by a regex of the test's own: "- S13 — title; publisher; date. URL".
LISTED = dict(re.findall(r"^- (S\d{2,3}) — (.+?)\s*$", (INPUTS / "SOURCES.md").read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def workbooks(baseline_results):
    project = build_workbook(baseline_results, build_heat_map(baseline_results))
    inputs = build_inputs_workbook(read_inputs(INPUTS))
    return {name: openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))) for name, wb in
            (("project", project), ("init", inputs))}


def test_the_source_list_is_read_whole():
    assert len(LISTED) > 150 and read_citations(INPUTS) == LISTED
    assert read_citations(INPUTS / "missing_folder") == LISTED   # no list there: the installed copy (the same bytes)
    assert parse_citations("- S07 — A title; A publisher; 1 Jan 2000. https://x.invalid\n- S07 — again\nS08 no") == \
        {"S07": "A title; A publisher; 1 Jan 2000. https://x.invalid"}


@pytest.mark.parametrize("name", ["project", "init"])
def test_every_cited_id_is_listed_with_its_citation_and_every_citing_cell_links_to_it(workbooks, name):
    wb = workbooks[name]
    ws = wb[{"project": "Notes & sources", "init": "About"}[name]]   # the list under the notes, not a sheet of its own
    assert "Sources" not in wb.sheetnames
    top = next(r for r in range(1, ws.max_row + 1) if (ws.cell(r, 1).value, ws.cell(r, 2).value) == ("Source id", "Citation"))
    rows = {ws.cell(r, 1).value: r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert all(ws.cell(r, 2).value == LISTED[sid] for sid, r in rows.items())
    assert ws.print_title_rows == f"${top}:${top}"   # the list's header heads each later page
    cited, links = set(), 0
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if sheet is ws and c.row > top:
                    continue
                ids = re.findall(r"\bS\d{2,3}\b", c.value) if isinstance(c.value, str) and not c.value.startswith("=") else []
                cited.update(ids)
                if ids and c.alignment.wrap_text:   # LibreOffice prints a linked cell on one line: wrapped text is not linked
                    assert c.hyperlink is None, (sheet.title, c.coordinate)
                elif ids:
                    assert c.hyperlink is not None and c.hyperlink.location == f"'{ws.title}'!A{rows[ids[0]]}", \
                        (sheet.title, c.coordinate)
                    links += 1
    assert cited == set(rows) and len(cited) > 40 and links >= 1
    assert list(rows) == sorted(rows, key=list(LISTED).index)   # in the list's order


def test_the_project_workbook_lists_every_sheet_on_contents(workbooks):
    wb = workbooks["project"]
    listed = [c.value for c in wb["Contents"]["A"] if c.row > 4 and c.value]
    assert listed == wb.sheetnames


def test_a_difference_that_rounds_to_zero_shows_no_sign():
    """The sections' conditions test the value before rounding: 0.001 falls in the zero section, 0.005 does not."""
    assert signed(2) == "[>=0.005]+0.00;[<=-0.005]-0.00;0.00" and signed(1) == "[>=0.05]+0.0;[<=-0.05]-0.0;0.0"
    assert as_shown(-0.5, signed(2)) == "-0.50" and as_shown(12.345, signed(1)) == "12.3"


def test_against_the_budget_differences_use_the_signed_format(workbooks):
    ws = workbooks["project"]["Against the Budget"]
    formats = {c.number_format for row in ws.iter_rows() for c in row if isinstance(c.value, float)}
    assert signed(2) in formats and not any(f.startswith("+0") for f in formats)
