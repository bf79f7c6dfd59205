"""The Treasury's monthly financial results, read from a release: DATA.GOV.HK's CSV or the 1998-present workbook.

Two layouts are known. The CSV of DATA.GOV.HK (one financial year a file, `press_release_2022-23_e.csv`): 28
columns (the month's consolidated account, bond proceeds and repayments, financing and fiscal reserves, then the
same for the year to date), HK$ million, expenditure negative, the March row marked "(provisional)", blank lines
at the end. The workbook "Monthly Financial Results 1998-present.xlsx" (GitHub BlackSheepHK/hk_fiscal_reserves,
S186): one sheet, a row a month since September 1998, revenue, expenditure, the balance, net bond proceeds and
the reserves at the start and end of the month. Anything else (another column, a month twice or out of order, a
number that is not one, a year-to-date column that is not the sum of the months: a truncated file) is refused
with file:line:column (sheet and cell for the workbook) and the reason; nothing is read from a refused file.
Figures are kept in HK$ bn (million / 1000), expenditure as a positive amount spent.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from finmodel.fiscal_year import example as fiscal_year_example
from finmodel.inputs.errors import InputError, Problem

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CSV_LAYOUT = "DATA.GOV.HK monthly results CSV"
WORKBOOK_LAYOUT = "monthly results workbook, 1998-present"
TOLERANCE_HKD_MN = 0.15    # published figures are rounded to HK$0.1 million: sums may differ by a rounding step
SUM_TOLERANCE_HKD_MN = 1.5  # a year-to-date figure against the sum of up to 12 rounded months
# The CSV's columns, by the words that identify each (the release's wording varies: "Net proceeds" / "Proceeds
# received", doubled spaces); the field each feeds, or None for the financing columns, read and checked as numbers.
CSV_COLUMNS = (
    ("financial year", "fiscal_year"), ("month", "month"),
    ("consolidated revenue for the month", "revenue"), ("consolidated expenditure for the month", "expenditure"),
    ("for the month before issuance", "balance_before"), ("proceeds from issuance|proceeds received from issuance", "proceeds"),
    ("repayment of government bonds and notes for the month", "repayments"), ("for the month after issuance", "balance_after"),
    ("financing-domestic-banking sector for the month", None), ("financing-domestic-non-banking sector for the month", None),
    ("financing-external for the month", None), ("total financing for the month", None),
    ("fiscal reserves at start of the month", "reserves_start"), ("change for the month", "change"),
    ("fiscal reserves at end of the month", "reserves_end"),
    ("cumulative consolidated revenue", "cum_revenue"), ("cumulative consolidated expenditure", "cum_expenditure"),
    ("for the financial year before issuance", "cum_balance_before"), ("issuance of government bonds and notes for the financial year", "cum_proceeds"),
    ("repayment of government bonds and notes for the financial year", "cum_repayments"),
    ("for the financial year after issuance", "cum_balance_after"),
    ("cumulative financing-domestic-banking", None), ("cumulative financing-domestic-non-banking", None),
    ("cumulative financing-external", None), ("cumulative total financing", None),
    ("fiscal reserves at start of the financial year", "year_reserves_start"), ("change for the financial year", "cum_change"),
    ("fiscal reserves at end of the financial year", "year_reserves_end"),
)
WORKBOOK_HEADER = ("Financial Year", "File name", "month_ended", "revenue", "expenditure", "surplus_deficit",
                   "proceed_repayment", "fiscal_reserve_start", "fiscal_reserve_end")
_MONTH = re.compile(r"^(?P<mon>[A-Z][a-z]{2})-(?P<year>\d{4})\s*(?P<prov>\(provisional\))?$")
_FY = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    """One month's results as released (HK$ bn); proceeds and repayments None where the source gives only their net."""

    fiscal_year: str
    month_end: str          # ISO date of the month's last day
    provisional: bool
    revenue_hkd_bn: float
    expenditure_hkd_bn: float
    balance_before_bonds_hkd_bn: float
    net_bond_proceeds_hkd_bn: float
    balance_after_bonds_hkd_bn: float
    reserves_start_hkd_bn: float
    reserves_end_hkd_bn: float
    bond_proceeds_hkd_bn: float | None
    bond_repayments_hkd_bn: float | None
    where: str              # file:line or file, sheet!cell: where the month was read


