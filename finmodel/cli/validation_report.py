"""`finmodel validation-report`: generate docs/validation.md (back-test and the Budget check)."""

from pathlib import Path

import click

from finmodel.cli.common import guard, parse_fiscal_year


@click.command("validation-report", short_help="Write docs/validation.md.")
@click.option("--inputs", "inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True, help="Inputs folder.")
@click.option("--seeds", "seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True,
              help="Folder holding budget_2026_27.yaml (the published figures).")
@click.option("--start", default=None, callback=parse_fiscal_year,
              help="First fiscal year of the back-test [default: the first year the history tables record pool A debt for].")
@click.option("--out", type=click.Path(path_type=Path), default=Path("docs") / "validation.md", show_default=True,
              help="Markdown file to write.")
@guard
def validation_report(inputs, seeds, start, out):
    """Write the validation report: back-test table and MAE, and the baseline against the Budget's figures."""
    from finmodel.analysis.validation import compute
    from finmodel.inputs.errors import InputError, Problem
    from finmodel.report.atomic import write_text
    from finmodel.runs import refuse_overlap
    from finmodel.report.validation_report import GENERATED_MARK, build_report

    refuse_overlap("--out", out, [inputs, seeds, inputs / "history"])
    if out.is_file() and GENERATED_MARK not in out.read_text(encoding="utf-8", errors="replace"):
        raise InputError([Problem("--out", "out", str(out), "exists and was not written by finmodel validation-report: "
                                                            "it is never overwritten; choose a new file or move it")])
    if not (seeds / "budget_2026_27.yaml").is_file():
        raise InputError([Problem(str(seeds / "budget_2026_27.yaml"), "", None, "file not found: the published Budget figures")])
    runs = compute(inputs_dir=inputs, history_dir=inputs / "history", start=start)
    text = build_report(runs, inputs_dir=inputs, seeds_dir=seeds)
    write_text(out, text)
    click.echo(f"Wrote {out}")
