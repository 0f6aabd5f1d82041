"""Legal positions (what a clause confers) and entitlements (a position's status on a date)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Literal

import attrs

from dealterms.typing import Conduct, StatusName

if TYPE_CHECKING:
    pass

__all__ = [
    "Contingent",
    "DependsOn",
    "Entitlement",
    "InForce",
    "No",
    "NotInForce",
    "Position",
    "Reason",
    "Relation",
    "Status",
    "Yes",
]


class Relation(enum.StrEnum):
    """Hohfeld's four jural relations, named from the holder's side.

    Each has a correlative held by the counterparty, given by
    [`correlative`][dealterms.Relation.correlative]: claim ↔ duty, privilege ↔ no-right,
    power ↔ liability, immunity ↔ disability.
    """

    CLAIM = "claim"
    PRIVILEGE = "privilege"
    POWER = "power"
    IMMUNITY = "immunity"

    @property
    def correlative(self) -> str:
        """The counterparty's side: `"duty"`, `"no_right"`, `"liability"` or `"disability"`."""
        return _CORRELATIVES[self]


_CORRELATIVES = {
    Relation.CLAIM: "duty",
    Relation.PRIVILEGE: "no_right",
    Relation.POWER: "liability",
    Relation.IMMUNITY: "disability",
}


@attrs.frozen(kw_only=True)
class Position:
    """One legal position a clause confers, independent of time and facts.

    Attributes:
        relation: The holder's Hohfeldian relation.
        holder: Party id of the holder (of the claim, privilege, power or immunity).
        counterparty: Party id of the correlative's bearer (duty, no-right, liability …).
        action: Id of the action the position is about.
        conduct: For a claim, whether the counterparty must `"perform"` the action or
            `"forbear"` from it; for a privilege or power, what the holder may do.
        template: The plain-English sentence, with `{holder}`, `{counterparty}` and
            `{action}` placeholders filled in with display names and the action's description.
    """

    relation: Relation
    holder: str
    counterparty: str
    action: str
    conduct: Conduct = "perform"
    template: str


Reason = Literal[
    "not_yet_effective",
    "expired",
    "removed",
    "superseded",
    "condition_false",
    "power_exercised",
    "ended_by_exercise",
    "carved_out",
    "terminated",
    "lifecycle",
]
"""Why an entitlement is not in force, as a stable code (see `NotInForce`).

`"lifecycle"`: an [`Obligation`][dealterms.Obligation] or [`Power`][dealterms.Power]
whose lifecycle says it is not in effect (not created, created but not yet in effect,
suspended, or in a final state); the detail says which, citing the event."""


@attrs.frozen(kw_only=True)
class InForce:
    """The entitlement holds on `as_of`."""

    name: StatusName = attrs.field(default="in_force", init=False, repr=False)


@attrs.frozen(kw_only=True)
class Contingent:
    """The entitlement depends on facts the state does not know.

    Attributes:
        missing: The unknown facts whose values can decide it, sorted. Only facts that can
            change the answer are named.
    """

    missing: tuple[str, ...]
    name: StatusName = attrs.field(default="contingent", init=False, repr=False)


@attrs.frozen(kw_only=True)
class NotInForce:
    """The entitlement does not hold on `as_of`.

    Attributes:
        reason: A stable code (`"expired"`, `"superseded"`, …; see [`Reason`][dealterms.Reason]).
        detail: The same in words, naming the dates, amendments, facts or events involved.
    """

    reason: Reason
    detail: str
    name: StatusName = attrs.field(default="not_in_force", init=False, repr=False)


Status = InForce | Contingent | NotInForce
"""An entitlement's status; `match` on the three classes."""

IN_FORCE = InForce()


@attrs.frozen(kw_only=True)
class Entitlement:
    """One legal position and its status on the evaluation's `as_of`.

    Attributes:
        clause: Id of the clause it comes from.
        kind: The clause's kind, snake_case (`"right_of_first_refusal"`).
        amendment: Id of the amendment that introduced this version of the clause, or
            `None` for a clause of the original deal.
        relation: The holder's Hohfeldian relation.
        holder: Party id of the holder.
        counterparty: Party id of the counterparty (who bears the correlative).
        action: Id of the action it is about.
        conduct: `"perform"` or `"forbear"` (see [`Position`][dealterms.Position]).
        status: [`InForce`][dealterms.InForce], [`Contingent`][dealterms.Contingent] or
            [`NotInForce`][dealterms.NotInForce].
        because: One line saying why it has that status.
        text: The plain-English sentence ("Microsoft holds a right of first refusal …").
    """

    clause: str
    kind: str
    amendment: str | None
    relation: Relation
    holder: str
    counterparty: str
    action: str
    conduct: Conduct
    status: Status
    because: str
    text: str

    @property
    def in_force(self) -> bool:
        """`True` if the status is [`InForce`][dealterms.InForce]."""
        return isinstance(self.status, InForce)

    @property
    def is_prohibition(self) -> bool:
        """`True` for a claim that the counterparty forbear from the action."""
        return self.relation is Relation.CLAIM and self.conduct == "forbear"


@attrs.frozen(kw_only=True)
class Yes:
    """`may(party, action)` answer: the party may do it.

    Attributes:
        because: The entitlements that decide the answer (may be empty: no clause
            restricts the action, and none had to grant it).
    """

    because: tuple[Entitlement, ...] = ()
    value: Literal["yes"] = attrs.field(default="yes", init=False, repr=False)


@attrs.frozen(kw_only=True)
class No:
    """`may(party, action)` answer: the party may not do it.

    Attributes:
        because: The entitlements that decide the answer (empty when the deal has none,
            e.g. a built-in action such as `"sublicense"` that no clause grants).
        reason: Why, in words, when `because` is empty; otherwise `None`.
    """

    because: tuple[Entitlement, ...] = ()
    reason: str | None = None
    value: Literal["no"] = attrs.field(default="no", init=False, repr=False)


@attrs.frozen(kw_only=True)
class DependsOn:
    """`may(party, action)` answer: it depends on facts the state does not know.

    Attributes:
        missing: The facts that would decide it, sorted.
        because: The contingent entitlements involved.
    """

    missing: tuple[str, ...]
    because: tuple[Entitlement, ...] = ()
    value: Literal["depends"] = attrs.field(default="depends", init=False, repr=False)
