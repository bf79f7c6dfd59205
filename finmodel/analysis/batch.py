"""`finmodel batch`: every case of a case file run on the held fitted paths, as few engine calls as the cases allow.

Each case is what a scenario file with the same overrides would be (`finmodel.inputs.cases` reads the
file; each row is validated as a scenario over the run's inputs, so its problems are the scenario's,
placed on the row's cells). Cases are grouped by financing rule and issuance plan; a case whose inputs
differ from its group's only in lines the engine takes per path (`batch_channels`) is one path of its
group's single engine call; any other case is calibrated on itself and run alone, as `finmodel project
--scenario` would run it. Nothing is refitted: every case holds the Budget plan's fitted paths.
The baseline (the run's inputs, rule and plan, no case) comes first; every change is from it.
"""

from dataclasses import dataclass, field, replace

import numpy as np

from finmodel import fiscal_year
from finmodel.analysis import batch_channels as ch
from finmodel.analysis.sensitivity.batch import CHANGES, METRICS, metrics
from finmodel.inputs.assumptions import Assumptions
from finmodel.inputs.cases import BadCell, CaseFile, CaseRow
from finmodel.inputs.errors import InputError
from finmodel.inputs.raw import InputFile, RawInputs
from finmodel.inputs.schema import BY_NAME
from finmodel.inputs.validation import validate
from finmodel.model import long_run, verdicts
from finmodel.model.calibration import calibrate
from finmodel.model.engine import Shocks, project, reserves_path
from finmodel.model.pipeline import adopt
from finmodel.version import __version__

BASELINE = "baseline"
EXTRA = ("min_fiscal_reserves_hkd_bn", "first_year_reserves_negative", "band_margin_pp")
VERDICTS = ("ceiling_verdict", "band_verdict", "reserves_verdict")
DEFAULT_PATHS = ("debt_to_gdp_pct", "fiscal_reserves_hkd_bn")


def path_variables() -> list:
    """The output lines a batch can give year by year: projection.csv's columns that the engine returns per path."""
    from finmodel.model.engine_result import field_names
    from finmodel.model.variables import PROJECTION_COLUMNS

    engine = set(field_names())
    return [n for n in PROJECTION_COLUMNS if n in engine]


@dataclass
class Batch:
    """A finished batch: what the exporters write, and what the run record needs."""

    assumptions: Assumptions   # the baseline's: the run's inputs, financing rule and issuance plan
    summary: object            # DataFrame, one row per case (baseline first), index `case`
    paths: dict                # output variable -> DataFrame (fiscal year x case)
    bad_rows: object           # DataFrame: row, column, where, value, problem (empty when every row ran)
    warnings: list             # the cases' warnings in words, each with its cell
    case_file: dict            # path and SHA-256 of the case file
    engine_calls: int = 0
    options: dict = field(default_factory=dict)

    def record(self) -> dict:
        a = self.assumptions
        return {"model": "finmodel", "model_version": __version__, "options": self.options,
                "financing_rule": a.financing_rule, "issuance_plan": a.plan_name, "horizon": fiscal_year.label(a.years[-1]),
                "input_sha256": {**a.input_hashes, self.case_file["path"]: self.case_file["sha256"]},
                "cases": int(len(self.summary) - 1), "cases_in_shared_batches": int((self.summary["route"] == "batch").sum()) - 1,
                "engine_calls": self.engine_calls,
                "bad_rows": [{k: (None if v is None else str(v)) if k == "value" else v for k, v in r.items()}
                             for r in self.bad_rows.to_dict("records")],
                "warnings": list(self.warnings)}


@dataclass
class _Case:
    name: str
    description: str
    rule: str
    plan: str
    sets: str
    path: ch.PathShock | None = None
    own: Assumptions | None = None


def _overlay(row: CaseRow, a: Assumptions) -> tuple:
    """(the row's overrides as a scenario's mapping, bad cells): a year outside the run is a bad cell."""
    years = set(int(y) for y in a.years)
    out, bad = {}, []
    for (line, year), (value, where, header) in row.lines.items():
        p = BY_NAME[line]
        if p.kind != "by_year":
            out[line] = {"value": value}
            continue
        if year is not None and year not in years:
            bad.append(BadCell(row.row, header, where, fiscal_year.label(year),
                               f"outside the run's years {fiscal_year.label(a.years[0])} to {fiscal_year.label(a.years[-1])} "
                               "(--horizon sets the last)"))
            continue
        targets = [year] if year is not None else [int(y) for y in a.years[a.n_anchor:]]
        values = out.setdefault(line, {"values": {}})["values"]
        for y in targets:
            if year is not None or fiscal_year.label(y) not in values:   # a year's own column wins over the all-years one
                values[fiscal_year.label(y)] = value
    return out, bad


