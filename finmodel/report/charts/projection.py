"""The charts of `finmodel project`, in the style of finmodel.report.charts.style, written as PNG and SVG.

Four draw functions draw one chart onto a given Axes (BRIEF_CHARTS: the one-page brief uses them
too); the writers make a figure, draw, title it and save it with its source line. Years beyond
the official forecast (the MRF) are shaded and labelled on every chart by year; level axes start
at zero; the borrowing ceiling is drawn as a step.
"""

from pathlib import Path

from finmodel.report.charts.style import (
    ceiling_step,
    direct_labels,
    figure,
    from_zero,
    marker_size,
    margins_in,
    save,
    series_style,
    shade_beyond_mrf,
    source_line_text,
    title,
    year_axis,
)
from finmodel.translation import gettext as _

CHARTS = ("debt_vs_ceiling", "debt_to_gdp_band", "issuance_vs_redemptions", "fiscal_reserves",
          "peers_debt_to_gdp", "peers_interest_to_revenue", "peers_interest_to_gdp", "debt_decomposition", "against_the_budget", "heat_map")
YEAR_CHART_SIZE = (8, 4.5)
NAVY, RED, GREEN, GREY, LIGHT_BLUE, AMBER = "#1f4e79", "#c00000", "#548235", "0.45", "#9dc3e6", "#ffc000"
BAND_COLOUR = "#fde9d9"


def _years(results):
    p = results.projection
    labels = list(p.index)
    return p, labels, list(range(len(labels)))


def _finish_year_axes(ax, results, labels, unit, level=True, headroom=1.06):
    """Units, fiscal years, the axis from zero (levels) with a little headroom, and the MRF shading."""
    ax.set_ylabel(_(unit))
    year_axis(ax, labels)
    if level:
        from_zero(ax)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * headroom if high > 0 else high)
    a = results.assumptions
    shade_beyond_mrf(ax, a.years, a.mrf_last_year)


def draw_debt_vs_ceiling(ax, results):
    """Pool A debt at each 31 March (bars) under the borrowing ceiling (a step), HK$ bn."""
    p, labels, x = _years(results)
    ax.bar(x, p["debt_hkd_bn"], color=NAVY, width=0.7, label="Debt (pool A)")
    ceiling_step(ax, x, p["ceiling_hkd_bn"])
    _finish_year_axes(ax, results, labels, "HK$ bn, 31 March", headroom=1.1)
    direct_labels(ax, [(x[-1] + 0.5, float(p["ceiling_hkd_bn"].iloc[-1]), _("Borrowing ceiling"), RED),
                       (x[-1] + 0.35, float(p["debt_hkd_bn"].iloc[-1]), _("Debt (pool A)"), NAVY)])


def draw_debt_to_gdp_band(ax, results):
    """Debt-to-GDP of pool A and of pools A + B against the stated band, % of GDP."""
    p, labels, x = _years(results)
    a = results.assumptions
    ax.axhspan(a.band_low_pct, a.band_high_pct, color=BAND_COLOUR, lw=0, label="Stated band")
    ax.plot(x, p["debt_to_gdp_pct"], **series_style(0), ms=marker_size(len(x)), label="Debt-to-GDP (pool A)")
    ax.plot(x, p["debt_total_to_gdp_pct"], **{**series_style(1), "color": GREY}, ms=marker_size(len(x), 4), label="Including pool B")
    _finish_year_axes(ax, results, labels, "% of GDP")
    direct_labels(ax, [(x[-1], float(p["debt_to_gdp_pct"].iloc[-1]), _("Pool A"), NAVY),
                       (x[-1], float(p["debt_total_to_gdp_pct"].iloc[-1]), _("Pools A + B"), GREY),
                       (x[-1] + 0.4, (a.band_low_pct + a.band_high_pct) / 2,
                        _("Stated band\n%(low)s-%(high)s%%", low=f"{a.band_low_pct:g}", high=f"{a.band_high_pct:g}"), "#c55a11")])


def draw_fiscal_reserves(ax, results):
    """Fiscal reserves and pool A debt at each 31 March, HK$ bn."""
    p, labels, x = _years(results)
    ax.plot(x, p["fiscal_reserves_hkd_bn"], **{**series_style(0), "color": GREEN}, ms=marker_size(len(x)), label="Fiscal reserves")
    ax.plot(x, p["debt_hkd_bn"], **{**series_style(1), "color": NAVY}, ms=marker_size(len(x)), label="Debt (pool A)")
    _finish_year_axes(ax, results, labels, "HK$ bn, 31 March")
    direct_labels(ax, [(x[-1], float(p["fiscal_reserves_hkd_bn"].iloc[-1]), _("Fiscal reserves"), GREEN),
                       (x[-1], float(p["debt_hkd_bn"].iloc[-1]), _("Debt (pool A)"), NAVY)])


