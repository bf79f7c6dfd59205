"""The output workbook: what analysts open first and forward.

Published tables hold the engine's values (so pandas, previewers and Protected View show numbers)
with number formats, frozen panes, print setup, Excel Table markup, defined names for every
projection series and native charts beside the tables. The What-if sheet (`whatif.py`) holds live
formulas. Byte-identical for identical runs: fixed document properties and zip entry times. User
text (scenario names, notes, sources) is always written as text, never as a formula.

openpyxl writes styles, charts and defined names in the order they are created, so the sheets are
built in the fixed order below.
"""

import io
import re
import zipfile

from finmodel.inputs.citations import installed_citations
from finmodel.report.atomic import write_bytes
from finmodel.report.workbook.assumptions import (
    write_assumptions,
    write_notes,
    write_run_record,
)
from finmodel.report.workbook.budget import write_against_budget
from finmodel.report.workbook.defined_names import check_name, check_unique
from finmodel.model.verdicts import budget_name
from finmodel.report.workbook.front import SHEETS, write_contents, write_cover
from finmodel.report.workbook.heat_map import write_heat_map
from finmodel.report.workbook.imf_basis import write_imf_basis
from finmodel.report.workbook.sources_sheet import add_sources, link_sources
from finmodel.report.workbook.style import (
    FIXED_ISO,
    FIXED_TIME,
    finish_sheet,
    safe_name,
    styles,
)
from finmodel.report.workbook.summary import write_summary
from finmodel.report.workbook.tables import (
    write_bonds,
    write_decomposition,
    write_financing,
    write_peers,
    write_projection,
)
from finmodel.report.workbook.whatif import build_whatif


def build_workbook(results, heat_map, long_run=None):
    """Build the openpyxl Workbook for a run (not yet saved); heat_map: the run's HeatMap (`finmodel.analysis.heat_map.build`);
    long_run: its LongRunView past the MRF (a Long run sheet after the Heat map), else None."""
    from openpyxl import Workbook

    st = styles()
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name, _ in SHEETS}
    names = {}
    write_cover(sheets["Cover"], results, st)
    write_contents(sheets["Contents"], st, budget_name(results.assumptions))
    write_against_budget(sheets["Against the Budget"], results, st)
    write_summary(sheets["Summary"], results, st)
    names.update(write_projection(sheets["Projection"], results, st))
    write_financing(sheets["Financing"], results, st)
    write_bonds(sheets["Bonds"], results, st)
    write_peers(sheets["Interest burden vs peers"], results, st)
    write_decomposition(sheets["Decomposition"], results, st)
    write_imf_basis(sheets["IMF basis"], results, st)
    write_heat_map(sheets["Heat map"], results, st, heat_map)
    if long_run is not None:
        from finmodel.report.workbook.long_run import SHEET, write_long_run_sheet

        write_long_run_sheet(wb.create_sheet(SHEET, wb.sheetnames.index("Heat map") + 1), long_run, st)
    names.update(build_whatif(sheets["What-if"], results, st)["names"])
    write_assumptions(sheets["Assumptions"], results, st)
    write_notes(sheets["Notes & sources"], results, st)
    write_run_record(sheets["Run record"], results, st)
    # last: it reads the rest; the list under the notes (Notes & sources), not a sheet of its own (docs/printing.md)
    add_sources(wb, st, results.assumptions.citations or installed_citations(), below=sheets["Notes & sources"])
    tables = [t for ws in wb.worksheets for t in ws.tables]
    _define_names(wb, names, tables)
    for ws in wb.worksheets:
        finish_sheet(ws)
    link_sources(wb)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0  # the Cover
    wb.properties.creator = "finmodel"
    wb.properties.title = f"finmodel projection: {results.scenario}"
    return wb


def _define_names(wb, names: dict, tables=()):
    """Workbook-level defined names, each checked against Excel's rules (and unique beside the table names) first."""
    from openpyxl.workbook.defined_name import DefinedName

    check_unique(list(names) + list(tables))
    for name in sorted(names):
        wb.defined_names[check_name(name)] = DefinedName(name, attr_text=names[name])


def workbook_bytes(wb) -> bytes:
    """Serialise a workbook with fixed document times and zip entry times (byte-identical reruns)."""
    import datetime

    stamp = datetime.datetime(*FIXED_TIME)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + FIXED_ISO.encode() + rb"\g<3>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def workbook_name(run: str) -> str:
    """The file name of a run's main workbook (other commands' workbooks name it instead of repeating it)."""
    return f"finmodel_{safe_name(run)}.xlsx"


def write_workbook(results, out_dir, heat_map, long_run=None):
    """Write finmodel_<run>.xlsx atomically (the run name in the results' options, else the scenario); return its path."""
    from pathlib import Path

    from finmodel.report.run_name import run_of

    path = Path(out_dir) / workbook_name(run_of(results.options, results.scenario))
    write_bytes(path, workbook_bytes(build_workbook(results, heat_map, long_run)))
    return path


def write_any(wb, path):
    """Write any finmodel workbook atomically with fixed times (byte-identical reruns); return its path."""
    write_bytes(path, workbook_bytes(wb))
    return path
