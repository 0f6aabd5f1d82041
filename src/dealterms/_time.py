"""Calendar time: strict ISO dates, half-open intervals and frozen durations.

Contract time is counted in calendar days (`datetime.date`). Internally every period is a
half-open [`Interval`][dealterms.Interval] `[start, end)`; user-facing terms say whether an
end date is inclusive (see [`Term`][dealterms.Term]). Date arithmetic is delegated to
`dateutil.relativedelta`, built from our own frozen [`Duration`][dealterms.Duration] specs.
Adding months or years to the 29th–31st (or to 29 February) follows a named
[`MonthEndPolicy`][dealterms.MonthEndPolicy]; the default, `"clip"`, is dateutil's own rule
(2024-02-29 + 1 year = 2025-02-28). Every addition of months or years in dealterms goes
through [`add_months`][dealterms.add_months].
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias, get_args

import attrs
from dateutil.relativedelta import relativedelta

from dealterms._checks import choice
from dealterms.exceptions import InvalidValueError

__all__ = ["Duration", "Interval", "MonthEndPolicy", "add_months", "add_years", "parse_date"]

# [0-9], not \d: \d matches every Unicode digit ("２０２５"), which ISO 8601 does not allow.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_DURATION = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")


FIRST_DATE = date(2, 1, 1)
"""The earliest date dealterms accepts (a year of headroom for date arithmetic)."""
LAST_DATE = date(9998, 12, 31)
"""The latest date dealterms accepts (a year of headroom for date arithmetic)."""
END_OF_RANGE = LAST_DATE + timedelta(days=1)
"""The exclusive end of the supported dates: a period capped here runs through `LAST_DATE`."""


def _in_range(day: date, path: str, got: object) -> date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InvalidValueError(
            f"{day} is out of range: dates run from {FIRST_DATE} through {LAST_DATE}",
            path=path,
            expected=f"a date from {FIRST_DATE} through {LAST_DATE}",
            got=got,
        )
    return day


def parse_date(value: object, *, path: str = "") -> date:
    """Return `value` as a calendar date, accepting only unambiguous forms.

    Args:
        value: A `datetime.date` (not a `datetime`, whose time of day would be silently
            dropped) or an ISO 8601 calendar date string `YYYY-MM-DD`.
        path: Where the value sits, for the error message.

    Returns:
        The `date`.

    Raises:
        InvalidValueError: for a `datetime`, a string in any other form (`01/02/2025`,
            `2025-1-2`, `20250102`), an impossible date (`2025-02-30`), a date outside
            the supported range (0002-01-01 through 9998-12-31), or another type.

    Example:
        >>> parse_date("2025-01-21")
        datetime.date(2025, 1, 21)
    """
    if isinstance(value, datetime):
        raise InvalidValueError(
            f"expected a calendar date, got the date-time {value.isoformat()}; "
            "pass value.date() if the time of day does not matter",
            path=path,
            expected="a date",
            got=value,
        )
    if isinstance(value, date):
        return _in_range(value, path, value)
    if isinstance(value, str):
        m = _ISO_DATE.fullmatch(value.strip())
        if m is None:
            raise InvalidValueError(
                f"expected an ISO date YYYY-MM-DD, got {value!r}",
                path=path,
                expected="an ISO 8601 date YYYY-MM-DD",
                got=value,
            )
        try:
            return _in_range(date(int(m[1]), int(m[2]), int(m[3])), path, value)
        except ValueError as e:
            if isinstance(e, InvalidValueError):
                raise
            raise InvalidValueError(
                f"{value!r} is not a calendar date ({e})",
                path=path,
                expected="an existing calendar date",
                got=value,
            ) from None
    raise InvalidValueError(
        f"expected a date or an ISO date string, got {type(value).__name__} {value!r}",
        path=path,
        expected="a date",
        got=value,
    )


MonthEndPolicy: TypeAlias = Literal["clip", "roll_forward", "refuse"]
"""What adding months or years does when the day does not exist in the target month.