def draw_interest_vs_peers(ax, results):
    """Hong Kong's interest over revenue by fiscal year, on the Budget's measure (pool A, with any interest on negative
    reserves) and on the IMF's definition (all bonds, pools A + B), with the reason in words under the chart why the
    peers are not drawn beside it: no figure for them was found on one common definition (the IMF's net interest,
    primary less overall balance, with a citable vintage), and bars on different definitions read as a ranking."""
    p, labels, x = _years(results)
    ax.plot(x, p["interest_to_revenue_pct"], **series_style(0), ms=marker_size(len(x)), label=_("Budget's measure"))
    ax.plot(x, p["interest_total_to_revenue_pct"], **{**series_style(1), "color": GREY}, ms=marker_size(len(x), 4),
            label=_("IMF definition (all bonds)"))
    _finish_year_axes(ax, results, labels, "% of revenue")
    width_pt = ax.get_position().width * ax.get_figure(root=True).get_figwidth() * 72
    ax.set_xlabel(_fill(no_common_definition(results.peers()), width_pt, 6.3), fontsize=6.3, color="0.25", loc="left")
    direct_labels(ax, [(x[-1], float(p["interest_to_revenue_pct"].iloc[-1]), _("Budget's measure"), NAVY),
                       (x[-1], float(p["interest_total_to_revenue_pct"].iloc[-1]), _("IMF definition"), GREY)])


def no_common_definition(peers) -> str:
    """The brief's interest panel in words: which peers are left out and why."""
    from finmodel.translation import term

    names = [term(c) for c in dict.fromkeys(c for c in peers["country"] if not c.startswith("Hong Kong"))]
    named = (_("%(first)s and %(last)s", first=_(", ").join(names[:-1]), last=names[-1]) if len(names) > 1
             else "".join(names) or _("The peers"))
    return _("%(peers)s: not drawn here. No common definition of interest is available for them, so no bar sets them "
             "beside Hong Kong; their figures, each on its own definition, are in the verdict above.", peers=named)


def _fill(text: str, width_pt: float, size_pt: float) -> str:
    """`text` wrapped to width_pt at size_pt: Latin text at spaces (a character ~0.55 em), Chinese between any two
    characters (a character one em)."""
    import textwrap

    if any(ord(ch) >= 0x2E80 for ch in text):
        per_line = max(10, int(width_pt / size_pt))
        return "\n".join(text[i:i + per_line] for i in range(0, len(text), per_line))
    return textwrap.fill(text, max(30, int(width_pt / (size_pt * 0.55))))


BRIEF_CHARTS = {
    "debt_vs_ceiling": ("Debt against the borrowing ceiling", draw_debt_vs_ceiling),
    "debt_to_gdp_band": ("Debt-to-GDP against the stated band", draw_debt_to_gdp_band),
    "fiscal_reserves": ("Fiscal reserves and debt", draw_fiscal_reserves),
    "interest_vs_peers": ("Interest burden; no common peer definition", draw_interest_vs_peers),
}


def draw_issuance_vs_redemptions(ax, results):
    """Gross issuance and redemptions (bars) and net borrowing (line), HK$ bn a year."""
    p, labels, x = _years(results)
    w = 0.38
    ax.bar([i - w / 2 for i in x], p["gross_issuance_hkd_bn"], width=w, color=NAVY, label="Gross issuance")
    ax.bar([i + w / 2 for i in x], p["redemptions_hkd_bn"], width=w, color=LIGHT_BLUE, label="Redemptions")
    ax.plot(x, p["net_bond_proceeds_hkd_bn"], **{**series_style(1), "color": RED}, ms=marker_size(len(x), 4), label="Net borrowing")
    ax.axhline(0, color="0.3", lw=0.8)
    _finish_year_axes(ax, results, labels, "HK$ bn a year")
    direct_labels(ax, [(x[-1] + w, float(p["gross_issuance_hkd_bn"].iloc[-1]), "Gross issuance", NAVY),
                       (x[-1] + w, float(p["redemptions_hkd_bn"].iloc[-1]), "Redemptions", "#2e75b6"),
                       (x[-1] + w, float(p["net_bond_proceeds_hkd_bn"].iloc[-1]), "Net borrowing", RED)])


