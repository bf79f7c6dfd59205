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
from finmodel.translation import gettext as _, money

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
        if first:
            return _("ceiling exceeded in %(year)s", year=first) if breach else _("ceiling binds in %(year)s", year=first)
        return _("ceiling never exceeded") if breach else _("ceiling never binds")
    values = {"ceiling": money(a.ceiling_hkd_bn[-1], 0), "peak": money(h["peak_debt_hkd_bn"]), "peak_year": h["peak_debt_year"]}
    if first:
        return (_("The %(ceiling)s borrowing ceiling is exceeded from %(year)s: debt under it peaks at %(peak)s in %(peak_year)s.",
                  year=first, **values) if breach else
                _("The %(ceiling)s borrowing ceiling binds from %(year)s: debt under it peaks at %(peak)s in %(peak_year)s.",
                  year=first, **values))
    return _("The %(ceiling)s borrowing ceiling never binds: debt under it peaks at %(peak)s in %(peak_year)s, leaving at "
             "least %(headroom)s of headroom.", headroom=money(h["min_headroom_hkd_bn"]), **values)


def band(a, h: dict, form: str = "clause") -> str:
    """Debt-to-GDP against the band's top: never above, above only within the published rounding, or breached (`band_breached`)."""
    material = h["first_year_above_band"]
    above = h["band_margin_pp"] > SLACK_PP
    figures = {"top": f"{a.band_high_pct:g}", "low": f"{a.band_low_pct:g}", "peak": f"{h['peak_debt_to_gdp_pct']:.2f}",
               "margin": f"{h['band_margin_pp']:+.2f}", "tolerance": f"{h['band_tolerance_pp']:g}"}
    if form == "clause":
        if material:
            return _("band (%(top)s%%) exceeded in %(year)s (peak %(peak)s%%, %(margin)spp)", year=material, **figures)
        if above:
            return _("band (%(top)s%%) met within the rounding of the published figure "
                     "(peak %(peak)s%%, %(margin)spp, tolerance %(tolerance)spp)", **figures)
        return _("band (%(top)s%%) never exceeded", **figures)
    figures["peak_year"] = h["peak_debt_to_gdp_year"]
    if material:
        return _("Debt-to-GDP peaks at %(peak)s%% in %(peak_year)s: above the stated band of %(low)s-%(top)s%% of GDP from "
                 "%(year)s (%(margin)spp at most).", year=material, **figures)
    if above:
        return _("Debt-to-GDP peaks at %(peak)s%% in %(peak_year)s: %(margin)spp over the top of the stated band of "
                 "%(low)s-%(top)s%% of GDP, within the rounding of the published figure (%(tolerance)spp), so the band is met.",
                 **figures)
    return _("Debt-to-GDP peaks at %(peak)s%% in %(peak_year)s: within the stated band of %(low)s-%(top)s%% of GDP (or below "
             "it) in every year; it ends at %(end)s%% in %(horizon)s.", end=f"{h['debt_to_gdp_end_pct']:.2f}",
             horizon=h["horizon"], **figures)


def reserves(h: dict, form: str = "clause") -> str:
    """When fiscal reserves run out (the model lets them go negative), or where they end; "" for a clause when they never do."""
    negative = h["first_year_reserves_negative"]
    lowest = money(h["min_fiscal_reserves_hkd_bn"], sign_first=True)
    if form == "clause":
        if not negative:
            return ""
        return _("fiscal reserves run out in %(year)s (lowest %(lowest)s: the model lets reserves go negative, read it as "
                 "unfunded)", year=negative, lowest=lowest)
    end = {"horizon": h["horizon"], "end": money(h["fiscal_reserves_end_hkd_bn"], sign_first=True)}
    if negative:
        return _("Fiscal reserves end %(horizon)s at %(end)s: they run out in %(year)s, and the model lets them go negative; "
                 "read a negative balance as a gap with no funding.", year=negative, **end)
    return _("Fiscal reserves end %(horizon)s at %(end)s; the lowest is %(lowest)s, so they never run out.", lowest=lowest, **end)


def headline(a, h: dict) -> str:
    """The one-line verdict: the ceiling, the band and (when they run out) reserves, to the horizon."""
    clauses = [ceiling(a, h), band(a, h), reserves(h)]
    return _("Verdict to %(horizon)s: %(clauses)s.", horizon=h["horizon"], clauses=_("; ").join(c for c in clauses if c))


def budget_year(a) -> int:
    """The start year of the Budget the inputs reproduce: the last anchor year (the year the Budget estimates; the
    year before it holds its revised estimates). Derived from the inputs, so no Budget year is written in code."""
    return int(a.years[a.n_anchor - 1])


def budget_name(a) -> str:
    """'the <year> Budget': the Budget named by its own year (`budget_year`, read from the inputs)."""
    return _("the %(year)s Budget", year=fiscal_year.label(budget_year(a)))
