"""Conversion rights of a simple agreement for future tokens or equity (SAFE, SAFT, SAFTE).

An investor pays a purchase amount now; on a later token sale or equity financing the
amount converts into tokens or shares at a discount to the price paid by others, and on
dissolution the amount is repaid.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar, Final, Literal, TypeAlias

import attrs

from dealterms._checks import as_argument, flag, money
from dealterms._checks import rate as as_rate
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

__all__ = ["Conversion", "ConversionRight", "ConversionTrigger"]

CONVERT_PURCHASE_AMOUNT = "convert-purchase-amount"
"""The action id of the investor's claim to tokens, shares or repayment."""

ConversionTrigger: TypeAlias = Literal["token_sale", "equity_financing", "dissolution"]
"""The event that settles a conversion right; the three are mutually exclusive."""

QUOTIENT_CONTEXT: Final = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
"""Token and share quantities are quotients rounded to 28 significant digits, half-even."""


@attrs.frozen(kw_only=True)
class Conversion:
    """How a conversion right settles on one trigger.

    Attributes:
        trigger: [`ConversionTrigger`][dealterms.ConversionTrigger].
        tokens: Tokens owed on a token sale (`None` otherwise), a `Decimal` quotient.
        shares: Shares owed on an equity financing (`None` otherwise), a `Decimal` quotient.
        refund: The purchase amount repaid on dissolution (`None` otherwise).
        obligation: The repayment due from the issuer to the investor on dissolution, else
            `None` (tokens and shares are not money).
        because: How the figures follow, in words.
    """

    trigger: ConversionTrigger
    tokens: Decimal | None
    shares: Decimal | None
    refund: Money | None
    obligation: PaymentDue | None
    because: str


def _purchase(value: object) -> Money:
    return money(value, "purchase_amount", positive=True)


def _discount(value: object) -> Rate:
    rate = as_rate(value, "discount")
    if rate.value == 1:
        raise InvalidValueError(
            "discount=100% would make the conversion price zero",
            path="$.discount",
            expected="a rate in [0, 1)",
            got=value,
        )
    return rate


