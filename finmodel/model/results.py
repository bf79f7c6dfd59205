"""Results: the engine's arrays as tidy pandas frames indexed by fiscal year (and path).

Exporters and the CLI read only this object; it computes nothing the engine did not, except the
debt-profile indicators (`finmodel.model.debt_profile`), which it derives from the engine's bond book
when it is built, so that batches and Monte Carlo runs that never print them do not pay for them.
"""

import copy
from dataclasses import replace

import numpy as np
import pandas as pd

from finmodel import fiscal_year
from finmodel.inputs.schema import (
    PEER_GG_DEBT,
    PEER_GG_INTEREST_GDP,
    PEER_GG_INTEREST_REVENUE,
    PEER_INDICATORS,
)
from finmodel.model import budget_plan, debt_profile, plan_text, verdicts
from finmodel.model.engine import project
from finmodel.model.engine_result import EngineResult
from finmodel.model.variables import OUTTURN_ADJUSTMENT, OUTTURN_ADJUSTMENT_AFTER, PROJECTION_COLUMNS
from finmodel.translation import gettext as _, money, term
from finmodel.version import __version__

HK_POOL_A_DEBT = "pool A government bonds (GSBP + IBP, under the HK${ceiling}bn ceiling), % of fiscal-year GDP"  # the inputs' ceiling
HK_INTEREST_RECURRING = "interest on pools A + B / recurring revenue (total revenue less one-off receipts)"
PEER_OUTPUT_COLUMNS = ["country", "indicator", "unit", "year", "value", "definition", "vintage", "source", "confidence", "status", "note"]


def peer_comparisons(peers: pd.DataFrame) -> list:
    """The comparisons a chart draws: for each measure, its definitions in order, each with the rows that share it.

    Returns [(indicator, [(definition, rows frame), ...]), ...]. Bars are compared only within one
    definition: a row joins a comparison only if its definition is that comparison's, word for word.
    """
    out = []
    for indicator in dict.fromkeys(peers["indicator"]):
        m = peers[peers["indicator"] == indicator]
        out.append((indicator, [(d, m[m["definition"] == d]) for d in dict.fromkeys(m["definition"])]))
    return out


PROFILE_COLUMNS = ("average_maturity_years", "short_term_debt_share_pct", "fx_debt_share_pct")


def with_debt_profile(arrays: EngineResult, assumptions) -> EngineResult:
    """The engine's result with the three debt-profile indicators filled in (a new result; computed once)."""
    if all(getattr(arrays, c) is not None for c in PROFILE_COLUMNS):
        return arrays
    profile = debt_profile.indicators(arrays, assumptions)
    return replace(arrays, **{c: profile[c] for c in PROFILE_COLUMNS})


def budget_views(assumptions, arrays: EngineResult) -> dict | None:
    """The run's two views against the Budget: {"budget": with the fitted measures, "passive": with none}; path 0, no shocks.

    Each is the engine's result for the run's assumptions with `unidentified_measures_hkd_bn` replaced
    (the run's own result when it already has those measures and one path). None without a Budget plan.
    Computed where the run is made (`finmodel.model.pipeline.run`), so that no exporter runs the engine.
    """
    a = assumptions
    if a.budget_plan is None:
        return None
    out = {}
    for view in ("budget", "passive"):
        measures = np.asarray(a.fit.get("measures_hkd_bn", np.zeros(a.n_years)), dtype=float) if view == "budget" else np.zeros(a.n_years)
        same = np.array_equal(np.nan_to_num(measures, nan=-1.0), np.nan_to_num(a.unidentified_measures_hkd_bn, nan=-1.0))
        out[view] = arrays if same and arrays.n_paths == 1 else project(replace(a, unidentified_measures_hkd_bn=measures))
    return out


