"""The long run's charts (a run past the MRF): age-related spending by function, reserves and net debt, and
debt under the ceiling's two options with the year each binds. Reads a finished LongRunView; computes nothing."""

from pathlib import Path

from finmodel.report.charts.projection import YEAR_CHART_SIZE
from finmodel.report.charts.style import (
    direct_labels,
    figure,
    from_zero,
    margins_in,
    marker_size,
    save,
    series_style,
    shade_beyond_mrf,
    source_line_text,
    title,
    year_axis,
)

NAVY, RED, GREEN, GREY, AMBER, LIGHT_BLUE = "#1f4e79", "#c00000", "#548235", "0.45", "#c55a11", "#5b9bd5"
FUNCTIONS = (("health_pct_gdp", "Health", NAVY), ("elderly_allowances_pct_gdp", "Old Age Living Allowance", GREEN),
             ("elderly_services_pct_gdp", "Elderly services", AMBER), ("education_pct_gdp", "Education", GREY))


def _finish_year_axes(ax, results, labels, unit, level=True, headroom=1.06):
    """Units, fiscal years, the axis from zero (levels) with a little headroom, and the MRF shading (as the projection's charts)."""
    ax.set_ylabel(unit)
    year_axis(ax, labels)
    if level:
        from_zero(ax)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * headroom if high > 0 else high)
    shade_beyond_mrf(ax, results.assumptions.years, results.assumptions.mrf_last_year)


def _subtitle(results) -> str:
    a = results.assumptions
    return f"Scenario {results.scenario}, {a.plan_name} issuance plan, {a.financing_rule} financing rule"


def draw_spending(ax, results, view):
    """Age-related spending by function, % of GDP."""
    t, x = view.table, list(range(len(view.table)))
    for i, (key, words, colour) in enumerate(FUNCTIONS):
        ax.plot(x, t[key], **{**series_style(i), "color": colour}, ms=marker_size(len(x)), label=words)
    _finish_year_axes(ax, results, list(t.index), "% of GDP")
    direct_labels(ax, [(x[-1], float(t[key].iloc[-1]), words, colour) for key, words, colour in FUNCTIONS])


def draw_reserves_net_debt(ax, results, view):
    """Fiscal reserves and net debt (debt less reserves), HK$ bn; zero marked."""
    t, x = view.table, list(range(len(view.table)))
    ax.plot(x, t["fiscal_reserves_hkd_bn"], **{**series_style(0), "color": GREEN}, ms=marker_size(len(x)), label="Fiscal reserves")
    ax.plot(x, t["net_debt_hkd_bn"], **{**series_style(1), "color": NAVY}, ms=marker_size(len(x)), label="Net debt")
    ax.axhline(0.0, color="0.3", lw=0.8)
    _finish_year_axes(ax, results, list(t.index), "HK$ bn, 31 March", level=False)
    direct_labels(ax, [(x[-1], float(t["fiscal_reserves_hkd_bn"].iloc[-1]), "Fiscal reserves", GREEN),
                       (x[-1], float(t["net_debt_hkd_bn"].iloc[-1]), "Net debt", NAVY)])


def draw_ceiling_options(ax, results, view):
    """Debt under each ceiling option with that ceiling; a dotted line at the year each binds."""
    labels = list(view.table.index)
    x = list(range(len(labels)))
    words = {"fixed": "fixed in HK$", "gdp": "indexed to GDP"}
    entries = []
    for i, (option, colour) in enumerate((("fixed", RED), ("gdp", LIGHT_BLUE))):
        ceiling, debt = view.ceiling_paths[option]
        ax.plot(x, ceiling, color=colour, lw=2, ls="--", label=f"Ceiling {words[option]}")
        ax.plot(x, debt, **{**series_style(i), "color": colour}, ms=marker_size(len(x)), label=f"Debt, ceiling {words[option]}")
        year = view.ceiling_binds[option]
        if year is not None:
            ax.axvline(labels.index(year), color=colour, lw=0.8, ls=":")
        entries.append((x[-1], float(ceiling[-1]), f"Ceiling {words[option]}" + (f", binds {year}" if year else ", never binds"), colour))
    _finish_year_axes(ax, results, labels, "HK$ bn, 31 March", headroom=1.1)
    direct_labels(ax, entries)


CHARTS = (("long_run_spending", "Age-related spending by function", draw_spending),
          ("long_run_reserves_net_debt", "Fiscal reserves and net debt", draw_reserves_net_debt),
          ("long_run_ceiling", "Debt under the ceiling's two options", draw_ceiling_options))


def write_long_run_charts(results, view, out_dir) -> list:
    """Draw the three charts into `out_dir`/charts (PNG and SVG); return the paths written."""
    charts_dir = Path(out_dir) / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, chart_title, draw in CHARTS:
        fig, ax = figure(YEAR_CHART_SIZE, margins=margins_in(YEAR_CHART_SIZE, top=0.62))
        draw(ax, results, view)
        title(fig, chart_title, _subtitle(results))
        written += save(fig, charts_dir / f"{name}.png", source_line_text(results))
    return written
