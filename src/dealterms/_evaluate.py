"""The evaluator: which entitlements are in force on a date, given what is known then.

A deal is fixed, so every date on which its clause set can change (term boundaries,
amendment dates) is known in advance. [`compile_deal`][] sorts those dates once; evaluating
on `as_of` finds its segment by bisection and reuses the segment's prepared entitlements.
Only positions guarded by conditions (conditions precedent/subsequent, triggers and what
their exercise ends) are decided per state. So the cost of `evaluate` grows with the
clauses in force, not with the length of the amendment history.
"""

from __future__ import annotations

import bisect
import functools
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from dealterms._clauses.carve_out import CarveOut
from dealterms._clauses.fields import duration_words
from dealterms._clauses.kinds import BUILTIN_ACTIONS
from dealterms._clauses.survival import Survival
from dealterms._clauses.termination import TerminationRight
from dealterms._clauses.trigger import Trigger
from dealterms._conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Condition,
    Happened,
    Latched,
    LessThan,
    MoreThan,
    Not,
    OnOrAfter,
    atoms,
    decide,
    fact_names,
    walk,
)
from dealterms._deal import ClauseVersion, Deal, clause_window
from dealterms._entitlement import (
    IN_FORCE,
    Contingent,
    DependsOn,
    Entitlement,
    InForce,
    No,
    NotInForce,
    Position,
    Reason,
    Relation,
    Status,
    Yes,
)
from dealterms._explain import Explanation, explain_entitlement
from dealterms._lifecycle_view import with_lifecycle
from dealterms._money import Money
from dealterms._process import (
    FirstRightProcess,
    Violation,
    check_event_references,
    find_violations,
)
from dealterms._state import State
from dealterms._time import LAST_DATE, Duration, Interval, add_capped
from dealterms.exceptions import InvalidValueError, UnknownReferenceError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import pandas as pd

    from dealterms._clauses.kinds import Clause

__all__ = ["Evaluation", "evaluate"]


@attrs.frozen(kw_only=True)
class Gate:
    """A condition a position needs, with the status to report when it fails."""

    condition: Condition
    reason: Reason
    label: str  # "condition precedent: …", used in explanations
    # For a gate that must be false to keep a position ("not ended by …"), the positive
    # statement ("ended by …") that explanations show, with the truth inverted.
    positive: str | None = None
    event: str | None = None  # for exercise gates, the event whose date the detail cites


@attrs.frozen(kw_only=True)
class Slot:
    """One position of one clause version, with its window and gates."""

    version: ClauseVersion
    position: Position
    window: Interval | None
    gates: tuple[Gate, ...]
    text: str
    base: Entitlement  # the in-force entitlement; other statuses evolve it
    whole: Condition | None = None  # all gates as one condition, or None without gates
    facts: tuple[str, ...] = ()  # the facts the gates read
    events: tuple[str, ...] = ()  # the events the gates read
    days: tuple[date, ...] = ()  # the dates the gates compare as_of with
    memo: bool = True  # whether a decision depends only on (facts, events, days)
    latched: bool = False  # whether the gates contain a latched condition
    tail: Tail | None = None  # the days after the term it survives, if any
    tail_base: Entitlement | None = None  # `base` on those days (says why it survives)


@attrs.frozen(kw_only=True)
class Tail:
    """The days a clause version stays in force after the end of its term, and why."""

    start: date  # the first day after the term
    because: str  # "survives the end of the term on … for … (…)"


def _plan(slot: Slot) -> Slot:
    """Fill in the slot's precomputed decision inputs."""
    if not slot.gates:
        return slot
    whole = (
        slot.gates[0].condition
        if len(slot.gates) == 1
        else AllOf(conditions=tuple(g.condition for g in slot.gates))
    )
    events: set[str] = set()
    days: set[date] = set()
    latched = False
    memo = True
    for c in _subconditions(whole):
        if isinstance(c, Latched):
            latched = True
            if c.since is not None:
                days.add(c.since)  # before `since` a latch is false
            if any(isinstance(a, Happened | OnOrAfter | Before) for a in atoms(c.condition)):
                memo = False  # its value depends on the history of days, not just as_of
        elif isinstance(c, Happened):
            events.add(c.event)
        elif isinstance(c, OnOrAfter | Before):
            days.add(c.day)
    return attrs.evolve(
        slot,
        whole=whole,
        facts=fact_names(whole),
        events=tuple(sorted(events)),
        days=tuple(sorted(days)),
        memo=memo,
        latched=latched,
    )


def _subconditions(cond: Condition) -> list[Condition]:
    out: list[Condition] = []
    walk(cond, out.append)
    return out


_MISSING = object()
_MEMO_LIMIT = 50_000


@attrs.define(kw_only=True)
class Segment:
    """What is fixed on every day of one segment: static entitlements and open slots.

    The open slots' decisions depend only on the values of `facts`, the occurrences of
    `events` and how `as_of` compares with `days` (unless `memo_ok` is false), so whole
    results are remembered by those inputs in `memo`.
    """

    static: tuple[tuple[int, Entitlement], ...]
    dynamic: tuple[tuple[int, Slot], ...]
    size: int
    facts: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    days: tuple[date, ...] = ()
    memo_ok: bool = True
    latched: bool = False
    memo: dict[tuple[object, ...], tuple[Entitlement, ...]] = attrs.Factory(dict)


