"""Termination rights: for convenience on notice, or for cause after a cure period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms._time import Duration, add_capped, parse_date
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties
from .fields import duration_words, notice_words, optional_duration
from .term import Notice

__all__ = ["Termination", "TerminationBasis", "TerminationOutcome", "TerminationRight"]

TERMINATE = "terminate"
"""The action id of a termination right's power."""

TerminationBasis: TypeAlias = Literal["convenience", "cause"]
"""Why a party may terminate.

* `"convenience"`: at will, on `notice` (CUAD "Termination For Convenience").
* `"cause"`: after a breach that the other party was told of and did not cure within the
  cure period.
"""

TerminationOutcome: TypeAlias = Literal[
    "terminates", "not_holder", "cured_in_time", "cure_period_running", "notice_too_early"
]
"""The result of a notice of termination, as a stable code (see `Termination`).

* `"terminates"`: the notice terminates the agreement (on `effective_on`).
* `"not_holder"`: the notice was given by a party that does not hold the right.
* `"cured_in_time"`: the breach was cured within the cure period; no right arose.
* `"cure_period_running"`: the cure period is not over on the day of the notice.
* `"notice_too_early"`: a breach notice is needed first, and none was given before.
"""


def _basis(value: object) -> TerminationBasis:
    return choice(value, get_args(TerminationBasis), "basis")  # type: ignore[return-value]


def _notice(value: object) -> Duration | None:
    return optional_duration(value, "notice")


def _cure(value: object) -> Duration | None:
    return optional_duration(value, "cure_period")


@attrs.frozen(kw_only=True)
class Termination:
    """What a notice of termination does.

    Attributes:
        outcome: A stable code ([`TerminationOutcome`][dealterms.TerminationOutcome]).
        effective_on: The first day the agreement is no longer in force (the notice day
            plus the notice period; the notice day itself without one), or `None` when the
            notice does not terminate.
        last_day: The last day in force (`effective_on` minus one day), or `None`.
        right_from: For cause: the first day the right to terminate exists (the day after
            the cure period), or `None` (convenience, or no right).
        because: How the dates follow from the clause, in words.
    """

    outcome: TerminationOutcome
    effective_on: date | None
    last_day: date | None
    right_from: date | None
    because: str

    @property
    def terminates(self) -> bool:
        """Whether the notice terminates the agreement."""
        return self.outcome == "terminates"


def _day(value: object, path: str) -> date:
    return parse_date(value, path=path)


