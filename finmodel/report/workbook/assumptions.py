"""The back of the analyst workbook: Assumptions (every input), Notes & sources, and the Run record."""

from finmodel import fiscal_year
from finmodel.inputs.vintage import describe_with_note, monthly_to_of
from finmodel.model import verdicts
from finmodel.report.workbook.book import topic_rows
from finmodel.report.workbook.style import (
    BN,
    column_letter,
    header,
    print_setup,
    set_text,
    set_widths,
    sheet_title,
    text_across,
    write_number,
)

INPUT_FORMAT = "#,##0.0##"
def notes(a) -> list:
    """The conventions, their years read from the inputs (the Budget's year, the anchor years, the first shocked year)."""
    by = verdicts.budget_year(a)
    gdp_years = sorted(fiscal_year.parse(k) for k in a.provenance.get("nominal_gdp_hkd_bn", {}).get("value", {}) or {})
    anchors = ", ".join(f"{fiscal_year.label(y)} {'revised estimate' if k < a.n_anchor - 1 else 'estimate'}"
                        for k, y in enumerate(a.years[:a.n_anchor]))
    first = f"{fiscal_year.label(a.years[0])} is the Budget's {'revised estimate' if a.n_anchor > 1 else 'estimate'}"
    return [
        ("Fiscal years", f"A fiscal year runs 1 April to 31 March; {fiscal_year.label(by)} ends on 31 March {by + 1}. Stocks are at 31 March."),
        ("GDP", "Debt-to-GDP divides debt at 31 March by the fiscal year's nominal GDP (the Budget's own convention: "
            f"{' and '.join(fiscal_year.labels(gdp_years))} GDP {'are' if len(gdp_years) > 1 else 'is'} derived from the Budget's ratios)."),
        ("Pool A and pool B", "Pool A: Government Sustainable Bond Programme and Infrastructure Bond Programme bonds, the debt under "
                          "the borrowing ceiling that finances the budget. Pool B: Government Bond Programme bonds in the Bond Fund, "
                          "outside fiscal reserves, reported separately and never under the ceiling."),
        ("Ceiling", "The ceiling caps principal outstanding (face value at HK$ equivalent), not annual issuance. Under the 'cap' policy "
                "issuance is limited to the headroom and the shortfall is drawn from reserves; 'breach' shows the uncapped path."),
        ("Bond conventions", "Bonds are issued at par mid-year and mature mid-year: half a coupon in the issue and maturity years, a "
                         "full coupon between. Retail inflation-linked bonds pay the higher of the guaranteed rate and inflation."),
        ("Calibration", f"In the anchor years ({anchors}) other revenue and other capital spending are "
                    "the Budget totals less the itemised lines, computed once on the baseline and then held fixed."),
        ("Shocks", f"{first}: sensitivities and the What-if edits start in {fiscal_year.label(a.years[1])}."),
        ("Decomposition", "Change in debt-to-GDP = interest + growth + primary balance + stock-flow adjustment; the adjustment is "
                      "the residual, so the parts add up exactly."),
        ("What-if", "The What-if sheet rebuilds the projection with live formulas; its notes list what is value and what is formula."),
        ("Peers", "Peer figures come from the IMF and national sources with their own definitions (general vs central government); "
              "each is shown with its definition and vintage."),
        ("Sources", "Source ids (S00, S13, ...) refer to the list in the inputs' SOURCES.md (shipped with finmodel): the list below "
                "gives each id this workbook cites with its citation, and the Assumptions sheet each input's source."),
    ]


def write_assumptions(ws, results, st):
    """Every input: by-year values across, scalars in the Value column, with unit, file and, on the row below across
    the sheet, its source and note (a paragraph wraps across the page's width, not down a column)."""
    a = results.assumptions
    years = results.labels
    sheet_title(ws, st, "Assumptions", "Every input with its unit and source. Inputs are on a coloured fill (IMF convention); "
                                       "'assumption' marks a figure that fills a gap in the published record.")
    top = 4
    header(ws, top, ["Parameter", "Unit", "Value"] + years + ["Assumption?", "File"], st)
    ny = len(years)
    c_extra = 4 + ny
    r = top
    for name, pv in sorted(a.provenance.items()):
        for label, v in _input_rows(name, pv["value"]):
            r += 1
            _input_row(ws, r, label, v, pv, years, st)
        r += 1
        _source_row(ws, r, pv, c_extra + 1, st)
    r = _calibrated_rows(ws, a, ny, st, r + 2)
    _new_issue_mix(ws, a.mix, st, r + 2)
    ws.freeze_panes = f"B{top + 1}"
    set_widths(ws, {"A": 30, "B": 18, "C": 10, **{column_letter(4 + j): 8 for j in range(ny)},
                    column_letter(c_extra): 12, column_letter(c_extra + 1): 13})
    print_setup(ws, f"{top}:{top}")


def _source_row(ws, r, pv, last_col, st):
    """Row `r`, under an input's rows: "Source: ... Note: ..." merged from column B to `last_col`, wrapped."""
    text = f"Source: {pv['source']}" + (f"  Note: {pv['note']}" if pv["note"] else "")
    text_across(ws, st, r, 2, last_col, text)


