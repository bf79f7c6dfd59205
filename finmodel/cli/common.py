"""What every command shares: exit codes, the error guard, the fiscal-year option parser and common options.

The group (`finmodel/cli/__init__.py`) and every command module import from here, so no command imports the group
module itself. Nothing heavy is imported at module level.
"""

import contextlib
import functools
import shutil
import sys
from pathlib import Path

import click

from finmodel import fiscal_year
from finmodel.translation import LANGUAGES

EXIT_OK = 0
EXIT_INPUT = 2         # bad input or usage (click's own usage errors exit 2 too)
EXIT_INTERNAL = 3      # an internal error: an unexpected exception, or an output that failed its last check
EXIT_BREACH = 4        # the model ran and a threshold was breached, with --fail-on-breach
EXIT_PARTIAL = 5       # batch: some rows of the case file did not run (listed); the others ran and were written
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report it: 128 + 2


class Context:
    """The group's context object: options every command sees."""

    def __init__(self, debug: bool):
        self.debug = debug


def _set_debug(ctx, param, value):
    """--debug given after the subcommand: the same switch as before it."""
    if value and ctx.obj is not None:
        ctx.obj.debug = True


def debug_option() -> click.Option:
    """The group's --debug, offered by every command too (`finmodel project --debug`)."""
    return click.Option(["--debug"], is_flag=True, expose_value=False, callback=_set_debug,
                        help="Show Python tracebacks for errors.")


