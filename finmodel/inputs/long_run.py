"""The long-run inputs (`long_run.yaml`): population by age, age-cost profiles, the ceiling's indexation,
the sustainability-gap settings, guarantees and the pension memo, read and checked into a frozen `LongRun`.

Read only when a run's horizon passes the MRF (a run to the MRF reads nothing here, so its outputs and
record are those of the inputs it always read). From the inputs folder when it has the file, else the
installed copy; every problem names the file, the field, the value and what is allowed.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from finmodel.fiscal_year import example as fiscal_year_example
from finmodel import fiscal_year
from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.reader import read_yaml

FILE = "long_run.yaml"
GROUPS = ("children", "working_age", "aged_65_plus")
FUNCTIONS = ("health", "elderly_allowances", "elderly_services", "education")
INDEXATION = ("fixed", "gdp")


@dataclass(frozen=True)
class AgeFunction:
    """One age-related function: its share of GDP in `base_year`, cost per head by group, real drift [decimal a year]."""

    name: str
    base_share_gdp: float
    base_year: int
    cost_per_head: np.ndarray   # (3,) children, working age, 65+
    drift: float


@dataclass(frozen=True)
class LongRun:
    """Everything `long_run.yaml` says, in model units (decimals, HK$ bn, start years)."""

    pop_years: np.ndarray          # calendar mid-years of the published points
    pop_total_mn: np.ndarray
    pop_65_mn: np.ndarray
    child_years: np.ndarray
    child_share: np.ndarray        # decimal
    wg_years: tuple                # (base, target)
    wg_total_mn: np.ndarray
    wg_65_mn: np.ndarray
    wg_gdp_base_hkd_bn: float
    wg_spending_hkd_bn: dict       # function -> (base, target)
    functions: tuple               # AgeFunction, in FUNCTIONS order
    salaries_tax_share_gdp: float
    ceiling_indexation: str
    ceiling_index_from: int
    sus_base_year: int
    sus_adjustment_from: int
    s1_target_year: int
    s1_target_net_debt: object     # "base" or a decimal share of GDP
    interest_rate: float
    nominal_growth: float
    s2_r_minus_g: float
    r_minus_g_floor: float
    reserves_months: float
    guarantees_hkd_bn: float
    default_rate_low: float
    default_rate_high: float
    stress_year: int
    call_probability: float
    pension_liability_hkd_bn: float
    sha256: str = ""
    shown: str = FILE


def locate(inputs) -> Path:
    """long_run.yaml of the inputs folder when it has one, else the installed copy (a workbook has none)."""
    from finmodel.inputs.locate import INSTALLED, default_inputs

    folder = Path(inputs) if inputs is not None else default_inputs()
    if folder.is_dir() and (folder / FILE).exists():
        return folder / FILE
    return INSTALLED / FILE


def load(path) -> LongRun:
    """Read and check long_run.yaml at `path`; raise InputError listing every problem."""
    problems: list = []
    shown = str(path)
    data, digest = read_yaml(Path(path), shown, problems)
    if data is None:
        raise InputError(problems)
    r = _Reader(data, shown, problems)
    out = _build(r)
    if problems:
        raise InputError(problems)
    return LongRun(**out, sha256=digest, shown=shown)


class _Reader:
    """Reads dotted fields of the YAML mapping, recording a Problem (file, field, value, allowed) for each bad one."""

    def __init__(self, data, shown, problems):
        self.data, self.shown, self.problems = data, shown, problems

    def get(self, dotted: str, default=None):
        node = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is None:
                    self.problems.append(Problem(self.shown, dotted, None, "missing: see the shipped long_run.yaml"))
                return default
            node = node[part]
        return node

    def number(self, dotted, lo=None, hi=None, node=None, field=None) -> float:
        v = self.get(dotted, 0.0 if node is not None else None) if node is None else node
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        if ok and ((lo is not None and v < lo) or (hi is not None and v > hi)):
            ok = False
        if not ok:
            self.problems.append(Problem(self.shown, field or dotted, v, f"a number from {lo} to {hi}"))
            return float("nan")
        return float(v)

    def choice(self, dotted, choices) -> str:
        v = self.get(dotted)
        if v not in choices:
            self.problems.append(Problem(self.shown, dotted, v, f"one of {', '.join(choices)}"))
        return v

    def year(self, dotted) -> int:
        v = self.get(dotted)
        try:
            return fiscal_year.parse(str(v))
        except ValueError:
            self.problems.append(Problem(self.shown, dotted, v, f"a fiscal year such as {fiscal_year_example()}"))
            return 0


def _points(r: _Reader, rows, field: str):
    """(years, total, 65+) of a list of {year, total, aged_65_plus} points, increasing years, 65+ below the total."""
    if not isinstance(rows, list) or len(rows) < 2:
        r.problems.append(Problem(r.shown, field, rows, "a list of at least two {year, total, aged_65_plus} points"))
        return np.zeros(2), np.ones(2), np.zeros(2)
    years, total, old = [], [], []
    for i, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        years.append(r.number("", 1900, 2200, node=row.get("year"), field=f"{field}[{i}].year"))
        total.append(r.number("", 0.1, 100.0, node=row.get("total"), field=f"{field}[{i}].total"))
        old.append(r.number("", 0.0, 100.0, node=row.get("aged_65_plus"), field=f"{field}[{i}].aged_65_plus"))
        if old[-1] >= total[-1]:
            r.problems.append(Problem(r.shown, f"{field}[{i}].aged_65_plus", old[-1], f"below the total ({total[-1]})"))
    if any(b <= a for a, b in zip(years, years[1:])):
        r.problems.append(Problem(r.shown, field, years, "points in increasing years"))
    return np.array(years), np.array(total), np.array(old)


def _functions(r: _Reader) -> tuple:
    out = []
    base_year = int(r.number("age_related_spending.base_year", 1990, 2100))
    for name in FUNCTIONS:
        f = f"age_related_spending.functions.{name}"
        weights = r.get(f + ".cost_per_head") or {}
        cost = np.array([r.number("", 0.0, 100.0, node=weights.get(g) if isinstance(weights, dict) else None,
                                  field=f"{f}.cost_per_head.{g}") for g in GROUPS])
        out.append(AgeFunction(name, r.number(f + ".base_pct_gdp", 0.0, 30.0) / 100.0,
                               int(r.number(f + ".base_year", 1990, 2100)) if "base_year" in (r.get(f) or {}) else base_year,
                               cost, r.number(f + ".drift_pct", -5.0, 5.0) / 100.0))
    return tuple(out)


def _build(r: _Reader) -> dict:
    years, total, old = _points(r, r.get("population_mn.points"), "population_mn.points")
    child = r.get("child_share_pct.points") or {}
    wg_years, wg_total, wg_old = _points(r, r.get("working_group.population_mn"), "working_group.population_mn")
    spending = r.get("working_group.spending_hkd_bn") or {}
    target = r.get("sustainability.s1_target_net_debt_pct_gdp")
    return dict(
        pop_years=years, pop_total_mn=total, pop_65_mn=old,
        child_years=np.array([float(k) for k in child]), child_share=np.array([r.number("", 0.0, 50.0, node=v,
                                                                                         field=f"child_share_pct.points.{k}")
                                                                                for k, v in child.items()]) / 100.0,
        wg_years=(int(r.number("working_group.base_year", 1990, 2100)), int(r.number("working_group.target_year", 1990, 2200))),
        wg_total_mn=wg_total, wg_65_mn=wg_old, wg_gdp_base_hkd_bn=r.number("working_group.gdp_base_hkd_bn", 1.0, 1e6),
        wg_spending_hkd_bn={k: (r.number("", 0.0, 1e4, node=(v or {}).get("base"), field=f"working_group.spending_hkd_bn.{k}.base"),
                                r.number("", 0.0, 1e4, node=(v or {}).get("target"), field=f"working_group.spending_hkd_bn.{k}.target"))
                            for k, v in spending.items()},
        functions=_functions(r),
        salaries_tax_share_gdp=r.number("salaries_tax.base_pct_gdp", 0.0, 20.0) / 100.0,
        ceiling_indexation=r.choice("ceiling.indexation", INDEXATION), ceiling_index_from=r.year("ceiling.index_from"),
        sus_base_year=r.year("sustainability.base_year"), sus_adjustment_from=r.year("sustainability.adjustment_from"),
        s1_target_year=r.year("sustainability.s1_target_year"),
        s1_target_net_debt="base" if target == "base" else r.number("sustainability.s1_target_net_debt_pct_gdp", -500, 500) / 100.0,
        interest_rate=r.number("sustainability.interest_rate_pct", -5.0, 30.0) / 100.0,
        nominal_growth=r.number("sustainability.nominal_growth_pct", -10.0, 30.0) / 100.0,
        s2_r_minus_g=r.number("sustainability.s2_r_minus_g_pp", -10.0, 10.0) / 100.0,
        r_minus_g_floor=r.number("sustainability.r_minus_g_floor_pp", 0.01, 10.0) / 100.0,
        reserves_months=r.number("sustainability.reserves_months", 0.0, 120.0),
        guarantees_hkd_bn=r.number("guarantees.outstanding_hkd_bn", 0.0, 1e4),
        default_rate_low=r.number("guarantees.default_rate_pct.low", 0.0, 100.0) / 100.0,
        default_rate_high=r.number("guarantees.default_rate_pct.high", 0.0, 100.0) / 100.0,
        stress_year=r.year("guarantees.stress_year"),
        call_probability=r.number("guarantees.call_probability_pct", 0.0, 100.0) / 100.0,
        pension_liability_hkd_bn=r.number("pension_liability.value_hkd_bn", 0.0, 1e5),
    )
