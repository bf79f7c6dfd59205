"""heat_map.png: written by the standard charts, readable, its legend inside the figure."""

from finmodel.analysis.heat_map import build
from finmodel.report.charts.projection import CHARTS, heat_map_chart, write_charts
from finmodel.analysis.heat_map import build as build_heat_map


def test_heat_map_chart_is_written(baseline_results, tmp_path):
    written = write_charts(baseline_results, tmp_path, build_heat_map(baseline_results))
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


def test_each_cell_is_drawn_in_its_colour_under_its_value(baseline_results):
    """Row by row, one cell per view: the colour of its verdict, its worst value written at its centre."""
    from matplotlib.colors import to_rgba

    from finmodel.report.charts.projection import HEAT_COLOURS

    hm = build(baseline_results)
    fig = heat_map_chart(hm)
    ax = fig.axes[0]
    (cells,) = [c for c in ax.collections if c.get_gid() == "heat-cells"]
    keys = [(r, c) for r in hm.rows for c in hm.columns]
    assert len(cells.get_paths()) == len(keys)
    for (r, c), face in zip(keys, cells.get_facecolors()):
        assert tuple(face) == to_rgba(HEAT_COLOURS[hm.cells[r.key, c.id].colour])
    centres = {(t.get_position()): t.get_text() for t in ax.texts}
    for i, r in enumerate(hm.rows):
        for j, c in enumerate(hm.columns):
            value = hm.cells[r.key, c.id].value
            assert (centres[(j + 0.5, i + 0.5)] == "") == (value != value)
