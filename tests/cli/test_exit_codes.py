"""One meaning per exit code (README "Exit codes"): 0 ok, 2 input or usage, 3 internal error, 4 a breach under
--fail-on-breach, 130 interrupted; and the smaller command-line fixes of the same issue (init, run names, records)."""

import os
import shutil

import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.cli.common import EXIT_BREACH, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED
from tests.conftest import INPUTS


def test_the_codes_are_distinct_and_as_documented():
    from tests.conftest import ROOT

    assert (EXIT_INPUT, EXIT_INTERNAL, EXIT_BREACH, EXIT_INTERRUPTED) == (2, 3, 4, 130)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |"):
        assert code in readme


def test_a_usage_error_exits_2():
    r = CliRunner().invoke(main, ["project", "--no-such-option"])
    assert r.exit_code == 2 and "No such option" in r.output


def _boom(*args, **kwargs):
    raise ZeroDivisionError("float division by zero")


def test_an_unexpected_exception_is_one_line_and_exit_3(monkeypatch):
    import finmodel.inputs.load

    monkeypatch.setattr(finmodel.inputs.load, "check", _boom)
    r = CliRunner().invoke(main, ["validate", "--inputs", str(INPUTS)])
    assert r.exit_code == 3
    assert "Traceback" not in r.output
    assert r.output.strip() == ("finmodel: internal error: ZeroDivisionError: float division by zero. This is a bug in "
                                "finmodel: please report it with the command that produced it (--debug shows the traceback).")
    debug = CliRunner().invoke(main, ["validate", "--inputs", str(INPUTS), "--debug"])
    assert isinstance(debug.exception, ZeroDivisionError)


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_exits_130_with_one_line(monkeypatch):
    import finmodel.inputs.load

    monkeypatch.setattr(finmodel.inputs.load, "check", _interrupt)
    r = CliRunner().invoke(main, ["validate", "--inputs", str(INPUTS)])
    assert r.exit_code == 130 and r.output.strip() == "finmodel: interrupted"


def test_ctrl_c_outside_a_command_body_exits_130_too(monkeypatch):
    """Raised before the guard runs (here: while click converts an option), the group still maps it to 130."""

    from finmodel.cli.validate import validate

    param = next(p for p in validate.params if p.name == "scenario")
    monkeypatch.setattr(param, "callback", _interrupt)
    r = CliRunner().invoke(main, ["validate", "--inputs", str(INPUTS)])
    assert r.exit_code == 130 and "interrupted" in r.output and "Aborted" not in r.output


def test_a_breach_under_fail_on_breach_exits_4_and_keeps_its_outputs(tmp_path):
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--issuance", "high", "--no-charts",
                                  "--out", str(tmp_path / "o"), "--fail-on-breach"])
    assert r.exit_code == 4, r.output
    assert (tmp_path / "o" / "summary.json").is_file()
    ok = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--no-charts", "--out", str(tmp_path / "p"), "--fail-on-breach"])
    assert ok.exit_code == 0, ok.output


# --- init ---------------------------------------------------------------------------------------------------------

def test_init_into_a_path_under_a_file_is_a_clean_error(tmp_path):
    (tmp_path / "file").write_text("x")
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path / "file" / "x")])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.output.startswith(f"finmodel: cannot read or write {tmp_path / 'file' / 'x'}: ")


def test_an_interrupted_history_copy_leaves_no_history_folder(tmp_path, monkeypatch):
    """Ctrl-C after the third table is copied: no half-copied history/ that a later init would keep."""
    copytree, calls = shutil.copytree, []

    def copy_then_interrupt(src, dst, **kw):
        calls.append(src)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return shutil.copy2(src, dst, **kw)

    monkeypatch.setattr(shutil, "copytree", lambda src, dst, **kw: copytree(src, dst, copy_function=copy_then_interrupt, **kw))
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(tmp_path / "o")])
    assert r.exit_code == 130
    assert not (tmp_path / "o" / "history").exists()
    assert [p.name for p in (tmp_path / "o").iterdir() if p.name.startswith(".history")] == []


def test_init_force_replaces_a_broken_history_folder(tmp_path):
    out = tmp_path / "o"
    (out / "history").mkdir(parents=True)
    (out / "history" / "hk_macro.csv").write_text("year\n")   # half a copy, as an interrupted init once left
    kept = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(out)])
    assert kept.exit_code == 0 and "--force replaces it" in kept.output
    r = CliRunner().invoke(main, ["init", "--inputs", str(INPUTS), "--out", str(out), "--force"])
    assert r.exit_code == 0, r.output
    for src in (INPUTS / "history").iterdir():
        assert (out / "history" / src.name).read_bytes() == src.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["finmodel_inputs.xlsx", "history"]


# --- run names and records ----------------------------------------------------------------------------------------

def test_a_250_digit_seed_gives_a_folder_name_within_limits():
    from finmodel.report.run_name import run_name

    options = {"inputs": "inputs", "scenario": None, "issuance": "central", "horizon": "2030-31", "paths": 1000,
               "seed": int("7" * 250), "method": "ec", "exclude_recalled": False, "parameter_uncertainty": False}
    name = run_name("simulate", options, default_horizon="2030-31")
    other = run_name("simulate", {**options, "seed": int("7" * 249 + "8")}, default_horizon="2030-31")
    assert len(name) < 100 and name.startswith("simulate_baseline_1000-paths_seed-777777777777_")
    assert name != other   # the hash of every option tells two long seeds apart
    assert run_name("simulate", {**options, "seed": 2026}, default_horizon="2030-31") == "simulate_baseline_1000-paths_seed-2026"


def test_a_summary_json_nested_too_deeply_is_not_a_finmodel_record(tmp_path):
    from finmodel.runs import folder as outdir

    out = tmp_path / "o"
    out.mkdir()
    (out / "summary.json").write_text("[" * 100_000 + "]" * 100_000)
    assert outdir._load(out / "summary.json") is None
    r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--no-charts", "--out", str(out)])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "RecursionError" not in r.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_validate_of_a_pipe_in_place_of_the_inputs_folder_names_it(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    r = CliRunner().invoke(main, ["validate", "--inputs", str(tmp_path / "pipe")])
    assert r.exit_code == 2 and "is a named pipe (FIFO)" in r.output
