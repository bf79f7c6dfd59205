"""Back-test: roll pool A debt and fiscal reserves forward from an earlier year with recorded flows.

Starting from the recorded opening position of a past fiscal year (e.g. 2021-22), the recorded
revenue, expenditure, bond issuance and redemptions of each year are fed through the engine's
stock-flow identities (domain primer section 3; `finmodel.model.engine`):

    consolidated_balance_t = revenue_t - expenditure_t + gross_issuance_t - redemptions_t
    reserves_t             = reserves_{t-1} + consolidated_balance_t
    debt_t                 = debt_{t-1} + gross_issuance_t - redemptions_t

and the rolled stocks are compared with the recorded ones, year by year. Transfers such as the
Exchange Fund's or the Bond Fund's are revenue in the Budget's presentation (none is recorded
separately for 2021-22 to 2025-26). Every figure fed or compared carries its kind (actual,
provisional, revised estimate), its source id and how a gap was handled.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from finmodel import fiscal_year

KIND_ORDER = ("actual", "provisional", "revised")  # outturns first; Budget estimates are never fed
DEBT_ITEM = "Government Debts outstanding (GSBP+IBP, CWRF)"
DEBT_ITEMS = (DEBT_ITEM, "Government debt (end-2025)")
OPENING_DEBT_ITEM = "Green bonds issued cumulative (two issues)"
INTERPOLATION_DAYS = 62
HISTORY_TABLES = ("hk_fiscal_long", "hk_borrowing")
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def roll_forward(opening_reserves_hkd_bn, opening_debt_hkd_bn, consolidated_balance_hkd_bn, net_bond_proceeds_hkd_bn):
    """Return (reserves, debt) at each year-end from the opening stocks and the yearly flows.

    reserves_t = reserves_0 + sum_{s<=t} consolidated_balance_s
    debt_t     = debt_0 + sum_{s<=t} (gross_issuance_s - redemptions_s)
    Arrays may carry a leading path axis; the year axis is the last.
    """
    cb = np.asarray(consolidated_balance_hkd_bn, dtype=float)
    net = np.asarray(net_bond_proceeds_hkd_bn, dtype=float)
    reserves = np.asarray(opening_reserves_hkd_bn, dtype=float)[..., None] + np.cumsum(cb, axis=-1)
    debt = np.asarray(opening_debt_hkd_bn, dtype=float)[..., None] + np.cumsum(net, axis=-1)
    return reserves, debt


@dataclass(frozen=True)
class Figure:
    """One recorded figure as used: value [HK$ bn], kind, source id and how it was obtained."""

    value: float | None
    kind: str = ""
    source: str = ""
    how: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


MISSING = Figure(None, "missing", "", "not in the reference data")


@dataclass
class Backtest:
    """Year-by-year comparison of rolled and recorded stocks, with every figure's provenance."""

    years: list
    opening_reserves: Figure
    opening_debt: Figure
    flows: dict          # year -> {"revenue", "expenditure", "issuance", "redemptions", "consolidated_balance"}: Figure
    recorded_reserves: dict
    recorded_debt: dict
    reserves: np.ndarray
    debt: np.ndarray
    notes: list = field(default_factory=list)
    consistency_only: tuple = ()   # years whose reserves were derived from the year itself: left out of the MAE

    def table(self):
        """The comparison as a pandas DataFrame indexed by fiscal year (HK$ bn and %)."""
        import pandas as pd

        rows = []
        for i, y in enumerate(self.years):
            f = self.flows[y]
            rr, rd = self.recorded_reserves[y], self.recorded_debt[y]
            rows.append({
                "fiscal_year": fiscal_year.label(y),
                "revenue_hkd_bn": f["revenue"].value, "expenditure_hkd_bn": f["expenditure"].value,
                "gross_issuance_hkd_bn": f["issuance"].value, "redemptions_hkd_bn": f["redemptions"].value,
                "consolidated_balance_hkd_bn": f["consolidated_balance"].value,
                "reserves_backtest_hkd_bn": self.reserves[i], "reserves_recorded_hkd_bn": rr.value,
                "reserves_error_hkd_bn": _diff(self.reserves[i], rr), "reserves_error_pct": _pct(self.reserves[i], rr),
                "reserves_recorded_kind": rr.kind, "reserves_recorded_source": rr.source,
                "debt_backtest_hkd_bn": self.debt[i], "debt_recorded_hkd_bn": rd.value,
                "debt_error_hkd_bn": _diff(self.debt[i], rd), "debt_error_pct": _pct(self.debt[i], rd),
                "debt_recorded_how": rd.how, "debt_recorded_source": rd.source,
                "flows_how": "; ".join(f"{k}: {v.how}" for k, v in f.items() if v.how),
            })
        return pd.DataFrame(rows).set_index("fiscal_year")

    def mean_absolute_error(self) -> dict:
        """MAE of reserves and debt over the years with a recorded figure, in HK$ bn and in % of the record.

        Reserves in a year that matches by construction (`consistency_only`) are left out.
        """
        out = {}
        for name, rolled, recorded in (("reserves", self.reserves, self.recorded_reserves), ("debt", self.debt, self.recorded_debt)):
            skip = self.consistency_only if name == "reserves" else ()
            pairs = [(rolled[i], recorded[y].value) for i, y in enumerate(self.years) if recorded[y].known and y not in skip]
            out[name] = {
                "years_compared": len(pairs),
                "mae_hkd_bn": round(float(np.mean([abs(a - b) for a, b in pairs])), 9) if pairs else None,
                "mae_pct": round(float(np.mean([abs(a - b) / abs(b) * 100 for a, b in pairs])), 9) if pairs else None,
            }
        return out


