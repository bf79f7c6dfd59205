"""The Budget plan's fitted paths are data: `finmodel fit` writes them, every run holds them, nothing refits."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from finmodel.cli import main
from finmodel.inputs.errors import InputError
from finmodel.inputs.fitted_plan import FILE_NAME
from finmodel.inputs.load import read_inputs
from finmodel.model.engine import project
from finmodel.model.pipeline import load_inputs

SHIPPED = Path("inputs")
FIT_DATE = "2026-12-06"   # the date recorded in the shipped inputs/fitted_plan.yaml


def _copy(tmp_path) -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("history", "scenarios"))
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _fit(root, date=FIT_DATE):
    return CliRunner().invoke(main, ["fit", "--inputs", str(root), "--date", date])


def _reserves_end(a) -> float:
    return float(project(a).fiscal_reserves_hkd_bn[0, -1])


def test_fit_on_the_shipped_inputs_gives_the_shipped_paths_and_the_same_bytes_twice(tmp_path):
    """The shipped fitted plan is current: refitting the shipped inputs gives its paths and digests; a fit is reproducible."""
    root = _copy(tmp_path)
    (root / FILE_NAME).unlink()
    result = _fit(root)
    assert result.exit_code == 0, result.output
    assert "9 of 9 fitted targets met" in result.output
    first = (root / FILE_NAME).read_bytes()
    assert _fit(root).exit_code == 0 and (root / FILE_NAME).read_bytes() == first
    new, shipped = (read_inputs(r).files[FILE_NAME].data for r in (root, SHIPPED))
    assert new["inputs_read"] == shipped["inputs_read"] and new["fitted_on"] == shipped["fitted_on"]
    for name, values in shipped["paths"].items():
        np.testing.assert_allclose(list(new["paths"][name].values()), list(values.values()), atol=1e-6, err_msg=name)


def test_an_older_workbook_without_the_fitted_plan_names_the_sheet_and_fit(tmp_path):
    import openpyxl

    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["init", "--out", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out / "finmodel_inputs.xlsx")
    del wb["Fitted plan"]
    wb.save(tmp_path / "old.xlsx")
    result = CliRunner().invoke(main, ["project", "--inputs", str(tmp_path / "old.xlsx"), "--out", str(tmp_path / "o"), "--no-charts"])
    assert result.exit_code == 2
    assert "sheet 'Fitted plan': not found" in result.output and "finmodel fit --inputs" in result.output


def test_held_paths_are_the_published_plan(baseline):
    """The shipped fitted file gives the Budget baseline: issuance 202.4 ... 166.9, measures 142.1 in all."""
    k = slice(2, 6)
    np.testing.assert_allclose(baseline.issuance_plan_hkd_bn[k], [202.383946, 190.546932, 178.709918, 166.872904], atol=1e-6)
    assert float(np.sum(baseline.unidentified_measures_hkd_bn[k])) == pytest.approx(142.127489, abs=1e-6)
    assert baseline.fit["fitted_on"] == FIT_DATE and baseline.fit["stale_inputs"] == []
    assert not [w for w in baseline.warnings if "fitted" in w.allowed]


def test_project_never_refits_an_edited_target_until_fit_runs(tmp_path, baseline):
    """Editing a published target leaves every number unchanged (and warns, naming `finmodel fit`); fit then moves them."""
    root = _copy(tmp_path)
    _replace(root / "budget_plan.yaml", 'values: {"2026-27": 14.4, "2030-31": 19.9}', 'values: {"2026-27": 14.4, "2030-31": 19.5}')
    held = load_inputs(root)
    np.testing.assert_array_equal(held.issuance_plan_hkd_bn, baseline.issuance_plan_hkd_bn)
    np.testing.assert_array_equal(project(held).debt_to_gdp_pct, project(baseline).debt_to_gdp_pct)
    stale = [w for w in held.warnings if w.where.endswith(FILE_NAME)]
    assert len(stale) == 1 and "budget_plan.yaml" in str(stale[0]) and "finmodel fit" in str(stale[0])
    assert held.fit["stale_inputs"] == ["budget_plan.yaml"]
    result = _fit(root)
    assert result.exit_code == 0, result.output
    refitted = load_inputs(root)
    assert float(project(refitted).debt_to_gdp_pct[0, 5]) == pytest.approx(19.5, abs=1e-6)
    assert not [w for w in refitted.warnings if w.where.endswith(FILE_NAME)]


def test_a_fit_that_needs_negative_spending_is_refused_and_nothing_written(tmp_path):
    """Land premium flat at 17.5 from 2026-27: meeting the targets would need non-works capital spending of -20.25."""
    root = _copy(tmp_path)
    _replace(root / "fiscal.yaml", 'values: {"2025-26": 17.5, "2026-27": 18.0}',
             'values: {"2025-26": 17.5, "2026-27": 17.5, "2027-28": 17.5, "2028-29": 17.5, "2029-30": 17.5, "2030-31": 17.5}')
    before = (root / FILE_NAME).read_bytes()
    result = _fit(root)
    assert result.exit_code == 2
    assert "other_capital_hkd_bn) 2030-31 = -20.25: at least 0 HK$ bn (a fit that needs negative spending is refused)" in result.output
    assert "nothing written" in result.output
    assert (root / FILE_NAME).read_bytes() == before
    # the run holds the plan instead: the same what-if as a scenario file, reserves 582.1 at 31 March 2031
    assert _reserves_end(load_inputs(root)) == pytest.approx(582.1, abs=0.05)


def test_without_a_fitted_plan_project_refuses_and_names_fit(tmp_path):
    root = _copy(tmp_path)
    (root / FILE_NAME).unlink()
    with pytest.raises(InputError) as err:
        load_inputs(root)
    assert "fitted_plan.yaml: not found" in str(err.value) and "finmodel fit --inputs" in str(err.value)
    assert "gross issuance" in str(err.value)
    result = CliRunner().invoke(main, ["validate", "--inputs", str(root)])
    assert result.exit_code == 2 and "finmodel fit" in result.output


def test_a_hand_edited_negative_path_is_refused_at_load(tmp_path):
    root = _copy(tmp_path)
    line = next(x for x in (root / FILE_NAME).read_text(encoding="utf-8").splitlines() if "other_capital_hkd_bn: {" in x)
    value = line.rsplit('"2030-31": ', 1)[1].rstrip("}")   # the shipped fit's figure, whatever its last digits
    _replace(root / FILE_NAME, f'"2030-31": {value}', '"2030-31": -5.0')
    with pytest.raises(InputError) as err:
        load_inputs(root)
    assert "paths.other_capital_hkd_bn[2030-31]" in str(err.value) and "-5.0" in str(err.value)


def test_a_fitted_file_missing_a_year_is_refused(tmp_path):
    root = _copy(tmp_path)
    line = next(x for x in (root / FILE_NAME).read_text(encoding="utf-8").splitlines() if "unidentified_measures_hkd_bn: {" in x)
    first = line.split("{", 1)[1].split(", ", 1)[0]   # the shipped fit's 2027-28 entry, whatever its last digits
    _replace(root / FILE_NAME, first + ", ", "")
    with pytest.raises(InputError) as err:
        load_inputs(root)
    assert "paths.unidentified_measures_hkd_bn" in str(err.value) and "2027-28" in str(err.value)


def test_init_workbook_carries_the_fitted_plan_and_fit_rewrites_it(tmp_path, baseline):
    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["init", "--out", str(out)]).exit_code == 0
    book = out / "finmodel_inputs.xlsx"
    a = load_inputs(book)
    np.testing.assert_array_equal(a.issuance_plan_hkd_bn, baseline.issuance_plan_hkd_bn)
    np.testing.assert_array_equal(a.unidentified_measures_hkd_bn, baseline.unidentified_measures_hkd_bn)
    assert a.fit["stale_inputs"] == []      # the workbook's numbers are the folder's: the same digests
    result = _fit(book)
    assert result.exit_code == 0, result.output
    again = load_inputs(book)
    np.testing.assert_allclose(again.issuance_plan_hkd_bn, baseline.issuance_plan_hkd_bn, atol=1e-9)


def test_fit_replaces_an_unreadable_fitted_plan(tmp_path):
    root = _copy(tmp_path)
    (root / FILE_NAME).write_text("paths: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_inputs(root)
    assert _fit(root).exit_code == 0
    assert load_inputs(root).fit["stale_inputs"] == []
