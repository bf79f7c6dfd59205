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
    """The record, as tidy frames.

    pairs: one row per reserves forecast (budget, forecast_for, horizon_years, forecast_hkd_bn,
    outturn_hkd_bn, outturn_kind, counted, error_hkd_bn, error_pct, breaks, confidence, source_id);
    by_horizon: per horizon, the distribution of the counted errors (`error_distribution`);
    balance: one row per fiscal year with an estimated and a revised consolidated balance
    (estimate_hkd_bn, revised_hkd_bn, opening_reserves_hkd_bn, error_hkd_bn, error_pct).
    """

    pairs: object
    by_horizon: object
    balance: object
    breaks: object

    def errors(self, horizon: int) -> np.ndarray:
        """The counted relative errors (%) at one horizon, in the order of the Budgets."""
        p = self.pairs
        return p.loc[p["counted"] & (p["horizon_years"] == horizon), "error_pct"].to_numpy(dtype=float)

    def balance_errors(self) -> np.ndarray:
        """The one-year consolidated-balance errors as errors of year-end reserves (%)."""
        return self.balance["error_pct"].to_numpy(dtype=float)

    def sentence(self, horizon: int = 5) -> str:
        """One sentence for the brief: the median absolute miss at `horizon` and the number of Budgets."""
        row = self.by_horizon[self.by_horizon["horizon_years"] == horizon]
        if row.empty or not int(row["n_pairs"].iloc[0]):
            return ""
        r = row.iloc[0]
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
    track = history.read_table("hk_mrf_track_record", root)
    outturn = history.read_table("hk_fiscal_reserves_outturn", root)
    breaks = history.read_table("hk_fiscal_reserves_breaks", root)
    estimates = history.read_table("hk_budget_estimates", root)
    if not ((track["item"] == RESERVES) & track["value_hkd_bn"].notna()).any():
        from finmodel.inputs.errors import InputError, Problem

        raise InputError([Problem(str(Path(root) / "hk_mrf_track_record.csv"), "item", None,
                                  f"no {RESERVES} forecast with a value: the forecast record needs at least one")])
    pairs = reserve_pairs(track, outturn, breaks)
    return ForecastRecord(pairs=pairs, by_horizon=error_distribution(pairs), balance=balance_pairs(estimates, outturn),
                          breaks=breaks)


def _start_year(label) -> int:
    return int(str(label)[:4])


def reserve_pairs(track, outturn, breaks):
    """Every reserves forecast with a value beside the reserves held on the date forecast for (see the module's equation)."""
    import pandas as pd

    held = outturn.set_index("date")
    rows = []
    for _, r in track[(track["item"] == RESERVES) & track["value_hkd_bn"].notna()].iterrows():
        b, f = _start_year(r["budget"]), int(str(r["forecast_for"])[:4])
        forecast = float(r["value_hkd_bn"])
        o = held.loc[r["forecast_for"]] if r["forecast_for"] in held.index else None
        value = None if o is None else float(o["fiscal_reserves_hkd_bn"])
        spanned = [f"{n} ({y})" for y, n in zip(breaks["fiscal_year"], breaks["name"]) if b < _start_year(y) < f]
        rows.append({
            "budget": r["budget"], "forecast_for": r["forecast_for"], "horizon_years": f - b, "forecast_hkd_bn": forecast,
            "outturn_hkd_bn": value, "outturn_kind": "" if o is None else o["kind"],
            "counted": o is not None and o["kind"] == "actual",
            "error_hkd_bn": None if value is None else value - forecast,
            "error_pct": None if value is None else 100.0 * (value / forecast - 1.0),
            "breaks": "; ".join(spanned), "confidence": r["confidence"] if o is None else _weaker(r["confidence"], o["confidence"]),
            "source_id": r["source_id"] if o is None else f"{r['source_id']};{o['source_id']}",
        })
    frame = pd.DataFrame(rows).sort_values(["horizon_years", "budget"], kind="stable").reset_index(drop=True)
    frame["counted"] = frame["counted"].astype(bool)
    return frame


def _weaker(a: str, b: str) -> str:
    order = ("verified", "secondary", "brief_context", "recalled")
    return max((a, b), key=lambda c: order.index(c) if c in order else len(order))


def error_distribution(pairs):
    """Per horizon with a counted pair: pairs counted, median absolute error, median, mean, min, max, 10th and 90th percentiles (%),
    the under-forecasts (outturn above forecast) and whether the horizon is thin (fewer than THIN_PAIRS pairs)."""
    import pandas as pd

    rows = []
    for h in sorted(set(int(x) for x in pairs.loc[pairs["counted"], "horizon_years"])):
        e = pairs.loc[pairs["counted"] & (pairs["horizon_years"] == h), "error_pct"].to_numpy(dtype=float)
        n = len(e)
        stat = (lambda f: float(f(e)))                                                        # noqa: E731
        rows.append({"horizon_years": h, "n_pairs": n, "median_abs_error_pct": stat(lambda x: np.median(np.abs(x))),
                     "median_error_pct": stat(np.median), "mean_error_pct": stat(np.mean), "min_error_pct": stat(np.min),
                     "max_error_pct": stat(np.max), "p10_error_pct": stat(lambda x: np.percentile(x, 10)),
                     "p90_error_pct": stat(lambda x: np.percentile(x, 90)), "n_under_forecasts": int(np.sum(e > 0)),
                     "thin": bool(n < THIN_PAIRS)})
    return pd.DataFrame(rows)


def balance_pairs(estimates, outturn):
    """Consolidated balance: Budget estimate against the revised estimate a year later, as year-end reserves errors."""
    import pandas as pd

    bal = estimates[estimates["item"] == "consolidated_balance"]
    est = bal[bal["kind"] == "estimate"].set_index("fiscal_year")["value"]
    rev = bal[bal["kind"] == "revised"].set_index("fiscal_year")["value"]
    held = outturn[outturn["kind"] == "actual"].set_index("date")["fiscal_reserves_hkd_bn"]
    rows = []
    for fy in sorted(set(est.index) & set(rev.index)):
        opening = held.get(f"{_start_year(fy)}-03-31")
        if opening is None:
            continue
        e, r = float(est[fy]), float(rev[fy])
        rows.append({"fiscal_year": fy, "estimate_hkd_bn": e, "revised_hkd_bn": r, "opening_reserves_hkd_bn": float(opening),
                     "error_hkd_bn": r - e, "error_pct": 100.0 * (r - e) / (float(opening) + e)})
    return pd.DataFrame(rows, columns=["fiscal_year", "estimate_hkd_bn", "revised_hkd_bn", "opening_reserves_hkd_bn",
                                       "error_hkd_bn", "error_pct"])


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
