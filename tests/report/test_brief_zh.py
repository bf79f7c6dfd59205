"""The brief in Traditional Chinese (`finmodel project --lang zh-HK`): every word from the catalogue, the Chinese font
found and embedded, no missing glyph in the PDF or in Chromium's print of the HTML.

One zh-HK project run (module fixture) is read by the tests that need a run; the catalogue's own checks need none.
"""

import ast
import re
import subprocess
import unicodedata
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from finmodel import translation
from finmodel.cli import main
from finmodel.report.brief import cjk
from tests.browser import pdf_fonts, print_to_pdf
from tests.conftest import INPUTS
from tests.tools import in_ci, need

PACKAGE = Path(__file__).resolve().parents[2] / "finmodel"
ZH = "zh-HK"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def need_cjk_font():
    """Skip the test without a Chinese font (fail it under CI=true, where .ci/run installs one), naming the package."""
    if cjk.found_family() is None:
        reason = f"needs the Debian package {cjk.DEBIAN_PACKAGE} (no Chinese font found)"
        if in_ci():
            pytest.fail(f"{reason}: CI=true, so it fails instead of skipping; .ci/run installs it", pytrace=False)
        pytest.skip(reason)


def _literal_msgids() -> dict:
    """{msgid: "file:line"} of every literal passed to gettext in finmodel/ (`_("...")`, `gettext(...)`,
    `translation.gettext(...)`)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in ("_", "gettext") and not (isinstance(f, ast.Attribute) and f.attr == "_"):
                found[node.args[0].value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return found


def test_every_msgid_in_the_code_has_a_chinese_translation():
    msgids = _literal_msgids()
    assert len(msgids) > 80, "the scan found too few msgids: has the translation function been renamed?"
    missing = {m: where for m, where in msgids.items() if m not in translation.messages(ZH)}
    assert missing == {}, f"msgids without a zh-HK translation in {translation.catalogue_path(ZH)}: {missing}"


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    for msgid, text in translation.messages(ZH).items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        if PLACEHOLDER.search(msgid):   # formatting with values must work: no stray %
            values = {k: "x" for k in PLACEHOLDER.findall(msgid)}
            assert (msgid % values) and (text % values)


def test_english_is_the_msgid_itself_and_chinese_its_translation():
    msgid = "The %(ceiling)s borrowing ceiling never binds: debt under it peaks at %(peak)s in %(peak_year)s, leaving at least %(headroom)s of headroom."
    values = {"ceiling": "C", "peak": "P", "peak_year": "2030-31", "headroom": "H"}
    assert translation.gettext(msgid, **values) == msgid % values
    with translation.language(ZH):
        assert translation.gettext(msgid, **values) == "C的借款上限從未觸及：上限下的債務於2030-31年度達到高峰P，餘下的借款空間至少有H。"
    assert translation.current() == "en"


@pytest.mark.parametrize("value, decimals, english, chinese", [
    (744.5, 1, "HK$744.5bn", "7,445億元"), (900.0, 0, "HK$900bn", "9,000億元"), (55.14, 1, "HK$55.1bn", "551億元"),
    (0.04, 1, "HK$0.0bn", "0億元"), (1399.66, 1, "HK$1,399.7bn", "13,997億元"), (12.345, 2, "HK$12.35bn", "123.5億元")])
def test_money_in_hong_kong_dollars_and_in_yi_yuan_round_alike(value, decimals, english, chinese):
    assert translation.money(value, decimals) == english
    with translation.language(ZH):
        assert translation.money(value, decimals) == chinese
        assert translation.money(-value, decimals, sign_first=True) == "-" + chinese


def test_fiscal_years_and_dates_follow_hong_kong_chinese_usage():
    with translation.language(ZH):
        assert [translation.year(y) for y in ("2030-31", "FY2026", "2025", "n/a")] == ["2030-31年度", "2026財政年度", "2025年", "n/a"]
        assert translation.date("14 April 2026") == "2026年4月14日"
    assert translation.year("2030-31") == "2030-31" and translation.date("14 April 2026") == "14 April 2026"


def test_an_unknown_language_is_a_usage_error_naming_the_allowed_values(tmp_path):
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(tmp_path / "out"), "--lang", "zh-CN"])
    assert r.exit_code == 2
    assert "'en', 'zh-HK'" in r.output
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="allowed values are en, zh-HK"):
        translation.check("fr")


def test_without_a_chinese_font_the_run_stops_naming_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setattr(cjk, "found_family", lambda: None)
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(tmp_path / "out"), "--lang", ZH])
    assert r.exit_code == 2, r.output
    assert "fonts-wqy-zenhei" in r.output
    assert not (tmp_path / "out").exists()


def test_chinese_wrapping_breaks_between_characters_and_keeps_numbers_whole():
    lines = cjk.wrap("財政儲備於2030-31年度終結時為7,445億元，最低為6,572億元。", 12, 0.56)
    assert "".join(lines) == "財政儲備於2030-31年度終結時為7,445億元，最低為6,572億元。"
    assert all(sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in line) <= 12.6 for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert any("2030-31" in line for line in lines) and any("7,445" in line for line in lines)


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory):
    """One `finmodel project --lang zh-HK` run of the shipped inputs."""
    need_cjk_font()
    out = tmp_path_factory.mktemp("zh") / "out"
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), "--lang", ZH])
    assert r.exit_code == 0, r.output
    return out


def test_the_run_records_its_language_and_is_named_after_it(zh_run):
    import json

    run = json.loads((zh_run / "summary.json").read_text(encoding="utf-8"))["run"]
    assert run["options"]["lang"] == ZH
    assert run["options"]["run"] == "baseline_zh-HK"
    assert (zh_run / "finmodel_baseline_zh-HK.xlsx").is_file()


@pytest.fixture(scope="module")
def expected():
    """The ceiling, band and reserves verdicts and the title, as the catalogue writes them for the shipped inputs."""
    from finmodel.model import verdicts
    from finmodel.model.pipeline import load_inputs, run

    res = run(load_inputs(INPUTS), scenario="baseline", options={})
    h = res.summary()["headline"]
    with translation.language(ZH):
        return [verdicts.ceiling(res.assumptions, h, "sentence"), verdicts.band(res.assumptions, h, "sentence"),
                verdicts.reserves(h, "sentence"), translation.gettext("Hong Kong government debt: the projection on one page")]


def test_html_is_in_chinese_with_the_cjk_font_in_its_font_lists(zh_run, expected):
    page = (zh_run / "brief.html").read_text(encoding="utf-8")
    assert '<html lang="zh-HK">' in page
    assert page.count('"WenQuanYi Zen Hei"') >= 2
    for sentence in expected:
        assert sentence in page
    assert "9,000億元的借款上限從未觸及" in page and "財政儲備" in page


def _pdf_text(pdf: Path) -> str:
    exe = Path(need("pdffonts")).with_name("pdftotext")   # poppler-utils holds both
    return subprocess.run([exe, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120).stdout


def _font_characters(family: str) -> set:
    """Every character the font `family` (as matplotlib finds it) has a glyph for."""
    from fontTools.ttLib import TTCollection, TTFont
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    fonts = TTCollection(path).fonts if path.lower().endswith(".ttc") else [TTFont(path)]
    return set().union(*(chr(c) for f in fonts for c in f.getBestCmap()))


def test_pdf_embeds_the_cjk_font_and_its_text_is_the_chinese_brief(zh_run, expected):
    fonts = pdf_fonts(zh_run / "brief.pdf")
    assert any("WenQuanYiZenHei" in name and embedded for name, _, embedded in fonts), fonts
    text = re.sub(r"\s+", "", _pdf_text(zh_run / "brief.pdf"))
    for sentence in expected:
        assert re.sub(r"\s+", "", sentence) in text
    family, _ = cjk.require_font()
    wide = {c for c in text if unicodedata.east_asian_width(c) in "WF"}
    assert wide and wide <= _font_characters(family), sorted(wide - _font_characters(family))


def test_no_glyph_of_the_chinese_pdf_is_missing(tmp_path):
    """matplotlib warns 'Glyph ... missing from font(s)' when it draws a box: drawn here with that warning an error."""
    from finmodel.analysis.heat_map import build
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.brief.pdf import write_pdf

    need_cjk_font()
    res = run(load_inputs(INPUTS), scenario="baseline", options={"run": "baseline"})
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from font")
        write_pdf(res, tmp_path, build(res), lang=ZH)
    assert translation.missing(ZH) == set(), "msgids looked up without a zh-HK translation"


def test_chromium_prints_the_chinese_html_with_real_fonts_only(zh_run, expected, tmp_path):
    pdf = print_to_pdf(zh_run / "brief.html", tmp_path / "printed.pdf", tmp_path)
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, _, embedded in fonts), fonts
    assert any("WenQuanYi" in name or "NotoSansCJK" in name for name, _, _ in fonts), fonts
    text = re.sub(r"\s+", "", _pdf_text(pdf))
    for sentence in expected:
        assert re.sub(r"\s+", "", sentence) in text
    assert "\ufffd" not in text and "□" not in text


def test_every_character_of_the_chinese_html_is_in_the_fonts_it_names(zh_run):
    """Each character of the page's text and of its charts is in DejaVu Sans (Latin, digits, signs) or the CJK font."""
    import html as html_lib

    page = (zh_run / "brief.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", body))
    family, _ = cjk.require_font()
    covered = _font_characters(cjk.LATIN_SANS) | _font_characters(family) | {"\n", "\t", "\r"}
    assert set(text) - covered == set()
    assert sum(unicodedata.east_asian_width(c) in "WF" for c in text) > 500
