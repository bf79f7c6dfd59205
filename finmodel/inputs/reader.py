"""The inputs-folder reader: reads the YAML and CSV files of a folder into plain Python data.

Each file is read once, hashed (SHA-256 of its bytes, recorded in every output) and parsed
with a safe parser. Problems are collected, never raised one at a time.

YAML is read with a strict variant of PyYAML's safe loader that keeps numbers numbers and
refuses the YAML 1.1 traps (see `strict_yaml_loader`): `1e3` is a number, `012`, `0x1F`,
`1:30`, `yes`/`no`/`on`/`off` and dates stay text (so validation reports them instead of
reading 10, 31, 90, True or a date), duplicate keys and aliases (`*name`) are refused.
PyYAML's C parser (libyaml) reads a text when it can settle it; the Python parser reads every
other, and its objects and messages are the reference (see `parse_yaml`).
"""

import csv
import functools
import hashlib
import io
import re
from pathlib import Path

from finmodel.inputs.errors import InputError, Problem
from finmodel.inputs.raw import InputFile, NotReadable, RawInputs, kind_of, read_regular_file

YAML_FILES = ("macro.yaml", "fiscal.yaml", "borrowing.yaml", "budget_plan.yaml")
CSV_FILES = ("opening_book.csv", "peers.csv", "gfsm_classification.csv")
FITTED_FILE = "fitted_plan.yaml"  # the Budget plan's fitted paths (finmodel.inputs.fitted_plan)
SCENARIO_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


def _read_bytes(path: Path, shown: str, problems: list):
    try:
        raw = read_regular_file(path)
    except NotReadable as exc:
        problems.append(Problem(shown, "", exc.value, exc.reason))
        return None
    if not raw.strip():
        problems.append(Problem(shown, "", None, "the file is empty"))
        return None
    if b"\x00" in raw or raw[:4] == b"PK\x03\x04":
        problems.append(Problem(shown, "", None, "binary file: expected UTF-8 text"))
        return None
    return raw


def _decode(raw: bytes, shown: str, problems: list):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, "", None, f"not UTF-8 text (byte {exc.start})"))
        return None


