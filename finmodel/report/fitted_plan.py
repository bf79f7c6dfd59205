"""The fitted Budget plan as YAML text (`inputs/fitted_plan.yaml`): what `finmodel fit` writes.

Numbers are written with every digit Python needs to read them back exactly (repr), so a run that
holds the written paths gives the same bytes as the fit that found them. The text depends only on
the record (the fit's date is in the record), so the same inputs and date give the same file.
"""

import json

HEADER = """\
# The Budget plan's fitted paths: what the Budget does not publish (gross issuance, non-works
# capital spending, the unidentified measures), solved against what it does (budget_plan.yaml).
# Written by `finmodel fit`; every other command reads these paths and holds them (nothing refits),
# so a run on edited inputs or a scenario is a what-if on this plan. Rerun `finmodel fit` after
# changing the inputs or the published targets to re-solve the plan; a run whose inputs differ from
# those recorded under inputs_read warns and names the files.
#   fitted_on    the date `finmodel fit` ran (data: runs never read the clock)
#   method       the solver; message, converged and evaluations: what it reported
#   parameters   the fitted straight lines (a level and a slope per path, methodology section 3)
#   inputs_read  SHA-256 of the numbers and choices of each file the fit read (not units, sources or comments)
#   paths        HK$ bn by fiscal year: the data every run holds
#   targets      every fitted target: its interval (null: open) and the fit's value (the residuals)
#   gap_range    the gap the Budget does not itemise under each reading of the published statements
#                (budget_plan.yaml gap_readings), the central one named (finmodel.model.plan_checks)
#   leave_one_out  each fitted statement left out in turn: where the refit lands against it (met or missed, by how much)
"""


def to_yaml(record: dict) -> str:
    """The record of `finmodel.model.fitted.solve` as the text of fitted_plan.yaml."""
    lines = [HEADER.rstrip("\n")]
    for key in ("fitted_on", "method", "message"):
        lines.append(f"{key}: {yaml_scalar(record[key])}")
    lines.append(f"converged: {'true' if record['converged'] else 'false'}")
    lines.append(f"evaluations: {int(record['evaluations'])}")
    lines.append("parameters:")
    lines += [f"  {name}: {yaml_scalar(v)}" for name, v in record["parameters"].items()]
    lines.append("inputs_read:")
    lines += [f"  {name}: {yaml_scalar(v)}" for name, v in record["inputs_read"].items()]
    lines.append("paths:")
    for name, values in record["paths"].items():
        lines.append(f"  {name}: {{" + ", ".join(f'"{y}": {yaml_scalar(v)}' for y, v in values.items()) + "}")
    lines.append("targets:")
    for t in record["targets"]:
        lines.append("  - {" + ", ".join(f"{k}: {yaml_scalar(t[k])}" for k in ("key", "low", "high", "model", "met")) + "}")
    if "gap_range" in record:
        g = record["gap_range"]
        lines += ["gap_range:", f"  central: {yaml_scalar(g['central'])}", f"  argument: {yaml_scalar(g['argument'])}", "  readings:"]
        lines += ["    - " + _flow(r) for r in g["readings"]]
    if "leave_one_out" in record:
        lines.append("leave_one_out:")
        lines += ["  - " + _flow(r) for r in record["leave_one_out"]]
    return "\n".join(lines) + "\n"


def _flow(item: dict) -> str:
    """A mapping on one line in YAML's flow style (a nested mapping's keys quoted: "2027-28"), numbers with every digit."""
    return "{" + ", ".join(f"{k}: " + ("{" + ", ".join(f"{yaml_scalar(y)}: {yaml_scalar(x)}" for y, x in v.items()) + "}"
                                        if isinstance(v, dict) else yaml_scalar(v)) for k, v in item.items()) + "}"


def yaml_scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)
