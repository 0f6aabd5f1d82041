"""Renewal notices counted in business days, adjusted deadlines, and the ROFR free period.

Public case #8 (Accord Project supply agreement, DERIVED): an initial term from
2018-04-02 for 2 years, renewable by Purchaser notice for 1-year terms given "at least 30
Business Days before the end of the current term". Assumptions: the 2 years run through
2020-04-01 inclusive, the renewal has no stated maximum (`times=None`), and business days
are those of the US federal calendar (`BusinessCalendar(country="US")`, Monday to Friday).

Convention tested: the deadline is the 30th business day counted back from the term's last
day (the last day itself is not counted), so exactly 30 business days fall from the
deadline (counted) up to the last day (not counted), as 30 calendar days do for
`notice="P30D"`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Action,
    BusinessCalendar,
    BusinessDayConvention,
    Deal,
    Interval,
    MonthEndPolicy,
    Notice,
    Offer,
    Party,
    ReAttached,
    Refusal,
    Released,
    Renewal,
    ResponseWindow,
    RightOfFirstRefusal,
    State,
    Term,
    Terms,
    Weekday,
    evaluate,
)
from dealterms.exceptions import InvalidValueError
from dealterms.io import dumps, loads

US = BusinessCalendar(country="US")


def supply_term(calendar: BusinessCalendar | None = US, **kw: Any) -> Term:
    return Term(
        effective_date="2018-04-02",
        expiry="2020-04-01",
        expiry_inclusive=True,
        renewal=Renewal(
            period="P1Y",
            times=None,
            mode="option",
            holder="purchaser",
            notice_business_days=30,
            calendar=calendar,
            **kw,
        ),
    )


def periods(term: Term, n: int) -> list[Interval]:
    assert term.renewal is not None
    out = [Interval(start=term.effective_date, end=date(2020, 4, 2))]
    while len(out) < n:
        out.append(Interval(start=out[-1].end, end=term.renewal.period.add_to(out[-1].end)))  # type: ignore[arg-type]
    return out


# -- public case #8 (DERIVED): 30 Business Days before the end of the current term ----------


def test_8_deadlines_of_the_first_and_second_term_periods() -> None:
    term = supply_term()
    assert term.renewal is not None
    first, second, third = periods(term, 3)
    assert term.renewal.deadline(first) == date(2020, 2, 19)  # Wed; last day Wed 2020-04-01
    assert term.renewal.deadline(second) == date(2021, 2, 18)  # Thu; last day Thu 2021-04-01
    # Presidents' Day (Mon 2022-02-21) is not a business day: one day earlier than on a
    # Monday-to-Friday calendar.
    assert term.renewal.deadline(third) == date(2022, 2, 17)
    assert supply_term(calendar=None).renewal.deadline(third) == date(2022, 2, 18)  # type: ignore[union-attr]


def test_8_the_convention_30_business_days_from_the_deadline_up_to_the_last_day() -> None:
    term = supply_term()
    assert term.renewal is not None
    for period in periods(term, 5):
        deadline = term.renewal.deadline(period)
        assert deadline is not None
        assert US.is_business_day(deadline)
        assert US.business_days_between(deadline, period.last_day) == 30  # type: ignore[arg-type]


def test_8_a_notice_on_the_deadline_takes_the_option() -> None:
    notice = Notice(given_on="2020-02-19", by="purchaser")
    s = supply_term().status([notice], as_of="2020-02-19")
    assert not s.ends
    assert s.renewals == 1
    assert s.last_day == date(2021, 4, 1)
    assert s.next_deadline == date(2021, 2, 18)
    assert "option taken on 2020-02-19" in s.because


def test_8_a_notice_on_the_next_business_day_is_late() -> None:
    notice = Notice(given_on="2020-02-20", by="purchaser")
    s = supply_term().status([notice], as_of="2020-02-20")
    assert s.ends
    assert s.renewals == 0
    assert s.last_day == date(2020, 4, 1)
    assert s.next_deadline is None
    assert "came after the deadline 2020-02-19" in s.because


def test_8_options_taken_twice_renew_through_1_april_2022() -> None:
    notices = [
        Notice(given_on="2020-02-03", by="purchaser"),
        Notice(given_on="2021-02-18", by="purchaser"),
    ]
    s = supply_term().status(notices, as_of="2021-06-01")
    assert s.renewals == 2
    assert s.period == Interval(start=date(2021, 4, 2), end=date(2022, 4, 2))
    assert s.last_day == date(2022, 4, 1)
    assert s.next_deadline == date(2022, 2, 17)


def test_8_only_the_purchasers_notice_counts() -> None:
    s = supply_term().status([Notice(given_on="2020-02-03", by="supplier")], as_of="2020-03-01")
    assert s.ends
    assert s.last_day == date(2020, 4, 1)


def test_8_anchored_on_the_start_of_the_renewal_the_deadline_is_a_business_day_later() -> None:
    term = supply_term(notice_anchor="start_of_renewal")
    assert term.renewal is not None
    assert term.renewal.deadline(periods(term, 1)[0]) == date(2020, 2, 20)


def test_8_describe_and_round_trip_through_files() -> None:
    term = supply_term()
    assert term.renewal is not None
    assert term.renewal.describe() == (
        "renewed without limit for 1 year each, at the option of purchaser, 30 business days "
        "before the end of the term, on business days (weekend saturday, sunday; US holidays)"
    )
    deal = Deal(
        id="supply",
        name="Supply agreement",
        parties=(Party(id="purchaser", name="Purchaser"), Party(id="supplier", name="Supplier")),
        term=term,
        clauses=(),
    )
    for fmt in ("json", "toml", "yaml"):
        assert loads(dumps(deal, fmt), fmt) == deal  # type: ignore[arg-type]
    assert "notice_business_days" in dumps(deal, "json")


# -- a deadline in calendar days moved to a business day -----------------------------------


def calendar_year(**kw: Any) -> Term:
    return Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, **kw),
    )


@pytest.mark.parametrize(
    ("adjustment", "deadline"),
    [
        ("unadjusted", date(2024, 6, 1)),  # a Saturday
        ("preceding", date(2024, 5, 31)),
        ("following", date(2024, 6, 3)),
        ("modified_preceding", date(2024, 6, 3)),  # 31 May is in the month before
    ],
)
def test_a_fixed_day_deadline_on_a_saturday_is_moved_by_the_convention(
    adjustment: BusinessDayConvention, deadline: date
) -> None:
    s = calendar_year(notice_by="06-01", deadline_adjustment=adjustment).status(as_of="2024-01-02")
    assert s.next_deadline == deadline


def test_preceding_makes_a_notice_on_the_nominal_saturday_late() -> None:
    term = calendar_year(notice_by="06-01", deadline_adjustment="preceding")
    late = term.status([Notice(given_on="2024-06-01")], as_of="2024-06-01")
    assert not late.ends
    assert late.last_day == date(2025, 12, 31)
    in_time = term.status([Notice(given_on="2024-05-31")], as_of="2024-06-01")
    assert in_time.ends


def test_a_calendar_day_notice_ending_on_christmas_moves_to_christmas_eve() -> None:
    # 7 days before Tuesday 2024-12-31 is Tuesday 2024-12-24; 6 days is Christmas Day.
    term = calendar_year(notice="P6D", deadline_adjustment="preceding", calendar=US)
    assert term.status(as_of="2024-12-01").next_deadline == date(2024, 12, 24)
    unadjusted = calendar_year(notice="P6D")
    assert unadjusted.status(as_of="2024-12-01").next_deadline == date(2024, 12, 25)


def test_an_adjustment_past_the_last_day_is_refused() -> None:
    # An option with no notice period runs to the last day, Saturday 2022-12-31.
    with pytest.raises(InvalidValueError) as info:
        Term(
            effective_date="2022-01-01",
            expiry="2022-12-31",
            expiry_inclusive=True,
            renewal=Renewal(period="P1Y", times=1, mode="option", deadline_adjustment="following"),
        )
    assert info.value.path == "$.renewal.deadline_adjustment"
    assert "after the term period's last day 2022-12-31" in str(info.value)


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path", "words"),
    [
        ({"notice_business_days": 0}, "$.notice_business_days", "from 1 to 10000"),
        ({"notice_business_days": True}, "$.notice_business_days", "bool True"),
        ({"notice_business_days": "30"}, "$.notice_business_days", "str '30'"),
        ({"notice_business_days": 30.0}, "$.notice_business_days", "float 30.0"),
        (
            {"notice_business_days": 30, "notice": "P1M"},
            "$.notice_business_days",
            "not both notice='P1M' and notice_business_days=30",
        ),
        (
            {"notice_business_days": 30, "notice_by": "10-01"},
            "$.notice_by",
            "notice_business_days=30 and notice_by='10-01'",
        ),
        ({"calendar": US}, "$.calendar", "only used by notice_business_days"),
        ({"notice_business_days": 5, "calendar": "US"}, "$.calendar", "BusinessCalendar"),
        ({"deadline_adjustment": "nearest"}, "$.deadline_adjustment", "'nearest'"),
    ],
)
def test_bad_renewal_fields_name_the_field(kwargs: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Renewal(period="P1Y", times=None, **kwargs)
    assert info.value.path == path
    assert words in str(info.value)


def test_a_business_day_notice_longer_than_the_term_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        Term(
            effective_date="2024-01-01",
            expiry="2024-03-31",
            expiry_inclusive=True,
            renewal=Renewal(period="P1Y", times=None, notice_business_days=66),
        )
    assert info.value.path == "$.renewal.notice_business_days"
    assert "falls before the period starts" in str(info.value)


# -- laws ---------------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
calendars = st.builds(
    BusinessCalendar,
    weekend=st.lists(st.sampled_from(get_args(Weekday)), max_size=3, unique=True),
    country=st.none() | st.sampled_from(["US", "GB", "DE", "JP"]),
    holidays=st.lists(days, max_size=20),
)


def option_term(cal: BusinessCalendar, start: date, length: int, n: int, **kw: Any) -> Term:
    return Term(
        effective_date=start,
        expiry=start + timedelta(days=length),
        expiry_inclusive=True,
        renewal=Renewal(
            period="P1Y", times=1, mode="option", notice_business_days=n, calendar=cal, **kw
        ),
    )


@given(cal=calendars, start=days, length=st.integers(200, 800), n=st.integers(1, 40))
def test_a_business_day_deadline_is_a_business_day_before_the_last_day_and_exact(
    cal: BusinessCalendar, start: date, length: int, n: int
) -> None:
    term = option_term(cal, start, length, n)
    last = start + timedelta(days=length)
    deadline = term.status(as_of=start).next_deadline
    assert deadline is not None
    assert cal.is_business_day(deadline)
    assert start <= deadline < last
    # n business days from the deadline (counted) up to the last day (not counted).
    assert cal.business_days_between(deadline, last) == n
    in_time = term.status([Notice(given_on=deadline)], as_of=deadline)
    assert (in_time.renewals, in_time.ends) == (1, True)
    after = cal.add_business_days(deadline, 1)
    if after > last:  # n == 1 and the last day is not a business day
        assert n == 1
        assert not cal.is_business_day(last)
    for day in {after, deadline + timedelta(days=1)}:
        if day <= last:
            late = term.status([Notice(given_on=day)], as_of=day)
            assert (late.renewals, late.ends, late.last_day) == (0, True, last)


@given(cal=calendars, start=days, length=st.integers(200, 800), n=st.integers(1, 40))
def test_anchored_on_the_renewal_the_deadline_is_on_or_before_the_last_day(
    cal: BusinessCalendar, start: date, length: int, n: int
) -> None:
    term = option_term(cal, start, length, n, notice_anchor="start_of_renewal")
    last = start + timedelta(days=length)
    deadline = term.status(as_of=start).next_deadline
    assert deadline is not None
    assert cal.is_business_day(deadline)
    assert deadline <= last
    assert cal.business_days_between(deadline, last + timedelta(days=1)) == n


@given(start=days, length=st.integers(100, 800), n=st.integers(1, 90))
def test_with_every_day_a_business_day_business_days_are_calendar_days(
    start: date, length: int, n: int
) -> None:
    every_day = BusinessCalendar(weekend=[])
    period = Interval(start=start, end=start + timedelta(days=length + 1))
    business = Renewal(period="P1Y", times=None, notice_business_days=n, calendar=every_day)
    calendar_days = Renewal(period="P1Y", times=None, notice=f"P{n}D")
    assert business.deadline(period) == calendar_days.deadline(period)


@given(
    cal=calendars,
    start=days,
    notice=st.integers(1, 90),
    adjustment=st.sampled_from(["preceding", "modified_preceding"]),
)
def test_a_preceding_adjustment_gives_a_business_day_on_or_before_the_unadjusted_deadline(
    cal: BusinessCalendar, start: date, notice: int, adjustment: BusinessDayConvention
) -> None:
    period = Interval(start=start, end=start + timedelta(days=400))
    plain = Renewal(period="P1Y", times=None, notice=f"P{notice}D").deadline(period)
    assert plain is not None
    renewal = Renewal(
        period="P1Y",
        times=None,
        notice=f"P{notice}D",
        calendar=cal,
        deadline_adjustment=adjustment,
    )
    assert period.end is not None
    if cal.adjust(plain, adjustment) > period.end - timedelta(days=1):
        # "modified" turns back to following at a month start, which may pass the period's
        # last day: that deadline is refused, never moved silently.
        assert adjustment == "modified_preceding"
        with pytest.raises(InvalidValueError, match="deadline_adjustment"):
            renewal.deadline(period)
        return
    moved = renewal.deadline(period)
    assert moved is not None
    assert cal.is_business_day(moved)
    assert moved == cal.adjust(plain, adjustment)
    if adjustment == "preceding":
        assert moved <= plain


# -- ROFR free period: the month-end policy ---------------------------------------------------


def rofr(policy: MonthEndPolicy | None) -> Deal:
    extra = {} if policy is None else {"free_period_month_end": policy}
    return Deal(
        id="d",
        name="D",
        parties=(Party(id="g", name="Grantor"), Party(id="h", name="Holder")),
        actions=(Action(id="sell", description="sell the shares"),),
        term=Term(effective_date="2025-01-01"),
        clauses=(
            RightOfFirstRefusal(
                id="r",
                grantor="g",
                holder="h",
                scope="sell",
                window=ResponseWindow(days=10),
                free_period="P1M",
                **extra,  # type: ignore[arg-type]
            ),
        ),
    )


EVENTS = [
    Offer(clause="r", date="2025-01-21", terms=Terms(unit_price="10 USD", quantity=100)),
    Refusal(clause="r", date="2025-01-31"),
]


@pytest.mark.parametrize(
    ("policy", "free_until"),
    [(None, date(2025, 2, 27)), ("clip", date(2025, 2, 27)), ("roll_forward", date(2025, 2, 28))],
)
def test_rofr_free_period_from_the_31st(policy: MonthEndPolicy | None, free_until: date) -> None:
    process = evaluate(rofr(policy), State(as_of="2025-02-10", events=EVENTS)).process("r")
    assert isinstance(process.status, Released)
    assert process.status.free_until == free_until
    after = evaluate(
        rofr(policy), State(as_of=free_until + timedelta(days=1), events=EVENTS)
    ).process("r")
    assert isinstance(after.status, ReAttached)


def test_rofr_free_period_refuse_raises_on_an_ambiguous_end() -> None:
    with pytest.raises(InvalidValueError) as info:
        evaluate(rofr("refuse"), State(as_of="2025-02-10", events=EVENTS)).process("r")
    assert info.value.path.endswith("free_period_month_end")
    assert "February 2025 has no day 31" in str(info.value)


def test_rofr_free_period_month_end_bad_value_and_round_trip() -> None:
    with pytest.raises(InvalidValueError) as info:
        rofr("nearest")  # type: ignore[arg-type]
    assert "free_period_month_end" in str(info.value)
    deal = rofr("roll_forward")
    for fmt in ("json", "toml", "yaml"):
        assert loads(dumps(deal, fmt), fmt) == deal  # type: ignore[arg-type]
