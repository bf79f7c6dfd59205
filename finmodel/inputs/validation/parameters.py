"""The YAML parameters: known fields with a source, scenario overrides merged in, typed access with provenance."""

from finmodel.inputs.raw import RawInputs
from finmodel.inputs.schema import BY_NAME, PARAMS, RULE_ALIASES, rule_not_allowed, unit_agrees
from finmodel.inputs.validation.checker import Checker, did_you_mean
from finmodel.inputs.validation.year_axis import year_map

KIND_KEYS = {"by_year": ("values", "extrapolate"), "scalar": ("value",), "choice": ("value", "choices"),
             "plans": ("plans", "extrapolate"), "fx": ("values",), "mix": ("buckets",)}
PARAMETER_FILES = ("macro.yaml", "fiscal.yaml", "borrowing.yaml", "budget_plan.yaml")
SCENARIO_HEADINGS = ("description", "title", "source")


def _check_meta(chk, where, key, entry):
    """Report keys a parameter of this kind does not use (a by-year `value` would be ignored), a non-boolean `assumption`,
    and a `unit` that names another unit than the one declared in the schema (the figure would be read in the declared one)."""
    allowed = KIND_KEYS[BY_NAME[key].kind] + ("unit", "source", "note", "assumption")
    for meta in entry:
        if meta not in allowed:
            hint = did_you_mean(str(meta), allowed)
            chk.error(where, f"{key}.{meta}", None, f"unknown key for a {BY_NAME[key].kind} parameter{hint}; allowed: {', '.join(allowed)}")
    if "assumption" in entry and not isinstance(entry["assumption"], bool):
        chk.error(where, f"{key}.assumption", entry["assumption"], "must be true or false")
    declared = BY_NAME[key].unit
    if "unit" in entry and not unit_agrees(declared, entry["unit"]):
        chk.error(where, f"{key}.unit", entry["unit"],
                  f"the model reads this figure in {declared!r} (declared in finmodel/inputs/schema.py); "
                  f"the unit here must begin with it, words may follow")


class Parameters:
    """Access to parameters with their file names and provenance, recording problems."""

    def __init__(self, raw: RawInputs, chk: Checker):
        """Read the parameter files, then each scenario's overrides, then record provenance (problems in that order)."""
        self.raw = raw
        self.chk = chk
        self.entries = {}
        self.where = {}
        self.provenance = {}
        for fname in PARAMETER_FILES:
            f = raw.files.get(fname)
            if f is not None:
                self._read_file(fname, f)
        for scenario in raw.scenarios:   # in the order given: a later file overrides an earlier one (finmodel.inputs.scenarios)
            for key, entry in scenario.data.items():
                if key not in SCENARIO_HEADINGS:
                    self._override(scenario.path, key, entry)
        self._record_provenance()

    def _read_file(self, fname, f):
        """Every field of a parameter file must be known to the schema and belong there; none may be missing."""
        known = [p.name for p in PARAMS if p.file == fname]
        for key, entry in f.data.items():
            self._read_entry(fname, f.path, known, key, entry)
        for p in PARAMS:
            if p.file == fname and p.name not in f.data and not p.optional:
                self.chk.error(f.path, p.name, None, "missing field")

    def _read_entry(self, fname, path, known, key, entry):
        """One field: a known name, a mapping with only the keys its kind uses, and a source for the figure."""
        chk = self.chk
        if key not in BY_NAME or BY_NAME[key].file != fname:
            chk.error(path, str(key), None, f"unknown field{did_you_mean(str(key), known)}")
            return
        if not isinstance(entry, dict):
            chk.error(path, key, entry, "expected a mapping with unit, value(s) and source")
            return
        _check_meta(chk, path, key, entry)
        if "source" not in entry or not str(entry.get("source") or "").strip():
            chk.error(path, f"{key}.source", None, "every figure needs a source")
        self.entries[key] = dict(entry)
        self.where[key] = path

    def _override(self, shown, key, entry):
        """A scenario may only override an existing input; its by-year values merge into the base file's."""
        chk = self.chk
        if key not in BY_NAME:
            chk.error(shown, str(key), None, f"a scenario can only override an existing input{did_you_mean(str(key), list(BY_NAME))}")
            return
        if not isinstance(entry, dict):
            chk.error(shown, key, entry, "expected a mapping with value(s) and source")
            return
        _check_meta(chk, shown, key, entry)
        if key not in self.entries:
            return
        merged = dict(self.entries.get(key, {}))
        if "values" in entry and isinstance(merged.get("values"), dict) and isinstance(entry["values"], dict):
            merged["values"] = {**merged["values"], **entry["values"]}
            entry = {k: v for k, v in entry.items() if k != "values"}
        merged.update(entry)
        self.entries[key] = merged
        self.where[key] = shown

    def _record_provenance(self):
        """Keep where each figure came from (file, unit, source, note) for the reports."""
        for key, entry in self.entries.items():
            self.provenance[key] = {
                "file": self.where[key],
                "unit": str(entry.get("unit", BY_NAME[key].unit)),
                "source": " ".join(str(entry.get("source", "")).split()),
                "note": " ".join(str(entry.get("note", "")).split()),
                "assumption": entry.get("assumption") is True,
                "value": entry.get("value", entry.get("values", entry.get("plans", ""))),
            }

    def entry(self, name):
        """The merged entry of a parameter, or None when it is missing (already reported)."""
        return self.entries.get(name)

    def scalar(self, name):
        """Return a scalar parameter's value as a float within its bounds, or None after recording why not."""
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return None
        if "value" not in e:
            self.chk.error(self.where[name], f"{name}.value", None, "missing value")
            return None
        return self.chk.number(self.where[name], name, e["value"], p.bounds, p.plausible, p.unit)

    def choice(self, name):
        """Return a choice parameter's value if it is one of the allowed choices, or None after recording why not."""
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return None
        v = e.get("value")
        if v not in p.choices:
            self.chk.error(self.where[name], name, v, f"must be one of {', '.join(p.choices)}")
            return None
        return v

    def by_year(self, name):
        """Return ({start_year: value}, extrapolation rule) for a by-year parameter."""
        p = BY_NAME[name]
        e = self.entry(name)
        if e is None:
            return {}, None
        rule = e.get("extrapolate", p.extrapolate[0] if p.extrapolate else "none")
        rule = RULE_ALIASES.get(rule, rule) if isinstance(rule, str) else rule
        if rule not in p.extrapolate:
            self.chk.error(self.where[name], f"{name}.extrapolate", e.get("extrapolate"), rule_not_allowed(p, rule))
            rule = None
        if "values" not in e:
            self.chk.error(self.where[name], f"{name}.values", None, "missing values: a mapping of fiscal year to number")
            self.chk.rejected.add(name)
        return year_map(self.chk, self.where[name], name, e.get("values"), p), rule