Only the 29th, 30th and 31st (and 29 February, for years) can be missing:

* `"clip"` (the default everywhere): the last day of the target month, as
  `dateutil.relativedelta` does. 2025-01-31 + 1 month = 2025-02-28;
  2024-02-29 + 1 year = 2025-02-28.
* `"roll_forward"`: the first day of the month after the target month.
  2025-01-31 + 1 month = 2025-03-01; 2024-02-29 + 1 year = 2025-03-01.
* `"refuse"`: the date is ambiguous; raise
  [`InvalidValueError`][dealterms.exceptions.InvalidValueError] instead of guessing.

A day that exists in the target month is never changed by any policy.
"""

MAX_MONTHS = 120_000
"""The most months (10,000 years) that [`add_months`][dealterms.add_months] adds at once."""


def _month_end_policy(value: object, field: str = "month_end") -> MonthEndPolicy:
    return choice(value, get_args(MonthEndPolicy), field)  # type: ignore[return-value]


def _whole(value: object, field: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not -limit <= value <= limit:
        raise InvalidValueError(
            f"{field} must be a whole number from {-limit} to {limit}, got "
            f"{type(value).__name__} {value!r}",
            path=field,
            expected=f"an int from {-limit} to {limit}",
            got=value,
        )
    return value


def add_months(day: date, months: int, *, policy: MonthEndPolicy = "clip") -> date:
    """Return `day` plus `months` calendar months (negative to go back).

    The month is moved with `dateutil.relativedelta(months=...)`; the day of the month is
    kept when it exists in the target month. When it does not (the 29th–31st), `policy`
    decides: see [`MonthEndPolicy`][dealterms.MonthEndPolicy].

    Args:
        day: A `date` (not a `datetime`).
        months: Whole months, from -120,000 to 120,000 (a bool or float is refused).
        policy: `"clip"` (dateutil's rule, the default), `"roll_forward"` or `"refuse"`.

    Returns:
        The new `date`.

    Raises:
        InvalidValueError: for a non-date `day`, a non-integer `months`, an unknown
            policy, a missing day under `"refuse"` (path `policy`), or a result outside
            0002-01-01 through 9998-12-31.

    Example:
        >>> add_months(date(2022, 3, 12), 2)  # public case #25 (Symboleo)
        datetime.date(2022, 5, 12)
        >>> jan31 = date(2025, 1, 31)
        >>> add_months(jan31, 1), add_months(jan31, 1, policy="roll_forward")
        (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1))
    """
    day = parse_date(day, path="day")
    months = _whole(months, "months", MAX_MONTHS)
    policy = _month_end_policy(policy, "policy")
    unit = "month" if abs(months) == 1 else "months"
    return _shift(day, months, policy, what=f"{day} + {months} {unit}", policy_path="policy")


def _shift(
    day: date,
    months: int,
    policy: MonthEndPolicy,
    *,
    what: str,
    policy_path: str,
    range_path: str = "months",
) -> date:
    """`day` moved by `months` with relativedelta, a missing day handled by `policy`."""
    return _in_range(
        _shift_unchecked(day, months, policy, what=what, policy_path=policy_path), range_path, what
    )


def _shift_unchecked(
    day: date, months: int, policy: MonthEndPolicy, *, what: str, policy_path: str
) -> date:
    """As `_shift`, without the range check: `date.max` if Python's dates overflow."""
    try:
        result: date = day + relativedelta(months=months)
    except (OverflowError, ValueError):
        return date.max
    if result.day != day.day:  # relativedelta clipped to the end of a shorter month
        if policy == "refuse":
            raise InvalidValueError(
                f"{what} is ambiguous: {result:%B %Y} has no day {day.day}; choose a "
                "month-end policy: 'clip' (to the month's last day) or 'roll_forward' "
                "(to the next month's first day)",
                path=policy_path,
                expected="'clip' or 'roll_forward' for a day missing from the target month",
                got=policy,
            )
        if policy == "roll_forward":
            result += timedelta(days=1)
    return result


