"""Carve-outs: a clause that narrows another clause by taking actions out of its reach."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase
from .fields import id_tuple

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms._entitlement import Position

__all__ = ["CarveOut"]


def _clause(value: object) -> str:
    return check_id(value, "clause")


def _actions(value: object) -> tuple[str, ...]:
    return id_tuple(value, "actions", what="action ids")


@attrs.frozen(kw_only=True)
class CarveOut(ClauseBase):
    """A carve-out: clause `clause` does not reach `actions` while the carve-out is in force.

    Confers no position itself; it narrows its target, never widens it:

    * the target's own positions about a carved action are not in force (reason
      `"carved_out"`, "carved out by clause …"), so a non-compete's carved activity is
      free again and a licence's carved use is not licensed;
    * if the target is a [`Trigger`][dealterms.Trigger] (a loss such as "the distributor
      loses its territory exclusivity"), its exercise no longer ends the positions about
      a carved action of the clauses it ends: the loss is narrowed, those positions stay.

    The carve-out applies on the days it is in force itself (its own term, conditions and
    amendments), so it can be added, conditioned or removed like any clause.

    Attributes:
        clause: Id of the clause it narrows (any version of it).
        actions: The declared action ids taken out of its reach; at least one, each once.

    Raises:
        InvalidValueError: for a malformed id, an empty or repeated list of actions, or a
            carve-out that names itself.
        InvalidDealError: (from [`Deal`][dealterms.Deal]) if `clause` names a clause the
            deal never has, or an action is not declared.

    Source: CUAD category "Exceptions" and public case #34's variant ("losing territory
    exclusivity for missing Performance Benchmarks keeps exclusivity for products already
    installed in that territory").
    """

    kind: ClassVar[str] = "carve_out"
    clause: str = attrs.field(converter=_clause)
    actions: tuple[str, ...] = attrs.field(converter=_actions)

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        yield "clause", self.clause

    def action_refs(self) -> Iterator[tuple[str, str]]:
        for i, action in enumerate(self.actions):
            yield f"actions[{i}]", action

    def positions(self) -> tuple[Position, ...]:
        return ()

    def problems(self) -> list[InvalidValueError]:
        if self.clause != self.id:
            return []
        return [
            InvalidValueError(
                f"carve-out {self.id!r} names itself",
                path="$.clause",
                expected="the id of another clause",
                got=self.clause,
            )
        ]
