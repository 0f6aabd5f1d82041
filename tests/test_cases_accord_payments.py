"""Public cases from the Accord Project's payment templates (public.md #12, #14, #17, #19).

Instalment sale (#12), perishable goods (#14), rental deposit (#17) and SAFTE (#19). The
sources compute with floats; here every amount is an exact `Decimal`, rounded only where
the case states a rule (#12: half-up to cents at each step). Instants (#14's `now`) are
mapped to the day the goods were received.
"""

from __future__ import annotations

import decimal
import re
from datetime import date
from decimal import Decimal

import pytest

from dealterms import (
    ClosingPayment,
    ConversionRight,
    Deadline,
    Deal,
    Deduction,
    Event,
    Instalment,
    InstalmentSale,
    Lifecycle,
    LifecycleEvent,
    Money,
    ObligationState,
    Party,
    PaymentDue,
    PerishableGoodsPrice,
    SecurityDeposit,
    SensorRange,
    SensorReading,
    State,
    Term,
    evaluate,
)
from dealterms.exceptions import CurrencyMismatchError, InvalidDealError, InvalidValueError


def eur(text: str) -> Money:
    return Money.parse(f"{text} EUR")


def usd(text: str) -> Money:
    return Money.parse(f"{text} USD")


# -- #12 instalment sale -----------------------------------------------------------------


def sale() -> InstalmentSale:
    return InstalmentSale(
        id="instalment-sale",
        buyer="dan",
        seller="ned",
        total_price="10000.00 EUR",
        due_at_closing="500.00 EUR",
        minimum_instalment="500.00 EUR",
        first_month=3,
        monthly_interest="1.5%",
        last_month=24,
    )


def test_case_12_the_clause_fits_in_a_deal_and_confers_the_sellers_claim() -> None:
    deal = Deal(
        id="sale",
        name="Instalment sale",
        parties=(Party(id="dan", name="Dan"), Party(id="ned", name="Ned")),
        term=Term(effective_date="2019-01-01"),
        clauses=(sale(),),
    )
    result = evaluate(deal, State(as_of="2019-06-01"))
    [entitlement] = result.entitlements
    assert (entitlement.holder, entitlement.counterparty) == ("ned", "dan")
    assert entitlement.relation.correlative == "duty"
    assert entitlement.in_force
    assert entitlement.text.startswith("Dan owes Ned 10000.00 EUR in monthly instalments")


def test_case_12_initial_state() -> None:
    opening = sale().opening()
    assert opening.balance == eur("10000")
    assert opening.total_paid == eur("0")
    assert opening.next_month == 3
    assert opening.status == "awaiting_payment"
    assert opening.obligation is None


def test_case_12_the_whole_sequence() -> None:
    steps = sale().apply(
        [
            Instalment(amount="2500 EUR"),
            Instalment(amount="2500 EUR"),
            Instalment(amount="2500 EUR"),
            ClosingPayment(amount="3229.53 EUR"),
        ]
    )
    assert [s.balance.amount for s in steps] == [
        Decimal("7612.50"),
        Decimal("5189.19"),  # 5112.50 × 1.015 = 5189.1875
        Decimal("2729.53"),  # 2689.19 × 1.015 = 2729.52785
        Decimal(0),
    ]
    assert [s.total_paid.amount for s in steps] == [
        Decimal(2500),
        Decimal(5000),
        Decimal(7500),
        Decimal("10729.53"),
    ]
    assert [s.next_month for s in steps] == [4, 5, 6, None]  # the source shows 0 at the end
    assert [s.status for s in steps] == ["awaiting_payment"] * 3 + ["fulfilled"]
    assert steps[0].obligation == PaymentDue(payer="dan", payee="ned", amount=eur("2500"))
    assert steps[-1].obligation == PaymentDue(payer="dan", payee="ned", amount=eur("3229.53"))
    assert "rounded half-up to cents" in steps[1].because
    assert "fulfilled" in steps[-1].because


def test_case_12_pay_one_step_at_a_time_gives_the_same_states() -> None:
    clause = sale()
    state = clause.opening()
    for payment in (Instalment(amount="2500 EUR"), Instalment(amount="2500 EUR")):
        state = clause.pay(state, payment)
    assert state == clause.apply([Instalment(amount="2500 EUR")] * 2)[-1]
    assert state.balance == eur("5189.19")


def at_month(month: int) -> object:
    """The opening state moved to `month` (as the source's state file can be)."""
    import attrs

    return attrs.evolve(sale().opening(), next_month=month)


