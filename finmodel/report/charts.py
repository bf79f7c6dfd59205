"""PNG charts of a run, drawn with matplotlib's Agg backend and written atomically.

Years beyond the official forecast (the MRF) are shaded and labelled on every chart.
PNG metadata carries no software version or date, so identical runs give identical bytes.
"""

from pathlib import Path

from finmodel.report.atomic import atomic_path

CHARTS = ("debt_vs_ceiling", "debt_to_gdp_band", "issuance_vs_redemptions", "fiscal_reserves",
          "peers_debt_to_gdp", "peers_interest_to_revenue", "peers_interest_to_gdp", "debt_decomposition", "against_the_budget", "heat_map")


YEAR_CHART_MARGINS = {"left": 0.09, "right": 0.98, "top": 0.92, "bottom": 0.17}


def figure(figsize=(8, 4.5), margins=None, **subplots):
    """A new Figure and its Axes drawn by Agg, without pyplot (lighter to import, no global state).

    margins (fractions of the figure, as in subplots_adjust) fix the layout, which draws faster
    than the constrained layout used otherwise. Other keywords go to Figure.subplots.
    """
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
    fig = Figure(figsize=figsize, layout=None if margins else "constrained", dpi=100)
    if margins:
        fig.subplots_adjust(**margins)
    return fig, fig.subplots(**subplots)


def _beyond(ax, results, x):
    a = results.assumptions
    beyond = [i for i, y in enumerate(a.years) if y > a.mrf_last_year]
    if beyond:
        ax.axvspan(beyond[0] - 0.5, x[-1] + 0.5, color="0.92", zorder=0)
        ax.text(x[-1] + 0.4, ax.get_ylim()[0], "beyond the official forecast", va="bottom", ha="right", fontsize=7, color="0.4")


def save_png(fig, path: Path):
    """Write a figure as PNG atomically, with no software or date metadata."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100, metadata={"Software": None}, pil_kwargs={"compress_level": 1})


def year_ticks(ax, labels):
    """Fiscal-year labels on the x axis, thinned to about ten."""
    step = max(1, len(labels) // 10)
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right")


def write_charts(results, out_dir, heat_map=None) -> list:
    """Draw the standard charts into `out_dir`/charts; return the paths written (heat_map: the run's HeatMap if built)."""
    return write_projection_charts(results, out_dir) + write_comparison_charts(results, out_dir, heat_map)


def write_comparison_charts(results, out_dir, heat_map=None) -> list:
    """The peers charts and the heat map (`finmodel project` draws them in the parent process, beside the year charts)."""
    from finmodel.report.peer_charts import write_peer_charts

    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    written = list(write_peer_charts(results, charts_dir, figure, save_png))
    if heat_map is None:
        from finmodel.analysis.heat_map import build

        heat_map = build(results)
    written.append(charts_dir / "heat_map.png")
    save_png(heat_map_chart(heat_map), written[-1])
    return written


def write_projection_charts(results, out_dir) -> list:
    """The charts of the projection by fiscal year, the decomposition and the Budget comparison."""
    p = results.projection
    labels = list(p.index)
    x = list(range(len(labels)))
    a = results.assumptions
    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    written = []
    title_tail = f" ({results.scenario}, {a.plan_name} plan)"

    def year_chart(name, title, ylabel, draw):
        fig, ax = figure(margins=YEAR_CHART_MARGINS)
        draw(ax)
        ax.set_ylabel(ylabel)
        ax.set_title(title + title_tail)
        year_ticks(ax, labels)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.18 * (high - low))  # room for the legend above the data
        ax.legend(loc="upper left", frameon=False, ncol=3)
        _beyond(ax, results, x)
        written.append(charts_dir / f"{name}.png")
        save_png(fig, written[-1])

    def debt_vs_ceiling(ax):
        ax.bar(x, p["debt_hkd_bn"], color="#1f4e79", label="Debt under the ceiling (pool A)")
        ax.step(x, p["ceiling_hkd_bn"], where="mid", color="#c00000", lw=2, label="Borrowing ceiling")

    def debt_to_gdp_band(ax):
        ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", label=f"Stated band {a.band_low_pct:g}-{a.band_high_pct:g}%")
        ax.plot(x, p["debt_to_gdp_pct"], marker="o", color="#1f4e79", label="Debt-to-GDP (pool A)")
        ax.plot(x, p["debt_total_to_gdp_pct"], ls="--", color="0.5", label="Including pool B")

    def issuance_vs_redemptions(ax):
        w = 0.4
        ax.bar([i - w / 2 for i in x], p["gross_issuance_hkd_bn"], width=w, color="#1f4e79", label="Gross issuance")
        ax.bar([i + w / 2 for i in x], p["redemptions_hkd_bn"], width=w, color="#9dc3e6", label="Redemptions")
        ax.plot(x, p["net_bond_proceeds_hkd_bn"], color="#c00000", marker="o", label="Net borrowing")

    def fiscal_reserves(ax):
        ax.plot(x, p["fiscal_reserves_hkd_bn"], marker="o", color="#548235", label="Fiscal reserves")
        ax.plot(x, p["debt_hkd_bn"], marker="s", color="#1f4e79", label="Debt (pool A)")

    year_chart("debt_vs_ceiling", "Debt against the borrowing ceiling", "HK$ bn, 31 March", debt_vs_ceiling)
    year_chart("debt_to_gdp_band", "Debt-to-GDP against the stated band", "% of GDP", debt_to_gdp_band)
    year_chart("issuance_vs_redemptions", "Gross issuance and redemptions", "HK$ bn", issuance_vs_redemptions)
    year_chart("fiscal_reserves", "Fiscal reserves and debt", "HK$ bn, 31 March", fiscal_reserves)

    fig, ax = figure(margins=YEAR_CHART_MARGINS)
    d = p.iloc[1:]
    xd = list(range(len(d)))
    parts = [("contribution_interest_pp", "Interest", "#c00000"), ("contribution_growth_pp", "Growth", "#548235"),
             ("contribution_primary_balance_pp", "Primary balance", "#ffc000"),
             ("contribution_sfa_pp", "Stock-flow adjustment", "#9dc3e6")]
    pos = [0.0] * len(d)
    neg = [0.0] * len(d)
    for col, name, color in parts:
        vals = d[col].to_numpy()
        bottoms = [pos[i] if v >= 0 else neg[i] for i, v in enumerate(vals)]
        ax.bar(xd, vals, bottom=bottoms, color=color, label=name)
        for i, v in enumerate(vals):
            if v >= 0:
                pos[i] += v
            else:
                neg[i] += v
    ax.plot(xd, d["change_debt_to_gdp_pp"], "ko-", label="Change in debt-to-GDP")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylabel("percentage points of GDP")
    ax.set_title("What moves the debt ratio" + title_tail)
    year_ticks(ax, list(d.index))
    ax.legend(loc="upper left", frameon=False, fontsize=7, ncol=2)
    written.append(charts_dir / "debt_decomposition.png")
    save_png(fig, written[-1])
    if results.assumptions.budget_plan is not None:
        written.append(charts_dir / "against_the_budget.png")
        save_png(against_the_budget(results), written[-1])
    return written


