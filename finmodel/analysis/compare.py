"""Side-by-side comparison of scenario runs: headline figures and key paths, one column per scenario.

Each scenario is loaded, validated and calibrated like the baseline and run through the same
engine; this module only arranges the Results.
"""

HEADLINE = ("peak_debt_hkd_bn", "peak_debt_year", "peak_debt_to_gdp_pct", "peak_debt_to_gdp_year", "debt_to_gdp_end_pct",
            "first_year_above_band", "first_year_ceiling_binds", "interest_to_revenue_end_pct",
            "fiscal_reserves_end_hkd_bn", "min_headroom_hkd_bn")
PATHS = ("debt_hkd_bn", "debt_to_gdp_pct", "headroom_hkd_bn", "gross_issuance_hkd_bn", "fiscal_reserves_hkd_bn",
         "interest_hkd_bn", "interest_to_revenue_pct", "revenue_hkd_bn", "land_premium_hkd_bn", "nominal_gdp_hkd_bn")


def headline(results: dict):
    """Rows: headline figures (plus run settings); columns: scenarios in the order given."""
    import pandas as pd

    cols = {}
    for name, res in results.items():
        s = res.summary()
        h = s["headline"]
        col = {k: ("never" if h[k] is None else h[k]) for k in HEADLINE}
        col.update(issuance_plan=s["run"]["issuance_plan"], financing_rule=s["run"]["financing_rule"],
                   ceiling_policy=s["run"]["ceiling_policy"], horizon=h["horizon"])
        cols[name] = col
    df = pd.DataFrame(cols)
    df.index.name = "item"
    return df


def paths(results: dict):
    """Rows: (variable, fiscal year); columns: scenarios."""
    import pandas as pd

    frames = {name: res.projection[list(PATHS)].stack() for name, res in results.items()}
    df = pd.DataFrame(frames)
    df.index.names = ["fiscal_year", "variable"]
    return df.swaplevel().sort_index(level=0, sort_remaining=False).reindex(list(PATHS), level=0)
