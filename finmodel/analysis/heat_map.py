"""A heat map of debt risks in the style of the IMF's market-access DSA (2013): rows are indicators, columns views.

Rows: debt against the HK$ ceiling, debt-to-GDP against the top of the Government's band (the
19.9% end-point), the gross financing need against the IMF's benchmark, the same two debt rows under
the borrow rule (shortfalls against the Budget's reserves path borrowed: where a shock would reach the
debt if it were not paid from reserves), fiscal reserves in months of spending, net debt, and the three
debt-profile indicators (average maturity, share falling due within a year, foreign-currency share).
Columns: the Budget baseline, the current-policy view (the same assumptions without the unidentified
measures) and each standard stress test of `finmodel.analysis.sensitivity.cases`, run as one batch on
the Budget baseline.

Each cell holds the worst value over the Medium Range Forecast years (2026-27 to its last year; the
highest, or for the average maturity the lowest). The colour follows the IMF's rule:

    red    where the Budget baseline breaches the benchmark (every cell of that row),
    amber  where this column (a stress test or the current-policy view) breaches it and the baseline does not,
    green  otherwise;
    "none" where the row has no benchmark: its values are shown, not rated.

Benchmarks and sources (`BENCHMARK_SOURCES`):
- the ceiling: the year's borrowing ceiling (HK$900bn from 2026-27, inputs/borrowing.yaml); breached
  when debt reaches it (issuance capped, the ceiling binds) or exceeds it;
- debt-to-GDP: the top of the band, 19.9% of GDP (the Budget's 2030-31 end-point), breached above it by
  more than the published figure's rounding (`band_tolerance_pp`), the test of the run's verdict;
- gross financing need: 20% of GDP, the IMF's heat-map benchmark for advanced economies (domain primer
  section 9, after the IMF's 2013 Staff Guidance Note for Public Debt Sustainability Analysis in
  Market-Access Countries; 15% is its threshold for higher scrutiny, shown but not used for colour);
- fiscal reserves in months of the year's spending (lowest): the Budget's own reserves path R*_t, in
  months of its spending, the floor the borrow rule holds (`finmodel.model.engine.reserves_path`);
  breached where a view's reserves fall below it in any year, i.e. where a shock is paid from reserves
  (the shortfall the borrow rule would borrow). Reserves are Hong Kong's first buffer, so this is the
  row where a land or spending shock shows under the default rule. The risk rule's floor
  (reserves_floor_months, 6 months) is named in the label, not used for colour: no stress test
  reaches it over the MRF;
- net debt (pool A debt less fiscal reserves) in % of GDP (peak): shown, not rated. Above 0% the debt under
  the ceiling exceeds the fiscal reserves (the Exchange Fund's other assets are not counted), but no
  official or IMF benchmark exists for it, and a benchmark of the project's own would colour the Budget
  baseline red on a threshold nobody has published;
- the debt-profile indicators: none. The IMF's debt-profile benchmarks could not be confirmed in the
  sources available to the project (the primer gives none), and Hong Kong states no threshold for them.

Pure: no I/O. `build(results)` runs the engine (one batch for the stress tests, one run for the
current-policy view); `rate` and `classify` are the rule alone.
"""

from dataclasses import dataclass, field, replace

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.sensitivity.batch import run_batch
from finmodel.analysis.sensitivity.cases import BASELINE, STANDARD_CASES, for_inputs
from finmodel.model import verdicts
from finmodel.model.engine import project, reserves_path
from finmodel.model.results import with_debt_profile

RED, AMBER, GREEN, NONE = "red", "amber", "green", "none"
BORROW = "borrow"                   # the rule whose debt rows sit beside the run's own (finmodel.model.financing)
GFN_BENCHMARK_PCT_GDP = 20.0        # IMF MAC DSA heat map, advanced economies (domain primer section 9)
GFN_SCRUTINY_PCT_GDP = 15.0         # IMF MAC DSA threshold for higher scrutiny, advanced economies (shown only)
BREACH_EPS = 1e-9

