"""Terms: the period a deal or a clause is in force."""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Literal, NoReturn, TypeAlias, get_args

import attrs

from dealterms._calendar import (
    MAX_WINDOW_DAYS,
    BusinessCalendar,
    BusinessDayConvention,
    _optional_calendar,
)
from dealterms._checks import choice, flag, items, optional_instance
from dealterms._party import check_id
from dealterms._time import (
    LAST_DATE,
    Duration,
    Interval,
    MonthEndPolicy,
    _date_field,
    _month_end_policy,
    _optional_date_field,
    add_capped,
    parse_date,
)
from dealterms.exceptions import InvalidValueError

from .fields import duration, duration_words, optional_duration

__all__ = ["NoticeAnchor", "Notice", "Renewal", "RenewalMode", "Term", "TermStatus"]


def _times(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"times must be a whole number >= 1 (or None for no maximum), got {value!r}",
            path="$.times",
            expected="an int >= 1 or None",
            got=value,
        )
    return value


def _period(value: object) -> Duration:
    return duration(value, "period")


def _notice(value: object) -> Duration | None:
    return optional_duration(value, "notice")


RenewalMode: TypeAlias = Literal["automatic", "option"]
"""How a term renews.

* `"automatic"` (default): it renews unless a party gives notice to stop it by the
  deadline (an "evergreen" clause).
* `"option"`: it renews only if a party gives notice to renew by the deadline.
"""

NoticeAnchor: TypeAlias = Literal["last_day_of_term", "start_of_renewal"]
"""The day a notice period is counted back from (the boundary convention).

A notice is in time if it is given **on or before** the deadline, and the deadline is
the anchor day minus the notice period (`dateutil.relativedelta` rules):

* `"last_day_of_term"` (default): the anchor is the last day of the current term. For
  "12 months before the end" of a term through 2024-12-31 the deadline is 2023-12-31: a
  notice that day is in time, one on 2024-01-01 is late (public case #32(c)).
* `"start_of_renewal"`: the anchor is the first day of the renewal term, i.e. the end of
  the current term read as the moment it stops. The same clause then has the deadline
  2024-01-01, so a notice that day is still in time. Use it for "180 days before the start
  of the renewal term" too.
"""

_MONTH_DAY = re.compile(r"([0-9]{2})-([0-9]{2})")  # ASCII digits only


def _notice_by(value: object) -> str | None:
    if value is None:
        return None
    m = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    ok = m is not None and 1 <= int(m[1]) <= 12
    if ok and m is not None:
        month, day = int(m[1]), int(m[2])
        ok = 1 <= day <= calendar.monthrange(2001, month)[1]  # 02-29 is refused
    if not ok:
        raise InvalidValueError(
            f"notice_by must be a month and day 'MM-DD' that occurs every year, got {value!r}",
            path="$.notice_by",
            expected="'MM-DD', e.g. '10-01' (not '02-29')",
            got=value,
        )
    return value  # type: ignore[return-value]


def _mode(value: object) -> RenewalMode:
    return choice(value, get_args(RenewalMode), "mode")  # type: ignore[return-value]


def _anchor(value: object) -> NoticeAnchor:
    return choice(value, get_args(NoticeAnchor), "notice_anchor")  # type: ignore[return-value]


def _holder(value: object) -> str | None:
    return None if value is None else check_id(value, "holder")


def _business_days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WINDOW_DAYS:
        raise InvalidValueError(
            f"notice_business_days must be a whole number from 1 to {MAX_WINDOW_DAYS} "
            f"(or None), got {type(value).__name__} {value!r}",
            path="$.notice_business_days",
            expected=f"an int from 1 to {MAX_WINDOW_DAYS}, or None",
            got=value,
        )
    return value


