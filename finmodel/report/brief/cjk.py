"""Chinese text in the brief: the CJK font found on the system, the font lists that use it, and wrapping by width.

The Chinese brief is drawn by matplotlib (brief.pdf, and the charts inside brief.html) and by the
reader's browser (brief.html). Both need a font with the Chinese characters. The first of
CJK_FAMILIES found is used: WenQuanYi Zen Hei (Debian's `fonts-wqy-zenhei`, the one CI installs:
16 MB against 91 MB for `fonts-noto-cjk`, and TrueType outlines, which matplotlib's PDF writer embeds
as a subset; the Noto CJK fonts are OpenType collections with CFF outlines, which it handles less
well), else the usual fonts of Windows and macOS. matplotlib (>= 3.6) falls back glyph by glyph
through a family list, so Latin letters and digits stay in DejaVu Sans, as in the English brief,
and only the Chinese characters come from the CJK font. No font found: `require_font` raises an
error naming the Debian package to install, instead of a page of empty boxes.
"""

import contextlib
import logging
import unicodedata
from pathlib import Path

DEBIAN_PACKAGE = "fonts-wqy-zenhei"
# (family, its monospaced sibling) in order of preference.
CJK_FAMILIES = (("WenQuanYi Zen Hei", "WenQuanYi Zen Hei Mono"), ("Noto Sans CJK TC", "Noto Sans Mono CJK TC"),
                ("Microsoft JhengHei", "MingLiU"), ("PingFang TC", "PingFang TC"))
# Their files, searched for when matplotlib's font list predates them.
CJK_FILES = ("wqy-zenhei.ttc", "notosanscjk-regular.ttc", "notosanscjktc-regular.otf", "msjh.ttc", "msjh.ttf", "pingfang.ttc")
LATIN_SANS, LATIN_MONO = "DejaVu Sans", "DejaVu Sans Mono"
WIDE_EM = 1.0             # a Chinese character, and full-width punctuation, is one em wide


class FontMissing(RuntimeError):
    """No CJK font found: the message names what to install."""


def has_wide(s: str) -> bool:
    """True if `s` holds a full-width (East Asian wide) character."""
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in s)


def _width_em(ch: str, char_em: float) -> float:
    return WIDE_EM if unicodedata.east_asian_width(ch) in "WF" else char_em


def wrap(s: str, width_em: float, char_em: float) -> list:
    """The lines of `s` within `width_em` ems, a wide character one em and any other `char_em`: a line breaks before
    any wide character, or at a space between Latin words (a word, number or year is never split), never before
    closing punctuation."""
    lines, line, width = [], "", 0.0
    for token in _tokens(s):
        w = sum(_width_em(ch, char_em) for ch in token)
        if line and width + w > width_em and not _closing(token):
            lines.append(line.rstrip())
            line, width = token.lstrip(), sum(_width_em(ch, char_em) for ch in token.lstrip())
        else:
            line, width = line + token, width + w
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _closing(token: str) -> bool:
    return token[:1] in "，。；：、）」』》！？,.;:)"


def _tokens(s: str) -> list:
    """`s` cut into pieces a line may break between: each wide character alone, each run of other characters with the
    space before it."""
    out, run = [], ""
    for ch in s:
        if unicodedata.east_asian_width(ch) in "WF":
            if run:
                out.append(run)
                run = ""
            out.append(ch)
        elif ch == " " and run.strip():
            out.append(run)
            run = ch
        else:
            run += ch
    if run:
        out.append(run)
    return out


def found_family():
    """(family, mono family) of the first CJK_FAMILIES font matplotlib finds on this system, or None.

    matplotlib lists the system's fonts once, in a cache: a font installed after that is not in its list, so the
    system's font folders are searched for the CJK_FILES too and any found is added for this process
    (`FontManager.addfont`); the cache on disk is left alone."""
    from matplotlib import font_manager

    def first():
        for family, mono in CJK_FAMILIES:
            if _has(font_manager, family):
                return family, (mono if _has(font_manager, mono) else family)
        return None

    found = first()
    if found is None:
        for path in font_manager.findSystemFonts():
            if Path(path).name.lower() in CJK_FILES:
                font_manager.fontManager.addfont(path)
        found = first()
    return found


def _has(font_manager, family: str) -> bool:
    return any(f.name == family for f in font_manager.fontManager.ttflist)


@contextlib.contextmanager
def quiet_weights():
    """While drawing: matplotlib's font lookup does not report that a font's regular weight goes by another name (a CJK
    font's one weight, WenQuanYi's "medium", 500; Helvetica's and Courier's AFM files call theirs "medium" too) when
    "normal" text is asked for; that is the weight wanted."""
    quiet = _OneWeight()
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


class _OneWeight(logging.Filter):
    def filter(self, record):
        return not record.getMessage().startswith("findfont: Failed to find font weight")


def require_font():
    """(family, mono family) of the CJK font, or FontMissing naming the Debian package (and the other fonts tried)."""
    found = found_family()
    if found is None:
        raise FontMissing(f"no Chinese font found for the zh-HK brief: install the Debian package {DEBIAN_PACKAGE} "
                          f"(apt-get install {DEBIAN_PACKAGE}), or one of {', '.join(f for f, _ in CJK_FAMILIES[1:])}")
    return found


def rc_fonts() -> dict:
    """matplotlib settings for Chinese text: the sans-serif and monospace families, each Latin first, then the CJK font."""
    family, mono = require_font()
    return {"font.family": [LATIN_SANS, family], "font.monospace": [LATIN_MONO, mono, family]}


def mono_family():
    """The small print's family: "monospace" in English; in Chinese the list itself (Latin mono first, then the CJK
    font), since matplotlib takes one font only for the generic name and would not fall back to the CJK one."""
    from finmodel.translation import DEFAULT, current

    if current() == DEFAULT:
        return "monospace"
    family, mono = require_font()
    return [LATIN_MONO, mono, family]


def css_families() -> str:
    """The CJK families for the HTML's font-family lists, quoted, every one of CJK_FAMILIES (the reader's system may
    hold another than this one)."""
    return ", ".join(f'"{f}"' for f, _ in CJK_FAMILIES)
