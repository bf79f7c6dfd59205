"""CSV and JSON outputs of `finmodel sensitivity`.

sensitivity.csv (one row per case, baseline first), grid_gdp_land.csv (one row per financing
rule x growth shock x land change), land_financing_rules.csv, sensitivity_paths.csv
(debt-to-GDP by case and year) and sensitivity_run.json (model version, input hashes, options,
the historical-worst sizing and the buoyancy estimate). 16 significant digits, like tables.py.
"""

import json

from finmodel.report.atomic import write_text


def _csv(df, index=True) -> str:
    return df.to_csv(lineterminator="\n", float_format="%.16g", index=index)


def write_sensitivity_tables(s, out_dir) -> list:
    """Write the tables of a Sensitivity; return the paths written."""
    files = {
        "sensitivity.csv": _csv(s.cases),
        "grid_gdp_land.csv": _csv(s.grid, index=False),
        "land_financing_rules.csv": _csv(s.land_rules),
        "sensitivity_paths.csv": _csv(s.paths),
        "sensitivity_run.json": json.dumps(s.record(), indent=2, sort_keys=True, default=_jsonable) + "\n",
    }
    written = []
    for name, text in files.items():
        write_text(out_dir / name, text)
        written.append(out_dir / name)
    return written


def _jsonable(x):
    if hasattr(x, "item"):
        return x.item()
    return str(x)
