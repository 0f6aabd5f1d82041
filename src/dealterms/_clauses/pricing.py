"""Price terms: most-favoured-nation pricing and price restrictions (caps, limited increases)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import as_argument, choice, money, optional_rate, text
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate, to_decimal
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .commitment import quantity

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "BetterPrice",
    "IncreaseLimit",
    "MostFavouredNation",
    "MostFavouredNationCheck",
    "PriceCheck",
    "PriceRestriction",
]

GIVE_MOST_FAVOURED_TERMS = "give-most-favoured-terms"
"""The action id of the holder's claim to terms no worse than any comparable customer's."""
EXCEED_PRICE_LIMIT = "exceed-price-limit"
"""The action id of the buyer's claim that the seller not price above the limit."""

BetterPrice: TypeAlias = Literal["lower", "higher"]
"""Which price is better for the holder of a most-favoured-nation clause: `"lower"` when the
holder pays it (a customer), `"higher"` when the holder is paid it (e.g. a licensor's
royalty)."""

IncreaseLimit: TypeAlias = Literal["lesser", "greater"]
"""With both a fixed increase limit and an index, which one binds: `"lesser"` ("the lesser of
3% and CPI", the default) or `"greater"` ("the greater of")."""


def _subject(value: object) -> str:
    return text(value, "subject")


def _comparable(value: object) -> str | None:
    return None if value is None else text(value, "comparable")


def _better(value: object) -> BetterPrice:
    return choice(value, get_args(BetterPrice), "better")  # type: ignore[return-value]


def _limit(value: object) -> IncreaseLimit:
    return choice(value, get_args(IncreaseLimit), "increase_limit")  # type: ignore[return-value]


def _money(value: object, path: str) -> Money:
    """`value` as `Money` >= 0 (or `"AMOUNT CODE"` text); `path` is `$.field` or an argument."""
    try:
        return money(value, path.removeprefix("$."))
    except InvalidValueError as e:
        raise (e if path.startswith("$.") else as_argument(e)) from None


def _same(value: Money, currency: str, path: str) -> Money:
    if value.currency != currency:
        raise CurrencyMismatchError(
            f"{path} is in {value.currency}, not {currency}",
            path=path,
            expected=f"an amount in {currency}",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class MostFavouredNationCheck:
    """The holder's price against comparable customers' under a most-favoured-nation clause.

    Attributes:
        breached: Whether a comparable customer has a better price than the holder.
        best: The best comparable price, or `None` with no comparables.
        best_customer: Who has it, or `None`.
        adjustment_per_unit: What the grantor owes per unit to bring the holder level (0
            when not breached).
        adjustment: `adjustment_per_unit` × the quantity (exact, not rounded).
        because: The reason, in words.
    """

    breached: bool
    best: Money | None
    best_customer: str | None
    adjustment_per_unit: Money
    adjustment: Money
    because: str


@attrs.frozen(kw_only=True)
class MostFavouredNation(ClauseBase):
    """Most-favoured nation (CUAD "Most Favored Nation"): terms no worse than anyone else's.

    The grantor must give the holder a price for `subject` no worse than it gives any
    comparable customer; when it gives someone a better one, it owes the holder the
    difference per unit (a price adjustment). Checked by
    [`check`][dealterms.MostFavouredNation.check].

    Confers the holder's **claim** to most-favoured terms.

    Attributes:
        grantor: Party id who sets the price.
        holder: Party id protected by the clause.
        subject: What is priced, e.g. `"the Product"`.
        comparable: Who counts as a comparable customer, in words (e.g. `"customers buying
            similar volumes"`), or `None` for everyone.
        better: [`BetterPrice`][dealterms.BetterPrice]: `"lower"` (default) when the
            holder pays the price, `"higher"` when it is paid it.

    Raises:
        InvalidValueError: for malformed ids or text, or one party on both sides.

    Source: CUAD "Most Favored Nation" (terms no worse than those given to any
    comparable customer).

    Example:
        >>> mfn = MostFavouredNation(id="mfn", grantor="s", holder="b", subject="widgets")
        >>> result = mfn.check(
        ...     holder_price=Money.parse("10 USD"),
        ...     comparables={"acme": Money.parse("9.50 USD")},
        ...     quantity=100,
        ... )
        >>> result.breached, result.adjustment.format()
        (True, '50.00 USD')
    """

    kind: ClassVar[str] = "most_favoured_nation"
    builtin_actions: ClassVar[dict[str, Relation]] = {GIVE_MOST_FAVOURED_TERMS: Relation.CLAIM}
    grantor: str = attrs.field(converter=check_id)
    holder: str = attrs.field(converter=check_id)
    subject: str = attrs.field(converter=_subject)
    comparable: str | None = attrs.field(default=None, converter=_comparable)
    better: BetterPrice = attrs.field(default="lower", converter=_better)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "grantor", self.grantor
        yield "holder", self.holder

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.grantor, self.holder, ("grantor", "holder"))

    def positions(self) -> tuple[Position, ...]:
        who = self.comparable or "any other customer"
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.holder,
                counterparty=self.grantor,
                action=GIVE_MOST_FAVOURED_TERMS,
                conduct="perform",
                template="{counterparty} must give {holder} "
                f"a price for {self.subject} no worse than it gives {who} (most-favoured nation)",
            ),
        )

    def check(
        self,
        *,
        holder_price: Money,
        comparables: Mapping[str, Money],
        quantity: Decimal | int | str = 1,
    ) -> MostFavouredNationCheck:
        """Compare the holder's price with comparable customers' prices.

        Args:
            holder_price: The holder's price per unit, `Money` >= 0.
            comparables: Comparable customers' prices per unit, by customer name, in the
                holder's currency.
            quantity: The units the holder bought at its price (default 1), `Decimal` >= 0.

        Returns:
            A [`MostFavouredNationCheck`][dealterms.MostFavouredNationCheck].

        Raises:
            InvalidValueError: for a negative or non-`Money` price or a negative quantity.
            CurrencyMismatchError: for prices in several currencies.
        """
        own = _money(holder_price, "holder_price")
        if not isinstance(comparables, Mapping):
            raise InvalidValueError(
                f"comparables must map customer names to prices, got {comparables!r}",
                path="comparables",
                expected="a mapping of name to Money",
                got=comparables,
            )
        prices = {
            str(name): _same(
                _money(p, f"comparables[{name!r}]"), own.currency, f"comparables[{name!r}]"
            )
            for name, p in comparables.items()
        }
        units = quantity_of(quantity)
        zero = Money(amount=0, currency=own.currency)
        if not prices:
            return MostFavouredNationCheck(
                breached=False,
                best=None,
                best_customer=None,
                adjustment_per_unit=zero,
                adjustment=zero,
                because=f"no comparable customer's price for {self.subject} is known",
            )
        pick = min if self.better == "lower" else max
        best_customer = pick(sorted(prices), key=lambda n: prices[n].amount)
        best = prices[best_customer]
        gap = own - best if self.better == "lower" else best - own
        breached = gap.amount > 0
        per_unit = gap if breached else zero
        owed = per_unit * units
        if breached:
            because = (
                f"{best_customer} gets {self.subject} at {best.format()}, better than the "
                f"holder's {own.format()}: {per_unit.format()} a unit × {units:f} = "
                f"{owed.format()} owed"
            )
        else:
            because = (
                f"no comparable customer gets a better price than {own.format()} (best: "
                f"{best_customer} at {best.format()})"
            )
        return MostFavouredNationCheck(
            breached=breached,
            best=best,
            best_customer=best_customer,
            adjustment_per_unit=per_unit,
            adjustment=owed,
            because=because,
        )


