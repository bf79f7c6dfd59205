"""`finmodel simulate`: stochastic projections, fan charts and breach probabilities.

Thin wiring: load inputs, estimate the shock model from inputs/history, simulate in blocks
(progress bar on a terminal only), print the table and write every output. statsmodels,
numpy, pandas, matplotlib and openpyxl are imported inside the command.
"""

import sys
from pathlib import Path

import click

from finmodel.cli.common import (
    guard,
    horizon_option,
    inputs_option,
    issuance_option,
    load_with_history,
    scenario_option,
)

DEFAULT_SEED = 2026


@click.command()
@inputs_option
@scenario_option
@issuance_option("Which issuance plan to follow.")
@horizon_option
@click.option("--paths", "n_paths", type=click.IntRange(1, 2_000_000), default=10_000, show_default=True,
              help="Number of simulated paths (memory: about 32 bytes per path and fiscal year).")
@click.option("--seed", type=click.IntRange(0, None), default=DEFAULT_SEED, show_default=True,
              help="Seed of the random draws: the same seed gives the same outputs, byte for byte.")
@click.option("--method", type=click.Choice(["var", "bootstrap"]), default="var", show_default=True,
              help="var: normal draws from the VAR's residual covariance; bootstrap: historical residual years resampled.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs") / "simulation", show_default=True,
              help="Output folder.")
@guard
def simulate(inputs, scenario, issuance, horizon, n_paths, seed, method, out):
    """Simulate joint shocks to growth, inflation, land premium and rates; write fan charts and breach probabilities."""
    from finmodel.analysis import shock_model
    from finmodel.analysis.stochastic import BLOCK_PATHS
    from finmodel.analysis.stochastic import simulate as simulate_paths
    from finmodel.fiscal_year import label
    from finmodel.model.pipeline import run
    from finmodel.report import outdir
    from finmodel.report import stochastic as export
    from finmodel.report.finite import require_finite

    folder = outdir.prepare(out, [inputs])
    a = load_with_history(inputs, shock_model.HISTORY_TABLES, scenario=scenario, horizon=horizon, issuance=issuance)
    for w in a.warnings:
        click.echo(f"warning: {w}", err=True)
    history_dir = Path(inputs) / "history"
    model = shock_model.load(history_dir)
    n_blocks = -(-n_paths // BLOCK_PATHS)
    if sys.stderr.isatty():
        with click.progressbar(length=n_blocks, label=f"Simulating {n_paths:,} paths", file=sys.stderr) as bar:
            # Half the blocks run in a second process: each block done here stands for two.
            sim = simulate_paths(a, model, n_paths, seed, method, on_block=lambda b: bar.update(2), parallel=True)
    else:
        sim = simulate_paths(a, model, n_paths, seed, method, parallel=True)

    name = scenario or "baseline"
    options = {"inputs": str(inputs), "scenario": name, "issuance": issuance, "horizon": label(a.years[-1]),
               "paths": n_paths, "seed": seed, "method": method}
    base = run(a, scenario=name, options=options)
    record = export.summary(sim, model, a, options, shock_model.history_hashes(history_dir))
    require_finite(export.check_outputs(sim, record, base))
    out.mkdir(parents=True, exist_ok=True)
    from finmodel.analysis import parallel

    charts = parallel.start(lambda: export.write_charts(sim, a, out))
    written = export.write_csvs(sim, out)
    written.append(export.write_workbook(base, sim, model, out))
    written += charts()
    written.append(export.write_model(model, out))
    written.append(export.write_summary(record, out, folder.manifest(written + [out / "summary.json"])))
    click.echo(table(sim, model))
    click.echo(f"Wrote {len(written)} files to {out}")


def table(sim, model) -> str:
    """Per fiscal year: median and 10-90% range of debt-to-GDP and debt, breach probabilities."""
    from finmodel.analysis.stochastic import PERCENTILES
    from finmodel.fiscal_year import labels

    i = {p: n for n, p in enumerate(PERCENTILES)}
    r, d = sim.fan["debt_to_gdp_pct"], sim.fan["debt_hkd_bn"]
    band = f">{sim.band_high_pct:g}%"
    lines = [f"{sim.n_paths:,} paths, {sim.method} shocks from a VAR({model.lag_order}) on "
             f"{model.sample_years[0]}-{model.sample_years[-1]}, seed {sim.seed}",
             f"{'':9s}{'Debt/GDP %':>24s}{'Debt HK$ bn':>26s}{'P(' + band + ')':>16s}{'P(ceiling binds)':>18s}",
             f"{'':9s}{'median':>9s}{'10-90%':>15s}{'median':>9s}{'10-90%':>17s}{'year':>8s}{'by then':>8s}{'year':>9s}{'by then':>9s}"]
    for t, y in enumerate(labels(sim.years)):
        lines.append(f"{y:9s}{r[i[50], t]:9.2f}{r[i[10], t]:8.2f}-{r[i[90], t]:<6.2f}{d[i[50], t]:9.1f}"
                     f"{d[i[10], t]:9.1f}-{d[i[90], t]:<7.1f}{sim.p_above_band[t]:8.1%}{sim.p_above_band_cumulative[t]:8.1%}"
                     f"{sim.p_ceiling_binds[t]:9.1%}{sim.p_ceiling_binds_cumulative[t]:9.1%}")
    return "\n".join(lines)
