"""Shock paths: the draws of the stochastic projection and how they become the engine's shocks.

Everything here works on (paths, years[, variables]) arrays, the same code for one path or a
million, and draws only from the numpy Generator it is given. Each shock has the baseline's mean
in the space the engine uses it (levels for land premium and exchange rates, percentage points
for growth and rates), the one stated exception being HK$ per US$ (its mean is the centre of the
Linked Exchange Rate band): docs/stochastic.md gives the equations.
"""

import numpy as np

from finmodel.analysis import shock_model
from finmodel.model.engine import Shocks

METHODS = ("ec", "var", "bootstrap")
BOOTSTRAP_BLOCK = 3


def _cov_root(sigma):
    """R with R R' = sigma for a symmetric positive semi-definite sigma (zero where sigma is zero)."""
    w, v = np.linalg.eigh(np.asarray(sigma, dtype=float))
    return v * np.sqrt(np.clip(w, 0.0, None))[None, :]


def draw_innovations(model, rng: np.random.Generator, n_paths: int, horizon: int, method: str, sigma=None,
                     persistence=None) -> np.ndarray:
    """Innovations e_t, shape (paths, horizon, k), in the model's units (percent).

    ec with persistence D = diag(rho): e_1 ~ N(0, Sigma) and e_t ~ N(0, Q) after it, Q = Sigma - D Sigma D,
    so that d_t = D d_{t-1} + e_t has Var(d_t) = Sigma in every year (`propagate`).
    """
    return innovations_from(model, draw_unit_innovations(model, rng, n_paths, horizon, method), method, sigma, persistence)


