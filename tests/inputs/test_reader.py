"""The reader: a strict safe YAML loader that keeps numbers numbers and refuses YAML 1.1 traps, read through
PyYAML's C parser when it can, with the same objects and messages as its Python parser."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.inputs.errors import InputError
from finmodel.inputs.load import read_inputs
from finmodel.inputs.reader import NEEDS_PYTHON, parse_yaml, parse_yaml_c, parse_yaml_python
from tests.conftest import INPUTS, ROOT


def _parse(text):
    problems = []
    return parse_yaml(text, "x.yaml", problems), problems


@pytest.mark.parametrize("text, value", [
    ("1e3", 1000.0), ("2.5E-2", 0.025), ("3.85", 3.85), ("7", 7), ("-0.5", -0.5), ("+3", 3), ("1.", 1.0),
    ("012", "012"), ("0x1F", "0x1F"), ("1:30", "1:30"), ("1_000", "1_000"), ("3,0", "3,0"),
    ("yes", "yes"), ("NO", "NO"), ("on", "on"), ("true", True), ("False", False), ("~", None), ("null", None),
    ("2026-04-01", "2026-04-01"), ("2026-27", "2026-27"),
])
def test_scalars_follow_yaml_1_2_not_1_1(text, value):
    data, problems = _parse(f"a: {text}\n")
    assert problems == [] and data["a"] == value and type(data["a"]) is type(value)


def test_nan_and_infinity_are_floats_for_validation_to_refuse():
    data, _ = _parse("a: .nan\nb: -.inf\n")
    assert math.isnan(data["a"]) and data["b"] == -math.inf


def test_duplicate_keys_aliases_and_unsafe_tags_are_refused():
    for text, words in (("a: 1\na: 2\n", "duplicate key at line 2"), ("a: &x 1\nb: *x\n", "aliases"),
                        ("a: !!python/object/apply:os.system ['true']\n", "malformed YAML"), ("[" * 5000, "nested too deeply")):
        data, problems = _parse(text)
        assert data is None and any(words in str(p) for p in problems), (text[:20], problems)


def test_read_inputs_keeps_what_it_could_read(tmp_path):
    import shutil

    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("history"))
    (root / "macro.yaml").write_text("a: [\n")
    with pytest.raises(InputError) as info:
        read_inputs(root)
    assert "malformed YAML" in str(info.value)
    assert set(info.value.partial.files) == {"fiscal.yaml", "borrowing.yaml", "budget_plan.yaml", "opening_book.csv", "peers.csv",
                                             "fitted_plan.yaml", "gfsm_classification.csv"}


def test_a_value_its_tag_cannot_read_is_an_input_error_not_a_crash(tmp_path):
    """`!!float abc` (or an integer longer than Python converts) is reported with its line, like malformed YAML."""
    import shutil

    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("history"))
    text = (root / "macro.yaml").read_text(encoding="utf-8")
    (root / "macro.yaml").write_text(text.replace("extrapolate: none", "extrapolate: !!float abc", 1), encoding="utf-8")
    line = text[:text.index("extrapolate: none")].count("\n") + 1
    with pytest.raises(InputError) as info:
        read_inputs(root)
    assert f"macro.yaml: malformed YAML at line {line}, column 16: cannot read 'abc' as a number" in str(info.value)


def test_openpyxl_parses_workbooks_through_defusedxml():
    """Workbooks are read with defusedxml underneath openpyxl (no XML entity expansion attacks)."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


# PyYAML's C parser (libyaml) reads the text when it can; the Python parser stays the reference. Every test below
# compares the two: the same objects for every text the C parser reads, the same messages (the Python parser's) for
# every text it hands back.

SHIPPED_YAML = sorted(p for folder in ("inputs", "budgets", "seeds") for p in (ROOT / folder).rglob("*.yaml"))


def _outcome(parse, text):
    """What a parse gives: (repr of the data, the problems' words) or the exception it raised, by name and words."""
    problems = []
    try:
        data = parse(text, "x.yaml", problems)
    except Exception as exc:  # noqa: BLE001 - compared, not hidden: both paths must raise the same
        return ("raised", type(exc).__name__, str(exc))
    return repr(data), [str(p) for p in problems]


def _same_as_python(text):
    auto, python = _outcome(parse_yaml, text), _outcome(parse_yaml_python, text)
    assert auto == python, (text[:80], auto, python)
    return python


@pytest.mark.parametrize("path", SHIPPED_YAML, ids=[p.relative_to(ROOT).as_posix() for p in SHIPPED_YAML])
def test_the_c_parser_reads_every_shipped_file_as_the_python_parser_does(path):
    text = path.read_text(encoding="utf-8-sig")
    data = parse_yaml_c(text)
    assert data is not NEEDS_PYTHON, "a shipped file should take the C parser"
    assert repr(data) == repr(parse_yaml_python(text, "x.yaml", [])) and data == parse_yaml_python(text, "x.yaml", [])


