"""The one chart style: size, SVG beside every PNG, the source line, the ceiling as a step, level axes from
zero, direct labels that never overlap, reproducible SVG bytes."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.patches import StepPatch
from matplotlib.text import Text

from finmodel.cli import main
from finmodel.report.charts import style as chart_style
from finmodel.report.charts.projection import BRIEF_CHARTS, YEAR_CHARTS, write_charts, year_chart
from finmodel.report.charts.compare import OVERLAYS, compare_chart
from finmodel.report.charts.sensitivity import grid_chart, paths_chart
from finmodel.version import __version__
from tests.conftest import INPUTS
from tests.report.chart_checks import assert_charts_in_style
from finmodel.analysis.heat_map import build as build_heat_map


def _labels_overlap(fig) -> list:
    """Pairs of direct labels whose drawn text boxes overlap (in pixels)."""
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    labels = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "direct-label"]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in labels]   # the text, not its leader
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
            if ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1]


def test_source_line_names_the_version_the_run_the_vintage_and_says_not_official(baseline_results):
    text = chart_style.source_line_text(baseline_results)
    assert text == f"Source: finmodel {__version__}, baseline, inputs of 14 April 2026; not an official projection."
    assert chart_style.source_line_text(run="compare a, b", input_sha256={}).startswith(f"Source: finmodel {__version__}, compare a, b, ")


def test_project_charts_are_1200_px_wide_with_an_svg_and_the_source_line(baseline_results, tmp_path):
    written = write_charts(baseline_results, tmp_path, build_heat_map(baseline_results))
    pngs = assert_charts_in_style(tmp_path / "charts", "baseline")
    assert {p.stem for p in pngs} == {p.stem for p in written} and len(written) == 2 * len(pngs) == 20


def test_svg_bytes_are_reproducible(baseline_results):
    fig = year_chart(baseline_results, "Debt", BRIEF_CHARTS["debt_vs_ceiling"][1])
    first = chart_style.svg_text(fig)
    again = year_chart(baseline_results, "Debt", BRIEF_CHARTS["debt_vs_ceiling"][1])
    assert chart_style.svg_text(again) == first
    assert "Debt (pool A)" in first and "<dc:date>" not in first


def test_the_ceiling_is_a_step_across_each_fiscal_year(baseline_results):
    fig, ax = chart_style.figure()
    BRIEF_CHARTS["debt_vs_ceiling"][1](ax, baseline_results)
    (step,) = [p for p in ax.patches if p.get_gid() == "ceiling"]
    assert isinstance(step, StepPatch)
    values, edges, _ = step.get_data()
    n = len(baseline_results.projection)
    np.testing.assert_array_equal(values, baseline_results.projection["ceiling_hkd_bn"].to_numpy())
    np.testing.assert_array_equal(edges, np.arange(n + 1) - 0.5)   # flat over each year, steps between years


@pytest.mark.parametrize("name", [n for n, _, _ in YEAR_CHARTS if n != "debt_decomposition"])
def test_level_axes_of_the_year_charts_start_at_zero(baseline_results, name):
    (draw,) = [d for n, _, d in YEAR_CHARTS if n == name]
    fig = year_chart(baseline_results, name, draw)
    assert fig.axes[0].get_ylim()[0] == 0.0


def test_the_budget_and_back_test_panels_start_at_zero(baseline_results):
    from finmodel.analysis.backtest import run_backtest
    from finmodel.report.backtest import backtest_chart
    from finmodel.report.charts.projection import against_the_budget

    for fig in (against_the_budget(baseline_results), backtest_chart(run_backtest(2021, root=INPUTS / "history"))):
        assert [ax.get_ylim()[0] for ax in fig.axes] == [0.0, 0.0]


def test_the_brief_draw_functions_draw_onto_a_given_axes(baseline_results):
    assert list(BRIEF_CHARTS) == ["debt_vs_ceiling", "debt_to_gdp_band", "fiscal_reserves", "interest_vs_peers"]
    for name, (title, draw) in BRIEF_CHARTS.items():
        fig, ax = chart_style.figure()
        draw(ax, baseline_results)
        assert title and (ax.lines or ax.patches), name
        assert not _labels_overlap(fig), name
    fig, ax = chart_style.figure()
    BRIEF_CHARTS["interest_vs_peers"][1](ax, baseline_results)
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    bars = sorted(ax.patches, key=lambda b: b.get_y())
    peers = baseline_results.peers()
    found = peers[(peers["indicator"] == "interest_to_revenue") & peers["country"].isin(["Japan", "United States", "Singapore"])
                  & peers["value"].notna()]
    hk_end = baseline_results.projection["interest_total_to_revenue_pct"].iloc[-1]
    assert [round(b.get_width(), 6) for b in bars] == [round(v, 6) for v in [hk_end, *found["value"]]]
    assert any(t.startswith("Hong Kong, 2030-31: general government interest expense") for t in texts)
    assert any(t.startswith("Japan, FY2026: central government JGB interest") for t in texts)   # each bar names its definition
    assert "No figure found: Singapore." in texts   # a peer without any figure is named, not dropped silently
    assert "not a ranking" in ax.get_xlabel().replace("\n", " ")


def test_direct_labels_never_overlap_however_crowded():
    fig, ax = chart_style.figure()
    x = [0, 1, 2]
    entries = []
    for i in range(25):
        ax.plot(x, [1, 2, 3 + (i % 3) * 0.01])
        entries.append((2, 3 + (i % 3) * 0.01, f"case {i}", "black"))
    ax.set_ylim(0, 4)
    drawn = chart_style.direct_labels(ax, entries)
    assert len(drawn) == 25 and not _labels_overlap(fig)
    box = ax.get_window_extent(fig.canvas.get_renderer())
    for t in drawn:
        b = Text.get_window_extent(t, fig.canvas.get_renderer())
        assert box.y0 - 1 <= b.y0 and b.y1 <= box.y1 + 1 and b.x1 <= box.x1 + 1, t.get_text()


@pytest.fixture(scope="module")
def sensitivity(baseline):
    from finmodel.analysis.sensitivity import analysis

    return analysis.analyse(baseline, np.array([-1.0, 0.0, 1.0]), np.array([-50.0, 0.0]), options={"scenario": "baseline"})


def test_sensitivity_path_labels_do_not_overlap_and_the_axis_starts_at_zero(sensitivity):
    s = sensitivity
    fig = paths_chart(s)
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "direct-label"]
    assert set(labels) == set(s.paths.columns)
    assert not _labels_overlap(fig)
    assert fig.axes[0].get_ylim()[0] == 0.0


def test_grid_heat_map_legend_is_inside_the_figure_and_clear_of_the_panels(sensitivity):
    fig = grid_chart(sensitivity)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1 and fig.bbox.y0 <= legend.y0 and legend.y1 <= fig.bbox.y1
    for ax in fig.axes:
        for part in (ax.get_window_extent(renderer), ax.xaxis.label.get_window_extent(renderer), ax.title.get_window_extent(renderer)):
            assert legend.y0 > part.y1 or legend.y1 < part.y0 or legend.x1 < part.x0 or legend.x0 > part.x1


def test_compare_charts_draw_identical_scenarios_once_with_one_label(baseline_results):
    results = {"baseline": baseline_results, "copy": baseline_results}
    for col, chart_title, unit, _ in OVERLAYS:
        fig = compare_chart(results, col, chart_title, unit)
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.texts if t.get_gid() == "direct-label"]
        assert "baseline = copy" in labels, col
        assert ax.get_ylim()[0] == 0.0, col
        assert not _labels_overlap(fig), col
    fig = compare_chart(results, "debt_hkd_bn", "Debt", "HK$ bn")
    assert any(isinstance(p, StepPatch) and p.get_gid() == "ceiling" for p in fig.axes[0].patches)


def test_every_command_that_draws_writes_charts_in_the_style(tmp_path):
    runs = {"compare": (["compare", "baseline", "passive"], "compare_baseline-vs-passive"),
            "simulate": (["simulate", "--paths", "200"], "simulate_baseline_200-paths_seed-2026"),
            "backtest": (["backtest", "--history", str(INPUTS / "history")], "backtest")}
    for name, (args, run) in runs.items():
        out = tmp_path / name
        inputs = [] if name == "backtest" else ["--inputs", str(INPUTS)]
        r = CliRunner().invoke(main, [*args, *inputs, "--out", str(out)])
        assert r.exit_code == 0, r.output
        assert_charts_in_style(out, run)


def test_fan_charts_step_the_ceiling_and_start_at_zero(baseline_results, baseline):
    from finmodel.analysis import shock_model
    from finmodel.analysis.stochastic import simulate
    from finmodel.cli.common import load_with_history
    from finmodel.report.charts.stochastic import FANS, fan_chart

    a = load_with_history(INPUTS, shock_model.HISTORY_TABLES)
    model = shock_model.load(INPUTS / "history", method="ec")
    sim = simulate(a, model, 100, 1, "ec")
    for variable, color, unit, chart_title, _ in FANS:
        ax = fan_chart(sim, a, variable, color, unit, chart_title).axes[0]
        low, lowest = ax.get_ylim()[0], float(np.min(sim.fan[variable]))
        assert low == 0.0 if lowest >= 0 else low < lowest, variable
        if variable == "debt_hkd_bn":
            assert any(isinstance(p, StepPatch) and p.get_gid() == "ceiling" for p in ax.patches)


def test_sensitivity_paths_frame_with_identical_cases_still_labels_each(baseline):
    from finmodel.analysis.sensitivity.analysis import Sensitivity

    years = ["2025-26", "2026-27", "2027-28"]
    paths = pd.DataFrame({c: [12.0, 15.0, 19.0] for c in ["baseline", "a", "b", "c", "d", "e"]}, index=years)
    s = Sensitivity(assumptions=baseline, cases=None, grid=None, land_rules=None, paths=paths, options={})
    fig = paths_chart(s)
    assert len([t for t in fig.axes[0].texts if t.get_gid() == "direct-label"]) == 6
    assert not _labels_overlap(fig)


def test_a_source_line_too_wide_for_its_chart_wraps_onto_two_lines_inside_it(baseline_results):
    """A long run name and three edited inputs: two lines of smaller type, inside the figure and below the year labels."""
    from finmodel.report.charts.projection import YEAR_CHARTS, year_chart

    hashes = {**baseline_results.assumptions.input_hashes,
              **{name: "0" * 64 for name in ("budget_plan.yaml", "opening_book.csv", "scenarios/high_issuance.yaml")}}
    text = chart_style.source_line_text(baseline_results, run="low_land_high-issuance_to-2050-51_edited-xlsx_ab12cd",
                                        input_sha256=hashes)
    assert "edited: budget_plan.yaml, opening_book.csv, scenarios/high_issuance.yaml; not an official projection." in text
    fig = year_chart(baseline_results, YEAR_CHARTS[0][1], YEAR_CHARTS[0][2])
    chart_style.source_line(fig, text)
    renderer = fig.canvas.get_renderer()
    (line,) = [t for t in fig.texts if t.get_gid() == "source-line"]
    box = line.get_window_extent(renderer)
    assert line.get_text().count("\n") == 1 and line.get_text().replace("\n", " ") == text
    assert line.get_fontsize() == chart_style.SOURCE_WRAPPED_PT
    assert 0 <= box.x0 and box.x1 <= fig.bbox.x1 and 0 <= box.y0
    assert box.y1 < min(t.get_window_extent(renderer).y0 for t in fig.axes[0].get_xticklabels() if t.get_text())
    short = year_chart(baseline_results, YEAR_CHARTS[0][1], YEAR_CHARTS[0][2])
    chart_style.source_line(short, chart_style.source_line_text(baseline_results))
    assert [t.get_text().count("\n") for t in short.texts if t.get_gid() == "source-line"] == [0]


@pytest.mark.parametrize("run", [
    "compare_low_land_with_a_long_descriptive_name-vs-high_issuance_and_rates_up_together-vs-gap_rule_with_a_floor_of_650",
    "low_land_high-issuance_to-2050-51_edited-xlsx_ab12cd",
])
def test_a_wrapped_source_line_keeps_the_run_name_whole_on_two_lines_inside_the_chart(baseline_results, run):
    from finmodel.report.charts.projection import YEAR_CHARTS, year_chart

    hashes = {**baseline_results.assumptions.input_hashes,
              **{name: "0" * 64 for name in ("budget_plan.yaml", "opening_book.csv", "scenarios/high_issuance.yaml")}}
    text = chart_style.source_line_text(baseline_results, run=run, input_sha256=hashes)
    fig = year_chart(baseline_results, YEAR_CHARTS[0][1], YEAR_CHARTS[0][2])
    chart_style.source_line(fig, text)
    renderer = fig.canvas.get_renderer()
    (line,) = [t for t in fig.texts if t.get_gid() == "source-line"]
    lines = line.get_text().split("\n")
    assert len(lines) == 2 and any(run in one for one in lines)
    assert chart_style.SOURCE_SMALLEST_PT <= line.get_fontsize() <= chart_style.SOURCE_WRAPPED_PT
    box = line.get_window_extent(renderer)
    assert box.x1 <= fig.bbox.x1 and box.y1 < min(t.get_window_extent(renderer).y0 for t in fig.axes[0].get_xticklabels()
                                                  if t.get_text())
