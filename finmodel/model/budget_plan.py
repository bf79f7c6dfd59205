"""The Budget baseline: solve for what the 2026-27 Budget does not publish from what it does.

The Budget publishes targets (debt-to-GDP 14.4% in 2026-27 and 19.9% in 2030-31, an Operating
surplus every year, a Non-Operating deficit of 90.1-147.3 every year, reserves rising to over
HK$700bn, issuance of HK$160-220bn a year, about half of it refinancing, CWRF spending of about
180 a year) but not three paths the projection needs for 2027-28 to 2030-31:

    gross_issuance_t          = issuance_level + issuance_slope * (t - t_mid)
    other_capital_t           = capital_level  + capital_slope  * (t - t_mid)    (non-works capital spending)
    unidentified_measures_t   = measures_level + measures_slope * (t - t_mid)    (savings or revenue, >= 0)

The six parameters solve a small constrained least-squares problem:

    minimise    sum_t (measures_t / 10)^2 + ((mean comparable CWRF spending - published) / 10)^2
                + slopes^2 / 100
    subject to  debt_to_gdp[2030-31] = published 19.9, and within the band (+ its rounding) every year
                operating_balance_t >= 0, 90.1 <= -non_operating_balance_t <= 147.3,
                reserves rising every year and >= 700 at the end, 160 <= issuance_t <= 220,
                40% <= redemptions / issuance <= 60%, measures_t >= 0

so the unidentified measures are the smallest (in the least-squares sense) that the published
targets need, spread as evenly as the constraints allow. In the fit's region the engine responds
affinely to the six parameters, so the problem is a quadratic programme solved exactly on that
response (`solve_affine_qp`, scipy's SLSQP on the affine maps); when the targets conflict (no feasible point), scipy's
SLSQP on the engine gives the closest it finds and the run reports what it misses.
The fit starts from a fixed point and is deterministic; if a target cannot be met the fit says
which and by how much, and the run goes on.
"""

from dataclasses import dataclass, replace

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.assumptions import Assumptions
from finmodel.model.engine import project
from finmodel.model.engine_result import EngineResult
from finmodel.model.verdicts import budget_name

PARAMETERS = ("issuance_level_hkd_bn", "issuance_slope_hkd_bn", "other_capital_level_hkd_bn",
              "other_capital_slope_hkd_bn", "measures_level_hkd_bn", "measures_slope_hkd_bn")
TOLERANCE = 1e-6  # HK$ bn or pp: how far inside its interval a fitted target must land to count as met
QP_FTOL = 1e-12   # SLSQP's stopping tolerance on the objective (HK$ bn^2 / 100): far below any printed figure
QP_MARGIN = 1e-11  # HK$ bn or pp: each range is met this far inside, so float noise never lands a figure just over a bound
QP_ITERATIONS = 200


@dataclass(frozen=True)
class Target:
    """One published figure and the interval the model's value must fall in."""

    key: str
    label: str
    published: str
    low: float
    high: float
    source: str
    how: str  # "anchor" (calibrated), "fitted" (the Budget-plan fit), "check" (follows from the model)


@dataclass(frozen=True)
class FitRecord:
    """What the fit did: its parameters, whether the optimiser converged, and the fitted years."""

    parameters: dict
    converged: bool
    message: str
    years: tuple
    evaluations: int


def fit_years(a: Assumptions) -> np.ndarray:
    """Indices of the Medium Range Forecast years after the anchor years (2027-28 to 2030-31)."""
    return np.flatnonzero((np.arange(a.n_years) >= a.n_anchor) & (a.years <= a.mrf_last_year))


def apply(a: Assumptions, theta) -> Assumptions:
    """Assumptions with the three fitted paths laid on the fit years (each a level and a slope).

    Beyond the MRF, issuance holds its last fitted amount; other capital and the measures hold
    their last fitted share of GDP (the engine's rule for NaN years with a share given).
    """
    k = fit_years(a)
    tau = np.arange(len(k)) - (len(k) - 1) / 2.0
    iss_level, iss_slope, cap_level, cap_slope, m_level, m_slope = (float(x) for x in theta)
    plan = a.issuance_plan_hkd_bn.copy()
    capital = a.other_capital_fixed_hkd_bn.copy()
    measures = a.unidentified_measures_hkd_bn.copy()
    if a.fit_issuance:
        plan[k] = iss_level + iss_slope * tau
        plan[k[-1] + 1:] = plan[k[-1]]
    if a.fit_other_capital:
        capital[k] = cap_level + cap_slope * tau
    if a.budget_plan.unidentified_measures == "fitted":
        measures[k] = m_level + m_slope * tau
        measures[k[-1] + 1:] = np.nan
    return replace(a, issuance_plan_hkd_bn=plan, other_capital_fixed_hkd_bn=capital, unidentified_measures_hkd_bn=measures)


