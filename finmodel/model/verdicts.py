"""The verdicts in words, in one place: the console's verdict line, the workbook's and the brief's sentences.

It also holds the one definition of "breaches the band" (`band_breached`), which every command
uses (project, sensitivity, compare, simulate, solve, batch, the workbook and the brief): a
debt-to-GDP ratio breaches the band when it is above the band's top by more than the rounding of
the published figure (`band_tolerance_pp`, 0.05pp: 19.95% rounds to the published 19.9%). A ratio
above the top but within that rounding is "met within the rounding of the published figure".

One function per verdict (the ceiling, the band, reserves), each from the run's headline figures
(`Results.summary()["headline"]`) in two forms: `"clause"` for the one-line verdict that `finmodel
project` prints (and the workbook's Cover and Summary show), `"sentence"` for the brief. Every
figure a verdict quotes is taken over the whole horizon: the first year above the band, the peak and
the margin (peak - top of the band) cannot disagree.
"""


import numpy as np

from finmodel import fiscal_year

SLACK_PP = 1e-12            # floating-point slack on the comparison, far below any published rounding
BREACH_WORDS = "above the band's top beyond the rounding of the published figure"


def band_tolerance_pp(a) -> float:
    """The published rounding allowed above the band's top [pp of GDP]: budget_plan.yaml band_tolerance_pp, else 0."""
    plan = getattr(a, "budget_plan", None)
    return float(plan.band_tolerance_pp) if plan is not None else 0.0


def band_breached(a, debt_to_gdp_pct):
    """Whether each ratio breaches the band: debt_to_gdp_pct > band_high_pct + band_tolerance_pp [bool, same shape].

    The one definition every command uses; a ratio within the tolerance above the top is met.
    """
    return np.asarray(debt_to_gdp_pct) > a.band_high_pct + band_tolerance_pp(a) + SLACK_PP


def hkd_bn_text(value_hkd_bn: float) -> str:
    """An amount in words' order: HK$744.5bn, -HK$2,441.9bn (the sign before the currency)."""
    return f"{'-' if value_hkd_bn < 0 else ''}HK${abs(value_hkd_bn):,.1f}bn"


def ceiling(a, h: dict, form: str = "clause") -> str:
    """When the borrowing ceiling binds (or, under the 'breach' policy, is exceeded), or that it never does."""
    # Under the 'breach' policy issuance is not capped: a binding year is a year above the ceiling.
    breach = a.ceiling_policy == "breach"
    first = h["first_year_ceiling_binds"]
    if form == "clause":
        word = "exceeded" if breach else "binds"
        return f"ceiling {word} in {first}" if first else f"ceiling never {word}"
    text = f"HK${a.ceiling_hkd_bn[-1]:,.0f}bn borrowing ceiling"
    peak = f"debt under it peaks at HK${h['peak_debt_hkd_bn']:,.1f}bn in {h['peak_debt_year']}"
    if first:
        return f"The {text} {'is exceeded' if breach else 'binds'} from {first}: {peak}."
    return f"The {text} never binds: {peak}, leaving at least HK${h['min_headroom_hkd_bn']:,.1f}bn of headroom."


def band(a, h: dict, form: str = "clause") -> str:
    """Debt-to-GDP against the band's top: never above, above only within the published rounding, or breached (`band_breached`)."""
    material = h["first_year_above_band"]
    above = h["band_margin_pp"] > SLACK_PP
    if form == "clause":
        top = f"band ({a.band_high_pct:g}%)"
        if material:
            return f"{top} exceeded in {material} (peak {h['peak_debt_to_gdp_pct']:.2f}%, {h['band_margin_pp']:+.2f}pp)"
        if above:
            return (f"{top} met within the rounding of the published figure "
                    f"(peak {h['peak_debt_to_gdp_pct']:.2f}%, {h['band_margin_pp']:+.2f}pp, tolerance {h['band_tolerance_pp']:g}pp)")
        return f"{top} never exceeded"
    peak = f"Debt-to-GDP peaks at {h['peak_debt_to_gdp_pct']:.2f}% in {h['peak_debt_to_gdp_year']}"
    stated = f"the stated band of {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP"
    if material:
        return f"{peak}: above {stated} from {material} ({h['band_margin_pp']:+.2f}pp at most)."
    if above:
        return (f"{peak}: {h['band_margin_pp']:+.2f}pp over the top of {stated}, within the rounding of the published "
                f"figure ({h['band_tolerance_pp']:g}pp), so the band is met.")
    return f"{peak}: within {stated} (or below it) in every year; it ends at {h['debt_to_gdp_end_pct']:.2f}% in {h['horizon']}."


def reserves(h: dict, form: str = "clause") -> str:
    """When fiscal reserves run out (the model lets them go negative), or where they end; "" for a clause when they never do."""
    negative = h["first_year_reserves_negative"]
    if form == "clause":
        if not negative:
            return ""
        return (f"fiscal reserves run out in {negative} "
                f"(lowest {hkd_bn_text(h['min_fiscal_reserves_hkd_bn'])}: the model lets reserves go negative, read it as unfunded)")
    end = f"Fiscal reserves end {h['horizon']} at {hkd_bn_text(h['fiscal_reserves_end_hkd_bn'])}"
    if negative:
        return (f"{end}: they run out in {negative}, and the model lets them go negative; read a "
                "negative balance as a gap with no funding.")
    return f"{end}; the lowest is {hkd_bn_text(h['min_fiscal_reserves_hkd_bn'])}, so they never run out."


def headline(a, h: dict) -> str:
    """The one-line verdict: the ceiling, the band and (when they run out) reserves, to the horizon."""
    clauses = [ceiling(a, h), band(a, h), reserves(h)]
    return f"Verdict to {h['horizon']}: " + "; ".join(c for c in clauses if c) + "."


def budget_year(a) -> int:
    """The start year of the Budget the inputs reproduce: the last anchor year (the year the Budget estimates; the
    year before it holds its revised estimates). Derived from the inputs, so no Budget year is written in code."""
    return int(a.years[a.n_anchor - 1])


def budget_name(a) -> str:
    """'the <year> Budget': the Budget named by its own year (`budget_year`, read from the inputs)."""
    return f"the {fiscal_year.label(budget_year(a))} Budget"
