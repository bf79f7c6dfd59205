"""The one-page brief of a `project` run: brief.html (self-contained) and brief.pdf (one A4 page).

A legislator's researcher should be able to forward it: the verdicts in plain words first, then
four charts and the key table, then sources, the words "not an official projection" and, in small
print, what produced it (model version, options, input hashes).

Both files share one content (`content`) and one page layout (`LAYOUT`, in mm from the top left of
an A4 page; each chart's Axes placed in its box by `place_chart`), so the HTML and the PDF show the
same things in the same places. The HTML holds its
charts as inline SVG and its styles inline: no file, font, script or address outside it. The
charts are the project's own (`charts.BRIEF_CHARTS`), drawn by the same functions as the PNGs.
"""

import html
import io
import re
import textwrap
from pathlib import Path

from finmodel.model import verdicts as verdict_words
from finmodel.report.atomic import write_text
from finmodel.report.brief import cjk
from finmodel.translation import DEFAULT, current, gettext as _, language, money, term, year

NOT_OFFICIAL = "not an official projection"
PAGE_MM = (210.0, 297.0)
# Boxes of the page (left, top, width, height) in mm; the charts sit in a 2 x 2 grid inside "charts".
LAYOUT = {
    "header": (12.0, 9.0, 186.0, 15.0),
    "verdicts": (12.0, 25.0, 186.0, 76.0),
    "charts": (12.0, 104.0, 186.0, 100.0),
    "table": (12.0, 206.0, 186.0, 41.0),
    "sources": (12.0, 248.0, 186.0, 17.0),
    "record": (12.0, 266.0, 186.0, 23.0),
}
CHART_GAP_MM = 4.0
CHART_FONT_PT = 7
SVG_HASHSALT = "finmodel-brief"
# The key table's columns: projection variable, (heading, unit), number format.
TABLE_COLUMNS = (("gross_issuance_hkd_bn", ("Gross issuance", "HK$ bn"), "{:,.1f}"), ("debt_hkd_bn", ("Debt (pool A)", "HK$ bn"), "{:,.1f}"),
                 ("debt_to_gdp_pct", ("Debt-to-GDP", "% of GDP"), "{:.2f}"), ("headroom_hkd_bn", ("Headroom", "HK$ bn"), "{:,.1f}"),
                 ("fiscal_reserves_hkd_bn", ("Fiscal reserves", "HK$ bn"), "{:,.1f}"),
                 ("interest_to_revenue_pct", ("Interest", "% of revenue"), "{:.2f}"))
MM_PER_IN = 25.4
# The text estimate shared by both files: the PDF wraps by it, and both size the verdicts by it.
PT_MM = MM_PER_IN / 72.0
CHAR_EM = 0.56            # average width of a DejaVu Sans character, in ems (a little wide, so lines never overflow)
BOLD_EM = 0.62            # bold DejaVu Sans runs about a tenth wider
MONO_EM = 0.62            # DejaVu Sans Mono's fixed width (0.602 em) with a margin
LINE_SPACING = 1.3
TOPIC_MM = 27.0           # the verdicts' left column in the PDF, for the bold topic
HEADLINE_PT, VERDICT_PT = 8.5, 7.5
SMALLEST_SCALE = 0.6
RECORD_PT, RECORD_SMALL_PT = 5.5, 4.3   # the run record's type; 4.3 pt fits two columns of whole SHA-256 lines
DIGEST_PREFIX = "sha256 "


def wrapped(s: str, width_mm: float, size: float, char_em: float = CHAR_EM) -> list:
    """The lines of `s` at `size` pt within `width_mm`, by the character-width estimate."""
    if cjk.has_wide(s):   # Chinese: a character is a full em wide and a line may break between any two
        return cjk.wrap(s, width_mm / (size * PT_MM), char_em)
    return textwrap.wrap(s, max(10, int(width_mm / (size * PT_MM * char_em))))


def verdicts_height_mm(c: dict, scale: float) -> float:
    """The height the headline and the verdicts take in their box with their type sizes times `scale`."""
    width = LAYOUT["verdicts"][2]
    head = HEADLINE_PT * scale
    height = len(wrapped(c["headline"], width, head, BOLD_EM)) * head * PT_MM * LINE_SPACING + 1.0
    size = VERDICT_PT * scale
    for topic, sentence in c["verdicts"]:
        lines = max(len(wrapped(topic, TOPIC_MM - 1.0, size, BOLD_EM)), len(wrapped(sentence, width - TOPIC_MM, size)))
        height += lines * size * PT_MM * LINE_SPACING + 0.8
    return height


