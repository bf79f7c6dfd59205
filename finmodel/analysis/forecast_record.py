"""The Government's forecast record: what past Budgets forecast for fiscal reserves against what was held.

Read from three history tables (`hk_mrf_track_record.csv`, `hk_fiscal_reserves_outturn.csv`,
`hk_fiscal_reserves_breaks.csv`) and the consolidated-balance rows of `hk_budget_estimates.csv`.

A Budget of fiscal year B-(B+1) (presented in February or March of B) forecasts the
reserves at 31 March of year F; its horizon is h = F - B years (the budget year itself is h = 1,
the end of its five-year Medium Range Forecast h = 5). Each forecast with an outturn gives a
relative error, the outturn against the central projection made at the time:

    e = R_outturn / R_forecast - 1                [%; e > 0: an under-forecast]

Only `actual` outturns count; a later revised estimate (31 March 2026) is listed, not counted.
A pair whose window spans a change in what "fiscal reserves" cover (one that took effect in a fiscal year
after the Budget's own and before the date forecast for: B < Y < F) names the change.

The one-year consolidated-balance errors (estimate in the Budget, revised estimate a year later)
are put on the same footing, as the error they imply in year-end reserves:

    e_B = (B_revised - B_estimate) / (R_open + B_estimate)   [R_open: reserves at 31 March of B]

(reserves move by the consolidated balance within a year; the denominator is the year-end
reserves the Budget's estimate implies).
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from finmodel.inputs import history
from finmodel.translation import gettext as _

TABLES = ("hk_mrf_track_record", "hk_fiscal_reserves_outturn", "hk_fiscal_reserves_breaks", "hk_budget_estimates")
THIN_PAIRS = 5            # a horizon with fewer pairs is reported as thin
RESERVES = "fiscal_reserves_end"


@dataclass(frozen=True)
class ForecastRecord:
    """The record, as tidy tables: tuples of rows ({column: value}), the rows of the CSV files `simulate` writes.

    pairs: one row per reserves forecast (budget, forecast_for, horizon_years, forecast_hkd_bn,
    outturn_hkd_bn, outturn_kind, counted, error_hkd_bn, error_pct, breaks, confidence, source_id;
    NaN where there is no outturn), by horizon then Budget;
    by_horizon: per horizon, the distribution of the counted errors (`error_distribution`);
    balance: one row per fiscal year with an estimated and a revised consolidated balance
    (estimate_hkd_bn, revised_hkd_bn, opening_reserves_hkd_bn, error_hkd_bn, error_pct);
    breaks: the rows of hk_fiscal_reserves_breaks.csv.
    """

    pairs: tuple
    by_horizon: tuple
    balance: tuple
    breaks: tuple

    def errors(self, horizon: int) -> np.ndarray:
        """The counted relative errors (%) at one horizon, in the order of the Budgets."""
        return np.array([r["error_pct"] for r in self.pairs if r["counted"] and r["horizon_years"] == horizon], dtype=float)

    def balance_errors(self) -> np.ndarray:
        """The one-year consolidated-balance errors as errors of year-end reserves (%)."""
        return np.array([r["error_pct"] for r in self.balance], dtype=float)

    def at_horizon(self, horizon: int) -> dict | None:
        """The row of `by_horizon` at `horizon`, or None."""
        return next((r for r in self.by_horizon if r["horizon_years"] == horizon), None)

    def sentence(self, horizon: int = 5) -> str:
        """One sentence for the brief: the median absolute miss at `horizon` and the number of Budgets."""
        r = self.at_horizon(horizon)
        if r is None or not r["n_pairs"]:
            return ""
        return _("%(years_out)s, past Budgets' reserve forecasts missed by a median %(median)s%% (%(n)s Budgets; %(under)s "
                 "under-forecasts; range %(low)s%% to %(high)s%%).", years_out=_years_out(horizon),
                 median=f"{r['median_abs_error_pct']:.0f}", n=int(r["n_pairs"]), under=int(r["n_under_forecasts"]),
                 low=f"{r['min_error_pct']:+.0f}", high=f"{r['max_error_pct']:+.0f}")


def _years_out(h: int) -> str:
    words = {1: _("One year out"), 2: _("Two years out"), 3: _("Three years out"), 4: _("Four years out"), 5: _("Five years out")}
    return words.get(h, _("%(n)s years out", n=h))


def load(root=history.HISTORY_DIR) -> ForecastRecord:
    """Read and check the tables in `root` and pair every forecast with its outturn."""
    history.check(root, TABLES)
    track = history.read_rows("hk_mrf_track_record", root)
    outturn = history.read_rows("hk_fiscal_reserves_outturn", root)
    breaks = history.read_rows("hk_fiscal_reserves_breaks", root)
    estimates = history.read_rows("hk_budget_estimates", root)
    if not any(r["item"] == RESERVES and r["value_hkd_bn"] is not None for r in track):
        from finmodel.inputs.errors import InputError, Problem

        raise InputError([Problem(str(Path(root) / "hk_mrf_track_record.csv"), "item", None,
                                  f"no {RESERVES} forecast with a value: the forecast record needs at least one")])
    pairs = reserve_pairs(track, outturn, breaks)
    return ForecastRecord(pairs=pairs, by_horizon=error_distribution(pairs), balance=balance_pairs(estimates, outturn),
                          breaks=breaks)


def _start_year(label) -> int:
    return int(str(label)[:4])


def reserve_pairs(track, outturn, breaks) -> tuple:
    """Every reserves forecast with a value beside the reserves held on the date forecast for (see the module's
    equation): rows of `history.read_rows`' tables in, rows out, by horizon then Budget (NaN where there is no outturn)."""
    held = {o["date"]: o for o in outturn}   # each date once: its checks refuse a date repeated with other content
    rows = []
    for r in track:
        if r["item"] != RESERVES or r["value_hkd_bn"] is None:
            continue
        b, f = _start_year(r["budget"]), int(str(r["forecast_for"])[:4])
        forecast = float(r["value_hkd_bn"])
        o = held.get(r["forecast_for"])
        value = np.nan if o is None else float(o["fiscal_reserves_hkd_bn"])
        spanned = [f"{x['name']} ({x['fiscal_year']})" for x in breaks if b < _start_year(x["fiscal_year"]) < f]
        rows.append({
            "budget": r["budget"], "forecast_for": r["forecast_for"], "horizon_years": f - b, "forecast_hkd_bn": forecast,
            "outturn_hkd_bn": value, "outturn_kind": "" if o is None else o["kind"],
            "counted": o is not None and o["kind"] == "actual",
            "error_hkd_bn": np.nan if o is None else value - forecast,
            "error_pct": np.nan if o is None else 100.0 * (value / forecast - 1.0),
            "breaks": "; ".join(spanned), "confidence": r["confidence"] if o is None else _weaker(r["confidence"], o["confidence"]),
            "source_id": r["source_id"] if o is None else ";".join(s for s in (r["source_id"], o["source_id"]) if s),
        })
    return tuple(sorted(rows, key=lambda r: (r["horizon_years"], r["budget"])))


