from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import Money, Rate
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

amounts = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15), max_value=10**15
)


@given(amounts, st.sampled_from(["USD", "EUR", "JPY", "KWD"]))
def test_parse_format_round_trip(amount: Decimal, code: str) -> None:
    m = Money(amount=amount, currency=code)
    assert Money.parse(m.format()) == m


@given(amounts, amounts)
def test_addition_is_exact_and_commutative(a: Decimal, b: Decimal) -> None:
    x, y = Money(amount=a, currency="USD"), Money(amount=b, currency="USD")
    assert (x + y).amount == a + b
    assert x + y == y + x
    assert (x + y) - y == x


def test_minor_units_rounding_half_even() -> None:
    assert Money.parse("0.125 USD").round() == Money.parse("0.12 USD")
    assert Money.parse("0.135 USD").round() == Money.parse("0.14 USD")
    assert Money.parse("0.125 USD").round("ROUND_HALF_UP") == Money.parse("0.13 USD")
    assert Money.parse("2.5 JPY").round().format() == "2 JPY"
    assert Money.parse("1.0005 KWD").round().format() == "1.000 KWD"


def test_mixing_currencies_is_an_error() -> None:
    with pytest.raises(CurrencyMismatchError, match="different currencies"):
        _ = Money.parse("1 USD") + Money.parse("1 EUR")
    with pytest.raises(CurrencyMismatchError):
        _ = Money.parse("1 USD") < Money.parse("1 EUR")


@pytest.mark.parametrize(
    "text", ["100", "USD 100", "1e11 USD", "100 usd", "100 XYZ", "", "1,000 USD"]
)
def test_bad_money_text(text: str) -> None:
    with pytest.raises(InvalidValueError):
        Money.parse(text)


def test_floats_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="write Decimal"):
        Money(amount=0.1, currency="USD")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        Money(amount=Decimal("NaN"), currency="USD")


def test_rates() -> None:
    assert Rate.parse("20%").value == Decimal("0.2")
    assert Rate.parse("20%").format() == "20%"
    assert Money.parse("100 USD") * Rate.parse("20%") == Money.parse("20 USD")
    with pytest.raises(InvalidValueError):
        Rate.parse("abc")
