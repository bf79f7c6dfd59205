"""brief.pdf: the one-page brief as one A4 page composed with matplotlib (no browser needed).

The page follows the HTML brief's layout (`brief.LAYOUT`, mm from the top left): text placed
in its boxes, wrapped by an estimate of DejaVu Sans's character width, and the four charts drawn
by the same `BRIEF_CHARTS` functions at the HTML's chart boxes, each placed by `brief.place_chart`
as its SVG is (fixed margins fitted to the axes' labels, no constrained layout). The PDF carries no
creation date, producer or creator, so identical runs give identical bytes.

Its text is set in the PDF's standard fonts (Helvetica, Helvetica-Bold, Courier), which every PDF
reader has: nothing is embedded, the text can be searched and copied, and the page is written in
about a third of the time that embedding DejaVu Sans glyph by glyph took. Those fonts cover the
Windows-1252 characters only; a page with any other character (a Greek or mathematical sign, or an
inputs path in another script, in the small print) is written with DejaVu Sans embedded instead,
which has the Greek and mathematical signs but not Chinese characters (they show as empty boxes).
Helvetica runs narrower than DejaVu Sans, so the wrapping estimate (DejaVu's widths) stays on the
safe side. Minus signs are hyphens, which the standard fonts have (U+2212 they have not).
The Chinese brief (`lang="zh-HK"`) falls back glyph by glyph from DejaVu Sans to the CJK font of
`brief.cjk`, embedded as a subset.
"""

from pathlib import Path

from finmodel.report.atomic import atomic_path
from finmodel.report.brief import cjk
from finmodel.report.brief.html import (
    BOLD_EM,
    CHAR_EM,
    DIGEST_PREFIX,
    HEADLINE_PT,
    LAYOUT,
    LINE_SPACING,
    MM_PER_IN,
    MONO_EM,
    PAGE_MM,
    PT_MM,
    RECORD_PT,
    TOPIC_MM,
    VERDICT_PT,
    chart_boxes,
    chart_style,
    content,
    place_chart,
    record_layout,
    verdicts_scale,
    wrapped,
    write_html,
)
from finmodel.translation import DEFAULT, language

BLUE = "#1f4e79"
BEYOND_BLUE = "#6f8faf"    # the header of a year beyond the MRF (as th.beyond in the HTML)
TABLE_LABEL_MM = 44.0      # the key table's first column: the line and its unit
CORE_ENCODING = "cp1252"  # what the PDF's standard fonts can show
ASCENT_EM = 0.76          # the height of a capital or an ascender above the baseline (DejaVu Sans 0.76, Helvetica 0.72-0.77)


class Page:
    """An A4 Figure and a cursor-free way to put text and rules at mm positions on it."""

    def __init__(self, fig):
        self.fig = fig

    def xy(self, x_mm, y_mm):
        return x_mm / PAGE_MM[0], 1.0 - y_mm / PAGE_MM[1]

    def text(self, x_mm, y_mm, s, size, **kw):
        """A line of text whose top is y_mm: placed by its baseline, a fixed ascent below, so that every line of a
        paragraph sits at the same spacing whatever its letters (a "top" alignment follows each string's own ink)."""
        baseline_mm = y_mm + ASCENT_EM * size * PT_MM
        self.fig.text(*self.xy(x_mm, baseline_mm), s, fontsize=size, va="baseline", parse_math=False, in_layout=False, **kw)

    def paragraph(self, x_mm, y_mm, width_mm, s, size, char_em=CHAR_EM, **kw) -> float:
        """Wrapped text from (x, y) within width; returns the y below its last line."""
        lines = wrapped(s, width_mm, size, char_em)
        line_mm = size * PT_MM * LINE_SPACING
        for i, line in enumerate(lines):
            self.text(x_mm, y_mm + i * line_mm, line, size, **kw)
        return y_mm + len(lines) * line_mm

    def rect(self, x_mm, y_mm, w_mm, h_mm, colour):
        from matplotlib.patches import Rectangle

        x, y = self.xy(x_mm, y_mm + h_mm)
        self.fig.add_artist(Rectangle((x, y), w_mm / PAGE_MM[0], h_mm / PAGE_MM[1], transform=self.fig.transFigure,
                                      facecolor=colour, edgecolor="none", zorder=0))


def write_brief(results, out_dir, heat_map, record_sentence: str = "", long_run_sentence: str = "", lang: str = DEFAULT) -> list:
    """Write brief.pdf and brief.html into `out_dir` in `lang`, their words (`html.content`) put together once for
    both; return the two paths."""
    with language(lang):
        c = content(results, heat_map, record_sentence, long_run_sentence)
    return [write_pdf(results, out_dir, heat_map, lang=lang, words=c), write_html(results, out_dir, heat_map, lang=lang, words=c)]


