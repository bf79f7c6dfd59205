"""Overlay charts of `finmodel compare`: one line per scenario on each chart."""

from pathlib import Path

from finmodel.report.charts import figure, save_png, year_ticks

OVERLAYS = (("debt_to_gdp_pct", "Debt-to-GDP (pool A) against the band", "% of GDP", "compare_debt_to_gdp.png"),
            ("debt_hkd_bn", "Debt (pool A) against the borrowing ceiling", "HK$ bn, 31 March", "compare_debt_vs_ceiling.png"),
            ("fiscal_reserves_hkd_bn", "Fiscal reserves", "HK$ bn, 31 March", "compare_fiscal_reserves.png"),
            ("interest_to_revenue_pct", "Interest / total revenue", "%", "compare_interest_to_revenue.png"))


def write_compare_charts(results: dict, out_dir) -> list:
    charts = Path(out_dir) / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    first = next(iter(results.values()))
    a = first.assumptions
    labels = list(first.projection.index)
    x = list(range(len(labels)))
    written = []
    for col, title, unit, fname in OVERLAYS:
        fig, ax = figure(figsize=(8, 4.5))
        if col == "debt_to_gdp_pct":
            ax.axhspan(a.band_low_pct, a.band_high_pct, color="#fde9d9", label=f"Stated band {a.band_low_pct:g}-{a.band_high_pct:g}%")
        for name, res in results.items():
            ax.plot(x, res.projection[col], marker="o", ms=3, label=name)
        if col == "debt_hkd_bn":
            ax.step(x, first.projection["ceiling_hkd_bn"], where="mid", color="black", ls="--", lw=1.5, label="Borrowing ceiling")
        ax.set_ylabel(unit)
        ax.set_title(title + " by scenario")
        year_ticks(ax, labels)
        ax.legend(loc="upper left", frameon=False, fontsize=8)
        path = charts / fname
        save_png(fig, path)
        written.append(path)
    return written
