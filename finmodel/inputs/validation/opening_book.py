"""opening_book.csv: the pool A bonds outstanding at the start of the first model year, one row per cohort."""

from typing import NamedTuple

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import OpeningBook
from finmodel.inputs.schema import BOOK_COLUMNS, COUPON_PCT, CURRENCIES, FACE_VALUE_BN
from finmodel.inputs.validation.checker import decimal_confusion
from finmodel.inputs.validation.csv_table import check_columns, cell_number

BOOK_FIELDS = ("cohort_id", "programme", "investor", "currency", "basis", "currency_idx", "face",
               "issue", "maturity", "coupon", "linked")


class _Cohort(NamedTuple):
    """One accepted row of the opening book (face in bn of its currency, coupon in percent)."""

    cid: str
    row: dict
    currency: str
    face: float
    coupon: float
    issue: int
    first: int
    last: int
    linked: bool


def check_opening_book(chk, raw, years) -> OpeningBook | None:
    """The opening book is required: check it when read, and report it missing unless the reader already did."""
    book = _book(chk, raw.files["opening_book.csv"], years) if "opening_book.csv" in raw.files else None
    if "opening_book.csv" not in raw.files and not any("opening_book.csv" in p.where for p in chk.problems):
        chk.error("opening_book.csv", "", None, "file not found")
    return book


def require_outstanding(chk, raw, book, years) -> OpeningBook | None:
    """Some debt must be outstanding on day one: the effective interest rate and the debt dynamics divide by it."""
    alive0 = (book.issue_year < years[0]) & (book.maturity_year >= years[0]) if book is not None else None
    if book is not None and not np.sum(book.face_fc[alive0]) > 0:
        chk.error(raw.files["opening_book.csv"].path, "face_value_bn", f"{np.sum(book.face_fc[alive0]):g} outstanding",
                  f"no bond outstanding at the start of {fiscal_year.label(years[0])}: the opening book needs pool A bonds "
                  "(the effective interest rate and the debt dynamics divide by the opening debt)")
        return None
    return book


def _book(chk, f, years) -> OpeningBook | None:
    """The header must hold the book's columns and every row be a valid cohort; coupons must be in percent."""
    rows = f.data["rows"]
    if not check_columns(chk, f, BOOK_COLUMNS, ("note",)):
        return None
    cols = {k: [] for k in BOOK_FIELDS}
    seen = set()
    coupons = []
    for r in rows:
        cohort = _cohort(chk, f, r, years, seen, coupons)
        if cohort is not None:
            _add_maturities(cols, cohort)
    decimal_confusion(chk, f.path, "coupon_pct", coupons, "coupon")
    return OpeningBook(
        cohort_id=tuple(cols["cohort_id"]), programme=tuple(cols["programme"]), investor=tuple(cols["investor"]),
        currency=tuple(cols["currency"]), basis=tuple(cols["basis"]),
        currency_idx=np.array(cols["currency_idx"], dtype=int), face_fc=np.array(cols["face"], dtype=float),
        issue_year=np.array(cols["issue"], dtype=int), maturity_year=np.array(cols["maturity"], dtype=int),
        coupon=np.array(cols["coupon"], dtype=float), inflation_linked=np.array(cols["linked"], dtype=bool))


def _cohort(chk, f, r, years, seen, coupons) -> _Cohort | None:
    """One row: a unique pool A cohort in a known currency, valid numbers and years, linked yes or no. None if not usable."""
    field = _cohort_field(chk, f, r, seen)
    if field is None:
        return None
    face, coupon = _face_and_coupon(chk, f, field, r, coupons)
    span = _cohort_years(chk, f, field, r, years)
    if span is None:
        return None
    linked = r["inflation_linked"].strip().lower()
    if linked not in ("yes", "no"):
        chk.error(f.path, f"{field} inflation_linked", r["inflation_linked"], "must be yes or no")
        return None
    if face is None or coupon is None:
        return None
    return _Cohort(r["cohort_id"], r, r["currency"], face, coupon, *span, linked == "yes")


