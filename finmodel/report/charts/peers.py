"""Hong Kong beside Japan, the United States and Singapore: one chart per measure, bars grouped by definition.

Each group is headed by its definition, and only rows with that definition, word for word, are
drawn under it: a chart never sets figures of different definitions side by side as if they were
one comparison. Each bar is labelled with its value; the year and vintage sit in a column to the
right of the plot (so no label runs into a bar), and notes (why a figure is missing, what a
figure printed in the column is, Singapore's invested borrowing) are footnotes.
"""

import textwrap

import pandas as pd

from finmodel import translation
from finmodel.model.results import peer_comparisons
from finmodel.report.charts.style import SOURCE_IN, figure, save, title

MEASURES = {
    "debt_to_gdp": ("peers_debt_to_gdp", "Debt, % of GDP", "Debt: Hong Kong beside Japan, the United States and Singapore"),
    "interest_to_revenue": ("peers_interest_to_revenue", "Interest, % of revenue",
                            "Interest burden on revenue: Hong Kong beside its peers"),
    "interest_to_gdp": ("peers_interest_to_gdp", "Interest, % of GDP", "Interest burden on GDP: Hong Kong beside its peers"),
}
WIDTH_IN = 11.0
ROW_IN = 0.34
HEAD_IN = 0.30
NOTE_LINE_IN = 0.14
NOTE_WRAP = 190
HEAD_WRAP = 150
TOP_IN = 0.55
BOTTOM_AXIS_IN = 0.5
COLORS = {"projection": "#1f4e79", "published": "#8c8c8c", "as printed in the column": "#c9a227"}


def chart_names() -> list:
    """The file names (without .png) of the peer charts, one per measure."""
    return [name for name, _, _ in MEASURES.values()]


def _notes(rows) -> tuple:
    """Footnotes: each distinct (country, note) of the chart once, numbered; returns (notes, {row index: number})."""
    notes, number, by_row = [], {}, {}
    for idx, r in rows.iterrows():
        text = str(r["note"] or "").strip()
        if not text:
            continue
        key = (r["country"], text)
        if key not in number:
            notes.append(f"{r['country']}: {text}")
            number[key] = len(notes)
        by_row[idx] = number[key]
    return notes, by_row


def _layout(groups):
    """Top-to-bottom entries: ('head', k, definition) then ('bar', row index, row) for each row of the group."""
    entries = []
    for k, (definition, rows) in enumerate(groups, start=1):
        entries.append(("head", k, definition))
        for idx, r in rows.iterrows():
            entries.append(("bar", idx, r))
    return entries


def _value_text(v: float, indicator: str) -> str:
    return f"{v:.2f}" if indicator != "debt_to_gdp" and v < 10 else f"{v:.1f}"


