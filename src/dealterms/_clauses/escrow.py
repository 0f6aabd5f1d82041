"""Source-code escrow: the licensee may have the code released on stated conditions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._conditions import Condition
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id

from .base import ClauseBase, distinct_parties
from .fields import condition

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms.exceptions import InvalidValueError

__all__ = ["SourceCodeEscrow"]

DEPOSIT_SOURCE_CODE = "deposit-source-code"
"""The action id of the depositor's duty to keep the source code deposited."""


def _release_condition(value: object) -> Condition:
    return condition(value, "release_condition")


@attrs.frozen(kw_only=True)
class SourceCodeEscrow(ClauseBase):
    """Source-code escrow: the code is deposited, and released to the beneficiary on a condition.

    Confers two positions while the clause is in force:

    * the beneficiary's **claim** that the depositor keep the source code deposited with
      the escrow agent (action `"deposit-source-code"`);
    * once `release_condition` holds, the beneficiary's **power** to have the code
      released (action `release`): the depositor is liable to the release. While the
      condition's facts are unknown the power is contingent on them.

    Write the release conditions with dealterms conditions, e.g.
    `Declared(fact="licensor.insolvent") | Happened(event="support.ended")`.

    Attributes:
        depositor: Party id who deposits the code (usually the licensor).
        beneficiary: Party id who may have it released (usually the licensee).
        release: Id of the declared action the release lets the beneficiary take, e.g.
            `"obtain-the-source-code"`.
        release_condition: The release conditions, one condition (combine several with
            `|`).

    Raises:
        InvalidValueError: for malformed ids, a release condition that is not a
            condition, or the same party on both sides.

    Source: CUAD category "Source Code Escrow" (public clause corpus); issue 8.
    """

    kind: ClassVar[str] = "source_code_escrow"
    builtin_actions: ClassVar[dict[str, Relation]] = {DEPOSIT_SOURCE_CODE: Relation.CLAIM}
    depositor: str = attrs.field(converter=check_id)
    beneficiary: str = attrs.field(converter=check_id)
    release: str = attrs.field(converter=check_id)
    release_condition: Condition = attrs.field(converter=_release_condition)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "depositor", self.depositor
        yield "beneficiary", self.beneficiary

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "release", self.release

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.depositor, self.beneficiary, ("depositor", "beneficiary"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.beneficiary,
                counterparty=self.depositor,
                action=DEPOSIT_SOURCE_CODE,
                conduct="perform",
                template="{counterparty} must keep the source code deposited in escrow for "
                "{holder}",
            ),
            Position(
                relation=Relation.POWER,
                holder=self.beneficiary,
                counterparty=self.depositor,
                action=self.release,
                conduct="perform",
                template="{holder} may have the source code released from escrow to {action} "
                "({counterparty} is bound by it)",
            ),
        )

    def position_condition(self, position: Position) -> tuple[Condition, str] | None:
        if position.relation is Relation.POWER and position.action == self.release:
            return self.release_condition, f"release condition: {self.release_condition}"
        return None
