"""Charts of `finmodel sensitivity`: tornado, debt-to-GDP paths against the band, grid heat map.

Drawn in the house style of finmodel.report.charts.style and written as PNG and SVG with no
software/date metadata, so identical runs give identical bytes.
"""

from pathlib import Path

import numpy as np

from finmodel.report.charts.style import (
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

STATUS_COLOURS = {"within_band": "#a9d18e", "above_band": "#ffd966", "ceiling_binds": "#e06666"}
STATUS_LABELS = {"within_band": "within the band", "above_band": "above the band's top",
                 "ceiling_binds": "ceiling binds"}


def write_sensitivity_charts(s, out_dir) -> list:
    """Draw the three charts into `out_dir`/charts, PNG and SVG; return the paths written."""
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    source = source_line_text(run=s.options.get("run") or s.options.get("scenario", "baseline"), input_sha256=s.record()["input_sha256"])
    written = []
    for name, draw in (("tornado", tornado_chart), ("sensitivity_paths", paths_chart), ("grid_heatmap", grid_chart)):
        written += save(draw(s), charts / f"{name}.png", source)
    return written


def tornado_chart(s):
    """Two panels, cases sorted by effect: change in peak debt-to-GDP (pp) and in end reserves (HK$ bn)."""
    c = s.cases.drop(index="baseline")
    panels = (("change_peak_debt_to_gdp_pp", "peak_debt_to_gdp_pct", "peak debt-to-GDP, pp (baseline {:.1f}%)", 1.0),
              ("change_fiscal_reserves_end_hkd_bn", "fiscal_reserves_end_hkd_bn",
               "fiscal reserves at the horizon, HK$ bn (baseline {:,.0f})", -1.0))
    size = (11, 0.3 * len(c) + 2.1)
    fig, axes = figure(size, margins=margins_in(size, left=1.2, top=0.62, bottom=0.45, wspace=0.35), ncols=2)
    for ax, (col, level, text, bad_sign) in zip(axes, panels):
        order = c[col].abs().round(9).sort_values(kind="stable").index   # equal effects (fx ±10%) keep the case order
        vals = c.loc[order, col].to_numpy(dtype=float)
        y = np.arange(len(vals))
        ax.barh(y, vals, color=["#c00000" if v * bad_sign > 0 else "#548235" for v in vals])
        ax.set_yticks(y)
        ax.set_yticklabels(list(order), fontsize=8)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_xlabel("change in " + text.format(s.cases.loc["baseline", level]), fontsize=8)
    a = s.assumptions
    title(fig, f"Sensitivity to {s.paths.index[-1]}: red = worse than the baseline, green = better",
          f"{a.financing_rule} financing rule, {a.plan_name} issuance plan")
    return fig


def paths_chart(s):
    """Debt-to-GDP of every case against the band: the baseline heavy, each case its own style and a direct label."""
    a = s.assumptions
    p = s.paths
    labels = list(p.index)
    x = list(range(len(labels)))
    size = (8, 5.4)
    fig, ax = figure(size, margins=margins_in(size, top=0.62))
    ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", lw=0)
    cases = [c for c in p.columns if c != "baseline"]
    entries = []
    for i, case in enumerate(cases):
        style = {**series_style(i + 1), "marker": None}
        ax.plot(x, p[case], lw=0.9, alpha=0.9, **style)
        entries.append((x[-1], float(p[case].iloc[-1]), case, style["color"]))
    ax.plot(x, p["baseline"], color="black", lw=2.4, marker="o", ms=4, zorder=3)
    entries.append((x[-1], float(p["baseline"].iloc[-1]), "baseline", "black"))
    ax.set_ylabel("% of GDP")
    year_axis(ax, labels)
    from_zero(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * 1.04)
    shade_beyond_mrf(ax, s.assumptions.years, a.mrf_last_year)
    direct_labels(ax, entries, fontsize=6.5)
    title(fig, "Debt-to-GDP (pool A) in every case against the band",
          f"Shaded: the stated band {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP; {a.financing_rule} financing rule, "
          f"{a.plan_name} issuance plan")
    return fig


def grid_chart(s):
    """One panel per financing rule: cells coloured by status, labelled with peak debt-to-GDP."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    g = s.grid
    rules = list(dict.fromkeys(g["financing_rule"]))
    gdp = sorted(g["gdp_growth_pp"].unique())
    land = sorted(g["land_change_pct"].unique())
    codes = {k: i for i, k in enumerate(STATUS_COLOURS)}
    size = (6.5 * len(rules), 0.3 * len(gdp) + 1.9)
    fig, axes = figure(size, margins=margins_in(size, left=0.95, top=0.95, bottom=0.55, wspace=0.2), ncols=len(rules),
                       squeeze=False)
    for k, (ax, rule) in enumerate(zip(axes[0], rules)):
        sub = g[g["financing_rule"] == rule].set_index(["gdp_growth_pp", "land_change_pct"])
        z = np.array([[codes[sub.loc[(gv, lv), "status"]] for lv in land] for gv in gdp])
        ax.imshow(z, cmap=ListedColormap(list(STATUS_COLOURS.values())), vmin=0, vmax=len(codes) - 1,
                  aspect="auto", origin="lower", interpolation="nearest")
        for i, gv in enumerate(gdp):
            for j, lv in enumerate(land):
                ax.text(j, i, f"{sub.loc[(gv, lv), 'peak_debt_to_gdp_pct']:.1f}", ha="center", va="center", fontsize=5.5)
        ax.set_xticks(range(len(land)))
        ax.set_xticklabels([f"{v:+g}" for v in land], fontsize=7)
        ax.set_yticks(range(len(gdp)))
        ax.set_yticklabels([f"{v:+g}" for v in gdp], fontsize=7)
        ax.set_xlabel("land premium change, % a year")
        if k == 0:
            ax.set_ylabel("nominal GDP growth shock, pp a year")
        ax.set_title(f"{rule} financing rule", loc="left", fontsize=9)
    handles = [Patch(color=c, label=STATUS_LABELS[k]) for k, c in STATUS_COLOURS.items()]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.5 / size[1]), ncol=3, borderaxespad=0,
               fontsize=8)
    a = s.assumptions
    title(fig, f"GDP x land grid: peak debt-to-GDP % (cell text), the band's top ({a.band_high_pct:g}%) and the ceiling "
               f"to {s.paths.index[-1]}")
    return fig