def draw_unit_innovations(model, rng: np.random.Generator, n_paths: int, horizon: int, method: str) -> np.ndarray:
    """What `draw_innovations` draws before the model's covariance shapes it: standard normals (paths, horizon, k)
    (ec, var), or the bootstrap's historical rows (paths, horizon). They do not depend on the shocks' scale."""
    if method in ("ec", "var"):
        return rng.standard_normal((n_paths, horizon, model.k))
    if method == "bootstrap":
        n = len(model.resid)
        n_blocks = -(-horizon // BOOTSTRAP_BLOCK)
        starts = rng.integers(0, n, size=(n_paths, n_blocks))
        return (starts[:, :, None] + np.arange(BOOTSTRAP_BLOCK)[None, None, :]).reshape(n_paths, -1)[:, :horizon] % n
    raise ValueError(f"method must be one of {METHODS}, not {method!r}")


def innovations_from(model, unit: np.ndarray, method: str, sigma=None, persistence=None) -> np.ndarray:
    """`draw_innovations` from its unit draws (`draw_unit_innovations`): e = R z with R R' = Sigma (Q after year 1),
    or the centred residuals u_s of the drawn rows."""
    if method in ("ec", "var"):
        sigma = model.sigma_u if sigma is None else sigma
        rho = applied_persistence(model, method, persistence)
        if not rho.any():
            return _combine(unit, _cov_root(sigma))
        return np.concatenate([_combine(unit[:, :1], _cov_root(sigma)),
                               _combine(unit[:, 1:], _cov_root(innovation_cov(sigma, rho)))], axis=1)
    if method == "bootstrap":
        resid = model.resid - model.resid.mean(axis=0)
        return resid[unit]
    raise ValueError(f"method must be one of {METHODS}, not {method!r}")


def applied_persistence(model, method: str, persistence=None) -> np.ndarray:
    """The AR(1) coefficients the deviations follow: `persistence` if given, else the model's (ec only), else zeros."""
    if persistence is not None:
        return np.asarray(persistence, dtype=float)
    if method == "ec" and model.persistence is not None:
        return np.asarray(model.persistence, dtype=float)
    return np.zeros(model.k)


def innovation_cov(sigma, rho) -> np.ndarray:
    """Q = Sigma - D Sigma D, D = diag(rho): the innovations that keep an AR(1)'s variance at Sigma (made PSD)."""
    sigma = np.asarray(sigma, dtype=float)
    return shock_model.nearest_psd(sigma - rho[:, None] * sigma * rho[None, :])


def draw_persistence(model, rng: np.random.Generator) -> np.ndarray:
    """AR(1) coefficients from their sampling distribution: rho_i + N(0, (1 - rho_i^2) / pairs_i), within +-0.95."""
    rho = np.asarray(model.persistence, dtype=float)
    pairs = np.maximum(np.asarray(model.persistence_pairs, dtype=float), 1.0)
    draw = rho + rng.standard_normal(model.k) * np.sqrt((1.0 - rho ** 2) / pairs)
    return np.where(np.asarray(model.persistence_pairs) >= shock_model.MIN_AR_PAIRS, np.clip(draw, -0.95, 0.95), 0.0)


def deviation_variance(model, horizon: int, method: str, sigma=None, persistence=None) -> np.ndarray:
    """Var(d_t) per year and variable, (horizon, k), for the Gaussian methods (ec, var).

    ec: V_1 = Sigma, V_t = D V_{t-1} D + Q (= Sigma when Q needed no PSD repair); var: the companion
    form from d = 0 before year 1, V_t = C V_{t-1} C' + E Sigma E'.
    """
    k = model.k
    sigma = np.asarray(model.sigma_u if sigma is None else sigma, dtype=float)
    out = np.empty((horizon, k))
    if method == "ec":
        rho = applied_persistence(model, method, persistence)
        q, v = innovation_cov(sigma, rho), sigma
        for t in range(horizon):
            out[t] = np.diag(v)
            v = rho[:, None] * v * rho[None, :] + q
        return out
    p = model.lag_order
    comp = np.zeros((k * max(p, 1), k * max(p, 1)))
    if p:
        comp[:k, :] = np.hstack(list(model.coefs))
        comp[k:, :-k] = np.eye(k * (p - 1))
    v = np.zeros_like(comp)
    for t in range(horizon):
        v = comp @ v @ comp.T
        v[:k, :k] += sigma
        out[t] = np.diag(v)[:k]
    return out


def land_log_mean(model, horizon: int, method: str, share_mean_pct: float, sigma=None, persistence=None) -> np.ndarray:
    """c_t = log E[exp(d_land,t / m)] per year, (horizon,): dividing by exp(c_t) makes the land factor's mean 1.

    Gaussian (ec, var): c_t = Var(d_land,t) / (2 m^2). bootstrap: every drawn year is a centred
    historical residual u_s with equal probability, so c = log(mean_s exp(u_s / m)).
    """
    land = list(model.names).index("land_share_gdp_pct")
    if method == "bootstrap":
        u = model.resid[:, land] - model.resid[:, land].mean()
        return np.full(horizon, np.log(np.mean(np.exp(u / share_mean_pct))))
    return deviation_variance(model, horizon, method, sigma, persistence)[:, land] / (2.0 * share_mean_pct ** 2)


def draw_sigma(model, rng: np.random.Generator) -> np.ndarray:
    """A covariance from the estimate's sampling distribution: Sigma ~ inverse-Wishart(n - 1, (n - 1) S).

    Bartlett: W = L A A' L' ~ Wishart(df, inv(scale)) with L = chol(inv(scale)); Sigma = inv(W).
    """
    return sigma_from(model, draw_bartlett(model, rng))


def _wishart_df(model) -> int:
    return max(len(model.resid) - 1, model.k + 1)


def draw_bartlett(model, rng: np.random.Generator) -> np.ndarray:
    """The Bartlett factor A of `draw_sigma` (lower triangle N(0, 1), diagonal sqrt(chi^2(df - i))): what it draws."""
    k, df = model.k, _wishart_df(model)
    a = np.tril(rng.standard_normal((k, k)), -1)
    a[np.diag_indices(k)] = np.sqrt(rng.chisquare(df - np.arange(k)))
    return a


def sigma_from(model, a: np.ndarray) -> np.ndarray:
    """`draw_sigma`'s covariance from its Bartlett factor A (`draw_bartlett`) and the model's estimate S."""
    k = model.k
    scale = _wishart_df(model) * model.sigma_u + 1e-12 * np.eye(k)
    chol = np.linalg.cholesky(np.linalg.inv(scale))
    la = chol @ a
    return np.linalg.inv(la @ la.T)


def _combine(x, m):
    """y[..., i] = sum_l m[i, l] x[..., l], summed term by term (the same bits for every path).

    Worked variable by variable on contiguous copies; the result is a (paths, ..., k) view of them.
    """
    columns = np.moveaxis(x, -1, 0).copy()
    out = np.zeros((m.shape[0],) + x.shape[:-1])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] != 0.0:
                out[i] += m[i, j] * columns[j]
    return np.moveaxis(out, 0, -1)


