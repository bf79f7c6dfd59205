"""Checks every written chart must pass: PNG at least 1,200 px wide, an SVG beside it, the source line in the SVG's text."""

import struct
from pathlib import Path
from xml.etree import ElementTree

from finmodel.report.charts.style import MIN_WIDTH_PX, NOT_OFFICIAL
from finmodel.version import __version__


def png_size(path) -> tuple:
    """(width, height) in pixels, read from the PNG's IHDR chunk."""
    data = Path(path).read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


def assert_charts_in_style(folder, run: str) -> list:
    """Every PNG under `folder` passes the checks; returns the PNGs found."""
    pngs = sorted(Path(folder).rglob("*.png"))
    assert pngs, folder
    for png in pngs:
        assert png_size(png)[0] >= MIN_WIDTH_PX, png.name
        svg = png.with_suffix(".svg")
        assert svg.exists(), f"{png.name}: no SVG beside it"
        text = svg.read_text()
        ElementTree.fromstring(text.encode("utf-8"))   # well-formed XML
        source = f"finmodel {__version__}, {run}, inputs of 14 April 2026; {NOT_OFFICIAL}"
        assert source in text, f"{svg.name}: the source line is missing"
        assert "<dc:date>" not in text and "Matplotlib v" not in text, f"{svg.name}: date or software version in metadata"
    assert sorted(Path(folder).rglob("*.svg")) == [p.with_suffix(".svg") for p in pngs]
    return pngs
