"""Revenue share: the payer owes the payee a rate of a base metric per period."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, get_args

import attrs

from dealterms._checks import note_field
from dealterms._entitlement import Position, Relation
from dealterms._money import Rate
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError
from dealterms.typing import Period

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Parameter", "RevenueShare"]

PAY_REVENUE_SHARE = "pay-revenue-share"
"""The action id of every revenue-share position (the payment itself)."""

_PERIOD_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InvalidValueError(
            f"expected a non-empty name, got {value!r}",
            path="$.name",
            expected="a name such as 'microsoft.revenue_share_rate'",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class Parameter:
    """A term the deal has but whose value is not public.

    Attributes:
        name: The fact that would supply the value (`"microsoft.revenue_share_rate"`).
        note: Why it is unknown, e.g. `"not disclosed"`.
    """

    name: str = attrs.field(converter=_name)
    note: str | None = attrs.field(default=None, converter=note_field)


def _rate(value: object) -> Rate | Parameter:
    if isinstance(value, Rate | Parameter):
        return value
    try:
        return Rate(value=value)
    except InvalidValueError as e:
        raise InvalidValueError(
            e.message, path="$.rate", expected="a decimal rate in [0, 1]", got=value
        ) from None


def _period(value: object) -> Period:
    if value not in get_args(Period):
        raise InvalidValueError(
            f"period must be one of {', '.join(get_args(Period))}, got {value!r}",
            path="$.period",
            expected=" | ".join(get_args(Period)),
            got=value,
        )
    return value  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class RevenueShare(ClauseBase):
    """Revenue share: each period the payer owes the payee `rate` × the base metric.

    Confers the payee's **claim** to be paid (for the payer, an obligation). Amounts per
    period are computed by the ledger; this clause states the terms.

    Attributes:
        payer: Party id who pays.
        payee: Party id who is paid.
        rate: A [`Rate`][dealterms.Rate] (a `Decimal` in [0, 1]; `"20%"` and `"0.2"` are
            converted) or a [`Parameter`][dealterms.Parameter] when the rate is not public.
        base: Name of the metric the rate applies to (`"openai.revenue"`), in money.
        period: `"monthly"`, `"quarterly"` or `"yearly"`.

    Raises:
        InvalidValueError: for a rate outside [0, 1] or given as a float, an unknown
            period, malformed ids, or the same party as payer and payee.

    Source (reference deal): "Microsoft currently receives 20% of OpenAI's revenue"; the
    reverse rate is not public (public reporting, January 2025).
    """

    kind: ClassVar[str] = "revenue_share"
    payer: str = attrs.field(converter=check_id)
    payee: str = attrs.field(converter=check_id)
    rate: Rate | Parameter = attrs.field(converter=_rate)
    base: str = attrs.field(converter=_name)
    period: Period = attrs.field(converter=_period)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "payer", self.payer
        yield "payee", self.payee

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.payer, self.payee, ("payer", "payee"))

    def describe_rate(self) -> str:
        """The rate in words: `"20%"` or `"an undisclosed rate (fact …)"`."""
        if isinstance(self.rate, Rate):
            return self.rate.format()
        return f"an undisclosed rate (fact {self.rate.name})"

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.payee,
                counterparty=self.payer,
                action=PAY_REVENUE_SHARE,
                conduct="perform",
                template=(
                    "{counterparty} owes {holder} "
                    f"{self.describe_rate()} of {self.base} each {_PERIOD_NOUN[self.period]}"
                ),
            ),
        )