def _weaker(a: str, b: str) -> str:
    order = ("verified", "secondary", "brief_context", "recalled")
    return max((a, b), key=lambda c: order.index(c) if c in order else len(order))


def error_distribution(pairs) -> tuple:
    """Per horizon with a counted pair: pairs counted, median absolute error, median, mean, min, max, 10th and 90th percentiles (%),
    the under-forecasts (outturn above forecast) and whether the horizon is thin (fewer than THIN_PAIRS pairs)."""
    rows = []
    for h in sorted({int(r["horizon_years"]) for r in pairs if r["counted"]}):
        e = np.array([r["error_pct"] for r in pairs if r["counted"] and r["horizon_years"] == h], dtype=float)
        n = len(e)
        stat = (lambda f: float(f(e)))                                                        # noqa: E731
        rows.append({"horizon_years": h, "n_pairs": n, "median_abs_error_pct": stat(lambda x: np.median(np.abs(x))),
                     "median_error_pct": stat(np.median), "mean_error_pct": stat(np.mean), "min_error_pct": stat(np.min),
                     "max_error_pct": stat(np.max), "p10_error_pct": stat(lambda x: np.percentile(x, 10)),
                     "p90_error_pct": stat(lambda x: np.percentile(x, 90)), "n_under_forecasts": int(np.sum(e > 0)),
                     "thin": bool(n < THIN_PAIRS)})
    return tuple(rows)


def balance_pairs(estimates, outturn) -> tuple:
    """Consolidated balance: Budget estimate against the revised estimate a year later, as year-end reserves errors."""
    def by_year(kind) -> dict:
        return {r["fiscal_year"]: r["value"] for r in estimates if r["item"] == "consolidated_balance" and r["kind"] == kind}

    est, rev = by_year("estimate"), by_year("revised")
    held = {r["date"]: r["fiscal_reserves_hkd_bn"] for r in outturn if r["kind"] == "actual"}
    rows = []
    for fy in sorted(set(est) & set(rev)):
        opening = held.get(f"{_start_year(fy)}-03-31")
        if opening is None:
            continue
        e, r = float(est[fy]), float(rev[fy])
        rows.append({"fiscal_year": fy, "estimate_hkd_bn": e, "revised_hkd_bn": r, "opening_reserves_hkd_bn": float(opening),
                     "error_hkd_bn": r - e, "error_pct": 100.0 * (r - e) / (float(opening) + e)})
    return tuple(rows)


@dataclass(frozen=True)
class RecordLine:
    """The forecast record's one sentence for `project`'s brief, and the SHA-256 of the tables it rests on."""

    sentence: str
    horizon_years: int
    input_sha256: dict

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "horizon_years": self.horizon_years, "input_sha256": dict(self.input_sha256)}


def record_line(root, horizon: int = 5):
    """The record's sentence at `horizon` years (`ForecastRecord.sentence`) when `root` holds the record's tables; None
    when it holds none of them (a workbook's inputs without history/ beside it: the brief then omits the sentence).
    A folder holding some of them is checked like any history folder (the missing ones named)."""
    root = Path(root)
    if not any((root / f"{name}.csv").is_file() for name in TABLES):
        return None
    record = load(root)
    return RecordLine(record.sentence(horizon), horizon, history.hashes(root, TABLES))