def _deadline_adjustment(value: object) -> BusinessDayConvention:
    return choice(value, get_args(BusinessDayConvention), "deadline_adjustment")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Renewal:
    """Renewal of a term for further periods, and the notice that stops (or takes) it.

    Each renewal extends the term by `period`, counted from the (exclusive) end of the
    previous period with `dateutil.relativedelta` rules (period by period: a monthly
    renewal from 2025-01-31 ends on 02-28, then on 03-28). [`Term.end`][dealterms.Term.end]
    assumes no notice: automatic renewals taken, options not;
    [`Term.status`][dealterms.Term.status] applies the notices actually given and
    [`Term.settled`][dealterms.Term.settled] returns the term they leave.

    The notice deadline of a term period ([`deadline`][dealterms.Renewal.deadline]) is the
    last day on which a notice is in time (a notice given on the deadline day is in
    time). It is one of:

    * `notice` before the anchor day (see [`NoticeAnchor`][dealterms.NoticeAnchor]), in
      calendar days and months;
    * `notice_business_days` business days of `calendar` before the anchor day: the
      `n`-th business day counted back from the anchor, which is itself never counted
      ([`add_business_days`][dealterms.BusinessCalendar.add_business_days] with `-n`).
      So exactly `n` business days fall from the deadline (counted) up to the anchor
      (not counted): `calendar.business_days_between(deadline, anchor) == n`. "At least
      30 Business Days before the end of the current term" for a term whose last day is
      Wednesday 2020-04-01 has the deadline Wednesday 2020-02-19 (six weeks of five
      business days). Such a deadline is always a business day, and with every day a
      business day it is exactly that of `notice=Duration(days=n)`;
    * the fixed day `notice_by` each year: the latest such day on or before the period's
      last day ("on or before October 1" for calendar-year terms);
    * with none of them, the last day of the term for an option (and no deadline for an
      automatic renewal).

    A deadline that falls on a day that is not a business day of `calendar` is then moved
    by `deadline_adjustment` (default `"unadjusted"`: not moved). `"preceding"` reads
    "notice must reach the other party by the deadline, so by the business day before";
    `"following"` reads "a deadline on a holiday moves to the next business day".

    Attributes:
        period: The length of each renewal (`Duration` or ISO string `"P1Y"`).
        times: The most renewals (>= 1), or `None` for no maximum (evergreen). Required:
            say `None` explicitly.
        mode: `"automatic"` (default) or `"option"` ([`RenewalMode`][dealterms.RenewalMode]).
        holder: The only party whose notice counts (to stop an automatic renewal, or to
            exercise an option), or `None` (default) for either party.
        notice: The notice period in calendar time (`"P12M"`, `"P15D"`), or `None`.
        notice_by: A fixed day each year `"MM-DD"` (`"10-01"`), or `None`.
        notice_anchor: What `notice` and `notice_business_days` count back from (default
            `"last_day_of_term"`).
        month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy] for renewal periods that
            end on a day the target month lacks (the 29th-31st, or 29 February):
            `"clip"` (the default, dateutil's rule), `"roll_forward"` or `"refuse"` (the
            term is then refused at construction when an end would be ambiguous: any
            renewal's with a limit on `times`, the first 12 of an evergreen term).
        notice_business_days: The notice period in business days (1 to 10,000), or
            `None`. At most one of `notice`, `notice_business_days` and `notice_by`.
        calendar: The [`BusinessCalendar`][dealterms.BusinessCalendar] for
            `notice_business_days` and `deadline_adjustment`, or `None` for Monday to
            Friday without holidays.
        deadline_adjustment: A [`BusinessDayConvention`][dealterms.BusinessDayConvention]
            for a deadline on a non-business day (default `"unadjusted"`). It never moves
            a `notice_business_days` deadline, which is a business day already.

    Raises:
        InvalidValueError: for a malformed period or notice, `times < 1`, a `notice_by`
            that is not a day of every year (`"02-29"`), more than one of `notice`,
            `notice_business_days` and `notice_by`, an unknown `month_end` or
            `deadline_adjustment`, or a `calendar` that nothing uses (no
            `notice_business_days` and `deadline_adjustment="unadjusted"`).
            A notice that does not fit the term is refused by [`Term`][dealterms.Term].

    Source: CUAD "Renewal Term" and "Notice Period To Terminate Renewal" (public case #32);
    business days: the Accord Project's supply agreement, "at least 30 Business Days
    before the end of the current term" (public case #8, DERIVED).

    Example:
        >>> Renewal(period="P5Y", times=None, notice="P12M").notice.format()
        'P12M'
        >>> r = Renewal(period="P1Y", times=None, mode="option", notice_business_days=30)
        >>> r.deadline(Interval(start=date(2018, 4, 2), end=date(2020, 4, 2)))
        datetime.date(2020, 2, 19)
    """

    period: Duration = attrs.field(converter=_period)
    times: int | None = attrs.field(converter=_times)
    mode: RenewalMode = attrs.field(default="automatic", converter=_mode)
    holder: str | None = attrs.field(default=None, converter=_holder)
    notice: Duration | None = attrs.field(default=None, converter=_notice)
    notice_by: str | None = attrs.field(default=None, converter=_notice_by)
    notice_anchor: NoticeAnchor = attrs.field(default="last_day_of_term", converter=_anchor)
    month_end: MonthEndPolicy = attrs.field(default="clip", converter=_month_end_policy)
    notice_business_days: int | None = attrs.field(default=None, converter=_business_days)
    calendar: BusinessCalendar | None = attrs.field(default=None, converter=_optional_calendar)
    deadline_adjustment: BusinessDayConvention = attrs.field(
        default="unadjusted", converter=_deadline_adjustment
    )

    def __attrs_post_init__(self) -> None:
        given = [
            (name, value)
            for name, value in (
                ("notice", None if self.notice is None else self.notice.format()),
                ("notice_business_days", self.notice_business_days),
                ("notice_by", self.notice_by),
            )
            if value is not None
        ]
        if len(given) > 1:
            (first, a), (second, b) = given[:2]
            raise InvalidValueError(
                f"give one of notice, notice_business_days and notice_by, not both "
                f"{first}={a!r} and {second}={b!r}",
                path=f"$.{second}",
                expected=f"None when {first} is given",
                got=b,
            )
        if (
            self.calendar is not None
            and self.notice_business_days is None
            and self.deadline_adjustment == "unadjusted"
        ):
            raise InvalidValueError(
                "a calendar is only used by notice_business_days or a deadline_adjustment; "
                "give one of them, or leave calendar out",
                path="$.calendar",
                expected="None without notice_business_days or deadline_adjustment",
                got=self.calendar,
            )

    def _business_calendar(self) -> BusinessCalendar:
        return self.calendar if self.calendar is not None else BusinessCalendar()

    def deadline(self, period: Interval) -> date | None:
        """The last day to give notice for the term period `period` (a half-open interval).

        Returns:
            The deadline, or `None` when the renewal takes no notice (automatic with
            none of `notice`, `notice_business_days` and `notice_by`). `date.min` when the
            notice reaches before the first supported date.

        Raises:
            InvalidValueError: (path `$.deadline_adjustment`) if `deadline_adjustment`
                moves the deadline past the period's last day, where a notice would fall
                in the next period (a `"following"` adjustment of a deadline on the last
                day; use `"preceding"`).

        Example:
            >>> r = Renewal(period="P1Y", times=None, notice_by="10-01")
            >>> r.deadline(Interval(start=date(2024, 1, 1), end=date(2025, 1, 1)))
            datetime.date(2024, 10, 1)
            >>> r = Renewal(
            ...     period="P1Y", times=None, notice_by="06-01", deadline_adjustment="preceding"
            ... )
            >>> r.deadline(Interval(start=date(2024, 1, 1), end=date(2025, 1, 1)))  # a Saturday
            datetime.date(2024, 5, 31)
        """
        end = period.end
        assert end is not None  # a renewing term has an end
        last = end - timedelta(days=1)
        anchor = last if self.notice_anchor == "last_day_of_term" else end
        if self.notice_business_days is not None:
            try:
                return self._business_calendar().add_business_days(
                    anchor, -self.notice_business_days
                )
            except InvalidValueError:  # no business day that far back
                return date.min
        day = self._unadjusted_deadline(anchor, last)
        if day is None or day == date.min or self.deadline_adjustment == "unadjusted":
            return day
        try:
            moved = self._business_calendar().adjust(day, self.deadline_adjustment)
        except InvalidValueError:  # no business day within the supported dates
            return date.min
        if moved > last:
            raise InvalidValueError(
                f"deadline_adjustment={self.deadline_adjustment!r} moves the notice deadline "
                f"{day} to {moved}, after the term period's last day {last}",
                path="$.deadline_adjustment",
                expected="a convention that keeps the deadline within the period, "
                "such as 'preceding'",
                got=self.deadline_adjustment,
            )
        return moved

    def _unadjusted_deadline(self, anchor: date, last: date) -> date | None:
        if self.notice is not None:
            try:
                return anchor - self.notice.to_relativedelta()
            except (OverflowError, ValueError):
                return date.min
        if self.notice_by is not None:
            month, day = int(self.notice_by[:2]), int(self.notice_by[3:])
            year = last.year if (month, day) <= (last.month, last.day) else last.year - 1
            return date(year, month, day) if year >= 1 else date.min
        return last if self.mode == "option" else None

    def _takes_notice(self) -> bool:
        return self.mode == "option" or any(
            v is not None for v in (self.notice, self.notice_business_days, self.notice_by)
        )

    def describe(self) -> str:
        """The renewal in words.

        For example `"renewed without limit for 1 year each, unless notice by either party,
        on or before 10-01 each year"`.
        """
        times = "without limit" if self.times is None else f"{self.times}×"
        how = "at the option of" if self.mode == "option" else "unless notice by"
        who = f" {self.holder}" if self.holder is not None else " either party"
        anchor = (
            "the end of the term"
            if self.notice_anchor == "last_day_of_term"
            else "the start of the renewal"
        )
        if self.notice is not None:
            when = f", {duration_words(self.notice)} before {anchor}"
        elif self.notice_business_days is not None:
            when = f", {self.notice_business_days} business days before {anchor}"
        elif self.notice_by is not None:
            when = f", on or before {self.notice_by} each year"
        else:
            when = ""
        if self.deadline_adjustment != "unadjusted":
            when += f" (a deadline on a non-business day moves {self.deadline_adjustment})"
        if self.calendar is not None:
            when += f", on {self.calendar.describe()}"
        policy = "" if self.month_end == "clip" else f" (month_end={self.month_end})"
        each = f"for {duration_words(self.period)} each"
        if not self._takes_notice():
            return f"renewed {times} {each}{policy}"
        return f"renewed {times} {each}{policy}, {how}{who}{when}"


