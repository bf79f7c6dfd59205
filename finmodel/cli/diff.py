"""`finmodel diff RUN_A RUN_B`: what changed between two run folders of one configuration (inputs, figures, paths).

Not `compare`, which runs scenarios side by side: diff reads two finished runs, typically one made before and one
after new inputs (a monthly import, the next Budget) or a new version of finmodel.
"""

from pathlib import Path

import click

from finmodel.cli.common import guard, out_option, written_line


@click.command("diff", short_help="What changed between two run folders.")
@click.argument("run_a", type=click.Path(path_type=Path))
@click.argument("run_b", type=click.Path(path_type=Path))
@out_option("outputs/diff_<run A>_<hash>; see the README")
@guard
def diff(run_a, run_b, out):
    """Compare two run folders of the same configuration made from different inputs or versions: the input files that
    changed (by the run records' SHA-256, with the lines that changed when both versions are on disk), and every
    figure of the run record and cell of the CSV files that moved, by how much (CSV tables, a workbook, a summary)."""
    from finmodel.analysis.run_diff import diff_runs, read_run
    from finmodel.report.run_diff import publish_record, summary, write_diff
    from finmodel.report.run_name import canonical_path, options_hash
    from finmodel.runs import open_run

    a, b = read_run(run_a, "RUN_A"), read_run(run_b, "RUN_B")
    options = {"run_a": canonical_path(run_a), "run_b": canonical_path(run_b)}
    name = f"diff_{a.name}" if a.name == b.name else f"diff_{a.name}-vs-{b.name}"
    options = {"run": f"{name}_{options_hash('diff', options)}", **options}
    d = diff_runs(a, b)
    with open_run(out or Path("outputs") / options["run"], [run_a, run_b], run=options["run"], given=out is not None) as run:
        written, record = write_diff(d, run.staging, options["run"], options)
        publish_record(written[-1], record, run.manifest(written))
    click.echo("\n".join(summary(d)))
    click.echo(written_line(run.out, run.published(written)))
