"""Shared fixtures: the shipped baseline, loaded once per session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def baseline():
    from finmodel.model.pipeline import load_inputs

    return load_inputs(INPUTS)


@pytest.fixture(scope="session")
def baseline_results(baseline):
    from finmodel.model.pipeline import run

    return run(baseline)