def _diff(x, fig):
    """Back-test minus record [HK$ bn], rounded to 1e-9 so that exact matches print as 0."""
    return None if not fig.known else round(float(x - fig.value), 9)


def _pct(x, fig):
    return None if not fig.known or fig.value == 0 else round(float(100 * (x - fig.value) / fig.value), 9)


def _pick(fiscal, year: int, item: str, skip_derived: bool = False) -> Figure:
    """The best recorded figure of `item` for a fiscal year: actual, then provisional, then revised."""
    rows = fiscal[(fiscal["fiscal_year"] == fiscal_year.label(year)) & (fiscal["item"] == item)]
    for kind in KIND_ORDER:
        r = rows[rows["kind"] == kind]
        if skip_derived:
            r = r[~r["note"].fillna("").str.startswith("derived")]
        r = r[np.isfinite(r["value"].astype(float))]
        if len(r):
            row = r.iloc[0]
            source = str(row["source_id"]) if isinstance(row["source_id"], str) else ""
            return Figure(float(row["value"]), kind, source)
    return MISSING


def _first_recorded(fiscal, item: str, since: int):
    """(fiscal year, value) of the first year from `since` the record gives `item` for (actual, provisional or revised), or None."""
    for year in sorted(y for y in {fiscal_year.parse(t) for t in fiscal.loc[fiscal["item"] == item, "fiscal_year"]} if y >= since):
        f = _pick(fiscal, year, item)
        if f.known:
            return year, f.value
    return None


def partial_flows(borrowing):
    """Year-to-date bond flows: {(fiscal year, last month): (proceeds, repayments or None, source)}."""
    out = {}
    pat = re.compile(r"^FY(\d{4}-\d{2}) \(Apr-(\w{3})\)$")
    for i, r in borrowing.iterrows():
        m = pat.match(str(r["date"]))
        if not m or "proceeds" not in str(r["item"]).lower():
            continue
        rep = re.search(r"repayments (\d+(?:\.\d+)?)", str(r["note"]))
        try:
            key = (fiscal_year.parse(m.group(1)), MONTHS[m.group(2)])
        except (ValueError, KeyError):
            _bad_row(i, "date", r["date"], f"expected FY{fiscal_year.example(-1)} (Apr-Dec): a fiscal year and a month from Apr to Mar")
        out[key] = (_number(i, r["value"]), float(rep.group(1)) if rep else None, str(r["source_id"]))
    return out


