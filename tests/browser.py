"""Render pages the way a reader sees them: headless Chromium for HTML, poppler's pdftoppm for PDF.

Both are Debian packages that .ci/run installs (chromium, poppler-utils). A test that needs one
skips when it is missing, and fails under CI=true (`tests/tools.py`).
Chromium runs with a fresh profile and everything that would reach the network turned off.
"""

import subprocess
from pathlib import Path

from tests.tools import need

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
A4_PX = (794, 1123)   # A4 at CSS's 96 px to the inch
PX_PER_MM = 96 / 25.4


def chromium(html: Path, work: Path, *args) -> None:
    """Run headless Chromium on a local HTML file with a fresh profile in `work`."""
    exe = need("chromium")
    profile = Path(work) / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, Path(html).resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)


def screenshot(html: Path, png: Path, work: Path) -> Path:
    """A screenshot of the page in a window of A4 size."""
    chromium(html, work, f"--screenshot={png}", f"--window-size={A4_PX[0]},{A4_PX[1]}")
    return png


def print_to_pdf(html: Path, pdf: Path, work: Path) -> Path:
    """The page printed to PDF by Chromium (A4 from the page's own @page rule, no header or footer)."""
    chromium(html, work, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", "--print-to-pdf-no-header")  # the new flag and the old
    return pdf


def pdf_pages(pdf: Path, work: Path, dpi: int = 96) -> list:
    """Each page of the PDF rendered by pdftoppm as a PNG at `dpi`, in page order."""
    exe = need("pdftoppm")
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    prefix = work / Path(pdf).stem
    subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True, timeout=120)
    return sorted(work.glob(f"{Path(pdf).stem}-*.png"))


def pdf_fonts(pdf: Path) -> list:
    """The fonts of the PDF as poppler's pdffonts lists them: [(name, type, embedded)]."""
    exe = need("pdffonts")
    lines = subprocess.run([exe, str(pdf)], check=True, capture_output=True, text=True, timeout=120).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        name, rest = line.split(" ", 1)
        fields = rest.split()
        emb = fields[-5]   # name, type (one or more words), encoding, emb, sub, uni, object id (two fields)
        rows.append((name, " ".join(fields[:-6]), emb == "yes"))
    return rows


def ink_share(image, box_mm, px_per_mm: float) -> float:
    """Share of pixels in the box (left, top, width, height in mm) that are not near-white."""
    left, top, width, height = box_mm
    crop = image.convert("L").crop((round(left * px_per_mm), round(top * px_per_mm),
                                    round((left + width) * px_per_mm), round((top + height) * px_per_mm)))
    histogram = crop.histogram()
    return sum(histogram[:235]) / sum(histogram)
