"""The history tables are checked like the inputs: every problem at file:line:column, valid files read unchanged."""

import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.inputs import history
from finmodel.inputs.errors import InputError
from finmodel.inputs.history_schema import TABLES
from tests.conftest import INPUTS

HISTORY = INPUTS / "history"


@pytest.fixture
def hist(tmp_path):
    root = tmp_path / "history"
    shutil.copytree(HISTORY, root)
    return root


def edit(root, name, old, new):
    path = root / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root, names=None):
    with pytest.raises(InputError) as err:
        history.check(root, names or history.TABLES)
    return [str(p) for p in err.value.problems]


def test_every_shipped_table_is_declared_and_valid():
    assert set(history.TABLES) == {p.stem for p in HISTORY.glob("*.csv")}
    notes = history.check(HISTORY)
    assert all(n.severity == "note" for n in notes)
    assert [n.where.rsplit("/", 1)[-1] for n in notes] == ["hk_land_premium.csv", "hk_fiscal_long.csv", "hk_fiscal_reserves_breaks.csv"]


@pytest.mark.parametrize("name", history.TABLES)
def test_valid_tables_are_read_exactly_as_pandas_reads_them(name):
    pd.testing.assert_frame_equal(history.read_table(name, HISTORY), pd.read_csv(HISTORY / f"{name}.csv"))


def test_recalled_rows_are_reported_and_used(hist):
    note = next(n for n in history.check(hist) if n.where.endswith("hk_land_premium.csv"))
    assert "17 row(s) rest on recall" in str(note) and "lines 3-10, 12-15, 17, 20, 24, 26, 28" in str(note)
    land = history.land_premium(hist)
    assert (land["confidence"] == "recalled").sum() == 17


@pytest.mark.parametrize("name, old, new, expected", [
    ("hk_macro", "2010,1776.332,6.77,", "2010,1776.332,abc,", "hk_macro.csv:15:3: real_growth_pct = 'abc': not a number"),
    ("hk_macro", "2010,1776.332,6.77,", "2010,1776.332,3,0,", "hk_macro.csv:15 = '8 cells': malformed CSV"),
    ("hk_macro", "2012,2037.059,", "2012,-1e9,", "hk_macro.csv:17:2: nominal_gdp_hkd_bn = '-1e9': outside the allowed range 1 to 100000 HK$ bn"),
    ("hk_macro", "2012,2037.059,", "2012,inf,", "hk_macro.csv:17:2: nominal_gdp_hkd_bn = 'inf': must be a finite number"),
    ("hk_macro", "\n2012,", "\n2013,", "hk_macro.csv:18:2: nominal_gdp_hkd_bn = '2138.305': duplicate of line 17 (year 2013)"),
    ("hk_macro", "\n2012,", "\n2014,", "hk_macro.csv:18:1: year = '2013': out of order: comes after 2014"),
    ("hk_macro", "year,nominal", "yaer,nominal", "hk_macro.csv:1:1: header = 'yaer': unknown column; did you mean 'year'?"),
    ("hk_land_premium", "2015-16,60.9,", "2015-17,60.9,", "hk_land_premium.csv:16:1: fiscal_year = '2015-17': 2015-17 is not a fiscal year"),
    ("hk_land_premium", "2015-16,60.9,actual,S52", "2015-16,60.9,actual,52", "hk_land_premium.csv:16:4: source_id = '52': source ids"),
    ("hk_land_premium", "2015-16,60.9,actual,", "2015-16,60.9, actual,", "hk_land_premium.csv:16:3: kind = ' actual': spaces around"),
    ("hk_rates", "2025-07-17,HKGB 2-year", "2025-02-30,HKGB 2-year", "hk_rates.csv:2:1: date = '2025-02-30': a date written"),
    ("hk_rates_annual", "2000,\"US effective", "2001,\"US effective", "hk_rates_annual.csv:6:3: value_pct = '3.887': duplicate of line 5"),
    ("hk_fiscal_long", "1996-97,actual,total_revenue,208.358", "1996-97,actual,total_revenu,208.358",
     "hk_fiscal_long.csv:2:3: item = 'total_revenu': one of"),
    ("hk_fiscal_long", "1996-97,actual,fiscal_reserves_end,173.605", "1996-97,actual,fiscal_reserves_end,-173.605",
     "hk_fiscal_long.csv:5:4: value = '-173.605': outside the allowed range 0 to 10000 HK$ bn"),
    ("hk_borrowing", ",291.839,HK$ bn", ",291.8 bn,HK$ bn", "hk_borrowing.csv:32:3: value = '291.8 bn': not a number: a figure in 'HK$ bn' is a number"),
    ("hk_borrowing", "95-135,HK$ bn p.a.", "135-95,HK$ bn p.a.", "hk_borrowing.csv:17:3: value = '135-95': a range is written low-high"),
    ("hk_borrowing", "FY2024-25,Bond proceeds (GSBP+IBP)", "FY2024-25 (Apr-Xyz),Bond proceeds (GSBP+IBP)",
     "hk_borrowing.csv:69:1: date = 'FY2024-25 (Apr-Xyz)': a date (2025-07-31), a fiscal year"),
    ("hk_mrf_assumptions", "2011-12 Budget,2012-2015,trend_real_growth,4.0,% p.a.", "2011-12 Budget,2012-2015,trend_real_growth,4.0,% pa",
     "hk_mrf_assumptions.csv:2:5: unit = '% pa': one of"),
])
def test_a_bad_cell_names_file_line_column_value_and_what_is_allowed(hist, name, old, new, expected):
    edit(hist, name, old, new)
    assert any(expected in p for p in problems(hist, (name,))), problems(hist, (name,))


