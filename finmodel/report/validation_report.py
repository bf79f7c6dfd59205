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


def budget_section(seeds: dict, inputs_dir) -> list:
    """Markdown lines: the baseline against the 2026-27 Budget's published figures, with the drivers of each gap."""
    from finmodel.model.pipeline import load_inputs, run

    a = load_inputs(inputs_dir)
    p = run(a).projection
    est, rev, mrf, ratio = seeds["estimate_2026_27"], seeds["revised_2025_26"], seeds["mrf_2030_31"], seeds["debt_to_gdp_pct"]
    rows = [
        ("2025-26 revised estimate: revenue", rev["revenue"], p.loc["2025-26", "revenue_hkd_bn"]),
        ("2025-26 revised estimate: expenditure", rev["expenditure"], p.loc["2025-26", "expenditure_hkd_bn"]),
        ("2025-26 revised estimate: consolidated balance", rev["consolidated_balance"], p.loc["2025-26", "consolidated_balance_hkd_bn"]),
        ("2025-26 revised estimate: fiscal reserves at 31 March 2026", rev["fiscal_reserves_end"], p.loc["2025-26", "fiscal_reserves_hkd_bn"]),
        ("2026-27 estimate: revenue", est["revenue"], p.loc["2026-27", "revenue_hkd_bn"]),
        ("2026-27 estimate: expenditure", est["expenditure"], p.loc["2026-27", "expenditure_hkd_bn"]),
        ("2026-27 estimate: balance before bonds", {"value": round(est["revenue"]["value"] - est["expenditure"]["value"], 1),
                                                    "source": f"{est['revenue']['source']}, derived"}, p.loc["2026-27", "balance_before_bonds_hkd_bn"]),
        ("2026-27 estimate: bond proceeds", est["bond_proceeds"], p.loc["2026-27", "gross_issuance_hkd_bn"]),
        ("2026-27 estimate: repayments", est["repayments"], p.loc["2026-27", "redemptions_hkd_bn"]),
        ("2026-27 estimate: consolidated balance", est["consolidated_balance"], p.loc["2026-27", "consolidated_balance_hkd_bn"]),
        ("2026-27 estimate: fiscal reserves at 31 March 2027", est["fiscal_reserves_end"], p.loc["2026-27", "fiscal_reserves_hkd_bn"]),
    ]
    out = ["## 2. Baseline against the 2026-27 Budget", "",
           "`finmodel project` with the shipped inputs (central issuance plan, plan rule, ceiling capped), "
           "against the published figures copied in `seeds/budget_2026_27.yaml`. HK$ bn unless stated.", "",
           "| item | published | baseline | difference | difference % | source |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, pub, base in rows:
        v = pub["value"]
        out.append(f"| {name} | {_f(v)} | {_f(base)} | {_signed(base - v)} | {_signed(100 * (base - v) / v if v else float('nan'), 2)} | {pub['source']} |")
    tol = ratio["tolerance_pp"]["value"]
    r26, r30 = p.loc["2026-27", "debt_to_gdp_pct"], p.loc["2030-31", "debt_to_gdp_pct"]
    res30 = p.loc["2030-31", "fiscal_reserves_hkd_bn"]
    floor30 = mrf["fiscal_reserves_end_above"]["value"]
    out += [f"| debt-to-GDP 2026-27 (%) | {ratio['fy_2026_27']['value']:g} | {r26:.2f} | {_signed(r26 - ratio['fy_2026_27']['value'], 2)} pp | | {ratio['fy_2026_27']['source']} |",
            f"| debt-to-GDP 2030-31 (%) | {ratio['fy_2030_31']['value']:g} | {r30:.2f} | {_signed(r30 - ratio['fy_2030_31']['value'], 2)} pp | | {ratio['fy_2030_31']['source']} |",
            f"| fiscal reserves at 31 March 2031 | above {floor30:g} | {_f(res30)} | {_signed(res30 - floor30)} | {_signed(100 * (res30 - floor30) / floor30, 2)} | {mrf['fiscal_reserves_end_above']['source']} |",
            "",
            "The 2025-26 and 2026-27 flows and reserves match by construction: they are the calibrated anchor years "
            "(`finmodel/calibration.py`), where other revenue and other capital spending are the Budget's totals less the "
            "itemised lines. The match checks the calibration and the stock-flow identity (the Budget's own check: "
            f"{est['revenue']['value']:g} - {est['expenditure']['value']:g} + {est['bond_proceeds']['value']:g} - "
            f"{est['repayments']['value']:g} = {est['consolidated_balance']['value']:g}, the change in reserves), not the forecast.", ""]
    out += _explain_ratios(a, p, ratio, tol, inputs_dir)
    out += _explain_reserves(a, p, floor30, inputs_dir)
    return out


def _explain_ratios(a, p, ratio, tol, inputs_dir) -> list:
    from finmodel.model.pipeline import load_inputs, run

    lines = ["### Debt-to-GDP", ""]
    for key, year in (("fy_2026_27", "2026-27"), ("fy_2030_31", "2030-31")):
        pub = ratio[key]["value"]
        base = p.loc[year, "debt_to_gdp_pct"]
        gdp = p.loc[year, "nominal_gdp_hkd_bn"]
        implied = pub / 100 * gdp
        within = "within" if abs(base - pub) <= tol else "outside"
        lines.append(f"- {year}: baseline {base:.2f}% against {pub:g}% ({_signed(base - pub, 2)} pp, {within} the {tol:g} pp tolerance). "
                     f"At the baseline's GDP of {_f(gdp)} the published ratio means debt of {_f(implied)}; the baseline has "
                     f"{_f(p.loc[year, 'debt_hkd_bn'])} ({_signed(p.loc[year, 'debt_hkd_bn'] - implied)}).")
    by_plan = {}
    for plan in ("low", "central", "high"):
        q = run(load_inputs(inputs_dir, issuance=plan)).projection if plan != "central" else p
        by_plan[plan] = (q.loc["2026-27", "debt_to_gdp_pct"], q.loc["2030-31", "debt_to_gdp_pct"], q.loc["2030-31", "fiscal_reserves_hkd_bn"])
    pub26, pub30 = ratio["fy_2026_27"]["value"], ratio["fy_2030_31"]["value"]
    ends = [v[1] for v in by_plan.values()]
    inside = "lies inside" if min(ends) <= pub30 <= max(ends) else "lies outside"
    low, high = a.plans["low"][-1], a.plans["high"][-1]
    central_after = a.plans["central"][min(2, a.n_years - 1)]
    t_mrf = min(int(np.searchsorted(a.years, a.mrf_last_year)), a.n_years - 1)
    nominal = 100 * a.nominal_growth[t_mrf]
    lines.append(f"- The Budget gives issuance as a range (HK${low:g}-{high:g}bn a year) and the ratio as {pub26:g}% in 2026-27 "
                 f"rising to {pub30:g}% in 2030-31 without the year-by-year plan behind it. Across the model's plans the 2030-31 ratio is "
                 + ", ".join(f"{_f(v[1], 2)}% ({k})" for k, v in by_plan.items())
                 + f": the published {pub30:g}% {inside} that range, so the difference reflects the unpublished annual path "
                 f"(the central plan's {central_after:g} a year after 2026-27 is an assumption), the opening book's unitemised bonds "
                 "(`inputs/opening_book.csv`, rows marked residual) and the GDP path (the Budget's nominal GDP for 2030-31 "
                 f"is not published; the model grows it at {nominal:.2f}% a year in nominal terms by then: `inputs/macro.yaml`).")
    lines.append("")
    return lines


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
    lines = ["### Fiscal reserves at the end of 2030-31", "",
             f"The Budget expects reserves above HK${floor30:g}bn at 31 March 2031; the baseline ends 2030-31 with {_f(base)}, "
             f"{_f(abs(gap))} {'short' if gap > 0 else 'above'}. The inputs are not tuned to hide this. Closing it would take "
             f"consolidated balances {_f(gap / years_after)} a year better than the baseline's over the {years_after} years "
             "after 2026-27. The 2026-27 Medium Range Forecast's own revenue and spending lines were not found in the "
             "sources (see `inputs/fiscal.yaml`), so the model cannot reproduce its unpublished consolidation measures "
             "(expenditure restraint, revenue measures) and asset sales; what it can do is show, with the engine, how far "
             "each driver moves the 2030-31 reserves:", "",
             "| change to the baseline (2027-28 to 2030-31 unless stated) | reserves at 31 March 2031 | change |",
             "| --- | ---: | ---: |",
             f"| none (baseline) | {_f(base)} | |"]
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
    hi = run(load_inputs(inputs_dir, issuance="high")).projection.loc[end, "fiscal_reserves_hkd_bn"]
    lines.append(f"| high issuance plan ({a.plans['high'][-1]:g} a year): bond proceeds are paid into the reserves | {_f(hi)} | {_signed(hi - base)} |")
    lines += ["", "Land premium is the largest single driver: the baseline keeps it below its long-run average, rising to "
              f"{100 * a.land_share_gdp[-1]:.1f}% of GDP by {fiscal_year.label(a.years[-1])} (`inputs/fiscal.yaml`: the 2025-26 MRF assumed 2%). Higher issuance also lifts reserves, because gross "
              "proceeds count in the consolidated balance, at the cost of more debt and interest. The published "
              "expectation is most plausibly met by a mix of a land-premium recovery, the consolidation measures "
              "announced in the Budget (not itemised in the sources) and issuance toward the top of the range.", ""]
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
    lines += [""] + budget_section(_seeds(seeds_dir), inputs_dir)
    return "\n".join(lines).rstrip() + "\n"
