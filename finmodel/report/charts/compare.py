"""Overlay charts of `finmodel compare`: one line per scenario on each chart, each with its own style and label.

Scenarios whose paths are the same are drawn once and labelled together ("baseline = passive"),
so one never hides another; the labels sit at the lines' ends, nudged apart, instead of a legend
the ceiling could strike through.
"""

from pathlib import Path

import numpy as np

from finmodel.report.charts.style import (
    ceiling_step,
    direct_labels,
    figure,
    from_zero,
    margins_in,
    save,
    series_style,
    shade_beyond_mrf,
    source_line_text,
    title,
    year_axis,
)

OVERLAYS = (("debt_to_gdp_pct", "Debt-to-GDP (pool A) against the band", "% of GDP", "compare_debt_to_gdp.png"),
            ("debt_hkd_bn", "Debt (pool A) against the borrowing ceiling", "HK$ bn, 31 March", "compare_debt_vs_ceiling.png"),
            ("fiscal_reserves_hkd_bn", "Fiscal reserves", "HK$ bn, 31 March", "compare_fiscal_reserves.png"),
            ("interest_to_revenue_pct", "Interest / total revenue", "% of total revenue", "compare_interest_to_revenue.png"))
SIZE = (8, 4.5)


def same_paths(results: dict, col: str) -> list:
    """The scenarios grouped by identical paths of `col`, in the order given: [[name, ...], ...]."""
    groups = []
    for name, res in results.items():
        values = res.projection[col].to_numpy(dtype=float)
        for group in groups:
            if np.allclose(values, results[group[0]].projection[col].to_numpy(dtype=float), rtol=0, atol=1e-9, equal_nan=True):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def compare_chart(results: dict, col: str, chart_title: str, unit: str):
    """One overlay chart: band or ceiling where it applies, one line per distinct path, direct labels."""
    first = next(iter(results.values()))
    a = first.assumptions
    labels = list(first.projection.index)
    x = list(range(len(labels)))
    fig, ax = figure(SIZE, margins=margins_in(SIZE, top=0.62))
    if col == "debt_to_gdp_pct":
        ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", lw=0)
    if col == "debt_hkd_bn":
        ceiling_step(ax, x, first.projection["ceiling_hkd_bn"], color="0.2", ls="--", lw=1.5)
    entries = []
    for i, group in enumerate(same_paths(results, col)):
        style = series_style(i)
        values = results[group[0]].projection[col]
        ax.plot(x, values, ms=4, lw=1.6, label=" = ".join(group), **style)
        entries.append((x[-1], float(values.iloc[-1]), " = ".join(group), style["color"]))
    ax.set_ylabel(unit)
    year_axis(ax, labels)
    from_zero(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * 1.06)
    shade_beyond_mrf(ax, a.years, a.mrf_last_year)
    if col == "debt_hkd_bn":
        entries.append((x[-1] + 0.5, float(first.projection["ceiling_hkd_bn"].iloc[-1]), "Borrowing ceiling", "0.2"))
    direct_labels(ax, entries)
    same = "Scenarios with the same path share one line and one label"
    if col == "debt_to_gdp_pct":
        same = f"Shaded: the stated band {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP. " + same
    title(fig, chart_title + " by scenario", same)
    return fig


def write_compare_charts(results: dict, out_dir) -> list:
    """Draw the overlay charts into `out_dir`/charts, PNG and SVG; return the paths written."""
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    hashes = {name: digest for r in results.values() for name, digest in r.assumptions.input_hashes.items()}
    source = source_line_text(next(iter(results.values())), input_sha256=hashes)
    written = []
    for col, chart_title, unit, fname in OVERLAYS:
        written += save(compare_chart(results, col, chart_title, unit), charts / fname, source)
    return written
