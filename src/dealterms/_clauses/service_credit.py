"""Service credits: a provider credits its customer when monthly availability falls short."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, get_args

import attrs

from dealterms._checks import as_argument, choice, items, money, rate
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate, to_decimal
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError
from dealterms.typing import RoundingRule

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["ServiceCredit", "ServiceCreditAssessment", "ServiceLevel"]

PAY_SERVICE_CREDIT = "pay-service-credit"
"""The action id of the customer's claim to service credits."""

_LEVEL_ERROR = "A service level must be at least 0% and at most 100%."


def service_level(value: object, *, path: str = "availability") -> Rate:
    """A service level (availability) as a [`Rate`][dealterms.Rate]: `"99.7%"` → 0.997.

    Args:
        value: A `Rate`, a percent string (`"99.7%"`) or a `Decimal` fraction in [0, 1].
        path: Where the value sits, for the error.

    Raises:
        InvalidValueError: for a level outside [0%, 100%] ("A service level must be at
            least 0% and at most 100%.", as public case #9 words it), a float, or text
            that is not a number.

    Example:
        >>> service_level("99.8%").format()
        '99.8%'
    """
    if isinstance(value, Rate):
        return value
    d = to_decimal(value, path=path, what="a service level such as '99.8%'")
    if not Decimal(0) <= d <= Decimal(1):
        shown = (
            f"{value!r} (a fraction; did you mean '{value.strip()}%'?)"
            if isinstance(value, str) and not value.strip().endswith("%") and d <= 100
            else value
            if isinstance(value, str)
            else f"{value} (a fraction; write '{value}%')"
        )
        raise InvalidValueError(
            f"{_LEVEL_ERROR} Got {shown}",
            path=path,
            expected="a level in [0%, 100%], e.g. '99.8%' or Decimal('0.998')",
            got=value,
        )
    return Rate(value=d)


def _target(value: object) -> Rate:
    return service_level(value, path="$.target")


def _credit_rate(value: object) -> Rate:
    return rate(value, "credit", expected="a rate of the monthly charge")


@attrs.frozen(kw_only=True)
class ServiceLevel:
    """One row of a service-level table: a credit due when availability is below `target`.

    Attributes:
        target: The availability target, a [`Rate`][dealterms.Rate] in [0, 1]
            (`"99.8%"` is converted).
        credit: The credit, a [`Rate`][dealterms.Rate] of the month's charge.

    Raises:
        InvalidValueError: for a target outside [0%, 100%] or a malformed/float rate.
    """

    target: Rate = attrs.field(converter=_target)
    credit: Rate = attrs.field(converter=_credit_rate)


def _levels(value: object) -> tuple[ServiceLevel, ...]:
    levels: tuple[ServiceLevel, ...] = items(value, ServiceLevel, "levels")
    if not levels:
        raise InvalidValueError(
            "a service credit needs at least one service level",
            path="$.levels",
            expected="one or more ServiceLevel",
            got=value,
        )
    for i, (a, b) in enumerate(itertools.pairwise(levels)):
        if b.target.value >= a.target.value:
            raise InvalidValueError(
                f"service levels must be in falling order of target: {b.target.format()} "
                f"follows {a.target.format()}",
                path=f"$.levels[{i + 1}].target",
                expected=f"a target below {a.target.format()}",
                got=b.target,
            )
    return levels


def _optional_rate(value: object) -> Rate | None:
    return None if value is None else _credit_rate(value)