def targets(a: Assumptions) -> list:
    """Every published figure the Budget baseline is checked against, in the order a reader meets them."""
    p = a.budget_plan
    out = []
    anchor_series = (
        ("revenue_hkd_bn", "Total revenue", a.budget_revenue_hkd_bn, a.provenance.get("budget_revenue_hkd_bn")),
        ("expenditure_hkd_bn", "Total expenditure", a.budget_expenditure_hkd_bn, a.provenance.get("budget_expenditure_hkd_bn")),
        ("operating_revenue_hkd_bn", "Operating Account revenue", p.operating_revenue_hkd_bn, p.sources.get("published_operating_revenue_hkd_bn")),
        ("operating_expenditure_hkd_bn", "Operating Account expenditure", p.operating_expenditure_hkd_bn, p.sources.get("published_operating_expenditure_hkd_bn")),
        ("operating_balance_hkd_bn", "Operating Account balance", a.operating_balance_anchor_hkd_bn, a.provenance.get("operating_balance_hkd_bn")),
        ("non_operating_revenue_hkd_bn", "Non-Operating Account revenue", p.non_operating_revenue_hkd_bn, p.sources.get("published_non_operating_revenue_hkd_bn")),
        ("non_operating_expenditure_hkd_bn", "Non-Operating Account expenditure", p.non_operating_expenditure_hkd_bn, p.sources.get("published_non_operating_expenditure_hkd_bn")),
        ("non_operating_balance_hkd_bn", "Non-Operating Account balance", p.non_operating_balance_hkd_bn, p.sources.get("published_non_operating_balance_hkd_bn")),
        ("non_recurrent_expenditure_hkd_bn", "Non-recurrent spending", _anchor_only(a, a.non_recurrent_fixed_hkd_bn, first=1), a.provenance.get("non_recurrent_expenditure_hkd_bn")),
        ("gross_issuance_hkd_bn", "Bond proceeds", _anchor_only(a, a.plans["central"]), a.provenance.get("issuance_plan_hkd_bn")),
        ("redemptions_hkd_bn", "Bond repayments", p.repayments_hkd_bn, p.sources.get("published_repayments_hkd_bn")),
        ("consolidated_balance_hkd_bn", "Consolidated balance", p.consolidated_balance_hkd_bn, p.sources.get("published_consolidated_balance_hkd_bn")),
        ("fiscal_reserves_hkd_bn", "Fiscal reserves at 31 March", p.fiscal_reserves_hkd_bn, p.sources.get("published_fiscal_reserves_hkd_bn")),
    )
    for k in range(min(a.n_years, _year_index(a, a.mrf_last_year) + 1)):
        label = fiscal_year.label(a.years[k])
        for variable, words, values, source in anchor_series:
            if not np.isnan(values[k]):   # an anchor year's figure is calibrated; a later one is an equality of the fit
                v = float(values[k])
                out.append(Target(f"{variable}[{label}]", f"{words}, {label}", f"{v:.1f}", v - 0.05, v + 0.05,
                                  _source(source), "anchor" if k < a.n_anchor else "fitted"))
    for k in np.flatnonzero(~np.isnan(p.debt_to_gdp_pct)):
        label = fiscal_year.label(a.years[k])
        v = float(p.debt_to_gdp_pct[k])
        how = "check" if k < a.n_anchor else "fitted"
        out.append(Target(f"debt_to_gdp_pct[{label}]", f"Debt-to-GDP, {label}", f"{v:.1f}%", v - p.band_tolerance_pp,
                          v + p.band_tolerance_pp, p.sources.get("published_debt_to_gdp_pct", ""), how))
    span = _span(a)
    out += [
        Target("gross_issuance_hkd_bn[min]", f"Gross issuance every year, {span}", f"{p.issuance_min_hkd_bn:g} to {p.issuance_max_hkd_bn:g}",
               p.issuance_min_hkd_bn, p.issuance_max_hkd_bn, p.sources.get("issuance_min_hkd_bn", ""), "fitted"),
        Target("debt_to_gdp_pct[band]", f"Debt-to-GDP within the band every year, {span}",
               f"{a.band_low_pct:g}% to {a.band_high_pct:g}%", a.band_low_pct - p.band_tolerance_pp,
               a.band_high_pct + p.band_tolerance_pp, _source(a.provenance.get("band_high_pct")), "fitted"),
        _floor_target(a, "operating_balance", "Operating Account", p.operating_balance_min_hkd_bn, span,
                      f"{budget_name(a)[4:]}: an Operating surplus every year to {fiscal_year.label(a.mrf_last_year)} (S15; S138; S139)"),
        Target("non_operating_deficit_hkd_bn[range]", f"Non-Operating deficit every year, {span}",
               f"{p.non_operating_deficit_min_hkd_bn:g} to {p.non_operating_deficit_max_hkd_bn:g}",
               p.non_operating_deficit_min_hkd_bn, p.non_operating_deficit_max_hkd_bn,
               p.sources.get("non_operating_deficit_min_hkd_bn", ""), "fitted"),
    ]
    if not np.isnan(p.reserves_end_min_hkd_bn):   # "reserves gradually increase to over X": a floor at the end, rising every year
        out += [
            Target("fiscal_reserves_hkd_bn[end]", f"Fiscal reserves at 31 March {a.mrf_last_year + 1}", f"over {p.reserves_end_min_hkd_bn:g}",
                   p.reserves_end_min_hkd_bn, np.inf, p.sources.get("reserves_end_min_hkd_bn", ""), "fitted"),
            Target("fiscal_reserves_rise_hkd_bn[min]", f"Reserves rise every year, {span}", "rising gradually", 0.0, np.inf,
                   p.sources.get("reserves_end_min_hkd_bn", ""), "fitted")]
    if p.consolidated_balance_min_hkd_bn is not None:
        out.append(_floor_target(a, "consolidated_balance", "Consolidated", p.consolidated_balance_min_hkd_bn, span, ""))
    out += [
        Target("refinancing_share_pct", f"Share of issuance refinancing maturing bonds, {span}", "about half",
               p.refinancing_share_min_pct, p.refinancing_share_max_pct, p.sources.get("refinancing_share_min_pct", ""), "fitted"),
        Target("debt_hkd_bn[end]", f"Debt at 31 March {a.mrf_last_year + 1} within the ceiling", "approaching 900",
               -np.inf, float(a.ceiling_hkd_bn[min(a.n_years - 1, _year_index(a, a.mrf_last_year))]),
               _source(a.provenance.get("ceiling_hkd_bn")), "check"),
    ]
    cwrf = p.cwrf_expenditure_hkd_bn
    later = [k for k in np.flatnonzero(~np.isnan(cwrf)) if k >= a.n_anchor]
    if later:
        v = float(np.mean(cwrf[later]))
        out.append(Target("cwrf_expenditure_hkd_bn[mean]", f"CWRF spending, average {_span(a, later[0])}", f"about {v:g}",
                          0.95 * v, 1.05 * v, p.sources.get("published_cwrf_expenditure_hkd_bn", ""), "fitted"))
    return out


