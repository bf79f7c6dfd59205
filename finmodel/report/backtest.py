"""Back-test outputs: backtest.csv (year by year), backtest.json (errors, gaps, run record), backtest.png and .svg,
and finmodel_<run>.xlsx (finmodel_backtest.xlsx by default).

Written atomically, the record last (its manifest lists every file of the folder finmodel
wrote); the chart is in the house style (finmodel.report.charts.style) and carries no software
version or date, so reruns are byte-identical. A year
without a recorded figure has empty cells in the columns of NOT_RECORDED (`flows_how` and
`debt_recorded_how` say why); any other NaN or infinity stops the run before anything is written.
"""

from pathlib import Path

from finmodel import fiscal_year
from finmodel.report.atomic import write_json, write_text
from finmodel.report.charts.style import figure, from_zero, margins_in, save, series_style, source_line_text, title, year_axis
from finmodel.report.csv_text import frame_csv
from finmodel.report.finite import frame_problems, record_problems, require_finite
from finmodel.report.run_name import run_of
from finmodel.version import __version__

NOT_RECORDED = ("revenue_hkd_bn", "expenditure_hkd_bn", "reserves_recorded_hkd_bn", "reserves_error_hkd_bn", "reserves_error_pct",
                "debt_recorded_hkd_bn", "debt_error_hkd_bn", "debt_error_pct")


def write_backtest(bt, out_dir, options: dict | None = None, input_hashes: dict | None = None) -> list:
    """Write the back-test table, chart and record to `out_dir`; return the paths written (table, record, chart PNG and SVG)."""
    out_dir = Path(out_dir)
    table = bt.table()
    record = {
        "start": fiscal_year.label(bt.years[0]), "end": fiscal_year.label(bt.years[-1]),
        "opening_reserves": vars(bt.opening_reserves), "opening_debt": vars(bt.opening_debt),
        "mean_absolute_error": bt.mean_absolute_error(), "notes": bt.notes,
        "run": {"model": "finmodel", "model_version": __version__, "options": options or {}, "seed": None,
                "input_sha256": input_hashes or {}},
    }
    require_finite(frame_problems("backtest.csv", table, dict.fromkeys(NOT_RECORDED, False)) + record_problems("backtest.json", record))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "backtest.csv", out_dir / "backtest.json"]
    write_text(paths[0], frame_csv(table, float_format="%.10g"))
    paths += save(backtest_chart(bt), out_dir / "backtest.png", source_line_text(run=run_of(options, "backtest"), input_sha256=input_hashes or {}))
    paths.append(out_dir / f"finmodel_{run_of(options, 'backtest')}.xlsx")
    _workbook(table, record, paths[-1])
    record["run"]["manifest"] = sorted(p.name for p in paths)
    write_json(paths[1], record)
    return paths


def _workbook(table, record, path) -> None:
    """finmodel_<run>.xlsx: the same table in sheets with units, native charts and the run on the Cover."""
    from finmodel.report.workbook.backtest import backtest_workbook
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import write_any

    run = Run("finmodel backtest", record["run"]["options"], record["run"]["input_sha256"])
    write_any(backtest_workbook(table, record["mean_absolute_error"], record["start"], record["end"], run), path)


def backtest_chart(bt):
    """Reserves and pool A debt rolled forward with recorded flows beside the record, two panels, HK$ bn from zero."""
    labels = fiscal_year.labels(bt.years)
    x = list(range(len(labels)))
    size = (10, 4.4)
    fig, axes = figure(size, margins=margins_in(size, left=0.7, right=0.2, top=0.95, wspace=0.22), ncols=2)
    for ax, rolled, recorded, panel in ((axes[0], bt.reserves, bt.recorded_reserves, "Fiscal reserves at 31 March"),
                                        (axes[1], bt.debt, bt.recorded_debt, "Pool A debt (GSBP + IBP) at 31 March")):
        ax.plot(x, rolled, **series_style(0), label="back-test (recorded flows)")
        rec = [(i, recorded[y].value) for i, y in enumerate(bt.years) if recorded[y].known]
        if rec:
            ax.plot([i for i, _ in rec], [v for _, v in rec], ls="none", marker="s", ms=7, color="#c00000", label="recorded")
        for i, y in enumerate(bt.years):
            if not recorded[y].known:
                ax.annotate("no record", (i, rolled[i]), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=7, color="0.4")
        ax.set_ylabel("HK$ bn")
        ax.set_title(panel, loc="left")
        year_axis(ax, labels)
        from_zero(ax)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * 1.08)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.5 / size[1]), ncol=2, fontsize=7.5, borderaxespad=0)
    title(fig, f"Back-test from {labels[0]}: stocks rolled forward with recorded flows against the record")
    return fig