class Results:
    """One run: assumptions, the engine's result (paths, years), scenario name, run options and the Budget views.

    views: `budget_views(assumptions, arrays)`, computed by whoever makes the run; needed (with a Budget
    plan) for the comparison with the Budget, which reads them and never runs the engine.
    """

    def __init__(self, assumptions, arrays: EngineResult, scenario: str = "baseline", options: dict | None = None,
                 views: dict | None = None):
        self.assumptions = assumptions
        self.arrays = with_debt_profile(arrays, assumptions)
        self.scenario = scenario
        self.options = dict(options or {})
        self.labels = fiscal_year.labels(assumptions.years)
        self._views = views
        self._cache = {}

    @property
    def n_paths(self) -> int:
        return self.arrays.n_paths

    def frame(self, path: int = 0) -> pd.DataFrame:
        """Every projection variable for one path, one row per fiscal year."""
        df = pd.DataFrame({c: v[path] for c, v in self.arrays.select(PROJECTION_COLUMNS).items()},
                          index=pd.Index(self.labels, name="fiscal_year"))
        for c in ("ceiling_binds", "beyond_mrf"):
            df[c] = df[c].astype(int)
        adjustment = self.assumptions.outturn_adjustment_hkd_bn
        if adjustment is not None:   # only when an outturn replaces the revised estimate (the shipped inputs: never)
            df.insert(df.columns.get_loc(OUTTURN_ADJUSTMENT_AFTER) + 1, OUTTURN_ADJUSTMENT.name, np.asarray(adjustment, dtype=float))
        return df

    @property
    def projection(self) -> pd.DataFrame:
        """The projection of the first (for a deterministic run, the only) path (a copy: edit it freely)."""
        if "projection" not in self._cache:
            self._cache["projection"] = self.frame(0)
        return self._cache["projection"].copy()

    def paths_frame(self, columns=None) -> pd.DataFrame:
        """All paths stacked: a (path, fiscal_year) MultiIndex."""
        cols = columns or PROJECTION_COLUMNS
        P, T = self.arrays.debt_hkd_bn.shape
        idx = pd.MultiIndex.from_product([range(P), self.labels], names=["path", "fiscal_year"])
        return pd.DataFrame({c: v.reshape(P * T) for c, v in self.arrays.select(cols).items()}, index=idx)

    def bonds(self, path: int = 0) -> pd.DataFrame:
        """The cohort book: every opening and projected cohort with face value in HK$ bn at issue-year FX."""
        a = self.assumptions
        b = a.book
        fx0 = a.fx[0]
        rows = []
        for i, cid in enumerate(b.cohort_id):
            rows.append({
                "cohort_id": cid, "status": "existing", "programme": b.programme[i], "investor": b.investor[i],
                "currency": b.currency[i], "issue_fy": fiscal_year.label(b.issue_year[i]),
                "maturity_fy": fiscal_year.label(b.maturity_year[i]), "tenor_years": int(b.maturity_year[i] - b.issue_year[i]),
                "coupon_pct": 100 * b.coupon[i], "inflation_linked": bool(b.inflation_linked[i]),
                "face_value_fc_bn": b.face_fc[i], "face_value_hkd_bn": b.face_fc[i] * fx0[b.currency_idx[i]], "basis": b.basis[i]})
        m = a.mix
        face = self.arrays.new_face_fc[path]
        coupon = self.arrays.new_coupon[path]
        fx = self.arrays.fx[path]
        for t, year in enumerate(a.years):
            for k, bucket in enumerate(m.bucket):
                if face[t, k] <= 0:
                    continue
                rows.append({
                    "cohort_id": f"{bucket}:{fiscal_year.label(year)}", "status": "projected", "programme": "GSBP/IBP",
                    "investor": m.investor[k], "currency": m.currency[k], "issue_fy": fiscal_year.label(year),
                    "maturity_fy": fiscal_year.label(year + m.tenor_years[k]), "tenor_years": int(m.tenor_years[k]),
                    "coupon_pct": 100 * coupon[t, k], "inflation_linked": bool(m.inflation_linked[k]),
                    "face_value_fc_bn": face[t, k], "face_value_hkd_bn": face[t, k] * fx[t, m.currency_idx[k]],
                    "basis": "projected"})
        return pd.DataFrame(rows)

    def maturity_profile(self, path: int = 0) -> pd.DataFrame:
        """Principal falling due by fiscal year (HK$ bn at constant issue-year FX), split existing/projected."""
        bonds = self.bonds(path)
        prof = bonds.pivot_table(index="maturity_fy", columns="status", values="face_value_hkd_bn", aggfunc="sum", fill_value=0.0)
        for col in ("existing", "projected"):
            if col not in prof:
                prof[col] = 0.0
        prof = prof[["existing", "projected"]].rename(columns={"existing": "existing_book_hkd_bn", "projected": "projected_cohorts_hkd_bn"})
        prof["total_hkd_bn"] = prof.sum(axis=1)
        prof = prof.loc[prof.index >= self.labels[0]]
        prof.index.name = "fiscal_year"
        prof.columns.name = None
        return prof

    def peers(self) -> pd.DataFrame:
        """Hong Kong's projection beside the peers' published figures, one row per country, measure, definition and year.

        Hong Kong is measured on the peers' definitions (gross debt including pool B; interest on both
        pools over total revenue and over GDP), on recurring revenue, and on the Budget's own measure
        (pool A); figures printed in the April 2026 column and the LegCo Research Brief's figure keep
        their own definitions. A figure not found keeps its row: no value, status "missing", the reason
        in note. Every row carries definition, year, vintage and source.
        """
        p = self.projection
        years = sorted({self.labels[0], self.labels[-1]})
        vintage = f"finmodel {__version__}, scenario {self.scenario}"
        hk = "Hong Kong SAR (finmodel)"
        last_b = _last_given(self.assumptions, "pool_b_debt_hkd_bn")
        pool_b = f"pool B held at its 31 March {last_b + 1} level (an upper bound after {fiscal_year.label(last_b)})"
        band = f"{self.assumptions.band_low_pct:g}-{self.assumptions.band_high_pct:g}%"
        pool_a = HK_POOL_A_DEBT.format(ceiling=f"{self.assumptions.ceiling_hkd_bn[-1]:,.0f}")
        measures = [
            ("debt_to_gdp", "% of GDP", PEER_GG_DEBT, "debt_total_to_gdp_pct",
             f"Hong Kong: all government bonds, pools A + B, at face value over fiscal-year GDP; {pool_b}"),
            ("debt_to_gdp", "% of GDP", pool_a, "debt_to_gdp_pct", f"the measure of the Budget's {band} band"),
            ("interest_to_revenue", "% of revenue", PEER_GG_INTEREST_REVENUE, "interest_total_to_revenue_pct",
             f"Hong Kong: interest on pools A + B over total government revenue; {pool_b}"),
            ("interest_to_revenue", "% of revenue", HK_INTEREST_RECURRING, "interest_total_to_recurring_revenue_pct",
             "one-off receipts (Exchange Fund and Bond Fund transfers, funds brought back) left out of revenue"),
            ("interest_to_gdp", "% of GDP", PEER_GG_INTEREST_GDP, "interest_total_to_gdp_pct",
             f"Hong Kong: interest on pools A + B over fiscal-year GDP; {pool_b}"),
        ]
        rows = []
        for indicator, unit, definition, column, note in measures:
            for y in years:
                rows.append({"country": hk, "indicator": indicator, "unit": unit, "year": y, "value": float(p.loc[y, column]),
                             "definition": definition, "vintage": vintage, "source": "model", "confidence": "projection",
                             "status": "projection", "note": note})
        for r in self.assumptions.peers:
            row = {k: r.get(k, "") for k in ("country", "indicator", "unit", "year", "value", "definition", "vintage", "confidence", "note")}
            row["source"] = r.get("source_id", "")
            row["status"] = ("missing" if row["value"] is None else
                             "as printed in the column" if r.get("confidence") == "brief_context" else "published")
            rows.append(row)
        df = pd.DataFrame(rows, columns=PEER_OUTPUT_COLUMNS)
        order = {m: i for i, m in enumerate(PEER_INDICATORS)}
        first_seen = {d: i for i, d in enumerate(dict.fromkeys([PEER_GG_DEBT, PEER_GG_INTEREST_REVENUE, PEER_GG_INTEREST_GDP,
                                                                  *df["definition"]]))}
        df["_m"] = df["indicator"].map(order).fillna(len(order))
        df["_d"] = df["definition"].map(first_seen)
        return df.sort_values(["_m", "_d"], kind="stable").drop(columns=["_m", "_d"]).reset_index(drop=True)

    def first_year(self, mask) -> str | None:
        idx = np.flatnonzero(mask)
        return self.labels[idx[0]] if len(idx) else None

    def summary(self) -> dict:
        """Headline figures plus the run record (version, input hashes, options)."""
        if "summary" not in self._cache:
            self._cache["summary"] = self._summary()
        return copy.deepcopy(self._cache["summary"])

    def _summary(self) -> dict:
        a = self.assumptions
        p = self.projection
        end = self.labels[-1]
        peak_debt_year = p["debt_hkd_bn"].idxmax()
        peak_ratio_year = p["debt_to_gdp_pct"].idxmax()
        plan_years = [y for y in self.labels if fiscal_year.parse(y) <= a.mrf_last_year]
        tolerance = verdicts.band_tolerance_pp(a)
        summary = {
            "scenario": self.scenario,
            "headline": {
                "peak_debt_hkd_bn": float(p.loc[peak_debt_year, "debt_hkd_bn"]),
                "peak_debt_year": peak_debt_year,
                "peak_debt_to_gdp_pct": float(p.loc[peak_ratio_year, "debt_to_gdp_pct"]),
                "peak_debt_to_gdp_year": peak_ratio_year,
                "first_year_ceiling_binds": self.first_year(p["ceiling_binds"].to_numpy() > 0),
                "first_year_above_band": self.first_year(verdicts.band_breached(a, p["debt_to_gdp_pct"].to_numpy())),
                "band_margin_pp": float(p.loc[peak_ratio_year, "debt_to_gdp_pct"] - a.band_high_pct),   # at the peak, whole horizon
                "band_tolerance_pp": tolerance,
                "first_year_reserves_negative": self.first_year(p["fiscal_reserves_hkd_bn"].to_numpy() < 0.0),
                "min_fiscal_reserves_hkd_bn": float(p["fiscal_reserves_hkd_bn"].min()),
                "debt_to_gdp_end_pct": float(p.loc[end, "debt_to_gdp_pct"]),
                "interest_to_revenue_end_pct": float(p.loc[end, "interest_to_revenue_pct"]),
                "fiscal_reserves_end_hkd_bn": float(p.loc[end, "fiscal_reserves_hkd_bn"]),
                "min_headroom_hkd_bn": float(p["headroom_hkd_bn"].min()),
                "horizon": end,
                "beyond_official_forecast": bool(fiscal_year.parse(end) > a.mrf_last_year),
                "mrf_last_year": fiscal_year.label(a.mrf_last_year),
                "gross_issuance_mrf_hkd_bn": {y: float(p.loc[y, "gross_issuance_hkd_bn"]) for y in plan_years[1:]},
            },
            "thresholds": {"ceiling_hkd_bn_end": float(a.ceiling_hkd_bn[-1]), "band_low_pct": a.band_low_pct, "band_high_pct": a.band_high_pct},
            "calibration": {
                "other_revenue_hkd_bn": {self.labels[k]: float(a.other_revenue_fixed_hkd_bn[k]) for k in range(a.n_anchor)},
                "other_capital_hkd_bn": {self.labels[k]: float(a.other_capital_fixed_hkd_bn[k]) for k in range(a.n_anchor)},
                "other_non_operating_revenue_hkd_bn": {self.labels[k]: float(a.other_non_operating_revenue_fixed_hkd_bn[k])
                                                       for k in range(a.n_anchor)} if a.other_non_operating_revenue_fixed_hkd_bn is not None else {},
            },
            "run": {
                "model": "finmodel",
                "model_version": __version__,
                "options": self.options,
                "seed": self.options.get("seed"),
                "environment": environment(),
                "issuance_plan": a.plan_name,
                "financing_rule": a.financing_rule,
                "ceiling_policy": a.ceiling_policy,
                "input_sha256": a.input_hashes,
                "warnings": [str(w) for w in a.warnings],
            },
        }
        if a.opening_outturn is not None and a.opening_outturn.revised_estimate_hkd_bn is not None:
            summary["run"]["opening_position"] = a.opening_outturn.record()
        if a.budget_plan is not None:
            summary["headline"]["debt_to_gdp_against_published_path_pp"] = {
                self.labels[k]: float(p.iloc[k]["debt_to_gdp_pct"] - a.budget_plan.debt_to_gdp_pct[k])
                for k in range(a.n_years) if not np.isnan(a.budget_plan.debt_to_gdp_pct[k])}
            summary["against_budget"] = {"summary": _plain(self.budget_summary()), "figures": _plain(self.against_budget()),
                                         "outside_view": self.outside_view(), "gap_range": _plain(a.fit.get("gap_range") or {}),
                                         "leave_one_out": _plain(a.fit.get("leave_one_out") or [])}
        return summary

    def verdict(self) -> str:
        """One line: when the ceiling binds and how the ratio stands against the band (`finmodel.model.verdicts`)."""
        return verdicts.headline(self.assumptions, self.summary()["headline"])

    def against_budget(self) -> list:
        """Every published figure of the Budget beside this run with and without the unidentified measures."""
        if "against_budget" not in self._cache:
            a = self.assumptions
            if a.budget_plan is None:
                self._cache["against_budget"] = []
            else:
                with_measures = budget_plan.evaluate(a, self._view_arrays("budget"))
                without = budget_plan.evaluate(a, self._view_arrays("passive"))
                rows = []
                for b, q in zip(with_measures, without):
                    row = {k: b[k] for k in ("key", "figure", "published", "low", "high", "how", "role", "source", "source_kind")}
                    row.update({f"budget_{k}": b[k] for k in ("model", "difference", "met")})
                    row.update({f"passive_{k}": q[k] for k in ("model", "difference", "met")})
                    rows.append(row)
                self._cache["against_budget"] = rows
        return copy.deepcopy(self._cache["against_budget"])

    def _view_arrays(self, view: str) -> EngineResult:
        """The engine's result of this run with the fitted measures ("budget") or none ("passive"), as handed over."""
        if self._views is None:
            raise ValueError("these Results carry no Budget views: make the run with finmodel.model.pipeline.run, "
                             "or pass views=budget_views(assumptions, arrays)")
        return self._views[view]

    def budget_summary(self) -> dict:
        """The Budget comparison in numbers: figures met by each view, the measures by year, the current-policy end-points."""
        a = self.assumptions
        rows = self.against_budget()
        budget = self._view_arrays("budget")
        passive = self._view_arrays("passive")
        mrf = [k for k in range(a.n_years) if a.years[k] <= a.mrf_last_year]
        measures = {self.labels[k]: float(budget.unidentified_measures_hkd_bn[0, k]) for k in mrf if k >= a.n_anchor}
        measures_pct = {self.labels[k]: float(budget.unidentified_measures_pct_gdp[0, k]) for k in mrf if k >= a.n_anchor}
        end = mrf[-1]
        return {
            "met": sum(r["budget_met"] for r in rows), "total": len(rows), "passive_met": sum(r["passive_met"] for r in rows),
            "not_met": [missed_by(r) for r in rows if not r["budget_met"]],
            "unidentified_measures_hkd_bn": measures,
            "unidentified_measures_pct_gdp": measures_pct,
            "unidentified_measures_total_hkd_bn": float(sum(measures.values())),
            "unidentified_measures_average_pct_gdp": float(np.mean(list(measures_pct.values()))) if measures_pct else 0.0,
            "passive": {
                "fiscal_reserves_end_hkd_bn": float(passive.fiscal_reserves_hkd_bn[0, end]),
                "debt_to_gdp_end_pct": float(passive.debt_to_gdp_pct[0, end]),
                "first_year_ceiling_binds": self.first_year(passive.ceiling_binds[0, : end + 1] > 0),
                "first_year_above_band": self.first_year(verdicts.band_breached(a, passive.debt_to_gdp_pct[0, : end + 1])),
                "year": self.labels[end],
            },
            "fit": {k: v for k, v in a.fit.items() if k not in ("gap_range", "leave_one_out")},   # those two: against_budget's own keys
        }

    def budget_line(self) -> str:
        """One sentence for the console and the Cover: how the run stands against the Budget."""
        a = self.assumptions
        if a.budget_plan is None:
            return ""
        b = self.budget_summary()
        span = list(b["unidentified_measures_hkd_bn"])
        needs = _("a gap the Budget does not itemise of %(total)s over %(first)s to %(last)s (%(average)s%% of GDP a year%(range)s)",
                  total=money(b["unidentified_measures_total_hkd_bn"]), first=span[0], last=span[-1] if span else "",
                  average=f"{b['unidentified_measures_average_pct_gdp']:.2f}",
                  range=plan_text.range_clause(a.fit.get("gap_range"))) if span else _("no measures")
        p = b["passive"]
        end = {"year": p["year"], "end": money(p["fiscal_reserves_end_hkd_bn"], sign_first=True), "budget": verdicts.budget_name(a),
               "total": b["total"], "needs": needs}
        if a.budget_plan.unidentified_measures == "none":
            missed = [r for r in self.against_budget() if not r["passive_met"]]
            return _("Without the gap the Budget does not itemise: meets %(met)s of %(total)s published figures of %(budget)s "
                     "(not: %(missed)s); reserves end %(year)s at %(end)s. The Budget baseline needs %(needs)s.",
                     met=b["passive_met"], missed=_("; ").join(term(r["figure"]) for r in missed) or _("none"), **end)
        roles = {h: sum(r["how"] == h for r in self.against_budget()) for h in ("anchor", "fitted", "check")}
        counts = {"anchor": roles["anchor"], "fitted": roles["fitted"], "check": roles["check"]}
        if b["met"] == b["total"]:
            head = _("Reproduces all %(total)s published figures of %(budget)s", **end)
        else:
            head = _("Meets %(met)s of %(total)s published figures of %(budget)s (not: %(missed)s)", met=b["met"],
                     missed=_("; ").join(b["not_met"]), **end)
        head += (_(" (%(anchor)s calibrated, %(fitted)s fitted as constraints, %(check)s check)", **counts) if roles["check"] == 1
                 else _(" (%(anchor)s calibrated, %(fitted)s fitted as constraints, %(check)s checks)", **counts))
        return _("%(head)s; needs %(needs)s; without it reserves end %(year)s at %(end)s and debt-to-GDP at %(ratio)s%%.",
                 head=head, ratio=f"{p['debt_to_gdp_end_pct']:.2f}", **end)

    def outside_view(self) -> list:
        """The rating agency's independent view (S140) beside this run with and without the measures."""
        a = self.assumptions
        if a.budget_plan is None:
            return []
        p = a.budget_plan
        year = min(a.mrf_last_year - 1, int(a.years[-1]))
        k = int(year - a.years[0])
        first = a.n_anchor - 1
        views = {v: self._view_arrays(v) for v in ("budget", "passive")}
        label = fiscal_year.label(year)
        source = p.sources.get("outside_view_issuance_average_hkd_bn", "")
        return [
            {"figure": f"Gross issuance, average {self.labels[first]} to {label} (HK$ bn a year)",
             "outside": p.outside_view_issuance_average_hkd_bn, "source": source,
             "source_kind": p.source_kinds.get("outside_view_issuance_average_hkd_bn") or "not stated",
             **{v: float(np.mean(o.gross_issuance_hkd_bn[0, first:k + 1])) for v, o in views.items()}},
            {"figure": f"Fiscal reserves, {label} (% of GDP)", "outside": p.outside_view_reserves_pct_gdp,
             "source": p.sources.get("outside_view_reserves_pct_gdp", ""),
             "source_kind": p.source_kinds.get("outside_view_reserves_pct_gdp") or "not stated",
             **{v: float(100.0 * o.fiscal_reserves_hkd_bn[0, k] / o.nominal_gdp_hkd_bn[0, k]) for v, o in views.items()}},
        ]

    def budget_views(self) -> list:
        """Reserves and debt-to-GDP by year in both views, with the published figures where there are any."""
        a = self.assumptions
        p = a.budget_plan
        views = {v: self._view_arrays(v) for v in ("budget", "passive")}
        rows = []
        for k in range(a.n_years):
            if a.years[k] > a.mrf_last_year:
                break
            published_reserves = p.fiscal_reserves_hkd_bn[k]
            if a.years[k] == a.mrf_last_year:
                published_reserves = p.reserves_end_min_hkd_bn
            rows.append({"fiscal_year": self.labels[k],
                         "reserves_budget": float(views["budget"].fiscal_reserves_hkd_bn[0, k]),
                         "reserves_passive": float(views["passive"].fiscal_reserves_hkd_bn[0, k]),
                         "reserves_published": None if np.isnan(published_reserves) else float(published_reserves),
                         "ratio_budget": float(views["budget"].debt_to_gdp_pct[0, k]),
                         "ratio_passive": float(views["passive"].debt_to_gdp_pct[0, k]),
                         "ratio_published": None if np.isnan(p.debt_to_gdp_pct[k]) else float(p.debt_to_gdp_pct[k])})
        return rows


