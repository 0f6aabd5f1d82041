"""Liquidated damages for late delivery.

A penalty per period of delay, capped, and a termination right once the delay passes a
threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, optional_rate, rate
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate, to_decimal, unchecked_money
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .obligation import Deadline, Obligation

__all__ = [
    "ForceMajeurePolicy",
    "LateDeliveryAssessment",
    "LiquidatedDamages",
    "PaymentDue",
    "whole_days_between",
]

PAY_LIQUIDATED_DAMAGES = "pay-liquidated-damages"
"""The action id of the obligee's claim to the damages."""

ForceMajeurePolicy: TypeAlias = Literal[
    "excuses_penalty_and_termination", "excuses_penalty_only", "not_excused"
]
"""What a force-majeure event does to a late delivery:

* `"excuses_penalty_and_termination"` (default): no penalty and no termination right, as
  contract texts usually read.
* `"excuses_penalty_only"`: no penalty, but the termination right still follows the delay
  (the Accord Project template's logic, which its text does not say: public case #3(c)).
* `"not_excused"`: force majeure changes nothing.
"""


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"expected a whole number of days >= 1, got {value!r}",
            expected="an int >= 1",
            got=value,
        )
    return value


def _optional_days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(
            f"termination_after_days must be a whole number >= 0, got {value!r}",
            path="$.termination_after_days",
            expected="an int >= 0 or None",
            got=value,
        )
    return value


def _rate(value: object) -> Rate:
    return rate(value, "rate")


def _optional_rate(value: object) -> Rate | None:
    return optional_rate(value, "cap")


def _policy(value: object) -> ForceMajeurePolicy:
    return choice(value, get_args(ForceMajeurePolicy), "force_majeure")  # type: ignore[return-value]


_MAX_DELAY = 3_652_500


def _tidy(amount: Decimal) -> Decimal:
    """The same number without trailing zeros after the point (exact: 3622.500 → 3622.5)."""
    tidy = amount.normalize(_CONTEXT)
    return tidy.quantize(Decimal(1), context=_CONTEXT) if tidy == tidy.to_integral() else tidy


