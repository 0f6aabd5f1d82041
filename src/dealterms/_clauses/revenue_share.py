"""Revenue share: the payer owes the payee a rate of a base metric per period."""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, ClassVar, TypeVar, get_args

import attrs

from dealterms._checks import choice, items, money, note_field, rate
from dealterms._entitlement import Position, Relation
from dealterms._money import Money, Rate
from dealterms._party import check_id
from dealterms._tiers import TierBand, TierBasis, TierTable
from dealterms._time import _date_field
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError
from dealterms.typing import Period

from .base import ClauseBase, distinct_parties

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Parameter", "RateChange", "RevenueShare", "Tier"]

T = TypeVar("T")

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
    if isinstance(value, Parameter):
        return value
    return rate(value, "rate", expected="a decimal rate in [0, 1]")


def _period(value: object) -> Period:
    return choice(value, get_args(Period), "period")  # type: ignore[return-value]


def _rate_value(value: object) -> Rate:
    r = _rate(value)
    if isinstance(r, Parameter):
        raise InvalidValueError(
            "a rate change or tier needs a disclosed rate",
            path="$.rate",
            expected="a Rate",
            got=value,
        )
    return r


def _above(value: object) -> Money:
    return money(value, "above")


def _minimum_annual(value: object) -> Money | None:
    return None if value is None else money(value, "minimum_annual")


def _cap(value: object) -> Money | None:
    return None if value is None else money(value, "cap")


@attrs.frozen(kw_only=True)
class RateChange:
    """A revenue share's rate from a date on (a date-based rate step).

    Attributes:
        effective_date: The first day the new rate applies.
        rate: The new [`Rate`][dealterms.Rate].
    """

    effective_date: date = attrs.field(converter=_date_field)
    rate: Rate = attrs.field(converter=_rate_value)


@attrs.frozen(kw_only=True)
class Tier:
    """A marginal tier: the rate for the part of the cumulative base above `above`.

    Attributes:
        above: The cumulative base (money) after which `rate` applies; exclusive: the
            tier starts strictly above this amount, each slice taxed at its own rate.
        rate: The tier's [`Rate`][dealterms.Rate].
    """

    above: Money = attrs.field(converter=_above)
    rate: Rate = attrs.field(converter=_rate_value)


def _changes(value: object) -> tuple[RateChange, ...]:
    items = _seq(value, RateChange, "rate_changes")
    for i, (a, b) in enumerate(itertools.pairwise(items)):
        if b.effective_date <= a.effective_date:
            raise InvalidValueError(
                f"rate changes must be in date order, one per day: {b.effective_date} "
                f"follows {a.effective_date}",
                path=f"$.rate_changes[{i + 1}].effective_date",
                expected=f"a date after {a.effective_date}",
                got=b.effective_date,
            )
    return items


def _tiers(value: object) -> tuple[Tier, ...]:
    items = _seq(value, Tier, "tiers")
    for i, (a, b) in enumerate(itertools.pairwise(items)):
        if b.above.currency != a.above.currency or b.above.amount <= a.above.amount:
            raise InvalidValueError(
                f"tiers must rise in one currency: {b.above.format()} follows {a.above.format()}",
                path=f"$.tiers[{i + 1}].above",
                expected=f"more than {a.above.format()}",
                got=b.above,
            )
    return items


def _seq(value: object, kind: type[T], field: str) -> tuple[T, ...]:
    return items(value, kind, field)


def _tier_basis(value: object) -> TierBasis:
    return choice(value, get_args(TierBasis), "tier_basis")  # type: ignore[return-value]