def _plain(x):
    """JSON-ready copy: infinities (one-sided intervals) become None."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, float) and not np.isfinite(x):
        return None
    if isinstance(x, (np.floating, np.integer, np.bool_)):
        return x.item()
    return x


def environment() -> dict:
    """Versions of Python and of the libraries that shape the output bytes (for the run record)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for lib in ("numpy", "pandas", "openpyxl", "matplotlib", "PyYAML"):
        try:
            out[lib.lower()] = version(lib)
        except PackageNotFoundError:
            out[lib.lower()] = None
    return out


def missed_by(row: dict) -> str:
    """A published figure the run misses, in words with its unit: "Fiscal reserves at 31 March 2031: HK$60.8bn below".

    The difference is the model's figure less the nearest bound of the published one (`against_budget`); its unit
    follows the figure's key: HK$ bn for `_hkd_bn`, percentage points for a percentage.
    """
    from finmodel import numbers

    d = row["budget_difference"]
    key = row["key"].split("[")[0]
    size = (money(abs(d), english=numbers.hkd_bn(abs(d))) if key.endswith("_hkd_bn")
            else _("%(value)spp", value=numbers.number(abs(d), 2)) if "_pct" in key else numbers.number(abs(d), 2))
    figure = term(row["figure"])
    return _("%(figure)s: %(size)s above", figure=figure, size=size) if d > 0 else _("%(figure)s: %(size)s below",
                                                                                      figure=figure, size=size)


def _last_given(a, name: str) -> int:
    """The last fiscal year a by-year input gives a value for (its provenance), else the opening year."""
    values = a.provenance.get(name, {}).get("value")
    years = [fiscal_year.parse(k) for k in values] if isinstance(values, dict) else []
    return max(years) if years else int(a.years[0])
