"""Metric series: dated observations of a metric and a stated way to read between them."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice
from dealterms._money import _CONTEXT, Money, to_decimal, unchecked_money
from dealterms._time import _date_field
from dealterms.exceptions import CurrencyMismatchError, DuplicateIdError, InvalidValueError

__all__ = ["Interpolation", "Observation", "Series"]

Interpolation: TypeAlias = Literal["step", "linear"]
"""How a series reads between observations.

* `"step"`: an observation's value holds from its date until the next observation.
* `"linear"`: the value moves in a straight line, day by day, between two observations
  (exact `Decimal` arithmetic: value(d) = v0 + (v1 − v0) × (d − d0) / (d1 − d0)).

In both, the value is unknown before the first observation and the last observation's
value holds after it.
"""

SeriesValue: TypeAlias = Decimal | Money


def _value(value: object) -> SeriesValue:
    if isinstance(value, Money):
        return value
    if isinstance(value, str) and " " in value.strip():
        return Money.parse(value)
    return to_decimal(value, path="$.value", what="a Decimal or Money value")


@attrs.frozen(kw_only=True)
class Observation:
    """One dated value of a metric.

    Attributes:
        date: The day of the observation.
        value: A `Decimal` or `Money` (strings `"12.5"` and `"100 USD"` are parsed; floats
            are refused).
    """

    date: date = attrs.field(converter=_date_field)
    value: SeriesValue = attrs.field(converter=_value)


def _observations(value: object) -> tuple[Observation, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidValueError(
            f"observations must be a sequence, got {type(value).__name__}",
            path="$.observations",
            expected="a list of Observation",
            got=value,
        )
    items = tuple(value)
    if not items:
        raise InvalidValueError(
            "a series needs at least one observation",
            path="$.observations",
            expected="at least one Observation",
            got=items,
        )
    for i, o in enumerate(items):
        if not isinstance(o, Observation):
            raise InvalidValueError(
                f"expected an Observation, got {type(o).__name__} {o!r}",
                path=f"$.observations[{i}]",
                expected="an Observation",
                got=o,
            )
    for i, (a, b) in enumerate(itertools.pairwise(items)):
        if b.date == a.date:
            raise DuplicateIdError(
                f"two observations on {a.date}",
                path=f"$.observations[{i + 1}].date",
                expected="one observation per day",
                got=b.date,
            )
        if b.date < a.date:
            raise InvalidValueError(
                f"observations must be in date order: {b.date} comes after {a.date}",
                path=f"$.observations[{i + 1}].date",
                expected=f"a date after {a.date}",
                got=b.date,
            )
    first = items[0].value
    for i, o in enumerate(items):
        if isinstance(first, Money) != isinstance(o.value, Money) or (
            isinstance(first, Money)
            and isinstance(o.value, Money)
            and first.currency != o.value.currency
        ):
            kind = first.currency if isinstance(first, Money) else "plain numbers"
            raise CurrencyMismatchError(
                f"a series holds one kind of value: {kind}, but observation {i} is "
                f"{o.value.format() if isinstance(o.value, Money) else o.value}",
                path=f"$.observations[{i}].value",
                expected=kind,
                got=o.value,
            )
    return items


def _metric(value: object) -> str:
    from dealterms._conditions import _name  # noqa: PLC0415 - avoid an import cycle

    try:
        return _name(value)
    except InvalidValueError as e:
        raise e.at("$.metric") from None


def _interpolation(value: object) -> Interpolation:
    return choice(value, get_args(Interpolation), "interpolation")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Series:
    """A metric observed over time, e.g. OpenAI's cumulative profit by quarter.

    Attributes:
        metric: The metric's name (`"openai.cumulative_profit"`).
        observations: Dated values in strictly increasing date order, all `Money` in one
            currency or all plain `Decimal`.
        interpolation: `"step"` or `"linear"` (no default: say which); see
            [`Interpolation`][dealterms.Interpolation].

    Raises:
        InvalidValueError: for an empty, unordered or malformed list of observations, or an
            unknown interpolation.
        DuplicateIdError: for two observations on one day.
        CurrencyMismatchError: for values in several currencies (or money mixed with
            plain numbers).

    Example:
        >>> s = Series(
        ...     metric="m",
        ...     interpolation="linear",
        ...     observations=[
        ...         Observation(date="2025-01-01", value="0"),
        ...         Observation(date="2025-01-11", value="100"),
        ...     ],
        ... )
        >>> s.value_on(date(2025, 1, 4))
        Decimal('30')
    """

    metric: str = attrs.field(converter=_metric)
    observations: tuple[Observation, ...] = attrs.field(converter=_observations)
    interpolation: Interpolation = attrs.field(converter=_interpolation)

    def value_on(self, day: date) -> SeriesValue | None:
        """The metric's value on `day`, or `None` before the first observation."""
        obs = self.observations
        if day < obs[0].date:
            return None
        lo, hi = 0, len(obs)
        while hi - lo > 1:  # last observation on or before `day`
            mid = (lo + hi) // 2
            if obs[mid].date <= day:
                lo = mid
            else:
                hi = mid
        a = obs[lo]
        if a.date == day or self.interpolation == "step" or lo + 1 == len(obs):
            return a.value
        b = obs[lo + 1]
        return _between(a, b, (day - a.date).days)

    def change_days(self, thresholds: Iterable[SeriesValue]) -> set[date]:
        """Days on which a comparison of this series with any of `thresholds` may change.

        Only days where the value moves to another side of a threshold (below, equal,
        above) count, plus the first observation (the value becomes known). For a linear
        series, a crossing between two observations adds the last day before and the
        first day on or after it. Results are remembered per set of thresholds.
        """
        points = tuple(sorted({_amount(t) for t in thresholds}))
        cache = self._change_cache
        found = cache.get(points)
        if found is None:
            found = frozenset(self._change_days(points))
            if len(cache) > 64:
                cache.clear()
            cache[points] = found
        return set(found)

    @functools.cached_property
    def _change_cache(self) -> dict[tuple[Decimal, ...], frozenset[date]]:
        return {}

    def _change_days(self, points: tuple[Decimal, ...]) -> set[date]:
        obs = self.observations
        days = {obs[0].date}
        regions = [_region(points, _amount(o.value)) for o in obs]
        for (a, b), (ra, rb) in zip(
            itertools.pairwise(obs), itertools.pairwise(regions), strict=True
        ):
            if ra == rb:
                continue
            days.add(b.date)
            if self.interpolation == "step":
                continue
            v0, v1 = _amount(a.value), _amount(b.value)
            n = (b.date - a.date).days
            for t in points:
                if min(v0, v1) <= t <= max(v0, v1):
                    k = int(_CONTEXT.divide(_CONTEXT.multiply(t - v0, n), v1 - v0))
                    for j in (k - 1, k, k + 1):
                        if 0 < j < n:
                            days.add(a.date + timedelta(days=j))
        return days


def _region(points: tuple[Decimal, ...], v: Decimal) -> int:
    """Which side of the sorted `points` `v` lies on: 2i below points[i], 2i+1 equal to it."""
    i = bisect.bisect_left(points, v)
    return 2 * i + 1 if i < len(points) and points[i] == v else 2 * i


def _amount(v: SeriesValue) -> Decimal:
    return v.amount if isinstance(v, Money) else v


def _between(a: Observation, b: Observation, k: int) -> SeriesValue:
    v0, v1 = _amount(a.value), _amount(b.value)
    n = (b.date - a.date).days
    value = _CONTEXT.add(v0, _CONTEXT.divide(_CONTEXT.multiply(v1 - v0, k), n))
    if isinstance(a.value, Money):
        return unchecked_money(value, a.value.currency)
    return value
