"""Back-test outputs: backtest.csv (year by year), backtest.json (errors, gaps, run record), backtest.png and
finmodel_<run>.xlsx (finmodel_backtest.xlsx by default).

Written atomically, the record last (its manifest lists every file of the folder finmodel
wrote); the PNG carries no software version or date, so reruns are byte-identical. A year
without a recorded figure has empty cells in the columns of NOT_RECORDED (`flows_how` and
`debt_recorded_how` say why); any other NaN or infinity stops the run before anything is written.
"""

from pathlib import Path

from finmodel import fiscal_year
from finmodel.report.atomic import atomic_path, write_json, write_text
from finmodel.report.csv_text import frame_csv
from finmodel.report.finite import frame_problems, record_problems, require_finite
from finmodel.report.run_name import run_of
from finmodel.version import __version__

NOT_RECORDED = ("revenue_hkd_bn", "expenditure_hkd_bn", "reserves_recorded_hkd_bn", "reserves_error_hkd_bn", "reserves_error_pct",
                "debt_recorded_hkd_bn", "debt_error_hkd_bn", "debt_error_pct")


def write_backtest(bt, out_dir, options: dict | None = None, input_hashes: dict | None = None, folder=None) -> list:
    """Write the back-test table, chart and record to `out_dir`; return the paths written (table, record, chart).

    folder: the checked `outdir.OutputFolder` whose manifest the record keeps (None: this run's files only).
    """
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
    paths = [out_dir / "backtest.csv", out_dir / "backtest.json", out_dir / "backtest.png",
             out_dir / f"finmodel_{run_of(options, 'backtest')}.xlsx"]
    write_text(paths[0], frame_csv(table, float_format="%.10g"))
    _chart(bt, paths[2])
    _workbook(table, record, paths[3])
    names = sorted({p.name for p in paths} | (set(folder.manifest([])) if folder is not None else set()))
    record["run"]["manifest"] = names
    write_json(paths[1], record)
    return paths


def _workbook(table, record, path) -> None:
    """finmodel_<run>.xlsx: the same table in sheets with units, native charts and the run on the Cover."""
    from finmodel.report.workbook.backtest import backtest_workbook
    from finmodel.report.workbook.book import Run
    from finmodel.report.workbook.build import write_any

    run = Run("finmodel backtest", record["run"]["options"], record["run"]["input_sha256"])
    write_any(backtest_workbook(table, record["mean_absolute_error"], record["start"], record["end"], run), path)


def _chart(bt, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = fiscal_year.labels(bt.years)
    x = list(range(len(labels)))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, rolled, recorded, title in ((axes[0], bt.reserves, bt.recorded_reserves, "Fiscal reserves at 31 March"),
                                        (axes[1], bt.debt, bt.recorded_debt, "Pool A debt (GSBP + IBP) at 31 March")):
        ax.plot(x, rolled, marker="o", color="#1F4E79", label="back-test (recorded flows)")
        rec = [(i, recorded[y].value) for i, y in enumerate(bt.years) if recorded[y].known]
        if rec:
            ax.plot([i for i, _ in rec], [v for _, v in rec], linestyle="none", marker="s", color="#C00000", label="recorded")
        for i, y in enumerate(bt.years):
            if not recorded[y].known:
                ax.annotate("no record", (i, rolled[i]), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=7, color="0.4")
        ax.set_xticks(x, labels, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("HK$ bn")
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.legend(fontsize=8, frameon=False)
    fig.suptitle(f"Back-test from {labels[0]}: stocks rolled forward with recorded flows vs the record", fontsize=10)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
