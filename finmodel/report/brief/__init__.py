"""The one-page brief: `html` (brief.html, printed by a browser) and `pdf` (brief.pdf, drawn by matplotlib)."""
