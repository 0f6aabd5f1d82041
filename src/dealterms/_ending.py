"""Ending the deal early: which termination notices in a state's log take effect.

A [`TerminationNotice`][dealterms.TerminationNotice] given under a
[`TerminationRight`][dealterms.TerminationRight] ends the whole deal from the effective date
that [`TerminationRight.exercise`][dealterms.TerminationRight.exercise] computes, if:

* the right's power is in force on the notice date (its window, conditions and any trigger
  or carve-out, as [`evaluate`][dealterms.evaluate] decides it without terminations);
* no earlier notice has already terminated the deal on or before that date;
* the notice is given by the holder and, for cause, after a breach notice whose cure period
  ran out uncured.

Every other notice ends nothing and is a [`Violation`][dealterms.Violation]
(`clause_not_in_force`, `invalid_exercise`, or `possibly_invalid_exercise` while the right
depends on unknown facts). Of several valid notices, the earliest effective date wins. A
notice whose effective date is on or after the deal's own end changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import attrs

from dealterms._clauses.fields import duration_words, notice_words
from dealterms._clauses.term import Notice
from dealterms._clauses.termination import TERMINATE, TerminationRight
from dealterms._entitlement import Contingent, InForce, Relation
from dealterms._events import TerminationNotice
from dealterms._process import Violation

if TYPE_CHECKING:
    from dealterms._deal import Deal
    from dealterms._state import State

__all__ = ["Ending", "ending", "notice_outcomes"]


@attrs.frozen(kw_only=True)
class Ending:
    """A valid termination notice and the day the deal ends (internal)."""

    notice: TerminationNotice
    effective_on: date  # the first day no clause is in force (survival aside)
    because: str  # "terminated by beta's notice of … under clause tfc, effective …"


def notice_outcomes(deal: Deal, state: State) -> tuple[tuple[Ending, ...], tuple[Violation, ...]]:
    """The valid terminations (by effective date) and the invalid notices, up to `as_of`.

    A valid notice whose effective date is after `as_of` is listed too: it has not taken
    effect yet.
    """
    from dealterms._evaluate import entitlements  # noqa: PLC0415 - import cycle

    compiled = deal._compiled
    term_end = compiled.term.end
    endings: list[Ending] = []
    bad: list[Violation] = []
    for ev in state.events:
        if ev.date > state.as_of:
            break
        if not isinstance(ev, TerminationNotice) or ev.clause not in compiled.exits:
            continue

        def fail(reason: str, detail: str, missing: tuple[str, ...] = (), n: object = ev) -> None:
            assert isinstance(n, TerminationNotice)
            bad.append(
                Violation(
                    date=n.date,
                    party=n.party,
                    clause=n.clause,
                    reason=reason,  # type: ignore[arg-type]
                    detail=f"notice of termination on {n.date} under clause {n.clause}: "
                    f"{detail}; it ends nothing",
                    event=n,
                    missing=missing,
                )
            )

        earlier = [e for e in endings if e.effective_on <= ev.date]
        if earlier:
            fail("clause_not_in_force", f"the deal was already {earlier[0].because}")
            continue
        found = [
            e
            for e in entitlements(compiled, state.at(ev.date))
            if e.clause == ev.clause and e.relation is Relation.POWER and e.action == TERMINATE
        ]
        live = [e for e in found if isinstance(e.status, InForce)]
        if not live:
            maybe = [e for e in found if isinstance(e.status, Contingent)]
            if maybe:
                assert isinstance(maybe[0].status, Contingent)
                missing = maybe[0].status.missing
                fail(
                    "possibly_invalid_exercise",
                    f"whether the right is in force depends on {', '.join(missing)}",
                    missing,
                )
            else:
                why = found[0].because if found else "never in force"
                fail("clause_not_in_force", f"the right is not in force then ({why})")
            continue
        right = next(
            v.clause
            for v, w in compiled.windows[ev.clause]
            if w is not None and ev.date in w and isinstance(v.clause, TerminationRight)
        )
        assert isinstance(right, TerminationRight)
        if right.basis == "cause" and ev.breach_notice is None:
            fail(
                "invalid_exercise",
                "a termination for cause needs the breach notice (breach_notice) and an "
                "uncured cure period first",
            )
            continue
        t = right.exercise(
            notice=Notice(given_on=ev.date, by=ev.party),
            breach_notice=ev.breach_notice,
            cured_on=ev.cured_on,
        )
        if not t.terminates:
            fail("invalid_exercise", t.because)
            continue
        assert t.effective_on is not None
        if term_end is not None and t.effective_on >= term_end:
            continue  # the deal ends on its own first
        endings.append(
            Ending(
                notice=ev, effective_on=t.effective_on, because=_words(right, ev, t.effective_on)
            )
        )
        endings.sort(key=lambda e: e.effective_on)
    return tuple(endings), tuple(bad)


def _words(right: TerminationRight, ev: TerminationNotice, effective: date) -> str:
    wait = (
        "with immediate effect" if right.notice is None else f"after {notice_words(right.notice)}"
    )
    cause = ""
    if right.basis == "cause":
        assert right.cure_period is not None
        cause = (
            f" (breach notified on {ev.breach_notice}, not cured within "
            f"{duration_words(right.cure_period)})"
        )
    return (
        f"terminated by {ev.party}'s notice of {ev.date} under clause {ev.clause}{cause}, "
        f"effective {effective} {wait}"
    )


def ending(deal: Deal, state: State) -> Ending | None:
    """The termination in effect on `as_of` (the earliest valid one), or `None`."""
    endings, _ = notice_outcomes(deal, state)
    if endings and endings[0].effective_on <= state.as_of:
        return endings[0]
    return None