def whole_days_between(start: datetime, end: datetime) -> int:
    """Whole days from `start` to `end`, truncated toward zero (1 d 19 h → 1).

    This is how dealterms brings instants to day granularity: both must be timezone-aware,
    and the difference is taken between the instants (so offsets do not matter).

    Raises:
        InvalidValueError: if either is naive (no timezone).

    Example:
        >>> from datetime import timezone, timedelta
        >>> est = timezone(timedelta(hours=-5))
        >>> whole_days_between(
        ...     datetime(2017, 12, 17, 3, 24, tzinfo=est),
        ...     datetime(2017, 12, 19, 3, 24, tzinfo=timezone.utc),
        ... )
        1
    """
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise InvalidValueError(
                f"{name} must be a timezone-aware datetime, got {value!r}",
                path=name,
                expected="an aware datetime",
                got=value,
            )
    seconds = (end - start).total_seconds()
    days = int(abs(seconds) // 86400)
    return days if seconds >= 0 else -days


def _payer(value: object) -> str:
    return check_id(value, "payer")


def _payee(value: object) -> str:
    return check_id(value, "payee")


def _due_amount(value: object) -> Money:
    if not isinstance(value, Money) or value.amount < 0:
        shown = value.format() if isinstance(value, Money) else f"{type(value).__name__} {value!r}"
        raise InvalidValueError(
            f"amount must be Money >= 0, got {shown}",
            path="$.amount",
            expected="Money >= 0",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class PaymentDue:
    """A payment one party owes another (an obligation emitted by an assessment).

    Attributes:
        payer: Party id who pays.
        payee: Party id who is paid.
        amount: The amount, exact [`Money`][dealterms.Money] >= 0 (a computed amount is
            not held to the input bounds).

    Raises:
        InvalidValueError: for a malformed party id, one party on both sides, or an amount
            that is not `Money` >= 0, naming the field.
    """

    payer: str = attrs.field(converter=_payer)
    payee: str = attrs.field(converter=_payee)
    amount: Money = attrs.field(converter=_due_amount)

    def __attrs_post_init__(self) -> None:
        for problem in distinct_parties(self.payer, self.payee, ("payer", "payee")):
            raise problem

    def to_obligation(
        self,
        *,
        id: str,
        deadline: Deadline | None = None,
        created_by: str | None = None,
        takes_effect: str | None = None,
        source: str | None = None,
    ) -> Obligation:
        """This payment as an [`Obligation`][dealterms.Obligation] the lifecycle can track.

        The payer becomes the obligor, the payee the obligee and the amount what is owed,
        so a computed amount (a penalty, a refund, a shortfall) is replayed through
        [`Lifecycle`][dealterms.Lifecycle] like any other obligation: in effect, then
        fulfilled on payment or violated when its deadline passes.

        Args:
            id: The obligation's id (`"penalty"`).
            deadline: By when it must be paid ([`Deadline`][dealterms.Deadline]), or
                `None` for no deadline.
            created_by: The event that creates it, or `None` for the contract's start.
            takes_effect: The event that puts it in effect, or `None`: at once.
            source: Where it comes from (`"late-delivery assessment, 2019-01-11"`).

        Raises:
            InvalidValueError: for a malformed id or event name, a payer equal to the
                payee, or an amount that is not > 0 (nothing to oblige), naming the field.

        Source: the Accord Project's templates emit a `PaymentObligation` with the computed
        amount (public cases #2, #5, #12); Symboleo tracks obligations through their
        lifecycle (#21-#25).

        Example:
            >>> due = PaymentDue(payer="seller", payee="buyer", amount=Money.parse("110 USD"))
            >>> due.to_obligation(id="penalty").owed.format()
            '110 USD'
        """
        obligation = Obligation(
            id=id,
            obligor=self.payer,
            obligee=self.payee,
            owed=self.amount,
            deadline=deadline,
            created_by=created_by,
            takes_effect=takes_effect,
            source=source,
        )
        for problem in obligation.problems():
            raise problem
        return obligation


@attrs.frozen(kw_only=True)
class LateDeliveryAssessment:
    """What a late delivery costs, and whether the obligee may terminate.

    Attributes:
        delay_days: Whole days of delay.
        uncapped: The penalty before the cap.
        penalty: The penalty owed (capped; zero when excused), exact, in the goods' currency.
        payable: The penalty in the payment currency (after conversion, if any).
        capped: Whether the cap applied.
        obligee_may_terminate: Whether the delay opens the termination right.
        obligation: The payment owed, or `None` when nothing is owed.
        because: How the figures follow from the clause, in words.
    """

    delay_days: int
    uncapped: Money
    penalty: Money
    payable: Money
    capped: bool
    obligee_may_terminate: bool
    obligation: PaymentDue | None
    because: str


@attrs.frozen(kw_only=True)
class LiquidatedDamages(ClauseBase):
    """Liquidated damages for late delivery (CUAD "Liquidated Damages").

    For each `period_days` of delay the obligor owes `rate` of the goods' value,
    pro rata for part of a period (a 1-day delay with 2-day periods owes half a period),
    up to `cap` of the value. A delay of **more than** `termination_after_days` gives the
    obligee the power to terminate. Computed by [`assess`][dealterms.LiquidatedDamages.assess].

    Confers the obligee's **claim** to the damages.

    Attributes:
        obligor: Party id who delivers (and pays for delay).
        obligee: Party id who receives the goods.
        rate: Penalty per period, a [`Rate`][dealterms.Rate] of the goods' value.
        period_days: The length of a penalty period, in days (>= 1).
        cap: The most the penalty may reach, as a rate of the value; `None` for no cap.
        termination_after_days: The obligee may terminate once the delay is more than
            this many days; `None` for no such right.
        force_majeure: What force majeure does
            ([`ForceMajeurePolicy`][dealterms.ForceMajeurePolicy]).

    Raises:
        InvalidValueError: for malformed ids, rates or day counts, or one party on both sides.

    Source: the Accord Project's "late delivery and penalty" template (public cases #2–#5).
    """

    kind: ClassVar[str] = "liquidated_damages"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_LIQUIDATED_DAMAGES: Relation.CLAIM}
    obligor: str = attrs.field(converter=check_id)
    obligee: str = attrs.field(converter=check_id)
    rate: Rate = attrs.field(converter=_rate)
    period_days: int = attrs.field(converter=_positive_int)
    cap: Rate | None = attrs.field(default=None, converter=_optional_rate)
    termination_after_days: int | None = attrs.field(default=None, converter=_optional_days)
    force_majeure: ForceMajeurePolicy = attrs.field(
        default="excuses_penalty_and_termination", converter=_policy
    )

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "obligor", self.obligor
        yield "obligee", self.obligee

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.obligor, self.obligee, ("obligor", "obligee"))

    def positions(self) -> tuple[Position, ...]:
        cap = f", capped at {self.cap.format()} of it" if self.cap else ""
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.obligee,
                counterparty=self.obligor,
                action=PAY_LIQUIDATED_DAMAGES,
                conduct="perform",
                template="{counterparty} owes {holder} "
                f"{self.rate.format()} of the goods' value per {self.period_days} days of "
                f"late delivery{cap}",
            ),
        )

    def assess(
        self,
        *,
        delay_days: int,
        goods_value: Money,
        force_majeure: bool = False,
        pay_in: str | None = None,
        conversion_rate: Decimal | int | str | None = None,
    ) -> LateDeliveryAssessment:
        """The penalty and termination right for a delivery `delay_days` late.

        The cap is applied before conversion; no rounding is done (amounts are exact).

        Args:
            delay_days: Whole days of delay (see
                [`whole_days_between`][dealterms.whole_days_between]); must be >= 0.
            goods_value: The value of the goods delivered late.
            force_majeure: Whether a force-majeure event caused the delay.
            pay_in: The currency the penalty is paid in, if not the goods' currency.
            conversion_rate: Units of `pay_in` per unit of the goods' currency (needed with
                `pay_in`).

        Raises:
            InvalidValueError: for a negative delay ("Cannot exercise late delivery before
                delivery date"), or `pay_in` without a conversion rate.
            CurrencyMismatchError: never for one currency; conversion makes the change.
        """
        if isinstance(delay_days, bool) or not isinstance(delay_days, int):
            raise InvalidValueError(
                f"delay_days must be a whole number, got {delay_days!r}",
                path="delay_days",
                expected="an int",
                got=delay_days,
            )
        if delay_days > _MAX_DELAY:
            raise InvalidValueError(
                f"delay_days={delay_days} is more than {_MAX_DELAY} days (10,000 years)",
                path="delay_days",
                expected=f"at most {_MAX_DELAY}",
                got=delay_days,
            )
        if not isinstance(goods_value, Money) or goods_value.amount < 0:
            raise InvalidValueError(
                f"goods_value must be Money >= 0, got {goods_value!r}",
                path="goods_value",
                expected="Money >= 0",
                got=goods_value,
            )
        if not isinstance(force_majeure, bool):
            raise InvalidValueError(
                f"force_majeure must be True or False, got {force_majeure!r}",
                path="force_majeure",
                expected="a bool",
                got=force_majeure,
            )
        if delay_days < 0:
            raise InvalidValueError(
                "Cannot exercise late delivery before delivery date",
                path="delay_days",
                expected="a delay >= 0 days",
                got=delay_days,
            )
        value = goods_value.amount
        periods = _CONTEXT.divide(Decimal(delay_days), Decimal(self.period_days))
        uncapped = _CONTEXT.multiply(_CONTEXT.multiply(periods, self.rate.value), value)
        ceiling = None if self.cap is None else _CONTEXT.multiply(self.cap.value, value)
        capped = ceiling is not None and uncapped > ceiling
        amount = ceiling if capped and ceiling is not None else uncapped
        excused = force_majeure and self.force_majeure != "not_excused"
        if excused:
            amount = Decimal(0)
        terminate = self.termination_after_days is not None and (
            delay_days > self.termination_after_days
        )
        if force_majeure and self.force_majeure == "excuses_penalty_and_termination":
            terminate = False
        penalty = unchecked_money(_tidy(amount), goods_value.currency)
        payable = penalty
        if pay_in is not None and pay_in != goods_value.currency:
            if conversion_rate is None:
                raise InvalidValueError(
                    f"paying in {pay_in} needs a conversion_rate from {goods_value.currency}",
                    path="conversion_rate",
                    expected="a Decimal > 0",
                    got=None,
                )
            factor = to_decimal(conversion_rate, path="conversion_rate", what="a decimal rate")
            if factor <= 0:
                raise InvalidValueError(
                    f"conversion_rate must be > 0, got {conversion_rate!r}",
                    path="conversion_rate",
                    expected="a Decimal > 0",
                    got=conversion_rate,
                )
            payable = unchecked_money(_tidy(_CONTEXT.multiply(amount, factor)), pay_in)
        elif pay_in is not None and conversion_rate is not None:
            raise CurrencyMismatchError(
                f"pay_in={pay_in} is the goods' currency; a conversion rate makes no sense",
                path="conversion_rate",
                expected="None",
                got=conversion_rate,
            )
        because = (
            f"{delay_days} days late: {format(periods, 'f')} periods of {self.period_days} "
            f"days at {self.rate.format()} of {goods_value.format()}"
        )
        if capped and self.cap is not None:
            because += f"; capped at {self.cap.format()}"
        if excused:
            because += "; excused by force majeure"
        return LateDeliveryAssessment(
            delay_days=delay_days,
            uncapped=unchecked_money(_tidy(uncapped), goods_value.currency),
            penalty=penalty,
            payable=payable,
            capped=capped,
            obligee_may_terminate=terminate,
            obligation=PaymentDue(payer=self.obligor, payee=self.obligee, amount=payable)
            if payable.amount > 0
            else None,
            because=because,
        )
