"""Restrictive covenants: non-compete and non-solicitation, with a post-term tail."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms._time import Duration, add_capped

from .base import ClauseBase, PostTerm, distinct_parties
from .fields import duration_words, id_tuple, optional_duration, text_set

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from dealterms.exceptions import InvalidValueError

__all__ = ["NonCompete", "NonSolicit"]


def _scope(value: object) -> tuple[str, ...]:
    return id_tuple(value, "scope", what="action ids")


def _territory(value: object) -> tuple[str, ...]:
    return text_set(value, "territory")


def _period(value: object) -> Duration | None:
    return optional_duration(value, "period")


def _tail(value: object) -> Duration | None:
    return optional_duration(value, "tail")


@attrs.frozen(kw_only=True)
class _Covenant(ClauseBase):
    """Fields and rules shared by the restrictive covenants (not public)."""

    kind: ClassVar[str]
    noun: ClassVar[str]
    restricted: str = attrs.field(converter=check_id)
    protected: str = attrs.field(converter=check_id)
    scope: tuple[str, ...] = attrs.field(converter=_scope)
    territory: tuple[str, ...] = attrs.field(default=(), converter=_territory)
    period: Duration | None = attrs.field(default=None, converter=_period)
    tail: Duration | None = attrs.field(default=None, converter=_tail)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "restricted", self.restricted
        yield "protected", self.protected

    def action_refs(self) -> Iterator[tuple[str, str]]:
        for i, action in enumerate(self.scope):
            yield f"scope[{i}]", action

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.restricted, self.protected, ("restricted", "protected"))

    def period_end(self, start: date) -> date | None:
        return None if self.period is None else add_capped(self.period, start)

    def post_term(self) -> PostTerm | None:
        if self.tail is None:
            return None
        return PostTerm(period=self.tail, why=f"its post-term tail of {duration_words(self.tail)}")

    def positions(self) -> tuple[Position, ...]:
        where = f" in {', '.join(self.territory)}" if self.territory else ""
        return tuple(
            Position(
                relation=Relation.CLAIM,
                holder=self.protected,
                counterparty=self.restricted,
                action=action,
                conduct="forbear",
                template="{counterparty} must not {action}" + where + f" ({self.noun} in favour "
                "of {holder})",
            )
            for action in self.scope
        )


@attrs.frozen(kw_only=True)
class NonCompete(_Covenant):
    """A non-compete: the restricted party must not compete with the protected party.

    Confers, for each action of `scope`, the protected party's **claim** that the
    restricted party forbear from it (for the restricted party, a **duty** to refrain: a
    prohibition). The covenant is in force while the clause is (its term, conditions and
    amendments), capped by `period` when given, and then for `tail` after its term ends.

    Attributes:
        restricted: Party id bound not to compete.
        protected: Party id that benefits.
        scope: The declared action ids restricted, as verb phrases for the restricted
            party (`"sell competing widgets"`); at least one, each once.
        territory: Region codes or names the restriction covers (`("US", "CA")`); empty
            for none stated. Shown in the sentences; [`may`][dealterms.Evaluation.may]
            answers per action, so give a territory its own action where answers differ.
        period: How long the covenant lasts from the day it comes into force (a
            [`Duration`][dealterms.Duration] or ISO text `"P2Y"`), or `None` for as long
            as the clause is in force.
        tail: How long it lasts after its term ends (`"P12M"` for "during the term and
            for 12 months thereafter"), or `None`. The tail counts from the end of the
            clause's term (the deal's, its own or `period`), not from its removal by an
            amendment; see [survival](concepts.md#survival-after-the-term).

    Raises:
        InvalidValueError: for malformed ids, an empty scope or one naming an action
            twice, a territory that is not a list of distinct names, a `period` or `tail`
            that is negative, zero, fractional or a float, or the same party on both sides.

    Source: CUAD category "Non-Compete" (public clause corpus); issue 8.

    Example:
        >>> nc = NonCompete(id="nc", restricted="seller", protected="buyer",
        ...                 scope=("sell-widgets",), territory=("US",), tail="P12M")
        >>> nc.tail.format()
        'P12M'
    """

    kind: ClassVar[str] = "non_compete"
    noun: ClassVar[str] = "non-compete"


@attrs.frozen(kw_only=True)
class NonSolicit(_Covenant):
    """A non-solicitation covenant: the restricted party must not solicit, e.g. staff.

    Confers, for each action of `scope` (`"solicit-employees"`, `"solicit-customers"`),
    the protected party's **claim** that the restricted party forbear from it (for the
    restricted party, a **duty** to refrain). Same fields and rules as
    [`NonCompete`][dealterms.NonCompete]: `territory`, `period` from the day it comes into
    force, and a post-term `tail`.

    Attributes:
        restricted: Party id bound not to solicit.
        protected: Party id that benefits.
        scope: The declared action ids restricted; at least one, each once.
        territory: Region codes or names covered; empty for none stated.
        period: How long it lasts from the day it comes into force, or `None`.
        tail: How long it lasts after its term ends, or `None`.

    Raises:
        InvalidValueError: as for [`NonCompete`][dealterms.NonCompete].

    Source: CUAD category "No-Solicit of Employees / Customers" (public clause corpus);
    issue 8.
    """

    kind: ClassVar[str] = "non_solicit"
    noun: ClassVar[str] = "non-solicitation"