def model_values(a: Assumptions, o: EngineResult, path: int = 0) -> dict:
    """The model's value for every target key, from engine output `o` (one path)."""
    p = a.budget_plan
    values = {}
    for k in range(a.n_years):
        label = fiscal_year.label(a.years[k])
        for variable in ("revenue_hkd_bn", "expenditure_hkd_bn", "operating_revenue_hkd_bn", "operating_expenditure_hkd_bn",
                         "operating_balance_hkd_bn", "non_operating_revenue_hkd_bn", "non_operating_expenditure_hkd_bn",
                         "non_operating_balance_hkd_bn", "non_recurrent_expenditure_hkd_bn", "gross_issuance_hkd_bn",
                         "redemptions_hkd_bn", "consolidated_balance_hkd_bn", "fiscal_reserves_hkd_bn", "debt_to_gdp_pct"):
            values[f"{variable}[{label}]"] = float(getattr(o, variable)[path, k])
    plan_years = np.arange(a.n_anchor - 1, _year_index(a, a.mrf_last_year) + 1)
    plan_years = plan_years[(plan_years >= 0) & (plan_years < a.n_years)]
    span = plan_years[1:] if len(plan_years) > 1 else plan_years
    issuance = o.gross_issuance_hkd_bn[path, span]
    values["gross_issuance_hkd_bn[min]"] = _extreme(issuance, p.issuance_min_hkd_bn, p.issuance_max_hkd_bn)
    values["debt_to_gdp_pct[band]"] = _extreme(o.debt_to_gdp_pct[path, plan_years[plan_years >= a.n_anchor - 1]],
                                               a.band_low_pct - p.band_tolerance_pp, a.band_high_pct + p.band_tolerance_pp)
    values["operating_balance_hkd_bn[min]"] = _floor_value(a, o.operating_balance_hkd_bn[path], p.operating_balance_min_hkd_bn, span)
    values["consolidated_balance_hkd_bn[min]"] = _floor_value(a, o.consolidated_balance_hkd_bn[path], p.consolidated_balance_min_hkd_bn, span)
    values["non_operating_deficit_hkd_bn[range]"] = _extreme(-o.non_operating_balance_hkd_bn[path, span],
                                                             p.non_operating_deficit_min_hkd_bn, p.non_operating_deficit_max_hkd_bn)
    values["fiscal_reserves_hkd_bn[end]"] = float(o.fiscal_reserves_hkd_bn[path, span[-1]])
    values["fiscal_reserves_rise_hkd_bn[min]"] = float(np.min(np.diff(o.fiscal_reserves_hkd_bn[path, plan_years])))
    values["refinancing_share_pct"] = 100.0 * float(np.sum(o.redemptions_hkd_bn[path, span]) / np.sum(issuance))
    values["debt_hkd_bn[end]"] = float(o.debt_hkd_bn[path, span[-1]])
    values["cwrf_expenditure_hkd_bn[mean]"] = float(np.mean(cwrf_comparable(a, o, path)[span]))
    return values


