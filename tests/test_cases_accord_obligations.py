"""Public cases from the Accord Project's payment templates (public.md #16, #18, #20).

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
