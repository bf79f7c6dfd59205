"""Outputs of a stochastic run: fan.csv, breach_probabilities.csv, shock_model.txt and summary.json
(the workbook: finmodel.report.workbook.stochastic; the fan charts: finmodel.report.charts.stochastic).

Every file is written atomically and is byte-identical for the same inputs, options and seed.
"""

from pathlib import Path

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis.stochastic import EVENTS, FAN_VARIABLES, PERCENTILES, same_event_words
from finmodel.report.atomic import write_json, write_text
from finmodel.report.csv_text import safe_cell
from finmodel.report.finite import record_problems
from finmodel.version import __version__

PCT_COLUMNS = tuple(f"p{q}" for q in PERCENTILES)
BREACH_COLUMNS = (tuple(f"p_{e}" for e in EVENTS) + tuple(f"p_{e}_cumulative" for e in EVENTS)
                  + tuple(f"p_{e}_se" for e in EVENTS) + tuple(f"p_{e}_cumulative_se" for e in EVENTS))


def _num(x) -> str:
    return f"{float(x):.16g}"


def fan_rows(sim):
    """(fiscal_year, variable, p5 .. p95, baseline) rows, year by year, variable by variable."""
    labels = fiscal_year.labels(sim.years)
    rows = []
    for t, y in enumerate(labels):
        for v in FAN_VARIABLES:
            rows.append([y, v] + [float(x) for x in sim.fan[v][:, t]] + [float(sim.baseline[v][t])])
    return rows


def breach_rows(sim):
    """(fiscal_year, P(event) for each of EVENTS in the year, then each by that year) rows."""
    labels = fiscal_year.labels(sim.years)
    cols = ([sim.p[e] for e in EVENTS] + [sim.p_cumulative[e] for e in EVENTS]
            + [sim.se[e] for e in EVENTS] + [sim.se_cumulative[e] for e in EVENTS])
    return [[y] + [float(c[t]) for c in cols] for t, y in enumerate(labels)]


def check_outputs(sim, record: dict) -> list:
    """Every non-finite number in fan.csv, breach_probabilities.csv and summary.json (the workbook holds the same numbers)."""
    problems = [f"fan.csv: {r[1]}[{r[0]}] {col} = {x}: not a finite number"
                for r in fan_rows(sim) for col, x in zip(PCT_COLUMNS + ("baseline",), r[2:]) if not np.isfinite(x)]
    problems += [f"breach_probabilities.csv: {col}[{r[0]}] = {x}: not a finite number"
                 for r in breach_rows(sim) for col, x in zip(BREACH_COLUMNS, r[1:]) if not np.isfinite(x)]
    return problems + record_problems("summary.json", record)


def write_csvs(sim, out_dir) -> list:
    out_dir = Path(out_dir)
    fan = ["fiscal_year,variable," + ",".join(PCT_COLUMNS) + ",baseline"]
    fan += [",".join([safe_cell(c) for c in r[:2]] + [_num(x) for x in r[2:]]) for r in fan_rows(sim)]
    write_text(out_dir / "fan.csv", "\n".join(fan) + "\n")
    br = ["fiscal_year," + ",".join(BREACH_COLUMNS)]
    br += [",".join([safe_cell(r[0])] + [_num(x) for x in r[1:]]) for r in breach_rows(sim)]
    write_text(out_dir / "breach_probabilities.csv", "\n".join(br) + "\n")
    return [out_dir / "fan.csv", out_dir / "breach_probabilities.csv"]