@attrs.define
class CompiledDeal:
    """A deal prepared for repeated evaluation (internal; built once per deal)."""

    deal: Deal
    term: Interval  # the deal's term (ending on the termination date for a terminated deal)
    exits: frozenset[str]  # ids of the termination rights
    slots: tuple[Slot, ...]
    boundaries: list[date]
    segments: dict[int, Segment]
    grants: frozenset[tuple[str, str]]  # (holder, action) of every privilege/power
    actions: frozenset[str]
    party_ids: frozenset[str]
    windows: dict[str, list[tuple[ClauseVersion, Interval | None]]]  # clause id -> versions
    condition_days: frozenset[date]  # every date a gate condition names
    thresholds: dict[str, tuple[Money | Decimal, ...]]  # metric -> thresholds in gates
    fixed: dict[tuple[int, NotInForce], Entitlement] = attrs.Factory(dict)
    notice_memo: dict[tuple[object, ...], Any] = attrs.Factory(dict)  # see _ending._progress

    def segment(self, as_of: date) -> Segment:
        i = bisect.bisect_right(self.boundaries, as_of)
        seg = self.segments.get(i)
        if seg is None:
            seg = self.segments[i] = _build_segment(self.slots, as_of, self.fixed)
        return seg


_PLACEHOLDER = re.compile(r"\{(holder|counterparty|action)\}")


def render(template: str, names: dict[str, str], words: dict[str, str], position: Position) -> str:
    """Fill a position's sentence template with display names and the action's words.

    One pass over the template: a display name that itself looks like a placeholder
    (`"{counterparty} Ltd"`) is kept verbatim.
    """
    values = {
        "holder": names.get(position.holder, position.holder),
        "counterparty": names.get(position.counterparty, position.counterparty),
        "action": words.get(position.action, position.action),
    }
    return _PLACEHOLDER.sub(lambda m: values[m[1]], template)


def compile_deal(deal: Deal, cut: date | None = None) -> CompiledDeal:
    """Prepare `deal` for evaluation: windows, gates and change dates of every position.

    With `cut`, the deal as terminated with effect from that day: its term ends there, and
    survival counts from it.
    """
    term = _cut_term(deal.term.interval(), cut)
    versions = sorted(deal.history, key=lambda v: (v.clause.id, v.start))
    windows, tails = _windows(term, versions, cut)
    carves = _carve_outs(versions)
    names = {p.id: p.name for p in deal.parties}
    words = {a.id: a.description for a in deal.actions}
    ending: dict[str, list[ClauseVersion]] = {}  # clause id -> trigger versions ending it
    for v in versions:
        if isinstance(v.clause, Trigger):
            for target in v.clause.ends:
                ending.setdefault(target, []).append(v)
    slots: list[Slot] = []
    boundaries: set[date] = {term.start}
    if term.end is not None:
        boundaries.add(term.end)
    grants: set[tuple[str, str]] = set()
    actions: set[str] = {a.id for a in deal.actions}
    for v in versions:
        window = windows[id(v)]
        tail = tails.get(id(v))
        boundaries |= _version_boundaries(v, window, tail[1] if tail else None)
        gates = list(_clause_gates(v.clause))
        for position in v.clause.positions():
            pos_gates = list(gates)
            extra = v.clause.position_condition(position)
            if extra is not None:
                pos_gates.append(Gate(condition=extra[0], reason="condition_false", label=extra[1]))
            pos_gates += _carve_gates(position, carves.get(v.clause.id, ()), windows)
            pos_gates += _ending_gates(
                v,
                window,
                position=position,
                triggers=ending.get(v.clause.id, ()),
                windows=windows,
                carves=carves,
            )
            if isinstance(v.clause, Trigger) and position.relation is Relation.POWER:
                trig = v.clause
                pos_gates.append(
                    Gate(
                        condition=_trigger_condition(trig, window),
                        reason="condition_false",
                        label=f"trigger condition: {trig.condition}",
                    )
                )
                if window is not None:
                    pos_gates.append(
                        Gate(
                            condition=Not(
                                condition=Happened(
                                    event=trig.exercise_event,
                                    on_or_after=window.start,
                                    before=window.end,
                                )
                            ),
                            reason="power_exercised",
                            label=f"power not yet exercised ({trig.exercise_event})",
                            positive=f"power already exercised ({trig.exercise_event})",
                            event=trig.exercise_event,
                        )
                    )
            if position.relation in (Relation.PRIVILEGE, Relation.POWER):
                grants.add((position.holder, position.action))
            actions.add(position.action)
            text = render(position.template, names, words, position)
            base = Entitlement(
                clause=v.clause.id,
                kind=v.clause.kind,
                amendment=v.introduced_by.id if v.introduced_by else None,
                relation=position.relation,
                holder=position.holder,
                counterparty=position.counterparty,
                action=position.action,
                conduct=position.conduct,
                status=IN_FORCE,
                because=_in_force_because(v, window, tail[1] if tail else None),
                text=text,
            )
            slots.append(
                Slot(
                    version=v,
                    position=position,
                    window=window,
                    gates=tuple(pos_gates),
                    text=text,
                    base=base,
                    tail=tail[1] if tail else None,
                    tail_base=attrs.evolve(base, because=tail[1].because) if tail else None,
                )
            )
    condition_days, thresholds = _gate_dates_and_thresholds(slots)
    return CompiledDeal(
        deal=deal,
        term=term,
        exits=frozenset(v.clause.id for v in versions if isinstance(v.clause, TerminationRight)),
        slots=tuple(_plan(s) for s in slots),
        boundaries=sorted(boundaries),
        segments={},
        grants=frozenset(grants),
        actions=frozenset(actions),
        party_ids=frozenset(names),
        windows=_windows_by_clause(versions, windows),
        condition_days=frozenset(condition_days),
        thresholds=thresholds,
    )


def _cut_term(term: Interval, cut: date | None) -> Interval:
    """The deal's term, ending on `cut` if that is earlier."""
    if cut is None or (term.end is not None and cut >= term.end):
        return term
    return Interval(start=term.start, end=cut)


def version_window(deal: Deal, version: ClauseVersion) -> Interval | None:
    """The days clause version `version` of `deal` is in force, survival included."""
    for v, window in deal._compiled.windows.get(version.clause.id, ()):
        if v is version:
            return window
    return None  # pragma: no cover - every version of the history is compiled