def record_layout(c: dict) -> tuple:
    """(type size of the input digests in pt, columns): one column at RECORD_PT when the run record fits its box, else
    the digests in two columns at RECORD_SMALL_PT, each digest still whole on one line (a long run reads more inputs)."""
    width, height = LAYOUT["record"][2:]
    head = [line for line in c["record"] if not line.startswith(DIGEST_PREFIX)]
    digests = len(c["record"]) - len(head)
    head_mm = sum(len(wrapped(line, width, RECORD_PT, MONO_EM)) for line in head) * RECORD_PT * PT_MM * LINE_SPACING
    if head_mm + digests * RECORD_PT * PT_MM * LINE_SPACING <= height:
        return RECORD_PT, 1
    return RECORD_SMALL_PT, 2


def verdicts_scale(c: dict) -> float:
    """1, or the largest factor in steps of 0.05 (down to 0.6) on the verdicts' type that fits them in their box:
    a run that breaches much says more, and its words must not run into the charts."""
    scale = 1.0
    while scale > SMALLEST_SCALE and verdicts_height_mm(c, scale) > LAYOUT["verdicts"][3]:
        scale = round(scale - 0.05, 2)
    return scale


def chart_boxes() -> dict:
    """Each brief chart's box (left, top, width, height) in mm on the page, in BRIEF_CHARTS order."""
    from finmodel.report.charts.projection import BRIEF_CHARTS

    left, top, width, height = LAYOUT["charts"]
    w, h = (width - CHART_GAP_MM) / 2, (height - CHART_GAP_MM) / 2
    return {name: (left + (i % 2) * (w + CHART_GAP_MM), top + (i // 2) * (h + CHART_GAP_MM), w, h)
            for i, name in enumerate(BRIEF_CHARTS)}


# ---- content: what the brief says, shared by the HTML and the PDF ----

def content(results, heat_map, record_sentence: str = "", long_run_sentence: str = "") -> dict:
    """Title, subtitle, the verdicts as (topic, sentence), the key table, the sources and the run record lines."""
    a = results.assumptions
    return {
        "title": _("Hong Kong government debt: the projection on one page"),
        "subtitle": _("Scenario %(scenario)s, %(plan)s issuance plan, %(rule)s financing rule, ceiling policy %(policy)s; "
                      "%(first)s to %(last)s. Model output, %(not_official)s.", scenario=term(results.scenario),
                      plan=term(a.plan_name), rule=term(a.financing_rule), policy=term(a.ceiling_policy), first=results.labels[0],
                      last=results.labels[-1], not_official=_(NOT_OFFICIAL)),
        "headline": results.verdict(),
        "verdicts": verdicts(results, heat_map, record_sentence, long_run_sentence),
        "table": key_table(results),
        "sources": sources(results),
        "record": run_record(results),
    }


def verdicts(results, heat_map, record_sentence: str = "", long_run_sentence: str = "") -> list:
    """(topic, sentence) for the ceiling, the band, reserves, interest beside peers, the Budget, the Government's
    forecast record (`analysis.forecast_record.record_line`, when the inputs carry its tables) and the stress tests."""
    a = results.assumptions
    h = results.summary()["headline"]
    out = [(_("Ceiling"), verdict_words.ceiling(a, h, "sentence")), (_("Band"), verdict_words.band(a, h, "sentence")),
           (_("Reserves"), verdict_words.reserves(h, "sentence")),
           (_("Interest beside peers"), _peer_words(results, h))]
    if results.budget_line():
        out.append((_("Against the Budget"), results.budget_line()))
    if record_sentence:
        out.append((_("Forecast record"), record_sentence))
    if long_run_sentence:   # a run past the MRF (`finmodel.report.long_run.sentence`)
        out.append((_("Long run"), long_run_sentence))
    out.append((_("Stress tests"), _stress_words(heat_map)))
    return out


def _peer_words(results, h) -> str:
    """Hong Kong's interest over revenue, then each peer figure found with its own definition (context, not a ranking)."""
    from finmodel.model.results import PEER_GG_INTEREST_REVENUE

    peers = results.peers()
    rows = peers[peers["indicator"] == "interest_to_revenue"]
    hk = rows[(rows["status"] == "projection") & (rows["definition"] == PEER_GG_INTEREST_REVENUE)].set_index("year")["value"]
    text = _("Interest takes %(budget)s%% of revenue in %(horizon)s on the Budget's measure (%(imf)s%% on the IMF's, all bonds "
             "over total revenue).", budget=f"{h['interest_to_revenue_end_pct']:.1f}", horizon=h["horizon"],
             imf=f"{float(hk.iloc[-1]):.1f}")
    if h["first_year_reserves_negative"]:
        text += _(" It leaves out any cost of funding the negative reserves, so it understates the burden from then on.")
    others = rows[~rows["country"].str.startswith("Hong Kong")]
    found = [_("%(country)s %(value)s%% (%(year)s, %(definition)s)", country=term(r.country), value=f"{r.value:.1f}",
               year=year(r.year), definition=term(r.definition.split(" (")[0])) for r in others.itertuples() if r.value == r.value]
    missing = sorted({term(r.country) for r in others.itertuples() if r.value != r.value})
    if found:
        text += _(" No common definition of interest is available for the peers (the IMF's general-government net interest, "
                  "primary less overall balance, was not found with a citable vintage), so no bar sets them side by side as "
                  "equals; on their own definitions: %(found)s.", found=_("; ").join(found))
    if missing:
        text += _(" Not found on the IMF's definition: %(missing)s.", missing=_(", ").join(missing))
    return text


def _stress_words(hm) -> str:
    """The heat map in a sentence: per rated indicator, whether the baseline or how many views breach its benchmark."""
    parts = []
    for r in hm.rows:
        if r.benchmark is None:
            continue
        colours = [hm.cells[r.key, c.id].colour for c in hm.columns]
        hit = [c.label for c, colour in zip(hm.columns, colours) if colour in ("red", "amber")]
        name = term(r.label.split(",")[0].split(" (")[0])
        benchmark = _benchmark_words(r.benchmark, r.unit)
        if "red" in colours:
            parts.append(_("%(name)s breaches its benchmark (%(benchmark)s) in %(view)s itself", name=name, benchmark=benchmark,
                           view=_in_words(hm.columns[0].label)))
        elif hit:
            named = _(" (%(views)s)", views=_(", ").join(term(v) for v in hit)) if len(hit) <= 3 else ""
            parts.append(_("%(name)s breaches its benchmark (%(benchmark)s) in %(hit)s of %(n)s views%(named)s", name=name,
                           benchmark=benchmark, hit=len(hit), n=len(colours), named=named))
        else:
            parts.append(_("%(name)s stays within its benchmark (%(benchmark)s) in every view", name=name, benchmark=benchmark))
    views = [_in_words(c.label) for c in hm.columns if c.kind != "stress test"]
    return _("Heat map, worst value over %(first)s to %(last)s in %(views)s and %(n)s stress tests: %(parts)s.",
             first=hm.years[0], last=hm.years[-1], views=_(", ").join(views),
             n=sum(c.kind == "stress test" for c in hm.columns), parts=_("; ").join(parts))


def _benchmark_words(value: float, unit: str) -> str:
    """A benchmark with its unit inside a sentence: "900 HK$bn", "19.95 % of GDP", "9.67 months" (Chinese: 9,000億元...)."""
    english = f"{value:g} {unit}".replace("HK$ bn", "HK$bn")
    if unit == "HK$ bn":
        return money(value, 0, english=english)
    if unit == "% of GDP":
        return _("%(value)s %% of GDP", value=f"{value:g}")
    return _("%(value)s %(unit)s", value=f"{value:g}", unit=_(unit))


def _in_words(label: str) -> str:
    """A heat-map column's label inside a sentence: "This run (...)" becomes "this run (...)"."""
    this_run = re.fullmatch(r"This run \((.+), (\S+) plan\)", label)
    if this_run:
        return _("this run (%(scenario)s, %(plan)s plan)", scenario=term(this_run[1]), plan=term(this_run[2]))
    return term(label[0].lower() + label[1:] if label.startswith("This run") else label)


def key_table(results) -> dict:
    """The projection's key lines (rows) by fiscal year (columns): every year of the MRF, then every fifth year and
    the last one to the horizon (`table_years`), so a long run's table reaches its horizon on the same page."""
    p = results.projection
    mrf_last = results.summary()["headline"]["mrf_last_year"]
    years = table_years(list(p.index), mrf_last)
    skipped = len(years) < len(p.index)
    return {"header": [(_("Fiscal year"), "")] + [(y, "") for y in years],
            "beyond": [False] + [y > mrf_last for y in years],
            "rows": [[_("%(line)s, %(unit)s", line=_(heading), unit=_(unit))] + [f.format(float(p.at[y, c])) for y in years]
                     for c, (heading, unit), f in TABLE_COLUMNS],
            "note": (_("31 March stocks; fiscal years run 1 April to 31 March. The official Medium Range Forecast ends "
                       "%(mrf_end)s", mrf_end=mrf_last) + (_(" (shaded years are beyond it)") if years[-1] > mrf_last else "")
                     + (_("; every fifth year is shown after it, every year is in projection.csv.") if skipped else _(".")))}


def table_years(years: list, mrf_last_year: str, every: int = 5) -> list:
    """The fiscal years the brief's table shows: all to the end of the MRF, then every `every`-th year after it, and
    always the last year of the run."""
    inside = [y for y in years if y <= mrf_last_year]
    after = [y for y in years if y > mrf_last_year]
    shown = after[every - 1::every]
    if after and after[-1] not in shown:
        shown.append(after[-1])
    return inside + shown


def sources(results) -> str:
    """The source ids the inputs cite, most cited first, and where to find them in full."""
    counts = {}
    for pv in results.assumptions.provenance.values():
        for sid in set(re.findall(r"\bS\d{2,3}\b", pv["source"])):
            counts[sid] = counts.get(sid, 0) + 1
    peers = sorted({sid for p in results.assumptions.peers for sid in re.findall(r"\bS\d{2,3}\b", str(p.get("source_id", "")))},
                   key=lambda s: int(s[1:]))
    cited = sorted(counts, key=lambda s: (-counts[s], int(s[1:])))
    return _("Sources: %(budget)s, its Medium Range Forecast and the Government's accounts, as cited by the inputs "
             "(%(cited)s); peer figures: %(peers)s. Source ids refer to inputs/SOURCES.md; every input with its source is on "
             "the workbook's Assumptions sheet. Figures are finmodel's, %(not_official)s: the Government publishes no "
             "projection beyond its Budget.", budget=verdict_words.budget_name(results.assumptions), cited=", ".join(cited),
             peers=", ".join(peers), not_official=_(NOT_OFFICIAL))


def run_record(results) -> list:
    """Small print: model version, the inputs' vintage, the run's options and the SHA-256 of every input file."""
    from finmodel.inputs.vintage import describe, monthly_to_of

    run = results.summary()["run"]
    options = _("; ").join(_("%(option)s: %(value)s", option=_(k.replace("_", " ")),
                             value=term(v) if k == "inputs_from" else _option_words(v))
                           for k, v in sorted(run["options"].items()))
    lines = [_("Produced by %(model)s %(version)s from %(vintage)s; options: %(options)s; issuance plan %(plan)s, financing "
               "rule %(rule)s, ceiling policy %(policy)s.", model=run["model"], version=run["model_version"],
               vintage=describe(run["input_sha256"], monthly_to_of(run)), options=options or _("none"),
               plan=term(run["issuance_plan"]), rule=term(run["financing_rule"]), policy=term(run["ceiling_policy"]))]
    lines += [f"{DIGEST_PREFIX}{name}: {digest}" for name, digest in sorted(run["input_sha256"].items())]
    return lines


def _option_words(value) -> str:
    """An option's value in words for the small print: yes/no for a flag, "not given" for None, lists comma-separated."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("not given")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


# ---- charts: the project's own, as figures of the brief's size ----

# Each chart's Axes inside its box, in mm: first placed by these margins, then the left and bottom
# margins are fitted to what the y and x axes draw (tick labels, axis label). One measurement per
# axis instead of matplotlib's constrained layout, which measured every artist twice and drew the
# figure once more before saving (the brief cost ~0.3 s more).
CHART_MARGIN_MM = {"left": 12.0, "right": 1.1, "top": 5.5, "bottom": 12.5}
CHART_PAD_MM = 1.0


def chart_svgs(results) -> dict:
    """{name: inline SVG} for the four charts, each the size of its box on the page."""
    return {name: chart_svg(name, results, w, h) for name, (_, _, w, h) in chart_boxes().items()}


def draw_chart(ax, name, results):
    """Draw one brief chart into `ax` by its BRIEF_CHARTS function, with its title (call inside `chart_style()`)."""
    from finmodel.report.charts.projection import BRIEF_CHARTS

    title, draw = BRIEF_CHARTS[name]
    draw(ax, results)
    ax.set_title(_(title), fontsize=8, loc="left", fontweight="bold")


def place_chart(fig, name, results, box_mm, figure_mm):
    """Draw one brief chart in a new Axes of `fig` inside box_mm (left, top, width, height, mm from the
    figure's top left; figure_mm: the figure's width and height), its left and bottom margins fitted to its axes' labels."""
    left, top, width, height = box_mm
    fig_w, fig_h = figure_mm
    m = CHART_MARGIN_MM

    def rect(left_mm, bottom_mm, labels_mm=0.0):
        return [(left + left_mm) / fig_w, 1 - (top + height - bottom_mm) / fig_h,
                (width - left_mm - m["right"] - labels_mm) / fig_w, (height - bottom_mm - m["top"]) / fig_h]

    ax = fig.add_axes(rect(m["left"], m["bottom"]))
    full_width = ax.get_position().width
    draw_chart(ax, name, results)
    labels_mm = (full_width - ax.get_position().width) * fig_w   # the room `direct_labels` took right of the Axes
    renderer = _renderer(fig)
    px_per_mm = fig.dpi / MM_PER_IN
    position = ax.get_window_extent(renderer)
    y_ink, x_ink = ax.yaxis.get_tightbbox(renderer), ax.xaxis.get_tightbbox(renderer)
    left_mm = m["left"] if y_ink is None else (position.x0 - y_ink.x0) / px_per_mm + CHART_PAD_MM
    bottom_mm = m["bottom"] if x_ink is None else (position.y0 - x_ink.y0) / px_per_mm + CHART_PAD_MM
    ax.set_position(rect(max(left_mm, CHART_PAD_MM), max(bottom_mm, CHART_PAD_MM), labels_mm))
    return ax


def _renderer(fig):
    """The figure's Agg renderer (a canvas attached if the figure has none yet): text is measured with it."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def chart_style():
    """The brief's chart style: 7pt text, no top or right spine, fixed SVG ids, and text kept as text (as in the chart
    SVGs): it is set in the page's own fonts, and a reader can search, copy or have it read aloud; as glyph outlines
    it could be none of these (and took ~35 ms more to write)."""
    import matplotlib

    return matplotlib.rc_context({"font.size": CHART_FONT_PT, "svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none",
                                  "axes.spines.top": False, "axes.spines.right": False,
                                  **(cjk.rc_fonts() if current() != DEFAULT else {})})


def chart_svg(name, results, width_mm, height_mm) -> str:
    """The chart as inline SVG: no XML prolog, DOCTYPE or RDF metadata (they name web addresses), ids prefixed by the chart name."""
    from matplotlib.figure import Figure

    buf = io.StringIO()
    with chart_style():   # the Axes made inside it, so its ticks take the brief's text size too
        fig = Figure(figsize=(width_mm / MM_PER_IN, height_mm / MM_PER_IN), dpi=100)
        place_chart(fig, name, results, (0.0, 0.0, width_mm, height_mm), (width_mm, height_mm))
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)   # RDF names web addresses; nothing to keep
    svg = re.sub(r'\bid="', f'id="{name}-', svg)
    svg = re.sub(r'href="#', f'href="#{name}-', svg)
    svg = svg.replace("url(#", f"url(#{name}-")
    return re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)


# ---- HTML ----

def render_html(c: dict, svgs: dict) -> str:
    """The brief as one self-contained HTML page of A4 size, from its content and its charts as inline SVG."""
    e = html.escape

    def box(key, inner, cls=""):
        left, top, width, height = LAYOUT[key]
        return (f'<section class="{key} {cls}" style="left:{left}mm;top:{top}mm;width:{width}mm;height:{height}mm">'
                f"{inner}</section>")

    scale = verdicts_scale(c)   # the PDF's estimate, a little wide: the HTML, one column wider, fits too
    verdicts = "".join(f"<li><b>{e(topic)}.</b> {e(text)}</li>" for topic, text in c["verdicts"])
    charts = "".join(
        f'<figure id="chart-{name}" style="left:{left}mm;top:{top}mm;width:{w}mm;height:{h}mm">'
        f"{svgs[name]}</figure>"
        for name, (left, top, w, h) in chart_boxes().items())
    t = c["table"]
    table = ("<table><thead><tr>" + "".join(f'<th{" class=beyond" if beyond else ""}>{e(h)}' + (f"<br>{e(unit)}" if unit else "")
                                            + "</th>" for (h, unit), beyond in zip(t["header"], t["beyond"]))
             + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in t["rows"])
             + f'</tbody></table><p class="note">{e(t["note"])}</p>')
    body = (box("header", f'<h1>{e(c["title"])}</h1><p>{e(c["subtitle"])}</p>')
            + box("verdicts", f'<p class="headline" style="font-size:{8.5 * scale:.2f}pt">{e(c["headline"])}</p>'
                              f'<ul style="font-size:{8.0 * scale:.2f}pt">{verdicts}</ul>')
            + charts
            + box("table", table)
            + box("sources", f"<p>{e(c['sources'])}</p>")
            + box("record", _record_html(c, e)))
    style = STYLE if current() == DEFAULT else STYLE.replace('sans-serif;', f"{cjk.css_families()}, sans-serif;").replace(
        "monospace;", f"{cjk.css_families()}, monospace;")
    return (f'<!DOCTYPE html>\n<html lang="{current()}"><head><meta charset="utf-8">'
            f"<title>{e(c['title'])}</title><style>{style}</style></head>"
            f'<body><main class="page">{body}</main></body></html>\n')


def _record_html(c: dict, e) -> str:
    """The run record: its sentences, then the input digests, in two columns of smaller type when `record_layout` says."""
    size, columns = record_layout(c)
    if columns == 1:
        return "".join(f"<p>{e(line)}</p>" for line in c["record"])
    head = [line for line in c["record"] if not line.startswith(DIGEST_PREFIX)]
    digests = [line for line in c["record"] if line.startswith(DIGEST_PREFIX)]
    return ("".join(f"<p>{e(line)}</p>" for line in head)
            + f'<div class="digests" style="column-count:{columns};column-gap:2mm;font-size:{size}pt">'
            + "".join(f"<p>{e(line)}</p>" for line in digests) + "</div>")


STYLE = """
@page { size: A4; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif; color: #1a1a1a; font-size: 8pt; line-height: 1.3;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { position: relative; width: 210mm; height: 296mm; overflow: hidden; }
section, figure { position: absolute; margin: 0; box-sizing: border-box; }
figure svg { display: block; width: 100%; height: 100%; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; color: #1f4e79; }
.header p { margin: 0; font-size: 8pt; color: #444; }
.headline { font-weight: bold; margin: 0 0 1mm 0; font-size: 8.5pt; }
ul { margin: 0; padding-left: 4mm; }
li { margin: 0 0 0.8mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
th { background: #1f4e79; color: #fff; font-weight: bold; padding: 0.8mm 1.2mm; text-align: right; vertical-align: bottom; }
td { padding: 0.6mm 1.2mm; text-align: right; border-bottom: 0.2mm solid #ccc; }
th.beyond { background: #6f8faf; }
th:first-child, td:first-child { text-align: left; }
.note { margin: 0.8mm 0 0 0; font-size: 6.5pt; color: #555; }
.sources p { margin: 0; font-size: 6.5pt; color: #333; }
.record p { margin: 0; font-size: 5.5pt; color: #666; font-family: "DejaVu Sans Mono", monospace; }
.record .digests p { font-size: inherit; white-space: nowrap; }
"""


def write_html(results, out_dir, heat_map, record_sentence: str = "", long_run_sentence: str = "", lang: str = DEFAULT,
               words: dict | None = None) -> Path:
    """Write brief.html into `out_dir` atomically, in `lang` (finmodel.translation.LANGUAGES); return its path.
    words: the brief's `content` in `lang`, when put together already (`pdf.write_brief`)."""
    path = Path(out_dir) / "brief.html"
    with language(lang), cjk.quiet_weights():
        write_text(path, render_html(words or content(results, heat_map, record_sentence, long_run_sentence), chart_svgs(results)))
    return path

