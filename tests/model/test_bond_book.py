"""The bond book step by step on hand-computed cohorts: coupons in the issue, middle and maturity
years, redemption, FX revaluation, inflation-linked coupons and the opening book."""

import numpy as np
import pytest

from finmodel.inputs.assumptions import IssueMix, OpeningBook
from finmodel.model.bond_book import BondBook

HKD, RMB, USD, EUR = range(4)


def _mix(currency_idx, tenor, coupon, linked=False):
    return IssueMix(bucket=("b",), investor=("institutional",), currency=("X",), currency_idx=np.array([currency_idx]),
                    share=np.array([1.0]), tenor_years=np.array([tenor]), yield_rate=np.array([coupon]),
                    inflation_linked=np.array([linked]))


def _opening(currency_idx=(), face=(), issue=(), maturity=(), coupon=(), linked=()):
    n = len(face)
    return OpeningBook(cohort_id=tuple(f"c{i}" for i in range(n)), programme=("IBP",) * n, investor=("retail",) * n,
                       currency=("X",) * n, basis=("issue",) * n, currency_idx=np.array(currency_idx, dtype=int),
                       face_fc=np.array(face, dtype=float), issue_year=np.array(issue, dtype=int),
                       maturity_year=np.array(maturity, dtype=int), coupon=np.array(coupon, dtype=float),
                       inflation_linked=np.array(linked, dtype=bool))


def _fx(usd=7.8, n_paths=1):
    """Exchange rates by currency (4, paths) [HK$ per unit]."""
    return np.tile(np.array([[1.0], [1.08], [usd], [8.5]]), (1, n_paths))


def _run(book, gross_by_year, fx_by_year, inflation=0.0):
    """Run the book's year steps; return per-year (redemptions, revaluation, interest) on the paths."""
    rows = []
    for t, gross in enumerate(gross_by_year):
        fx = book.fx(fx_by_year[t])
        infl = np.full(len(gross), inflation)
        _, red = book.redemptions(t, fx)
        reval = book.revaluation(t, fx)
        _, interest_out = book.interest_on_outstanding(t, fx, infl)
        interest = interest_out + book.interest_per_hkd_issued(t, infl) * gross
        book.issue(t, gross, fx)
        book.advance(t, fx)
        rows.append((red, reval, interest))
    return rows


def _book(mix, years, n_paths, coupon, opening=None, fx_open=None):
    new_coupon = np.full((len(years), 1, n_paths), coupon)
    return BondBook(opening or _opening(), mix, np.array(years), new_coupon, _fx(n_paths=n_paths) if fx_open is None else fx_open)


