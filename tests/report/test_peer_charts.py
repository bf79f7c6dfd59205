"""Hong Kong beside its peers: peers.csv rows carry definition, year, vintage and source; each chart compares like with like."""

import pandas as pd
import pytest

from finmodel.inputs.schema import (
    PEER_GG_DEBT,
    PEER_GG_INTEREST_GDP,
    PEER_GG_INTEREST_REVENUE,
    PEER_INDICATORS,
)
from finmodel.model.results import peer_comparisons
from finmodel.report.charts.projection import write_charts
from finmodel.report.charts.peers import MEASURES, chart_names, peer_chart
from finmodel.analysis.heat_map import build as build_heat_map


def test_every_peer_row_has_definition_year_vintage_and_source(baseline_results):
    peers = baseline_results.peers()
    for col in ("definition", "year", "vintage", "source"):
        assert peers[col].astype(str).str.strip().ne("").all(), col
    for country in ("Japan", "United States", "Singapore"):
        for measure in PEER_INDICATORS:
            assert not peers[(peers["country"] == country) & (peers["indicator"] == measure)].empty, (country, measure)


def test_missing_figures_stay_missing_with_their_reason(baseline_results):
    peers = baseline_results.peers()
    missing = peers[peers["status"] == "missing"]
    assert not missing.empty
    assert missing["value"].isna().all() and missing["note"].str.len().gt(20).all()
    # No figure of another definition stands in for a missing IMF one.
    gg = peers[(peers["definition"] == PEER_GG_INTEREST_REVENUE) & (peers["country"] != "Hong Kong SAR (finmodel)")]
    assert gg["value"].isna().all()


def test_hong_kong_is_measured_on_the_peers_definitions(baseline_results):
    peers = baseline_results.peers()
    p = baseline_results.projection
    hk = peers[peers["country"] == "Hong Kong SAR (finmodel)"].set_index(["definition", "year"])["value"]
    end = p.index[-1]
    assert hk[(PEER_GG_DEBT, end)] == pytest.approx(p.loc[end, "debt_total_to_gdp_pct"])
    assert hk[(PEER_GG_INTEREST_REVENUE, end)] == pytest.approx(p.loc[end, "interest_total_to_revenue_pct"])
    assert hk[(PEER_GG_INTEREST_GDP, end)] == pytest.approx(p.loc[end, "interest_total_to_gdp_pct"])
    # The column's figures and the Research Brief's keep their own definitions.
    printed = peers[peers["status"] == "as printed in the column"]
    assert set(printed["definition"]).isdisjoint({PEER_GG_DEBT, PEER_GG_INTEREST_REVENUE, PEER_GG_INTEREST_GDP})
    assert printed["definition"].str.contains("as printed in the April 2026 column").all()


def test_each_comparison_chart_uses_one_definition_throughout(baseline_results):
    peers = baseline_results.peers()
    comparisons = peer_comparisons(peers)
    assert [m for m, _ in comparisons] == list(MEASURES)
    for indicator, groups in comparisons:
        fig = peer_chart(indicator, groups)
        drawn = fig.finmodel_groups
        assert [d for d, _ in drawn] == [d for d, _ in groups]
        for definition, row_definitions in drawn:
            assert row_definitions and set(row_definitions) == {definition}, (indicator, definition)
        # Every row of the measure is drawn, once.
        assert sum(len(r) for _, r in drawn) == int((peers["indicator"] == indicator).sum())
        texts = " ".join(t.get_text() for t in fig.axes[0].texts).replace("\n", " ")
        for definition, _ in drawn:
            assert definition.split(",")[0] in texts


def test_the_legend_names_only_the_kinds_of_figure_a_chart_draws(baseline_results):
    """A legend entry with no bar under it (the April 2026 column's colour on the interest-to-GDP chart) is gone."""
    from finmodel.report.charts.peers import COLORS

    peers = baseline_results.peers()
    for indicator, groups in peer_comparisons(peers):
        fig = peer_chart(indicator, groups)
        ax = fig.axes[0]
        bar_colours = {tuple(round(c, 4) for c in b.get_facecolor()) for b in ax.patches}
        legend_colours = [tuple(round(c, 4) for c in h.get_facecolor()) for h in ax.get_legend().get_patches()]
        assert legend_colours and set(legend_colours) == bar_colours, indicator
        assert len(legend_colours) <= len(COLORS)


def test_comparisons_never_mix_definitions():
    rows = pd.DataFrame([
        {"indicator": "interest_to_revenue", "definition": "a / b", "country": "X"},
        {"indicator": "interest_to_revenue", "definition": "a / c", "country": "Y"},
        {"indicator": "interest_to_revenue", "definition": "a / b", "country": "Z"},
    ])
    (_, groups), = peer_comparisons(rows)
    assert [(d, list(g["country"])) for d, g in groups] == [("a / b", ["X", "Z"]), ("a / c", ["Y"])]


def test_peer_charts_are_written(baseline_results, tmp_path):
    written = {p.stem for p in write_charts(baseline_results, tmp_path, build_heat_map(baseline_results))}
    assert set(chart_names()) <= written
    for name in chart_names():
        assert (tmp_path / "charts" / f"{name}.png").stat().st_size > 10_000
        assert (tmp_path / "charts" / f"{name}.svg").exists()
