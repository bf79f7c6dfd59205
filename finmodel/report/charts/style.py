"""The one chart style of finmodel: figure, title, source line, MRF shading, direct labels, ceiling step, saving.

Every chart the project draws (project, sensitivity, simulate, compare, backtest) is made with
`figure`, carries the source line of `source_line_text` under it and is written by `save` as a
PNG at least 1,200 px wide with an SVG beside it. Both files carry no date or software version
(PNG `Software` and SVG `Date`/`Creator` metadata removed, SVG ids salted with a fixed
`svg.hashsalt`), so the same run gives the same bytes. Text stays text in the SVG
(`svg.fonttype = "none"`): it can be searched, and the tests read the source line from it.

Layout is fixed (margins in inches), never the constrained layout: it draws several times
faster. Matplotlib is imported inside the functions, so importing this module costs nothing.
"""

import io
import math
from pathlib import Path

from finmodel.report.atomic import atomic_path, write_bytes
from finmodel.translation import gettext as _
from finmodel.version import __version__

MIN_WIDTH_PX = 1200
BASE_DPI = 100                 # the Figure's own dpi: layout arithmetic in pixels uses it
SOURCE_IN = 0.26               # height of the strip under every chart that holds the source line
SOURCE_FONT_PT = 6.8
SOURCE_WRAPPED_PT = 6.0         # a source line too wide for its figure: two lines of this size fit the strip
SOURCE_SMALLEST_PT = 5.0        # ... and down to this size, if two lines of 6 pt are still too wide
TITLE_FONT_PT = 10.5
LABEL_FONT_PT = 7.5
SHADE_ALPHA = 0.07             # grey over whatever is behind (a band stays visible through it)
BEYOND_TEXT = "beyond the official forecast"
CEILING_COLOUR = "#c00000"
NOT_OFFICIAL = "not an official projection"
ZOOM_NOTE = "axis does not start at zero"  # said on the face of any chart whose value axis leaves zero out (ratios only)
RC = {"font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 9.5,
      "legend.frameon": False, "svg.fonttype": "none", "svg.hashsalt": "finmodel", "path.simplify": True,
      "text.parse_math": False}   # text stays text: a '$' in a note or source is a dollar sign, never math

