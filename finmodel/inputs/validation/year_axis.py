"""The fiscal-year axis: its years read from the inputs, by-year mappings parsed and laid on the axis by their extrapolation rule.

No year is written in code: the axis opens with the first year of nominal GDP in macro.yaml (the
Budget's first year, whose figures are the calibration's first anchor) and the Medium Range Forecast
ends in the last year budget_plan.yaml publishes a figure for (`year_frame`).
"""

import numpy as np

from finmodel import fiscal_year
from finmodel.inputs.schema import PARAMS, PLAN_FILE

HORIZON_MAX_YEARS = 75   # the longest horizon after the opening year (the 2100-01 end of the original axis, from a 2025 opening)


def year_frame(inp) -> tuple:
    """(opening year, the MRF's last year) read from the inputs, or (None, None) when the axis cannot be read.

    opening year  = the first year nominal_gdp_hkd_bn gives (macro.yaml): GDP and the Budget's totals start there;
    MRF last year = the last year any published by-year figure of budget_plan.yaml gives (every Budget publishes its
                    forecast's end: reserves at its last 31 March, a debt ratio, an account balance); without
                    budget_plan.yaml, the last year real_growth_pct gives (the MRF's growth assumption).
    Unparseable keys are skipped here: the checks of each file report them.
    """
    opening = _first_or_last(inp, ("nominal_gdp_hkd_bn", "budget_revenue_hkd_bn"), min)
    published = tuple(p.name for p in PARAMS if p.file == PLAN_FILE and p.kind == "by_year")
    last = _first_or_last(inp, published, max) or _first_or_last(inp, ("real_growth_pct",), max)
    if opening is None:
        return None, None
    return opening, max(last or opening, opening + 1)


def _first_or_last(inp, names, pick):
    """The first (pick=min) or last (pick=max) parseable fiscal year over the `values` of the named parameters, or None."""
    years = []
    for name in names:
        entry = inp.entry(name)
        values = entry.get("values") if isinstance(entry, dict) else None
        for key in values if isinstance(values, dict) else ():
            try:
                years.append(fiscal_year.parse(key))
            except ValueError:
                continue
        if years and pick is min:
            break
    return pick(years) if years else None


def year_map(chk, where, name, values, param):
    """Parse a {fiscal_year: number} mapping into {start_year: float}; check order and gaps."""
    if values is None:
        return {}
    if not isinstance(values, dict):
        chk.error(where, f"{name}.values", values, "expected a mapping of fiscal year to number, e.g. {\"" + fiscal_year.example() + "\": 3.0}")
        chk.rejected.add(name)
        return {}
    out, rejected = _parse_years(chk, where, name, values, param)
    _check_year_sequence(chk, where, name, out, rejected, param)
    return out


def _parse_years(chk, where, name, values, param):
    """Each key must be a fiscal year and each value a number within the parameter's bounds; returns (parsed, rejected years)."""
    out = {}
    rejected = set()
    for key, value in values.items():
        try:
            year = fiscal_year.parse(key)
        except ValueError as exc:
            chk.error(where, f"{name}[{key}]", key, f"not a fiscal year: {exc}")
            continue
        x = chk.number(where, f"{name}[{key}]", value, param.bounds, param.plausible, param.unit)
        if x is not None:
            out[year] = x
        else:
            rejected.add(year)
            chk.rejected.add(name)
    return out, rejected


def _check_year_sequence(chk, where, name, out, rejected, param):
    """Percent values that all look like decimals, years out of order, and gaps between the first and last year."""
    keys = list(out)
    if param.unit.startswith("%") and keys and all(0 < abs(v) < 0.2 for v in out.values() if v != 0) and any(out.values()):
        chk.warn(where, name, ", ".join(f"{v:g}" for v in out.values()),
                 f"every value is below 0.2: this parameter is in percent ({param.unit}), e.g. 3.0 for 3%, not 0.03")
    if keys != sorted(keys):
        chk.error(where, name, ", ".join(fiscal_year.labels(keys)), "fiscal years must be in order")
    if keys and not param.gaps_allowed:
        missing = sorted(set(range(min(keys), max(keys) + 1)) - set(keys) - rejected)
        if missing:
            chk.error(where, name, ", ".join(fiscal_year.labels(missing)), "gap in the fiscal years: every year between the first and last must be given")


def fill_years(chk, where, name, values, rule, years, first_needed, pct_is_nan=False):
    """Lay `values` on the `years` axis from `first_needed`, extending beyond the last given year by `rule`.

    Returns an array with NaN before `first_needed` and, for the pct_gdp and zero-as-missing
    rules, NaN where the engine's rule applies.
    """
    out = np.full(len(years), np.nan)
    if name in chk.rejected:
        first_needed = None
    if not values:
        if first_needed is not None and first_needed <= years[-1]:
            chk.error(where, name, None, f"no values: needed from {fiscal_year.label(first_needed)}")
        return out
    first = min(values)
    for i, y in enumerate(years):
        if y in values:
            out[i] = values[y]
    if first_needed is not None and first > first_needed and first_needed <= years[-1]:
        chk.error(where, name, fiscal_year.label(first), f"values must start by {fiscal_year.label(first_needed)}")
    _extrapolate(chk, where, name, out, values, rule, years, first_needed, pct_is_nan)
    return out


def _extrapolate(chk, where, name, out, values, rule, years, first_needed, pct_is_nan):
    """Fill `out` beyond the last given year by `rule`; rule 'none' is an error when the horizon needs those years."""
    last = max(values)
    beyond = years > last
    if not beyond.any():
        return
    if rule == "hold_last":
        out[beyond] = values[last]
    elif rule == "zero":
        out[beyond] = np.nan if pct_is_nan else 0.0
    elif rule in ("pct_gdp", "from_anchor"):
        out[beyond] = np.nan
    elif rule == "none" and first_needed is not None:
        chk.error(where, name, f"last year {fiscal_year.label(last)}",
                  f"the horizon {fiscal_year.label(years[-1])} goes beyond the data and the extrapolation rule is 'none'; give more years or an extrapolate rule")


def warn_overlaps(chk, w, rules: dict, levels: dict, level_name: str, skip_first: bool = False, severity: str = "warning"):
    """Warn (or note) where a rule parameter is given for a year whose level is given too: the level wins, the rule is unused."""
    from finmodel.inputs.errors import Problem

    for name, vals in rules.items():
        unused = [y for y in vals if y in levels and (not skip_first or (y - 1) in levels)]
        if unused and w(name):
            chk.problems.append(Problem(w(name), name, ", ".join(fiscal_year.labels(sorted(unused))),
                                        f"not used: {level_name} is given for these years and takes precedence", severity))
