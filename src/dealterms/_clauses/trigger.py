"""Trigger clauses: a condition that gives a party a power whose exercise ends other clauses."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._checks import flag
from dealterms._conditions import _CONDITION_TYPES, Condition, fact_names
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Trigger"]


def _condition(value: object) -> Condition:
    if isinstance(value, _CONDITION_TYPES):
        return value
    raise InvalidValueError(
        f"expected a condition, got {type(value).__name__} {value!r}",
        path="$.condition",
        expected="a condition such as AtLeast(...)",
        got=value,
    )


def _ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"expected a tuple of clause ids, got {value!r}",
            path="$.ends",
            expected="a tuple of clause ids",
            got=value,
        )
    return tuple(check_id(v, "ends") for v in value)


def _latches(value: object) -> bool:
    return flag(value, "latches")


def _default_event(self: Trigger) -> str:
    return f"{self.id}.exercised"


def _event_id(value: object) -> str:
    return check_id(value, "exercise_event")


@attrs.frozen(kw_only=True)
class Trigger(ClauseBase):
    """A trigger: once `condition` holds, the holder has a **power** that ends clauses.

    Exercising the power ends the clauses listed in `ends`.

    The power is in force while the condition holds and it has not been exercised; it is
    contingent while the condition depends on unknown facts. Its exercise is the event
    `exercise_event` in the state. The consequences follow from the exercise, not from the
    condition alone: from the exercise date, the clauses in `ends` are no longer in force,
    provided the condition held (an exercise while the condition is false has no effect, and
    one whose condition is unknown makes the consequence contingent). An exercise counts only
    while the trigger clause itself is in force.

    Attributes:
        holder: Party id who gains the power.
        counterparty: Party id liable to it.
        condition: When the power arises (e.g. `AtLeast(metric=…, threshold=…)`).
        power: Id of the action the power lets the holder take.
        ends: Ids of the clauses the exercise ends.
        latches: Whether the condition latches (default `True`): once it has held on any
            day while the trigger is in force, it counts as met from then on, even if, say,
            profit later falls. With `False` the power follows the condition day by day.
            Latching reads the state's history ([`Series`][dealterms.Series], events).
        exercise_event: The event that records the exercise; defaults to `"<id>.exercised"`.

    Raises:
        InvalidValueError: for malformed ids or conditions, the same party on both sides,
            or a trigger that lists itself in `ends`.

    Source (reference deal): the "AGI clause": once AGI is reached (defined by a profit of
    $100 billion), OpenAI may limit Microsoft's access to its most advanced models (public
    reporting, January 2025).
    """

    kind: ClassVar[str] = "trigger"
    holder: str = attrs.field(converter=check_id)
    counterparty: str = attrs.field(converter=check_id)
    condition: Condition = attrs.field(converter=_condition)
    power: str = attrs.field(converter=check_id)
    ends: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    latches: bool = attrs.field(default=True, converter=_latches)
    exercise_event: str = attrs.field(
        default=attrs.Factory(_default_event, takes_self=True),
        converter=_event_id,
    )

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "counterparty", self.counterparty

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "power", self.power

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        for target in self.ends:
            yield "ends", target

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.holder, self.counterparty, ("holder", "counterparty"))
        if self.id in self.ends:
            problems.append(
                InvalidValueError(
                    f"trigger {self.id!r} lists itself in ends",
                    path="$.ends",
                    expected="ids of other clauses",
                    got=self.ends,
                )
            )
        return problems

    def facts(self) -> tuple[str, ...]:
        """The facts the trigger's condition reads."""
        return fact_names(self.condition)

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.POWER,
                holder=self.holder,
                counterparty=self.counterparty,
                action=self.power,
                conduct="perform",
                template="{holder} has the power to {action} ({counterparty} is liable to it)",
            ),
        )