@pytest.mark.parametrize("text", [
    "1e3", "2.5E-2", "3.85", "7", "-0.5", "+3", "1.", ".5", "+.5", "-.5e-2", "0", "-0", "0.0", "012", "0x10", "0x1F", "0o7", "0b1",
    "1:30", "1_000", "3,0", "yes", "No", "ON", "off", "y", "n", "true", "True", "TRUE", "false", "~", "null", "Null", "NULL", "",
    ".nan", ".NaN", ".inf", "-.Inf", "+.INF", "2026-04-01", "2026-04-01 10:00:00", "2026-27", "'1'", '"true"', "'~'", "1e400",
    "9" * 40, "\n  - 1\n  - x", "[1, 1.5, x]", "{a: 1, b: .5}", ">-\n  folded\n  text\n", "|\n  kept\n",
])
def test_the_c_parser_gives_the_same_types(text):
    """The C loader's resolver and constructor are the Python classes with the strict overrides: same typing."""
    data = parse_yaml_c(f"a: {text}\n")
    assert data is not NEEDS_PYTHON
    assert repr(data) == repr(parse_yaml_python(f"a: {text}\n", "x.yaml", []))


ALIAS_BOMB = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"


@pytest.mark.parametrize("text, words", [
    ("a: [\n", "malformed YAML at line 2, column 1: expected the node content"),
    ("a: 1\n b: 2\n", "malformed YAML at line 2, column 3: mapping values are not allowed here"),
    ("a: 'x\n", "malformed YAML at line 2, column 1: found unexpected end of stream"),
    ("a: 1\n---\nb: 2\n", "malformed YAML at line 2, column 1: but found another document"),
    ("a: x\x07y\n", "not a text file: character #x0007 at position 4"),
    ("a: \ud800\n", "not a text file: character #xd800 at position 3"),
    ("a: &x 1\nb: *x\n", "malformed YAML at line 2, column 4: aliases (*name) are not allowed in input files"),
    ("a: &x [1]\nb: {c: *x}\n", "malformed YAML at line 2, column 8: aliases"),
    ("&k a: 1\n*k : 2\n", "malformed YAML at line 2, column 1: aliases"),
    ("a: &a [1, *a]\n", "malformed YAML at line 1, column 11: aliases"),
    ("a: *nowhere\n", "malformed YAML at line 1, column 4: aliases"),
    (ALIAS_BOMB, "malformed YAML at line 2, column 8: aliases"),
    ("a: 1\na: 2\n", "x.yaml: a: duplicate key at line 2: each key may appear once"),
    ("x:\n  a: 1\n  b: 2\n  a: 3\n", "duplicate key at line 4"),
    ("{a: 1, b: 2, a: 3}\n", "duplicate key at line 1"),
    ("1: a\n1: b\n", "x.yaml: 1: duplicate key at line 2"),
    ("[" * 1000, "malformed YAML: nested too deeply"),
    ("a: !!binary 'QQ=='\n", ""),
    ("a:\tb\n", "found character '\\t' that cannot start any token"),
    ("a: 1\n\ufeffb: 2\n", ""),
    ("{a?}\n", "malformed YAML at line 1, column 3: expected ',' or '}', but got '?'"),
    ("a: !\n", ""),
    ("{w: !,}\n", "expected ' ', but found '}'"),
    ("a: >#\n  x\n", "expected chomping or indentation indicators, but found '#'"),
    ("%YAML 1.3\n--- a\n", ""),
    # texts of the YAML test suite (github.com/yaml/yaml-test-suite) that libyaml and PyYAML's Python parser read apart
    ("x:\n - x\n  \tx\n", "found character '\\t' that cannot start any token"),                             # UV7Q
    ("- a?string\n- {key?: value }\n", "expected ',' or '}', but got '?'"),                                    # JR7V
    ("{\n  foo : !!str,\n  !!str : bar,\n}\n", "malformed YAML at line 3, column 3: expected ',' or '}', but got '<tag>'"),  # WZ62
    ("block: ># comment\n  scalar\n", "expected chomping or indentation indicators, but found '#'"),          # X4QW
    ("%YAML 1.1#...\n---\n", "expected a digit or ' ', but found '#'"),                                       # MUS6
    ("# c\r%YAML 1.1#\r--- a\r", "malformed YAML at line 2, column 10: expected a digit or ' ', but found '#'"),
    ("# c\x85%YAML 1.1#\x85--- a\x85", "malformed YAML at line 2, column 10"),
    ("# c\u2028%YAML \t 1.1\u2028--- a", "malformed YAML at line 2, column 7: expected a digit, but found '\\t'"),
    ("? [a, b]\n: c\n", "found unhashable key"),
    ("a: " + "9" * 5000 + "\n", "malformed YAML at line 1, column 4: cannot read '" + "9" * 40 + "...' as a whole number"),
    ("a: !!float abc\n", "malformed YAML at line 1, column 4: cannot read 'abc' as a number"),
    ("a: !!int ''\n", "cannot read '' as a whole number"),
    ("a: !!bool maybe\n", "cannot read 'maybe' as true or false"),
    ("a: !!timestamp 2026-13-45\n", "cannot read '2026-13-45' as a date"),
])
def test_what_the_c_parser_cannot_settle_the_python_parser_does(text, words):
    """Errors, aliases, duplicate keys, deep nesting and the constructs libyaml reads otherwise go to the Python parser."""
    assert parse_yaml_c(text) is NEEDS_PYTHON
    data, messages = _same_as_python(text)
    assert words in " ".join(messages), messages