BENCHMARK_SOURCES = {
    # {ceiling}, {budget}, {low}, {high}, {end}: read from the run's inputs (`rows_for`), never written here
    "debt_ceiling": "Borrowing ceiling of pool A (GSBP + IBP): HK${ceiling:,.0f}bn under {budget} (inputs/borrowing.yaml)",
    "debt_to_gdp": "Top of the Government's {low:g}-{high:g}% band, {budget}'s {end} end-point (inputs/borrowing.yaml), "
                   "with the published figure's rounding",
    "gross_financing_need": "IMF MAC DSA heat map, advanced economies: 20% of GDP (15% for higher scrutiny); domain primer "
                            "section 9, after IMF (2013), Staff Guidance Note for Public Debt Sustainability Analysis in "
                            "Market-Access Countries",
    "reserves_months": "The Budget baseline's own reserves path (the plan rule without shocks), in months of its spending: "
                       "below it, a shock is paid from reserves. The risk rule's floor is reserves_floor_months "
                       "(inputs/borrowing.yaml, an analyst's assumption)",
    "net_debt": "No benchmark: no official or IMF threshold for debt net of fiscal reserves exists (domain primer section 7); "
                "values shown, not rated. Above 0% the debt exceeds the fiscal reserves; the Exchange Fund's other assets "
                "are not counted",
    "profile": "No benchmark: the IMF's debt-profile benchmarks could not be confirmed in the sources available to the "
               "project, and Hong Kong states none; values shown, not rated",
}


@dataclass(frozen=True)
class Row:
    """One indicator: engine variable, label, unit, which end is worse, the benchmark (None: not rated)."""

    key: str
    variable: str
    label: str
    unit: str
    worst: str                     # "max" or "min": which end of the MRF years is the worst value
    benchmark: float | None
    benchmark_label: str
    source: str
    inclusive: bool = False        # a breach is value >= benchmark (the ceiling binds when debt reaches it)
    financing_rule: str | None = None   # None: the run's own rule; "borrow": the row under the borrow rule, beside it


@dataclass(frozen=True)
class Column:
    """One view: id, short label, description, kind ('baseline', 'current policy' or 'stress test')."""

    id: str
    label: str
    description: str
    kind: str


@dataclass(frozen=True)
class Cell:
    value: float
    year: str                      # the fiscal year of the worst value
    breached: bool
    colour: str


@dataclass
class HeatMap:
    rows: list
    columns: list
    cells: dict                    # (row key, column id) -> Cell
    years: list                    # the fiscal years the worst value is taken over
    row_colours: dict = field(default_factory=dict)   # row key -> the row's overall colour

    def to_dict(self) -> dict:
        """JSON-ready: the rule, the rows with their benchmarks and sources, the columns, every cell."""
        return {
            "rule": "red: the Budget baseline breaches the benchmark; amber: this column breaches it and the baseline "
                    "does not; green: neither; none: no benchmark (value shown, not rated). Each value is the worst "
                    f"over {self.years[0]} to {self.years[-1]}.",
            "years": list(self.years),
            "rows": [{"key": r.key, "label": r.label, "unit": r.unit, "worst": r.worst, "benchmark": r.benchmark,
                      "financing_rule": r.financing_rule,
                      "benchmark_label": r.benchmark_label, "source": r.source, "colour": self.row_colours[r.key]}
                     for r in self.rows],
            "columns": [{"id": c.id, "label": c.label, "description": c.description, "kind": c.kind} for c in self.columns],
            "cells": {r.key: {c.id: {"value": _num(self.cells[r.key, c.id].value), "year": self.cells[r.key, c.id].year,
                                     "breached": self.cells[r.key, c.id].breached, "colour": self.cells[r.key, c.id].colour}
                              for c in self.columns} for r in self.rows},
        }


def _num(x):
    return None if x is None or not np.isfinite(x) else float(x)


def classify(baseline_breached: bool, column_breached: bool, rated: bool = True) -> str:
    """The IMF's rule for one cell: red if the baseline breaches, amber if this column does, green otherwise."""
    if not rated:
        return NONE
    if baseline_breached:
        return RED
    return AMBER if column_breached else GREEN


def row_colour(baseline_breached: bool, any_breached: bool, rated: bool = True) -> str:
    """The row's overall colour: red if the baseline breaches, amber if any other column does, green otherwise."""
    return classify(baseline_breached, any_breached, rated)


def worst(values: np.ndarray, how: str):
    """(index, value) of the worst of a 1-D series ignoring NaN: the highest ('max') or the lowest ('min')."""
    v = np.asarray(values, dtype=float)
    if np.all(np.isnan(v)):
        return 0, float("nan")
    i = int(np.nanargmax(v) if how == "max" else np.nanargmin(v))
    return i, float(v[i])