@functools.cache
def strict_yaml_loader():
    """A PyYAML SafeLoader class with YAML 1.2-style scalars, no aliases and no duplicate keys.

    Implicit types: null, true/false (only those words), decimal integers without a leading
    zero, and floats including exponents (1e3, 2.5E-2) and .nan/.inf (validation rejects
    non-finite values). Everything else stays a string; a text an explicit tag cannot read
    (`!!int abc`) is a ConstructorError at its line. Duplicate keys are collected on the loader
    instance (`duplicates`: (key, line)) for the reader to report. Pure Python: the reference
    that `parse_yaml` hands every text the C parser cannot settle.
    """
    import yaml

    class StrictLoader(_DuplicateKeys, yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in input files", event.start_mark)
            return super().compose_node(parent, index)

    return _strict_types(StrictLoader)


C_MAX_DEPTH = 50  # deeper texts go to the Python parser, whose recursion limit decides (about 330 levels here)


class _TooDeep(Exception):
    """Raised inside the C composer at C_MAX_DEPTH levels, so that the Python parser decides."""


def c_strict_yaml_loader():
    """`strict_yaml_loader` on PyYAML's C parser (libyaml), or None when this PyYAML was built without it.

    The same resolvers, float constructor and duplicate-key check (CSafeLoader's resolver and
    constructor are PyYAML's Python classes), so a text both read gives the same objects. Unlike
    the Python loader it does not refuse aliases (libyaml resolves them: `parse_yaml_c` looks for
    one) and it stops at C_MAX_DEPTH levels of nesting, counted through the resolver's
    descend/ascend hooks, which the composer calls for every node.
    """
    import yaml

    return _c_loader_class() if yaml.__with_libyaml__ else None


@functools.cache
def _c_loader_class():
    """The C loader class, built once (`yaml.CSafeLoader` exists only when PyYAML has libyaml)."""
    import yaml

    class CStrictLoader(_DuplicateKeys, yaml.CSafeLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self.nesting_depth = 0

        def descend_resolver(self, current_node, current_index):
            self.nesting_depth += 1
            if self.nesting_depth > C_MAX_DEPTH:
                raise _TooDeep
            return super().descend_resolver(current_node, current_index)

        def ascend_resolver(self):
            self.nesting_depth -= 1
            return super().ascend_resolver()

    return _strict_types(CStrictLoader)


class _DuplicateKeys:
    """Mixin for a PyYAML loader: collect (key, line) of each repeated mapping key in `duplicates`."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates = []

    def construct_mapping(self, node, deep=False):
        import yaml

        seen = set()
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    if key in seen:
                        self.duplicates.append((key, key_node.start_mark.line + 1))
                    seen.add(key)
                except TypeError:
                    pass
        return super().construct_mapping(node, deep=deep)


def _strict_types(loader):
    """Give a loader class the strict implicit types and the float constructor (both loaders alike)."""
    loader.yaml_implicit_resolvers = {}
    loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        list("-+0123456789."))
    loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    for kind, words in _SCALAR_KINDS.items():
        loader.add_constructor(f"tag:yaml.org,2002:{kind}", _refusing_unreadable(loader.yaml_constructors[f"tag:yaml.org,2002:{kind}"], words))
    return loader


_SCALAR_KINDS = {"int": "a whole number", "float": "a number", "bool": "true or false", "timestamp": "a date"}


def _refusing_unreadable(constructor, words: str):
    """`constructor` with a text it cannot read reported as malformed YAML at the value (an explicit tag such
    as `!!int abc`, or an integer of more digits than Python converts) instead of a bare Python error."""
    def construct(loader, node):
        try:
            return constructor(loader, node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            import yaml

            shown = str(node.value) if len(str(node.value)) <= 40 else f"{str(node.value)[:40]}..."
            raise yaml.constructor.ConstructorError(None, None, f"cannot read {shown!r} as {words}", node.start_mark) from None
    return construct


def _construct_float(loader, node):
    """Floats as Python reads them (PyYAML's own constructor mishandles 1e3 without a dot)."""
    text = loader.construct_scalar(node).lower()
    if text.lstrip("+-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


def parse_yaml(text: str, shown: str, problems: list):
    """Parse YAML text with the strict loader; report malformed text and duplicate keys.

    PyYAML's C parser reads it when it can (the shipped inputs in 7 ms instead of 48); whenever it
    cannot give the answer for certain (any error, a duplicate key, an alias, deep nesting, a construct the two
    parsers read differently) the Python parser reads the text again and its result or message is
    the one returned, so either way the objects and the words are the Python parser's.
    """
    data = parse_yaml_c(text)
    if data is NEEDS_PYTHON:
        return parse_yaml_python(text, shown, problems)
    return data


NEEDS_PYTHON = object()  # parse_yaml_c's answer when the Python parser must decide
# Where libyaml (0.2.6 in the PyYAML 6.0 wheels) and PyYAML's Python parser part ways (libyaml reads texts the
# other refuses, or reads them otherwise; found by comparing the two on generated texts and on the YAML test
# suite): tabs, a byte-order mark after the start, tags (`!`), `?` (explicit keys; libyaml lets it end a plain
# scalar in a flow collection), directives (`%` at a line's start, after any YAML line break: \r, \n, \x85,
# \u2028, \u2029) and a block scalar header run into a comment (`>#`). A text with any of them goes to the
# Python parser.
_PARSERS_DIFFER = re.compile(r"[\t\ufeff!?]|(?:\A|[\r\n\x85\u2028\u2029])%|[|>][-+0-9]*#")


def parse_yaml_c(text: str):
    """The data PyYAML's C parser reads from `text` with the strict types, or NEEDS_PYTHON.

    NEEDS_PYTHON when there is no C parser, when the text holds a construct the parsers read
    differently (_PARSERS_DIFFER), and on any error, duplicate key, alias or nesting beyond
    C_MAX_DEPTH: the cases whose answer, object or message, is the Python parser's to give.
    """
    loader_class = c_strict_yaml_loader()
    if loader_class is None or _PARSERS_DIFFER.search(text):
        return NEEDS_PYTHON
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is not None and "&" in text and "*" in text and _has_alias(node):
            return NEEDS_PYTHON
        data = loader.construct_document(node) if node is not None else None
    except Exception:  # noqa: BLE001 - any failure: the Python parser reads the text again and says what is wrong
        return NEEDS_PYTHON
    finally:
        if loader is not None:
            loader.dispose()
    return NEEDS_PYTHON if loader.duplicates else data


def _has_alias(root) -> bool:
    """Whether a composed node graph holds a node twice: what an alias (*name) makes the C composer do."""
    import yaml

    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


def parse_yaml_python(text: str, shown: str, problems: list):
    """Parse with the pure-Python strict loader (`strict_yaml_loader`): the reference for objects and messages."""
    import yaml

    loader = None
    try:
        loader = strict_yaml_loader()(text)
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        problems.append(Problem(shown, "", None, f"not a text file: character #x{exc.character:04x} at position {exc.position}"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "malformed YAML"
        problems.append(Problem(shown, "", None, f"malformed YAML{where}: {reason}"))
        return None
    except RecursionError:
        problems.append(Problem(shown, "", None, "malformed YAML: nested too deeply"))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    for key, line in loader.duplicates:
        problems.append(Problem(shown, str(key), None, f"duplicate key at line {line}: each key may appear once"))
    if loader.duplicates:
        return None
    return data


def _read_text(path: Path, shown: str, problems: list):
    """(bytes, UTF-8 text) of an input file, or (bytes or None, None) after recording why it cannot be read."""
    raw = _read_bytes(path, shown, problems)
    if raw is None:
        return None, None
    return raw, _decode(raw, shown, problems)


def read_yaml(path: Path, shown: str, problems: list):
    """Parse a YAML mapping with the strict safe loader; None (and a problem) when it cannot be read."""
    raw, text = _read_text(path, shown, problems)
    if text is None:
        return None, None
    data = parse_yaml(text, shown, problems)
    if data is None:
        if not any(p.where == shown for p in problems):
            problems.append(Problem(shown, "", None, "the file is empty"))
        return None, None
    if not isinstance(data, dict):
        problems.append(Problem(shown, "", type(data).__name__, "expected a YAML mapping of parameter: {...}"))
        return None, None
    return data, hashlib.sha256(raw).hexdigest()


def read_csv(path: Path, shown: str, problems: list):
    """Parse a CSV file into a list of row dicts; ragged rows are reported with their line."""
    raw, text = _read_text(path, shown, problems)
    if text is None:
        return None, None
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows = list(reader)
    except csv.Error as exc:
        problems.append(Problem(shown, "", None, f"malformed CSV: {exc}"))
        return None, None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        problems.append(Problem(shown, "", None, "the file has no header row"))
        return None, None
    header = [h.strip() for h in rows[0]]
    out = []
    for lineno, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            problems.append(Problem(shown, f"line {lineno}", f"{len(r)} cells", f"malformed CSV: expected {len(header)} cells like the header"))
            continue
        row = {h: c.strip() for h, c in zip(header, r)}
        row["_line"] = lineno
        out.append(row)
    return {"header": header, "rows": out}, hashlib.sha256(raw).hexdigest()


def read_csv_cells(path: Path, shown: str, problems: list):
    """Parse a CSV file into (header, [(line, cells)], SHA-256), cells exactly as written; None after a reported problem.

    Lines count from 1 for the header and follow the file's physical lines (a quoted cell may
    span several); blank lines are skipped.
    """
    raw, text = _read_text(path, shown, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, line = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(f"{shown}:{reader.line_num}", "", None, f"malformed CSV: {exc}"))
        return None
    if not rows:
        problems.append(Problem(shown, "", None, "the file has no header row"))
        return None
    return rows[0][1], rows[1:], hashlib.sha256(raw).hexdigest()


def collect_inputs(root):
    """Read what can be read; return (RawInputs with the files that parsed, problems found).

    Validation goes on with the readable files so that one run reports every problem.
    Raises InputError only when there is no inputs folder at all.
    """
    root = Path(root)
    problems: list = []
    if not root.exists():
        raise InputError([Problem(str(root), "", None, "inputs folder not found")])
    if not root.is_dir():
        import stat

        mode = root.stat().st_mode
        what = "" if stat.S_ISREG(mode) else f"is {kind_of(mode)}: "
        raise InputError([Problem(str(root), "", None, f"{what}expected an inputs folder (or an .xlsx inputs workbook)")])
    raw = RawInputs(root=str(root))
    for name in YAML_FILES:
        data, digest = read_yaml(root / name, _shown(root, name), problems)
        if data is not None:
            raw.files[name] = InputFile(_shown(root, name), digest, data)
    for name in CSV_FILES:
        data, digest = read_csv(root / name, _shown(root, name), problems)
        if data is not None:
            raw.files[name] = InputFile(_shown(root, name), digest, data)
    if (root / FITTED_FILE).exists():  # optional: written by `finmodel fit`
        data, digest = read_yaml(root / FITTED_FILE, _shown(root, FITTED_FILE), problems)
        if data is not None:
            raw.files[FITTED_FILE] = InputFile(_shown(root, FITTED_FILE), digest, data)
    if (root / "scenarios" / f"{BASELINE}.yaml").exists():
        problems.append(Problem(_shown(root, f"scenarios/{BASELINE}.yaml"), "scenario", BASELINE,
                                f"'{BASELINE}' names the run without a scenario (and --scenario {BASELINE} means no scenario), "
                                "so this file would never be read: rename it"))
    return raw, problems


BASELINE = "baseline"   # the run without a scenario file: reserved as a scenario name


def _shown(root: Path, name: str) -> str:
    return str(Path(root) / name)
