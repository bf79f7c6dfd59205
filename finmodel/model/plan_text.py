"""The gap range and the leave-one-out checks in words: one line each, for the console, the Cover and the brief.

Read from the records `finmodel fit` stores (finmodel.model.plan_checks); nothing is computed here
but the range's ends and the count of checks met.
"""

from finmodel import numbers
from finmodel.translation import gettext as _, money, term


def gap_range_ends(gap_range) -> dict | None:
    """The central reading and the range's ends over the readings that converged: None when there are none."""
    readings = [r for r in ((gap_range or {}).get("readings") or []) if r.get("converged")]
    if not readings:
        return None
    central = next((r for r in readings if r.get("central")), readings[0])
    low = min(readings, key=lambda r: r["total_hkd_bn"])
    high = max(readings, key=lambda r: r["total_hkd_bn"])
    years = list(central["gap_hkd_bn"])
    return {"central": central, "low": low, "high": high, "n": len(readings), "first": years[0], "last": years[-1]}


def gap_range_line(gap_range) -> str:
    """"Gap the Budget does not itemise, 2027-28 to 2030-31: HK$142.1bn (central reading 'rising'); HK$101.7bn to ..."."""
    e = gap_range_ends(gap_range)
    if e is None:
        return ""
    c, lo, hi = e["central"], e["low"], e["high"]
    return (f"Gap the Budget does not itemise, {e['first']} to {e['last']}: {numbers.hkd_bn(c['total_hkd_bn'])} on the central "
            f"reading ({c['name']}); {numbers.span(lo['total_hkd_bn'], hi['total_hkd_bn'], unit='HK$ bn')} across {e['n']} "
            f"readings of the published statements ({lo['name']} to {hi['name']}).")


def leave_one_out_line(checks) -> str:
    """"Checks the fit did not see (each statement left out, refit): 6 of 9 met; missed: ... by ..."."""
    if not checks:
        return ""
    met = [c for c in checks if c["met"]]
    missed = [f"{c['figure']} ({_miss(c)})" for c in checks if not c["met"]]
    tail = f"; missed: {'; '.join(missed)}" if missed else ""
    return f"Checks the fit did not see (each fitted statement left out, the plan refitted): {len(met)} of {len(checks)} met{tail}."


def _miss(c) -> str:
    """How far the refit lands outside the statement: HK$ bn, or pp for a percentage."""
    key = c["key"].split("[")[0]
    d = c["miss"]
    size = numbers.pp(abs(d), sign=False) if "_pct" in key else numbers.hkd_bn(abs(d))
    return f"{size} {'above' if d > 0 else 'below'}"


def range_clause(gap_range) -> str:
    """"; HK$101.7bn to HK$179.7bn across 5 readings, central 'rising'" for the against-the-Budget sentence (empty: no range)."""
    e = gap_range_ends(gap_range)
    if e is None or e["n"] < 2:
        return ""
    low, high = e["low"]["total_hkd_bn"], e["high"]["total_hkd_bn"]
    return _("; %(low)s to %(high)s across %(n)s readings of the published statements, central reading '%(central)s'",
             low=money(low, sign_first=True, english=numbers.hkd_bn(low)),
             high=money(high, sign_first=True, english=numbers.hkd_bn(high)), n=e["n"], central=term(e["central"]["name"]))
