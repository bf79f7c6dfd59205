"""The whole-string Agg renderer: text drawn where matplotlib measured it, the same pixels whether or not the
string was laid out just before, and the charts' canvases use it."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from finmodel.report import chart_style
from finmodel.report.agg_text import canvas_class


def _pixels(canvas_type, texts, dpi=150):
    """RGBA pixels of a small figure holding `texts` [(x, y, text, keywords)], drawn by a canvas of `canvas_type`."""
    fig = Figure(figsize=(4, 2), dpi=dpi)
    canvas = canvas_type(fig)
    for x, y, s, kw in texts:
        fig.text(x, y, s, **kw)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


TEXTS = [(0.05, 0.7, "Debt (pool A) 2030-31", {"fontsize": 9}),
         (0.05, 0.4, "Stated band\n14.4-19.9%", {"fontsize": 7.5, "color": "#c55a11"}),
         (0.6, 0.1, "2025-26", {"fontsize": 8, "rotation": 45, "ha": "right"}),
         (0.05, 0.1, "HK$ bn, 31 March", {"fontsize": 8, "fontweight": "bold"})]


def test_text_lands_where_matplotlib_draws_it():
    """Ink in the same rows and columns as the stock renderer's, give or take the one pixel of snapping."""
    ours, stock = _pixels(canvas_class(), TEXTS), _pixels(FigureCanvasAgg, TEXTS)
    ink_ours, ink_stock = ours[..., :3].min(axis=2) < 128, stock[..., :3].min(axis=2) < 128
    for axis in (0, 1):
        rows_ours, rows_stock = np.flatnonzero(ink_ours.any(axis=axis)), np.flatnonzero(ink_stock.any(axis=axis))
        assert abs(rows_ours[0] - rows_stock[0]) <= 1 and abs(rows_ours[-1] - rows_stock[-1]) <= 1
    assert abs(int(ink_ours.sum()) - int(ink_stock.sum())) < 0.1 * ink_stock.sum()


def test_same_pixels_with_or_without_the_layout_kept_from_measuring():
    """Drawing again (every layout cached, so each string is laid out afresh at drawing) gives the same pixels."""
    fig = Figure(figsize=(4, 2), dpi=150)
    canvas = canvas_class()(fig)
    for x, y, s, kw in TEXTS:
        fig.text(x, y, s, **kw)
    canvas.draw()
    first = np.asarray(canvas.buffer_rgba()).copy()
    canvas.draw()
    assert np.array_equal(first, np.asarray(canvas.buffer_rgba()))


def test_chart_figures_draw_with_the_whole_string_canvas():
    fig, _ = chart_style.figure()
    assert type(fig.canvas) is canvas_class()
    assert type(fig.canvas.get_renderer()).__name__ == "WholeStringRenderer"


def test_kept_layouts_and_bitmaps_give_the_same_pixels_as_fresh_ones():
    """Strings kept from earlier charts (the same text at another size too) draw exactly as when laid out afresh."""
    from finmodel.report import agg_text

    texts = TEXTS + [(0.5, 0.7, "Debt (pool A) 2030-31", {"fontsize": 7.5}), (0.5, 0.5, "2025-26", {"fontsize": 8})]
    agg_text.forget_text()
    fresh = _pixels(canvas_class(), texts)
    assert agg_text._KEPT
    warm = _pixels(canvas_class(), list(reversed(texts)))   # another figure, every string already kept
    assert np.array_equal(fresh, warm)
    agg_text.forget_text()
    assert np.array_equal(fresh, _pixels(canvas_class(), texts, dpi=150))
