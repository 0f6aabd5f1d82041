"""Laws of the payment clauses that compute what is owed (instalments, perishable goods,
security deposits, conversion rights), checked with Hypothesis.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    ClosingPayment,
    ConversionRight,
    Deduction,
    Instalment,
    InstalmentSale,
    InstalmentStep,
    Money,
    PerishableGoodsPrice,
    Rate,
    SecurityDeposit,
    SensorRange,
    SensorReading,
)
from dealterms.exceptions import InvalidValueError


def cents(low: int = 1, high: int = 10**7) -> st.SearchStrategy[Decimal]:
    return st.integers(min_value=low, max_value=high).map(lambda n: Decimal(n).scaleb(-2))


def eur(amounts: st.SearchStrategy[Decimal]) -> st.SearchStrategy[Money]:
    return st.builds(Money, amount=amounts, currency=st.just("EUR"))


interest = st.decimals(min_value=0, max_value=Decimal("0.2"), places=4).map(lambda d: Rate(value=d))


@st.composite
def sales(draw: st.DrawFn) -> InstalmentSale:
    last = draw(st.integers(3, 36))
    return InstalmentSale(
        id="sale",
        buyer="buyer",
        seller="seller",
        total_price=draw(eur(cents(1000, 10**7))),
        due_at_closing=draw(eur(cents(0, 10**5))),
        minimum_instalment=draw(eur(cents(1, 10**5))),
        first_month=draw(st.integers(1, last - 1)),
        monthly_interest=draw(interest),
        last_month=last,
    )


def accounts_for_every_cent(sale: InstalmentSale, step: InstalmentStep) -> None:
    owed = sale.total_price + step.total_interest
    if step.status == "fulfilled":
        owed += sale.due_at_closing
    assert step.total_paid + step.balance == owed
    assert step.balance.amount >= 0
    assert step.interest.amount >= 0
    assert step.balance == step.balance.round("ROUND_HALF_UP")  # whole cents


@given(sales(), st.lists(cents(1, 10**7), max_size=30), st.booleans())
def test_instalment_balance_never_negative_and_every_cent_accounted(
    sale: InstalmentSale, amounts: list[Decimal], close: bool
) -> None:
    """Any run of payments, accepted or refused: the balance stays >= 0 and
    total paid + balance = price + interest (+ the closing amount once fulfilled)."""
    state = sale.opening()
    accounts_for_every_cent(sale, state)
    for amount in amounts:
        try:
            after = sale.pay(state, Instalment(amount=Money(amount=amount, currency="EUR")))
        except InvalidValueError:
            continue  # refused: the state is unchanged (it is immutable)
        assert after.balance <= (state.balance - after.payment) * (  # type: ignore[operator]
            1 + sale.monthly_interest.value
        ) + Money(amount=Decimal("0.005"), currency="EUR")
        accounts_for_every_cent(sale, after)
        state = after
    if close:
        due = state.balance + sale.due_at_closing
        state = sale.pay(state, ClosingPayment(amount=due))
        accounts_for_every_cent(sale, state)
        assert state.balance.amount == 0
        assert state.status == "fulfilled"


@given(sales(), st.data())
def test_apply_is_pay_step_by_step(sale: InstalmentSale, data: st.DataObject) -> None:
    state = sale.opening()
    payments: list[Instalment] = []
    months = sale.last_month - 1 - sale.first_month
    for _ in range(data.draw(st.integers(0, max(0, months)))):
        if state.balance < sale.minimum_instalment:
            break
        amount = data.draw(
            st.decimals(
                min_value=sale.minimum_instalment.amount, max_value=state.balance.amount, places=2
            )
        )
        payment = Instalment(amount=Money(amount=amount, currency="EUR"))
        state = sale.pay(state, payment)
        payments.append(payment)
    steps = sale.apply(payments)
    assert (steps[-1] if steps else sale.opening()) == state


# -- perishable goods --------------------------------------------------------------------

measure = st.decimals(min_value=-100, max_value=200, places=1)
readings = st.builds(SensorReading, temperature=measure, humidity=measure)


@st.composite
def shipments(draw: st.DrawFn) -> PerishableGoodsPrice:
    low = draw(st.integers(0, 5000))
    t = sorted(draw(st.tuples(measure, measure)))
    h = sorted(draw(st.tuples(measure, measure)))
    return PerishableGoodsPrice(
        id="shipment",
        buyer="importer",
        seller="grower",
        price_per_unit=draw(eur(cents(0, 10**4))),
        min_units=low,
        max_units=low + draw(st.integers(0, 500)),
        spoils_on="2030-01-01",
        temperature=SensorRange(minimum=t[0], maximum=t[1]),
        humidity=SensorRange(minimum=h[0], maximum=h[1]),
        penalty_per_unit=draw(eur(cents(0, 10**3))),
    )


def price(clause: PerishableGoodsPrice, units: int, got: list[SensorReading]) -> Money:
    result = clause.price(units=units, readings=got, received_on="2020-01-01")
    assert result.total.amount >= 0
    assert result.total == Money(
        amount=max(result.base_price.amount - result.penalty.amount, Decimal(0)), currency="EUR"
    )
    assert result.penalty == clause.penalty_per_unit * (
        (result.temperature_deviation + result.humidity_deviation) * units
    )
    return result.total


@given(shipments(), st.data(), st.lists(readings, min_size=1, max_size=5), readings)
def test_perishable_total_never_negative_and_more_readings_never_raise_it(
    clause: PerishableGoodsPrice,
    data: st.DataObject,
    got: list[SensorReading],
    extra: SensorReading,
) -> None:
    units = data.draw(st.integers(clause.min_units, clause.max_units))
    assert price(clause, units, [*got, extra]) <= price(clause, units, got)


@given(shipments(), st.data(), st.lists(readings, min_size=1, max_size=5), measure.map(abs))
def test_perishable_total_is_monotone_non_increasing_in_deviation(
    clause: PerishableGoodsPrice,
    data: st.DataObject,
    got: list[SensorReading],
    further: Decimal,
) -> None:
    """Moving one reading farther from its range (outward) never raises the total."""
    units = data.draw(st.integers(clause.min_units, clause.max_units))
    i = data.draw(st.integers(0, len(got) - 1))
    field = data.draw(st.sampled_from(["temperature", "humidity"]))
    bounds: SensorRange = getattr(clause, field)
    value: Decimal = getattr(got[i], field)
    middle = (bounds.minimum + bounds.maximum) / 2
    moved = value + further if value >= middle else value - further
    worse = [*got[:i], attrs.evolve(got[i], **{field: moved}), *got[i + 1 :]]
    assert price(clause, units, worse) <= price(clause, units, got)


# -- security deposits -------------------------------------------------------------------


@given(
    eur(cents(0, 10**7)),
    st.lists(eur(cents(0, 10**6)), max_size=6),
    st.sampled_from(["holder_refunds", "depositor_as_promisor"]),
)
def test_deposit_refund_plus_deductions_is_the_deposit(
    amount: Money, deducted: list[Money], policy: str
) -> None:
    clause = SecurityDeposit(
        id="deposit",
        depositor="tenant",
        holder="landlord",
        deposit=amount,
        refund_policy=policy,  # type: ignore[arg-type]
    )
    items = [Deduction(reason=f"item {i}", amount=d) for i, d in enumerate(deducted)]
    total = sum((d.amount for d in deducted), Decimal(0))
    if total > amount.amount:
        with pytest.raises(InvalidValueError, match="more than the deposit") as e:
            clause.settle(items)
        assert e.value.path == "deductions"
        return
    result = clause.settle(items)
    assert result.refund + result.deducted == result.deposit == amount
    assert result.refund.amount >= 0
    if result.refund.amount == 0:
        assert result.obligation is None
    else:
        assert result.obligation is not None
        assert result.obligation.amount == result.refund
        payer = "landlord" if policy == "holder_refunds" else "tenant"
        assert result.obligation.payer == payer


# -- conversion rights -------------------------------------------------------------------


@given(
    eur(cents(1, 10**9)),
    st.decimals(min_value=0, max_value=Decimal("0.99"), places=2),
    eur(cents(1, 10**6)),
    st.booleans(),
)
def test_conversion_quantity_times_discounted_price_is_the_purchase_amount(
    amount: Money, discount: Decimal, unit_price: Money, tokens: bool
) -> None:
    """To the 28 significant digits of the stated rounding rule."""
    clause = ConversionRight(
        id="safte", investor="investor", issuer="company", purchase_amount=amount, discount=discount
    )
    key = "token_price" if tokens else "share_price"
    result = clause.convert(**{key: unit_price})  # type: ignore[arg-type]
    quantity = result.tokens if tokens else result.shares
    assert quantity is not None
    assert (result.tokens is None) != (result.shares is None)
    back = quantity * unit_price.amount * (1 - discount)
    assert abs(back - amount.amount) <= amount.amount * Decimal("1e-26")
    assert decimal.Context(prec=28).plus(quantity) == quantity