def _months(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1200:
        raise InvalidValueError(
            f"rolling_months must be a whole number of months from 1 to 1200, got {value!r}",
            path="$.rolling_months",
            expected="an int from 1 to 1200",
            got=value,
        )
    return value


def _rounding(value: object) -> RoundingRule:
    return choice(value, get_args(RoundingRule), "rounding")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class ServiceCreditAssessment:
    """A month's service credit and how it was reached.

    Attributes:
        availability: The month's measured availability.
        level: The service level whose target was missed (the lowest one), or `None`.
        uncapped: The credit before the caps (exact).
        monthly_cap: The per-month cap in money, or `None`.
        rolling_cap: What the rolling window still allows (its cap less the credits
            already given in it), or `None`.
        credit: The credit due: the least of the three, rounded to the minor unit with the
            clause's rule, floored at 0.
        obligation: The payment the credit creates (provider to customer), or `None`.
        because: How the credit follows from the clause, in words.
    """

    availability: Rate
    level: ServiceLevel | None
    uncapped: Money
    monthly_cap: Money | None
    rolling_cap: Money | None
    credit: Money
    obligation: PaymentDue | None
    because: str


@attrs.frozen(kw_only=True)
class ServiceCredit(ClauseBase):
    """Service credits (service-level agreement; CUAD "Liquidated Damages" family).

    Each month the provider owes the customer a credit when the month's availability is
    strictly **below** a service level's target: the credit of the lowest target missed, as
    a rate of the month's charge. The credit is then capped at `monthly_cap` of the month's
    charge and at `rolling_cap` of the charges of the last `rolling_months` months
    (including this one) less the credits already given in them, and floored at 0. The
    uncapped credit is rounded to the currency's minor unit (`rounding`, half-up by
    default) and each cap rounded down to it, so a credit never exceeds a cap. Computed by
    [`assess`][dealterms.ServiceCredit.assess].

    Confers the customer's **claim** to the credit.

    Attributes:
        provider: Party id of the service provider (who gives the credit).
        customer: Party id of the customer (who receives it).
        levels: The [`ServiceLevel`][dealterms.ServiceLevel] rows, targets falling.
        monthly_cap: The most one month's credit may be, a rate of its charge; `None` for
            no cap.
        rolling_cap: The most the credits of a rolling window may be, a rate of the
            window's charges; `None` for no cap.
        rolling_months: The window's length in months, this month included (default 12).
        rounding: The rounding rule to the minor unit (default `"ROUND_HALF_UP"`).

    Raises:
        InvalidValueError: for malformed ids or rates, no levels, targets not falling or
            outside [0%, 100%], or the same party on both sides.

    Source: the Accord Project's "service level agreement" template (public case #9): rows
    99.8% → 2% and 98% → 3%, 10% caps a month and over 12 months.
    """

    kind: ClassVar[str] = "service_credit"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_SERVICE_CREDIT: Relation.CLAIM}
    provider: str = attrs.field(converter=check_id)
    customer: str = attrs.field(converter=check_id)
    levels: tuple[ServiceLevel, ...] = attrs.field(converter=_levels)
    monthly_cap: Rate | None = attrs.field(default=None, converter=_optional_rate)
    rolling_cap: Rate | None = attrs.field(default=None, converter=_optional_rate)
    rolling_months: int = attrs.field(default=12, converter=_months)
    rounding: RoundingRule = attrs.field(default="ROUND_HALF_UP", converter=_rounding)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "provider", self.provider
        yield "customer", self.customer

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.provider, self.customer, ("provider", "customer"))

    def positions(self) -> tuple[Position, ...]:
        rows = "; ".join(
            f"{lv.credit.format()} below {lv.target.format()} availability" for lv in self.levels
        )
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.customer,
                counterparty=self.provider,
                action=PAY_SERVICE_CREDIT,
                conduct="perform",
                template="{counterparty} owes {holder} a service credit of the monthly "
                f"charge ({rows})",
            ),
        )

    def level_missed(self, availability: Rate | Decimal | str) -> ServiceLevel | None:
        """The service level whose target `availability` misses, the lowest such; or `None`.

        A level is missed when availability is strictly below its target (99.8% against a
        99.8% target is met).

        Raises:
            InvalidValueError: for a level outside [0%, 100%].
        """
        level = service_level(availability)
        missed = [lv for lv in self.levels if level.value < lv.target.value]
        return missed[-1] if missed else None

    def assess(
        self,
        *,
        availability: Rate | Decimal | str,
        monthly_charge: Money | str,
        window_charges: Money | str | None = None,
        window_credits: Money | str | None = None,
    ) -> ServiceCreditAssessment:
        """The credit for one month.

        Args:
            availability: The month's availability: a `Rate`, `"99.7%"`, or a `Decimal`
                fraction.
            monthly_charge: The month's charge, `Money` >= 0 (or text `"100.00 USD"`).
            window_charges: The charges of the other months of the rolling window (the
                previous `rolling_months - 1`), default 0.
            window_credits: The credits already given in those months, default 0.

        Returns:
            A [`ServiceCreditAssessment`][dealterms.ServiceCreditAssessment].

        Raises:
            InvalidValueError: for a level outside [0%, 100%] ("A service level must be at
                least 0% and at most 100%.", with a hint such as `'97%'` for `"97"`), or a
                negative amount or one that is neither `Money` nor `"AMOUNT CODE"` text.
            CurrencyMismatchError: for amounts in several currencies.

        Example:
            >>> sla = ServiceCredit(
            ...     id="sla", provider="p", customer="c",
            ...     levels=(ServiceLevel(target="99.8%", credit="2%"),),
            ... )
            >>> sla.assess(availability="99.7%", monthly_charge=Money.parse("10 GBP")).credit
            Money(amount=Decimal('0.20'), currency='GBP')
        """
        level = service_level(availability)
        charge = _amount(monthly_charge, "monthly_charge", None)
        zero = Money(amount=0, currency=charge.currency)
        charges = _amount(window_charges, "window_charges", charge.currency)
        given = _amount(window_credits, "window_credits", charge.currency)
        row = self.level_missed(level)
        uncapped = charge * row.credit if row is not None else zero
        month_cap = charge * self.monthly_cap if self.monthly_cap is not None else None
        room = (
            (charges + charge) * self.rolling_cap - given if self.rolling_cap is not None else None
        )
        # The credit is rounded by the clause's rule; a cap is rounded down, so the credit
        # never exceeds a cap (a cap of 0.125 USD allows 0.12 USD).
        caps = [c.round("ROUND_DOWN") for c in (month_cap, room) if c is not None]
        least = min([uncapped.round(self.rounding), *caps])
        credit = max(least, zero)
        reasons = [
            f"availability {level.format()} is below the {row.target.format()} target, so "
            f"the credit is {row.credit.format()} of {charge.format()} = {_plain(uncapped)}"
            if row is not None
            else f"availability {level.format()} meets every target, so no credit is due"
        ]
        if row is not None and month_cap is not None and month_cap < uncapped:
            assert self.monthly_cap is not None
            reasons.append(
                f"capped at {self.monthly_cap.format()} of the month's charge = {_plain(month_cap)}"
            )
        if row is not None and room is not None and room < min(uncapped, month_cap or uncapped):
            assert self.rolling_cap is not None
            reasons.append(
                f"capped by the {self.rolling_months}-month window: {self.rolling_cap.format()} "
                f"of {_plain(charges + charge)} less {_plain(given)} already credited = "
                f"{_plain(room)}"
            )
        if least.amount < 0:
            reasons.append("floored at 0")
        reasons.append(f"rounded ({self.rounding}) to {credit.format()}")
        return ServiceCreditAssessment(
            availability=level,
            level=row,
            uncapped=uncapped,
            monthly_cap=month_cap,
            rolling_cap=room,
            credit=credit,
            obligation=PaymentDue(payer=self.provider, payee=self.customer, amount=credit)
            if credit.amount > 0
            else None,
            because="; ".join(reasons),
        )


def _plain(m: Money) -> str:
    amount = m.amount.normalize(_CONTEXT)
    if amount == amount.to_integral():
        amount = amount.quantize(Decimal(1))
    return f"{amount:f} {m.currency}"


def _amount(value: object, name: str, currency: str | None) -> Money:
    if value is None and currency is not None:
        return Money(amount=0, currency=currency)
    try:
        value = money(value, name)
    except InvalidValueError as e:
        raise as_argument(e) from None
    if currency is not None and value.currency != currency:
        raise CurrencyMismatchError(
            f"{name} is in {value.currency}, the monthly charge in {currency}",
            path=name,
            expected=f"an amount in {currency}",
            got=value,
        )
    return value