def _windows_by_clause(
    versions: list[ClauseVersion], windows: dict[int, Interval | None]
) -> dict[str, list[tuple[ClauseVersion, Interval | None]]]:
    out: dict[str, list[tuple[ClauseVersion, Interval | None]]] = {}
    for v in versions:
        out.setdefault(v.clause.id, []).append((v, windows[id(v)]))
    return out


def _windows(
    term: Interval, versions: list[ClauseVersion], cut: date | None = None
) -> tuple[dict[int, Interval | None], dict[int, tuple[Interval, Tail]]]:
    """Every version's window (survival included), and the survival days of those that survive."""
    windows = {id(v): _own_window(term, v) for v in versions}
    tails = _survivals(term, versions, windows, cut)
    # A carve-out in force when its target's term ends narrows the target's survival too.
    for c in versions:
        w = windows[id(c)]
        if not isinstance(c.clause, CarveOut) or w is None or id(c) in tails:
            continue
        follows = [
            tails[id(v)]
            for v in versions
            if v.clause.id == c.clause.clause and id(v) in tails and tails[id(v)][1].start == w.end
        ]
        if follows:
            days, tail = max(follows, key=lambda t: t[0].end or date.max)
            if c.end is not None:
                if c.end <= days.start:
                    continue
                days = Interval(start=days.start, end=min(days.end or c.end, c.end))
            because = f"narrows clause {c.clause.clause} while it survives"
            tails[id(c)] = (days, Tail(start=tail.start, because=because))
    for key, (days, _) in tails.items():
        window = windows[key]
        assert window is not None
        windows[key] = Interval(start=window.start, end=days.end)
    return windows, tails


def _carve_outs(versions: list[ClauseVersion]) -> dict[str, list[ClauseVersion]]:
    """Clause id -> the carve-out versions that narrow it."""
    carves: dict[str, list[ClauseVersion]] = {}
    for v in versions:
        if isinstance(v.clause, CarveOut):
            carves.setdefault(v.clause.clause, []).append(v)
    return carves


def _own_window(term: Interval, v: ClauseVersion) -> Interval | None:
    """The version's window within the deal's term, capped by a period the clause states."""
    window = clause_window(term, v)
    if window is None:
        return None
    end = v.clause.period_end(window.start)
    if end is None or (window.end is not None and window.end <= end):
        return window
    return Interval(start=window.start, end=end)


def _survivals(
    term: Interval,
    versions: list[ClauseVersion],
    windows: dict[int, Interval | None],
    cut: date | None = None,
) -> dict[int, tuple[Interval, Tail]]:
    """The days after its term each surviving clause version stays in force, and why.

    Two rules make a version survive, and the longest survival wins (on a tie, the
    clause's own tail, then the `Survival` clauses by id):

    * its own tail ([`post_term`][dealterms._clauses.base.ClauseBase.post_term], e.g. a
      non-compete's `tail` or a perpetual licence), counted from the end of its window
      when that end is set by a term (the deal's, its own, or its stated period) and not
      by an amendment;
    * a [`Survival`][dealterms.Survival] clause in force on the last day of the deal's
      term that names it, counted from the end of the deal's term, if the version is in
      force on that day.

    The survival days are cut where an amendment ends the version. When the deal is
    terminated early (`cut`, the effective date), its term ends there, so survival counts
    from the termination, not from the stated end.
    """
    rules: dict[str, list[tuple[Duration | None, str]]] = {}  # clause id -> (period, why)
    if term.end is not None:
        for s in versions:
            w = windows[id(s)]
            if isinstance(s.clause, Survival) and w is not None and w.end == term.end:
                for target in s.clause.clauses:
                    rules.setdefault(target, []).append(
                        (s.clause.period, f"under clause {s.clause.id}")
                    )
    out: dict[int, tuple[Interval, Tail]] = {}
    for v in versions:
        w = windows[id(v)]
        if w is None or w.end is None:
            continue
        found: list[tuple[date, Duration | None, str]] = []  # (anchor, period, why)
        own = v.clause.post_term()
        if own is not None and w.end == _term_end(term, v, w):
            found.append((w.end, own.period, f"{own.why}, clause {v.clause.id}"))
        if w.end == term.end:
            found += [
                (w.end, period, why)
                for period, why in sorted(rules.get(v.clause.id, ()), key=lambda r: r[1])
            ]
        best: tuple[Interval, Tail] | None = None
        for anchor, period, why in found:
            end = None if period is None else add_capped(period, anchor)
            if v.end is not None:
                end = v.end if end is None else min(end, v.end)
            if end is not None and end <= anchor:
                continue  # an amendment ends it with the term
            if best is not None and (
                best[0].end is None or (end is not None and end <= best[0].end)
            ):
                continue
            how = "without end" if period is None else f"for {duration_words(period)}"
            last = "" if end is None else f", through {end - timedelta(days=1)}"
            ended = (
                f"the termination effective {anchor}"
                if anchor == cut
                else f"the end of the term on {anchor - timedelta(days=1)}"
            )
            because = f"survives {ended} {how}{last} ({why})"
            best = (Interval(start=anchor, end=end), Tail(start=anchor, because=because))
        if best is not None:
            out[id(v)] = best
    return out


def _term_end(term: Interval, v: ClauseVersion, window: Interval) -> date | None:
    """Where the version's window would end by terms alone (no amendments)."""
    ends = [term.end]
    if v.clause.term is not None:
        ends.append(v.clause.term.end)
    ends.append(v.clause.period_end(window.start))
    known = [e for e in ends if e is not None]
    return min(known) if known else None


def _active(carve: ClauseVersion, windows: dict[int, Interval | None]) -> Condition | None:
    """The condition that carve-out version `carve` is in force on `as_of`, or `None` if never."""
    w = windows[id(carve)]
    if w is None:
        return None
    parts: list[Condition] = [OnOrAfter(day=w.start)]
    if w.end is not None and w.end <= LAST_DATE:  # an end capped at END_OF_RANGE never comes
        parts.append(Before(day=w.end))
    if carve.clause.condition_precedent is not None:
        parts.append(carve.clause.condition_precedent)
    if carve.clause.condition_subsequent is not None:
        parts.append(Not(condition=carve.clause.condition_subsequent))
    return AllOf(conditions=tuple(parts))


