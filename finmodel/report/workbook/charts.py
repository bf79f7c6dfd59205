"""Native Excel charts (openpyxl.chart) drawn from the workbook's own tables, so they follow the cells.

Each function takes the worksheet holding a years-down table, the table's first and last data
rows and the columns of the series, and anchors the chart at `anchor` beside the table.
"""

from finmodel.report.workbook import placed_charts

WIDTH_CM = 16.0
HEIGHT_CM = 8.0
NAVY, RED, GREEN, LIGHT, AMBER, GREY = "1F4E79", "C00000", "548235", "9DC3E6", "FFC000", "A6A6A6"


def _ref(ws, col, first, last):
    from openpyxl.chart import Reference

    return Reference(ws, min_col=col, min_row=first, max_row=last)


def _series(chart, ws, col, head_row, first, last, color, line=False, dash=None):
    from openpyxl.chart import Reference, Series

    s = Series(Reference(ws, min_col=col, min_row=first, max_row=last), title_from_data=False)
    from openpyxl.chart.data_source import StrRef
    from openpyxl.chart.series import SeriesLabel

    s.tx = SeriesLabel(strRef=StrRef(f"'{ws.title}'!${_letter(col)}${head_row}"))
    if line:
        s.graphicalProperties.line.solidFill = color
        s.graphicalProperties.line.width = 28575
        if dash:
            s.graphicalProperties.line.dashStyle = dash
        s.smooth = False
    else:
        s.graphicalProperties.solidFill = color
        s.graphicalProperties.line.solidFill = color
    chart.series.append(s)
    return s


def _letter(col):
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _finish(chart, title, y_title, ws, cat_col, first, last, anchor, parts=None):
    chart.title = title
    chart.y_axis.title = y_title
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    chart.set_categories(_ref(ws, cat_col, first, last))
    chart.legend.position = "b"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "#,##0"
    chart.x_axis.tickLblPos = "low"
    zero_based(chart, ws, parts)
    placed_charts.place(ws, chart, anchor)


def zero_based(chart, ws, parts=None) -> None:
    """Fix the value axis so that it includes zero (an axis left automatic lets Excel and LibreOffice start at,
    say, 600, and a rise from 657 to 744 looks like a near-tripling): from 0 when every value charted is zero or
    more, else from a round number at or below the lowest value (the lowest stack of negatives, for stacked bars),
    up to 0 when every value is negative. Every native chart calls it (`_finish`); the print test reads the XML."""
    low, high = _charted_range(parts or [chart], ws)
    if low is None:
        chart.y_axis.scaling.min = 0
        return
    chart.y_axis.scaling.min = 0 if low >= 0 else -_round_up(-low)
    if high is not None and high <= 0:
        chart.y_axis.scaling.max = 0


def _round_up(v: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `v` (v > 0)."""
    import math

    power = 10 ** math.floor(math.log10(v))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= v)


def _charted_range(parts, ws) -> tuple:
    """The lowest and highest value a chart draws (its `parts`: the chart, and the charts combined into it), read from
    the cells their series refer to (None, None if none)."""
    values, stacks = [], []
    for sub in parts:
        columns = [_ref_values(ws, s.val.numRef.f) for s in sub.series if s.val is not None and s.val.numRef is not None]
        for col in columns:
            values += col
        if getattr(sub, "grouping", None) in ("stacked", "percentStacked") and columns:
            stacks += [sum(v for v in row if v < 0) for row in zip(*columns)]
            stacks += [sum(v for v in row if v > 0) for row in zip(*columns)]
    values += stacks
    return (min(values), max(values)) if values else (None, None)


def _ref_values(ws, ref: str) -> list:
    """The numbers in the cell range `ref` ("'Sheet'!$B$5:$B$20") of `ws`'s workbook."""
    from openpyxl.utils.cell import range_boundaries

    sheet, cells = ref.rsplit("!", 1)
    source = ws.parent[sheet.strip("'").replace("''", "'")] if ws.parent is not None else ws
    c0, r0, c1, r1 = range_boundaries(cells.replace("$", ""))
    return [c.value for row in source.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1) for c in row
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]