def _number(i, value) -> float:
    """A borrowing-table value as a finite float, or InputError naming the line."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = float("nan")
    if not np.isfinite(x):
        _bad_row(i, "value", value, "not a number")
    return x


def _bad_row(i, column, value, allowed):
    from finmodel.inputs.errors import InputError, Problem

    raise InputError([Problem("hk_borrowing.csv", f"{column} (line {i + 2})", value, allowed)])


def _debt_observations(borrowing):
    """Recorded pool A stocks: sorted list of (date, HK$ bn, source, confidence)."""
    obs = []
    for i, r in borrowing[borrowing["item"].isin(DEBT_ITEMS)].iterrows():
        try:
            d = date.fromisoformat(str(r["date"]))
        except ValueError:
            continue
        obs.append((d, _number(i, r["value"]), str(r["source_id"]), str(r["confidence"])))
    return sorted(obs)


def _fy_of(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def recorded_debt_at_year_end(year: int, borrowing, fiscal, flows: dict) -> Figure:
    """Pool A debt at 31 March ending fiscal year `year`, from the record.

    In order: a stock recorded on that date; a linear interpolation between recorded stocks at
    most two months either side; a stock recorded later in the same fiscal year carried to the
    year-end with the recorded rest-of-year flows (full-year less year-to-date bond flows).
    Otherwise missing.
    """
    end = date(year + 1, 3, 31)
    obs = _debt_observations(borrowing)
    for d, v, src, conf in obs:
        if d == end:
            return Figure(v, conf, src, f"recorded on {d}")
    before = [o for o in obs if o[0] < end and (end - o[0]).days <= INTERPOLATION_DAYS]
    after = [o for o in obs if o[0] > end and (o[0] - end).days <= INTERPOLATION_DAYS]
    if before and after:
        (d0, v0, s0, _), (d1, v1, s1, _) = before[-1], after[0]
        w = (end - d0).days / (d1 - d0).days
        return Figure(v0 + w * (v1 - v0), "interpolated", f"{s0}; {s1}", f"interpolated between {v0:g} on {d0} and {v1:g} on {d1}")
    partial = partial_flows(borrowing)
    full = flows.get(year)
    for d, v, src, conf in reversed(obs):
        if _fy_of(d) != year or full is None or not (full["issuance"].known and full["redemptions"].known):
            continue
        ytd = partial.get((year, d.month))
        if ytd is None or ytd[1] is None:
            continue
        rest_iss = full["issuance"].value - ytd[0]
        rest_red = full["redemptions"].value - ytd[1]
        return Figure(v + rest_iss - rest_red, f"{conf}, carried", f"{src}; {ytd[2]}; {full['issuance'].source}",
                      f"{v:g} recorded on {d} ({conf}) plus the rest of the year's flows: proceeds {rest_iss:.1f}, "
                      f"repayments {rest_red:.1f} (full-year {full['issuance'].kind} less year-to-date)")
    return Figure(None, "missing", "", f"no pool A stock recorded on or near 31 March {year + 1}")


def year_flows(year: int, fiscal, borrowing) -> dict:
    """The recorded flows fed for one fiscal year, each a Figure saying where it came from."""
    rev, exp = _pick(fiscal, year, "total_revenue"), _pick(fiscal, year, "total_expenditure")
    iss, red = _pick(fiscal, year, "bond_proceeds"), _pick(fiscal, year, "bond_repayments")
    if not iss.known:
        for (y, month), (proceeds, _, src) in sorted(partial_flows(borrowing).items()):
            if y == year:
                iss = Figure(proceeds, "partial", src, f"only April to {_month_name(month)} recorded ({proceeds:g}): a lower bound")
    if not red.known:
        first = _first_recorded(fiscal, "bond_repayments", since=_anchor_year(borrowing))
        seen = f"the first recorded repayments are {first[1]:g} in {fiscal_year.label(first[0])}" if first else "no repayments are recorded"
        red = Figure(0.0, "assumption", "", f"not recorded: taken as 0 (an assumption: {seen}, and the first green bond, "
                                             "of May 2019, was a five-year bond)")
    if not iss.known:
        cb = Figure(None, "missing", "", "bond proceeds not recorded")
    elif rev.known and exp.known and rev.kind == exp.kind:
        cb = Figure(rev.value - exp.value + iss.value - red.value, rev.kind, rev.source)
    else:
        pub = _pick(fiscal, year, "surplus_after_bonds", skip_derived=True)
        if pub.known:
            why = ("revenue not recorded" if not rev.known else "revenue and expenditure of different kinds")
            cb = Figure(pub.value, pub.kind, pub.source, f"{why}: the consolidated balance of the {pub.kind} estimate is fed "
                        "(the actual balance in the reference data is derived from the reserves themselves)")
        else:
            cb = Figure(None, "missing", "", "no consolidated balance recorded")
    return {"revenue": rev, "expenditure": exp, "issuance": iss, "redemptions": red, "consolidated_balance": cb}


def _month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def record_start(root=None) -> int:
    """The first fiscal year the back-test can start from: the year of the record's first pool A stock (the row
    OPENING_DEBT_ITEM of hk_borrowing.csv, dated within that fiscal year), read from the history tables."""
    from finmodel.inputs import history

    kw = {} if root is None else {"root": root}
    history.check(names=HISTORY_TABLES, **kw)
    return _anchor_year(history.borrowing(**kw))


def _anchor_year(borrowing) -> int:
    """The fiscal year of the first recorded pool A stock (its row's date: April to March), taken as its opening stock."""
    row = borrowing[borrowing["item"] == OPENING_DEBT_ITEM]
    if not len(row):
        return int(min(_fy_of_date(d) for d in borrowing["date"] if _fy_of_date(d) is not None))
    return _fy_of_date(row.iloc[0]["date"])


def _fy_of_date(date) -> int | None:
    """The start year of the fiscal year holding a date written YYYY-MM-DD (April to March), or None."""
    m = re.match(r"^(\d{4})-(\d{2})-\d{2}$", str(date))
    if not m:
        return None
    return int(m.group(1)) - (1 if int(m.group(2)) < 4 else 0)


def run_backtest(start: int | None = None, root=None) -> Backtest:
    """Back-test from the opening position of fiscal year `start` (default: `record_start`) to the last year with
    recorded reserves."""
    from finmodel.inputs import history
    from finmodel.inputs.errors import InputError, Problem

    kw = {} if root is None else {"root": root}
    history.check(names=HISTORY_TABLES, **kw)
    fiscal, borrowing = history.fiscal(**kw), history.borrowing(**kw)
    start = _anchor_year(borrowing) if start is None else start
    last = int(max(fiscal_year.parse(y) for y in fiscal["fiscal_year"]))
    recorded = [y for y in range(start, last + 1) if _pick(fiscal, y, "fiscal_reserves_end").known]
    opening_reserves = _pick(fiscal, start - 1, "fiscal_reserves_end")
    if not opening_reserves.known or not recorded:
        raise InputError([Problem(_where(root, "hk_fiscal_long.csv"), f"fiscal_reserves_end[{fiscal_year.label(start - 1)}]",
                                  None if opening_reserves.known else "not recorded",
                                  f"the back-test from --start {fiscal_year.label(start)} needs fiscal reserves recorded (actual, "
                                  f"provisional or revised) at the end of {fiscal_year.label(start - 1)} and of a later year; "
                                  "add the rows, or choose a --start whose year before is recorded")])
    years = list(range(start, max(recorded) + 1))
    notes = []
    consistency_only = ()
    open_row = fiscal[(fiscal["fiscal_year"] == fiscal_year.label(start - 1)) & (fiscal["item"] == "fiscal_reserves_end")
                      & (fiscal["kind"] == opening_reserves.kind)].iloc[0]
    if str(open_row["note"]).startswith("derived"):
        notes.append(f"Opening reserves {opening_reserves.value:g} ({open_row['note']}) are derived from the "
                     f"{fiscal_year.label(start)} outturn, so that year checks the consistency of the record only "
                     "and is left out of the mean absolute error.")
        consistency_only = (start,)
    flows = {y: year_flows(y, fiscal, borrowing) for y in years}
    gaps = [Problem(_where(root, "hk_fiscal_long.csv"), f"{key.replace('_', ' ')}[{fiscal_year.label(y)}]", None,
                    "not recorded (nor in hk_borrowing.csv): the back-test cannot pass this year; add the figure, or choose a "
                    "--start whose years all have recorded flows")
            for y in years for key in ("consolidated_balance", "issuance") if not flows[y][key].known]
    if gaps:
        raise InputError(gaps)
    opening_debt = _opening_debt(start, borrowing, fiscal, flows)
    cb = [flows[y]["consolidated_balance"].value for y in years]
    net = [flows[y]["issuance"].value - flows[y]["redemptions"].value for y in years]
    reserves, debt = roll_forward(opening_reserves.value, opening_debt.value, cb, net)
    recorded_reserves = {y: _pick(fiscal, y, "fiscal_reserves_end") for y in years}
    recorded_debt = {y: recorded_debt_at_year_end(y, borrowing, fiscal, flows) for y in years}
    return Backtest(years, opening_reserves, opening_debt, flows, recorded_reserves, recorded_debt, reserves, debt, notes,
                    consistency_only)


def _where(root, name: str) -> str:
    from finmodel.inputs import history

    return str((history.HISTORY_DIR if root is None else root) / name)


def _opening_debt(start: int, borrowing, fiscal, flows) -> Figure:
    """Pool A debt at 31 March before `start`: recorded if possible, else rolled from the first recorded green bonds."""
    rec = recorded_debt_at_year_end(start - 1, borrowing, fiscal, {start - 1: year_flows(start - 1, fiscal, borrowing)})
    if rec.known:
        return rec
    row = borrowing[borrowing["item"] == OPENING_DEBT_ITEM]
    if not len(row):
        return Figure(0.0, "assumption", "", "no pool A stock recorded: taken as 0")
    anchor = float(row.iloc[0]["value"])
    src = str(row.iloc[0]["source_id"])
    first = _anchor_year(borrowing)
    base = Figure(anchor, "verified", src, f"{anchor:g}: the two green bond issues of May 2019 and January 2021 "
                  f"(cumulative issuance reported in May 2021; none had fallen due), taken as the stock at 31 March {first}")
    if start <= first:
        return base
    net = 0.0
    for y in range(first, start):
        f = flows.get(y) or year_flows(y, fiscal, borrowing)
        if not f["issuance"].known:
            from finmodel.inputs.errors import InputError, Problem

            raise InputError([Problem("inputs/history", f"issuance[{fiscal_year.label(y)}]", None,
                                      f"not recorded: the opening debt cannot be rolled to the start; use --start {fiscal_year.label(first)}")])
        net += f["issuance"].value - f["redemptions"].value
    return Figure(anchor + net, "derived", src, f"rolled from {anchor:g} at 31 March {first} with the recorded bond flows to {fiscal_year.label(start - 1)}")