def test_a_duplicate_with_another_value_is_an_error_and_an_exact_repeat_a_warning(hist):
    row = '2025-02-28,"Government Debts outstanding (GSBP+IBP, CWRF)",291.839,HK$ bn,S29,verified,\n'
    edit(hist, "hk_borrowing", row, row + row.replace("291.839", "371.8") + row)
    found = problems(hist, ("hk_borrowing",))
    assert found == ["%s:33:3: value = '371.8': duplicate of line 32 (date 2025-02-28, item Government Debts outstanding "
                     "(GSBP+IBP, CWRF)) with a different value (291.839): each row may appear once; keep the right figure"
                     % (hist / "hk_borrowing.csv")]
    edit(hist, "hk_borrowing", row.replace("291.839", "371.8"), "")
    warnings = history.check(hist, ("hk_borrowing",))
    assert [str(w) for w in warnings] == [f"{hist / 'hk_borrowing.csv'}:33: repeats line 32 (date 2025-02-28, item Government "
                                          "Debts outstanding (GSBP+IBP, CWRF)); remove one"]


def test_a_gap_in_a_consecutive_series_is_reported_once(hist):
    edit(hist, "hk_macro", "\n2010,", "\n#2010,")
    found = problems(hist, ("hk_macro",))
    assert any("hk_macro.csv:15:1: year = '#2010': a calendar year" in p for p in found)
    lines = (hist / "hk_macro.csv").read_text().splitlines(keepends=True)
    (hist / "hk_macro.csv").write_text("".join(line for line in lines if not line.startswith("#2010")))
    assert any("year = '2011': a gap after 2009: 2010 missing" in p for p in problems(hist, ("hk_macro",)))


def test_every_problem_of_every_table_at_once(hist):
    edit(hist, "hk_macro", "2010,1776.332,6.77,", "2010,1776.332,abc,")
    edit(hist, "hk_macro", "2012,2037.059,", "2012,-5,")
    edit(hist, "hk_land_premium", "2015-16,60.9,", "2015-16,x,")
    (hist / "hk_rates.csv").unlink()
    found = problems(hist)
    assert len(found) == 4
    for text in ("hk_macro.csv:15:3: real_growth_pct = 'abc'", "hk_macro.csv:17:2: nominal_gdp_hkd_bn = '-5'",
                 "hk_land_premium.csv:16:2: land_premium_hkd_bn = 'x': not a number", "hk_rates.csv: history table not found"):
        assert any(text in p for p in found), (text, found)


