"""The simulate workbook's sheets on the forecast record: each Budget's reserve forecast against the outturn, the
error distribution by horizon, and the fan's coverage of the record (with the calibration's scale).

Exporters only: the rows come finished from `analysis.forecast_record` and `analysis.record_coverage`.
"""

from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import BN, PCT

COUNT = "0"


def record_sheets(record, coverage: list, calibration) -> list:
    """The three sheets: Forecast record, Forecast errors, Fan coverage."""
    return [Sheet("Forecast record", "Each Budget's forecast of fiscal reserves against the reserves held, by horizon",
                  lambda ws, st: _pairs(ws, st, record)),
            Sheet("Forecast errors", "The distribution of the Government's reserve forecast errors by horizon",
                  lambda ws, st: _by_horizon(ws, st, record)),
            Sheet("Fan coverage", "The share of past errors inside the fan's 50% and 80% bands, with intervals; the calibration",
                  lambda ws, st: _coverage(ws, st, coverage, calibration))]


def _pairs(ws, st, record):
    columns = [Column("Budget", "", None, 10), Column("Forecast for", "31 March", None, 12), Column("Horizon", "years", COUNT, 9),
               Column("Forecast", "HK$ bn", BN, 11), Column("Outturn", "HK$ bn", BN, 11), Column("Outturn kind", "", None, 10),
               Column("Counted", "", None, 9), Column("Error", "HK$ bn", BN, 11), Column("Error, relative to the forecast", "%", PCT, 11),
               Column("Breaks in coverage spanned", "", None, 34), Column("Confidence", "", None, 11), Column("Sources", "", None, 14)]
    rows = [[r["budget"], r["forecast_for"], r["horizon_years"], r["forecast_hkd_bn"], r["outturn_hkd_bn"], r["outturn_kind"] or "none",
             "yes" if r["counted"] else "no", r["error_hkd_bn"], r["error_pct"], r["breaks"] or "", r["confidence"], r["source_id"]]
            for r in record.pairs]
    top, first, last = book.table_sheet(
        ws, st, "Forecast record: fiscal reserves forecast by past Budgets against the reserves held",
        "Error = outturn / forecast - 1 (above 0: an under-forecast). Only actual outturns are counted; a revised "
        "estimate is listed. Breaks: changes in what fiscal reserves cover between the Budget and the date.",
        columns, rows, name="ForecastRecord")
    charts.bars_and_line(ws, top, first, last, 1, [9], [], "Each forecast's error, by horizon then Budget", "% of forecast",
                         book.chart_below(ws, last))


def _by_horizon(ws, st, record):
    columns = [Column("Horizon", "years", COUNT, 9), Column("Pairs", "count", COUNT, 8),
               Column("Median absolute error", "%", PCT, 12), Column("Median error", "%", PCT, 10), Column("Mean error", "%", PCT, 10),
               Column("Smallest", "%", PCT, 10), Column("Largest", "%", PCT, 10), Column("10th percentile", "%", PCT, 11),
               Column("90th percentile", "%", PCT, 11), Column("Under-forecasts", "count", COUNT, 11), Column("Thin", "", None, 8)]
    rows = [[r["horizon_years"], r["n_pairs"], r["median_abs_error_pct"], r["median_error_pct"], r["mean_error_pct"],
             r["min_error_pct"], r["max_error_pct"], r["p10_error_pct"], r["p90_error_pct"], r["n_under_forecasts"],
             "yes" if r["thin"] else "no"] for r in record.by_horizon]
    top, first, last = book.table_sheet(ws, st, "Forecast errors of fiscal reserves by horizon",
                                        record.sentence(5) + " Thin: fewer than 5 pairs.", columns, rows, name="ForecastErrors")
    charts.bars_and_line(ws, top, first, last, 1, [3], [4], "Median absolute error (bars) and median error (line) by horizon",
                         "%", book.chart_below(ws, last))


def _coverage(ws, st, coverage, calibration):
    columns = [Column("Check", "", None, 30), Column("Measure", "", None, 14), Column("Horizon", "years", COUNT, 9), Column("Band", "%", COUNT, 7),
               Column("Errors", "", None, 11), Column("Role", "", None, 9), Column("Thin", "", None, 7),
               Column("Pairs", "count", COUNT, 7), Column("Inside", "count", COUNT, 7), Column("Coverage", "%", PCT, 9),
               Column("95% interval, low", "%", PCT, 9), Column("95% interval, high", "%", PCT, 9),
               Column("Monte Carlo range, low", "%", PCT, 10), Column("Monte Carlo range, high", "%", PCT, 10),
               Column("Band low, relative to the baseline", "%", PCT, 12), Column("Band high, relative to the baseline", "%", PCT, 12),
               Column("In window", "", None, 8)]
    rows = [[f"{r['measure']}, {r['horizon_years']} y, {r['band_pct']}% band, {r['errors']}", r["measure"], r["horizon_years"], r["band_pct"], r["errors"], r["role"], "yes" if r["thin"] else "no", r["n_pairs"],
             r["n_inside"], r["coverage_pct"], r["ci_low_pct"], r["ci_high_pct"], r["mc_low_pct"], r["mc_high_pct"],
             r["band_low_pct"], r["band_high_pct"], "yes" if r["in_window"] else "no"] for r in coverage]
    top, first, last = book.table_sheet(
        ws, st, "The fan of reserves checked against the Government's forecast record",
        calibration.explanation + " Interval: Clopper-Pearson; Monte Carlo range: band edges moved by 2 standard errors.",
        columns, rows, name="FanCoverage")
    charts.horizontal_bars(ws, top, first, last, 1, 10, "Share of past errors inside the band", "%", book.chart_below(ws, last))