@attrs.frozen(kw_only=True)
class TerminationRight(ClauseBase):
    """A right to terminate: for convenience on notice, or for cause after a cure period.

    For convenience, a notice given on day *d* takes effect on *d* + `notice` (the first
    day no longer in force). For cause, the holder first gives notice of the breach on day
    *b*; the other party may cure on or before *b* + `cure_period`; if it does not, the
    right to terminate exists from the day after, and a termination notice given then
    takes effect after `notice` (immediately without one). Periods add with
    `dateutil.relativedelta` in calendar days and months; a clause that counts business
    days needs its dates adjusted to business days first.

    Confers the holder's **power** to terminate (action `"terminate"`); the counterparty is
    liable to it. [`exercise`][dealterms.TerminationRight.exercise] computes the effect of
    a notice. Given as a [`TerminationNotice`][dealterms.TerminationNotice] in the state's
    events, a valid notice ends the whole deal in [`evaluate`][dealterms.evaluate] from
    its effective date (survival counts from it); an invalid one ends nothing and is a
    violation (see [ending the deal](term-and-exit.md#ending-the-deal)).

    Attributes:
        holder: Party id who may terminate.
        counterparty: Party id liable to the termination.
        basis: `"convenience"` or `"cause"` ([`TerminationBasis`][dealterms.TerminationBasis]).
        notice: The notice period before termination takes effect (`"P90D"`), or `None`
            for immediate effect. Required for convenience.
        cure_period: For cause: how long the breaching party has to cure after the breach
            notice (`"P30D"`). Required for cause, refused for convenience.

    Raises:
        InvalidValueError: for malformed ids or periods, one party on both sides, a
            convenience right without notice or with a cure period, a cause right without
            a cure period; and, as a problem of the deal, a cure period or notice longer
            than the clause's own term.

    Source: CUAD "Termination For Convenience" and the cure-period pattern of termination
    for cause (issue 8; cure before termination as in public case #22's remedies).

    Example:
        >>> right = TerminationRight(
        ...     id="exit", holder="customer", counterparty="vendor",
        ...     basis="convenience", notice="P90D",
        ... )
        >>> right.exercise(notice=Notice(given_on="2025-01-10", by="customer")).effective_on
        datetime.date(2025, 4, 10)
    """

    kind: ClassVar[str] = "termination_right"
    builtin_actions: ClassVar[dict[str, Relation]] = {TERMINATE: Relation.POWER}
    holder: str = attrs.field(converter=check_id)
    counterparty: str = attrs.field(converter=check_id)
    basis: TerminationBasis = attrs.field(converter=_basis)
    notice: Duration | None = attrs.field(default=None, converter=_notice)
    cure_period: Duration | None = attrs.field(default=None, converter=_cure)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "counterparty", self.counterparty

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.holder, self.counterparty, ("holder", "counterparty"))
        if self.basis == "convenience" and self.notice is None:
            problems.append(
                InvalidValueError(
                    "a termination for convenience needs a notice period",
                    path="$.notice",
                    expected="a Duration such as 'P90D'",
                    got=None,
                )
            )
        if self.basis == "convenience" and self.cure_period is not None:
            problems.append(
                InvalidValueError(
                    "a cure period belongs to a termination for cause, not for convenience",
                    path="$.cure_period",
                    expected="None",
                    got=self.cure_period.format(),
                )
            )
        if self.basis == "cause" and self.cure_period is None:
            problems.append(
                InvalidValueError(
                    "a termination for cause needs a cure period (P0D is not a duration: "
                    "use P1D for one day to cure)",
                    path="$.cure_period",
                    expected="a Duration such as 'P30D'",
                    got=None,
                )
            )
        term = self.term.interval() if self.term is not None else None
        if term is not None and term.end is not None:
            for field, period in (("cure_period", self.cure_period), ("notice", self.notice)):
                if period is not None and period.add_to(term.start) > term.end:
                    problems.append(
                        InvalidValueError(
                            f"{field}={period.format()} is longer than the clause's term "
                            f"[{term.start}, {term.end}): it could never run its course",
                            path=f"$.{field}",
                            expected="a period that fits within the term",
                            got=period.format(),
                        )
                    )
        return problems

    def positions(self) -> tuple[Position, ...]:
        if self.basis == "convenience":
            assert self.notice is not None
            how = f"for convenience on {notice_words(self.notice)}"
        else:
            assert self.cure_period is not None
            how = f"for cause, if a breach is not cured within {duration_words(self.cure_period)}"
        return (
            Position(
                relation=Relation.POWER,
                holder=self.holder,
                counterparty=self.counterparty,
                action=TERMINATE,
                conduct="perform",
                template="{holder} has the power to terminate " + how + " ({counterparty} "
                "is liable to it)",
            ),
        )

    def exercise(
        self,
        *,
        notice: Notice | date | str,
        breach_notice: date | str | None = None,
        cured_on: date | str | None = None,
    ) -> Termination:
        """The effect of a notice of termination given under this right.

        Args:
            notice: The termination notice ([`Notice`][dealterms.Notice]; a bare date
                means a notice by the holder).
            breach_notice: For cause: the day the holder gave notice of the breach.
            cured_on: For cause: the day the breach was cured, or `None` if it was not.

        Returns:
            A [`Termination`][dealterms.Termination]: the effective date, or why not.

        Raises:
            InvalidValueError: for malformed dates; for convenience, a `breach_notice` or
                `cured_on`; for cause, a missing `breach_notice`, or a `cured_on` before the
                breach notice.

        Example:
            >>> right = TerminationRight(
            ...     id="breach", holder="a", counterparty="b", basis="cause", cure_period="P30D"
            ... )
            >>> t = right.exercise(notice="2025-03-05", breach_notice="2025-02-01")
            >>> t.outcome, t.right_from, t.effective_on
            ('terminates', datetime.date(2025, 3, 4), datetime.date(2025, 3, 5))
        """
        for name, value in (("breach_notice", breach_notice), ("cured_on", cured_on)):
            if value is not None and self.basis == "convenience":
                raise InvalidValueError(
                    f"a termination for convenience takes no {name}, got {value!r}",
                    path=name,
                    expected="None",
                    got=value,
                )
            if value is not None:
                _day(value, name)  # every argument is checked, whatever the outcome
        if not isinstance(notice, Notice):
            notice = Notice(given_on=_day(notice, "notice"), by=self.holder)
        given = notice.given_on
        if notice.by is not None and notice.by != self.holder:
            return Termination(
                outcome="not_holder",
                effective_on=None,
                last_day=None,
                right_from=None,
                because=f"{notice.by} gave the notice, but only {self.holder} holds this right",
            )
        right_from: date | None = None
        if self.basis == "cause":
            assert self.cure_period is not None
            if breach_notice is None:
                raise InvalidValueError(
                    "a termination for cause needs the day the breach notice was given",
                    path="breach_notice",
                    expected="a date",
                    got=None,
                )
            breach = _day(breach_notice, "breach_notice")
            cure_by = add_capped(self.cure_period, breach)
            cured = None if cured_on is None else _day(cured_on, "cured_on")
            if cured is not None and cured < breach:
                raise InvalidValueError(
                    f"cured_on={cured} is before the breach notice on {breach}",
                    path="cured_on",
                    expected=f"a day on or after {breach}",
                    got=cured,
                )
            if cured is not None and cured <= cure_by:
                return Termination(
                    outcome="cured_in_time",
                    effective_on=None,
                    last_day=None,
                    right_from=None,
                    because=f"the breach notified on {breach} was cured on {cured}, within "
                    f"the cure period ({duration_words(self.cure_period)}, through {cure_by})",
                )
            right_from = cure_by + timedelta(days=1)
            if given < breach:
                return Termination(
                    outcome="notice_too_early",
                    effective_on=None,
                    last_day=None,
                    right_from=right_from,
                    because=f"the termination notice on {given} came before the breach "
                    f"notice on {breach}",
                )
            if given < right_from:
                return Termination(
                    outcome="cure_period_running",
                    effective_on=None,
                    last_day=None,
                    right_from=right_from,
                    because=f"on {given} the cure period ({duration_words(self.cure_period)} from "
                    f"the breach notice on {breach}) runs through {cure_by}; the right to "
                    f"terminate exists from {right_from}",
                )
        effective = given if self.notice is None else add_capped(self.notice, given)
        wait = "immediately" if self.notice is None else f"after {notice_words(self.notice)}"
        why = f"notice on {given} terminates {wait}, effective {effective}"
        if right_from is not None:
            why = f"the breach was not cured by {right_from - timedelta(days=1)}; " + why
        return Termination(
            outcome="terminates",
            effective_on=effective,
            last_day=effective - timedelta(days=1),
            right_from=right_from,
            because=why + f" (last day in force {effective - timedelta(days=1)})",
        )
