"""Day-count conventions: the year fraction between two dates, for interest and accruals.

Each convention is named explicitly ([`DayCountConvention`][dealterms.DayCountConvention])
and computed exactly as a `Fraction` of a year:

* `"act/360"`, `"act/365f"`: actual days over 360, or over 365 (fixed).
* `"30/360"`: the ISDA 30/360 *bond basis* (ISDA 2006, 4.16(f)): D1 = 31 becomes 30;
  D2 = 31 becomes 30 only if D1 is then 30.
* `"30e/360"`: the *Eurobond basis*, also ICMA's 30/360 (ISDA 2006, 4.16(g)): any 31st
  becomes the 30th.
* `"30e/360-isda"`: ISDA 2006, 4.16(h): the last day of any month, February included,
  becomes the 30th (the termination-date exception for February is not applied).
* `"act/act-isda"`: days in each calendar year over that year's length (365 or 366).
* `"act/act-icma"`: actual days over `frequency` × the days of the regular period that
  starts on `start` (for a regular coupon period, exactly `1 / frequency`).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Literal, TypeAlias, get_args

from dealterms._time import Duration, parse_date
from dealterms.exceptions import InvalidValueError

__all__ = ["DayCountConvention", "year_fraction"]

DayCountConvention: TypeAlias = Literal[
    "act/360", "act/365f", "30/360", "30e/360", "30e/360-isda", "act/act-isda", "act/act-icma"
]
"""The day-count conventions [`year_fraction`][dealterms.year_fraction] knows."""


def _last_of_month(d: date) -> bool:
    return (d + timedelta(days=1)).month != d.month


def _thirty(d1: date, d2: date, day1: int, day2: int) -> Fraction:
    days = 360 * (d2.year - d1.year) + 30 * (d2.month - d1.month) + (day2 - day1)
    return Fraction(days, 360)


def year_fraction(
    start: date | str,
    end: date | str,
    convention: DayCountConvention,
    *,
    frequency: int | None = None,
) -> Fraction:
    """The fraction of a year from `start` to `end` under `convention` (see the module).

    Args:
        start: The first day of the period.
        end: The end of the period (exclusive, as in accrual periods).
        convention: The day-count convention, by name.
        frequency: Periods per year, for `"act/act-icma"` only (2 for semi-annual).

    Returns:
        The exact fraction (`Fraction`); negative if `end` is before `start`.

    Raises:
        InvalidValueError: for an unknown convention, malformed dates, or a missing or
            misplaced `frequency`.

    Example:
        >>> float(year_fraction("2022-02-23", "2023-02-23", "act/360"))
        1.0138888888888888
    """
    s, e = parse_date(start, path="start"), parse_date(end, path="end")
    if convention not in get_args(DayCountConvention):
        raise InvalidValueError(
            f"unknown day-count convention {convention!r}",
            path="convention",
            expected=" | ".join(get_args(DayCountConvention)),
            got=convention,
        )
    if (frequency is not None) != (convention == "act/act-icma"):
        raise InvalidValueError(
            "frequency is needed by, and only by, 'act/act-icma'",
            path="frequency",
            expected="an int such as 2 with 'act/act-icma', else None",
            got=frequency,
        )
    if convention == "act/360":
        return Fraction((e - s).days, 360)
    if convention == "act/365f":
        return Fraction((e - s).days, 365)
    if convention == "30/360":
        day1 = min(s.day, 30)
        day2 = 30 if (e.day == 31 and day1 == 30) else e.day
        return _thirty(s, e, day1, day2)
    if convention == "30e/360":
        return _thirty(s, e, min(s.day, 30), min(e.day, 30))
    if convention == "30e/360-isda":
        day1 = 30 if _last_of_month(s) else s.day
        day2 = 30 if _last_of_month(e) else e.day
        return _thirty(s, e, day1, day2)
    if convention == "act/act-isda":
        if e < s:
            return -year_fraction(e, s, "act/act-isda")
        total = Fraction(0)
        cursor = s
        while cursor < e:
            year_end = date(cursor.year + 1, 1, 1)
            stop = min(year_end, e)
            length = (year_end - date(cursor.year, 1, 1)).days
            total += Fraction((stop - cursor).days, length)
            cursor = stop
        return total
    # act/act-icma
    if isinstance(frequency, bool) or not isinstance(frequency, int) or not 1 <= frequency <= 12:
        raise InvalidValueError(
            f"frequency must be a whole number of periods per year from 1 to 12, got {frequency!r}",
            path="frequency",
            expected="1, 2, 3, 4, 6 or 12",
            got=frequency,
        )
    regular_end = Duration(months=12 // frequency).add_to(s)
    return Fraction((e - s).days, frequency * (regular_end - s).days)
