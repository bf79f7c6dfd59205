"""`finmodel simulate --exclude-recalled`: runs, and rests the land shock on the sourced years only."""

import json

import numpy as np
import pandas as pd
from click.testing import CliRunner

from finmodel.analysis import shock_model
from finmodel.cli import main
from tests.conftest import INPUTS


def test_exclude_recalled_simulates_with_finite_fans_and_no_recalled_rows(tmp_path):
    r = CliRunner().invoke(main, ["simulate", "--inputs", str(INPUTS), "--out", str(tmp_path / "x"), "--paths", "400",
                                  "--seed", "3", "--no-charts", "--exclude-recalled"])
    assert r.exit_code == 0, r.output
    fan = pd.read_csv(tmp_path / "x" / "fan.csv")
    numbers = fan.select_dtypes("number")
    assert len(numbers.columns) >= 7 and np.isfinite(numbers.to_numpy()).all()
    record = json.loads((tmp_path / "x" / "summary.json").read_text())
    assert record["shock_model"]["recalled_share"]["land_share_gdp_pct"] == 0.0
    assert record["run"]["options"]["exclude_recalled"] is True


def test_the_land_share_mean_skips_the_excluded_years():
    m = shock_model.load(INPUTS / "history", exclude_recalled=True)
    land = m.data[:, list(m.names).index("land_share_gdp_pct")]
    from finmodel.analysis import stochastic

    assert stochastic.land_share_mean(m) == np.mean(land[~np.isnan(land)]) > 0
    # Four sourced years, one consecutive pair: too few to estimate the land share's memory.
    assert m.persistence_pairs[list(m.names).index("land_share_gdp_pct")] < shock_model.MIN_AR_PAIRS
    assert m.persistence[list(m.names).index("land_share_gdp_pct")] == 0.0