def propagate(model, innovations: np.ndarray, persistence=None, method: str | None = None) -> np.ndarray:
    """Deviations d_t = sum_j A_j d_{t-j} + e_t from d = 0 before year 1; shape as `innovations`.

    ec: d_t = D d_{t-1} + e_t, D = diag(rho) (`applied_persistence`; the model's estimate unless
    given). `method` is the one the innovations were drawn with (default: the model's).
    """
    dev = innovations.copy()
    if (method or model.method) == "ec":
        rho = applied_persistence(model, "ec", persistence)
        if rho.any():
            for t in range(1, innovations.shape[1]):
                dev[:, t, :] += rho * dev[:, t - 1, :]
        return dev
    for t in range(1, innovations.shape[1]):
        for j in range(min(model.lag_order, t)):
            dev[:, t, :] += _combine(dev[:, t - 1 - j, :], model.coefs[j])
    return dev


def to_shocks(dev: np.ndarray, names, land_share_mean_pct: float, extra: dict | None = None, land_log_mean=None) -> Shocks:
    """Engine shocks from macro deviations (paths, horizon, k) in percent and the independent draws; year 0 is never shocked.

    The land deviation was estimated in percentage points of GDP when land premium averaged
    m = `land_share_mean_pct`; it is applied as a proportional change, exp(d_t / m - c_t), so a
    shock means the same relative swing whatever the baseline level, land premium stays positive
    and its mean path is the baseline's: c_t = log E[exp(d_t / m)] (`land_log_mean`, per year or
    per path and year; taken from extra["land_log_mean"], which `draw_independent` supplies, when
    not given). `extra` holds the independent draws (percent): revenue_error, fx (paths, horizon,
    3: RMB, USD, EUR factors) and spread.
    """
    P, H, _ = dev.shape
    col = {n: i for i, n in enumerate(names)}
    extra = extra or {}
    if land_log_mean is None:
        if "land_log_mean" not in extra:
            raise ValueError("to_shocks: give land_log_mean (log E[exp(d_land / m)] per year), or extra from draw_independent")
        land_log_mean = extra["land_log_mean"]

    def years(x, neutral=0.0):
        out = np.full((P, H + 1), neutral)
        out[:, 1:] = x
        return out

    real, defl = dev[:, :, col["real_growth_pct"]], dev[:, :, col["deflator_pct"]]
    land = np.exp(dev[:, :, col["land_share_gdp_pct"]] / land_share_mean_pct - land_log_mean)
    rate = dev[:, :, col["short_rate_pct"]] + extra.get("spread", 0.0)
    fx = np.ones((P, H + 1, 3))
    if "fx" in extra:
        fx[:, 1:, :] = extra["fx"]
    return Shocks(growth_pp=years((real + defl) / 100.0), inflation_add=years(defl / 100.0),
                  land_factor=years(land, 1.0), yield_add=years(rate / 100.0),
                  revenue_factor=years(1.0 + extra.get("revenue_error", 0.0) / 100.0, 1.0), fx_factor=fx, n_paths=P)


