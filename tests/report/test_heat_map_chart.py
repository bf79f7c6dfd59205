"""heat_map.png: written by the standard charts, readable, its legend inside the figure."""

from finmodel.analysis.heat_map import build
from finmodel.report.charts import CHARTS, heat_map_chart, write_charts


def test_heat_map_chart_is_written(baseline_results, tmp_path):
    written = write_charts(baseline_results, tmp_path)
    path = tmp_path / "charts" / "heat_map.png"
    assert path in written and path.with_suffix(".svg") in written and "heat_map" in CHARTS
    assert path.stat().st_size > 20_000


def test_heat_map_legend_and_labels_are_inside_the_figure(baseline_results):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = heat_map_chart(build(baseline_results))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    for artist in [*fig.legends, *fig.axes[0].get_xticklabels(), *fig.axes[0].get_yticklabels()]:
        b = artist.get_window_extent(renderer)
        assert b.x0 >= box.x0 - 1 and b.y0 >= box.y0 - 1 and b.x1 <= box.x1 + 1 and b.y1 <= box.y1 + 1, artist
    # The legend sits below the column labels, clear of them.
    legend = fig.legends[0].get_window_extent(renderer)
    assert all(legend.y1 < t.get_window_extent(renderer).y0 for t in fig.axes[0].get_xticklabels())
