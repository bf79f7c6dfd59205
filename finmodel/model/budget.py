"""Budget flows before bonds: GDP, revenue and non-interest spending, vectorised over (paths, years).

Every function returns HK$ bn (or decimals for growth) as arrays of shape (paths, years); a shock
argument is anything broadcastable to (paths, years) and is held at its neutral value in year 0
(the Budget's revised estimate). Interest, investment income and bond flows are the engine's.
Pure numpy, no I/O.
"""

import numpy as np

from finmodel.inputs.assumptions import Assumptions


def shock_paths(x, n_paths, n_years, neutral):
    """Broadcast a shock to (paths, years) with year 0 held at the neutral value."""
    arr = np.array(np.broadcast_to(np.asarray(x, dtype=float), (n_paths, n_years)), dtype=float)
    arr[:, 0] = neutral
    return arr


def _grow(fixed, factor):
    """Levels that take the fixed value where given, else last year's level times `factor`.

    fixed: (years,) with NaN where the rule applies; factor: (paths, years). A NaN in year 0
    starts the path at zero (used only before calibration fills the anchor years).
    """
    out = np.empty(factor.shape)
    out[:, 0] = 0.0 if np.isnan(fixed[0]) else fixed[0]
    for t in range(1, factor.shape[1]):
        out[:, t] = fixed[t] if not np.isnan(fixed[t]) else out[:, t - 1] * factor[:, t]
    return out


def nominal_growth(a: Assumptions, growth_pp, n_paths: int) -> np.ndarray:
    """Nominal GDP growth g_t = g^assumed_t + growth_pp_t from year 1, g_0 = 0 [decimal a year]."""
    return shock_paths(a.nominal_growth[None, :] + np.asarray(growth_pp, dtype=float), n_paths, a.n_years, 0.0)


def nominal_gdp(gdp0_hkd_bn: float, growth: np.ndarray) -> np.ndarray:
    """Nominal fiscal-year GDP Y_t = Y_0 * prod_{s<=t} (1 + g_s) [HK$ bn] (g_0 = 0, so Y_0 is the anchor)."""
    return gdp0_hkd_bn * np.cumprod(1.0 + growth, axis=1)


def land_premium(a: Assumptions, gdp: np.ndarray, factor=1.0, gdp_share_add=None, hkd_bn=None) -> np.ndarray:
    """Land premium L_t [HK$ bn].

    L_t = (the Budget's HK$ figure where given, else share_t * Y_t) * factor_t; then, with a
    gdp_share_add shock, L_t = max(L_t + add_t * Y_t, 0) in every year from year 1, HK$ figures
    included; then a hkd_bn override replaces L_t wherever it is not NaN.
    """
    n_paths, n_years = gdp.shape
    land_base = np.where(np.isnan(a.land_fixed_hkd_bn), a.land_share_gdp * gdp, a.land_fixed_hkd_bn)
    land = land_base * shock_paths(factor, n_paths, n_years, 1.0)
    if gdp_share_add is not None:
        land = np.maximum(land + shock_paths(gdp_share_add, n_paths, n_years, 0.0) * gdp, 0.0)
    if hkd_bn is not None:
        override = shock_paths(hkd_bn, n_paths, n_years, np.nan)
        land = np.where(np.isnan(override), land, override)
    return land


def minimum_tax(a: Assumptions, gdp_factor: np.ndarray) -> np.ndarray:
    """Global minimum tax M_t = the fixed figure where given, else M_{t-1} * (1 + g_t) [HK$ bn]."""
    return _grow(a.minimum_tax_fixed_hkd_bn, gdp_factor)


def other_revenue(a: Assumptions, gdp: np.ndarray) -> np.ndarray:
    """Other operating revenue (taxes, fees; minimum tax apart) with buoyancy [HK$ bn].

    O_t = B_t * (Y_t / Ybase_t)^e, where Ybase is GDP on the unshocked growth path, e the
    elasticity, and B_t the fixed figure where given, else B_{t-1} * (1 + gbase_t)^e. A growth shock
    therefore moves other revenue by (Y / Ybase)^e from year 1, the Budget-estimate year included.
    """
    growth_base = shock_paths(a.nominal_growth[None, :], 1, a.n_years, 0.0)
    gdp_base = nominal_gdp(a.gdp0_hkd_bn, growth_base)
    base_other_rev = _grow(a.other_revenue_fixed_hkd_bn, (1.0 + growth_base) ** a.other_revenue_elasticity)
    return base_other_rev * (gdp / gdp_base) ** a.other_revenue_elasticity