HEAT_COLOURS = {"red": "#f8696b", "amber": "#ffeb84", "green": "#63be7b", "none": "#e7e6e6"}
HEAT_FORMATS = {"HK$ bn": "{:,.0f}", "% of GDP": "{:.2f}"}   # 2 decimals: 19.95 is within the band's rounding
HEAT_WORDS = {"red": "Budget baseline breaches the benchmark", "amber": "a stress test (or current policy) breaches it",
              "green": "no breach", "none": "no benchmark: value shown, not rated"}


def heat_map_chart(hm):
    """The heat map as a grid: one row per indicator, one column per view, each cell its worst value on its colour."""
    from matplotlib.patches import Patch, Rectangle

    n_rows, n_cols = len(hm.rows), len(hm.columns)
    fig, ax = figure(figsize=(max(10.0, 0.62 * n_cols + 4.2), 0.55 * n_rows + 3.6),
                     margins={"left": 0.25, "right": 0.99, "top": 0.9, "bottom": 0.29})
    for i, r in enumerate(hm.rows):
        for j, c in enumerate(hm.columns):
            cell = hm.cells[r.key, c.id]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=HEAT_COLOURS[cell.colour], edgecolor="white", lw=1.5))
            text = "" if cell.value != cell.value else HEAT_FORMATS.get(r.unit, "{:.1f}").format(cell.value)
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=7.5)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks([j + 0.5 for j in range(n_cols)])
    ax.set_xticklabels([c.label for c in hm.columns], rotation=50, ha="right", fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(n_rows)])
    ax.set_yticklabels([f"{r.label} [{r.unit}]\nbenchmark: {r.benchmark_label}" for r in hm.rows], fontsize=7.5)
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Debt risks against benchmarks: the worst value over {hm.years[0]} to {hm.years[-1]}", fontsize=10, loc="left")
    handles = [Patch(facecolor=HEAT_COLOURS[k], label=f"{k}: {HEAT_WORDS[k]}") for k in ("red", "amber", "green", "none")]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.01), ncol=2, frameon=False, fontsize=8)
    fig.text(0.99, 0.015, "Source: finmodel; IMF market-access DSA (2013) rule and GFN benchmark; HK$900bn ceiling and 19.9% band, "
             "2026-27 Budget", ha="right", va="bottom", fontsize=7, color="0.4")
    return fig