def _month(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise InvalidValueError(
            f"year_start_month must be a month number 1-12, got {value!r}",
            path="$.year_start_month",
            expected="an int from 1 to 12",
            got=value,
        )
    return value


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
        year_start_month: The month (1-12) a (fiscal) year starts in; quarters and years
            align to it. 1 (default) gives calendar quarters and years; 7 gives a fiscal
            year ending 30 June.
        rate_changes: Date-based rate steps ([`RateChange`][dealterms.RateChange]), in date
            order. Not together with `tiers`.
        tiers: Tiers on the cumulative base ([`Tier`][dealterms.Tier]): the base above
            each tier's threshold is paid at the tier's rate (the base up to the first
            threshold at `rate`). Not together with `rate_changes`. See
            [`tier_table`][dealterms.RevenueShare.tier_table].
        tier_basis: `"marginal"` (default: each slice of the cumulative base at its tier's
            rate) or `"whole"` (the whole cumulative base at the rate of the tier reached,
            so a period that crosses a threshold also pays the step on the base before it);
            see [`TierBasis`][dealterms.TierBasis]. `"whole"` needs rising tier rates.
        minimum_annual: A minimum payment per (fiscal) year, topped up in the year's last
            period; prorated by days for a partial year. `None` for none.
        cap: A cap on the cumulative payments; the period that reaches it is paid
            partially and later periods pay nothing. `None` for none.

    The ledger applies them in this order: rate (date steps or tiers), the minimum annual
    top-up, then the cap.

    Raises:
        InvalidValueError: for a rate outside [0, 1] or given as a float, an unknown
            period, malformed ids, the same party as payer and payee, unordered rate
            changes or tiers, both rate changes and tiers, a negative cap or minimum, money
            amounts in several currencies, or steps on an undisclosed rate.

    Source (reference deal): "Microsoft currently receives 20% of OpenAI's revenue"; the
    reverse rate is not public (public reporting, January 2025).
    """

    kind: ClassVar[str] = "revenue_share"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_REVENUE_SHARE: Relation.CLAIM}
    payer: str = attrs.field(converter=check_id)
    payee: str = attrs.field(converter=check_id)
    rate: Rate | Parameter = attrs.field(converter=_rate)
    base: str = attrs.field(converter=_name)
    period: Period = attrs.field(converter=_period)
    year_start_month: int = attrs.field(default=1, converter=_month)
    rate_changes: tuple[RateChange, ...] = attrs.field(default=(), converter=_changes)
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=_tiers)
    tier_basis: TierBasis = attrs.field(default="marginal", converter=_tier_basis)
    minimum_annual: Money | None = attrs.field(default=None, converter=_minimum_annual)
    cap: Money | None = attrs.field(default=None, converter=_cap)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "payer", self.payer
        yield "payee", self.payee

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.payer, self.payee, ("payer", "payee"))
        if self.rate_changes and self.tiers:
            problems.append(
                InvalidValueError(
                    "give rate_changes or tiers, not both",
                    path="$.tiers",
                    expected="date steps or cumulative tiers",
                    got=len(self.tiers),
                )
            )
        if isinstance(self.rate, Parameter) and (self.rate_changes or self.tiers):
            problems.append(
                InvalidValueError(
                    "rate changes and tiers need a disclosed base rate",
                    path="$.rate",
                    expected="a Rate",
                    got=self.rate,
                )
            )
        if self.tier_basis == "whole" and isinstance(self.rate, Rate):
            rates = [self.rate, *(t.rate for t in self.tiers)]
            for i, (a, b) in enumerate(itertools.pairwise(rates)):
                if b.value < a.value:
                    problems.append(
                        InvalidValueError(
                            f"a whole-amount basis on a cumulative base needs rising rates: "
                            f"{b.format()} follows {a.format()} (it would pay back)",
                            path=f"$.tiers[{i}].rate",
                            expected=f"a rate of at least {a.format()}",
                            got=b,
                        )
                    )
                    break
        amounts = [
            ("minimum_annual", self.minimum_annual),
            ("cap", self.cap),
            *((f"tiers[{i}].above", t.above) for i, t in enumerate(self.tiers)),
        ]
        currencies = {m.currency for _, m in amounts if m is not None}
        if len(currencies) > 1:
            problems.append(
                CurrencyMismatchError(
                    f"cap, minimum and tiers must share one currency, got "
                    f"{', '.join(sorted(currencies))}",
                    path="$.cap",
                    expected="one currency",
                    got=sorted(currencies),
                )
            )
        return problems

    def tier_table(self) -> TierTable | None:
        """The clause's tiers as a [`TierTable`][dealterms.TierTable], or `None` without tiers.

        The first band runs from 0 at `rate`; each [`Tier`][dealterms.Tier] starts a band
        strictly above its threshold (`upper_ends="inclusive"`), with the clause's
        `tier_basis`.

        Example:
            >>> share = RevenueShare(
            ...     id="royalty", payer="a", payee="b", rate="5%", base="sales",
            ...     period="yearly", tiers=(Tier(above="1000 USD", rate="10%"),),
            ... )
            >>> share.tier_table().apply(Money.parse("1500 USD")).amount.format()
            '100 USD'
        """
        if not self.tiers or not isinstance(self.rate, Rate):
            return None
        currency = self.tiers[0].above.currency
        lowers = [Money(amount=0, currency=currency), *(t.above for t in self.tiers)]
        rates = [self.rate, *(t.rate for t in self.tiers)]
        uppers: list[Money | None] = [*(t.above for t in self.tiers), None]
        return TierTable(
            bands=tuple(
                TierBand(lower=lo, upper=hi, rate=r)
                for lo, hi, r in zip(lowers, uppers, rates, strict=True)
                if hi is None or hi.amount > lo.amount  # a first tier above 0 leaves no room
            ),
            basis=self.tier_basis,
            upper_ends="inclusive",
        )

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