@dataclass(frozen=True)
class Release:
    """One file read: its name, SHA-256 and layout, and its months in order."""

    file: str
    sha256: str
    layout: str
    months: tuple


def read_release(path) -> Release:
    """Read one release file (CSV or .xlsx by its suffix); InputError naming every problem found."""
    from finmodel.inputs.raw import NotReadable, read_regular_file

    path = Path(path)
    try:
        data = read_regular_file(path)
    except NotReadable as exc:
        raise InputError([Problem(str(path), "", exc.value, exc.reason)]) from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xlsx":
        months = _read_workbook(path, data)
        layout = WORKBOOK_LAYOUT
    else:
        months = _read_csv(path, data)
        layout = CSV_LAYOUT
    return Release(path.name, digest, layout, tuple(months))


def month_end(year: int, month: int) -> str:
    import calendar

    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def fiscal_year_of(year: int, month: int) -> str:
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _refuse(problems):
    if problems:
        raise InputError(problems)


def _csv_header(path, header) -> list:
    """The field of each column; InputError when the header is not the DATA.GOV.HK layout."""
    shown = f"{path}:1"
    words = [" ".join(h.lstrip("\ufeff").split()).lower() for h in header]
    if len(words) != len(CSV_COLUMNS):
        raise InputError([Problem(shown, "", f"{len(words)} columns",
                                  f"not the {CSV_LAYOUT} layout: it has {len(CSV_COLUMNS)} columns (financial year, month, the "
                                  "month's and the year-to-date results); a file with a column added or removed is refused, "
                                  "nothing was written")])
    problems = []
    for i, (text, (pattern, _)) in enumerate(zip(words, CSV_COLUMNS), start=1):
        if not any(p in text for p in pattern.split("|")):
            problems.append(Problem(f"{shown}:{i}", "header", header[i - 1].strip(),
                                    f"not the {CSV_LAYOUT} layout: column {i} should be about '{pattern.split('|')[0]}'"))
    _refuse(problems)
    return [field for _, field in CSV_COLUMNS]


def _read_csv(path, data: bytes) -> list:
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), "", None, f"not UTF-8 text (byte {exc.start}): a {CSV_LAYOUT} or an .xlsx workbook")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError([Problem(str(path), "", None, f"empty file: a {CSV_LAYOUT} has a header and a row a month")])
    fields = _csv_header(path, rows[0])
    problems, months, blank_from = [], [], None
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            blank_from = blank_from or line
            continue
        if blank_from is not None:
            problems.append(Problem(f"{path}:{line}", "", None, f"a row after the blank line {blank_from}: blank lines only at the end"))
        if len(cells) != len(fields):
            problems.append(Problem(f"{path}:{line}", "", f"{len(cells)} cells",
                                    f"expected {len(fields)} cells like the header: the row is cut short (a truncated file?) "
                                    "or has a cell too many; nothing was written"))
            continue
        row = _csv_row(path, line, cells, fields, problems)
        if row is not None:
            months.append(row)
    _refuse(problems)
    _check_sequence(path, months, problems, start_in_april=True, cell=":2")
    _refuse(problems)   # a month twice or out of order: the year-to-date sums would only repeat it
    _check_year_to_date(path, months, problems)
    _refuse(problems)
    if not months:
        raise InputError([Problem(str(path), "", None, "no month in the file: a release has a row a month from April")])
    return [m for m, _ in months]


def _number(where, name, text, problems):
    try:
        return float(text.strip())
    except ValueError:
        problems.append(Problem(where, name, text, "a number (HK$ million, as released)"))
        return None


