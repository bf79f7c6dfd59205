"""The one-page brief of `finmodel project`: self-contained HTML, one A4 PDF page, the charts where the layout puts them.

The pages are checked the way a reader sees them: brief.html rendered by headless Chromium (a
screenshot at A4 size, and printed to PDF), brief.pdf rendered by pdftoppm.
"""

import html
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from PIL import Image

from finmodel.cli import main
from finmodel.report.brief.html import LAYOUT, NOT_OFFICIAL, chart_boxes, content
from finmodel.report.charts.projection import BRIEF_CHARTS
from tests.browser import (
    A4_PX,
    PX_PER_MM,
    ink_share,
    pdf_fonts,
    pdf_pages,
    print_to_pdf,
    screenshot,
)
from tests.conftest import INPUTS
from tests.tools import need

MIN_CHART_INK = 0.04      # a drawn chart darkens well over 4% of its box; an empty or missing one under 1%
MAX_GAP_INK = 0.01
PAGE_RIGHT_MARGIN_MM = (199.0, 11.0)   # left edge and width of the right margin, where no text may run


@pytest.fixture(scope="module")
def runs(full_project_runs):
    """Two `finmodel project` runs of the shipped inputs into two folders (shared with other tests: read only)."""
    return [folder for folder, _ in full_project_runs]


@pytest.fixture(scope="module")
def page(runs):
    return (runs[0] / "brief.html").read_text(encoding="utf-8")


def test_html_refers_to_nothing_outside_itself(page):
    assert re.findall(r"\bsrc\s*=", page) == []
    assert {ref[0] for ref in re.findall(r'href\s*=\s*"([^"]*)"', page)} <= {"#"}
    assert [u for u in re.findall(r"url\(([^)]*)\)", page) if not u.startswith("#")] == []
    for banned in ("<script", "@import", "<link", "<img", "<iframe", "<object", "@font-face", "<!DOCTYPE svg"):
        assert banned.lower() not in page.lower(), banned
    # "http" only in the SVG namespace declarations, which name a namespace and load nothing
    assert set(re.findall(r'"(https?://[^"]*)"', page)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_html_holds_four_inline_charts_verdicts_and_the_disclaimer(page, runs):
    from finmodel.model.pipeline import load_inputs, run

    res = run(load_inputs(INPUTS))
    assert page.count("<svg") == 4 == len(BRIEF_CHARTS)
    for name in BRIEF_CHARTS:
        assert f'id="chart-{name}"' in page
    assert html.escape(res.verdict()) in page
    assert html.escape(res.budget_line()) in page
    assert NOT_OFFICIAL in page
    h = res.summary()["headline"]
    assert f"HK${h['peak_debt_hkd_bn']:,.1f}bn in {h['peak_debt_year']}" in page
    assert f"HK${h['fiscal_reserves_end_hkd_bn']:,.1f}bn" in page
    for topic in ("Ceiling.", "Band.", "Reserves.", "Interest beside peers.", "Against the Budget.", "Stress tests."):
        assert f"<b>{topic}</b>" in page


def test_the_charts_text_is_text_a_reader_can_search_and_copy(page):
    """Each chart's title, axis units and year labels are SVG text inside its figure, not glyph outlines."""
    figures = dict(re.findall(r'<figure id="chart-([a-z_]+)".*?>(.*?)</figure>', page, flags=re.DOTALL))
    assert set(figures) == set(BRIEF_CHARTS)
    for name, (title, _) in BRIEF_CHARTS.items():
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", figures[name])]
        assert title in texts, (name, texts[:5])
    assert "2030-31" in figures["debt_vs_ceiling"] and "HK$ bn, 31 March" in html.unescape(figures["debt_vs_ceiling"])


def test_key_table_holds_the_key_lines_by_fiscal_year_to_the_end_of_the_mrf(page, runs):
    proj = pd.read_csv(runs[0] / "projection.csv", index_col=0)
    shown = proj[proj["beyond_mrf"] == 0]
    head = re.findall(r"<th[^>]*>([^<]*)</th>", page)
    assert head == ["Fiscal year"] + list(shown.index)
    cells = re.findall(r"<tr>((?:<td>[^<]*</td>)+)</tr>", page)
    rows = {r[0]: r[1:] for r in (re.findall(r"<td>([^<]*)</td>", c) for c in cells)}
    assert rows == {"Gross issuance, HK$ bn": [f"{v:,.1f}" for v in shown["gross_issuance_hkd_bn"]],
                    "Debt (pool A), HK$ bn": [f"{v:,.1f}" for v in shown["debt_hkd_bn"]],
                    "Debt-to-GDP, % of GDP": [f"{v:.2f}" for v in shown["debt_to_gdp_pct"]],
                    "Headroom, HK$ bn": [f"{v:,.1f}" for v in shown["headroom_hkd_bn"]],
                    "Fiscal reserves, HK$ bn": [f"{v:,.1f}" for v in shown["fiscal_reserves_hkd_bn"]],
                    "Interest, % of revenue": [f"{v:.2f}" for v in shown["interest_to_revenue_pct"]]}


def test_a_long_run_table_reaches_its_horizon_by_every_fifth_year():
    from finmodel.report.brief.html import table_years

    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(2025, 2051)]
    assert table_years(years, "2030-31") == years[:6] + ["2035-36", "2040-41", "2045-46", "2050-51"]
    assert table_years(years[:14], "2030-31") == years[:6] + ["2035-36", "2038-39"]   # the last year always shown
    assert table_years(years[:6], "2030-31") == years[:6]
    assert table_years(years[:4], "2030-31") == years[:4]   # a horizon inside the MRF


