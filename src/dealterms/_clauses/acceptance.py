"""Acceptance of delivery: an inspection period in which the receiver accepts or rejects."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar, Literal, TypeAlias

import attrs

from dealterms._calendar import ResponseWindow
from dealterms._checks import flag
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms._time import parse_date
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

__all__ = ["AcceptanceOfDelivery", "InspectionResult", "InspectionStatus"]

ACCEPT_OR_REJECT_DELIVERY = "accept-or-reject-delivery"
"""The action id of the receiver's power to accept or reject a delivery."""

InspectionStatus: TypeAlias = Literal[
    "passed_testing", "failed_testing", "outside_inspection_period"
]
"""The outcome of an inspection (the Accord Project's `PASSED_TESTING`, `FAILED_TESTING`
and `OUTSIDE_INSPECTION_PERIOD`):

* `"passed_testing"`: inside the inspection period, and the deliverable passed: the
  receiver may accept it.
* `"failed_testing"`: inside the period, and it failed: the receiver may reject it.
* `"outside_inspection_period"`: the period has ended; the test result no longer counts.
"""


def _period(value: object) -> ResponseWindow:
    if isinstance(value, ResponseWindow):
        return value
    raise InvalidValueError(
        f"inspection_period must be a ResponseWindow, got {type(value).__name__} {value!r}",
        path="$.inspection_period",
        expected="ResponseWindow(days=…, count='calendar' | 'business')",
        got=value,
    )


@attrs.frozen(kw_only=True)
class InspectionResult:
    """The outcome of [`AcceptanceOfDelivery.inspect`][dealterms.AcceptanceOfDelivery.inspect].

    Attributes:
        status: An [`InspectionStatus`][dealterms.InspectionStatus].
        delivered: The day the deliverable was received.
        as_of: The day of the inspection result.
        last_day: The last day of the inspection period (inclusive).
        because: How the status follows from the clause, in words.
    """

    status: InspectionStatus
    delivered: date
    as_of: date
    last_day: date
    because: str


@attrs.frozen(kw_only=True)
class AcceptanceOfDelivery(ClauseBase):
    """Acceptance of delivery: the receiver may inspect, then accept or reject.

    The receiver has the `inspection_period` from the day of delivery (counting starts the
    next day) to inspect the deliverable and accept or reject it. Whether the period
    counts calendar or business days, and on which
    [`BusinessCalendar`][dealterms.BusinessCalendar], is the period's
    [`DayCount`][dealterms.DayCount]; with `last_day_counts=True` (the template's rule) a
    result on the last day is inside the period. Computed by
    [`inspect`][dealterms.AcceptanceOfDelivery.inspect].

    Confers the receiver's **power** to accept or reject the delivery (the supplier is
    liable to it).

    Attributes:
        supplier: Party id who delivers (the template's "Party A").
        receiver: Party id who receives and inspects (the template's "Party B").
        inspection_period: A [`ResponseWindow`][dealterms.ResponseWindow]: e.g.
            `ResponseWindow(days=10, count="business")`.

    Raises:
        InvalidValueError: for malformed ids or period, or one party on both sides.

    Source: the Accord Project's "acceptance of delivery" template (public case #15). Its
    text says "10 Business Days"; its logic adds 10 calendar days (a FLAG): state
    `count="business"` or `count="calendar"` to choose the reading.

    Example:
        >>> clause = AcceptanceOfDelivery(
        ...     id="acceptance", supplier="seller", receiver="buyer",
        ...     inspection_period=ResponseWindow(days=10, count="business"),
        ... )
        >>> clause.inspect(delivered=date(2019, 1, 22), as_of=date(2019, 2, 3), passed=True).status
        'passed_testing'
    """

    kind: ClassVar[str] = "acceptance_of_delivery"
    builtin_actions: ClassVar[dict[str, Relation]] = {ACCEPT_OR_REJECT_DELIVERY: Relation.POWER}
    supplier: str = attrs.field(converter=check_id)
    receiver: str = attrs.field(converter=check_id)
    inspection_period: ResponseWindow = attrs.field(converter=_period)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "supplier", self.supplier
        yield "receiver", self.receiver

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.supplier, self.receiver, ("supplier", "receiver"))

    def positions(self) -> tuple[Position, ...]:
        period = self.inspection_period
        last = "included" if period.last_day_counts else "excluded"
        on = f", on {period.calendar.describe()}" if period.calendar is not None else ""
        return (
            Position(
                relation=Relation.POWER,
                holder=self.receiver,
                counterparty=self.supplier,
                action=ACCEPT_OR_REJECT_DELIVERY,
                conduct="perform",
                template="{holder} may inspect a delivery from {counterparty} and accept or "
                f"reject it within {period.days} {period.count} days of delivery (the last "
                f"day {last}{on})",
            ),
        )

    def last_inspection_day(self, delivered: date) -> date:
        """The last day of the inspection period for a delivery received on `delivered`.

        Raises:
            InvalidValueError: if `delivered` is not a supported date, or the period ends
                after 9998-12-31.
        """
        delivered = parse_date(delivered, path="delivered")
        return self.inspection_period.last_day(delivered)

    def inspect(self, *, delivered: date, as_of: date, passed: bool) -> InspectionResult:
        """The status of an inspection result reported on `as_of`.

        Args:
            delivered: The day the deliverable was received.
            as_of: The day the result is reported ("now").
            passed: Whether the deliverable passed the receiver's testing.

        Returns:
            `"outside_inspection_period"` if `as_of` is after the period's last day;
            otherwise `"passed_testing"` or `"failed_testing"`.

        Raises:
            InvalidValueError: if `as_of` is before `delivered` ("Transaction time is
                before the deliverable date.", path `as_of`), for a non-date, or for a
                non-bool `passed`.
        """
        delivered = parse_date(delivered, path="delivered")
        as_of = parse_date(as_of, path="as_of")
        passed = flag(passed, "passed")
        if as_of < delivered:
            raise InvalidValueError(
                "Transaction time is before the deliverable date.",
                path="as_of",
                expected=f"a day on or after delivered={delivered}",
                got=as_of,
            )
        last = self.inspection_period.last_day(delivered)
        period = (
            f"delivered {delivered}; the inspection period "
            f"({self.inspection_period.describe()}) runs through {last}"
        )
        if as_of > last:
            return InspectionResult(
                status="outside_inspection_period",
                delivered=delivered,
                as_of=as_of,
                last_day=last,
                because=f"{period}; on {as_of} it has ended",
            )
        outcome = "passed" if passed else "failed"
        return InspectionResult(
            status="passed_testing" if passed else "failed_testing",
            delivered=delivered,
            as_of=as_of,
            last_day=last,
            because=f"{period}; on {as_of} it is open and the deliverable {outcome} testing",
        )
