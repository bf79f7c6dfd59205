"""Charts of the forecast record (finmodel simulate): each Budget's reserve forecasts against the reserves held
(charts/forecast_record.png), and the fan of reserves against the record's errors by horizon (charts/fan_coverage.png).

House style (finmodel.report.charts.style): a title that states the finding, units on the axis, a source line;
PNG and SVG, byte-identical for the same inputs, options and seed. Every figure is read from the finished record
and coverage rows; nothing is computed here but positions on the page.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from finmodel.report.charts.style import figure, margins_in, save, source_line_text, title

SIZE = (8, 4.5)
OUTTURN, FORECAST, FAN = "#000000", "#c00000", "#548235"


@dataclass(frozen=True)
class RecordLines:
    """What the record chart draws, as plain arrays (no pandas: the chart process never imports it).

    forecasts: per Budget, in order, its runs of consecutive forecast years, each (dates, HK$ bn); held: the reserves
    held at each 31 March (dates, HK$ bn); five_years: (median absolute miss %, pairs) at five years, or None."""

    forecasts: tuple
    held: tuple
    five_years: tuple | None


def record_lines(record) -> RecordLines:
    """The record's lines as `record_chart` draws them: each Budget's forecasts from its budget year on, split where a
    year is missing (lines join consecutive years only), and the reserves held (actual outturns only)."""
    forecasts = []
    for budget in sorted({r["budget"] for r in record.pairs}):
        rows = sorted((r for r in record.pairs if r["budget"] == budget), key=lambda r: r["horizon_years"])
        h = np.array([r["horizon_years"] for r in rows])
        y = np.array([r["forecast_hkd_bn"] for r in rows], dtype=float)
        x = np.array([r["forecast_for"] for r in rows], dtype="datetime64[ns]")
        forecasts.append(tuple((x[run], y[run]) for run in np.split(np.arange(len(h)), np.flatnonzero(np.diff(h) != 1) + 1)))
    first = {}
    for r in record.pairs:                          # each date once, as its first pair gives it
        first.setdefault(r["forecast_for"], r)
    held = sorted((r for r in first.values() if r["outturn_kind"] == "actual"), key=lambda r: r["forecast_for"])
    five = record.at_horizon(5)
    return RecordLines(tuple(forecasts), (np.array([r["forecast_for"] for r in held], dtype="datetime64[ns]"),
                                          np.array([r["outturn_hkd_bn"] for r in held], dtype=float)),
                       (float(five["median_abs_error_pct"]), int(five["n_pairs"])) if five is not None else None)


def record_chart(lines: RecordLines):
    """Reserves held at each 31 March (black) and each Budget's forecasts from its budget year on (red, thin)."""
    import matplotlib.dates as mdates

    fig, ax = figure(SIZE, margins=margins_in(SIZE, top=0.9))
    for i, runs in enumerate(lines.forecasts):
        for j, (x, y) in enumerate(runs):
            ax.plot(x, y, color=FORECAST, lw=0.9, alpha=0.75, marker="o", ms=3,
                    label="A Budget's forecasts (dots: years it published; lines join consecutive years)"
                    if i == 0 and j == 0 else None)
    ax.plot(*lines.held, color=OUTTURN, lw=2, label="Reserves held at 31 March")
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel("HK$ bn, 31 March")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=7, borderaxespad=0.2)
    finding = (f"Five years out, Budgets missed reserves by a median {lines.five_years[0]:.0f}%"
               if lines.five_years else "Budgets' reserve forecasts against the reserves held")
    title(fig, finding, f"{lines.five_years[1] if lines.five_years else 0} Budgets at five years; "
                        "breaks in what the reserves cover: forecast_record.csv")
    return fig


def coverage_chart(coverage, sim):
    """The 80% and 50% bands of reserves by horizon (relative to the baseline) and the errors each was checked against
    (mean removed; the one-year balance errors beside the reserves' own)."""
    rows = [r for r in coverage if r["errors"] == "mean removed" and r["measure"] == "reserves"]
    fig, ax = figure(SIZE, margins=margins_in(SIZE, top=0.9))
    hs = sorted({r["horizon_years"] for r in rows})
    for band, alpha in ((80, 0.25), (50, 0.45)):
        lo = [next(r["band_low_pct"] for r in rows if r["horizon_years"] == h and r["band_pct"] == band) for h in hs]
        hi = [next(r["band_high_pct"] for r in rows if r["horizon_years"] == h and r["band_pct"] == band) for h in hs]
        ax.fill_between(hs, lo, hi, color=FAN, alpha=alpha, lw=0, label=f"{band}% band of the fan")
    for r in rows:
        if r["band_pct"] == 80:
            label = f"{r['n_inside']}/{r['n_pairs']}" + ("*" if r["thin"] else "")
            ax.text(r["horizon_years"], 0.02, label, transform=ax.get_xaxis_transform(), ha="center", fontsize=7, color="0.3")
    for r in coverage:
        if r["errors"] == "mean removed" and r["band_pct"] == 80:
            balance = r["measure"] != "reserves"
            e = r["errors_compared_pct"]
            ax.scatter(np.full(len(e), r["horizon_years"] + (0.15 if balance else 0.0)), e, s=12, zorder=3,
                       color="#1f4e79" if balance else "black", marker="s" if balance else "o",
                       label="One-year balance errors" if balance else ("Past reserve forecasts' errors" if r["horizon_years"] == 1 else None))
    ax.axhline(0, color="0.4", lw=0.8)
    ax.set_xticks(hs, [f"{h} year{'s' if h > 1 else ''}" for h in hs])
    ax.set_ylabel("% of the central projection")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, fontsize=7, borderaxespad=0.2)
    five = next((r for r in rows if r["horizon_years"] == 5 and r["band_pct"] == 80), None)
    head = (f"The fan's 80% band holds {five['n_inside']} of {five['n_pairs']} past five-year misses" if five
            else "The fan of reserves against past Budgets' misses")
    title(fig, head, f"Errors with their mean removed; labels: inside the 80% band / pairs (* thin); "
                     f"{sim.n_paths:,} paths, shocks scaled {sim.covariance_scale:.2f}")
    return fig


def write_record_charts(record, coverage, sim, out_dir, run: str, input_sha256: dict) -> list:
    """Both charts into `out_dir`/charts, PNG and SVG."""
    return (write_record_chart(record_lines(record), out_dir, run, input_sha256)
            + write_coverage_chart(coverage, sim, out_dir, run, input_sha256))


def write_record_chart(lines: RecordLines, out_dir, run: str, input_sha256: dict) -> list:
    """charts/forecast_record.png and .svg into `out_dir` from `record_lines(record)` (it needs the record alone, so it can
    be drawn before the run)."""
    source = source_line_text(run=run, input_sha256=input_sha256)
    return save(record_chart(lines), _charts(out_dir) / "forecast_record.png", source)


def write_coverage_chart(coverage, sim, out_dir, run: str, input_sha256: dict) -> list:
    """charts/fan_coverage.png and .svg into `out_dir`."""
    source = source_line_text(run=run, input_sha256=input_sha256)
    return save(coverage_chart(coverage, sim), _charts(out_dir) / "fan_coverage.png", source)


def _charts(out_dir) -> Path:
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    return charts