def against_the_budget(results):
    """Reserves and debt-to-GDP to the end of the MRF: the Budget baseline, the current-policy view, the published points."""
    rows = results.budget_views()
    labels = [r["fiscal_year"] for r in rows]
    x = list(range(len(rows)))
    fig, (left, right) = figure(figsize=(10, 4.2), margins={"left": 0.07, "right": 0.99, "top": 0.86, "bottom": 0.2,
                                                           "wspace": 0.22}, ncols=2)
    for ax, key, unit, title in ((left, "reserves", "HK$ bn, 31 March", "Fiscal reserves"),
                                 (right, "ratio", "% of GDP", "Debt-to-GDP (pool A)")):
        ax.plot(x, [r[f"{key}_budget"] for r in rows], color="#1f4e79", marker="o", label="Budget baseline (with the unidentified measures)")
        ax.plot(x, [r[f"{key}_passive"] for r in rows], color="#c00000", ls="--", marker="s", label="Current policy (without them)")
        points = [(i, r[f"{key}_published"]) for i, r in enumerate(rows) if r[f"{key}_published"] is not None]
        ax.plot([i for i, _ in points], [v for _, v in points], ls="none", marker="D", color="0.2", ms=7,
                label="Published (2026-27 Budget; reserves 'over 700' in 2030-31)")
        ax.set_ylim(0, max(ax.get_ylim()[1], 1.0) * 1.1)
        ax.set_ylabel(unit)
        ax.set_title(title)
        year_ticks(ax, labels)
    handles, names = left.get_legend_handles_labels()
    fig.legend(handles, names, loc="upper center", ncol=3, frameon=False, fontsize=8)
    return fig


# The four charts of the one-page brief, each drawn into a given Axes (provisional: one function per chart).
def _year_axes(ax, results, ylabel):
    """Fiscal-year ticks, unit label, legend above the data and the shaded years beyond the MRF."""
    ax.set_ylabel(ylabel)
    year_ticks(ax, list(results.projection.index))
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.18 * (high - low))
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=7)
    _beyond(ax, results, list(range(len(results.projection))))


def draw_debt_vs_ceiling(ax, results):
    p = results.projection
    x = range(len(p))
    ax.bar(x, p["debt_hkd_bn"], color="#1f4e79", label="Debt (pool A)")
    ax.step(x, p["ceiling_hkd_bn"], where="mid", color="#c00000", lw=2, label="Borrowing ceiling")
    _year_axes(ax, results, "HK$ bn, 31 March")


def draw_debt_to_gdp_band(ax, results):
    p, a = results.projection, results.assumptions
    x = range(len(p))
    ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", label=f"Stated band {a.band_low_pct:g}-{a.band_high_pct:g}%")
    ax.plot(x, p["debt_to_gdp_pct"], marker="o", color="#1f4e79", label="Debt-to-GDP (pool A)")
    _year_axes(ax, results, "% of GDP")


def draw_fiscal_reserves(ax, results):
    p = results.projection
    x = range(len(p))
    ax.plot(x, p["fiscal_reserves_hkd_bn"], marker="o", color="#548235", label="Fiscal reserves")
    ax.plot(x, p["debt_hkd_bn"], marker="s", color="#1f4e79", label="Debt (pool A)")
    _year_axes(ax, results, "HK$ bn, 31 March")


def draw_interest_vs_peers(ax, results):
    """Interest over revenue, one block per definition (never compared across definitions); a figure not found says so."""
    from finmodel.model.results import peer_comparisons

    y, ticks, names = 0, [], []
    for k, (_, rows) in enumerate(dict(peer_comparisons(results.peers()))["interest_to_revenue"], start=1):
        ax.axhline(y - 0.6, color="0.7", lw=0.6)
        ax.text(0, y - 0.55, f"definition {k}", fontsize=6, color="0.4", va="bottom")
        for r in rows.itertuples():
            ticks.append(y)
            names.append(f"{r.country.replace(' SAR (finmodel)', ' (model)')} {r.year}")
            if r.value == r.value and r.value is not None:
                ax.barh(y, r.value, color="#1f4e79" if r.status == "projection" else "#8c8c8c", height=0.7)
                ax.text(r.value, y, f" {r.value:.1f}", va="center", fontsize=6)
            else:
                ax.text(0, y, " not found", va="center", fontsize=6, color="#c00000", style="italic")
            y += 1
        y += 0.8
    ax.set_yticks(ticks)
    ax.set_yticklabels(names, fontsize=6)
    ax.set_ylim(y - 0.5, -1.2)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("interest, % of revenue")


BRIEF_CHARTS = {
    "debt_vs_ceiling": ("Debt against the borrowing ceiling", draw_debt_vs_ceiling),
    "debt_to_gdp_band": ("Debt-to-GDP against the stated band", draw_debt_to_gdp_band),
    "fiscal_reserves": ("Fiscal reserves and debt", draw_fiscal_reserves),
    "interest_vs_peers": ("Interest burden beside peers", draw_interest_vs_peers),
}