@pytest.mark.parametrize("amount", ["499.99 EUR", "100 EUR"])
def test_case_12_an_instalment_below_the_minimum_is_refused(amount: str) -> None:
    with pytest.raises(InvalidValueError, match=re.escape("below the minimum 500.00 EUR")) as e:
        sale().apply([Instalment(amount=amount)])
    assert e.value.path == "payments[0].amount"


def test_case_12_an_instalment_above_the_balance_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="more than the balance") as e:
        sale().pay(sale().opening(), Instalment(amount="10000.01 EUR"))
    assert e.value.path == "payment.amount"


def test_case_12_the_whole_balance_may_be_paid_as_an_instalment() -> None:
    step = sale().pay(sale().opening(), Instalment(amount="10000.00 EUR"))
    assert step.balance == eur("0")


@pytest.mark.parametrize("month", [23, 24, 30])
def test_case_12_at_month_23_or_later_pay_the_last_instalment_instead(month: int) -> None:
    state = at_month(month)
    with pytest.raises(InvalidValueError, match="please pay the last instalment instead"):
        sale().pay(state, Instalment(amount="2500 EUR"))  # type: ignore[arg-type]
    closed = sale().pay(state, ClosingPayment(amount="10500.00 EUR"))  # type: ignore[arg-type]
    assert closed.status == "fulfilled"


def test_case_12_month_22_still_takes_an_instalment() -> None:
    step = sale().pay(at_month(22), Instalment(amount="2500 EUR"))  # type: ignore[arg-type]
    assert step.next_month == 23


@pytest.mark.parametrize("amount", ["3229.52 EUR", "3229.54 EUR", "2729.53 EUR"])
def test_case_12_a_closing_payment_other_than_balance_plus_500_is_refused(amount: str) -> None:
    payments = [Instalment(amount="2500 EUR")] * 3 + [ClosingPayment(amount=amount)]
    with pytest.raises(InvalidValueError, match=re.escape("plus 500.00 EUR due at closing")) as e:
        sale().apply(payments)
    assert e.value.path == "payments[3].amount"
    assert e.value.expected == "3229.53 EUR"


def test_case_12_refusals_for_state_currency_and_cents() -> None:
    clause = sale()
    done = clause.apply([ClosingPayment(amount="10500.00 EUR")])[-1]
    with pytest.raises(InvalidValueError, match="already fulfilled"):
        clause.pay(done, Instalment(amount="500 EUR"))
    with pytest.raises(CurrencyMismatchError, match="not in the sale's currency EUR"):
        clause.pay(clause.opening(), Instalment(amount="2500 USD"))
    with pytest.raises(InvalidValueError, match="whole minor units"):
        clause.pay(clause.opening(), Instalment(amount="2500.005 EUR"))
    with pytest.raises(InvalidValueError, match="Instalment or a ClosingPayment"):
        clause.pay(clause.opening(), eur("2500"))  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError) as e:
        clause.pay(None, Instalment(amount="2500 EUR"))  # type: ignore[arg-type]
    assert e.value.path == "after"
    with pytest.raises(InvalidValueError) as e:
        clause.apply([eur("2500")])  # type: ignore[list-item]
    assert e.value.path == "payments[0]"


def test_case_12_a_balance_below_the_minimum_takes_only_the_closing_payment() -> None:
    import attrs

    state = attrs.evolve(sale().opening(), balance=eur("499.99"), total_paid=eur("9500.01"))
    with pytest.raises(InvalidValueError, match="less than the minimum instalment"):
        sale().pay(state, Instalment(amount="499.99 EUR"))


def test_case_12_bad_clause_fields_are_named() -> None:
    with pytest.raises(InvalidValueError) as e:
        InstalmentSale(**{**fields_of(sale()), "first_month": 0})
    assert e.value.path == "$.first_month"
    with pytest.raises(InvalidValueError) as e:
        InstalmentSale(**{**fields_of(sale()), "monthly_interest": 0.015})
    assert "float" in str(e.value)
    bad = InstalmentSale(
        **{**fields_of(sale()), "minimum_instalment": "500 USD", "first_month": 24}
    )
    assert [p.path for p in bad.problems()] == ["$.minimum_instalment", "$.first_month"]
    with pytest.raises(InvalidDealError):
        Deal(
            id="sale",
            name="Instalment sale",
            parties=(Party(id="dan", name="Dan"), Party(id="ned", name="Ned")),
            term=Term(effective_date="2019-01-01"),
            clauses=(bad,),
        )


