"""`finmodel validate`: check every input (a folder or one of its files) and print every problem at once."""

import click

from finmodel.cli.common import guard, horizon_option, inputs_option, scenario_option


@click.command()
@inputs_option
@scenario_option
@horizon_option
@guard
def validate(inputs, scenario, horizon):
    """Check every input (a folder, or one of its files) and print every problem at once."""
    from finmodel.inputs.load import check

    warnings = check(inputs, scenario=scenario, horizon=horizon)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    click.echo(f"{inputs}: inputs are valid ({len(warnings)} warning(s)).")