def cwrf_comparable(a: Assumptions, o: EngineResult, path: int = 0) -> np.ndarray:
    """Non-Operating expenditure less the other funds' spending, comparable with the published CWRF figures.

    other funds = Non-Operating expenditure - published CWRF spending, in the first year both exist
    (2026-27: 203.2 - 173.0), held in HK$ (budget_plan.yaml, published_cwrf_expenditure_hkd_bn).
    """
    cwrf = a.budget_plan.cwrf_expenditure_hkd_bn
    spending = o.non_operating_expenditure_hkd_bn[path]
    given = np.flatnonzero(~np.isnan(cwrf))
    if len(given) == 0:
        return np.full(a.n_years, np.nan)
    first = given[0]
    return spending - (spending[first] - cwrf[first])


def evaluate(a: Assumptions, o: EngineResult, path: int = 0) -> list:
    """One row per target: published, interval, model value, difference, met."""
    values = model_values(a, o, path)
    rows = []
    for t in targets(a):
        v = values[t.key]
        if t.low <= v <= t.high:
            gap = 0.0
        else:
            gap = v - t.high if v > t.high else v - t.low
        met = abs(gap) <= TOLERANCE
        centre = (t.low + t.high) / 2 if np.isfinite(t.low) and np.isfinite(t.high) else (t.low if np.isfinite(t.low) else t.high)
        rows.append({"key": t.key, "figure": t.label, "published": t.published, "low": t.low, "high": t.high,
                     "model": v, "difference": v - centre if t.how == "anchor" else gap, "met": bool(met),
                     "how": t.how, "source": t.source})
    return rows


def fit(a: Assumptions):
    """Solve the Budget-plan fit on calibrated assumptions; return (fitted Assumptions, FitRecord).

    Nothing is fitted when the inputs give every path (the issuance plan and non-works capital
    spending for the MRF years, and `unidentified_measures: none`).
    """
    k = fit_years(a)
    if len(k) == 0 or not (a.fit_issuance or a.fit_other_capital or a.budget_plan.unidentified_measures == "fitted"):
        return a, FitRecord({}, True, "nothing to fit", (), 0)
    problem = _Problem(a, k)
    theta, converged, message = solve_affine_qp(problem)
    fitted = apply(a, theta)
    record = FitRecord(dict(zip(PARAMETERS, (float(x) for x in theta))), converged, message,
                       tuple(fiscal_year.labels(a.years[k])), problem.evaluations)
    return fitted, record


