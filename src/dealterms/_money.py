"""Exact money and rates.

[`Money`][dealterms.Money] is a `Decimal` amount with an ISO 4217 currency code; arithmetic
and comparison are defined only within one currency (mixing raises
[`CurrencyMismatchError`][dealterms.exceptions.CurrencyMismatchError]). Amounts are never
rounded implicitly: [`Money.round`][dealterms.Money.round] rounds to the currency's minor
unit with a stated rule (default `ROUND_HALF_EVEN`, "banker's rounding").
[`Rate`][dealterms.Rate] is a `Decimal` fraction in [0, 1]. Floats are refused everywhere.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Self

import attrs

from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

if TYPE_CHECKING:
    from dealterms.typing import RoundingRule

__all__ = ["ISO_4217_MINOR_UNITS", "Money", "Rate", "to_decimal"]

# Active ISO 4217 codes and their minor units (number of decimal places), from the ISO 4217
# list (amendment 176+). Funds codes and precious metals (XAU, …) are omitted on purpose.
_ISO_4217 = """
AED2 AFN2 ALL2 AMD2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BHD3 BIF0 BMD2 BND2 BOB2 BRL2
BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHF2 CLP0 CNY2 COP2 CRC2 CUP2 CVE2 CZK2 DJF0 DKK2 DOP2
DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 HNL2 HTG2
HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2
KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2
MXN2 MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2
RON2 RSD2 RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2
SZL2 THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 UYU2 UYW4 UZS2 VES2 VND0
VUV0 WST2 XAF0 XCD2 XCG2 XOF0 XPF0 YER2 ZAR2 ZMW2 ZWG2
"""
ISO_4217_MINOR_UNITS: dict[str, int] = {tok[:3]: int(tok[3:]) for tok in _ISO_4217.split()}
"""Each supported ISO 4217 currency code mapped to its number of minor-unit digits."""


_MONEY_TEXT = re.compile(r"\s*([+-]?[0-9][0-9_]*(?:\.[0-9]+)?)\s+([A-Za-z]{3})\s*")
_ROUNDING_RULES = frozenset(
    (
        "ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_HALF_DOWN", "ROUND_UP", "ROUND_DOWN",
        "ROUND_CEILING", "ROUND_FLOOR", "ROUND_05UP",
    )
)  # fmt: skip
# Enough precision for any amount a deal states; arithmetic never rounds silently.
_CONTEXT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


def to_decimal(value: object, *, path: str = "", what: str = "a decimal number") -> Decimal:
    """Return `value` as a finite `Decimal`, refusing floats and booleans.

    Args:
        value: A `Decimal`, an `int`, or a decimal string such as `"0.20"` or `"20%"`
            (a trailing `%` divides by 100).
        path: Where the value sits, for the error message.
        what: How to name the expected value in the error message.

    Raises:
        InvalidValueError: for a float (its binary value is not the decimal you wrote),
            a bool, NaN or infinity, or an unparsable string.
    """
    if isinstance(value, (bool, float)):
        hint = (
            f"; write Decimal({str(value)!r}) or the string {str(value)!r}"
            if isinstance(value, float)
            else ""
        )
        raise InvalidValueError(
            f"expected {what}, got {type(value).__name__} {value!r}{hint}",
            path=path,
            expected=what,
            got=value,
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        percent = text.endswith("%")
        try:
            result = Decimal(text.removesuffix("%").strip())
        except decimal.InvalidOperation:
            raise InvalidValueError(
                f"expected {what}, got {value!r}", path=path, expected=what, got=value
            ) from None
        if percent:
            result = _CONTEXT.divide(result, Decimal(100))
    else:
        raise InvalidValueError(
            f"expected {what}, got {type(value).__name__} {value!r}",
            path=path,
            expected=what,
            got=value,
        )
    if not result.is_finite():
        raise InvalidValueError(
            f"expected a finite number, got {value!r}", path=path, expected=what, got=value
        )
    return check_magnitude(result, path=path, what=what, got=value)


MAX_DIGITS = 28
"""The most significant digits a number may have (money, rates, metrics, thresholds)."""
MAX_ADJUSTED_EXPONENT = 28
"""Numbers must lie strictly between -1E+29 and 1E+29, and be no finer than 1E-28."""


def check_magnitude(
    d: Decimal, *, path: str = "", what: str = "a number", got: object = None
) -> Decimal:
    """`d` if it fits the exact arithmetic dealterms guarantees, else an error.

    Numbers may have at most `MAX_DIGITS` significant digits, a magnitude below
    `1E+29` and no digit finer than `1E-28`: every sum, product and comparison of such
    numbers is then exact in dealterms' 60-digit arithmetic.

    Raises:
        InvalidValueError: for a number outside those bounds.
    """
    digits = len(d.as_tuple().digits)
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)  # finite numbers only
    if d and (
        digits > MAX_DIGITS
        or d.adjusted() > MAX_ADJUSTED_EXPONENT
        or exponent < -MAX_ADJUSTED_EXPONENT
    ):
        raise InvalidValueError(
            f"{got if got is not None else d!s} is too large or too precise: numbers may "
            f"have at most {MAX_DIGITS} significant digits, be below "
            f"1E+{MAX_ADJUSTED_EXPONENT + 1} and no finer than 1E-{MAX_ADJUSTED_EXPONENT}",
            path=path,
            expected=what,
            got=got if got is not None else d,
        )
    return d


def _currency(value: object) -> str:
    if not isinstance(value, str) or value not in ISO_4217_MINOR_UNITS:
        hint = ""
        if isinstance(value, str) and value.upper() in ISO_4217_MINOR_UNITS:
            hint = f"; codes are upper case: {value.upper()!r}"
        raise InvalidValueError(
            f"expected an ISO 4217 currency code such as 'USD', got {value!r}{hint}",
            path="$.currency",
            expected="an active ISO 4217 code",
            got=value,
        )
    return value


def _amount(value: object) -> Decimal:
    return to_decimal(value, path="$.amount", what="a decimal amount")


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An exact amount of money in one currency.

    Attributes:
        amount: The amount, a finite `Decimal` (ints and decimal strings are converted;
            floats are refused). Not rounded: `Money(amount="0.125", currency="USD")` keeps
            all three decimals until you call [`round`][dealterms.Money.round].
        currency: An active ISO 4217 code, upper case (`"USD"`).

    The constructor bounds its input (see `check_magnitude`); the results of `+`, `-`,
    `*` and [`round`][dealterms.Money.round] are computed amounts and are not refused by
    those input bounds (they are exact in 60-digit arithmetic).

    Equality is exact and numeric: `Money(amount="1.0", currency="USD")` equals
    `Money(amount="1", currency="USD")`. Ordering (`<`, `>=`, …) and `+`/`-` between two
    amounts require the same currency, else `CurrencyMismatchError`.

    Raises:
        InvalidValueError: for a float or malformed amount, or an unknown currency code.
        CurrencyMismatchError: when adding, subtracting or ordering amounts in two currencies.

    Example:
        >>> profit = Money.parse("100000000000 USD")
        >>> profit >= Money(amount=10**11, currency="USD")
        True
        >>> (profit * Rate.parse("20%")).round().format()
        '20000000000.00 USD'
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(validator=lambda _i, _a, v: _currency(v))

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse `"AMOUNT CODE"`, e.g. `"100000000000 USD"` or `"-12.50 EUR"`.

        Underscores may group digits (`"100_000_000_000 USD"`).

        Raises:
            InvalidValueError: for any other form, a float-like exponent (`1e11 USD`) or an
                unknown currency.
        """
        m = _MONEY_TEXT.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise InvalidValueError(
                f"expected money as 'AMOUNT CODE' (e.g. '100000000000 USD'), got {text!r}",
                expected="'AMOUNT CODE'",
                got=text,
            )
        return cls(amount=Decimal(m[1].replace("_", "")), currency=m[2])

    def format(self) -> str:
        """Return `"AMOUNT CODE"`, the inverse of [`parse`][dealterms.Money.parse]."""
        return f"{_plain(self.amount)} {self.currency}"

    def __str__(self) -> str:
        return self.format()

    @property
    def minor_units(self) -> int:
        """The currency's number of minor-unit digits (2 for USD, 0 for JPY, 3 for KWD)."""
        return ISO_4217_MINOR_UNITS[self.currency]

    def round(self, rule: RoundingRule = "ROUND_HALF_EVEN") -> Money:
        """Round to the currency's minor unit with the named `decimal` rounding rule.

        Raises:
            InvalidValueError: for an unknown rule name.
        """
        if rule not in _ROUNDING_RULES:
            raise InvalidValueError(
                f"unknown rounding rule {rule!r}",
                path="rule",
                expected=" | ".join(sorted(_ROUNDING_RULES)),
                got=rule,
            )
        quantum = Decimal(1).scaleb(-self.minor_units)
        return _result(
            lambda: self.amount.quantize(quantum, rounding=rule, context=_CONTEXT),
            self.currency,
        )

    def _same(self, other: Money, op: str) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(
                f"cannot {op} {self.format()} and {other.format()}: different currencies",
                expected=f"an amount in {self.currency}",
                got=other.format(),
            )

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        return _result(lambda: _CONTEXT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        return _result(lambda: _CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return unchecked_money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int | Rate) -> Money:
        f = factor.value if isinstance(factor, Rate) else factor
        if isinstance(f, bool) or not isinstance(f, Decimal | int):
            return NotImplemented
        if isinstance(f, int):
            f = to_decimal(f, path="factor", what="a finite Decimal factor")
        elif not f.is_finite():
            raise InvalidValueError(
                f"expected a finite factor, got {f!r}",
                path="factor",
                expected="a finite Decimal factor",
                got=f,
            )
        return _result(lambda: _CONTEXT.multiply(self.amount, f), self.currency)

    __rmul__ = __mul__

    def _cmp(self, other: object, op: str) -> Decimal | None:
        if not isinstance(other, Money):
            return None
        self._same(other, "compare")
        return other.amount

    def __lt__(self, other: Money) -> bool:
        o = self._cmp(other, "<")
        return NotImplemented if o is None else self.amount < o

    def __le__(self, other: Money) -> bool:
        o = self._cmp(other, "<=")
        return NotImplemented if o is None else self.amount <= o

    def __gt__(self, other: Money) -> bool:
        o = self._cmp(other, ">")
        return NotImplemented if o is None else self.amount > o

    def __ge__(self, other: Money) -> bool:
        o = self._cmp(other, ">=")
        return NotImplemented if o is None else self.amount >= o


def _result(compute: Callable[[], Decimal], currency: str) -> Money:
    """A computed amount (no input bounds); an arithmetic overflow is an `InvalidValueError`."""
    try:
        amount = compute()
    except (decimal.InvalidOperation, decimal.Overflow):
        raise InvalidValueError(
            "the result is too large to compute exactly",
            path="amount",
            expected="an amount within 60 significant digits",
            got=None,
        ) from None
    return unchecked_money(amount, currency)


def _plain(d: Decimal) -> str:
    """Format a Decimal without exponent: 1E+11 -> '100000000000'."""
    return format(d, "f")


def _rate_value(value: object) -> Decimal:
    d = to_decimal(value, path="$.value", what="a decimal rate in [0, 1]")
    if not Decimal(0) <= d <= Decimal(1):
        raise InvalidValueError(
            f"must be a decimal in [0, 1], got {value!r}",
            path="$.value",
            expected="a decimal rate in [0, 1]",
            got=value,
        )
    return d


@attrs.frozen(kw_only=True)
class Rate:
    """A rate: an exact `Decimal` fraction in [0, 1] (0.2 means 20 %).

    Attributes:
        value: The fraction, a `Decimal` in [0, 1]; ints, decimal strings and percent
            strings (`"20%"`) are converted; floats are refused.

    Raises:
        InvalidValueError: for a float, a malformed string, or a value outside [0, 1].

    Example:
        >>> Rate.parse("20%") == Rate(value=Decimal("0.2"))
        True
    """

    value: Decimal = attrs.field(converter=_rate_value)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse `"0.2"` or `"20%"`.

        Raises:
            InvalidValueError: as for the constructor.
        """
        return cls(value=text)

    def format(self) -> str:
        """Return the rate as a percentage string, e.g. `"20%"`."""
        return f"{_plain((self.value * 100).normalize())}%"

    def __str__(self) -> str:
        return self.format()


def unchecked_money(amount: Decimal, currency: str) -> Money:
    """A `Money` built without the input bounds, for exact intermediate values.

    For example an interpolated metric, or a test value between two thresholds. Never for
    user input.
    """
    m = object.__new__(Money)
    object.__setattr__(m, "amount", amount)
    object.__setattr__(m, "currency", currency)
    return m
