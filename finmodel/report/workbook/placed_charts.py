"""The native charts placed on each worksheet, with their anchor cells, noted as they are placed.

openpyxl keeps a sheet's charts in a private list; the print set-up (`print_setup`) needs them (where each chart
starts, how far it reaches) to size columns and place page breaks, so every chart writer places its charts through
`place`, and `on(ws)` lists them: (chart, anchor cell such as "B12") in the order placed.
"""

import weakref

_PLACED = weakref.WeakKeyDictionary()   # worksheet -> [(chart, anchor)], gone with the worksheet


def place(ws, chart, anchor: str) -> None:
    """Add `chart` to `ws` with its top-left corner at the cell `anchor` (e.g. "B12"), and note it."""
    ws.add_chart(chart, anchor)
    _PLACED.setdefault(ws, []).append((chart, anchor))


def on(ws) -> list:
    """[(chart, anchor cell)] of the charts placed on `ws`, in the order placed."""
    return list(_PLACED.get(ws, ()))
