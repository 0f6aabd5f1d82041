"""Right of first refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._entitlement import Position, Relation
from dealterms._party import check_id

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms.exceptions import InvalidValueError

__all__ = ["RightOfFirstRefusal"]


@attrs.frozen(kw_only=True)
class RightOfFirstRefusal(ClauseBase):
    """Right of first refusal (ROFR): the holder must be offered the scope first.

    Before the grantor gives the scope to a third party, the holder must be offered it and
    may take it on the same terms.

    Confers one position: the holder's **claim** that the grantor offer the scope to the
    holder first (for the grantor, an obligation that conditions dealing elsewhere). The
    offer/match/refusal process is not modelled in this version.

    Attributes:
        grantor: Party id who must offer first.
        holder: Party id who holds the right.
        scope: Id of the action the right covers (e.g. `"new-compute-capacity"`), written
            so that "offer {holder} …" reads well: `"buy new compute capacity"`.

    Raises:
        InvalidValueError: for malformed ids, or the same party as grantor and holder.

    Source (reference deal): the January 2025 revision "replaces exclusivity with a right of
    first refusal for Microsoft on new compute capacity" (public reporting, January 2025).
    """

    kind: ClassVar[str] = "right_of_first_refusal"
    grantor: str = attrs.field(converter=check_id)
    holder: str = attrs.field(converter=check_id)
    scope: str = attrs.field(converter=check_id)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "grantor", self.grantor
        yield "holder", self.holder

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "scope", self.scope

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.grantor, self.holder, ("grantor", "holder"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.holder,
                counterparty=self.grantor,
                action=self.scope,
                conduct="perform",
                template=(
                    "{holder} holds a right of first refusal from {counterparty}: before "
                    "{counterparty} turns to a third party to {action}, {holder} must be "
                    "offered the same terms"
                ),
            ),
        )
