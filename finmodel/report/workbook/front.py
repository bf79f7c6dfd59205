"""The front of the analyst workbook: the Cover (the run and its key results in words) and the Contents."""

from finmodel import fiscal_year
from finmodel.inputs.vintage import describe_with_note, monthly_to_of
from finmodel.model.verdicts import budget_year
from finmodel.report.workbook import book

# The workbook's sheets in order, each with the line the Contents sheet shows for it.
SHEETS = (
    ("Cover", "Title, scenario, vintage, the key results in words, and the run: options, model version, input hashes"),
    ("Contents", "This list"),
    ("Against the Budget", "Every published figure of {budget} beside the model, with and without the measures the plan does not itemise"),
    ("Summary", "Headline figures and the year-by-year check against the ceiling and the band (red = breached), with charts"),
    ("Projection", "Every projection variable, one row per variable and one column per fiscal year (the numbers of projection.csv)"),
    ("Financing", "Gross issuance by investor, currency and tenor; redemptions; net borrowing; reserves"),
    ("Bonds", "The maturity profile and the cohort book (opening and projected cohorts)"),
    ("Interest burden vs peers", "Hong Kong's projected interest burden and debt beside published peer figures, with definitions"),
    ("Decomposition", "What moves the debt ratio: interest, growth, primary balance and stock-flow adjustment"),
    ("IMF basis", "The balances, gross financing need and net debt on the IMF's basis (GFSM 2014) beside the Budget's, and "
                  "each Budget line's class with its reason"),
    ("Heat map", "Debt, gross financing need and the debt profile against benchmarks, for the Budget baseline, current policy "
                 "and each stress test (red, amber, green as in the IMF's market-access DSA)"),
    ("What-if", "Live formulas: change the yellow inputs and watch debt and debt-to-GDP move"),
    ("Assumptions", "Every input with its unit and source (inputs on a coloured fill)"),
    ("Notes & sources", "Conventions and definitions; then every source id the workbook cites (S00, S13, ...) with its "
                        "citation: title, publisher, date and address"),
    ("Run record", "Model version, input hashes, options and warnings"),
)


def write_cover(ws, results, st):
    """Title, the run's scenario, plan, rules, years and vintage, the key results in sentences, then the run."""
    a = results.assumptions
    run = results.summary()["run"]
    facts = [
        ("Scenario", results.scenario),
        ("Issuance plan", a.plan_name),
        ("Financing rule; ceiling policy", f"{a.financing_rule}; {a.ceiling_policy}"),
        ("Years", f"{results.labels[0]} to {results.labels[-1]} (the official Medium Range Forecast ends {fiscal_year.label(a.mrf_last_year)})"),
    ]
    notes = ["Figures in HK$ bn unless stated; fiscal years run 1 April to 31 March "
             f"({fiscal_year.label(budget_year(a))} ends 31 March {budget_year(a) + 1}). "
             "See Contents for every sheet and Notes & sources for definitions."]
    if a.opening_outturn is not None:   # the opening position from the outturn (finmodel.inputs.opening_outturn)
        notes.append(a.opening_outturn.line() + ".")
    book.write_cover(ws, st, "Hong Kong government debt projection: the HK$ ceiling, the debt-to-GDP band, reserves and interest",
                     None, facts, _key_results(results), book.Run("finmodel project", run["options"], run["input_sha256"],
                                                                        inputs=describe_with_note(run["input_sha256"], monthly_to_of(run))), notes)


def _key_results(results) -> list:
    """The verdict, then debt, debt-to-GDP, interest and reserves in one sentence each."""
    a = results.assumptions
    h = results.summary()["headline"]
    ceiling_end = a.ceiling_hkd_bn[-1]
    lines = [
        results.verdict(),
        f"Debt under the ceiling (pool A) peaks at HK${h['peak_debt_hkd_bn']:,.1f} bn in {h['peak_debt_year']}, against a ceiling of "
        f"HK${ceiling_end:,.0f} bn; the smallest headroom is HK${h['min_headroom_hkd_bn']:,.1f} bn.",
        f"Debt-to-GDP peaks at {h['peak_debt_to_gdp_pct']:.2f}% in {h['peak_debt_to_gdp_year']} and ends at {h['debt_to_gdp_end_pct']:.2f}% "
        f"in {h['horizon']}; the stated band is {a.band_low_pct:g}-{a.band_high_pct:g}% of GDP.",
        f"Interest takes {h['interest_to_revenue_end_pct']:.1f}% of government revenue in {h['horizon']}; fiscal reserves end at "
        f"HK${h['fiscal_reserves_end_hkd_bn']:,.1f} bn.",
    ]
    if results.budget_line():
        lines.insert(1, results.budget_line())
    if h["beyond_official_forecast"]:
        lines.append(f"Years after {h['mrf_last_year']} extend the official forecast by the stated rules (see Assumptions).")
    return lines


def write_contents(ws, st, budget: str = "the Budget"):
    """Every sheet with a hyperlink to it and one line on what it holds (`budget`: the Budget's name, from the inputs)."""
    book.write_contents(ws, st, [book.Sheet(name, what.format(budget=budget), None) for name, what in SHEETS])