def bars_and_line(ws, head_row, first, last, cat_col, bar_cols, line_cols, title, y_title, anchor, stacked=False,
                  colors=None):
    """Bars (clustered, or stacked) with lines on the same axis: debt vs ceiling, issuance vs redemptions, decomposition."""
    from openpyxl.chart import BarChart, LineChart

    colors = list(colors or [NAVY, LIGHT, GREEN, AMBER])
    bar = BarChart()
    bar.type = "col"
    bar.gapWidth = 60
    if stacked:
        bar.grouping = "stacked"
        bar.overlap = 100
    for i, col in enumerate(bar_cols):
        _series(bar, ws, col, head_row, first, last, colors[i % len(colors)])
    if line_cols:
        line = LineChart()
        for i, col in enumerate(line_cols):
            s = _series(line, ws, col, head_row, first, last, [RED, "000000", GREY][i % 3], line=True)
            s.marker.symbol = "circle" if stacked else "none"
        bar += line
    _finish(bar, title, y_title, ws, cat_col, first, last, anchor, parts=[bar, line] if line_cols else None)
    return bar


def lines(ws, head_row, first, last, cat_col, cols, title, y_title, anchor, styles=None):
    """Lines: debt-to-GDP against the band (band edges as dashed lines), reserves and debt."""
    from openpyxl.chart import LineChart

    chart = LineChart()
    styles = styles or [(NAVY, None)] * len(cols)
    for col, (color, dash) in zip(cols, styles):
        s = _series(chart, ws, col, head_row, first, last, color, line=True, dash=dash)
        s.marker.symbol = "none"
    _finish(chart, title, y_title, ws, cat_col, first, last, anchor)
    return chart


def horizontal_bars(ws, head_row, first, last, cat_col, col, title, x_title, anchor):
    """Horizontal bars, first row at the top, each labelled with its value: Hong Kong and its peers."""
    from openpyxl.chart import BarChart
    from openpyxl.chart.label import DataLabelList

    chart = BarChart()
    chart.type = "bar"
    chart.gapWidth = 50
    _series(chart, ws, col, head_row, first, last, NAVY)
    _finish(chart, title, x_title, ws, cat_col, first, last, anchor)
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # categories top-down, as in the table
    chart.y_axis.number_format = "0"
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False, numFmt="0.0")
    chart.width = 30.0  # across a landscape page beside its table's first columns
    chart.height = max(HEIGHT_CM, 1.1 * (last - first + 1) + 3)
    return chart


def debt_under_ceiling(ws, head_row, first, last, cat_col, debt_col, headroom_col, ceiling_col, title, y_title, anchor):
    """Debt and the headroom above it stacked, so each year's bar reaches that year's ceiling, and the ceiling as a
    red bar-wide tick on each year: the ceiling reads as a step (500 then 900), never as a diagonal between years."""
    from openpyxl.chart import BarChart, LineChart

    bar = BarChart()
    bar.type = "col"
    bar.grouping = "stacked"
    bar.overlap = 100
    bar.gapWidth = 40
    _series(bar, ws, debt_col, head_row, first, last, NAVY)
    room = _series(bar, ws, headroom_col, head_row, first, last, "DEEBF7")
    room.graphicalProperties.line.solidFill = LIGHT
    ticks = LineChart()
    s = _series(ticks, ws, ceiling_col, head_row, first, last, RED, line=True)
    s.graphicalProperties.line.solidFill = None
    s.graphicalProperties.line.noFill = True
    s.marker.symbol = "dash"
    s.marker.size = max(5, min(24, int(150 / (last - first + 1))))
    s.marker.graphicalProperties.solidFill = RED
    s.marker.graphicalProperties.line.solidFill = RED
    bar += ticks
    _finish(bar, title, y_title, ws, cat_col, first, last, anchor)
    return bar
