"""Laws of the lifecycle runtime (public case #25), checked on random event logs.

Each log is drawn from the meat-sale contract's clauses (#21-#23) with random transitions
on random days, keeping only the events the rules allow (so every drawn log replays).
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    ContractState,
    Deadline,
    Event,
    Lifecycle,
    LifecycleEvent,
    LifecycleSnapshot,
    Money,
    Obligation,
    ObligationState,
    PowerState,
)
from dealterms.exceptions import DealtermsError, InvalidTransitionError, InvalidValueError
from test_cases_symboleo import EFF, meat_sale

LC = meat_sale()
TARGETS = [None, *(c.id for c in LC.clauses)]
ACTIONS = ["trigger", "activate", "suspend", "resume", "fulfil", "violate", "expire", "exert",
           "discharge", "terminate", "rescind"]  # fmt: skip
END = EFF + timedelta(days=10)

events = st.builds(
    LifecycleEvent,
    date=st.integers(0, 9).map(lambda n: EFF + timedelta(days=n)),
    action=st.sampled_from(ACTIONS),
    target=st.sampled_from(TARGETS),
)


@st.composite
def logs(draw: st.DrawFn, prefix: tuple[LifecycleEvent, ...] = ()) -> list[LifecycleEvent]:
    """A log the rules accept: each drawn event is kept only if the replay allows it."""
    log: list[LifecycleEvent] = list(prefix)
    for candidate in draw(st.lists(events, max_size=12)):
        try:
            LC.replay([*log, candidate], as_of=END)
        except InvalidTransitionError:
            continue
        log.append(candidate)
    return log


def replay(log: list[LifecycleEvent], as_of: date = END) -> LifecycleSnapshot:
    return LC.replay(log, as_of=as_of)


PENDING = {ObligationState.CREATED, ObligationState.IN_EFFECT, ObligationState.SUSPENDED}
FINAL_OBLIGATION = {
    ObligationState.FULFILLED,
    ObligationState.VIOLATED,
    ObligationState.DISCHARGED,
    ObligationState.TERMINATED,
}


@given(logs())
def test_an_obligation_never_leaves_a_final_state(log: list[LifecycleEvent]) -> None:
    snap = replay(log)
    for subject in TARGETS[1:]:
        assert subject is not None
        steps = [s for s in snap.steps if s.subject == subject]
        for before, after in itertools.pairwise(steps):
            assert before.state not in FINAL_OBLIGATION | {
                PowerState.EXERTED,
                PowerState.EXPIRED,
                PowerState.TERMINATED,
            }, (before, after)
    contract = [s for s in snap.steps if s.subject == "contract"]
    assert sum(s.state in {ContractState.SUCCESSFULLY_TERMINATED,
                           ContractState.UNSUCCESSFULLY_TERMINATED,
                           ContractState.RESCINDED} for s in contract) <= 1  # fmt: skip


@given(logs())
def test_violated_and_fulfilled_are_exclusive(log: list[LifecycleEvent]) -> None:
    snap = replay(log)
    for subject in TARGETS[1:]:
        reached = {s.state for s in snap.steps if s.subject == subject}
        assert not {ObligationState.VIOLATED, ObligationState.FULFILLED} <= reached


# The payment is violated on 2022-10-29 (its deadline passed), so this exercise is allowed.
SUSPEND = LifecycleEvent(date=EFF + timedelta(days=1), action="exert", target="suspend-delivery")


@given(logs(prefix=(SUSPEND,)), st.integers(0, 9))
def test_a_power_exercised_once_cannot_be_exercised_again(
    log: list[LifecycleEvent], later: int
) -> None:
    snap = replay(log)
    exerted = [s for s in snap.steps if s.state is PowerState.EXERTED]
    assert exerted  # at least suspend-delivery
    for first in exerted:
        again = LifecycleEvent(
            date=min(first.date + timedelta(days=later), END),
            action="exert",
            target=first.subject,
        )
        with pytest.raises(InvalidTransitionError, match=f"exert {first.subject}"):
            LC.replay([*log, again], as_of=END)


@given(logs(), st.randoms(use_true_random=False))
def test_replay_is_deterministic_and_independent_of_log_order(
    log: list[LifecycleEvent], rnd: random.Random
) -> None:
    shuffled = list(log)
    rnd.shuffle(shuffled)
    outcomes = []
    for attempt in (log, list(log), shuffled):
        try:
            outcomes.append(LC.replay(attempt, as_of=END))
        except InvalidTransitionError as e:
            outcomes.append(str(e).split(" @ ")[0])  # the same event named, whatever its place
    assert outcomes[0] == outcomes[1] == outcomes[2]


@given(logs())
def test_success_only_when_no_obligation_is_in_effect(log: list[LifecycleEvent]) -> None:
    snap = replay(log)
    if snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED:
        assert all(
            s.state
            not in {
                ObligationState.CREATED,
                ObligationState.IN_EFFECT,
                ObligationState.SUSPENDED,
            }
            for s in snap.clauses
        )
        assert any(s.state is ObligationState.FULFILLED for s in snap.clauses)


@given(logs(), st.integers(0, 12))
def test_an_earlier_snapshot_is_a_prefix_of_a_later_one(log: list[LifecycleEvent], n: int) -> None:
    later = replay(log)
    day = EFF + timedelta(days=n)
    earlier = LC.replay(log, as_of=day)
    assert earlier.steps == tuple(s for s in later.steps if s.date <= day)[: len(earlier.steps)]


# -- bad input ------------------------------------------------------------------------


def test_bad_log_items_and_dates_are_project_errors() -> None:
    with pytest.raises(InvalidValueError, match=r"expected Event \| LifecycleEvent") as e:
        LC.replay(["fulfil payment"], as_of=EFF)  # type: ignore[list-item]
    assert e.value.path == "$.events[0]"
    with pytest.raises(InvalidValueError, match="action must be one of"):
        LifecycleEvent(date=EFF, action="pay", target="payment")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError) as d:
        LifecycleEvent(date="28/10/2022", action="fulfil")
    assert d.value.path == "$.date"
    with pytest.raises(InvalidValueError):
        LC.replay([], as_of="tomorrow")


def test_unknown_targets_and_lifecycle_names_are_refused() -> None:
    with pytest.raises(InvalidTransitionError, match="no obligation or power 'refund'"):
        LC.replay([LifecycleEvent(date=EFF, action="fulfil", target="refund")], as_of=EFF)
    # A plain event "<id>.<word>" is that clause's lifecycle event (one vocabulary).
    plain = LC.replay([Event(name="payment.violated", date=EFF)], as_of=EFF)
    typed = LC.replay([LifecycleEvent(date=EFF, action="violate", target="payment")], as_of=EFF)
    assert plain.lines() == typed.lines()
    with pytest.raises(InvalidTransitionError, match="'exert' does not apply to obligation"):
        LC.replay([LifecycleEvent(date=EFF, action="exert", target="payment")], as_of=EFF)
    with pytest.raises(InvalidTransitionError, match="'fulfil' applies to an obligation"):
        LC.replay([LifecycleEvent(date=EFF, action="fulfil")], as_of=EFF)
    with pytest.raises(DealtermsError, match="no obligation or power 'nope'"):
        LC.replay([], as_of=EFF).status("nope")


def obligation(**kw: object) -> Obligation:
    fields: dict[str, object] = {"id": "x", "obligor": "a", "obligee": "b"}
    fields["owed"] = Money.parse("1 USD")
    fields.update(kw)
    return Obligation(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"owed": "3 USD"}, "$.owed", "owed must be Money or a Deliverable"),
        ({"owed": Money.parse("0 USD")}, "$.owed", "must be > 0"),
        ({"deadline": 3}, "$.deadline", "expected a Deadline"),
        ({"created_by": ""}, "$.created_by", "non-empty"),
        ({"created_by_deadline": "P3D"}, "$.created_by_deadline", "expected a Deadline"),
    ],
)
def test_bad_obligation_fields(fields: dict[str, object], path: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message) as e:
        obligation(**fields)
    assert e.value.path == path


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({}, "$.on", "exactly one of on"),
        ({"on": "2024-01-01", "days": 3}, "$.on", "exactly one of on"),
        ({"on": "2024-01-01", "after": "x"}, "$.after", "only makes sense with days"),
        ({"days": -1}, "$.days", "whole number of days"),
        ({"days": True}, "$.days", "whole number of days"),
        ({"days": 1, "inclusive": "yes"}, "$.inclusive", "true or false"),
    ],
)
def test_bad_deadlines(fields: dict[str, object], path: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message) as e:
        Deadline(**fields)  # type: ignore[arg-type]
    assert e.value.path == path


def test_cross_field_problems_are_reported_by_the_clause_and_raised_by_the_lifecycle() -> None:
    same = obligation(obligee="a")
    assert [p.path for p in same.problems()] == ["$.obligee"]
    with pytest.raises(InvalidValueError) as e:
        Lifecycle(clauses=(same,))
    assert e.value.path == "$.clauses[0].obligee"
    itself = obligation(created_by="x.violated")
    assert "its own event" in itself.problems()[0].message


def test_bad_powers_and_references() -> None:
    from dealterms import Power

    with pytest.raises(InvalidValueError, match="effect must be one of"):
        Power(id="p", holder="a", counterparty="b", effect="cancel")  # type: ignore[arg-type]
    no_target = Power(id="p", holder="a", counterparty="b", effect="suspend_obligation")
    assert "needs a target" in no_target.problems()[0].message
    extra = Power(id="p", holder="a", counterparty="b", effect="terminate_contract", target="x")
    assert "takes no target" in extra.problems()[0].message
    dangling = Power(id="p", holder="a", counterparty="b", effect="suspend_obligation", target="y")
    with pytest.raises(InvalidValueError, match="'y', which is not an obligation here"):
        Lifecycle(clauses=(obligation(), dangling))
    creates = Power(id="p", holder="a", counterparty="b", effect="create_obligation", target="x")
    with pytest.raises(InvalidValueError, match=r"needs created_by='p\.exerted'"):
        Lifecycle(clauses=(obligation(), creates))
    with pytest.raises(InvalidValueError, match="two clauses have the id 'x'"):
        Lifecycle(clauses=(obligation(), obligation()))
    with pytest.raises(InvalidValueError, match="constraint_policy must be one of"):
        Lifecycle(clauses=(), constraint_policy="warn")  # type: ignore[arg-type]


def test_replay_does_not_mutate_its_inputs() -> None:
    log = [LifecycleEvent(date=EFF, action="fulfil", target="payment")]
    before = list(log)
    LC.replay(log, as_of=END)
    assert log == before
    assert meat_sale() == LC


@given(logs())
def test_the_resume_power_arises_only_while_delivery_is_suspended(
    log: list[LifecycleEvent],
) -> None:
    """Case #23a's guard: when resume-delivery is created by its event, delivery is
    suspended (an explicit `trigger` in the log records a creation and is not guarded)."""
    if any(e.action == "trigger" and e.target == "resume-delivery" for e in log):
        return
    steps = replay(log).steps
    for i, step in enumerate(steps):
        if step.subject == "resume-delivery" and step.state is PowerState.CREATED:
            delivery = [s.state for s in steps[:i] if s.subject == "delivery"]
            assert delivery[-1] is ObligationState.SUSPENDED