# One style per series, in order: colour, dash pattern and marker all differ, so lines that
# coincide or print in grey stay distinguishable.
SERIES_COLOURS = ("#1f4e79", "#c00000", "#548235", "#7f6000", "#7030a0", "#ed7d31", "#2e75b6", "#595959")
SERIES_DASHES = ("-", "--", ":", "-.")
SERIES_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def series_style(i: int) -> dict:
    """Keyword arguments for ax.plot of the i-th series: colour, line style and marker, all distinct for i < 32."""
    return {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "ls": SERIES_DASHES[(i // len(SERIES_COLOURS) + i) % len(SERIES_DASHES)],
            "marker": SERIES_MARKERS[i % len(SERIES_MARKERS)]}


def marker_size(n_points: int, base: float = 6.0) -> float:
    """Marker size (pt) for a series of n_points years: `base` up to a dozen, then smaller in proportion (not below
    1.5), so the markers of a long horizon stay apart instead of merging into a thick bar."""
    return base if n_points <= 12 else max(1.5, base * 12 / n_points)


def source_line_text(results=None, run: str | None = None, input_sha256: dict | None = None, monthly_to: str | None = None) -> str:
    """The line under every chart: "finmodel <version>, <run>, inputs of <vintage>; not an official projection".

    run: the run's name; by default the one recorded in the options of `results`, else its scenario.
    input_sha256: the run's input files and hashes (default: those of `results`), named by `inputs.vintage.describe`:
    "inputs of 14 April 2026" as shipped, "..., edited: macro.yaml" when an input was changed.
    """
    from finmodel.inputs.vintage import describe
    from finmodel.report.run_name import run_of

    name = run if run is not None else run_of(getattr(results, "options", None), getattr(results, "scenario", "baseline"))
    hashes = input_sha256 if input_sha256 is not None else results.assumptions.input_hashes
    opening = getattr(getattr(results, "assumptions", None), "opening_outturn", None)
    monthly_to = monthly_to or (opening.monthly_to if opening is not None else None)
    return f"Source: finmodel {__version__}, {name}, {describe(hashes, monthly_to)}; {NOT_OFFICIAL}."


def margins_in(figsize, left=0.75, right=0.25, top=0.65, bottom=0.62, **spacing) -> dict:
    """subplots_adjust fractions from margins in inches; `bottom` is above the source strip."""
    w, h = figsize
    return {"left": left / w, "right": 1 - right / w, "top": 1 - top / h, "bottom": (bottom + SOURCE_IN) / h, **spacing}


def import_matplotlib() -> None:
    """Import what drawing a chart needs (Figure, the Agg and SVG backends) now: before a fork, so that
    both processes share one import instead of each paying it (~0.3 s)."""
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401


def figure(figsize=(8, 4.5), margins=None, **subplots):
    """A new Figure and its Axes on matplotlib's own Agg canvas (`FigureCanvasAgg`), without pyplot (lighter to
    import, no global state); `save` writes it with `Figure.savefig`.

    margins: subplots_adjust fractions of the whole figure (default: `margins_in(figsize)`); the
    caller leaves SOURCE_IN at the bottom for the source line. Other keywords go to Figure.subplots.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(RC)
    fig = Figure(figsize=figsize, dpi=BASE_DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(**(margins or margins_in(figsize)))
    return fig, fig.subplots(**subplots)


def title(fig, text: str, subtitle: str | None = None) -> None:
    """The chart's title at the top left of the figure (and a smaller line under it)."""
    h = fig.get_figheight()
    fig.text(0.01, 1 - 0.08 / h, text, fontsize=TITLE_FONT_PT, fontweight="bold", va="top", ha="left", gid="title")
    if subtitle:
        fig.text(0.01, 1 - 0.3 / h, subtitle, fontsize=7.5, color="0.3", va="top", ha="left", gid="subtitle")


def source_line(fig, text: str, note: str | None = None) -> None:
    """The source line at the bottom left of the figure (a note, e.g. the benchmarks' sources, on the line above).

    A line wider than the figure (a long run name, several edited inputs) is wrapped onto two lines of smaller type,
    which the strip under the chart holds, instead of running off the figure's edge.
    """
    h = fig.get_figheight()
    line = fig.text(0.01, 0.06 / h, text, fontsize=SOURCE_FONT_PT, color="0.35", va="bottom", ha="left", gid="source-line")
    n_lines = _wrap_to_width(fig, line)
    if note:
        fig.text(0.01, (0.07 + line.get_fontsize() / 72 * 1.3 * n_lines) / h, note, fontsize=SOURCE_FONT_PT, color="0.35",
                 va="bottom", ha="left")


def _wrap_to_width(fig, line) -> int:
    """Fit `line` in 98% of the figure's width: as it is, else on two even lines of SOURCE_WRAPPED_PT type, or smaller
    down to SOURCE_SMALLEST_PT while two lines are still too wide. Lines break at spaces only, so a run name stays
    whole, to be copied. Returns the number of lines: more than two only when no size fits two (smallest type)."""
    import textwrap

    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        return 1
    renderer = get_renderer()
    room = 0.98 * fig.bbox.width
    text = line.get_text()
    if line.get_window_extent(renderer).width <= room:
        return 1
    line.set_linespacing(1.05)
    size = SOURCE_WRAPPED_PT
    while size >= SOURCE_SMALLEST_PT:
        line.set_fontsize(size)
        line.set_text("\n".join(_two_lines(text)))
        if line.get_window_extent(renderer).width <= room:
            return 2
        size -= 0.5
    line.set_text(text)
    chars = max(20, int(len(text) * room / line.get_window_extent(renderer).width))
    lines = textwrap.wrap(text, chars, break_on_hyphens=False, break_long_words=False)
    line.set_text("\n".join(lines))
    return len(lines)


def _two_lines(text: str) -> list:
    """`text` broken at spaces into two lines as even as its words allow (one, if it has no space to break at)."""
    import textwrap

    for chars in range(max(1, len(text) // 2), len(text) + 1):
        lines = textwrap.wrap(text, chars, break_on_hyphens=False, break_long_words=False)
        if len(lines) <= 2:
            return lines
    return [text]


def year_axis(ax, labels) -> None:
    """Fiscal-year labels on the x axis, thinned to about ten."""
    step = max(1, math.ceil(len(labels) / 10))
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(labels) - 0.4)


def from_zero(ax) -> None:
    """A level axis starts at zero (or, when the data go negative, at the autoscaled limit below them)."""
    low, high = ax.get_ylim()
    ax.set_ylim(0.0 if ax.dataLim.y0 >= 0 else min(0.0, low), max(high, 1e-9))


def say_zoomed(ax) -> None:
    """Say on the chart, at the foot of its value axis, that the axis does not start at zero. Only a ratio chart may
    zoom; a level (HK$) axis always includes zero (`from_zero`; the print test checks every chart of every command)."""
    ax.text(0.0, -0.01, ZOOM_NOTE, transform=ax.transAxes, va="top", ha="right", fontsize=6, color="0.35", rotation=90,
            gid="zoom-note")


def shade_beyond_mrf(ax, years, mrf_last_year) -> None:
    """Shade the years beyond the official forecast (the MRF) and say so at the top of the shading.

    The shade is translucent, drawn above shaded areas (a band) and bars, below lines and text."""
    beyond = [i for i, y in enumerate(years) if y > mrf_last_year]
    if not beyond:
        return
    ax.axvspan(beyond[0] - 0.5, len(years) - 0.5, color="black", alpha=SHADE_ALPHA, zorder=1.5, lw=0, gid="beyond-mrf")
    label = ax.text(beyond[0] - 0.45, 0.99, _(BEYOND_TEXT), transform=ax.get_xaxis_transform(), va="top", ha="left",
                    fontsize=6.5, color="0.4")
    clear_top(ax, label)


def clear_top(ax, label, pad_px: float = 6.0) -> None:
    """Raise the top of the value axis until everything plotted stays below `label`, a text at the top of the Axes
    (call once the y-limits are otherwise final): no line, marker or ceiling is drawn over the words.

    With the label's strip a fraction f of the Axes' height, the top y1 solves (y1 - top_of_data) = f (y1 - y0)."""
    renderer = _renderer(ax)
    box = ax.get_window_extent(renderer)
    if box.height <= 0:
        return
    f = min(0.5, (label.get_window_extent(renderer).height + pad_px) / box.height)
    y0, y1 = ax.get_ylim()
    top = ax.dataLim.y1
    if top > y1 - f * (y1 - y0):
        ax.set_ylim(y0, (top - f * y0) / (1 - f))


def _renderer(ax):
    """The renderer of the figure holding `ax` (an Agg canvas attached if it has none yet): text is measured with it."""
    fig = ax.get_figure(root=True)
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def ceiling_step(ax, x, ceiling_hkd_bn, label="Borrowing ceiling", **style):
    """The borrowing ceiling as a step: flat across each fiscal year, stepping between years."""
    edges = [x[0] - 0.5] + [v + 0.5 for v in x]
    kw = {"color": CEILING_COLOUR, "lw": 2, "baseline": None, "label": label, "gid": "ceiling", "zorder": 2.5, **style}
    return ax.stairs([float(v) for v in ceiling_hkd_bn], edges, **kw)


def direct_labels(ax, entries, fontsize=LABEL_FONT_PT, gap_pt=7.0, fan_pt=26.0) -> list:
    """Label series at their right ends, nudged apart so no two labels overlap; returns the Annotations.

    entries: [(x, y, text, colour)] in data coordinates. The y-limits must be final. Placement is in
    pixels (`_spread`; labels too many to stack get smaller type); when a label had to move, every label goes fan_pt to the right of its point
    with a thin leader, so the leaders fan out in the gap instead of crossing text. The labels sit right of the
    data, outside the Axes: the Axes is narrowed by what the widest label needs, so the data (and the years'
    shading) run to the Axes' right edge instead of leaving an empty strip inside it.
    """
    if not entries:
        return []
    fig = ax.get_figure(root=True)   # the Figure itself, also when the Axes sit in a SubFigure (the brief's page)
    renderer = _renderer(ax)
    box = ax.get_window_extent(renderer)
    sizes = _text_sizes(ax, entries, fontsize, renderer)
    if sum(b.height + 1 for b in sizes) > box.height:   # too many to stack at this size: smaller type
        fontsize *= box.height / sum(b.height + 1 for b in sizes) * 0.97
        sizes = _text_sizes(ax, entries, fontsize, renderer)
    heights = [b.height + 1 for b in sizes]
    pixel_y = [ax.transData.transform((x, y))[1] for x, y, _, _ in entries]
    placed = _spread(pixel_y, heights, box.y0, box.y1)
    moved = any(abs(a - b) > 2 for a, b in zip(placed, pixel_y))
    offset_pt = fan_pt if moved else gap_pt
    widest = max(b.width for b in sizes) + offset_pt * fig.dpi / 72 + 2
    x0, x1 = ax.get_xlim()
    x_end = max(e[0] for e in entries)
    room = (x1 - x_end) / (x1 - x0)   # the share of the Axes right of the last point
    if room * box.width < widest < box.width / 2:
        # narrowed to width w, the labels have room * w inside and box.width - w outside: w = (box.width - widest) / (1 - room)
        position = ax.get_position()
        ax.set_position([position.x0, position.y0, position.width * (box.width - widest) / ((1 - room) * box.width),
                         position.height])
    points_per_px = 72 / fig.dpi
    drawn = []
    for i, (x, y, text, colour) in enumerate(entries):
        dy_pt = (placed[i] - pixel_y[i]) * points_per_px
        arrow = {"arrowstyle": "-", "color": colour, "lw": 0.5, "shrinkA": 1, "shrinkB": 2, "relpos": (0, 0.5)} if moved else None
        drawn.append(ax.annotate(text, (x, y), xytext=(offset_pt, dy_pt), textcoords="offset points", va="center", ha="left",
                                 fontsize=fontsize, color=colour, annotation_clip=False, arrowprops=arrow, gid="direct-label"))
    return drawn


def _text_sizes(ax, entries, fontsize, renderer) -> list:
    """The drawn extent of each label's text at `fontsize`."""
    probes = [ax.text(0, 0, text, fontsize=fontsize) for _, _, text, _ in entries]
    sizes = [p.get_window_extent(renderer) for p in probes]
    for p in probes:
        p.remove()
    return sizes


def _spread(y, heights, low, high) -> list:
    """Label centres near `y` with no two labels overlapping: overlapping labels merge into a stack
    centred on their points' mean, stacks merge until none overlap, then the stacks are kept in [low, high]."""
    stacks = []   # [members in order, centre]
    for i in sorted(range(len(y)), key=lambda k: (y[k], k)):
        stacks.append([[i], y[i]])
        while len(stacks) > 1:
            (below, c0), (above, c1) = stacks[-2], stacks[-1]
            h0, h1 = sum(heights[k] for k in below), sum(heights[k] for k in above)
            if c0 + h0 / 2 <= c1 - h1 / 2:
                break
            members = below + above
            stacks[-2:] = [[members, sum(y[k] for k in members) / len(members)]]
    placed, floor = [0.0] * len(y), low
    total = sum(heights)
    for members, centre in stacks:
        h = sum(heights[k] for k in members)
        start = min(max(centre - h / 2, floor), max(floor, high - total))
        for k in members:
            placed[k] = start + heights[k] / 2
            start += heights[k]
        floor = start
        total -= h
    return placed


def png_dpi(fig) -> int:
    """The dpi that makes the PNG at least MIN_WIDTH_PX wide."""
    return max(BASE_DPI, math.ceil(MIN_WIDTH_PX / fig.get_figwidth()))


def svg_text(fig) -> str:
    """The figure as SVG text: text kept as text, no date or software version, fixed ids."""
    import matplotlib

    matplotlib.rcParams.update(RC)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue().decode("utf-8")


def save(fig, png_path, source: str, note: str | None = None) -> list:
    """Add the source line, then write the PNG (>= 1,200 px wide) and the SVG beside it atomically; return both paths."""
    png_path = Path(png_path)
    source_line(fig, source, note)
    with atomic_path(png_path) as tmp:
        fig.savefig(tmp, format="png", dpi=png_dpi(fig), metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    svg_path = png_path.with_suffix(".svg")
    write_bytes(svg_path, svg_text(fig).encode("utf-8"))
    return [png_path, svg_path]