def test_missing_and_unreadable_tables(hist):
    (hist / "hk_macro.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (hist / "hk_land_premium.csv").write_text("")
    found = problems(hist, ("hk_macro", "hk_land_premium"))
    assert found == [f"{hist / 'hk_macro.csv'}: binary file: expected UTF-8 text", f"{hist / 'hk_land_premium.csv'}: the file is empty"]


def test_validate_checks_the_history_tables_and_one_history_file(tmp_path):
    from click.testing import CliRunner

    from finmodel.cli import main

    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    edit(root / "history", "hk_macro", "2012,2037.059,", "2012,-1e9,")
    for target in (root, root / "history" / "hk_macro.csv"):
        r = CliRunner().invoke(main, ["validate", "--inputs", str(target)])
        assert r.exit_code == 2 and "hk_macro.csv:17:2: nominal_gdp_hkd_bn = '-1e9'" in r.output, r.output
        assert "Traceback" not in r.output
    r = CliRunner().invoke(main, ["validate", "--inputs", str(root / "history" / "hk_rates.csv")])
    assert r.exit_code == 0 and "inputs are valid (0 warning(s))" in r.output, r.output


def test_a_short_sample_names_the_files_and_the_years(hist):
    from finmodel.analysis import shock_model

    text = (hist / "hk_rates_annual.csv").read_text().splitlines()
    keep = [line for line in text if "TB3MS" not in line or line.startswith(("2015", "2016", "2017", "2018", "2019", "2020"))]
    (hist / "hk_rates_annual.csv").write_text("\n".join(keep) + "\n")
    with pytest.raises(InputError) as err:
        shock_model.load(hist, method="var")
    (p,) = err.value.problems
    assert "hk_rates_annual.csv" in p.where and p.value == "6 consecutive years (2015-2020)"
    assert "at least 15 consecutive calendar years" in p.allowed
    keep = [line for line in text if "TB3MS" not in line or line.startswith(("2015", "2016", "2017", "2018", "2019"))]
    (hist / "hk_rates_annual.csv").write_text("\n".join(keep) + "\n")
    with pytest.raises(InputError) as err:
        shock_model.load(hist)                                             # the default covariance needs k + 2 = 6 years
    (p,) = err.value.problems
    assert p.value == "5 years (2015-2019)" and "at least 6 calendar years" in p.allowed


HOSTILE_CELLS = ["", "abc", "3,0", "-1e9", "1e308", "nan", "inf", " 12", "2024-13-01", "FY2025-27", "recalled", "=1+1",
                 "0x1F", "1_000", "\u00e9", "-0"]


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["hk_macro", "hk_land_premium", "hk_rates_annual"]), data=st.data())
def test_corrupted_shock_model_tables_give_an_input_error_or_a_valid_model(name, data, tmp_path_factory):
    """Any edit of a cell of the shock model's tables gives the project's InputError or a finite model, never a crash."""
    import re

    import numpy as np

    from finmodel.analysis import shock_model

    root = tmp_path_factory.mktemp("hist")
    shutil.copytree(HISTORY, root, dirs_exist_ok=True)
    text = (root / f"{name}.csv").read_text(encoding="utf-8")
    spans = [m.span() for m in re.finditer(r"[^,\n\"]+", text)]
    for _ in range(data.draw(st.integers(1, 3))):
        a, b = spans[data.draw(st.integers(0, len(spans) - 1))]
        text = text[:a] + data.draw(st.sampled_from(HOSTILE_CELLS)) + text[b:]
        spans = [m.span() for m in re.finditer(r"[^,\n\"]+", text)]
    (root / f"{name}.csv").write_text(text, encoding="utf-8")
    try:
        model = shock_model.load(root)
    except InputError as err:
        assert err.problems and all(p.where for p in err.problems)
        return
    assert np.isfinite(model.sigma_u).all() and np.isfinite(model.data).all()


def test_every_table_declares_its_columns_once():
    for t in TABLES.values():
        names = [c.name for c in t.columns]
        assert len(names) == len(set(names)), t.name
        assert any(c.key for c in t.columns), t.name


