"""The long run composed onto a run's assumptions: ageing, the workforce's salaries tax and the ceiling's indexation.

Only a run whose horizon passes the MRF is touched (`attach`): up to the MRF every figure is the Budget's and
the model's medium-term rules, so a run to the MRF is unchanged, byte for byte. Beyond it the engine adds
`recurrent_add_share_gdp` and `revenue_add_share_gdp` times GDP (`finmodel.model.ageing`).
"""

from dataclasses import replace

import numpy as np

from finmodel.inputs import long_run as inputs
from finmodel.inputs.assumptions import Assumptions
from finmodel.model import ageing, budget


def attach(a: Assumptions, inputs_path=None, lr=None) -> Assumptions:
    """`a` with long_run.yaml (read from the inputs folder, else the installed copy) composed on, past the MRF only.

    The file's SHA-256 joins the run's input hashes (as long_run.yaml) since the run now depends on it.
    """
    if a.years[-1] <= a.mrf_last_year:
        return a
    if lr is None:
        lr = inputs.load(inputs.locate(inputs_path))
    recurrent, revenue = ageing.beyond_mrf_adjustments(lr, a.years, a.mrf_last_year)
    out = replace(a, long_run=lr, recurrent_add_share_gdp=recurrent, revenue_add_share_gdp=revenue,
                  input_hashes={**a.input_hashes, inputs.FILE: lr.sha256})
    return with_ceiling(out, lr.ceiling_indexation)


def baseline_gdp(a: Assumptions) -> np.ndarray:
    """Nominal GDP of the assumptions without shocks [HK$ bn], (years,)."""
    return budget.nominal_gdp(a.gdp0_hkd_bn, budget.nominal_growth(a, 0.0, 1))[0]


def with_ceiling(a: Assumptions, indexation: str) -> Assumptions:
    """`a` under the ceiling option: fixed (the HK$ figures as legislated, held) or gdp.

    gdp: C_t = C_k * Y_t / Y_k for t >= k (k = index_from), Y the baseline's nominal GDP; C_t as given before k.
    """
    lr = a.long_run
    if indexation == "fixed" or lr is None:
        return a
    k = int(np.searchsorted(a.years, lr.ceiling_index_from))
    if k >= a.n_years:
        return a
    gdp = baseline_gdp(a)
    ceiling = np.array(a.ceiling_hkd_bn, dtype=float)
    ceiling[k:] = ceiling[k] * gdp[k:] / gdp[k]
    return replace(a, ceiling_hkd_bn=ceiling)


def under_option(a: Assumptions, indexation: str) -> Assumptions:
    """`a` under either ceiling option, whichever the run itself took.

    fixed from a gdp-indexed run: C_k held from k on (C_k is the same under both: Y_k / Y_k = 1).
    """
    if a.long_run is None or indexation == a.long_run.ceiling_indexation:
        return a
    if indexation == "gdp":
        return with_ceiling(a, "gdp")
    k = int(np.searchsorted(a.years, a.long_run.ceiling_index_from))
    ceiling = np.array(a.ceiling_hkd_bn, dtype=float)
    ceiling[k:] = ceiling[min(k, a.n_years - 1)]
    return replace(a, ceiling_hkd_bn=ceiling)
