"""The history tables a monthly import updates, rebuilt in memory from the tables as they are and the releases read.

`hk_monthly_results.csv` holds a row a month (the year to date and every past year: the tracker's record);
`hk_monthly_imports.csv` says which file gave which months (its SHA-256: the inputs' vintage); a March figure sets
the 31 March row of `hk_fiscal_reserves_outturn.csv`: it replaces a revised estimate there (the year's opening
position becomes the outturn), corrects an actual that differs, or is added after the last row. Rows an import does
not touch keep their bytes. Nothing here writes: `plan_import` returns the new texts and what changed, and
`finmodel.runs.history_update` writes them, all checked first, each atomically, under the folder's lock.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from dataclasses import dataclass, field
from pathlib import Path

from finmodel.inputs.monthly import Release

RESULTS = "hk_monthly_results"
IMPORTS = "hk_monthly_imports"
OUTTURN = "hk_fiscal_reserves_outturn"
SOURCE_ID = "S186"
RESULT_COLUMNS = ("month_end", "fiscal_year", "status", "revenue_hkd_bn", "expenditure_hkd_bn", "balance_before_bonds_hkd_bn",
                  "bond_proceeds_hkd_bn", "bond_repayments_hkd_bn", "net_bond_proceeds_hkd_bn", "balance_after_bonds_hkd_bn",
                  "reserves_start_hkd_bn", "reserves_end_hkd_bn", "file", "source_id", "confidence", "note")
IMPORT_COLUMNS = ("file", "sha256", "layout", "first_month", "last_month", "months", "source_id", "confidence", "note")
SAME_HKD_BN = 0.0005   # the outturn table keeps three decimals


@dataclass
class Plan:
    """What an import would write: the new text of each table (only those that change) and a line per change."""

    texts: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    opening: list = field(default_factory=list)   # the 31 March rows whose revised estimate an outturn replaced
    replaced: list = field(default_factory=list)  # the same, as (file, text) for the imports table
    last_month: str = ""


def _rows(root: Path, name: str, columns) -> list:
    """The table's rows as dicts (checked first: a bad table stops the import); [] when the file is not there."""
    from finmodel.inputs import history

    if not (root / f"{name}.csv").exists():
        return []
    history.check(root, (name,))
    text = history.file_bytes(root / f"{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _bn(x) -> str:
    return "" if x is None else f"{x:.4f}".replace("-0.0000", "0.0000")


def result_row(month, release: Release) -> dict:
    """A month as the table writes it (HK$ bn, four decimals: HK$0.1 million, the release's precision)."""
    status = "provisional" if month.provisional else "released"
    note = "net bond proceeds only (the workbook has no split)" if month.bond_proceeds_hkd_bn is None else ""
    return {"month_end": month.month_end, "fiscal_year": month.fiscal_year, "status": status,
            "revenue_hkd_bn": _bn(month.revenue_hkd_bn), "expenditure_hkd_bn": _bn(month.expenditure_hkd_bn),
            "balance_before_bonds_hkd_bn": _bn(month.balance_before_bonds_hkd_bn),
            "bond_proceeds_hkd_bn": _bn(month.bond_proceeds_hkd_bn), "bond_repayments_hkd_bn": _bn(month.bond_repayments_hkd_bn),
            "net_bond_proceeds_hkd_bn": _bn(month.net_bond_proceeds_hkd_bn),
            "balance_after_bonds_hkd_bn": _bn(month.balance_after_bonds_hkd_bn),
            "reserves_start_hkd_bn": _bn(month.reserves_start_hkd_bn), "reserves_end_hkd_bn": _bn(month.reserves_end_hkd_bn),
            "file": release.file, "source_id": SOURCE_ID, "confidence": "verified", "note": note}


def plan_import(root, releases) -> Plan:
    """The tables after importing `releases` in the order given (a later file's month replaces an earlier one's)."""
    root = Path(root)
    plan = Plan()
    months = {r["month_end"]: r for r in _rows(root, RESULTS, RESULT_COLUMNS)}
    before = dict(months)
    imports = [r for r in _rows(root, IMPORTS, IMPORT_COLUMNS)]
    for release in releases:
        for m in release.months:
            months[m.month_end] = result_row(m, release)
        imports = [r for r in imports if r["sha256"] != release.sha256]
        imports.append({"file": release.file, "sha256": release.sha256, "layout": release.layout,
                        "first_month": release.months[0].month_end, "last_month": release.months[-1].month_end,
                        "months": str(len(release.months)), "source_id": SOURCE_ID, "confidence": "verified", "note": ""})
    new = [r for k, r in months.items() if k not in before]
    revised = [k for k, r in months.items() if k in before and _figures(r) != _figures(before[k])]
    plan.changes.append(f"{len(new)} month{'s' if len(new) != 1 else ''} added, {len(revised)} revised, "
                        f"{len(months) - len(new) - len(revised)} as before")
    plan.last_month = max(months) if months else ""
    results = _csv(RESULT_COLUMNS, [months[k] for k in sorted(months)])
    plan.texts[RESULTS] = results
    outturn = _outturn(root, [months[k] for k in sorted(months) if k[5:] == "03-31" and k in dict.fromkeys(
        m.month_end for r in releases for m in r.months)], plan)
    if outturn is not None:
        plan.texts[OUTTURN] = outturn
    for row in imports:   # the import's record says which opening position its March figures replaced
        row["note"] = "; ".join([row["note"]] * bool(row["note"]) + [t for f, t in plan.replaced if f == row["file"]])
    plan.texts[IMPORTS] = _csv(IMPORT_COLUMNS, imports)
    return plan


def _figures(row: dict) -> tuple:
    return tuple(row[c] for c in RESULT_COLUMNS if c.endswith("_hkd_bn"))


def _outturn(root: Path, marches: list, plan: Plan) -> str | None:
    """The outturn table with each imported March's reserves at 31 March; None when nothing changes."""
    path = root / f"{OUTTURN}.csv"
    if not marches or not path.exists():
        return None
    _rows(root, OUTTURN, ())   # checked as every table
    from finmodel.inputs import history

    lines = history.file_bytes(path).decode("utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    by_date = {}
    for i, line in enumerate(lines[1:], start=1):
        cells = next(csv.reader([line]))
        if cells:
            by_date[cells[0]] = (i, cells)
    changed = False
    last = max(by_date) if by_date else ""
    for row in marches:
        date, value = row["month_end"], float(Decimal(row["reserves_end_hkd_bn"]).quantize(Decimal("0.001"), ROUND_HALF_UP))
        new = [date, f"{value:.3f}", "actual", SOURCE_ID, "verified", f"March figure of {row['file']}" +
               (" (provisional)" if row["status"] == "provisional" else "")]
        if date in by_date:
            i, cells = by_date[date]
            old = float(cells[1])
            if cells[2] == "actual" and abs(old - value) < SAME_HKD_BN:
                continue
            if cells[2] == "revised":
                plan.opening.append(f"reserves at {date}: the outturn {value:.1f} from {row['file']} replaces the revised "
                                    f"estimate {old:.1f} as the year's closing and the next year's opening position")
                new[5] += f"; replaces the revised estimate {cells[1]} ({cells[3]})"
                plan.replaced.append((row["file"], f"its March figure replaced the revised estimate {cells[1]} of the "
                                                   f"reserves at {date} ({cells[3]}) with the outturn {value:.3f}"))
            else:
                plan.changes.append(f"reserves at {date}: {old:.3f} revised to {value:.3f} by {row['file']}")
                new[5] += f"; was {cells[1]}"
            lines[i] = _line(new)
            changed = True
        elif date > last:
            lines.append(_line(new))
            plan.changes.append(f"reserves at {date}: {value:.3f} added from {row['file']}")
            changed = True
    return "".join(lines) if changed else None


def _line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()
