"""`finmodel backtest`: roll debt and reserves forward from a past year with recorded flows and compare with the record."""

import os
from pathlib import Path

import click

from finmodel import fiscal_year, numbers

from finmodel.cli.common import guard, locate_history, out_option, parse_fiscal_year, written_line


@click.command(short_help="Back-test debt and reserves against the record.")
@click.option("--start", default=None, callback=parse_fiscal_year,
              help="First fiscal year: the back-test starts from its opening position (31 March before it) [default: the "
                   "first year the history tables record pool A debt for].")
@click.option("--history", "history_dir", type=click.Path(path_type=Path), default=None, callback=locate_history,
              show_default="history/ of ./inputs, else of the copy installed with finmodel",
              help="Folder of the historical reference tables.")
@out_option(f"outputs/<run>, e.g. outputs/backtest, backtest_from-{fiscal_year.example(-4)}; see the README")
@guard
def backtest(start, history_dir, out):
    """Back-test pool A debt and fiscal reserves against the record (table, chart, mean absolute error)."""
    from finmodel import fiscal_year
    from finmodel.analysis.backtest import record_start, run_backtest
    from finmodel.inputs import history
    from finmodel.report.backtest import write_backtest
    from finmodel.report.run_name import run_name
    from finmodel.runs import open_run

    if not os.path.lexists(history_dir):
        from finmodel.inputs import locate
        from finmodel.inputs.errors import InputError, Problem

        raise InputError([Problem(str(history_dir), "", None, locate.missing(history_dir, "history folder", "--history"))])
    first = record_start(root=history_dir)
    start = first if start is None else start
    options = {"start": fiscal_year.label(start), "history": str(history_dir)}
    options = {"run": run_name("backtest", options, default_horizon=fiscal_year.label(first)), **options}
    bt = run_backtest(start, root=history_dir)
    hashes = {k.removeprefix("history/"): v for k, v in history.hashes(history_dir, ("hk_fiscal_long", "hk_borrowing")).items()}
    with open_run(out or Path("outputs") / options["run"], [history_dir], run=options["run"], given=out is not None) as folder:
        written = folder.published(write_backtest(bt, folder.staging, options=options, input_hashes=hashes))
    click.echo(_table(bt.table()))
    for name, m in bt.mean_absolute_error().items():
        if m["years_compared"]:
            click.echo(f"Mean absolute error, {name}: {numbers.hkd_bn(m['mae_hkd_bn'])} ({numbers.pct(m['mae_pct'], 2)}) over "
                       f"{m['years_compared']} year{'s' if m['years_compared'] != 1 else ''}.")
    click.echo(f"Gaps in the record and how each is handled: see {written[0]} (flows_how, debt_recorded_how).")
    click.echo(written_line(folder.out, written))


def _table(t) -> str:
    """Back-test against the record by fiscal year: words over units, figures at the unit's precision, n/a where the
    record has no figure."""
    heads = [("Reserves", "model"), ("Reserves", "record"), ("Error", ""), ("Debt", "model"), ("Debt", "record"), ("Error", "")]
    units = ["HK$ bn", "HK$ bn", "%", "HK$ bn", "HK$ bn", "%"]
    cols = [("reserves_backtest_hkd_bn", 1), ("reserves_recorded_hkd_bn", 1), ("reserves_error_pct", 2),
            ("debt_backtest_hkd_bn", 1), ("debt_recorded_hkd_bn", 1), ("debt_error_pct", 2)]
    lines = [f"{'Fiscal':9s}" + "".join(f"{h:>10s}" for h, _ in heads), f"{'year':9s}" + "".join(f"{w:>10s}" for _, w in heads),
             f"{'':9s}" + "".join(f"{u:>10s}" for u in units)]
    for y, r in t.iterrows():
        lines.append(f"{y:9s}" + "".join(numbers.cell(r[c], d) for c, d in cols))
    return "\n".join(line.rstrip() for line in lines)