def draw_debt_decomposition(ax, results):
    """What moves the debt ratio: stacked contributions (pp of GDP) and the change in debt-to-GDP."""
    d = results.projection.iloc[1:]
    xd = list(range(len(d)))
    parts = [("contribution_interest_pp", "Interest", RED), ("contribution_growth_pp", "Growth", GREEN),
             ("contribution_primary_balance_pp", "Primary balance", AMBER),
             ("contribution_sfa_pp", "Stock-flow adjustment", LIGHT_BLUE)]
    pos = [0.0] * len(d)
    neg = [0.0] * len(d)
    for col, name, color in parts:
        vals = d[col].to_numpy()
        bottoms = [pos[i] if v >= 0 else neg[i] for i, v in enumerate(vals)]
        ax.bar(xd, vals, bottom=bottoms, color=color, width=0.7, label=name)
        for i, v in enumerate(vals):
            if v >= 0:
                pos[i] += v
            else:
                neg[i] += v
    ax.plot(xd, d["change_debt_to_gdp_pp"], color="black", marker="o", ms=4, lw=1.2, label="Change in debt-to-GDP")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylabel("percentage points of GDP")
    year_axis(ax, list(d.index))
    a = results.assumptions
    shade_beyond_mrf(ax, a.years[1:], a.mrf_last_year)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=5, fontsize=7.5, borderaxespad=0.2, handlelength=1.2,
              columnspacing=1.0)


def _subtitle(results) -> str:
    a = results.assumptions
    return f"Scenario {results.scenario}, {a.plan_name} issuance plan, {a.financing_rule} financing rule"


YEAR_CHARTS = (
    ("debt_vs_ceiling", "Debt against the borrowing ceiling", draw_debt_vs_ceiling),
    ("debt_to_gdp_band", "Debt-to-GDP against the stated band", draw_debt_to_gdp_band),
    ("issuance_vs_redemptions", "Gross issuance, redemptions and net borrowing", draw_issuance_vs_redemptions),
    ("fiscal_reserves", "Fiscal reserves and debt", draw_fiscal_reserves),
    ("debt_decomposition", "What moves the debt ratio", draw_debt_decomposition),
)


def year_chart(results, chart_title, draw):
    """One chart by fiscal year: the standard figure, the drawing, the title and the run's subtitle."""
    top = 0.85 if draw is draw_debt_decomposition else 0.62
    fig, ax = figure(YEAR_CHART_SIZE, margins=margins_in(YEAR_CHART_SIZE, top=top))
    draw(ax, results)
    title(fig, chart_title, _subtitle(results))
    return fig


def write_charts(results, out_dir, heat_map) -> list:
    """Draw the standard charts into `out_dir`/charts; return the paths written, PNG and SVG (heat_map: the run's HeatMap)."""
    return write_projection_charts(results, out_dir) + write_comparison_charts(results, out_dir, heat_map)


def write_comparison_charts(results, out_dir, heat_map, budget=True) -> list:
    """The peers charts, the heat map and (budget) the Budget comparison (`finmodel project` draws each as a piece of
    its own, `cli.project.chart_pieces`, beside the workbook)."""
    written = write_peer_charts(results, out_dir) + write_heat_map_chart(results, out_dir, heat_map)
    if budget:
        written += write_budget_chart(results, out_dir)
    return written


def write_peer_charts(results, out_dir) -> list:
    """The peers charts, one per measure (`charts.peers`), into `out_dir`/charts."""
    from finmodel.report.charts import peers

    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    return list(peers.write_peer_charts(results, charts_dir, source_line_text(results)))


def write_heat_map_chart(results, out_dir, heat_map) -> list:
    """The heat map chart (`heat_map_chart`) with its benchmarks' note, into `out_dir`/charts."""
    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    return save(heat_map_chart(heat_map), charts_dir / "heat_map.png", source_line_text(results),
                note=heat_sources(heat_map, results.assumptions))


def write_budget_chart(results, out_dir) -> list:
    """The projection against the Budget's own plan, if the inputs hold one (else nothing)."""
    if results.assumptions.budget_plan is None:
        return []
    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    return save(against_the_budget(results), charts_dir / "against_the_budget.png", source_line_text(results))


def write_projection_charts(results, out_dir, names=None) -> list:
    """The charts of the projection by fiscal year and the decomposition (names: only these of YEAR_CHARTS)."""
    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    source = source_line_text(results)
    written = []
    for name, chart_title, draw in YEAR_CHARTS:
        if names is not None and name not in names:
            continue
        written += save(year_chart(results, chart_title, draw), charts_dir / f"{name}.png", source)
    return written


HEAT_COLOURS = {"red": "#f8696b", "amber": "#ffeb84", "green": "#63be7b", "none": "#e7e6e6"}
HEAT_FORMATS = {"HK$ bn": "{:,.0f}", "% of GDP": "{:.2f}"}   # 2 decimals: 19.95 is within the band's rounding
HEAT_WORDS = {"red": "the run's own view (first column) breaches the benchmark", "amber": "a stress test (or current policy) breaches it",
              "green": "no breach", "none": "no benchmark: value shown, not rated"}
