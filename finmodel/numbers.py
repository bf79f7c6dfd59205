"""How figures are written in text: one place for signs, thousands, decimals, units and ranges.

Every command's terminal output and every sentence of the outputs (verdicts, the line against the
Budget) writes its figures through these functions, so that what an analyst pastes reads the same
everywhere:

- thousands separated by commas (1,399.7) and a unit's own precision (`decimals_of` reads it from
  the number format an output variable declares: HK$ bn to 0.1, debt-to-GDP to 0.01);
- in sentences a negative figure carries the minus sign, U+2212 (−60.4), as the README and official
  publications print it; in table cells the ASCII hyphen-minus (-60.4), so that a pasted column stays
  numbers in a spreadsheet;
- a range is "low to high" ("−60.4 to 1,399.7"), never "low-high", which reads as a subtraction
  when a bound is negative ("-686.6--422.9");
- units travel with the figure: HK$60.8bn, 19.95%, +0.05pp;
- a value that does not exist (None, NaN) is "n/a".
"""

import math

MINUS = "\u2212"
NOT_AVAILABLE = "n/a"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x, decimals: int = 1, *, sign: bool = False, minus: str = MINUS) -> str:
    """x with thousands separators and `decimals` places: 1399.66 -> "1,399.7"; -60.4 -> "−60.4"; sign: "+" on positives.

    A value that rounds to zero is written without a sign ("0.0", not "−0.0").
    """
    if _missing(x):
        return NOT_AVAILABLE
    if math.isinf(x):
        return ("" if x > 0 else minus) + "∞"
    text = f"{abs(x):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        return text
    if x < 0:
        return minus + text
    return ("+" + text) if sign else text


def hkd_bn(x, decimals: int = 1, *, sign: bool = False) -> str:
    """HK$ billions: 844.9 -> "HK$844.9bn"; -60.8 -> "−HK$60.8bn"; sign: "+HK$5.0bn"."""
    if _missing(x):
        return NOT_AVAILABLE
    text = number(x, decimals, sign=sign)
    head = text[0] if text[0] in (MINUS, "+") else ""
    return f"{head}HK${text[len(head):]}bn"


def pct(x, decimals: int = 1, *, sign: bool = False) -> str:
    """A percentage: 19.949 -> "19.95%" (decimals=2)."""
    return NOT_AVAILABLE if _missing(x) else number(x, decimals, sign=sign) + "%"


def pp(x, decimals: int = 2, *, sign: bool = True) -> str:
    """Percentage points, signed by default: 0.05 -> "+0.05pp"."""
    return NOT_AVAILABLE if _missing(x) else number(x, decimals, sign=sign) + "pp"


def share(x, decimals: int = 1) -> str:
    """A share from 0 to 1 as a percentage: 0.065 -> "6.5%"."""
    return NOT_AVAILABLE if _missing(x) else pct(100.0 * x, decimals)


def span(low, high, decimals: int = 1, unit: str = "") -> str:
    """A range, "low to high": (-60.4, 1399.7) -> "−60.4 to 1,399.7"; with a unit each bound carries its sign and the
    words after it come once: "HK$27.8bn to HK$33.8bn", "0.72% to 0.88% of GDP"."""
    head = next((h for h in ("HK$ bn", "%", "pp") if unit.startswith(h)), "")
    tail = unit[len(head):] if head else (" " + unit if unit else "")
    return f"{with_unit(low, head, decimals)} to {with_unit(high, head, decimals)}{tail}"


def with_unit(x, unit: str, decimals: int = 1, *, sign: bool = False) -> str:
    """x written in its unit, the unit's words kept: "HK$ bn a year" -> HK$179.1bn a year, "% of GDP" -> 0.80% of GDP,
    "pp a year" -> 2.90pp a year, any other unit after the number ("1.0 years")."""
    for head, write in (("HK$ bn", hkd_bn), ("%", pct), ("pp", pp)):
        if unit.startswith(head):
            return (write(x, decimals, sign=sign) + unit[len(head):]) if not _missing(x) else NOT_AVAILABLE
    text = number(x, decimals, sign=sign)
    return f"{text} {unit}" if unit and text != NOT_AVAILABLE else text


def cell(x, decimals: int = 1, width: int = 10) -> str:
    """A table cell, right-aligned in `width`: thousands separators, the ASCII minus (pastes as a number), n/a when missing."""
    return f"{number(x, decimals, minus='-'):>{width}s}"


def decimals_of(number_format: str) -> int:
    """The decimal places of a spreadsheet number format: "#,##0.0" -> 1, "0.00" -> 2, "0" -> 0."""
    body = number_format.split(";")[0]
    return len(body.split(".")[1].rstrip("%")) if "." in body else 0
