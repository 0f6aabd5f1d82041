"""Volume restrictions, most-favoured nation, price restrictions; bad input; laws of the
commercial computations (service credits, minimum commitments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Deal,
    MinimumCommitment,
    Money,
    MostFavouredNation,
    Party,
    PriceRestriction,
    Rate,
    ScheduledMinimum,
    ServiceCredit,
    ServiceLevel,
    State,
    Term,
    VolumeRestriction,
    evaluate,
)
from dealterms.exceptions import CurrencyMismatchError, InvalidDealError, InvalidValueError


def usd(amount: object) -> Money:
    return Money(amount=amount, currency="USD")


def deal(*clauses: object) -> Deal:
    return Deal(
        id="commercial",
        name="Commercial",
        parties=(Party(id="seller", name="Seller"), Party(id="buyer", name="Buyer")),
        term=Term(effective_date="2024-01-01"),
        clauses=clauses,
    )


# -- volume restriction -------------------------------------------------------------------


def volume(**kw: object) -> VolumeRestriction:
    fields: dict[str, object] = {
        "id": "volume",
        "restricted": "buyer",
        "holder": "seller",
        "metric": "units resold",
        "period": "quarterly",
        "cap": 500,
        "floor": 100,
    }
    return VolumeRestriction(**{**fields, **kw})


@pytest.mark.parametrize(
    ("v", "within", "excess", "short"),
    [(500, True, 0, 0), (501, False, 1, 0), (100, True, 0, 0), (99, False, 0, 1)],
)
def test_volume_cap_and_floor_are_inclusive(v: int, within: bool, excess: int, short: int) -> None:
    result = volume().check(volume=v)
    assert (result.within, result.excess, result.shortfall) == (within, excess, short)


def test_volume_reasons_and_positions() -> None:
    assert volume().check(volume=520).because == "520 units is 20 over the cap of 500 a quarter"
    ev = evaluate(deal(volume()), State(as_of="2024-06-01"))
    conducts = sorted(e.conduct for e in ev.for_clause("volume"))
    assert conducts == ["forbear", "perform"]


def test_volume_sentences_name_the_unit_once() -> None:
    ev = evaluate(deal(volume()), State(as_of="2024-06-01"))
    texts = sorted(e.text for e in ev.for_clause("volume"))
    assert texts == [
        (
            "Buyer must not exceed 500 units a quarter, measured by units resold (in favour of "
            "Seller)"
        ),
        "Buyer must reach 100 units a quarter, measured by units resold (in favour of Seller)",
    ]
    seats = volume(metric="seats", unit="seats").positions()[0]
    assert "500 seats a quarter (in favour" in seats.template


def test_volume_needs_a_sensible_limit() -> None:
    with pytest.raises(InvalidDealError) as e:
        deal(volume(floor=600))
    assert [x.path for x in e.value.exceptions] == ["$.clauses['volume'].floor"]
    with pytest.raises(InvalidDealError):
        deal(volume(cap=None, floor=None))
    with pytest.raises(InvalidValueError, match="got float") as err:
        volume(cap=1.5)
    assert err.value.path == "$.cap"


# -- most-favoured nation -----------------------------------------------------------------

MFN = MostFavouredNation(id="mfn", grantor="seller", holder="buyer", subject="widgets")


def test_mfn_breach_and_price_adjustment() -> None:
    result = MFN.check(
        holder_price=usd("10.00"),
        comparables={"acme": usd("9.50"), "globex": usd("9.75")},
        quantity=1000,
    )
    assert result.breached
    assert (result.best_customer, result.best) == ("acme", usd("9.50"))
    assert result.adjustment_per_unit == usd("0.50")
    assert result.adjustment == usd(500)
    assert "acme gets widgets at 9.50 USD" in result.because


def test_mfn_no_breach_when_no_one_is_better() -> None:
    result = MFN.check(holder_price=usd(9), comparables={"acme": usd(9), "globex": usd(12)})
    assert not result.breached
    assert result.adjustment == usd(0)
    assert not MFN.check(holder_price=usd(9), comparables={}).breached


def test_mfn_for_a_holder_who_is_paid_prefers_higher_prices() -> None:
    royalty = attrs.evolve(MFN, better="higher")
    result = royalty.check(holder_price=usd(5), comparables={"other": usd(6)}, quantity=10)
    assert (result.breached, result.adjustment) == (True, usd(10))


def test_mfn_bad_input() -> None:
    with pytest.raises(CurrencyMismatchError):
        MFN.check(holder_price=usd(10), comparables={"acme": Money.parse("9 EUR")})
    with pytest.raises(InvalidValueError, match="quantity"):
        MFN.check(holder_price=usd(10), comparables={}, quantity=-1)
    with pytest.raises(InvalidValueError, match="better must be one of"):
        attrs.evolve(MFN, better="cheaper")


# -- price restriction --------------------------------------------------------------------


def test_price_cap() -> None:
    pr = PriceRestriction(id="p", seller="seller", buyer="buyer", subject="hosting", cap="100 USD")
    assert pr.check(new_price=usd(100)).allowed
    result = pr.check(new_price=usd("100.01"))
    assert (result.allowed, result.excess) == (False, usd("0.01"))


def test_price_increase_limited_to_a_rate_a_year() -> None:
    pr = PriceRestriction(id="p", seller="seller", buyer="buyer", subject="s", max_increase="3%")
    result = pr.check(previous_price=usd(200), new_price=usd(207))
    assert (result.allowed, result.ceiling, result.excess) == (False, usd(206), usd(1))
    assert result.because == "207 USD is 1.00 USD above 200 USD raised by 3% a year = 206.00 USD"
    with pytest.raises(InvalidValueError, match="previous year's price"):
        pr.check(new_price=usd(1))


@pytest.mark.parametrize(
    ("limit", "index_change", "ceiling"),
    [
        ("lesser", "2%", usd(102)),
        ("lesser", "5%", usd(103)),
        ("greater", "5%", usd(105)),
        ("greater", "-1%", usd(103)),
        ("lesser", "-1%", usd(100)),  # a falling index allows no increase, forces no cut
    ],
)
def test_price_increase_limited_by_an_index(limit: str, index_change: str, ceiling: Money) -> None:
    pr = PriceRestriction(
        id="p", seller="seller", buyer="buyer", subject="s", max_increase="3%", index="cpi",
        increase_limit=limit,
    )  # fmt: skip
    result = pr.check(previous_price=usd(100), new_price=usd(100), index_change=index_change)
    assert result.ceiling == ceiling
    with pytest.raises(InvalidValueError, match="give its change"):
        pr.check(previous_price=usd(100), new_price=usd(100))


def test_price_restriction_needs_a_limit() -> None:
    pr = PriceRestriction(id="p", seller="seller", buyer="buyer", subject="s")
    with pytest.raises(InvalidDealError):
        deal(pr)
    [e] = evaluate(deal(attrs.evolve(pr, cap=usd(5))), State(as_of="2024-02-01")).for_clause("p")
    assert (e.holder, e.conduct) == ("buyer", "forbear")


# -- bad input for service credits and commitments -----------------------------------------


def test_service_levels_must_fall_and_stay_in_range() -> None:
    with pytest.raises(InvalidValueError, match="falling order") as e:
        ServiceCredit(
            id="s", provider="seller", customer="buyer",
            levels=(
                ServiceLevel(target="98%", credit="2%"),
                ServiceLevel(target="99%", credit="3%"),
            ),
        )  # fmt: skip
    assert e.value.path == "$.levels[1].target"
    with pytest.raises(InvalidValueError, match="at least 0% and at most 100%") as e:
        ServiceLevel(target="101%", credit="1%")
    assert e.value.path == "$.target"
    with pytest.raises(InvalidValueError, match=r"write '99\.7%'"):
        service_credit().assess(availability=Decimal("99.7"), monthly_charge=usd(1))
    with pytest.raises(InvalidValueError, match="got float"):
        ServiceLevel(target="99%", credit=0.02)
    with pytest.raises(CurrencyMismatchError):
        service_credit().assess(
            availability="90%", monthly_charge=usd(1), window_charges=Money.parse("1 EUR")
        )


def test_commitment_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="must not be negative") as e:
        ScheduledMinimum(minimum=-1)
    assert e.value.path == "$.minimum"
    mc = commitment()
    with pytest.raises(InvalidValueError, match="before the commitment starts"):
        mc.window("2019-12-31")
    with pytest.raises(InvalidValueError, match="got float"):
        mc.assess(on="2020-01-01", actual=1.5)
    bad = MinimumCommitment(
        id="m", obligor="buyer", obligee="seller", metric="orders", start="2024-01-01",
        forecast_share="80%", minimum=10, consequence="none", shortfall_price="1 USD",
    )  # fmt: skip
    with pytest.raises(InvalidDealError) as g:
        deal(bad)
    assert sorted(x.path.rsplit(".", 1)[-1] for x in g.value.exceptions) == [
        "forecast_share",
        "shortfall_price",
    ]
    with pytest.raises(InvalidValueError, match="consequence must be one of"):
        attrs.evolve(mc, consequence="sue")


def test_pay_shortfall_emits_a_payment() -> None:
    mc = attrs.evolve(commitment(), shortfall_price="2.50 USD")
    result = mc.assess(on="2021-03-01", actual=90)
    assert result.obligation is not None
    assert (result.obligation.payer, result.obligation.amount) == ("buyer", usd(25))


# -- laws ------------------------------------------------------------------------------------

_pct = st.integers(0, 1000).map(lambda n: Rate(value=Decimal(n) / 1000))
_money = st.integers(0, 10**7).map(lambda n: usd(Decimal(n) / 100))


def service_credit(**kw: object) -> ServiceCredit:
    fields: dict[str, object] = {
        "id": "sla",
        "provider": "seller",
        "customer": "buyer",
        "levels": (
            ServiceLevel(target="99.9%", credit="5%"),
            ServiceLevel(target="99%", credit="10%"),
            ServiceLevel(target="95%", credit="25%"),
        ),
        "monthly_cap": "20%",
        "rolling_cap": "10%",
    }
    return ServiceCredit(**{**fields, **kw})


@given(_pct, _money, _money, _money, st.none() | _pct, st.none() | _pct)
def test_credits_never_exceed_either_cap_and_are_never_negative(  # noqa: PLR0917
    availability: Rate,
    charge: Money,
    window_charges: Money,
    window_credits: Money,
    monthly_cap: Rate | None,
    rolling_cap: Rate | None,
) -> None:
    clause = service_credit(monthly_cap=monthly_cap, rolling_cap=rolling_cap)
    r = clause.assess(
        availability=availability,
        monthly_charge=charge,
        window_charges=window_charges,
        window_credits=window_credits,
    )
    assert r.credit.amount >= 0
    # Each cap bounds the credit once rounded to the minor unit as the credit is.
    for cap in (r.monthly_cap, r.rolling_cap, r.uncapped):
        if cap is not None:
            assert r.credit <= max(cap, usd(0)).round("ROUND_HALF_UP")
    assert (r.obligation is None) == (r.credit.amount == 0)


@given(_pct, _pct, _money)
def test_lower_availability_never_earns_a_smaller_credit(a: Rate, b: Rate, charge: Money) -> None:
    # Monotone: the rows' credits rise as targets fall.
    lo, hi = sorted((a, b), key=lambda r: r.value)
    clause = service_credit()
    assert (
        clause.assess(availability=lo, monthly_charge=charge).credit
        >= clause.assess(availability=hi, monthly_charge=charge).credit
    )


def commitment() -> MinimumCommitment:
    return MinimumCommitment(
        id="m",
        obligor="buyer",
        obligee="seller",
        metric="orders",
        start="2020-01-01",
        schedule=(ScheduledMinimum(minimum=50), ScheduledMinimum(minimum=100, periods=2)),
        minimum=80,
        consequence="pay_shortfall",
        shortfall_price="1 USD",
    )


_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2200, 12, 31))
_qty = st.integers(0, 10**6).map(lambda n: Decimal(n) / 10)


@given(_days, _qty)
def test_shortfall_is_max_of_zero_and_minimum_less_actual(day: date, actual: Decimal) -> None:
    mc = commitment()
    r = mc.assess(on=day, actual=actual)
    assert r.shortfall == max(Decimal(0), r.minimum - actual)
    assert r.met == (actual >= r.minimum)
    assert day in r.window.period


@given(_days, _qty, _qty)
def test_buying_more_never_increases_the_shortfall(day: date, a: Decimal, b: Decimal) -> None:
    mc = commitment()
    lo, hi = sorted((a, b))
    assert mc.assess(on=day, actual=hi).shortfall <= mc.assess(on=day, actual=lo).shortfall


# -- review findings ---------------------------------------------------------------------


def test_a_schedule_past_9999_is_a_problem_and_window_refuses_cleanly() -> None:
    long = MinimumCommitment(
        id="m", obligor="buyer", obligee="seller", metric="orders", start="9000-01-01",
        period="yearly", minimum=None, schedule=[ScheduledMinimum(minimum=1, periods=1200)],
        consequence="none",
    )  # fmt: skip
    assert [p.path for p in long.problems()] == ["$.schedule"]
    with pytest.raises(InvalidValueError, match="past the last supported date") as e:
        long.window("9000-06-01")
    assert e.value.path == "on"
    with pytest.raises(InvalidValueError, match="past the last supported date"):
        attrs.evolve(long, start="2020-03-01", schedule=(), minimum=1).window("9998-06-01")


def test_before_any_window_ends_the_shortfall_condition_is_plainly_false() -> None:
    cond = commitment().shortfall_condition("2020-06-01")
    assert str(cond) == "false"
    ended = commitment().shortfall_condition("2021-01-01")
    assert "orders.2020-01-01" in str(ended)


def test_pay_shortfall_needs_a_price() -> None:
    bare = attrs.evolve(commitment(), shortfall_price=None)
    assert [p.path for p in bare.problems()] == ["$.shortfall_price"]
    with pytest.raises(InvalidValueError, match="needs a shortfall_price") as e:
        bare.assess(on="2021-03-01", actual=0)
    assert e.value.path == "$.shortfall_price"
    assert bare.assess(on="2021-03-01", actual=1000).obligation is None  # met: nothing owed


def test_the_commitment_sentence_says_the_unit_once() -> None:
    mc = MinimumCommitment(
        id="m", obligor="buyer", obligee="seller", metric="widgets", unit="widgets",
        start="2020-01-01", period="yearly", minimum=10000, consequence="none",
    )  # fmt: skip
    (pos,) = mc.positions()
    assert "must reach 10000 widgets each year (minimum commitment" in pos.template
    (other,) = commitment().positions()
    assert "80 units each later year, measured by orders (" in other.template


def test_service_credit_amounts_may_be_money_text() -> None:
    sla = service_credit()
    text = sla.assess(availability="98%", monthly_charge="100 USD", window_charges="0 USD")
    assert text == sla.assess(availability="98%", monthly_charge=usd(100))
    with pytest.raises(InvalidValueError) as e:
        sla.assess(availability="98%", monthly_charge="100 dollars")
    assert e.value.path == "monthly_charge"


def test_a_level_without_percent_sign_keeps_the_sentence_and_hints() -> None:
    with pytest.raises(InvalidValueError) as e:
        service_credit().assess(availability="97", monthly_charge=usd(100))
    assert e.value.message.startswith("A service level must be at least 0% and at most 100%.")
    assert "'97%'" in e.value.message
