"""Public cases from the Accord Project's payment templates (public.md #16, #18, #20).

Sources: `full-payment-upon-demand`, `payment-upon-signature`, `full-payment-upon-signature`,
`one-time-payment-tr` (#16), `payment-upon-iot` (#18), `lateinvoicewithpayment` (#20).

The templates' contract statuses map onto the lifecycle: INITIALIZED is a contract in
effect whose payment obligation is not created yet; OBLIGATION_EMITTED is the obligation
in effect; COMPLETED is the obligation fulfilled and the contract successfully terminated.
A request the template rejects is an `InvalidTransitionError` naming the event.
Instants are days (the templates' times of day do not change any answer).
"""

from __future__ import annotations

from datetime import date

import pytest

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
)
from dealterms.exceptions import InvalidTransitionError

D = date(2019, 3, 1)


def payment(owed: str, created_by: str | None, obligor: str, obligee: str) -> Lifecycle:
    return Lifecycle(
        start=D,
        clauses=(
            Obligation(
                id="payment",
                obligor=obligor,
                obligee=obligee,
                owed=Money.parse(owed),
                created_by=created_by,
            ),
        ),
    )


def paid(day: date) -> LifecycleEvent:
    return LifecycleEvent(date=day, action="fulfil", target="payment")


# -- #16 ------------------------------------------------------------------------------

DEMAND = Event(name="payment-demanded", date="2019-03-02")


def test_case_16_pay_on_demand() -> None:
    lc = payment("3.14 EUR", "payment-demanded", "dan", "jerome")
    initialized = lc.replay([], as_of=D)
    assert initialized.contract.state is ContractState.IN_EFFECT
    assert initialized.state("payment") is None
    emitted = lc.replay([DEMAND], as_of="2019-03-02")
    assert emitted.state("payment") is ObligationState.IN_EFFECT
    [duty] = emitted.positions()
    assert (duty.holder, duty.counterparty) == ("jerome", "dan")
    assert "3.14 EUR" in duty.template
    done = lc.replay([DEMAND, paid(date(2019, 3, 3))], as_of="2019-03-03")
    assert done.state("payment") is ObligationState.FULFILLED
    assert done.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_case_16_a_second_demand_is_rejected() -> None:
    lc = payment("3.14 EUR", "payment-demanded", "dan", "jerome")
    again = Event(name="payment-demanded", date="2019-03-05")
    with pytest.raises(InvalidTransitionError, match="a second 'payment-demanded'") as e:
        lc.replay([DEMAND, again], as_of="2019-03-05")
    assert e.value.path == "$.events[1]"
    assert e.value.got == again


def test_case_16_payment_before_the_demand_is_rejected() -> None:
    lc = payment("3.14 EUR", "payment-demanded", "dan", "jerome")
    with pytest.raises(InvalidTransitionError, match="'payment' has not been created"):
        lc.replay([paid(date(2019, 3, 2))], as_of="2019-03-02")


@pytest.mark.parametrize(
    ("owed", "obligor", "obligee"),
    [("50 USD", "dave", "dan"), ("0.01 USD", "dan", "steve")],  # payment-upon-signature, full-
)
def test_case_16_pay_on_signature(owed: str, obligor: str, obligee: str) -> None:
    lc = payment(owed, "contract-signed", obligor, obligee)
    assert lc.replay([], as_of=D).state("payment") is None
    signed = [Event(name="contract-signed", date=D)]
    snap = lc.replay(signed, as_of=D)
    assert snap.state("payment") is ObligationState.IN_EFFECT
    assert snap.positions()[0].template.endswith(f"give {{holder}} {owed}")
    done = lc.replay([*signed, paid(D)], as_of=D)
    assert done.state("payment") is ObligationState.FULFILLED
    assert done.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_case_16_one_time_payment_emitted_at_init() -> None:
    lc = payment("1922.99 TRY", None, "buyer", "seller")
    assert lc.replay([], as_of=D).state("payment") is ObligationState.IN_EFFECT
    done = lc.replay([paid(date(2019, 3, 4))], as_of="2019-03-04")
    assert done.state("payment") is ObligationState.FULFILLED
    assert done.contract.state is ContractState.SUCCESSFULLY_TERMINATED


# -- #20 ------------------------------------------------------------------------------


def late_invoice_bar(invoice_due: str) -> tuple[Lifecycle, list[Event]]:
    """Payment of an invoice, not required when issued more than 180 days after it was due.

    The 180 days count from the day the invoice was due to be issued (an event in the log);
    "more than 180 days" late is barred, so the 180th day is the last one allowed.
    """
    lc = Lifecycle(
        start=date(2017, 1, 1),
        clauses=(
            Obligation(
                id="payment",
                obligor="purchaser",
                obligee="supplier",
                owed=Money.parse("200 USD"),
                created_by="invoice-received",
                created_by_deadline=Deadline(days=180, after="invoice-due"),
            ),
        ),
    )
    return lc, [
        Event(name="invoice-due", date=invoice_due),
        Event(name="invoice-received", date="2019-03-02"),
    ]