def quantity_of(value: object) -> Decimal:
    """A quantity argument (`Decimal` >= 0)."""
    return quantity(value, "quantity")


def _optional_cap(value: object) -> Money | None:
    return None if value is None else _money(value, "$.cap")


def _optional_increase(value: object) -> Rate | None:
    return optional_rate(value, "max_increase")


def _index(value: object) -> str | None:
    return None if value is None else text(value, "index")


@attrs.frozen(kw_only=True)
class PriceCheck:
    """A new price against a [`PriceRestriction`][dealterms.PriceRestriction].

    Attributes:
        allowed: Whether the new price is within the limit.
        ceiling: The highest price allowed (exact), or `None` when nothing limits it.
        excess: How far the new price is above the ceiling (0 when allowed).
        because: The reason, in words.
    """

    allowed: bool
    ceiling: Money | None
    excess: Money
    because: str


@attrs.frozen(kw_only=True)
class PriceRestriction(ClauseBase):
    """Price restriction (CUAD "Price Restrictions"): a price cap or limited increases.

    The seller's price for `subject` may not be above `cap`, and may rise from one year's
    price to the next by at most `max_increase`, or by the change of `index` (e.g. a
    consumer price index), or by the lesser (or greater, per `increase_limit`) of the two.
    A falling index allows no increase (it does not force a cut). Checked by
    [`check`][dealterms.PriceRestriction.check]; amounts are exact, not rounded.

    Confers the buyer's **claim** that the seller not price above the limit (a prohibition).

    Attributes:
        seller: Party id who sets the price.
        buyer: Party id protected.
        subject: What is priced.
        cap: The highest price, `Money` >= 0, or `None`.
        max_increase: The largest yearly increase, a [`Rate`][dealterms.Rate], or `None`.
        index: The name of the index whose change limits a yearly increase, or `None`.
        increase_limit: [`IncreaseLimit`][dealterms.IncreaseLimit] with both a rate and an
            index (default `"lesser"`).

    Raises:
        InvalidValueError: for malformed ids, amounts or rates, one party on both sides, or
            no limit at all.

    Source: CUAD "Price Restrictions" (a price cap, or increases limited to a rate or an
    index per year).

    Example:
        >>> pr = PriceRestriction(
        ...     id="price", seller="s", buyer="b", subject="support", max_increase="3%",
        ... )
        >>> pr.check(previous_price=Money.parse("100 EUR"), new_price=Money.parse("104 EUR"))
        ... # doctest: +ELLIPSIS
        PriceCheck(allowed=False, ceiling=Money(amount=Decimal('103.00'), ...), ...)
    """

    kind: ClassVar[str] = "price_restriction"
    builtin_actions: ClassVar[dict[str, Relation]] = {EXCEED_PRICE_LIMIT: Relation.CLAIM}
    seller: str = attrs.field(converter=check_id)
    buyer: str = attrs.field(converter=check_id)
    subject: str = attrs.field(converter=_subject)
    cap: Money | None = attrs.field(default=None, converter=_optional_cap)
    max_increase: Rate | None = attrs.field(default=None, converter=_optional_increase)
    index: str | None = attrs.field(default=None, converter=_index)
    increase_limit: IncreaseLimit = attrs.field(default="lesser", converter=_limit)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "seller", self.seller
        yield "buyer", self.buyer

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.seller, self.buyer, ("seller", "buyer"))
        if self.cap is None and self.max_increase is None and self.index is None:
            problems.append(
                InvalidValueError(
                    "a price restriction needs a cap, a max_increase or an index",
                    path="$.cap",
                    expected="Money, a Rate or an index name",
                    got=None,
                )
            )
        return problems

    def _limit_words(self) -> str:
        parts = []
        if self.cap is not None:
            parts.append(f"above {self.cap.format()}")
        rises = []
        if self.max_increase is not None:
            rises.append(self.max_increase.format())
        if self.index is not None:
            rises.append(f"the change in {self.index}")
        if rises:
            joined = " and ".join(rises)
            if len(rises) > 1:
                joined = f"the {self.increase_limit} of {joined}"
            parts.append(f"up by more than {joined} a year")
        return " or ".join(parts)

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.buyer,
                counterparty=self.seller,
                action=EXCEED_PRICE_LIMIT,
                conduct="forbear",
                template="{counterparty} must not price "
                f"{self.subject} {self._limit_words()} (price restriction for {{holder}})",
            ),
        )

    def check(
        self,
        *,
        new_price: Money,
        previous_price: Money | None = None,
        index_change: Rate | Decimal | str | None = None,
    ) -> PriceCheck:
        """Whether `new_price` respects the restriction.

        Args:
            new_price: The proposed price, `Money` >= 0.
            previous_price: The price a year before (needed for an increase limit).
            index_change: The index's change over that year, a `Decimal` fraction
                (`"3.1%"`, `Decimal("-0.004")`; needed with `index`).

        Returns:
            A [`PriceCheck`][dealterms.PriceCheck].

        Raises:
            InvalidValueError: for a missing previous price or index change that the
                limit needs, a float, or a negative price.
            CurrencyMismatchError: for prices in several currencies.
        """
        new = _money(new_price, "new_price")
        ceilings: list[tuple[Money, str]] = []
        if self.cap is not None:
            cap = self.cap
            _same(new, cap.currency, "new_price")  # "new_price is in USD, not EUR (the cap's)"
            ceilings.append((cap, f"the cap of {cap.format()}"))
        rises: list[tuple[Decimal, str]] = []
        if self.max_increase is not None:
            rises.append((self.max_increase.value, f"{self.max_increase.format()} a year"))
        if self.index is not None:
            if index_change is None:
                raise InvalidValueError(
                    f"the increase is limited by {self.index}: give its change",
                    path="index_change",
                    expected="a decimal fraction such as '3.1%'",
                    got=None,
                )
            change = (
                index_change.value
                if isinstance(index_change, Rate)
                else to_decimal(index_change, path="index_change", what="a decimal fraction")
            )
            rises.append(
                (max(Decimal(0), change), f"the change in {self.index} ({_percent(change)})")
            )
        if rises:
            if previous_price is None:
                raise InvalidValueError(
                    "an increase limit needs the previous year's price",
                    path="previous_price",
                    expected="Money",
                    got=None,
                )
            before = _same(_money(previous_price, "previous_price"), new.currency, "previous_price")
            pick = min if self.increase_limit == "lesser" else max
            rise, words = pick(rises, key=lambda r: r[0])
            limit = before * _CONTEXT.add(Decimal(1), rise)
            ceilings.append((limit, f"{before.format()} raised by {words} = {limit.format()}"))
        zero = Money(amount=0, currency=new.currency)
        if not ceilings:
            return PriceCheck(
                allowed=True, ceiling=None, excess=zero, because="nothing limits the price"
            )
        ceiling, why = min(ceilings, key=lambda c: c[0].amount)
        excess = max(new - ceiling, zero)
        allowed = excess.amount == 0
        because = (
            f"{new.format()} is within {why}"
            if allowed
            else f"{new.format()} is {excess.format()} above {why}"
        )
        return PriceCheck(allowed=allowed, ceiling=ceiling, excess=excess, because=because)


def _percent(d: Decimal) -> str:
    return f"{_CONTEXT.multiply(d, Decimal(100)).normalize(_CONTEXT):f}%"