def test_brief_records_version_hashes_and_options(page, runs):
    import json

    run = json.loads((runs[0] / "summary.json").read_text())["run"]
    assert f"finmodel {run['model_version']}" in page
    for name, digest in run["input_sha256"].items():
        assert f"sha256 {name}: {digest}" in page
    assert "scenario: baseline" in page and "issuance: central" in page and "=True" not in page  # words, not code
    assert {"brief.html", "brief.pdf"} <= set(run["manifest"])


def test_screenshot_at_a4_shows_every_chart_where_the_layout_puts_it(runs, tmp_path):
    shot = Image.open(screenshot(runs[0] / "brief.html", tmp_path / "shot.png", tmp_path))
    assert shot.size == A4_PX
    boxes = chart_boxes()
    for name, box in boxes.items():
        assert ink_share(shot, box, PX_PER_MM) > MIN_CHART_INK, name
    (left, top, w, h), (right, _, _, _) = boxes["debt_vs_ceiling"], boxes["debt_to_gdp_band"]
    assert ink_share(shot, (left + w + 0.5, top, right - left - w - 1.0, h), PX_PER_MM) < MAX_GAP_INK  # the gutter between charts
    for key in ("verdicts", "table"):
        assert ink_share(shot, LAYOUT[key], PX_PER_MM) > 0.02, key


def test_html_prints_to_exactly_one_a4_page(runs, tmp_path):
    pdf = print_to_pdf(runs[0] / "brief.html", tmp_path / "printed.pdf", tmp_path)
    pages = pdf_pages(pdf, tmp_path / "pages")
    assert len(pages) == 1
    image = Image.open(pages[0])
    assert abs(image.size[0] - A4_PX[0]) <= 2 and abs(image.size[1] - A4_PX[1]) <= 2
    for name, box in chart_boxes().items():
        assert ink_share(image, box, PX_PER_MM) > MIN_CHART_INK, name


def test_pdf_is_one_a4_page_with_the_charts_drawn(runs, tmp_path):
    pages = pdf_pages(runs[0] / "brief.pdf", tmp_path)
    assert len(pages) == 1
    image = Image.open(pages[0])
    assert abs(image.size[0] - A4_PX[0]) <= 2 and abs(image.size[1] - A4_PX[1]) <= 2
    for name, box in chart_boxes().items():
        assert ink_share(image, box, PX_PER_MM) > MIN_CHART_INK, name
    for key in ("verdicts", "table", "record"):
        assert ink_share(image, LAYOUT[key], PX_PER_MM) > 0.01, key


def test_pdf_sets_its_text_in_the_standard_pdf_fonts_without_embedding_any(runs):
    fonts = pdf_fonts(runs[0] / "brief.pdf")
    assert {name for name, _, _ in fonts} >= {"Helvetica", "Helvetica-Bold", "Courier"}
    assert all(kind == "Type 1" and not embedded and name.split("-")[0] in ("Helvetica", "Courier")
               for name, kind, embedded in fonts), fonts


