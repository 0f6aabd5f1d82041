"""Public cases from Symboleo (public.md #21-#25): obligations, powers, the contract's state.

Sources: `Smart-Contract-Modelling-uOttawa/Symboleo2SC-demo` (the meat-sale and
transactive-energy contracts and their tests) and `Symboleo-JS-Core` (`test/test.js`).

Mapping to calendar days: the sources' deadlines are instants ("before
2022-10-28T17:49:41Z"). A performance on that calendar day may still be before the instant,
so such a deadline becomes an *inclusive* day: `Deadline(on=date(2022, 10, 28))`, and
"before effDate + 3 days" becomes "by 2022-10-31". The upstream tests run every step within
seconds; here each step gets its own day where the order matters, on or before the
deadlines the steps must meet. Hour-level windows (#24's dispatch window of three hours)
become a single day: `Deadline(days=0)`, the day the bid is accepted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from dealterms import (
    ContractState,
    Deadline,
    Deal,
    Deliverable,
    DueBefore,
    Event,
    InState,
    Lifecycle,
    LifecycleEvent,
    Money,
    Obligation,
    ObligationState,
    Party,
    Power,
    PowerState,
    Term,
)
from dealterms.exceptions import InvalidTransitionError, InvalidValueError

EFF = date(2022, 10, 28)  # effDate = payDueDate = 2022-10-28T17:49:41.422Z
QNT, AMT, DEL_DUE_DAYS, INTEREST_RATE = 2, 3, 3, 2


def meat_sale(**kw: object) -> Lifecycle:
    """The meat-sale contract with the upstream test parameters."""
    interest = Decimal(AMT) * (1 + Decimal(INTEREST_RATE) / 100)  # (1 + 2/100) × 3 = 3.06
    clauses = (
        Obligation(
            id="delivery",
            obligor="seller",
            obligee="buyer",
            owed=Deliverable(description="meat", quantity=QNT),
            deadline=Deadline(days=DEL_DUE_DAYS),  # before effDate + 3 days, by day
        ),
        Obligation(
            id="payment",
            obligor="buyer",
            obligee="seller",
            owed=Money(amount=AMT, currency="CAD"),
            deadline=Deadline(on=EFF),  # before payDueDate (= effDate), by day
        ),
        Obligation(
            id="late-payment",
            obligor="buyer",
            obligee="seller",
            owed=Money(amount=interest, currency="CAD"),
            created_by="payment.violated",
        ),
        Power(
            id="suspend-delivery",
            holder="seller",
            counterparty="buyer",
            effect="suspend_obligation",
            target="delivery",
            created_by="payment.violated",
        ),
        Power(
            id="resume-delivery",
            holder="buyer",
            counterparty="seller",
            effect="resume_obligation",
            target="delivery",
            created_by="late-payment.fulfilled",
            # HappensWithin(paid, Suspension(obligations.delivery)): only while suspended.
            created_if=InState(clause="delivery", state="suspended"),
        ),
        Power(
            id="terminate-contract",
            holder="buyer",
            counterparty="seller",
            effect="terminate_contract",
            created_by="delivery.violated",
        ),
    )
    fields: dict[str, object] = {
        "clauses": clauses,
        "start": EFF,
        "constraints": (DueBefore(earlier="delivery", later="payment"),),
        "constraint_policy": "report",
    }
    fields.update(kw)
    return Lifecycle(**fields)  # type: ignore[arg-type]


def act(day: int, action: str, target: str | None = None) -> LifecycleEvent:
    return LifecycleEvent(date=date(2022, 10, day), action=action, target=target)  # type: ignore[arg-type]


# -- #21 ------------------------------------------------------------------------------


def test_case_21_init_puts_contract_and_both_obligations_in_effect() -> None:
    snap = meat_sale().replay([], as_of=EFF)
    assert snap.contract.state is ContractState.IN_EFFECT
    assert snap.state("delivery") is ObligationState.IN_EFFECT
    assert snap.state("payment") is ObligationState.IN_EFFECT
    assert snap.state("late-payment") is None  # conditional: not created
    assert "contract's start (2022-10-28)" in snap.status("payment").because


def test_case_21_happy_path_ends_in_successful_termination() -> None:
    log = [act(28, "fulfil", "payment"), act(30, "fulfil", "delivery")]
    snap = meat_sale().replay(log, as_of="2022-11-30")
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.contract.since == date(2022, 10, 30)
    assert snap.state("delivery") is ObligationState.FULFILLED
    assert snap.state("payment") is ObligationState.FULFILLED
    # Before delivery, the contract is still in effect.
    assert meat_sale().replay(log, as_of="2022-10-29").contract.state is ContractState.IN_EFFECT


def test_case_21_flag_enforce_reading_refuses_the_test_parameters() -> None:
    # The spec's constraint: delivery due (2022-10-31) before payment due (2022-10-28).
    with pytest.raises(InvalidValueError, match="delivery is due 2022-10-31, not before payment"):
        meat_sale(constraint_policy="enforce")


def test_case_21_flag_report_reading_accepts_them_and_lists_the_breach() -> None:
    lifecycle = meat_sale()  # "report": Symboleo's generated code does not enforce it
    [problem] = lifecycle.problems()
    assert problem.path == "$.constraints[0]"
    # With a payment due after delivery, both readings accept the contract.
    later = meat_sale(
        constraint_policy="enforce",
        clauses=tuple(
            c
            if c.id != "payment"
            else Obligation(
                id="payment",
                obligor="buyer",
                obligee="seller",
                owed=Money(amount=AMT, currency="CAD"),
                deadline=Deadline(on=date(2022, 11, 1)),
            )
            for c in lifecycle.clauses
        ),
    )
    assert later.problems() == []


# -- #22 ------------------------------------------------------------------------------


def test_case_22_late_payment_suspension_resumption_success() -> None:
    lc = meat_sale()
    # 1. The payment's deadline (2022-10-28) passes: violated on the 29th.
    snap = lc.replay([], as_of="2022-10-29")
    assert snap.state("payment") is ObligationState.VIOLATED
    assert "deadline (2022-10-28 was the last day) passed" in snap.status("payment").because
    assert snap.state("late-payment") is ObligationState.IN_EFFECT
    assert snap.state("suspend-delivery") is PowerState.IN_EFFECT
    assert snap.status("late-payment").because.startswith("in effect on 2022-10-29")
    # 2. exert suspendDelivery: delivery suspended, the power consumed.
    log = [act(29, "exert", "suspend-delivery")]
    snap = lc.replay(log, as_of="2022-10-29")
    assert snap.state("delivery") is ObligationState.SUSPENDED
    assert snap.state("suspend-delivery") is PowerState.EXERTED
    # 3. paidLate: late payment fulfilled, the buyer gets the power to resume.
    log.append(act(30, "fulfil", "late-payment"))
    snap = lc.replay(log, as_of="2022-10-30")
    assert snap.state("late-payment") is ObligationState.FULFILLED
    assert snap.state("resume-delivery") is PowerState.IN_EFFECT
    # 4. exert resumeDelivery.
    log.append(act(30, "exert", "resume-delivery"))
    snap = lc.replay(log, as_of="2022-10-30")
    assert snap.state("delivery") is ObligationState.IN_EFFECT
    assert snap.state("resume-delivery") is PowerState.EXERTED
    # 5. delivered: success, although the original payment was violated.
    log.append(act(31, "fulfil", "delivery"))
    snap = lc.replay(log, as_of="2022-10-31")
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.state("delivery") is ObligationState.FULFILLED
    assert snap.state("late-payment") is ObligationState.FULFILLED
    assert snap.state("payment") is ObligationState.VIOLATED
    assert "violation remedied" in snap.contract.because


def test_case_22_late_payment_amount_is_exact() -> None:
    late = meat_sale().clauses[2]
    assert isinstance(late, Obligation)
    assert late.owed == Money.parse("3.06 CAD")


def test_case_22_a_suspended_delivery_waits_out_its_deadline() -> None:
    # Suspended on the 29th, resumed on Nov 5 (after its last day, Oct 31): the
    # resumption day is still in time; the day after, it is violated.
    log = [act(29, "exert", "suspend-delivery"), act(30, "fulfil", "late-payment")]
    log.append(LifecycleEvent(date="2022-11-05", action="exert", target="resume-delivery"))
    lc = meat_sale()
    assert lc.replay(log, as_of="2022-11-05").state("delivery") is ObligationState.IN_EFFECT
    assert lc.replay(log, as_of="2022-11-06").state("delivery") is ObligationState.VIOLATED


# -- #23 ------------------------------------------------------------------------------


def test_case_23a_late_payment_violated_ends_the_contract_unsuccessfully() -> None:
    log = [act(29, "exert", "suspend-delivery"), act(30, "violate", "late-payment")]
    snap = meat_sale().replay(log, as_of="2022-10-30")
    assert snap.contract.state is ContractState.UNSUCCESSFULLY_TERMINATED
    assert "gives rise to no remedy" in snap.contract.because
    assert snap.state("delivery") is ObligationState.TERMINATED  # was suspended
    assert snap.state("late-payment") is ObligationState.VIOLATED


def test_case_23b_delivery_violated_then_the_buyer_terminates() -> None:
    lc = meat_sale()
    snap = lc.replay([act(28, "violate", "delivery")], as_of=EFF)
    assert snap.state("delivery") is ObligationState.VIOLATED
    assert snap.state("terminate-contract") is PowerState.IN_EFFECT
    assert snap.contract.state is ContractState.IN_EFFECT
    log = [act(28, "violate", "delivery"), act(28, "exert", "terminate-contract")]
    snap = lc.replay(log, as_of=EFF)
    assert snap.contract.state is ContractState.UNSUCCESSFULLY_TERMINATED
    assert snap.state("payment") is ObligationState.TERMINATED  # dies with the contract
    assert snap.state("terminate-contract") is PowerState.EXERTED
    assert "power terminate-contract exerted" in snap.status("payment").because


def test_case_23a_guard_paid_late_while_suspended_gives_the_resume_power() -> None:
    log = [act(29, "exert", "suspend-delivery"), act(30, "fulfil", "late-payment")]
    snap = meat_sale().replay(log, as_of="2022-10-30")
    assert snap.state("delivery") is ObligationState.SUSPENDED
    assert snap.state("resume-delivery") is PowerState.IN_EFFECT
    assert snap.status("resume-delivery").since == date(2022, 10, 30)


def test_case_23a_guard_paid_late_without_a_suspension_gives_no_resume_power() -> None:
    lc = meat_sale()
    log = [act(30, "fulfil", "late-payment")]
    snap = lc.replay(log, as_of="2022-10-30")
    assert snap.state("delivery") is ObligationState.IN_EFFECT
    assert snap.state("resume-delivery") is None
    assert snap.status("resume-delivery").because == (
        "not created: 'late-payment.fulfilled' happened on 2022-10-30, but only if delivery "
        "is suspended, and it was in effect"
    )
    assert all(p.action != "resume-delivery" for p in snap.positions())
    with pytest.raises(InvalidTransitionError, match="'resume-delivery' has not been created"):
        lc.replay([*log, act(30, "exert", "resume-delivery")], as_of="2022-10-30")
    # The seller may still suspend later, but the late payment is spent: no resume power.
    log += [act(31, "exert", "suspend-delivery")]
    assert lc.replay(log, as_of="2022-10-31").state("resume-delivery") is None
    # Delivered without a suspension: the contract succeeds, the violation remedied.
    done = lc.replay(
        [act(30, "fulfil", "late-payment"), act(31, "fulfil", "delivery")], as_of="2022-10-31"
    )
    assert done.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_case_23a_guard_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidValueError, match="state") as e:
        InState(clause="delivery", state="paused")
    assert e.value.path == "$.state"
    with pytest.raises(InvalidValueError) as e:
        Power(
            id="p",
            holder="buyer",
            counterparty="seller",
            effect="terminate_contract",
            created_if="delivery is suspended",
        )
    assert e.value.path == "$.created_if"
    lc = meat_sale()
    bad = [
        c
        if c.id != "resume-delivery"
        else attrs.evolve(c, created_if=InState(clause="nope", state="suspended"))
        for c in lc.clauses
    ]
    with pytest.raises(InvalidValueError, match="'nope'") as e:
        attrs.evolve(lc, clauses=tuple(bad))
    assert e.value.path == "$.clauses[4].created_if.clause"
    bad = [
        c
        if c.id != "resume-delivery"
        else attrs.evolve(c, created_if=InState(clause="delivery", state="exerted"))
        for c in lc.clauses
    ]
    with pytest.raises(InvalidValueError, match="obligation 'delivery' is never 'exerted'") as e:
        attrs.evolve(lc, clauses=tuple(bad))
    assert e.value.path == "$.clauses[4].created_if.state"
    own = attrs.evolve(lc.clauses[4], created_if=InState(clause="resume-delivery", state="created"))
    with pytest.raises(InvalidValueError, match="guarded by its own state") as e:
        Lifecycle(clauses=(lc.clauses[0], own))
    assert e.value.path == "$.clauses[1].created_if.clause"


# -- #24 ------------------------------------------------------------------------------

NOW = date(2023, 3, 1)


def transactive_energy() -> Lifecycle:
    return Lifecycle(
        start=NOW,
        clauses=(
            Obligation(
                id="supply-energy",
                obligor="der",
                obligee="iso",
                owed=Deliverable(description="energy at 2-10 V", quantity=10),
                created_by="bid-accepted",
                deadline=Deadline(days=0),  # the 3-hour dispatch window, as one day
            ),
            Obligation(
                id="pay-by-iso",
                obligor="iso",
                obligee="der",
                owed=Money.parse("100 USD"),  # energy 10 × price 10
                created_by="supply-energy.fulfilled",
                deadline=Deadline(days=4, after="credit-invoice-issued"),
            ),
            Power(
                id="impose-penalty",
                holder="iso",
                counterparty="der",
                effect="create_obligation",
                target="pay-penalty",
                created_by="supply-energy.violated",
            ),
            Obligation(
                id="pay-penalty",
                obligor="der",
                obligee="iso",
                owed=Money.parse("10 USD"),
                created_by="impose-penalty.exerted",
                deadline=Deadline(days=4, after="penalty-invoice-issued", inclusive=False),
            ),
            Power(
                id="iso-terminates",
                holder="iso",
                counterparty="der",
                effect="terminate_contract",
                created_by="pay-penalty.violated",
                takes_effect="iso-notice-period-ended",
            ),
            Power(
                id="der-terminates",
                holder="der",
                counterparty="iso",
                effect="terminate_contract",
                takes_effect="der-notice-period-ended",
            ),
        ),
    )


def test_case_24_supply_then_payment_then_success() -> None:
    lc = transactive_energy()
    assert lc.replay([], as_of=NOW).state("der-terminates") is PowerState.CREATED
    log: list[Event | LifecycleEvent] = [Event(name="bid-accepted", date=NOW)]
    assert lc.replay(log, as_of=NOW).state("supply-energy") is ObligationState.IN_EFFECT
    log.append(LifecycleEvent(date=NOW, action="fulfil", target="supply-energy"))
    snap = lc.replay(log, as_of=NOW)
    assert snap.state("supply-energy") is ObligationState.FULFILLED
    assert snap.state("pay-by-iso") is ObligationState.IN_EFFECT
    log += [
        Event(name="credit-invoice-issued", date="2023-03-02"),
        LifecycleEvent(date="2023-03-06", action="fulfil", target="pay-by-iso"),  # day 4
    ]
    snap = lc.replay(log, as_of="2023-03-06")
    assert snap.state("pay-by-iso") is ObligationState.FULFILLED
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    assert snap.state("der-terminates") is PowerState.TERMINATED  # never took effect


def test_case_24_payment_deadline_counts_from_the_invoice() -> None:
    log = [
        Event(name="bid-accepted", date=NOW),
        LifecycleEvent(date=NOW, action="fulfil", target="supply-energy"),
        Event(name="credit-invoice-issued", date="2023-03-02"),
    ]
    lc = transactive_energy()
    assert lc.replay(log, as_of="2023-03-06").state("pay-by-iso") is ObligationState.IN_EFFECT
    snap = lc.replay(log, as_of="2023-03-07")
    assert snap.state("pay-by-iso") is ObligationState.VIOLATED
    assert snap.contract.state is ContractState.UNSUCCESSFULLY_TERMINATED


def test_case_24_penalty_chain_ends_in_success() -> None:
    lc = transactive_energy()
    log: list[Event | LifecycleEvent] = [
        Event(name="bid-accepted", date=NOW),
        LifecycleEvent(date=NOW, action="violate", target="supply-energy"),
    ]
    assert lc.replay(log, as_of=NOW).state("impose-penalty") is PowerState.IN_EFFECT
    log.append(LifecycleEvent(date="2023-03-02", action="exert", target="impose-penalty"))
    snap = lc.replay(log, as_of="2023-03-02")
    assert snap.state("impose-penalty") is PowerState.EXERTED
    assert snap.state("pay-penalty") is ObligationState.IN_EFFECT
    log += [
        Event(name="penalty-invoice-issued", date="2023-03-02"),
        LifecycleEvent(date="2023-03-05", action="fulfil", target="pay-penalty"),
    ]
    snap = lc.replay(log, as_of="2023-03-05")
    assert snap.state("pay-penalty") is ObligationState.FULFILLED
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_case_24_penalty_strictly_before_invoice_plus_4_days() -> None:
    log = [
        Event(name="bid-accepted", date=NOW),
        LifecycleEvent(date=NOW, action="violate", target="supply-energy"),
        LifecycleEvent(date=NOW, action="exert", target="impose-penalty"),
        Event(name="penalty-invoice-issued", date=NOW),
        LifecycleEvent(date="2023-03-05", action="fulfil", target="pay-penalty"),
    ]
    with pytest.raises(InvalidTransitionError, match="pay-penalty' is violated since 2023-03-05"):
        transactive_energy().replay(log, as_of="2023-03-05")
    snap = transactive_energy().replay(log[:-1], as_of="2023-03-05")
    assert snap.state("iso-terminates") is PowerState.CREATED  # waits for its notice period


# -- #25 ------------------------------------------------------------------------------

D = date(2024, 1, 1)


def one(clause: Obligation | Power) -> Lifecycle:
    return Lifecycle(clauses=(clause,), start=D)


def on(n: int, action: str, target: str | None = "x") -> LifecycleEvent:
    return LifecycleEvent(date=date(2024, 1, n), action=action, target=target)  # type: ignore[arg-type]


def obligation(**kw: object) -> Obligation:
    fields: dict[str, object] = {
        "id": "x",
        "obligor": "a",
        "obligee": "b",
        "owed": Money.parse("1 USD"),
        "created_by": "go",
        "takes_effect": "ready",
    }
    fields.update(kw)
    return Obligation(**fields)  # type: ignore[arg-type]


def test_case_25_obligation_trigger_activate_suspend_resume() -> None:
    lc = one(obligation())
    log: list[Event | LifecycleEvent] = [Event(name="go", date=D)]
    assert lc.replay(log, as_of=D).state("x") is ObligationState.CREATED
    log.append(Event(name="ready", date="2024-01-02"))
    assert lc.replay(log, as_of="2024-01-02").state("x") is ObligationState.IN_EFFECT
    log.append(on(3, "suspend"))
    assert lc.replay(log, as_of="2024-01-03").state("x") is ObligationState.SUSPENDED
    log.append(on(4, "resume"))
    assert lc.replay(log, as_of="2024-01-04").state("x") is ObligationState.IN_EFFECT
    # An explicit activate works as well as the takes_effect event.
    explicit = [Event(name="go", date=D), on(2, "activate")]
    assert lc.replay(explicit, as_of="2024-01-02").state("x") is ObligationState.IN_EFFECT


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("fulfil", ObligationState.FULFILLED),
        ("violate", ObligationState.VIOLATED),
        ("terminate", ObligationState.TERMINATED),
        ("discharge", ObligationState.DISCHARGED),
    ],
)
def test_case_25_obligation_final_states(action: str, state: ObligationState) -> None:
    lc = one(obligation(takes_effect=None))
    log = [Event(name="go", date=D), on(2, action)]
    snap = lc.replay(log, as_of="2024-01-02")
    assert snap.state("x") is state
    assert snap.status("x").final
    # Once final, every further transition is refused.
    for later in ("fulfil", "violate", "terminate", "discharge", "suspend", "resume", "expire"):
        with pytest.raises(InvalidTransitionError, match=f"{later} x on 2024-01-03"):
            lc.replay([*log, on(3, later)], as_of="2024-01-03")


def test_case_25_expiry_while_created_is_a_discharge_not_a_violation() -> None:
    lc = one(obligation(deadline=Deadline(days=5)))
    snap = lc.replay([Event(name="go", date=D)], as_of="2024-01-07")
    assert snap.state("x") is ObligationState.DISCHARGED
    assert "before it took effect (not a violation)" in snap.status("x").because
    explicit = lc.replay([Event(name="go", date=D), on(2, "expire")], as_of="2024-01-02")
    assert explicit.state("x") is ObligationState.DISCHARGED


def test_case_25_power_lifecycle() -> None:
    power = Power(
        id="x",
        holder="a",
        counterparty="b",
        effect="terminate_contract",
        created_by="go",
        takes_effect="ready",
    )
    lc = one(power)
    base: list[Event | LifecycleEvent] = [Event(name="go", date=D)]
    assert lc.replay(base, as_of=D).state("x") is PowerState.CREATED
    base.append(on(2, "activate"))
    assert lc.replay(base, as_of="2024-01-02").state("x") is PowerState.IN_EFFECT
    exert = lc.replay([*base, on(3, "exert")], as_of="2024-01-03")
    assert exert.state("x") is PowerState.EXERTED
    assert exert.contract.state is ContractState.UNSUCCESSFULLY_TERMINATED
    expire = lc.replay([*base, on(3, "expire")], as_of="2024-01-03")
    assert expire.state("x") is PowerState.EXPIRED
    from_suspension = [*base, on(3, "suspend"), on(4, "terminate")]
    assert lc.replay(from_suspension, as_of="2024-01-04").state("x") is PowerState.TERMINATED


def test_case_25_contract_lifecycle() -> None:
    lc = Lifecycle(clauses=(obligation(created_by=None, takes_effect=None),))  # no start
    assert lc.replay([], as_of=D).contract.state is ContractState.FORM
    assert lc.replay([], as_of=D).state("x") is None
    log = [on(1, "activate", None)]
    snap = lc.replay(log, as_of=D)
    assert snap.contract.state is ContractState.IN_EFFECT
    assert snap.state("x") is ObligationState.IN_EFFECT
    log.append(on(2, "suspend", None))
    assert lc.replay(log, as_of="2024-01-02").contract.state is ContractState.SUSPENDED
    log.append(on(3, "resume", None))
    assert lc.replay(log, as_of="2024-01-03").contract.state is ContractState.IN_EFFECT
    rescinded = lc.replay([*log, on(4, "rescind", None)], as_of="2024-01-04")
    assert rescinded.contract.state is ContractState.RESCINDED
    for path in (log, log[:2]):  # terminate from in effect, and from suspension
        ended = lc.replay([*path, on(4, "terminate", None)], as_of="2024-01-04")
        assert ended.contract.state is ContractState.UNSUCCESSFULLY_TERMINATED
        assert ended.state("x") is ObligationState.TERMINATED
        with pytest.raises(InvalidTransitionError, match="the contract is unsuccessfully"):
            lc.replay([*path, on(4, "terminate", None), on(5, "resume", None)], as_of="2024-02-01")
    fulfilled = lc.replay([*log, on(4, "fulfil")], as_of="2024-01-04")
    assert fulfilled.contract.state is ContractState.SUCCESSFULLY_TERMINATED


def test_the_lifecycle_reads_a_deal() -> None:
    lc = meat_sale()
    deal = Deal(
        id="meat-sale",
        name="Meat sale",
        parties=(Party(id="seller", name="Seller"), Party(id="buyer", name="Buyer")),
        term=Term(effective_date=EFF),
        clauses=lc.clauses,
    )
    from_deal = Lifecycle.from_deal(deal)
    assert from_deal.start == EFF
    assert from_deal.clauses == lc.clauses