def write_pdf(results, out_dir, heat_map, record_sentence: str = "", long_run_sentence: str = "", lang: str = DEFAULT,
              words: dict | None = None) -> Path:
    """Compose the page and write it atomically as brief.pdf in `out_dir`, one A4 page, in `lang`; return its path.
    words: the brief's `html.content` in `lang`, when put together already."""
    import matplotlib
    from matplotlib.figure import Figure

    path = Path(out_dir) / "brief.pdf"
    fig = Figure(figsize=(PAGE_MM[0] / MM_PER_IN, PAGE_MM[1] / MM_PER_IN), dpi=100)
    with language(lang), cjk.quiet_weights(), chart_style(), matplotlib.rc_context({"axes.unicode_minus": False}):
        compose(Page(fig), words or content(results, heat_map, record_sentence, long_run_sentence), results)
        core = in_core_fonts(fig)
        with matplotlib.rc_context({"pdf.use14corefonts": core}), atomic_path(path) as tmp:
            fig.savefig(tmp, format="pdf", metadata={"CreationDate": None, "Producer": None, "Creator": None})
    return path


def in_core_fonts(fig) -> bool:
    """True if every text on the page can be set in the PDF's standard fonts (Windows-1252 characters only)."""
    from matplotlib.text import Text

    try:
        for t in fig.findobj(Text):
            t.get_text().encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def compose(page, c: dict, results):
    """The A4 page: header, verdicts, the four charts, the key table, sources and the run record."""
    _header(page, c)
    _verdicts(page, c)
    _charts(page.fig, results)
    _table(page, c["table"])
    left, top, width, _ = LAYOUT["sources"]
    page.paragraph(left, top, width, c["sources"], 6.5, color="0.2")
    _record(page, c)


def _record(page, c):
    """The run record in small print: its sentences, then the input digests (two columns when `record_layout` says)."""
    left, top, width, _ = LAYOUT["record"]
    size, columns = record_layout(c)
    digests = [line for line in c["record"] if line.startswith(DIGEST_PREFIX)]
    for line in c["record"]:
        if columns == 1 or line not in digests:
            top = page.paragraph(left, top, width, line, RECORD_PT, MONO_EM, color="0.4", family=cjk.mono_family())
    if columns == 1:
        return
    rows = -(-len(digests) // columns)
    for k, line in enumerate(digests):
        page.text(left + (k // rows) * width / columns, top + (k % rows) * size * PT_MM * LINE_SPACING, line, size,
                  color="0.4", family=cjk.mono_family())


def _header(page, c):
    left, top, width, _ = LAYOUT["header"]
    page.text(left, top, c["title"], 14, color=BLUE, fontweight="bold")
    page.paragraph(left, top + 7.0, width, c["subtitle"], 8, color="0.27")


def _verdicts(page, c):
    left, top, width, _ = LAYOUT["verdicts"]
    scale = verdicts_scale(c)
    y = page.paragraph(left, top, width, c["headline"], HEADLINE_PT * scale, BOLD_EM, fontweight="bold") + 1.0
    size = VERDICT_PT * scale
    for topic, sentence in c["verdicts"]:
        below_topic = page.paragraph(left, y, TOPIC_MM - 1.0, topic, size, BOLD_EM, fontweight="bold")
        y = max(below_topic, page.paragraph(left + TOPIC_MM, y, width - TOPIC_MM, sentence, size)) + 0.8


def _charts(fig, results):
    """Each brief chart at its box on the page, placed as its SVG in the HTML is."""
    for name, box in chart_boxes().items():
        place_chart(fig, name, results, box, PAGE_MM)


def _table(page, t):
    """The key table: a header row of fiscal years on blue (lighter beyond the MRF), one row per line, numbers
    right-aligned; smaller type when a long run shows many years."""
    left, top, width, _ = LAYOUT["table"]
    first = TABLE_LABEL_MM
    col = (width - first) / (len(t["header"]) - 1)
    size = 7.0 if len(t["header"]) <= 9 else 6.3
    head_lines = [[part for part in h if part] for h in t["header"]]
    line_mm = size * PT_MM * LINE_SPACING
    head_mm = max(len(h) for h in head_lines) * line_mm + 1.6
    page.rect(left, top, width, head_mm, BLUE)
    for j, beyond in enumerate(t["beyond"]):
        if beyond:
            page.rect(left + first + (j - 1) * col, top, col, head_mm, BEYOND_BLUE)
    for j, lines in enumerate(head_lines):
        x = left + 1.2 if j == 0 else left + first + j * col - 1.2
        for i, line in enumerate(lines):
            page.text(x, top + 0.8 + i * line_mm, line, size, color="white", fontweight="bold", ha="left" if j == 0 else "right")
    y = top + head_mm + 0.8
    row_mm = line_mm + 1.0
    for row in t["rows"]:
        for j, v in enumerate(row):
            x = left + 1.2 if j == 0 else left + first + j * col - 1.2
            page.text(x, y, v, size, ha="left" if j == 0 else "right")
        page.rect(left, y + row_mm - 0.9, width, 0.2, "0.8")
        y += row_mm
    page.paragraph(left, y + 0.4, width, t["note"], 6.5, color="0.33")
