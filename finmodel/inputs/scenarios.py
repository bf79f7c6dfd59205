"""The scenarios of a run: which files, in which order, and what happens when two set the same input.

A scenario is given by name or by path. A name (letters, digits, `_`, `-`, `.`; no folder, no
`.yaml`) is the file `scenarios/NAME.yaml` of the inputs folder; anything else (`my_run/flat_land.yaml`)
is a YAML file read from where it is, relative to the working folder. A path to a file in the inputs
folder's `scenarios/` is that scenario by its name, so both spellings give one run. Several scenarios
apply in the order given, each overriding the baseline and the scenarios before it; `a+b` is short
for `a` then `b`. Two scenarios that set the same input (the same top-level key) are a conflict,
reported with both files and lines, unless the run says the later one wins (`later_wins`), when each
such input is reported as a warning naming the file whose value is used.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from finmodel.inputs.errors import Problem
from finmodel.inputs.raw import InputFile
from finmodel.inputs.reader import SCENARIO_NAME, read_yaml, strict_yaml_loader

BASELINE = "baseline"   # the run without a scenario file: reserved as a scenario name
HEADINGS = ("description", "title", "source")   # a scenario file's own provenance, not inputs it sets
STACK = "+"


@dataclass(frozen=True)
class Stack:
    """The scenarios of a run as given, in the order they apply; later_wins: a later file may set an input an earlier one sets."""

    specs: tuple = ()
    later_wins: bool = False


@dataclass(frozen=True)
class ScenarioFile:
    """One scenario file of a run: `spec` its canonical spelling (the name for a file of the inputs folder's
    scenarios/, else the path as given), `path` where it is read, `shown` how problems and the record name it."""

    spec: str
    path: Path
    shown: str
    by_name: bool


def stack_of(scenario) -> Stack:
    """A Stack from what a caller gives: None, a name or path (`a+b` for two), a sequence of them, or a Stack."""
    if isinstance(scenario, Stack):
        return Stack(tuple(_split(scenario.specs)), scenario.later_wins)
    if scenario is None:
        return Stack()
    if isinstance(scenario, (str, Path)):
        scenario = [scenario]
    return Stack(tuple(_split(scenario)))


def _split(specs) -> list:
    """Each spec split at `+` (a Path object is one file), `baseline` (the run without a scenario) left out."""
    out = []
    for spec in specs:
        parts = [spec] if isinstance(spec, Path) else str(spec).split(STACK)
        out += [p for p in parts if str(p) != BASELINE]
    return out


def is_path(spec) -> bool:
    """Whether a spec names a file by its path (a folder in it, or a .yaml/.yml ending) rather than by name."""
    text = str(spec)
    return isinstance(spec, Path) or "/" in text or "\\" in text or text.lower().endswith((".yaml", ".yml"))


def resolve(root, scenario) -> tuple:
    """(the ScenarioFile of each spec in order, problems): where each scenario is, or why it cannot be found.

    root: the inputs folder (None for an inputs workbook, which has no scenarios/ folder to name from).
    """
    stack = stack_of(scenario)
    files, problems, seen = [], [], {}
    for spec in stack.specs:
        found = _by_path(root, spec, problems) if is_path(spec) else _by_name(root, str(spec), problems)
        if found is None:
            continue
        key = found.path.resolve()
        if key in seen:
            problems.append(Problem(found.shown, "--scenario", str(spec), f"given twice (first as {seen[key]!r}): each scenario applies once"))
            continue
        seen[key] = str(spec)
        files.append(found)
    return files, problems


def _known(root) -> str:
    folder = Path(root) / "scenarios" if root is not None else None
    names = sorted(p.stem for p in folder.glob("*.yaml")) if folder is not None and folder.is_dir() else []
    return ", ".join(names) or "none"


def _by_name(root, name: str, problems: list):
    if root is None:
        problems.append(Problem("--scenario", "scenario", name, "a scenario name is looked up in an inputs folder's scenarios/; "
                                                                 "over an inputs workbook give the scenario file's path (e.g. my_run/NAME.yaml)"))
        return None
    if not SCENARIO_NAME.match(name):
        problems.append(Problem("--scenario", "scenario", name, "a scenario is the name of a file in the inputs folder's scenarios/ "
                                                                 "(letters, digits, '_', '-' and '.') or the path of a .yaml file"))
        return None
    path = Path(root) / "scenarios" / f"{name}.yaml"
    shown = str(path)
    if not path.exists():
        problems.append(Problem(shown, "--scenario", name, f"no such scenario in {Path(root) / 'scenarios'} (known: {_known(root)}); "
                                                           f"a file elsewhere is given by its path, e.g. --scenario my_run/{name}.yaml"))
        return None
    return ScenarioFile(name, path, shown, True)


def _by_path(root, spec, problems: list):
    path = Path(spec)
    if root is not None and path.suffix == ".yaml" and SCENARIO_NAME.match(path.stem) and path.exists():
        if path.resolve().parent == (Path(root) / "scenarios").resolve():
            return ScenarioFile(path.stem, Path(root) / "scenarios" / path.name, str(Path(root) / "scenarios" / path.name), True)
    if not path.exists():
        problems.append(Problem(str(path), "--scenario", str(spec), f"no such file (looked for {os.path.abspath(path)}); a path is read from "
                                                                    f"the working folder, a name from the inputs folder's scenarios/ "
                                                                    f"(known: {_known(root)})"))
        return None
    return ScenarioFile(path.as_posix(), path, str(path), False)   # `./my_run/a.yaml` is recorded as `my_run/a.yaml`


def read_scenarios(root, scenario, raw, problems: list) -> None:
    """Read the run's scenario files in the order they apply into raw.scenarios (a RawInputs); a file missing,
    unreadable or setting an input another one sets is a problem. root: the inputs folder, None for a workbook."""
    stack = stack_of(scenario)
    files, found = resolve(root, stack)
    problems += found
    data = []
    for f in files:
        content, digest = read_yaml(f.path, f.shown, problems)
        if content is not None:
            raw.scenarios.append(InputFile(f.shown, digest, content))
        data.append(content)
    problems += conflicts(files, data, stack.later_wins)


def conflicts(files, data: list, later_wins: bool) -> list:
    """Problems for every input set by more than one of `files` (their parsed contents `data`, in order): errors, or
    warnings naming the file whose value is used when later_wins."""
    problems, first = [], {}
    for f, content in zip(files, data):
        if not isinstance(content, dict):
            continue
        for key in content:
            if key in HEADINGS:
                continue
            if key not in first:
                first[key] = f
                continue
            earlier = first[key]
            here, there = _at(f, key), _at(earlier, key)
            if later_wins:
                problems.append(Problem(here, str(key), None, f"also set by {there}; this file's value is used (the later scenario wins)",
                                        severity="warning"))
            else:
                problems.append(Problem(here, str(key), None, f"also set by {there}: stacked scenarios may not set the same input; "
                                                              "remove it from one file, or say the later file wins (--later-wins)"))
            first[key] = f
    return problems


def _at(f: ScenarioFile, key) -> str:
    """`file:line` of a top-level key of a scenario file (the file alone when the line cannot be found)."""
    line = key_lines(f.path).get(key)
    return f"{f.shown}:{line}" if line else f.shown


def key_lines(path) -> dict:
    """The line (from 1) of each top-level key of a YAML file; empty when it cannot be read (already reported)."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        loader = strict_yaml_loader()(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def label(files) -> str:
    """The run's scenario as written in the record and on every output: the specs joined by `+` (`baseline`: none)."""
    return STACK.join(f.spec for f in files) or BASELINE
