"""Command-line interface: thin wiring from options to the API, exporters and exit codes.

Exit codes (`cli/common.py`, README "Exit codes"): 0 success; 2 bad input or usage; 3 internal error;
4 a threshold breached with --fail-on-breach; 5 (batch) some rows of the case file did not run; 130 interrupted
(Ctrl-C). No traceback unless --debug is given.
Heavy libraries (numpy, pandas, matplotlib, openpyxl) are imported inside the commands.
"""

import click

from finmodel.cli.common import Context, debug_option, interrupted
from finmodel.version import __version__


class Group(click.Group):
    """The finmodel group: Ctrl-C anywhere exits 130 with one line (click's own default is "Aborted!" and 1)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if ctx.obj is not None and ctx.obj.debug:
                raise
            interrupted()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="finmodel")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx, debug):
    """finmodel: Hong Kong government debt projections against the borrowing ceiling and the Budget's debt-to-GDP band."""
    ctx.obj = Context(debug)


def _register_commands():
    """Attach the commands, one module each in finmodel/cli (each imports its heavy libraries lazily), each taking --debug too."""
    from finmodel.cli.backtest import backtest
    from finmodel.cli.batch import batch
    from finmodel.cli.compare import compare
    from finmodel.cli.diff import diff
    from finmodel.cli.fit import fit
    from finmodel.cli.init import init
    from finmodel.cli.monthly import monthly
    from finmodel.cli.project import project
    from finmodel.cli.sensitivity import sensitivity
    from finmodel.cli.simulate import simulate
    from finmodel.cli.solve import solve
    from finmodel.cli.validate import validate
    from finmodel.cli.validation_report import validation_report

    for command in (project, validate, init, fit, sensitivity, solve, compare, simulate, batch, backtest, validation_report,
                    diff, monthly, *monthly.commands.values()):
        command.params.append(debug_option())
    for command in (project, validate, init, fit, sensitivity, solve, compare, simulate, batch, backtest, validation_report, diff, monthly):
        main.add_command(command)


_register_commands()


def console() -> None:
    """The `finmodel` command's entry point (and `python -m finmodel`'s): the process-wide settings of
    `finmodel.cli.process`, then the command group. Only here: importing finmodel changes nothing in the process."""
    from finmodel.cli import process

    process.apply()
    main(prog_name="finmodel")
