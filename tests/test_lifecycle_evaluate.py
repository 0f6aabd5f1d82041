"""The evaluator reads obligations and powers through their lifecycle (regressions)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealterms import (
    AddClause,
    Amendment,
    Deadline,
    Deal,
    Deliverable,
    Event,
    InForce,
    Lifecycle,
    LifecycleEvent,
    Money,
    NotInForce,
    Obligation,
    Party,
    Power,
    Scenario,
    State,
    Term,
    evaluate,
    timeline,
)
from dealterms import strategies as dts
from dealterms.cli import main
from dealterms.exceptions import InvalidDealError, UnknownReferenceError


def supply(*extra: Obligation | Power, created_by: str = "q1-payment.violated") -> Deal:
    return Deal(
        id="supply",
        name="Supply",
        parties=(Party(id="supplier", name="S"), Party(id="purchaser", name="P")),
        term=Term(effective_date="2025-01-01", expiry="2026-01-01", expiry_inclusive=False),
        clauses=(
            Obligation(
                id="q1-payment",
                obligor="purchaser",
                obligee="supplier",
                owed=Money.parse("100 USD"),
                created_by="invoice-issued",
                deadline=Deadline(days=30),
            ),
            Power(
                id="end-for-nonpayment",
                holder="supplier",
                counterparty="purchaser",
                effect="terminate_contract",
                created_by=created_by,
            ),
            *extra,
        ),
    )


def statuses(deal: Deal, *events: Event | LifecycleEvent) -> dict[str, str]:
    ev = evaluate(deal, State(as_of="2025-06-01", events=events))
    return {e.clause: e.because for e in ev.entitlements}


INVOICE = Event(name="invoice-issued", date="2025-03-31")


def test_no_events_nothing_created() -> None:
    ev = evaluate(supply(), State(as_of="2025-06-01"))
    assert all(isinstance(e.status, NotInForce) for e in ev.entitlements)
    assert {e.status.reason for e in ev.entitlements} == {"lifecycle"}  # type: ignore[union-attr]
    why = statuses(supply())
    assert "not created" in why["q1-payment"]
    assert "'invoice-issued'" in why["q1-payment"]
    assert "not created" in why["end-for-nonpayment"]


def test_violation_puts_the_power_in_force_and_agrees_with_replay() -> None:
    deal = supply()
    ev = evaluate(deal, State(as_of="2025-06-01", events=[INVOICE]))
    snap = Lifecycle.from_deal(deal).replay([INVOICE], as_of="2025-06-01")
    for e in ev.entitlements:
        in_effect = snap.status(e.clause).state is not None and (
            snap.status(e.clause).state.value == "in_effect"  # type: ignore[union-attr]
        )
        assert isinstance(e.status, InForce) == in_effect
    why = statuses(deal, INVOICE)
    assert "violated since 2025-05-01" in why["q1-payment"]
    assert "q1-payment violated" in why["end-for-nonpayment"]


def test_plain_lifecycle_event_names_are_lifecycle_events() -> None:
    paid = Event(name="q1-payment.fulfilled", date="2025-04-10")
    typed = LifecycleEvent(date="2025-04-10", action="fulfil", target="q1-payment")
    lc = Lifecycle.from_deal(supply())
    assert lc.replay([INVOICE, paid], as_of="2025-06-01") == lc.replay(
        [INVOICE, typed], as_of="2025-06-01"
    )
    assert "fulfilled since 2025-04-10" in statuses(supply(), INVOICE, paid)["q1-payment"]


def test_in_force_while_in_effect() -> None:
    ev = evaluate(supply(), State(as_of="2025-04-05", events=[INVOICE]))
    (pay,) = ev.for_clause("q1-payment")
    assert isinstance(pay.status, InForce)
    assert ev.may("purchaser", "q1-payment").because == (pay,)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("q1-paymnt.violated", "$.clauses['end-for-nonpayment'].created_by"),
        ("q1-payment.paid", "$.clauses['end-for-nonpayment'].created_by"),
    ],
)
def test_typo_references_are_refused(name: str, path: str) -> None:
    with pytest.raises(InvalidDealError) as info:
        supply(created_by=name)
    assert [e.path for e in info.value.exceptions] == [path]  # type: ignore[attr-defined]


def test_power_without_target_is_refused() -> None:
    bad = Power(
        id="pause", holder="supplier", counterparty="purchaser", effect="suspend_obligation"
    )
    with pytest.raises(InvalidDealError) as info:
        supply(bad)
    paths = [e.path for e in info.value.exceptions]  # type: ignore[attr-defined]
    assert paths == ["$.clauses['pause'].target"]


def test_cli_accepts_the_contracts_own_events(tmp_path: object, capsys: object) -> None:
    from dealterms.io import dump

    path = f"{tmp_path}/supply.toml"
    dump(supply(), path)
    main(["evaluate", "--deal", path, "--as-of", "2025-06-01", "--event",
          "invoice-issued@2025-03-31"])  # fmt: skip
    assert date(2025, 6, 1)


# -- the timeline law with obligations, powers and their events ---------------------------


@st.composite
def deals_with_a_lifecycle(draw: st.DrawFn) -> Deal:
    d = draw(dts.deals(min_clauses=1, max_clauses=2))
    first, second = (p.id for p in d.parties[:2])
    chain = supply().clauses
    clauses = [
        attrs.evolve(chain[0], obligor=first, obligee=second),
        attrs.evolve(chain[1], holder=second, counterparty=first),
    ]
    return attrs.evolve(d, clauses=(*d.clauses, *clauses))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=deals_with_a_lifecycle(), data=st.data())
def test_timeline_equals_day_by_day_with_lifecycle_events(d: Deal, data: st.DataObject) -> None:
    # dts.states draws the deal's own events: the invoice and the lifecycle's words.
    state = data.draw(dts.states(d), label="state")
    scenario = Scenario(id="s", deal=d, facts=state.facts, events=state.events, series=state.series)
    start = d.term.effective_date - timedelta(days=data.draw(st.integers(0, 10)))
    end = start + timedelta(days=data.draw(st.integers(0, 500)))
    t = timeline(scenario, start, end)
    day = start
    while day <= end:
        assert t.at(day).entitlements == scenario.evaluate(day).entitlements, day
        day += timedelta(days=1)


def test_must_follows_the_duty_through_its_lifecycle() -> None:
    d = supply()

    def must(*events: Event) -> tuple[str, str | None]:
        answer = evaluate(d, State(as_of="2025-04-15", events=events)).must(
            "purchaser", "q1-payment"
        )
        return answer.value, getattr(answer, "reason", None)

    assert must() == ("no", None)  # not created yet: the duty is listed, not in force
    assert must(INVOICE) == ("yes", None)
    paid = Event(name="q1-payment.fulfilled", date="2025-04-10")
    assert must(INVOICE, paid) == ("no", None)
    other = evaluate(d, State(as_of="2025-04-15", events=[INVOICE])).must("supplier", "q1-payment")
    assert other.value == "no"
    assert other.reason == "no clause obliges supplier to q1-payment"


def test_must_names_unknown_parties_and_actions() -> None:
    ev = evaluate(supply(), State(as_of="2025-04-15"))
    with pytest.raises(UnknownReferenceError):
        ev.must("nobody", "q1-payment")
    with pytest.raises(UnknownReferenceError):
        ev.must("purchaser", "no-such-action")


def test_an_obligation_added_by_an_amendment_follows_its_lifecycle_too() -> None:
    base = supply()
    later = Obligation(
        id="q2-payment",
        obligor="purchaser",
        obligee="supplier",
        owed=Money.parse("50 USD"),
        created_by="q2-invoice",
    )
    amended = attrs.evolve(
        base,
        amendments=(
            Amendment(id="q2", effective_date="2025-04-01", changes=(AddClause(clause=later),)),
        ),
    )

    def q2(*events: Event) -> str:
        ev = evaluate(amended, State(as_of="2025-06-01", events=events))
        [duty] = ev.for_clause("q2-payment")
        return duty.because

    assert q2() == "obligation q2-payment is not created (it waits for 'q2-invoice')"
    assert q2(Event(name="q2-invoice", date="2025-05-01")).startswith(
        "obligation q2-payment is in effect"
    )


def test_an_amendment_adding_an_obligation_due_from_its_start_does_not_replay_it_early() -> None:
    # The replay has one start (the term's): an obligation an amendment adds without a
    # creating event would be created then, and violated before it existed. It is read by
    # its term and conditions instead, and leaves the others' lifecycle alone.
    report = Obligation(
        id="report",
        obligor="supplier",
        obligee="purchaser",
        owed=Deliverable(description="a usage report"),
        deadline=Deadline(days=30),
    )
    amended = attrs.evolve(
        supply(),
        amendments=(
            Amendment(id="am", effective_date="2025-06-01", changes=(AddClause(clause=report),)),
        ),
    )
    ev = evaluate(amended, State(as_of="2025-04-10", events=[INVOICE]))
    [pay] = ev.for_clause("q1-payment")
    assert pay.in_force
    [early] = ev.for_clause("report")
    assert early.status.name == "not_in_force"
    [later] = evaluate(amended, State(as_of="2025-06-02")).for_clause("report")
    assert later.in_force


def test_a_deal_the_lifecycle_refuses_is_refused_when_built_naming_the_clause() -> None:
    with pytest.raises(InvalidDealError) as e:
        supply(
            Power(
                id="make-it",
                holder="supplier",
                counterparty="purchaser",
                effect="create_obligation",
                target="q1-payment",
            )
        )
    [problem] = e.value.exceptions
    assert problem.path == "$.clauses['make-it'].target"
    assert "needs created_by='make-it.exerted'" in problem.message


def test_cli_suggests_the_event_meant_and_keeps_the_list_short(capsys: object) -> None:
    code = main(
        ["evaluate", "--example", "meat-sale", "--as-of", "2022-10-29", "--event",
         "payment.violatd@2022-10-29"]
    )  # fmt: skip
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert code == 2
    assert "did you mean 'payment.violated'?" in err
    assert "… and 48 more" in err
    assert len(err.splitlines()) == 1