def draw_independent(a, model, rng: np.random.Generator, n_paths: int, horizon: int, method: str | None = None,
                     sigma=None, persistence=None) -> dict:
    """The shocks outside the macro model, in a fixed order: revenue errors, RMB, EUR, USD, the new-issue spread.

    Each has the baseline's mean: RMB and EUR factors exp(x_t - t s^2 / 2) with x_t a random walk
    of N(0, s) steps (s in decimals), so E = 1 in every year; the US$ factor 1 - U v (U uniform,
    v the band's width) keeps HK$ per US$ inside the band, its mean at the band's centre. Also
    returns `land_log_mean` (per path and year): the land shock's correction for the macro model
    drawn with `method` (default: the model's), `sigma` and `persistence` (`land_log_mean`).
    """
    return independent_from(a, model, draw_unit_independent(rng, n_paths, horizon), method, sigma, persistence)


def draw_unit_independent(rng: np.random.Generator, n_paths: int, horizon: int) -> dict:
    """What `draw_independent` draws, in its order, before any scale: standard normals for the revenue error, RMB and
    EUR, uniforms for the US$, standard normals for the spread, each (paths, horizon)."""
    shape = (n_paths, horizon)
    return {"revenue": rng.standard_normal(shape), "rmb": rng.standard_normal(shape), "eur": rng.standard_normal(shape),
            "usd": rng.random(shape), "spread": rng.standard_normal(shape)}


def independent_from(a, model, unit: dict, method: str | None = None, sigma=None, persistence=None,
                     fixed: dict | None = None) -> dict:
    """`draw_independent` from its unit draws (`draw_unit_independent`). The FX factors and the spread do not depend
    on the shock model: `fixed`, when given, holds them ("fx", "spread") from an earlier call on the same draws."""
    n_paths, horizon = unit["revenue"].shape
    revenue = unit["revenue"] * revenue_error_sd(a, model, sigma)
    if fixed is None:
        vol = a.fx_volatility_pct or {}
        t = np.arange(1, horizon + 1)
        s_rmb, s_eur = vol.get("RMB", 0.0) / 100.0, vol.get("EUR", 0.0) / 100.0
        rmb = np.exp(np.cumsum(unit["rmb"] * s_rmb, axis=1) - t * s_rmb ** 2 / 2.0)
        eur = np.exp(np.cumsum(unit["eur"] * s_eur, axis=1) - t * s_eur ** 2 / 2.0)
        usd = 1.0 - unit["usd"] * vol.get("USD", 0.0) / 100.0
        fixed = {"fx": np.stack([rmb, usd, eur], axis=-1), "spread": unit["spread"] * a.new_issue_spread_sd_pp}
    c = land_log_mean(model, horizon, method or model.method, land_share_mean(model), sigma, persistence)
    return {"revenue_error": revenue, **fixed, "land_log_mean": np.broadcast_to(c, (n_paths, horizon)).copy()}


def revenue_error_sd(a, model, sigma=None) -> float:
    """The revenue error's sd [%] net of the GDP shock: s_net = sqrt(max(s^2 - e^2 Var(g), 0)).

    s: the root mean square of the Budget's forecast errors of revenue other than land premium;
    e: other revenue's GDP elasticity; Var(g) = Var(d_real) + Var(d_defl) + 2 Cov (pp^2), the
    nominal growth shock of a year. Other revenue already moves by about e g_t with the growth
    shock, so drawing the whole of s on top would count that part of the forecast errors twice;
    the error is drawn independent of g, so s_net^2 + e^2 Var(g) = s^2. A calibrated model (`shock_model.scaled`, k)
    has k^2 Var(g) and draws k s, so s_net scales by k too.
    """
    sigma = np.asarray(model.sigma_u if sigma is None else sigma, dtype=float)
    i, j = list(model.names).index("real_growth_pct"), list(model.names).index("deflator_pct")
    var_growth = sigma[i, i] + sigma[j, j] + 2.0 * sigma[i, j]
    s = model.covariance_scale * model.revenue_error_sd_pct
    return float(np.sqrt(max(s ** 2 - a.other_revenue_elasticity ** 2 * var_growth, 0.0)))


def land_share_mean(model) -> float:
    """Mean land premium share of GDP [%] over the years of the shock model's sample where it is recorded."""
    return float(np.nanmean(model.data[:, list(model.names).index("land_share_gdp_pct")]))