def _cohort_field(chk, f, r, seen):
    """A cohort needs a unique id, pool A and a known currency. Returns the row's name for messages, or None."""
    line = f"line {r['_line']}"
    cid = r["cohort_id"]
    if not cid:
        chk.error(f.path, f"{line} cohort_id", cid, "every cohort needs an id")
        return None
    if cid in seen:
        chk.error(f.path, f"{line} cohort_id", cid, "duplicate cohort id: ids must be unique")
        return None
    seen.add(cid)
    field = f"{cid} ({line})"
    if r["pool"] != "A":
        chk.error(f.path, f"{field} pool", r["pool"], "the opening book holds pool A cohorts only (pool B is pool_b_debt_hkd_bn)")
        return None
    if r["currency"] not in CURRENCIES:
        chk.error(f.path, f"{field} currency", r["currency"], f"must be one of {', '.join(CURRENCIES)}")
        return None
    return field


def _face_and_coupon(chk, f, field, r, coupons):
    """Face value and coupon must be numbers within bounds; a coupon that looks like a decimal is warned about."""
    face = chk.number(f.path, f"{field} face_value_bn", cell_number(r["face_value_bn"]), FACE_VALUE_BN[0], FACE_VALUE_BN[1], "bn")
    coupon = chk.number(f.path, f"{field} coupon_pct", cell_number(r["coupon_pct"]), COUPON_PCT[0], COUPON_PCT[1], "% a year")
    if coupon is not None:
        coupons.append(coupon)
    if coupon is not None and 0 < coupon < 0.2:
        chk.warn(f.path, f"{field} coupon_pct", r["coupon_pct"], "looks like a decimal: coupons are in percent (3.85, not 0.0385)")
    return face, coupon


def _cohort_years(chk, f, field, r, years):
    """Issued before the first model year, maturing after issue (first <= last); matured bonds are dropped. Returns (issue, first, last) or None."""
    try:
        issue = fiscal_year.parse(r["issue_fy"])
        first = fiscal_year.parse(r["maturity_fy_first"])
        last = fiscal_year.parse(r["maturity_fy_last"])
    except ValueError as exc:
        chk.error(f.path, f"{field} issue_fy/maturity_fy", f"{r['issue_fy']}, {r['maturity_fy_first']}, {r['maturity_fy_last']}", str(exc))
        return None
    if not (issue < first <= last):
        chk.error(f.path, f"{field} maturity", f"{r['issue_fy']} -> {r['maturity_fy_first']}..{r['maturity_fy_last']}",
                  "maturity must come after the issue year (tenor of at least one year) and first <= last")
        return None
    if issue >= years[0]:
        chk.error(f.path, f"{field} issue_fy", r["issue_fy"], f"the opening book holds bonds issued before {fiscal_year.label(years[0])}")
        return None
    if last < years[0]:
        chk.warn(f.path, f"{field} maturity_fy_last", r["maturity_fy_last"], "already matured before the first model year: ignored")
        return None
    return issue, first, last


def _add_maturities(cols, c: _Cohort):
    """Split a cohort maturing over several years into equal parts, one per maturity year (coupon as a decimal)."""
    n = c.last - c.first + 1
    for m in range(c.first, c.last + 1):
        cols["cohort_id"].append(c.cid if n == 1 else f"{c.cid}:{fiscal_year.label(m)}")
        cols["programme"].append(c.row["programme"])
        cols["investor"].append(c.row["investor"])
        cols["currency"].append(c.currency)
        cols["basis"].append(c.row["basis"])
        cols["currency_idx"].append(CURRENCIES.index(c.currency))
        cols["face"].append(c.face / n)
        cols["issue"].append(c.issue)
        cols["maturity"].append(m)
        cols["coupon"].append(c.coupon / 100.0)
        cols["linked"].append(c.linked)
