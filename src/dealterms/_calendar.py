"""Response windows: calendar or business days, with a stated rule for the last day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, flag
from dealterms._time import LAST_DATE, parse_date
from dealterms.exceptions import InvalidValueError

__all__ = ["DayCount", "ResponseWindow"]

DayCount: TypeAlias = Literal["calendar", "business"]
"""How a window counts days: every calendar day, or business days (Monday to Friday, less
the window's holidays)."""


MAX_WINDOW_DAYS = 10_000
"""The longest response window, in (calendar or business) days."""


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


def _holidays(value: object) -> tuple[date, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise InvalidValueError(
            f"holidays must be a list of dates, got {type(value).__name__}",
            path="$.holidays",
            expected="a list of dates",
            got=value,
        )
    return tuple(sorted({parse_date(v, path="$.holidays") for v in value}))


@attrs.frozen(kw_only=True)
class ResponseWindow:
    """How long the holder of a first right has to answer an offer.

    The window opens on the offer's date and runs `days` days (calendar or business days)
    after it. With `last_day_counts=True` (the default) an answer on the last day is in
    time; with `False` the window closes at the start of that day.

    Business days are counted with `dateutil.rrule` over Monday to Friday, skipping
    `holidays`. Counting starts the day after the offer.

    Attributes:
        days: The window's length (>= 1).
        count: `"calendar"` or `"business"`.
        last_day_counts: Whether an answer on the last day is still in time.
        holidays: Dates that are not business days (for `"business"` windows).

    Raises:
        InvalidValueError: for a length < 1, an unknown count, or malformed holidays.

    Example:
        >>> w = ResponseWindow(days=5, count="business")
        >>> w.last_day(date(2025, 1, 10))  # a Friday: Mon 13 … Fri 17
        datetime.date(2025, 1, 17)
    """

    days: int = attrs.field(converter=_length)
    count: DayCount = attrs.field(default="calendar", converter=_count)
    last_day_counts: bool = attrs.field(default=True, converter=_bool)
    holidays: tuple[date, ...] = attrs.field(default=(), converter=_holidays)

    def end_day(self, offered: date) -> date:
        """The `days`-th counted day after `offered` (the nominal last day).

        Raises:
            InvalidValueError: if that day falls after the last supported date.
        """
        try:
            day = self._end_day(offered)
        except (OverflowError, ValueError):
            day = date.max
        if day > LAST_DATE:
            raise InvalidValueError(
                f"a window of {self.describe()} from {offered} ends after {LAST_DATE}",
                path="$.window",
                expected=f"a window ending by {LAST_DATE}",
                got=offered,
            )
        return day

    def _end_day(self, offered: date) -> date:
        if self.count == "calendar":
            return offered + timedelta(days=self.days)
        from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule, rruleset  # noqa: PLC0415

        rules = rruleset()
        start = datetime.combine(offered + timedelta(days=1), datetime.min.time())
        rules.rrule(rrule(DAILY, dtstart=start, byweekday=(MO, TU, WE, TH, FR)))
        for h in self.holidays:
            rules.exdate(datetime.combine(h, datetime.min.time()))
        for i, d in enumerate(rules, 1):
            if i == self.days:
                return d.date()
        return date.max  # the rule ran out of supported dates

    def last_day(self, offered: date) -> date:
        """The last day on which an answer is in time."""
        end = self.end_day(offered)
        return end if self.last_day_counts else end - timedelta(days=1)

    def describe(self) -> str:
        """The window in words, e.g. `"30 calendar days, the last day included"`."""
        last = "included" if self.last_day_counts else "excluded"
        return f"{self.days} {self.count} days, the last day {last}"
