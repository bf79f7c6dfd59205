"""Goal-seeking with a root-finder (scipy.optimize.brentq) on the engine itself.

Each question is a scalar function of one policy or shock value whose root is the answer; the
engine is re-run at every trial value, so the answer is exact to the root-finder's tolerance
(XTOL) and the constraint holds with equality at it:

1. max_constant_issuance: the highest constant planned gross issuance x [HK$ bn a year, 2026-27
   to the horizon] with  max_t debt_t / GDP_t = limit  (year 0 is the revised estimate); without
   a limit, the band's top plus the published rounding (`verdicts.band_breached`: the highest
   issuance that does not breach the band).
2. land_for_reserves_floor: the constant land premium L [HK$ bn a year], and the constant share
   s of GDP, with  min_t reserves_t = floor  from 2026-27.
3. growth_shortfall_for_ceiling: the cut d in nominal GDP growth [pp a year] at which
   max_t (uncapped debt_t - ceiling_t) = 0 over the years before `before_year`.

Every question runs under one financing rule, `rule` (default the loaded inputs' rule), named
in its answer: the answers are then one world's answers. Under the plan rule debt does not
depend on growth or land (question 3 has no answer); under the gap rule land only moves debt.
"""

from dataclasses import dataclass, replace

import numpy as np

from finmodel import fiscal_year, numbers
from finmodel.inputs.assumptions import Assumptions
from finmodel.model import verdicts
from finmodel.model.engine import Shocks, project
from finmodel.model.engine_result import EngineResult

XTOL = 1e-12


@dataclass(frozen=True)
class Answer:
    """A goal-seek answer with the run that implies it (re-run `project(assumptions, shocks)`)."""

    question: str
    value: float | None          # None when no answer exists in the searched range (see note)
    unit: str
    residual: float | None       # constraint minus target at the answer (0 to tolerance)
    binding_year: str | None     # the year where the constraint binds
    note: str
    assumptions: Assumptions     # the assumptions the constraint is evaluated on
    shocks: Shocks | None
    shown: Assumptions | None = None   # the assumptions of the path shown, when they differ (ceiling policy)

    def arrays(self) -> EngineResult:
        """The path the answer implies, under the loaded ceiling policy."""
        return project(self.shown or self.assumptions, self.shocks)


def _solve(f, lo, hi, grow, limit):
    """brentq on [lo, hi], widening hi by `grow` until f changes sign; None when it never does."""
    from scipy.optimize import brentq

    f_lo, f_hi = f(lo), f(hi)
    while f_lo * f_hi > 0 and abs(hi) < limit:
        hi = hi * grow
        f_hi = f(hi)
    if f_lo * f_hi > 0:
        return None
    return brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps, maxiter=500)


def _year(a, t):
    return fiscal_year.label(a.years[t])


def _issuance_shocks(x):
    return Shocks(issuance_hkd_bn=float(x))


def max_constant_issuance(a: Assumptions, limit_pct: float | None = None, rule: str | None = None) -> Answer:
    """Highest constant annual planned issuance keeping debt-to-GDP <= limit (default: not breaching the band) to the horizon."""
    limit = a.band_high_pct + verdicts.band_tolerance_pp(a) if limit_pct is None else float(limit_pct)
    ar = replace(a, financing_rule=rule or a.financing_rule)

    def peak(x):
        return project(ar, _issuance_shocks(x)).debt_to_gdp_pct[0, 1:].max() - limit

    q = f"highest constant gross issuance a year, {_year(a, 1)} to {_year(a, -1)}, keeping debt-to-GDP <= {limit:g}%"
    if peak(0.0) > 0:
        return Answer(q, None, "HK$ bn a year", None, None, "debt-to-GDP exceeds the limit even with no new issuance", ar, None)
    x = _solve(peak, 0.0, 200.0, 2.0, 1e6)
    if x is None:
        return Answer(q, None, "HK$ bn a year", None, None, "the limit is never reached: the ceiling caps debt below it", ar, None)
    o = project(ar, _issuance_shocks(x))
    t = 1 + int(o.debt_to_gdp_pct[0, 1:].argmax())
    return Answer(q, float(x), "HK$ bn a year", float(peak(x)), _year(a, t),
                  f"{ar.financing_rule} rule, ceiling {a.ceiling_policy}; debt-to-GDP touches {limit:g}% in {_year(a, t)}", ar, _issuance_shocks(x))


