"""The output workbook: engine values in formatted tables, assumptions with sources, the run record.

Byte-identical for identical runs: fixed document properties and zip entry times. User text
(scenario names, notes, sources) is always written as text, never as a formula.
"""

import io
import re
import zipfile

from finmodel import __version__
from finmodel.export.atomic import write_bytes
from finmodel.variables import VARIABLES

FIXED_TIME = (2026, 4, 14, 0, 0, 0)
FIXED_ISO = "2026-04-14T00:00:00Z"
HEADER_FILL = "1F4E79"
INPUT_FILL = "FFF2CC"  # IMF convention: inputs on a coloured fill


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "head_font": Font(bold=True, color="FFFFFF"),
        "head_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "input_fill": PatternFill("solid", fgColor=INPUT_FILL),
        "red_fill": PatternFill("solid", fgColor="F8CBAD"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def set_text(cell, value):
    """Write user text so that it can never become a formula."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def _header(ws, row, values, st):
    for j, v in enumerate(values, start=1):
        c = set_text(ws.cell(row=row, column=j), v)
        c.font = st["head_font"]
        c.fill = st["head_fill"]


def _frame_sheet(ws, df, st, index_label, widths=None, formats=None):
    _header(ws, 1, [index_label] + [str(c) for c in df.columns], st)
    for i, (idx, row) in enumerate(df.iterrows(), start=2):
        set_text(ws.cell(row=i, column=1), idx)
        for j, (col, v) in enumerate(row.items(), start=2):
            c = ws.cell(row=i, column=j)
            if isinstance(v, str) or v is None:
                set_text(c, v)
            elif hasattr(v, "item"):
                c.value = v.item()
            else:
                c.value = v
            if formats and col in formats:
                c.number_format = formats[col]
    ws.freeze_panes = "B2"
    for j in range(1, len(df.columns) + 2):
        ws.column_dimensions[_col(j)].width = (widths or {}).get(j, 14)


def _col(j):
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def build_workbook(results):
    """Build the openpyxl Workbook for a run (not yet saved)."""
    from openpyxl import Workbook

    st = _styles()
    a = results.assumptions
    p = results.projection
    s = results.summary()
    wb = Workbook()

    ws = wb.active
    ws.title = "Summary"
    set_text(ws["A1"], "finmodel: Hong Kong government debt projection").font = st["title"]
    set_text(ws["A2"], f"Scenario: {results.scenario}; issuance plan: {a.plan_name}; financing rule: {a.financing_rule}; "
                       f"ceiling policy: {a.ceiling_policy}; model version {__version__}")
    set_text(ws["A3"], results.verdict())
    h = s["headline"]
    rows = [
        ("Peak debt (pool A)", h["peak_debt_hkd_bn"], "HK$ bn", h["peak_debt_year"]),
        ("Peak debt-to-GDP", h["peak_debt_to_gdp_pct"], "%", h["peak_debt_to_gdp_year"]),
        ("Debt-to-GDP at the horizon", h["debt_to_gdp_end_pct"], "%", h["horizon"]),
        ("First year the ceiling binds", h["first_year_ceiling_binds"] or "never", "", ""),
        (f"First year above the band's top ({a.band_high_pct:g}%)", h["first_year_above_band"] or "never", "", ""),
        ("Interest / revenue at the horizon", h["interest_to_revenue_end_pct"], "%", h["horizon"]),
        ("Fiscal reserves at the horizon", h["fiscal_reserves_end_hkd_bn"], "HK$ bn", h["horizon"]),
        ("Smallest headroom under the ceiling", h["min_headroom_hkd_bn"], "HK$ bn", ""),
    ]
    _header(ws, 5, ["Headline", "Value", "Unit", "Fiscal year"], st)
    for i, (name, value, unit, year) in enumerate(rows, start=6):
        set_text(ws.cell(row=i, column=1), name)
        c = ws.cell(row=i, column=2)
        if isinstance(value, str):
            set_text(c, value)
        else:
            c.value = float(value)
            c.number_format = "#,##0.0"
        set_text(ws.cell(row=i, column=3), unit)
        set_text(ws.cell(row=i, column=4), year)
    if h["first_year_above_band"]:
        ws.cell(row=10, column=2).fill = st["red_fill"]
    if h["first_year_ceiling_binds"]:
        ws.cell(row=9, column=2).fill = st["red_fill"]
    ws.column_dimensions["A"].width = 40
    for col in "BCD":
        ws.column_dimensions[col].width = 14

    ws = wb.create_sheet("Projection")
    labels = list(p.index)
    _header(ws, 1, ["Variable", "Label", "Unit"] + labels, st)
    for i, v in enumerate(VARIABLES, start=2):
        set_text(ws.cell(row=i, column=1), v.name)
        set_text(ws.cell(row=i, column=2), v.label)
        set_text(ws.cell(row=i, column=3), v.unit)
        for j, y in enumerate(labels, start=4):
            val = p.loc[y, v.name]
            c = ws.cell(row=i, column=j)
            c.value = None if val != val else float(val)
            c.number_format = v.fmt
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 9
    for j in range(4, 4 + len(labels)):
        ws.column_dimensions[_col(j)].width = 10
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"

    bonds = results.bonds().set_index("cohort_id")
    ws = wb.create_sheet("Bonds")
    _frame_sheet(ws, bonds, st, "cohort_id", widths={1: 30},
                 formats={"coupon_pct": "0.000", "face_value_fc_bn": "#,##0.000", "face_value_hkd_bn": "#,##0.000"})
    ws = wb.create_sheet("Maturity profile")
    _frame_sheet(ws, results.maturity_profile(), st, "fiscal_year",
                 formats={c: "#,##0.0" for c in ("existing_book_hkd_bn", "projected_cohorts_hkd_bn", "total_hkd_bn")})
    ws = wb.create_sheet("Peers")
    _frame_sheet(ws, results.peers().set_index("country"), st, "country", widths={1: 26, 2: 22, 6: 50, 7: 40},
                 formats={"value": "0.0"})

    ws = wb.create_sheet("Assumptions")
    _header(ws, 1, ["Parameter", "Value", "Unit", "Assumption?", "Source", "Note", "File"], st)
    for i, (name, pv) in enumerate(sorted(a.provenance.items()), start=2):
        set_text(ws.cell(row=i, column=1), name)
        c = set_text(ws.cell(row=i, column=2), _short(pv["value"]))
        c.fill = st["input_fill"]
        set_text(ws.cell(row=i, column=3), pv["unit"])
        set_text(ws.cell(row=i, column=4), "yes: fills a gap in the record" if pv["assumption"] else "no")
        set_text(ws.cell(row=i, column=5), pv["source"]).alignment = st["wrap"]
        set_text(ws.cell(row=i, column=6), pv["note"]).alignment = st["wrap"]
        set_text(ws.cell(row=i, column=7), pv["file"])
    for col, wdt in zip("ABCDEFG", (32, 40, 22, 14, 70, 40, 24)):
        ws.column_dimensions[col].width = wdt
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Run record")
    _header(ws, 1, ["Item", "Value"], st)
    run = s["run"]
    items = [("model", run["model"]), ("model_version", run["model_version"]), ("scenario", results.scenario),
             ("issuance_plan", run["issuance_plan"]), ("financing_rule", run["financing_rule"]),
             ("ceiling_policy", run["ceiling_policy"])]
    items += [(f"option: {k}", v) for k, v in sorted(run["options"].items())]
    items += [(f"sha256: {k}", v) for k, v in sorted(run["input_sha256"].items())]
    items += [("warning", w) for w in run["warnings"]]
    for i, (k, v) in enumerate(items, start=2):
        set_text(ws.cell(row=i, column=1), k)
        set_text(ws.cell(row=i, column=2), v)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90

    wb.properties.creator = "finmodel"
    return wb


def _short(value):
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."


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


def write_workbook(results, out_dir):
    """Write finmodel_<scenario>.xlsx atomically; return its path."""
    path = out_dir / f"finmodel_{safe_name(results.scenario)}.xlsx"
    write_bytes(path, workbook_bytes(build_workbook(results)))
    return path


def safe_name(name: str) -> str:
    """A file-name-safe version of a scenario name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "scenario"