def other_non_operating_revenue(a: Assumptions, gdp_factor: np.ndarray) -> np.ndarray:
    """Unitemised Non-Operating revenue N_t = the calibrated figure in the anchor years, else N_{t-1} * (1 + g_t) [HK$ bn].

    The funds' investment income, loan repayments and other capital receipts: the Non-Operating
    Account's revenue less land premium and its one-off receipts (zero without a calibration).
    """
    return _grow(_given_or_zero(a.other_non_operating_revenue_fixed_hkd_bn, a.n_years), gdp_factor)


def non_recurrent_expenditure(a: Assumptions, gdp_factor: np.ndarray) -> np.ndarray:
    """Non-recurrent Operating spending R_t = the fixed figure where given, else R_{t-1} * (1 + g_t) [HK$ bn]."""
    return _grow(_given_or_zero(a.non_recurrent_fixed_hkd_bn, a.n_years), gdp_factor)


def unidentified_measures(a: Assumptions, gdp_factor: np.ndarray) -> np.ndarray:
    """Savings or revenue the plan needs but does not itemise, U_t = fitted figure where given, else U_{t-1} * (1 + g_t).

    Zero outside the fit (and in the current-policy view); after the MRF the last fitted amount
    keeps its share of GDP [HK$ bn].
    """
    return _grow(_given_or_zero(a.unidentified_measures_hkd_bn, a.n_years), gdp_factor)


def _given_or_zero(values, n_years: int) -> np.ndarray:
    """An optional by-year array (None on hand-built assumptions) as zeros when absent."""
    return np.zeros(n_years) if values is None else values


def one_off_receipts(a: Assumptions, n_paths: int) -> np.ndarray:
    """One-off receipts (Exchange Fund transfers and the like) as given, the same on every path [HK$ bn]."""
    return np.broadcast_to(a.one_off_hkd_bn, (n_paths, a.n_years)).copy()


def one_off_receipts_non_operating(a: Assumptions, n_paths: int) -> np.ndarray:
    """The part of the one-off receipts credited to the Non-Operating Account, as given [HK$ bn]."""
    return np.broadcast_to(_given_or_zero(a.one_off_non_operating_hkd_bn, a.n_years), (n_paths, a.n_years)).copy()


def recurrent_expenditure(a: Assumptions, gdp_factor: np.ndarray, inflation_surprise=0.0) -> np.ndarray:
    """Recurrent spending E_t = the fixed figure where given, else E_{t-1} * (1 + r_t) * (1 + e * s_t) [HK$ bn].

    r_t is the stated recurrent growth, or nominal GDP growth g_t where none is stated; s_t the
    inflation surprise (inflation less the assumed path) and e the stated inflation elasticity
    of recurrent spending (pay and benefits follow prices).
    """
    rec_factor = np.where(np.isnan(a.recurrent_growth), gdp_factor, 1.0 + a.recurrent_growth)
    if np.any(inflation_surprise) and a.recurrent_inflation_elasticity:
        rec_factor = rec_factor * (1.0 + a.recurrent_inflation_elasticity * np.asarray(inflation_surprise))
    return _grow(a.recurrent_fixed_hkd_bn, rec_factor)


def capital_works(a: Assumptions, gdp_factor: np.ndarray, factor=1.0) -> np.ndarray:
    """Capital works K_t = (the fixed figure where given, else K_{t-1} * (1 + g_t)) * factor_t [HK$ bn].

    The growth runs on the unscaled level, so factor_t scales each year's spending only.
    """
    n_paths, n_years = gdp_factor.shape
    return _grow(a.capital_works_fixed_hkd_bn, gdp_factor) * shock_paths(factor, n_paths, n_years, 1.0)


def other_capital(a: Assumptions, gdp: np.ndarray, gdp_factor: np.ndarray) -> np.ndarray:
    """Non-works capital spending C_t = share_t * Y_t where a GDP share is given, else G_t [HK$ bn].

    G_t = the fixed figure where given, else G_{t-1} * (1 + g_t): the growth runs on G, so a year
    given as a share of GDP does not feed the years after it.
    """
    out = _grow(a.other_capital_fixed_hkd_bn, gdp_factor)
    share_cap = ~np.isnan(a.other_capital_share_gdp)
    out[:, share_cap] = a.other_capital_share_gdp[share_cap] * gdp[:, share_cap]
    return out
