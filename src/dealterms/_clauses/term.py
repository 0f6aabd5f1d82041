"""Terms: the period a deal or a clause is in force."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NoReturn

import attrs

from dealterms._checks import flag, optional_instance
from dealterms._time import (
    Duration,
    Interval,
    MonthEndPolicy,
    _date_field,
    _month_end_policy,
    _optional_date_field,
)
from dealterms.exceptions import InvalidValueError

__all__ = ["Renewal", "Term"]


def _times(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"times must be a whole number >= 1, got {value!r}",
            path="$.times",
            expected="an int >= 1",
            got=value,
        )
    return value


def _duration(value: object) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        return Duration.parse(value)
    raise InvalidValueError(
        f"expected a Duration or an ISO 8601 duration string, got {value!r}",
        path="$.period",
        expected="a Duration such as 'P1Y'",
        got=value,
    )


@attrs.frozen(kw_only=True)
class Renewal:
    """Automatic renewal of a term for a fixed number of further periods.

    The renewals extend the term by `times × period`, counted from the (exclusive) end of
    the stated term with `dateutil.relativedelta` rules. Where that end falls on a day the
    target month lacks (the 29th–31st, or 29 February), `month_end` decides.

    Attributes:
        period: The length of each renewal (`Duration` or ISO string `"P1Y"`).
        times: How many renewals (>= 1).
        month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy]: `"clip"` (the default,
            dateutil's rule), `"roll_forward"` or `"refuse"` (the term is then refused at
            construction when its end would be ambiguous).

    Raises:
        InvalidValueError: for a malformed period, `times < 1` or an unknown `month_end`.

    Example:
        >>> Term(
        ...     effective_date="2024-01-01", expiry="2024-01-31", expiry_inclusive=False,
        ...     renewal=Renewal(period="P1M", times=1, month_end="roll_forward"),
        ... ).end
        datetime.date(2024, 3, 1)
    """

    period: Duration = attrs.field(converter=_duration)
    times: int = attrs.field(converter=_times)
    month_end: MonthEndPolicy = attrs.field(default="clip", converter=_month_end_policy)


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

    Attributes:
        effective_date: The first day in force.
        expiry: The stated end date, or `None` for no end.
        expiry_inclusive: Required when `expiry` is given: `True` if the expiry day is in
            force, `False` if the term ends at the start of that day.
        renewal: Optional automatic renewal after the stated expiry.

    Raises:
        InvalidValueError: if `expiry` is before `effective_date` (or equal to it with an
            exclusive end), if `expiry_inclusive` is missing while `expiry` is given, or if
            a renewal is given without an expiry.

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
        try:
            _ = self.end
        except InvalidValueError as e:
            if e.path == "$.month_end":  # an ambiguous end under month_end="refuse"
                raise e.at("$.renewal") from None
            self._refuse_overflow()
        except (OverflowError, ValueError):
            self._refuse_overflow()

    def _refuse_overflow(self) -> NoReturn:
        """Raise: the term reaches past 9999-12-31, the last `date`."""
        raise InvalidValueError(
            f"the term {self.describe()} reaches past 9999-12-31, the last date Python "
            "represents; leave expiry out for a term without end",
            path="$.renewal" if self.renewal is not None else "$.expiry",
            expected="a term that ends by 9999-12-31",
            got=self.renewal if self.renewal is not None else self.expiry,
        ) from None

    @property
    def end(self) -> date | None:
        """The first day *not* in force, renewals included, or `None` if open-ended."""
        if self.expiry is None:
            return None
        end = self.expiry + timedelta(days=1) if self.expiry_inclusive else self.expiry
        if self.renewal is not None:
            end = self.renewal.period.times(self.renewal.times).add_to(
                end, month_end=self.renewal.month_end
            )
        return end

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
            r = self.renewal
            text += f", renewed {r.times}× by {r.period.format()}"
            if r.month_end != "clip":
                text += f" (month_end={r.month_end})"
        return text