def peer_chart(indicator: str, groups: list):
    """One measure's chart: a section per definition, headed by it; returns the Figure (its source line is added on saving).

    The figure carries `finmodel_groups`: [(definition, [definition of each row drawn under it])],
    which the tests read to check that every comparison keeps to one definition.
    """
    from matplotlib.transforms import blended_transform_factory

    _, xlabel, chart_title = MEASURES[indicator]
    entries = _layout(groups)
    notes, note_of = _notes(pd.concat([rows for _, rows in groups])) if groups else ([], {})
    wrapped_notes = [textwrap.wrap(f"[{i}] {n}", NOTE_WRAP) for i, n in enumerate(notes, start=1)]
    n_note_lines = sum(len(w) for w in wrapped_notes) + 1
    heads = [textwrap.fill(f"{k}. {d}", HEAD_WRAP) for kind, k, d in (e for e in entries if e[0] == "head")]
    head_lines = sum(h.count("\n") + 1 for h in heads)
    n_bars = sum(1 for e in entries if e[0] == "bar")
    plot_in = n_bars * ROW_IN + head_lines * HEAD_IN * 0.75 + (len(heads)) * HEAD_IN * 0.5
    notes_in = n_note_lines * NOTE_LINE_IN + 0.2
    height = TOP_IN + plot_in + BOTTOM_AXIS_IN + notes_in + SOURCE_IN
    margins = {"left": 0.19, "right": 0.62, "top": 1 - TOP_IN / height,
               "bottom": (BOTTOM_AXIS_IN + notes_in + SOURCE_IN) / height}
    fig, ax = figure(figsize=(WIDTH_IN, height), margins=margins)

    # y positions in inches-like units from the top, so headings of several lines get their room.
    y, positions, ticks, labels = 0.0, [], [], []
    for e in entries:
        if e[0] == "head":
            lines = textwrap.fill(f"{e[1]}. {e[2]}", HEAD_WRAP).count("\n") + 1
            y += HEAD_IN * 0.5
            positions.append(("head", y + (lines - 1) * HEAD_IN * 0.375, e))
            y += lines * HEAD_IN * 0.75
        else:
            y += ROW_IN / 2
            positions.append(("bar", y, e))
            ticks.append(y)
            labels.append(e[2]["country"])
            y += ROW_IN / 2
    values = [float(e[2]["value"]) for kind, _, e in positions if kind == "bar" and e[2]["value"] == e[2]["value"]
              and e[2]["value"] is not None]
    xmax = max(values) if values else 1.0
    ax.set_xlim(0, xmax * 1.18)
    ax.set_ylim(y, 0)
    left_edge = blended_transform_factory(fig.transFigure, ax.transData)
    right_col = blended_transform_factory(ax.transAxes, ax.transData)
    drawn = []
    for kind, pos, e in positions:
        if kind == "head":
            ax.text(0.01, pos, textwrap.fill(f"{e[1]}. {e[2]}", HEAD_WRAP), transform=left_edge, fontsize=8, fontweight="bold",
                    va="center", ha="left", color="0.15")
            drawn.append((e[2], []))
            continue
        idx, r = e[1], e[2]
        drawn[-1][1].append(r["definition"])
        mark = f"  [{note_of[idx]}]" if idx in note_of else ""
        if r["value"] is None or r["value"] != r["value"]:
            ax.text(xmax * 0.01, pos, f"missing: not found{mark}", va="center", ha="left", fontsize=7.5, color="#c00000", style="italic")
        else:
            v = float(r["value"])
            ax.barh(pos, v, height=ROW_IN * 0.62, color=COLORS.get(r["status"], "#8c8c8c"))
            ax.text(v + xmax * 0.01, pos, _value_text(v, indicator), va="center", ha="left", fontsize=7.5)
        side = f"{r['year']} · {r['vintage']}{mark}"
        if r["country"] == "Singapore":
            side += "\nborrowing invested, not spent; interest met from investment returns"
        ax.text(1.01, pos, side, transform=right_col, va="center", ha="left", fontsize=6.8, color="0.25", linespacing=1.0)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)  # the headings run across the plot's left edge
    ax.set_xlabel(xlabel)
    title(fig, chart_title)
    ax.text(1.01, 1.0, "year · vintage [note]", transform=ax.transAxes, va="bottom", ha="left", fontsize=7, color="0.4")
    legend = [("projection", "finmodel projection"), ("published", "published figure"),
              ("as printed in the column", "as printed in the April 2026 column")]
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=COLORS[k], label=t) for k, t in legend], loc="lower right", fontsize=7, frameon=False,
              bbox_to_anchor=(1.0, 1.0), ncol=3, borderaxespad=0.2)
    top = (notes_in + SOURCE_IN - 0.05) / height
    line = NOTE_LINE_IN / height
    fig.text(0.01, top, "Notes (the definitions head each group; a group is one comparison):", fontsize=6.8, fontweight="bold",
             va="top", color="0.2")
    k = 1
    for w in wrapped_notes:
        for text in w:
            fig.text(0.01, top - k * line, text, fontsize=6.8, va="top", color="0.2")
            k += 1
    fig.finmodel_groups = drawn
    return fig


def write_peer_charts(results, charts_dir, source: str) -> list:
    """Draw one chart per measure into charts_dir, PNG and SVG, with the source line; return the paths written."""
    written = []
    for indicator, groups in peer_comparisons(results.peers()):
        if indicator not in MEASURES:
            continue
        written += save(peer_chart(indicator, groups), charts_dir / f"{MEASURES[indicator][0]}.png", source)
    return written


HONG_KONG = "Hong Kong SAR (finmodel)"
INTEREST_INDICATORS = ("interest_to_revenue", "interest_to_gdp")
PEER_COUNTRIES = ("Japan", "United States", "Singapore")


def interest_comparison(peers) -> tuple:
    """(indicator, definition, rows): the interest-burden comparison on one definition that sets Hong Kong
    beside the most of Japan, the US and Singapore (those with a figure first, then those listed as missing)."""
    best, best_key = None, None
    for indicator, groups in peer_comparisons(peers):
        if indicator not in INTEREST_INDICATORS:
            continue
        for definition, rows in groups:
            if HONG_KONG not in set(rows["country"]):
                continue
            others = rows[rows["country"].isin(PEER_COUNTRIES)]
            key = (int(others["value"].notna().sum()), others["country"].nunique(), -INTEREST_INDICATORS.index(indicator))
            if best_key is None or key > best_key:
                best, best_key = (indicator, definition, rows), key
    if best is None:
        raise ValueError("peers data: no interest-burden definition with Hong Kong's figures")
    return best


