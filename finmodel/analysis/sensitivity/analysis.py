"""The standard sensitivity set and the GDP x land grid, as tidy frames.

One engine call per financing rule (the rule is a property of the assumptions, not of a
path): each holds every case and every grid point as paths of one batch. The cases table is
read from the batch under the loaded inputs' rule; the other rules' batches show how land
shocks land on reserves (plan rule), on debt (gap rule), on reserves until they reach their floor and then on
debt (risk rule), or on debt from the first shortfall against the plan's reserves path (borrow rule),
with the ceiling cap applying in each. `by_rule` sets every case under the inputs' rule beside the
borrow rule: the two halves of the question "where does a shock land?".
"""

from dataclasses import dataclass, field, replace

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.sensitivity import batch
from finmodel.analysis.sensitivity.cases import LAND_CASES, Case
from finmodel.inputs.assumptions import Assumptions
from finmodel.version import __version__

RULES = ("risk", "plan", "gap", "borrow")
BESIDE = "borrow"            # the rule every case is also shown under, beside the inputs' own
DEFAULT_GDP = "-2:2:0.2"     # 21 points, pp a year
DEFAULT_LAND = "-60:60:10"   # 13 points, % change


@dataclass
class Sensitivity:
    """The frames the exporters write, plus what is needed to record the run."""

    assumptions: Assumptions
    cases: object            # DataFrame, one row per case (baseline first), under the inputs' rule
    grid: object             # DataFrame, one row per (financing rule, growth shock, land change)
    land_rules: object       # DataFrame, baseline and land cases under each financing rule (risk, plan, gap)
    paths: object            # DataFrame, debt-to-GDP [%] by fiscal year (rows) and case (columns)
    by_rule: object = None   # DataFrame, every case under the inputs' rule and under the borrow rule (BESIDE)
    worst: object = None     # HistoricalWorst, when sized
    buoyancy: object = None  # BuoyancyEstimate, when estimated
    options: dict = field(default_factory=dict)
    history_sha256: dict = field(default_factory=dict)   # the history tables the worst case and buoyancy were read from

    def ranked(self):
        """Cases other than the baseline, largest absolute change in peak debt-to-GDP first."""
        c = self.cases.drop(index="baseline")
        order = c["change_peak_debt_to_gdp_pp"].abs().sort_values(ascending=False, kind="stable").index
        return c.loc[order]

    def record(self) -> dict:
        a = self.assumptions
        rec = {"model": "finmodel", "model_version": __version__, "options": self.options,
               "financing_rule": a.financing_rule, "ceiling_policy": a.ceiling_policy, "issuance_plan": a.plan_name,
               "other_revenue_gdp_elasticity_used": a.other_revenue_elasticity, "input_sha256": {**a.input_hashes, **self.history_sha256},
               "cases": {c: d for c, d in self.cases["description"].items()}}
        if self.worst is not None:
            w = self.worst
            rec["historical_worst"] = {
                "growth_years": list(w.growth_years), "growth_pct": list(w.growth_pct),
                "land_years": list(w.land_years), "land_hkd_bn": list(w.land_hkd_bn), "land_change_pct": list(w.land_change_pct),
                "land_confidence": w.land_confidence, "rates_years": list(w.rates_years), "rates_rise_bp": list(w.rates_rise_bp)}
        if self.buoyancy is not None:
            rec["buoyancy_estimate"] = self.buoyancy.as_dict()
        return rec


def _frame(cases, m, rule):
    import pandas as pd

    n = len(cases)
    df = pd.DataFrame({k: v[:n] for k, v in m.items()}, index=pd.Index([c.id for c in cases], name="case"))
    df.insert(0, "description", [c.description for c in cases])
    base = df.loc["baseline"]
    for k, name in batch.CHANGES.items():
        df[name] = df[k] - base[k]
    df["group"] = [c.group for c in cases]
    df["financing_rule"] = rule
    return df


def analyse(a: Assumptions, gdp_values, land_values, worst=None, buoyancy=None, options=None, progress=None,
            history_sha256=None) -> Sensitivity:
    """Run the standard cases (+ historical worst) and the grid under each financing rule (risk, plan, gap, borrow).

    progress: called as progress(done, total) after each rule's batch (the CLI draws a bar with it).
    history_sha256: the hashes of the history tables `worst` and `buoyancy` were estimated from (for the run record).
    """
    import pandas as pd

    worst_case: Case | None = worst.case(100.0 * a.nominal_growth[1:], fiscal_year.label(a.years[1])) if worst is not None else None
    cases = batch.case_list(a, worst_case)
    points = batch.grid_points(gdp_values, land_values)
    by_rule, grids, arrays = {}, [], {}
    for done, rule in enumerate(RULES, start=1):
        ar = replace(a, financing_rule=rule)
        o, m = batch.run_batch(ar, cases, points)
        arrays[rule] = o
        by_rule[rule] = _frame(cases, m, rule)
        n = len(cases)
        g = pd.DataFrame({k: v[n:] for k, v in m.items()})
        g.insert(0, "land_change_pct", [p.land_change_pct for p in points])
        g.insert(0, "gdp_growth_pp", [p.growth_pp for p in points])
        g.insert(0, "financing_rule", rule)
        g["status"] = np.where(g["first_year_ceiling_binds"] != "", "ceiling_binds",
                               np.where(g["first_year_above_band"] != "", "above_band", "within_band"))
        grids.append(g)
        if progress is not None:
            progress(done, len(RULES))
    main = by_rule[a.financing_rule]
    keep = ["baseline", *LAND_CASES]
    cols = ["financing_rule", "description", "fiscal_reserves_end_hkd_bn", "change_fiscal_reserves_end_hkd_bn",
            "debt_end_hkd_bn", "change_debt_end_hkd_bn", "gross_issuance_total_hkd_bn", "change_gross_issuance_total_hkd_bn",
            "peak_debt_hkd_bn", "change_peak_debt_hkd_bn", "debt_to_gdp_end_pct", "change_debt_to_gdp_end_pp",
            "first_year_ceiling_binds", "min_headroom_hkd_bn"]
    land_rules = pd.concat([by_rule[r].loc[keep, cols] for r in RULES])
    beside = pd.concat([main] + ([by_rule[BESIDE]] if a.financing_rule != BESIDE else []))
    ratio = arrays[a.financing_rule].debt_to_gdp_pct[:len(cases)]
    paths = pd.DataFrame(ratio.T, index=pd.Index(fiscal_year.labels(a.years), name="fiscal_year"),
                         columns=[c.id for c in cases])
    return Sensitivity(a, main, pd.concat(grids, ignore_index=True), land_rules, paths, beside, worst, buoyancy,
                       dict(options or {}), dict(history_sha256 or {}))
