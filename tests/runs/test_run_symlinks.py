"""Never outside the folder: no link below a run folder is followed, whatever its run record says."""

import json
import os

from click.testing import CliRunner

from finmodel.cli import main
from tests.conftest import INPUTS


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _invoke(out, *extra):
    return CliRunner().invoke(main, ["project", "--inputs", str(INPUTS), "--out", str(out), *extra])


def test_a_linked_sub_folder_is_refused_and_what_it_points_at_is_untouched(tmp_path, copy_of_baseline_run):
    """charts/ a link to the user's folder, the record edited to list charts/thesis.docx: neither a --no-charts
    rerun (which would have removed the charts) nor a full one (which would have written 20 charts) touches it."""
    out, elsewhere = tmp_path / "out", tmp_path / "thesis"
    copy_of_baseline_run(out)   # as _invoke(out, "--no-charts") leaves it
    elsewhere.mkdir()
    (elsewhere / "thesis.docx").write_bytes(b"three years of work")
    (out / "charts").symlink_to(elsewhere, target_is_directory=True)
    record = json.loads((out / "summary.json").read_text())
    record["run"]["manifest"] = sorted(record["run"]["manifest"] + ["charts", "charts/thesis.docx"])
    record["run"]["input_sha256"]["macro.yaml"] = "0" * 64   # "made from other inputs": the old code removed their files
    (out / "summary.json").write_text(json.dumps(record))
    before = _snapshot(out)
    for extra in (["--no-charts"], []):
        r = _invoke(out, *extra)
        assert r.exit_code == 2, r.output
        assert f"holds symbolic links (charts -> {elsewhere})" in r.output, r.output
        assert "the folder is refused and nothing was written; remove the link or choose another folder" in r.output
        assert _snapshot(elsewhere) == {"thesis.docx": b"three years of work"}
        assert _snapshot(out) == before and (out / "charts").is_symlink()
    (out / "charts").unlink()
    r = _invoke(out, "--no-charts")
    assert r.exit_code == 0, r.output
    assert _snapshot(elsewhere) == {"thesis.docx": b"three years of work"}


def test_a_linked_file_is_refused_too(tmp_path, copy_of_baseline_run):
    out, victim = tmp_path / "out", tmp_path / "victim.csv"
    copy_of_baseline_run(out)   # as _invoke(out, "--no-charts") leaves it
    victim.write_text("the user's")
    (out / "projection.csv").unlink()
    (out / "projection.csv").symlink_to(victim)
    r = _invoke(out, "--no-charts")
    assert r.exit_code == 2 and f"holds symbolic links (projection.csv -> {victim})" in r.output, r.output
    assert victim.read_text() == "the user's"


def test_the_folders_own_path_may_pass_through_links(tmp_path):
    """As the temporary folder does on macOS (/tmp -> /private/tmp): the run goes where the path leads, the links stay."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    (real / "target").mkdir()
    (tmp_path / "named").symlink_to(real / "target", target_is_directory=True)
    for out in (tmp_path / "via" / "out", tmp_path / "named"):
        for _ in range(2):   # a first run, then a rerun replacing it
            r = _invoke(out, "--no-charts")
            assert r.exit_code == 0, r.output
            assert f"to {out}:" in r.output
    assert (real / "out" / "summary.json").is_file() and (real / "target" / "summary.json").is_file()
    assert (tmp_path / "via").is_symlink() and (tmp_path / "named").is_symlink()
    assert sorted(p.name for p in real.iterdir()) == [".out.lock", ".target.lock", "out", "target"]