@pytest.mark.parametrize("name", [n for n in TABLES if (HISTORY / f"{n}.csv").is_file()])
def test_rows_hold_the_values_the_pandas_reader_gives(name):
    """`read_rows` (no pandas: simulate's reader) and `read_table` read the same cells: per row and column the same
    value, bit for bit, with None where pandas puts NaN; a "year" column as int and a "number" column as float."""
    import math

    rows, frame = history.read_rows(name, HISTORY), history.read_table(name, HISTORY)
    assert len(rows) == len(frame) > 0 and all(list(r) == list(frame.columns) for r in rows)
    kinds = {c.name: c.kind for c in TABLES[name].columns}
    for r, expected in zip(rows, frame.to_dict("records")):
        for column, value in r.items():
            want = expected[column]
            if value is None:
                assert want is None or (isinstance(want, float) and math.isnan(want)), (name, column, want)
            elif kinds[column] in ("year", "number"):
                assert type(value) is {"year": int, "number": float}[kinds[column]]
                assert value == want and math.copysign(1, value) == math.copysign(1, want), (name, column, value, want)
            else:
                assert value == str(want), (name, column, value, want)


def test_a_bad_cell_stops_the_rows_reader_as_it_stops_the_pandas_reader(hist):
    edit(hist, "hk_fiscal_reserves_outturn", "494.351", "49x4")
    for read in (history.read_rows, history.read_table):
        with pytest.raises(InputError, match=r"hk_fiscal_reserves_outturn\.csv:4:2"):
            read("hk_fiscal_reserves_outturn", hist)


def test_a_repeated_date_with_another_kind_is_an_error_not_an_exact_repeat(hist):
    """Two rows for one date whose figures agree but whose kind differs (an actual and a revised estimate) are not the
    same row: which is the outturn would be a guess, so it is an error at the kind cell."""
    row = "2024-03-31,734.585,actual,"
    edit(hist, "hk_fiscal_reserves_outturn", row, "2024-03-31,734.585,revised,S187,verified,\n" + row)
    found = problems(hist, ("hk_fiscal_reserves_outturn",))
    assert len(found) == 1 and ":20:3: kind = 'actual': duplicate of line 19 (date 2024-03-31)" in found[0], found
    assert "with a different kind (revised)" in found[0]
    assert found[0].endswith("keep the right row")


def test_a_reserves_forecast_must_be_above_zero(hist):
    """The record's errors divide by the forecast: a reserves forecast of 0 is refused at its cell (a balance may be)."""
    edit(hist, "hk_mrf_track_record", "2030-03-31,fiscal_reserves_end,579.1,", "2030-03-31,fiscal_reserves_end,0,")
    found = problems(hist, ("hk_mrf_track_record",))
    assert len(found) == 1 and ":59:5: value_hkd_bn = '0': outside the allowed range 1 to 10000 HK$ bn" in found[0], found
    edit(hist, "hk_mrf_track_record", "2009-03-31,consolidated_balance,-7.5,", "2009-03-31,consolidated_balance,0,")
    assert len(problems(hist, ("hk_mrf_track_record",))) == 1


def test_edited_cells_read_as_rows_hold_what_the_pandas_reader_gives(hist):
    """A byte-order mark, CRLF line ends, spaces around figures, quoted figures, exponents and blank optional cells:
    `read_rows` and `read_table` agree value for value (None where pandas puts NaN)."""
    import math

    path = hist / "hk_mrf_track_record.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(",579.1,", ", 579.1 ,", 1).replace(",-7.5,", ',"-7.5",', 1).replace(",25.4,", ",2.54e1,", 1)
    text = text.replace(",S161,verified,", ",,verified,", 1)
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    rows, frame = history.read_rows("hk_mrf_track_record", hist), history.read_table("hk_mrf_track_record", hist)
    assert len(rows) == len(frame)
    for r, want in zip(rows, frame.to_dict("records")):
        assert list(r) == list(want)
        for column, value in r.items():
            w = want[column]
            assert (value is None and (w is None or (isinstance(w, float) and math.isnan(w)))) or value == w, (column, value, w)
    assert [r["value_hkd_bn"] for r in rows if r["value_hkd_bn"] in (579.1, -7.5, 25.4)] == [25.4, -7.5, 579.1]
    assert sum(r["source_id"] is None for r in rows) >= 1