def _csv_row(path, line, cells, fields, problems):
    """(Month, the year-to-date figures) from one CSV row; None when a cell is wrong (its problem added)."""
    bad = len(problems)
    fy, label = cells[0].strip(), cells[1].strip()
    m = _MONTH.match(label)
    if not _FY.match(fy):
        problems.append(Problem(f"{path}:{line}:1", "financial year", fy, f"a financial year such as {fiscal_year_example()}"))
    if not m or m.group("mon") not in MONTHS:
        problems.append(Problem(f"{path}:{line}:2", "month", label, "a month such as Apr-2022 (March may add '(provisional)')"))
    values = {}
    for col, (field, text) in enumerate(zip(fields, cells), start=1):
        if col > 2:
            value = _number(f"{path}:{line}:{col}", CSV_COLUMNS[col - 1][0], text, problems)
            if field is not None:
                values[field] = value
    if len(problems) > bad:
        return None
    year, month = int(m.group("year")), MONTHS.index(m.group("mon")) + 1
    if fiscal_year_of(year, month) != fy:
        problems.append(Problem(f"{path}:{line}:2", "month", label, f"a month of the financial year {fy} (April {fy[:4]} to March)"))
        return None
    _check_identities(f"{path}:{line}", values, problems, (":5", ":8", ":15"))
    bn = {k: v / 1000.0 for k, v in values.items()}
    return (Month(fy, month_end(year, month), bool(m.group("prov")), bn["revenue"], -bn["expenditure"], bn["balance_before"],
                  bn["proceeds"] + bn["repayments"], bn["balance_after"], bn["reserves_start"], bn["reserves_end"],
                  bn["proceeds"], -bn["repayments"], f"{path}:{line}"), values)


def _check_identities(where, v, problems, cells=("", "", "")) -> None:
    """The release's own arithmetic: balance = revenue + expenditure (negative); after bonds = before + proceeds +
    repayments (negative); reserves at the end = at the start + the balance after bonds. cells: each checked cell's
    name after `where` (the CSV's ":5", ":8", ":15")."""
    for cell, (name, lhs, rhs) in zip(cells, (
            ("balance before bonds", v["balance_before"], v["revenue"] + v["expenditure"]),
            ("balance after bonds", v["balance_after"], v["balance_before"] + v["proceeds"] + v["repayments"]),
            ("fiscal reserves at the end of the month", v["reserves_end"], v["reserves_start"] + v["balance_after"]))):
        if abs(lhs - rhs) > TOLERANCE_HKD_MN:
            problems.append(Problem(where + cell, name, round(lhs, 1), f"{rhs:.1f} by the release's own arithmetic: the row "
                                                                         "is not consistent"))


def _check_sequence(path, months, problems, start_in_april: bool, cell: str = "") -> None:
    """Each month once and in order, with none skipped (from April in a year's file); cell: how the month's cell is
    named after the row's place (":2", the CSV's second column)."""
    seen = {}
    previous = None
    for month, _ in months:
        where = month.where + cell
        if month.month_end in seen:
            problems.append(Problem(where, "month", month.month_end[:7], f"a duplicated month: already at {seen[month.month_end]}; "
                                    "each month once, nothing was written"))
            continue
        seen[month.month_end] = where
        y, m = int(month.month_end[:4]), int(month.month_end[5:7])
        if previous is None:
            if start_in_april and m != 4:
                problems.append(Problem(where, "month", month.month_end[:7], "the first month of a year's release: April"))
        else:
            py, pm = previous
            expected = (py + (pm == 12), pm % 12 + 1)
            if (y, m) != expected:
                problems.append(Problem(where, "month", month.month_end[:7],
                                        f"out of order: after {py}-{pm:02d} comes {expected[0]}-{expected[1]:02d} (months in "
                                        "order, none skipped); nothing was written"))
        previous = (y, m)