def fields_of(clause: object) -> dict[str, object]:
    import attrs

    return attrs.asdict(clause, recurse=False)  # type: ignore[arg-type]


# -- #14 perishable goods ----------------------------------------------------------------


def perishable(min_units: int = 3000, max_units: int = 3500) -> PerishableGoodsPrice:
    return PerishableGoodsPrice(
        id="perishable-goods",
        buyer="dan",  # the importer
        seller="peter",  # the grower
        price_per_unit="1.50 USD",
        unit="KG",
        min_units=min_units,
        max_units=max_units,
        spoils_on="2018-07-02",
        temperature=SensorRange(minimum=2, maximum=13),
        humidity=SensorRange(minimum=70, maximum=90),
        penalty_per_unit="0.20 USD",
    )


READINGS = (
    SensorReading(temperature=2, humidity=80),
    SensorReading(temperature=5, humidity=90),
    SensorReading(temperature=15, humidity=65),
)
EPOCH = date(1970, 1, 1)  # the source's runner default for `now`


def test_case_14_penalty_and_total() -> None:
    result = perishable().price(units=3000, readings=READINGS, received_on=EPOCH)
    assert result.temperature_deviation == 2  # 15 - 13 (x 0.2 = 0.4 per KG)
    assert result.humidity_deviation == 5  # 70 - 65 (x 0.2 = 1.0 per KG)
    assert result.base_price == usd("4500")
    assert result.penalty == usd("4200")
    assert result.total == usd("300")
    assert result.late is False
    assert result.obligation == PaymentDue(payer="dan", payee="peter", amount=usd("300"))
    assert "penalty 4200.00 USD" in result.because


def test_case_14_readings_at_the_bounds_are_not_breaches() -> None:
    at_bounds = (
        SensorReading(temperature=2, humidity=90),
        SensorReading(temperature=13, humidity=70),
    )
    result = perishable().price(units=3000, readings=at_bounds, received_on=EPOCH)
    assert result.penalty == usd("0")
    assert result.total == usd("4500")


def test_case_14_the_total_is_floored_at_zero() -> None:
    cold = (SensorReading(temperature=-40, humidity=80),)
    result = perishable().price(units=3000, readings=cold, received_on=EPOCH)
    assert result.penalty == usd("25200")  # 42 degrees x 0.20 x 3000
    assert result.total == usd("0")
    assert result.obligation is None


@pytest.mark.parametrize("units", [2500, 4000, 2999, 3501])
def test_case_14_units_out_of_range_are_refused(units: int) -> None:
    with pytest.raises(InvalidValueError, match="Units received out of range") as e:
        perishable().price(units=units, readings=READINGS, received_on=EPOCH)
    assert e.value.path == "units"


def test_case_14_the_bounds_themselves_are_in_range() -> None:
    for units in (3000, 3500):
        perishable().price(units=units, readings=READINGS, received_on=EPOCH)


def test_case_14_supply_agreement_variant_2995_to_3005() -> None:
    clause = perishable(2995, 3005)
    assert clause.price(units=3000, readings=READINGS, received_on=EPOCH).total == usd("300")
    for units in (2994, 3006, 2500, 4000):
        with pytest.raises(InvalidValueError, match="Units received out of range"):
            clause.price(units=units, readings=READINGS, received_on=EPOCH)


def test_case_14_no_readings_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="No temperature readings received") as e:
        perishable().price(units=3000, readings=[], received_on=EPOCH)
    assert e.value.path == "readings"


@pytest.mark.parametrize("received", ["2018-07-02", "2018-07-03", "2030-01-01"])
def test_case_14_arrival_on_or_after_the_spoilage_date_is_late(received: str) -> None:
    result = perishable().price(units=3000, readings=READINGS, received_on=received)
    assert (result.total, result.penalty, result.late) == (usd("0"), usd("0"), True)
    assert result.obligation is None
    # the late check comes before the readings check
    empty = perishable().price(units=3000, readings=[], received_on=received)
    assert empty.late
    # and after the units check
    with pytest.raises(InvalidValueError, match="Units received out of range"):
        perishable().price(units=2500, readings=READINGS, received_on=received)


def test_case_14_the_day_before_is_not_late() -> None:
    result = perishable().price(units=3000, readings=READINGS, received_on="2018-07-01")
    assert not result.late
    assert result.total == usd("300")


