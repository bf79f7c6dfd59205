"""Fan charts of `finmodel simulate`: debt-to-GDP against the band, debt against the ceiling, reserves, headroom.

Drawn in the house style of finmodel.report.charts.style (no pyplot), written as PNG and SVG,
byte-identical for the same inputs, options and seed.
"""

from pathlib import Path

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.stochastic import PERCENTILES
from finmodel.report.charts.style import (
    CEILING_COLOUR,
    ceiling_step,
    clear_top,
    figure,
    from_zero,
    margins_in,
    save,
    shade_beyond_mrf,
    source_line_text,
    title,
    year_axis,
)

SIZE = (8, 4.5)
FANS = (  # variable, colour, unit, title, file
    ("debt_to_gdp_pct", "#1f4e79", "% of GDP (debt, pool A)", "Debt-to-GDP fan chart", "fan_debt_to_gdp.png"),
    ("debt_hkd_bn", "#1f4e79", "HK$ bn, 31 March", "Debt against the ceiling", "fan_debt_vs_ceiling.png"),
    ("fiscal_reserves_hkd_bn", "#548235", "HK$ bn, 31 March", "Fiscal reserves fan chart", "fan_fiscal_reserves.png"),
    ("headroom_hkd_bn", "#7f6000", "HK$ bn under the ceiling, 31 March", "Headroom under the ceiling", "fan_headroom.png"),
)


def _fan(ax, x, q, color):
    """Shade p5-p95, p10-p90 and p25-p75 and draw the median."""
    i = {p: n for n, p in enumerate(PERCENTILES)}
    ax.fill_between(x, q[i[5]], q[i[95]], color=color, alpha=0.15, lw=0, label="5-95% of paths")
    ax.fill_between(x, q[i[10]], q[i[90]], color=color, alpha=0.25, lw=0, label="10-90%")
    ax.fill_between(x, q[i[25]], q[i[75]], color=color, alpha=0.4, lw=0, label="25-75%")
    ax.plot(x, q[i[50]], color=color, lw=2, label="Median path")


def _extras(ax, variable, sim, a, x):
    """What each fan is read against: the band, the ceiling (a step), the reserves floor, zero headroom."""
    if variable == "debt_to_gdp_pct":
        ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", lw=0, zorder=0,
                   label=f"Stated band {a.band_low_pct:g}-{a.band_high_pct:g}%")
    elif variable == "debt_hkd_bn":
        ceiling_step(ax, x, a.ceiling_hkd_bn)
        q = sim.fan["debt_hkd_bn"]
        if np.allclose(q[0], q[-1]):
            ax.text(0.99, 0.02, f"Financing rule '{a.financing_rule}': issuance does not respond to the shocks,\n"
                    "so reserves absorb them and debt follows the plan on every path.",
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="0.3")
    elif variable == "fiscal_reserves_hkd_bn" and a.financing_rule == "risk":
        ax.plot(x, sim.baseline.get("reserves_floor_hkd_bn", np.full(len(x), np.nan)), color=CEILING_COLOUR, lw=1.5, ls=":",
                label=f"Floor: {a.reserves_floor_months:g} months of spending (baseline)")
    elif variable == "headroom_hkd_bn":
        ax.axhline(0, color=CEILING_COLOUR, lw=1.5, label="No headroom: the ceiling binds")


def _say_ceiling_changes(ax, ceiling_hkd_bn, x) -> None:
    """Mark each year the ceiling changes, with its old and new level, at the top of the chart (its top raised so the
    fan stays below the words): headroom jumps there by the change, not because of anything the paths did."""
    ceiling = [float(c) for c in ceiling_hkd_bn]
    for k in range(1, len(ceiling)):
        if ceiling[k] != ceiling[k - 1]:
            ax.axvline(x[k] - 0.5, color=CEILING_COLOUR, lw=0.8, ls=":")
            words = ax.text(x[k] - 0.45, 0.98, f"ceiling {ceiling[k - 1]:,.0f} to {ceiling[k]:,.0f}:\nheadroom jumps by the change",
                    transform=ax.get_xaxis_transform(), ha="left", va="top", fontsize=6.8, color=CEILING_COLOUR,
                    gid="ceiling-change")
            clear_top(ax, words)


def fan_chart(sim, a, variable, color, unit, chart_title):
    """One fan chart: the fan, the deterministic baseline, what it is read against; the legend above the plot."""
    labels = fiscal_year.labels(sim.years)
    x = np.arange(len(labels))
    fig, ax = figure(SIZE, margins=margins_in(SIZE, top=0.9))
    _extras(ax, variable, sim, a, x)
    _fan(ax, x, sim.fan[variable], color)
    ax.plot(x, sim.baseline[variable], color="black", ls="--", lw=1, label="Deterministic baseline")
    ax.set_ylabel(unit)
    year_axis(ax, labels)
    from_zero(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.08 * (high - low))  # room for the MRF note above the ceiling
    shade_beyond_mrf(ax, sim.years, a.mrf_last_year)
    if variable == "headroom_hkd_bn":
        _say_ceiling_changes(ax, a.ceiling_hkd_bn, x)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, fontsize=7, borderaxespad=0.2, handlelength=1.6,
              columnspacing=1.0)
    title(fig, chart_title, f"{sim.n_paths:,} paths, {sim.method} shocks, seed {sim.seed}")
    return fig


def write_charts(sim, assumptions, out_dir, run: str, input_sha256: dict) -> list:
    """The four fan charts into `out_dir`/charts, PNG and SVG; run and input_sha256 (the run record's): for the source line."""
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    source = source_line_text(run=run, input_sha256=input_sha256)
    written = []
    for variable, color, unit, chart_title, name in FANS:
        written += save(fan_chart(sim, assumptions, variable, color, unit, chart_title), charts / name, source)
    return written
