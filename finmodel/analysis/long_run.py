"""The long-run view of a run past the MRF: ageing costs by function, the balance sheet by year, the
ceiling's binding year under both options, the guarantee stress and the sustainability gaps S1, S2.

Everything an exporter of the long run shows is computed here (`build`), from the run's engine result
and its assumptions; `LongRunView` holds finished numbers only.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from finmodel import fiscal_year
from finmodel.analysis import sustainability
from finmodel.inputs.long_run import FUNCTIONS, GROUPS
from finmodel.model import ageing, guarantees
from finmodel.model.engine import Shocks, project
from finmodel.model.long_run import under_option

CEILING_OPTIONS = ("fixed", "gdp")


@dataclass(frozen=True)
class LongRunView:
    """The long run of one run: `table` one row per fiscal year; the rest headline figures (JSON-ready)."""

    table: pd.DataFrame
    ceiling_binds: dict          # option -> first fiscal year the ceiling binds, or None
    ceiling_paths: dict          # option -> (ceiling, debt) [HK$ bn], (years,) each, under that option
    ceiling_option: str
    gaps: dict                   # name -> sustainability.Gap
    gap_inputs: dict
    guarantee_stress: dict
    working_group_check: dict
    pension_liability_hkd_bn: float

    def to_dict(self) -> dict:
        """The `long_run` object of summary.json."""
        t = self.table
        at = {y: {f"{f}_pct_gdp": float(t.loc[y, f"{f}_pct_gdp"]) for f in FUNCTIONS + ("age_related",)}
              for y in self.years_shown()}
        return {"ceiling_option": self.ceiling_option,
                "first_year_ceiling_binds": dict(self.ceiling_binds),
                "age_related_spending_pct_gdp": at,
                "sustainability_gaps": {k: g.to_dict() for k, g in self.gaps.items()},
                "sustainability_inputs": {k: v if isinstance(v, str) else float(v) for k, v in self.gap_inputs.items()},
                "guarantee_stress": dict(self.guarantee_stress),
                "working_group_check": dict(self.working_group_check),
                "pension_liability_memo_hkd_bn": self.pension_liability_hkd_bn}

    def years_shown(self) -> list:
        """The base year, the MRF's last year, the S1 target year (when in the run) and the horizon."""
        t = self.table
        picks = [self.gap_inputs["base_year"], t.index[t["beyond_mrf"] == 0][-1], self.gap_inputs["s1_target_year"], t.index[-1]]
        return list(dict.fromkeys(y for y in picks if y in t.index))


def build(a, o) -> LongRunView | None:
    """The long-run view of assumptions `a` and their engine result `o` (path 0); None for a run to the MRF."""
    lr = a.long_run
    if lr is None:
        return None
    runs = {opt: _under(a, o, opt) for opt in CEILING_OPTIONS}
    binds = {opt: _first_bind(a, r) for opt, r in runs.items()}
    paths = {opt: (np.asarray(r.ceiling_hkd_bn[0], dtype=float), np.asarray(r.debt_hkd_bn[0], dtype=float)) for opt, r in runs.items()}
    gaps, gap_inputs = _gaps(a, o)
    return LongRunView(_table(a, o), binds, paths, lr.ceiling_indexation, gaps, gap_inputs, _stress(a, o),
                       {k: {"model_hkd_bn": float(m), "published_hkd_bn": p, "error_pct": float(100.0 * (m / p - 1.0))}
                        for k, (m, p) in ageing.working_group_check(lr).items()},
                       lr.pension_liability_hkd_bn)


def _under(a, o, option):
    """The engine result under a ceiling option: the run's own, or a run with the other option."""
    return o if option == a.long_run.ceiling_indexation else project(under_option(a, option))


def _first_bind(a, o):
    binds = o.ceiling_binds[0] > 0
    return fiscal_year.label(int(a.years[np.argmax(binds)])) if binds.any() else None


def _table(a, o) -> pd.DataFrame:
    """One row per fiscal year: population, age-related spending by function, what the long run adds, the balance sheet."""
    lr, years = a.long_run, a.years
    pop = ageing.population(lr, years)
    share = ageing.shares(lr, years)
    gdp = o.nominal_gdp_hkd_bn[0]
    cols = {f"population_{g}_mn": pop[i] for i, g in enumerate(GROUPS)}
    cols["working_age_share_pct"] = 100.0 * ageing.working_age_share(lr, years)
    cols.update({f"{f}_pct_gdp": 100.0 * share[i] for i, f in enumerate(FUNCTIONS)})
    cols["age_related_pct_gdp"] = 100.0 * share.sum(axis=0)
    cols["ageing_added_pct_gdp"] = 100.0 * a.recurrent_add_share_gdp
    cols["salaries_tax_change_pct_gdp"] = 100.0 * a.revenue_add_share_gdp
    reserves, debt, pool_b = o.fiscal_reserves_hkd_bn[0], o.debt_hkd_bn[0], o.debt_pool_b_hkd_bn[0]
    cols.update(fiscal_reserves_hkd_bn=reserves, debt_hkd_bn=debt, net_debt_hkd_bn=debt - reserves,
                net_debt_pct_gdp=100.0 * (debt - reserves) / gdp, debt_pool_b_hkd_bn=pool_b,
                guarantees_outstanding_hkd_bn=np.full(len(years), lr.guarantees_hkd_bn),
                guarantees_at_risk_low_hkd_bn=guarantees.at_risk(a, lr.default_rate_low),
                guarantees_at_risk_high_hkd_bn=guarantees.at_risk(a, lr.default_rate_high),
                pension_liability_memo_hkd_bn=np.full(len(years), lr.pension_liability_hkd_bn),
                ceiling_hkd_bn=np.asarray(a.ceiling_hkd_bn, dtype=float), beyond_mrf=(years > a.mrf_last_year).astype(int))
    df = pd.DataFrame(cols, index=pd.Index([fiscal_year.label(int(y)) for y in years], name="fiscal_year"))
    return df


