"""The opening position from the outturn: a year's March figures in place of the Budget's revised estimate.

The first projection year is the year the Budget revised (its figures are the revised estimate). When the
history's outturn table (`history/hk_fiscal_reserves_outturn.csv`, written by `finmodel monthly import`) holds
an actual figure for the reserves at the end of that year, 31 March, the run starts the later years from it:
`finmodel.model.calibration` sets the reconciliation line outturn_adjustment_t = outturn - the model's reserves
at that date from the revised estimate, and the engine adds it to the year's reserves. An actual the release
marked "(provisional)" is used too (it is the Government's first outturn; the record says it was provisional).
The first year is the revised-estimate year where the inputs give two anchor years (the shipped inputs); with
one (budgets/2025-26: the revised estimate is the opening position, not a year) nothing is read.
Only the first year's closing reserves are read: a later anchor year is the Budget's own estimate, whose outturn
comes with the next Budget (the next inputs). Without the table, or without an actual row for that date, nothing
changes. The run's source line names the monthly results when they hold that March (an import's), else the table.
"""

from dataclasses import dataclass
from pathlib import Path

TABLE = "hk_fiscal_reserves_outturn"
RESULTS = "hk_monthly_results"


@dataclass(frozen=True)
class OpeningOutturn:
    """An actual reserves figure at the end of the revised-estimate year [HK$ bn], where it came from, and the
    monthly results the run then reads (`monthly_to`: their last month, "March 2026"; None without that table).
    revised_estimate_hkd_bn: the model's reserves at that date from the revised estimate, set at calibration."""

    year: int
    date: str
    outturn_hkd_bn: float
    source: str
    provisional: bool
    monthly_to: str | None
    hashes: dict
    revised_estimate_hkd_bn: float | None = None

    def line(self) -> str:
        """The console's line: "2025-26: reserves at 31 March 2026 from the outturn (monthly results to March 2026): HK$662.0bn
        against the revised estimate HK$657.2bn"."""
        from finmodel import fiscal_year, numbers

        month = _date_words(self.date)
        read = f" (monthly results to {self.monthly_to})" if self.monthly_to else f" ({TABLE}.csv)"
        provisional = ", provisional" if self.provisional else ""
        return (f"{fiscal_year.label(self.year)}: reserves at {month} from the outturn{read}{provisional}: "
                f"{numbers.hkd_bn(self.outturn_hkd_bn)} against the revised estimate {numbers.hkd_bn(self.revised_estimate_hkd_bn)}; "
                f"later years start from it")

    def record(self) -> dict:
        """The run record's `opening_position`."""
        from finmodel import fiscal_year

        return {"year": fiscal_year.label(self.year), "date": self.date, "revised_estimate_hkd_bn": self.revised_estimate_hkd_bn,
                "outturn_hkd_bn": self.outturn_hkd_bn, "adjustment_hkd_bn": self.outturn_hkd_bn - self.revised_estimate_hkd_bn,
                "provisional": self.provisional, "source": self.source,
                "monthly_to": self.monthly_to}


def read(inputs, first_year: int) -> OpeningOutturn | None:
    """The actual reserves at 31 March closing `first_year` from the inputs' history, or None when there is none.

    inputs: the inputs folder (or workbook: its history/ beside it). InputError when the table fails its checks.
    """
    from finmodel.inputs import history

    folder = history.folder_of(inputs)
    if not (folder / f"{TABLE}.csv").is_file():
        return None
    date = f"{first_year + 1}-03-31"
    rows = [r for r in history.read_rows(TABLE, folder) if r["date"] == date and r["kind"] == "actual"]
    if not rows:
        return None
    row = rows[-1]
    names, monthly_to = [TABLE], None
    if (folder / f"{RESULTS}.csv").is_file():   # named by the monthly results when they hold that March (an import's)
        months = [r["month_end"] for r in history.read_rows(RESULTS, folder)]
        if date in months:
            names.append(RESULTS)
            monthly_to = _month_words(months[-1])
    note = row["note"] or ""
    detail = ": ".join(x for x in (row["source_id"], note) if x)
    source = f"history/{TABLE}.csv" + (f" ({detail})" if detail else "")
    return OpeningOutturn(year=first_year, date=date, outturn_hkd_bn=float(row["fiscal_reserves_hkd_bn"]), source=source,
                          provisional="(provisional)" in note, monthly_to=monthly_to, hashes=history.hashes(folder, names))


def _month_words(iso: str) -> str:
    """2026-03-31 -> "March 2026" (the vintage line's words)."""
    import calendar

    return f"{calendar.month_name[int(iso[5:7])]} {iso[:4]}"


def _date_words(iso: str) -> str:
    """2026-03-31 -> "31 March 2026"."""
    import calendar

    return f"{int(iso[8:10])} {calendar.month_name[int(iso[5:7])]} {iso[:4]}"
