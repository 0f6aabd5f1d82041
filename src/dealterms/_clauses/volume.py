"""Volume restriction: a cap or a floor on a volume metric per period."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, get_args

import attrs

from dealterms._checks import choice, text
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError
from dealterms.typing import Period

from .base import ClauseBase, distinct_parties
from .commitment import quantity

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["VolumeCheck", "VolumeRestriction"]

EXCEED_VOLUME_CAP = "exceed-volume-cap"
"""The action id of the holder's claim that the restricted party stay within the cap."""
REACH_VOLUME_FLOOR = "reach-volume-floor"
"""The action id of the holder's claim that the restricted party reach the floor."""

_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def _cap(value: object) -> Decimal | None:
    return None if value is None else quantity(value, "$.cap")


def _floor(value: object) -> Decimal | None:
    return None if value is None else quantity(value, "$.floor")


def _period(value: object) -> Period:
    return choice(value, get_args(Period), "period")  # type: ignore[return-value]


def _metric(value: object) -> str:
    return text(value, "metric")


def _unit(value: object) -> str:
    return text(value, "unit")


@attrs.frozen(kw_only=True)
class VolumeCheck:
    """One period's volume against a [`VolumeRestriction`][dealterms.VolumeRestriction].

    Attributes:
        volume: The period's volume.
        within: Whether it is within the cap and at or above the floor.
        excess: How far it is above the cap (0 when not), a `Decimal`.
        shortfall: How far it is below the floor (0 when not), a `Decimal`.
        because: The reason, in words.
    """

    volume: Decimal
    within: bool
    excess: Decimal
    shortfall: Decimal
    because: str


@attrs.frozen(kw_only=True)
class VolumeRestriction(ClauseBase):
    """Volume restriction (CUAD "Volume Restriction"): a cap and/or floor per period.

    The restricted party's `metric` in each `period` must be at most `cap` and at least
    `floor` (both ends inclusive: a volume equal to the cap is within it). Checked by
    [`check`][dealterms.VolumeRestriction.check].

    Confers the holder's **claim** that the restricted party not exceed the cap (a
    prohibition) and/or reach the floor (an obligation).

    Attributes:
        restricted: Party id whose volume is limited.
        holder: Party id who benefits from the limit.
        metric: What is measured, e.g. `"units shipped"`.
        unit: The unit of the quantities (default `"units"`).
        period: `"monthly"`, `"quarterly"` or `"yearly"`.
        cap: The most per period, a `Decimal` >= 0, or `None`.
        floor: The least per period, a `Decimal` >= 0, or `None`.

    Raises:
        InvalidValueError: for malformed ids or quantities, one party on both sides,
            neither a cap nor a floor, or a floor above the cap.

    Source: CUAD "Volume Restriction" (e.g. a cap on seats or units per period).

    Example:
        >>> vr = VolumeRestriction(
        ...     id="vol", restricted="licensee", holder="licensor", metric="seats",
        ...     period="yearly", cap=500,
        ... )
        >>> vr.check(volume=Decimal(520)).excess
        Decimal('20')
    """

    kind: ClassVar[str] = "volume_restriction"
    builtin_actions: ClassVar[dict[str, Relation]] = {
        EXCEED_VOLUME_CAP: Relation.CLAIM,
        REACH_VOLUME_FLOOR: Relation.CLAIM,
    }
    restricted: str = attrs.field(converter=check_id)
    holder: str = attrs.field(converter=check_id)
    metric: str = attrs.field(converter=_metric)
    unit: str = attrs.field(default="units", converter=_unit)
    period: Period = attrs.field(converter=_period)
    cap: Decimal | None = attrs.field(default=None, converter=_cap)
    floor: Decimal | None = attrs.field(default=None, converter=_floor)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "restricted", self.restricted
        yield "holder", self.holder

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.restricted, self.holder, ("restricted", "holder"))
        if self.cap is None and self.floor is None:
            problems.append(
                InvalidValueError(
                    "a volume restriction needs a cap, a floor or both",
                    path="$.cap",
                    expected="a quantity >= 0",
                    got=None,
                )
            )
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            problems.append(
                InvalidValueError(
                    f"floor={self.floor} is above cap={self.cap}: no volume could comply",
                    path="$.floor",
                    expected=f"at most {self.cap}",
                    got=self.floor,
                )
            )
        return problems

    def positions(self) -> tuple[Position, ...]:
        noun = _NOUN[self.period]
        measured = "" if self.metric == self.unit else f", measured by {self.metric}"
        out = []
        if self.cap is not None:
            out.append(
                Position(
                    relation=Relation.CLAIM,
                    holder=self.holder,
                    counterparty=self.restricted,
                    action=EXCEED_VOLUME_CAP,
                    conduct="forbear",
                    template="{counterparty} must not exceed "
                    f"{self.cap:f} {self.unit} a {noun}{measured} (in favour of "
                    "{holder})",
                )
            )
        if self.floor is not None:
            out.append(
                Position(
                    relation=Relation.CLAIM,
                    holder=self.holder,
                    counterparty=self.restricted,
                    action=REACH_VOLUME_FLOOR,
                    conduct="perform",
                    template="{counterparty} must reach "
                    f"{self.floor:f} {self.unit} a {noun}{measured} (in favour of "
                    "{holder})",
                )
            )
        return tuple(out)

    def check(self, *, volume: Decimal | int | str) -> VolumeCheck:
        """Check one period's `volume` against the cap and floor.

        Raises:
            InvalidValueError: for a negative or float volume.
        """
        v = quantity(volume, "volume")
        excess = (
            max(Decimal(0), _CONTEXT.subtract(v, self.cap)) if self.cap is not None else Decimal(0)
        )
        short = (
            max(Decimal(0), _CONTEXT.subtract(self.floor, v))
            if self.floor is not None
            else Decimal(0)
        )
        noun = _NOUN[self.period]
        if excess:
            because = f"{v:f} {self.unit} is {excess:f} over the cap of {self.cap:f} a {noun}"
        elif short:
            because = f"{v:f} {self.unit} is {short:f} under the floor of {self.floor:f} a {noun}"
        else:
            limits = [
                *([f"at most {self.cap:f}"] if self.cap is not None else []),
                *([f"at least {self.floor:f}"] if self.floor is not None else []),
            ]
            because = f"{v:f} {self.unit} is within the limit ({' and '.join(limits)} a {noun})"
        return VolumeCheck(
            volume=v,
            within=not excess and not short,
            excess=excess,
            shortfall=short,
            because=because,
        )
