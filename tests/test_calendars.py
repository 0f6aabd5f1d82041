"""Business-day calendars, adjustment conventions and month arithmetic: laws and bad input."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta
from typing import get_args

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Action,
    BusinessCalendar,
    BusinessDayConvention,
    Deal,
    Duration,
    MonthEndPolicy,
    Party,
    PaymentTerms,
    Renewal,
    ResponseWindow,
    Term,
    Weekday,
    add_months,
    add_years,
)
from dealterms.exceptions import InvalidDealError, InvalidValueError
from dealterms.io import dumps, loads

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
calendars = st.builds(
    BusinessCalendar,
    weekend=st.lists(st.sampled_from(get_args(Weekday)), max_size=4, unique=True),
    country=st.none() | st.sampled_from(["US", "GB", "DE", "JP"]),
    holidays=st.lists(days, max_size=20),
)
conventions = st.sampled_from(get_args(BusinessDayConvention))
policies = st.sampled_from(get_args(MonthEndPolicy))


# -- business days -----------------------------------------------------------------------


@given(cal=calendars, start=days, n=st.integers(1, 300))
def test_adding_then_subtracting_business_days_returns_on_or_before_the_start(
    cal: BusinessCalendar, start: date, n: int
) -> None:
    there = cal.add_business_days(start, n)
    back = cal.add_business_days(there, -n)
    assert there > start
    assert cal.is_business_day(there)
    assert cal.is_business_day(back)
    assert back <= start
    if cal.is_business_day(start):
        assert back == start
    else:  # the last business day before the start
        assert cal.add_business_days(start, -1) == back


@given(cal=calendars, start=days, n=st.integers(1, 300))
def test_subtracting_then_adding_business_days_returns_on_or_after_the_start(
    cal: BusinessCalendar, start: date, n: int
) -> None:
    back = cal.add_business_days(start, -n)
    there = cal.add_business_days(back, n)
    assert back < start <= there
    assert there == start or not cal.is_business_day(start)


@given(cal=calendars, start=days, n=st.integers(0, 300))
def test_business_days_between_counts_what_add_business_days_added(
    cal: BusinessCalendar, start: date, n: int
) -> None:
    end = cal.add_business_days(start, n)
    counted = cal.business_days_between(start, end)
    if n == 0:
        assert counted == 0
    else:  # [start, end): the start counts when it is open, the end never does
        assert counted == n - 1 + cal.is_business_day(start)
    assert cal.business_days_between(end, start) == -counted


@given(cal=calendars, start=days, length=st.integers(0, 60))
def test_business_days_between_is_a_plain_count(
    cal: BusinessCalendar, start: date, length: int
) -> None:
    span = [start + timedelta(days=i) for i in range(length)]
    expected = sum(cal.is_business_day(d) for d in span)
    assert cal.business_days_between(start, start + timedelta(days=length)) == expected


@given(cal=calendars, day=days, convention=conventions)
def test_adjusted_days_are_business_days_and_move_the_right_way(
    cal: BusinessCalendar, day: date, convention: BusinessDayConvention
) -> None:
    moved = cal.adjust(day, convention)
    if convention == "unadjusted" or cal.is_business_day(day):
        assert moved == day
        return
    assert cal.is_business_day(moved)
    if convention == "following":
        assert moved > day
    elif convention == "preceding":
        assert moved < day
    else:  # modified conventions stay in the month when the month has a business day
        assert moved.month == day.month
        unmodified = cal.adjust(day, convention.removeprefix("modified_"))  # type: ignore[arg-type]
        assert moved == unmodified or unmodified.month != day.month


@given(cal=calendars, day=days)
def test_following_is_on_or_after_and_preceding_on_or_before(
    cal: BusinessCalendar, day: date
) -> None:
    assert cal.adjust(day, "following") >= day >= cal.adjust(day, "preceding")
    assert cal.adjust(day, "following") == cal.adjust(day)  # the default


def test_known_business_days() -> None:
    us = BusinessCalendar(country="US")
    assert not us.is_business_day(date(2025, 7, 4))  # Independence Day, a Friday
    assert not us.is_business_day(date(2026, 7, 3))  # observed for Saturday 4 July
    assert us.adjust(date(2025, 7, 4), "preceding") == date(2025, 7, 3)
    gulf = BusinessCalendar(weekend=("friday", "saturday"))
    assert gulf.is_business_day(date(2025, 1, 5))  # a Sunday
    assert gulf.add_business_days(date(2025, 1, 9), 1) == date(2025, 1, 12)
    listed = BusinessCalendar(holidays=["2025-12-24", date(2025, 12, 26)])
    assert listed.add_business_days(date(2025, 12, 23), 2) == date(2025, 12, 29)
    assert BusinessCalendar(weekend=()).add_business_days(date(2025, 1, 4), 1) == date(2025, 1, 5)


def test_modified_following_at_a_month_end() -> None:
    cal = BusinessCalendar()
    assert cal.adjust(date(2025, 8, 30), "following") == date(2025, 9, 1)
    assert cal.adjust(date(2025, 8, 30), "modified_following") == date(2025, 8, 29)
    assert cal.adjust(date(2025, 3, 1), "preceding") == date(2025, 2, 28)
    assert cal.adjust(date(2025, 3, 1), "modified_preceding") == date(2025, 3, 3)


def test_a_response_window_counts_on_its_calendar_and_its_own_holidays() -> None:
    uk = BusinessCalendar(country="GB", subdivision="ENG")
    window = ResponseWindow(days=3, count="business", calendar=uk, holidays=["2025-12-29"])
    # 24 Dec (Wed) → 25, 26 are bank holidays, 27-28 weekend, 29 listed: 30, 31, 2 Jan.
    assert window.end_day(date(2025, 12, 24)) == date(2026, 1, 2)
    assert "GB-ENG holidays" in window.describe()
    legacy = ResponseWindow(days=3, count="business", holidays=["2025-03-10"])
    assert legacy.end_day(date(2025, 3, 7)) == date(2025, 3, 13)


def test_payment_terms_adjust_a_due_date_on_a_closed_day() -> None:
    terms = PaymentTerms(days=10, adjustment="following", calendar=BusinessCalendar(country="US"))
    assert terms.due_date(date(2025, 6, 24)) == date(2025, 7, 7)  # 4 July, then the weekend
    assert PaymentTerms(days=10).due_date(date(2025, 6, 24)) == date(2025, 7, 4)
    assert PaymentTerms(days=0).due_date(date(2025, 6, 24)) == date(2025, 6, 24)
    fiscal = PaymentTerms(days=30).period_due_date(
        date(2025, 8, 15), period="yearly", year_start_month=7
    )
    assert fiscal == date(2026, 7, 30)  # the fiscal year ends 30 June 2026


# -- month arithmetic --------------------------------------------------------------------


def _target(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


@given(day=days, months=st.integers(-600, 600))
def test_clip_never_overflows_the_target_month(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year, result.month) == _target(day, months)
    assert result.day <= day.day
    assert result == day + relativedelta(months=months)  # dateutil's rule, unchanged


@given(day=days, policy=policies)
def test_adding_zero_months_is_the_identity(day: date, policy: MonthEndPolicy) -> None:
    assert add_months(day, 0, policy=policy) == day
    assert add_years(day, 0, policy=policy) == day


@given(day=days, months=st.integers(-600, 600))
def test_refuse_raises_exactly_when_the_day_is_missing(day: date, months: int) -> None:
    year, month = _target(day, months)
    exists = day.day <= stdlib_calendar.monthrange(year, month)[1]
    if exists:
        assert add_months(day, months, policy="refuse") == date(year, month, day.day)
        assert add_months(day, months, policy="roll_forward") == date(year, month, day.day)
    else:
        with pytest.raises(InvalidValueError, match="ambiguous") as info:
            add_months(day, months, policy="refuse")
        assert info.value.path == "policy"
        rolled = add_months(day, months, policy="roll_forward")
        assert rolled.day == 1
        assert rolled == add_months(day, months) + timedelta(days=1)


@given(day=days, years=st.integers(-50, 50), policy=policies)
def test_years_are_twelve_months(day: date, years: int, policy: MonthEndPolicy) -> None:
    try:
        expected = add_months(day, 12 * years, policy=policy)
    except InvalidValueError:
        with pytest.raises(InvalidValueError):
            add_years(day, years, policy=policy)
    else:
        assert add_years(day, years, policy=policy) == expected


@given(
    day=days,
    duration=st.builds(
        Duration,
        years=st.integers(0, 5),
        months=st.integers(0, 30),
        weeks=st.integers(0, 5),
        days=st.integers(1, 40),
    ),
)
def test_duration_with_the_default_policy_is_relativedelta(day: date, duration: Duration) -> None:
    assert duration.add_to(day) == day + duration.to_relativedelta()


def test_the_month_end_policies_on_29_february_and_the_31st() -> None:
    leap = date(2024, 2, 29)
    assert add_years(leap, 1) == date(2025, 2, 28)
    assert add_years(leap, 1, policy="roll_forward") == date(2025, 3, 1)
    assert add_years(leap, 4, policy="refuse") == date(2028, 2, 29)
    with pytest.raises(InvalidValueError, match="February 2025 has no day 29"):
        add_years(leap, 1, policy="refuse")
    assert add_months(date(2025, 3, 31), -1, policy="roll_forward") == date(2025, 3, 1)


def test_a_renewal_states_its_month_end_policy() -> None:
    def term(policy: str) -> Term:
        return Term(
            effective_date="2024-01-01",
            expiry="2024-01-31",
            expiry_inclusive=False,
            renewal=Renewal(period="P1M", times=1, month_end=policy),  # type: ignore[arg-type]
        )

    assert term("clip").end == date(2024, 2, 29)
    assert term("roll_forward").end == date(2024, 3, 1)
    with pytest.raises(InvalidValueError, match="ambiguous") as info:
        term("refuse")
    assert info.value.path == "$.renewal.month_end"


def test_calendars_and_month_end_policies_round_trip_through_files() -> None:
    from dealterms import RightOfFirstRefusal

    right = RightOfFirstRefusal(
        id="rofr",
        grantor="a",
        holder="b",
        scope="act",
        window=ResponseWindow(
            days=10,
            count="business",
            calendar=BusinessCalendar(country="US", subdivision="NY", holidays=["2025-12-26"]),
        ),
    )
    deal = Deal(
        id="d",
        name="D",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="act", description="act"),),
        term=Term(
            effective_date="2020-01-01",
            expiry="2020-01-31",
            expiry_inclusive=False,
            renewal=Renewal(period="P1M", times=3, month_end="roll_forward"),
        ),
        clauses=(right,),
    )
    for fmt in ("json", "toml", "yaml"):
        assert loads(dumps(deal, fmt), fmt) == deal  # type: ignore[arg-type]


def test_an_unknown_country_in_a_file_names_its_path() -> None:
    text = """
