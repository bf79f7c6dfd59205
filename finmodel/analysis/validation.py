"""The runs behind the validation report (docs/validation.md): the back-test, the Budget views and the reserves' drivers.

Everything `finmodel.report.validation_report` writes is computed here, in the command's flow, and
handed to it finished: the report formats, it never runs the model.
"""

from dataclasses import dataclass, replace

import numpy as np

from finmodel import fiscal_year

LAND_AVERAGE_YEARS = 20  # the primer's "20-year average" of land premium to GDP


@dataclass(frozen=True)
class ReserveDrivers:
    """Reserves at the end of the MRF (the year the Budget's reserves floor is stated for) [HK$ bn] under current policy and under each single change to it.

    land_average: (share of GDP [%], first and last fiscal year, years used, reserves) or None without a record;
    land_needed: the constant land share of GDP [%] from 2027-28 that reaches the floor, or None;
    investment: (median rate [%], fiscal years used, reserves) or None; slower_recurrent, capex_lower,
    high_issuance: reserves with recurrent growth 1pp lower, capital works 10% lower, the high issuance plan.
    """

    assumptions: object            # the current-policy Assumptions the drivers change
    end: str
    base: float
    floor: float
    land_average: tuple | None
    land_needed: float | None
    investment: tuple | None
    slower_recurrent: float
    capex_lower: float
    high_issuance: float


@dataclass(frozen=True)
class ValidationRuns:
    """Everything the validation report shows: the back-test, the Budget baseline, its current-policy view and the drivers."""

    backtest: object
    input_hashes: dict
    baseline: object               # Results of the shipped inputs (the Budget baseline)
    drivers: ReserveDrivers
    opening_monthly: object        # the recorded pool A stock at the first year's opening (backtest.recorded_debt_at_year_end)
    opening_ytd_flows: list        # [(proceeds, repayments, source)] of the first year to December, from the record


def compute(inputs_dir="inputs", history_dir=None, start: int | None = None) -> ValidationRuns:
    """Run the back-test from `start`, the Budget baseline and the current-policy drivers of reserves."""
    from finmodel.analysis.backtest import partial_flows, recorded_debt_at_year_end, run_backtest
    from finmodel.inputs import history
    from finmodel.inputs.load import read_inputs
    from finmodel.model.pipeline import load_inputs, run

    bt = run_backtest(start, root=history_dir)
    hashes = read_inputs(inputs_dir).hashes()
    a = load_inputs(inputs_dir)
    res = run(a)
    passive = load_inputs(inputs_dir, scenario="passive")
    drivers = reserve_drivers(passive, a.budget_plan.reserves_end_min_hkd_bn, inputs_dir)
    borrowing = history.borrowing()
    monthly = recorded_debt_at_year_end(a.years[0] - 1, borrowing, history.fiscal(), {})
    ytd = [v for (y, month), v in partial_flows(borrowing).items() if y == a.years[0] and month == 12]
    return ValidationRuns(bt, hashes, res, drivers, monthly, ytd)


def reserve_drivers(a, floor: float, inputs_dir) -> ReserveDrivers:
    """How far each driver moves the current-policy reserves at the end of the MRF, computed with the engine."""
    from finmodel.inputs import history
    from finmodel.model.engine import Shocks
    from finmodel.model.pipeline import load_inputs, run

    end = fiscal_year.label(a.mrf_last_year)

    def reserves(res):
        return res.projection.loc[end, "fiscal_reserves_hkd_bn"]

    base = reserves(run(a))
    future = ~np.isnan(a.land_share_gdp)
    avg = land_average_share(history.land_premium(), history.macro())
    land_average = None
    if avg is not None:
        share, first, last, n = avg
        add = np.where(future, share / 100 - np.nan_to_num(a.land_share_gdp), 0.0)
        land_average = (share, first, last, n, reserves(run(a, Shocks(land_gdp_share_add=add))))
    med = investment_rate_median(history.fiscal())
    investment = None
    if med is not None:
        rate, used = med
        investment = (rate, used, reserves(run(a, Shocks(investment_rate_add=rate / 100 - a.investment_rate))))
    slower = replace(a, recurrent_growth=np.where(np.isnan(a.recurrent_growth), np.nan, a.recurrent_growth - 0.01))
    return ReserveDrivers(
        assumptions=a, end=end, base=base, floor=floor, land_average=land_average, land_needed=land_share_for(a, floor, end, future),
        investment=investment, slower_recurrent=reserves(run(slower)), capex_lower=reserves(run(a, Shocks(capex_factor=0.9))),
        high_issuance=reserves(run(load_inputs(inputs_dir, scenario="passive", issuance="high"))))


def land_average_share(land, macro):
    """Average land premium / nominal GDP [%] over the last LAND_AVERAGE_YEARS fiscal years with actuals.

    GDP is the calendar year in which the fiscal year starts. Returns (share, first label, last label, years used).
    """
    act = land[land["kind"] == "actual"].copy()
    act["start"] = act["fiscal_year"].map(fiscal_year.parse)
    gdp = dict(zip(macro["year"], macro["nominal_gdp_hkd_bn"]))
    act = act[act["start"].isin(gdp.keys())]
    if act.empty:
        return None
    act = act.sort_values("start").tail(LAND_AVERAGE_YEARS)
    share = float(np.mean([100 * v / gdp[y] for v, y in zip(act["land_premium_hkd_bn"], act["start"])]))
    return share, act["fiscal_year"].iloc[0], act["fiscal_year"].iloc[-1], len(act)


def investment_rate_median(fiscal):
    """Median of recorded investment income over the previous year-end's fiscal reserves [%]."""
    inc = fiscal[(fiscal["item"] == "investment_income") & (fiscal["kind"] == "actual")]
    res = fiscal[(fiscal["item"] == "fiscal_reserves_end") & fiscal["kind"].isin(["actual", "provisional"])]
    opening = {fiscal_year.parse(fy) + 1: v for fy, v in zip(res["fiscal_year"], res["value"])}
    pairs = [(fy, 100 * v / opening[fiscal_year.parse(fy)]) for fy, v in zip(inc["fiscal_year"], inc["value"]) if fiscal_year.parse(fy) in opening]
    return (float(np.median([r for _, r in pairs])), [fy for fy, _ in pairs]) if pairs else None


def land_share_for(a, target, end, future):
    """The constant land-premium share of GDP [%] from 2027-28 that ends `end` with reserves = target (many paths, one run)."""
    from finmodel.model.engine import Shocks, project

    grid = np.linspace(0.0, 8.0, 801)
    add = np.where(future[None, :], grid[:, None] / 100 - np.nan_to_num(a.land_share_gdp)[None, :], 0.0)
    t = fiscal_year.labels(a.years).index(end)
    reserves = project(a, Shocks(land_gdp_share_add=add, n_paths=len(grid))).fiscal_reserves_hkd_bn[:, t]
    above = np.flatnonzero(reserves >= target)
    return None if not len(above) else float(np.interp(target, reserves, grid))
