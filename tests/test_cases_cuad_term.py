"""Public cases from the CUAD corpus about term and exit (../shared/cases/public.md).

#32 renewal notice deadlines, #38 change of control caps the service volume, #39 a
post-term royalty tail shortened on early termination. Each builds the clause with the
public API and asserts the stated values (dates at day granularity, exact `Decimal`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealterms import (
    ChangeOfControl,
    Deal,
    Notice,
    Party,
    Renewal,
    State,
    TailPayment,
    Term,
    evaluate,
)

# -- #32 (a): fixed-date notice, "on or before October 1" --------------------------------
# Assumption stated by the case: renewal years run with the calendar year.


def _calendar_year_term() -> Term:
    return Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, notice_by="10-01"),
    )


def test_32a_notice_on_october_1_ends_the_agreement_on_december_31() -> None:
    s = _calendar_year_term().status([Notice(given_on="2024-10-01")], as_of="2024-10-01")
    assert s.ends
    assert s.last_day == date(2024, 12, 31)
    assert s.next_deadline is None
    assert "on or before the deadline 2024-10-01" in s.because


def test_32a_notice_on_october_2_renews_through_the_next_year() -> None:
    s = _calendar_year_term().status([Notice(given_on="2024-10-02")], as_of="2024-10-02")
    assert not s.ends
    assert s.last_day == date(2025, 12, 31)
    assert s.renewals == 1
    assert s.next_deadline == date(2025, 10, 1)
    assert "came after the deadline 2024-10-01" in s.because


# -- #32 (c): long evergreen, 5 + 5 + ... years, "no less than 12 months" before the end ---
# Assumptions stated by the case: effective 2020-01-01, the term covers 2020-01-01 to
# 2024-12-31 inclusive. Convention (NoticeAnchor): by default the notice period counts back
# from the last day of the term, 2024-12-31, so the deadline is 2023-12-31 and a notice on
# the deadline day is in time; "start_of_renewal" counts back from 2025-01-01 instead.


def _evergreen(anchor: str = "last_day_of_term") -> Term:
    return Term(
        effective_date="2020-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P5Y", times=None, notice="P12M", notice_anchor=anchor),
    )


def test_32c_notice_in_time_ends_the_initial_term() -> None:
    s = _evergreen().status([Notice(given_on="2023-11-15")], as_of="2023-11-15")
    assert (s.ends, s.last_day, s.next_deadline) == (True, date(2024, 12, 31), None)


def test_32c_late_notice_renews_for_five_years_with_the_next_deadline() -> None:
    s = _evergreen().status([Notice(given_on="2024-03-01")], as_of="2024-03-01")
    assert (s.ends, s.last_day) == (False, date(2029, 12, 31))
    assert s.next_deadline == date(2028, 12, 31)  # 12 months before 2029-12-31


@pytest.mark.parametrize(
    ("anchor", "given", "ends", "last_day"),
    [
        ("last_day_of_term", "2023-12-31", True, date(2024, 12, 31)),
        ("last_day_of_term", "2024-01-01", False, date(2029, 12, 31)),
        ("start_of_renewal", "2023-12-31", True, date(2024, 12, 31)),
        ("start_of_renewal", "2024-01-01", True, date(2024, 12, 31)),
        ("start_of_renewal", "2024-01-02", False, date(2029, 12, 31)),
    ],
)
def test_32c_the_boundary_day_under_each_named_convention(
    anchor: str, given: str, ends: bool, last_day: date
) -> None:
    s = _evergreen(anchor).status([Notice(given_on=given)], as_of=given)
    assert (s.ends, s.last_day) == (ends, last_day)


def test_32c_deadline_of_the_initial_term_under_each_convention() -> None:
    period = _evergreen().interval().start, date(2025, 1, 1)
    from dealterms import Interval

    initial = Interval(start=period[0], end=period[1])
    assert _evergreen().renewal.deadline(initial) == date(2023, 12, 31)  # type: ignore[union-attr]
    late = _evergreen("start_of_renewal").renewal.deadline(initial)  # type: ignore[union-attr]
    assert late == date(2024, 1, 1)


def test_32c_the_evergreen_term_is_open_ended_in_the_evaluator() -> None:
    # Term.end takes every renewal; an evergreen renewal has none left to count.
    assert _evergreen().end is None
    d = Deal(
        id="evergreen",
        name="Evergreen",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        term=_evergreen(),
        clauses=(),
    )
    assert evaluate(d, State(as_of="2040-01-01")).entitlements == ()


# -- #32, the other real shapes -----------------------------------------------------------


def test_32_two_five_year_renewals_at_most_with_six_months_notice() -> None:
    term = Term(
        effective_date="2020-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P5Y", times=2, notice="P6M"),
    )
    assert term.end == date(2035, 1, 1)  # both renewals taken
    s = term.status(as_of="2030-01-01")
    assert (s.renewals, s.last_day, s.ends, s.next_deadline) == (
        2,
        date(2034, 12, 31),
        True,
        None,
    )
    assert "no renewals left (2)" in s.because
    early = term.status(as_of="2029-06-30")
    assert (early.last_day, early.next_deadline) == (date(2029, 12, 31), date(2029, 6, 30))
    stopped = term.status([Notice(given_on="2029-06-30")], as_of="2029-06-30")
    assert (stopped.ends, stopped.last_day) == (True, date(2029, 12, 31))


def test_32_monthly_renewals_with_fifteen_days_notice() -> None:
    term = Term(
        effective_date="2025-01-01",
        expiry="2025-01-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1M", times=None, notice="P15D"),
    )
    s = term.status(as_of="2025-02-10")
    assert (s.last_day, s.next_deadline, s.renewals) == (date(2025, 2, 28), date(2025, 2, 13), 1)
    late = term.status([Notice(given_on="2025-02-14")], as_of="2025-02-14")
    assert (late.ends, late.last_day) == (False, date(2025, 3, 31))
    in_time = term.status([Notice(given_on="2025-02-13")], as_of="2025-02-14")
    assert (in_time.ends, in_time.last_day) == (True, date(2025, 2, 28))


def test_32_notice_180_days_before_the_start_of_the_renewal_term() -> None:
    before_start = Renewal(
        period="P1Y", times=None, notice="P180D", notice_anchor="start_of_renewal"
    )
    before_end = Renewal(period="P1Y", times=None, notice="P180D")
    term = Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=before_start,
    )
    assert term.status(as_of="2024-01-01").next_deadline == date(2024, 7, 5)  # 2025-01-01 - 180 d
    other = Term(
        effective_date="2024-01-01", expiry="2024-12-31", expiry_inclusive=True, renewal=before_end
    )
    assert other.status(as_of="2024-01-01").next_deadline == date(2024, 7, 4)  # 2024-12-31 - 180 d


def test_32_cancel_at_the_end_of_the_initial_term_and_each_anniversary_on_30_days() -> None:
    # The customer may cancel at the end of a 3-year initial term or on any anniversary.
    term = Term(
        effective_date="2021-04-01",
        expiry="2024-03-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, holder="customer", notice="P30D"),
    )
    assert term.status(as_of="2024-01-01").next_deadline == date(2024, 3, 1)
    by_vendor = term.status([Notice(given_on="2024-02-01", by="vendor")], as_of="2024-03-10")
    assert (by_vendor.ends, by_vendor.last_day) == (False, date(2025, 3, 31))
    assert "the notice by vendor on 2024-02-01 does not count" in by_vendor.because
    anniversary = term.status([Notice(given_on="2026-02-27", by="customer")], as_of="2026-03-05")
    assert (anniversary.ends, anniversary.last_day, anniversary.renewals) == (
        True,
        date(2026, 3, 31),  # the second anniversary renewal, 2025-04-01 to 2026-03-31
        2,
    )


def test_32_renewal_by_option() -> None:
    term = Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=1, mode="option", holder="a", notice="P3M"),
    )
    pending = term.status(as_of="2024-09-30")
    assert (pending.ends, pending.next_deadline) == (False, date(2024, 9, 30))
    lapsed = term.status(as_of="2024-10-01")
    assert (lapsed.ends, lapsed.last_day) == (True, date(2024, 12, 31))
    taken = term.status([Notice(given_on="2024-09-01", by="a")], as_of="2024-10-01")
    assert (taken.ends, taken.last_day) == (True, date(2025, 12, 31))  # no second renewal


# -- #38: change of control caps the service volume ---------------------------------------


def _coc() -> ChangeOfControl:
    return ChangeOfControl(
        id="coc",
        subject="customer",
        counterparty="provider",
        consequence="cap",
        threshold="50%",
        cap_lookback="P3M",
        cap_uplift="25%",
    )


def test_38_the_cap_is_the_base_of_the_three_months_before_plus_25_percent() -> None:
    r = _coc().cap(
        changed_on="2024-06-30",
        base=40_000,
        requested=48_000,
        entity="customer-bank",
        entities_before=("customer-bank", "customer-trust"),
    )
    assert r.cap == Decimal(50_000)
    assert r.within_cap
    assert r.covered is True
    assert r.served
    assert (r.lookback.start, r.lookback.end) == (date(2024, 3, 30), date(2024, 6, 30))


def test_38_an_acquirers_entity_is_not_covered() -> None:
    r = _coc().cap(
        changed_on="2024-06-30",
        base=40_000,
        requested=1_000,
        entity="acquirer-bank",
        entities_before=("customer-bank",),
    )
    assert r.covered is False
    assert not r.served
    assert "not covered" in r.because


def test_38_a_request_over_the_cap() -> None:
    r = _coc().cap(changed_on="2024-06-30", base=40_000, requested=50_001)
    assert not r.within_cap
    assert r.covered is None


def test_38_more_than_half_of_the_votes_is_a_change() -> None:
    assert not _coc().is_change("50%")
    assert _coc().is_change(Decimal("0.5001"))


# -- #39: post-term royalty tail, shortened on early termination --------------------------
# Assumptions stated by the case: the term began 2020-01-15; the tail starts with the first
# full calendar quarter after the end date (the last day in force).


def _tail() -> TailPayment:
    return TailPayment(
        id="tail",
        payer="a",
        payee="b",
        quarters=12,
        shortened_for=("without_cause", "change_of_control"),
    )


def test_39a_natural_expiry_gives_the_full_tail() -> None:
    t = _tail().tail(term_start="2020-01-15", last_day="2025-01-14", cause="expiry")
    assert t.count == 12
    assert (t.labels()[0], t.labels()[-1]) == ("2025-Q2", "2028-Q1")
    assert not t.shortened


def test_39b_termination_without_cause_cuts_the_tail_to_full_quarters_in_the_term() -> None:
    t = _tail().tail(term_start="2020-01-15", last_day="2021-08-10", cause="without_cause")
    assert t.full_quarters_in_term == 5  # 2020-Q2, Q3, Q4, 2021-Q1, Q2
    assert t.count == 5
    assert t.labels() == ("2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4")
    assert t.shortened


def test_39c_termination_for_breach_is_not_cut() -> None:
    t = _tail().tail(term_start="2020-01-15", last_day="2021-08-10", cause="breach")
    assert t.count == 12
    assert t.labels()[0] == "2021-Q4"
    assert not t.shortened


def test_39_change_of_control_cuts_as_well() -> None:
    t = _tail().tail(term_start="2020-01-15", last_day="2021-08-10", cause="change_of_control")
    assert t.count == 5