def parse_fiscal_year(ctx, param, value):
    """click callback: a fiscal-year label such as 2030-31 -> its start year (a usage error otherwise)."""
    if value is None:
        return None
    from finmodel import fiscal_year

    try:
        return fiscal_year.parse(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: {exc}") from None


def fail_input(err):
    """Print every problem of an InputError (warnings first) and exit with code 2."""
    for w in err.warnings:
        click.echo(f"{w.severity}: {w}", err=True)
    click.echo(f"finmodel: {len(err.problems)} problem(s) {getattr(err, 'about', 'in the inputs')}:", err=True)
    for p in err.problems:
        click.echo(f"  {p}", err=True)
    sys.exit(EXIT_INPUT)


def fail_output(err):
    """Print an output that failed its last check (an internal error: nothing was written) and exit with code 3."""
    click.echo("finmodel: internal error: an output holds a value that is not a finite number where one is expected; "
               "nothing was written. Please report it with the command that produced it:", err=True)
    for line in str(err).splitlines():
        click.echo(f"  {line}", err=True)
    sys.exit(EXIT_INTERNAL)


def guard(fn):
    """Run a command with one meaning per exit code: input and file errors give a clean message and 2, an output that
    fails its check or any unexpected exception a one-line internal error and 3, Ctrl-C 130 (--debug re-raises).

    Each input file is read once while the command runs (`raw.read_once`), so what is hashed is what was used.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from finmodel.inputs.errors import InputError
        from finmodel.inputs.raw import read_once
        from finmodel.report.finite import OutputError

        ctx = click.get_current_context()
        debug = bool(ctx.obj and ctx.obj.debug)
        try:
            with read_once():
                return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            if debug:
                raise
            interrupted()
        except InputError as err:
            if debug:
                raise
            fail_input(err)
        except OutputError as err:
            if debug:
                raise
            fail_output(err)
        except OSError as err:
            if debug:
                raise
            target = f" {err.filename}" if err.filename else ""
            click.echo(f"finmodel: cannot read or write{target}: {err.strerror or err}", err=True)
            sys.exit(EXIT_INPUT)
        except Exception as err:  # noqa: BLE001 - the last resort: one line and exit 3, never a traceback without --debug
            if debug:
                raise
            fail_internal(err)

    return wrapper


def interrupted():
    """Ctrl-C: say so on one line and exit 130, as shells expect of a process stopped by SIGINT."""
    click.echo("\nfinmodel: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def fail_internal(err):
    """An unexpected exception: one line naming it, how to see more, and exit code 3."""
    text = next((line.strip() for line in str(err).splitlines() if line.strip()), "")[:300]
    click.echo(f"finmodel: internal error: {type(err).__name__}{': ' + text if text else ''}. This is a bug in finmodel: "
               "please report it with the command that produced it (--debug shows the traceback).", err=True)
    sys.exit(EXIT_INTERNAL)


def load_with_history(inputs, tables, **options):
    """Load the inputs and check the history tables a command reads: every problem of both in one InputError."""
    from finmodel.inputs import history
    from finmodel.inputs.errors import InputError
    from finmodel.model.pipeline import load_inputs

    problems, a = [], None
    try:
        a = load_inputs(inputs, **options)
    except InputError as err:
        problems += err.warnings + err.problems
    try:
        history.check(history.folder_of(inputs), tables)
    except InputError as err:
        problems += err.warnings + err.problems
    if problems:
        raise InputError(problems)
    return a


@contextlib.contextmanager
def progress(label: str, length: int, show: bool = True):
    """A progress bar on stderr while work runs: yields `advance(n=1)`; silent when stderr is not a terminal or show is False."""
    if not (show and sys.stderr.isatty()):
        yield lambda n=1: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_eta=False) as bar:
        yield lambda n=1: bar.update(n)


def status(message: str, show: bool = True) -> None:
    """One line on stderr about the next step of long work, on a terminal only (like the progress bars)."""
    if show and sys.stderr.isatty():
        click.echo(f"{message}...", err=True)


def written_line(out, paths, width: int | None = None) -> str:
    """The closing line: how many files were written to which folder, then each one relative to it.

    Files in a sub-folder are grouped (`charts/ (13 .png)`); the list is wrapped to the terminal (at most 100 columns),
    never inside an item.
    """
    n, body = _listing(out, paths, width)
    return f"Wrote {n} file{'s' if n != 1 else ''} to {out}:\n{body}"


def _listing(out, paths, width: int | None) -> tuple:
    """(number of files, the indented lines listing them, sub-folders grouped, wrapped to the terminal)."""
    out = Path(out)
    top, folders = [], {}
    for p in dict.fromkeys(Path(p) for p in paths):
        try:
            rel = p.relative_to(out)
        except ValueError:
            rel = p
        if len(rel.parts) > 1:
            folders.setdefault(rel.parts[0], []).append(rel.suffix or "file")
        else:
            top.append(rel.as_posix())
    for folder, kinds in folders.items():
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds))
        top.append(f"{folder}/ ({counts})")
    n = sum(len(k) for k in folders.values()) + len(top) - len(folders)
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
    lines = [""]
    for i, item in enumerate(top):
        item += "," if i < len(top) - 1 else ""
        if lines[-1] and len(lines[-1]) + 1 + len(item) > width - 2:
            lines.append("")
        lines[-1] += (" " if lines[-1] else "") + item
    return n, "\n".join("  " + line for line in lines)


def locate_inputs(ctx, param, value):
    """--inputs: the path given; without it, ./inputs when the working folder has one, else the copy installed with
    finmodel (`finmodel.inputs.locate`). A path given that is not there is reported by the reader, saying where it looked."""
    from finmodel.inputs import locate

    return locate.default_inputs() if value is None else value


def locate_history(ctx, param, value):
    """--history: the folder given; without it, the history/ of the default inputs (./inputs or the installed copy)."""
    from finmodel.inputs import locate

    return locate.default_inputs() / "history" if value is None else value


INPUTS_DEFAULT = "./inputs, else the copy installed with finmodel"
inputs_option = click.option("--inputs", "inputs", type=click.Path(path_type=Path), default=None, callback=locate_inputs,
                             show_default=INPUTS_DEFAULT,
                             help="Inputs folder, or an inputs workbook (.xlsx) written by finmodel init (validate also takes one input file).")


def scenario_option(fn):
    """--scenario NAME_OR_PATH (repeatable: applied in order) and --later-wins, given to the command as one `scenario`:
    None or a `finmodel.inputs.scenarios.Stack`. `--scenario baseline` is the run without a scenario."""

    @functools.wraps(fn)
    def wrapper(*args, scenario=(), later_wins=False, **kwargs):
        from finmodel.inputs.scenarios import stack_of

        stack = stack_of(list(scenario))
        return fn(*args, scenario=type(stack)(stack.specs, later_wins) if stack.specs else None, **kwargs)

    wrapper = click.option("--later-wins", is_flag=True,
                           help="When stacked scenarios set the same input, the later one wins (otherwise that is an error).")(wrapper)
    return click.option("--scenario", "scenario", multiple=True, metavar="NAME_OR_PATH",
                        help="Scenario overriding the baseline: a name in the inputs folder's scenarios/ (low_land) or the path "
                             "of a .yaml file anywhere; repeat it (or write a+b) to stack scenarios, applied in order "
                             "(baseline: none).")(wrapper)


def input_options(inputs, scenario, a) -> dict:
    """The options that say what a run read: the inputs (and whether given, ./inputs or the installed copy), the
    scenario (the files joined by `+`; `baseline`: none), whether a later scenario may override an earlier one, and
    each scenario file in the order applied with its SHA-256 (a: the loaded Assumptions, whose hashes are as read)."""
    from finmodel.inputs import locate, scenarios

    given = click.get_current_context().get_parameter_source("inputs") not in (None, click.core.ParameterSource.DEFAULT)
    root = None if Path(inputs).suffix.lower() == ".xlsx" else inputs
    files, _ = scenarios.resolve(root, scenario)
    return {"inputs": str(inputs), "inputs_from": locate.inputs_from(inputs, given), "scenario": scenarios.label(files),
            "later_wins": scenarios.stack_of(scenario).later_wins,
            "scenario_files": [{"path": f.shown, "sha256": a.input_hashes.get(f.shown)} for f in files]}


horizon_option = click.option("--horizon", default=None, callback=parse_fiscal_year,
                              help=f"Last fiscal year, e.g. {fiscal_year.example(24)} [default: the last year of the Medium Range Forecast, "
                                   "read from the inputs].")
no_charts_option = click.option("--no-charts", is_flag=True, help="Skip the charts (PNG and SVG) and, for project, the brief.")
lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
                           help="The brief's language (brief.html, brief.pdf): English or Traditional Chinese for Hong Kong; "
                                "the workbook, tables and charts stay English.")


def require_cjk_font():
    """Exit 2 with what to install when no Chinese font is found (before anything is written)."""
    from finmodel.report.brief.cjk import FontMissing, require_font

    try:
        require_font()
    except FontMissing as exc:
        click.echo(f"finmodel: {exc}", err=True)
        sys.exit(EXIT_INPUT)


def issuance_option(help_text="Which issuance plan to follow."):
    return click.option("--issuance", type=click.Choice(["low", "central", "high"]), default="central", show_default=True,
                        help=help_text)


def out_option(default_text):
    return click.option("--out", type=click.Path(path_type=Path), default=None, help=f"Output folder [default: {default_text}].")