def draw_one_definition(ax, indicator: str, definition: str, rows) -> None:
    """Horizontal bars of one definition's rows (country and year), each labelled; a missing figure is said to be missing.

    Text is wrapped to the Axes' width, so the drawing fits a small panel of the brief as well as a full chart.
    """
    labels, y = [], []
    values = [float(v) for v in rows["value"] if v == v and v is not None]
    xmax = max(values) if values else 1.0
    width_in = ax.get_position().width * ax.figure.bbox.width / ax.get_figure(root=True).dpi   # the Axes' (sub)figure, in inches
    wrap = max(30, int(width_in * 72 / (7.0 * 0.55)))
    for k, (_, r) in enumerate(rows.iterrows()):
        country = "Hong Kong" if r["country"] == HONG_KONG else r["country"]
        labels.append(f"{country}, {r['year']}")
        y.append(k)
        if r["value"] is None or r["value"] != r["value"]:
            why = str(r["vintage"]) if str(r["vintage"]).startswith("none found") else "not found"
            ax.text(xmax * 0.01, k, textwrap.fill(why, wrap), va="center", ha="left", fontsize=6.8, color="#c00000",
                    style="italic", linespacing=1.0)
        else:
            v = float(r["value"])
            ax.barh(k, v, height=0.62, color=COLORS.get(r["status"], "#8c8c8c"))
            ax.text(v + xmax * 0.01, k, _value_text(v, indicator), va="center", ha="left", fontsize=7.5)
    ax.set_xlim(0, xmax * 1.25)
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(textwrap.fill(f"{MEASURES[indicator][1]}: {definition}", wrap), fontsize=7)


def own_definition_rows(peers) -> list:
    """(label, value, status) of the interest burden on revenue: Hong Kong on the IMF's definition at the horizon,
    then every peer figure found, each on its own published definition (named in its label)."""
    from finmodel.model.results import PEER_GG_INTEREST_REVENUE

    rows = peers[peers["indicator"] == "interest_to_revenue"]
    hk = rows[(rows["country"] == HONG_KONG) & (rows["definition"] == PEER_GG_INTEREST_REVENUE)]
    chosen = [hk.iloc[-1]] + [r for _, r in rows[rows["country"].isin(PEER_COUNTRIES)].iterrows() if r["value"] == r["value"]]
    return [(translation.gettext("%(country)s, %(year)s: %(definition)s", country=translation.term("Hong Kong" if r["country"] == HONG_KONG
                                                                                        else r["country"]),
                               year=translation.year(r["year"]), definition=translation.term(_short_definition(r["definition"]))),
             float(r["value"]), r["status"]) for r in chosen]


def _short_definition(definition: str) -> str:
    """A definition without its source in brackets or the column it was printed in."""
    return definition.split(" (")[0].split(", as printed")[0]


def draw_each_on_its_own_definition(ax, peers) -> None:
    """Horizontal bars, one per figure, each labelled with its own definition; the peers without any figure are named.

    Definitions differ between the bars (the label says which), so the panel gives orders of magnitude, not a ranking;
    the like-for-like comparisons are the peers charts, one definition per group.
    """
    rows = own_definition_rows(peers)
    width_in = ax.get_position().width * ax.figure.bbox.width / ax.get_figure(root=True).dpi
    wrap = max(24, int(width_in * 72 / (6.8 * 0.55)))
    xmax = max(v for _, v, _ in rows)
    line, bar, gap = 0.62, 0.62, 0.35   # in bar units: a label line, a bar, the space below a bar
    y = 0.0
    for label, value, status in rows:
        text = textwrap.fill(label, wrap)
        ax.text(0, y, text, va="top", ha="left", fontsize=6.8, linespacing=1.0)
        y += line * (text.count("\n") + 1) + bar / 2
        ax.barh(y, value, height=bar, color=COLORS.get(status, "#8c8c8c"))
        ax.text(value + xmax * 0.01, y, f"{value:.1f}", va="center", ha="left", fontsize=7.5)
        y += bar / 2 + gap
    missing = sorted(set(PEER_COUNTRIES) - {c for c in PEER_COUNTRIES for label, _, _ in rows if label.startswith(translation.term(c))})
    if missing:
        ax.text(0, y, textwrap.fill(translation.gettext("No figure found: %(countries)s.", countries=translation.gettext(", ").join(
            translation.term(c) for c in missing)), wrap), va="top", ha="left",
                fontsize=6.8, color="#c00000", style="italic")
        y += line
    ax.set_xlim(0, xmax * 1.15)
    ax.set_ylim(y + 0.1, -0.1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(textwrap.fill(translation.gettext("Interest, % of revenue: each on its own definition (named above its bar), so not a ranking"), wrap),
                  fontsize=7)
