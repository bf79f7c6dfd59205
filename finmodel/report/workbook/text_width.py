"""How wide a text prints in a spreadsheet cell, in column-width units (the width of a '0' in Calibri 11).

From the advance widths of Calibri's printable ASCII characters (read from Carlito, which has the same metrics);
`print_setup` sizes columns and rows with them, and the print test checks cells with them.
"""

from functools import lru_cache
from unicodedata import east_asian_width

# Advance widths of ' ' to '~' in Calibri (= Carlito) regular, in hundredths of the width of '0'.
CALIBRI_WIDTHS = (45, 64, 79, 98, 100, 141, 135, 44, 60, 60, 98, 98, 49, 60, 50, 76, 100, 100, 100, 100, 100, 100, 100,
                  100, 100, 100, 53, 53, 98, 98, 98, 91, 176, 114, 107, 105, 121, 96, 91, 124, 123, 50, 63, 103, 83, 169,
                  127, 131, 102, 133, 107, 91, 96, 127, 112, 176, 102, 96, 92, 61, 76, 61, 98, 98, 57, 95, 104, 83, 104,
                  98, 60, 93, 104, 45, 47, 90, 45, 158, 104, 104, 104, 104, 69, 77, 66, 104, 89, 141, 85, 89, 78, 62, 91,
                  62, 98)
OTHER_WIDTH = 110  # any other character (dashes, accents): at least as wide as most
# A wide East Asian character (Chinese, full-width punctuation: Unicode's East Asian Width W or F) prints one em wide
# in the fallback CJK font, 1.98 widths of Calibri's '0' (measured in LibreOffice's PDF: "深" 11.06 pt at 11 pt); at
# OTHER_WIDTH a citation in Chinese was counted at about half its width and its row printed over the next.
WIDE_WIDTH = 198
SAFETY = 1.04  # text measured 4% wider than Calibri sets it
BOLD_FACTOR = 1.04
CELL_PADDING = 0.6  # units a cell keeps clear at its edges


@lru_cache(maxsize=65536)   # a pure function of the text: sizing a sheet measures the same words many times
def line_units(line: str) -> float:
    """The width of one line of Calibri 11 text, in units (no padding)."""
    return sum(CALIBRI_WIDTHS[o - 32] if 32 <= (o := ord(ch)) < 127 else _other_width(ch) for ch in line) / 100 * SAFETY


def _other_width(ch: str) -> int:
    """The width of a character outside printable ASCII, in hundredths of a '0': WIDE_WIDTH or OTHER_WIDTH."""
    return WIDE_WIDTH if east_asian_width(ch) in ("W", "F") else OTHER_WIDTH


def text_units(text: str, bold: bool = False) -> float:
    """The width `text` needs on one line of a cell, in units (its widest line, plus the cell's padding)."""
    longest = max((line_units(line) for line in str(text).split("\n")), default=0.0)
    return longest * (BOLD_FACTOR if bold else 1.0) + CELL_PADDING


@lru_cache(maxsize=65536)   # pure: the column-narrowing search asks the same (text, width) again and again
def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapped cell `width` units wide (words kept whole where they fit, as
    spreadsheets wrap; a word wider than the cell is broken)."""
    room = max(1.0, width - CELL_PADDING) / (BOLD_FACTOR if bold else 1.0)
    space = line_units(" ")
    total = 0
    for part in _word_units(text):
        lines, used = 1, 0.0
        for w in part:
            if used and used + space + w > room:
                lines, used = lines + 1, 0.0
            used = used + (space if used else 0.0) + w
            while used > room:
                lines, used = lines + 1, used - room
        total += lines
    return total


@lru_cache(maxsize=16384)   # `wrapped_lines` tries one text at many widths: its words are measured once
def _word_units(text) -> tuple:
    """Each line of `text` as the widths of its words (`line_units`), in order."""
    return tuple(tuple(line_units(word) for word in part.split(" ")) for part in str(text).split("\n"))