def _carved(
    action: str, carves: Iterable[ClauseVersion], windows: dict[int, Interval | None]
) -> tuple[Condition | None, tuple[str, ...]]:
    """Whether `action` is carved out on `as_of` (a condition), and by which carve-outs."""
    found = [
        (c, cond)
        for c in carves
        if isinstance(c.clause, CarveOut)
        and action in c.clause.actions
        and (cond := _active(c, windows)) is not None
    ]
    if not found:
        return None, ()
    ids = tuple(sorted({c.clause.id for c, _ in found}))
    conds = tuple(cond for _, cond in found)
    return (conds[0] if len(conds) == 1 else AnyOf(conditions=conds)), ids


def _carve_gates(
    position: Position, carves: Iterable[ClauseVersion], windows: dict[int, Interval | None]
) -> list[Gate]:
    """The gate by which carve-outs of this position's clause take its action away."""
    carved, ids = _carved(position.action, carves, windows)
    if carved is None:
        return []
    by = ", ".join(ids)
    return [
        Gate(
            condition=Not(condition=carved),
            reason="carved_out",
            label=f"not carved out by clause {by}",
            positive=f"carved out by clause {by}",
        )
    ]


def _ending_gates(
    v: ClauseVersion,
    window: Interval | None,
    *,
    position: Position,
    triggers: Iterable[ClauseVersion],
    windows: dict[int, Interval | None],
    carves: dict[str, list[ClauseVersion]],
) -> list[Gate]:
    """The gates by which the exercise of a trigger's power ends this position of `v`.

    A carve-out of the trigger that names the position's action narrows the loss: while
    it is in force, the exercise does not end the position.
    """
    gates: list[Gate] = []
    for t in triggers:
        trig = t.clause
        assert isinstance(trig, Trigger)
        t_window = windows[id(t)]
        if v.clause.id not in trig.ends or t_window is None or window is None:
            continue
        both = t_window.intersection(window)
        if both is None:
            continue
        exercised = Happened(event=trig.exercise_event, on_or_after=both.start, before=both.end)
        ends: Condition = _valid_exercise(exercised, trig, t_window)
        carved, ids = _carved(position.action, carves.get(trig.id, ()), windows)
        if carved is not None:
            ends = AllOf(conditions=(ends, Not(condition=carved)))
        kept = f" (narrowed by carve-out {', '.join(ids)})" if ids else ""
        gates.append(
            Gate(
                condition=Not(condition=ends),
                reason="ended_by_exercise",
                label=f"not ended by the exercise of {trig.id} ({trig.exercise_event}){kept}",
                positive=f"ended by a valid exercise of {trig.id} ({trig.exercise_event}){kept}",
                event=trig.exercise_event,
            )
        )
    return gates


def _gate_dates_and_thresholds(
    slots: list[Slot],
) -> tuple[frozenset[date], dict[str, tuple[Money | Decimal, ...]]]:
    """Every date named in a gate condition, and every metric's thresholds."""
    condition_days: set[date] = set()
    thresholds: dict[str, set[Money | Decimal]] = {}
    for slot in slots:
        for gate in slot.gates:
            for c in _subconditions(gate.condition):
                if isinstance(c, Latched) and c.since is not None:
                    condition_days.add(c.since)
            for a in atoms(gate.condition):
                if isinstance(a, OnOrAfter | Before):
                    condition_days.add(a.day)
                elif isinstance(a, Happened):
                    condition_days.update(d for d in (a.on_or_after, a.before) if d is not None)
                elif isinstance(a, AtLeast | MoreThan | AtMost | LessThan):
                    thresholds.setdefault(a.metric, set()).add(a.threshold)
    return frozenset(condition_days), {m: tuple(ts) for m, ts in thresholds.items()}


def _valid_exercise(exercised: Condition, trig: Trigger, window: Interval | None) -> Condition:
    """An exercise that counts.

    It happened while the trigger was in force, its condition held, and so did the trigger
    clause's own conditions precedent and subsequent.
    """
    parts: list[Condition] = [exercised, _trigger_condition(trig, window)]
    if trig.condition_precedent is not None:
        parts.append(trig.condition_precedent)
    if trig.condition_subsequent is not None:
        parts.append(Not(condition=trig.condition_subsequent))
    return AllOf(conditions=tuple(parts))


def _version_boundaries(v: ClauseVersion, window: Interval | None, tail: Tail | None) -> set[date]:
    """The days on which a clause version's date-fixed answers can change."""
    days = {v.start}
    if v.end is not None:
        days.add(v.end)
    if window is not None:
        days.add(window.start)
        if window.end is not None:
            days.add(window.end)
    own = v.clause.term
    if own is not None:
        days.add(own.effective_date)
        if own.end is not None:
            days.add(own.end)
    if tail is not None:
        days.add(tail.start)  # the wording changes when survival begins
    return days


def _trigger_condition(trig: Trigger, window: Interval | None) -> Condition:
    """The trigger's condition, latched from the start of its window if it latches."""
    if not trig.latches:
        return trig.condition
    return Latched(condition=trig.condition, since=window.start if window else None)


def _clause_gates(clause: Clause) -> Iterator[Gate]:
    if clause.condition_precedent is not None:
        yield Gate(
            condition=clause.condition_precedent,
            reason="condition_false",
            label=f"condition precedent: {clause.condition_precedent}",
        )
    if clause.condition_subsequent is not None:
        yield Gate(
            condition=Not(condition=clause.condition_subsequent),
            reason="condition_false",
            label=f"condition subsequent not met: {clause.condition_subsequent}",
            positive=f"condition subsequent met: {clause.condition_subsequent}",
        )