def breached(values: np.ndarray, benchmark, how: str, inclusive: bool = False) -> bool:
    """Whether any value is on the wrong side of the benchmark (above for 'max' rows, below for 'min' rows).

    benchmark: a number or an array the shape of values (e.g. the ceiling by year); None: never.
    """
    if benchmark is None:
        return False
    v = np.asarray(values, dtype=float)
    b = np.broadcast_to(np.asarray(benchmark, dtype=float), v.shape)
    sign = 1.0 if how == "max" else -1.0
    gap = sign * (v - b)
    return bool(np.any(gap >= -BREACH_EPS) if inclusive else np.any(gap > BREACH_EPS))


def rate(rows, columns, series: dict, thresholds: dict, labels) -> HeatMap:
    """Apply the rule: series[(row key, column id)] holds the row's values over the rated years.

    thresholds[row key] is the benchmark (number or per-year array, None if not rated); the first column is
    the baseline. Returns the HeatMap with every cell and each row's colour.
    """
    base = columns[0].id
    cells, colours = {}, {}
    for r in rows:
        rated = thresholds[r.key] is not None
        hit = {c.id: breached(series[r.key, c.id], thresholds[r.key], r.worst, r.inclusive) for c in columns}
        for c in columns:
            i, value = worst(series[r.key, c.id], r.worst)
            cells[r.key, c.id] = Cell(value, labels[i], hit[c.id], classify(hit[base], hit[c.id], rated))
        colours[r.key] = row_colour(hit[base], any(hit.values()), rated)
    return HeatMap(list(rows), list(columns), cells, list(labels), colours)


def rows_for(a) -> list:
    """The heat map's rows for the run's assumptions (the ceiling and the band's top read from them)."""
    tolerance = verdicts.band_tolerance_pp(a)    # the one band verdict's rounding
    ceiling = float(np.max(np.asarray(a.ceiling_hkd_bn, dtype=float)[rated_years(a)]))
    facts = {"ceiling": ceiling, "budget": verdicts.budget_name(a), "low": a.band_low_pct, "high": a.band_high_pct,
             "end": fiscal_year.label(a.mrf_last_year)}
    debt_rows = [
        Row("debt_ceiling", "debt_hkd_bn", "Debt under the ceiling (pool A), peak", "HK$ bn", "max", ceiling,
            f"HK${ceiling:,.0f}bn ceiling (breached when it binds)", BENCHMARK_SOURCES["debt_ceiling"].format(**facts),
            inclusive=True),
        Row("debt_to_gdp", "debt_to_gdp_pct", "Debt-to-GDP (pool A), peak", "% of GDP", "max", a.band_high_pct + tolerance,
            f"{a.band_high_pct:g}% (top of the band; +{tolerance:g}pp rounding)",
            BENCHMARK_SOURCES["debt_to_gdp"].format(**facts))]
    return [
        *debt_rows,
        Row("gross_financing_need", "gross_financing_need_pct_gdp", "Gross financing need, peak", "% of GDP", "max",
            GFN_BENCHMARK_PCT_GDP, f"{GFN_BENCHMARK_PCT_GDP:g}% (IMF, advanced economies; {GFN_SCRUTINY_PCT_GDP:g}% scrutiny)",
            BENCHMARK_SOURCES["gross_financing_need"]),
        *[replace(r, key=f"{r.key}_borrow", label=label, financing_rule=BORROW) for r, label in zip(
            debt_rows, ("Debt if shortfalls borrowed (pool A), peak", "Debt-to-GDP if shortfalls borrowed, peak"))],
        Row("reserves_months", "reserves_months", "Fiscal reserves, months of spending, lowest", "months", "min", 0.0,
            "the Budget's own path in months",
            BENCHMARK_SOURCES["reserves_months"]),
        Row("net_debt", "net_debt_to_gdp_pct", "Net debt (less fiscal reserves), peak", "% of GDP", "max", None,
            "none (not rated)", BENCHMARK_SOURCES["net_debt"]),
        Row("average_maturity", "average_maturity_years", "Average remaining maturity, lowest", "years", "min", None,
            "none (not rated)", BENCHMARK_SOURCES["profile"]),
        Row("short_term_share", "short_term_debt_share_pct", "Debt falling due within 12 months / debt, peak", "% of debt",
            "max", None, "none (not rated)", BENCHMARK_SOURCES["profile"]),
        Row("fx_share", "fx_debt_share_pct", "Foreign-currency debt / debt, peak", "% of debt", "max", None,
            "none (not rated)", BENCHMARK_SOURCES["profile"]),
    ]


