"""Survival: named clauses stay in force after the end of the deal's term."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._time import Duration
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase
from .fields import duration_words, id_tuple, optional_duration

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dealterms._entitlement import Position

__all__ = ["Survival"]


def _clauses(value: object) -> tuple[str, ...]:
    return id_tuple(value, "clauses", what="clause ids")


def _period(value: object) -> Duration | None:
    return optional_duration(value, "period")


@attrs.frozen(kw_only=True)
class Survival(ClauseBase):
    """A survival clause: the named clauses outlive the end of the deal's term.

    Confers no position itself. Each clause it names that is in force on the last day of
    the deal's term stays in force from the next day for `period` (through the day before
    `term end + period`), or without end when `period` is `None`; its own conditions, and
    amendments and triggers that end it, still apply. A clause the deal has removed or
    replaced before the term ends does not survive. The survival clause must itself be in
    force on the last day of the term. Where several rules make a clause survive, the
    longest wins. See [survival](concepts.md#survival-after-the-term).

    Attributes:
        clauses: Ids of the clauses that survive; at least one, each once, never its own.
        period: How long they survive (a [`Duration`][dealterms.Duration] or ISO text
            `"P5Y"`), or `None` for indefinitely.

    Raises:
        InvalidValueError: for an empty or repeated list of ids, its own id among them,
            a malformed period, or a condition precedent or subsequent (a survival clause
            takes none: put conditions on the clauses it names).
        InvalidDealError: (from [`Deal`][dealterms.Deal]) if it names a clause the deal
            never has.

    Source: the "Survival" boilerplate of commercial contracts ("Sections 7, 9 and 12
    survive the expiration or termination of this Agreement for five years"); issue 8.

    Example:
        >>> Survival(id="survival", clauses=("confidentiality",), period="P5Y").describe()
        'clause confidentiality survives the end of the term for 5 years'
    """

    kind: ClassVar[str] = "survival"
    clauses: tuple[str, ...] = attrs.field(converter=_clauses)
    period: Duration | None = attrs.field(default=None, converter=_period)

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        for i, cid in enumerate(self.clauses):
            yield f"clauses[{i}]", cid

    def positions(self) -> tuple[Position, ...]:
        return ()

    def problems(self) -> list[InvalidValueError]:
        out = []
        if self.id in self.clauses:
            out.append(
                InvalidValueError(
                    f"survival clause {self.id!r} names itself",
                    path=f"$.clauses[{self.clauses.index(self.id)}]",
                    expected="ids of other clauses",
                    got=self.id,
                )
            )
        out += [
            InvalidValueError(
                f"a survival clause takes no {name.replace('_', ' ')}; put it on the clauses "
                "it names",
                path=f"$.{name}",
                expected="None",
                got=getattr(self, name),
            )
            for name in ("condition_precedent", "condition_subsequent")
            if getattr(self, name) is not None
        ]
        return out

    def describe(self) -> str:
        """What the clause says, in words."""
        names = ", ".join(self.clauses)
        many = "s" if len(self.clauses) > 1 else ""
        verb = "survive" if many else "survives"
        how = "without end" if self.period is None else f"for {duration_words(self.period)}"
        return f"clause{many} {names} {verb} the end of the term {how}"