def _input_rows(name, value) -> list:
    """(label, value) rows for one input: one per issuance plan or currency, else one."""
    if isinstance(value, dict) and name == "issuance_plan_hkd_bn":
        return [(f"{name} [{plan}]", vals) for plan, vals in value.items()]
    if isinstance(value, dict) and name == "fx_hkd_per_unit":
        return [(f"{name} [{cur}]", v) for cur, v in value.items()]
    if name == "new_issue_mix":
        return [(name, "see the bucket table below")]
    return [(name, value)]


def _input_row(ws, r, label, v, pv, years, st):
    """Row `r`: label and unit, the value (by year across, or in the Value column), then assumption and file (the
    source and note follow on the input's last row, `_source_row`)."""
    from pathlib import PurePosixPath

    from openpyxl.styles import Alignment

    c_extra = 4 + len(years)
    set_text(ws.cell(r, 1), label).alignment = st["wrap"]
    set_text(ws.cell(r, 2), pv["unit"]).alignment = st["wrap"]
    if isinstance(v, dict):
        for j, y in enumerate(years, start=4):
            if y in v and isinstance(v[y], (int, float)) and not isinstance(v[y], bool):
                write_number(ws.cell(r, j), float(v[y]), INPUT_FORMAT).fill = st["input_fill"]
        given = [k for k in v if k not in years]
        if given:
            set_text(ws.cell(r, 3), "also: " + ", ".join(f"{k}: {v[k]}" for k in given))
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        write_number(ws.cell(r, 3), float(v), INPUT_FORMAT).fill = st["input_fill"]
    else:
        set_text(ws.cell(r, 3), _short(v)).fill = st["input_fill"]
    set_text(ws.cell(r, c_extra), "yes" if pv["assumption"] else "no").alignment = Alignment(horizontal="center")
    set_text(ws.cell(r, c_extra + 1), PurePosixPath(str(pv["file"])).name).alignment = st["wrap"]  # in the inputs folder


def _calibrated_rows(ws, a, ny, st, r) -> int:
    """From row `r`: the anchor-year residuals calibrated to the Budget totals; returns the last row written."""
    set_text(ws.cell(r, 1), "Calibrated to the Budget totals (anchor years; values the model derives, not inputs)").font = st["bold"]
    for label, arr in (("other_revenue (calibrated)", a.other_revenue_fixed_hkd_bn), ("other_capital (calibrated)", a.other_capital_fixed_hkd_bn)):
        r += 1
        set_text(ws.cell(r, 1), label)
        set_text(ws.cell(r, 2), "HK$ bn")
        for j in range(ny):
            write_number(ws.cell(r, 4 + j), None if arr[j] != arr[j] else float(arr[j]), BN)
    return r


def _new_issue_mix(ws, m, st, r):
    """From row `r`: the new-issue buckets with tenor, share and yield on the input fill."""
    set_text(ws.cell(r, 1), "New-issue mix (new_issue_mix)").font = st["bold"]
    r += 1
    header(ws, r, ["Bucket", "Investor", "Currency", "Tenor (years)", "Share", "Yield, %", "Inflation-linked"], st)
    for k in range(len(m.bucket)):
        r += 1
        set_text(ws.cell(r, 1), m.bucket[k])
        set_text(ws.cell(r, 2), m.investor[k])
        set_text(ws.cell(r, 3), m.currency[k])
        for j, (v, fmt) in enumerate(((int(m.tenor_years[k]), "0"), (float(m.share[k]), "0.00"),
                                      (float(100 * m.yield_rate[k]), "0.000")), start=4):
            write_number(ws.cell(r, j), v, fmt).fill = st["input_fill"]
        set_text(ws.cell(r, 7), "yes" if m.inflation_linked[k] else "no")


def _short(value):
    """Long values (lists, tables) cut to 300 characters for the Value column."""
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."


def write_notes(ws, results, st):
    """Conventions and definitions (each input's source is on the Assumptions sheet, each id's citation in the list under the notes, `sources_sheet`)."""
    sheet_title(ws, st, "Notes & sources")
    topic_rows(ws, st, notes(results.assumptions))
    set_widths(ws, {"A": 34, "B": 120})
    print_setup(ws, "3:3")


def write_run_record(ws, results, st):
    """What produced this workbook: model version, options, input hashes, calibration residuals, warnings."""
    s = results.summary()
    run = s["run"]
    sheet_title(ws, st, "Run record", "What produced this workbook: rerun with the same inputs and options to get identical bytes.")
    header(ws, 3, ["Item", "Value"], st)
    items = [("model", run["model"]), ("model_version", run["model_version"]), ("scenario", results.scenario),
             ("issuance_plan", run["issuance_plan"]), ("financing_rule", run["financing_rule"]),
             ("ceiling_policy", run["ceiling_policy"]), ("inputs", describe_with_note(run["input_sha256"], monthly_to_of(run)))]
    items += [(f"option: {k}", v) for k, v in sorted(run["options"].items())]
    items += [(f"sha256: {k}", v) for k, v in sorted(run["input_sha256"].items())]
    items += [(f"calibrated {k} [{y}]", f"{v:.6f}") for k, d in sorted(s["calibration"].items()) for y, v in d.items()]
    items += [("warning", w) for w in run["warnings"]]
    for i, (k, v) in enumerate(items, start=4):
        set_text(ws.cell(i, 1), k)
        set_text(ws.cell(i, 2), v)
    set_widths(ws, {"A": 42, "B": 100})
    print_setup(ws, "3:3")
