"""The What-if sheet's formulas for the two accounts: nominal GDP, the Operating and Non-Operating
Accounts, bond interest and the government's totals before bond flows.

    gdp_t           = gdp_{t-1} (1 + g_t)
    operating_t     = (other_rev + min_tax + inv_income + operating one-offs)
                      - (recurrent + non_recurrent - measures)
    non_operating_t = (land + other_non_op_rev + non-operating one-offs) - (capital_works + other_capital + interest + neg_interest)
    balance_t       = operating_t + non_operating_t                              (before bond flows)
    interest_t      = opening book_t + earlier new cohorts_t + c_new_t x gross_t
    neg_interest_t  = (negative_reserves_rate_t + yield_shift_t) / 100 x max(-reserves_{t-1}, 0)
"""


def write_gdp(g, opening_gdp_name: str):
    """Formula: nominal GDP, from the opening year's (the defined name `opening_gdp_name`)."""
    T, R, gf = g.n_years, g.ref, g.growth
    g.put("nominal_gdp_hkd_bn", "Nominal GDP", "HK$ bn", "formula",
          [f"={opening_gdp_name}"] + [f"={R('nominal_gdp_hkd_bn', t - 1)}*{gf(t)}" for t in range(1, T)])


def _share_of_gdp(g, share, t, sign="+"):
    """`+s_t*GDP_t` for a long-run addition s [share of GDP] (a run past the MRF), '' where there is none."""
    if share is None or not share[t]:
        return ""
    return f"{sign}{float(share[t])!r}*{g.ref('nominal_gdp_hkd_bn', t)}"


def _grown_less_added(g, key, t, share):
    """Last year's level without last year's long-run addition: (x_{t-1} - s_{t-1} GDP_{t-1})."""
    less = _share_of_gdp(g, share, t - 1, "-")
    return f"({g.ref(key, t - 1)}{less})" if less else g.ref(key, t - 1)


def write_operating_account(g, long_run=(None, None)):
    """Formulas: the Operating Account's revenue (other revenue, minimum tax, investment income, one-offs), spending and balance.

    long_run: (recurrent add, revenue add) [share of GDP, by year] of a run past the MRF, written as constants:
    x_t = rule(x_{t-1} - s_{t-1} GDP_{t-1}) + s_t GDP_t, as the engine adds them (`finmodel.model.long_run`).
    """
    T, put, R, gf = g.n_years, g.put, g.ref, g.growth
    rec_add, rev_add = long_run
    put("other_revenue_hkd_bn", "Other operating revenue (taxes and fees, minimum tax apart)", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('other_revenue_fixed_hkd_bn', t)}),{R('other_revenue_fixed_hkd_bn', t)}"
         f"*({R('nominal_gdp_hkd_bn', t)}/{R('gdp_calibrated_hkd_bn', t)})^Other_revenue_elasticity,"
         + (f"{_grown_less_added(g, 'other_revenue_hkd_bn', t, rev_add)}*{gf(t)}^Other_revenue_elasticity"
            f"{_share_of_gdp(g, rev_add, t)})" if t else "0)") for t in range(T)])
    put("minimum_tax_hkd_bn", "Global minimum tax", "HK$ bn", "formula", g.grown("minimum_tax_hkd_bn", "minimum_tax_fixed_hkd_bn", gf))
    put("investment_income_hkd_bn", "Investment income (on positive reserves)", "HK$ bn", "formula",
        [f"={R('investment_rate_pct', t)}/100*MAX({g.prev('fiscal_reserves_hkd_bn', t, 'Opening_reserves_hkd_bn')},0)" for t in range(T)])
    put("one_off_receipts_operating_hkd_bn", "One-off receipts credited to the Operating Account", "HK$ bn", "formula",
        [f"={R('one_off_receipts_hkd_bn', t)}-{R('one_off_receipts_non_operating_hkd_bn', t)}" for t in range(T)])
    put("operating_revenue_hkd_bn", "Operating Account revenue", "HK$ bn", "formula",
        [f"={R('other_revenue_hkd_bn', t)}+{R('minimum_tax_hkd_bn', t)}+{R('investment_income_hkd_bn', t)}"
         f"+{R('one_off_receipts_operating_hkd_bn', t)}" for t in range(T)])
    rec_factor = lambda t: f"IF(ISNUMBER({R('recurrent_growth_pct', t)}),1+{R('recurrent_growth_pct', t)}/100,{gf(t)})"   # noqa: E731
    recurrent = g.grown("recurrent_expenditure_hkd_bn", "recurrent_fixed_hkd_bn", rec_factor)
    if rec_add is not None:
        recurrent = recurrent[:1] + [
            f"=IF(ISNUMBER({R('recurrent_fixed_hkd_bn', t)}),{R('recurrent_fixed_hkd_bn', t)},"
            f"{_grown_less_added(g, 'recurrent_expenditure_hkd_bn', t, rec_add)}*{rec_factor(t)}){_share_of_gdp(g, rec_add, t)}"
            for t in range(1, T)]
    put("recurrent_expenditure_hkd_bn", "Recurrent spending", "HK$ bn", "formula", recurrent)
    put("non_recurrent_expenditure_hkd_bn", "Non-recurrent spending", "HK$ bn", "formula",
        g.grown("non_recurrent_expenditure_hkd_bn", "non_recurrent_fixed_hkd_bn", gf))
    put("unidentified_measures_hkd_bn", "Less unidentified measures (savings or revenue; not itemised)", "HK$ bn", "formula",
        g.grown("unidentified_measures_hkd_bn", "unidentified_measures_fixed_hkd_bn", gf))
    put("operating_expenditure_hkd_bn", "Operating Account expenditure (net of the measures)", "HK$ bn", "formula",
        [f"={R('recurrent_expenditure_hkd_bn', t)}+{R('non_recurrent_expenditure_hkd_bn', t)}-{R('unidentified_measures_hkd_bn', t)}"
         for t in range(T)])
    put("operating_balance_hkd_bn", "Operating Account balance (deficit if negative)", "HK$ bn", "formula",
        [f"={R('operating_revenue_hkd_bn', t)}-{R('operating_expenditure_hkd_bn', t)}" for t in range(T)])


