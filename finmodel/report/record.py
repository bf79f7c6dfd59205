"""Outputs of the forecast record and of the fans' check against it (finmodel simulate):
forecast_record.csv, forecast_errors.csv, balance_errors.csv, fan_coverage.csv, calibration.csv and the
summary.json keys `forecast_record`, `calibration` and `fan_coverage`.

Exporters only: every figure comes finished from `analysis.forecast_record` and `analysis.record_coverage`.
Written atomically, byte-identical for the same inputs, options and seed.
"""

from pathlib import Path

from finmodel.analysis.record_coverage import CALIBRATION_SEED, FIT_HORIZON, TARGETS
from finmodel.report.atomic import write_text
from finmodel.report.csv_text import safe_cell

PAIR_COLUMNS = ("budget", "forecast_for", "horizon_years", "forecast_hkd_bn", "outturn_hkd_bn", "outturn_kind", "counted",
                "error_hkd_bn", "error_pct", "breaks", "confidence", "source_id")
HORIZON_COLUMNS = ("horizon_years", "n_pairs", "median_abs_error_pct", "median_error_pct", "mean_error_pct", "min_error_pct",
                   "max_error_pct", "p10_error_pct", "p90_error_pct", "n_under_forecasts", "thin")
BALANCE_COLUMNS = ("fiscal_year", "estimate_hkd_bn", "revised_hkd_bn", "opening_reserves_hkd_bn", "error_hkd_bn", "error_pct")
COVERAGE_COLUMNS = ("measure", "horizon_years", "band_pct", "errors", "role", "thin", "n_pairs", "n_inside", "coverage_pct",
                    "ci_low_pct", "ci_high_pct", "mc_low_pct", "mc_high_pct", "band_low_pct", "band_high_pct",
                    "window_low_pct", "window_high_pct", "in_window", "mean_error_pct")
CALIBRATION_COLUMNS = ("scale", "coverage_80_5y_pct", "coverage_50_5y_pct", "coverage_80_1y_pct", "coverage_50_1y_pct",
                       "admissible_5y", "admissible_1y", "chosen")
WHY_MEAN_REMOVED = ("The fan's shocks are mean-preserving (centred on the Budget's plan by construction); the record is biased "
                    "(mostly under-forecasts to 2017, over-forecasts since). A symmetric fan widened to cover a one-sided bias "
                    "would overstate the risk on the other side, so the fan is judged and calibrated on the errors with their "
                    "mean removed; the raw errors' coverage and their mean are reported beside them.")


def _cell(x) -> str:
    """A CSV cell: text made safe, booleans as true/false, whole numbers as integers, others at full precision, missing as empty."""
    if x is None or (isinstance(x, float) and x != x):
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.16g}"
    return safe_cell(str(x))


def _csv(path: Path, columns, rows) -> Path:
    lines = [",".join(columns)] + [",".join(_cell(r[c]) for c in columns) for r in rows]
    write_text(path, "\n".join(lines) + "\n")
    return path


def calibration_rows(calibration) -> list:
    """The calibration's grid as rows: every scale tried, its coverages (%), whether it is admissible, the one chosen."""
    return [{"scale": g[0], "coverage_80_5y_pct": g[1], "coverage_50_5y_pct": g[2], "coverage_80_1y_pct": g[3],
             "coverage_50_1y_pct": g[4], "admissible_5y": g[0] in calibration.admissible_5y,
             "admissible_1y": g[0] in calibration.admissible_1y, "chosen": g[0] == calibration.scale} for g in calibration.grid]


def write_record(record, coverage: list, calibration, out_dir) -> list:
    """Write the record's tables, the coverage table and the calibration grid; return the paths."""
    out = Path(out_dir)
    return [_csv(out / "forecast_record.csv", PAIR_COLUMNS, record.pairs),
            _csv(out / "forecast_errors.csv", HORIZON_COLUMNS, record.by_horizon),
            _csv(out / "balance_errors.csv", BALANCE_COLUMNS, record.balance),
            _csv(out / "fan_coverage.csv", COVERAGE_COLUMNS, coverage),
            _csv(out / "calibration.csv", CALIBRATION_COLUMNS, calibration_rows(calibration))]


def _span(ks) -> list:
    return [min(ks), max(ks)] if ks else []


def summary_keys(record, coverage: list, calibration) -> dict:
    """The summary.json keys of the record and the coverage check (added to `report.stochastic.summary`'s record)."""
    def plain(row):
        return dict(row)

    return {
        "forecast_record": {"five_years": record.sentence(FIT_HORIZON), "one_year": record.sentence(1),
                            "by_horizon": [plain(r) for r in record.by_horizon]},
        "calibration": {"scale": calibration.scale, "applied": calibration.applied, "winner": calibration.winner,
                        "explanation": calibration.explanation, "paths": calibration.paths,
                        "seed": CALIBRATION_SEED if calibration.applied else None, "fitted_by": calibration.fitted_by,
                        "admissible_5y": _span(calibration.admissible_5y), "admissible_1y": _span(calibration.admissible_1y),
                        "windows_pct": {str(b): list(w) for b, w in TARGETS.items()},
                        "fitted": ["reserves at 5 years (errors with their mean removed)",
                                   "consolidated balance at 1 year (errors with their mean removed)"] if calibration.applied else [],
                        "held_out": ["reserves at 1 to 4 years", "raw errors"], "errors": "mean removed",
                        "why_mean_removed": WHY_MEAN_REMOVED},
        "fan_coverage": [plain(r) for r in coverage],
    }


def coverage_text(record, coverage: list, calibration) -> str:
    """The printed lines: the record's sentence, the coverage table (errors with their mean removed), the calibration."""
    rows = {(r["measure"], r["horizon_years"], r["band_pct"]): r for r in coverage if r["errors"] == "mean removed"}
    lines = [record.sentence(FIT_HORIZON), "Past errors (mean removed) inside the fan of reserves, relative to the baseline; "
             "95% Clopper-Pearson interval; * thin (fewer than 5 pairs); target rows set the scale:",
             f"{'':28s}{'pairs':>6s}{'80% band covers':>26s}{'50% band covers':>26s}"]
    for (measure, h, band), r in rows.items():
        if band != 80:
            continue
        r50 = rows[measure, h, 50]
        name = f"{'reserves' if measure == 'reserves' else 'balance'}, {h} year{'s' if h > 1 else ''}{'*' if r['thin'] else ''}"
        cells = "".join(f"{x['n_inside']:>4d} ({x['coverage_pct']:3.0f}%, {x['ci_low_pct']:3.0f} to {x['ci_high_pct']:3.0f}%)  "
                        for x in (r, r50))
        lines.append(f"{name + (' (target)' if r['role'] == 'target' else ''):28s}{r['n_pairs']:>6d}   {cells}")
    lines.append(calibration.explanation)
    return "\n".join(lines)
