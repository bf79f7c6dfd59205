"""CLI details: --debug on either side of the subcommand, help within 80 columns, progress bars on a terminal only."""

import click.testing
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from tests.conftest import INPUTS

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_debug_after_its_name(command):
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0 and "--debug" in r.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_before_or_after_the_subcommand(where, tmp_path):
    args = ["project", "--inputs", str(INPUTS), "--scenario", "no_such", "--out", str(tmp_path / "o")]
    r = CliRunner().invoke(main, ["--debug", *args] if where == "before" else [*args, "--debug"])
    assert isinstance(r.exception, InputError) and "no_such" in str(r.exception)
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 2 and "Traceback" not in plain.output and "no_such" in plain.output


@pytest.mark.parametrize("command", ["solve", "compare", "sensitivity", "simulate", "backtest", "init"])
def test_debug_after_the_subcommand_reaches_every_error_guard(command, tmp_path):
    bad = tmp_path / "missing"
    args = {"compare": ["compare", "baseline", "--inputs", str(bad)], "backtest": ["backtest", "--history", str(bad)],
            "init": ["init", "--inputs", str(bad), "--out", str(tmp_path / "o")]}.get(command, [command, "--inputs", str(bad)])
    r = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "o"), "--debug"] if command != "init" else [*args, "--debug"])
    assert r.exception is not None and not isinstance(r.exception, SystemExit), r.output
    plain = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "o")] if command != "init" else args)
    assert plain.exit_code == 2 and "Traceback" not in plain.output


@pytest.mark.parametrize("args", [["--help"], *([c, "--help"] for c in COMMANDS)])
def test_help_fits_80_columns_and_cuts_nothing_off(args):
    r = CliRunner().invoke(main, args, terminal_width=80)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    too_long = [line for line in lines if len(line) > 80]
    assert not too_long, too_long
    if args == ["--help"]:
        listed = lines[lines.index("Commands:") + 1:]
        assert sorted(line.split()[0] for line in listed) == COMMANDS
        assert not [line for line in listed if line.rstrip().endswith("...")], listed


@pytest.fixture
def terminal(monkeypatch):
    """CliRunner's stderr reports itself as a terminal, as a console's would."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)


def _sensitivity(tmp_path):
    return CliRunner().invoke(main, ["sensitivity", "--inputs", str(INPUTS), "--out", str(tmp_path / "s"), "--no-charts",
                                     "--gdp", "-1:1:1", "--land", "0:10:10"])


def test_sensitivity_and_solve_show_a_bar_on_a_terminal(tmp_path, terminal):
    r = _sensitivity(tmp_path)
    assert r.exit_code == 0, r.output
    assert "Sensitivity cases and grid" in r.stderr and "100%" in r.stderr
    assert "Sensitivity cases and grid" not in r.stdout
    r = CliRunner().invoke(main, ["solve", "--inputs", str(INPUTS), "--out", str(tmp_path / "g")])
    assert r.exit_code == 0, r.output
    assert "Goal-seeking" in r.stderr and "100%" in r.stderr


def test_no_bar_when_output_is_not_a_terminal(tmp_path):
    r = _sensitivity(tmp_path)
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    r = CliRunner().invoke(main, ["solve", "--inputs", str(INPUTS), "--out", str(tmp_path / "g")])
    assert r.exit_code == 0 and r.stderr == ""


def test_simulate_shows_a_bar_only_for_long_runs_on_a_terminal(tmp_path, terminal, monkeypatch):
    from finmodel.cli import simulate

    args = ["simulate", "--inputs", str(INPUTS), "--paths", "5000", "--seed", "1", "--no-charts"]
    short = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert short.exit_code == 0 and short.stderr == ""          # 5,000 paths: below the threshold
    monkeypatch.setattr(simulate, "BAR_ABOVE_PATHS", 4000)
    long = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b")])
    assert long.exit_code == 0, long.output
    assert "Simulating 5,000 paths" in long.stderr and "100%" in long.stderr
    assert f"Writing the outputs to {tmp_path / 'b'}..." in long.stderr
    assert (tmp_path / "a" / "fan.csv").read_bytes() == (tmp_path / "b" / "fan.csv").read_bytes()
