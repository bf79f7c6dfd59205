"""The tracker's outputs: tracker.csv (the year month by month), tracker.json (the estimate and the run record),
tracker.png and .svg (the year to date against past years and the Budget), finmodel_<run>.xlsx (a Year to date sheet).

Exporters only: every figure is the tracker's (`finmodel.analysis.tracker`); written into the run's staging folder,
the record last with the manifest of every file.
"""

from pathlib import Path

from finmodel import numbers
from finmodel.report.atomic import write_json, write_text
from finmodel.report.charts.style import figure, save, series_style, source_line_text, title
from finmodel.report.csv_text import frame_csv
from finmodel.report.finite import frame_problems, record_problems, require_finite
from finmodel.version import __version__

MAY_BE_EMPTY = ("month_end", "revenue_ytd_hkd_bn", "expenditure_ytd_hkd_bn", "balance_before_bonds_ytd_hkd_bn", "balance_ytd_hkd_bn")


def month_words(iso: str) -> str:
    """2023-01-31 -> "January 2023" (the vintage line's words)."""
    import calendar

    return f"{calendar.month_name[int(iso[5:7])]} {iso[:4]}"


def record_of(t, options: dict, input_sha256: dict) -> dict:
    """tracker.json without its manifest."""
    return {"fiscal_year": t.fiscal_year, "months": t.months, "last_month": t.last_month, "record_years": t.record_years,
            "estimate": t.estimate, "budget": t.budget, "opening_reserves": t.opening_reserves, "notes": t.notes,
            "run": {"model": "finmodel", "model_version": __version__, "options": options, "seed": None,
                    "input_sha256": input_sha256}}


def line(t) -> str:
    """The one terminal line: the year to date, the full-year estimate with its range, against the Budget, reserves."""
    e, b = t.estimate, t.budget
    bal, res = e["balance_hkd_bn"], e["reserves_end_hkd_bn"]
    budget = f" against the Budget's {numbers.hkd_bn(b['estimate_hkd_bn'])}" if b.get("estimate_hkd_bn") is not None else ""
    return (f"{t.fiscal_year} to {month_words(t.last_month)} ({t.months} month{'s' if t.months != 1 else ''}): balance "
            f"{numbers.hkd_bn(e['year_to_date']['balance_after_bonds_hkd_bn'])} to date; full year about "
            f"{numbers.hkd_bn(bal['central'])} (range {numbers.hkd_bn(bal['low'])} to {numbers.hkd_bn(bal['high'])}){budget}; reserves at the year's end "
            f"about {numbers.hkd_bn(res['central'])} ({numbers.hkd_bn(res['low'])} to {numbers.hkd_bn(res['high'])}).")


def write_tracker(t, stage, run: str, options: dict, input_sha256: dict, monthly_to: str, charts: bool = True) -> tuple:
    """Write the tracker's files into `stage`; return (their paths, tracker.json's last, still to write; the record)."""
    stage = Path(stage)
    record = record_of(t, options, input_sha256)
    require_finite(frame_problems("tracker.csv", t.table.drop(columns=["used"]), dict.fromkeys(MAY_BE_EMPTY, False))
                   + record_problems("tracker.json", {k: v for k, v in record.items() if k not in ("budget",)}))
    written = [stage / "tracker.csv"]
    write_text(written[0], frame_csv(t.table, index=False, float_format="%.4f"))
    source = source_line_text(run=run, input_sha256=input_sha256, monthly_to=monthly_to)
    if charts:
        written += save(tracker_chart(t), stage / "tracker.png", source)
    from finmodel.inputs.vintage import describe
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import workbook_name, write_any
    from finmodel.report.workbook.tracker import tracker_workbook

    book_run = Run("finmodel monthly track", options, input_sha256, inputs=describe(input_sha256, monthly_to))
    written.append(write_any(tracker_workbook(t, line(t), book_run), stage / workbook_name(run)))
    written.append(stage / "tracker.json")
    return written, record


def tracker_chart(t):
    """Cumulative balance after bonds by month: the year tracked, recent past years, the estimate's range and the Budget."""
    fig, ax = figure((8, 4.5))
    title(fig, f"{t.fiscal_year}: balance after bonds, year to date",
          f"HK$ bn, cumulative from April; full-year estimate from {t.months} month(s) with its range; the Budget's estimate")
    table = t.table
    months = table["month_of_year"].to_numpy()
    past = [c for c in table.columns if c.startswith("balance_ytd_") and c != "balance_ytd_hkd_bn"]
    for i, column in enumerate(past):
        ax.plot(months, table[column], color="0.75", lw=1.0, label=None)
        ax.annotate(column.removeprefix("balance_ytd_").removesuffix("_hkd_bn"), (12, table[column].iloc[-1]), fontsize=7,
                    color="0.5", xytext=(4, 0), textcoords="offset points", va="center")
    used = table[table["used"]]
    ax.plot(used["month_of_year"], used["balance_ytd_hkd_bn"], lw=2.2, **{**series_style(0), "ls": "-"}, label=t.fiscal_year)
    bal = t.estimate["balance_hkd_bn"]
    ax.errorbar([12], [bal["central"]], yerr=[[bal["central"] - bal["low"]], [bal["high"] - bal["central"]]], fmt="o",
                color=series_style(1)["color"], capsize=4, label="full-year estimate (range)")
    if t.budget.get("estimate_hkd_bn") is not None:
        ax.plot([12], [t.budget["estimate_hkd_bn"]], marker="D", ls="none", color=series_style(2)["color"],
                label="the Budget's estimate")
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xticks(range(1, 13), ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"])
    ax.set_xlim(0.7, 12.9)
    ax.set_ylabel("HK$ bn")
    ax.legend(loc="lower left", fontsize=7.5, frameon=False)
    return fig


def publish_record(path, record: dict, manifest: list) -> None:
    record["run"]["manifest"] = manifest
    write_json(path, record)