def test_pdf_embeds_dejavu_when_the_page_has_a_character_the_standard_fonts_lack(tmp_path, monkeypatch):
    """A title with Greek or mathematical signs, say: Helvetica has no such glyph, so the page is set in DejaVu Sans, embedded."""
    from finmodel.analysis.heat_map import build
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.brief import pdf as brief_pdf

    need("pdffonts")   # before drawing the page: skip (or, under CI=true, fail) at once without poppler
    need("pdftoppm")

    def titled_with_signs(results, heat_map, record_sentence="", long_run_sentence=""):
        return {**content(results, heat_map, record_sentence, long_run_sentence), "title": "Hong Kong government debt: Δ reserves ≥ 0?"}

    monkeypatch.setattr(brief_pdf, "content", titled_with_signs)
    res = run(load_inputs(INPUTS))
    path = brief_pdf.write_pdf(res, tmp_path, build(res))
    fonts = pdf_fonts(path)
    assert fonts and all(embedded and "DejaVu" in name for name, _, embedded in fonts), fonts
    assert len(pdf_pages(path, tmp_path / "pages")) == 1


def test_pdf_lines_of_a_paragraph_are_evenly_spaced_whatever_their_letters():
    """Lines are placed by their baselines: a line with brackets or capitals sits as far below its neighbour as any other."""
    from matplotlib.figure import Figure

    from finmodel.report.brief.html import PAGE_MM
    from finmodel.report.brief.pdf import Page

    fig = Figure(figsize=(PAGE_MM[0] / 25.4, PAGE_MM[1] / 25.4))
    page = Page(fig)
    page.paragraph(10.0, 10.0, 40.0, "ace ace ace ace (JGB) / [Q] ace ace ace ace ace ace ace ace ace", 8)
    ys = [t.get_position()[1] for t in fig.texts]
    assert len(ys) >= 3 and all(t.get_va() == "baseline" for t in fig.texts)
    steps = [a - b for a, b in zip(ys, ys[1:])]
    assert max(steps) - min(steps) < 1e-12


def test_two_runs_give_identical_bytes(runs):
    """Every file of the two full runs: the brief, every chart, the tables and the workbook."""
    names = sorted(p.relative_to(runs[0]).as_posix() for p in runs[0].rglob("*") if p.is_file())
    assert {"brief.html", "brief.pdf", "charts/heat_map.png", "charts/heat_map.svg"} <= set(names)
    assert names == sorted(p.relative_to(runs[1]).as_posix() for p in runs[1].rglob("*") if p.is_file())
    for name in names:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name


def test_no_charts_writes_no_brief(tmp_path):
    out = tmp_path / "q"
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--no-charts"])
    assert r.exit_code == 0, r.output
    assert not (out / "brief.html").exists() and not (out / "brief.pdf").exists()


def test_long_verdicts_stay_in_their_box(tmp_path):
    """Low land premium on the high plan to 2050-51: the ceiling binds, the band is exceeded, reserves run out, stress
    tests breach in this run itself; the longest verdicts get smaller type and still end above the charts, in both files."""
    need("chromium")   # before the run: skip (or, under CI=true, fail) at once without them
    need("pdftoppm")
    out = tmp_path / "long"
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--horizon", "2050-51",
                                  "--scenario", "low_land", "--issuance", "high"])
    assert r.exit_code == 0, r.output
    assert "run out in" in (out / "brief.html").read_text(encoding="utf-8")
    left, top, width, height = LAYOUT["verdicts"]
    strip = (left, top + height, width, chart_boxes()["debt_vs_ceiling"][1] - top - height - 1.0)  # 1mm for the PDF's title pad
    shot = Image.open(screenshot(out / "brief.html", tmp_path / "shot.png", tmp_path))
    pdf = Image.open(pdf_pages(out / "brief.pdf", tmp_path / "pages")[0])
    for image in (shot, pdf):
        assert ink_share(image, strip, PX_PER_MM) == 0.0
        assert ink_share(image, (PAGE_RIGHT_MARGIN_MM[0], 0, PAGE_RIGHT_MARGIN_MM[1], 297), PX_PER_MM) == 0.0
