"""Business-day calendars, date-adjustment conventions, response windows and due dates.

A [`BusinessCalendar`][dealterms.BusinessCalendar] says which days are business days: not a
weekend day, not a holiday (from the `holidays` package by country, and/or a list of
dates). Windows ([`ResponseWindow`][dealterms.ResponseWindow]) and due dates
([`PaymentTerms`][dealterms.PaymentTerms]) count calendar or business days with it, and a
[`BusinessDayConvention`][dealterms.BusinessDayConvention] moves a date that falls on a
non-business day.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Final, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, flag
from dealterms._time import FIRST_DATE, LAST_DATE, _whole, parse_date, period_boundaries
from dealterms.exceptions import InvalidValueError
from dealterms.typing import Period

__all__ = [
    "BusinessCalendar",
    "BusinessDayConvention",
    "DayCount",
    "PaymentTerms",
    "ResponseWindow",
    "Weekday",
]

DayCount: TypeAlias = Literal["calendar", "business"]
"""How a window counts days: every calendar day, or business days (by default Monday to
Friday; see [`BusinessCalendar`][dealterms.BusinessCalendar])."""

Weekday: TypeAlias = Literal[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
]
"""A day of the week, by its English name in lower case."""

BusinessDayConvention: TypeAlias = Literal[
    "unadjusted", "following", "modified_following", "preceding", "modified_preceding"
]
"""How a date that is not a business day is moved (the ISDA business day conventions):

* `"unadjusted"`: not moved.
* `"following"`: to the next business day.
* `"modified_following"`: to the next business day, unless that is in the next month;
  then to the previous business day.
* `"preceding"`: to the previous business day.
* `"modified_preceding"`: to the previous business day, unless that is in the previous
  month; then to the next business day.