def _given_on(value: object) -> date:
    return parse_date(value, path="$.given_on")


def _by(value: object) -> str | None:
    return None if value is None else check_id(value, "by")


@attrs.frozen(kw_only=True)
class Notice:
    """A notice one party gives the other on a day (to stop or take a renewal, to terminate).

    Attributes:
        given_on: The day the notice is given (a `date` or ISO text).
        by: Party id of the party who gives it, or `None` when it does not matter.

    Raises:
        InvalidValueError: for a malformed date or party id.
    """

    given_on: date = attrs.field(converter=_given_on)
    by: str | None = attrs.field(default=None, converter=_by)


@attrs.frozen(kw_only=True)
class TermStatus:
    """Where a renewing term stands on `as_of`, given the notices given by then.

    Attributes:
        as_of: The day of the reading.
        period: The term period that runs on `as_of` (or the last one, if the term has
            ended), with any renewal that can no longer be stopped already taken.
        renewals: How many renewals `period` includes.
        last_day: The last day the term is sure to be in force (`period`'s last day), or
            `None` for a term without end.
        ends: Whether the term ends on `last_day` (stopped by notice, an option not taken,
            no renewals left); `False` while a renewal may still follow.
        next_deadline: The last day for the next notice that matters, or `None` when no
            notice can change the outcome any more.
        because: How the notices lead to this, in words.
    """

    as_of: date
    period: Interval
    renewals: int
    last_day: date | None
    ends: bool
    next_deadline: date | None
    because: str