def test_case_14_bad_fields_are_named() -> None:
    with pytest.raises(InvalidValueError) as e:
        SensorRange(minimum=13, maximum=2)
    assert e.value.path == "$.maximum"
    with pytest.raises(InvalidValueError) as e:
        SensorReading(temperature=1.5, humidity=80)  # type: ignore[arg-type]
    assert e.value.path == "$.temperature"
    assert [p.path for p in perishable(3500, 3000).problems()] == ["$.max_units"]
    with pytest.raises(InvalidValueError) as e:
        perishable().price(units=True, readings=READINGS, received_on=EPOCH)
    assert e.value.path == "units"
    with pytest.raises(InvalidValueError) as e:
        perishable().price(units=3000, readings=[(15, 65)], received_on=EPOCH)  # type: ignore[list-item]
    assert e.value.path == "readings[0]"


# -- #17 security deposit ----------------------------------------------------------------

DEDUCTIONS = (
    Deduction(reason="cleaning", amount="1000 USD"),
    Deduction(reason="pet damage", amount="450 USD"),
)


def deposit(policy: str = "holder_refunds") -> SecurityDeposit:
    return SecurityDeposit(
        id="rental-deposit",
        depositor="tenant",
        holder="landlord",
        deposit="3000 USD",
        refund_policy=policy,  # type: ignore[arg-type]
    )


def test_case_17_the_refund_becomes_an_obligation_of_the_landlord() -> None:
    result = deposit().settle(DEDUCTIONS)
    assert result.obligation is not None
    refund = result.obligation.to_obligation(
        id="deposit-refund", created_by="lease-ended", deadline=Deadline(days=30)
    )
    lc = Lifecycle(start="2019-01-01", clauses=(refund,))
    ended = Event(name="lease-ended", date="2019-12-31")
    assert lc.replay([], as_of="2019-12-31").state("deposit-refund") is None
    snap = lc.replay([ended], as_of="2019-12-31")
    assert snap.state("deposit-refund") is ObligationState.IN_EFFECT
    [claim] = snap.positions()
    assert (claim.holder, claim.counterparty) == ("tenant", "landlord")
    assert "1550 USD" in claim.template
    refunded = LifecycleEvent(date="2020-01-15", action="fulfil", target="deposit-refund")
    done = lc.replay([ended, refunded], as_of="2020-01-15")
    assert done.state("deposit-refund") is ObligationState.FULFILLED
    assert (
        lc.replay([ended], as_of="2020-01-31").state("deposit-refund") is ObligationState.VIOLATED
    )


def test_case_17_refund_is_the_deposit_less_deductions() -> None:
    result = deposit().settle(DEDUCTIONS)
    assert result.deducted == usd("1450")
    assert result.refund == usd("1550")
    assert result.obligation == PaymentDue(payer="landlord", payee="tenant", amount=usd("1550"))
    assert "cleaning 1000 USD, pet damage 450 USD" in result.because


def test_case_17_flag_the_source_makes_the_tenant_the_promisor() -> None:
    result = deposit("depositor_as_promisor").settle(DEDUCTIONS)
    assert result.refund == usd("1550")
    assert result.obligation == PaymentDue(payer="tenant", payee="landlord", amount=usd("1550"))


@pytest.mark.parametrize(
    ("policy", "claimant", "debtor"),
    [("holder_refunds", "tenant", "landlord"), ("depositor_as_promisor", "landlord", "tenant")],
)
def test_case_17_the_claim_follows_the_policy(policy: str, claimant: str, debtor: str) -> None:
    [position] = deposit(policy).positions()
    assert (position.holder, position.counterparty) == (claimant, debtor)


def test_case_17_deductions_above_the_deposit_are_refused() -> None:
    too_much = (*DEDUCTIONS, Deduction(reason="repairs", amount="1550.01 USD"))
    excess = re.escape("claim the excess 0.01 USD separately")
    with pytest.raises(InvalidValueError, match=excess) as e:
        deposit().settle(too_much)
    assert e.value.path == "deductions"
    exact = deposit().settle((*DEDUCTIONS, Deduction(reason="repairs", amount="1550 USD")))
    assert exact.refund == usd("0")
    assert exact.obligation is None


def test_case_17_bad_input() -> None:
    with pytest.raises(CurrencyMismatchError) as e:
        deposit().settle([Deduction(reason="cleaning", amount="10 EUR")])
    assert e.value.path == "deductions[0].amount"
    with pytest.raises(InvalidValueError) as e:
        Deduction(reason="cleaning", amount="-1 USD")
    assert e.value.path == "$.amount"
    with pytest.raises(InvalidValueError) as e:
        deposit("tenant")
    assert e.value.path == "$.refund_policy"
    with pytest.raises(InvalidValueError) as e:
        deposit().settle([usd("10")])  # type: ignore[list-item]
    assert e.value.path == "deductions[0]"