def _place(row: CaseRow, problem) -> BadCell:
    """A validation problem of a row's overlay on the cell that set it (the row when none did)."""
    name = str(problem.field).split("[")[0].split(".")[0]
    year = str(problem.field)[len(name) + 1:-1] if str(problem.field).startswith(name + "[") else None
    cells = [(y, v) for (line, y), v in row.lines.items() if line == name]
    hit = next((v for y, v in cells if y is not None and fiscal_year.label(y) == year), None) or next((v for _, v in cells), None)
    if hit is None:
        return BadCell(row.row, "", row.where, problem.value, f"{problem.field}: {problem.allowed}".lstrip(": "))
    return BadCell(row.row, hit[2], hit[1], problem.value, problem.allowed)


class _Groups:
    """The run's inputs validated and adopted once per issuance plan: what every case is compared with and run on."""

    def __init__(self, raw: RawInputs, horizon: int, budget: Assumptions):
        self.raw, self.horizon, self.budget = raw, horizon, budget
        self.validated, self.adopted, self.paths = {}, {}, {}
        self.long_run = None   # long_run.yaml, read once (a run past the MRF)

    def prepared(self, a: Assumptions) -> Assumptions:
        """`a` calibrated, holding the Budget baseline's fitted paths, the long run composed on past the MRF: as
        `pipeline.load_inputs` prepares a run, so a case's figures are those of the scenario route."""
        out = long_run.attach(adopt(calibrate(a), self.budget), self.raw.root, self.long_run)
        self.long_run = out.long_run or self.long_run
        return out

    def base(self, plan: str) -> Assumptions:
        if plan not in self.validated:
            self.validated[plan] = validate(self.raw, horizon=self.horizon, plan=plan, prior=list(self.raw.warnings))
        return self.validated[plan]

    def run_on(self, plan: str) -> Assumptions:
        if plan not in self.adopted:
            self.adopted[plan] = self.prepared(self.base(plan))
        return self.adopted[plan]

    def reserves_path(self, plan: str):
        if plan not in self.paths:
            self.paths[plan] = reserves_path(self.run_on(plan))
        return self.paths[plan]


def _case(row: CaseRow, groups: _Groups, rule0: str, plan0: str, bad: list, warnings: list):
    """A row as a _Case (a path of its group's batch, or its own run), or None after its problems go to `bad`."""
    if row.problems:
        bad += row.problems
        return None
    plan = row.options.get("issuance", (plan0,))[0]
    rule = row.options.get("financing_rule", (rule0,))[0]
    base = groups.base(plan)
    overlay, cells = _overlay(row, base)
    if cells:
        bad += cells
        return None
    raw = RawInputs(groups.raw.root, groups.raw.files, [*groups.raw.scenarios, InputFile(row.where, "", overlay)])
    try:
        a = validate(raw, horizon=groups.horizon, plan=plan, prior=[])
    except InputError as err:
        bad += [_place(row, p) for p in err.problems]
        return None
    warnings += [f"{_place(row, w).where}: {w.field}: {w.allowed}" for w in a.warnings
                 if w.where == row.where and w.severity == "warning"]
    sets = "; ".join(f"{h}={v:g}" if isinstance(v, float) else f"{h}={v}" for v, _, h in row.lines.values())
    sets = "; ".join(s for s in (sets, *(f"{h}={v}" for v, _, h in row.options.values())) if s)
    c = _Case(row.name, row.description, rule, plan, sets)
    c.path = ch.as_path(a, base)
    if c.path is None:
        c.own = replace(groups.prepared(a), financing_rule=rule)
    return c


def _shocks(paths: list) -> Shocks:
    stack = {f: np.array([getattr(p, f) for p in paths], dtype=float) for f in ch.PathShock.__dataclass_fields__}
    return Shocks(growth_pp=stack["growth_pp"], investment_rate_add=stack["investment_rate_add"], land_hkd_bn=stack["land_hkd_bn"],
                  land_factor=stack["land_factor"], land_gdp_share_add=stack["land_gdp_share_add"],
                  capex_factor=stack["capex_factor"], n_paths=len(paths))


def _figures(a: Assumptions, o) -> dict:
    """The headline figures of every path of one engine result (sensitivity's, plus the lowest reserves and the margin)."""
    m = metrics(a, o)
    labels = np.array(fiscal_year.labels(a.years), dtype=object)
    negative = o.fiscal_reserves_hkd_bn < 0
    m["min_fiscal_reserves_hkd_bn"] = o.fiscal_reserves_hkd_bn.min(axis=1)
    m["first_year_reserves_negative"] = np.where(negative.any(axis=1), labels[negative.argmax(axis=1)], "")
    m["band_margin_pp"] = m["peak_debt_to_gdp_pct"] - a.band_high_pct
    return m


