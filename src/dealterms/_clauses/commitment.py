"""Minimum commitment: the obligor must buy (or order) at least a minimum each period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Literal, TypeAlias, get_args

import attrs
from dateutil.relativedelta import relativedelta

from dealterms._checks import choice, items, money, optional_rate, text
from dealterms._conditions import AllOf, AnyOf, Condition, LessThan, OnOrAfter
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate, to_decimal
from dealterms._party import check_id
from dealterms._time import LAST_DATE, Interval, _date_field, _optional_date_field, parse_date
from dealterms.exceptions import InvalidValueError
from dealterms.typing import Period

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "CommitmentAssessment",
    "CommitmentWindow",
    "ForecastDeadlinePolicy",
    "MinimumCommitment",
    "ScheduledMinimum",
    "ShortfallConsequence",
]

MEET_MINIMUM_COMMITMENT = "meet-minimum-commitment"
"""The action id of the obligee's claim that the minimum be met."""

ShortfallConsequence: TypeAlias = Literal[
    "pay_shortfall", "loss_of_exclusivity", "termination_right", "none"
]
"""What missing a minimum commitment leads to:

* `"pay_shortfall"`: the obligor pays for the shortfall (at `shortfall_price` a unit);
* `"loss_of_exclusivity"`: the obligor loses an exclusivity (compose with
  [`Exclusivity`][dealterms.Exclusivity] through
  [`shortfall_condition`][dealterms.MinimumCommitment.shortfall_condition]);
* `"termination_right"`: the obligee may terminate;
* `"none"`: the clause states none (e.g. public case #40's excerpt).
"""

ForecastDeadlinePolicy: TypeAlias = Literal["enforced", "not_enforced"]
"""Whether a forecast that arrives after its deadline binds (public case #7's FLAG):

* `"enforced"` (default, as the contract text reads): a forecast for a period is due by the
  day before the period starts (the first by `first_forecast_due`, if given); a late one is
  rejected.
* `"not_enforced"`: any forecast binds, whenever it arrives (the Accord Project template's
  logic, whose "last day of the quarter" check is stubbed to always pass).
"""

_STEP_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def quantity(value: object, path: str) -> Decimal:
    """A quantity (units, or an amount): a `Decimal` >= 0; floats refused."""
    d = to_decimal(value, path=path, what="a quantity >= 0")
    if d < 0:
        raise InvalidValueError(
            f"{path.removeprefix('$.')} must not be negative, got {value!r}",
            path=path,
            expected="a quantity >= 0",
            got=value,
        )
    return d


def _minimum(value: object) -> Decimal:
    return quantity(value, "$.minimum")