def _in_force_because(v: ClauseVersion, window: Interval | None, tail: Tail | None) -> str:
    origin = f"amendment {v.introduced_by.id}" if v.introduced_by else "original deal"
    if window is None:
        return "never in force"
    if tail is None:
        return f"in force {_span(window)} ({origin})"
    during = Interval(start=window.start, end=tail.start)
    return f"in force {_span(during)} ({origin}); then it {tail.because}"


def _span(window: Interval) -> str:
    if window.end is None:
        return f"from {window.start}"
    return f"from {window.start} through {window.end - timedelta(days=1)}"


def _window_status(slot: Slot, as_of: date) -> NotInForce | None:
    """The status fixed by dates alone, or `None` if the slot is inside its window."""
    v, window = slot.version, slot.window
    if window is not None and as_of in window:
        return None
    if v.end is not None and as_of >= v.end and v.ended_by is not None:
        a = v.ended_by
        if v.ended_how == "superseded":
            return NotInForce(
                reason="superseded",
                detail=f"superseded by clause {v.superseded_by} (amendment {a.id}, effective "
                f"{a.effective_date})",
            )
        return NotInForce(
            reason="removed", detail=f"removed by amendment {a.id}, effective {a.effective_date}"
        )
    if as_of < v.start and v.introduced_by is not None:
        a = v.introduced_by
        return NotInForce(
            reason="not_yet_effective",
            detail=f"added by amendment {a.id}, effective {a.effective_date}",
        )
    if window is None:
        return NotInForce(
            reason="expired", detail="its own term lies outside the deal's term or amendments"
        )
    if as_of < window.start:
        return NotInForce(reason="not_yet_effective", detail=f"term starts {window.start}")
    last = window.end - timedelta(days=1) if window.end else None
    if slot.tail is not None:
        return NotInForce(
            reason="expired",
            detail=f"expired: it survived the end of the term through {last}",
        )
    return NotInForce(reason="expired", detail=f"expired: the term's last day was {last}")


def _build_segment(
    slots: tuple[Slot, ...],
    as_of: date,
    fixed_cache: dict[tuple[int, NotInForce], Entitlement],
) -> Segment:
    static: list[tuple[int, Entitlement]] = []
    dynamic: list[tuple[int, Slot]] = []
    for i, slot in enumerate(slots):
        fixed = _window_status(slot, as_of)
        if fixed is not None:
            # A slot has only a few date-fixed statuses (before, after, superseded …):
            # build each entitlement once and share it across segments.
            found = fixed_cache.get((i, fixed))
            if found is None:
                found = fixed_cache[(i, fixed)] = attrs.evolve(
                    slot.base, status=fixed, because=fixed.detail
                )
            static.append((i, found))
        else:
            if slot.tail is not None and as_of >= slot.tail.start:
                assert slot.tail_base is not None
                slot = attrs.evolve(slot, base=slot.tail_base)  # noqa: PLW2901
            if not slot.gates:
                static.append((i, slot.base))
            else:
                dynamic.append((i, slot))
    return Segment(
        static=tuple(static),
        dynamic=tuple(dynamic),
        size=len(slots),
        facts=tuple(sorted({n for _, s in dynamic for n in s.facts})),
        events=tuple(sorted({n for _, s in dynamic for n in s.events})),
        days=tuple(sorted({d for _, s in dynamic for d in s.days})),
        memo_ok=all(s.memo for _, s in dynamic),
        latched=any(s.latched for _, s in dynamic),
    )


def _decide_slot(slot: Slot, state: State) -> Entitlement:
    gates = slot.gates
    whole = slot.whole
    assert whole is not None
    try:
        d = decide(whole, state)
    except InvalidValueError as e:
        raise type(e)(
            f"{e.message} (while deciding clause {slot.version.clause.id})",
            path=e.path,
            expected=e.expected,
            got=e.got,
        ) from None
    status: Status
    if d.value is True:
        return slot.base
    if d.value is None:
        status = Contingent(missing=d.missing)
        because = f"depends on {', '.join(d.missing)} (unknown)"
        return attrs.evolve(slot.base, status=status, because=because)
    status = _failed_gate(gates, state)
    return attrs.evolve(slot.base, status=status, because=status.detail)


def _duties(about: Iterable[Entitlement], party_id: str) -> tuple[Entitlement, ...]:
    """The duties among `about` that bind `party_id` to perform (claims against it)."""
    return tuple(
        e
        for e in about
        if e.relation is Relation.CLAIM and e.counterparty == party_id and e.conduct == "perform"
    )


def _failed_gate(gates: tuple[Gate, ...], state: State) -> NotInForce:
    for g in gates:
        if decide(g.condition, state).value is False:
            if g.event is not None and g.reason in ("power_exercised", "ended_by_exercise"):
                when = [e.date for e in state.occurrences(g.event)]
                on = f" on {when[0]}" if when else ""
                verb = "exercised" if g.reason == "power_exercised" else "ended by exercise"
                return NotInForce(reason=g.reason, detail=f"{verb}{on} (event {g.event})")
            if g.reason == "carved_out" and g.positive is not None:
                return NotInForce(reason=g.reason, detail=g.positive)
            return NotInForce(reason=g.reason, detail=f"{g.label}: false")
    labels = "; ".join(g.label for g in gates)
    return NotInForce(reason="condition_false", detail=f"cannot all hold together: {labels}")


