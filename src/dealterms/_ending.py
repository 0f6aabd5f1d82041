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
    from dealterms._state import AnyEvent, State

__all__ = ["Ending", "ending", "notice_outcomes"]


@attrs.frozen(kw_only=True)
class Ending:
    """A valid termination notice and the day the deal ends (internal)."""

    notice: TerminationNotice
    effective_on: date  # the first day no clause is in force (survival aside)
    because: str  # "terminated by beta's notice of … under clause tfc, effective …"


@attrs.define
class _Progress:
    """How far the notices of one event log have been judged (internal, per compiled deal).

    Keeps the log's objects alive, so the identity key cannot be reused by another log.
    """

    log: tuple[object, ...]
    done: int = 0  # events[:done] judged
    endings: list[Ending] = attrs.Factory(list)
    bad: list[Violation] = attrs.Factory(list)


_MEMO_LIMIT = 16


def _progress(deal: Deal, state: State) -> _Progress:
    """The memo of `state`'s log: the same objects (facts, events, series) share one.

    A notice's outcome depends only on the log up to its own date, never on `as_of`, so the
    log is judged once, in order, as far as the latest `as_of` asked about; a timeline's
    evaluations on each change point reuse it instead of judging every notice again.
    """
    memo = deal._compiled.notice_memo
    log = (state.facts, state.events, state.series, state.known_on)
    key = (
        *map(id, (*state.facts, *state.events, *state.series)),
        len(state.facts),
        len(state.events),
        state.known_on,
    )
    found = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[key] = _Progress(log=log)
    return found


def notice_outcomes(deal: Deal, state: State) -> tuple[tuple[Ending, ...], tuple[Violation, ...]]:
    """The valid terminations (by effective date) and the invalid notices, up to `as_of`.

    A valid notice whose effective date is after `as_of` is listed too: it has not taken
    effect yet.
    """
    progress = _progress(deal, state)
    events = state.events
    while progress.done < len(events) and events[progress.done].date <= state.as_of:
        _judge(deal, state, events[progress.done], progress.endings, progress.bad)
        progress.done += 1
    return (
        tuple(e for e in progress.endings if e.notice.date <= state.as_of),
        tuple(v for v in progress.bad if v.date <= state.as_of),
    )


def _judge(
    deal: Deal, state: State, ev: AnyEvent, endings: list[Ending], bad: list[Violation]
) -> None:
    """Judge one event of the log, given the endings of the events before it."""
    from dealterms._evaluate import entitlements  # noqa: PLC0415 - import cycle

    compiled = deal._compiled
    term_end = compiled.term.end
    if not isinstance(ev, TerminationNotice) or ev.clause not in compiled.exits:
        return

    def fail(reason: str, detail: str, missing: tuple[str, ...] = ()) -> None:
        bad.append(
            Violation(
                date=ev.date,
                party=ev.party,
                clause=ev.clause,
                reason=reason,  # type: ignore[arg-type]
                detail=f"notice of termination on {ev.date} under clause {ev.clause}: "
                f"{detail}; it ends nothing",
                event=ev,
                missing=missing,
            )
        )

    earlier = [e for e in endings if e.effective_on <= ev.date]
    if earlier:
        fail("clause_not_in_force", f"the deal was already {earlier[0].because}")
        return
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
        return
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
        return
    if right.basis == "convenience" and (ev.breach_notice is not None or ev.cured_on is not None):
        fail(
            "invalid_exercise",
            "a termination for convenience takes no breach notice (breach_notice) or "
            "cure date (cured_on)",
        )
        return
    t = right.exercise(
        notice=Notice(given_on=ev.date, by=ev.party),
        breach_notice=ev.breach_notice,
        cured_on=ev.cured_on,
    )
    if not t.terminates:
        fail("invalid_exercise", t.because)
        return
    assert t.effective_on is not None
    if term_end is not None and t.effective_on >= term_end:
        return  # the deal ends on its own first
    endings.append(
        Ending(notice=ev, effective_on=t.effective_on, because=_words(right, ev, t.effective_on))
    )
    endings.sort(key=lambda e: e.effective_on)


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
