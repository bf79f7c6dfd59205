"""The brief's language: English (the default) or Traditional Chinese for Hong Kong, from one message catalogue.

Every sentence, heading and chart label of the brief is written in English in the code and passed
through `gettext` (imported as `_`) with its figures as named placeholders (`_("Debt-to-GDP peaks at %(peak)s in %(year)s",
peak=..., year=...)`): English returns the msgid itself, so the English brief is what it always was;
another language looks the msgid up in its gettext catalogue, kept as text beside this module
(`locale/zh_HK/LC_MESSAGES/brief.po`) and read at run time with Babel's `read_po`, so there is no
compile step and the file a translator edits is the file the program reads. Formatting happens only
when values are given: a msgid with values writes a literal percent sign as `%%` (gettext's
python-format), one without values as `%`.

The language is set for a block (`with language("zh-HK"): ...`) in a context variable, not passed
through every drawing function: the brief's writers set it, and the verdicts, the charts and the
tables read it. Outside such a block it is English.

Figures follow each language's conventions: `money` writes HK$744.5bn in English and 7,445億元 in
Chinese (the Government's Chinese Budget counts in 億元, HK$100 million, so one billion is 10億);
fiscal years stay "2030-31" and the Chinese sentences add 年度 around them; percentages are the same
digits in both. A msgid with no translation falls back to English and is remembered (`missing`), so
a test can fail on it while a user's own scenario name never stops a run.
"""

import contextlib
import contextvars
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh-HK")
DEFAULT = "en"
DOMAIN = "brief"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_LANGUAGE = contextvars.ContextVar("finmodel_language", default=DEFAULT)
_MISSING: dict = {}


def check(lang: str) -> str:
    """`lang` if it is one of LANGUAGES, else a ValueError naming the allowed values."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: allowed values are {', '.join(LANGUAGES)}")
    return lang


@contextlib.contextmanager
def language(lang: str):
    """Within the block, `gettext` and `money` speak `lang` (one of LANGUAGES); the previous language is restored after."""
    token = _LANGUAGE.set(check(lang))
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current() -> str:
    """The language of the block this runs in ("en" outside any)."""
    return _LANGUAGE.get()


def catalogue_path(lang: str) -> Path:
    """The .po file of `lang` (a gettext locale name: zh-HK -> zh_HK)."""
    return LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def messages(lang: str) -> dict:
    """{msgid: translation} of `lang`'s catalogue, read with Babel (entries without a translation, or fuzzy, left out)."""
    from babel.messages.pofile import read_po

    with open(catalogue_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang.replace("-", "_"), domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(msgid: str, **values) -> str:
    """`msgid` in the current language, its named placeholders filled from `values` (none: no formatting)."""
    lang = _LANGUAGE.get()
    text = msgid
    if lang != DEFAULT:
        text = messages(lang).get(msgid)
        if text is None:
            _MISSING.setdefault(lang, set()).add(msgid)
            text = msgid
    return text % values if values else text


def term(value) -> str:
    """A value from the data (a scenario's or stress test's name, a peer's definition, a published figure's name) in the
    current language when the catalogue holds it, else as the data writes it: a user's own scenario name is shown as
    typed, and is not counted as a missing translation (`missing` is for the code's own msgids)."""
    value = str(value)
    lang = _LANGUAGE.get()
    return value if lang == DEFAULT else messages(lang).get(value, value)


def missing(lang: str) -> set:
    """The msgids looked up in `lang` since the process started that its catalogue does not translate."""
    return set(_MISSING.get(lang, ()))


def money(value_hkd_bn: float, decimals: int = 1, *, sign_first: bool = False, english: str | None = None) -> str:
    """An amount of HK$ bn in words' order: "HK$744.5bn" (sign_first: "-HK$2.0bn", else "HK$-2.0bn"; `english`: the
    English text as the caller already writes it, e.g. by `numbers.hkd_bn`) in English; "7,445億元" in Chinese, the
    same digits with the decimal point moved one place (1bn = 10億), so both languages round alike."""
    text = f"{abs(value_hkd_bn) if sign_first else value_hkd_bn:,.{decimals}f}"
    minus = "-" if sign_first and value_hkd_bn < 0 else ""
    if _LANGUAGE.get() == DEFAULT:
        return english if english is not None else f"{minus}HK${text}bn"
    yi = Decimal(text.replace(",", "")) * 10
    return f"{minus}{yi:,.{max(decimals - 1, 0)}f}億元"


def year(label: str) -> str:
    """A year as data writes it, in the current language: a fiscal year "2030-31" -> "2030-31年度", a Japanese fiscal
    year "FY2026" -> "2026財政年度", a calendar year "2025" -> "2025年" (English: as given)."""
    label = str(label)
    if _LANGUAGE.get() == DEFAULT:
        return label
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return gettext("%(year)s (fiscal year)", year=label)
    if re.fullmatch(r"FY\d{4}", label):
        return gettext("FY%(year)s", year=label[2:])
    if re.fullmatch(r"\d{4}", label):
        return gettext("%(year)s (calendar year)", year=label)
    return label


def date(text: str) -> str:
    """A date written "14 April 2026" in the current language (Chinese: "2026年4月14日", Babel's long date for zh_Hant_HK)."""
    if _LANGUAGE.get() == DEFAULT:
        return text
    from datetime import datetime

    from babel.dates import format_date

    return format_date(datetime.strptime(text, "%d %B %Y").date(), format="long", locale="zh_Hant_HK")