def evaluate(deal: Deal, state: State) -> Evaluation:
    """Evaluate which of the deal's entitlements are in force in `state`.

    Every position of every clause version in the deal's history is listed, with status
    [`InForce`][dealterms.InForce], [`Contingent`][dealterms.Contingent] (naming the unknown
    facts that would decide it) or [`NotInForce`][dealterms.NotInForce] (with a reason code
    and detail). The order is fixed: by clause id, then version, then position.

    With `state.known_on` set, the deal is read as known on that date
    ([`Deal.as_known_on`][dealterms.Deal.as_known_on]), and the evaluation's `deal` is that
    reading.

    Args:
        deal: The deal (apply what-ifs first with
            [`Deal.with_what_ifs`][dealterms.Deal.with_what_ifs]).
        state: The date and the facts and events known then.

    Returns:
        The [`Evaluation`][dealterms.Evaluation].

    Raises:
        InvalidValueError: if a fact has the wrong type for a condition that reads it.
        CurrencyMismatchError: if a money fact is in another currency than the threshold.

    Example:
        >>> from dealterms.examples import microsoft_openai
        >>> ev = evaluate(microsoft_openai(), State(as_of="2024-06-01"))
        >>> ev.may("openai", "non-azure-compute").value
        'no'
    """
    if not isinstance(deal, Deal):
        raise InvalidValueError(
            f"expected a Deal, got {type(deal).__name__}", expected="a Deal", got=deal
        )
    if not isinstance(state, State):
        raise InvalidValueError(
            f"expected a State, got {type(state).__name__}", expected="a State", got=state
        )
    if state.known_on is not None:
        deal = deal.as_known_on(state.known_on)
    if state.has_typed_events:
        check_event_references(deal, state)
    return evaluate_valid(deal, state)


def evaluate_valid(deal: Deal, state: State) -> Evaluation:
    """`evaluate` without the argument and event-log checks (already done by the caller).

    The deal is already read as known on `state.known_on` and the state's events were
    checked against it: the violation checks evaluate the same log on every act's date
    and need not check it again.

    A valid [`TerminationNotice`][dealterms.TerminationNotice] in effect on `as_of` ends
    the deal: every entitlement is then read in the deal whose term ends on the effective
    date (so survival counts from it), and those that the termination alone takes out of
    force are `NotInForce` with reason `"terminated"`.

    An obligation's or power's position is in force only while its lifecycle, replayed
    from the state's events, says it is in effect (reason `"lifecycle"` otherwise).
    """
    compiled = deal._compiled
    if compiled.exits and state.has_typed_events:
        from dealterms._ending import ending  # noqa: PLC0415 - import cycle

        end = ending(deal, state)
        if end is not None:
            ents = _terminated(compiled, deal._cut(end.effective_on), state, end.because)
            return Evaluation(
                deal=deal, state=state, entitlements=with_lifecycle(deal, state, ents)
            )
    ents = with_lifecycle(deal, state, entitlements(compiled, state))
    return Evaluation(deal=deal, state=state, entitlements=ents)


def _terminated(
    compiled: CompiledDeal, cut: CompiledDeal, state: State, because: str
) -> tuple[Entitlement, ...]:
    """The entitlements of a terminated deal: the cut deal's, with the termination as reason.

    Both compilations list the same versions and positions in the same order.
    """
    out: list[Entitlement] = []
    for plain, after, slot in zip(
        entitlements(compiled, state), entitlements(cut, state), cut.slots, strict=True
    ):
        status = after.status
        if (
            isinstance(status, NotInForce)
            and status.reason in ("expired", "not_yet_effective")
            and after.status != plain.status
        ):
            survived = ""
            if slot.tail is not None and slot.window is not None and slot.window.end is not None:
                survived = f"; it survived through {slot.window.end - timedelta(days=1)}"
            why = NotInForce(reason="terminated", detail=because + survived)
            out.append(attrs.evolve(after, status=why, because=why.detail))
        else:
            out.append(after)
    return tuple(out)


def entitlements(compiled: CompiledDeal, state: State) -> tuple[Entitlement, ...]:
    """Every entitlement of a compiled deal in `state`, terminations aside."""
    seg = compiled.segment(state.as_of)
    if not seg.dynamic:
        return tuple(e for _, e in seg.static)
    if not seg.memo_ok or (seg.latched and state.series):
        return _decide_segment(seg, state)
    env = state.fact_values
    as_of = state.as_of
    key = (
        # (type, value): True == Decimal(1) must not share a remembered answer
        tuple([(type(v), v) for v in [env.get(n, _MISSING) for n in seg.facts]]),
        tuple([state.occurrence_dates(n) for n in seg.events]),
        tuple([as_of >= d for d in seg.days]),
    )
    ents = seg.memo.get(key)
    if ents is None:
        ents = _decide_segment(seg, state)
        if len(seg.memo) >= _MEMO_LIMIT:
            seg.memo.clear()
        seg.memo[key] = ents
    return ents


