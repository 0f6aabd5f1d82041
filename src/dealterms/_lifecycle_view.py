"""The evaluator's reading of obligations and powers: their lifecycle, replayed from the state.

An [`Obligation`][dealterms.Obligation] or [`Power`][dealterms.Power] position is in force
exactly while the clause is in force (term, amendments, conditions) *and* its lifecycle says
it is in effect. The state's events are the log: a plain event `"<id>.<word>"` naming an
obligation or power of the deal is that clause's lifecycle event (`"q1-payment.fulfilled"`
is `LifecycleEvent(action="fulfil", target="q1-payment")`); other plain events are business
events (`"invoice-issued"`); typed events such as a `LifecycleEvent` are read as they are.
Unlike [`Lifecycle.replay`][dealterms.Lifecycle.replay], an event the rules do not allow on
its date is skipped rather than refused (the evaluator reads any state).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import attrs

from dealterms._entitlement import Entitlement, InForce, NotInForce
from dealterms._lifecycle import LifecycleEvent, LifecycleSnapshot, LogEntry, replayed
from dealterms._state import Event

if TYPE_CHECKING:
    from dealterms._deal import Deal
    from dealterms._state import State


def has_lifecycle(deal: Deal) -> bool:
    """Whether the deal has an obligation or a power (otherwise nothing is replayed)."""
    return any(replayed(v) for v in deal.history)


def _log(state: State) -> list[LogEntry]:
    return [e for e in state.events if isinstance(e, Event | LifecycleEvent)]


def snapshot(deal: Deal, state: State, as_of: date | None = None) -> LifecycleSnapshot:
    """The deal's lifecycle on `as_of` (default `state.as_of`), from the state's events."""
    day = state.as_of if as_of is None else as_of
    return deal._lifecycle._replay(_log(state), day, strict=False)


def change_days(deal: Deal, state: State) -> set[date]:
    """The days the lifecycle changes, up to `state.as_of` (each step's date)."""
    if not has_lifecycle(deal):
        return set()
    return {s.date for s in snapshot(deal, state).steps}


def with_lifecycle(
    deal: Deal, state: State, ents: tuple[Entitlement, ...]
) -> tuple[Entitlement, ...]:
    """`ents`, with each obligation or power position read through the lifecycle."""
    if not has_lifecycle(deal):
        return ents
    snap = snapshot(deal, state)
    ids = {s.subject for s in snap.clauses}
    out = []
    for e in ents:
        if e.clause not in ids or isinstance(e.status, NotInForce):
            out.append(e)
            continue
        s = snap.status(e.clause)
        if s.state is not None and s.state.value == "in_effect":
            because = f"{e.kind} {e.clause} is in effect: {s.because}"
            out.append(attrs.evolve(e, because=because) if isinstance(e.status, InForce) else e)
            continue
        if s.state is None:
            detail = f"{e.kind} {e.clause} is {s.because}"
        else:
            words = s.state.value.replace("_", " ")
            if words == "created":
                words = "created, not yet in effect"
            since = "" if s.since is None else f" since {s.since.isoformat()}"
            detail = f"{e.kind} {e.clause} is {words}{since}: {s.because}"
        status = NotInForce(reason="lifecycle", detail=detail)
        out.append(attrs.evolve(e, status=status, because=detail))
    return tuple(out)