@attrs.frozen(kw_only=True)
class ConversionRight(ClauseBase):
    """A SAFTE-style conversion right: future tokens or shares at a discount, or a refund.

    Computed by [`convert`][dealterms.ConversionRight.convert]:

    * on a **token sale** at `token_price`: tokens = purchase amount / (token price ×
      (1 − discount));
    * on an **equity financing** at `share_price`: shares = purchase amount / (share price ×
      (1 − discount));
    * on **dissolution**: the purchase amount is repaid.

    **Rounding rule:** the quotients are rounded to 28 significant digits, half-even
    (`decimal.Context(prec=28, rounding=ROUND_HALF_EVEN)`); the refund is the purchase amount,
    unrounded. The source computes with binary floats, which carry about 16 significant
    digits: its 21.855057260250017 tokens and 8.960573476702509 shares equal these
    quotients rounded to 16 significant digits.

    Confers the investor's **claim** against the issuer to tokens, shares or repayment.
    The source's text also defines an equity-financing threshold ("over 1000.00 within any
    12 months") and change of control (> 50 % of votes); its logic uses neither, nor does
    this clause.

    Attributes:
        investor: Party id who paid the purchase amount.
        issuer: Party id of the company or token issuer.
        purchase_amount: `Money` > 0 (25.00 USD in the source).
        discount: The discount to the price others pay, a [`Rate`][dealterms.Rate] in
            [0, 1) (7 % in the source, so the conversion price is 93 % of it).

    Raises:
        InvalidValueError: for malformed fields, a discount of 100 %, or (in `problems()`)
            one party on both sides.

    Source: the Accord Project's "SAFTE" template (public case #19).
    """

    kind: ClassVar[str] = "conversion_right"
    builtin_actions: ClassVar[dict[str, Relation]] = {CONVERT_PURCHASE_AMOUNT: Relation.CLAIM}
    investor: str = attrs.field(converter=check_id)
    issuer: str = attrs.field(converter=check_id)
    purchase_amount: Money = attrs.field(converter=_purchase)
    discount: Rate = attrs.field(converter=_discount)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "investor", self.investor
        yield "issuer", self.issuer

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.investor, self.issuer, ("investor", "issuer"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.investor,
                counterparty=self.issuer,
                action=CONVERT_PURCHASE_AMOUNT,
                conduct="perform",
                template="{counterparty} owes {holder} tokens or shares worth "
                f"{self.purchase_amount.format()} at a {self.discount.format()} discount on "
                "a token sale or equity financing, or its repayment on dissolution",
            ),
        )

    def _price(self, value: object, field: str) -> Money:
        try:
            price = money(value, field, positive=True)
        except InvalidValueError as e:
            raise as_argument(e) from None
        if price.currency != self.purchase_amount.currency:
            raise CurrencyMismatchError(
                f"{field}={price.format()} is not in the purchase amount's currency "
                f"{self.purchase_amount.currency}",
                path=field,
                expected=f"an amount in {self.purchase_amount.currency}",
                got=price.format(),
            )
        return price

    def convert(
        self,
        *,
        token_price: Money | str | None = None,
        share_price: Money | str | None = None,
        dissolution: bool = False,
    ) -> Conversion:
        """Settle the right on exactly one trigger.

        Args:
            token_price: The price per token of a token sale, `Money` > 0 in the purchase
                amount's currency.
            share_price: The price per share of an equity financing, likewise.
            dissolution: Whether the issuer dissolved.

        Returns:
            A [`Conversion`][dealterms.Conversion].

        Raises:
            InvalidValueError: unless exactly one trigger is given (the triggers are
                mutually exclusive), or for a price that is not money > 0.
            CurrencyMismatchError: for a price in another currency.

        Example:
            >>> right = ConversionRight(
            ...     id="safte", investor="investor", issuer="company",
            ...     purchase_amount="25.00 USD", discount="7%",
            ... )
            >>> right.convert(share_price="3.00 USD").shares
            Decimal('8.960573476702508960573476703')
        """
        try:
            dissolved = flag(dissolution, "dissolution")
        except InvalidValueError as e:
            raise as_argument(e) from None
        given = [
            name
            for name, on in (
                ("token_price", token_price is not None),
                ("share_price", share_price is not None),
                ("dissolution", dissolved),
            )
            if on
        ]
        if len(given) != 1:
            raise InvalidValueError(
                "a token sale, an equity financing and a dissolution are mutually exclusive: "
                f"give exactly one, got {', '.join(given) if given else 'none'}",
                path=given[-1] if given else "",
                expected="exactly one of token_price, share_price, dissolution=True",
                got=given,
            )
        factor = _CONTEXT.subtract(Decimal(1), self.discount.value)
        amount = self.purchase_amount
        if dissolved:
            return Conversion(
                trigger="dissolution",
                tokens=None,
                shares=None,
                refund=amount,
                obligation=PaymentDue(payer=self.issuer, payee=self.investor, amount=amount),
                because=f"on dissolution the purchase amount {amount.format()} is repaid",
            )
        field = given[0]
        price = self._price(token_price if field == "token_price" else share_price, field)
        discounted = _CONTEXT.multiply(price.amount, factor)
        quantity = QUOTIENT_CONTEXT.divide(amount.amount, discounted)
        noun = "tokens" if field == "token_price" else "shares"
        because = (
            f"{amount.format()} / ({price.format()} × {_plain(factor)}, a "
            f"{self.discount.format()} discount) = {quantity} {noun}"
        )
        if field == "token_price":
            return Conversion(
                trigger="token_sale",
                tokens=quantity,
                shares=None,
                refund=None,
                obligation=None,
                because=because,
            )
        return Conversion(
            trigger="equity_financing",
            tokens=None,
            shares=quantity,
            refund=None,
            obligation=None,
            because=because,
        )


def _plain(d: Decimal) -> str:
    return format(d.normalize(_CONTEXT), "f")