def rated_years(a) -> np.ndarray:
    """Indices of the MRF years the heat map rates: after the first model year (the revised estimate) to the MRF's end."""
    years = np.asarray(a.years)
    idx = np.flatnonzero((years > years[0]) & (years <= a.mrf_last_year))
    return idx if len(idx) else np.arange(len(years))


def views(a):
    """(Budget baseline assumptions, current-policy assumptions or None): with the fitted measures, and with none."""
    if a.budget_plan is None:
        return a, None
    measures = np.asarray(a.fit.get("measures_hkd_bn", np.zeros(a.n_years)), dtype=float)
    return (replace(a, unidentified_measures_hkd_bn=measures),
            replace(a, unidentified_measures_hkd_bn=np.zeros(a.n_years)))


def build(results, cases=STANDARD_CASES) -> HeatMap:
    """The heat map of a run: the Budget baseline and its stress tests in one batch, and the current-policy view."""
    a = results.assumptions
    cases = for_inputs(cases, a)
    budget, passive = views(a)
    o_batch, _ = run_batch(budget, [BASELINE, *cases])
    o_batch = with_debt_profile(o_batch, budget)
    o_borrow, _ = run_batch(replace(budget, financing_rule=BORROW), [BASELINE, *cases])
    is_budget_baseline = a.budget_plan is not None and results.scenario == "baseline" and a.plan_name == "central"
    columns = [Column("baseline", "Budget baseline" if is_budget_baseline else f"This run ({results.scenario}, {a.plan_name} plan)",
                      f"{verdicts.budget_name(a)[0].upper()}{verdicts.budget_name(a)[1:]}'s plan, replicated, with the "
                      "unidentified measures" if is_budget_baseline
                      else "The loaded inputs with no shock", "baseline")]
    arrays = {"baseline": (o_batch, 0)}
    borrowed = {"baseline": (o_borrow, 0)}
    if passive is not None:
        columns.append(Column("passive", "Current policy", "The same assumptions without the unidentified measures "
                                                            "(scenario passive)", "current policy"))
        arrays["passive"] = (with_debt_profile(project(passive), passive), 0)
        borrowed["passive"] = (project(replace(passive, financing_rule=BORROW), path_hkd_bn=reserves_path(budget)), 0)
    for p, case in enumerate(cases, start=1):
        columns.append(Column(case.id, case.id, case.description, "stress test"))
        arrays[case.id] = (o_batch, p)
        borrowed[case.id] = (o_borrow, p)
    idx = rated_years(a)
    labels = [fiscal_year.label(y) for y in np.asarray(a.years)[idx]]
    rows = rows_for(a)
    series, thresholds = {}, {}
    for r in rows:
        thresholds[r.key] = r.benchmark
        for c in columns:
            o, p = (borrowed if r.financing_rule == BORROW else arrays)[c.id]
            series[r.key, c.id] = _values(o, r.variable)[p, idx]
        if r.variable == "debt_hkd_bn":
            thresholds[r.key] = np.asarray(a.ceiling_hkd_bn, dtype=float)[idx]
    # reserves: the Budget's own path in months of the baseline's spending, year by year (the row's benchmark its lowest)
    spending = o_batch.expenditure_hkd_bn[0, idx]
    thresholds["reserves_months"] = reserves_path(budget)[idx] / (spending / 12.0)
    # shown (and in summary.json) to 0.01 month; the cells are rated against the unrounded path
    rows = [replace(r, benchmark=round(float(thresholds[r.key].min()), 2)) if r.key == "reserves_months" else r for r in rows]
    return rate(rows, columns, series, thresholds, labels)


def _values(o, variable: str) -> np.ndarray:
    """An engine output, or reserves_months: fiscal reserves / (expenditure / 12) [months of the year's spending]."""
    if variable == "reserves_months":
        return o.fiscal_reserves_hkd_bn / (o.expenditure_hkd_bn / 12.0)
    return o.select([variable])[variable]