def _gaps(a, o) -> tuple:
    """S1, S2 and the reserves-at-12-months gap from the run's base year, with the inputs they used.

    p_t is the run's own primary balance (one-offs out) before its cost of ageing, dA_t that cost: age-related
    spending above its MRF-end share plus the salaries tax a shrinking workforce loses (what the run adds past
    the MRF; the MRF's own years are the Budget's). Both are carried past the horizon to the last population
    point by the same rules (p held), then held.
    """
    lr = a.long_run
    b = int(np.searchsorted(a.years, lr.sus_base_year))
    gdp = o.nominal_gdp_hkd_bn[0]
    d0 = (o.debt_hkd_bn[0, b] - o.fiscal_reserves_hkd_bn[0, b]) / gdp[b]
    last = max(int(lr.pop_years[-1]), lr.s1_target_year, int(a.years[-1]))
    spend, revenue = ageing.beyond_mrf_adjustments(lr, np.arange(lr.sus_base_year + 1, last + 1), a.mrf_last_year)
    dA = spend - revenue
    p = (o.primary_balance_hkd_bn[0, b + 1:] - o.one_off_receipts_hkd_bn[0, b + 1:]) / gdp[b + 1:] + dA[: a.n_years - b - 1]
    n = lr.s1_target_year - lr.sus_base_year
    target = d0 if lr.s1_target_net_debt == "base" else lr.s1_target_net_debt
    reserves_target = (o.debt_hkd_bn[0, b] - lr.reserves_months / 12.0 * o.expenditure_hkd_bn[0, b]) / gdp[b]
    r, g = lr.interest_rate, lr.nominal_growth
    gaps = {"S1": sustainability.s1(d0, p[:n], dA[:n], r, g, target),
            "S2": sustainability.s2(d0, p, dA, lr.s2_r_minus_g, g, lr.r_minus_g_floor),
            "reserves_12_months": sustainability.s1(d0, p[:n], dA[:n], r, g, reserves_target, name="reserves_12_months",
                                                    note="net debt = base-year debt less reserves of "
                                                         f"{lr.reserves_months:g} months of base-year spending")}
    label = fiscal_year.label
    return gaps, {"base_year": label(lr.sus_base_year), "adjustment_from": label(lr.sus_adjustment_from),
                  "s1_target_year": label(lr.s1_target_year), "net_debt_base_pct_gdp": 100.0 * d0,
                  "primary_balance_first_year_pct_gdp": 100.0 * float(p[0]), "s1_target_net_debt_pct_gdp": 100.0 * target,
                  "reserves_target_net_debt_pct_gdp": 100.0 * reserves_target, "interest_rate_pct": 100.0 * r,
                  "nominal_growth_pct": 100.0 * g, "s2_r_minus_g_pp": 100.0 * lr.s2_r_minus_g,
                  "r_minus_g_floor_pp": 100.0 * lr.r_minus_g_floor, "ageing_held_after": label(last)}


def _stress(a, o) -> dict:
    """The guarantee stress at the two default rates: calls in the stress year and reserves then and at the horizon."""
    lr = a.long_run
    k = int(np.searchsorted(a.years, lr.stress_year))
    out = {"stress_year": fiscal_year.label(lr.stress_year), "outstanding_hkd_bn": lr.guarantees_hkd_bn}
    for name, rate in (("low", lr.default_rate_low), ("high", lr.default_rate_high)):
        calls = guarantees.stress_calls(a, rate)
        s = project(a, Shocks(guarantee_calls_hkd_bn=calls))
        out[name] = {"default_rate_pct": 100.0 * rate, "called_hkd_bn": float(calls.sum()),
                     "reserves_change_in_stress_year_hkd_bn": float(s.fiscal_reserves_hkd_bn[0, k] - o.fiscal_reserves_hkd_bn[0, k]),
                     "reserves_change_at_horizon_hkd_bn": float(s.fiscal_reserves_hkd_bn[0, -1] - o.fiscal_reserves_hkd_bn[0, -1])}
    return out