_PERIODS_CHECKED = 12
"""How many renewal periods of an evergreen term (`times=None`) construction checks."""
_SAFE_DAY = 28  # every month has the days up to the 28th


def _renewal(value: object) -> Renewal | None:
    return optional_instance(value, Renewal, "renewal")


def _inclusive(value: object) -> bool | None:
    return None if value is None else flag(value, "expiry_inclusive")


@attrs.frozen(kw_only=True)
class Term:
    """The period something is in force: from `effective_date` to `expiry`.

    Whether the expiry day itself is still in force is always stated, never guessed:
    `expiry_inclusive=True` means "through `expiry`", `False` means "until, not including,
    `expiry`". Internally the term is the half-open interval
    [`interval()`][dealterms.Term.interval].

    With a renewal, [`end`][dealterms.Term.end] and `interval()` read the term as if no
    notice is given: automatic renewals are all taken, options are not (an option renews
    only when exercised). [`status`][dealterms.Term.status] applies the notices given, and
    [`settled`][dealterms.Term.settled] returns the term they leave, to evaluate a deal on.

    Attributes:
        effective_date: The first day in force.
        expiry: The stated end date, or `None` for no end.
        expiry_inclusive: Required when `expiry` is given: `True` if the expiry day is in
            force, `False` if the term ends at the start of that day.
        renewal: Optional renewal after the stated expiry, with the notice that stops or
            takes it ([`Renewal`][dealterms.Renewal]).

    Raises:
        InvalidValueError: if `expiry` is before `effective_date` (or equal to it with an
            exclusive end), if `expiry_inclusive` is missing while `expiry` is given, if
            a renewal is given without an expiry, if the renewal's notice does not fit
            a term period (12 months' notice on a 6-month term: the deadline would fall
            before the period starts), if the term ends after 9998-12-31 (an inclusive
            expiry on that day; a renewal period reaching past it, path `$.renewal`), or
            under `month_end="refuse"` if a renewal period's end is ambiguous (path
            `$.renewal.month_end`). Renewal periods are checked at construction: all of
            them with a limit on `times`, the first 12 of an evergreen term
            (`times=None`), whose later periods are refused when
            [`status`][dealterms.Term.status] reaches them.

    Example:
        >>> t = Term(effective_date="2019-07-22", expiry="2030-12-31", expiry_inclusive=True)
        >>> t.interval()
        Interval(start=datetime.date(2019, 7, 22), end=datetime.date(2031, 1, 1))
    """

    effective_date: date = attrs.field(converter=_date_field)
    expiry: date | None = attrs.field(default=None, converter=_optional_date_field)
    expiry_inclusive: bool | None = attrs.field(default=None, converter=_inclusive)
    renewal: Renewal | None = attrs.field(default=None, converter=_renewal)

    def __attrs_post_init__(self) -> None:
        if self.expiry is None:
            if self.renewal is not None:
                raise InvalidValueError(
                    "a renewal needs an expiry to renew from",
                    path="$.renewal",
                    expected="an expiry date",
                    got=self.renewal,
                )
            return
        if self.expiry_inclusive is None:
            raise InvalidValueError(
                f"say whether expiry={self.expiry} is itself in force: "
                "pass expiry_inclusive=True (through that day) or False (until that day)",
                path="$.expiry_inclusive",
                expected="True or False",
                got=None,
            )
        if self.expiry < self.effective_date or (
            self.expiry == self.effective_date and not self.expiry_inclusive
        ):
            raise InvalidValueError(
                f"expiry={self.expiry} is before effective_date={self.effective_date}",
                path="$.expiry",
                expected=f"a date on or after {self.effective_date}",
                got=self.expiry,
            )
        if self.expiry_inclusive and self.expiry >= LAST_DATE:
            raise InvalidValueError(
                f"a term through {self.expiry} would end on {self.expiry + timedelta(days=1)}, "
                f"after {LAST_DATE}, the last date dealterms supports; use "
                "expiry_inclusive=False (until, not including, that day), or leave expiry "
                "out for a term without end",
                path="$.expiry",
                expected=f"an inclusive expiry before {LAST_DATE}",
                got=self.expiry,
            )
        r = self.renewal
        if r is None:
            return
        # Every renewal period's end exists and is unambiguous (month_end="refuse"): all
        # of them for a limited number of renewals, the first ones for an evergreen term
        # (those that end by LAST_DATE: an evergreen term may run to the end of the range).
        if r.times is None:
            for _ in self._periods(first_only=True):
                pass
        else:
            self._advance(self._initial_end(), r.times)
        self._check_notice_fits()

    def _refuse_overflow(self) -> NoReturn:
        """Raise: a renewal period reaches past `LAST_DATE`."""
        raise InvalidValueError(
            f"the term {self.describe()} reaches past {LAST_DATE}, the last date dealterms "
            "supports; leave expiry out for a term without end",
            path="$.renewal",
            expected=f"renewal periods that end by {LAST_DATE}",
            got=self.renewal,
        ) from None

    def _initial_end(self) -> date:
        assert self.expiry is not None
        return self.expiry + timedelta(days=1) if self.expiry_inclusive else self.expiry

    def _renew_once(self, end: date) -> date:
        """The end of the renewal period that starts on `end`."""
        r = self.renewal
        assert r is not None
        try:
            return r.period.add_to(end, month_end=r.month_end)
        except InvalidValueError as e:
            if e.path == "$.month_end":  # an ambiguous end under month_end="refuse"
                raise e.at("$.renewal") from None
            self._refuse_overflow()

    def _advance(self, end: date, count: int) -> date:
        """The end after `count` more renewal periods from `end`, taken one by one.

        Each period starts when the previous one ends (so 2025-01-31 + P1M + P1M is
        2025-03-28, not 2025-03-31).

        Adding the periods in one step gives the same day when no period can meet a
        missing month day: a period of weeks and days only, or one of months and years
        only from a day of the month up to the 28th. Then the days are added at once
        instead of walking the periods (an evergreen `P1D` renewal has millions).
        """
        r = self.renewal
        assert r is not None
        p = r.period
        months = 12 * p.years + p.months
        length = 7 * p.weeks + p.days
        while count > 0:
            if months == 0:
                if length * count > (LAST_DATE - end).days:
                    self._refuse_overflow()
                return end + timedelta(days=length * count)
            if length == 0 and end.day <= _SAFE_DAY:
                index = end.year * 12 + end.month - 1 + months * count
                if index > LAST_DATE.year * 12 + LAST_DATE.month - 1:
                    self._refuse_overflow()
                return date(index // 12, index % 12 + 1, end.day)
            end = self._renew_once(end)
            count -= 1
        return end

    def _period_through(self, day: date) -> tuple[int, date, date]:
        """The renewal count, start and end of the period that runs on `day`.

        Every renewal taken and without limit on `times` (`day` on or after the initial
        end).

        Walks the periods only until the arithmetic of `_advance` can jump.
        """
        r = self.renewal
        assert r is not None
        p = r.period
        months = 12 * p.years + p.months
        length = 7 * p.weeks + p.days
        start, end, count = self.effective_date, self._initial_end(), 0
        while end <= day:
            more = 0
            if months == 0:
                more = (day - end).days // length
            elif length == 0 and end.day <= _SAFE_DAY:
                more = ((day.year - end.year) * 12 + day.month - end.month) // months - 1
            if more > 0:  # jump to a period that starts on or before `day`
                end, count = self._advance(end, more), count + more
            start, end, count = end, self._renew_once(end), count + 1
        return count, start, end

    def _periods(self, *, first_only: bool = False) -> Iterator[Interval]:
        """The initial period, then each renewal period (all renewals taken).

        With `first_only`, an evergreen term's first `_PERIODS_CHECKED` renewals, only
        those that end by `LAST_DATE` (what construction checks).
        """
        start = self.effective_date
        end = self._initial_end()
        yield Interval(start=start, end=end)
        renewal = self.renewal
        count = 0
        while renewal is not None and (renewal.times is None or count < renewal.times):
            if (
                first_only
                and renewal.times is None
                and (count >= _PERIODS_CHECKED or add_capped(renewal.period, end) > LAST_DATE)
            ):
                return  # an evergreen term's first periods, those that end by LAST_DATE
            start, end = end, self._renew_once(end)
            count += 1
            yield Interval(start=start, end=end)

    def _check_notice_fits(self) -> None:
        r = self.renewal
        if r is None or not r._takes_notice():
            return
        # Month lengths vary, so look at the first periods (a year of monthly renewals).
        for i, period in enumerate(self._periods(first_only=True)):
            if i > _PERIODS_CHECKED:
                break
            try:
                deadline = r.deadline(period)
            except InvalidValueError as e:
                raise e.at("$.renewal") from None
            if deadline is not None and deadline < period.start:
                field, rule = (
                    ("notice", r.notice.format())
                    if r.notice is not None
                    else ("notice_business_days", r.notice_business_days)
                    if r.notice_business_days is not None
                    else ("notice_by", r.notice_by)
                    if r.notice_by is not None
                    else ("deadline_adjustment", r.deadline_adjustment)
                )
                which = "the initial term" if i == 0 else f"renewal {i}"
                raise InvalidValueError(
                    f"notice {field}={rule} does not fit {which} [{period.start}, "
                    f"{period.end}): its deadline {deadline} falls before the period starts",
                    path=f"$.renewal.{field}",
                    expected="a notice period shorter than every term period",
                    got=rule,
                )

    @property
    def end(self) -> date | None:
        """The first day *not* in force, or `None` if open-ended, with no notice given.

        What it assumes of the renewals is what happens when nobody gives notice:

        * an automatic renewal (`mode="automatic"`) is taken, every time: the end after
          `times` renewal periods, each starting when the previous one ends (an evergreen
          renewal, `times=None`, makes the term open-ended, `None`);
        * an option (`mode="option"`) is not taken: the end of the initial term.

        [`status`][dealterms.Term.status] applies the notices actually given, and
        [`settled`][dealterms.Term.settled] turns them into the term to evaluate.

        Example:
            >>> monthly = Renewal(period="P1M", times=2)
            >>> Term(
            ...     effective_date="2025-01-01", expiry="2025-01-31", expiry_inclusive=False,
            ...     renewal=monthly,
            ... ).end  # 2025-01-31 + P1M = 02-28, + P1M = 03-28
            datetime.date(2025, 3, 28)
        """
        if self.expiry is None:
            return None
        end = self._initial_end()
        r = self.renewal
        if r is None or r.mode == "option":
            return end
        if r.times is None:
            return None  # renews without limit unless stopped: see `status`
        return self._advance(end, r.times)

    def interval(self) -> Interval:
        """The half-open interval `[effective_date, end)` in force, renewals included."""
        return Interval(start=self.effective_date, end=self.end)

    def describe(self) -> str:
        """The term in words, e.g. `"from 2019-07-22 through 2030-12-31"`."""
        if self.expiry is None:
            return f"from {self.effective_date}, without end"
        word = "through" if self.expiry_inclusive else "until (not including)"
        text = f"from {self.effective_date} {word} {self.expiry}"
        if self.renewal is not None:
            text += ", " + self.renewal.describe()
        return text

    def status(self, notices: Iterable[Notice] = (), *, as_of: date | str) -> TermStatus:
        """Where the term stands on `as_of`: its current end and the next notice deadline.

        The rule, period by period from the initial term:

        1. A notice belongs to the term period it is given in (one given before the
           effective date, to the initial term). Notices by a party other than the
           renewal's `holder` (when one is named) do not count.
        2. A notice is in time if given on or before the period's deadline
           ([`Renewal.deadline`][dealterms.Renewal.deadline]); a late notice has no effect
           (it does not carry over to the next period: give it again).
        3. Automatic renewal: a notice in time ends the term with the period. Option: the
           term renews only if a notice in time takes the option. With no renewals left
           (`times`) the term ends with the period.
        4. A renewal that can no longer be stopped (its deadline has passed) is taken, and
           the reading moves on to the next period.

        Args:
            notices: The notices given by `as_of` ([`Notice`][dealterms.Notice]).
            as_of: The day of the reading (no clock is read).

        Returns:
            A [`TermStatus`][dealterms.TermStatus].

        Raises:
            InvalidValueError: for a notice after `as_of`, or something other than a
                `Notice`; or (path `$.deadline_adjustment`) when a later period's
                deadline is adjusted past its last day (see
                [`Renewal.deadline`][dealterms.Renewal.deadline]).

        Source: public case #32 (CUAD "Notice Period To Terminate Renewal").

        Example:
            >>> term = Term(
            ...     effective_date="2020-01-01",
            ...     expiry="2024-12-31",
            ...     expiry_inclusive=True,
            ...     renewal=Renewal(period="P5Y", times=None, notice="P12M"),
            ... )
            >>> s = term.status([Notice(given_on="2024-03-01")], as_of="2024-03-01")
            >>> s.last_day, s.ends, s.next_deadline
            (datetime.date(2029, 12, 31), False, datetime.date(2028, 12, 31))
        """
        day = parse_date(as_of, path="as_of")
        given = sorted(items(notices, Notice, "notices"), key=lambda n: n.given_on)
        for i, n in enumerate(given):
            if n.given_on > day:
                raise InvalidValueError(
                    f"a notice given on {n.given_on} is after as_of={day}",
                    path=f"$.notices[{i}].given_on",
                    expected=f"a day on or before {day}",
                    got=n.given_on,
                )
        if self.expiry is None:
            return TermStatus(
                as_of=day,
                period=self.interval(),
                renewals=0,
                last_day=None,
                ends=False,
                next_deadline=None,
                because=f"the term runs {self.describe()}; no notice ends it",
            )
        r = self.renewal
        notes: list[str] = []
        if r is not None and r.holder is not None:
            others = [n for n in given if n.by is not None and n.by != r.holder]
            notes += [f"the notice by {n.by} on {n.given_on} does not count" for n in others]
            given = [n for n in given if n not in others]
        if r is not None and not r._takes_notice():
            return self._status_without_notice(day, notes)
        previous_last: date | None = None
        count, start, end = 0, self.effective_date, self._initial_end()
        while True:
            jump = self._skip_quiet(given, previous_last, day, count, end)
            if jump is not None:
                notes.append(f"renewals {count + 1} to {jump[0]} from {end} (no notice in time)")
                count, start, end = jump
                previous_last = start - timedelta(days=1)
            period = Interval(start=start, end=end)
            assert period.last_day is not None
            last = period.last_day
            mine = [
                n
                for n in given
                if n.given_on <= last and (previous_last is None or n.given_on > previous_last)
            ]
            previous_last = last
            if r is None or (r.times is not None and count >= r.times):
                left = "the term does not renew" if r is None else f"no renewals left ({r.times})"
                return self._status(day, period, count, True, None, [*notes, left])
            deadline = r.deadline(period)
            in_time = [n for n in mine if deadline is not None and n.given_on <= deadline]
            late = [n for n in mine if n not in in_time]
            notes += [
                f"the notice on {n.given_on} came after the deadline {deadline}: no effect"
                for n in late
                if deadline is not None
            ]
            open_ = deadline is not None and day <= deadline
            if r.mode == "automatic":
                if in_time:
                    notes.append(
                        f"notice on {in_time[0].given_on}, on or before the deadline "
                        f"{deadline}, stops the renewal"
                    )
                    return self._status(day, period, count, True, None, notes)
                if open_:
                    notes.append(f"it renews unless notice is given on or before {deadline}")
                    return self._status(day, period, count, False, deadline, notes)
                why = "no notice in time" if deadline is not None else "it takes no notice"
            else:
                if not in_time:
                    if open_:
                        notes.append(f"it renews only if the option is taken by {deadline}")
                        return self._status(day, period, count, False, deadline, notes)
                    notes.append(f"the option was not taken by {deadline}")
                    return self._status(day, period, count, True, None, notes)
                why = f"option taken on {in_time[0].given_on}"
            notes.append(f"renewal {count + 1} from {period.end} ({why})")
            start, end, count = end, self._renew_once(end), count + 1

    def _skip_quiet(
        self, given: list[Notice], previous_last: date | None, day: date, count: int, end: date
    ) -> tuple[int, date, date] | None:
        """Jump over the automatic renewals taken before the next notice and `as_of`.

        A period that ends before both the next notice and `day` holds no notice and its
        deadline (on or before its last day) has passed: it renews. When more than
        `_PERIODS_CHECKED` such periods follow the one ending on `end` (period `count`),
        return the renewal count, start and end of the period running on the earlier of
        the two days by arithmetic (`_period_through`; the last renewal if `times` runs
        out first); else `None` (walk on).
        """
        r = self.renewal
        if r is None or r.mode != "automatic" or (r.times is not None and count >= r.times):
            return None
        later = [n.given_on for n in given if previous_last is None or n.given_on > previous_last]
        stop = min([day, *later])
        if stop < end:
            return None
        n, start, new_end = self._period_through(stop)
        if r.times is not None and n > r.times:
            n = r.times
            first = self._initial_end()
            start, new_end = self._advance(first, n - 1), self._advance(first, n)
        return None if n - count <= _PERIODS_CHECKED else (n, start, new_end)

    def settled(self, notices: Iterable[Notice] = (), *, as_of: date | str) -> Term:
        """The term as the notices given by `as_of` leave it: the term to evaluate a deal on.

        [`end`][dealterms.Term.end] assumes no notice (automatic renewals taken, options
        not); this applies the notices with [`status`][dealterms.Term.status] and returns
        a `Term` from the same `effective_date` through the status's `last_day`
        (inclusive). When the status `ends`, the result does not renew; otherwise it keeps
        the renewal for the renewals still open (`times` less those already taken; `None`
        stays `None`), so its own `status` with the same notices has the same last day,
        outcome and deadline (counting renewals from the settled term). A term
        that does not renew is returned unchanged. Use it with
        `attrs.evolve(deal, term=deal.term.settled(notices, as_of=day))`.

        Args:
            notices: The notices given by `as_of` ([`Notice`][dealterms.Notice]).
            as_of: The day of the reading.

        Returns:
            A [`Term`][dealterms.Term] whose `end` is the day after the status's
            `last_day` when no renewal remains open.

        Raises:
            InvalidValueError: as [`status`][dealterms.Term.status] does.

        Example:
            >>> option = Renewal(period="P1Y", times=2, mode="option", notice="P90D")
            >>> term = Term(
            ...     effective_date="2024-01-01", expiry="2024-12-31", expiry_inclusive=True,
            ...     renewal=option,
            ... )
            >>> term.end  # the option is not taken unless exercised
            datetime.date(2025, 1, 1)
            >>> taken = term.settled([Notice(given_on="2024-09-01")], as_of="2024-09-01")
            >>> taken.end, taken.renewal.times
            (datetime.date(2026, 1, 1), 1)
        """
        s = self.status(notices, as_of=as_of)
        r = self.renewal
        if r is None or s.last_day is None:
            return self
        renewal = None
        if not s.ends:
            times = None if r.times is None else r.times - s.renewals
            renewal = attrs.evolve(r, times=times) if times != 0 else None
        if s.renewals == 0 and renewal == r:
            return self
        return Term(
            effective_date=self.effective_date,
            expiry=s.last_day,
            expiry_inclusive=True,
            renewal=renewal,
        )

    def _status_without_notice(self, day: date, notes: list[str]) -> TermStatus:
        """`status` of an automatic renewal that takes no notice: nothing can stop it.

        Every renewal is taken, so the reading jumps to the last period (`times`), or for
        an evergreen term to the period that runs on `day`, without walking the periods.
        """
        r = self.renewal
        assert r is not None
        first = self._initial_end()
        if r.times is not None:
            count = r.times
            end = self._advance(first, count)
            start = self._advance(first, count - 1)
        elif day < first:
            count, start, end = 0, self.effective_date, first
        else:
            count, start, end = self._period_through(day)
        if count <= _PERIODS_CHECKED:
            renewals = itertools.islice(self._periods(), 1, count + 1)
            notes += [
                f"renewal {i} from {p.start} (it takes no notice)"
                for i, p in enumerate(renewals, 1)
            ]
        else:
            notes.append(f"renewals 1 to {count} from {first} (it takes no notice)")
        period = Interval(start=start, end=end)
        if r.times is not None:
            return self._status(
                day, period, count, True, None, [*notes, f"no renewals left ({r.times})"]
            )
        notes.append("it renews again without notice")
        return self._status(day, period, count, False, None, notes)

    def _status(  # noqa: PLR0917 - a private helper of `status`
        self,
        day: date,
        period: Interval,
        renewals: int,
        ends: bool,
        deadline: date | None,
        notes: list[str],
    ) -> TermStatus:
        last = period.last_day
        head = f"the term runs through {last}" + (" and ends then" if ends else "")
        return TermStatus(
            as_of=day,
            period=period,
            renewals=renewals,
            last_day=last,
            ends=ends,
            next_deadline=deadline,
            because="; ".join([head, *notes]),
        )
