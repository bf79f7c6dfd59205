"""The long run's outputs: long_run.csv and the terminal block of `finmodel project` past the MRF.

Reads a finished `finmodel.analysis.long_run.LongRunView`; computes nothing.
"""

from finmodel import numbers
from finmodel.report.atomic import write_text
from finmodel.report.csv_text import frame_csv
from finmodel.translation import gettext as _

FILE = "long_run.csv"
FUNCTION_WORDS = (("health", "health (Hospital Authority)"), ("elderly_allowances", "Old Age Living Allowance"),
                  ("elderly_services", "elderly services"), ("education", "education"), ("age_related", "all four"))
GAP_WORDS = (("S1", "S1 (net debt back to its base share by the target year)"), ("S2", "S2 (net debt stable, infinite horizon)"),
             ("reserves_12_months", "reserves at 12 months of spending"))


def write_long_run(view, out_dir) -> list:
    """Write long_run.csv (one row per fiscal year); return the paths written."""
    path = out_dir / FILE
    write_text(path, frame_csv(view.table))
    return [path]


def sentence(view) -> str:
    """The brief's one sentence: what ageing adds by the horizon, the ceiling under both options, S2 and its ageing part."""
    d = view.to_dict()
    horizon = list(d["age_related_spending_pct_gdp"])[-1]
    added = float(view.table["ageing_added_pct_gdp"].iloc[-1] - view.table["salaries_tax_change_pct_gdp"].iloc[-1])
    binds = d["first_year_ceiling_binds"]
    s2 = d["sustainability_gaps"]["S2"]
    return _("By %(horizon)s ageing costs %(added)s%% of GDP a year more than in %(mrf_end)s (spending and the salaries tax of "
             "a smaller workforce); the ceiling binds in %(fixed)s fixed in HK$, %(gdp)s indexed to GDP; keeping net debt stable "
             "for good needs %(s2)s%% of GDP a year more primary balance from %(start)s (S2; %(ageing)s of it ageing).",
             horizon=horizon, added=f"{added:.1f}", mrf_end=view.table.index[view.table["beyond_mrf"] == 0][-1],
             fixed=binds["fixed"] or _("no year"), gdp=binds["gdp"] or _("no year"), s2=f"{s2['value_pp']:.1f}",
             start=d["sustainability_inputs"]["adjustment_from"], ageing=f"{s2['ageing_pp']:.1f}")


def text(view) -> str:
    """The terminal block: ageing costs by function, the ceiling's binding year under both options, S1/S2 and their parts."""
    d = view.to_dict()
    years = list(d["age_related_spending_pct_gdp"])
    cell = lambda v: numbers.cell(v, 2)   # noqa: E731 - one format for every figure of the block
    lines = ["Long run: age-related spending, % of GDP" + "".join(f"{y:>10s}" for y in years)]
    for key, words in FUNCTION_WORDS:
        lines.append(f"  {words:38s}" + "".join(cell(d["age_related_spending_pct_gdp"][y][f"{key}_pct_gdp"]) for y in years))
    binds = d["first_year_ceiling_binds"]
    lines.append("Ceiling binds: fixed in HK$ (today's law) " + (binds["fixed"] or "never") + "; indexed to nominal GDP "
                 + (binds["gdp"] or "never") + f" (this run: {d['ceiling_option']}).")
    inp = d["sustainability_inputs"]
    lines.append(f"Sustainability gaps, pp of GDP a year from {inp['adjustment_from']} (positive: a tightening is needed)")
    lines.append(f"  {'':58s}" + "".join(f"{h:>10s}" for h in ("gap", "initial", "debt req.", "ageing")))
    for key, words in GAP_WORDS:
        g = d["sustainability_gaps"][key]
        lines.append(f"  {words:58s}" + "".join(cell(g[k]) for k in ("value_pp", "initial_position_pp", "debt_requirement_pp",
                                                                        "ageing_pp")))
    lines.append(f"  (net debt {inp['net_debt_base_pct_gdp']:.1f}% of GDP in {inp['base_year']}; S1 target "
                 f"{inp['s1_target_net_debt_pct_gdp']:.1f}% in {inp['s1_target_year']}; r {inp['interest_rate_pct']:.1f}%, "
                 f"g {inp['nominal_growth_pct']:.1f}%; S2: {d['sustainability_gaps']['S2']['note']})")
    s = d["guarantee_stress"]
    lines.append(f"Guarantees: {s['outstanding_hkd_bn']:.1f}bn outstanding; called in {s['stress_year']} at "
                 f"{s['low']['default_rate_pct']:g}-{s['high']['default_rate_pct']:g}%: reserves "
                 f"{s['low']['reserves_change_in_stress_year_hkd_bn']:.1f} to {s['high']['reserves_change_in_stress_year_hkd_bn']:.1f}bn "
                 f"that year. Pension liability (memo, not projected): {d['pension_liability_memo_hkd_bn']:.0f}bn.")
    return "\n".join(lines)
