"""CSV and JSON outputs of `finmodel sensitivity`.

sensitivity.csv (one row per case, baseline first), grid_gdp_land.csv (one row per financing
rule x growth shock x land change), land_financing_rules.csv, sensitivity_paths.csv
(debt-to-GDP by case and year) and sensitivity_run.json (model version, input hashes, options,
the historical-worst sizing, the buoyancy estimate and the manifest of the folder). 16
significant digits and formula-like text escaped, like tables.py.
"""

from finmodel.report.frame_files import check_frames, write_frames, write_record

RECORD = "sensitivity_run.json"


def frames(s) -> dict:
    """The CSV outputs by file name, with whether the index is written."""
    return {"sensitivity.csv": (s.cases, True), "grid_gdp_land.csv": (s.grid, False),
            "land_financing_rules.csv": (s.land_rules, True), "sensitivity_paths.csv": (s.paths, True),
            "sensitivity_by_rule.csv": (s.by_rule, True)}


def check_sensitivity(s) -> list:
    """Every non-finite number in the sensitivity tables and run record where one is expected."""
    return check_frames(frames(s), RECORD, s.record())


def write_sensitivity_tables(s, out_dir) -> list:
    """Write the CSV tables of a Sensitivity; return the paths written."""
    return write_frames(frames(s), out_dir)


def write_sensitivity_record(s, out_dir, manifest: list):
    """Write sensitivity_run.json with the manifest of every file of the folder finmodel wrote; return its path."""
    return write_record(s.record(), out_dir, RECORD, manifest)
