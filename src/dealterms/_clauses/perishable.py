"""The price of a shipment of perishable goods, reduced for non-conforming transport.

A price per unit; the shipment must hold a number of units within bounds; goods that
arrive on or after a spoilage date are worth nothing; and each unit's price is reduced by
a penalty for every unit of deviation of the sensor readings (temperature, humidity)
outside their agreed ranges.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs

from dealterms._checks import as_argument, decimal, items, money, optional_text, whole_number
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, unchecked_money
from dealterms._party import check_id
from dealterms._time import parse_date
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

__all__ = ["PerishableGoodsPrice", "SensorRange", "SensorReading", "ShipmentPrice"]

PAY_SHIPMENT_PRICE = "pay-shipment-price"
"""The action id of the seller's claim to the shipment's price."""


def _minimum(value: object) -> Decimal:
    return decimal(value, "minimum")


def _maximum(value: object) -> Decimal:
    return decimal(value, "maximum")


@attrs.frozen(kw_only=True)
class SensorRange:
    """An agreed range for one sensor measure; both bounds are **inclusive**.

    A reading equal to a bound conforms; a reading outside deviates by its distance to the
    nearer bound.

    Attributes:
        minimum: The lowest conforming reading, a `Decimal` (e.g. 2 °C, 70 % humidity).
        maximum: The highest conforming reading, a `Decimal` >= `minimum`.

    Raises:
        InvalidValueError: for a float or malformed bound, or `minimum > maximum`.
    """

    minimum: Decimal = attrs.field(converter=_minimum)
    maximum: Decimal = attrs.field(converter=_maximum)

    def __attrs_post_init__(self) -> None:
        if self.minimum > self.maximum:
            raise InvalidValueError(
                f"minimum={self.minimum} is above maximum={self.maximum}",
                path="$.maximum",
                expected=f"a number >= {self.minimum}",
                got=self.maximum,
            )

    def deviation(self, readings: Sequence[Decimal | int | str]) -> Decimal:
        """How far the worst of `readings` lies outside the range (0 if all conform).

        The larger of `minimum - lowest` and `highest - maximum`, floored at 0, exact.
        (The source checks the low side first; the two agree unless readings breach both
        sides.)

        Args:
            readings: At least one reading, each a `Decimal`, `int` or decimal string.

        Raises:
            InvalidValueError: for no readings, a float or malformed reading (path
                `readings[i]`), or `readings` that is not a list (path `readings`).
        """
        if isinstance(readings, str) or not isinstance(readings, Sequence):
            raise InvalidValueError(
                f"readings must be a list of numbers, got {type(readings).__name__} {readings!r}",
                path="readings",
                expected="a non-empty list of Decimal readings",
                got=readings,
            )
        if not readings:
            raise InvalidValueError(
                "readings must not be empty: the deviation needs at least one reading",
                path="readings",
                expected="a non-empty list of Decimal readings",
                got=readings,
            )
        try:
            values = [decimal(r, f"readings[{i}]") for i, r in enumerate(readings)]
        except InvalidValueError as e:
            raise as_argument(e) from None
        low = _CONTEXT.subtract(self.minimum, min(values))
        high = _CONTEXT.subtract(max(values), self.maximum)
        return max(low, high, Decimal(0))


def _temperature(value: object) -> Decimal:
    return decimal(value, "temperature")


def _humidity(value: object) -> Decimal:
    return decimal(value, "humidity")


@attrs.frozen(kw_only=True)
class SensorReading:
    """One reading of the shipment's sensors.

    Attributes:
        temperature: Degrees Celsius, a `Decimal`.
        humidity: Relative humidity in percent, a `Decimal`.

    Raises:
        InvalidValueError: for a float or malformed number.
    """

    temperature: Decimal = attrs.field(converter=_temperature)
    humidity: Decimal = attrs.field(converter=_humidity)


@attrs.frozen(kw_only=True)
class ShipmentPrice:
    """What a shipment of perishable goods costs the buyer.

    Attributes:
        units: The units received.
        base_price: `price_per_unit` times the units.
        temperature_deviation: Degrees the worst temperature reading lies outside its range.
        humidity_deviation: Points the worst humidity reading lies outside its range.
        penalty: `(temperature_deviation + humidity_deviation) * penalty_per_unit * units`;
            zero when late.
        total: `base_price - penalty`, floored at zero; zero when late.
        late: Whether the goods arrived on or after the spoilage date.
        obligation: The payment due from buyer to seller, or `None` when nothing is owed.
        because: How the figures follow, in words.
    """

    units: int
    base_price: Money
    temperature_deviation: Decimal
    humidity_deviation: Decimal
    penalty: Money
    total: Money
    late: bool
    obligation: PaymentDue | None
    because: str


def _unit_price(value: object) -> Money:
    return money(value, "price_per_unit")


def _penalty(value: object) -> Money:
    return money(value, "penalty_per_unit")


def _min_units(value: object) -> int:
    return whole_number(value, "min_units")


def _max_units(value: object) -> int:
    return whole_number(value, "max_units")


def _spoils_on(value: object) -> date:
    return parse_date(value, path="$.spoils_on")


def _unit_name(value: object) -> str | None:
    return optional_text(value, "unit")


def _sensor_range(value: object, field: str) -> SensorRange:
    if isinstance(value, SensorRange):
        return value
    raise InvalidValueError(
        f"{field} must be a SensorRange, got {type(value).__name__} {value!r}",
        path=f"$.{field}",
        expected="a SensorRange(minimum=..., maximum=...)",
        got=value,
    )


def _temperature_range(value: object) -> SensorRange:
    return _sensor_range(value, "temperature")


def _humidity_range(value: object) -> SensorRange:
    return _sensor_range(value, "humidity")


@attrs.frozen(kw_only=True)
class PerishableGoodsPrice(ClauseBase):
    """The price of perishable goods, reduced for non-conforming transport; zero if spoiled.

    Computed by [`price`][dealterms.PerishableGoodsPrice.price], in this order:

    1. The units received must lie in `[min_units, max_units]` (inclusive), else refused.
    2. Goods received **on or after** `spoils_on` are spoiled: total 0, penalty 0,
       `late` true (checked before the readings, as in the source).
    3. At least one sensor reading is needed, else refused.
    4. Each measure's deviation is the distance of its worst reading outside its
       [`SensorRange`][dealterms.SensorRange] (bounds inclusive: a reading at a bound is not
       a breach). The penalty is `(temperature + humidity deviation) * penalty_per_unit *
       units`; the total is `price_per_unit * units - penalty`, floored at 0.

    **Rounding rule:** none; the amounts are exact products and differences of the stated
    decimals (round a payment with [`Money.round`][dealterms.Money.round] if it must be
    whole cents).

    Confers the seller's **claim** to the computed price (the buyer's **duty** to pay it).

    Attributes:
        buyer: Party id who pays (the source's importer).
        seller: Party id who is paid (the source's grower).
        price_per_unit: `Money` >= 0 per unit (1.50 USD per KG in the source).
        unit: What a unit is, for explanations (`"KG"`), or `None`.
        min_units: The fewest units a shipment may hold (inclusive).
        max_units: The most units a shipment may hold (inclusive).
        spoils_on: The first day on which arriving goods count as spoiled (a `date`).
        temperature: The conforming temperature range, °C.
        humidity: The conforming humidity range, %.
        penalty_per_unit: `Money` >= 0 per unit of goods per unit of deviation (0.20 USD).

    Raises:
        InvalidValueError: for malformed fields; `problems()` reports one party on both
            sides, `min_units > max_units` and amounts in two currencies.

    Source: the Accord Project's "perishable goods" template and the same logic in its
    "supply agreement (perishable goods)" (public case #14). The source's instant `now` is
    mapped to the day the goods were received.
    """

    kind: ClassVar[str] = "perishable_goods_price"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_SHIPMENT_PRICE: Relation.CLAIM}
    buyer: str = attrs.field(converter=check_id)
    seller: str = attrs.field(converter=check_id)
    price_per_unit: Money = attrs.field(converter=_unit_price)
    unit: str | None = attrs.field(default=None, converter=_unit_name)
    min_units: int = attrs.field(converter=_min_units)
    max_units: int = attrs.field(converter=_max_units)
    spoils_on: date = attrs.field(converter=_spoils_on)
    temperature: SensorRange = attrs.field(converter=_temperature_range)
    humidity: SensorRange = attrs.field(converter=_humidity_range)
    penalty_per_unit: Money = attrs.field(converter=_penalty)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "buyer", self.buyer
        yield "seller", self.seller

    def problems(self) -> list[InvalidValueError]:
        found = distinct_parties(self.buyer, self.seller, ("buyer", "seller"))
        if self.min_units > self.max_units:
            found.append(
                InvalidValueError(
                    f"min_units={self.min_units} is above max_units={self.max_units}",
                    path="$.max_units",
                    expected=f"an int >= {self.min_units}",
                    got=self.max_units,
                )
            )
        if self.penalty_per_unit.currency != self.price_per_unit.currency:
            found.append(
                CurrencyMismatchError(
                    f"penalty_per_unit={self.penalty_per_unit.format()} is not in the price's "
                    f"currency {self.price_per_unit.currency}",
                    path="$.penalty_per_unit",
                    expected=f"an amount in {self.price_per_unit.currency}",
                    got=self.penalty_per_unit.format(),
                )
            )
        return found

    def _per(self) -> str:
        return f" per {self.unit}" if self.unit else " per unit"

    def positions(self) -> tuple[Position, ...]:
        per = self._per()
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.seller,
                counterparty=self.buyer,
                action=PAY_SHIPMENT_PRICE,
                conduct="perform",
                template="{counterparty} owes {holder} "
                f"{self.price_per_unit.format()}{per} of a shipment of {self.min_units} to "
                f"{self.max_units}, less {self.penalty_per_unit.format()}{per} for each "
                f"degree or point the temperature (range {self.temperature.minimum} to "
                f"{self.temperature.maximum}) or humidity (range {self.humidity.minimum} to "
                f"{self.humidity.maximum}) readings lie outside their ranges; nothing if "
                f"received on or after {self.spoils_on.isoformat()}",
            ),
        )

    def price(
        self, *, units: int, readings: Sequence[SensorReading], received_on: date | str
    ) -> ShipmentPrice:
        """What the buyer owes for a shipment of `units` received on `received_on`.

        Args:
            units: Units received, an int (3000 KG in the source).
            readings: The shipment's [`SensorReading`][dealterms.SensorReading]s.
            received_on: The day the goods arrived (a `date` or ISO string).

        Returns:
            A [`ShipmentPrice`][dealterms.ShipmentPrice].

        Raises:
            InvalidValueError: for units outside `[min_units, max_units]` ("Units received
                out of range for the contract"), or no readings when the goods are not late
                ("No temperature readings received"), or malformed arguments.

        Example:
            >>> clause = PerishableGoodsPrice(
            ...     id="shipment", buyer="importer", seller="grower",
            ...     price_per_unit="1.50 USD", unit="KG", min_units=3000, max_units=3500,
            ...     spoils_on="2018-07-02", temperature=SensorRange(minimum=2, maximum=13),
            ...     humidity=SensorRange(minimum=70, maximum=90), penalty_per_unit="0.20 USD",
            ... )
            >>> clause.price(
            ...     units=3000, received_on="2018-06-01",
            ...     readings=[SensorReading(temperature=15, humidity=65)],
            ... ).total.format()
            '300.00 USD'
        """
        try:
            count = whole_number(units, "units")
            got = items(readings, SensorReading, "readings")
        except InvalidValueError as e:
            raise as_argument(e) from None
        day = parse_date(received_on, path="received_on")
        if not self.min_units <= count <= self.max_units:
            raise InvalidValueError(
                f"Units received out of range for the contract: {count} is not within "
                f"{self.min_units} to {self.max_units}",
                path="units",
                expected=f"an int in [{self.min_units}, {self.max_units}]",
                got=units,
            )
        currency = self.price_per_unit.currency
        base = self.price_per_unit * count
        zero = Money(amount=0, currency=currency)
        if day >= self.spoils_on:
            return ShipmentPrice(
                units=count,
                base_price=base,
                temperature_deviation=Decimal(0),
                humidity_deviation=Decimal(0),
                penalty=zero,
                total=zero,
                late=True,
                obligation=None,
                because=(
                    f"received {day.isoformat()}, on or after the spoilage date "
                    f"{self.spoils_on.isoformat()}: the goods are spoiled and nothing is owed"
                ),
            )
        if not got:
            raise InvalidValueError(
                "No temperature readings received: the price needs at least one reading",
                path="readings",
                expected="at least one SensorReading",
                got=readings,
            )
        temp = self.temperature.deviation([r.temperature for r in got])
        hum = self.humidity.deviation([r.humidity for r in got])
        per_unit = self.penalty_per_unit * _CONTEXT.add(temp, hum)
        penalty = per_unit * count
        total = unchecked_money(
            max(_CONTEXT.subtract(base.amount, penalty.amount), Decimal(0)), currency
        )
        per = self._per()
        floored = "; floored at zero" if penalty > base else ""
        return ShipmentPrice(
            units=count,
            base_price=base,
            temperature_deviation=temp,
            humidity_deviation=hum,
            penalty=penalty,
            total=total,
            late=False,
            obligation=PaymentDue(payer=self.buyer, payee=self.seller, amount=total)
            if total.amount > 0
            else None,
            because=(
                f"{count} units at {self.price_per_unit.format()}{per} = {base.format()}; "
                f"the worst readings lie {_plain(temp)} (temperature) and {_plain(hum)} "
                f"(humidity) outside their ranges, at {self.penalty_per_unit.format()}{per} "
                f"each: penalty {penalty.format()}; total {total.format()}{floored}"
            ),
        )


def _plain(d: Decimal) -> str:
    return format(d.normalize(_CONTEXT) if d else Decimal(0), "f")
