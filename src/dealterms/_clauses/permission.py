"""Permission: an express privilege."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._entitlement import Position, Relation
from dealterms._party import check_id

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms.exceptions import InvalidValueError

__all__ = ["Permission"]


@attrs.frozen(kw_only=True)
class Permission(ClauseBase):
    """An express permission: the holder may do the action, as against the counterparty.

    Confers the holder's **privilege** (the counterparty has no-right that the holder
    refrain). Use it to make a freedom explicit, e.g. after an exclusivity is lifted.

    Attributes:
        holder: Party id who may act.
        counterparty: Party id who has no right to object.
        action: Id of the action permitted.

    Raises:
        InvalidValueError: for malformed ids, or the same party on both sides.

    Source (reference deal): after the January 2025 revision "OpenAI may use other
    providers (Oracle is named), in particular for research and model training" (public
    reporting, January 2025).
    """

    kind: ClassVar[str] = "permission"
    holder: str = attrs.field(converter=check_id)
    counterparty: str = attrs.field(converter=check_id)
    action: str = attrs.field(converter=check_id)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "counterparty", self.counterparty

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "action", self.action

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.holder, self.counterparty, ("holder", "counterparty"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.PRIVILEGE,
                holder=self.holder,
                counterparty=self.counterparty,
                action=self.action,
                conduct="perform",
                template="{holder} may {action}",
            ),
        )
