"""An Agg canvas that rasterises each text string with one FreeType call, not one call per glyph.

Matplotlib 3.11's Agg renderer lays out every string again when it draws it and then renders and
composites it glyph by glyph from Python (~45 us a glyph): on the peers charts, with their long
footnotes, that was over half of the PNG's time. This renderer draws a string as matplotlib 3.10
did: FreeType lays it out (`set_text`, the same call that measured it for the layout, so positions
and sizes are unchanged; skipped when the string was measured just before), renders it into one
bitmap and the bitmap is composited once (text snapped to whole pixels, as before 3.11). The PNGs
of `finmodel project` draw ~45% faster.
Math text and TeX keep matplotlib's own path. Where matplotlib lacks any call this uses (another
version), the stock renderer is used.

Each string's layout (its size) and bitmap are kept for the process, keyed by font, text, size,
dpi and hinting: the same tick labels, legend entries and source line recur in every chart, and
the heat map repeats its cell values, so about 40% of the strings a `finmodel project` draws are
neither laid out nor rasterised again. A kept bitmap is the one FreeType rendered for that very
key, so the pixels are the same as without keeping it.
"""

import math

_CANVAS = None
MAX_KEPT = 4096          # strings kept (a project run draws ~600 distinct ones); the store starts afresh when full
_KEPT: dict = {}


def forget_text() -> None:
    """Empty the store of laid-out strings (a test compares drawings with and without it)."""
    _KEPT.clear()


class _Kept:
    """A laid-out string: its (width, height, descent) in pixels and, once drawn, its bitmap per antialiasing."""

    __slots__ = ("metrics", "bitmaps")

    def __init__(self, metrics):
        self.metrics = metrics
        self.bitmaps = {}


def _keep(key, font) -> _Kept:
    """Store the layout the font holds now under `key`."""
    if len(_KEPT) >= MAX_KEPT:
        _KEPT.clear()
    w, h = font.get_width_height()   # 26.6 subpixels, unrotated
    kept = _KEPT[key] = _Kept((w / 64.0, h / 64.0, font.get_descent() / 64.0))
    return kept


def canvas_class():
    """The FigureCanvasAgg subclass whose renderer draws whole strings (made once, on first use)."""
    global _CANVAS
    if _CANVAS is None:
        _CANVAS = _make_canvas_class()
    return _CANVAS


def _make_canvas_class():
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    try:
        from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
        from matplotlib.font_manager import fontManager, get_font
        from matplotlib.ft2font import FT2Font
    except ImportError:   # another matplotlib: its own renderer
        return FigureCanvasAgg

    needs = [(FT2Font, ("draw_glyphs_to_bitmap", "get_image", "get_bitmap_offset")),
             (RendererAgg, ("_prepare_font", "draw_text", "get_text_width_height_descent")),
             (fontManager, ("_find_fonts_by_props",)), (FigureCanvasAgg, ("_lastKey",))]
    if not all(hasattr(owner, name) for owner, names in needs for name in names):   # another matplotlib: its own renderer
        return FigureCanvasAgg

    class WholeStringRenderer(RendererAgg):
        """RendererAgg drawing each string as one bitmap, with each string's layout and bitmap kept for the process.

        `_holds` names the string the shared FreeType font holds laid out by this renderer (font, text, size, dpi,
        hinting); it is forgotten when a drawing starts (`clear`) and on math text, so within one drawing, where only
        this renderer uses the fonts, it is exact.
        """
        _holds = None

        def clear(self):
            self._holds = None
            super().clear()

        def _key(self, s, prop):
            flags = get_hinting_flag()
            return get_font(fontManager._find_fonts_by_props(prop)), s, prop.get_size_in_points(), self.dpi, flags

        def _lay_out(self, key, prop):
            """Have the font hold the layout of `key` (FreeType lays it out unless it holds it already)."""
            if self._holds != key:
                font = self._prepare_font(prop)
                font.set_text(key[1], 0.0, flags=key[4])
                self._holds = key
            return key[0]

        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath:
                self._holds = None
                return super().get_text_width_height_descent(s, prop, ismath)
            key = self._key(s, prop)
            kept = _KEPT.get(key)
            if kept is None:
                kept = _keep(key, self._lay_out(key, prop))
            return kept.metrics

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            """Composite the string's bitmap (laid out and rendered by FreeType once per key) in one call."""
            if ismath:
                self._holds = None
                return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            key = self._key(s, prop)
            antialiased = gc.get_antialiased()
            kept = _KEPT.get(key)
            bitmap = kept.bitmaps.get(antialiased) if kept is not None else None
            if bitmap is None:
                font = self._lay_out(key, prop)
                kept = kept or _keep(key, font)
                font.draw_glyphs_to_bitmap(antialiased=antialiased)
                bitmap = kept.bitmaps[antialiased] = (np.array(font.get_image()), font.get_bitmap_offset())
            image, (x_offset, y_offset) = bitmap
            descent = kept.metrics[2]
            x = round(x + x_offset / 64.0 + descent * math.sin(math.radians(angle)))
            y = round(y + y_offset / 64.0 + descent * math.cos(math.radians(angle)))
            self._renderer.draw_text_image(image, x, y + 1, angle, gc)

    class WholeStringCanvas(FigureCanvasAgg):
        def get_renderer(self):
            """As FigureCanvasAgg's, with the whole-string renderer (kept while size and dpi stay the same)."""
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if self._lastKey != key:
                self.renderer = WholeStringRenderer(w, h, self.figure.dpi)
                self._lastKey = key
            return self.renderer

    return WholeStringCanvas