def write_non_operating_account(g):
    """Formulas: the Non-Operating Account's revenue (land, other receipts, one-offs) and its non-interest spending."""
    T, put, R, gf = g.n_years, g.put, g.ref, g.growth
    put("land_premium_hkd_bn", "Land premium", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('land_fixed_hkd_bn', t)}),{R('land_fixed_hkd_bn', t)},{R('land_share_pct_gdp', t)}/100*{R('nominal_gdp_hkd_bn', t)})"
         f"*{R('land_scale', t)}" for t in range(T)])
    put("other_non_operating_revenue_hkd_bn", "Other Non-Operating revenue (grows with GDP)", "HK$ bn", "formula",
        g.grown("other_non_operating_revenue_hkd_bn", "other_non_operating_revenue_fixed_hkd_bn", gf))
    put("non_operating_revenue_hkd_bn", "Non-Operating Account revenue", "HK$ bn", "formula",
        [f"={R('land_premium_hkd_bn', t)}+{R('other_non_operating_revenue_hkd_bn', t)}+{R('one_off_receipts_non_operating_hkd_bn', t)}"
         for t in range(T)])
    put("capital_works_hkd_bn", "Capital works", "HK$ bn", "formula", g.grown("capital_works_hkd_bn", "capital_works_fixed_hkd_bn", gf))
    oc = g.grown("other_capital_hkd_bn", "other_capital_fixed_hkd_bn", gf)
    put("other_capital_hkd_bn", "Other capital spending", "HK$ bn", "formula",
        [f"=IF(ISNUMBER({R('other_capital_share_pct_gdp', t)}),{R('other_capital_share_pct_gdp', t)}/100*{R('nominal_gdp_hkd_bn', t)},"
         f"{oc[t][1:]})" for t in range(T)])


def write_interest(g, buckets):
    """Formulas: interest on earlier bonds, half a coupon on this year's issue, and pool A interest."""
    T, put, R = g.n_years, g.put, g.ref
    put("interest_old_hkd_bn", "Interest on bonds issued before the year", "HK$ bn", "formula",
        [f"={R('interest_opening_book_hkd_bn', t)}+SUM({g.bucket_range('interest_prior', t)})" for t in range(T)])
    put("new_coupon_half_year", "Interest per HK$ issued this year (half a coupon)", "ratio", "formula",
        [f"=0.5*SUMPRODUCT({buckets.share_range},{g.bucket_range('coupon', t)})/100" for t in range(T)],
        fmt="0.000000")
    put("interest_hkd_bn", "Interest on pool A bonds", "HK$ bn", "formula",
        [f"={R('interest_old_hkd_bn', t)}+{R('new_coupon_half_year', t)}*{R('gross_issuance_hkd_bn', t)}" for t in range(T)])
    put("interest_on_negative_reserves_hkd_bn", "Interest on negative opening reserves", "HK$ bn", "formula",
        [f"=({R('negative_reserves_rate_pct', t)}+{R('yield_shift_pp', t)})/100"
         f"*MAX(-{g.prev('fiscal_reserves_hkd_bn', t, 'Opening_reserves_hkd_bn')},0)" for t in range(T)])


def write_totals(g):
    """Formulas: Non-Operating expenditure and balance (after interest), then total revenue, expenditure and balance."""
    T, put, R = g.n_years, g.put, g.ref
    put("non_operating_expenditure_hkd_bn", "Non-Operating Account expenditure (incl. interest)", "HK$ bn", "formula",
        [f"={R('capital_works_hkd_bn', t)}+{R('other_capital_hkd_bn', t)}+{R('interest_hkd_bn', t)}"
         f"+{R('interest_on_negative_reserves_hkd_bn', t)}" for t in range(T)])
    put("non_operating_balance_hkd_bn", "Non-Operating Account balance (deficit if negative)", "HK$ bn", "formula",
        [f"={R('non_operating_revenue_hkd_bn', t)}-{R('non_operating_expenditure_hkd_bn', t)}" for t in range(T)])
    put("revenue_hkd_bn", "Government revenue (both accounts)", "HK$ bn", "formula",
        [f"={R('operating_revenue_hkd_bn', t)}+{R('non_operating_revenue_hkd_bn', t)}" for t in range(T)])
    put("expenditure_hkd_bn", "Government expenditure (both accounts)", "HK$ bn", "formula",
        [f"={R('operating_expenditure_hkd_bn', t)}+{R('non_operating_expenditure_hkd_bn', t)}" for t in range(T)])
    put("balance_before_bonds_hkd_bn", "Balance before bond flows (deficit if negative)", "HK$ bn", "formula",
        [f"={R('operating_balance_hkd_bn', t)}+{R('non_operating_balance_hkd_bn', t)}" for t in range(T)])
