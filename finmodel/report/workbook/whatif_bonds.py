"""The What-if sheet's formulas for bond flows and stocks, and the new cohorts' workings by bucket.

    gross_t    = min(desired_t, max(ceiling_t - (debt_{t-1} + reval_t - redemptions_t), 0))  under 'cap'
    reserves_t = reserves_{t-1} + revenue_t - expenditure_t + gross_t - redemptions_t
    debt_t     = debt_{t-1} + reval_t - redemptions_t + gross_t
"""

from finmodel.report.workbook.whatif_grid import WORKINGS


def write_bond_flows(g):
    """Formulas: redemptions, the issuance wanted (plan or gap rule), gross issuance capped at the headroom, net proceeds."""
    T, put, R = g.n_years, g.put, g.ref
    put("redemptions_hkd_bn", "Redemptions (principal)", "HK$ bn", "formula",
        [f"={R('redemptions_opening_book_hkd_bn', t)}+SUM({g.bucket_range('redeem', t)})" for t in range(T)])
    put("debt_before_issuance_hkd_bn", "Debt before this year's issuance", "HK$ bn", "formula",
        [f"={g.prev('debt_hkd_bn', t, 'Opening_debt_hkd_bn')}+{R('fx_revaluation_hkd_bn', t)}-{R('redemptions_hkd_bn', t)}" for t in range(T)])
    rule_from = g.rule_from
    desired = [f"={R('issuance_plan_hkd_bn', t)}" for t in range(min(rule_from, T))]
    for t in range(rule_from, T):
        flows = (f"{R('fiscal_reserves_hkd_bn', t - 1)}-({R('revenue_hkd_bn', t)}"
                 f"-{R('operating_expenditure_hkd_bn', t)}-{R('capital_works_hkd_bn', t)}-{R('other_capital_hkd_bn', t)}"
                 f"-{R('interest_old_hkd_bn', t)}-{R('interest_on_negative_reserves_hkd_bn', t)})+{R('redemptions_hkd_bn', t)})"
                 f"/(1-{R('new_coupon_half_year', t)}))")
        gap = f"MAX(0,(Reserves_floor_hkd_bn-{flows}"
        spending = (f"({R('operating_expenditure_hkd_bn', t)}+{R('capital_works_hkd_bn', t)}+{R('other_capital_hkd_bn', t)}"
                    f"+{R('interest_old_hkd_bn', t)}+{R('interest_on_negative_reserves_hkd_bn', t)})")
        to_floor = f"MAX(0,(Reserves_floor_months/12*{spending}-{flows}"
        base = R("redemptions_hkd_bn", t) if g.beyond_mrf[t] else R("issuance_plan_hkd_bn", t)
        risk = f"MAX({base},{to_floor})"
        desired.append(f'=IF(Financing_rule="gap",{gap},IF(Financing_rule="risk",{risk},{R("issuance_plan_hkd_bn", t)}))')
    put("desired_issuance_hkd_bn", "Issuance wanted (plan, or the gap rule)", "HK$ bn", "formula", desired)
    put("gross_issuance_hkd_bn", "Gross bond issuance (pool A)", "HK$ bn", "formula",
        [f'=IF(Ceiling_policy="cap",MIN({R("desired_issuance_hkd_bn", t)},MAX({R("ceiling_hkd_bn", t)}-{R("debt_before_issuance_hkd_bn", t)},0)),'
         f'{R("desired_issuance_hkd_bn", t)})' for t in range(T)])
    put("net_bond_proceeds_hkd_bn", "Net bond proceeds", "HK$ bn", "formula",
        [f"={R('gross_issuance_hkd_bn', t)}-{R('redemptions_hkd_bn', t)}" for t in range(T)])


