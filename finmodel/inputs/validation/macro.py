"""macro.yaml: nominal GDP levels, real growth and the deflator (nominal growth), inflation."""

from dataclasses import dataclass

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.validation.year_axis import fill_years


@dataclass(frozen=True)
class Macro:
    """The macro inputs as given ({start_year: value}) and as paths on the fiscal-year axis."""

    gdp: dict
    real_growth: dict
    deflator: dict
    nominal_growth: np.ndarray
    inflation: np.ndarray


def check_macro(inp, years) -> Macro:
    """Check macro.yaml in the order its problems are reported: GDP levels, growth, inflation."""
    gdp, gdp_known = gdp_levels(inp, years)
    real_growth, deflator, growth = nominal_growth(inp, years, gdp, gdp_known)
    return Macro(gdp, real_growth, deflator, growth, inflation(inp, years))


def gdp_levels(inp, years):
    """Nominal GDP must be given for the opening year: GDP is built from it. Returns (levels, whether usable)."""
    chk, w = inp.chk, inp.where.get
    gdp_vals, _ = inp.by_year("nominal_gdp_hkd_bn")
    gdp_known = "nominal_gdp_hkd_bn" not in chk.rejected
    if gdp_known and int(years[0]) not in gdp_vals:
        chk.error(w("nominal_gdp_hkd_bn"), "nominal_gdp_hkd_bn", ", ".join(fiscal_year.labels(sorted(gdp_vals))) or None,
                  f"the first value must be for {fiscal_year.label(int(years[0]))}")
    return gdp_vals, gdp_known and int(years[0]) in gdp_vals


def nominal_growth(inp, years, gdp_vals, gdp_known):
    """Real growth and the deflator must cover every year after the last GDP level. Returns (real, deflator, nominal growth)."""
    chk, w = inp.chk, inp.where.get
    last_gdp = max(gdp_vals) if gdp_vals else int(years[0])
    rg_vals, rg_rule = inp.by_year("real_growth_pct")
    df_vals, df_rule = inp.by_year("deflator_pct")
    growth_from = last_gdp + 1 if gdp_known else None
    real = fill_years(chk, w("real_growth_pct"), "real_growth_pct", rg_vals, rg_rule, years, growth_from)
    defl = fill_years(chk, w("deflator_pct"), "deflator_pct", df_vals, df_rule, years, growth_from)
    return rg_vals, df_vals, _growth_path(years, gdp_vals, real, defl)


def _growth_path(years, gdp_vals, real, defl):
    """Nominal growth a year: the ratio of GDP levels where both years are given, else real growth times the deflator."""
    growth = np.zeros(len(years))
    for i, y in enumerate(years):
        if i == 0:
            continue
        if y in gdp_vals and (y - 1) in gdp_vals:
            growth[i] = gdp_vals[y] / gdp_vals[y - 1] - 1.0
        else:
            growth[i] = (1 + real[i] / 100) * (1 + defl[i] / 100) - 1.0
    return growth


def inflation(inp, years):
    """Inflation must be given from the opening year: inflation-linked bonds pay on it. Returns decimals."""
    inf_vals, inf_rule = inp.by_year("inflation_pct")
    return fill_years(inp.chk, inp.where.get("inflation_pct"), "inflation_pct", inf_vals, inf_rule, years, int(years[0])) / 100
