"""The workbook of `finmodel simulate`: its own analysis only, the baseline's sheets stay in the baseline workbook.

Cover, Contents, the breach probabilities by year, one fan sheet per variable (percentiles across the paths
beside the deterministic baseline, each with a native chart), and notes that name the baseline workbook.
"""

from finmodel import fiscal_year
from finmodel.analysis.stochastic import EVENTS, FAN_VARIABLES, PERCENTILES, same_event_words, shown_events
from finmodel.model.variables import BY_NAME
from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import PROBABILITY

EVENT_WORDS = {"ceiling_binds": "the ceiling binds", "above_band": "debt-to-GDP above the band's top",
               "reserves_below_floor": "reserves below their floor", "squeeze": "ceiling binds and reserves below floor"}
FAN_SHEETS = {"debt_to_gdp_pct": "Fan, debt-to-GDP", "debt_hkd_bn": "Fan, debt", "fiscal_reserves_hkd_bn": "Fan, reserves",
              "headroom_hkd_bn": "Fan, headroom", "interest_to_revenue_pct": "Fan, interest to revenue"}


def stochastic_workbook(sim, model, kind: str, run: book.Run, baseline_workbook: str, record_sheets=()):
    """The simulate workbook of `sim` (analysis.stochastic result); `kind`: the shock model in words; `record_sheets`:
    the forecast record's sheets (`report.workbook.record`), after the fans."""
    sheets = [Sheet("Breach probabilities", "The probability of each event in each year, and in that year or any earlier one, "
                                            "with a chart", lambda ws, st: _breaches(ws, st, sim))]
    sheets += [Sheet(FAN_SHEETS.get(v, v[:31]), f"{BY_NAME[v].label}: percentiles across the paths beside the baseline, "
                                                "with a fan chart", lambda ws, st, v=v: _fan(ws, st, sim, v))
               for v in FAN_VARIABLES]
    sheets += list(record_sheets)
    sheets.append(Sheet("Notes & sources", "How the paths are drawn; where the baseline's own sheets are",
                        lambda ws, st: book.write_notes(ws, st, _notes(sim, model, kind, baseline_workbook))))
    labels = fiscal_year.labels(sim.years)
    i = {p: n for n, p in enumerate(PERCENTILES)}
    ratio = sim.fan["debt_to_gdp_pct"]
    key = [f"Debt-to-GDP in {labels[-1]}: median {ratio[i[50], -1]:.2f}% of GDP, 10-90% of paths "
           f"{ratio[i[10], -1]:.2f}-{ratio[i[90], -1]:.2f}% (baseline {sim.baseline['debt_to_gdp_pct'][-1]:.2f}%).",
           "By " + labels[-1] + ": " + "; ".join(f"P({EVENT_WORDS[e]}) {sim.p_cumulative[e][-1]:.1%} "
                                                 f"(s.e. {sim.se_cumulative[e][-1]:.1%})" for e in shown_events(sim)) + "."]
    key += [same_event_words(sim)] if same_event_words(sim) else []
    facts = [("Baseline workbook", f"{baseline_workbook} (written by finmodel project with the same inputs and options)"),
             ("Paths; method; seed", f"{sim.n_paths:,}; {sim.method}; {sim.seed}"),
             ("Shock model", f"{kind} on {model.sample_years[0]}-{model.sample_years[-1]} (see shock_model.txt)")]
    front = book.front_sheets("Stochastic debt projection: fan charts and the probability of breaching the limits", None,
                              facts, key, run, sheets)
    return book.assemble(front + sheets, "finmodel simulate")


def _breaches(ws, st, sim):
    """Year by year: each event's probability in the year, then by that year; a chart of the cumulative ones."""
    labels = fiscal_year.labels(sim.years)
    columns = [Column("Fiscal year", "", None, 10)]
    columns += [Column(f"P({EVENT_WORDS[e]}) in the year", "% of paths", PROBABILITY, 12) for e in EVENTS]
    columns += [Column(f"P({EVENT_WORDS[e]}) by the year", "% of paths", PROBABILITY, 12) for e in EVENTS]
    rows = [[y] + [float(sim.p[e][t]) for e in EVENTS] + [float(sim.p_cumulative[e][t]) for e in EVENTS]
            for t, y in enumerate(labels)]
    top, first, last = book.table_sheet(ws, st, "Breach probabilities",
                                        f"{sim.n_paths:,} paths. 'By the year': in that year or any earlier one. The band's "
                                        f"top is {sim.band_high_pct:g}% of GDP.", columns, rows, name="BreachProbabilities")
    n = len(EVENTS)
    chart_height_cm = 10.0   # room for the four events' names in the legend
    chart = charts.lines(ws, top, first, last, 1, list(range(2 + n, 2 + 2 * n)), "Probability by each year",
                         "% of paths", book.chart_below(ws, last, chart_cm=chart_height_cm),
                         styles=[(charts.RED, None), (charts.NAVY, None), (charts.GREEN, None), (charts.AMBER, None)])
    chart.y_axis.number_format = "0%"
    chart.width, chart.height = 24.0, chart_height_cm


def _fan(ws, st, sim, variable):
    """Percentiles across the paths and the deterministic baseline, year by year, with a chart of the fan."""
    v = BY_NAME[variable]
    labels = fiscal_year.labels(sim.years)
    columns = [Column("Fiscal year", "", None, 10)]
    columns += [Column(f"{p}th percentile" if p != 50 else "Median", v.unit, v.fmt, 11) for p in PERCENTILES]
    columns.append(Column("Baseline", v.unit, v.fmt, 11))
    rows = [[y] + [float(q) for q in sim.fan[variable][:, t]] + [float(sim.baseline[variable][t])] for t, y in enumerate(labels)]
    top, first, last = book.table_sheet(ws, st, f"{v.label}: fan across {sim.n_paths:,} paths ({v.unit})",
                                        "Each column: the value that share of the paths stays at or below, year by year; "
                                        "Baseline: the deterministic projection.", columns, rows)
    picks = [2 + PERCENTILES.index(p) for p in (5, 25, 50, 75, 95) if p in PERCENTILES] + [2 + len(PERCENTILES)]
    light = (charts.LIGHT, None)
    styles = [light, (charts.NAVY, "dash"), (charts.NAVY, None), (charts.NAVY, "dash"), light, ("000000", "sysDot")]
    charts.lines(ws, top, first, last, 1, picks, f"{v.label}: median, 25-75% and 5-95% of paths", v.unit,
                 book.chart_below(ws, last), styles=styles[:len(picks) - 1] + styles[-1:])


def _notes(sim, model, kind, baseline_workbook) -> list:
    return [("Baseline", f"The baseline's own tables, charts and inputs are in {baseline_workbook}, written by finmodel project "
                         "with the same inputs and options; this workbook holds the stochastic analysis only."),
            ("Paths", f"{sim.n_paths:,} paths drawn with seed {sim.seed} (method {sim.method}); the same seed gives the same "
                      "numbers, byte for byte."),
            ("Shocks", f"Shock model: {kind} on {model.sample_years[0]}-{model.sample_years[-1]}; shock_model.txt describes "
                       "it in full (sample, coefficients, covariance, diagnostics)."),
            ("Percentiles", "A percentile is taken year by year across the paths: the median line is not one path."),
            ("Files", "fan.csv and breach_probabilities.csv hold the same numbers at full precision; summary.json records the run.")]
