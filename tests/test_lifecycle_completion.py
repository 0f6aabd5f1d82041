"""When the contract succeeds: the `CompletionPolicy` readings (issue 8 follow-up).

A deal whose term runs two years, with a set-up fee owed at the start and a payment
created only when an invoice is issued: paying the set-up fee must not end the contract
while the invoice can still come (`"nothing_creatable"`, `Lifecycle.from_deal`), though it
does under Symboleo's rule (`"nothing_pending"`, public case #25).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from dealterms import (
    ContractState,
    Deadline,
    Deal,
    Event,
    Lifecycle,
    LifecycleEvent,
    Money,
    Obligation,
    ObligationState,
    Party,
    Power,
    Term,
)
from dealterms.exceptions import InvalidTransitionError, InvalidValueError

START = date(2025, 1, 1)


def owed(id: str, **kw: object) -> Obligation:
    fields: dict[str, object] = {
        "id": id,
        "obligor": "client",
        "obligee": "vendor",
        "owed": Money.parse("100 USD"),
        "deadline": Deadline(days=30),
    }
    fields.update(kw)
    return Obligation(**fields)  # type: ignore[arg-type]


def deal(*extra: Obligation | Power) -> Deal:
    return Deal(
        id="services",
        name="Services",
        parties=(Party(id="client", name="C"), Party(id="vendor", name="V")),
        term=Term(effective_date=START, expiry="2027-01-01", expiry_inclusive=False),
        clauses=(owed("setup-fee"), owed("invoice-payment", created_by="invoice-issued"), *extra),
    )


PAID = LifecycleEvent(date="2025-01-10", action="fulfil", target="setup-fee")


def test_from_deal_reads_the_term() -> None:
    lc = Lifecycle.from_deal(deal())
    assert (lc.start, lc.end, lc.completion) == (START, date(2027, 1, 1), "nothing_creatable")


def test_an_obligation_an_invoice_can_still_create_keeps_the_contract_in_effect() -> None:
    lc = Lifecycle.from_deal(deal())
    snap = lc.replay([PAID], as_of="2026-06-30")
    assert snap.contract.state is ContractState.IN_EFFECT
    assert snap.state("invoice-payment") is None


def test_symboleos_reading_succeeds_once_nothing_is_pending() -> None:
    lc = attrs.evolve(Lifecycle.from_deal(deal()), completion="nothing_pending")
    snap = lc.replay([PAID], as_of="2025-01-10")
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.contract.since == date(2025, 1, 10)
    assert Lifecycle(clauses=lc.clauses, start=START).completion == "nothing_pending"


def test_the_contract_succeeds_when_the_last_creatable_obligation_is_fulfilled() -> None:
    lc = Lifecycle.from_deal(deal())
    log = [
        PAID,
        Event(name="invoice-issued", date="2025-09-01"),
        LifecycleEvent(date="2025-09-20", action="fulfil", target="invoice-payment"),
    ]
    assert lc.replay(log, as_of="2025-09-19").contract.state is ContractState.IN_EFFECT
    done = lc.replay(log, as_of="2025-09-20").contract
    assert done.state is ContractState.SUCCESSFULLY_TERMINATED
    assert done.since == date(2025, 9, 20)
    assert done.because.endswith("no obligation can still be created")


def test_at_the_terms_end_uncreated_obligations_are_discharged_and_the_contract_succeeds() -> None:
    lc = Lifecycle.from_deal(deal())
    assert lc.replay([PAID], as_of="2026-12-31").contract.state is ContractState.IN_EFFECT
    snap = lc.replay([PAID], as_of="2027-01-01")
    assert snap.state("invoice-payment") is ObligationState.DISCHARGED
    assert snap.status("invoice-payment").because == (
        "discharged on 2027-01-01: the term ended before it was created "
        "(it waits for 'invoice-issued')"
    )
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.contract.because.endswith("the term ended on 2027-01-01")
    late = Event(name="invoice-issued", date="2027-01-02")
    with pytest.raises(InvalidTransitionError, match="the contract is successfully terminated"):
        lc.replay([PAID, late], as_of="2027-01-02")


def test_obligations_created_before_the_terms_end_run_their_course() -> None:
    lc = Lifecycle.from_deal(deal(owed("renewal-fee", created_by="renewal-invoiced")))
    log = [PAID, Event(name="invoice-issued", date="2026-12-20")]
    snap = lc.replay(log, as_of="2027-01-01")
    assert snap.state("invoice-payment") is ObligationState.IN_EFFECT  # due 2027-01-19
    assert snap.state("renewal-fee") is ObligationState.DISCHARGED
    assert snap.contract.state is ContractState.IN_EFFECT
    late = Event(name="renewal-invoiced", date="2027-01-02")
    with pytest.raises(InvalidTransitionError, match="renewal-fee was discharged when the term"):
        lc.replay([*log, late], as_of="2027-01-02")
    paid = LifecycleEvent(date="2027-01-15", action="fulfil", target="invoice-payment")
    done = lc.replay([*log, paid], as_of="2027-01-15").contract
    assert done.state is ContractState.SUCCESSFULLY_TERMINATED


def test_a_term_end_with_nothing_fulfilled_still_ends_the_contract() -> None:
    snap = Lifecycle.from_deal(deal()).replay(
        [LifecycleEvent(date="2025-01-05", action="discharge", target="setup-fee")],
        as_of="2027-01-01",
    )
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_a_remedy_whose_trigger_can_no_longer_happen_does_not_hold_the_contract() -> None:
    # late-fee arises only if the set-up fee is violated; once it is paid, it never can
    lc = Lifecycle.from_deal(deal(owed("late-fee", created_by="setup-fee.violated")))
    log = [
        PAID,
        Event(name="invoice-issued", date="2025-02-01"),
        LifecycleEvent(date="2025-02-02", action="fulfil", target="invoice-payment"),
    ]
    snap = lc.replay(log, as_of="2025-02-02")
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.state("late-fee") is None


def test_a_chain_through_an_uncreated_clause_keeps_the_contract_in_effect() -> None:
    # follow-up waits for the invoice payment's fulfilment, which waits for the invoice
    lc = Lifecycle.from_deal(deal(owed("follow-up", created_by="invoice-payment.fulfilled")))
    paid = lc.replay(
        [
            PAID,
            Event(name="invoice-issued", date="2025-02-01"),
            LifecycleEvent(date="2025-02-02", action="fulfil", target="invoice-payment"),
        ],
        as_of="2025-02-02",
    )
    assert paid.state("follow-up") is ObligationState.IN_EFFECT
    assert paid.contract.state is ContractState.IN_EFFECT
    assert lc.replay([PAID], as_of="2025-03-01").contract.state is ContractState.IN_EFFECT


def test_a_closed_creation_window_no_longer_holds_the_contract() -> None:
    window = owed("bonus", created_by="target-met", created_by_deadline=Deadline(days=5))
    lc = Lifecycle.from_deal(deal(window))
    log = [
        Event(name="invoice-issued", date="2025-01-02"),
        LifecycleEvent(date="2025-01-03", action="fulfil", target="invoice-payment"),
        PAID,  # 2025-01-10: bonus's window (through 2025-01-06) has closed
    ]
    assert lc.replay(log, as_of="2025-01-03").contract.state is ContractState.IN_EFFECT
    assert lc.replay(log, as_of="2025-01-10").contract.state is (
        ContractState.SUCCESSFULLY_TERMINATED
    )


def test_an_open_ended_term_waits_while_an_obligation_can_be_created() -> None:
    open_ended = attrs.evolve(deal(), term=Term(effective_date=START))
    lc = Lifecycle.from_deal(open_ended)
    assert lc.end is None
    assert lc.replay([PAID], as_of="2040-01-01").contract.state is ContractState.IN_EFFECT


def test_bad_policy_and_end_name_the_field() -> None:
    with pytest.raises(InvalidValueError) as e:
        Lifecycle(clauses=(), completion="eventually")
    assert e.value.path == "$.completion"
    with pytest.raises(InvalidValueError) as e:
        Lifecycle(clauses=(), start=START, end=START)
    assert e.value.path == "$.end"


def test_a_power_that_can_still_create_an_obligation_keeps_the_contract_in_effect() -> None:
    option = Power(
        id="order-more",
        holder="client",
        counterparty="vendor",
        effect="create_obligation",
        target="extra-order",
    )
    with_option = Lifecycle.from_deal(
        deal(owed("extra-order", created_by="order-more.exerted"), option)
    )
    log = [
        PAID,
        Event(name="invoice-issued", date="2025-02-01"),
        LifecycleEvent(date="2025-02-02", action="fulfil", target="invoice-payment"),
    ]
    assert with_option.replay(log, as_of="2025-02-02").contract.state is ContractState.IN_EFFECT
    expired = [*log, LifecycleEvent(date="2025-02-03", action="expire", target="order-more")]
    done = with_option.replay(expired, as_of="2025-02-03").contract
    assert done.state is ContractState.SUCCESSFULLY_TERMINATED
