"""Computed amounts are never refused by the input bounds (28 significant digits).

Inputs are bounded (`dealterms._money.check_magnitude`); sums, products and prorations of
bounded inputs may need more digits, and must still come back as results.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Deduction,
    Instalment,
    InstalmentSale,
    MinimumCommitment,
    Money,
    MostFavouredNation,
    PerishableGoodsPrice,
    PriceRestriction,
    Rate,
    SecurityDeposit,
    SensorRange,
    SensorReading,
    ServiceCredit,
    ServiceLevel,
    TierBand,
    TierTable,
)
from dealterms.exceptions import InvalidValueError

BIG = "9999999999999999999999999999"  # 28 nines: the largest whole amount accepted
TINY = Decimal("0.0000000000000000000000000001")  # 1E-28: the finest accepted


def test_a_tier_rate_with_28_digits_on_a_plain_base() -> None:
    t = TierTable(bands=[TierBand(lower="0 USD", rate="0.3333333333333333333333333333")])
    result = t.apply(Money.parse("1234567.89 USD"))
    assert F(result.amount.amount) == F("1234567.89") * F("0.3333333333333333333333333333")


def test_a_tiny_minimum_against_a_large_shortfall_price() -> None:
    mc = MinimumCommitment(
        id="m", obligor="buyer", obligee="seller", metric="orders", start="2020-01-01",
        minimum=TINY, consequence="pay_shortfall",
        shortfall_price="99999999999999999999999999.99 USD",
    )  # fmt: skip
    result = mc.assess(on="2020-06-01", actual=0)
    assert result.obligation is not None
    assert F(result.obligation.amount.amount) == F(TINY) * F("99999999999999999999999999.99")


def test_a_service_credit_on_a_large_charge() -> None:
    sla = ServiceCredit(
        id="sla", provider="p", customer="c",
        levels=(ServiceLevel(target="99.9%", credit="0.0000000000000000000000000003"),),
    )  # fmt: skip
    result = sla.assess(availability="99%", monthly_charge=f"{BIG[:-2]}.99 USD")
    assert F(result.uncapped.amount) == F(f"{BIG[:-2]}.99") * F("3E-28")


def test_a_perishable_price_with_a_tiny_penalty() -> None:
    clause = PerishableGoodsPrice(
        id="s", buyer="b", seller="g", price_per_unit=f"{BIG[:-2]}.99 USD", unit="KG",
        min_units=1, max_units=10, spoils_on="2030-01-01",
        temperature=SensorRange(minimum=2, maximum=13),
        humidity=SensorRange(minimum=0, maximum=100),
        penalty_per_unit=Money(amount=TINY, currency="USD"),
    )  # fmt: skip
    result = clause.price(
        units=3, received_on="2020-01-01", readings=[SensorReading(temperature=14, humidity=50)]
    )
    assert F(result.total.amount) == F(f"{BIG[:-2]}.99") * 3 - F(TINY) * 3


def test_a_deposit_settled_with_three_maximal_deductions() -> None:
    deposit = SecurityDeposit(id="d", depositor="t", holder="l", deposit=f"{BIG} USD")
    over = [Deduction(reason=f"r{i}", amount=f"{BIG} USD") for i in range(3)]
    with pytest.raises(InvalidValueError, match="more than the deposit") as e:
        deposit.settle(over)
    assert e.value.path == "deductions"
    assert deposit.settle(over[:1]).refund.amount == 0


def test_money_arithmetic_results_pass_the_input_bounds() -> None:
    big = Money(amount=Decimal(BIG), currency="USD")
    assert F((big + big + big).amount) == 3 * F(BIG)
    assert F((big * Decimal(BIG)).amount) == F(BIG) ** 2
    assert F((Money(amount=TINY, currency="USD") * TINY).amount) == F(TINY) ** 2


_amounts = st.sampled_from([Decimal(BIG), Decimal("0.01"), TINY, Decimal(0), Decimal("12.345")])
_rates = st.sampled_from(
    [Decimal(1), Decimal(0), TINY, Decimal("0.3333333333333333333333333333"), Decimal("0.5")]
)


@given(_amounts, _amounts, _rates, _rates)
def test_the_computing_methods_return_at_the_documented_bounds(
    a: Decimal, b: Decimal, r: Decimal, s: Decimal
) -> None:
    usd = lambda d: Money(amount=d, currency="USD")  # noqa: E731
    tiers = TierTable(
        bands=[TierBand(lower="0 USD", upper=usd(max(a, TINY)), rate=Rate(value=r)),
               TierBand(lower=usd(max(a, TINY)), rate=Rate(value=s))],
    )  # fmt: skip
    tiers.apply(usd(b))
    tiers.between(b, a)
    mc = MinimumCommitment(
        id="m", obligor="o", obligee="e", metric="orders", start="2020-01-01", minimum=a,
        consequence="pay_shortfall", shortfall_price=usd(b),
    )  # fmt: skip
    assert F(mc.assess(on="2020-01-01", actual=TINY).shortfall) == max(0, F(a) - F(TINY))
    sla = ServiceCredit(
        id="sla", provider="p", customer="c", monthly_cap=Rate(value=s), rolling_cap=Rate(value=r),
        levels=(ServiceLevel(target="100%", credit=Rate(value=r)),),
    )  # fmt: skip
    sla.assess(availability="99%", monthly_charge=usd(a), window_charges=usd(b))
    mfn = MostFavouredNation(id="f", holder="h", grantor="g", subject="x")
    mfn.check(holder_price=usd(a), comparables={"c": usd(b)}, quantity=a)
    pr = PriceRestriction(id="p", seller="h", buyer="g", subject="x", max_increase=r)
    pr.check(new_price=usd(a), previous_price=usd(b))
    deposit = SecurityDeposit(id="d", depositor="t", holder="l", deposit=usd(a + 0))
    deposit.settle([Deduction(reason="x", amount=usd(min(a, b)))])
    perishable = PerishableGoodsPrice(
        id="s", buyer="b", seller="g", price_per_unit=usd(a), unit="KG", min_units=1,
        max_units=3, spoils_on="2030-01-01", temperature=SensorRange(minimum=-a, maximum=a),
        humidity=SensorRange(minimum=0, maximum=0), penalty_per_unit=usd(b),
    )  # fmt: skip
    perishable.price(
        units=3, received_on="2020-01-01", readings=[SensorReading(temperature=b, humidity=r)]
    )


@given(st.sampled_from(["0.01", "1", BIG[:-2] + ".99"]), st.sampled_from(["0%", "1.5%", "100%"]))
def test_an_instalment_sale_at_the_bounds_returns(price: str, interest: str) -> None:
    sale = InstalmentSale(
        id="s", buyer="b", seller="n", total_price=f"{price} EUR", due_at_closing=f"{BIG} EUR",
        minimum_instalment="0.01 EUR", first_month=1, monthly_interest=interest, last_month=3,
    )  # fmt: skip
    sale.apply([Instalment(amount="0.01 EUR")])
