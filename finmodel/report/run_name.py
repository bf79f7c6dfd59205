"""The name of a run: what differs from the default, readable, one name per configuration.

A run without `--out` writes to `outputs/<name>/`, its main workbook is `finmodel_<name>.xlsx`
and every run record keeps the name under `options.run`. The name is built from tokens joined by
`_`, in this order:

- the command, for every command but `project` (`sensitivity`, `simulate`, `compare`, `solve`,
  `backtest`);
- the scenario (`baseline` when there is none), stacked scenarios joined by `+` (`low_land+rates_up`), a
  scenario given by path by its file name (`flat_land`); for compare the scenarios joined by `-vs-`;
- one token for each option that differs from its default, each holding a hyphen:
  `edited-xlsx` (the inputs file or folder, when not the shipped `inputs`), `high-issuance`,
  `to-2050-51` (a horizon other than the last year of the Medium Range Forecast), and per command
  `gdp-grid`/`land-grid`, `100000-paths` and `seed-2026` (simulate: always), `var-method`,
  `no-recalled`, `parameter-uncertainty`, `no-calibration`, `limit-18.5pct`, `floor-500bn`, `before-2032-33`,
  `from-2022-23`, `history-<folder>`, and for project the brief's language when not English (`zh-HK`);
- a short hash of every option (6 hex digits) when a token had to shorten what it stands for (an
  inputs path, a scenario given by path, a scenario name that is not plain letters, digits and `_`
  or that could read as another token, a grid range), so that two configurations never share a name.

Scenario names that are kept exactly hold no hyphen and every option token holds one, so the
readable part alone tells configurations apart. Options that change only which files are written
(`--no-charts`) or the exit code (`--fail-on-breach`) are not part of the configuration.
"""

import hashlib
import json
import os
import re
from pathlib import Path, PurePath

COMMANDS = ("project", "sensitivity", "simulate", "compare", "solve", "backtest", "batch")
SHIPPED_INPUTS = Path("inputs")
SHIPPED_HISTORY = SHIPPED_INPUTS / "history"
NOT_CONFIGURATION = ("run", "charts", "fail_on_breach", "inputs_from", "scenario_files")
HASH_DIGITS = 6
MAX_TOKEN = 40
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*")
_HEX = re.compile(r"[0-9a-f]{6}")


def run_name(command: str, options: dict, default_horizon: str | None = None) -> str:
    """The run's name from its effective options (as recorded); default_horizon: the default of the command's year option
    (the horizon without --horizon, the MRF's last year; for backtest its --start, the record's first year)."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}")
    tokens, exact = _TOKENS[command](options, default_horizon)
    if command != "project":
        tokens = [command, *tokens]
    if not exact:
        tokens.append(options_hash(command, options))
    return "_".join(tokens)


def options_hash(command: str, options: dict) -> str:
    """The first digits of the SHA-256 of the configuration (every option but the output-only ones)."""
    config = {k: v for k, v in options.items() if k not in NOT_CONFIGURATION}
    if not config.get("later_wins"):
        config.pop("later_wins", None)   # as before the option existed: names of earlier runs stay
    for key in ("inputs", "history", "cases"):
        if key in config:
            config[key] = canonical_path(config[key])
    if isinstance(config.get("scenario"), str):
        config["scenario"] = _canonical_scenario(config["scenario"])
    if isinstance(config.get("scenarios"), list):
        config["scenarios"] = [_canonical_scenario(s) for s in config["scenarios"]]
    text = json.dumps({"command": command, **config}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def canonical_path(path) -> str:
    """A path as given, normalised (`./inputs/` -> `inputs`), in forward slashes."""
    return Path(os.path.normpath(str(path))).as_posix()


def _canonical_scenario(label: str) -> str:
    """A scenario label with each path in it normalised (`./my_run/a.yaml+b` -> `my_run/a.yaml+b`)."""
    from finmodel.inputs.scenarios import STACK, is_path

    return STACK.join(canonical_path(p) if is_path(p) else p for p in label.split(STACK))


def run_of(options: dict, fallback: str = "") -> str:
    """The run name recorded in a run's options (what charts and workbooks print as the run)."""
    return str((options or {}).get("run") or fallback)


def _is_shipped(path, shipped: Path) -> bool:
    """The shipped inputs (or history): the working folder's, or the copy installed with finmodel."""
    from finmodel.inputs.locate import INSTALLED

    installed = INSTALLED / shipped.relative_to(SHIPPED_INPUTS)
    return Path(path).resolve() in (shipped.resolve(), installed)


def _scenario(label):
    """(token, exact) for a run's scenario (`baseline`: none): stacked scenarios joined by `+`, each by `_one_scenario`."""
    from finmodel.inputs.scenarios import STACK

    if label is None or label == "baseline":
        return "baseline", True
    parts = [_one_scenario(p) for p in str(label).split(STACK)]
    joined = STACK.join(t for t, _ in parts)
    return joined[:3 * MAX_TOKEN].strip("+_"), all(e for _, e in parts) and len(joined) <= 3 * MAX_TOKEN


