"""Exclusivity: the grantor may not grant the scope to anyone but the holder."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._entitlement import Position, Relation
from dealterms._party import check_id

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms.exceptions import InvalidValueError

__all__ = ["Exclusivity"]


@attrs.frozen(kw_only=True)
class Exclusivity(ClauseBase):
    """Exclusivity: the grantor must not `scope` with anyone but the holder.

    Confers one position: the holder's **claim** that the grantor forbear from the
    scope's action (for the grantor, a prohibition). Write the scope's action as what the
    grantor must not do, e.g. `"host the OpenAI API on a cloud other than Azure"`.

    Attributes:
        grantor: Party id bound by the exclusivity.
        holder: Party id that benefits from it.
        scope: Id of the action the grantor must not do.

    Raises:
        InvalidValueError: for malformed ids, or the same party as grantor and holder.

    Source (reference deal): "The OpenAI API stays exclusive to Azure" (public reporting,
    January 2025) is `Exclusivity(id="api-exclusivity", grantor="openai",
    holder="microsoft", scope="api-outside-azure")`.
    """

    kind: ClassVar[str] = "exclusivity"
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
                conduct="forbear",
                template="{counterparty} must not {action} (exclusivity in favour of {holder})",
            ),
        )