def _decide_segment(seg: Segment, state: State) -> tuple[Entitlement, ...]:
    out: list[Entitlement | None] = [None] * seg.size
    for i, e in seg.static:
        out[i] = e
    for i, slot in seg.dynamic:
        out[i] = _decide_slot(slot, state)
    return tuple(out)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Evaluation:
    """The result of [`evaluate`][dealterms.evaluate]: every entitlement and its status.

    Attributes:
        deal: The deal evaluated.
        state: The state it was evaluated in.
        entitlements: Every entitlement, in a fixed order (clause id, version, position).
    """

    deal: Deal
    state: State
    entitlements: tuple[Entitlement, ...]

    @property
    def as_of(self) -> date:
        """The evaluation date (`state.as_of`)."""
        return self.state.as_of

    def in_force(self) -> tuple[Entitlement, ...]:
        """The entitlements in force."""
        return tuple(e for e in self.entitlements if isinstance(e.status, InForce))

    def contingent(self) -> tuple[Entitlement, ...]:
        """The entitlements that depend on unknown facts."""
        return tuple(e for e in self.entitlements if isinstance(e.status, Contingent))

    def not_in_force(self) -> tuple[Entitlement, ...]:
        """The entitlements not in force."""
        return tuple(e for e in self.entitlements if isinstance(e.status, NotInForce))

    def for_clause(self, clause_id: str) -> tuple[Entitlement, ...]:
        """The entitlements of clause `clause_id` (all its versions).

        A clause of the deal that confers no position (a [`Survival`][dealterms.Survival]
        or [`CarveOut`][dealterms.CarveOut] clause, which act on other clauses) has none:
        the result is empty.

        Raises:
            UnknownReferenceError: if the deal never has such a clause.
        """
        found = tuple(e for e in self.entitlements if e.clause == clause_id)
        if not found and clause_id not in self.deal._compiled.windows:
            known = sorted({e.clause for e in self.entitlements})
            raise UnknownReferenceError(
                f"no clause {clause_id!r}; known: {', '.join(known)}",
                expected="a clause id",
                got=clause_id,
            )
        return found

    def for_party(self, party_id: str) -> tuple[Entitlement, ...]:
        """The entitlements where `party_id` is holder or counterparty.

        Raises:
            UnknownReferenceError: if `party_id` is not a party of the deal.
        """
        self.deal.party(party_id)
        return tuple(e for e in self.entitlements if party_id in (e.holder, e.counterparty))

    def rights_of(self, party_id: str) -> tuple[Entitlement, ...]:
        """The entitlements `party_id` holds that are in force or contingent.

        Raises:
            UnknownReferenceError: if `party_id` is not a party of the deal.
        """
        self.deal.party(party_id)
        return tuple(
            e
            for e in self.entitlements
            if e.holder == party_id and not isinstance(e.status, NotInForce)
        )

    def for_action(self, action_id: str) -> tuple[Entitlement, ...]:
        """The entitlements about action `action_id`.

        Raises:
            UnknownReferenceError: if no clause of the deal is about that action, the
                deal does not declare it, and it is no built-in action of a clause kind
                (`"sublicense"`, `"terminate"`, …).
        """
        self._check_action(action_id)
        return tuple(e for e in self.entitlements if e.action == action_id)

    def _check_action(self, action_id: str) -> None:
        if action_id not in self.deal._compiled.actions and action_id not in BUILTIN_ACTIONS:
            raise UnknownReferenceError(
                f"no action {action_id!r} in deal {self.deal.id!r}; known: "
                f"{', '.join(sorted(self.deal._compiled.actions))}",
                expected="an action id",
                got=action_id,
            )

    def may(self, party_id: str, action_id: str) -> Yes | No | DependsOn:
        """Whether `party_id` may do `action_id` on `as_of`: yes, no, or depends on facts.

        The rule, in order:

        1. A prohibition on the party in force (a claim that it forbear) answers **no**.
        2. If some clause of the deal ever grants the party the action (a privilege or a
           power), the action needs that grant: in force → yes, contingent → depends,
           otherwise no. Otherwise the party is free: yes (no clause restricts it).
        3. A contingent prohibition turns a yes into **depends**, naming its facts.

        A party bound by a duty in force to do the action (the obligor of an
        [`Obligation`][dealterms.Obligation] in effect) may do it; the answer's `because`
        is that duty.

        Built-in actions that clause kinds confer as a privilege or power (`"sublicense"`
        and `"assign-licence"` of a [`License`][dealterms.License], `"vote-shares"`,
        `"terminate"`, …) always need a grant: without one the answer is **no**, with
        `reason` saying so. Every deal knows them, declared or not.

        Raises:
            UnknownReferenceError: for an unknown party or action.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> ev = evaluate(microsoft_openai(), State(as_of="2024-06-01"))
            >>> print(ev.may("openai", "sublicense").reason)
            no clause grants openai the power to sublicense (a built-in action of license clauses)
        """
        compiled = self.deal._compiled
        if party_id not in compiled.party_ids:
            self.deal.party(party_id)  # raises UnknownReferenceError with the known ids
        if action_id not in compiled.actions:
            self._check_action(action_id)
        builtin = BUILTIN_ACTIONS.get(action_id)
        about = [e for e in self.entitlements if e.action == action_id]
        bans = [e for e in about if e.is_prohibition and e.counterparty == party_id]
        in_force_bans = tuple(e for e in bans if isinstance(e.status, InForce))
        if in_force_bans:
            return No(because=in_force_bans)
        grants = [
            e
            for e in about
            if e.holder == party_id and e.relation in (Relation.PRIVILEGE, Relation.POWER)
        ]
        answer: Yes | No | DependsOn
        if (party_id, action_id) in compiled.grants or (
            builtin is not None and builtin[1] in (Relation.PRIVILEGE, Relation.POWER)
        ):
            live = tuple(e for e in grants if isinstance(e.status, InForce))
            maybe = tuple(e for e in grants if isinstance(e.status, Contingent))
            if live:
                answer = Yes(because=live)
            elif maybe:
                answer = DependsOn(missing=_missing(maybe), because=maybe)
            elif grants:
                return No(because=tuple(grants))
            else:
                assert builtin is not None
                return No(
                    reason=f"no clause grants {party_id} the {builtin[1].value} to {action_id} "
                    f"(a built-in action of {builtin[0].replace('_', ' ')} clauses)"
                )
        else:
            mine = tuple(e for e in about if e.holder == party_id and e.in_force)
            owed = tuple(e for e in _duties(about, party_id) if e.in_force)
            # The party who owes the action (a duty in force) may do it: that duty says why.
            answer = Yes(because=mine or owed)
        open_bans = tuple(e for e in bans if isinstance(e.status, Contingent))
        if open_bans:
            return DependsOn(
                missing=_missing((*open_bans, *answer.because)),
                because=(*open_bans, *answer.because),
            )
        return answer

    def must(self, party_id: str, action_id: str) -> Yes | No | DependsOn:
        """Whether a duty in force binds `party_id` to do `action_id` on `as_of`.

        A duty is the correlative of a claim that the party perform the action (the obligor
        of an [`Obligation`][dealterms.Obligation] in effect, a minimum to reach, an offer
        to make first …). In force → **yes**; only contingent ones → **depends**, naming
        their facts; otherwise **no**, with the duties not in force as `because` or, if no
        clause ever imposes one, a `reason`. Duties to refrain are prohibitions: ask
        [`may`][dealterms.Evaluation.may].

        Raises:
            UnknownReferenceError: for an unknown party or action.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
            >>> ev.must("openai", "pay-revenue-share").value  # to Microsoft, 20%
            'yes'
            >>> ev.must("openai", "new-compute-capacity").because[0].clause  # offer it first
            'compute-rofr'
        """
        compiled = self.deal._compiled
        if party_id not in compiled.party_ids:
            self.deal.party(party_id)  # raises UnknownReferenceError with the known ids
        if action_id not in compiled.actions:
            self._check_action(action_id)
        duties = _duties((e for e in self.entitlements if e.action == action_id), party_id)
        live = tuple(e for e in duties if isinstance(e.status, InForce))
        if live:
            return Yes(because=live)
        maybe = tuple(e for e in duties if isinstance(e.status, Contingent))
        if maybe:
            return DependsOn(missing=_missing(maybe), because=maybe)
        if duties:
            return No(because=duties)
        return No(reason=f"no clause obliges {party_id} to {action_id}")

    @functools.cached_property
    def _log(self) -> tuple[tuple[Violation, ...], dict[str, FirstRightProcess]]:
        return find_violations(self.deal, self.state, self.deal._compiled.windows)

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every event up to `as_of` that breaches the deal or has no legal effect.

        Third-party deals are checked against first rights (ROFR, ROFO, ROFN); acts
        ([`ThirdPartyDeal`][dealterms.ThirdPartyDeal], [`Performed`][dealterms.Performed])
        against [`may`][dealterms.Evaluation.may] on their date (prohibitions, missing
        grants); exercises of powers against their conditions. Computed on first access.
        """
        return self._log[0]

    def process(self, clause_id: str) -> FirstRightProcess:
        """Where the first right `clause_id` (ROFR, ROFO or ROFN) stands on `as_of`.

        Raises:
            UnknownReferenceError: if the deal has no first right with that id.
        """
        processes = self._log[1]
        if clause_id not in processes:
            raise UnknownReferenceError(
                f"no first right {clause_id!r} in deal {self.deal.id!r}; first rights: "
                f"{', '.join(sorted(processes)) or 'none'}",
                expected="the id of a ROFR, ROFO or ROFN clause",
                got=clause_id,
            )
        return processes[clause_id]

    @property
    def processes(self) -> tuple[FirstRightProcess, ...]:
        """Every first right's process on `as_of`, by clause id."""
        return tuple(self._log[1][k] for k in sorted(self._log[1]))

    def explain(self, entitlement: Entitlement | None = None) -> Explanation:
        """The explanation tree of one entitlement, or of the whole evaluation.

        Built on demand (evaluation itself does not pay for it).

        Raises:
            UnknownReferenceError: for an entitlement from another evaluation.
        """
        compiled = self.deal._compiled
        targets = self.entitlements if entitlement is None else (entitlement,)
        if entitlement is not None and entitlement not in self.entitlements:
            raise UnknownReferenceError(
                "that entitlement is not one of this evaluation's",
                expected="an entitlement from this evaluation's entitlements",
                got=entitlement,
            )
        children = []
        for e in targets:
            idx = self.entitlements.index(e)
            children.append(explain_entitlement(e, compiled.slots[idx], self.deal, self.state))
        if entitlement is not None:
            return children[0]
        return Explanation(text=f"{self.deal.name} as of {self.as_of}", children=tuple(children))

    # -- views for people, notebooks and tables --------------------------------------

    def describe(self, entitlement: Entitlement | None = None) -> str:
        """The evaluation, or why one entitlement has its status, in plain English.

        Without an argument: a heading, then one sentence per entitlement under
        *In force*, *Contingent* and *Not in force*, each citing its clause and origin.
        With an entitlement: a paragraph saying its status, the clause's source and
        days, each condition it needs with its value (yes, no, not known) and the facts
        read.

        Raises:
            UnknownReferenceError: if `entitlement` is not one of this evaluation's.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
            >>> print(ev.describe().splitlines()[0])
            Microsoft–OpenAI partnership as of 2025-06-01
        """
        from dealterms._english import evaluation_text, explanation_text  # noqa: PLC0415

        return evaluation_text(self) if entitlement is None else explanation_text(self, entitlement)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per entitlement, in the evaluation's order, for DataFrames.

        Keys: `as_of` (ISO date), `clause`, `kind`, `amendment`, `relation`,
        `correlative`, `holder`, `counterparty`, `action`, `conduct`, `status`
        (`"in_force"`, `"contingent"`, `"not_in_force"`), `reason` (the
        [`Reason`][dealterms.Reason] code, or `None`), `missing` (a list of fact names),
        `because` and `text`.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
            >>> row = next(r for r in ev.to_records() if r["status"] == "contingent")
            >>> row["clause"], ", ".join(row["missing"])
            ('agi-clause', 'openai.cumulative_profit')
        """
        from dealterms._frames import evaluation_records  # noqa: PLC0415 - import cycle

        return evaluation_records(self)

    def to_frame(self) -> pd.DataFrame:
        """[`to_records`][dealterms.Evaluation.to_records] as a pandas DataFrame.

        Raises:
            MissingDependencyError: if pandas is not installed (`dealterms[pandas]`).
        """
        from dealterms._frames import EVALUATION_COLUMNS, to_frame  # noqa: PLC0415

        return to_frame(self.to_records(), columns=EVALUATION_COLUMNS, feature="to_frame")

    def _repr_html_(self) -> str:
        from dealterms._html import evaluation_html  # noqa: PLC0415 - import cycle

        return evaluation_html(self)

    def __repr__(self) -> str:
        from dealterms._english import evaluation_repr  # noqa: PLC0415 - import cycle

        return evaluation_repr(self)


def _missing(ents: tuple[Entitlement, ...]) -> tuple[str, ...]:
    names: set[str] = set()
    for e in ents:
        if isinstance(e.status, Contingent):
            names.update(e.status.missing)
    return tuple(sorted(names))