def _check_year_to_date(path, months, problems) -> None:
    """Each year-to-date column against the sum of the months so far (a truncated or spliced file fails here); the
    first month where a column fails is named (the months after it fail with it)."""
    fields = [field for _, field in CSV_COLUMNS]
    sums, failed = {}, set()
    for month, v in months:
        for cum, field in (("cum_revenue", "revenue"), ("cum_expenditure", "expenditure"), ("cum_balance_after", "balance_after"),
                           ("cum_proceeds", "proceeds"), ("cum_repayments", "repayments")):
            sums[field] = sums.get(field, 0.0) + v[field]
            if cum not in failed and abs(v[cum] - sums[field]) > SUM_TOLERANCE_HKD_MN:
                failed.add(cum)
                problems.append(Problem(f"{month.where}:{fields.index(cum) + 1}", CSV_COLUMNS[fields.index(cum)][0], v[cum],
                                        f"{sums[field]:.1f}, the sum of the months from April: the year to date does not add up"))
        if abs(v["year_reserves_end"] - v["reserves_end"]) > TOLERANCE_HKD_MN:
            problems.append(Problem(f"{month.where}:{fields.index('year_reserves_end') + 1}", "fiscal reserves at end of the financial year",
                                    v["year_reserves_end"], f"{v['reserves_end']:.1f}, the reserves at the end of the month"))


def _read_workbook(path, data: bytes) -> list:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reason a workbook cannot be opened is one input problem
        raise InputError([Problem(str(path), "", None, f"not a readable .xlsx workbook ({type(exc).__name__})")]) from None
    ws = wb.worksheets[0]
    sheet = f"{path}, sheet '{ws.title}'"
    rows = ws.iter_rows(values_only=True)
    header = tuple(next(rows, ()))[:len(WORKBOOK_HEADER)]
    if header != WORKBOOK_HEADER:
        raise InputError([Problem(f"{sheet}, row 1", "header", ", ".join(str(h) for h in header),
                                  f"not the {WORKBOOK_LAYOUT} layout: columns A-I are {', '.join(WORKBOOK_HEADER)}")])
    problems, months = [], []
    for r, row in enumerate(rows, start=2):
        row = tuple(row) + (None,) * len(WORKBOOK_HEADER)
        if all(c is None for c in row[:len(WORKBOOK_HEADER)]):
            continue
        month = _workbook_row(sheet, r, row, problems)
        if month is not None:
            months.append((month, None))
    wb.close()
    _refuse(problems)
    _check_sequence(sheet, months, problems, start_in_april=False)
    _refuse(problems)
    return [m for m, _ in months]


def _workbook_row(sheet, r, row, problems):
    import datetime

    fy, _, when, *numbers = row[:len(WORKBOOK_HEADER)]
    where = f"{sheet}, row {r}"
    if not isinstance(when, datetime.datetime):
        problems.append(Problem(f"{sheet}!C{r}", "month_ended", when, "a date (the month the results are for)"))
        return None
    values = []
    for col, value in zip("DEFGHI", numbers):
        if value is None and col == "G":
            value = 0.0   # no bond flow that month
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(Problem(f"{sheet}!{col}{r}", WORKBOOK_HEADER["ABCDEFGHI".index(col)], value, "a number (HK$ million)"))
            return None
        values.append(float(value))
    revenue, expenditure, before, net_bonds, start, end = values
    fiscal = fiscal_year_of(when.year, when.month)
    if str(fy)[:4] != fiscal[:4]:   # the start year decides: the workbook writes 1999-00 as "1999-20"
        problems.append(Problem(f"{sheet}!A{r}", "Financial Year", fy, f"{fiscal}, the year of {when:%B %Y}"))
        return None
    v = {"revenue": revenue, "expenditure": expenditure, "balance_before": before, "proceeds": net_bonds, "repayments": 0.0,
         "balance_after": before + net_bonds, "reserves_start": start, "reserves_end": end}
    _check_identities(where, v, problems)
    return Month(fiscal, month_end(when.year, when.month), False, revenue / 1000, -expenditure / 1000, before / 1000,
                 net_bonds / 1000, (before + net_bonds) / 1000, start / 1000, end / 1000, None, None, where)