def _optional_minimum(value: object) -> Decimal | None:
    return None if value is None else quantity(value, "$.minimum")


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1200:
        raise InvalidValueError(
            f"periods must be a whole number from 1 to 1200, got {value!r}",
            path="$.periods",
            expected="an int from 1 to 1200",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class ScheduledMinimum:
    """One row of a minimum-commitment schedule: `minimum` over `periods` periods together.

    Attributes:
        minimum: The quantity to reach, a `Decimal` >= 0.
        periods: How many of the clause's periods the row covers, measured together
            (default 1; public case #34's "1,000 in the first 24 months" is 2 years).

    Raises:
        InvalidValueError: for a negative or float minimum, or `periods` outside 1-1200.
    """

    minimum: Decimal = attrs.field(converter=_minimum)
    periods: int = attrs.field(default=1, converter=_count)


def _schedule(value: object) -> tuple[ScheduledMinimum, ...]:
    rows: tuple[ScheduledMinimum, ...] = items(value, ScheduledMinimum, "schedule")
    return rows


def _share(value: object) -> Rate | None:
    return optional_rate(value, "forecast_share")


def _price(value: object) -> Money | None:
    return None if value is None else money(value, "shortfall_price")


def _period(value: object) -> Period:
    return choice(value, get_args(Period), "period")  # type: ignore[return-value]


def _consequence(value: object) -> ShortfallConsequence:
    return choice(value, get_args(ShortfallConsequence), "consequence")  # type: ignore[return-value]


def _deadline(value: object) -> ForecastDeadlinePolicy:
    return choice(value, get_args(ForecastDeadlinePolicy), "forecast_deadline")  # type: ignore[return-value]


def _metric(value: object) -> str:
    name = text(value, "metric")
    if name != name.strip():
        raise InvalidValueError(
            f"metric must have no surrounding spaces, got {value!r}",
            path="$.metric",
            expected="a name such as 'orders'",
            got=value,
        )
    return name


def _unit(value: object) -> str:
    return text(value, "unit")


@attrs.frozen(kw_only=True)
class CommitmentWindow:
    """One measuring window of a minimum commitment.

    Attributes:
        number: Its number, from 1.
        period: The days it covers, a half-open [`Interval`][dealterms.Interval].
        minimum: Its minimum, or `None` when it comes from a forecast (or after a
            schedule that has no later minimum: then nothing is required).
        metric: The name of the fact that holds its actual quantity in a
            [`State`][dealterms.State] (`"orders.2022-01-01"`: the metric and the first day).
    """

    number: int
    period: Interval
    minimum: Decimal | None
    metric: str

    @property
    def last_day(self) -> date:
        """The window's last day (inclusive)."""
        assert self.period.end is not None
        return self.period.end - timedelta(days=1)


@attrs.frozen(kw_only=True)
class CommitmentAssessment:
    """Whether one window's minimum was met, and what follows.

    Attributes:
        window: The [`CommitmentWindow`][dealterms.CommitmentWindow] measured.
        minimum: Its minimum (from the schedule, the fixed minimum or the forecast).
        actual: The quantity bought in it.
        shortfall: `max(0, minimum - actual)`.
        met: Whether the shortfall is 0.
        consequence: The clause's [`ShortfallConsequence`][dealterms.ShortfallConsequence]
            when not met, else `"none"`.
        obligation: The [`PaymentDue`][dealterms.PaymentDue] the obligor owes for the
            shortfall (with `"pay_shortfall"`: the shortfall times `shortfall_price`,
            exact, not rounded), else `None`.
        because: How the answer follows from the clause, in words.
    """

    window: CommitmentWindow
    minimum: Decimal
    actual: Decimal
    shortfall: Decimal
    met: bool
    consequence: ShortfallConsequence
    obligation: PaymentDue | None
    because: str


@attrs.frozen(kw_only=True)
class MinimumCommitment(ClauseBase):
    """Minimum commitment (CUAD "Minimum Commitment"): at least a minimum each period.

    Periods run from `start` in steps of `period` (dates by `dateutil.relativedelta` from
    `start`, so a month end is clipped as it does). The minimum of a window is, in this
    order:

    1. `forecast_share` of the binding forecast for it (public case #7: 85% of 1,200 units
       = 1,020), when set; the forecast is given to
       [`assess`][dealterms.MinimumCommitment.assess]; else
    2. the `schedule`'s rows, each measuring `periods` periods together (public case #40:
       375 units in 1999 … 2,285 in 2005; case #34: 1,000 in the first 24 months); then
    3. `minimum` for every later period, renewal years included (case #40: 2,856; case
       #34: 750); `None` requires nothing once the schedule ends.

    The shortfall of a window is `max(0, minimum - actual)`; what it leads to is the named
    `consequence`.

    Confers the obligee's **claim** that the obligor meet the minimum.

    Attributes:
        obligor: Party id who must buy (or order).
        obligee: Party id who benefits (the supplier).
        metric: What is measured (`"orders"`); the window's fact is `metric.<first day>`.
        unit: The unit of the quantities (default `"units"`).
        start: The first day of the first period.
        period: `"monthly"`, `"quarterly"` or `"yearly"` (default).
        minimum: The minimum per period after the schedule, a `Decimal` >= 0, or `None`.
        forecast_share: The share of a binding forecast that is the minimum, a
            [`Rate`][dealterms.Rate], or `None`. Not with `minimum` or `schedule`.
        schedule: [`ScheduledMinimum`][dealterms.ScheduledMinimum] rows from `start` on.
        consequence: A [`ShortfallConsequence`][dealterms.ShortfallConsequence].
        shortfall_price: With `"pay_shortfall"`, the price owed per unit short, or `None`.
        forecast_deadline: A [`ForecastDeadlinePolicy`][dealterms.ForecastDeadlinePolicy]
            (default `"enforced"`).
        first_forecast_due: The deadline of the first window's forecast, if the contract
            names one (case #7: "on or before 04/02/2018"); else the day before it starts.

    Raises:
        InvalidValueError: for malformed ids, quantities, rates or dates, one party on both
            sides, no minimum at all, a forecast share with a minimum or schedule, a
            shortfall price without `"pay_shortfall"`, or a first forecast deadline without
            a forecast share.

    Source: CUAD "Minimum Commitment"; public cases #7 (a binding forecast: at least 85% of
    it, Accord Project `demandforecast`), #34 (the minimum that keeps an exclusivity) and #40
    (a schedule by contract year, renewal years included).

    Example:
        >>> mc = MinimumCommitment(
        ...     id="min", obligor="buyer", obligee="seller", metric="units", start="1999-01-01",
        ...     schedule=(ScheduledMinimum(minimum=375), ScheduledMinimum(minimum=750)),
        ...     minimum=2856, consequence="none",
        ... )
        >>> mc.assess(on=date(2000, 6, 1), actual=Decimal(700)).shortfall
        Decimal('50')
    """

    kind: ClassVar[str] = "minimum_commitment"
    builtin_actions: ClassVar[dict[str, Relation]] = {MEET_MINIMUM_COMMITMENT: Relation.CLAIM}
    obligor: str = attrs.field(converter=check_id)
    obligee: str = attrs.field(converter=check_id)
    metric: str = attrs.field(converter=_metric)
    unit: str = attrs.field(default="units", converter=_unit)
    start: date = attrs.field(converter=_date_field)
    period: Period = attrs.field(default="yearly", converter=_period)
    minimum: Decimal | None = attrs.field(default=None, converter=_optional_minimum)
    forecast_share: Rate | None = attrs.field(default=None, converter=_share)
    schedule: tuple[ScheduledMinimum, ...] = attrs.field(default=(), converter=_schedule)
    consequence: ShortfallConsequence = attrs.field(converter=_consequence)
    shortfall_price: Money | None = attrs.field(default=None, converter=_price)
    forecast_deadline: ForecastDeadlinePolicy = attrs.field(default="enforced", converter=_deadline)
    first_forecast_due: date | None = attrs.field(default=None, converter=_optional_date_field)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "obligor", self.obligor
        yield "obligee", self.obligee

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.obligor, self.obligee, ("obligor", "obligee"))
        if self.forecast_share is None and self.minimum is None and not self.schedule:
            problems.append(
                InvalidValueError(
                    "a minimum commitment needs a minimum, a schedule or a forecast share",
                    path="$.minimum",
                    expected="a quantity >= 0",
                    got=None,
                )
            )
        if self.forecast_share is not None and (self.minimum is not None or self.schedule):
            problems.append(
                InvalidValueError(
                    "give forecast_share, or minimum and schedule, not both",
                    path="$.forecast_share",
                    expected="None with a minimum or schedule",
                    got=self.forecast_share,
                )
            )
        if self.shortfall_price is not None and self.consequence != "pay_shortfall":
            problems.append(
                InvalidValueError(
                    f"a shortfall price needs consequence 'pay_shortfall', not "
                    f"{self.consequence!r}",
                    path="$.shortfall_price",
                    expected="None",
                    got=self.shortfall_price,
                )
            )
        if self.shortfall_price is None and self.consequence == "pay_shortfall":
            problems.append(
                InvalidValueError(
                    "consequence 'pay_shortfall' needs a shortfall_price (the price owed per "
                    "unit short)",
                    path="$.shortfall_price",
                    expected="Money >= 0 (a price per unit)",
                    got=None,
                )
            )
        scheduled = sum(r.periods for r in self.schedule)
        try:
            self._months(scheduled + 1)
        except InvalidValueError:
            problems.append(
                InvalidValueError(
                    f"the schedule's {scheduled} {_NOUN[self.period]}s from {self.start} run "
                    f"past the last supported date ({LAST_DATE})",
                    path="$.schedule",
                    expected=f"a schedule that ends by {LAST_DATE}",
                    got=scheduled,
                )
            )
        if self.first_forecast_due is not None and self.forecast_share is None:
            problems.append(
                InvalidValueError(
                    "first_forecast_due needs a forecast_share",
                    path="$.first_forecast_due",
                    expected="None",
                    got=self.first_forecast_due,
                )
            )
        return problems

    def positions(self) -> tuple[Position, ...]:
        # The unit is said with each quantity; the metric only when it adds something.
        measured = "" if self.metric == self.unit else f", measured by {self.metric}"
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.obligee,
                counterparty=self.obligor,
                action=MEET_MINIMUM_COMMITMENT,
                conduct="perform",
                template="{counterparty} must reach "
                f"{self._describe()}{measured} (minimum commitment to {{holder}})",
            ),
        )

    def _describe(self) -> str:
        noun = _NOUN[self.period]
        if self.forecast_share is not None:
            return f"{self.forecast_share.format()} of the binding forecast each {noun}"
        parts = [
            f"{_q(r.minimum)} {self.unit} in "
            + (f"{noun} {n}" if r.periods == 1 else f"{noun}s {n}-{n + r.periods - 1}")
            for r, n in zip(self.schedule, self._row_starts(), strict=True)
        ]
        if self.minimum is not None:
            later = "each later " if self.schedule else "each "
            parts.append(f"{_q(self.minimum)} {self.unit} {later}{noun}")
        return ", ".join(parts)

    def _row_starts(self) -> list[int]:
        out, n = [], 1
        for r in self.schedule:
            out.append(n)
            n += r.periods
        return out

    def _months(self, periods: int) -> date:
        try:
            result: date = self.start + relativedelta(months=_STEP_MONTHS[self.period] * periods)
        except (OverflowError, ValueError):
            result = date.max
        if result > LAST_DATE + timedelta(days=1):  # a window's end is exclusive
            noun = _NOUN[self.period]
            raise InvalidValueError(
                f"{periods} {noun}s from {self.start} is past the last supported date "
                f"({LAST_DATE})",
                path="on",
                expected=f"a window that ends by {LAST_DATE}",
                got=periods,
            )
        return result

    def _window(
        self, number: int, first: int, periods: int, minimum: Decimal | None
    ) -> CommitmentWindow:
        a, b = self._months(first), self._months(first + periods)
        return CommitmentWindow(
            number=number,
            period=Interval(start=a, end=b),
            minimum=minimum,
            metric=f"{self.metric}.{a.isoformat()}",
        )

    def window(self, on: date | str) -> CommitmentWindow:
        """The measuring window that contains the day `on`.

        Raises:
            InvalidValueError: for a day before `start`, a malformed date, or a window that
                would end after 9998-12-31 (a schedule that long is also a problem of the
                clause, path `$.schedule`).
        """
        day = parse_date(on, path="on")
        if day < self.start:
            raise InvalidValueError(
                f"on={day} is before the commitment starts on {self.start}",
                path="on",
                expected=f"a day on or after {self.start}",
                got=on,
            )
        first = 0
        for number, row in enumerate(self.schedule, start=1):
            w = self._window(number, first, row.periods, row.minimum)
            if day in w.period:
                return w
            first += row.periods
        step = _STEP_MONTHS[self.period]
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        k = max(first, months // step - 1)
        while self._months(k + 1) <= day:
            k += 1
        number = len(self.schedule) + (k - first) + 1
        later = None if self.forecast_share is not None else self.minimum
        return self._window(number, k, 1, later)

    def windows(self, through: date | str) -> tuple[CommitmentWindow, ...]:
        """Every window that starts on or before `through`, in order.

        Raises:
            InvalidValueError: for a day before `start`, or a malformed date.
        """
        last = self.window(through)
        out: list[CommitmentWindow] = []
        day = self.start
        while True:
            w = self.window(day)
            out.append(w)
            if w.number == last.number:
                return tuple(out)
            assert w.period.end is not None
            day = w.period.end

    def shortfall_condition(self, through: date | str) -> Condition:
        """A condition that becomes true once a window's quantity falls short of its minimum.

        For each window that ends before `through`: from the day after it ends, its metric
        ([`CommitmentWindow.metric`][dealterms.CommitmentWindow]) is below its minimum.
        Use it as the `condition_subsequent` of the [`Exclusivity`][dealterms.Exclusivity]
        the shortfall takes away (consequence `"loss_of_exclusivity"`, public case #34); an
        unknown quantity leaves the exclusivity contingent. The condition names one fact
        per window; a window that has not ended on the day evaluated is decided by the
        date alone, so only the facts of ended windows are read (and named as missing when
        unknown). Before any window with a minimum has ended, nothing can fall short: the
        result is then the empty [`AnyOf`][dealterms.AnyOf], which is always false (printed
        `false`).

        Raises:
            InvalidValueError: for a forecast-based minimum (a forecast is not a fact of
                the state), or a day before `start`.
        """
        if self.forecast_share is not None:
            raise InvalidValueError(
                "a forecast-based minimum has no fixed threshold to test",
                path="$.forecast_share",
                expected="a minimum or schedule",
                got=self.forecast_share,
            )
        parts: list[Condition] = []
        for w in self.windows(through):
            assert w.period.end is not None
            if w.minimum is None or w.period.end > parse_date(through, path="through"):
                continue
            parts.append(
                AllOf(
                    conditions=(
                        OnOrAfter(day=w.period.end),
                        LessThan(metric=w.metric, threshold=w.minimum),
                    )
                )
            )
        return parts[0] if len(parts) == 1 else AnyOf(conditions=tuple(parts))

    def required(
        self,
        on: date | str,
        *,
        forecast: Decimal | int | str | None = None,
        forecast_received: date | str | None = None,
    ) -> Decimal:
        """The minimum of the window that contains `on`.

        Args:
            on: A day of the window.
            forecast: The binding forecast for the window (needed with `forecast_share`).
            forecast_received: The day the forecast arrived (needed when the deadline is
                `"enforced"`).

        Raises:
            InvalidValueError: for a missing forecast or receipt day, a forecast that
                arrived after its deadline under `"enforced"`, or a negative quantity.
        """
        return self._required(self.window(on), forecast, forecast_received)[0]

    def _required(
        self,
        w: CommitmentWindow,
        forecast: Decimal | int | str | None,
        received: date | str | None,
    ) -> tuple[Decimal, str]:
        noun = _NOUN[self.period]
        if self.forecast_share is None:
            if w.minimum is None:
                return Decimal(0), f"no minimum after the schedule's last {noun}"
            return w.minimum, f"the minimum for {noun} {w.number} is {_q(w.minimum)} {self.unit}"
        if forecast is None:
            raise InvalidValueError(
                f"the minimum is {self.forecast_share.format()} of the forecast: give the "
                f"forecast for the {noun} from {w.period.start}",
                path="forecast",
                expected="a quantity >= 0",
                got=None,
            )
        amount = quantity(forecast, "forecast")
        note = ""
        if self.forecast_deadline == "enforced":
            due = (
                self.first_forecast_due
                if w.number == 1 and self.first_forecast_due is not None
                else w.period.start - timedelta(days=1)
            )
            if received is None:
                raise InvalidValueError(
                    f"the forecast deadline is enforced: say when the forecast arrived "
                    f"(it was due by {due})",
                    path="forecast_received",
                    expected="a date",
                    got=None,
                )
            day = parse_date(received, path="forecast_received")
            if day > due:
                raise InvalidValueError(
                    f"the forecast for the {noun} from {w.period.start} was due by {due} but "
                    f"arrived on {day}",
                    path="forecast_received",
                    expected=f"a day on or before {due}",
                    got=received,
                )
            note = f" (received {day}, on time)"
        else:
            note = " (the forecast deadline is not enforced)"
        value = _CONTEXT.multiply(amount, self.forecast_share.value)
        return value, (
            f"{self.forecast_share.format()} of the forecast of {_q(amount)} {self.unit} is "
            f"{_q(value)}{note}"
        )

    def assess(
        self,
        *,
        on: date | str,
        actual: Decimal | int | str,
        forecast: Decimal | int | str | None = None,
        forecast_received: date | str | None = None,
    ) -> CommitmentAssessment:
        """The shortfall of the window that contains `on`, and its consequence.

        Args:
            on: A day of the window measured.
            actual: The quantity bought in the window, a `Decimal` >= 0.
            forecast: The binding forecast, with `forecast_share`.
            forecast_received: The day the forecast arrived (with an enforced deadline).

        Returns:
            A [`CommitmentAssessment`][dealterms.CommitmentAssessment].

        Raises:
            InvalidValueError: as [`required`][dealterms.MinimumCommitment.required], or
                for a negative or float quantity.
        """
        w = self.window(on)
        bought = quantity(actual, "actual")
        minimum, why = self._required(w, forecast, forecast_received)
        short = max(Decimal(0), _CONTEXT.subtract(minimum, bought))
        met = short == 0
        obligation = None
        if not met and self.consequence == "pay_shortfall":
            if self.shortfall_price is None:
                raise InvalidValueError(
                    "consequence 'pay_shortfall' needs a shortfall_price to price the shortfall",
                    path="$.shortfall_price",
                    expected="Money >= 0 (a price per unit)",
                    got=None,
                )
            obligation = PaymentDue(
                payer=self.obligor,
                payee=self.obligee,
                amount=self.shortfall_price * short,
            )
        outcome = (
            f"{_q(bought)} bought meets it"
            if met
            else f"{_q(bought)} bought is {_q(short)} short; consequence: "
            + self.consequence.replace("_", " ")
        )
        if obligation is not None:
            outcome += f" ({obligation.amount.format()})"
        return CommitmentAssessment(
            window=w,
            minimum=minimum,
            actual=bought,
            shortfall=short,
            met=met,
            consequence="none" if met else self.consequence,
            obligation=obligation,
            because=f"{why}; {outcome}",
        )


def _q(d: Decimal) -> str:
    return format(d, "f")
