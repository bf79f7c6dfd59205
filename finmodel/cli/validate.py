"""`finmodel validate`: check every input (a folder or one of its files) and print every problem at once."""

import click

from finmodel.cli.common import guard, horizon_option, inputs_option, scenario_option


@click.command(short_help="Check every input and print every problem.")
@inputs_option
@scenario_option
@horizon_option
@guard
def validate(inputs, scenario, horizon):
    """Check every input (a folder, or one of its files) and print every problem at once."""
    from finmodel.inputs.load import check

    reported = check(inputs, scenario=scenario, horizon=horizon)
    for w in reported:
        click.echo(f"{w.severity}: {w}", err=True)
    notes = sum(w.severity == "note" for w in reported)
    tail = f", {notes} note(s)" if notes else ""
    click.echo(f"{inputs}: inputs are valid ({len(reported) - notes} warning(s){tail}).")