def solve_affine_qp(problem, rounds: int = 3):
    """The fit as a quadratic programme on the engine's affine response; return (theta, converged, message).

    Within the fit's region the engine is affine in the six parameters (issuance, spending and the
    measures enter every flow and stock linearly), so 7 engine runs give the exact maps
    r(theta) = R theta + q (the objective's residuals), e(theta) and g(theta) (the constraints).
    The programme  min |R theta + q|^2  s.t.  e(theta) = 0, g(theta) >= 0  is solved by scipy's SLSQP
    on those maps (`_quadratic_programme`: no engine run inside the solver); the solution is checked
    on the engine itself and re-linearised there if needed.
    """
    theta = problem.start.astype(float)
    for _ in range(rounds):
        maps = [_affine(fn, theta) for fn in (problem.residuals, problem.equalities, problem.inequalities)]
        (R, q), (A, e0), (G, g0) = maps
        solved = _quadratic_programme(2.0 * R.T @ R, 2.0 * R.T @ q, A, -e0, G, -g0, theta)
        if solved is None:
            return _solve_slsqp(problem)
        theta = solved
        e, g = problem.equalities(theta), problem.inequalities(theta)
        worst = max(np.max(np.abs(e), initial=0.0), np.max(-g, initial=0.0))
        if worst <= TOLERANCE:
            return theta, True, "optimal (SLSQP on the engine's affine response)"
    return theta, False, f"constraints violated by {worst:.3g} after {rounds} linearisations"


def _solve_slsqp(problem):
    """When the programme is infeasible (targets that conflict): scipy's SLSQP on the engine, the closest it gets.

    The refinancing share is then a ratio (its linear form lets SLSQP run off when nothing is feasible).
    """
    from scipy.optimize import minimize

    constraints = [{"type": "ineq", "fun": lambda th: problem.inequalities(th, share_as_ratio=True)}]
    if len(problem.equalities(problem.start)):
        constraints.append({"type": "eq", "fun": problem.equalities})
    res = minimize(problem.objective, problem.start, method="SLSQP", constraints=constraints,
                   options={"maxiter": 200, "ftol": 1e-10})
    return res.x, False, f"the published targets cannot all be met; the closest SLSQP found: {res.message}"


def _affine(fn, theta):
    """(J, c) with fn(x) = J x + c, from fn at theta and theta + each unit vector (exact for an affine fn)."""
    f0 = np.asarray(fn(theta), dtype=float)
    J = np.empty((len(f0), len(theta)))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = 1.0
        J[:, i] = np.asarray(fn(theta + step), dtype=float) - f0
    return J, f0 - J @ theta


def _quadratic_programme(H, c, A, b, G, h, x0):
    """Minimise 1/2 x'Hx + c'x subject to A x = b and G x >= h + QP_MARGIN with scipy's SLSQP (exact gradients,
    linear constraints). SLSQP lands on the active bounds themselves; the margin keeps the solution inside them (as
    the interior point it replaced did), so that, say, a peak debt-to-GDP at the band's top plus its rounding (19.95)
    is 19.94999999999, printed 19.9, and never 19.95000000000006, printed 20.0.

    Returns x, or None when SLSQP reports failure (an infeasible programme). Deterministic from x0.
    """
    from scipy.optimize import minimize

    constraints = [{"type": "ineq", "fun": lambda x: G @ x - h - QP_MARGIN, "jac": lambda x: G}]
    if len(b):
        constraints.append({"type": "eq", "fun": lambda x: A @ x - b, "jac": lambda x: A})
    res = minimize(lambda x: 0.5 * x @ H @ x + c @ x, np.asarray(x0, dtype=float), jac=lambda x: H @ x + c,
                   method="SLSQP", constraints=constraints, options={"maxiter": QP_ITERATIONS, "ftol": QP_FTOL})
    return res.x if res.success else None