def write_reserves_debt_and_ratios(g):
    """Formulas: fiscal reserves, debt, debt-to-GDP, headroom under the ceiling and interest / revenue."""
    T, put, R = g.n_years, g.put, g.ref
    put("fiscal_reserves_hkd_bn", "Fiscal reserves, 31 March", "HK$ bn", "formula",
        [f"={g.prev('fiscal_reserves_hkd_bn', t, 'Opening_reserves_hkd_bn')}+{R('balance_before_bonds_hkd_bn', t)}+{R('net_bond_proceeds_hkd_bn', t)}"
         for t in range(T)])
    put("debt_hkd_bn", "Debt under the ceiling (pool A), 31 March", "HK$ bn", "formula",
        [f"={R('debt_before_issuance_hkd_bn', t)}+{R('gross_issuance_hkd_bn', t)}" for t in range(T)])
    put("debt_to_gdp_pct", "Debt-to-GDP (pool A)", "% of GDP", "formula",
        [f"=100*{R('debt_hkd_bn', t)}/{R('nominal_gdp_hkd_bn', t)}" for t in range(T)], fmt="0.000")
    put("headroom_hkd_bn", "Headroom under the ceiling", "HK$ bn", "formula",
        [f"={R('ceiling_hkd_bn', t)}-{R('debt_hkd_bn', t)}" for t in range(T)])
    put("interest_to_revenue_pct", "Interest (bonds, negative reserves) / total revenue", "%", "formula",
        [f"=100*({R('interest_hkd_bn', t)}+{R('interest_on_negative_reserves_hkd_bn', t)})/{R('revenue_hkd_bn', t)}" for t in range(T)],
        fmt="0.000")


def write_cohort_workings(g, mix, buckets):
    """Formulas: each new cohort by bucket and issue year: issued, coupon, coupon x issued, interest on earlier issues, redeemed."""
    for working in WORKINGS:
        for k in range(g.n_buckets):
            cells = [_working_formula(g, working, k, t, mix, buckets) for t in range(g.n_years)]
            g.put(f"{working}:{k}", mix.bucket[k], "% a year" if working == "coupon" else "HK$ bn",
                  "formula", cells)


def _working_formula(g, working, k, t, mix, buckets):
    """Year t's cell of bucket k in one workings block (None: blank, for inflation-linked coupon x issued)."""
    R = g.ref
    tenor = int(mix.tenor_years[k])
    if working == "issue":
        return f"={R('gross_issuance_hkd_bn', t)}*{buckets.share_cells[k]}"
    if working == "coupon":
        base_c = f"{buckets.yield_cells[k]}+{R('yield_shift_pp', t)}"
        return f"=MAX({base_c},{R('inflation_pct', t)})" if mix.inflation_linked[k] else f"={base_c}"
    if working == "coupon_x_issue":
        return None if mix.inflation_linked[k] else f"={R(f'issue:{k}', t)}*{R(f'coupon:{k}', t)}/100"
    if working == "interest_prior":
        return _interest_prior(R, k, t, tenor, bool(mix.inflation_linked[k]), buckets.yield_cells[k])
    return f"={R(f'issue:{k}', t - tenor)}" if t >= tenor else "=0"


def _interest_prior(R, k, t, tenor, linked, yield_cell) -> str:
    """Interest paid in year t on bucket k's cohorts issued in earlier years (half a coupon at maturity)."""
    first = max(0, t - tenor)
    if t == 0:
        return "=0"
    if not linked:
        parts = []
        full_from = t - tenor + 1
        if full_from <= t - 1:
            lo = max(0, full_from)
            parts.append(f"SUM({R(f'coupon_x_issue:{k}', lo)}:{R(f'coupon_x_issue:{k}', t - 1)})")
        if t - tenor >= 0:
            parts.append(f"0.5*{R(f'coupon_x_issue:{k}', t - tenor)}")
        return "=" + ("+".join(parts) or "0")
    terms = []
    for s in range(first, t):
        w = "0.5*" if t - s == tenor else ""
        terms.append(f"{w}{R(f'issue:{k}', s)}*MAX({yield_cell}+{R('yield_shift_pp', s)},{R('inflation_pct', t)})/100")
    return "=" + "+".join(terms)