def describe_model(model) -> str:
    """The estimated shock model as plain text: sample, lag choice, coefficients, covariance, diagnostics."""
    names = model.names
    w = max(len(n) for n in names) + 4
    if model.method == "var":
        how = [f"VAR({model.lag_order}) estimated by OLS with a constant (statsmodels.tsa.api.VAR), variables in percent.",
               f"Lag order chosen by {model.criterion.upper()} among 0..{model.max_lags} (cap: at least 3 observations "
               "per coefficient in each equation)."]
    else:
        how = ["The European Commission's approach: the historical variance-covariance matrix of the four variables "
               "(deviations from their sample means); variables in percent."
               + (" Draws resample blocks of consecutive historical years." if model.method == "bootstrap" else
                  " Each deviation follows an AR(1), d_t = rho d_{t-1} + e_t, its variance held at the covariance's.")]
        if model.persistence is not None and model.method == "ec":
            how.append("AR(1) coefficients rho (lag-1 autocorrelation, Yule-Walker; consecutive-year pairs): "
                       + ", ".join(f"{n} {r:.3f} ({p})" for n, r, p in zip(names, model.persistence, model.persistence_pairs))
                       + ".")
    lines = [f"finmodel {__version__}: shock model for stochastic projections", "=" * 72, *how,
             f"Sample: {model.sample_years[0]}-{model.sample_years[-1]}, {len(model.sample_years)} annual observations; "
             f"{len(model.resid)} used after lags.",
             "Share of the sample's observations marked 'recalled' (no primary source found): "
             + ", ".join(f"{n} {100 * v:.0f}%" for n, v in model.recalled_share.items()) + ".",
             "Revenue forecast errors (revenue other than land premium, outturn / Budget estimate - 1; hk_fiscal_long.csv, "
             "hk_budget_estimates.csv, hk_land_premium.csv): "
             + (", ".join(f"{y} {e:+.2f}%" for y, e in zip(model.revenue_error_years, model.revenue_errors_pct)) or "none")
             + f"; root mean square s = {model.revenue_error_sd_pct:.2f}% ({len(model.revenue_error_years)} pairs: a thin "
             "record, reported as such)" + (f"; left out: {', '.join(model.revenue_error_left_out)}" if model.revenue_error_left_out else "")
             + ". Drawn net of the GDP shock: sd sqrt(max(s^2 - e^2 Var(d_real + d_defl), 0)), e other revenue's GDP "
             "elasticity (summary.json: revenue_error_sd_net_pct).",
             "Sources: hk_macro.csv (C&SD via World Bank WDI), hk_land_premium.csv, hk_rates_annual.csv (FRED TB3MS), "
             "hk_fiscal_long.csv; source ids in inputs/SOURCES.md.", ""]
    lines += [f"- {n}" for n in model.notes]
    lines += ["", "Lag selection (information criteria on a common sample; * = chosen)"]
    if model.selection:
        crit = ("aic", "bic", "hqic", "fpe")
        lines.append(f"{'lag':>5}" + "".join(f"{c:>14}" for c in crit))
        for lag in range(len(model.selection["aic"])):
            mark = "*" if lag == model.lag_order else " "
            lines.append(f"{lag:>4}{mark}" + "".join(f"{model.selection[c][lag]:14.6f}" for c in crit))
    else:
        lines.append("  cap is 0 lags: VAR(0), shocks independent from year to year")
    lines += ["", "Coefficients (rows: regressors; columns: equations)"]
    lines.append(" " * w + "".join(f"{n:>22}" for n in names))
    lines.append(f"{'const':<{w}}" + "".join(f"{c:22.6f}" for c in model.intercept))
    for j in range(model.lag_order):
        for i, n in enumerate(names):
            lines.append(f"{f'L{j + 1}.{n}':<{w}}" + "".join(f"{model.coefs[j][e, i]:22.6f}" for e in range(len(names))))
    lines += ["", "Residual covariance Sigma_u (percent squared, degrees-of-freedom adjusted)" if model.covariance_scale == 1.0 else
              f"Residual covariance as drawn: the estimate (degrees-of-freedom adjusted) times k^2, k = {model.covariance_scale:.2f} "
              "fitted to the Government's forecast record (calibration.csv; percent squared)"]
    lines.append(" " * w + "".join(f"{n:>22}" for n in names))
    for i, n in enumerate(names):
        lines.append(f"{n:<{w}}" + "".join(f"{x:22.6f}" for x in model.sigma_u[i]))
    sd = np.sqrt(np.diag(model.sigma_u))
    corr = model.sigma_u / np.outer(np.where(sd > 0, sd, 1.0), np.where(sd > 0, sd, 1.0))
    lines += ["", "Residual correlation"]
    lines.append(" " * w + "".join(f"{n:>22}" for n in names))
    for i, n in enumerate(names):
        lines.append(f"{n:<{w}}" + "".join(f"{x:22.4f}" for x in corr[i]))
    d = model.diagnostics
    lines += ["", "Diagnostics",
              "  residual standard deviations: " + ", ".join(f"{n} {s:.3f}" for n, s in zip(names, d.get("residual_sd", sd))),
              f"  largest companion eigenvalue modulus: {d.get('max_root_modulus', 0.0):.4f} "
              f"({'stable' if d.get('stable', True) else 'NOT stable'})"]
    if "whiteness_pvalue" in d:
        lines.append(f"  Portmanteau test of no residual autocorrelation up to lag {d['whiteness_lags']}: "
                     f"p = {d['whiteness_pvalue']:.4f}")
    if "normality_pvalue" in d:
        lines.append(f"  Jarque-Bera test of normal residuals: p = {d['normality_pvalue']:.4f}")
    lines += ["", "Data used (percent)"]
    lines.append(f"{'year':<6}" + "".join(f"{n:>22}" for n in names))
    for y, row in zip(model.sample_years, model.data):
        lines.append(f"{y:<6}" + "".join(f"{x:22.4f}" for x in row))
    lines += ["", "How the shocks enter the engine (deviations from the baseline, zero before year 1)",
              "  ec: d_t = D d_{t-1} + e_t, D = diag(rho), e_1 ~ N(0, Sigma), e_t ~ N(0, Sigma - D Sigma D) after it;",
              "  var: d_t = A_1 d_{t-1} + ... + A_p d_{t-p} + e_t; bootstrap: d_t = blocks of consecutive historical",
              "  years (all four variables together), centred on zero.",
              "  nominal GDP growth += d_real_growth + d_deflator; inflation (linked retail coupons, recurrent spending",
              "  through its elasticity) += d_deflator; land premium x exp(d_land_share / m - c_t), m the sample mean",
              "  share, c_t = log E exp(d_land_share / m) (mean factor 1 in every year);",
              "  yields of every new issue += d_short_rate + a new-issue spread surprise (independent, each year);",
              "  other operating revenue x (1 + a revenue forecast error, independent, each year);",
              "  HK$ per RMB and per EUR follow random walks in logs at their stated volatilities, less half the",
              "  cumulative variance (mean factor 1); HK$ per US$ is drawn uniformly within the Linked Exchange Rate",
              "  band (inputs/borrowing.yaml), its mean the band's centre."]
    return "\n".join(lines) + "\n"