def test_nesting_is_read_in_c_up_to_the_bound_and_by_python_beyond_it():
    from finmodel.inputs.reader import C_MAX_DEPTH

    within, beyond = C_MAX_DEPTH - 1, C_MAX_DEPTH + 10   # the scalar inside is one level more
    expected = 1
    for _ in range(within):
        expected = [expected]
    assert parse_yaml_c("[" * within + "1" + "]" * within) == expected
    assert parse_yaml_c("[" * beyond + "]" * beyond) is NEEDS_PYTHON
    _same_as_python("[" * beyond + "]" * beyond)
    _same_as_python("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 70)) + " " * 70 + "v\n")


def test_anchors_without_aliases_and_stars_in_text_stay_on_the_c_parser():
    text = "a: &x [1, 2]\nb: 2 * 3 & more\nc: '*x'\n"
    assert parse_yaml_c(text) == {"a": [1, 2], "b": "2 * 3 & more", "c": "*x"}
    _same_as_python(text)


def test_the_c_loader_finds_duplicate_keys_on_the_same_lines():
    """construct_mapping is Python in both loaders, and libyaml's marks give the same key lines."""
    from finmodel.inputs.reader import c_strict_yaml_loader, strict_yaml_loader

    text = "a: 1\nb:\n  c: 1\n  c: 2\n  d: {e: 1,\n      e: 2}\na: 3\n"
    found = []
    for loader_class in (strict_yaml_loader(), c_strict_yaml_loader()):
        loader = loader_class(text)
        loader.get_single_data()
        found.append(loader.duplicates)
    assert found[0] == found[1] == [("a", 7), ("c", 4), ("e", 6)]


def _bad_input_yaml_texts():
    """The YAML texts the bad-input corpus writes (tests/bad_inputs/*.yaml patches of .yaml files)."""
    import yaml

    for case in sorted((ROOT / "tests" / "bad_inputs").glob("*.yaml")):
        for op in yaml.safe_load(case.read_text(encoding="utf-8")).get("patch", []):
            if op["file"].endswith(".yaml") and "write" in op:
                yield op["write"]
            elif op["file"].endswith(".yaml") and "replace" in op:
                yield (INPUTS / op["file"]).read_text(encoding="utf-8").replace(*op["replace"], 1)


@pytest.mark.parametrize("text", list(_bad_input_yaml_texts()))
def test_the_bad_input_corpus_reads_the_same(text):
    _same_as_python(text)


FRAGMENTS = ["a", "k", "x y", "1", "1e3", ".5", "0x10", "012", "yes", "~", "null", "true", "2026-04-01", "1:30", ".inf", ".nan",
             " ", "  ", "\n", "\n  ", "\n- ", "- ", "-", ":", ": ", ",", "[", "]", "{", "}", "#", " # c", "&x ", "*x", "!", "!!str ",
             "?", "? ", "|", ">-", ">", "'", '"', "''", "\\", "\\n", "\\/", "\\x41", "%", "%YAML 1.1\n", "---", "...", "@", "`",
             "\r", "\r\n", "\t", "\x85", "\u2028", "\u2029", "\ufeff", "\x07", "é", "中", "<<: "]
SHIPPED_TEXTS = [p.read_text(encoding="utf-8-sig") for p in SHIPPED_YAML]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_any_text_reads_the_same_as_with_the_python_parser(text):
    _same_as_python(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SHIPPED_TEXTS), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 4), st.sampled_from(FRAGMENTS + [""])),
                                                min_size=1, max_size=3))
def test_an_edited_shipped_file_reads_the_same_as_with_the_python_parser(text, edits):
    for where, cut, fragment in edits:
        i = int(where * len(text))
        text = text[:i] + fragment + text[i + cut:]
    _same_as_python(text)


def test_without_libyaml_the_python_parser_reads_everything(monkeypatch):
    """A PyYAML built without libyaml (`yaml.__with_libyaml__` False) reads every file with the Python parser, alike."""
    import yaml

    from finmodel.inputs.reader import c_strict_yaml_loader

    from finmodel.inputs.reader import collect_inputs

    texts = SHIPPED_TEXTS + [ALIAS_BOMB, "a: 1\na: 2\n", "a: [\n", "[" * 1000]
    expected, expected_inputs = [_outcome(parse_yaml, t) for t in texts], repr(collect_inputs(INPUTS))
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert c_strict_yaml_loader() is None and parse_yaml_c("a: 1\n") is NEEDS_PYTHON
    assert [_outcome(parse_yaml, t) for t in texts] == expected
    assert repr(collect_inputs(INPUTS)) == expected_inputs