def land_for_reserves_floor(a: Assumptions, floor_hkd_bn: float | None = None, rule: str | None = None) -> tuple[Answer, Answer]:
    """Constant land premium (HK$ bn a year; and as a constant share of GDP) keeping reserves >= floor from 2026-27."""
    floor = a.reserves_floor_hkd_bn if floor_hkd_bn is None else float(floor_hkd_bn)
    ar = replace(a, financing_rule=rule or a.financing_rule)
    gdp = project(ar).nominal_gdp_hkd_bn[0]          # GDP does not depend on land premium

    def low_hkd(level):
        return project(ar, Shocks(land_hkd_bn=float(level))).fiscal_reserves_hkd_bn[0, 1:].min() - floor

    def low_share(share):
        return project(ar, Shocks(land_hkd_bn=share * gdp[None, :])).fiscal_reserves_hkd_bn[0, 1:].min() - floor

    out = []
    for fn, unit, lo, hi, kind in ((low_hkd, "HK$ bn a year", 0.0, 100.0, "hkd"), (low_share, "% of GDP", 0.0, 0.05, "share")):
        q = (f"constant land premium a year, {_year(a, 1)} to {_year(a, -1)}, keeping fiscal reserves >= HK${floor:,g}bn"
             + (" (as a share of GDP)" if kind == "share" else ""))
        if fn(0.0) >= 0:
            out.append(Answer(q, 0.0, unit, float(fn(0.0)), None, "reserves stay above the floor with no land premium", ar,
                              Shocks(land_hkd_bn=0.0)))
            continue
        v = _solve(fn, lo, hi, 2.0, 1e6 if kind == "hkd" else 10.0)
        if v is None:
            out.append(Answer(q, None, unit, None, None, "no land premium in the searched range keeps reserves at the floor", ar, None))
            continue
        shocks = Shocks(land_hkd_bn=float(v)) if kind == "hkd" else Shocks(land_hkd_bn=v * gdp[None, :])
        o = project(ar, shocks)
        t = 1 + int(o.fiscal_reserves_hkd_bn[0, 1:].argmin())
        land = o.land_premium_hkd_bn[0, 1:]
        share = 100.0 * land / o.nominal_gdp_hkd_bn[0, 1:]
        if kind == "hkd":
            note = (f"{ar.financing_rule} rule; {numbers.hkd_bn(v)} a year = {numbers.span(share.min(), share.max(), 2, '% of GDP')} "
                    f"(mean {numbers.pct(share.mean(), 2)}); reserves touch the floor in {_year(a, t)}")
            value = float(v)
        else:
            note = (f"{ar.financing_rule} rule; {numbers.pct(100 * v, 3)} of GDP a year = {numbers.span(land.min(), land.max(), 1, 'HK$ bn')}; "
                    f"reserves touch the floor in {_year(a, t)}")
            value = float(100.0 * v)
        out.append(Answer(q, value, unit, float(fn(v)), _year(a, t), note, ar, shocks))
    return out[0], out[1]


def growth_shortfall_for_ceiling(a: Assumptions, before_year: int | None = None, rule: str | None = None) -> Answer:
    """Cut in nominal GDP growth (pp a year from the year after the opening one) at which the ceiling first binds before
    `before_year` (default: the MRF's last year)."""
    before_year = a.mrf_last_year if before_year is None else before_year
    ag = replace(a, financing_rule=rule or a.financing_rule, ceiling_policy="breach")
    window = (a.years >= a.years[1]) & (a.years < before_year)
    q = f"nominal GDP growth shortfall at which the ceiling binds before {fiscal_year.label(before_year)} ({ag.financing_rule} rule)"
    if not window.any():
        return Answer(q, None, "pp a year", None, None, "no model year before that fiscal year", ag, None)

    def excess(cut_pp):
        o = project(ag, Shocks(growth_pp=-cut_pp / 100.0))
        return (o.debt_hkd_bn[0] - o.ceiling_hkd_bn[0])[window].max()

    if excess(-10.0) > 0:
        return Answer(q, None, "pp a year", None, None, "the ceiling binds even with growth 10pp a year above the baseline", ag, None)
    d = _solve(excess, -10.0, 10.0, 1.5, 60.0)
    if d is None:
        return Answer(q, None, "pp a year", None, None, "the ceiling does not bind for growth cuts up to 60pp a year", ag, None)
    shocks = Shocks(growth_pp=-d / 100.0)
    o = project(ag, shocks)
    gap = (o.debt_hkd_bn[0] - o.ceiling_hkd_bn[0])
    t = int(np.flatnonzero(window)[gap[window].argmax()])
    sign = "below" if d >= 0 else "ABOVE"
    note = (f"{ag.financing_rule} rule; growth {abs(d):.3f}pp a year {sign} the baseline; debt reaches the ceiling in "
            f"{_year(a, t)}")
    return Answer(q, float(d), "pp a year", float(excess(d)), _year(a, t), note, ag, shocks,
                  shown=replace(ag, ceiling_policy=a.ceiling_policy))