def shock_model_label(model) -> str:
    """Words for the shock model: the EC covariance, a VAR(p) or the block bootstrap."""
    if model.method == "var":
        if model.lag_order == 0:   # the same mean and covariance as the EC default, without its AR(1) memory
            return (f"VAR(0) ({model.criterion.upper()} chose no lags: the EC default's historical covariance, drawn "
                    "independently year to year, without its AR(1) memory)")
        return f"VAR({model.lag_order})"
    if model.method == "bootstrap":
        return "block bootstrap of historical years"
    return "historical covariance, AR(1) memory (EC)"


def summary(sim, model, a, options: dict, history_hashes: dict) -> dict:
    """The run record and headline figures of a stochastic run."""
    labels = fiscal_year.labels(sim.years)
    i = {p: n for n, p in enumerate(PERCENTILES)}
    ratio = sim.fan["debt_to_gdp_pct"]

    def first(p):
        idx = np.flatnonzero(p > 0.5)
        return labels[idx[0]] if len(idx) else None

    fifth = min(5, len(labels) - 1)
    reserves = sim.fan["fiscal_reserves_hkd_bn"]
    return {
        "command": "simulate",
        "headline": {
            "horizon": labels[-1],
            "debt_to_gdp_median_end_pct": float(ratio[i[50], -1]),
            "debt_to_gdp_p10_end_pct": float(ratio[i[10], -1]),
            "debt_to_gdp_p90_end_pct": float(ratio[i[90], -1]),
            "fan_width_p90_p10_end_pp": float(ratio[i[90], -1] - ratio[i[10], -1]),
            "debt_to_gdp_baseline_end_pct": float(sim.baseline["debt_to_gdp_pct"][-1]),
            "fiscal_reserves_p10_p50_p90_end_hkd_bn": [float(reserves[i[q], -1]) for q in (10, 50, 90)],
            **{f"p_{e}_by_end": float(sim.p_cumulative[e][-1]) for e in EVENTS},
            **{f"p_{e}_by_end_se": float(sim.se_cumulative[e][-1]) for e in EVENTS},
            "p_above_band_end": float(sim.p["above_band"][-1]),
            "p_above_band_end_se": float(sim.se["above_band"][-1]),
            "same_event": dict(sim.same_event or {}),
            "same_event_note": same_event_words(sim),
            "band_test": "debt-to-GDP above band_high_pct + band_tolerance_pp (finmodel.model.verdicts.band_breached)",
            "p_debt_to_gdp_still_rising_end": float(sim.p_not_stabilising),
            "first_year_above_band_more_likely_than_not": first(sim.p_cumulative["above_band"]),
            "band_high_pct": sim.band_high_pct,
        },
        "imf_srdsf": {
            "fan_width_p95_p5_pp": float(ratio[i[95], fifth] - ratio[i[5], fifth]),
            "fan_width_year": labels[fifth],
            "p_debt_to_gdp_not_stabilised_last_year": float(sim.p_not_stabilising),
            "terminal_debt_to_gdp_median_pct": float(ratio[i[50], -1]),
            "terminal_year": labels[-1],
        },
        "shock_model": {"kind": shock_model_label(model), "method": model.method, "variables": list(model.names),
                        "sample": f"{model.sample_years[0]}-{model.sample_years[-1]}", "n_obs": len(model.sample_years),
                        "criterion": model.criterion, "max_lags": model.max_lags, "recalled_share": model.recalled_share,
                        "persistence_ar1": (None if model.persistence is None or model.method != "ec" else
                                            {n: float(r) for n, r in zip(model.names, model.persistence)}),
                        "revenue_error_sd_pct": model.revenue_error_sd_pct, "revenue_error_years": list(model.revenue_error_years),
                        "revenue_errors_pct": list(model.revenue_errors_pct), "revenue_error_left_out": list(model.revenue_error_left_out),
                        "revenue_error_sd_net_pct": sim.revenue_error_sd_net_pct,
                        "fx_volatility_pct": dict(a.fx_volatility_pct), "new_issue_spread_sd_pp": a.new_issue_spread_sd_pp,
                        "parameter_uncertainty": sim.parameter_uncertainty},
        "run": {
            "model": "finmodel", "model_version": __version__, "options": options, "seed": sim.seed,
            "method": sim.method, "n_paths": sim.n_paths, "block_paths": sim.block_paths,
            "rng": "numpy PCG64, one SeedSequence(seed, spawn_key=(block,)) per block of paths",
            "issuance_plan": a.plan_name, "financing_rule": a.financing_rule, "ceiling_policy": a.ceiling_policy,
            "input_sha256": {**a.input_hashes, **history_hashes},
            "warnings": [str(w) for w in a.warnings],
        },
    }