class _Problem:
    """The fit's objective and constraints, with the engine run once per distinct parameter vector."""

    def __init__(self, a: Assumptions, k: np.ndarray):
        self.a = a
        self.k = k
        self.p = a.budget_plan
        self.evaluations = 0
        self._runs = {}
        end = k[-1]
        self.end = end
        self.span = np.concatenate([[k[0] - 1], k]) if k[0] >= 1 else k
        cap = a.other_capital_fixed_hkd_bn[k[0] - 1] if k[0] >= 1 and not np.isnan(a.other_capital_fixed_hkd_bn[k[0] - 1]) else 50.0
        iss = a.issuance_plan_hkd_bn[k[0] - 1] if k[0] >= 1 else 190.0
        self.start = np.array([iss, 0.0, cap, 0.0, 0.0, 0.0])

    def run(self, theta) -> EngineResult:
        """Engine output at `theta`; the objective's and the constraints' finite differences share runs."""
        key = tuple(np.asarray(theta, dtype=float))
        if key not in self._runs:
            if len(self._runs) > 64:
                self._runs.clear()
            self._runs[key] = project(apply(self.a, theta))
            self.evaluations += 1
        return self._runs[key]

    def residuals(self, theta) -> np.ndarray:
        """The objective's terms: measures / 10 by year, the CWRF miss / 10, the slopes / 10 (objective = their squares)."""
        o = self.run(theta)
        measures = o.unidentified_measures_hkd_bn[0, self.k] / 10.0
        cwrf = self.p.cwrf_expenditure_hkd_bn
        later = [j for j in np.flatnonzero(~np.isnan(cwrf)) if j >= self.a.n_anchor]
        miss = (np.mean(cwrf_comparable(self.a, o)[self.k]) - np.mean(cwrf[later])) / 10.0 if later else 0.0
        return np.concatenate([measures, [miss], np.asarray(theta, dtype=float)[[1, 3, 5]] / 10.0])

    def objective(self, theta) -> float:
        return float(np.sum(self.residuals(theta) ** 2))

    def equalities(self, theta) -> np.ndarray:
        """10 x (debt-to-GDP at the end of the MRF - the published figure), when issuance is fitted."""
        o = self.run(theta)
        published = [10.0 * (getattr(o, variable)[0, k] - values[k]) for variable, values in fitted_figures(self.a)
                     for k in self.k if not np.isnan(values[k])]
        target = self.p.debt_to_gdp_pct[self.end]
        if not self.a.fit_issuance or np.isnan(target):
            return np.array(published)
        return np.array([10.0 * (o.debt_to_gdp_pct[0, self.end] - target)] + published)

    def inequalities(self, theta, share_as_ratio: bool = False) -> np.ndarray:
        """Every published range, as g(theta) >= 0 (the refinancing share as sum redemptions - share x sum issuance,
        which is affine, or as the ratio itself for SLSQP)."""
        a, p, k = self.a, self.p, self.k
        o = self.run(theta)
        span = self.span[1:] if len(self.span) > 1 else self.span
        ranged = k[np.isnan(p.non_operating_balance_hkd_bn[k])]   # a year with a published balance is an equality instead
        g = [a.band_high_pct + p.band_tolerance_pp - o.debt_to_gdp_pct[0, k],
             _above_floor(o.operating_balance_hkd_bn[0], p.operating_balance_min_hkd_bn, k),
             -o.non_operating_balance_hkd_bn[0, ranged] - p.non_operating_deficit_min_hkd_bn,
             p.non_operating_deficit_max_hkd_bn + o.non_operating_balance_hkd_bn[0, ranged]]
        if not np.isnan(p.reserves_end_min_hkd_bn):
            g += [np.diff(o.fiscal_reserves_hkd_bn[0, self.span]), [o.fiscal_reserves_hkd_bn[0, self.end] - p.reserves_end_min_hkd_bn]]
        if p.consolidated_balance_min_hkd_bn is not None:
            g.append(_above_floor(o.consolidated_balance_hkd_bn[0], p.consolidated_balance_min_hkd_bn, k))
        if a.fit_issuance:
            iss = o.gross_issuance_hkd_bn[0, k]
            redeemed, issued = np.sum(o.redemptions_hkd_bn[0, span]), np.sum(o.gross_issuance_hkd_bn[0, span])
            share = [redeemed - p.refinancing_share_min_pct / 100.0 * issued, p.refinancing_share_max_pct / 100.0 * issued - redeemed]
            if share_as_ratio:
                ratio = 100.0 * redeemed / issued
                share = [ratio - p.refinancing_share_min_pct, p.refinancing_share_max_pct - ratio]
            g += [iss - p.issuance_min_hkd_bn, p.issuance_max_hkd_bn - iss, share]
        if p.unidentified_measures == "fitted":
            g.append(o.unidentified_measures_hkd_bn[0, k])
        return np.concatenate([np.atleast_1d(np.asarray(x, dtype=float)) for x in g])