# -- #19 SAFTE ---------------------------------------------------------------------------

# The source's floats carry about 16 significant digits; compare there.
SIXTEEN = decimal.Context(prec=16, rounding=decimal.ROUND_HALF_EVEN)


def safte() -> ConversionRight:
    return ConversionRight(
        id="safte",
        investor="investor",
        issuer="company",
        purchase_amount="25.00 USD",
        discount="7%",
    )


def test_case_19_token_sale() -> None:
    result = safte().convert(token_price="1.23 USD")
    assert result.trigger == "token_sale"
    assert result.tokens == decimal.Context(prec=28).divide(
        Decimal(25), Decimal("1.23") * Decimal("0.93")
    )
    assert SIXTEEN.plus(result.tokens) == SIXTEEN.plus(Decimal("21.855057260250017"))
    assert (result.shares, result.refund, result.obligation) == (None, None, None)


def test_case_19_equity_financing() -> None:
    result = safte().convert(share_price="3.00 USD")
    assert result.trigger == "equity_financing"
    assert result.shares == Decimal("8.960573476702508960573476703")  # 28 digits, half-even
    assert SIXTEEN.plus(result.shares) == SIXTEEN.plus(Decimal("8.960573476702509"))
    assert result.tokens is None


def test_case_19_dissolution_refunds_the_purchase_amount() -> None:
    result = safte().convert(dissolution=True)
    assert result.trigger == "dissolution"
    assert result.refund == usd("25")
    assert result.obligation == PaymentDue(payer="company", payee="investor", amount=usd("25"))


@pytest.mark.parametrize(
    "triggers",
    [
        {"token_price": "1.23 USD", "share_price": "3.00 USD"},
        {"token_price": "1.23 USD", "dissolution": True},
        {"share_price": "3.00 USD", "dissolution": True},
        {"token_price": "1.23 USD", "share_price": "3.00 USD", "dissolution": True},
        {},
    ],
)
def test_case_19_the_triggers_are_mutually_exclusive(triggers: dict[str, object]) -> None:
    with pytest.raises(InvalidValueError, match="mutually exclusive"):
        safte().convert(**triggers)  # type: ignore[arg-type]


def test_case_19_bad_input() -> None:
    with pytest.raises(CurrencyMismatchError):
        safte().convert(token_price="1.23 EUR")
    with pytest.raises(InvalidValueError, match="> 0"):
        safte().convert(share_price="0 USD")
    with pytest.raises(InvalidValueError) as e:
        ConversionRight(id="s", investor="a", issuer="b", purchase_amount="25 USD", discount="100%")
    assert e.value.path == "$.discount"
    with pytest.raises(InvalidValueError) as e:
        safte().convert(dissolution="yes")  # type: ignore[arg-type]
    assert e.value.path == "dissolution"
    with pytest.raises(InvalidValueError) as e:
        safte().convert(token_price=Decimal("1.23"))  # type: ignore[arg-type]
    assert e.value.path == "token_price"


def test_case_12_a_float_interest_names_its_field() -> None:
    with pytest.raises(InvalidValueError) as e:
        InstalmentSale(**{**fields_of(sale()), "monthly_interest": 0.015})
    assert e.value.path == "$.monthly_interest"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"next_month": -5}, "after.next_month"),
        ({"next_month": None}, "after.next_month"),
        ({"balance": eur("1")}, "after.balance"),
        ({"total_paid": Money.parse("0 USD")}, "after.total_paid"),
        ({"status": "done"}, "after.status"),
    ],
)
def test_case_12_a_hand_built_step_is_refused(change: dict[str, object], path: str) -> None:
    import attrs

    with pytest.raises(InvalidValueError) as e:
        sale().pay(attrs.evolve(sale().opening(), **change), Instalment(amount="500 EUR"))
    assert e.value.path == path


def test_sensor_deviation_checks_its_readings() -> None:
    r = SensorRange(minimum=2, maximum=13)
    for bad, path in (([], "readings"), ([15.5], "readings[0]"), ("15", "readings")):
        with pytest.raises(InvalidValueError) as e:
            r.deviation(bad)  # type: ignore[arg-type]
        assert e.value.path == path
    assert r.deviation([Decimal("15.5"), 1]) == Decimal("2.5")
