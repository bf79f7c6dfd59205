"""Validation: turn raw input files into frozen Assumptions, reporting every problem at once.

Each problem names the file, the field (with its fiscal year or row), the bad value and what
is allowed. Values outside hard bounds are errors; outside plausible bounds, warnings.
"""

import difflib
import math

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions, IssueMix, OpeningBook
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.raw import RawInputs
from finmodel.inputs.schema import (
    BOOK_COLUMNS,
    BY_NAME,
    COUPON_PCT,
    CURRENCIES,
    PARAMS,
    PEER_COLUMNS,
    PLANS,
    TENOR_YEARS,
    YIELD_PCT,
    describe_range,
)

OPENING_YEAR = 2025
MRF_LAST_YEAR = 2030
MIX_KEYS = ("bucket", "investor", "currency", "tenor_years", "share", "yield_pct", "inflation_linked", "source", "note")
KIND_KEYS = {"by_year": ("values", "extrapolate"), "scalar": ("value",), "choice": ("value", "choices"),
             "plans": ("plans", "extrapolate"), "fx": ("values",), "mix": ("buckets",)}


class _Checker:
    """Collects problems while converting raw values."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.rejected: set = set()  # parameters with a rejected value: their coverage errors would only repeat it

    def error(self, where, field, value, allowed):
        self.problems.append(Problem(where, field, value, allowed))

    def warn(self, where, field, value, allowed):
        self.problems.append(Problem(where, field, value, allowed, "warning"))

    def number(self, where, field, value, bounds=(None, None), plausible=(None, None), unit=""):
        """Return a float, or None after recording why the value is not acceptable."""
        if isinstance(value, bool) or value is None or not isinstance(value, (int, float, str)):
            self.error(where, field, value, "not a number")
            return None
        if isinstance(value, str):
            hint = ""
            try:
                float(value.replace(",", "."))
                hint = " (write it as a plain decimal number, e.g. 3.0 or 1000.0, without a leading zero or a comma)"
            except ValueError:
                pass
            self.error(where, field, value, "not a number" + hint)
            return None
        try:
            x = float(value)
        except OverflowError:
            self.error(where, field, value, "not a finite number: too large")
            return None
        if not math.isfinite(x):
            self.error(where, field, value, "must be a finite number (not NaN or infinity)")
            return None
        lo, hi = bounds
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.error(where, field, value, f"outside the allowed range {describe_range(lo, hi)} {unit}".rstrip())
            return None
        lo, hi = plausible
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.warn(where, field, value, f"outside the plausible range {describe_range(lo, hi)} {unit}; check the unit".rstrip())
        return x



def _year_map(chk, where, name, values, param):
    """Parse a {fiscal_year: number} mapping into {start_year: float}; check order and gaps."""
    if values is None:
        return {}
    if not isinstance(values, dict):
        chk.error(where, f"{name}.values", values, "expected a mapping of fiscal year to number, e.g. {\"2026-27\": 3.0}")
        chk.rejected.add(name)
        return {}
    out = {}
    rejected = set()
    for key, value in values.items():
        try:
            year = fiscal_year.parse(key)
        except ValueError as exc:
            chk.error(where, f"{name}[{key}]", key, f"not a fiscal year: {exc}")
            continue
        x = chk.number(where, f"{name}[{key}]", value, param.bounds, param.plausible, param.unit)
        if x is not None:
            out[year] = x
        else:
            rejected.add(year)
            chk.rejected.add(name)
    keys = list(out)
    if param.unit.startswith("%") and keys and all(0 < abs(v) < 0.2 for v in out.values() if v != 0) and any(out.values()):
        chk.warn(where, name, ", ".join(f"{v:g}" for v in out.values()),
                 f"every value is below 0.2: this parameter is in percent ({param.unit}), e.g. 3.0 for 3%, not 0.03")
    if keys != sorted(keys):
        chk.error(where, name, ", ".join(fiscal_year.labels(keys)), "fiscal years must be in order")
    if keys:
        missing = sorted(set(range(min(keys), max(keys) + 1)) - set(keys) - rejected)
        if missing:
            chk.error(where, name, ", ".join(fiscal_year.labels(missing)), "gap in the fiscal years: every year between the first and last must be given")
    return out


def _check_meta(chk, where, key, entry):
    """Report keys a parameter of this kind does not use (a by-year `value` would be ignored) and a non-boolean `assumption`."""
    allowed = KIND_KEYS[BY_NAME[key].kind] + ("unit", "source", "note", "assumption")
    for meta in entry:
        if meta not in allowed:
            close = difflib.get_close_matches(str(meta), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            chk.error(where, f"{key}.{meta}", None, f"unknown key for a {BY_NAME[key].kind} parameter{hint}; allowed: {', '.join(allowed)}")
    if "assumption" in entry and not isinstance(entry["assumption"], bool):
        chk.error(where, f"{key}.assumption", entry["assumption"], "must be true or false")


class _Inputs:
    """Access to parameters with their file names and provenance, recording problems."""

    def __init__(self, raw: RawInputs, chk: _Checker):
        self.raw = raw
        self.chk = chk
        self.entries = {}
        self.where = {}
        self.provenance = {}
        scenario = raw.scenario.data if raw.scenario is not None else {}
        for fname in ("macro.yaml", "fiscal.yaml", "borrowing.yaml"):
            f = raw.files.get(fname)
            if f is None:
                continue
            known = [p.name for p in PARAMS if p.file == fname]
            for key, entry in f.data.items():
                if key not in BY_NAME or BY_NAME[key].file != fname:
                    close = difflib.get_close_matches(str(key), known, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    chk.error(f.path, str(key), None, f"unknown field{hint}")
                    continue
                if not isinstance(entry, dict):
                    chk.error(f.path, key, entry, "expected a mapping with unit, value(s) and source")
                    continue
                _check_meta(chk, f.path, key, entry)
                if "source" not in entry or not str(entry.get("source") or "").strip():
                    chk.error(f.path, f"{key}.source", None, "every figure needs a source")
                self.entries[key] = dict(entry)
                self.where[key] = f.path
            for p in PARAMS:
                if p.file == fname and p.name not in f.data:
                    chk.error(f.path, p.name, None, "missing field")
        for key, entry in scenario.items():
            if key in ("description", "title", "source"):
                continue
            shown = raw.scenario.path
            if key not in BY_NAME:
                close = difflib.get_close_matches(str(key), list(BY_NAME), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                chk.error(shown, str(key), None, f"a scenario can only override an existing input{hint}")
                continue
            if not isinstance(entry, dict):
                chk.error(shown, key, entry, "expected a mapping with value(s) and source")
                continue
            _check_meta(chk, shown, key, entry)
            if key not in self.entries:
                continue
            merged = dict(self.entries.get(key, {}))
            if "values" in entry and isinstance(merged.get("values"), dict) and isinstance(entry["values"], dict):
                merged["values"] = {**merged["values"], **entry["values"]}
                entry = {k: v for k, v in entry.items() if k != "values"}
            merged.update(entry)
            self.entries[key] = merged
            self.where[key] = shown
        for key, entry in self.entries.items():
            self.provenance[key] = {
                "file": self.where[key],
                "unit": str(entry.get("unit", BY_NAME[key].unit)),
                "source": " ".join(str(entry.get("source", "")).split()),
                "note": " ".join(str(entry.get("note", "")).split()),
                "assumption": entry.get("assumption") is True,
                "value": entry.get("value", entry.get("values", entry.get("plans", ""))),
            }

    def entry(self, name):
        return self.entries.get(name)

    def scalar(self, name):
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return None
        if "value" not in e:
            self.chk.error(self.where[name], f"{name}.value", None, "missing value")
            return None
        return self.chk.number(self.where[name], name, e["value"], p.bounds, p.plausible, p.unit)

    def choice(self, name):
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return None
        v = e.get("value")
        if v not in p.choices:
            self.chk.error(self.where[name], name, v, f"must be one of {', '.join(p.choices)}")
            return None
        return v

    def by_year(self, name):
        """Return ({start_year: value}, extrapolation rule) for a by-year parameter."""
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return {}, None
        rule = e.get("extrapolate", p.extrapolate[0] if p.extrapolate else "none")
        if rule not in p.extrapolate:
            self.chk.error(self.where[name], f"{name}.extrapolate", rule, f"must be one of {', '.join(p.extrapolate)}")
            rule = None
        if "values" not in e:
            self.chk.error(self.where[name], f"{name}.values", None, "missing values: a mapping of fiscal year to number")
            self.chk.rejected.add(name)
        return _year_map(self.chk, self.where[name], name, e.get("values"), p), rule


def _fill(chk, where, name, values, rule, years, first_needed, pct_is_nan=False):
    """Lay `values` on the `years` axis from `first_needed`, extending beyond the last given year by `rule`.

    Returns an array with NaN before `first_needed` and, for the pct_gdp and zero-as-missing
    rules, NaN where the engine's rule applies.
    """
    out = np.full(len(years), np.nan)
    if name in chk.rejected:
        first_needed = None
    if not values:
        if first_needed is not None and first_needed <= years[-1]:
            chk.error(where, name, None, f"no values: needed from {fiscal_year.label(first_needed)}")
        return out
    first, last = min(values), max(values)
    for i, y in enumerate(years):
        if y in values:
            out[i] = values[y]
    if first_needed is not None and first > first_needed and first_needed <= years[-1]:
        chk.error(where, name, fiscal_year.label(first), f"values must start by {fiscal_year.label(first_needed)}")
    beyond = years > last
    if beyond.any():
        if rule == "hold_last":
            out[beyond] = values[last]
        elif rule == "zero":
            out[beyond] = np.nan if pct_is_nan else 0.0
        elif rule in ("pct_gdp", "from_anchor"):
            out[beyond] = np.nan
        elif rule == "none" and first_needed is not None:
            chk.error(where, name, f"last year {fiscal_year.label(last)}",
                      f"the horizon {fiscal_year.label(years[-1])} goes beyond the data and the extrapolation rule is 'none'; give more years or an extrapolate rule")
    return out


def _book(chk, f, years, fx_idx) -> OpeningBook | None:
    rows = f.data["rows"]
    if not _columns(chk, f, BOOK_COLUMNS, ("note",)):
        return None
    cols = {k: [] for k in ("cohort_id", "programme", "investor", "currency", "basis", "currency_idx", "face",
                            "issue", "maturity", "coupon", "linked")}
    seen = set()
    coupons = []
    for r in rows:
        line = f"line {r['_line']}"
        cid = r["cohort_id"]
        if not cid:
            chk.error(f.path, f"{line} cohort_id", cid, "every cohort needs an id")
            continue
        if cid in seen:
            chk.error(f.path, f"{line} cohort_id", cid, "duplicate cohort id: ids must be unique")
            continue
        seen.add(cid)
        field = f"{cid} ({line})"
        if r["pool"] != "A":
            chk.error(f.path, f"{field} pool", r["pool"], "the opening book holds pool A cohorts only (pool B is pool_b_debt_hkd_bn)")
            continue
        cur = r["currency"]
        if cur not in CURRENCIES:
            chk.error(f.path, f"{field} currency", cur, f"must be one of {', '.join(CURRENCIES)}")
            continue
        face = chk.number(f.path, f"{field} face_value_bn", _num(r["face_value_bn"]), (0.0, None), (0.0, 200.0), "bn")
        coupon = chk.number(f.path, f"{field} coupon_pct", _num(r["coupon_pct"]), COUPON_PCT[0], COUPON_PCT[1], "% a year")
        if coupon is not None:
            coupons.append(coupon)
        if coupon is not None and 0 < coupon < 0.2:
            chk.warn(f.path, f"{field} coupon_pct", r["coupon_pct"], "looks like a decimal: coupons are in percent (3.85, not 0.0385)")
        try:
            issue = fiscal_year.parse(r["issue_fy"])
            first = fiscal_year.parse(r["maturity_fy_first"])
            last = fiscal_year.parse(r["maturity_fy_last"])
        except ValueError as exc:
            chk.error(f.path, f"{field} issue_fy/maturity_fy", f"{r['issue_fy']}, {r['maturity_fy_first']}, {r['maturity_fy_last']}", str(exc))
            continue
        if not (issue < first <= last):
            chk.error(f.path, f"{field} maturity", f"{r['issue_fy']} -> {r['maturity_fy_first']}..{r['maturity_fy_last']}",
                      "maturity must come after the issue year (tenor of at least one year) and first <= last")
            continue
        if issue >= years[0]:
            chk.error(f.path, f"{field} issue_fy", r["issue_fy"], f"the opening book holds bonds issued before {fiscal_year.label(years[0])}")
            continue
        if last < years[0]:
            chk.warn(f.path, f"{field} maturity_fy_last", r["maturity_fy_last"], "already matured before the first model year: ignored")
            continue
        linked = r["inflation_linked"].strip().lower()
        if linked not in ("yes", "no"):
            chk.error(f.path, f"{field} inflation_linked", r["inflation_linked"], "must be yes or no")
            continue
        if face is None or coupon is None:
            continue
        n = last - first + 1
        for m in range(first, last + 1):
            cols["cohort_id"].append(cid if n == 1 else f"{cid}:{fiscal_year.label(m)}")
            cols["programme"].append(r["programme"])
            cols["investor"].append(r["investor"])
            cols["currency"].append(cur)
            cols["basis"].append(r["basis"])
            cols["currency_idx"].append(fx_idx[cur])
            cols["face"].append(face / n)
            cols["issue"].append(issue)
            cols["maturity"].append(m)
            cols["coupon"].append(coupon / 100.0)
            cols["linked"].append(linked == "yes")
    _decimal_confusion(chk, f.path, "coupon_pct", coupons, "coupon")
    return OpeningBook(
        cohort_id=tuple(cols["cohort_id"]), programme=tuple(cols["programme"]), investor=tuple(cols["investor"]),
        currency=tuple(cols["currency"]), basis=tuple(cols["basis"]),
        currency_idx=np.array(cols["currency_idx"], dtype=int), face_fc=np.array(cols["face"], dtype=float),
        issue_year=np.array(cols["issue"], dtype=int), maturity_year=np.array(cols["maturity"], dtype=int),
        coupon=np.array(cols["coupon"], dtype=float), inflation_linked=np.array(cols["linked"], dtype=bool))


def _columns(chk, f, required, optional) -> bool:
    """Check a CSV header: every required column present, no unknown or repeated column (with a did-you-mean)."""
    header = f.data["header"]
    ok = True
    for c in sorted({h for h in header if header.count(h) > 1}):
        chk.error(f.path, f"header column {c!r}", c, "duplicate column name")
        ok = False
    unknown = [h for h in header if h not in required and h not in optional]
    for h in unknown:
        close = difflib.get_close_matches(h, [c for c in required if c not in header] or list(required), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        chk.error(f.path, f"header column {h!r}", h, f"unknown column{hint}")
        ok = False
    missing = [c for c in required if c not in header]
    if missing:
        chk.error(f.path, "header", ", ".join(missing), "missing columns")
        ok = False
    return ok


def _decimal_confusion(chk, where, field, values, what):
    """Every rate below 0.2%: the column was almost surely typed as decimals (0.0385 for 3.85%)."""
    nonzero = [v for v in values if v]
    if nonzero and all(0 < abs(v) < 0.2 for v in nonzero):
        chk.error(where, field, ", ".join(f"{v:g}" for v in nonzero[:5]) + (", ..." if len(nonzero) > 5 else ""),
                  f"every {what} is below 0.2: they are in percent, e.g. 3.85 for 3.85%, not 0.0385")


def _num(text):
    """CSV cells are text: convert what looks numeric, keep the rest for the error message."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def _mix(chk, where, entry) -> IssueMix | None:
    buckets = entry.get("buckets") if isinstance(entry, dict) else None
    if not isinstance(buckets, list) or not buckets:
        chk.error(where, "new_issue_mix.buckets", None, "expected a list of buckets")
        return None
    cols = {k: [] for k in ("bucket", "investor", "currency", "share", "tenor", "yield", "linked")}
    names = set()
    yields = []
    for i, b in enumerate(buckets):
        field = f"new_issue_mix.buckets[{i}]"
        if not isinstance(b, dict):
            chk.error(where, field, b, "expected a mapping")
            continue
        name = str(b.get("bucket", f"#{i}"))
        field = f"new_issue_mix[{name}]"
        if name in names:
            chk.error(where, f"{field}.bucket", name, "duplicate bucket name")
        names.add(name)
        cur = b.get("currency")
        if cur not in CURRENCIES:
            chk.error(where, f"{field}.currency", cur, f"must be one of {', '.join(CURRENCIES)}")
            continue
        for k in b:
            if k not in MIX_KEYS:
                close = difflib.get_close_matches(str(k), MIX_KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                chk.error(where, f"{field}.{k}", None, f"unknown key{hint}; allowed: {', '.join(MIX_KEYS)}")
        share = chk.number(where, f"{field}.share", b.get("share"), (0.0, 1.0), (0.0, 1.0), "(a share, 0 to 1)")
        tenor = chk.number(where, f"{field}.tenor_years", b.get("tenor_years"), TENOR_YEARS, TENOR_YEARS, "years")
        if tenor is not None and tenor != int(tenor):
            chk.error(where, f"{field}.tenor_years", b.get("tenor_years"), "a whole number of years")
            tenor = None
        if b.get("tenor_years") == 0:
            tenor = None
        y = chk.number(where, f"{field}.yield_pct", b.get("yield_pct"), YIELD_PCT[0], YIELD_PCT[1], "% a year")
        if y is not None:
            yields.append(y)
        if y is not None and 0 < y < 0.2:
            chk.warn(where, f"{field}.yield_pct", b.get("yield_pct"), "looks like a decimal: yields are in percent (3.85, not 0.0385)")
        linked = b.get("inflation_linked", False)
        if not isinstance(linked, bool):
            chk.error(where, f"{field}.inflation_linked", linked, "must be true or false (not yes/no, which finmodel reads as text)")
            continue
        if None in (share, tenor, y):
            continue
        cols["bucket"].append(name)
        cols["investor"].append(str(b.get("investor", "institutional")))
        cols["currency"].append(cur)
        cols["share"].append(share)
        cols["tenor"].append(int(tenor))
        cols["yield"].append(y / 100.0)
        cols["linked"].append(linked)
    _decimal_confusion(chk, where, "new_issue_mix.yield_pct", yields, "yield")
    total = sum(cols["share"])
    if cols["share"] and len(cols["share"]) == len(buckets) and abs(total - 1.0) > 1e-9:
        chk.error(where, "new_issue_mix shares", round(total, 12), "shares must add up to 1")
    return IssueMix(bucket=tuple(cols["bucket"]), investor=tuple(cols["investor"]), currency=tuple(cols["currency"]),
                    currency_idx=np.array([CURRENCIES.index(c) for c in cols["currency"]], dtype=int),
                    share=np.array(cols["share"]), tenor_years=np.array(cols["tenor"], dtype=int),
                    yield_rate=np.array(cols["yield"]), inflation_linked=np.array(cols["linked"], dtype=bool))


def _peers(chk, f):
    if not _columns(chk, f, PEER_COLUMNS, ("confidence", "note")):
        return ()
    out = []
    for r in f.data["rows"]:
        row = {k: v for k, v in r.items() if k != "_line"}
        if row["value"]:
            v = chk.number(f.path, f"line {r['_line']} value", _num(row["value"]), (0.0, None), (0.0, 400.0))
            row["value"] = v
        else:
            row["value"] = None
        out.append(row)
    return tuple(out)


def _warn_overlaps(chk, w, rules: dict, levels: dict, level_name: str, skip_first: bool = False):
    """Warn where a rule parameter is given for a year whose level is given too: the level wins, the rule is unused."""
    for name, vals in rules.items():
        unused = [y for y in vals if y in levels and (not skip_first or (y - 1) in levels)]
        if unused and w(name):
            chk.warn(w(name), name, ", ".join(fiscal_year.labels(sorted(unused))),
                     f"not used: {level_name} is given for these years and takes precedence")


def _check_day_one(chk, w, book, fx, years, ceiling0, plans):
    """The first year is the Budget's revised estimate: its issuance must fit under the ceiling.

    debt at the end of year 0 = opening debt - redemptions in year 0 + issuance in year 0 <= ceiling.
    Otherwise the cap would silently cut a recorded figure (or the breach policy start above it).
    """
    alive = (book.issue_year < years[0]) & (book.maturity_year >= years[0])
    fx0 = fx[0, book.currency_idx]
    opening = float(np.sum(book.face_fc[alive] * fx0[alive]))
    redeemed = float(np.sum(book.face_fc[book.maturity_year == years[0]] * fx0[book.maturity_year == years[0]]))
    label0 = fiscal_year.label(years[0])
    if opening > ceiling0 + 1e-9:
        chk.error(w("ceiling_hkd_bn"), f"ceiling_hkd_bn[{label0}]", ceiling0,
                  f"below the opening book's {opening:,.1f} outstanding on day one: the ceiling must be at least the debt already issued")
        return
    for name, path in sorted(plans.items()):
        if np.isnan(path[0]):
            continue
        end = opening - redeemed + path[0]
        if end > ceiling0 + 1e-9:
            chk.error(w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.{name}[{label0}]", path[0],
                      f"issuance above the ceiling on day one: {opening:,.1f} outstanding - {redeemed:,.1f} redeemed + "
                      f"{path[0]:g} issued = {end:,.1f} > ceiling {ceiling0:g}; at most {ceiling0 - opening + redeemed:,.1f}")


def validate(raw: RawInputs, horizon: int = MRF_LAST_YEAR, plan: str = "central", prior=()) -> Assumptions:
    """Check every input and build the Assumptions for years 2025-26 .. `horizon`; raise InputError listing all problems.

    prior: problems already found while reading (files that could not be parsed); they are
    reported together with the problems found here.
    """
    chk = _Checker()
    chk.problems.extend(prior)
    if not OPENING_YEAR + 1 <= horizon <= 2100:
        chk.error("--horizon", "horizon", fiscal_year.label(horizon),
                  f"must be {fiscal_year.label(OPENING_YEAR + 1)} to {fiscal_year.label(2100)}")
        horizon = MRF_LAST_YEAR  # check the files anyway, on the official horizon
    years = np.arange(OPENING_YEAR, horizon + 1)
    inp = _Inputs(raw, chk)
    w = inp.where.get

    gdp_vals, _ = inp.by_year("nominal_gdp_hkd_bn")
    gdp_known = "nominal_gdp_hkd_bn" not in chk.rejected
    if gdp_known and OPENING_YEAR not in gdp_vals:
        chk.error(w("nominal_gdp_hkd_bn"), "nominal_gdp_hkd_bn", ", ".join(fiscal_year.labels(sorted(gdp_vals))) or None,
                  f"the first value must be for {fiscal_year.label(OPENING_YEAR)}")
    gdp_known = gdp_known and OPENING_YEAR in gdp_vals
    last_gdp = max(gdp_vals) if gdp_vals else OPENING_YEAR
    rg_vals, rg_rule = inp.by_year("real_growth_pct")
    df_vals, df_rule = inp.by_year("deflator_pct")
    growth_from = last_gdp + 1 if gdp_known else None
    real = _fill(chk, w("real_growth_pct"), "real_growth_pct", rg_vals, rg_rule, years, growth_from)
    defl = _fill(chk, w("deflator_pct"), "deflator_pct", df_vals, df_rule, years, growth_from)
    growth = np.zeros(len(years))
    for i, y in enumerate(years):
        if i == 0:
            continue
        if y in gdp_vals and (y - 1) in gdp_vals:
            growth[i] = gdp_vals[y] / gdp_vals[y - 1] - 1.0
        else:
            growth[i] = (1 + real[i] / 100) * (1 + defl[i] / 100) - 1.0
    inf_vals, inf_rule = inp.by_year("inflation_pct")
    inflation = _fill(chk, w("inflation_pct"), "inflation_pct", inf_vals, inf_rule, years, OPENING_YEAR) / 100

    rev_vals, _ = inp.by_year("budget_revenue_hkd_bn")
    exp_vals, _ = inp.by_year("budget_expenditure_hkd_bn")
    if set(rev_vals) != set(exp_vals):
        chk.error(w("budget_expenditure_hkd_bn"), "budget_expenditure_hkd_bn", ", ".join(fiscal_year.labels(sorted(exp_vals))),
                  "must be given for the same years as budget_revenue_hkd_bn")
    anchors = sorted(set(rev_vals) & set(exp_vals))
    if not anchors or anchors[0] != OPENING_YEAR:
        chk.error(w("budget_revenue_hkd_bn") or "fiscal.yaml", "budget_revenue_hkd_bn", None, f"the Budget totals must start with {fiscal_year.label(OPENING_YEAR)} (the revised estimate)")
    n_anchor = len([y for y in anchors if y <= horizon])
    budget_rev = _fill(chk, w("budget_revenue_hkd_bn"), "budget_revenue_hkd_bn", rev_vals, "zero", years, OPENING_YEAR, pct_is_nan=True)
    budget_exp = _fill(chk, w("budget_expenditure_hkd_bn"), "budget_expenditure_hkd_bn", exp_vals, "zero", years, OPENING_YEAR, pct_is_nan=True)

    land_vals, _ = inp.by_year("land_premium_hkd_bn")
    lp_vals, lp_rule = inp.by_year("land_premium_pct_gdp")
    land_fixed = np.array([land_vals.get(int(y), np.nan) for y in years])
    land_share = _fill(chk, w("land_premium_pct_gdp"), "land_premium_pct_gdp", lp_vals, lp_rule, years, None) / 100
    gaps = [fiscal_year.label(y) for i, y in enumerate(years) if np.isnan(land_fixed[i]) and np.isnan(land_share[i])]
    if gaps:
        chk.error(w("land_premium_pct_gdp") or "fiscal.yaml", "land_premium", ", ".join(gaps), "each year needs land_premium_hkd_bn or land_premium_pct_gdp")

    oo_vals, _ = inp.by_year("one_off_receipts_hkd_bn")
    one_off = np.array([oo_vals.get(int(y), 0.0) for y in years])
    mt_vals, mt_rule = inp.by_year("minimum_tax_hkd_bn")
    min_tax = _fill(chk, w("minimum_tax_hkd_bn"), "minimum_tax_hkd_bn", mt_vals, mt_rule, years, OPENING_YEAR)
    elasticity = inp.scalar("other_revenue_gdp_elasticity")
    ir_vals, ir_rule = inp.by_year("investment_income_rate_pct")
    inv_rate = _fill(chk, w("investment_income_rate_pct"), "investment_income_rate_pct", ir_vals, ir_rule, years, OPENING_YEAR) / 100

    rec_vals, _ = inp.by_year("recurrent_expenditure_hkd_bn")
    rec_fixed = np.array([rec_vals.get(int(y), np.nan) for y in years])
    for y in anchors:
        if y not in rec_vals:
            chk.error(w("recurrent_expenditure_hkd_bn"), f"recurrent_expenditure_hkd_bn[{fiscal_year.label(y)}]", None, "needed for every year with a Budget total")
    rgw_vals, rgw_rule = inp.by_year("recurrent_growth_pct")
    first_growth = max(rec_vals) + 1 if rec_vals else OPENING_YEAR + 1
    rec_growth = _fill(chk, w("recurrent_growth_pct"), "recurrent_growth_pct", rgw_vals, rgw_rule, years, first_growth) / 100
    cw_vals, cw_rule = inp.by_year("capital_works_hkd_bn")
    capex = _fill(chk, w("capital_works_hkd_bn"), "capital_works_hkd_bn", cw_vals, cw_rule, years, OPENING_YEAR)
    oc_vals, oc_rule = inp.by_year("other_capital_pct_gdp")
    oc_share = np.array([oc_vals.get(int(y), np.nan) for y in years]) / 100
    if oc_rule == "hold_last" and oc_vals:
        oc_share[years > max(oc_vals)] = oc_vals[max(oc_vals)] / 100

    ceil_vals, ceil_rule = inp.by_year("ceiling_hkd_bn")
    ceiling = _fill(chk, w("ceiling_hkd_bn"), "ceiling_hkd_bn", ceil_vals, ceil_rule, years, OPENING_YEAR)
    band_low = inp.scalar("band_low_pct")
    band_high = inp.scalar("band_high_pct")
    if band_low is not None and band_high is not None and band_low >= band_high:
        chk.error(w("band_high_pct"), "band_high_pct", band_high, f"must be above band_low_pct ({band_low:g})")

    plans = {}
    pe = inp.entry("issuance_plan_hkd_bn")
    if pe is not None:
        p = BY_NAME["issuance_plan_hkd_bn"]
        rule = pe.get("extrapolate", "hold_last")
        if rule not in p.extrapolate:
            chk.error(w("issuance_plan_hkd_bn"), "issuance_plan_hkd_bn.extrapolate", rule, f"must be one of {', '.join(p.extrapolate)}")
        raw_plans = pe.get("plans")
        if not isinstance(raw_plans, dict):
            chk.error(w("issuance_plan_hkd_bn"), "issuance_plan_hkd_bn.plans", raw_plans, "expected plans low, central and high")
            raw_plans = {}
        for name in PLANS:
            if name not in raw_plans:
                chk.error(w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.plans.{name}", None, "missing plan")
                continue
            vals = _year_map(chk, w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.{name}", raw_plans[name], p)
            plans[name] = _fill(chk, w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.{name}", vals, rule, years, OPENING_YEAR)
        for name in raw_plans:
            if name not in PLANS:
                chk.error(w("issuance_plan_hkd_bn"), f"issuance_plan_hkd_bn.plans.{name}", None, f"unknown plan; allowed: {', '.join(PLANS)}")
    if plan not in PLANS:
        chk.error("--issuance", "issuance", plan, f"must be one of {', '.join(PLANS)}")

    rule = inp.choice("financing_rule")
    policy = inp.choice("ceiling_policy")
    floor = inp.scalar("reserves_floor_hkd_bn")
    pool_b = inp.scalar("pool_b_debt_hkd_bn")
    reserves0 = inp.scalar("opening_fiscal_reserves_hkd_bn")

    fx = np.ones((len(years), len(CURRENCIES)))
    fxe = inp.entry("fx_hkd_per_unit")
    fx_idx = {c: i for i, c in enumerate(CURRENCIES)}
    if fxe is not None:
        vals = fxe.get("values")
        if not isinstance(vals, dict):
            chk.error(w("fx_hkd_per_unit"), "fx_hkd_per_unit.values", vals, f"expected HK$ per unit for {', '.join(CURRENCIES)}")
        else:
            for c in CURRENCIES:
                if c not in vals:
                    chk.error(w("fx_hkd_per_unit"), f"fx_hkd_per_unit[{c}]", None, "missing currency")
                    continue
                x = chk.number(w("fx_hkd_per_unit"), f"fx_hkd_per_unit[{c}]", vals[c], (0.0, None), (0.01, 100.0), "HK$ per unit")
                if x is not None:
                    if x == 0:
                        chk.error(w("fx_hkd_per_unit"), f"fx_hkd_per_unit[{c}]", vals[c], "must be above 0")
                    fx[:, fx_idx[c]] = x
            if vals.get("HKD", 1.0) != 1.0:
                chk.error(w("fx_hkd_per_unit"), "fx_hkd_per_unit[HKD]", vals.get("HKD"), "must be 1.0")
            if "USD" in vals and isinstance(vals["USD"], (int, float)) and not 7.75 <= vals["USD"] <= 7.85:
                chk.warn(w("fx_hkd_per_unit"), "fx_hkd_per_unit[USD]", vals["USD"], "outside the Linked Exchange Rate band 7.75-7.85")
            for c in vals:
                if c not in CURRENCIES:
                    chk.error(w("fx_hkd_per_unit"), f"fx_hkd_per_unit[{c}]", None, f"unknown currency; allowed: {', '.join(CURRENCIES)}")

    mix = _mix(chk, w("new_issue_mix"), inp.entry("new_issue_mix")) if inp.entry("new_issue_mix") is not None else None
    book = _book(chk, raw.files["opening_book.csv"], years, fx_idx) if "opening_book.csv" in raw.files else None
    if "opening_book.csv" not in raw.files and not any("opening_book.csv" in p.where for p in chk.problems):
        chk.error("opening_book.csv", "", None, "file not found")
    peers = _peers(chk, raw.files["peers.csv"]) if "peers.csv" in raw.files else ()

    alive0 = (book.issue_year < years[0]) & (book.maturity_year >= years[0]) if book is not None else None
    if book is not None and not np.sum(book.face_fc[alive0]) > 0:
        chk.error(raw.files["opening_book.csv"].path, "face_value_bn", f"{np.sum(book.face_fc[alive0]):g} outstanding",
                  f"no bond outstanding at the start of {fiscal_year.label(years[0])}: the opening book needs pool A bonds "
                  "(the effective interest rate and the debt dynamics divide by the opening debt)")
        book = None
    for y in anchors:
        if y in oo_vals and y in rev_vals and oo_vals[y] >= rev_vals[y]:
            chk.error(w("one_off_receipts_hkd_bn"), f"one_off_receipts_hkd_bn[{fiscal_year.label(y)}]", oo_vals[y],
                      f"must be below the year's total revenue ({rev_vals[y]:g}): recurring revenue would be zero or negative")
    if book is not None and ceil_vals and not np.isnan(ceiling[0]):
        _check_day_one(chk, w, book, fx, years, ceiling[0], plans)

    _warn_overlaps(chk, w, {"real_growth_pct": rg_vals, "deflator_pct": df_vals}, gdp_vals, "nominal_gdp_hkd_bn", skip_first=True)
    _warn_overlaps(chk, w, {"land_premium_pct_gdp": lp_vals}, land_vals, "land_premium_hkd_bn")
    _warn_overlaps(chk, w, {"recurrent_growth_pct": rgw_vals}, rec_vals, "recurrent_expenditure_hkd_bn")

    # Problems without a file are consequences of a field or file already reported missing.
    chk.problems = [p for p in chk.problems if p.where]
    errors = [p for p in chk.problems if p.severity == "error"]
    if errors:
        raise InputError(chk.problems)

    a = Assumptions(
        years=years, mrf_last_year=MRF_LAST_YEAR, n_anchor=n_anchor, gdp0_hkd_bn=gdp_vals[OPENING_YEAR],
        nominal_growth=growth, inflation=inflation, land_fixed_hkd_bn=land_fixed, land_share_gdp=land_share,
        one_off_hkd_bn=one_off, minimum_tax_fixed_hkd_bn=min_tax, other_revenue_elasticity=elasticity,
        budget_revenue_hkd_bn=budget_rev, budget_expenditure_hkd_bn=budget_exp,
        other_revenue_fixed_hkd_bn=np.full(len(years), np.nan), other_capital_fixed_hkd_bn=np.full(len(years), np.nan),
        other_capital_share_gdp=oc_share, investment_rate=inv_rate, recurrent_fixed_hkd_bn=rec_fixed,
        recurrent_growth=rec_growth, capital_works_fixed_hkd_bn=capex, ceiling_hkd_bn=ceiling,
        band_low_pct=band_low, band_high_pct=band_high, plans=plans, plan_name=plan,
        issuance_plan_hkd_bn=plans[plan], financing_rule=rule, ceiling_policy=policy, reserves_floor_hkd_bn=floor,
        fx=fx, mix=mix, book=book, opening_reserves_hkd_bn=reserves0, pool_b_hkd_bn=pool_b, peers=peers,
        provenance=inp.provenance, input_hashes=raw.hashes(),
        warnings=tuple(p for p in chk.problems if p.severity != "error"))
    return a
