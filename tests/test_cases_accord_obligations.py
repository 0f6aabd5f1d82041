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
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    ContractState,
    Deadline,
    Deal,
    Event,
    Lifecycle,
    LifecycleEvent,
    LifecycleSnapshot,
    Money,
    Obligation,
    ObligationState,
    Party,
    PaymentDue,
    State,
    Term,
    UsageBilling,
    UsageEvent,
    evaluate,
)
from dealterms.exceptions import CurrencyMismatchError, InvalidTransitionError, InvalidValueError

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
# per-press count arithmetic is UsageBilling's (below): short press = "unit", double
# press = "correction", long press = "bill", ContractSigned = "signed".

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


# -- #18 as a clause: UsageBilling ------------------------------------------------------


def iot() -> UsageBilling:
    return UsageBilling(
        id="payment-upon-iot", payer="dan", payee="grant", unit_price="10 USD", max_payments=5
    )


SIGN = UsageEvent(kind="signed")
UNIT = UsageEvent(kind="unit")
CORRECTION = UsageEvent(kind="correction")
BILL = UsageEvent(kind="bill")


def pay(amount: str) -> UsageEvent:
    return UsageEvent(kind="payment", amount=f"{amount} USD")


def test_case_18_signed_the_contract_runs_with_count_0() -> None:
    before = iot().state([])
    assert (before.status, before.count, before.payments) == ("initialized", 0, 0)
    assert before.contract_state is ContractState.FORM
    after = iot().state([SIGN])
    assert (after.status, after.count, after.payments) == ("running", 0, 0)
    assert after.contract_state is ContractState.IN_EFFECT


def test_case_18_presses_count_and_correct_floored_at_0() -> None:
    assert iot().state([SIGN, UNIT]).count == 1
    assert iot().state([SIGN, UNIT, UNIT, UNIT, CORRECTION]).count == 2  # 3 - 1
    assert iot().state([SIGN, CORRECTION]).count == 0  # floored


def test_case_18_long_press_bills_the_count_and_keeps_it() -> None:
    billed = iot().state([SIGN, UNIT, BILL])
    assert billed.obligation == PaymentDue(
        payer="dan", payee="grant", amount=Money.parse("10.0 USD")
    )
    assert billed.count == 1
    assert billed.because == "billed 1 × 10 USD = 10 USD"
    assert iot().state([SIGN, BILL]).obligation is None  # nothing counted, nothing owed
    # The bill is an obligation the lifecycle can track.
    assert billed.obligation is not None
    owed = billed.obligation.to_obligation(id="iot-payment")
    lc = Lifecycle(start=SIGNED, clauses=(owed,))
    assert lc.replay([], as_of=SIGNED).state("iot-payment") is ObligationState.IN_EFFECT


def test_case_18_a_payment_of_10_at_count_0_counts_one_payment() -> None:
    paid = iot().state([SIGN, pay("10")])
    assert (paid.count, paid.payments, paid.status) == (0, 1, "running")


def test_case_18_the_fifth_payment_completes() -> None:
    four = iot().state([SIGN, *[pay("10")] * 4])
    assert (four.payments, four.status) == (4, "running")
    five = iot().state([SIGN, *[pay("10")] * 5])
    assert (five.payments, five.status) == (5, "completed")
    assert five.contract_state is ContractState.SUCCESSFULLY_TERMINATED
    assert "5 payments made, the contract is completed" in five.because


@pytest.mark.parametrize(("amount", "count"), [("20", 2), ("1000", 0), ("19.99", 3), ("9.99", 4)])
def test_case_18_a_payment_takes_floor_amount_over_10_units_off(amount: str, count: int) -> None:
    paid = iot().state([SIGN, UNIT, UNIT, UNIT, UNIT, pay(amount)])
    assert (paid.count, paid.payments) == (count, 1)


def test_case_18_events_while_not_running_are_rejected() -> None:
    with pytest.raises(InvalidTransitionError, match="Contract is not running") as e:
        iot().replay([UNIT])
    assert e.value.path == "$.events[0]"
    done = [SIGN, *[pay("10")] * 5]
    for late in (UNIT, CORRECTION, BILL, pay("10")):
        with pytest.raises(InvalidTransitionError, match="Contract is not running") as e:
            iot().replay([*done, late])
        assert e.value.path == "$.events[6]"
    with pytest.raises(InvalidTransitionError, match="already signed"):
        iot().replay([SIGN, SIGN])


def test_case_18_a_payment_in_another_currency_is_rejected() -> None:
    with pytest.raises(CurrencyMismatchError, match="not in USD") as e:
        iot().replay([SIGN, UsageEvent(kind="payment", amount="10 EUR")])
    assert e.value.path == "$.events[1].amount"


def test_case_18_the_clause_fits_in_a_deal_and_confers_the_payees_claim() -> None:
    deal = Deal(
        id="iot",
        name="Payment upon IoT",
        parties=(Party(id="dan", name="Dan"), Party(id="grant", name="Grant")),
        term=Term(effective_date="2019-05-01"),
        clauses=(iot(),),
    )
    [entitlement] = evaluate(deal, State(as_of="2019-05-02")).entitlements
    assert (entitlement.holder, entitlement.counterparty) == ("grant", "dan")
    assert entitlement.text == "Dan owes Grant 10 USD per counted unit, in at most 5 payments"


def test_usage_billing_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidValueError) as e:
        UsageBilling(id="x", payer="dan", payee="grant", unit_price="0 USD")
    assert e.value.path == "$.unit_price"
    with pytest.raises(InvalidValueError) as e:
        UsageBilling(id="x", payer="dan", payee="grant", unit_price="10 USD", max_payments=0)
    assert e.value.path == "$.max_payments"
    with pytest.raises(InvalidValueError) as e:
        UsageEvent(kind="press")
    assert e.value.path == "$.kind"
    for bad in (
        {"kind": "payment"},
        {"kind": "unit", "amount": "1 USD"},
        {"kind": "payment", "amount": "0 USD"},
    ):
        with pytest.raises(InvalidValueError) as e:
            UsageEvent(**bad)  # type: ignore[arg-type]
        assert e.value.path == "$.amount"
    with pytest.raises(InvalidValueError) as e:
        iot().replay([SIGN, "unit"])  # type: ignore[list-item]
    assert "events" in e.value.path
    assert UsageBilling(id="x", payer="dan", payee="dan", unit_price="1 USD").problems()


@given(
    st.lists(
        st.sampled_from(["unit", "correction", "bill"]) | st.integers(1, 100).map(str),
        max_size=30,
    )
)
def test_usage_billing_laws(kinds: list[str]) -> None:
    """The count never goes negative; a payment never raises it; a bill never changes it;
    the payments made never exceed the limit; completion comes exactly with the last one."""
    billing = iot()
    log = [SIGN]
    for k in kinds:
        log.append(pay(k) if k.isdigit() else UsageEvent(kind=k))  # type: ignore[arg-type]
        if sum(1 for e in log if e.kind == "payment") == 5:
            break
    states = billing.replay(log)
    for before, event, after in zip(states, log[1:], states[1:], strict=False):
        assert after.count >= 0
        assert after.payments <= 5
        if event.kind == "payment":
            assert after.count <= before.count
            assert after.payments == before.payments + 1
        else:
            assert after.payments == before.payments
        if event.kind == "bill":
            assert after.count == before.count
            assert after.obligation is None or after.obligation.amount == Money(
                amount=before.count * 10, currency="USD"
            )
        assert (after.status == "completed") == (after.payments == 5)
