"""Public case #8: the supply agreement's chain forecast → purchase order → delivery → payment.

Source: the Accord Project's `supplyagreement` template (`logic.ergo`, `test/logic.feature`
scenarios 2 and 3). The template keeps one "current obligation" in its state; here each is
an `Obligation` of the deal whose lifecycle the next step moves on:

* a demand forecast creates the purchase obligation (case #7 sizes it: 85% of 1200);
* a purchase order clears it (the purchase obligation is fulfilled) and creates the
  supplier's delivery obligation, due on the order's delivery date;
* the delivery fulfils that and creates the purchaser's payment obligation, whose amount
  is the order's lines: 180 × 5.99 + 100 × 4.99 = 1577.20 USD;
* a purchase order with no forecast, or a delivery with no order, is refused (the template
  throws), as a lifecycle event the rules do not allow.

Instants are days: the order's delivery date 2018-05-10T00:00:00-05:00 is 2018-05-10.
"""

from __future__ import annotations

from datetime import date

import pytest

from dealterms import (
    ContractState,
    Deadline,
    Deliverable,
    Event,
    Lifecycle,
    LifecycleEvent,
    Money,
    Obligation,
    ObligationState,
)
from dealterms.exceptions import InvalidTransitionError

LINES = (("Pink Umbrella", 180, "5.99 USD"), ("Blue Umbrella", 100, "4.99 USD"))
AMOUNT = sum((Money.parse(price) * quantity for _, quantity, price in LINES), Money.parse("0 USD"))
ORDERED = ", ".join(f"{name} × {quantity}" for name, quantity, _ in LINES)

SUPPLY = Lifecycle(
    start=date(2018, 4, 2),
    clauses=(
        Obligation(
            id="purchase",
            obligor="peter",
            obligee="dan",
            owed=Deliverable(description="umbrellas bought under the binding forecast"),
            created_by="forecast-submitted",
        ),
        Obligation(
            id="delivery",
            obligor="dan",
            obligee="peter",
            owed=Deliverable(description=ORDERED),
            created_by="purchase.fulfilled",
            deadline=Deadline(on="2018-05-10"),
        ),
        Obligation(
            id="payment",
            obligor="peter",
            obligee="dan",
            owed=AMOUNT,
            created_by="delivery.fulfilled",
        ),
    ),
)

FORECAST = Event(name="forecast-submitted", date="2018-04-02")
ORDER = LifecycleEvent(date="2018-04-20", action="fulfil", target="purchase")
DELIVERED = LifecycleEvent(date="2018-05-10", action="fulfil", target="delivery")


def test_case_8a_a_purchase_order_turns_the_purchase_obligation_into_a_delivery() -> None:
    before = SUPPLY.replay([FORECAST], as_of="2018-04-19")
    assert before.state("purchase") is ObligationState.IN_EFFECT
    assert before.state("delivery") is None
    after = SUPPLY.replay([FORECAST, ORDER], as_of="2018-04-20")
    assert after.state("purchase") is ObligationState.FULFILLED  # cleared
    assert after.state("delivery") is ObligationState.IN_EFFECT
    [duty] = [p for p in after.positions() if p.counterparty == "dan"]
    assert duty.holder == "peter"
    assert "Pink Umbrella × 180, Blue Umbrella × 100" in duty.template
    # Expected delivery 2018-05-10: on time that day, late the day after.
    assert (
        SUPPLY.replay([FORECAST, ORDER], as_of="2018-05-10").state("delivery")
        is ObligationState.IN_EFFECT
    )
    assert (
        SUPPLY.replay([FORECAST, ORDER], as_of="2018-05-11").state("delivery")
        is ObligationState.VIOLATED
    )


def test_case_8b_the_delivery_creates_the_payment_obligation() -> None:
    assert Money.parse("1577.20 USD") == AMOUNT
    done = SUPPLY.replay([FORECAST, ORDER, DELIVERED], as_of="2018-05-10")
    assert done.state("delivery") is ObligationState.FULFILLED
    assert done.state("payment") is ObligationState.IN_EFFECT
    [duty] = [p for p in done.positions() if p.counterparty == "peter"]
    assert duty.holder == "dan"
    assert "1577.20 USD" in duty.template
    assert done.contract.state is ContractState.IN_EFFECT


def test_case_8c_no_purchase_without_a_forecast_and_no_delivery_without_an_order() -> None:
    with pytest.raises(InvalidTransitionError, match="purchase"):
        SUPPLY.replay([ORDER], as_of="2018-04-20")
    with pytest.raises(InvalidTransitionError, match="delivery"):
        SUPPLY.replay([FORECAST, DELIVERED], as_of="2018-05-10")
