"""Process-wide settings (the garbage collector's thresholds, one BLAS thread, gc.freeze at exit) are the `finmodel`
command's alone: its entry point applies them; importing finmodel, its notebook API or running a command through
the click group (as a test or a notebook does) changes nothing in the process."""

import subprocess
import sys

from tests.conftest import INPUTS

PROBE = "import gc, os; print(gc.get_threshold(), os.environ.get('OPENBLAS_NUM_THREADS'))"


def _probe(code: str) -> str:
    env_code = "\n".join(["import os; os.environ.pop('OPENBLAS_NUM_THREADS', None)", code, PROBE])
    out = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True, check=True, cwd=INPUTS.parent)
    return out.stdout.strip().splitlines()[-1]


def test_importing_finmodel_and_running_through_the_api_or_the_group_changes_nothing():
    untouched = _probe("pass")
    assert _probe("import finmodel; finmodel.run(finmodel.load_inputs('inputs'))") == untouched
    assert _probe("from click.testing import CliRunner; from finmodel.cli import main; "
                  "r = CliRunner().invoke(main, ['project', '--no-charts', '--out', __import__('tempfile').mkdtemp()]); "
                  "assert r.exit_code == 0, r.output") == untouched


def test_the_command_entry_point_applies_them():
    from finmodel.cli.process import GC_THRESHOLDS

    line = _probe("import sys; sys.argv = ['finmodel', '--version']\n"
                  "from finmodel.cli import console\ntry:\n    console()\nexcept SystemExit:\n    pass\n")
    assert line == f"{GC_THRESHOLDS} 1"