def add_years(day: date, years: int, *, policy: MonthEndPolicy = "clip") -> date:
    """Return `day` plus `years` calendar years (negative to go back).

    The same as [`add_months`][dealterms.add_months] with `12 × years` months, so only
    29 February can be missing (in a non-leap target year).

    Args:
        day: A `date`.
        years: Whole years, from -10,000 to 10,000 (a bool or float is refused).
        policy: A [`MonthEndPolicy`][dealterms.MonthEndPolicy]; default `"clip"`.

    Raises:
        InvalidValueError: as for `add_months` (the count's path is `years`).

    Example:
        >>> add_years(date(2022, 3, 12), 2)  # public case #25 (Symboleo)
        datetime.date(2024, 3, 12)
        >>> leap = date(2024, 2, 29)
        >>> add_years(leap, 1), add_years(leap, 1, policy="roll_forward")
        (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1))
    """
    day = parse_date(day, path="day")
    years = _whole(years, "years", MAX_MONTHS // 12)
    policy = _month_end_policy(policy, "policy")
    unit = "year" if abs(years) == 1 else "years"
    what = f"{day} + {years} {unit}"
    return _shift(day, 12 * years, policy, what=what, policy_path="policy", range_path="years")


def _date_field(value: object) -> date:
    return parse_date(value)


def _optional_date_field(value: object) -> date | None:
    return None if value is None else parse_date(value)


def _interval_end(value: object) -> date | None:
    """An exclusive end: a supported date, or `END_OF_RANGE` (through `LAST_DATE`)."""
    if value == END_OF_RANGE or value == END_OF_RANGE.isoformat():
        return END_OF_RANGE
    return _optional_date_field(value)


@attrs.frozen(kw_only=True)
class Interval:
    """A half-open interval of calendar days, `[start, end)`.

    Attributes:
        start: The first day in the interval.
        end: The first day *after* the interval, or `None` for an interval without end;
            from 0002-01-02 through 9999-01-01, the day after the last supported date
            (an interval that runs through 9998-12-31).

    Raises:
        InvalidValueError: if `end` is not after `start` (an empty interval is refused).

    Example:
        >>> q1 = Interval(start=date(2025, 1, 1), end=date(2025, 4, 1))
        >>> date(2025, 3, 31) in q1, date(2025, 4, 1) in q1
        (True, False)
    """

    start: date = attrs.field(converter=_date_field)
    end: date | None = attrs.field(default=None, converter=_interval_end)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise InvalidValueError(
                f"end={self.end} is not after start={self.start}",
                path="$.end",
                expected="an end after the start (intervals are half-open and non-empty)",
                got=self.end,
            )

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or isinstance(day, datetime):
            return False
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def last_day(self) -> date | None:
        """The last day inside the interval (`end - 1 day`), or `None` if open-ended."""
        return None if self.end is None else self.end - relativedelta(days=1)

    def intersection(self, other: Interval) -> Interval | None:
        """Return the days in both intervals, or `None` if they share no day."""
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return Interval(start=start, end=end)

    def __str__(self) -> str:
        return f"[{self.start}, {self.end if self.end is not None else '∞'})"


_MAX_COMPONENT = 100_000


def _non_negative_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_COMPONENT:
        raise InvalidValueError(
            f"expected a whole number from 0 to {_MAX_COMPONENT}, got {value!r}",
            expected=f"an int from 0 to {_MAX_COMPONENT}",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class Duration:
    """A calendar duration in years, months, weeks and days (all whole and >= 0).

    Adding a duration to a date follows `dateutil.relativedelta`: years and months first,
    then weeks and days. A day missing from the target month (the 29th–31st) follows a
    [`MonthEndPolicy`][dealterms.MonthEndPolicy] passed to
    [`add_to`][dealterms.Duration.add_to]; by default it is clipped to the end of the
    shorter month, as dateutil does. So `2024-02-29 + P1Y = 2025-02-28` and
    `2025-01-31 + P1M = 2025-02-28`. The policy is not part of the duration (a duration is
    a length, written `"P1M"`); the clause that adds it states the policy (e.g.
    [`Renewal.month_end`][dealterms.Renewal]).

    Attributes:
        years: Whole years.
        months: Whole months.
        weeks: Whole weeks.
        days: Whole calendar days.

    Raises:
        InvalidValueError: for a negative or non-integer component, or an all-zero duration.

    Example:
        >>> Duration.parse("P1Y").add_to(date(2024, 2, 29))
        datetime.date(2025, 2, 28)
    """

    years: int = attrs.field(default=0, converter=_non_negative_int)
    months: int = attrs.field(default=0, converter=_non_negative_int)
    weeks: int = attrs.field(default=0, converter=_non_negative_int)
    days: int = attrs.field(default=0, converter=_non_negative_int)

    def __attrs_post_init__(self) -> None:
        if not (self.years or self.months or self.weeks or self.days):
            raise InvalidValueError(
                "a duration must not be zero",
                expected="at least one positive component",
                got="P0D",
            )

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse an ISO 8601 calendar duration such as `P1Y`, `P3M`, `P2W` or `P1Y6M10D`.

        Raises:
            InvalidValueError: for any other form (time parts such as `PT1H` included).
        """
        m = (
            _ISO_DURATION.fullmatch(text.strip())
            if isinstance(text, str) and len(text) <= 40
            else None
        )
        if m is None or not any(m.groups()):
            raise InvalidValueError(
                f"expected an ISO 8601 duration like 'P1Y' or 'P3M', got {text!r}",
                expected="PnYnMnWnD",
                got=text,
            )
        y, mo, w, d = (int(g) if g else 0 for g in m.groups())
        return cls(years=y, months=mo, weeks=w, days=d)

    def format(self) -> str:
        """Return the ISO 8601 form, the inverse of [`parse`][dealterms.Duration.parse]."""
        parts = [(self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")]
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n)

    def to_relativedelta(self) -> relativedelta:
        """Build a (mutable, fresh) `dateutil.relativedelta` for this duration."""
        return relativedelta(years=self.years, months=self.months, weeks=self.weeks, days=self.days)

    def add_to(self, day: date, *, month_end: MonthEndPolicy = "clip") -> date:
        """Return `day` plus this duration.

        Years and months first, with [`add_months`][dealterms.add_months] and `month_end`
        for a day missing from the target month; then weeks and days. With the default
        `"clip"` this is exactly `day + self.to_relativedelta()`.

        Args:
            day: The start `date` or ISO text `"YYYY-MM-DD"` (read by
                [`parse_date`][dealterms.parse_date]), from 0002-01-01 through 9998-12-31.
            month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy]; default `"clip"`.

        Raises:
            InvalidValueError: for a `day` that is not a date (path `day`: a `datetime`,
                `None`, malformed text, a date outside the supported range); if the result
                would fall outside the supported dates; or under `month_end="refuse"` if
                the day is missing from the target month.

        Example:
            >>> Duration.parse("P1M").add_to(date(2025, 1, 31), month_end="roll_forward")
            datetime.date(2025, 3, 1)
        """
        day = parse_date(day, path="day")
        what = f"{day} + {self.format()}"
        policy = _month_end_policy(month_end)
        shifted = _shift(
            day,
            self.years * 12 + self.months,
            policy,
            what=what,
            policy_path="$.month_end",
            range_path="$",
        )
        try:
            result = shifted + timedelta(weeks=self.weeks, days=self.days)
        except OverflowError:
            result = date.max
        return _in_range(result, "$", what)

    def times(self, n: int) -> Duration:
        """Return this duration repeated `n` (>= 1) times, as one calendar duration.

        Adding the result at once is not always adding this duration `n` times in turn
        (2025-01-31 + P2M is 2025-03-31, but + P1M + P1M is 2025-03-28).

        Raises:
            InvalidValueError: (path `n`) for an `n` that is not a whole number >= 1 (a
                bool is refused), or one that makes a component larger than 100,000.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InvalidValueError(
                f"n must be a whole number >= 1, got {type(n).__name__} {n!r}",
                path="n",
                expected="an int >= 1",
                got=n,
            )
        if max(self.years, self.months, self.weeks, self.days) * n > _MAX_COMPONENT:
            raise InvalidValueError(
                f"{self.format()} × {n} has a component larger than {_MAX_COMPONENT}",
                path="n",
                expected=f"an n that keeps every component at most {_MAX_COMPONENT}",
                got=n,
            )
        return Duration(
            years=self.years * n, months=self.months * n, weeks=self.weeks * n, days=self.days * n
        )


_STEP_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def period_boundaries(frequency: str, year_start_month: int, start: date, end: date) -> list[date]:
    """The period start dates of a schedule that cover `[start, end)`, from `dateutil.rrule`.

    Periods start on the first day of a month: every month (`"monthly"`), every three
    months (`"quarterly"`) or every twelve (`"yearly"`), aligned so that one period starts
    on the first day of `year_start_month` (1 = calendar years and quarters; 7 = fiscal
    years that end on 30 June, with fiscal quarters starting in July, October, January and
    April). The rule is built with an explicit `dtstart`, never from the clock. Every
    boundary is the first of a month, which every month has, so no
    [`MonthEndPolicy`][dealterms.MonthEndPolicy] is involved.

    Returns:
        Sorted dates: the period start on or before `start`, every start inside, and the
        first start on or after `end`; consecutive dates bound one period `[a, b)`.
    """
    from dateutil.rrule import MONTHLY, rrule  # noqa: PLC0415 - keep import light

    step = _STEP_MONTHS[frequency]
    # The first aligned boundary on or before `start`.
    months_since = (start.year * 12 + start.month - 1) - (start.year * 12 + year_start_month - 1)
    offset = months_since % step
    first_month_index = start.year * 12 + start.month - 1 - offset
    anchor = date(first_month_index // 12, first_month_index % 12 + 1, 1)
    rule = rrule(MONTHLY, interval=step, dtstart=datetime.combine(anchor, datetime.min.time()))
    out: list[date] = []
    for dt in rule:
        d = dt.date()
        out.append(d)
        if d >= end:
            break
    return out


def add_capped(duration: Duration, day: date, *, month_end: MonthEndPolicy = "clip") -> date:
    """`day` plus `duration` as [`Duration.add_to`][dealterms.Duration.add_to], capped.

    A result past `LAST_DATE` (or past Python's dates) becomes `END_OF_RANGE`, the
    exclusive end of the supported dates: a period that would run past 9998-12-31 runs
    through 9998-12-31, which is "without end" for every date dealterms can evaluate.
    For the exclusive ends of tails, survival periods and notice periods.
    """
    return min(add_unchecked(duration, day, month_end=month_end), END_OF_RANGE)


def add_unchecked(duration: Duration, day: date, *, month_end: MonthEndPolicy = "clip") -> date:
    """`day` plus `duration`, unchecked against `LAST_DATE` (`date.max` on overflow)."""
    policy = _month_end_policy(month_end)
    months = duration.years * 12 + duration.months
    what = f"{day} + {duration.format()}"
    shifted = _shift_unchecked(day, months, policy, what=what, policy_path="$.month_end")
    try:
        result = shifted + timedelta(weeks=duration.weeks, days=duration.days)
    except OverflowError:
        result = date.max
    return result


def subtract_floored(duration: Duration, day: date) -> date:
    """`day` minus `duration` (dateutil rules), or `FIRST_DATE` if that would precede it."""
    try:
        result: date = day - duration.to_relativedelta()
    except (OverflowError, ValueError):
        return FIRST_DATE
    return max(result, FIRST_DATE)
