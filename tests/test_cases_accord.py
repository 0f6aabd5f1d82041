"""Public cases from the Accord Project's late-delivery templates (public.md #2-#5).

Instants are brought to day granularity with `whole_days_between` (truncated toward zero).
The sources' float artefacts (110.00000000000001) are exact here (110.00).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from dealterms import (
    ContractState,
    Deadline,
    Deal,
    Lifecycle,
    LifecycleEvent,
    LiquidatedDamages,
    Money,
    ObligationState,
    Party,
    PaymentDue,
    Term,
    whole_days_between,
)
from dealterms.exceptions import InvalidValueError

EST = timezone(timedelta(hours=-5))
VALUE = Money.parse("200.00 USD")


def clause(cap: str = "55%", **kw: object) -> LiquidatedDamages:
    fields: dict[str, object] = {
        "id": "late-delivery",
        "obligor": "seller",
        "obligee": "buyer",
        "rate": "10.5%",
        "period_days": 2,
        "cap": cap,
        "termination_after_days": 15,
    }
    fields.update(kw)
    return LiquidatedDamages(**fields)  # type: ignore[arg-type]


def test_the_clause_fits_in_a_deal() -> None:
    deal = Deal(
        id="supply",
        name="Supply",
        parties=(Party(id="seller", name="Dan"), Party(id="buyer", name="Steve")),
        term=Term(effective_date="2018-01-01"),
        clauses=(clause(),),
    )
    assert deal.clauses[0].kind == "liquidated_damages"


def test_case_2_penalty_hits_the_cap_and_opens_termination() -> None:
    days = whole_days_between(
        datetime(2018, 1, 31, 3, 24, tzinfo=UTC), datetime(2019, 1, 11, 16, 34, tzinfo=EST)
    )
    assert days == 345
    result = clause().assess(delay_days=days, goods_value=VALUE)
    assert result.uncapped == Money.parse("3622.5 USD")  # 345/2 × 10.5% × 200
    assert result.penalty == Money.parse("110.00 USD")  # 55% × 200
    assert result.capped
    assert result.obligee_may_terminate  # 345 days > 15
    assert result.obligation == PaymentDue(
        payer="seller", payee="buyer", amount=Money.parse("110 USD")
    )


def test_case_2_the_penalty_becomes_an_obligation_fulfilled_on_payment() -> None:
    result = clause().assess(delay_days=345, goods_value=VALUE)
    assert result.obligation is not None
    penalty = result.obligation.to_obligation(
        id="penalty", deadline=Deadline(days=30), source="late delivery, case #2"
    )
    assert (penalty.obligor, penalty.obligee, penalty.owed) == (
        "seller",
        "buyer",
        Money.parse("110.00 USD"),
    )
    lc = Lifecycle(start="2019-01-11", clauses=(penalty,))
    owed = lc.replay([], as_of="2019-01-11")
    assert owed.state("penalty") is ObligationState.IN_EFFECT
    [claim] = owed.positions()
    assert (claim.holder, claim.counterparty) == ("buyer", "seller")
    assert "110 USD" in claim.template
    paid = LifecycleEvent(date="2019-01-20", action="fulfil", target="penalty")
    done = lc.replay([paid], as_of="2019-01-20")
    assert done.state("penalty") is ObligationState.FULFILLED
    assert done.contract.state is ContractState.SUCCESSFULLY_TERMINATED
    # Unpaid for 30 days: violated on the 31st (2019-01-11 + 30 = 2019-02-10 is the last day).
    assert lc.replay([], as_of="2019-02-11").state("penalty") is ObligationState.VIOLATED


def test_a_payment_due_becomes_an_obligation_only_when_it_can() -> None:
    nothing = PaymentDue(payer="seller", payee="buyer", amount=Money.parse("0 USD"))
    with pytest.raises(InvalidValueError, match="must be > 0") as e:
        nothing.to_obligation(id="penalty")
    assert e.value.path == "$.owed"
    with pytest.raises(InvalidValueError, match="distinct parties") as e:
        PaymentDue(payer="seller", payee="seller", amount=Money.parse("1 USD"))
    assert e.value.path == "$.payee"
    with pytest.raises(InvalidValueError):
        PaymentDue(payer="a", payee="b", amount=VALUE).to_obligation(id="", created_by="x")


def test_case_3a_one_day_late() -> None:
    days = whole_days_between(
        datetime(2017, 12, 17, 3, 24, tzinfo=EST), datetime(2017, 12, 19, 3, 24, tzinfo=UTC)
    )
    assert days == 1  # 1 d 19 h, truncated
    result = clause().assess(delay_days=days, goods_value=VALUE)
    assert result.penalty == Money.parse("10.5 USD")
    assert not result.obligee_may_terminate


def test_case_3b_before_the_delivery_date_is_rejected() -> None:
    days = whole_days_between(
        datetime(2019, 1, 31, 3, 24, tzinfo=UTC), datetime(2019, 1, 11, 16, 34, tzinfo=EST)
    )
    assert days < 0
    with pytest.raises(InvalidValueError, match="Cannot exercise late delivery before delivery"):
        clause().assess(delay_days=days, goods_value=VALUE)


@pytest.mark.parametrize(
    ("policy", "terminate"),
    [
        ("excuses_penalty_only", True),  # the template's logic (FLAG)
        ("excuses_penalty_and_termination", False),  # the text's plain reading
    ],
)
def test_case_3c_force_majeure_both_readings(policy: str, terminate: bool) -> None:
    result = clause(force_majeure=policy).assess(
        delay_days=345, goods_value=VALUE, force_majeure=True
    )
    assert result.penalty == Money.parse("0 USD")
    assert result.obligation is None
    assert result.obligee_may_terminate is terminate


def test_case_4_currency_conversion_after_the_cap() -> None:
    eur = Money.parse("200.00 EUR")
    a = clause().assess(delay_days=345, goods_value=eur, pay_in="USD", conversion_rate="1.1")
    assert a.penalty == Money.parse("110 EUR")
    assert a.payable == Money.parse("121.00 USD")  # 110 × 1.1, the cap before conversion
    assert a.obligee_may_terminate
    assert a.obligation is not None
    assert a.obligation.amount.currency == "USD"
    b = clause().assess(delay_days=1, goods_value=eur, pay_in="USD", conversion_rate="1.1")
    assert b.payable == Money.parse("11.55 USD")


def test_case_5_measured_to_actual_delivery_with_a_52_percent_cap() -> None:
    agreed = datetime(2019, 4, 1, 12, 0, tzinfo=EST)
    c = clause(cap="52%")
    eight = whole_days_between(agreed, datetime(2019, 4, 10, 3, 24, tzinfo=EST))
    assert eight == 8  # 8 d 15 h 24 min
    a = c.assess(delay_days=eight, goods_value=VALUE)
    assert a.penalty == Money.parse("84 USD")  # 4 × 10.5% × 200
    assert not a.obligee_may_terminate
    eighteen = whole_days_between(agreed, datetime(2019, 4, 20, 3, 24, tzinfo=EST))
    b = c.assess(delay_days=eighteen, goods_value=VALUE)
    assert b.uncapped == Money.parse("189 USD")
    assert b.penalty == Money.parse("104 USD")  # 52% × 200
    assert b.obligee_may_terminate
    early = whole_days_between(
        datetime(2019, 4, 11, 12, 0, tzinfo=EST), datetime(2019, 4, 10, 3, 24, tzinfo=EST)
    )
    with pytest.raises(InvalidValueError, match="Cannot exercise late delivery"):
        c.assess(delay_days=early, goods_value=VALUE)


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError):
        clause(period_days=0)
    with pytest.raises(InvalidValueError, match="force_majeure must be"):
        clause(force_majeure="sometimes")
    with pytest.raises(InvalidValueError, match="conversion_rate"):
        clause().assess(delay_days=3, goods_value=VALUE, pay_in="EUR")
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        whole_days_between(datetime(2020, 1, 1), datetime(2020, 1, 2, tzinfo=UTC))  # noqa: DTZ001
    assert Decimal("110.00") == clause().assess(delay_days=345, goods_value=VALUE).penalty.amount


def test_a_computed_penalty_is_never_refused_by_the_input_bounds() -> None:
    # Inputs at the bounds (28 significant digits) give a penalty with more digits than an
    # input may have; it is a result, exact, not an input to check.
    ld = LiquidatedDamages(
        id="ld",
        obligor="a",
        obligee="b",
        rate="0.3333333333333333333333333333",
        period_days=7,
    )
    goods = Money.parse("9999999999999999999999999.99 USD")
    result = ld.assess(delay_days=999_999, goods_value=goods)
    exact = Fraction(999_999, 7) * Fraction(ld.rate.value) * Fraction(goods.amount)
    assert result.penalty.amount > goods.amount
    assert abs(Fraction(result.penalty.amount) - exact) / exact < Fraction(1, 10**40)
    assert result.because.startswith("999999 days late")