RULE_FIGURES = (("debt_hkd_bn", "debt_end_hkd_bn"), ("debt_to_gdp_pct", "debt_to_gdp_end_pct"),
                ("fiscal_reserves_hkd_bn", "fiscal_reserves_end_hkd_bn"))


def by_rule(sims: dict) -> dict:
    """The same paths under each financing rule, side by side: {rule: p10/p50/p90 in the last year and P(event) by it, with s.e.}."""
    i = {p: n for n, p in enumerate(PERCENTILES)}
    out = {}
    for rule, sim in sims.items():
        row = {}
        for var, key in RULE_FIGURES:
            row[key] = {f"p{q}": float(sim.fan[var][i[q], -1]) for q in (10, 50, 90)}
        row.update({f"p_{e}_by_end": float(sim.p_cumulative[e][-1]) for e in EVENTS})
        row.update({f"p_{e}_by_end_se": float(sim.se_cumulative[e][-1]) for e in EVENTS})
        out[rule] = row
    return out


def write_summary(record: dict, out_dir, manifest: list) -> Path:
    """Write summary.json, its run record listing every file of the folder finmodel wrote (`run.manifest`)."""
    record = {**record, "run": {**record["run"], "manifest": manifest}}
    path = Path(out_dir) / "summary.json"
    write_json(path, record)
    return path


def write_model(model, out_dir) -> Path:
    path = Path(out_dir) / "shock_model.txt"
    write_text(path, describe_model(model))
    return path