def _one_scenario(name):
    """(token, exact) for one scenario: its name, exact only for plain names that cannot read as another token; a
    scenario given by path is named by its file's name, and the hash of every option follows."""
    from finmodel.inputs.scenarios import is_path

    if is_path(name):
        return re.sub(r"[^A-Za-z0-9_]+", "_", PurePath(name).stem).strip("_")[:MAX_TOKEN].strip("_") or "scenario", False
    plain = bool(_PLAIN.fullmatch(name)) and len(name) <= MAX_TOKEN
    first, last = name.split("_")[0], name.split("_")[-1]
    exact = plain and first not in COMMANDS and not _HEX.fullmatch(last)
    shown = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")[:MAX_TOKEN].strip("_") or "scenario"
    return shown, exact


def _path_token(path) -> str:
    """A short readable token for an inputs file or folder: `my_run/edited.xlsx` -> `edited-xlsx`."""
    return re.sub(r"[^A-Za-z0-9]+", "-", Path(path).name).strip("-").lower()[:MAX_TOKEN].strip("-") or "inputs"


def _number(x: float) -> str:
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _common(options, default_horizon, scenario_exact=True):
    """Tokens for the inputs, issuance plan and horizon; False when the inputs token shortens a path."""
    tokens, exact = [], scenario_exact
    if not _is_shipped(options["inputs"], SHIPPED_INPUTS):
        tokens.append(_path_token(options["inputs"]))
        exact = False
    if options.get("issuance", "central") != "central":
        tokens.append(f"{options['issuance']}-issuance")
    if options.get("horizon") is not None and options["horizon"] != default_horizon:
        tokens.append(f"to-{options['horizon']}")
    return tokens, exact


def _project(options, default_horizon):
    scenario, exact = _scenario(options.get("scenario"))
    rest, exact = _common(options, default_horizon, exact)
    if options.get("lang", "en") != "en":   # the brief's language: recorded only when not English
        rest.append(options["lang"])
    return [scenario, *rest], exact


def _sensitivity(options, default_horizon):
    from finmodel.analysis.sensitivity.analysis import DEFAULT_GDP, DEFAULT_LAND
    from finmodel.analysis.sensitivity.batch import parse_range

    tokens, exact = _project(options, default_horizon)
    for key, default, token in (("gdp_pp", DEFAULT_GDP, "gdp-grid"), ("land_pct", DEFAULT_LAND, "land-grid")):
        if [float(v) for v in options[key]] != [float(v) for v in parse_range(default)]:
            tokens.append(token)
            exact = False
    return tokens, exact


def _simulate(options, default_horizon):
    tokens, exact = _project(options, default_horizon)
    seed = str(options["seed"])
    if len(seed) > MAX_TOKEN - 5:   # a long seed is shortened and the hash of every option added (a folder name has a limit)
        seed, exact = seed[:12], False
    tokens += [f"{options['paths']}-paths", f"seed-{seed}"]
    if options["method"] != "ec":
        tokens.append(f"{options['method']}-method")
    if options["exclude_recalled"]:
        tokens.append("no-recalled")
    if options["parameter_uncertainty"]:
        tokens.append("parameter-uncertainty")
    if options.get("calibration", "record") != "record":
        tokens.append("no-calibration")
    return tokens, exact


def _compare(options, default_horizon):
    names = [_scenario(s) for s in options["scenarios"]]
    joined = "-vs-".join(n for n, _ in names)
    exact = all(e for _, e in names) and len(joined) <= 3 * MAX_TOKEN
    rest, exact = _common(options, default_horizon, exact)
    return [joined[:3 * MAX_TOKEN].strip("-_"), *rest], exact


def _solve(options, default_horizon):
    tokens, exact = _project(options, default_horizon)
    if options["limit_pct"] is not None:
        tokens.append(f"limit-{_number(options['limit_pct'])}pct")
    if options["floor_hkd_bn"] is not None:
        tokens.append(f"floor-{_number(options['floor_hkd_bn'])}bn")
    if options["before"] != default_horizon:   # --before defaults to the MRF's last year
        tokens.append(f"before-{options['before']}")
    if options.get("financing_rule"):
        tokens.append(f"rule-{options['financing_rule']}")
    return tokens, exact


def _backtest(options, default_horizon):
    tokens, exact = [], True
    if options["start"] != default_horizon:   # the back-test's default start: the record's first year
        tokens.append(f"from-{options['start']}")
    if not _is_shipped(options["history"], SHIPPED_HISTORY):
        tokens.append(f"history-{_path_token(options['history'])}")
        exact = False
    return tokens, exact


def _batch(options, default_horizon):
    """The case file by its name (`cases-csv`), the hash of every option following (the file's path is shortened)."""
    tokens, _ = _project(options, default_horizon)
    return [*tokens, _path_token(options["cases"])], False


_TOKENS = {"project": _project, "sensitivity": _sensitivity, "simulate": _simulate, "compare": _compare,
           "solve": _solve, "backtest": _backtest, "batch": _batch}


def project_run_name(options: dict, default_horizon: str | None = None) -> str:
    """The name of the `finmodel project` run on the same inputs, scenario, issuance plan and horizon.

    Other commands name that run's workbook instead of repeating it.
    """
    keys = ("inputs", "scenario", "later_wins", "issuance", "horizon")
    return run_name("project", {k: options.get(k) for k in keys}, default_horizon)
