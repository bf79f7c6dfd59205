"""Shared fixtures (the shipped baseline, loaded once per session) and the hypothesis profiles.

Profiles: "ci" (the default) is derandomised: every run draws the same examples, so the suite
passes or fails the same way on every machine and never at random. "seeded" draws at random
from the seed given with `--hypothesis-seed=N` (used when one is given, so that a seed can be
replayed and the suite checked under many seeds); "dev" draws at random and remembers failing
examples in `.hypothesis/` (not in git). `--hypothesis-profile NAME` chooses one explicitly.

`--accept-golden` rewrites the golden files in `tests/golden/` from the current code (an intended
change; review the diff before committing). Tests that need LibreOffice, Chromium or poppler skip
without them, and fail under CI=true; the run's last line names what to install (`tests/tools.py`).
"""

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.tools import pytest_terminal_summary  # noqa: F401  (the hook: one line naming the missing packages)

pytest_plugins = ["pytester"]

settings.register_profile("ci", derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("seeded", derandomize=False, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", derandomize=False, print_blob=True)

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def baseline():
    from finmodel.model.pipeline import load_inputs

    return load_inputs(INPUTS)


@pytest.fixture(scope="session")
def baseline_results(baseline):
    from finmodel.model.pipeline import run

    return run(baseline)


def _project_runs(tmp_path_factory, worker_id: str, name: str, runs: tuple, *extra: str) -> list:
    """[(folder, what it printed)] for `finmodel project --inputs <the shipped inputs> --out <folder> *extra`, one per
    name in `runs`, made once in the whole test run: under pytest-xdist the first worker to need them makes them
    in the folder its workers share (their base temporary folder's parent, as pytest-xdist documents) while holding
    a file lock, and the others read them there."""
    from click.testing import CliRunner
    from filelock import FileLock

    from finmodel.cli import main

    shared = worker_id != "master"
    root = tmp_path_factory.getbasetemp().parent / name if shared else tmp_path_factory.mktemp(name)
    printed = root / "printed.json"
    with FileLock(str(root) + ".lock") if shared else contextlib.nullcontext():
        if not printed.is_file():
            made = {}
            for run in runs:
                r = CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(root / run), *extra])
                assert r.exit_code == 0, r.output
                made[run] = r.output
            printed.write_text(json.dumps(made), encoding="utf-8")
    made = json.loads(printed.read_text(encoding="utf-8"))
    return [(root / run, made[run]) for run in runs]


@pytest.fixture(scope="session")
def full_project_runs(tmp_path_factory, worker_id):
    """Two `finmodel project` runs of the shipped inputs with every output, into two folders: [(folder, what it printed)].

    For the tests that only read a full run's files (charts, brief, listing), so that the suite draws
    a full run's charts twice in all rather than once per test. Tests must not change these folders.
    """
    return _project_runs(tmp_path_factory, worker_id, "full_project", ("first", "second"))


@pytest.fixture(scope="session")
def baseline_run(tmp_path_factory, worker_id):
    """One `finmodel project --inputs <the shipped inputs> --no-charts` run: its folder. Read only.

    A test whose subject is what a later run does to a folder the baseline run left copies it (`copy_of_baseline_run`):
    the run's files are the same bytes whatever the folder is called, so the copy is the folder that test's own first
    run would have left, without running it again.
    """
    return _project_runs(tmp_path_factory, worker_id, "baseline_run", ("run",), "--no-charts")[0][0]


@pytest.fixture
def copy_of_baseline_run(baseline_run):
    """copy(to): `to` as `finmodel project --inputs <the shipped inputs> --out to --no-charts` leaves it."""

    def copy(to: Path) -> Path:
        shutil.copytree(baseline_run, to)
        return to

    return copy


def pytest_addoption(parser):
    parser.addoption("--accept-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current code instead of comparing with it")


@pytest.fixture(scope="session")
def accept_golden(request) -> bool:
    """True when the run was started with --accept-golden."""
    return request.config.getoption("accept_golden")


def pytest_configure(config):
    """Load the "ci" profile, or "seeded" when --hypothesis-seed is given (unless --hypothesis-profile names one)."""
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("seeded" if config.getoption("hypothesis_seed", None) is not None else "ci")


def pytest_report_header(config):
    seed = config.getoption("hypothesis_seed", None)
    return f"finmodel hypothesis profile: {settings.get_current_profile_name()}" + (f", seed {seed}" if seed is not None else
                                                                           " (derandomised: the same examples every run)")
