"""Licence (IP grant)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._checks import flag
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["License"]


def _bool(value: object) -> bool:
    return flag(value, "exclusive")


@attrs.frozen(kw_only=True)
class License(ClauseBase):
    """A licence (IP grant): the licensee may use the licensor's IP for the scope.

    Confers the licensee's **privilege** to do the scope's action. An exclusive licence
    also confers the licensee's **claim** that the licensor grant the scope to no one else
    (for the licensor, a prohibition).

    Attributes:
        licensor: Party id granting the licence.
        licensee: Party id receiving it.
        scope: Id of the action licensed, as a verb phrase for the licensee:
            `"use OpenAI's models and technology in its products"`.
        exclusive: Whether the licence is exclusive.

    Raises:
        InvalidValueError: for malformed ids, a non-bool `exclusive`, or the same party as
            licensor and licensee.

    Source (reference deal): "Microsoft keeps exclusive rights to OpenAI's IP (models and
    technology) for use in its products, such as Copilot" (public reporting, January 2025).
    """

    kind: ClassVar[str] = "license"
    licensor: str = attrs.field(converter=check_id)
    licensee: str = attrs.field(converter=check_id)
    scope: str = attrs.field(converter=check_id)
    exclusive: bool = attrs.field(converter=_bool)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "licensor", self.licensor
        yield "licensee", self.licensee

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "scope", self.scope

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.licensor, self.licensee, ("licensor", "licensee"))

    def positions(self) -> tuple[Position, ...]:
        use = Position(
            relation=Relation.PRIVILEGE,
            holder=self.licensee,
            counterparty=self.licensor,
            action=self.scope,
            conduct="perform",
            template="{holder} may {action} (licence from {counterparty})",
        )
        if not self.exclusive:
            return (use,)
        return (
            use,
            Position(
                relation=Relation.CLAIM,
                holder=self.licensee,
                counterparty=self.licensor,
                action=self.scope,
                conduct="forbear",
                template=(
                    "{counterparty} must not license anyone but {holder} to {action} "
                    "(exclusive licence)"
                ),
            ),
        )
