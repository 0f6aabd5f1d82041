"""Equity stakes and governance rights in a company or joint venture."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import attrs

from dealterms._clauses.revenue_share import Parameter, _rate
from dealterms._entitlement import Position, Relation
from dealterms._money import Rate
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

__all__ = ["EquityStake", "GovernanceRight"]

RECEIVE_DISTRIBUTIONS = "receive-distributions"
"""The action id of an equity stake's claim to distributions."""
VOTE_SHARES = "vote-shares"
"""The action id of an equity stake's power to vote."""


def _stake(value: object) -> Rate | Parameter:
    try:
        return _rate(value)
    except InvalidValueError as e:
        raise InvalidValueError(
            e.message, path="$.stake", expected="a fraction in [0, 1] or a Parameter", got=value
        ) from None


@attrs.frozen(kw_only=True)
class EquityStake(ClauseBase):
    """An equity stake: the holder owns a fraction of the entity.

    Confers the holder's **claim** to a pro-rata share of the entity's distributions and
    its **power** to vote its shares.

    Attributes:
        holder: Party id of the shareholder.
        entity: Party id of the company or joint venture.
        stake: The fraction owned (a [`Rate`][dealterms.Rate] in [0, 1]), or a
            [`Parameter`][dealterms.Parameter] when it is not public.

    Raises:
        InvalidValueError: for malformed ids, a stake outside [0, 1] or a float, or the
            same party as holder and entity.

    Source (Stargate example): "OpenAI holds equity"; SoftBank and MGX are key investors
    (public reporting, January 2025); the sizes of the stakes are not public.
    """

    kind: ClassVar[str] = "equity_stake"
    builtin_actions: ClassVar[dict[str, Relation]] = {
        RECEIVE_DISTRIBUTIONS: Relation.CLAIM,
        VOTE_SHARES: Relation.POWER,
    }
    holder: str = attrs.field(converter=check_id)
    entity: str = attrs.field(converter=check_id)
    stake: Rate | Parameter = attrs.field(converter=_stake)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "entity", self.entity

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.holder, self.entity, ("holder", "entity"))

    def positions(self) -> tuple[Position, ...]:
        share = (
            self.stake.format()
            if isinstance(self.stake, Rate)
            else f"an undisclosed stake (fact {self.stake.name})"
        )
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.holder,
                counterparty=self.entity,
                action=RECEIVE_DISTRIBUTIONS,
                conduct="perform",
                template="{holder} owns " + share + " of {counterparty} and is owed its "
                "share of distributions",
            ),
            Position(
                relation=Relation.POWER,
                holder=self.holder,
                counterparty=self.entity,
                action=VOTE_SHARES,
                conduct="perform",
                template="{holder} may vote its shares in {counterparty}",
            ),
        )


@attrs.frozen(kw_only=True)
class GovernanceRight(ClauseBase):
    """A governance right: the holder's **power** over the entity.

    For example to appoint a director, to chair the board, or to run operations.

    Attributes:
        holder: Party id who holds the right.
        entity: Party id of the company or joint venture.
        right: Id of the declared action the power lets the holder take (e.g.
            `"chair-the-board"`).

    Raises:
        InvalidValueError: for malformed ids, or the same party as holder and entity.

    Source (Stargate example): "independent board and its own CEO, with SoftBank's CEO as
    chairman" (public reporting, January 2025).
    """

    kind: ClassVar[str] = "governance_right"
    holder: str = attrs.field(converter=check_id)
    entity: str = attrs.field(converter=check_id)
    right: str = attrs.field(converter=check_id)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "entity", self.entity

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "right", self.right

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.holder, self.entity, ("holder", "entity"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.POWER,
                holder=self.holder,
                counterparty=self.entity,
                action=self.right,
                conduct="perform",
                template="{holder} has the power to {action} ({counterparty} is bound by it)",
            ),
        )
