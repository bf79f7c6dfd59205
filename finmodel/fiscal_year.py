"""Fiscal years: 1 April to 31 March, identified internally by the calendar year they start in.

`2026` is the fiscal year 2026-27 (ending 31 March 2027); the label exists only for display and files.
"""

import re

EXAMPLE_YEAR = 2026  # the year format examples in messages and help are written with ("2026-27"): a format, not a Budget's year
_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def label(start_year: int) -> str:
    """Return the display label of a fiscal year, e.g. ``2026 -> "2026-27"``."""
    start_year = int(start_year)
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def parse(text) -> int:
    """Return the start year of a fiscal-year label such as ``"2026-27"``.

    Raises ValueError with the allowed form when the label is malformed or inconsistent.
    """
    m = _LABEL.match(str(text).strip())
    if not m:
        raise ValueError(f"a fiscal year is written like {example()}")
    start, end = int(m.group(1)), int(m.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(f"{text} is not a fiscal year: the second part must be {(start + 1) % 100:02d}")
    return start


def example(offset: int = 0) -> str:
    """A fiscal-year label for a format example in a message or help text: EXAMPLE_YEAR + offset, e.g. "2026-27"."""
    return label(EXAMPLE_YEAR + offset)


def labels(start_years) -> list[str]:
    """Labels for a sequence of start years."""
    return [label(y) for y in start_years]