def heat_sources(hm, a) -> str:
    """The heat map chart's note: its benchmarks, the ceiling as the heat map rates it and the band's top, from the inputs."""
    from finmodel.model.verdicts import budget_name

    ceiling = next(r.benchmark for r in hm.rows if r.key == "debt_ceiling")
    return (f"Benchmarks: IMF market-access DSA (2013) rule and GFN benchmark; HK${ceiling:,.0f}bn ceiling and "
            f"{a.band_high_pct:g}% band, {budget_name(a)[4:]}.")


def heat_map_chart(hm):
    """The heat map as a grid: one row per indicator, one column per view, each cell its worst value on its colour.

    The cells are one collection (gid "heat-cells", row by row), not a patch each: ~110 patches cost ~40 ms to add and
    draw twice (PNG and SVG)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    n_rows, n_cols = len(hm.rows), len(hm.columns)
    size = (max(10.0, 0.62 * n_cols + 4.2), 0.55 * n_rows + 0.7 + 1.1 + 0.45 + 0.2)
    fig, ax = figure(size, margins=margins_in(size, left=3.2, right=0.1, top=0.7, bottom=1.1 + 0.45 + 0.2))
    cells, colours = [], []
    for i, r in enumerate(hm.rows):
        for j, c in enumerate(hm.columns):
            cell = hm.cells[r.key, c.id]
            cells.append(Rectangle((j, i), 1, 1))
            colours.append(HEAT_COLOURS[cell.colour])
            text = "" if cell.value != cell.value else HEAT_FORMATS.get(r.unit, "{:.1f}").format(cell.value)
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=7.5)
    ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="white", linewidths=1.5, gid="heat-cells"),
                      autolim=False)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks([j + 0.5 for j in range(n_cols)])
    ax.set_xticklabels([c.label for c in hm.columns], rotation=50, ha="right", fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(n_rows)])
    ax.set_yticklabels([f"{r.label} [{r.unit}]\nbenchmark: {r.benchmark_label}" for r in hm.rows], fontsize=7.5)
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    title(fig, "Debt risks against benchmarks", f"The worst value over {hm.years[0]} to {hm.years[-1]} in each view")
    handles = [Patch(facecolor=HEAT_COLOURS[k], label=f"{k}: {HEAT_WORDS[k]}") for k in ("red", "amber", "green", "none")]
    h = size[1]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, (0.2 + 0.22 + 0.05) / h), ncol=4, fontsize=7.5,
               borderaxespad=0, handlelength=1.2, columnspacing=1.2)
    return fig


def against_the_budget(results):
    """Reserves and debt-to-GDP to the end of the MRF: the Budget baseline, the current-policy view, the published points."""
    from finmodel.fiscal_year import label
    from finmodel.model.verdicts import budget_name

    rows = results.budget_views()
    labels = [r["fiscal_year"] for r in rows]
    a = results.assumptions
    published = (f"Published ({budget_name(a)[4:]}; reserves 'over {a.budget_plan.reserves_end_min_hkd_bn:g}' in "
                 f"{label(a.mrf_last_year)})")
    x = list(range(len(rows)))
    size = (10, 4.6)
    fig, (left, right) = figure(size, margins=margins_in(size, left=0.7, right=0.2, top=0.95, wspace=0.22), ncols=2)
    for ax, key, unit, panel in ((left, "reserves", "HK$ bn, 31 March", "Fiscal reserves"),
                                 (right, "ratio", "% of GDP", "Debt-to-GDP (pool A)")):
        ax.plot(x, [r[f"{key}_budget"] for r in rows], **series_style(0), label="Budget baseline (with the unidentified measures)")
        ax.plot(x, [r[f"{key}_passive"] for r in rows], **series_style(1), label="Current policy (without them)")
        points = [(i, r[f"{key}_published"]) for i, r in enumerate(rows) if r[f"{key}_published"] is not None]
        ax.plot([i for i, _ in points], [v for _, v in points], ls="none", marker="D", color="0.2", ms=7,
                label=published)
        ax.set_ylim(0, max(ax.get_ylim()[1], 1.0) * 1.1)
        ax.set_ylabel(unit)
        ax.set_title(panel, loc="left")
        year_axis(ax, labels)
    handles, names = left.get_legend_handles_labels()
    fig.legend(handles, names, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.5 / size[1]), ncol=3, fontsize=7.5,
               borderaxespad=0)
    same_debt = all(abs(r["ratio_budget"] - r["ratio_passive"]) < 5e-3 for r in rows)   # within the 0.01pp printed
    title(fig, "Against the Budget: the Medium Range Forecast in two views",
          "Current policy leaves out the gap the Budget does not itemise; the reserves carry it"
          + ("; both views issue the same bonds, so their debt-to-GDP lines coincide" if same_debt else ""))
    return fig