format = "dealterms/1"
kind = "deal"
id = "d"
name = "D"
parties = [{id = "a", name = "A"}, {id = "b", name = "B"}]
actions = [{id = "act", description = "x"}]
term = {effective_date = "2020-01-01"}
[[clauses]]
kind = "right_of_first_refusal"
id = "r"
grantor = "a"
holder = "b"
scope = "act"
window = {days = 5, count = "business", calendar = {country = "XX"}}
"""
    with pytest.raises(InvalidDealError) as info:
        loads(text, "toml")
    (problem,) = info.value.exceptions
    assert "country='XX'" in str(problem)
    assert problem.path.endswith("window.calendar.country")


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path", "words"),
    [
        ({"country": "XX"}, "$.country", "no holiday calendar"),
        ({"country": "us"}, "$.country", "did you mean 'US'"),
        ({"country": "US", "subdivision": "ZZ"}, "$.subdivision", "not a subdivision of US"),
        ({"subdivision": "NY"}, "$.subdivision", "needs a country"),
        ({"country": ""}, "$.country", "code"),
        ({"weekend": ["funday"]}, "$.weekend", "must be one of"),
        ({"weekend": "saturday"}, "$.weekend", "list of weekday names"),
        ({"weekend": list(get_args(Weekday))}, "$.weekend", "no day would be a business day"),
        ({"holidays": ["2025-02-30"]}, "$.holidays[0]", "not a calendar date"),
        ({"holidays": "2025-12-25"}, "$.holidays", "list of dates"),
    ],
)
def test_bad_calendars_are_refused_naming_the_field(
    kwargs: dict[str, object], path: str, words: str
) -> None:
    with pytest.raises(InvalidValueError, match=words) as info:
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


@pytest.mark.parametrize("bad", ["nearest", "Following", "modified following", None, 1])
def test_bad_convention_names_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValueError, match="convention must be one of"):
        BusinessCalendar().adjust(date(2025, 1, 4), bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="adjustment must be one of"):
        PaymentTerms(days=5, adjustment=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [1.0, 2.5, True, False, "3", None])
def test_counts_must_be_whole_numbers(bad: object) -> None:
    day = date(2025, 1, 31)
    with pytest.raises(InvalidValueError) as info:
        BusinessCalendar().add_business_days(day, bad)  # type: ignore[arg-type]
    assert info.value.path == "days"
    with pytest.raises(InvalidValueError) as info:
        add_months(day, bad)  # type: ignore[arg-type]
    assert info.value.path == "months"
    with pytest.raises(InvalidValueError) as info:
        add_years(day, bad)  # type: ignore[arg-type]
    assert info.value.path == "years"
    with pytest.raises(InvalidValueError) as info:
        PaymentTerms(days=bad)  # type: ignore[arg-type]
    assert info.value.path == "$.days"


def test_other_bad_arguments() -> None:
    cal = BusinessCalendar()
    with pytest.raises(InvalidValueError, match="policy must be one of"):
        add_months(date(2025, 1, 31), 1, policy="nearest")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="month_end must be one of"):
        Renewal(period="P1Y", times=1, month_end="clamp")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="out of range"):
        add_years(date(9998, 6, 1), 1)
    with pytest.raises(InvalidValueError, match="supported dates"):
        cal.add_business_days(date(9998, 12, 31), 1)
    with pytest.raises(InvalidValueError) as info:
        cal.is_business_day("2025-13-01")  # type: ignore[arg-type]
    assert info.value.path == "day"
    with pytest.raises(InvalidValueError, match="only applies to business days"):
        ResponseWindow(days=5, calendar=cal)
    with pytest.raises(InvalidValueError, match="only applies to business days"):
        PaymentTerms(days=5, calendar=cal)
    with pytest.raises(InvalidValueError, match="-1"):
        PaymentTerms(days=-1)
    with pytest.raises(InvalidValueError, match="period must be one of"):
        PaymentTerms(days=5).period_due_date(date(2025, 1, 1), period="weekly")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="year_start_month"):
        PaymentTerms(days=5).period_due_date(date(2025, 1, 1), year_start_month=13)
