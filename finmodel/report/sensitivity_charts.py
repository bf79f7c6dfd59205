"""Charts of `finmodel sensitivity`: tornado, debt-to-GDP paths against the band, grid heat map.

Drawn with the Agg backend and written atomically with no software/date metadata (the helpers
of finmodel.report.charts), so identical runs give identical bytes.
"""

from pathlib import Path

import numpy as np

from finmodel.report.charts import figure, save_png, year_ticks

STATUS_COLOURS = {"within_band": "#a9d18e", "above_band": "#ffd966", "ceiling_binds": "#e06666"}
STATUS_LABELS = {"within_band": "within the band", "above_band": "above the band's top",
                 "ceiling_binds": "ceiling binds"}


def write_sensitivity_charts(s, out_dir) -> list:
    """Draw the three charts into `out_dir`/charts; return the paths written."""
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    return [_tornado(s, charts / "tornado.png"), _paths(s, charts / "sensitivity_paths.png"),
            _heatmap(s, charts / "grid_heatmap.png")]


def _tornado(s, path):
    """Two panels, cases sorted by effect: change in peak debt-to-GDP (pp) and in end reserves (HK$ bn)."""
    c = s.cases.drop(index="baseline")
    panels = (("change_peak_debt_to_gdp_pp", "peak_debt_to_gdp_pct", "peak debt-to-GDP, pp (baseline {:.1f}%)", 1.0),
              ("change_fiscal_reserves_end_hkd_bn", "fiscal_reserves_end_hkd_bn",
               "fiscal reserves at the horizon, HK$ bn (baseline {:,.0f})", -1.0))
    fig, axes = figure(ncols=2, figsize=(11, 0.3 * len(c) + 1.8))
    for ax, (col, level, text, bad_sign) in zip(axes, panels):
        order = c[col].abs().sort_values(kind="stable").index
        vals = c.loc[order, col].to_numpy(dtype=float)
        y = np.arange(len(vals))
        ax.barh(y, vals, color=["#c00000" if v * bad_sign > 0 else "#548235" for v in vals])
        ax.set_yticks(y)
        ax.set_yticklabels(list(order), fontsize=8)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_xlabel("change in " + text.format(s.cases.loc["baseline", level]), fontsize=8)
    a = s.assumptions
    fig.suptitle(f"Sensitivity to {s.paths.index[-1]} ({a.financing_rule} rule, {a.plan_name} plan): red = worse")
    save_png(fig, path)
    return path


def _paths(s, path):
    a = s.assumptions
    p = s.paths
    labels = list(p.index)
    x = list(range(len(labels)))
    fig, ax = figure(figsize=(8, 4.8))
    ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", label=f"Stated band {a.band_low_pct:g}-{a.band_high_pct:g}%")
    for case in p.columns:
        if case == "baseline":
            continue
        ax.plot(x, p[case], color="0.6", lw=0.8)
        ax.text(x[-1] + 0.05, p[case].iloc[-1], case, fontsize=6, va="center", color="0.4")
    ax.plot(x, p["baseline"], color="#1f4e79", lw=2.5, marker="o", label="baseline")
    ax.plot([], [], color="0.6", lw=0.8, label="standard cases")
    ax.set_ylabel("% of GDP")
    ax.set_title(f"Debt-to-GDP (pool A) in every case against the band ({a.financing_rule} rule)")
    year_ticks(ax, labels)
    ax.set_xlim(-0.3, x[-1] + 1.2)
    ax.legend(loc="upper left", frameon=False)
    save_png(fig, path)
    return path


def _heatmap(s, path):
    """One panel per financing rule: cells coloured by status, labelled with peak debt-to-GDP."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    g = s.grid
    rules = list(dict.fromkeys(g["financing_rule"]))
    gdp = sorted(g["gdp_growth_pp"].unique())
    land = sorted(g["land_change_pct"].unique())
    codes = {k: i for i, k in enumerate(STATUS_COLOURS)}
    fig, axes = figure(figsize=(6.5 * len(rules), 0.28 * len(gdp) + 2.2), ncols=len(rules), squeeze=False)
    for ax, rule in zip(axes[0], rules):
        sub = g[g["financing_rule"] == rule].set_index(["gdp_growth_pp", "land_change_pct"])
        z = np.array([[codes[sub.loc[(gv, lv), "status"]] for lv in land] for gv in gdp])
        ax.imshow(z, cmap=ListedColormap(list(STATUS_COLOURS.values())), vmin=0, vmax=len(codes) - 1,
                  aspect="auto", origin="lower")
        for i, gv in enumerate(gdp):
            for j, lv in enumerate(land):
                ax.text(j, i, f"{sub.loc[(gv, lv), 'peak_debt_to_gdp_pct']:.1f}", ha="center", va="center", fontsize=5)
        ax.set_xticks(range(len(land)))
        ax.set_xticklabels([f"{v:+g}" for v in land], fontsize=7)
        ax.set_yticks(range(len(gdp)))
        ax.set_yticklabels([f"{v:+g}" for v in gdp], fontsize=7)
        ax.set_xlabel("land premium change, % a year")
        ax.set_ylabel("nominal GDP growth shock, pp a year")
        ax.set_title(f"{rule} rule: peak debt-to-GDP % (cell text)", fontsize=9)
    handles = [Patch(color=c, label=STATUS_LABELS[k]) for k, c in STATUS_COLOURS.items()]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, -0.02))
    a = s.assumptions
    fig.suptitle(f"GDP x land grid: band ({a.band_high_pct:g}%) and ceiling breaches to {s.paths.index[-1]}")
    save_png(fig, path)
    return path