def _verdicts(a: Assumptions, figures: dict, i: int) -> tuple:
    """The ceiling, band and reserves clauses of `finmodel project`'s verdict line for path i (`model.verdicts`)."""
    h = {k: v[i] for k, v in figures.items()}
    h["band_tolerance_pp"] = verdicts.band_tolerance_pp(a)
    return verdicts.ceiling(a, h), verdicts.band(a, h), verdicts.reserves(h) or "never run out"


def load(inputs, scenario=None, horizon=None, issuance="central") -> tuple:
    """(the inputs as read with their scenarios, the Budget baseline whose fitted paths every case holds, the run's
    Assumptions): what `run_cases` needs, read and checked once; InputError listing every problem."""
    from finmodel.inputs.load import load_assumptions, read_inputs
    from finmodel.model.pipeline import budget_baseline

    assumptions, baseline = load_assumptions(inputs, scenario=scenario, horizon=horizon, issuance=issuance)
    raw = read_inputs(inputs, scenario=scenario)
    budget = budget_baseline(baseline if baseline is not None else assumptions)
    return raw, budget, long_run.attach(adopt(calibrate(assumptions), budget), inputs)


def run_cases(raw: RawInputs, case_file: CaseFile, horizon: int, issuance: str, budget: Assumptions,
              path_names=DEFAULT_PATHS, options=None) -> Batch:
    """Run every good row of `case_file` on the inputs `raw` (their scenarios applied) to `horizon`; return the Batch.

    budget: the Budget baseline whose fitted paths every case holds (`pipeline.budget_baseline`).
    """
    import pandas as pd

    groups = _Groups(raw, horizon, budget)
    head = groups.run_on(issuance)
    bad, warnings = [], []
    cases = [_Case(BASELINE, "the run's inputs with no case", head.financing_rule, issuance, "", ch.neutral(head.n_years))]
    for row in case_file.rows:
        c = _case(row, groups, head.financing_rule, issuance, bad, warnings)
        if c is not None:
            cases.append(c)
    results, calls = [None] * len(cases), 0
    by_group = {}
    for i, c in enumerate(cases):
        if c.path is not None:
            by_group.setdefault((c.rule, c.plan), []).append(i)
    for (rule, plan), idx in by_group.items():
        a = replace(groups.run_on(plan), financing_rule=rule)
        o = project(a, _shocks([cases[i].path for i in idx]))
        calls += 1
        for j, i in enumerate(idx):
            results[i] = (a, o, j)
    for i, c in enumerate(cases):
        if c.own is not None:
            path = groups.reserves_path(c.plan) if c.rule == "borrow" else None
            results[i] = (c.own, project(c.own, path_hkd_bn=path), 0)
            calls += 1
    summary = _summary(cases, results)
    paths = _paths(cases, results, path_names, head)
    unique = list({(b.row, b.column, b.where, str(b.value), b.problem): b for b in bad}.values())   # an all-years cell: once
    bad_frame = pd.DataFrame([vars(b) for b in unique], columns=["row", "column", "where", "value", "problem"])
    return Batch(head, summary, paths, bad_frame, warnings, {"path": case_file.shown, "sha256": case_file.sha256}, calls,
                 dict(options or {}))


def _summary(cases: list, results: list):
    """One row per case: what it sets, its figures, their changes from the baseline and the verdicts in words."""
    import pandas as pd

    memo, rows = {}, []
    for c, (a, o, j) in zip(cases, results):
        if id(o) not in memo:
            memo[id(o)] = _figures(a, o)
        f = memo[id(o)]
        row = {k: f[k][j] for k in METRICS + EXTRA}
        row.update(zip(VERDICTS, _verdicts(a, f, j)))
        rows.append(row)
    df = pd.DataFrame(rows, index=pd.Index([c.name for c in cases], name="case"))
    for m, name in CHANGES.items():
        df[name] = df[m] - df[m].iloc[0]
    df.insert(0, "sets", [c.sets for c in cases])
    df.insert(0, "route", ["batch" if c.path is not None else "own run" for c in cases])
    df.insert(0, "issuance_plan", [c.plan for c in cases])
    df.insert(0, "financing_rule", [c.rule for c in cases])
    df.insert(0, "description", [c.description for c in cases])
    order = ["description", "financing_rule", "issuance_plan", "route", "sets", *METRICS, *CHANGES.values(), *EXTRA, *VERDICTS]
    return df[order]


def _paths(cases: list, results: list, names, a: Assumptions) -> dict:
    """Each named output variable year by year, one column per case (fiscal years as rows)."""
    import pandas as pd

    index = pd.Index(fiscal_year.labels(a.years), name="fiscal_year")
    out = {}
    for name in names:
        columns = {c.name: getattr(o, name)[j] for c, (_, o, j) in zip(cases, results)}
        out[name] = pd.DataFrame(columns, index=index)
    return out