def test_one_hkd_cohort_half_coupon_at_issue_full_between_half_and_principal_at_maturity():
    # 100 (path 0) and 50 (path 1) issued in year 0, 3 years at 4%: it matures in year 3.
    years = [2025, 2026, 2027, 2028, 2029]
    book = _book(_mix(HKD, 3, 0.04), years, 2, 0.04)
    gross = [np.array([100.0, 50.0])] + [np.zeros(2)] * 4
    rows = _run(book, gross, [_fx(n_paths=2)] * 5)
    red = np.array([r[0] for r in rows])
    reval = np.array([r[1] for r in rows])
    interest = np.array([r[2] for r in rows])
    np.testing.assert_allclose(interest[:, 0], [2.0, 4.0, 4.0, 2.0, 0.0], rtol=1e-15, atol=0)
    np.testing.assert_allclose(interest[:, 1], [1.0, 2.0, 2.0, 1.0, 0.0], rtol=1e-15, atol=0)
    np.testing.assert_array_equal(red[:, 0], [0.0, 0.0, 0.0, 100.0, 0.0])
    np.testing.assert_array_equal(red[:, 1], [0.0, 0.0, 0.0, 50.0, 0.0])
    np.testing.assert_array_equal(reval, 0.0)
    np.testing.assert_array_equal(book.new_face[:, 0, 0], [100.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(book.stock_fc, 0.0)  # nothing left after maturity


def test_usd_cohort_is_issued_at_the_years_rate_and_revalued_at_each_years_rate():
    # HK$78bn issued in year 0 at 7.80 buys USD 10bn of a 2-year 4% bond; USD moves to 7.85, then 7.75.
    years = [2025, 2026, 2027]
    book = _book(_mix(USD, 2, 0.04), years, 1, 0.04, fx_open=_fx(7.8))
    fxs = [_fx(7.8), _fx(7.85), _fx(7.75)]
    rows = _run(book, [np.array([78.0]), np.zeros(1), np.zeros(1)], fxs)
    assert book.new_face[0, 0, 0] == pytest.approx(10.0, rel=1e-15)
    (red0, reval0, int0), (red1, reval1, int1), (red2, reval2, int2) = rows
    assert (red0[0], reval0[0]) == (0.0, 0.0)
    assert int0[0] == pytest.approx(0.5 * 0.04 * 78.0, rel=1e-15)          # half a coupon, in HK$ at issue
    assert reval1[0] == pytest.approx(10.0 * 0.05, rel=1e-12)              # USD 10bn x (7.85 - 7.80)
    assert int1[0] == pytest.approx(10.0 * 0.04 * 7.85, rel=1e-15)         # full coupon at this year's rate
    assert red1[0] == 0.0
    assert reval2[0] == pytest.approx(10.0 * -0.10, rel=1e-12)             # USD 10bn x (7.75 - 7.85)
    assert red2[0] == pytest.approx(77.5, rel=1e-15)                       # principal at the maturity-year rate
    assert int2[0] == pytest.approx(0.5 * 10.0 * 0.04 * 7.75, rel=1e-15)   # half coupon at maturity


def test_inflation_linked_new_cohort_pays_the_higher_of_coupon_and_inflation():
    years = [2025, 2026, 2027, 2028]
    book = _book(_mix(HKD, 3, 0.035, linked=True), years, 1, 0.035)
    gross = [np.array([40.0]), np.zeros(1), np.zeros(1), np.zeros(1)]
    rows = _run(book, gross, [_fx()] * 4, inflation=0.05)
    np.testing.assert_allclose([r[2][0] for r in rows], [0.5 * 0.05 * 40, 0.05 * 40, 0.05 * 40, 0.5 * 0.05 * 40],
                               rtol=1e-15, atol=0)
    book = _book(_mix(HKD, 3, 0.035, linked=True), years, 1, 0.035)
    rows = _run(book, gross, [_fx()] * 4, inflation=0.01)
    np.testing.assert_allclose([r[2][0] for r in rows], [0.5 * 0.035 * 40, 0.035 * 40, 0.035 * 40, 0.5 * 0.035 * 40],
                               rtol=1e-15, atol=0)


def test_opening_book_redemptions_interest_and_revaluation_by_currency():
    # EUR 2bn at 3% issued 2022, matures 2026-27; HKD 10bn linked retail at 3.5% issued 2024, matures 2027-28.
    opening = _opening(currency_idx=[EUR, HKD], face=[2.0, 10.0], issue=[2022, 2024], maturity=[2026, 2027],
                       coupon=[0.03, 0.035], linked=[False, True])
    years = np.array([2025, 2026, 2027])
    eur = [8.5, 8.6, 8.6]
    fxs = [np.array([[1.0], [1.08], [7.8], [e]]) for e in eur]
    book = BondBook(opening, _mix(HKD, 2, 0.04), years, np.full((3, 1, 1), 0.04), fxs[0])
    infl = np.array([0.05])
    out = []
    for t in range(3):
        fx = book.fx(fxs[t])
        red_open, red = book.redemptions(t, fx)
        int_open, interest = book.interest_on_outstanding(t, fx, infl)
        out.append((red_open[0], red[0], book.revaluation(t, fx)[0], int_open[0], interest[0]))
        book.issue(t, np.zeros(1), fx)
        book.advance(t, fx)
    (r0o, r0, v0, i0o, i0), (r1o, r1, v1, i1o, i1), (r2o, r2, v2, i2o, i2) = out
    assert (r0o, r0, v0) == (0.0, 0.0, 0.0)
    assert i0o == i0 == pytest.approx(2.0 * 0.03 * 8.5 + 10.0 * 0.05, rel=1e-15)
    assert r1o == r1 == pytest.approx(2.0 * 8.6, rel=1e-15)
    assert v1 == pytest.approx(2.0 * 0.1, rel=1e-12)                        # EUR 2bn x (8.6 - 8.5)
    assert i1o == i1 == pytest.approx(0.5 * 2.0 * 0.03 * 8.6 + 10.0 * 0.05, rel=1e-15)
    assert r2o == r2 == 10.0
    assert v2 == 0.0
    assert i2o == i2 == pytest.approx(0.5 * 10.0 * 0.05, rel=1e-15)


def test_interest_per_hkd_issued_is_half_the_share_weighted_coupon():
    mix = IssueMix(bucket=("a", "b"), investor=("institutional", "retail"), currency=("HKD", "HKD"),
                   currency_idx=np.array([HKD, HKD]), share=np.array([0.75, 0.25]), tenor_years=np.array([5, 3]),
                   yield_rate=np.array([0.04, 0.035]), inflation_linked=np.array([False, True]))
    coupons = np.array([[[0.04, 0.04]], [[0.035, 0.035]]]).transpose(1, 0, 2)   # (years=1, buckets=2, paths=2)
    book = BondBook(_opening(), mix, np.array([2025]), coupons, _fx(n_paths=2))
    c = book.interest_per_hkd_issued(0, np.array([0.02, 0.05]))
    np.testing.assert_allclose(c, [0.5 * (0.75 * 0.04 + 0.25 * 0.035), 0.5 * (0.75 * 0.04 + 0.25 * 0.05)], rtol=1e-15)
