"""The validation report (docs/validation.md), generated from the model, the record and the Budget.

Two checks: the back-test (`finmodel.analysis.backtest`) and the baseline against the published Budget
figures in `seeds/`. Every number in the report is computed when it is generated; the text
around the numbers says how each gap in the data was handled and explains every difference
above the threshold (3%).
"""

from pathlib import Path

import numpy as np

from finmodel import fiscal_year
from finmodel.version import __version__

THRESHOLD_PCT = 3.0
LAND_AVERAGE_YEARS = 20  # the primer's "20-year average" of land premium to GDP


def _f(x, nd=1):
    return "n/a" if x is None or x != x else f"{x:,.{nd}f}"


def _signed(x, nd=1):
    return "n/a" if x is None or x != x else f"{round(float(x), nd) + 0.0:+,.{nd}f}"


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _seeds(seeds_dir: Path) -> dict:
    import yaml

    return yaml.safe_load((Path(seeds_dir) / "budget_2026_27.yaml").read_text(encoding="utf-8"))


def _facts(seeds_dir: Path) -> dict:
    """The April 2026 column's figures (seeds/hk_debt_2026_facts.yaml), or {} when the file is absent."""
    import yaml

    path = Path(seeds_dir) / "hk_debt_2026_facts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def backtest_section(bt) -> list:
    """Markdown lines: method, year-by-year table, MAE, gaps and their handling, differences above 3%."""
    t = bt.table()
    mae = bt.mean_absolute_error()
    start, end = fiscal_year.label(bt.years[0]), fiscal_year.label(bt.years[-1])
    out = [f"## 1. Back-test: {start} to {end}", "",
           f"`finmodel backtest --start {start}` starts from the recorded position at 31 March {bt.years[0]} "
           f"(fiscal reserves {_f(bt.opening_reserves.value)}, {bt.opening_reserves.kind}, {bt.opening_reserves.source}; "
           f"pool A debt {bt.opening_debt.how} ({bt.opening_debt.source})) and feeds each year's "
           "recorded revenue, expenditure, bond issuance and redemptions through the engine's identities: "
           "reserves_t = reserves_{t-1} + revenue_t - expenditure_t + issuance_t - redemptions_t and "
           "debt_t = debt_{t-1} + issuance_t - redemptions_t. Transfers (Exchange Fund, Bond Fund) are revenue in the "
           "Budget's presentation; none is recorded separately in these years. Figures are HK$ bn; errors are back-test minus record.",
           "",
           "| fiscal year | reserves: back-test | reserves: recorded | error | error % | debt: back-test | debt: recorded | error | error % |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for y, r in t.iterrows():
        rec_res = f"{_f(r['reserves_recorded_hkd_bn'])} ({r['reserves_recorded_kind']}, {r['reserves_recorded_source']})"
        rec_debt = _f(r["debt_recorded_hkd_bn"]) if r["debt_recorded_hkd_bn"] == r["debt_recorded_hkd_bn"] else "not recorded"
        out.append(f"| {y} | {_f(r['reserves_backtest_hkd_bn'])} | {rec_res} | {_signed(r['reserves_error_hkd_bn'])} | "
                   f"{_signed(r['reserves_error_pct'], 2)} | {_f(r['debt_backtest_hkd_bn'])} | {rec_debt} | "
                   f"{_signed(r['debt_error_hkd_bn'])} | {_signed(r['debt_error_pct'], 2)} |")
    out += ["", "Mean absolute error (years with a recorded figure; reserves leave out a year that matches by construction):", ""]
    for name, label in (("reserves", "fiscal reserves"), ("debt", "pool A debt")):
        m = mae[name]
        out.append(f"- {label}: {_f(m['mae_hkd_bn'], 2)} HK$ bn, {_f(m['mae_pct'], 2)}% of the record, over {m['years_compared']} year(s)")
    out += ["", "### Gaps in the record and how each is handled", ""]
    for note in bt.notes:
        out.append(f"- {note}")
    for y in bt.years:
        f = bt.flows[y]
        label = fiscal_year.label(y)
        for key, fig in f.items():
            if fig.how:
                out.append(f"- {label}, {key.replace('_', ' ')}: {fig.how}.")
        rd = bt.recorded_debt[y]
        out.append(f"- {label}, recorded debt: {rd.how}" + (f" ({rd.source})." if rd.source else "."))
    out += ["", f"### Differences above {THRESHOLD_PCT:g}%", ""]
    out += _explain_backtest(bt, t)
    return out


def _explain_backtest(bt, t) -> list:
    """Say which years introduce an error (error_t - error_{t-1}) and why, and list any year above the threshold."""
    lines = []
    big = [(y, c) for c in ("reserves_error_pct", "debt_error_pct") for y, v in t[c].items() if v == v and abs(v) > THRESHOLD_PCT]
    largest = {c: t[c].abs().max() for c in ("reserves_error_pct", "debt_error_pct")}
    if not big:
        lines.append(f"None: the largest differences are {_f(largest['reserves_error_pct'], 2)}% for reserves and "
                     f"{_f(largest['debt_error_pct'], 2)}% for debt.")
    for y, c in big:
        lines.append(f"- {y} {c.split('_')[0]}: {_signed(t.loc[y, c], 2)}%; the year's handling: {t.loc[y, 'flows_how'] or 'all flows recorded'}; "
                     f"recorded debt: {t.loc[y, 'debt_recorded_how']}.")
    prev_err, prev_rec = 0.0, bt.opening_reserves.value
    for i, (y, r) in enumerate(t.iterrows()):
        err, rec = r["reserves_error_hkd_bn"], r["reserves_recorded_hkd_bn"]
        if err != err:
            prev_rec = None
            continue
        new = err - prev_err
        if abs(new) > 0.05:
            cb = bt.flows[bt.years[i]]["consolidated_balance"]
            implied = f"; the recorded reserves imply {_signed(rec - prev_rec)} ({_f(rec)} - {_f(prev_rec)})" if prev_rec is not None else ""
            lines += ["", f"The reserves error of {_signed(new)} enters in {y}, where the consolidated balance fed is "
                      f"{_signed(cb.value)} ({cb.kind}, {cb.source}){implied}. {_sentence(cb.how) or 'Its flows are recorded.'} "
                      "Later years feed recorded flows, so the error carries forward unchanged: it is a level "
                      "difference from that one year, not a drift."]
        prev_err, prev_rec = err, rec
    lines.append("")
    lines.append("Where every flow of a year is recorded, the back-test reproduces the recorded reserves to the "
                 "rounding of the published figures: the record itself satisfies the stock-flow identity the engine "
                 "uses. The back-test therefore checks the accounting and the data, not the forecasting rules "
                 "(land premium, revenue buoyancy, spending growth), which no outturn can check before 2026-27. "
                 "The debt comparison has two points only: no pool A stock on or near 31 March is in the record "
                 "before 2025. Two gaps in the debt flows push in opposite directions (the 2022-23 issuance is a "
                 "lower bound; redemptions before 2023-24 are taken as zero), so the close debt match is weaker "
                 "evidence than it looks.")
    return lines


def budget_section(seeds: dict, inputs_dir, facts: dict | None = None) -> list:
    """Markdown lines: the Budget baseline and the current-policy view against every published figure, the fit, the opening stock."""
    from finmodel.model.pipeline import load_inputs, run

    a = load_inputs(inputs_dir)
    res = run(a)
    b = res.budget_summary()
    out = ["## 2. The Budget baseline against the 2026-27 Budget", "",
           "`finmodel project` with the shipped inputs (the Budget baseline: central plan, plan rule, ceiling capped) and "
           "its current-policy view (`--scenario passive`: the same without the unidentified measures), against every "
           "figure the Budget publishes for its plan (`inputs/budget_plan.yaml` and `inputs/fiscal.yaml`; the tests read "
           "the same figures from `seeds/budget_2026_27.yaml`). HK$ bn unless stated. 'anchor': reproduced by "
           "calibration (`finmodel/model/calibration.py`); 'fitted': met by the Budget-plan fit "
           "(`finmodel/model/budget_plan.py`); 'check': follows from the model.", "",
           f"The Budget baseline meets {b['met']} of {b['total']} figures; the current-policy view meets {b['passive_met']}.", "",
           "| published figure | published | Budget baseline | met | current policy | met | how | source |",
           "| --- | ---: | ---: | :---: | ---: | :---: | --- | --- |"]
    for r in res.against_budget():
        out.append(f"| {r['figure']} | {r['published']} | {r['budget_model']:,.2f} | {'yes' if r['budget_met'] else '**no**'} | "
                   f"{r['passive_model']:,.2f} | {'yes' if r['passive_met'] else '**no**'} | {r['how']} | {r['source']} |")
    out += [""] + _fit_lines(res, b) + _opening_stock_lines(a, facts or {})
    passive = load_inputs(inputs_dir, scenario="passive")
    out += _explain_reserves(passive, run(passive).projection, a.budget_plan.reserves_end_min_hkd_bn, inputs_dir)
    return out


def _fit_lines(res, b) -> list:
    """What the fit solved for: the three paths by year, the parameters, and the current-policy end-points."""
    a = res.assumptions
    p = res.projection
    years = list(b["unidentified_measures_hkd_bn"])
    fit = a.fit
    lines = ["### What the Budget does not publish, solved for", "",
             f"{fit.get('method', '')}: {'converged' if fit.get('converged') else 'did not converge: ' + str(fit.get('message'))} "
             f"after {fit.get('evaluations', 0)} engine runs. Each path is a level and a slope over {', '.join(years)}.", "",
             "| line (HK$ bn) | " + " | ".join(years) + " |", "| --- |" + " ---: |" * len(years)]
    for words, column in (("gross issuance", "gross_issuance_hkd_bn"), ("non-works capital spending", "other_capital_hkd_bn"),
                          ("unidentified measures", "unidentified_measures_hkd_bn"),
                          ("unidentified measures, % of GDP", "unidentified_measures_pct_gdp")):
        lines.append(f"| {words} | " + " | ".join(f"{p.loc[y, column]:,.2f}" for y in years) + " |")
    q = b["passive"]
    lines += ["", "Fitted parameters: " + "; ".join(f"{k} = {v:.3f}" for k, v in fit.get("parameters", {}).items()) + ".", "",
              f"The plan needs HK${b['unidentified_measures_total_hkd_bn']:,.1f}bn of savings or revenue that the Budget does "
              f"not itemise over {years[0]} to {years[-1]} ({b['unidentified_measures_average_pct_gdp']:.2f}% of GDP a year on "
              f"average). Without them (current policy) reserves end {q['year']} at HK${q['fiscal_reserves_end_hkd_bn']:,.1f}bn, "
              f"debt-to-GDP at {q['debt_to_gdp_end_pct']:.2f}%, and the ceiling "
              + (f"binds in {q['first_year_ceiling_binds']}." if q["first_year_ceiling_binds"] else f"does not bind by {q['year']}."),
              ""]
    return lines


def _opening_stock_lines(a, facts: dict) -> list:
    """The two records of pool A at 31 March 2025: the monthly stocks (chosen) and the end-2025 figure less the 2025 flows."""
    from finmodel.analysis.backtest import _partial_flows, recorded_debt_at_year_end
    from finmodel.inputs import history

    borrowing = history.borrowing()
    monthly = recorded_debt_at_year_end(a.years[0] - 1, borrowing, history.fiscal(), {})
    lines = ["### The opening stock: two records of pool A at 31 March 2025", ""]
    end_2025 = facts.get("debt_stock", {}).get("outstanding_end_2025_hkd_bn")
    ytd = [v for (y, month), v in _partial_flows(borrowing).items() if y == a.years[0] and month == 12]
    rows = [f"- The monthly government-debt stocks: {monthly.how} ({monthly.source}) = **{monthly.value:,.1f}**. Chosen: "
            "official monthly statements, the nearest dates either side of 31 March."]
    if end_2025 is not None and ytd and ytd[0][1] is not None:
        proceeds, repayments, source = ytd[0]
        other = end_2025 - proceeds + repayments
        rows.append(f"- The April 2026 column's end-2025 stock less the April-December 2025 flows: {end_2025:g} - {proceeds:g} "
                    f"+ {repayments:g} ({source}) = **{other:,.1f}**, {other - monthly.value:+.1f} from the chosen figure: the "
                    "column's 'about' figure is rounded and mixes a calendar-year stock with fiscal-year flows.")
    rows.append(f"- The opening book (`inputs/opening_book.csv`) adds to **{a.opening_debt_hkd_bn:,.1f}** at the first year's "
                "exchange rates; with it, 2026-27 debt-to-GDP is "
                "the published 14.4% to its rounding.")
    return lines + rows + [""]


def _explain_reserves(a, p, floor30, inputs_dir) -> list:
    """Quantify, with the engine, what moves reserves at the end of 2030-31 and what would close the gap."""
    from dataclasses import replace

    from finmodel.inputs import history
    from finmodel.model.engine import Shocks
    from finmodel.model.pipeline import load_inputs, run

    end = "2030-31"
    base = p.loc[end, "fiscal_reserves_hkd_bn"]
    gap = floor30 - base
    future = ~np.isnan(a.land_share_gdp)
    years_after = int(np.sum((a.years > fiscal_year.parse("2026-27")) & (a.years <= fiscal_year.parse(end))))
    lines = ["### What else could stand in for the unidentified measures", "",
             f"The Budget expects reserves above HK${floor30:g}bn at 31 March 2031; without the unidentified measures "
             f"(current policy) reserves end 2030-31 at {_f(base)}, {_f(abs(gap))} {'short' if gap > 0 else 'above'}: "
             f"consolidated balances {_f(gap / years_after)} a year better over the {years_after} years after 2026-27. "
             "How far each driver moves the current-policy reserves, computed with the engine:", "",
             "| change to the current-policy view (2027-28 to 2030-31 unless stated) | reserves at 31 March 2031 | change |",
             "| --- | ---: | ---: |",
             f"| none (current policy) | {_f(base)} | |"]
    land = history.land_premium()
    macro = history.macro()
    avg = _land_average_share(land, macro)
    if avg is not None:
        share, first, last, n = avg
        add = np.where(future, share / 100 - np.nan_to_num(a.land_share_gdp), 0.0)
        v = run(a, Shocks(land_gdp_share_add=add)).projection.loc[end, "fiscal_reserves_hkd_bn"]
        lines.append(f"| land premium at its average of {share:.1f}% of GDP over the {n} recorded years {first} to {last}, "
                     f"many of 'recalled' confidence (baseline rises from {100 * np.nanmin(a.land_share_gdp):.1f}% to "
                     f"{100 * np.nanmax(a.land_share_gdp):.1f}%) | {_f(v)} | {_signed(v - base)} |")
    needed = _land_share_for(a, floor30, end, future)
    if needed is not None:
        lines.append(f"| land premium at {needed:.2f}% of GDP: the level that reaches {floor30:g} | {_f(floor30)} | {_signed(floor30 - base)} |")
    med = _investment_rate_median(history.fiscal())
    if med is not None:
        rate, used = med
        v = run(a, Shocks(investment_rate_add=rate / 100 - a.investment_rate)).projection.loc[end, "fiscal_reserves_hkd_bn"]
        lines.append(f"| investment income at {rate:.1f}% of opening reserves, the median of {', '.join(used)} (a wider "
                     f"definition, GRA and Funds; baseline {100 * a.investment_rate[-1]:.1f}%) | {_f(v)} | {_signed(v - base)} |")
    slower = replace(a, recurrent_growth=np.where(np.isnan(a.recurrent_growth), np.nan, a.recurrent_growth - 0.01))
    v = run(slower).projection.loc[end, "fiscal_reserves_hkd_bn"]
    lines.append(f"| recurrent spending growing 1 pp a year slower | {_f(v)} | {_signed(v - base)} |")
    v = run(a, Shocks(capex_factor=0.9)).projection.loc[end, "fiscal_reserves_hkd_bn"]
    lines.append(f"| capital works 10% lower | {_f(v)} | {_signed(v - base)} |")
    hi = run(load_inputs(inputs_dir, scenario="passive", issuance="high")).projection.loc[end, "fiscal_reserves_hkd_bn"]
    lines.append(f"| high issuance plan ({a.plans['high'][-1]:g} a year): bond proceeds are paid into the reserves | {_f(hi)} | {_signed(hi - base)} |")
    lines += ["", "Land premium is the largest single driver: the inputs keep it below its long-run average, rising to "
              f"{100 * a.land_share_gdp[-1]:.1f}% of GDP by {fiscal_year.label(a.years[-1])} (`inputs/fiscal.yaml`: the 2025-26 MRF "
              "assumed 2%). Higher issuance also lifts reserves, because gross proceeds count in the consolidated balance, "
              "at the cost of more debt and interest, and breaks the 19.9% end-point.", ""]
    return lines


def _land_average_share(land, macro):
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


def _investment_rate_median(fiscal):
    """Median of recorded investment income over the previous year-end's fiscal reserves [%]."""
    inc = fiscal[(fiscal["item"] == "investment_income") & (fiscal["kind"] == "actual")]
    res = fiscal[(fiscal["item"] == "fiscal_reserves_end") & fiscal["kind"].isin(["actual", "provisional"])]
    opening = {fiscal_year.parse(fy) + 1: v for fy, v in zip(res["fiscal_year"], res["value"])}
    pairs = [(fy, 100 * v / opening[fiscal_year.parse(fy)]) for fy, v in zip(inc["fiscal_year"], inc["value"]) if fiscal_year.parse(fy) in opening]
    return (float(np.median([r for _, r in pairs])), [fy for fy, _ in pairs]) if pairs else None


def _land_share_for(a, target, end, future):
    """The constant land-premium share of GDP [%] from 2027-28 that ends `end` with reserves = target (many paths, one run)."""
    from finmodel.model.engine import Shocks
    from finmodel.model.pipeline import run

    grid = np.linspace(0.0, 8.0, 801)
    add = np.where(future[None, :], grid[:, None] / 100 - np.nan_to_num(a.land_share_gdp)[None, :], 0.0)
    res = run(a, Shocks(land_gdp_share_add=add, n_paths=len(grid)))
    t = list(res.labels).index(end)
    reserves = res.arrays["fiscal_reserves_hkd_bn"][:, t]
    above = np.flatnonzero(reserves >= target)
    return None if not len(above) else float(np.interp(target, reserves, grid))


def build_report(inputs_dir="inputs", seeds_dir="seeds", history_dir=None, start: int = 2021) -> str:
    """The whole docs/validation.md as text."""
    from finmodel.analysis.backtest import run_backtest
    from finmodel.inputs.load import read_inputs

    bt = run_backtest(start, root=history_dir)
    hashes = read_inputs(inputs_dir).hashes()
    lines = ["# Validation: the back-test and the Budget check", "",
             "<!-- Generated by `finmodel validation-report`; do not edit by hand: change the model or the data and "
             "run the command again. -->", "",
             f"finmodel {__version__}. Inputs: `{Path(inputs_dir).as_posix()}` (SHA-256 "
             + ", ".join(f"{k} {v[:12]}" for k, v in sorted(hashes.items()))
             + "); record: `inputs/history/hk_fiscal_long.csv` and `hk_borrowing.csv`; published figures: "
             "`seeds/budget_2026_27.yaml`. Source ids refer to `inputs/SOURCES.md`.", ""]
    lines += backtest_section(bt)
    lines += [""] + budget_section(_seeds(seeds_dir), inputs_dir, _facts(seeds_dir))
    return "\n".join(lines).rstrip() + "\n"