A business day is never moved.
"""

WEEKDAYS: Final[tuple[Weekday, ...]] = get_args(Weekday)
"""The weekdays in `date.weekday()` order (Monday is 0)."""

MAX_WINDOW_DAYS = 10_000
"""The longest response window, in (calendar or business) days."""

MAX_BUSINESS_DAYS = 100_000
"""The most business days [`add_business_days`][dealterms.BusinessCalendar.add_business_days]
moves at once (about 400 years)."""


# -- business calendars -------------------------------------------------------------------


def _weekend(value: object) -> tuple[Weekday, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise InvalidValueError(
            f"weekend must be a list of weekday names, got {type(value).__name__} {value!r}",
            path="$.weekend",
            expected="a list such as ['saturday', 'sunday']",
            got=value,
        )
    days = {choice(v, WEEKDAYS, "weekend") for v in value}
    if len(days) == len(WEEKDAYS):
        raise InvalidValueError(
            "weekend covers every day of the week, so no day would be a business day",
            path="$.weekend",
            expected="at most six weekdays",
            got=value,
        )
    return tuple(d for d in WEEKDAYS if d in days)


def _code(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{field} must be a code such as 'US' or None, got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="a code from the holidays package, or None",
            got=value,
        )
    return value


def _country(value: object) -> str | None:
    return _code(value, "country")


def _subdivision(value: object) -> str | None:
    return _code(value, "subdivision")


def _holiday_list(value: object) -> tuple[date, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise InvalidValueError(
            f"holidays must be a list of dates, got {type(value).__name__}",
            path="$.holidays",
            expected="a list of dates",
            got=value,
        )
    return tuple(sorted({parse_date(v, path=f"$.holidays[{i}]") for i, v in enumerate(value)}))


def _did_you_mean(code: str, options: Iterable[str]) -> str:
    import difflib  # noqa: PLC0415 - only for an unknown code's hint

    close = difflib.get_close_matches(code.upper(), list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@functools.cache
def _calendar_problem(country: str, subdivision: str | None) -> InvalidValueError | None:
    """Why `holidays` has no calendar for `country` / `subdivision`, or `None`."""
    import holidays  # noqa: PLC0415 - imported only when a country calendar is used

    supported = holidays.list_supported_countries()
    if country not in supported:
        return InvalidValueError(
            f"country={country!r} has no holiday calendar in the holidays package"
            f"{_did_you_mean(country, supported)}",
            path="$.country",
            expected="an ISO 3166-1 alpha-2 code the holidays package supports, such as 'US'",
            got=country,
        )
    canonical = getattr(getattr(holidays, country, None), "country", country)
    if canonical != country:  # an alpha-3 code ("GBR") or an alias ("UK") of the package
        return InvalidValueError(
            f"country={country!r} is the holidays package's alias of {canonical!r}; give "
            f"the ISO 3166-1 alpha-2 code: did you mean {canonical!r}?",
            path="$.country",
            expected="an ISO 3166-1 alpha-2 code the holidays package supports, such as 'GB'",
            got=country,
        )
    subdivisions = supported[country]
    if subdivision is not None and subdivision not in subdivisions:
        listed = ", ".join(subdivisions[:12]) + (", …" if len(subdivisions) > 12 else "")
        return InvalidValueError(
            f"subdivision={subdivision!r} is not a subdivision of {country} in the holidays "
            f"package ({listed or 'it has none'})",
            path="$.subdivision",
            expected=f"one of {country}'s subdivisions, or None",
            got=subdivision,
        )
    return None


@functools.lru_cache(maxsize=4096)
def _country_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays (observed days included) of one year, from `holidays`."""
    import holidays  # noqa: PLC0415 - imported only when a country calendar is used

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _convention(value: object) -> BusinessDayConvention:
    return choice(value, get_args(BusinessDayConvention), "convention")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """Which days are business days: not a weekend day and not a holiday.

    Holidays come from the `holidays` package for `country` (and `subdivision`), as that
    package lists a country's public holidays, days observed in lieu included; and/or from
    the explicit `holidays` list. With neither, only the weekend is closed. The `holidays`
    package is imported only when a country calendar is used. A country's dates are the
    installed `holidays` version's (it adds holidays as governments declare them); list
    the dates in `holidays` to pin them.

    Attributes:
        weekend: The weekly days off, by name (default Saturday and Sunday; at most six).
        country: An ISO 3166-1 alpha-2 code the `holidays` package supports (`"US"`,
            `"GB"`, `"DE"`), or `None`. The package's other names for a country (alpha-3
            codes such as `"GBR"`, aliases such as `"UK"`) are refused with the alpha-2
            code as a hint, so one country has one spelling in a deal.
        subdivision: A subdivision of `country` in that package (`"NY"`, `"ENG"`), or
            `None` for the national calendar.
        holidays: More days that are not business days (ISO dates).

    Raises:
        InvalidValueError: for an unknown weekday, a weekend of all seven days, a
            country or subdivision the `holidays` package does not know, or a country
            that is not an alpha-2 code (path `$.country` / `$.subdivision`), a
            subdivision without a country, or a malformed date.

    Example:
        >>> nyse = BusinessCalendar(country="US", subdivision="NY")
        >>> nyse.is_business_day(date(2019, 1, 21))  # Martin Luther King Jr. Day
        False
        >>> nyse.add_business_days(date(2019, 1, 18), 1)  # Friday → Tuesday
        datetime.date(2019, 1, 22)
    """

    weekend: tuple[Weekday, ...] = attrs.field(default=("saturday", "sunday"), converter=_weekend)
    country: str | None = attrs.field(default=None, converter=_country)
    subdivision: str | None = attrs.field(default=None, converter=_subdivision)
    holidays: tuple[date, ...] = attrs.field(default=(), converter=_holiday_list)

    def __attrs_post_init__(self) -> None:
        if self.country is None:
            if self.subdivision is not None:
                raise InvalidValueError(
                    f"subdivision={self.subdivision!r} needs a country",
                    path="$.subdivision",
                    expected="None, or a country as well",
                    got=self.subdivision,
                )
            return
        problem = _calendar_problem(self.country, self.subdivision)
        if problem is not None:
            raise problem.at("$")

    def is_business_day(self, day: date) -> bool:
        """Whether `day` is a business day.

        Raises:
            InvalidValueError: if `day` is not a date in the supported range.
        """
        day = parse_date(day, path="day")
        return self._open(day, self._closed_weekdays())

    def _closed_weekdays(self) -> frozenset[int]:
        return frozenset(WEEKDAYS.index(d) for d in self.weekend)

    def _open(self, day: date, closed: frozenset[int]) -> bool:
        if day.weekday() in closed:
            return False
        i = bisect.bisect_left(self.holidays, day)
        if i < len(self.holidays) and self.holidays[i] == day:
            return False
        return self.country is None or day not in _country_holidays(
            self.country, self.subdivision, day.year
        )

    def _step(self, day: date, step: int, closed: frozenset[int]) -> date:
        """The next (step=1) or previous (step=-1) business day strictly after/before."""
        while True:
            if day >= LAST_DATE if step > 0 else day <= FIRST_DATE:
                raise InvalidValueError(
                    f"no business day {'after' if step > 0 else 'before'} {day} within the "
                    f"supported dates ({FIRST_DATE} through {LAST_DATE})",
                    path="day",
                    expected=f"a result from {FIRST_DATE} through {LAST_DATE}",
                    got=day,
                )
            day += timedelta(days=step)
            if self._open(day, closed):
                return day

    def add_business_days(self, day: date, days: int) -> date:
        """The `days`-th business day after `day` (before it, for a negative `days`).

        `day` itself is never counted, and need not be a business day: from a Saturday,
        +1 is the Monday (if it is open) and -1 the Friday. `days=0` returns `day`
        unchanged (use [`adjust`][dealterms.BusinessCalendar.adjust] to move it).

        Args:
            day: The start `date`.
            days: Whole business days, from -100,000 to 100,000 (bools and floats are
                refused).

        Raises:
            InvalidValueError: for a bad argument (path `day` / `days`), or a result
                outside 0002-01-01 through 9998-12-31.

        Example:
            >>> BusinessCalendar().add_business_days(date(2019, 1, 22), 10)
            datetime.date(2019, 2, 5)
        """
        day = parse_date(day, path="day")
        days = _whole(days, "days", MAX_BUSINESS_DAYS)
        closed = self._closed_weekdays()
        step = 1 if days > 0 else -1
        for _ in range(abs(days)):
            day = self._step(day, step, closed)
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days fall in `[start, end)` (negative when `end < start`).

        So for a business day `d`, `business_days_between(d, add_business_days(d, n))`
        is `n`.

        Raises:
            InvalidValueError: if `start` or `end` is not a supported date.

        Example:
            >>> BusinessCalendar().business_days_between(date(2019, 1, 22), date(2019, 2, 3))
            9
        """
        start = parse_date(start, path="start")
        end = parse_date(end, path="end")
        if end < start:
            return -self.business_days_between(end, start)
        closed = self._closed_weekdays()
        open_days = 7 - len(closed)
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * open_days + sum(
            (start + timedelta(days=i)).weekday() not in closed for i in range(rest)
        )
        shut = set(self.holidays[bisect.bisect_left(self.holidays, start) :])
        if self.country is not None:
            for year in range(start.year, end.year + 1):
                shut |= _country_holidays(self.country, self.subdivision, year)
        return count - sum(start <= h < end and h.weekday() not in closed for h in shut)

    def adjust(self, day: date, convention: BusinessDayConvention = "following") -> date:
        """Move `day` to a business day by a business day convention.

        Args:
            day: The `date` to adjust; a business day is returned unchanged.
            convention: A [`BusinessDayConvention`][dealterms.BusinessDayConvention]:
                `"unadjusted"`, `"following"` (the default),
                `"modified_following"`, `"preceding"` or `"modified_preceding"`.

        Raises:
            InvalidValueError: for an unknown convention (path `convention`) or a date
                outside the supported range.

        Example:
            >>> cal = BusinessCalendar()
            >>> cal.adjust(date(2025, 5, 31), "following")  # a Saturday
            datetime.date(2025, 6, 2)
            >>> cal.adjust(date(2025, 5, 31), "modified_following")  # stays in May
            datetime.date(2025, 5, 30)
        """
        day = parse_date(day, path="day")
        convention = _convention(convention)
        closed = self._closed_weekdays()
        if convention == "unadjusted" or self._open(day, closed):
            return day
        if convention in ("following", "modified_following"):
            moved = self._step(day, 1, closed)
            if convention == "following" or moved.month == day.month:
                return moved
            return self._step(day, -1, closed)
        moved = self._step(day, -1, closed)
        if convention == "preceding" or moved.month == day.month:
            return moved
        return self._step(day, 1, closed)

    def describe(self) -> str:
        """The calendar in words.

        Example:
            >>> BusinessCalendar(country="US", subdivision="NY").describe()
            'business days (weekend saturday, sunday; US-NY holidays)'
        """
        parts = [f"weekend {', '.join(self.weekend) or 'none'}"]
        if self.country is not None:
            region = self.country + (f"-{self.subdivision}" if self.subdivision else "")
            parts.append(f"{region} holidays")
        if self.holidays:
            parts.append(
                f"{len(self.holidays)} listed holiday{'s' if len(self.holidays) > 1 else ''}"
            )
        return f"business days ({'; '.join(parts)})"


# -- response windows ---------------------------------------------------------------------


def _length(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WINDOW_DAYS:
        raise InvalidValueError(
            f"days must be a whole number from 1 to {MAX_WINDOW_DAYS}, got {value!r}",
            path="$.days",
            expected=f"an int from 1 to {MAX_WINDOW_DAYS}",
            got=value,
        )
    return value


def _count(value: object) -> DayCount:
    return choice(value, get_args(DayCount), "count")  # type: ignore[return-value]


def _bool(value: object) -> bool:
    return flag(value, "last_day_counts")


def _optional_calendar(value: object) -> BusinessCalendar | None:
    if value is None or isinstance(value, BusinessCalendar):
        return value
    raise InvalidValueError(
        f"calendar must be a BusinessCalendar or None, got {type(value).__name__} {value!r}",
        path="$.calendar",
        expected="BusinessCalendar(country=…, holidays=[…]) or None",
        got=value,
    )


def _calendar_only_for_business_days(count: DayCount, calendar: BusinessCalendar | None) -> None:
    if calendar is not None and count != "business":
        raise InvalidValueError(
            f"a business calendar only applies to business days, but count={count!r}; "
            "pass count='business', or leave calendar out",
            path="$.calendar",
            expected="None with count='calendar'",
            got=calendar,
        )


def _business_calendar(
    calendar: BusinessCalendar | None, extra: tuple[date, ...] = ()
) -> BusinessCalendar:
    cal = calendar if calendar is not None else BusinessCalendar()
    return attrs.evolve(cal, holidays=cal.holidays + extra) if extra else cal


def _in_supported_range(compute: Callable[[], date], what: str, got: object, path: str) -> date:
    try:
        day = compute()
    except (OverflowError, InvalidValueError):
        day = date.max
    if day > LAST_DATE:
        raise InvalidValueError(
            f"{what} ends after {LAST_DATE}",
            path=path,
            expected=f"an end by {LAST_DATE}",
            got=got,
        )
    return day


@attrs.frozen(kw_only=True)
class ResponseWindow:
    """How long a party has to answer: an offer, a delivery to inspect, a notice.

    The window opens on the day of the offer (or delivery) and runs `days` days
    (calendar or business days) after it. With `last_day_counts=True` (the default) an
    answer on the last day is in time; with `False` the window closes at the start of
    that day.

    Business days are those of `calendar` (default: Monday to Friday), less `holidays`.
    Counting starts the day after the offer.

    Attributes:
        days: The window's length (>= 1).
        count: `"calendar"` or `"business"` (a [`DayCount`][dealterms.DayCount]).
        last_day_counts: Whether an answer on the last day is still in time.
        holidays: Dates that are not business days (for `"business"` windows), on top of
            the calendar's.
        calendar: The [`BusinessCalendar`][dealterms.BusinessCalendar] of a `"business"`
            window, or `None` for Monday to Friday.

    Raises:
        InvalidValueError: for a length < 1, an unknown count, malformed holidays, or a
            calendar on a `"calendar"` window.

    Example:
        >>> w = ResponseWindow(days=5, count="business")
        >>> w.last_day(date(2025, 1, 10))  # a Friday: Mon 13 … Fri 17
        datetime.date(2025, 1, 17)
        >>> us = ResponseWindow(days=5, count="business", calendar=BusinessCalendar(country="US"))
        >>> us.last_day(date(2025, 1, 17))  # Mon 20 is Martin Luther King Jr. Day
        datetime.date(2025, 1, 27)
    """

    days: int = attrs.field(converter=_length)
    count: DayCount = attrs.field(default="calendar", converter=_count)
    last_day_counts: bool = attrs.field(default=True, converter=_bool)
    holidays: tuple[date, ...] = attrs.field(default=(), converter=_holiday_list)
    calendar: BusinessCalendar | None = attrs.field(default=None, converter=_optional_calendar)

    def __attrs_post_init__(self) -> None:
        _calendar_only_for_business_days(self.count, self.calendar)

    def end_day(self, offered: date) -> date:
        """The `days`-th counted day after `offered` (the nominal last day).

        Raises:
            InvalidValueError: if that day falls after the last supported date.
        """
        offered = parse_date(offered, path="offered")
        return _in_supported_range(
            lambda: self._end_day(offered),
            f"a window of {self.describe()} from {offered}",
            offered,
            "$.window",
        )

    def _end_day(self, offered: date) -> date:
        if self.count == "calendar":
            return offered + timedelta(days=self.days)
        return _business_calendar(self.calendar, self.holidays).add_business_days(
            offered, self.days
        )

    def last_day(self, offered: date) -> date:
        """The last day on which an answer is in time."""
        end = self.end_day(offered)
        return end if self.last_day_counts else end - timedelta(days=1)

    def describe(self) -> str:
        """The window in words, e.g. `"30 calendar days, the last day included"`."""
        last = "included" if self.last_day_counts else "excluded"
        text = f"{self.days} {self.count} days, the last day {last}"
        if self.calendar is not None:
            text += f", on {self.calendar.describe()}"
        return text


# -- due dates ----------------------------------------------------------------------------


def _due_days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WINDOW_DAYS:
        raise InvalidValueError(
            f"days must be a whole number from 0 to {MAX_WINDOW_DAYS}, got {value!r}",
            path="$.days",
            expected=f"an int from 0 to {MAX_WINDOW_DAYS}",
            got=value,
        )
    return value


def _adjustment(value: object) -> BusinessDayConvention:
    return choice(value, get_args(BusinessDayConvention), "adjustment")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class PaymentTerms:
    """When a payment falls due: a number of calendar or business days after a day.

    "Payment is due 10 days after the end of each quarter" is `PaymentTerms(days=10)`,
    applied to the quarter's last day with
    [`period_due_date`][dealterms.PaymentTerms.period_due_date]; "7 business days after
    the permission" is `PaymentTerms(days=7, count="business")` applied to the permission's
    day with [`due_date`][dealterms.PaymentTerms.due_date]. A due date that falls on a
    non-business day is then moved by `adjustment` (by default it is not moved).

    Attributes:
        days: Days after the reference day (>= 0; 0 = due on that day).
        count: `"calendar"` (default) or `"business"` days (a [`DayCount`][dealterms.DayCount]).
        calendar: The [`BusinessCalendar`][dealterms.BusinessCalendar] for business-day
            counting and for `adjustment`; `None` for Monday to Friday.
        adjustment: A [`BusinessDayConvention`][dealterms.BusinessDayConvention] for a due
            date on a non-business day (default `"unadjusted"`).

    Raises:
        InvalidValueError: for a negative or non-integer `days`, an unknown `count` or
            `adjustment`, or a calendar that nothing uses (`count="calendar"` with
            `adjustment="unadjusted"`).

    Source: the Accord Project's "IP payment" template (public case #6): due 10 days after
    the end of each quarter, or 7 days after a governmental permission.

    Example:
        >>> PaymentTerms(days=10).period_due_date(date(2019, 3, 4), period="quarterly")
        datetime.date(2019, 4, 10)
    """

    days: int = attrs.field(converter=_due_days)
    count: DayCount = attrs.field(default="calendar", converter=_count)
    calendar: BusinessCalendar | None = attrs.field(default=None, converter=_optional_calendar)
    adjustment: BusinessDayConvention = attrs.field(default="unadjusted", converter=_adjustment)

    def __attrs_post_init__(self) -> None:
        if self.adjustment == "unadjusted":
            _calendar_only_for_business_days(self.count, self.calendar)

    def due_date(self, after: date) -> date:
        """The due date for a payment counted from the day `after`.

        Args:
            after: The reference `date` (a period's last day, a permission, an invoice).

        Raises:
            InvalidValueError: if `after` is not a supported date, or the due date falls
                after 9998-12-31.

        Example:
            >>> PaymentTerms(days=7).due_date(date(2018, 4, 5))
            datetime.date(2018, 4, 12)
            >>> PaymentTerms(days=7, count="business").due_date(date(2018, 4, 5))
            datetime.date(2018, 4, 16)
        """
        after = parse_date(after, path="after")
        calendar = _business_calendar(self.calendar)

        def compute() -> date:
            if self.count == "business":
                due = calendar.add_business_days(after, self.days)
            else:
                due = after + timedelta(days=self.days)
            return calendar.adjust(due, self.adjustment)

        return _in_supported_range(
            compute, f"payment terms of {self.describe()} from {after}", after, "$.days"
        )

    def period_due_date(
        self, day: date, *, period: Period = "quarterly", year_start_month: int = 1
    ) -> date:
        """The due date of the payment for the period that contains `day`.

        Counted from the period's last day. Periods are calendar months, quarters or
        years, aligned on `year_start_month` (1 = calendar quarters; 7 = fiscal years from
        July), as for [`RevenueShare`][dealterms.RevenueShare].

        Raises:
            InvalidValueError: for an unknown period or a month outside 1–12.

        Example:
            >>> PaymentTerms(days=10).period_due_date(date(2019, 3, 4))  # Q1 ends 31 March
            datetime.date(2019, 4, 10)
        """
        day = parse_date(day, path="day")
        period = choice(period, get_args(Period), "period")  # type: ignore[assignment]
        if (
            isinstance(year_start_month, bool)
            or not isinstance(year_start_month, int)
            or not 1 <= year_start_month <= 12
        ):
            raise InvalidValueError(
                f"year_start_month must be a month number from 1 to 12, got {year_start_month!r}",
                path="year_start_month",
                expected="an int from 1 to 12",
                got=year_start_month,
            )
        boundaries = period_boundaries(period, year_start_month, day, day + timedelta(days=1))
        return self.due_date(boundaries[-1] - timedelta(days=1))

    def describe(self) -> str:
        """The terms in words, e.g. `"10 calendar days"`."""
        text = f"{self.days} {self.count} days"
        if self.adjustment != "unadjusted":
            text += f", adjusted {self.adjustment.replace('_', ' ')}"
        if self.calendar is not None:
            text += f", on {self.calendar.describe()}"
        return text
