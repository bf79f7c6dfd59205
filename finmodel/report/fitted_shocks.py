"""The shock scale fitted to the forecast record as YAML text (`inputs/fitted_shocks.yaml`): what `finmodel fit` writes.

Numbers are written with every digit Python needs to read them back exactly (repr; NaN as `.nan`), so a run
that reads the stored fit finds the scale and grid it would have fitted itself, bit for bit.
"""

import math

from finmodel.report.fitted_plan import yaml_scalar

HEADER = """\
# The scale on the shocks fitted to the Government's forecast record (docs/stochastic.md, "Calibration").
# Written by `finmodel fit`. `finmodel simulate` uses it when its calibration rests on the same key (model
# version, the calibration's seed, paths and scales, the shock model's options, the SHA-256 of every input file
# and history table it read); otherwise it fits the scale itself, the same way: on the machine and libraries that
# wrote this file with the same result, bit for bit, so here it saves time and changes no figure (elsewhere a
# fresh fit can differ by a step of 0.05; this file gives every machine the same scale). A scale, target or words
# edited by hand stop the run. Rerun finmodel fit after editing the inputs or updating finmodel.
#   fitted_on    the date `finmodel fit` ran
#   key          what the fit rests on
#   calibration  the scale chosen, which target it meets and why, and the coverage at every scale tried (grid:
#                scale, 80% and 50% band coverage of the five-year reserves errors, the same of the one-year
#                balance errors, %, errors with their mean removed)
"""


def to_yaml(calibration, key: dict, fitted_on: str) -> str:
    """A `record_coverage.Calibration` fitted on `key` as the text of fitted_shocks.yaml."""
    lines = [HEADER.rstrip("\n"), f"fitted_on: {yaml_scalar(fitted_on)}", "key:"]
    for name, value in key.items():
        if isinstance(value, dict):
            lines.append(f"  {name}:")
            lines += [f"    {yaml_scalar(k)}: {yaml_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"  {name}: {_value(value)}")
    lines += ["calibration:", f"  scale: {_number(calibration.scale)}", f"  winner: {yaml_scalar(calibration.winner)}",
              f"  explanation: {yaml_scalar(calibration.explanation)}", f"  paths: {int(calibration.paths)}",
              f"  admissible_5y: {_value(calibration.admissible_5y)}", f"  admissible_1y: {_value(calibration.admissible_1y)}",
              "  grid:"]
    lines += [f"    - {_value(row)}" for row in calibration.grid]
    return "\n".join(lines) + "\n"


def _value(v) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, float):
        return _number(v)
    return yaml_scalar(v)


def _number(x) -> str:
    x = float(x)
    return ".nan" if math.isnan(x) else repr(x)