def test_case_20a_invoice_13_days_late_requires_payment() -> None:
    lc, log = late_invoice_bar("2019-02-17")
    snap = lc.replay(log, as_of="2019-03-02")
    assert snap.state("payment") is ObligationState.IN_EFFECT  # paymentRequired = true
    assert snap.positions()[0].template.endswith("200 USD")


def test_case_20b_invoice_409_days_late_requires_no_payment() -> None:
    # Logic outcome only (FLAG): paymentRequired = false, no obligation, 409 whole days.
    lc, log = late_invoice_bar("2018-01-17")
    snap = lc.replay(log, as_of="2019-03-02")
    assert snap.state("payment") is ObligationState.DISCHARGED
    assert snap.positions() == ()
    assert "came 409 days after invoice-due (2018-01-17)" in snap.status("payment").because


def test_case_20_the_180th_day_is_still_in_time() -> None:
    lc, _ = late_invoice_bar("2018-09-03")  # 2018-09-03 + 180 days = 2019-03-02
    log = [
        Event(name="invoice-due", date="2018-09-03"),
        Event(name="invoice-received", date="2019-03-02"),
    ]
    assert lc.replay(log, as_of="2019-03-02").state("payment") is ObligationState.IN_EFFECT
    log[0] = Event(name="invoice-due", date="2018-09-02")
    assert lc.replay(log, as_of="2019-03-02").state("payment") is ObligationState.DISCHARGED


# -- #18 ------------------------------------------------------------------------------
# The payment count and the exit after 5 payments, modelled with the runtime: five
# payment obligations in a chain, each created by the previous one's fulfilment. The
# contract is signed (activated) by an event, so before it nothing can be paid. The
# per-press count arithmetic (+1, -1 floored at 0, billing count × 10 USD) is a
# computation, not a lifecycle rule, and is not modelled here.

SIGNED = date(2019, 5, 1)


def per_unit_billing() -> Lifecycle:
    return Lifecycle(
        clauses=tuple(
            Obligation(
                id=f"payment-{n}",
                obligor="dan",
                obligee="grant",
                owed=Money.parse("10 USD"),  # one counted unit
                created_by=None if n == 1 else f"payment-{n - 1}.fulfilled",
            )
            for n in range(1, 6)
        )
    )


def payments(n: int) -> list[LifecycleEvent]:
    signed = LifecycleEvent(date=SIGNED, action="activate")  # ContractSigned
    return [signed] + [
        LifecycleEvent(date=date(2019, 5, 1 + k), action="fulfil", target=f"payment-{k}")
        for k in range(1, n + 1)
    ]


def payment_count(snap: LifecycleSnapshot) -> int:
    return sum(s.state is ObligationState.FULFILLED for s in snap.clauses)


def test_case_18_signing_starts_the_contract() -> None:
    lc = per_unit_billing()
    assert lc.replay([], as_of=SIGNED).contract.state is ContractState.FORM  # INITIALIZED
    running = lc.replay(payments(0), as_of=SIGNED)
    assert running.contract.state is ContractState.IN_EFFECT  # RUNNING
    assert payment_count(running) == 0


def test_case_18_a_payment_counts_and_the_contract_keeps_running() -> None:
    snap = per_unit_billing().replay(payments(1), as_of="2019-05-31")
    assert payment_count(snap) == 1
    assert snap.contract.state is ContractState.IN_EFFECT


def test_case_18_the_fifth_payment_completes_the_contract() -> None:
    lc = per_unit_billing()
    four = lc.replay(payments(4), as_of="2019-05-31")
    assert payment_count(four) == 4
    assert four.contract.state is ContractState.IN_EFFECT
    five = lc.replay(payments(5), as_of="2019-05-31")
    assert payment_count(five) == 5
    assert five.contract.state is ContractState.SUCCESSFULLY_TERMINATED  # COMPLETED
    assert five.contract.since == date(2019, 5, 6)


def test_case_18_nothing_happens_while_the_contract_is_not_running() -> None:
    lc = per_unit_billing()
    early = LifecycleEvent(date=SIGNED, action="fulfil", target="payment-1")
    with pytest.raises(InvalidTransitionError, match="the contract is not yet in effect"):
        lc.replay([early], as_of=SIGNED)
    sixth = LifecycleEvent(date=date(2019, 5, 20), action="fulfil", target="payment-5")
    with pytest.raises(InvalidTransitionError, match="the contract is successfully terminated"):
        lc.replay([*payments(5), sixth], as_of="2019-05-31")
