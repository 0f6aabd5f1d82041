"""Tiered rates: a table of bands over an amount, with an explicit basis and explicit ends.

A [`TierTable`][dealterms.TierTable] states, for each band of an amount (revenue, sales,
purchases), the rate that applies, and *how* the bands combine:

* `basis="marginal"`: each slice of the amount is charged at its own band's rate (as income
  tax brackets work). The total is continuous in the amount.
* `basis="whole"`: the whole amount is charged at the rate of the band it reaches (a volume
  discount or a "retroactive" royalty step). The total jumps at each band end.

Band ends matter only for `"whole"` (a single point has no width under `"marginal"`):
`upper_ends="inclusive"` puts an amount equal to a band's upper end in that band
("up to and including 1,000,000"); `"exclusive"` puts it in the next band ("from
1,000,000"). The revenue-share ledger computes its marginal tiers with this table.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, items, rate
from dealterms._money import _CONTEXT, Money, Rate, unchecked_money
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

__all__ = ["TierBand", "TierBasis", "TierEnd", "TierResult", "TierTable"]

TierBasis: TypeAlias = Literal["marginal", "whole"]
"""How a [`TierTable`][dealterms.TierTable] charges an amount:

* `"marginal"`: each slice of the amount at the rate of the band it falls in;
* `"whole"`: the whole amount at the rate of the band the amount reaches.
"""

TierEnd: TypeAlias = Literal["inclusive", "exclusive"]
"""Whether a band includes its upper end (`"inclusive"`: "up to and including") or not
(`"exclusive"`: the next band starts "from" that amount)."""


def _money(value: object, field: str) -> Money:
    if isinstance(value, str):
        try:
            value = Money.parse(value)
        except InvalidValueError as e:
            raise InvalidValueError(
                e.message, path=f"$.{field}", expected=e.expected, got=value
            ) from None
    if not isinstance(value, Money):
        raise InvalidValueError(
            f"{field} must be money such as '1000 USD', got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="Money",
            got=value,
        )
    if value.amount < 0:
        raise InvalidValueError(
            f"{field} must not be negative, got {value.format()}",
            path=f"$.{field}",
            expected="an amount >= 0",
            got=value,
        )
    return value


def _lower(value: object) -> Money:
    return _money(value, "lower")


def _upper(value: object) -> Money | None:
    return None if value is None else _money(value, "upper")


def _band_rate(value: object) -> Rate:
    return rate(value, "rate", expected="a decimal rate in [0, 1]")


@attrs.frozen(kw_only=True)
class TierBand:
    """One band of a [`TierTable`][dealterms.TierTable]: `rate` from `lower` up to `upper`.

    Attributes:
        lower: Where the band starts, `Money` >= 0 (the first band starts at 0).
        upper: Where it ends, `Money` above `lower`; `None` for no end (the last band only).
            Whether an amount equal to `upper` is in this band is the table's `upper_ends`.
        rate: The band's [`Rate`][dealterms.Rate] (a `Decimal` in [0, 1]; `"5%"` is
            converted; floats are refused).

    Raises:
        InvalidValueError: for a negative or malformed amount, a float or out-of-range rate,
            or `upper` not above `lower` (path `$.upper`).
        CurrencyMismatchError: for `lower` and `upper` in two currencies.
    """

    lower: Money = attrs.field(converter=_lower)
    upper: Money | None = attrs.field(default=None, converter=_upper)
    rate: Rate = attrs.field(converter=_band_rate)

    def __attrs_post_init__(self) -> None:
        if self.upper is None:
            return
        if self.upper.currency != self.lower.currency:
            raise CurrencyMismatchError(
                f"upper={self.upper.format()} and lower={self.lower.format()} are in two "
                "currencies",
                path="$.upper",
                expected=f"an amount in {self.lower.currency}",
                got=self.upper,
            )
        if self.upper <= self.lower:
            raise InvalidValueError(
                f"upper={self.upper.format()} must be above lower={self.lower.format()}",
                path="$.upper",
                expected=f"more than {self.lower.format()}",
                got=self.upper,
            )


def _bands(value: object) -> tuple[TierBand, ...]:
    bands: tuple[TierBand, ...] = items(value, TierBand, "bands")
    if not bands:
        raise InvalidValueError(
            "a tier table needs at least one band",
            path="$.bands",
            expected="one or more TierBand",
            got=value,
        )
    currency = bands[0].lower.currency
    for i, band in enumerate(bands):
        if band.lower.currency != currency:
            raise CurrencyMismatchError(
                f"every band must be in {currency}, got {band.lower.format()}",
                path=f"$.bands[{i}].lower",
                expected=f"an amount in {currency}",
                got=band.lower,
            )
    if bands[0].lower.amount != 0:
        raise InvalidValueError(
            f"the first band must start at 0, got {bands[0].lower.format()} (a gap below it)",
            path="$.bands[0].lower",
            expected=f"0 {currency}",
            got=bands[0].lower,
        )
    for i, (a, b) in enumerate(itertools.pairwise(bands)):
        path = f"$.bands[{i + 1}].lower"
        if a.upper is None:
            raise InvalidValueError(
                f"band {i} has no upper end, so no band may follow it",
                path=f"$.bands[{i}].upper",
                expected=f"an upper end ({b.lower.format()})",
                got=None,
            )
        if b.lower < a.lower:
            raise InvalidValueError(
                f"bands must be in rising order: {b.lower.format()} follows {a.lower.format()}",
                path=path,
                expected=f"a band starting at {a.upper.format()}",
                got=b.lower,
            )
        if b.lower < a.upper:
            raise InvalidValueError(
                f"band {i + 1} overlaps band {i}: it starts at {b.lower.format()}, before "
                f"band {i} ends at {a.upper.format()}",
                path=path,
                expected=f"{a.upper.format()} (where band {i} ends)",
                got=b.lower,
            )
        if b.lower > a.upper:
            raise InvalidValueError(
                f"gap between band {i} (ends at {a.upper.format()}) and band {i + 1} "
                f"(starts at {b.lower.format()})",
                path=path,
                expected=f"{a.upper.format()} (where band {i} ends)",
                got=b.lower,
            )
    if bands[-1].upper is not None:
        raise InvalidValueError(
            f"the last band must have no upper end, got {bands[-1].upper.format()}",
            path=f"$.bands[{len(bands) - 1}].upper",
            expected="None (the last band is open-ended)",
            got=bands[-1].upper,
        )
    return bands


def _basis(value: object) -> TierBasis:
    return choice(value, get_args(TierBasis), "basis")  # type: ignore[return-value]


def _ends(value: object) -> TierEnd:
    return choice(value, get_args(TierEnd), "upper_ends")  # type: ignore[return-value]


def _frac(d: Decimal) -> Fraction:
    return Fraction(d)


def _to_decimal(f: Fraction) -> Decimal:
    # Exact: every total is a sum of products of finite decimals.
    return _CONTEXT.divide(Decimal(f.numerator), Decimal(f.denominator))


@attrs.frozen(kw_only=True)
class TierResult:
    """What a [`TierTable`][dealterms.TierTable] charges on an amount.

    Attributes:
        base: The amount charged on.
        amount: The total, exact (not rounded), in the base's currency.
        band: The index of the band the base reaches (`bands[band]`).
        rate: That band's rate (for `"marginal"`, the rate of the last slice).
        because: How the total follows from the bands, in words.
    """

    base: Money
    amount: Money
    band: int
    rate: Rate
    because: str


@attrs.frozen(kw_only=True)
class TierTable:
    """Tiered rates over an amount, with an explicit basis and explicit band ends.

    Attributes:
        bands: The [`TierBand`][dealterms.TierBand]s in rising order, one currency,
            contiguous: the first starts at 0, each starts where the one before ends, and
            only the last has no upper end.
        basis: `"marginal"` (default: each slice at its band's rate) or `"whole"` (the
            whole amount at the rate of the band reached); see
            [`TierBasis`][dealterms.TierBasis].
        upper_ends: Whether a band includes its upper end: `"inclusive"` (default, "up to
            and including"; the revenue share's `Tier.above` is this reading) or
            `"exclusive"` (the next band starts "from" it); see
            [`TierEnd`][dealterms.TierEnd]. Matters only for `"whole"`.

    Raises:
        InvalidValueError: for no bands, a first band that does not start at 0, bands out
            of order, overlapping or with a gap, an upper end on the last band, or an
            unknown basis; each names the offending band (`$.bands[1].lower`).
        CurrencyMismatchError: for bands in several currencies.

    Example:
        >>> table = TierTable(
        ...     bands=(
        ...         TierBand(lower="0 USD", upper="1000 USD", rate="5%"),
        ...         TierBand(lower="1000 USD", rate="10%"),
        ...     ),
        ... )
        >>> table.apply(Money.parse("1500 USD")).amount.format()
        '100 USD'
        >>> attrs.evolve(table, basis="whole").apply(Money.parse("1500 USD")).amount.format()
        '150 USD'
    """

    bands: tuple[TierBand, ...] = attrs.field(converter=_bands)
    basis: TierBasis = attrs.field(default="marginal", converter=_basis)
    upper_ends: TierEnd = attrs.field(default="inclusive", converter=_ends)

    @property
    def currency(self) -> str:
        """The bands' currency."""
        return self.bands[0].lower.currency

    def band_of(self, base: Money) -> int:
        """The index of the band `base` falls in (band ends as `upper_ends` says).

        Raises:
            CurrencyMismatchError: for a base in another currency than the bands.
            InvalidValueError: for a negative base.
        """
        return self._band_index(_frac(self._check(base).amount))

    def apply(self, base: Money) -> TierResult:
        """Charge `base` by the table; exact, not rounded.

        Args:
            base: The amount, `Money` >= 0 in the bands' currency.

        Returns:
            A [`TierResult`][dealterms.TierResult] with the total and the reason.

        Raises:
            CurrencyMismatchError: for a base in another currency than the bands.
            InvalidValueError: for a negative base or not `Money`.
        """
        base = self._check(base)
        x = _frac(base.amount)
        index = self._band_index(x)
        band = self.bands[index]
        total = self.total(x)
        if self.basis == "whole":
            because = (
                f"{base.format()} reaches band {index} ({_describe(band)}), so the whole "
                f"amount is charged at {band.rate.format()}"
            )
        else:
            slices = [
                f"{_to_decimal(hi - lo)} at {b.rate.format()}"
                for b, lo, hi in self._slices(Fraction(0), x)
            ]
            because = f"each slice of {base.format()} at its band's rate: " + (
                " + ".join(slices) or "nothing"
            )
        return TierResult(
            base=base,
            amount=unchecked_money(_to_decimal(total), base.currency),
            band=index,
            rate=band.rate,
            because=because,
        )

    def total(self, base: Fraction | Decimal | int | Money) -> Fraction:
        """The exact total on a base >= 0, as a `Fraction` (for exact prorated bases).

        Args:
            base: The amount charged on: a `Fraction`, `Decimal` or `int` >= 0 (in the
                bands' currency), or `Money` in the bands' currency.

        Raises:
            InvalidValueError: for a negative base, a float, or anything else that is not
                an exact number (path `base`).
            CurrencyMismatchError: for `Money` in another currency than the bands.
        """
        base = self._exact(base, "base")
        if self.basis == "whole":
            return base * _frac(self.bands[self._band_index(base)].rate.value)
        return sum(
            ((hi - lo) * _frac(b.rate.value) for b, lo, hi in self._slices(Fraction(0), base)),
            Fraction(0),
        )

    def between(self, before: Fraction, after: Fraction) -> Fraction:
        """What a cumulative base adds moving from `before` to `after`: the change in `total`.

        Under `"marginal"` this is the slices of `[before, after)` at their rates, and is
        never negative; under `"whole"` it may be negative when rates fall.

        Args:
            before: The earlier cumulative base, exact and >= 0 (as for `total`).
            after: The later cumulative base, exact and >= 0.

        Raises:
            InvalidValueError: for a negative or inexact (float) argument, naming it.
            CurrencyMismatchError: for `Money` in another currency than the bands.
        """
        lo = self._exact(before, "before")
        hi = self._exact(after, "after")
        return self.total(hi) - self.total(lo)

    def _exact(self, value: object, field: str) -> Fraction:
        if isinstance(value, Money):
            if value.currency != self.currency:
                raise CurrencyMismatchError(
                    f"{field} {value.format()} is not in the bands' currency {self.currency}",
                    path=field,
                    expected=f"an amount in {self.currency}",
                    got=value,
                )
            value = value.amount
        if (
            isinstance(value, bool)
            or not isinstance(value, Fraction | Decimal | int)
            or (isinstance(value, Decimal) and not value.is_finite())
        ):
            raise InvalidValueError(
                f"{field} must be an exact number >= 0 (int, Decimal, Fraction or Money), "
                f"got {type(value).__name__} {value!r}",
                path=field,
                expected="an int, Decimal, Fraction or Money >= 0",
                got=value,
            )
        x = Fraction(value)
        if x < 0:
            raise InvalidValueError(
                f"{field} must not be negative, got {value}",
                path=field,
                expected="an amount >= 0",
                got=value,
            )
        return x

    def _slices(self, lo: Fraction, hi: Fraction) -> list[tuple[TierBand, Fraction, Fraction]]:
        out = []
        for b in self.bands:
            start = _frac(b.lower.amount)
            stop = None if b.upper is None else _frac(b.upper.amount)
            a = max(lo, start)
            z = hi if stop is None else min(hi, stop)
            if z > a:
                out.append((b, a, z))
        return out

    def _band_index(self, x: Fraction) -> int:
        for i, b in enumerate(self.bands):
            if b.upper is None:
                return i
            stop = _frac(b.upper.amount)
            if x < stop or (x == stop and self.upper_ends == "inclusive"):
                return i
        return len(self.bands) - 1  # pragma: no cover - the last band has no upper end

    def _check(self, base: object) -> Money:
        if not isinstance(base, Money):
            raise InvalidValueError(
                f"base must be Money, got {type(base).__name__} {base!r}",
                path="base",
                expected=f"Money in {self.currency}",
                got=base,
            )
        if base.currency != self.currency:
            raise CurrencyMismatchError(
                f"base {base.format()} is not in the bands' currency {self.currency}",
                path="base",
                expected=f"an amount in {self.currency}",
                got=base,
            )
        if base.amount < 0:
            raise InvalidValueError(
                f"base must not be negative, got {base.format()}",
                path="base",
                expected="an amount >= 0",
                got=base,
            )
        return base


def _describe(band: TierBand) -> str:
    if band.upper is None:
        return f"from {band.lower.format()}"
    return f"{band.lower.format()} to {band.upper.format()}"
