"""Fields and checks shared by every clause kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._conditions import _CONDITION_TYPES, Condition
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .term import Term

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from dealterms._entitlement import Position, Relation
    from dealterms._time import Duration


def _clause_id(value: object) -> str:
    return check_id(value, "id")


def _optional_condition(value: object) -> Condition | None:
    if value is None or isinstance(value, _CONDITION_TYPES):
        return value
    raise InvalidValueError(
        f"expected a condition or None, got {type(value).__name__} {value!r}",
        expected="a condition such as AtLeast(...) or Declared(...)",
        got=value,
    )


def _optional_term(value: object) -> Term | None:
    if value is None or isinstance(value, Term):
        return value
    raise InvalidValueError(
        f"expected a Term or None, got {type(value).__name__} {value!r}",
        path="$.term",
        expected="a Term",
        got=value,
    )


def _optional_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidValueError(
        f"expected text or None, got {type(value).__name__} {value!r}",
        expected="a string",
        got=value,
    )


@attrs.frozen(kw_only=True)
class ClauseBase:
    """Fields every clause has. Not public: use the concrete clause kinds.

    Attributes:
        id: The clause's stable id (`"api-exclusivity"`).
        source: Where the clause comes from, e.g. `"public reporting, January 2025"`.
        term: The clause's own term, or `None` to follow the deal's term. A clause is
            never in force outside the deal's term.
        condition_precedent: A condition that must hold for the clause's positions to be
            in force, or `None`.
        condition_subsequent: A condition that ends the clause's positions once it holds,
            or `None`.
    """

    kind: ClassVar[str]
    builtin_actions: ClassVar[dict[str, Relation]] = {}
    """The built-in action ids this kind confers, with the relation its holder gets.

    They need no declaration in the deal's `actions`: every deal knows them, so
    [`Evaluation.may`][dealterms.Evaluation.may] answers about them even when no clause of
    the deal confers them (an action conferred as a privilege or power then needs that
    grant: the answer is no).
    """
    id: str = attrs.field(converter=_clause_id)
    source: str | None = attrs.field(default=None, converter=_optional_text)
    term: Term | None = attrs.field(default=None, converter=_optional_term)
    condition_precedent: Condition | None = attrs.field(default=None, converter=_optional_condition)
    condition_subsequent: Condition | None = attrs.field(
        default=None, converter=_optional_condition
    )

    def party_refs(self) -> Iterator[tuple[str, str]]:
        """Yield `(field name, party id)` for every party the clause names."""
        return iter(())

    def action_refs(self) -> Iterator[tuple[str, str]]:
        """Yield `(field name, action id)` for every declared action the clause names."""
        return iter(())

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        """Yield `(field name, clause id)` for every other clause the clause names."""
        return iter(())

    def positions(self) -> tuple[Position, ...]:
        """The legal positions this clause confers while it is in force."""
        raise NotImplementedError  # pragma: no cover

    def position_condition(self, position: Position) -> tuple[Condition, str] | None:
        """A condition `position` needs beyond the clause's own, with its label, or `None`."""
        return None

    def period_end(self, start: date) -> date | None:
        """The first day after a period the clause states itself, counted from `start`."""
        return None

    def post_term(self) -> PostTerm | None:
        """How the clause outlives the end of its term by itself (a tail), or `None`."""
        return None

    def problems(self) -> list[InvalidValueError]:
        """Problems that involve several fields of this clause (empty if none)."""
        return []


@attrs.frozen(kw_only=True)
class PostTerm:
    """A clause's own life after the end of its term (internal).

    Attributes:
        period: How long it lasts after the term's end; `None` for without end.
        why: What the clause says, for explanations (`"post-term tail"`).
    """

    period: Duration | None
    why: str


def distinct_parties(a: str, b: str, fields: tuple[str, str]) -> list[InvalidValueError]:
    """A problem if the two party fields name the same party."""
    if a != b:
        return []
    return [
        InvalidValueError(
            f"{fields[0]} and {fields[1]} are both {a!r}; a clause binds two distinct parties",
            path=f"$.{fields[1]}",
            expected=f"a party other than {a!r}",
            got=b,
        )
    ]
