"""The chart of `finmodel batch`: every case's peak debt-to-GDP against its fiscal reserves at the horizon.

One dot per case (a thousand cases stay readable), coloured by its verdict: within the band, above the
band's top beyond the published rounding, or the ceiling binding; the baseline marked and labelled, the
band's top as a line. Drawn in the house style and written as PNG and SVG without metadata.
"""

from pathlib import Path

from finmodel.report.charts.style import figure, margins_in, save, source_line_text, title

COLOURS = {"within the band": "#2f6f9f", "above the band's top": "#e69f00", "ceiling binds": "#c0392b"}


def write_batch_chart(b, out_dir) -> list:
    """Draw the cases chart into `out_dir`/charts, PNG and SVG; return the paths written."""
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    # the inputs named as every chart names them (the case file is the batch's question, not an edited input)
    source = source_line_text(run=b.options.get("run") or "batch", input_sha256=b.assumptions.input_hashes)
    return save(cases_chart(b), charts / "batch_cases.png", source)


def status(summary) -> list:
    """Each case's verdict in three words, from its first years (the ceiling first: it is the harder limit)."""
    return ["ceiling binds" if c else "above the band's top" if a else "within the band"
            for c, a in zip(summary["first_year_ceiling_binds"], summary["first_year_above_band"])]


def cases_chart(b):
    a = b.assumptions
    s = b.summary
    size = (8, 5.4)
    fig, ax = figure(size, margins=margins_in(size, top=0.62))
    kinds = status(s)
    for kind, colour in COLOURS.items():
        pick = [k == kind for k in kinds]
        n = sum(pick)
        if n:
            ax.scatter(s["peak_debt_to_gdp_pct"][pick], s["fiscal_reserves_end_hkd_bn"][pick], s=14, color=colour, alpha=0.75,
                       lw=0, label=f"{kind} ({n:,})")
    base = s.iloc[0]
    ax.scatter([base["peak_debt_to_gdp_pct"]], [base["fiscal_reserves_end_hkd_bn"]], s=60, color="black", marker="D", zorder=3,
               label="baseline")
    ax.axvline(a.band_high_pct, color="#7f7f7f", lw=1.0, ls="--")
    ax.annotate(f"band's top {a.band_high_pct:g}%", (a.band_high_pct, 0), xytext=(3, 3), textcoords="offset points",
                fontsize=7, color="#555555")
    ax.set_xlabel("Peak debt-to-GDP (pool A), % of GDP")
    ax.set_ylabel(f"Fiscal reserves at 31 March {int(a.years[-1]) + 1}, HK$ bn")
    low_y = min(0.0, float(s["fiscal_reserves_end_hkd_bn"].min()) * 1.05)
    ax.set_ylim(low_y, max(1e-9, float(s["fiscal_reserves_end_hkd_bn"].max()) * 1.08))
    ax.set_xlim(0.0, max(a.band_high_pct, float(s["peak_debt_to_gdp_pct"].max())) * 1.08)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    cases = len(s) - 1
    title(fig, f"{cases:,} case{'s' if cases != 1 else ''}: peak debt-to-GDP against reserves at the horizon",
          f"Each dot a case of the batch; {a.financing_rule} financing rule unless a case says otherwise, {a.plan_name} "
          "issuance plan")
    return fig