def fitted_figures(a: Assumptions) -> list:
    """(engine field, published values) for every published by-year figure the fit must meet exactly in its years
    (the Budget's figures for a Medium Range Forecast year, e.g. reserves at its last 31 March); the debt ratio and
    CWRF spending have their own terms."""
    p = a.budget_plan
    return [("operating_revenue_hkd_bn", p.operating_revenue_hkd_bn), ("operating_expenditure_hkd_bn", p.operating_expenditure_hkd_bn),
            ("non_operating_revenue_hkd_bn", p.non_operating_revenue_hkd_bn),
            ("non_operating_expenditure_hkd_bn", p.non_operating_expenditure_hkd_bn),
            ("non_operating_balance_hkd_bn", p.non_operating_balance_hkd_bn), ("redemptions_hkd_bn", p.repayments_hkd_bn),
            ("consolidated_balance_hkd_bn", p.consolidated_balance_hkd_bn), ("fiscal_reserves_hkd_bn", p.fiscal_reserves_hkd_bn)]


def _floor_target(a: Assumptions, variable: str, words: str, floors, span: str, fallback_source: str) -> Target:
    """A stated floor on an account's balance (budget_plan.yaml, e.g. a surplus from a year on): the smallest margin
    balance_t - floor_t over the years it is stated must be >= 0. Without a stated floor: a surplus every year of `span`."""
    key = f"{variable}_hkd_bn[min]"
    name = f"{variable}_min_hkd_bn"
    if floors is None or not np.any(~np.isnan(floors)):
        return Target(key, f"{words} surplus every year, {span}", "surplus", 0.0, np.inf, fallback_source, "fitted")
    given = np.flatnonzero(~np.isnan(floors))
    years = f"{fiscal_year.label(a.years[given[0]])} to {fiscal_year.label(a.years[given[-1]])}"
    stated = "surplus" if np.all(floors[given] == 0) else "at least " + ", ".join(f"{v:g}" for v in floors[given])
    return Target(key, f"{words} balance at or above its stated floor, {years}", stated, 0.0, np.inf,
                  a.budget_plan.sources.get(name, ""), "fitted")


def _floor_value(a: Assumptions, balance: np.ndarray, floors, span) -> float:
    """The smallest margin over a stated floor (balance_t - floor_t where stated), or the smallest balance over `span`."""
    if floors is None or not np.any(~np.isnan(floors)):
        return float(np.min(balance[span]))
    given = np.flatnonzero(~np.isnan(floors))
    return float(np.min(balance[given] - floors[given]))


def _above_floor(balance: np.ndarray, floors, k: np.ndarray) -> np.ndarray:
    """balance_t - floor_t for the fit years with a stated floor; without any, balance_t over every fit year (a surplus)."""
    if floors is None or not np.any(~np.isnan(floors)):
        return balance[k]
    stated = k[~np.isnan(floors[k])]
    return balance[stated] - floors[stated]


def _anchor_only(a: Assumptions, values, first: int = 0) -> np.ndarray:
    """Values in the anchor years from `first` on (the published ones), NaN elsewhere."""
    out = np.full(a.n_years, np.nan)
    out[first:a.n_anchor] = np.asarray(values, dtype=float)[first:a.n_anchor]
    return out


def _extreme(values, low, high) -> float:
    """The value furthest outside [low, high], or the one closest to an end when all are inside."""
    values = np.asarray(values, dtype=float)
    below, above = low - values.min(), values.max() - high
    if below > 0 or above > 0:
        return float(values.min()) if below >= above else float(values.max())
    return float(values.min()) if values.min() - low <= high - values.max() else float(values.max())


def _year_index(a: Assumptions, year: int) -> int:
    return int(year - a.years[0])


def _span(a: Assumptions, first: int | None = None) -> str:
    first = a.n_anchor - 1 if first is None else first
    return f"{fiscal_year.label(a.years[first])} to {fiscal_year.label(a.mrf_last_year)}"


def _source(provenance) -> str:
    if isinstance(provenance, dict):
        return provenance.get("source", "")
    return provenance or ""
