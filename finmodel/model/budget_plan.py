"""The Budget baseline: solve for what a Budget does not publish from what it does.

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
from finmodel.model.plan_targets import (  # noqa: F401 (evaluate and targets: read through this module too)
    TOLERANCE,
    above_floor,
    cwrf_comparable,
    evaluate,
    fitted_figures,
    targets,
)

PARAMETERS = ("issuance_level_hkd_bn", "issuance_slope_hkd_bn", "other_capital_level_hkd_bn",
              "other_capital_slope_hkd_bn", "measures_level_hkd_bn", "measures_slope_hkd_bn")
QP_FTOL = 1e-12   # SLSQP's stopping tolerance on the objective (HK$ bn^2 / 100): far below any printed figure
QP_MARGIN = 1e-11  # HK$ bn or pp: each range is met this far inside, so float noise never lands a figure just over a bound
QP_ITERATIONS = 200



@dataclass(frozen=True)
class FitOptions:
    """Which reading of the published statements the fit solves (the default: the shipped central reading).

    rise_min_hkd_bn: reserves rise by at least this every year (None: no rise required);
    reserves_end: reserves end the MRF at least reserves_end_min_hkd_bn; deficit_reach_index: the
    year (an index on the year axis) whose Non-Operating deficit equals the range's top (None: the
    range as bounds only); drop: target keys the fit leaves out (leave one out; the CWRF key drops
    the objective's CWRF term).
    """

    rise_min_hkd_bn: float | None = 0.0
    reserves_end: bool = True
    deficit_reach_index: int | None = None
    drop: frozenset = frozenset()
    deficit_reach: bool = False   # the deficit reaches the range's top in some fitted year (each year tried; the best kept)


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


def fit(a: Assumptions, options: FitOptions | None = None):
    """Solve the Budget-plan fit on calibrated assumptions; return (fitted Assumptions, FitRecord).

    options: the reading of the published statements to solve (default: FitOptions()). Nothing is fitted when the inputs give every path (the issuance plan and non-works capital
    spending for the MRF years, and `unidentified_measures: none`).
    """
    k = fit_years(a)
    if len(k) == 0 or not (a.fit_issuance or a.fit_other_capital or a.budget_plan.unidentified_measures == "fitted"):
        return a, FitRecord({}, True, "nothing to fit", (), 0)
    options = options or central_options(a)
    if options.deficit_reach and options.deficit_reach_index is None:
        return _fit_reaching(a, options)
    problem = _Problem(a, k, options)
    theta, converged, message = solve_affine_qp(problem)
    fitted = apply(a, theta)
    record = FitRecord(dict(zip(PARAMETERS, (float(x) for x in theta))), converged, message,
                       tuple(fiscal_year.labels(a.years[k])), problem.evaluations)
    return fitted, record


def _fit_reaching(a: Assumptions, options: FitOptions):
    """The fit whose Non-Operating deficit reaches the top of the published range in one fitted year: each year tried,
    the converged fit with the smallest objective kept (its bottom, 90.1, is the 2026-27 estimate itself)."""
    best = None
    for j in fit_years(a):
        fitted, record = fit(a, replace(options, deficit_reach_index=int(j)))
        score = _Problem(a, fit_years(a), options).objective(list(record.parameters.values()))
        if best is None or (record.converged, -score) > (best[1].converged, -best[2]):
            best = (fitted, record, score)
    return best[0], best[1]


def central_options(a: Assumptions) -> FitOptions:
    """The fit's reading of the published statements: the central one of budget_plan.yaml's gap_readings (else the default)."""
    p = a.budget_plan
    for r in p.gap_readings:
        if r.name == p.gap_central:
            return reading_options(r)
    return FitOptions()


def reading_options(r) -> FitOptions:
    """FitOptions for one GapReading (a reading that reaches both ends of the deficit range is solved year by year: see plan_checks)."""
    return FitOptions(rise_min_hkd_bn=r.reserves_rise_min_hkd_bn, reserves_end=r.reserves_end,
                      deficit_reach=r.non_operating_deficit == "reaches_both_ends")


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

    def __init__(self, a: Assumptions, k: np.ndarray, options: FitOptions = FitOptions()):
        self.a = a
        self.options = options
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
        if "cwrf_expenditure_hkd_bn[mean]" in self.options.drop:
            miss = 0.0
        return np.concatenate([measures, [miss], np.asarray(theta, dtype=float)[[1, 3, 5]] / 10.0])

    def objective(self, theta) -> float:
        return float(np.sum(self.residuals(theta) ** 2))

    def equalities(self, theta) -> np.ndarray:
        """10 x (debt-to-GDP at the end of the MRF - the published figure), when issuance is fitted."""
        o = self.run(theta)
        published = [10.0 * (getattr(o, variable)[0, k] - values[k]) for variable, values in fitted_figures(self.a)
                     for k in self.k if not np.isnan(values[k])]
        target = self.p.debt_to_gdp_pct[self.end]
        out = []
        key = f"debt_to_gdp_pct[{fiscal_year.label(self.a.years[self.end])}]"
        if self.a.fit_issuance and not np.isnan(target) and key not in self.options.drop:
            out.append(10.0 * (o.debt_to_gdp_pct[0, self.end] - target))
        j = self.options.deficit_reach_index
        if j is not None:
            # just inside the top (the range's bound keeps QP_MARGIN inside it), so the two never conflict
            out.append(-o.non_operating_balance_hkd_bn[0, j] - (self.p.non_operating_deficit_max_hkd_bn - 10 * QP_MARGIN))
        return np.array(out + published, dtype=float)

    def inequalities(self, theta, share_as_ratio: bool = False) -> np.ndarray:
        """Every published range, as g(theta) >= 0 (the refinancing share as sum redemptions - share x sum issuance,
        which is affine, or as the ratio itself for SLSQP)."""
        a, p, k = self.a, self.p, self.k
        o = self.run(theta)
        span = self.span[1:] if len(self.span) > 1 else self.span
        opt = self.options
        ranged = k[np.isnan(p.non_operating_balance_hkd_bn[k])]   # a year with a published balance is an equality instead
        stated_end = not np.isnan(p.reserves_end_min_hkd_bn)      # "reserves gradually increase to over X"
        kept = {"debt_to_gdp_pct[band]": [a.band_high_pct + p.band_tolerance_pp - o.debt_to_gdp_pct[0, k]],
                "operating_balance_hkd_bn[min]": [above_floor(o.operating_balance_hkd_bn[0], p.operating_balance_min_hkd_bn, k)],
                "non_operating_deficit_hkd_bn[range]": [-o.non_operating_balance_hkd_bn[0, ranged] - p.non_operating_deficit_min_hkd_bn,
                                                        p.non_operating_deficit_max_hkd_bn + o.non_operating_balance_hkd_bn[0, ranged]],
                "fiscal_reserves_rise_hkd_bn[min]": [np.diff(o.fiscal_reserves_hkd_bn[0, self.span]) - (opt.rise_min_hkd_bn or 0.0)]
                if stated_end and opt.rise_min_hkd_bn is not None else [],
                "fiscal_reserves_hkd_bn[end]": [[o.fiscal_reserves_hkd_bn[0, self.end] - p.reserves_end_min_hkd_bn]]
                if stated_end and opt.reserves_end else [],
                "consolidated_balance_hkd_bn[min]": [above_floor(o.consolidated_balance_hkd_bn[0], p.consolidated_balance_min_hkd_bn, k)]
                if p.consolidated_balance_min_hkd_bn is not None else []}
        g = [x for key, parts in kept.items() if key not in opt.drop for x in parts]
        if a.fit_issuance:
            iss = o.gross_issuance_hkd_bn[0, k]
            redeemed, issued = np.sum(o.redemptions_hkd_bn[0, span]), np.sum(o.gross_issuance_hkd_bn[0, span])
            share = [redeemed - p.refinancing_share_min_pct / 100.0 * issued, p.refinancing_share_max_pct / 100.0 * issued - redeemed]
            if share_as_ratio:
                ratio = 100.0 * redeemed / issued
                share = [ratio - p.refinancing_share_min_pct, p.refinancing_share_max_pct - ratio]
            bounds = [iss] if "gross_issuance_hkd_bn[min]" in opt.drop else [iss - p.issuance_min_hkd_bn, p.issuance_max_hkd_bn - iss]
            g += bounds + ([] if "refinancing_share_pct" in opt.drop else [share])
        if p.unidentified_measures == "fitted":
            g.append(o.unidentified_measures_hkd_bn[0, k])
        return np.concatenate([np.atleast_1d(np.asarray(x, dtype=float)) for x in g])
